// Small helpers shared by the route handlers: validated query strings and
// path parameters, answered with 400 and zod's issues when they do not fit.
import { z } from "zod";
import { type CsvColumn, csvResponse, csvStreamResponse, toCsv } from "./csv";
import type { Export, Page } from "./db/queries";
import { AppError } from "./errors";
import { editDistance } from "./edit-distance";
import { emptyRange, paramsToRecord, repeatedParams } from "./validation/query";

/**
 * 400 when a parameter of `known` comes more than once: one message per parameter, naming it
 * and its values (the first alone would be answered for, the others silently dropped).
 */
export function refuseRepeated(params: URLSearchParams, known: readonly string[], where = "query parameters"): void {
  const repeated = repeatedParams(params, known);
  if (repeated.length === 0) return;
  const issues = repeated.map(({ key, values }) => ({
    path: [key],
    message: `given ${values.length} times (${values.map((value) => JSON.stringify(value)).join(", ")}): give it once`,
  }));
  const detail = issues.map((issue) => `${issue.path[0]}: ${issue.message}`).join("; ");
  throw new AppError("bad_request", `invalid ${where}: ${detail}`, { issues });
}

/**
 * Other spellings of a parameter, as CI tools and habit write them, by their letters alone
 * (lowercase, without `_`, `-`, `.` or blanks): Jenkins' BUILD_NUMBER, JOB_NAME and BUILD_URL,
 * GitHub's run_attempt (a review, 2026-12-07: `build=` and `BUILD_NUMBER=` were ignored without
 * the hint the README promised).
 */
const OTHER_SPELLINGS: Record<string, string> = {
  build: "number",
  buildnumber: "number",
  buildno: "number",
  buildid: "number",
  num: "number",
  jobname: "job",
  project: "job",
  buildurl: "url",
  link: "url",
  started: "startedAt",
  start: "startedAt",
  starttime: "startedAt",
  attempts: "attempt",
  runattempt: "attempt",
  githubrunattempt: "attempt",
  retry: "attempt",
  rerun: "attempt",
  tz: "utcOffset",
  timezone: "utcOffset",
  offset: "utcOffset",
  file: "filename",
  name: "filename",
  size: "pageSize",
  limit: "pageSize",
  perpage: "pageSize",
};

const letters = (name: string) => name.trim().toLowerCase().replace(/[\s_.-]/g, "");

/**
 * The parameter `name` may have meant among `known`: the same letters, another spelling of it
 * (OTHER_SPELLINGS), its singular, or the one name a typing slip away (one for a name of up to five
 * letters, two past that: `jobb` for `job`, `pagesiz` for `pageSize`; a CI review found `jobb=`
 * named nothing).
 */
export function meantName(name: string, known: readonly string[]): string | undefined {
  const written = letters(name);
  const other = OTHER_SPELLINGS[written];
  return (
    known.find((key) => letters(key) === written) ??
    (other !== undefined && known.includes(other) ? other : undefined) ??
    // `rooms=` for `room=`, `jobs=` for `job=`: a filter takes one.
    (written.endsWith("s") ? known.find((key) => letters(key) === written.slice(0, -1) || (written.endsWith("es") && letters(key) === written.slice(0, -2))) : undefined) ??
    nearName(written, known)
  );
}

/** The one name of `known` closest to `written` within its slips (none when two are as close). */
function nearName(written: string, known: readonly string[]): string | undefined {
  const max = written.length <= 5 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = max + 1;
  let tie = false;
  for (const key of known) {
    const distance = editDistance(letters(key), written, max);
    if (distance < bestDistance) [best, bestDistance, tie] = [key, distance, false];
    else if (distance === bestDistance) tie = true;
  }
  return best !== undefined && bestDistance <= max && !tie ? best : undefined;
}

/**
 * What an endpoint says of a parameter or field it does not read, with the name it may have meant
 * (the same but for case): a typo otherwise answers as if the filter had not been asked for.
 */
export function unreadNameWarning(kind: string, name: string, known: readonly string[]): string {
  const meant = meantName(name, known);
  return `${kind} ${JSON.stringify(name.slice(0, 100))} is not one this endpoint reads (${known.join(", ")})${meant ? `: did you mean ${meant}?` : ""}; it was ignored`;
}

/** Read by every endpoint besides its own parameters: `token` (READ_TOKEN's link, proxy.ts), `bom` (CSV). */
const READ_EVERYWHERE = new Set(["token", "bom"]);

/**
 * Warnings for the query parameters a read endpoint does not read (`schema`'s keys, and those read
 * everywhere): answered in the JSON's `warnings`, as an upload answers a misspelt field. Empty when
 * every one is read.
 */
export function unreadQueryWarnings(schema: z.ZodObject, request: Request): string[] {
  const known = Object.keys(schema.shape);
  const names = [...new Set(new URL(request.url).searchParams.keys())];
  return names.filter((name) => !known.includes(name) && !READ_EVERYWHERE.has(name)).map((name) => unreadNameWarning("query parameter", name, known));
}

/** `body` with `warnings` when there are any (an answer to a request that read every parameter is unchanged). */
export function withWarnings<T extends object>(body: T, warnings: string[]): T & { warnings?: string[] } {
  return warnings.length > 0 ? { ...body, warnings } : body;
}

export function parseQuery<S extends z.ZodType>(schema: S, request: Request): z.infer<S> {
  const params = new URL(request.url).searchParams;
  // Only the parameters the endpoint reads: pages and scripts pass extras (a token), ignored as ever.
  if (schema instanceof z.ZodObject) refuseRepeated(params, Object.keys(schema.shape));
  const parsed = schema.safeParse(paramsToRecord(params));
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join(".") || "query"}: ${issue.message}`).join("; ");
    throw new AppError("bad_request", `invalid query parameters: ${detail}`, { issues: parsed.error.issues });
  }
  refuseEmptyRange(parsed.data);
  return parsed.data;
}

/**
 * 400 for a time range that holds no instant (`from` at or after `to`, which is exclusive): it
 * answered an empty list, as if nothing had happened then.
 */
function refuseEmptyRange(query: unknown): void {
  const range = emptyRange(query);
  if (!range) return;
  const { from, to } = range;
  const issues = [{ path: ["from"], message: `from (${from}) is not before to (${to}, exclusive): the range holds no time` }];
  throw new AppError("bad_request", `invalid query parameters: from: ${issues[0]!.message}`, { issues });
}

export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new AppError("bad_request", `invalid path: ${detail}`, { issues: parsed.error.issues });
  }
  return parsed.data;
}

/**
 * Whether the query string names a page (`page` or `pageSize`, not empty). A list's CSV answers
 * that page only when it does; otherwise every row that matches (the JSON answers a page either way).
 */
export function asksForPage(request: Request): boolean {
  const params = paramsToRecord(new URL(request.url).searchParams);
  return "page" in params || "pageSize" in params;
}

/**
 * Whether a CSV answer starts with a UTF-8 byte-order mark (`bom=1`; `bom=0` or none: not). Any other
 * value is a 400, as for every parameter.
 */
export function csvBom(request: Request): boolean {
  const params = new URL(request.url).searchParams;
  refuseRepeated(params, ["bom"]);
  const value = params.get("bom");
  if (value === null || value === "0" || value === "false") return false;
  if (value === "1" || value === "true") return true;
  const message = `expected 1 or 0 (true or false), got ${JSON.stringify(value)}`;
  throw new AppError("bad_request", `invalid query parameters: bom: ${message}`, { issues: [{ path: ["bom"], message }] });
}

/**
 * A list endpoint's answer: JSON `{[key]: items, total, page, pageSize}` for a page; as CSV,
 * that page when the query names one (asksForPage), otherwise every row that matches, streamed.
 */
export async function listResponse<T>(args: {
  request: Request;
  format: "json" | "csv";
  name: string;
  key: string;
  columns: CsvColumn<T>[];
  page: () => Promise<Page<T>>;
  all: () => Promise<Export<T>>;
  /** Said in the JSON (unreadQueryWarnings); a CSV has no place for them. */
  warnings?: string[];
}): Promise<Response> {
  const { request, format, name, key, columns } = args;
  const bom = format === "csv" && csvBom(request);
  if (format === "csv" && !asksForPage(request)) return csvStreamResponse({ name, columns, bom, ...(await args.all()) });
  const page = await args.page();
  if (format === "csv") return csvResponse(toCsv(page.items, columns), name, page.total, bom);
  return Response.json(withWarnings({ [key]: page.items, total: page.total, page: page.page, pageSize: page.pageSize }, args.warnings ?? []));
}
