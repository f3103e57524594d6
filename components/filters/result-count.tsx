// "12 builds match": a polite status after the filter bar, for screen readers (the list shows the
// rest). It is on the page from its first render and stays the same node when the filters change
// (the filter bar is drawn anew, this is not), so the new count is announced.
import { plural } from "@/lib/wording";

export function ResultCount({ total, noun }: { total: number; noun: string }) {
  return (
    <p className="visually-hidden" role="status" data-testid="filter-result-count">
      {plural(total, noun)} {total === 1 ? "matches" : "match"}
    </p>
  );
}
