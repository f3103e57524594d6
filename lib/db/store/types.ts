// ## The write side, for both databases
//
// The ingest speaks to a session inside one transaction; SQLite and
// PostgreSQL each implement it the way they write fastest (prepared
// statements on one connection; batched multi-row INSERTs over one pooled
// connection). Rows here are app values (Date, boolean); each store converts.
import type { AppError } from "@/lib/errors";
import type { DeletedLog } from "./delete-log";
import type { GrownCandidate } from "./grown-log";
import type { RegroupMode } from "./incidents";
import type { VerdictUpdate } from "./verdicts";

export type BuildRow = {
  logId: number;
  seq: number;
  sourceKind: string;
  node: string | null;
  killedCount: number | null;
  job: string | null;
  number: number | null;
  /** 1, or the re-run's attempt (BuildRow of `attempt=next` carries the value it resolved to). */
  attempt: number;
  startedAt: Date | null;
  url: string | null;
  worstQueueLen: number | null;
  inspectedPid: string | null;
  inspectedQueueLen: number | null;
  inspectedDead: boolean;
  incident: boolean;
  culpritClass: string | null;
  culpritSubject: string | null;
  culpritRule: string | null;
  culpritEvidence: string | null;
  culpritService: boolean;
  roomId: number | null;
  createdAt: Date;
};

export type TopRow = { rank: number; pid: string; queueLen: number };

export type SampleRow = {
  index: number;
  kind: string;
  summary: string;
  destination: string | null;
  raw: string;
  /**
   * The texts decoded from the sample's binaries, stored as their JSON (NULL when there are none:
   * sampleDecodedJson); or that JSON (or NULL) already. The ingest hands the texts over, so that
   * the SQLite store makes the JSON on its writer thread, not on the one that reads the log.
   */
  decoded: string | readonly string[] | null;
};

/** What the `decoded` column stores for a sample row (see SampleRow; sqlite-writer-core.mjs says the same). */
export function sampleDecodedJson(decoded: SampleRow["decoded"]): string | null {
  if (decoded === null || typeof decoded === "string") return decoded;
  return decoded.length > 0 ? JSON.stringify(decoded) : null;
}

export type StoredBuild = {
  id: number;
  job: string | null;
  number: number | null;
  attempt: number;
  /** ISO 8601, or null when the log gave no time. */
  startedAt: string | null;
  /** The CI build's link, as stored (for a duplicate upload's note). */
  url: string | null;
  sourceKind: string;
  node: string | null;
  incident: boolean;
  culpritClass: string | null;
  culpritSubject: string | null;
};

/** `seq`: the build's place in that log (its run's order, from 0). */
export type LogOfBuild = { logId: number; fileName: string; sha256: string; size: number; builds: number; attempt: number; seq: number };

export interface IngestSession {
  insertLog(args: { placeholderSha: string; fileName: string; uploadedAt: Date }): Promise<number>;
  finishLog(args: { id: number; sha256: string; size: number; buildCount: number }): Promise<"stored" | "duplicate">;
  findLogBySha(sha256: string): Promise<number | null>;
  /**
   * A stored snapshot of another format (not a monitor run) of this job with this source, time,
   * node and inspected process, or null: the same log lines printed again by another build's
   * console (a job that runs `tail ejabberd.log` every build). Uses the (sourceKind, startedAt) index.
   */
  findSnapshot(args: { job: string | null; sourceKind: string; startedAt: Date; node: string | null; pid: string; queueLen: number | null }): Promise<number | null>;
  /**
   * Takes the locks of the snapshots these logs hold (PostgreSQL; see lib/db/store/snapshot-copies.ts),
   * before any job's: a transaction about to delete several logs, or logs its files replace.
   */
  lockSnapshots(logIds: readonly number[]): Promise<void>;
  /** Writes stored builds' verdicts again (lib/db/reclassify.ts). */
  updateVerdicts(updates: VerdictUpdate[]): Promise<void>;
  /** Log `logId` prints, as its run `seq` (its console's build URL `url`), the snapshot stored as build `buildId` (lib/db/store/snapshot-copies.ts). */
  recordSnapshotCopy(copy: { buildId: number; logId: number; seq: number; url: string | null }): Promise<void>;
  /**
   * The stored log that holds build `job` #`number` (its attempt `attempt`, or with null its latest
   * attempt), with its size, content hash, how many builds it holds in all and the attempt found;
   * null when no such build is stored. (A console pushed before its build finished, then whole: the
   * ingest checks whether that log is the beginning of the one being read. `attempt=next`: the
   * latest attempt is the one a new run comes after.) The upload's own builds so far count. With
   * `lock`, the build number's attempts are locked until the transaction ends (PostgreSQL; SQLite's
   * one writer runs one upload at a time anyway), so that two uploads resolving `attempt=next` for
   * the same build take one attempt each instead of racing for the same one.
   */
  findLogOfBuild(job: string, number: number, attempt: number | null, lock?: boolean): Promise<LogOfBuild | null>;
  upsertRoom(room: { jid: string; name: string; host: string }): Promise<number>;
  /**
   * Queues a build with its top list and samples. A build whose job, number and attempt
   * are already stored is not written: it is reported by `takeConflicts()`.
   */
  insertBuild(build: BuildRow, top: TopRow[], samples: SampleRow[], label: { fileName: string; line: number }): Promise<void>;
  /** Writes whatever is queued; returns the conflicts found since the last call. */
  takeConflicts(): Promise<AppError[]>;
  savepoint(): Promise<void>;
  rollbackToSavepoint(): Promise<void>;
  releaseSavepoint(): Promise<void>;
  /**
   * Regroups one job's incidents from its stored builds. Given the upload's log ids, it resumes from
   * the job's open incidents over those logs' builds when they all come after the job's other builds
   * (see incidents.ts); otherwise, or without them, it regroups the whole job.
   */
  rebuildIncidents(job: string | null, threshold: number, logIds?: number[]): Promise<RegroupMode>;
  /**
   * The upload will regroup its jobs with `threshold` (rebuildIncidents with its log ids): a store may
   * group the builds as they are stored, so that little is left to do after the last one (SQLite:
   * live-incidents.ts). Called before the first build; the incidents are the same either way.
   */
  groupWhileStoring?(threshold: number): void;
  /**
   * Deletes a stored log and its builds (their top lists and samples with them); null when there is
   * no such log. Its jobs come back in regroup order: the caller regroups them in this transaction.
   */
  deleteLog(logId: number): Promise<DeletedLog | null>;
  /** The latest stored logs of this file name an upload may have grown from (lib/db/store/grown-log.ts). */
  findGrownCandidates(fileName: string, exclude: ReadonlySet<number>): Promise<GrownCandidate[]>;
  /** The latest stored logs whose build at `build.seq` is this one, under any name (grown-log.ts). */
  findLogsBeginningWith(build: BuildRow, exclude: ReadonlySet<number>): Promise<GrownCandidate[]>;
  /** The content fingerprint of stored build `seq` of a log (grown-log.ts), of its first `samples` samples when given; null when there is none. */
  buildFingerprint(logId: number, seq: number, samples?: number, withInspected?: boolean): Promise<string | null>;
  /** Builds of log `from` before `keepBelowSeq` that the upload's log `to` read under another source, job, number or attempt. */
  grownMismatches(from: number, to: number, keepBelowSeq: number): Promise<number>;
  /**
   * Log `to` takes over log `from`'s builds before `keepBelowSeq`; `from` goes with the rest (see
   * grown-log.ts). Null when `from` is gone. Called in the regroup order, at `job`, as deleteLog is.
   */
  adoptGrownLog(
    args: { from: number; to: number; keepBelowSeq: number; job: string | null },
    then?: () => Promise<void>,
  ): Promise<{ kept: number[]; dropped: number } | null>;
}

export interface Store {
  readonly kind: "sqlite" | "postgres";
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (session: IngestSession) => Promise<T>): Promise<T>;
  buildsOfLog(logId: number): Promise<StoredBuild[]>;
  /** Applies pending migrations (idempotent; safe with several instances starting at once). */
  /** `unknown`: migrations the database records that this version does not have (a newer version's: a rollback). */
  migrate(): Promise<{ applied: string[]; unknown: string[] }>;
  /**
   * Since when (`performance.now()`) another transaction has been waiting for this store's writer,
   * or null when none is (SQLite: one writer per process, transactions take turns). An upload whose
   * reader starves on its client meanwhile gives the writer up (lib/upload/spool.ts). Absent where
   * transactions do not wait on each other.
   */
  contendedSince?(): number | null;
  /** Gets ready to write, in the background (SQLite: starts the writer thread), so that the first upload does not wait for it. */
  warm?(): void;
  close(): Promise<void>;
}
