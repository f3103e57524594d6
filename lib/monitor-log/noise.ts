// ## What can make a line matter to the idle monitor scanner
//
// For the splitter's noise skipping (line-reader.ts): between sections the
// scanner acts only on the lines `markerAt` (markers.ts) recognises, each by
// a literal at the start of its content. A line containing none of the
// pieces below contains none of those literals, so it is noise.
//
// Each piece is a substring of the literal(s) it stands for, chosen for the
// byte search's sake: at most 6 bytes (Node's Buffer#indexOf stays a memchr
// on the first byte; longer needles switch to Boyer-Moore-Horspool, several
// times slower on log text) and starting with a byte that is rare in CI
// output. markers.test.ts checks each literal still contains its piece.

import { noisePlan, type NoisePlan } from "./line-reader";
import { HEADER, INSPECT, SAMPLES } from "./markers";

/** Literal → the piece searched for. */
export const MONITOR_MARKER_PIECES: ReadonlyArray<readonly [literal: string, piece: string]> = [
  [HEADER, "queue"], // processes sorted by queue_len desc:
  [INSPECT, "queue"], // message queue len of pid
  ["message_queue_len", "queue"], // a top list without its header: `[{<pid>,{message_queue_len,N}}` (markerAt's QUEUE_LEN)
  ["Started by ", "Starte"],
  ["JOB_NAME=", "JOB_NA"],
  ["BUILD_NUMBER=", "BUILD_"],
  ["BUILD_URL=", "BUILD_"],
];

/** `message in pid <pid> :` only matters while a run has its inspected pid and no message list yet. */
export const SAMPLES_PIECE: readonly [literal: string, piece: string] = [SAMPLES, "in pid"];

const pieces = [...new Set(MONITOR_MARKER_PIECES.map(([, piece]) => piece))];
// Once a build has had a run, a later run's time may be on the line before it or on the last
// stamped line since the run before (scan.ts's laterRunStamp): both are handed over (`before`, `last`).
const PLANS = [false, true].flatMap((before) =>
  [false, true].flatMap((cuts) => [
    noisePlan(pieces, { cuts, before, last: before }),
    noisePlan(pieces, { next: true, cuts, before, last: before }),
    noisePlan([...pieces, SAMPLES_PIECE[1]], { cuts, before, last: before }),
    noisePlan([...pieces, SAMPLES_PIECE[1]], { next: true, cuts, before, last: before }),
  ]),
);

/**
 * The plan of an idle monitor scanner: its markers; `wantsStamp` while the
 * build's start time is unknown (its first timestamp is it); `wantsSamples`
 * while a run waits for its message list; `cuts` in a log from GitLab's
 * runner (every piece of a cut line handed over, see NoisePlan); `lineBefore`
 * once the build has had a run (a later run's time may be on the line before
 * it, or on the last stamped line since the run before: both handed over, see
 * NoisePlan's lineBefore and lastStamp).
 */
export function monitorNoisePlan(wantsStamp: boolean, wantsSamples: boolean, cuts = false, lineBefore = false): NoisePlan {
  return PLANS[(lineBefore ? 8 : 0) + (cuts ? 4 : 0) + (wantsSamples ? 2 : 0) + (wantsStamp ? 1 : 0)]!;
}
