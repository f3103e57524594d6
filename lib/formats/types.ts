// ## Snapshots: one normalized incident, whatever format it was read from
//
// A Snapshot is a MonitorRun (lib/monitor-log/types.ts) plus what the other
// formats know: where it came from, the node when the log names one, what
// ejabberd's watchdog did about it. The DB ingest stores a snapshot exactly
// like a run, and `classifyRun(snapshot)` judges it without knowing the
// format: the process facts the new rules read travel in `inspected.info`.
//
// Conventions are MonitorRun's: UTF-16 offsets into the whole log, 1-based
// lines and columns, `top` ranked by queue length (1 = longest), pids in the
// Erlang spelling `<0.4121.0>` whatever the input used.

import type { InspectedProcess, MonitorRun, ScanOptions } from "../monitor-log/types";

/** Which format a snapshot was read from (the CLI's `sourceKind`). */
export type SourceKind = "monitor" | "ejabberd_system_monitor" | "recon_proc_count" | "system_monitor" | "etop";

export const SOURCE_KINDS = ["monitor", "ejabberd_system_monitor", "recon_proc_count", "system_monitor", "etop"] as const satisfies readonly SourceKind[];

/**
 * What a format says about a process besides its queue: the facts the
 * classifier's process rules read (lib/classify/rules.ts). Every field is
 * null/empty when the format does not print it.
 */
export type ProcessInfo = {
  /** Registered name (`rex`, `'Elixir.Supavisor.MetricsCleaner'` as `Elixir.Supavisor.MetricsCleaner`). */
  registeredName: string | null;
  /** `M:F/A`, e.g. `mod_muc_room:init/1`. */
  initialCall: string | null;
  /**
   * `initialCall` is as a format printed it cut short, so its end is unknown: etop cuts its Name
   * column to 20 characters (`xmpp_stream_in:init/1` prints as `xmpp_stream_in:init/`, and
   * `p1_mysql_conn:init/1` may be a cut `/10`). Rules compare it as a prefix (lib/classify/rules.ts's `callIs`).
   */
  initialCallCut?: boolean;
  /** `M:F/A`, e.g. `gen:do_call/4`. */
  currentFunction: string | null;
  /**
   * `currentFunction` is cut short as the format printed it: etop's Current Function column is
   * 20 characters too (`gen_fsm:sync_send_event/3` prints as `gen_fsm:sync_send_ev`). Rules
   * compare it as a prefix (lib/classify/rules.ts's `inCall`).
   */
  currentFunctionCut?: boolean;
  /** Registered names or pids, nearest first (ejabberd prints them). */
  ancestors: string[];
  application: string | null;
  /** Bytes. */
  memory: number | null;
  reductions: number | null;
  /** `M:F/A` frames, innermost first (system_monitor's `current_stack:`). */
  currentStack: string[];
  /** The exit reason, for a crash report (`{process_limit,{max_queue,5003}}`). */
  exit: string | null;
  /** ejabberd's watchdog killed processes in this incident (a `Killed N process(es)` line followed). */
  killed: boolean;
};

/** The process a snapshot is about; `info` is what its format printed about it. */
export type SnapshotProcess = InspectedProcess & { info?: ProcessInfo };

/** One incident, in MonitorRun's shape (see the file comment). */
export type Snapshot = Omit<MonitorRun, "inspected"> & {
  inspected: SnapshotProcess | null;
  sourceKind: SourceKind;
  /** Erlang node (`ejabberd@host`) when the log names it; null otherwise. */
  node: string | null;
  /** `Killed N process(es) consuming more than M message(s) each`: ejabberd's watchdog acted. */
  killed: { count: number; threshold: number } | null;
  /**
   * The culprit is a MUC *service* (`conference.example.org`), not a room:
   * ejabberd's watchdog names a `mod_muc_room` process by its supervisor,
   * never by its room JID.
   */
  service: boolean;
};

export type SnapshotOptions = ScanOptions & {
  /** Queue length at or above which a snapshot is an incident (for callers that classify). Default 100. */
  threshold?: number;
};
