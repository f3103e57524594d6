// ## Ingest: uploaded logs → rows, in one transaction
//
// Each file streams through a sha256 hash and the monitor-log scanner; each
// run found is classified and handed to the store as it arrives (prepared
// statements on SQLite, batched INSERTs on PostgreSQL: lib/db/store), so
// memory holds one run (or one batch), not the file. The whole upload (every
// file in it) is one transaction: any error rolls all of it back. A file whose content was
// stored before is rolled back to its savepoint and answered with the builds
// that exist (idempotent by sha256 of the inflated content). Incidents of the
// jobs touched are regrouped before the commit.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { classifyRun, type Classification, isIncident } from "@/lib/classify";
import { AppError, databaseUnavailable, type UploadRefusal } from "@/lib/errors";
import { MonitorLogError } from "@/lib/monitor-log/errors";
import { MAX_LIST_ENTRIES, MESSAGES_REST_UNREAD, TOP_REST_UNREAD } from "@/lib/monitor-log/extract";
import { unreadText } from "@/lib/monitor-log/scan";
import { type Snapshot, streamSnapshots } from "@/lib/formats";
import type { LogIssue } from "@/lib/monitor-log/types";
import type { UploadFile } from "@/lib/upload/read-request";
import { INT32_MAX } from "@/lib/validation/params";
import { createUtf8Check } from "@/lib/utf8-check";
import { jobNameProblem, type UploadMeta } from "@/lib/validation/upload";
import { buildLabel, buildPermalink, rerunAdvice } from "./permalink";
import { getStore } from "./store";
import { regroupOrder } from "./store/incidents";
import { type GrownCandidate, rowsFingerprint } from "./store/grown-log";
import type { BuildRow, IngestSession, LogOfBuild, SampleRow, StoredBuild, TopRow } from "./store/types";
import { plural } from "@/lib/wording";

export type IngestedBuild = {
  id: number;
  job: string | null;
  number: number | null;
  /** 1, or which re-run of build `number` this is (the upload's `attempt`). */
  attempt: number;
  /** A build without a number is named by these (its time, source and node). */
  startedAt: string | null;
  sourceKind: string;
  node: string | null;
  permalink: string;
  incident: boolean;
  culprit: { class: string; subject: string | null } | null;
  /**
   * The log grew from one stored before (`replaced`) and this build was stored then: kept as it was
   * (same id, same link), not stored by this upload. False for every build this upload stored.
   */
  kept: boolean;
};

export type IngestedLog = {
  fileName: string;
  sha256: string;
  size: number;
  /** true when this content had been uploaded before: nothing new was stored. */
  duplicate: boolean;
  logId: number;
  builds: IngestedBuild[];
  /** For a duplicate, what happened, in words: nothing stored, and metadata sent with it that was not applied. */
  note: string | null;
  /**
   * A stored log this one began with, replaced by it (its first `size` bytes are that log): the same
   * CI build's console pushed before the build had finished writing it (that log's one build is this
   * log's first), or the same file uploaded again after it grew (the latest logs of the same file
   * name: their builds are this log's now, `kept`). Null when none.
   */
  replaced: { logId: number; fileName: string; sha256: string; size: number } | null;
  /**
   * What was stored but may not be all the log holds, in words, each `file:line:column: …`: monitor
   * lines behind a line prefix the scanner does not know (their runs were not read), runs whose
   * top list the monitor failed to get (`{badrpc,nodedown}`). Empty when none.
   */
  warnings: string[];
  /**
   * True when the log was stored (or found stored) but its builds could not be read back for the
   * answer: the database refused the read after the upload's commit (its connections all taken, a
   * restart). `builds` is then empty, a warning says why, and `/builds?logId=` lists them. Absent otherwise.
   */
  buildsUnread?: true;
};

/** Tries, then waits this long before each retry, of a read after the upload's commit. */
const AFTER_COMMIT_RETRIES_MS = [250, 1000];

/**
 * A read made after the upload's transaction committed (its answer's builds): retried while the
 * database is unavailable, since what it reads is stored whatever the read does. A PostgreSQL
 * review, 2026-12-07: with its connections all taken, the read failed and the upload answered
 * 503 "nothing was stored" for builds that were stored.
 */
async function readAfterCommit<T>(read: () => Promise<T>, retries: readonly number[] = AFTER_COMMIT_RETRIES_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const wait = retries[attempt];
      if (wait === undefined || !passing(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/**
 * An unavailability a moment may end (refused, reset, too many clients, locked, a deadlock): worth a
 * retry. Not a database without tables, which a read after its own upload's commit cannot meet but
 * through a bug (a diff review: a mocked 42P01 was retried for 1.3 s, then answered 201).
 */
function passing(error: unknown): boolean {
  const why = databaseUnavailable(error);
  return why !== null && !why.startsWith("the database has no tables");
}

/**
 * Why a duplicate's answer may not be what the sender expected: the content was stored before
 * (idempotent by sha256), so metadata sent with it now (another build number, say) was not applied.
 * Every field sent whose value the stored builds do not have is named: `job`, `number`, `startedAt`,
 * `url`, and `utcOffset` when the start times it gives the log's zone-less times are not the stored
 * ones (`times`: what this upload would have stored) and `startedAt` does not already explain it.
 */
function duplicateNote(logId: number, meta: UploadMeta, builds: StoredBuild[], times: (string | null)[]): string {
  const stored = `this content was uploaded before (log ${logId}); nothing new was stored`;
  const instant = (time: string | null) => (time === null ? null : Date.parse(time));
  const sameTimes = (a: (string | null)[], b: (string | null)[]) => {
    const sorted = (list: (string | null)[]) => list.map(instant).sort((x, y) => (x ?? -Infinity) - (y ?? -Infinity));
    return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
  };
  const differs: (keyof UploadMeta)[] = [];
  if (meta.job !== undefined && builds.some((b) => b.job !== meta.job)) differs.push("job");
  if (meta.number !== undefined && builds.some((b) => b.number !== meta.number)) differs.push("number");
  // `next` names no attempt: the content is stored, under whichever it was.
  if (typeof meta.attempt === "number" && builds.some((b) => b.sourceKind === "monitor" && b.attempt !== meta.attempt)) differs.push("attempt");
  if (meta.startedAt !== undefined && builds.some((b) => instant(b.startedAt) !== Date.parse(meta.startedAt ?? ""))) differs.push("startedAt");
  if (meta.url !== undefined && builds.some((b) => b.url !== meta.url)) differs.push("url");
  if (meta.utcOffset !== undefined && !differs.includes("startedAt") && !sameTimes(times, builds.map((b) => b.startedAt))) differs.push("utcOffset");
  if (differs.length === 0) return stored;
  const sent = differs.map((field) => `${field}=${String(meta[field])}`).join(", ");
  return `${stored}; ${sent} sent with it ${differs.length === 1 ? "was" : "were"} not applied: the stored builds keep what they were stored with`;
}

/** The metadata the ingest applies to a file's runs (`filename` names a raw body only). */
const APPLIED_META = ["job", "number", "attempt", "startedAt", "url", "utcOffset"] as const;

/**
 * A 400 for form fields that came after a file part had started being read: that file was read
 * without them (a big body arrives in pieces, and busboy meets a field placed after the file only
 * once the file's bytes have gone by). Null when every file had the metadata the whole form gives.
 * `applied`: each file with the metadata it was read with; `final`: the metadata once the form ended.
 */
function lateFields(applied: { fileName: string; meta: UploadMeta }[], final: UploadMeta): AppError | null {
  const late = APPLIED_META.filter((key) => final[key] !== undefined && applied.some(({ meta }) => meta[key] !== final[key]));
  if (late.length === 0) return null;
  const first = applied.find(({ meta }) => late.some((key) => meta[key] !== final[key]));
  const names = late.join(", ");
  const curl = [...late.map((key) => `-F ${key}=…`), "-F file=@…"].join(" ");
  const query = late.map((key) => `${key}=…`).join("&");
  return new AppError(
    "bad_request",
    `form field${late.length === 1 ? "" : "s"} ${names} arrived after the file part ${first?.fileName ?? ""} had started being read, so ${late.length === 1 ? "it was" : "they were"} not applied to it: send metadata fields before the file (curl: ${curl}) or as query parameters (?${query}); nothing of the upload was stored`,
    { fields: [...late], file: first?.fileName },
  );
}

export type IngestOptions = {
  files: AsyncIterable<UploadFile>;
  /** Query-string metadata, known before the body is read. */
  meta: UploadMeta;
  /**
   * Form fields (multipart) known so far: those known when a file part is read override its runs
   * too. Asked again once every file is read: a field that came too late for a file fails the upload.
   */
  fieldsSoFar?: () => UploadMeta;
  threshold: number;
  /** The offset of times printed without a zone when the upload does not say (`utcOffset`): LOG_UTC_OFFSET. */
  utcOffset?: string;
};

/** A CI URL is kept only when it is http or https: it becomes a link on the pages. */
function httpUrl(url: string | null): string | null {
  if (!url) return null;
  // Every run of a build names the same URL: it is parsed once.
  if (url !== lastUrl) {
    lastUrl = url;
    lastUrlIsHttp = isHttp(url);
  }
  return lastUrlIsHttp ? url : null;
}

let lastUrl: string | null = null;
let lastUrlIsHttp = false;

function isHttp(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:";
  } catch {
    return false;
  }
}

/** Applies the upload's metadata to a run: explicit values win over what the log says. */
function withMeta(run: Snapshot, meta: UploadMeta): Snapshot {
  return {
    ...run,
    job: meta.job ?? run.job,
    // Only a CI monitor run is a build with a number; a watchdog warning or a
    // pasted recon/etop screen is a snapshot at its time (several may share
    // one log's build number), reached by its id.
    number: run.sourceKind === "monitor" ? (meta.number ?? run.number) : null,
    // A CI build's start time is its monitor run's; a snapshot (a watchdog line) keeps its own time, and takes it only when it has none.
    startedAt: run.sourceKind === "monitor" ? (meta.startedAt ?? run.startedAt) : (run.startedAt ?? meta.startedAt ?? null),
    url: httpUrl(meta.url ?? run.url),
  };
}

/**
 * The numbers a build stores fit the database's Int columns (PostgreSQL's INTEGER; Prisma reads
 * SQLite's the same way): a larger one would be refused by PostgreSQL, or stored by SQLite and then
 * fail every read of the lists it is in. No queue holds 2³¹ messages, and no CI numbers builds so:
 * such a value is a garbled log, answered 422 where it is.
 */
function checkStorable(run: Snapshot, fileName: string): void {
  const refuse = (line: number, what: string, value: number) =>
    unreadableAt(fileName, line, 1, `${what} ${value} is larger than ${INT32_MAX}, the largest the database stores`, "value_too_large");
  if (run.number !== null && run.number > INT32_MAX) throw refuse(run.line, "build number", run.number);
  const jobProblem = run.job === null ? null : jobNameProblem(run.job);
  if (jobProblem) throw unreadableAt(fileName, run.line, 1, jobProblem, "bad_job_name");
  for (const entry of run.top) {
    if (entry.queueLen > INT32_MAX) throw refuse(run.line, `the queue of ${entry.pid}`, entry.queueLen);
    if (entry.pid.length > MAX_PROCESS_NAME) throw tooLong(fileName, run.line, "a process name", entry.pid, MAX_PROCESS_NAME, "an Erlang atom");
  }
  const inspected = run.inspected;
  if (inspected && inspected.pid.length > MAX_PROCESS_NAME) {
    throw tooLong(fileName, inspected.line, "a process name", inspected.pid, MAX_PROCESS_NAME, "an Erlang atom");
  }
  if (inspected?.queueLen != null && inspected.queueLen > INT32_MAX) {
    throw refuse(inspected.line, `the queue of ${inspected.pid}`, inspected.queueLen);
  }
  if (run.killed && run.killed.count > INT32_MAX) throw refuse(run.line, "the killed count", run.killed.count);
}

/**
 * What is stored in indexed text columns is bounded, so that PostgreSQL takes every index entry
 * (it refuses one of more than 2,704 bytes; SQLite has no such limit, and the same log must store
 * alike on both): a process name (a registered name, in the top list and the inspected pid; an
 * atom has at most 255 characters) and a room's JID (indexed alone, and with the job in incidents).
 */
const MAX_PROCESS_NAME = 255;
/** Top-list entries and sampled messages stored per run, at most (see where it is used). */
export const MAX_STORED_ENTRIES = 1000;
const MAX_ROOM_JID_BYTES = 1000;

function tooLong(fileName: string, line: number, what: string, value: string, limit: number, unit: string): AppError {
  return unreadableAt(fileName, line, 1, `${what} of ${value.length} characters (${JSON.stringify(value.slice(0, 40))}…) is longer than ${unit} can be (${limit}); it is not stored`, "value_too_long");
}

/** A room JID too long to store (see MAX_ROOM_JID_BYTES): a 422 where its run is. */
function checkRoom(room: { jid: string } | null | undefined, run: Snapshot, fileName: string): void {
  if (!room) return;
  const bytes = Buffer.byteLength(room.jid, "utf8");
  if (bytes > MAX_ROOM_JID_BYTES) {
    throw unreadableAt(fileName, run.inspected?.line ?? run.line, 1, `the room JID the samples name is ${bytes.toLocaleString("en-US")} bytes long (${JSON.stringify(room.jid.slice(0, 40))}…), longer than a room JID is stored with (${MAX_ROOM_JID_BYTES}); it is not stored`, "value_too_long");
  }
}

/**
 * A run's verdict columns, as a build stores them (buildRow below; db:reclassify, lib/db/reclassify.ts,
 * writes them again for a stored run). `service`: the run's format named a MUC service.
 */
export function verdictColumns(
  run: Pick<Snapshot, "inspected" | "top"> & { service?: boolean },
  classification: Classification | null,
  threshold: number,
): Pick<BuildRow, "incident" | "culpritClass" | "culpritSubject" | "culpritRule" | "culpritEvidence" | "culpritService"> {
  return {
    // Without an inspected pid there is no verdict, but the top list still says whether a queue passed the threshold.
    incident: classification?.incident ?? isIncident({ inspected: run.inspected, top: run.top, threshold }),
    culpritClass: classification?.class ?? null,
    culpritSubject: classification?.subject ?? null,
    culpritRule: classification?.rule ?? null,
    culpritEvidence: classification ? JSON.stringify(classification.evidence) : null,
    culpritService: (run.service === true || classification?.service === true) && classification?.class === "muc_room",
  };
}

function buildRow(logId: number, run: Snapshot, classification: Classification | null, roomId: number | null, threshold: number, attempt: number): BuildRow {
  const worst = run.top.reduce<number | null>((max, entry) => (max === null || entry.queueLen > max ? entry.queueLen : max), null);
  const inspected = run.inspected;
  return {
    logId,
    seq: run.seq,
    sourceKind: run.sourceKind,
    node: run.node,
    killedCount: run.killed?.count ?? null,
    job: run.job,
    number: run.number,
    attempt,
    startedAt: run.startedAt ? new Date(run.startedAt) : null,
    url: run.url,
    worstQueueLen: worst,
    inspectedPid: inspected?.pid ?? null,
    inspectedQueueLen: inspected?.queueLen ?? null,
    inspectedDead: inspected?.dead ?? false,
    ...verdictColumns(run, classification, threshold),
    roomId,
    createdAt: new Date(),
  };
}

let lastYield = performance.now();

/**
 * Lets the event loop serve other requests (reads, other uploads) every few
 * milliseconds of ingest work: a body already buffered is otherwise drained
 * through microtasks alone, and a large upload would starve everyone else.
 */
async function yieldNow(): Promise<void> {
  if (performance.now() - lastYield < 10) return;
  await new Promise((resolve) => setImmediate(resolve));
  lastYield = performance.now();
}

type FileState = {
  hash: ReturnType<typeof createHash>;
  size: number;
  lineBreak: boolean;
  /** Bytes given to `hash` so far (it runs a chunk behind `size`: see hashed). */
  hashed: number;
  /**
   * A stored log this one may begin with (see Beginning), asked for when a run starts; the sha256
   * of this file's first `earlier.size` bytes is taken as a mark (`prefixes`).
   */
  earlier: Earlier | null;
  /**
   * Lengths at which the sha256 of this file's first bytes is taken on the way (the lengths of stored
   * logs it may begin with: `earlier`, a grown file's earlier uploads), each null until it is.
   */
  prefixes: Map<number, string | null>;
  /** Called before each chunk is hashed, after the scanner has read it (looks `earlier` up). */
  beforeHash: (() => Promise<void>) | null;
  /**
   * The chunks hashed last (at least RECENT_BYTES of them), each with the hash of what came before
   * it, while a stored log found late may still ask for the hash of a length already passed (the
   * lookup by the file's first run, which is read only once the run has ended: see Grown); null
   * once none will. (Upload chunks are fresh buffers: kept as they are.)
   */
  recent: { start: number; before: ReturnType<typeof createHash>; chunk: Uint8Array }[] | null;
  /** Bytes that are not UTF-8 came by (read as U+FFFD), as `utf8` (lib/utf8-check.ts) tells. */
  notUtf8: boolean;
  utf8: (chunk: Uint8Array) => boolean;
};

/** How much of the file hashed last `recent` keeps. */
const RECENT_BYTES = 256 * 1024;

/**
 * Asks for the hash of this file's first `size` bytes. Too late once more has been hashed; when
 * exactly that much has, taken now.
 */
function markPrefix(state: FileState, size: number): void {
  if (size <= 0 || state.prefixes.get(size)) return;
  if (size < state.hashed) {
    // Passed already: from the chunk it ends in, when that is among the recent ones.
    const at = state.recent?.find((entry) => size > entry.start && size <= entry.start + entry.chunk.byteLength);
    if (at) state.prefixes.set(size, at.before.copy().update(at.chunk.subarray(0, size - at.start)).digest("hex"));
    return;
  }
  state.prefixes.set(size, size === state.hashed ? state.hash.copy().digest("hex") : null);
}

/** Does this file begin with a stored log of this size and hash (and go on after it)? */
function beginsWith(state: FileState, stored: { size: number; sha256: string }): boolean {
  return state.size > stored.size && state.prefixes.get(stored.size) === stored.sha256;
}

/**
 * Hashes and counts a file's bytes on their way to the scanner. A chunk is hashed once the scanner
 * has read it (when the next one is asked for): a monitor run that starts in it has named its build
 * by then (onRunStart), so the stored log of that build, if any, is known before this file's hash
 * goes past that log's length, and the hash of this file's bytes up to that length is taken on the
 * way (`prefixes`). A stored log can be the beginning of this one only if its run starts inside it.
 */
async function* hashed(chunks: AsyncIterable<Uint8Array>, state: FileState): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    state.size += chunk.byteLength;
    // Checked before the scanner reads the chunk, until a byte that is not UTF-8 is seen (the warning
    // on a run that stores U+FFFD asks for it: a U+FFFD written in the log itself is no such byte).
    if (!state.notUtf8) state.notUtf8 = !state.utf8(chunk);
    // Looked for until one is seen: a chunk or two of a real log.
    if (!state.lineBreak) state.lineBreak = chunk.indexOf(10) !== -1 || chunk.indexOf(13) !== -1;
    yield chunk;
    await state.beforeHash?.();
    if (state.recent) {
      // The chunk itself, not a copy (copying every chunk until the first run grew a 50 MB line's
      // upload by 50 MB of garbage). A reader that reused its buffer would make the hash taken from
      // here differ from the stored log's: a grown file missed, never a wrong one taken.
      state.recent.push({ start: state.hashed, before: state.hash.copy(), chunk });
      let kept = 0;
      for (const entry of state.recent) kept += entry.chunk.byteLength;
      while (state.recent.length > 1 && kept - state.recent[0]!.chunk.byteLength >= RECENT_BYTES) kept -= state.recent.shift()!.chunk.byteLength;
    }
    let done = 0;
    if (state.prefixes.size > 0) {
      const inside = [...state.prefixes.keys()].filter((size) => state.prefixes.get(size) === null && size > state.hashed && size <= state.hashed + chunk.byteLength);
      for (const size of inside.sort((a, b) => a - b)) {
        const at = size - state.hashed;
        state.hash.update(chunk.subarray(done, at));
        state.prefixes.set(size, state.hash.copy().digest("hex"));
        done = at;
      }
    }
    state.hash.update(done === 0 ? chunk : chunk.subarray(done));
    state.hashed += chunk.byteLength;
  }
}

/** Warnings one file's answer lists at the most (each is a line of the answer, and of memory until it is sent). */
export const MAX_WARNINGS = 1000;

/**
 * A file's warnings, the first MAX_WARNINGS of them; past those, one last line says how many more
 * there were. A crafted etop screen of a million unreadable rows made a million (a review, 2026-12-06).
 */
class FileWarnings {
  private readonly list: string[] = [];
  private dropped = 0;
  push(warning: string): void {
    if (this.list.length < MAX_WARNINGS) this.list.push(warning);
    else this.dropped++;
  }
  all(fileName: string): string[] {
    return this.dropped === 0 ? this.list : [...this.list, `${fileName}: and ${this.dropped.toLocaleString("en-US")} more warnings, not listed (the first ${MAX_WARNINGS.toLocaleString("en-US")} are)`];
  }
}

/** Smaller than this, a log of one line is a log of one line, not one whose line breaks were lost. */
const ONE_LINE_HINT_BYTES = 1024;

/** A 422 that says where in the file: `file:line:column: words`, and the same as fields, with why for scripts. */
function unreadableAt(fileName: string, line: number, column: number, words: string, reason: UploadRefusal): AppError {
  return new AppError("unprocessable", `${fileName}:${line}:${column}: ${words}`, { file: fileName, line, column, reason });
}

/**
 * `curl -d @console.log` strips a file's line breaks: the log arrives as one line, and what the
 * scanner says of it (no top list, the log ended, nothing read) does not point at the cause.
 */
function oneLineHint(state: FileState): string {
  return !state.lineBreak && state.size >= ONE_LINE_HINT_BYTES
    ? ` (the log is one line of ${state.size.toLocaleString("en-US")} bytes: were its line breaks lost? curl -d @file strips them: send it with --data-binary @file or -F file=@file)`
    : "";
}

function toAppError(error: unknown, fileName: string, state: FileState): unknown {
  if (!(error instanceof MonitorLogError)) return error;
  return unreadableAt(fileName, error.line, error.column, error.reason + oneLineHint(state), error.code);
}

/**
 * A 409 against a stored log longer than this file, whose build at the conflicting run's place
 * reads as that run does up to its message list (its names, start and top list: what an earlier
 * copy cut in its list still holds whole): most likely this is an earlier copy of the same console
 * arriving late (a push retried after the whole one went in), which the stored log already holds.
 * Its usual advice, to delete the stored log and upload this one, would then replace the whole
 * console with the cut one: the answer says so instead (and `storedLonger`). A run that reads
 * otherwise is another console of the build (a CI review, 2026-12-07: two consoles of one build
 * were told "nothing needs doing" by their sizes alone). `start`: the conflicting run's seq in
 * this file and its fingerprint without samples or inspected process (startPrint).
 */
async function longerStored(
  conflict: AppError,
  fileName: string,
  size: number,
  session: IngestSession,
  start: (line: number | undefined) => { seq: number; print: string } | undefined,
): Promise<AppError> {
  const { logId, job, number, attempt, line } = conflict.details as { logId?: number; job?: string; number?: number; attempt?: number; line?: number };
  if (logId === undefined || typeof job !== "string" || typeof number !== "number" || typeof attempt !== "number") return conflict;
  const stored = await session.findLogOfBuild(job, number, attempt);
  if (stored === null || stored.logId !== logId || stored.size <= size) return conflict;
  const run = start(line);
  const there = run === undefined ? null : await session.buildFingerprint(logId, run.seq, 0, false);
  if (run === undefined || there === null || startPrint(there) !== run.print) return conflict;
  return new AppError(
    "conflict",
    `${fileName}: ${buildLabel({ job, number, attempt })} is already stored from a longer log (log ${logId}, ${stored.size.toLocaleString("en-US")} bytes; this one has ${size.toLocaleString("en-US")}) that reads the same up to its message list. ` +
      `If this is an earlier copy of the same console (a push retried after the whole one went in), the stored log holds it and more: nothing needs doing. ` +
      rerunAdvice(attempt) +
      `If it is another console of that build, delete the stored one first (DELETE /api/logs/${logId}) and upload it again`,
    { ...conflict.details, storedLonger: true, reason: "stored_longer" satisfies UploadRefusal },
  );
}

/**
 * A 409 whose stored build is this very run: it reads as the file's conflicting run does up to its
 * message list (its start time, names, top list), a start time included. A file holding a stored
 * console again, such as several consoles put together (an operator's review, 2026-12-07): the
 * usual advice offered to store it as a re-run (`attempt=next`), which stored every run again as
 * attempt 2 and counted each incident's builds twice. A run without a start time is not judged so
 * (a healthy node's list can repeat itself: a real re-run). `storedSame: true` says it; the
 * upload page then offers no re-run. The 409 otherwise unchanged.
 */
async function sameStored(
  conflict: AppError,
  fileName: string,
  session: IngestSession,
  start: (line: number | undefined) => { seq: number; print: string } | undefined,
  runOf: (line: number | undefined) => { inspected: string; samples: number } | undefined,
): Promise<AppError> {
  const { logId, job, number, attempt, line, storedLonger } = conflict.details as { logId?: number; job?: string; number?: number; attempt?: number; line?: number; storedLonger?: boolean };
  if (storedLonger || logId === undefined || typeof job !== "string" || typeof number !== "number" || typeof attempt !== "number") return conflict;
  const run = start(line);
  const whole = runOf(line);
  const stored = run === undefined || whole === undefined ? null : await session.findLogOfBuild(job, number, attempt);
  if (run === undefined || whole === undefined || stored === null || stored.logId !== logId) return conflict;
  const there = await session.buildFingerprint(logId, stored.seq, 0, false);
  if (there === null || startPrint(there) !== run.print || (JSON.parse(there) as { startedAt: unknown }).startedAt === null) return conflict;
  // The same inspected process and queue, and no more messages than the stored build holds: a
  // stored copy cut before its messages (a push while the console was written) is not this run
  // whole, which may replace it (a review, 2026-12-07).
  const inspectedThere = await session.buildFingerprint(logId, stored.seq, 0, true);
  if (inspectedThere === null || startPrint(inspectedThere) !== whole.inspected) return conflict;
  const all = await session.buildFingerprint(logId, stored.seq);
  if (all === null || (JSON.parse(all) as { samples: unknown[] }).samples.length < whole.samples) return conflict;
  const label = buildLabel({ job, number, attempt });
  return new AppError(
    "conflict",
    `${fileName}: ${label} is already stored from log ${logId} (${stored.fileName}), and this file's run of it reads the same (its start time, names and top list): it is that run, stored already. ` +
      `It is not stored again, nor as a re-run (attempt=next would count the same run twice). ` +
      `If this file holds other builds' consoles too, upload those on their own; if it is the build's whole console and the stored one is cut, delete the stored one first (DELETE /api/logs/${logId}) and upload it again`,
    { ...conflict.details, storedSame: true, reason: "stored_same" satisfies UploadRefusal },
  );
}

/** A run's fingerprint (rowsFingerprint) kept short: a numbered run's is kept for each until its file ends. */
const startPrint = (fingerprint: string) => createHash("sha256").update(fingerprint).digest("base64");

/** A stored log as storedLongerCopy compares it. */
type Copy = Pick<GrownCandidate, "logId" | "fileName" | "size" | "lastSeq" | "job">;
/** A file of this upload stored as a log: its runs' seqs, its first run, its last run's rows and whether that run's message list was cut. */
type OwnCopy = Copy & { seqs: number[]; first: BuildRow; last: { rows: HeldBuild; cut: boolean } };

/** The same run read twice, as far as its start shows (the monitor prints these first). */
function sameRun(a: BuildRow, b: BuildRow): boolean {
  return (
    a.seq === b.seq &&
    a.sourceKind === b.sourceKind &&
    a.job === b.job &&
    a.number === b.number &&
    a.node === b.node &&
    (a.startedAt?.getTime() ?? null) === (b.startedAt?.getTime() ?? null) &&
    a.worstQueueLen === b.worstQueueLen
  );
}

/**
 * Shorter: a stored log, longer than this file, whose builds begin with every run of it, the same
 * (the runs a monitor wrote to a file before the copy stored already grew from it: a push retried
 * late, a backup of the file). Its last run may have been cut in this copy (the monitor was still
 * writing it): cut in its message list, it is the stored one's if all but its last message read
 * the same there (its names, start, inspected process and top list too); cut before its list, if
 * its names, start and top list do. A copy of numbered CI builds is refused by its builds
 * (longerStored); one of unnumbered runs (a cron file) was stored again, each run twice (a
 * differential review, 2026-12-06). Null when there is no such log. Candidates: the latest logs
 * of the file's name and the logs whose first build is this file's first run (Grown), or (two
 * copies in one upload) the other file.
 */
async function storedLongerCopy<C extends Copy>(session: IngestSession, file: OwnCopy, candidates: C[]): Promise<C | null> {
  const { logId, seqs, last, size, lastSeq, job } = file;
  const own = seqs.filter((seq) => seq !== lastSeq).sort((a, b) => a - b);
  const lastPrint = rowsFingerprint(last.rows[0], last.rows[1], last.rows[2]);
  /** This file's runs' fingerprints, read once whatever the number of candidates. */
  const mine = new Map<number, string | null>();
  const mineAt = async (seq: number) => {
    if (!mine.has(seq)) mine.set(seq, await session.buildFingerprint(logId, seq));
    return mine.get(seq);
  };
  for (const candidate of candidates) {
    if (candidate.size <= size || candidate.lastSeq < lastSeq || candidate.job !== job) continue;
    if ((await session.grownMismatches(candidate.logId, logId, lastSeq)) > 0) continue;
    let same = true;
    for (const seq of own) {
      if ((await mineAt(seq)) !== (await session.buildFingerprint(candidate.logId, seq))) {
        same = false;
        break;
      }
    }
    if (!same) continue;
    if ((await session.buildFingerprint(candidate.logId, lastSeq)) === lastPrint) return candidate;
    const [build, top, samples] = last.rows;
    if (last.cut && samples.length > 0) {
      // Cut in its message list: the same run (its names, start, inspected process and top list) and
      // the same messages up to its last, which the cut may have shortened.
      const whole = samples.length - 1;
      if ((await session.buildFingerprint(candidate.logId, lastSeq, whole)) === rowsFingerprint(build, top, samples.slice(0, whole))) return candidate;
    } else if (samples.length === 0) {
      // No message read: cut before its list (after the top list, or the inspected line). The same
      // names, start and top list.
      if ((await session.buildFingerprint(candidate.logId, lastSeq, 0, false)) === rowsFingerprint(build, top, [], false)) return candidate;
    }
  }
  return null;
}

/**
 * The 409 of a file whose beginning, stored log `logId`, was replaced (by log `by`, another
 * upload's) or deleted while this upload read the file: what it grew into is compared only when the
 * file is sent again.
 */
function goneMeanwhile(fileName: string, logId: number, by?: number): AppError {
  const what = by === undefined ? "was replaced or deleted" : `was replaced by log ${by}, another upload of it,`;
  return new AppError(
    "conflict",
    `${fileName}: log ${logId}, which this file begins with, ${what} while this upload read the file: send the file again (it is then compared with what is stored now)`,
    { file: fileName, logId, reason: "gone_meanwhile" satisfies UploadRefusal },
  );
}

/** The 409 of two copies of one file in one upload, one the beginning of the other (see storedLongerCopy). */
function copiesInOneUpload(fileName: string, other: string): AppError {
  return new AppError(
    "conflict",
    `${fileName}: it and ${other}, sent earlier in this upload, are two copies of one file, the runs of the shorter the first of the longer: ` +
      `nothing of this upload was stored; send it again without the shorter one`,
    { file: fileName, otherFile: other, reason: "copies_in_upload" satisfies UploadRefusal },
  );
}

/** The 409 of a shorter copy (see storedLongerCopy): nothing needs doing for it (`others`: the upload held other files, not stored either). */
function shorterCopy(fileName: string, size: number, builds: number, longer: Copy, others: boolean): AppError {
  return new AppError(
    "conflict",
    `${fileName}: ${builds === 1 ? "its run is" : `its ${plural(builds, "run")} are`} stored already, the first of log ${longer.logId} (${longer.fileName}, ${longer.size.toLocaleString("en-US")} bytes; this one has ${size.toLocaleString("en-US")}). ` +
      `This is an earlier copy of that file (a push retried after the longer one went in): the stored log holds it and more, nothing needs doing for it. ` +
      (others ? `Nothing of this upload was stored: send its other files again without this one. ` : "") +
      `If it is another file, delete the stored one first (DELETE /api/logs/${longer.logId}) and upload it again`,
    { file: fileName, logId: longer.logId, storedLonger: true, reason: "stored_longer" satisfies UploadRefusal },
  );
}

/** A stored log of one build that an uploaded file may begin with, and that build's name. */
type Earlier = LogOfBuild & { job: string; number: number };
/** A build's rows as insertBuild takes them. */
type HeldBuild = [BuildRow, TopRow[], SampleRow[], { fileName: string; line: number }];

/** A stored log a file of the upload grew from, and what of it the file's log keeps (see Grown). */
type GrownPlan = {
  /** The file's log (null until it is stored). */
  result: IngestedLog | null;
  from: GrownCandidate;
  /** The stored log's builds before this `seq` are kept: its last one too, unless it reads otherwise now. */
  keepBelowSeq: number;
  /** The stored log's last run reads differently in the file: the file's build of it is stored, not that one. */
  replacesLast: boolean;
  /** That build, when it was refused as the stored one (a numbered run): stored once the stored log is gone. */
  replacing: HeldBuild | null;
};

/** What an upload of a file that grew says it did: the builds kept, the new ones, the last one read again. */
function grownNote(grown: { from: GrownCandidate; kept: Set<number>; replacedLast: boolean }, builds: IngestedBuild[]): string {
  const { from, kept, replacedLast } = grown;
  const added = builds.length - kept.size;
  return (
    `this log begins with log ${from.logId} (${from.fileName}, its first ${from.size.toLocaleString("en-US")} bytes): the same file, grown since. ` +
    `Log ${from.logId} was replaced by this one: its ${plural(kept.size, "build")} ${kept.size === 1 ? "is" : "are"} kept as ${kept.size === 1 ? "it was" : "they were"} (same links), ${plural(added, "new build")} stored` +
    (replacedLast ? `; its last run, which reads differently now (the monitor was still writing it when that log was read, or an older version of this dashboard read it), was stored again from this one` : "")
  );
}

/** A file's 409, thrown out of the upload's transaction to be answered after it (ingestUpload's catch). */
class RefusedFile extends Error {
  constructor(readonly conflict: AppError) {
    super(conflict.message);
  }
}

/** Stores an upload; answers what was stored (or found already stored). */
export async function ingestUpload(options: IngestOptions): Promise<IngestedLog[]> {
  const store = await getStore();
  /** The metadata each file was read with: form fields that came later were not applied to it. */
  const applied: { fileName: string; meta: UploadMeta }[] = [];
  /**
   * The upload's files, read by the loop below without its closing them when it throws (a for-await
   * closes what it reads): a refused file's upload reads the rest of the form after the transaction.
   */
  const files = options.files[Symbol.asyncIterator]();
  const unclosed: AsyncIterable<UploadFile> = { [Symbol.asyncIterator]: () => ({ next: () => files.next() }) };
  const { results, sentMeta, grownKept } = await store.transaction(async (session) => {
    session.groupWhileStoring?.(options.threshold);
    const results: IngestedLog[] = [];
    /** The metadata each result's file was sent with, and the start times it gave its builds (for a duplicate's note). */
    const sentMeta = new Map<IngestedLog, { meta: UploadMeta; times: (string | null)[] }>();
    const jobs = new Set<string | null>();
    /** Room ids of this upload; a room upserted in a file rolled back as a duplicate is gone again. */
    const roomIds = new Map<string, number>();
    /** This upload's logs: a stored log it may replace is one stored before it. */
    const ownLogs = new Set<number>();
    /** This upload's files stored so far, with their runs (see Shorter: two copies of one file in one upload). */
    const ownCopies: OwnCopy[] = [];
    /** Stored logs to replace by a log of this upload (see Beginning), done as their job is regrouped. */
    const replacements: { result: IngestedLog; earlier: Earlier; held: HeldBuild }[] = [];
    /** Stored logs a log of this upload grew from (see Grown), taken over as their job is regrouped. */
    const grownPlans: GrownPlan[] = [];
    /** The builds each grown log kept from the log it grew from (ids), and whether that log's last build was stored anew. */
    const grownKept = new Map<IngestedLog, { from: GrownCandidate; kept: Set<number>; replacedLast: boolean }>();
    /** The "stored already" warnings of a grown log's snapshots, with the stored build each names. */
    const grownWarnings = new Map<IngestedLog, Map<string, number>>();
    /** Stored logs a file of this upload grew from. */
    const claimedGrown = new Set<number>();
    /** The file whose monitor run took the upload's start time or URL (`startedAt` and `url` name one build). */
    let timedFile: { index: number; name: string } | null = null;
    for await (const file of unclosed) {
      const meta = { ...options.fieldsSoFar?.(), ...options.meta };
      applied.push({ fileName: file.fileName, meta });
      await session.savepoint();
      const logId = await session.insertLog({
        placeholderSha: `pending:${randomUUID()}`,
        fileName: file.fileName,
        uploadedAt: new Date(),
      });
      ownLogs.add(logId);
      const state: FileState = { hash: createHash("sha256"), size: 0, lineBreak: false, hashed: 0, earlier: null, prefixes: new Map(), beforeHash: null, recent: meta.attempt === undefined ? [] : null, notUtf8: false, utf8: createUtf8Check() };
      /**
       * The first build this file names (its first monitor run's job and number), looked up once: a
       * stored log holding that build alone may be this file's beginning (see Beginning).
       */
      let firstNamed: { job: string; number: number } | "asked" | null = null;
      /**
       * Grown: the latest stored logs of this file name, one of which this file may begin with (the
       * same file uploaded again after runs were appended to it), and (once its first run is read)
       * those whose build at that run's seq is that run, under any name. The hash of this file's
       * first bytes is taken at each one's length; the rows of the run at each one's last `seq` are
       * kept to the file's end, when it is known which stored log (if any) this is and whether that
       * run reads the same now. Not for a re-run (`attempt=`): another run of a build, not the same
       * file grown. A stored log an earlier file of this upload grew from is that file's (two
       * copies of one growing file).
       */
      const notGrown = new Set([...ownLogs, ...claimedGrown]);
      const grownCandidates = meta.attempt === undefined ? await session.findGrownCandidates(file.fileName, notGrown) : [];
      for (const candidate of grownCandidates) markPrefix(state, candidate.size);
      /** This file's rows of the runs at those seqs (stored as any other as well). */
      const grownHeld = new Map<number, HeldBuild>();
      /** The stored logs whose first build is this file's first run were looked up (see below). */
      let lookedByBuild = false;
      /** The seq of this file's run at each line (a conflict names the run by its line). */
      const seqOfLine = new Map<number, number>();
      /** The warnings that a run was stored under the upload's number, not the log's (none for a duplicate). */
      const renumbered = new Set<string>();
      /** Each numbered run's startPrint, by its line (longerStored compares a conflicting one with the stored build). */
      const startPrints = new Map<number, string>();
      /** Each numbered run's inspected process and sample count, by its line (sameStored: the stored build is this very run). */
      const runPrints = new Map<number, { inspected: string; samples: number }>();
      /** The attempt the upload names its builds' runs with: a number, `next`, or 1 when it says none. */
      const given = meta.attempt ?? 1;
      state.beforeHash = async () => {
        if (firstNamed === null || firstNamed === "asked") return;
        const { job, number } = firstNamed;
        firstNamed = "asked";
        // `next`: the latest attempt, which a console grown since its push replaces, and any other run comes after.
        const found = await session.findLogOfBuild(job, number, given === "next" ? null : given, given === "next");
        if (!found || found.builds !== 1 || ownLogs.has(found.logId) || found.size < state.hashed) return;
        state.earlier = { ...found, job, number };
        markPrefix(state, found.size);
      };
      /** The run naming `state.earlier`'s build, kept until the file's end (when it is known whether it replaces that log). */
      let held: HeldBuild | null = null;
      /**
       * A run's attempt. Only a CI monitor run is an attempt of a build; `next` resolves to one more
       * than the latest stored, or (`earlier`: the run may replace that attempt's early console) to
       * the latest itself, made one more at the file's end if it does not replace it.
       */
      const attemptOf = async (run: Snapshot, earlier: Earlier | null): Promise<number> => {
        // Only a numbered build has attempts (an unnumbered run is ordered by its time).
        if (run.sourceKind !== "monitor" || run.job === null || run.number === null) return 1;
        if (given !== "next") return given;
        if (earlier !== null) return earlier.attempt;
        const latest = await session.findLogOfBuild(run.job, run.number, null, true);
        if (latest === null) return 1;
        // This upload stored the number already (another run of this log, another file of it): no
        // re-run, the same build twice, refused as it is without `next`.
        return ownLogs.has(latest.logId) ? latest.attempt : latest.attempt + 1;
      };
      let builds = 0;
      /** This file's last run stored as a build, and whether its message list was cut (see Shorter). */
      let lastStored: { rows: HeldBuild; cut: boolean } | null = null;
      /** Its first run stored as a build (two copies in one upload begin with the same run). */
      let firstStored: BuildRow | null = null;
      /** The start time of each build this file made (what a duplicate's stored builds are compared with). */
      const times: (string | null)[] = [];
      let monitorRuns = 0;
      const touched = new Set<string | null>();
      const warnings = new FileWarnings();
      /** The first section of another format left out for having no process read (see below). */
      let unread: LogIssue | null = null;
      /** A snapshot of another format left the upload's number or start time aside (said once). */
      let metaIgnored = false;
      /** Snapshots left out as stored already (see below): the log was read, though it adds no build. */
      let storedAlready = 0;
      /** Their warnings: said of a duplicate, they would point at the builds this very content stored. */
      const storedWarnings = new Map<string, number>();
      /**
       * That a build was stored without a job or a number (said once a file). Not said of a
       * duplicate: nothing was stored, and the stored builds have the names the first upload gave.
       */
      let unnamedWarning: string | null = null;
      /** Whether this file's warnings said that it holds bytes that are not UTF-8. */
      let notUtf8Said = false;
      try {
        for await (const scanned of streamSnapshots(hashed(file.chunks, state), {
          source: file.fileName,
          threshold: options.threshold,
          localOffset: meta.utcOffset ?? options.utcOffset ?? "Z",
          onUnread: (u) => warnings.push(`${file.fileName}:${u.line}:${u.column}: ${unreadText(u)}`),
          onDroppedRun: (d) => warnings.push(`${file.fileName}:${d.line}:${d.column}: ${d.reason}`),
          onRunStart: (start) => {
            if (firstNamed !== null) return;
            // As withMeta names the run: the upload's job and number win over the log's.
            const job = meta.job ?? start.job;
            const number = meta.number ?? start.number;
            if (job !== null && number !== null) firstNamed = { job, number };
          },
        })) {
          const run = withMeta(scanned, meta);
          // What a reader could not read is said, at file:line:column; not a sample the log cut
          // short (`term cut:`), which the build page shows on the sample itself.
          for (const issue of run.issues) if (!issue.message.startsWith("term cut:")) warnings.push(`${file.fileName}:${issue.line}:${issue.column}: ${issue.message}`);
          if (run.sourceKind !== "monitor" && !metaIgnored && (meta.number !== undefined || meta.attempt !== undefined || (meta.startedAt !== undefined && scanned.startedAt !== null))) {
            // The upload's number, attempt and start time are a CI build's: a snapshot keeps its own time and no number.
            const given = [
              meta.number !== undefined ? `number ${meta.number}` : null,
              meta.attempt !== undefined ? `attempt ${meta.attempt}` : null,
              meta.startedAt !== undefined ? `startedAt ${meta.startedAt}` : null,
            ]
              .filter(Boolean)
              .join(" and ")
              .replace(/ and (?=.* and )/, ", ");
            warnings.push(`${file.fileName}:${run.line}:1: the upload's ${given} name a CI build's monitor run; this ${run.sourceKind} snapshot (and any other in the log) keeps its own time and no number`);
            metaIgnored = true;
          }
          if (run.sourceKind !== "monitor" && run.top.length === 0 && run.inspected === null) {
            // A watchdog warning (recon, etop…) with no process read is no measurement: stored, it
            // would read as a healthy build. Left out, said above; alone in the log, a 422.
            unread ??= run.issues[0] ?? { message: `no process read in the ${run.sourceKind} section`, line: run.line, column: 1, offset: run.start };
            continue;
          }
          // A number, a start time or a URL names one build: given for a log of several runs, it would make
          // them one build (a 409), put them all at one moment (their own times lost, without a word), or
          // link them all to one CI page (a README review: the upload page refused that, the API stored it).
          if (run.sourceKind === "monitor" && (meta.number !== undefined || meta.startedAt !== undefined || meta.url !== undefined) && monitorRuns++ > 0) {
            const named = meta.number !== undefined ? `build number ${meta.number}` : meta.startedAt !== undefined ? `the start time ${meta.startedAt}` : `the build URL ${meta.url}`;
            throw unreadableAt(file.fileName, run.line, 1, `the upload names ${named}, but the log holds more than one monitor run: each run is a build with its own; upload them as separate logs, or without it`, "one_build_metadata");
          }
          // The same for a start time or a URL given to several files (a number given to several is the
          // same build twice, the 409 below says so): their builds' own times would all be that one, or
          // their links all the same page.
          if (run.sourceKind === "monitor" && (meta.startedAt !== undefined || meta.url !== undefined)) {
            timedFile ??= { index: applied.length, name: file.fileName };
            if (timedFile.index !== applied.length) {
              const [named, own] = meta.startedAt !== undefined ? [`the start time ${meta.startedAt}`, "start time"] : [`the build URL ${meta.url}`, "URL"];
              throw unreadableAt(
                file.fileName,
                run.line,
                1,
                `the upload names ${named}, which is one build's, but ${timedFile.name}, another file of this upload, has a monitor run too: upload each file with its own ${own}, or without it`,
                "one_build_metadata",
              );
            }
          }
          checkStorable(run, file.fileName);
          // The upload's number wins over the log's: said, since the two disagreeing is most often a
          // CI step sending another build's number (a review, 2026-12-07: stored silently).
          if (run.sourceKind === "monitor" && meta.number !== undefined && scanned.number !== null && scanned.number !== meta.number) {
            const warning = `${file.fileName}:${run.line}:1: stored as build number ${meta.number}, which the upload sent; the log names ${scanned.number} (its BUILD_NUMBER=, BUILD_URL= or file name): the upload's wins`;
            warnings.push(warning);
            renumbered.add(warning);
          }
          if (run.sourceKind !== "monitor" && scanned.startedAt !== null && run.startedAt !== null && run.inspected) {
            // A job whose console prints the same log lines again (`tail ejabberd.log` in every build)
            // shows one warning many times: stored once, it is one build of the incident, not one per
            // console. (Another job's copy is that job's: incidents are per job.)
            const stored = await session.findSnapshot({ job: run.job, sourceKind: run.sourceKind, startedAt: new Date(run.startedAt), node: run.node, pid: run.inspected.pid, queueLen: run.inspected.queueLen });
            // (A snapshot the stored log a file grew from read while it was being written is found here
            // too: its first reading stays. Whether the file grew from that log is known only at its end.)
            if (stored !== null) {
              // Recorded: deleting the log that holds it moves it here rather than losing it.
              await session.recordSnapshotCopy({ buildId: stored, logId, seq: run.seq, url: run.url });
              const warning = `${file.fileName}:${run.line}:1: this ${run.sourceKind} snapshot (${run.inspected.pid} at ${run.startedAt}) is stored already (/builds/by-id/${stored}): the same lines printed again, not stored twice`;
              warnings.push(warning);
              storedWarnings.set(warning, stored);
              storedAlready++;
              continue;
            }
          }
          const classification = classifyRun(run, { threshold: options.threshold });
          const room = classification?.room;
          checkRoom(room, run, file.fileName);
          // Bytes that are not UTF-8 (a console written as GBK or Latin-1) were read as U+FFFD: the
          // stored names and messages say "�" where a room's or job's name was, without a word
          // before (a CI review, 2026-12-07). Said once per file, at the first run that stores one.
          if (!notUtf8Said && state.notUtf8 && (run.job?.includes("\uFFFD") || room?.jid.includes("\uFFFD") || run.inspected?.samples.some((sample) => sample.raw.includes("\uFFFD")))) {
            warnings.push(
              `${file.fileName}:${run.line}:1: this run's text holds bytes that are not UTF-8, stored as U+FFFD (\uFFFD)${room?.jid.includes("\uFFFD") ? `, in its room's name too` : ""}: was the console written in another encoding (GBK, Latin-1)? Convert it to UTF-8 first (iconv -f GBK -t UTF-8)`,
            );
            notUtf8Said = true;
          }
          let roomId = room ? (roomIds.get(room.jid) ?? null) : null;
          if (room && roomId === null) {
            roomId = await session.upsertRoom(room);
            roomIds.set(room.jid, roomId);
          }
          // A run's lists are stored up to a bound (the monitor prints 10 processes and ~20 messages):
          // a crafted log of a million entries grew the database by hundreds of MB and broke its page.
          const samples = run.inspected?.samples ?? [];
          if (run.top.length > MAX_STORED_ENTRIES || samples.length > MAX_STORED_ENTRIES) {
            // A list the scanner read only to MAX_LIST_ENTRIES (its issue says so) holds more.
            const topCut = run.issues.some((issue) => issue.message === TOP_REST_UNREAD);
            const messagesCut = run.issues.some((issue) => issue.message === MESSAGES_REST_UNREAD);
            const count = (n: number, more: boolean) => `${more ? "more than " : ""}${n.toLocaleString("en-US")}`;
            const cut = [run.top.length > MAX_STORED_ENTRIES ? `${count(run.top.length, topCut)} processes in its top list` : null, samples.length > MAX_STORED_ENTRIES ? `${count(samples.length, messagesCut)} sampled messages` : null].filter(Boolean).join(" and ");
            const judged = topCut || messagesCut ? `the first ${MAX_LIST_ENTRIES.toLocaleString("en-US")} read` : "all of them";
            warnings.push(`${file.fileName}:${run.line}:1: this run holds ${cut}: the first ${MAX_STORED_ENTRIES.toLocaleString("en-US")} of each are stored (its verdict was made from ${judged})`);
          }
          if (unnamedWarning === null && run.sourceKind === "monitor" && (run.job === null || run.number === null)) {
            // Stored all the same (a log pasted by hand names nothing), but a CI job that forgot its
            // fields (the README's Jenkins line in GitHub Actions) hears it: builds without a job share
            // one history whatever CI sent them, and a build without a number has no address of its own.
            // (A snapshot of another format, a pasted ejabberd.log, names no build by nature.)
            const missing = [run.job === null ? "job" : null, run.number === null ? "number" : null].filter((part) => part !== null);
            const why = run.job === null ? "builds without a job share one history, whatever CI sent them" : "a build without a number has no address of its own (/builds/by-id/…)";
            unnamedWarning =
              `${file.fileName}:${run.line}:1: stored without a ${missing.join(" and ")}: neither the upload (${missing.map((part) => `${part}=`).join(", ")}) nor the log (JOB_NAME=, BUILD_NUMBER=, BUILD_URL= lines, a file name like <job>_<number>.log) named it; ` +
              `${why} (README: Pushing logs from CI)`;
            warnings.push(unnamedWarning);
          }
          // A run may end in the chunk it started in, before that chunk is hashed: its build is looked up now.
          if (run.sourceKind === "monitor") await state.beforeHash?.();
          const earlier = state.earlier;
          const holds = held === null && earlier !== null && run.sourceKind === "monitor" && run.job === earlier.job && run.number === earlier.number;
          const rows: HeldBuild = [
            buildRow(logId, run, classification, roomId, options.threshold, await attemptOf(run, holds ? earlier : null)),
            // The run's own entries and samples are the rows (a store reads the row fields alone; a
            // sample's decoded texts are made JSON by the store, on SQLite on the writer thread).
            run.top.length > MAX_STORED_ENTRIES ? run.top.slice(0, MAX_STORED_ENTRIES) : run.top,
            samples.length > MAX_STORED_ENTRIES ? samples.slice(0, MAX_STORED_ENTRIES) : samples,
            { fileName: file.fileName, line: run.line },
          ];
          if (!lookedByBuild && !holds && meta.attempt === undefined) {
            // Grown, under any name: the stored logs whose build at this seq is this file's first run.
            // (Read once the run has ended: the bytes of a log of that run alone may be hashed already.)
            lookedByBuild = true;
            for (const candidate of await session.findLogsBeginningWith(rows[0], notGrown)) {
              if (grownCandidates.some((known) => known.logId === candidate.logId)) continue;
              markPrefix(state, candidate.size);
              if (!state.prefixes.has(candidate.size)) continue; // further back than `recent` keeps
              grownCandidates.push(candidate);
            }
            state.recent = null;
          }
          seqOfLine.set(run.line, run.seq);
          if (rows[0].number !== null) {
            startPrints.set(run.line, startPrint(rowsFingerprint(rows[0], rows[1], [], false)));
            runPrints.set(run.line, { inspected: startPrint(rowsFingerprint(rows[0], rows[1], [], true)), samples: rows[2].length });
          }
          if (holds) held = rows;
          else {
            await session.insertBuild(...rows);
            firstStored ??= rows[0];
            lastStored = { rows, cut: run.inspected?.samplesCut === true };
          }
          // Kept (a few runs at most) to be compared with the stored log's last run, and stored in its place.
          if (!holds && !grownHeld.has(run.seq) && grownCandidates.some((candidate) => candidate.lastSeq === run.seq)) grownHeld.set(run.seq, rows);
          touched.add(run.job);
          builds++;
          times.push(run.startedAt);
          await yieldNow();
        }
      } catch (error) {
        throw toAppError(error, file.fileName, state);
      }
      if (builds === 0 && storedAlready === 0 && unread !== null) {
        throw unreadableAt(file.fileName, unread.line, unread.column, `nothing read: ${unread.message}${oneLineHint(state)}`, "nothing_read");
      }
      const sha256 = state.hash.digest("hex");
      const earlier = state.earlier;
      /** Beginning: this file's first bytes are the stored log of its first build, which held that build alone. */
      const begins = held !== null && earlier !== null && beginsWith(state, earlier);
      if (held !== null && !begins) {
        // Not its beginning: written as any other build (a 409 below, as the build is stored; with
        // `next`, the attempt after the stored one).
        if (given === "next" && earlier !== null) held[0] = { ...held[0], attempt: earlier.attempt + 1 };
        await session.insertBuild(...held);
        held = null;
      }
      // Grown: the longest of the candidates (above) that this file begins with. Its
      // builds are this file's runs up to its last one, which the monitor may still have been
      // writing when it was read: kept when it reads the same now, stored again from here if not.
      // (Not with `earlier`: a CI console whose first build's log is stored, handled above.)
      // Tried longest first: one read under other names (below) leaves the shorter ones to try.
      const begun = !begins && earlier === null ? grownCandidates.filter((candidate) => beginsWith(state, candidate)).sort((a, b) => b.size - a.size) : [];
      let conflicts = await session.takeConflicts();
      let grown: GrownPlan | null = null;
      for (const from of begun) {
        const lastRows = grownHeld.get(from.lastSeq) ?? null;
        const same = lastRows === null || rowsFingerprint(lastRows[0], lastRows[1], lastRows[2]) === (await session.buildFingerprint(from.logId, from.lastSeq));
        const keepBelowSeq = same ? from.lastSeq + 1 : from.lastSeq;
        // The same bytes read under another job or number (this upload sent `job=` or `number=` that
        // the stored one did not) are other builds, stored as they are. The last run is compared by its
        // names here (when it reads differently it is not among those the store compares).
        const renamed =
          lastRows !== null &&
          (lastRows[0].job !== from.job || lastRows[0].sourceKind !== from.last.sourceKind || lastRows[0].number !== from.last.number || lastRows[0].attempt !== from.last.attempt);
        if (renamed || (await session.grownMismatches(from.logId, logId, keepBelowSeq)) > 0) continue;
        // This file's reading of the last run, when it differs and was refused as the stored build
        // (a numbered run): stored in that build's place once the stored log is gone.
        const refused = !same && (await session.buildFingerprint(logId, from.lastSeq)) === null;
        grown = { result: null, from, keepBelowSeq, replacesLast: !same, replacing: refused ? lastRows : null };
        // This file's numbered runs up to the stored log's last were refused as stored: they are its
        // builds. A later run refused as one of them (the same number again) is still the 409.
        const fromLog = from.logId;
        const lastSeq = from.lastSeq;
        conflicts = conflicts.filter((conflict) => {
          const details = conflict.details as { logId?: number; line?: number } | undefined;
          const seq = details?.line === undefined ? undefined : seqOfLine.get(details.line);
          return !(details?.logId === fromLog && seq !== undefined && seq <= lastSeq);
        });
        claimedGrown.add(from.logId);
        break;
      }
      const existing = await session.findLogBySha(sha256);
      if (existing === null && conflicts[0]) {
        // PostgreSQL: the stored log this file grows from (or begins with) was replaced meanwhile by
        // another upload of the same file, which stored this file's next runs first. Their conflict
        // names that upload's log, which this file was never compared with: sent again, it is. (Only
        // when that log holds the replaced one's last build now, which it then took over: a log
        // deleted meanwhile, and a conflict with another, is that conflict.)
        const from = grown ? { logId: grown.from.logId, job: grown.from.job, number: grown.from.last.number, attempt: grown.from.last.attempt } : begins ? earlier : null;
        const by = (conflicts[0].details as { logId?: number }).logId;
        if (from && from.job !== null && from.number !== null && by !== undefined && by !== from.logId) {
          if ((await session.findLogOfBuild(from.job, from.number, from.attempt))?.logId === by) throw goneMeanwhile(file.fileName, from.logId, by);
        }
        const start = (line: number | undefined) => {
          const seq = line === undefined ? undefined : seqOfLine.get(line);
          const print = line === undefined ? undefined : startPrints.get(line);
          return seq === undefined || print === undefined ? undefined : { seq, print };
        };
        // (Not when the upload gave the start time: the log's own runs may print none, and a re-run's the same list.)
        const runOf = (line: number | undefined) => (meta.startedAt !== undefined || line === undefined ? undefined : runPrints.get(line));
        throw new RefusedFile(await sameStored(await longerStored(conflicts[0], file.fileName, state.size, session, start), file.fileName, session, start, runOf));
      }
      /** This file as the shorter or longer of two copies (see Shorter), once stored. */
      let copy: OwnCopy | null = null;
      if (existing === null && held === null && earlier === null && lastStored !== null && firstStored !== null) {
        const me: OwnCopy = {
          logId,
          fileName: file.fileName,
          size: state.size,
          job: lastStored.rows[0].job,
          lastSeq: lastStored.rows[0].seq,
          seqs: [...seqOfLine.values()],
          first: firstStored,
          last: lastStored,
        };
        copy = me;
        // (Read only when there is a longer log, or another copy in this upload: the usual upload asks nothing more.)
        const longerLogs = grown === null ? grownCandidates.filter((candidate) => candidate.size > me.size) : [];
        const longer = longerLogs.length > 0 ? await storedLongerCopy(session, me, longerLogs) : null;
        if (longer !== null) throw new RefusedFile(shorterCopy(file.fileName, state.size, builds, longer, applied.length > 1));
        // Two copies in this one upload (under any names; one may have grown from a stored log): neither
        // is stored, the longer alone is what to send. Unnumbered runs only: numbered ones are refused
        // by their numbers. Only another file that begins with the same run is compared.
        for (const other of ownCopies) {
          if (other.job !== me.job || other.size === me.size || me.first.number !== null || !sameRun(other.first, me.first)) continue;
          const [shorter, longerOne] = other.size < me.size ? [other, me] : [me, other];
          if ((await storedLongerCopy(session, shorter, [longerOne])) !== null) throw new RefusedFile(copiesInOneUpload(file.fileName, other.fileName));
        }
      }
      const outcome = existing === null ? await session.finishLog({ id: logId, sha256, size: state.size, buildCount: builds }) : "duplicate";
      if (outcome === "duplicate") {
        await session.rollbackToSavepoint();
        roomIds.clear();
        const stored = existing ?? (await session.findLogBySha(sha256));
        // The same content again: its snapshots are "stored already" because it stored them; the note says so.
        // (Nor is it renumbered: the stored builds keep their numbers, and the note says what was not applied.)
        const own = warnings.all(file.fileName).filter((warning) => !storedWarnings.has(warning) && !renumbered.has(warning) && warning !== unnamedWarning);
        const result: IngestedLog = { fileName: file.fileName, sha256, size: state.size, duplicate: true, logId: stored ?? logId, builds: [], note: null, replaced: null, warnings: own };
        results.push(result);
        sentMeta.set(result, { meta, times });
        continue;
      }
      await session.releaseSavepoint();
      if (copy !== null) ownCopies.push(copy);
      for (const job of touched) jobs.add(job);
      const result: IngestedLog = { fileName: file.fileName, sha256, size: state.size, duplicate: false, logId, builds: [], note: null, replaced: null, warnings: warnings.all(file.fileName) };
      results.push(result);
      if (held !== null && earlier !== null && begins) replacements.push({ result, earlier, held });
      if (grown !== null) {
        grownPlans.push({ ...grown, result });
        jobs.add(grown.from.job);
        // A snapshot of this file found stored in the log it grew from is one of the builds it keeps: no warning.
        grownWarnings.set(result, storedWarnings);
      }
    }
    // The form has ended (the files are all read): a field that came after a file started is an
    // error here, inside the transaction, so that nothing read without it is kept.
    if (options.fieldsSoFar) {
      const late = lateFields(applied, { ...options.fieldsSoFar(), ...options.meta });
      if (late) throw late;
    }
    // In one order everywhere (regroupOrder): on PostgreSQL each job's regrouping takes a lock. The
    // snapshots' locks of the logs this upload replaces come before any of them (lockSnapshotsOfWith).
    await session.lockSnapshots([...replacements.map((r) => r.earlier.logId), ...grownPlans.map((plan) => plan.from.logId)]);
    const ordered = regroupOrder(jobs);
    const logIds = results.filter((result) => !result.duplicate).map((result) => result.logId);
    for (const job of ordered) {
      let deleted = false;
      for (const { result, earlier, held } of replacements) {
        if (earlier.job !== job) continue;
        // Here, in the regroup order, so that on PostgreSQL this job's lock (the delete takes it) is
        // taken after those of the jobs before it, as every upload and deletion takes them.
        const gone = await session.deleteLog(earlier.logId);
        await session.insertBuild(...held);
        const conflicts = await session.takeConflicts();
        if (conflicts[0]) throw conflicts[0];
        if (gone === null) continue; // deleted meanwhile (PostgreSQL: another upload replaced it first)
        deleted = true;
        result.replaced = { logId: earlier.logId, fileName: earlier.fileName, sha256: earlier.sha256, size: earlier.size };
        result.note =
          `this log begins with log ${earlier.logId} (${earlier.fileName}, its first ${earlier.size.toLocaleString("en-US")} bytes), which held ${buildLabel({ job, number: earlier.number, attempt: earlier.attempt })} alone: ` +
          `the same console sent before it was complete. Log ${earlier.logId} was replaced by this one: the build now holds what the whole console says`;
      }
      for (const plan of grownPlans) {
        if (plan.from.job !== job || plan.result === null) continue;
        const { result, from } = plan;
        // In the regroup order, as a deletion: on PostgreSQL the job's lock comes before any of its rows.
        const replacing = plan.replacing;
        const adopted = await session.adoptGrownLog({ from: from.logId, to: result.logId, keepBelowSeq: plan.keepBelowSeq, job }, async () => {
          if (replacing === null) return;
          await session.insertBuild(...replacing);
          const conflicts = await session.takeConflicts();
          if (conflicts[0]) throw conflicts[0];
        });
        if (adopted === null) throw goneMeanwhile(result.fileName, from.logId);
        deleted = true;
        const kept = new Set(adopted.kept);
        result.replaced = { logId: from.logId, fileName: from.fileName, sha256: from.sha256, size: from.size };
        grownKept.set(result, { from, kept, replacedLast: plan.replacesLast && adopted.dropped > 0 });
        const found = grownWarnings.get(result);
        if (found) result.warnings = result.warnings.filter((warning) => !kept.has(found.get(warning) ?? -1));
      }
      // A log deleted: the job's incidents are regrouped whole, as a deletion regroups them.
      await session.rebuildIncidents(job, options.threshold, deleted ? undefined : logIds);
    }
    return { results, sentMeta, grownKept };
  }).catch(async (error: unknown) => {
    // A file's 409, or, when a form field came after a file started (lateFields), the 400 for it:
    // the file was judged without it (a late `attempt=` or `job=` may be what makes it another
    // build). Fields after the file are known once the form has been read: the rest of it is, its
    // files passed over, after the transaction (a client that stalls then holds no writer: a
    // review, 2026-12-07). Nothing of the upload is stored either way.
    if (!(error instanceof RefusedFile) || !options.fieldsSoFar) {
      await files.return?.();
      throw error instanceof RefusedFile ? error.conflict : error;
    }
    for (let rest = await files.next(); !rest.done; rest = await files.next()) for await (const chunk of rest.value.chunks) void chunk;
    throw lateFields(applied, { ...options.fieldsSoFar(), ...options.meta }) ?? error.conflict;
  });
  /** A read failed after its retries: the next files' are tried once each (a 4-file upload waited 5 s). */
  let unreadable = false;
  for (const result of results) {
    let rows: StoredBuild[];
    try {
      rows = await readAfterCommit(() => store.buildsOfLog(result.logId), unreadable ? [] : AFTER_COMMIT_RETRIES_MS);
    } catch (error) {
      const why = passing(error) ? databaseUnavailable(error) : null;
      if (why === null) throw error;
      unreadable = true;
      // Stored: the answer says so and where its builds are, not a 503 "nothing was stored".
      console.error(`upload of ${result.fileName} stored as log ${result.logId}; reading its builds back failed: ${error instanceof Error ? error.message : String(error)}`);
      result.buildsUnread = true;
      result.warnings = [
        ...result.warnings,
        `${result.fileName}: ${result.duplicate ? "stored before" : "stored"} as log ${result.logId}, but its builds could not be read back for this answer (${why}): /builds?logId=${result.logId} lists them`,
      ];
      continue;
    }
    result.builds = rows.map((row) => ({
      id: row.id,
      job: row.job,
      number: row.number,
      attempt: row.attempt,
      startedAt: row.startedAt,
      sourceKind: row.sourceKind,
      node: row.node,
      permalink: buildPermalink(row),
      incident: row.incident,
      culprit: row.culpritClass ? { class: row.culpritClass, subject: row.culpritSubject } : null,
      kept: grownKept.get(result)?.kept.has(row.id) ?? false,
    }));
    const grown = grownKept.get(result);
    if (grown) result.note = grownNote(grown, result.builds);
    const sent = sentMeta.get(result);
    if (result.duplicate && sent) result.note = duplicateNote(result.logId, sent.meta, rows, sent.times);
  }
  return results;
}
