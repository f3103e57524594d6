// ## Page URLs → validated queries
//
// Pages read their filters with the same zod schemas as the API. A bad value
// in a hand-edited URL drops that one key (and says so) instead of failing
// the page: the rest of the view still renders.
import type { z } from "zod";
import { parseScale } from "@/components/charts/queue-scale";
import { parseTimeAxis } from "@/components/charts/time-axis";
import { paramsToRecord } from "@/lib/validation/query";

export type SearchParams = Record<string, string | string[] | undefined>;

export function parseSearchParams<S extends z.ZodType<object>>(
  schema: S,
  params: SearchParams,
): { query: z.infer<S>; ignored: string[] } {
  const record = paramsToRecord(params);
  const ignored: string[] = [];
  for (let attempt = 0; attempt < 10; attempt++) {
    const parsed = schema.safeParse(record);
    if (parsed.success) return { query: parsed.data, ignored };
    const keys = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")));
    for (const key of keys) {
      if (!(key in record)) continue;
      delete record[key];
      ignored.push(key);
    }
    if (keys.size === 0) break;
  }
  return { query: schema.parse({}), ignored };
}

/** The current filters as a query string for links (empty values dropped), with overrides. */
export function hrefWith(pathname: string, params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${pathname}?${text}` : pathname;
}

const FILTER_KEYS = ["job", "class", "sourceKind", "room", "pid", "incident", "incidentId", "logId", "from", "to"] as const;

/** Only the shared filter keys of a parsed query, as strings (for links and the filter bar). */
export function filterValues(query: Partial<Record<(typeof FILTER_KEYS)[number], string | number | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value !== undefined && value !== "") out[key] = String(value);
  }
  return out;
}

/**
 * View settings in the URL that are not filters (the timeline's `scale` and `axis`):
 * links and the filter bar of a page carry them along, so that changing a
 * filter or a page does not undo them.
 */
export function viewValues(params: SearchParams): Record<string, string> {
  const scale = parseScale(typeof params.scale === "string" ? params.scale : null);
  const axis = parseTimeAxis(typeof params.axis === "string" ? params.axis : null);
  return { ...(scale ? { scale } : {}), ...(axis ? { axis } : {}) };
}
