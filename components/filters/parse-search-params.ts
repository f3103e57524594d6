// ## Page URLs → validated queries
//
// Pages read their filters with the same zod schemas as the API. A bad value
// in a hand-edited URL drops that one key (and says so) instead of failing
// the page: the rest of the view still renders.
import { z } from "zod";
import { meantName } from "@/lib/api";
import { parseScale } from "@/components/charts/queue-scale";
import { parseTimeAxis } from "@/components/charts/time-axis";
import { paramsToRecord } from "@/lib/validation/query";

export type SearchParams = Record<string, string | string[] | undefined>;

/**
 * Read by the pages besides their filters: the timeline's `scale` and `axis` (viewValues), and
 * READ_TOKEN's `token` (proxy.ts); `bom` is the CSV links'.
 */
const PAGE_EXTRAS = new Set(["scale", "axis", "token", "bom"]);

/** A parameter of the address the page does not read at all, and the one it may have meant. */
export type UnreadParam = { name: string; meant?: string };

/**
 * The page's query from its address; `ignored`: its filters whose value did not validate (dropped);
 * `unread`: parameters it does not read at all (`?rooms=…` for `room`: the list answered as if no
 * filter had been asked for, without a word, where the API says so in its `warnings`).
 */
export function parseSearchParams<S extends z.ZodType<object>>(
  schema: S,
  params: SearchParams,
): { query: z.infer<S>; ignored: string[]; unread: UnreadParam[] } {
  const record = paramsToRecord(params);
  const ignored: string[] = [];
  const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : null;
  const unread: UnreadParam[] =
    known === null
      ? []
      : Object.keys(params)
          .filter((name) => !known.includes(name) && !PAGE_EXTRAS.has(name))
          .map((name) => {
            const meant = meantName(name, known);
            return meant ? { name, meant } : { name };
          });
  for (let attempt = 0; attempt < 10; attempt++) {
    const parsed = schema.safeParse(record);
    if (parsed.success) return { query: parsed.data, ignored, unread };
    const keys = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")));
    for (const key of keys) {
      if (!(key in record)) continue;
      delete record[key];
      ignored.push(key);
    }
    if (keys.size === 0) break;
  }
  return { query: schema.parse({}), ignored, unread };
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

const FILTER_KEYS = ["job", "excludeJob", "class", "sourceKind", "room", "pid", "incident", "incidentId", "logId", "from", "to"] as const;

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
