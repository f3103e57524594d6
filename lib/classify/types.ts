// ## Classifier vocabulary

import type { InspectedProcess, SampleInfo, TopEntry } from "../monitor-log/types";

export type CulpritClass = "muc_room" | "sql" | "rpc" | "gen_call" | "dead" | "unknown";

export type RoomRef = {
  /** Bare room JID, host lowercased: `snh-48#pocket48_76366185259598244@conference.easemob.com`. */
  jid: string;
  /** Local part: `snh-48#pocket48_76366185259598244`. */
  name: string;
  /** Domain: `conference.easemob.com`. */
  host: string;
};

/** The verdict for one monitor run. */
export type Classification = {
  class: CulpritClass;
  /** What is stuck: room JID, connection pid, `M:F`, request shape, the dead pid; null for unknown. */
  subject: string | null;
  /** Name of the rule that decided. */
  rule: string;
  /** Human-readable reasons, most decisive first. */
  evidence: string[];
  /** Queue at or above the threshold. */
  incident: boolean;
  /** The inspected pid. */
  pid: string;
  /** Queue length used for `incident` (inspected, or the top list's for a dead process). */
  queueLen: number | null;
  room: RoomRef | null;
  /**
   * A `muc_room` verdict whose subject is the MUC service host, not a room: the process holds
   * stanzas for many rooms (the router or the service itself), or a format names only the service.
   */
  service: boolean;
  /** Samples (indexes) that support the verdict; all of them for `unknown`. */
  sampleIndexes: number[];
};

/** Everything a rule may look at. */
export type RuleContext = {
  inspected: InspectedProcess;
  top: TopEntry[];
};

/**
 * One row of the rule table, discriminated on `kind`:
 * - `process`: decides from the process alone (dead before the check);
 * - `ignore`: claims samples that must not vote (late `{reply, _}` messages);
 * - `samples`: claims each sample it recognises under a subject key; the
 *   rule claiming the most samples wins, its most frequent key is the subject.
 * A sample belongs to the first `ignore`/`samples` rule that claims it.
 */
export type Rule =
  | {
      kind: "process";
      name: string;
      class: CulpritClass;
      /** `service`: the subject is a MUC service host, not a room (Classification.service). */
      decide(ctx: RuleContext): { subject: string | null; evidence: string[]; service?: boolean } | null;
    }
  | {
      kind: "ignore";
      name: string;
      claim(sample: SampleInfo): boolean;
      /** What it set aside, after a count: `late replies`. */
      label: string;
      /** The same for exactly one: `late reply` (the plural label otherwise). */
      labelOne?: string;
    }
  | {
      kind: "samples";
      name: string;
      class: CulpritClass;
      /** Subject key of this sample under this rule, or null when the rule does not recognise it. */
      claim(sample: SampleInfo): string | null;
      /** How the evidence names what was counted, e.g. `messages routed to a conference room`. */
      label: string;
      /** The same for exactly one: `message routed to a conference room` (the plural label otherwise). */
      labelOne?: string;
      /** The verdict's subject, given the most frequent key (default: that key). */
      subject?(ctx: RuleContext, key: string): string;
      /** How the evidence names a key (default: the key itself). */
      keyText?(key: string): string;
      /**
       * What `~P` cut in the samples it claims under a cut key (`cutKey`): `the room's name`. Such
       * samples count for the rule; the subject is the most frequent whole key, if any.
       */
      cutText?: string;
      /** The subject when every sample is cut (default: what is left of the most frequent cut key). */
      cutSubject?(partial: string): string | null;
      /**
       * The verdict when no key holds more than half of the rule's samples (default: the most
       * frequent key all the same). A mailbox of stanzas for many rooms is no one room's process.
       */
      spread?(keys: ReadonlyMap<string, readonly number[]>, count: number): Spread;
    };

/**
 * A key for a sample the rule recognises but whose subject the log cut (`…@conference.example.org`:
 * its room's name cut by `~P`): it counts for the rule, never as the subject while a whole key is
 * there. `UNREAD_KEY` (nothing after the mark): the sample says too little to tell which rule's it
 * is (`{'$gen_call',{...},...}`, cut before its request); it counts only when no sample of any
 * rule says more.
 */
export const CUT_MARK = "\u0000";
export const UNREAD_KEY = CUT_MARK;
export const cutKey = (partial: string): string => `${CUT_MARK}${partial}`;
export const isCutKey = (key: string): boolean => key.startsWith(CUT_MARK);

/** What a samples rule says of samples spread over many keys (Rule `spread`). */
export type Spread = { rule: string; subject: string | null; evidence: string[]; service: boolean };

export type ClassifyOptions = {
  /** Queue length at or above which a build is an incident. Default 100. */
  threshold?: number;
  /** Replace the rule table (tests, experiments). Default: `RULES`. */
  rules?: readonly Rule[];
};
