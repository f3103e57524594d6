import { formatTime } from "@/components/ui/format";
import { emptyRange } from "@/lib/validation/query";

/**
 * Says why nothing matches when the address's range holds no time (emptyRange): the API answers
 * such a range with a 400; a page showed "No builds match." with no hint why.
 */
export function EmptyRangeNotice({ query }: { query: { from?: unknown; to?: unknown } }) {
  const range = emptyRange(query);
  if (!range) return null;
  const { from, to } = range;
  return (
    <p className="notice" role="status" data-testid="empty-range">
      From ({formatTime(from)}) is {Date.parse(from) === Date.parse(to) ? "the same time as" : "after"} To ({formatTime(to)}): no time lies between
      them, so nothing can match. Swap them, or clear one.
    </p>
  );
}
