// What POST /api/logs answers (see app/api/logs/route.ts), read defensively:
// the browser gets untyped JSON and an error page may not be JSON at all.
import type { IngestedBuild } from "@/lib/db/ingest";
import { fieldErrors, type FieldErrors, type SentMeta } from "@/lib/upload/form-meta";

/** One build of the answer (a type only; nothing server-side is bundled). */
export type UploadedBuild = IngestedBuild;

/** `permalink` and `logId`: a 409's stored build and the log it came from (what to open, or delete, instead). */
export type UploadError = {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  permalink?: string;
  logId?: number;
  /** A 409 whose stored log is longer than the file sent: likely an earlier copy of it, already held. */
  storedLonger?: boolean;
  /** A 409 whose stored build is the file's very run (same start time, names and top list): no re-run to offer. */
  storedSame?: boolean;
  /** A 400's bad build fields (`error.issues`), by field: shown at the upload page's fields. */
  fields?: FieldErrors;
};

/** `file:line:column` of an error that has a place in the log (`file` is the one sent when the server named none), else null. */
export function errorWhere(error: Pick<UploadError, "file" | "line" | "column">, fileName: string): string | null {
  if (error.line === undefined) return null;
  return `${error.file ?? fileName}:${error.line}${error.column !== undefined ? `:${error.column}` : ""}`;
}

/**
 * An error's message as the upload list shows it under its `file:line` (`where`): without that
 * place again, nor the file name the server put first. A 409 with a stored build (`permalink`) is
 * cut to its first sentence: the rest is advice for CI (`attempt=`, `DELETE /api/logs/N`), which
 * the links under it do in the browser.
 */
export function shownErrorText(error: Pick<UploadError, "message" | "permalink" | "file">, fileName: string, where: string | null): string {
  let text = error.message;
  if (where && text.startsWith(`${where}: `)) text = text.slice(where.length + 2);
  const file = error.file ?? fileName;
  if (text.startsWith(`${file}: `)) text = text.slice(file.length + 2);
  if (error.permalink) {
    const end = text.indexOf(". ");
    if (end > 0) text = text.slice(0, end + 1);
  }
  return text;
}

/** `needs-token`: held, or refused with 401, until the upload token is entered (then sent again). */
export type UploadPhase = "uploading" | "ingesting" | "done" | "duplicate" | "error" | "needs-token";

export type UploadItem = {
  id: string;
  fileName: string;
  size: number;
  phase: UploadPhase;
  /** Bytes sent so far (upload phase). */
  sent: number;
  builds: UploadedBuild[];
  /** Builds the answer did not list (past its bound: lib/upload/answer-builds.ts), which the log's builds list shows, and how many of those were kept from a log it grew from. */
  omitted?: number;
  omittedKept?: number;
  /** What the server said was stored but may not be all the log holds (`file:line:column: …`). */
  warnings: string[];
  /** The server's word on each log of the answer (`logs[].note`): a duplicate's "uploaded before (log 34)…". */
  notes: string[];
  /** The stored logs of the answer (`logs[].logId`): `/builds?logId=` lists all their builds. */
  logIds: number[];
  /** Stored, but the server could not read its builds back for the answer (`logs[].buildsUnread`). */
  buildsUnread?: boolean;
  error: UploadError | null;
  /** The build fields of the upload page it was sent with (job, number, attempt, startedAt, utcOffset, url), or null. */
  meta: SentMeta | null;
  /** The files dropped or chosen together share it. */
  batch: number;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const str = (value: unknown): string | null => (typeof value === "string" ? value : null);
const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
/** A path on this site (`/builds/…`), the only kind of link an answer may give: not `//host/…`, not another scheme. */
const sameSitePath = (value: unknown): string | null => {
  const path = str(value);
  return path !== null && path.startsWith("/") && !path.startsWith("//") ? path : null;
};
/** A stored row's id: a whole number above 0. */
const positiveId = (value: unknown): number | null => {
  const id = num(value);
  return id !== null && Number.isInteger(id) && id > 0 ? id : null;
};

function readBuild(value: unknown): UploadedBuild | null {
  if (!isRecord(value)) return null;
  const id = num(value.id);
  const permalink = sameSitePath(value.permalink);
  if (id === null || permalink === null) return null;
  const culprit = isRecord(value.culprit) && str(value.culprit.class) ? { class: String(value.culprit.class), subject: str(value.culprit.subject) } : null;
  return {
    id,
    job: str(value.job),
    number: num(value.number),
    attempt: positiveId(value.attempt) ?? 1,
    startedAt: str(value.startedAt),
    sourceKind: str(value.sourceKind) ?? "monitor",
    node: str(value.node),
    permalink,
    incident: value.incident === true,
    culprit,
    kept: value.kept === true,
  };
}

export function readUploadAnswer(body: unknown): {
  builds: UploadedBuild[];
  omitted: number;
  omittedKept: number;
  duplicate: boolean;
  warnings: string[];
  notes: string[];
  logIds: number[];
  buildsUnread: boolean;
} {
  if (!isRecord(body)) return { builds: [], omitted: 0, omittedKept: 0, duplicate: false, warnings: [], notes: [], logIds: [], buildsUnread: false };
  const builds = Array.isArray(body.builds) ? body.builds.map(readBuild).filter((b): b is UploadedBuild => b !== null) : [];
  const logs = Array.isArray(body.logs) ? body.logs.filter(isRecord) : [];
  const duplicate = logs.length > 0 && logs.every((log) => log.duplicate === true);
  const warnings = logs.flatMap((log) => (Array.isArray(log.warnings) ? log.warnings : [])).filter((w): w is string => typeof w === "string");
  const notes = logs.map((log) => str(log.note)).filter((note): note is string => note !== null && note !== "");
  const logIds = [...new Set(logs.map((log) => positiveId(log.logId)).filter((id): id is number => id !== null))];
  const omitted = positiveId(body.buildsOmitted) ?? 0;
  const omittedKept = Math.min(omitted, positiveId(body.buildsOmittedKept) ?? 0);
  const buildsUnread = logs.some((log) => log.buildsUnread === true);
  return { builds, omitted, omittedKept, duplicate, warnings, notes, logIds, buildsUnread };
}

export function readUploadError(body: unknown, status: number): UploadError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (!error) return { code: `http_${status}`, message: status === 0 ? "The server could not be reached." : `The server answered ${status}.` };
  return {
    code: str(error.code) ?? `http_${status}`,
    message: str(error.message) ?? `The server answered ${status}.`,
    file: str(error.file) ?? undefined,
    line: num(error.line) ?? undefined,
    column: num(error.column) ?? undefined,
    permalink: sameSitePath(error.permalink) ?? undefined,
    logId: positiveId(error.logId) ?? undefined,
    storedLonger: error.storedLonger === true ? true : undefined,
    storedSame: error.storedSame === true ? true : undefined,
    fields: Array.isArray(error.issues) && Object.keys(fieldErrors(error.issues)).length > 0 ? fieldErrors(error.issues) : undefined,
  };
}
