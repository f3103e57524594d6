// ## What every format reader shares
//
// The snapshot scanner (scanner.ts) hands each log line to at most one open
// section at a time, then asks the readers whether the line starts a new
// one. A reader is a closure holding one section's lines; it never sees the
// log, so memory is one section, as for the monitor scanner.

import { MAX_LIST_ENTRIES } from "../monitor-log/extract";
import type { LogIssue, SampleInfo } from "../monitor-log/types";
import type { ProcessInfo, SourceKind } from "./types";

/** One log line, as the scanner sees it. */
export type LineView = {
  /** The line's content, timestamp prefix removed. */
  text: string;
  /** 1-based line number. */
  lineNo: number;
  /**
   * 1-based line number as the line was printed: `lineNo` less the lines before it that went on
   * with the line above (GitLab's runner cut them: `…Z 00O+rest`). Distances between lines in a
   * format ("the header comes at most 8 lines after the rule") are counted in these.
   */
  printed: number;
  /** Offset of the content (after the timestamp prefix) in the log. */
  offset: number;
  /** Offset just after the content (before the line terminator). */
  endOffset: number;
  /** Length of the timestamp prefix; the content starts at column `prefix + 1`. */
  prefix: number;
  /** The timestamp prefix as written, or "" (the time of an ejabberd warning, of a CI line). */
  stamp: string;
  /**
   * How many stamps the prefix holds: 0, 1, or more stacked (a CI's stamp before the line's own,
   * as when a CI console prints ejabberd's log); `stamp` is the innermost one's.
   */
  stamps: number;
  /**
   * Char code of the first non-blank character of `text`, or -1. Every
   * format's first line is recognised by it before any substring search, so
   * a monitor log's lines cost the readers one comparison each.
   */
  first: number;
};

/**
 * A process row read from a section; `samples`: the messages the format printed from its queue
 * (a crash report's `messages:`), read as the monitor's message list is.
 */
export type Entry = { pid: string; queueLen: number; info: ProcessInfo; line: number; samples?: { samples: SampleInfo[]; cut: boolean } };

/** What a reader produces: a snapshot before ranking and CI metadata. */
export type Section = {
  kind: SourceKind;
  line: number;
  start: number;
  end: number;
  /** Timestamp text of the incident when its own lines carry one. */
  stamp: string | null;
  node: string | null;
  entries: Entry[];
  killed: { count: number; threshold: number } | null;
  issues: LogIssue[];
  /** Rows went on past MAX_LIST_ENTRIES (addEntry), and an issue says so. */
  rowsCut?: true;
};

/**
 * What the open section did with a line:
 * - `take`: the line belongs to it, more may follow;
 * - `done`: the line belongs to it and completes it;
 * - `pass`: not its line, but it stays open (ejabberd waits for a `Killed` line);
 * - `end`: not its line, and the section is complete before it.
 */
export type Feed = "take" | "done" | "pass" | "end";

export type FormatReader = {
  readonly kind: SourceKind;
  /** Does this line open a section? Cheap: called on every line no section claims. */
  starts(line: LineView): boolean;
  /** Opens a section at a line `starts` accepted. `done`: that one line was the whole section. */
  begin(line: LineView): "take" | "done";
  feed(line: LineView): Feed;
  /** The open section, finished; null when it turned out to be nothing (e.g. a lone `[`). */
  close(): Section | null;
};

/** The issue of a section whose process rows went on past MAX_LIST_ENTRIES. */
export const ROWS_REST_UNREAD = `the list goes on past ${MAX_LIST_ENTRIES.toLocaleString("en-US")} processes: the rest is not read`;

/**
 * Adds a process row to a section, up to MAX_LIST_ENTRIES (as the monitor's lists: extract.ts);
 * past it the row is dropped and the section's one issue says so. A crafted watchdog log of 2
 * million `** <0.1.0>: msgs = 1` lines (100 KB of gzip) held 1.17 GB of rows (a review, 2026-12-06).
 */
export function addEntry(section: Section, entry: Entry, offset = section.end): void {
  if (section.entries.length < MAX_LIST_ENTRIES) {
    section.entries.push(entry);
    return;
  }
  if (section.rowsCut) return;
  section.rowsCut = true;
  section.issues.push({ message: ROWS_REST_UNREAD, line: entry.line, column: 1, offset });
}

/** A section's location fields from its first line. */
export function openSection(kind: SourceKind, line: LineView, node: string | null = null): Section {
  return { kind, line: line.lineNo, start: line.offset, end: line.endOffset, stamp: line.stamp || null, node, entries: [], killed: null, issues: [] };
}

/**
 * Whether line `l` has a timestamp of its own, in a section whose first line had `openStamps`
 * stamps: a CI console that stamps every line stacks its stamp before the line's own, and a line
 * that goes on with the one before then has the CI's alone.
 */
export function hasOwnStamp(l: Pick<LineView, "stamps">, openStamps: number): boolean {
  return l.stamps > 0 && l.stamps >= openStamps;
}

export function issueAt(line: Pick<LineView, "lineNo" | "prefix" | "offset">, message: string, column = 1): LogIssue {
  return { message, line: line.lineNo, column: line.prefix + column, offset: line.offset + column - 1 };
}
