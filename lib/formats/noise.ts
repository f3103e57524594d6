// ## What can make a line matter to the snapshot scanner between sections
//
// For the splitter's noise skipping (monitor-log/line-reader.ts): with no
// section open, a line reaches the readers' `starts` and the monitor scanner
// only. The monitor states its own plan (monitor-log/noise.ts); here is what
// each reader's `starts` can react to, as literal pieces that every line it
// accepts contains (noise.test.ts holds each reader to it), and the reader
// states in which `starts` reacts to more than a literal (then nothing is
// skipped). The scanner also keeps the latest timestamp (a snapshot without
// its own takes it): the plan asks the splitter for the last timestamped
// noise line before each line it hands over.
//
// Pieces are short and start with a byte rare in CI output (see
// monitor-log/noise.ts for why).

import { noisePlan, type NoisePlan } from "../monitor-log/line-reader";
import type { LineView } from "./reader";
import { mayStartWithPrompt, withoutPrompts } from "./shell-prompt";
import type { SourceKind } from "./types";

/** Reader → a literal its `starts` requires → the piece searched for. */
export const READER_PIECES: ReadonlyArray<readonly [reader: SourceKind, literal: string, piece: string]> = [
  ["ejabberd_system_monitor", "@ejabberd_system_monitor:", "@ejabb"], // a watchdog warning (WATCHDOG)
  ["ejabberd_system_monitor", "max_queue", "queue"], // a crash report naming max_queue
  ["ejabberd_system_monitor", "Killed ", "Killed"], // a `Killed` line that follows no warning (18.x's crash.log: no `@ejabb`)
  ["ejabberd_system_monitor", "The system is overloaded", "The sy"], // 18.x's overload warning, no location (ERROR_LOGGER)
  // 18.x's `Process <p> consumes more than 5% of OS memory`, no location (ERROR_LOGGER). Not `Proces`:
  // "Processing …" lines are common in CI output, and each would be handed over.
  ["ejabberd_system_monitor", "% of OS memory", "% of O"],
  ["ejabberd_system_monitor", "crasher:", "crashe"], // a multi-line crash report's first line (CRASHER): its pid comes before max_queue
  ["recon_proc_count", "message_queue_len", "queue"], // the shell prompt calling proc_count (PROMPT ends with it)
  ["recon_proc_count", "{", "{"], // `[{<0.1.0>,12,` / `[{#PID<0.1.0>, 12,`: the list's first entry (ENTRY_START)
  ["system_monitor", "Suspect Proc", "Suspec"],
  ["etop", "MsgQ", "MsgQ"], // the column header (HEADER)
  ["etop", "====================", "====="], // the rule above a screen (RULE): the node line follows
];

/**
 * etop names a screen's node by the first non-blank line after its `====`
 * rule, used when the header comes at most 8 lines after the rule: the
 * lines that may name it are the 7 after the rule (the 8th, if it counts,
 * is the header itself, a piece line). All of them are handed over.
 */
export const ETOP_NODE_WINDOW = 7;

const plans = new Map<NoisePlan, NoisePlan>();

/** The snapshot scanner's plan, given its monitor scanner's: both sets of pieces, and the latest stamp kept. */
export function snapshotNoisePlan(monitor: NoisePlan): NoisePlan {
  let plan = plans.get(monitor);
  if (!plan) {
    plan = noisePlan([...monitor.texts, ...READER_PIECES.map(([, , piece]) => piece)], { next: monitor.nextStamp, last: true, cuts: monitor.cuts, before: monitor.lineBefore });
    plans.set(monitor, plan);
  }
  return plan;
}

/**
 * Follows the two reader states that make more lines matter than the
 * pieces say: recon after a prompt (`awaiting`: then a `[` alone opens its
 * output) and etop after a rule. Fed every line the scanner sees and every
 * section a reader begins; errs on the side of "every line matters".
 */
export function createReaderWatch() {
  let reconPrompted = false;
  let etopRuleLine = -Infinity;
  return {
    line(view: LineView): void {
      // (etop's reader reads a line without the shell prompts it starts with: so does this.)
      if (view.first !== 61 && !mayStartWithPrompt(view.first)) return;
      if (view.text.includes("====================") && withoutPrompts(view).first === 61) etopRuleLine = view.printed;
    },
    begin(kind: SourceKind, view: LineView): void {
      // recon's `begin` sets `awaiting` at a prompt (it names proc_count) and clears it at anything else.
      if (kind === "recon_proc_count") reconPrompted = view.text.includes("proc_count");
    },
    /** True while a line without any piece may still matter to a reader (`printed`: LineView's, of the last line). */
    busy(printed: number): boolean {
      return reconPrompted || printed - etopRuleLine < ETOP_NODE_WINDOW;
    },
  };
}
