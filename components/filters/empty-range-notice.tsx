import { formatTime } from "@/components/ui/format";

/**
 * Says why nothing matches when the address's `from` is not before its `to` (exclusive): the
 * API answers such a range with a 400; a page showed "No builds match." with no hint why.
 */
export function EmptyRangeNotice({ query }: { query: { from?: unknown; to?: unknown } }) {
  const { from, to } = query;
  if (typeof from !== "string" || typeof to !== "string") return null;
  const [a, b] = [Date.parse(from), Date.parse(to)];
  if (!Number.isFinite(a) || !Number.isFinite(b) || a < b) return null;
  return (
    <p className="notice" role="status" data-testid="empty-range">
      From ({formatTime(from)}) is {a === b ? "the same time as" : "after"} To ({formatTime(to)}): no time lies between
      them, so nothing can match. Swap them, or clear one.
    </p>
  );
}
