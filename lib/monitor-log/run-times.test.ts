// When each monitor run started. A CI build starts at its first timestamp (after `Started by`); a
// run after the first in one build (no `Started by` between them: a cron job appending `date` and
// the monitor's output to one file, a build that runs the monitor twice) starts at the stamp of
// its own first line, else at that of the line right before it, else at its build's start. From
// a string and streamed with noise skipping (which must hand the line before over), the same.
import { describe, expect, it } from "vitest";
import { createRunScanner, scanLog } from "./scan";
import { createRandom, feedSkipping, randomChunks } from "./testing/random-log";
import { seedMonitorOutput } from "./testing/seed-output";
import type { MonitorRun } from "./types";

/** Lines of CI chatter, enough for the splitter to skip them in bulk. */
function chatter(n: number, tag: string): string {
  return Array.from({ length: n }, (_, i) => `compiling ${tag} module ${i} of ${n}: ok\n`).join("");
}

function streamed(text: string, seed: number): { runs: MonitorRun[]; skipped: number } {
  const runs: MonitorRun[] = [];
  const counter = { skipped: 0 };
  feedSkipping(createRunScanner({}, (run) => runs.push(run), { detach: true }), randomChunks(new TextEncoder().encode(text), createRandom(seed), [64, 4096, 65536]), counter);
  return { runs, skipped: counter.skipped };
}

function times(runs: MonitorRun[]): (string | null)[] {
  return runs.map((run) => run.startedAt);
}

describe("a run's start time", () => {
  it("a file a cron job appends `date` and the monitor's output to: each run at its own time, from a string and streamed", () => {
    const text = [1, 2, 3]
      .map((hour) => `${chatter(hour === 1 ? 0 : 3000, `h${hour}`)}2026-12-06 0${hour}:00:01 +0000 monitor: connecting to ejabberd@node1\n${seedMonitorOutput(3100 + hour)}`)
      .join("");
    const expected = ["2026-12-06T01:00:01.000Z", "2026-12-06T02:00:01.000Z", "2026-12-06T03:00:01.000Z"];
    expect(times(scanLog(text))).toEqual(expected);
    for (let seed = 1; seed <= 8; seed++) {
      const out = streamed(text, seed);
      expect(times(out.runs), `seed ${seed}`).toEqual(expected);
      expect(out.skipped).toBeGreaterThan(1000);
    }
  });

  it("a run whose first line opens with colour codes: the time on the line before it", () => {
    const text = [1, 2].map((hour) => `2026-12-06 0${hour}:00:01 +0000 monitor: connecting\n\u001b[1m${seedMonitorOutput(3100 + hour)}`).join("");
    expect(times(scanLog(text))).toEqual(["2026-12-06T01:00:01.000Z", "2026-12-06T02:00:01.000Z"]);
    expect(times(streamed(text, 4).runs)).toEqual(times(scanLog(text)));
  });

  it("a run whose first line and the line before it have no time: the latest time since the run before it", () => {
    const text =
      `2026-12-06 01:00:01 +0000 monitor: connecting\n${seedMonitorOutput(3101)}` +
      `2026-12-06 02:00:01 +0000 monitor: connecting\n==== second check ====\n${chatter(2000, "x")}${seedMonitorOutput(3102)}`;
    const expected = ["2026-12-06T01:00:01.000Z", "2026-12-06T02:00:01.000Z"];
    expect(times(scanLog(text))).toEqual(expected);
    for (let seed = 1; seed <= 6; seed++) expect(times(streamed(text, seed).runs), `seed ${seed}`).toEqual(expected);
  });

  it("the latest of several times between two runs, stamped noise skipped in between included", () => {
    const stamped = (n: number, hour: number) =>
      Array.from({ length: n }, (_, i) => `2026-12-06 0${hour}:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")} +0000 step ${i}\n`).join("");
    const text =
      `2026-12-06 01:00:01 +0000 monitor: connecting\n${seedMonitorOutput(3101)}` +
      `${stamped(1500, 2)}\u001b[1m==== colours, no time ====\n${chatter(1500, "y")}${seedMonitorOutput(3102)}`;
    // The last stamped line: step 1499, at 02:24:59.
    const expected = ["2026-12-06T01:00:01.000Z", "2026-12-06T02:24:59.000Z"];
    expect(times(scanLog(text))).toEqual(expected);
    for (let seed = 1; seed <= 6; seed++) {
      const out = streamed(text, seed);
      expect(times(out.runs), `seed ${seed}`).toEqual(expected);
      expect(out.skipped, `seed ${seed}`).toBeGreaterThan(1000);
    }
  });

  it("a stamp that is no time (a 13th month, past year 9999): its build's start, as for no stamp", () => {
    for (const bogus of ["2015-13-45 11:47:00 bogus stamp", "9999-12-31 23:30:00 -0100 far"]) {
      const text =
        `2026-12-06 01:00:01 +0000 monitor: connecting\n${seedMonitorOutput(3101)}` +
        `2026-12-06 02:00:01 +0000 date\n${bogus}\n==== second check ====\n${seedMonitorOutput(3102)}`;
      const expected = ["2026-12-06T01:00:01.000Z", "2026-12-06T01:00:01.000Z"];
      expect(times(scanLog(text)), bogus).toEqual(expected);
      expect(times(streamed(text, 2).runs), bogus).toEqual(expected);
    }
  });

  it("stamps behind colour codes or a console note, among coloured noise: the same time streamed as from a string", () => {
    const coloured = (n: number) => Array.from({ length: n }, (_, i) => `\u001b[32mcompiling module ${i}: ok\u001b[0m\n`).join("");
    for (const lead of ["\u001b[1m", "\u001b[8mha:////4Ab3xyz\u001b[0m", "\u001b[32m\u001b[1m"]) {
      const text =
        `2026-12-06 01:00:01 +0000 monitor: connecting\n${seedMonitorOutput(3101)}` +
        `${coloured(1500)}${lead}2026-12-06 02:00:01 +0000 date\n${coloured(1500)}${seedMonitorOutput(3102)}`;
      const expected = ["2026-12-06T01:00:01.000Z", "2026-12-06T02:00:01.000Z"];
      expect(times(scanLog(text)), JSON.stringify(lead)).toEqual(expected);
      for (let seed = 1; seed <= 4; seed++) {
        const out = streamed(text, seed);
        expect(times(out.runs), `${JSON.stringify(lead)} seed ${seed}`).toEqual(expected);
        expect(out.skipped).toBeGreaterThan(1000);
      }
    }
  });

  it("no time since the run before it: its build's start, not a time printed before that run", () => {
    const text =
      `2026-12-06 01:00:01 +0000 monitor: connecting\n2026-12-06 01:00:05 +0000 connected\n${seedMonitorOutput(3101)}` +
      `==== second check ====\n${chatter(2000, "x")}${seedMonitorOutput(3102)}`;
    const expected = ["2026-12-06T01:00:01.000Z", "2026-12-06T01:00:01.000Z"];
    expect(times(scanLog(text))).toEqual(expected);
    for (let seed = 1; seed <= 6; seed++) expect(times(streamed(text, seed).runs), `seed ${seed}`).toEqual(expected);
  });

  it("a Jenkins build with Timestamper that runs the monitor twice: the second run at its own first line's time", () => {
    const stamp = (time: string, text: string) =>
      text
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => `[${time}] ${line}\n`)
        .join("");
    const text =
      "Started by timer\n" +
      stamp("2015-08-23T00:34:01.000Z", "JOB_NAME=monitor-twice\nBUILD_NUMBER=7\n") +
      stamp("2015-08-23T00:34:02.000Z", seedMonitorOutput(3101)) +
      stamp("2015-08-23T00:39:02.000Z", chatter(500, "sleep")) +
      stamp("2015-08-23T00:44:05.000Z", seedMonitorOutput(3102));
    const runs = scanLog(text);
    expect(times(runs)).toEqual(["2015-08-23T00:34:01.000Z", "2015-08-23T00:44:05.000Z"]);
    expect(times(streamed(text, 5).runs)).toEqual(times(runs));
  });

  it("consoles of builds one after another: each build's first run at its build's first time, unchanged", () => {
    const consoleOf = (number: number, time: string) => `Started by timer\n${time} +0000 BUILD_NUMBER=${number}\n${seedMonitorOutput(3000 + number)}${time} +0000 Finished: SUCCESS\n`;
    const text = consoleOf(1, "2026-12-06 01:00:00") + chatter(3000, "between") + consoleOf(2, "2026-12-06 02:00:00");
    expect(times(scanLog(text))).toEqual(["2026-12-06T01:00:00.000Z", "2026-12-06T02:00:00.000Z"]);
    expect(times(streamed(text, 9).runs)).toEqual(["2026-12-06T01:00:00.000Z", "2026-12-06T02:00:00.000Z"]);
  });
});
