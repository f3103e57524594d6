// Query strings of the read API and the pages' filters (the same names, so a
// page URL and an API URL filter alike).
import { z } from "zod";
import { roomFilterKey } from "@/lib/classify/jid";
import { SOURCE_KINDS } from "@/lib/formats/types";
import { dateParam, INT32_MAX, integerParam, pidParam, rangeEndParam } from "./params";

export const CULPRIT_CLASSES = ["muc_room", "sql", "rpc", "gen_call", "dead", "unknown"] as const;
export type CulpritClass = (typeof CULPRIT_CLASSES)[number];

const optionalText = z.string().trim().min(1).max(500).optional();

/** Filters shared by builds, incidents, rooms and the timeline. */
export const filterSchema = z.object({
  job: optionalText,
  /**
   * Every job but this one (its whole name), and the builds of no job: a staging job's hundreds of
   * incidents out of the overview (an operator's review). With `job`, both hold.
   */
  excludeJob: optionalText,
  /** Inclusive start of the time range (ISO date, i.e. that day's 00:00 UTC, or date-time). */
  from: dateParam().optional(),
  /**
   * Exclusive end of the time range, always a date-time once parsed: a date-only
   * value takes in that whole day (it becomes the next day's 00:00 UTC).
   */
  to: rangeEndParam().optional(),
  class: z.enum(CULPRIT_CLASSES).optional(),
  /** Where the snapshot came from: `monitor` (CI monitor runs), `ejabberd_system_monitor`, `recon_proc_count`, `system_monitor`, `etop`. */
  sourceKind: z.enum(SOURCE_KINDS).optional(),
  /**
   * Room JID, folded as stored (`Room@Conference.Host` is the room `room@conference.host`); or a
   * room's name alone, without `@` (`Room`: every room named `room`, on any MUC host).
   */
  room: z.string().trim().min(1).max(500).transform(roomFilterKey).optional(),
  /**
   * A pid, written the stored way (`<6562.783.478>`) whatever the spelling (`6562.783.478`,
   * `#PID<6562.783.478>`). Keeps the builds it is in (inspected, or anywhere in the top list), their
   * points and rooms, and the incidents whose stuck process had it.
   */
  pid: pidParam().optional(),
  /** Only incident builds (`true`) or only healthy ones (`false`). */
  incident: z.enum(["true", "false"]).optional(),
  /** One incident (its id in `GET /api/incidents`): its builds, the incident itself, its room. */
  incidentId: integerParam(1, INT32_MAX).optional(),
  /** One uploaded log (its id in `GET /api/logs`): the builds it held, their incidents, rooms and points. */
  logId: integerParam(1, INT32_MAX).optional(),
});

export const pageSchema = z.object({
  page: integerParam(1, 1_000_000).default(1),
  pageSize: integerParam(1, 500).default(50),
});

export const buildListSchema = filterSchema.extend(pageSchema.shape).extend({
  sort: z.enum(["startedAt", "number", "queueLen", "job"]).default("startedAt"),
  order: z.enum(["asc", "desc"]).default("desc"),
  format: z.enum(["json", "csv"]).default("json"),
});

export const listSchema = filterSchema.extend(pageSchema.shape).extend({
  format: z.enum(["json", "csv"]).default("json"),
});

/** How incidents sort: when they last / first were seen, how bad they got, how many builds they lasted. */
export const INCIDENT_SORTS = ["lastAt", "firstAt", "peakQueueLen", "buildCount", "durationMs"] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

/** GET /api/incidents and /incidents: the list's filters and pages, and its order (latest first by default). */
export const incidentListSchema = listSchema.extend({
  sort: z.enum(INCIDENT_SORTS).default("lastAt"),
  order: z.enum(["asc", "desc"]).default("desc"),
  /**
   * Only the incidents still going on at their job's latest build (`true`: its process was still on
   * top, or still in the top list, in the latest build of the job stored), or only those over (`false`).
   */
  ongoing: z.enum(["true", "false"]).optional(),
});

/** The incidents' own filter, besides those they share with builds, rooms and the timeline. */
export type IncidentFilter = { ongoing?: "true" | "false" };

/** The uploaded logs (GET /api/logs, /logs): no filters, pages and CSV as the other lists. */
export const logListSchema = pageSchema.extend({
  format: z.enum(["json", "csv"]).default("json"),
});

export const roomListSchema = filterSchema.extend({
  format: z.enum(["json", "csv"]).default("json"),
});

export const timelineSchema = filterSchema.extend({
  points: integerParam(10, 5000).default(2000),
  format: z.enum(["json", "csv"]).default("json"),
});

export type Filter = z.infer<typeof filterSchema>;
export type BuildListQuery = z.infer<typeof buildListSchema>;
export type ListQuery = z.infer<typeof listSchema>;
export type IncidentListQuery = z.infer<typeof incidentListSchema>;
export type LogListQuery = z.infer<typeof logListSchema>;
export type TimelineQuery = Omit<z.infer<typeof timelineSchema>, "format">;

/**
 * The query's `from` and `to` when both are given and no instant lies between them (`from` at or
 * after `to`, which is exclusive), else null: what the API refuses with a 400 and the pages explain.
 */
export function emptyRange(query: unknown): { from: string; to: string } | null {
  if (typeof query !== "object" || query === null) return null;
  const { from, to } = query as { from?: unknown; to?: unknown };
  if (typeof from !== "string" || typeof to !== "string") return null;
  return Date.parse(from) < Date.parse(to) ? null : { from, to };
}

/** Reads URLSearchParams (or a Next searchParams object) into a plain record, first value wins. */
export function paramsToRecord(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) if (!(key in out) && value !== "") out[key] = value;
    return out;
  }
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first !== "") out[key] = first;
  }
  return out;
}

/**
 * The keys among `known` given a value more than once (`class=sql&class=rpc`), each with its
 * values. paramsToRecord keeps the first, so the API refuses them rather than answer for half
 * of what was asked. An empty value counts as absent there and here; keys outside `known`
 * (a page's `token`, a script's extras) are not looked at.
 */
export function repeatedParams(params: URLSearchParams, known: readonly string[]): { key: string; values: string[] }[] {
  const out: { key: string; values: string[] }[] = [];
  for (const key of known) {
    const values = params.getAll(key).filter((value) => value !== "");
    if (values.length > 1) out.push({ key, values });
  }
  return out;
}
