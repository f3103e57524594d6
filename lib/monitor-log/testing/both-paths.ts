// The scanner's two paths over one text, for tests that hold them to the same answer: the fast
// (shallow) one, which reads plain message lists ahead, and the full-parse reference, line by line.
import { expect } from "vitest";
import { forEachLine } from "../line-reader";
import { createRunScanner } from "../scan";
import type { MonitorRun, ScanOptions } from "../types";

export function scanWith(text: string, shallow: boolean, options: ScanOptions = {}): { runs: MonitorRun[] } | { error: string } {
  const runs: MonitorRun[] = [];
  try {
    // The reference goes line by line too: the fast path reads plain message lists ahead (read-ahead.test.ts).
    const scanner = createRunScanner(options, (r) => runs.push(r), { shallow, readAhead: shallow });
    forEachLine(text, scanner.line);
    scanner.end();
    return { runs };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Asserts both paths agree; returns the runs for further checks. */
export function expectSame(text: string, options: ScanOptions = {}): MonitorRun[] {
  const reference = scanWith(text, false, options);
  const fast = scanWith(text, true, options);
  expect(fast).toEqual(reference);
  return "runs" in fast ? fast.runs : [];
}
