// ## Filter bar → URL
//
// A submit of the filter bar replaces only what the bar has a field for. The
// rest of the URL is kept as it was: filters that come from links and have no
// field (`incidentId`, `logId`, `pid`, `incident`, named by the scope notice) and view
// settings (`sort`, `order`, `pageSize`, `scale`). Dropping those would quietly
// widen a list narrowed to one incident. `page` goes: other filters, other pages.
//
// No imports: the bar is a client component, and this stays out of zod's way.

/** The filters the bar has a field for, in the order they go into the URL. */
export const BAR_FIELDS = ["job", "class", "sourceKind", "room", "from", "to"] as const;
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
