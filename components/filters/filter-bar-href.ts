// ## Filter bar → URL
//
// A submit of the filter bar replaces only what the bar has a field for. The
// rest of the URL is kept as it was: filters that come from links and have no
// field (`incidentId`, `logId`, `pid`, `incident`, named by the scope notice) and view
// settings (`sort`, `order`, `pageSize`, `scale`). Dropping those would quietly
// widen a list narrowed to one incident. `page` goes: other filters, other pages.
//
// One import, itself without any: the bar is a client component, and this stays out of zod's way.

import { offsetMinutes } from "@/lib/utc-offset";

/** The filters the bar has a field for, in the order they go into the URL. */
export const BAR_FIELDS = ["job", "excludeJob", "class", "sourceKind", "room", "from", "to"] as const;
export type BarField = (typeof BAR_FIELDS)[number];

export function filterBarHref({
  pathname,
  current,
  fields,
}: {
  pathname: string;
  /** The URL's parameters the bar was rendered with (filters and view settings). */
  current: Record<string, string | undefined>;
  /** The form's values at submit; empty or missing means "any". */
  fields: Partial<Record<BarField, string | undefined>>;
}): string {
  const next = new URLSearchParams();
  const replaced = new Set<string>([...BAR_FIELDS, "page"]);
  for (const [key, value] of Object.entries(current)) if (value && !replaced.has(key)) next.set(key, value);
  for (const key of BAR_FIELDS) {
    const value = fields[key];
    if (value) next.set(key, value);
  }
  const query = next.toString();
  return query ? `${pathname}?${query}` : pathname;
}

// ## Time fields
//
// From and To are datetime-local inputs, which hold minutes in the offset the
// pages show times in (UTC unless DISPLAY_UTC_OFFSET says otherwise); the
// URL holds instants to the millisecond (a chart zoom ends its range 1 ms
// after its last build). Rewriting an untouched field's minute into the URL
// would move the range and drop the build at its edge.

/** ISO time (or date: its midnight UTC) → the `YYYY-MM-DDTHH:mm` a datetime-local input shows, in `offset` (`Z` or `±HH:MM`). */
export function toInputValue(value: string | undefined, offset = "Z"): string {
  if (!value) return "";
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return "";
  return new Date(date.getTime() + offsetMinutes(offset) * 60_000).toISOString().slice(0, 16);
}

/**
 * What a time field puts in the URL: the URL's own value while the field
 * still shows what it was rendered with (a field that cannot hold seconds
 * has not asked for a different instant), else the edited minute as an ISO
 * date-time with its offset (Z in UTC; the forms the query schema accepts);
 * emptied means "any".
 */
export function timeFieldValue({ input, current, offset = "Z" }: { input: string; current: string | undefined; offset?: string }): string | undefined {
  if (input === toInputValue(current, offset)) return current;
  return input ? `${input}:00${offset}` : undefined;
}
