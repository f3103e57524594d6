/** Types for sqlite-writer-core.mjs (the SQLite write side of an ingest, shared by the writer worker and the in-thread fallback). */
import type Database from "better-sqlite3";

export const BUILD_COLUMNS: readonly string[];
export const BUILD_STRIDE: number;
export const TOP_STRIDE: number;
export const SAMPLE_STRIDE: number;
export const LIVE_INCIDENT_COLUMNS: readonly string[];
export const INCIDENT_STRIDE: number;
/** The connections' journal_size_limit, in bytes. */
export const WAL_SIZE_LIMIT_BYTES: number;

/** A build not written: its job, number and attempt are stored already, as build `id` of log `logId`. */
/** `logId`: the stored build's log; `ownLogId`: the log of the build refused (the same: one log names the build twice). */
export type ConflictFound = { fileName: string; line: number; id: number; logId: number; ownLogId: number; job: string; number: number; attempt: number };

/** A batch of builds, flat (see sqlite-writer-core.mjs). */
export type BuildBatch = {
  fileName: string;
  builds: unknown[];
  tops: unknown[];
  samples: unknown[];
  texts?: unknown[];
  /** Live incidents closed by this batch's builds or before (see sqlite-writer-core.mjs), flat. */
  incidents?: unknown[];
};

export type WriterMessage =
  | { op: "begin" | "commit" | "rollback" | "takeConflicts" | "checkpoint" }
  /** The bulk path's figures since they were last taken (BulkFigures), reset. */
  | { op: "bulkStats" }
  | { op: "exec"; sql: string }
  | { op: "rollbackToSavepoint"; name: string }
  | { op: "get" | "all" | "run"; sql: string; params: unknown[]; cache?: boolean }
  | ({ op: "builds" } & BuildBatch)
  /** The ids of builds the upload names by their place (-1 - place; -1: not written), and whether a live incident of the job failed. */
  | { op: "liveIds"; job: string | null; refs: number[] }
  /** The job's live incidents are kept, or (`undo`) unlinked and deleted. */
  | { op: "liveDone"; job: string | null; undo: boolean };

/**
 * What the writer's bulk path did since its figures were last taken: batches of builds handled, the
 * rows they inserted (builds, top entries, samples), and milliseconds spent handling them. The writer
 * thread adds `activeMs`: its event loop's busy time over the same span (every message it handled,
 * their structured clones included).
 */
export type BulkFigures = { batches: number; rows: number; ms: number; activeMs?: number };

export type Writer = {
  /** Handles one message on the connection; returns its answer (structured-clonable) or throws. */
  handle(message: WriterMessage): unknown;
};

export function createWriter(db: Database.Database): Writer;
