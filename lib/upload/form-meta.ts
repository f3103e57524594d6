// ## The upload page's build fields (job, number, attempt, startedAt, utcOffset, url)
//
// What an operator types to name the build of a console saved by hand (the seed's excerpts have no
// JOB_NAME / BUILD_NUMBER lines): checked in the browser with the very schema the server applies to
// `POST /api/logs`'s query parameters (lib/validation/upload.ts), so the page says what the server
// would, before anything is sent; the server checks them again all the same. Pure: no React, no DOM.
import { readJenkinsBuildPath } from "@/lib/monitor-log/build-url";
import { parseUploadMeta } from "@/lib/validation/upload";

/** The fields, in the order the form shows them; each is the API's query parameter of the same name. */
export const META_FIELDS = ["job", "number", "attempt", "startedAt", "utcOffset", "url"] as const;
export type MetaField = (typeof META_FIELDS)[number];

/** The fields as typed (empty: not given). */
export type MetaInput = Record<MetaField, string>;

/** The fields that were given, as sent (trimmed). */
export type SentMeta = Partial<Record<MetaField, string>>;

export type FieldErrors = Partial<Record<MetaField, string>>;

export const EMPTY_META: MetaInput = { job: "", number: "", attempt: "", startedAt: "", utcOffset: "", url: "" };

const isField = (name: unknown): name is MetaField => typeof name === "string" && (META_FIELDS as readonly string[]).includes(name);

/**
 * The fields checked as the server checks them: the values to send (blank ones left out), or each
 * bad field's message (the server's own wording).
 */
export function checkMeta(input: MetaInput): { ok: true; meta: SentMeta } | { ok: false; errors: FieldErrors } {
  const meta: SentMeta = {};
  for (const field of META_FIELDS) {
    const value = input[field].trim();
    if (value !== "") meta[field] = value;
  }
  const parsed = parseUploadMeta(meta);
  if (parsed.success) return { ok: true, meta };
  return { ok: false, errors: fieldErrors(parsed.error.issues) };
}

/**
 * A 400's zod issues (`error.issues` of the answer) by field: the first message of each field named
 * by the issue's path. Issues of other parameters are left out.
 */
export function fieldErrors(issues: readonly unknown[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    if (typeof issue !== "object" || issue === null) continue;
    const { path, message } = issue as { path?: unknown; message?: unknown };
    const field = Array.isArray(path) ? path[0] : undefined;
    if (isField(field) && typeof message === "string" && errors[field] === undefined) errors[field] = message;
  }
  return errors;
}

/** `&job=…&number=…`: the fields to append to the upload's query string (each encoded). */
export function metaQuery(meta: SentMeta): string {
  return META_FIELDS.filter((field) => meta[field] !== undefined)
    .map((field) => `&${field}=${encodeURIComponent(meta[field] ?? "")}`)
    .join("");
}

/** Whether any field is given. */
export const hasMeta = (meta: SentMeta): boolean => META_FIELDS.some((field) => meta[field] !== undefined);

/**
 * Why files dropped together cannot go up with these fields, or null. A build number names one
 * build, and so do a start time and a build URL: the API refuses a number given to two files of one
 * upload (409 "also in …, another file of this upload", nothing of the upload stored) and a number
 * or start time given to a log of several monitor runs (422). The page sends each file on its own,
 * where the second would be refused as stored already, or put at the first one's time or link
 * without a word; so the whole drop is refused before anything is sent, as the API refuses the
 * whole upload. A job alone names no build: it goes with every file.
 */
export function batchProblem(meta: SentMeta, files: number): string | null {
  if (files < 2) return null;
  const named = [
    meta.number !== undefined ? `build number ${meta.number}` : null,
    meta.startedAt !== undefined ? `start time ${meta.startedAt}` : null,
    meta.url !== undefined ? `build URL ${meta.url}` : null,
  ].filter((part): part is string => part !== null);
  if (named.length === 0) return null;
  const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(", ")} and ${named[named.length - 1]}`;
  return (
    `Nothing was sent: ${files} files were dropped together with ${list}, which name${named.length === 1 ? "s" : ""} one build. ` +
    `Drop one file at a time with its own, or clear ${named.length === 1 ? "that field" : "those fields"} ` +
    `to send them all${meta.job !== undefined ? ` under job ${meta.job}` : ""} with what each log says.`
  );
}

/** `job ProductCI_x · number 25877 · started 2015-08-23T00:34:01+08:00 · url http://…`: what a file was sent with. */
export function describeMeta(meta: SentMeta): string {
  const words: Record<MetaField, string> = {
    job: "job",
    number: "number",
    attempt: "attempt",
    startedAt: "started",
    utcOffset: "zone-less times at",
    url: "url",
  };
  return META_FIELDS.filter((field) => meta[field] !== undefined)
    .map((field) => `${words[field]} ${meta[field]}`)
    .join(" · ");
}

/**
 * The job and number a Jenkins build page's address names, as Jenkins sets JOB_NAME and BUILD_NUMBER:
 * `http://ci.example.com/view/ProductionCI/job/ProductCI_monitor/11431/console` → job
 * `ProductCI_monitor`, number `11431`; a job in folders (`/job/ops/job/monitor/12/`) is `ops/monitor`.
 * The seed's excerpts each come with such a link: the page offers to fill the job and number from it.
 * Null for any other address.
 */
export function buildFromCiUrl(text: string): { job: string; number: string } | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  // The path as the URL parser resolved it (`..` applied), read as the log scanner reads a
  // `BUILD_URL=` line, but any page of the build will do, and a segment that does not decode is no suggestion.
  const build = readJenkinsBuildPath(url.pathname, "page");
  if (!build) return null;
  const found = { job: build.job, number: String(build.number) };
  // As the server would take them: a job or number it would refuse is no suggestion.
  return checkMeta({ ...EMPTY_META, ...found }).ok ? found : null;
}
