// ## Line splitting
//
// Both entry points (a whole string, or chunks from a stream) feed the same
// scanner one line at a time. A line is handed over as a window into a buffer
// (`buf.slice(start, end)` is the content, `next` is where the following line
// starts), so noise lines are never copied: the scanner looks at a couple of
// characters and moves on.
//
// ## Skipping noise in the raw bytes
//
// A console log is mostly noise, and from a file most of the time went into
// decoding it and cutting it into lines for the scanner to ignore. A scanner
// may say, between lines, which lines can still matter to it (a NoisePlan:
// a few byte strings, plus the lines that start with a timestamp when it
// wants those). The splitter then searches the raw UTF-8 bytes for them with
// Buffer#indexOf (memchr speed) and hands over only the lines that contain
// one; the lines in between are counted (lines, UTF-16 length) and reported
// with `skip`, so line numbers and offsets stay exact. A scanner that cannot
// say (it is inside a term, say) answers null and gets every line, decoded in
// windows so that it can go back to skipping mid-chunk.
//
// A line GitLab's runner cut (`…Z 00O+rest`, markers.ts's continuesLine) goes
// on in the next line: a pattern may straddle the cut, and only the scanner,
// joining the pieces, can tell. A plan with `cuts` has every piece of a cut
// line handed over, with the line it goes on from: the splitter finds them by
// their `+` mark, and hands over the last line before any stretch it skips
// that ends a region (a chunk's first piece, its rest in the next chunk).

import { Buffer, isAscii, isUtf8 } from "node:buffer";
import { countBytes } from "./byte-count";
import { continuesLine, linePrefixLength, timestampPrefixLength } from "./markers";
import { MonitorLogError } from "./errors";
import type { LogChunk } from "./types";

/**
 * Receives one line: content is `buf[start, end)` without its terminator
 * (`\n`, or `\r\n` whose `\r` is left out too); `next - start` is the line's
 * full length in the log, terminator included.
 */
export type LineSink = (buf: string, start: number, end: number, next: number) => void;

function contentEnd(buf: string, start: number, nl: number): number {
  return nl > start && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
}

/** Calls `sink` for every line of `text` (a last line without `\n` included). */
export function forEachLine(text: string, sink: LineSink): void {
  let start = 0;
  for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
    sink(text, start, contentEnd(text, start, nl), nl + 1);
    start = nl + 1;
  }
  if (start < text.length) sink(text, start, contentEnd(text, start, text.length), text.length);
}

/**
 * Which lines may matter to a scanner right now; every other line is noise
 * to it: handing it over would only advance its line and offset counters.
 */
export type NoisePlan = {
  /**
   * UTF-8 byte strings, case-sensitive, none containing `\n`: a line holding
   * none of them anywhere is noise (a hit in a line is only a reason to look
   * at it; the scanner still decides).
   */
  readonly patterns: readonly Uint8Array[];
  /** The same, as text (to build a larger plan from this one). */
  readonly texts: readonly string[];
  /** A line that starts with a timestamp prefix (markers.ts) may matter too. */
  readonly nextStamp: boolean;
  /**
   * The scanner keeps the latest timestamp prefix it saw: of each stretch
   * of noise skipped, the last timestamped line is handed over all the same
   * (a noise line, so it changes nothing else), so that the latest stamp is
   * right at every line handed over.
   */
  readonly lastStamp: boolean;
  /**
   * Of each stretch of noise skipped, the last line is handed over all the same (a noise line): the
   * line right before every line handed over is seen, so the scanner can read a timestamp printed
   * on the line before a marker (`date` before the monitor's output, in a file a cron job appends to).
   */
  readonly lineBefore: boolean;
  /**
   * The log is GitLab's runner's, which cuts lines (`…Z 00O+rest`): a line
   * the runner cut off the one before is handed over, and so is that one
   * (noise lines, when the pieces joined are noise).
   */
  readonly cuts: boolean;
};

/** Builds a plan; patterns are given as text, and one containing another is dropped (the shorter finds it). */
export function noisePlan(patterns: readonly string[], stamps: { next?: boolean; last?: boolean; cuts?: boolean; before?: boolean } = {}): NoisePlan {
  const unique = [...new Set(patterns)];
  for (const p of unique) {
    if (p === "" || p.includes("\n")) throw new Error(`noise pattern ${JSON.stringify(p)}: must be non-empty, without a newline`);
  }
  const texts = unique.filter((p) => !unique.some((q) => q !== p && p.includes(q)));
  return {
    patterns: texts.map((t) => new Uint8Array(Buffer.from(t, "utf8"))),
    texts,
    nextStamp: stamps.next ?? false,
    lastStamp: stamps.last ?? false,
    lineBefore: stamps.before ?? false,
    cuts: stamps.cuts ?? false,
  };
}

/**
 * What a scanner tells the splitter to skip noise (optional; streams only).
 * The contract: while `plan()` returns a plan, a line it calls noise, handed
 * over, would change nothing but the scanner's line and offset counters (and
 * its latest timestamp, see `lastStamp`), nor the plan itself.
 */
export type NoiseFilter = {
  /** Asked at line boundaries, after `skip` has reported every line before; null: every line may matter now. */
  plan(): NoisePlan | null;
  /** `lines` whole lines, `length` UTF-16 code units in all (terminators included), went by as noise. */
  skip(lines: number, length: number): void;
};

/** Pushes chunks in, gets lines out through the sink; `end()` flushes the last line. */
export type LineSplitter = { push(chunk: LogChunk): void; end(): void };

/**
 * Decoding a window of lines while no plan allows skipping starts at this
 * many bytes and doubles, up to MAX_WINDOW. Why so small a ceiling: a string
 * past V8's largest regular object (128 KB) goes to the large-object space,
 * and allocating and collecting those is what decoding cost. A window of
 * 32 KB decodes to at most 64 KB even as a two-byte string (one CJK room
 * name makes the whole window two-byte). Measured on a generated 10 MB log,
 * decoding all of it in windows: 8 KB 3.5 ms, 32 KB 4.7 ms, 64 KB 6.2 ms,
 * 96 KB 72 ms, 1 MB 71 ms (the ceiling was 1 MB before).
 */
const MIN_WINDOW = 8 * 1024;
const MAX_WINDOW = 32 * 1024;
/**
 * Hits this close together (bytes of noise before them), this many times in
 * a row, and the log is dense with lines that may matter: handing a window
 * of lines over whole (decoded in one call) is cheaper than finding and
 * decoding them one by one. Noise lines handed over are harmless.
 */
const DENSE_GAP = 1024;
const DENSE_HITS = 4;

const isDigitByte = (c: number | undefined) => c !== undefined && c >= 48 && c <= 57;

/**
 * Can the line starting at `s` begin with a timestamp prefix? A necessary
 * condition on a few bytes (they are ASCII when it holds, so byte k is
 * character k): `2015-`, `[2015-`, or an escape, a date-less clock or a tag
 * (a console note, a colour code, Timestamper's clock or its span on Jenkins'
 * console page, `<span class="timestamp">` or the `<pre` before the first,
 * may stand in front of the stamp: markers.ts decides).
 */
function mayStartWithStamp(b: Uint8Array, s: number): boolean {
  const c = b[s];
  if (c === 27) {
    // Colour codes (a build log's every line may open with one): what follows them says.
    const p = pastEscapes(b, s);
    return p === -1 || (b[p] !== 27 && mayStartWithStamp(b, p));
  }
  if (c === 60) return b[s + 1] === 115 || b[s + 1] === 112; // <s, <p
  // `[2015-`, or a Timestamper clock (`[10:00:04] `, `[0:00:01.234] `) that a stamp may follow.
  if (c === 91) return isDigitByte(b[s + 1]) && ((isDigitByte(b[s + 4]) && b[s + 5] === 45) || b[s + 2] === 58 || b[s + 3] === 58);
  return isDigitByte(c) && isDigitByte(b[s + 3]) && b[s + 4] === 45;
}

/**
 * The first byte after the escapes at `s` that markers.ts's escapesLength skips (CSI sequences, a
 * console note `ESC[8m…` hidden up to the next escape, APC `ESC_…BEL`), within the line; -1 at
 * anything else (another escape, or one the line ends inside): markers.ts decides those.
 */
function pastEscapes(b: Uint8Array, s: number): number {
  let p = s;
  while (b[p] === 27) {
    const kind = b[p + 1];
    if (kind === 91) {
      let r = p + 2;
      for (let x = b[r]; x !== undefined && ((x >= 48 && x <= 63) || x === 32); x = b[++r]);
      const final = b[r];
      if (final === undefined || final < 64 || final > 126) return -1;
      const note = final === 109 && r === p + 3 && b[p + 2] === 56;
      p = r + 1;
      if (note) {
        // `ESC[8m`: hidden up to the next escape on the line (when there is none, the note is not one).
        let q = p;
        while (b[q] !== undefined && b[q] !== 27 && b[q] !== 10) q++;
        if (b[q] === 27) p = q;
      }
    } else if (kind === 95) {
      let r = p + 2;
      while (b[r] !== undefined && b[r] !== 7 && b[r] !== 27 && b[r] !== 10) r++;
      if (b[r] === 7) p = r + 1;
      else if (b[r] === 27 && b[r + 1] === 92) p = r + 2;
      else return -1;
    } else return -1;
  }
  return p;
}

const isHexByte = (c: number | undefined) => c !== undefined && ((c >= 48 && c <= 57) || (c >= 97 && c <= 102));

/**
 * Is the `+` at `h` the stream mark of a line GitLab's runner cut off the
 * line before (`…Z 00O+`, the last thing in the line's prefix)? A quick test
 * of the bytes before it, then markers.ts on the line's first bytes (a
 * prefix is ASCII: byte k is character k).
 */
function isCutMark(b: Uint8Array, lineStart: number, h: number): boolean {
  const o = b[h - 1];
  if ((o !== 79 && o !== 69) || !isHexByte(b[h - 2]) || !isHexByte(b[h - 3]) || b[h - 4] !== 32 || !mayStartWithStamp(b, lineStart)) return false;
  const head = Buffer.from(b.buffer, b.byteOffset + lineStart, h + 1 - lineStart).toString("latin1");
  const prefix = linePrefixLength(head, 0, head.length, 0);
  return prefix === head.length && continuesLine(head, 0, prefix);
}

/**
 * The longest line a splitter holds while it waits for its end: 64 MiB (of bytes, from a stream;
 * of characters, from string chunks). A console's lines are short, and a message list the monitor
 * prints on one line is a few MB at the most; an upload of one line of 500 MiB (a 500 KB gzip)
 * went past V8's longest string (a 500), and held the server's memory until then. Past this, the
 * log is refused with its line number (MonitorLogError `line_too_long`). The bound is on what the
 * splitter holds across chunks (the line's content, its `\n` aside): a line whole inside one chunk is
 * in memory already, as that chunk (uploads and files arrive in chunks of 256 KB or so).
 */
export const MAX_LINE_LENGTH = 64 * 1024 * 1024;

/**
 * Splits a stream of chunks into lines. Memory: the current chunk plus the
 * unfinished line. Nothing of a byte chunk is kept once `push` returns (the
 * unfinished line is copied), so a caller may reuse the chunk's buffer
 * (file-chunks.ts does; file-chunks.test.ts would catch a view kept). Bytes are decoded as UTF-8 exactly as one decode of the
 * whole would (a BOM is kept, as `readFileSync(f, "utf8")` does): every piece
 * decoded starts and ends at a line boundary, where the decoder is in its
 * initial state whatever came before. Do not mix string and byte chunks in
 * one stream.
 *
 * With a `filter`, byte chunks are searched for its plan's patterns and
 * noise lines are skipped (see the file comment); string chunks are already
 * decoded and always go line by line.
 */
export function createLineSplitter(give: LineSink, filter?: NoiseFilter): LineSplitter {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  /** Lines handed over or skipped so far, and their length (UTF-16 units): where a line too long starts. */
  let linesSeen = 0;
  let unitsSeen = 0;
  const sink: LineSink = (buf, start, end, next) => {
    linesSeen++;
    unitsSeen += next - start;
    give(buf, start, end, next);
  };
  /** A line still unfinished past MAX_LINE_LENGTH: the log cannot be read (see there). */
  const tooLong = (): never => {
    flush();
    const mib = MAX_LINE_LENGTH / (1024 * 1024);
    throw new MonitorLogError({
      code: "line_too_long",
      message: `line ${linesSeen + 1} is longer than ${mib} MiB, more than a console line holds: it is not read`,
      line: linesSeen + 1,
      column: 1,
      offset: unitsSeen,
    });
  };

  // ### String chunks
  let parts: string[] = [];
  let partsLength = 0;
  const take = (buf: string) => {
    let nl = buf.indexOf("\n");
    if (nl === -1) {
      if (buf.length > 0) parts.push(buf);
      partsLength += buf.length;
      if (partsLength > MAX_LINE_LENGTH) tooLong();
      return;
    }
    let start = 0;
    if (parts.length > 0) {
      // Only the first line of this piece continues the pending one.
      parts.push(buf.slice(0, nl + 1));
      const line = parts.join("");
      parts = [];
      partsLength = 0;
      if (line.length - 1 > MAX_LINE_LENGTH) tooLong(); // (its `\n` aside)
      sink(line, 0, contentEnd(line, 0, line.length - 1), line.length);
      start = nl + 1;
      nl = buf.indexOf("\n", start);
    }
    for (; nl !== -1; nl = buf.indexOf("\n", start)) {
      sink(buf, start, contentEnd(buf, start, nl), nl + 1);
      start = nl + 1;
    }
    if (start < buf.length) {
      parts.push(buf.slice(start));
      partsLength = buf.length - start;
      if (partsLength > MAX_LINE_LENGTH) tooLong();
    }
  };

  // ### Byte chunks
  /** Copies of the bytes of the unfinished last line (split characters included: decoded once whole). */
  let tail: Uint8Array[] = [];
  let tailBytes = 0;
  /** Noise lines counted but not yet reported to the filter. */
  let skippedLines = 0;
  let skippedUnits = 0;
  let window = MIN_WINDOW;
  /** Consecutive hits found close together, and the next whole window's size. */
  let dense = 0;
  let bulk = MIN_WINDOW;
  /** The buffer being read, whether it is all ASCII (-1: not known yet), and each pattern's next hit in it. */
  let current: Uint8Array | null = null;
  let ascii = -1;
  const hits = new Map<Uint8Array, number>();
  /** In `current`: the next `+` not yet ruled out as a cut mark (-1: none), and the line it marks (-1: not one). */
  let plusAt = -2;
  let cutLine = -1;

  const flush = () => {
    if (skippedLines === 0) return;
    linesSeen += skippedLines;
    unitsSeen += skippedUnits;
    filter?.skip(skippedLines, skippedUnits);
    skippedLines = 0;
    skippedUnits = 0;
  };

  const allAscii = (b: Buffer) => {
    if (ascii === -1) ascii = isAscii(b) ? 1 : 0;
    return ascii === 1;
  };

  /** Hands over the whole line `b[s, e)` (`e` just after its `\n`). */
  const deliver = (b: Buffer, s: number, e: number) => {
    flush();
    const line = decoder.decode(b.subarray(s, e));
    sink(line, 0, contentEnd(line, 0, line.length - 1), line.length);
  };

  /** Counts `b[from, to)` (whole lines) as skipped. */
  const count = (b: Buffer, from: number, to: number) => {
    if (from >= to) return;
    const c = countBytes(b, from, to);
    skippedLines += c.lines;
    skippedUnits += c.ascii ? to - from : decodedLength(b, from, to);
  };

  /** UTF-16 length of `b[from, to)` (whole lines), decoded a window at a time (see MAX_WINDOW). */
  const decodedLength = (b: Buffer, from: number, to: number): number => {
    let units = 0;
    for (let p = from; p < to; ) {
      let end = windowEnd(b, p, to, MAX_WINDOW);
      if (end <= p) end = to; // (cannot happen with whole lines; keeps the loop finite)
      units += decoder.decode(b.subarray(p, end)).length;
      p = end;
    }
    return units;
  };

  /** Start of the last line of `b[from, to)` (whole lines) with a timestamp prefix, or -1. */
  const lastStampLine = (b: Buffer, from: number, to: number): number => {
    for (let e = to - 1; e >= from; ) {
      const s = Math.max(from, e > 0 ? b.lastIndexOf(10, e - 1) + 1 : 0);
      if (mayStartWithStamp(b, s)) {
        const line = decoder.decode(b.subarray(s, e + 1));
        if (timestampPrefixLength(line, 0, contentEnd(line, 0, line.length - 1)) > 0) return s;
      }
      e = s - 1;
    }
    return -1;
  };

  /** `b[from, to)` (whole lines) is noise under `plan`. */
  const noise = (b: Buffer, from: number, to: number, plan: NoisePlan) => {
    // lineBefore: the stretch's last line is handed over after the rest.
    const tail = plan.lineBefore && to > from ? Math.max(from, lineBefore(b, to)) : to;
    stretch(b, from, tail, plan);
    if (tail < to) deliver(b, tail, to);
  };

  const stretch = (b: Buffer, from: number, to: number, plan: NoisePlan) => {
    if (plan.lastStamp && !plan.nextStamp && to > from) {
      // (With nextStamp, no line in here starts with a timestamp.)
      const s = lastStampLine(b, from, to);
      if (s !== -1) {
        const e = b.indexOf(10, s) + 1;
        count(b, from, s);
        deliver(b, s, e);
        count(b, e, to);
        return;
      }
    }
    count(b, from, to);
  };

  /** Start of the first line in `b[pos, limit)` that GitLab's runner cut off the line before, or `limit`. */
  const nextCut = (b: Buffer, pos: number, limit: number): number => {
    if (cutLine >= pos) return Math.min(cutLine, limit);
    let h = plusAt;
    if (h !== -1 && h < pos) h = b.indexOf(43, pos);
    for (;;) {
      plusAt = h;
      cutLine = -1;
      if (h === -1) return limit;
      const start = h > 0 ? b.lastIndexOf(10, h - 1) + 1 : 0;
      if (start >= pos && isCutMark(b, start, h)) {
        cutLine = start;
        return Math.min(start, limit);
      }
      if (h >= limit) return limit;
      h = b.indexOf(43, h + 1);
    }
  };

  /** Start of the line before the one starting at `s` (`s` > 0). */
  const lineBefore = (b: Buffer, s: number) => (s > 1 ? b.lastIndexOf(10, s - 2) + 1 : 0);

  /** End of a window of about `size` bytes of whole lines from `pos` (within `limit`). */
  const windowEnd = (b: Buffer, pos: number, limit: number, size: number) => (limit - pos > size ? b.indexOf(10, pos + size - 1) + 1 : limit);

  /** Hands over every line of `b[pos, end)` (whole lines), decoded at once. */
  const deliverAll = (b: Buffer, pos: number, end: number): number => {
    flush();
    const text = decoder.decode(b.subarray(pos, end));
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
      sink(text, start, contentEnd(text, start, nl), nl + 1);
      start = nl + 1;
    }
    return end;
  };

  /**
   * Skipping, from the line starting at `pos`: counts the noise up to the
   * next line that may matter and hands that one over. Returns where it stopped.
   */
  const skipStep = (b: Buffer, pos: number, limit: number, plan: NoisePlan): number => {
    let hit = limit;
    for (const pattern of plan.patterns) {
      let at = hits.get(pattern);
      if (at === undefined || (at !== -1 && at < pos)) {
        at = b.indexOf(pattern, pos);
        hits.set(pattern, at);
      }
      if (at !== -1 && at < hit) hit = at;
    }
    let line = hit >= limit ? limit : hit === pos ? pos : Math.max(pos, b.lastIndexOf(10, hit - 1) + 1);
    if (plan.nextStamp) {
      for (let s = pos; s < line; s = b.indexOf(10, s) + 1) {
        if (mayStartWithStamp(b, s)) {
          line = s;
          break;
        }
      }
    }
    if (plan.cuts) {
      // A cut line is handed over from its first piece (the pieces after it follow, each a cut).
      const cut = nextCut(b, pos, limit);
      if (cut <= line && cut < limit) line = cut > pos ? lineBefore(b, cut) : pos;
      else if (line >= limit && limit > pos) {
        // The region's last line may go on in the next region: handed over, its rest will be too.
        const last = lineBefore(b, limit);
        noise(b, pos, last, plan);
        deliver(b, last, limit);
        return limit;
      }
    }
    if (line < limit) {
      if (line - pos < DENSE_GAP) dense++;
      else {
        dense = 0;
        bulk = MIN_WINDOW;
      }
    }
    if (line > pos) noise(b, pos, line, plan);
    if (line >= limit) return limit;
    if (dense >= DENSE_HITS) {
      // Dense: a window handed over whole, larger each time the density holds.
      dense = DENSE_HITS - 1;
      const end = windowEnd(b, line, limit, bulk);
      bulk = Math.min(bulk * 2, MAX_WINDOW);
      return deliverAll(b, line, end);
    }
    const next = b.indexOf(10, line) + 1;
    deliver(b, line, next);
    return next;
  };

  /**
   * Every line from `pos`, decoded in a window that grows while no plan
   * comes; stops at the first line boundary where one does (when the byte
   * offset of that boundary is known: always unless the window holds
   * invalid UTF-8, which then goes to the window's end line by line).
   */
  const decodeStep = (b: Buffer, pos: number, limit: number): number => {
    flush();
    const end = filter ? windowEnd(b, pos, limit, window) : limit;
    window = Math.min(window * 2, MAX_WINDOW);
    const bytes = b.subarray(pos, end);
    const text = decoder.decode(bytes);
    /** 0: not known yet; 1: ASCII; 2: valid UTF-8; 3: neither, no stopping inside. */
    let mapping = 0;
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
      sink(text, start, contentEnd(text, start, nl), nl + 1);
      start = nl + 1;
      if (filter && mapping !== 3 && start < text.length && filter.plan() !== null) {
        if (mapping === 0) mapping = allAscii(b) || isAscii(bytes) ? 1 : isUtf8(bytes) ? 2 : 3;
        if (mapping !== 3) {
          window = MIN_WINDOW;
          return pos + (mapping === 1 ? start : Buffer.byteLength(text.slice(0, start), "utf8"));
        }
      }
    }
    return end;
  };

  /** No line handed over or skipped yet: the next region starts with the stream's first line. */
  let firstLine = true;

  /** The whole lines `b[pos, limit)`. */
  const region = (b: Buffer, pos: number, limit: number) => {
    if (b !== current) {
      current = b;
      ascii = -1;
      hits.clear();
      plusAt = -2;
      cutLine = -1;
    }
    if (firstLine && pos < limit) {
      firstLine = false;
      // A byte-order mark hides what starts line 1 (a timestamp, a marker) from the byte searches;
      // the scanners look past it: that line is always handed over.
      if (b[pos] === 0xef && b[pos + 1] === 0xbb && b[pos + 2] === 0xbf) {
        const e = b.indexOf(10, pos) + 1;
        deliver(b, pos, e);
        pos = e;
      }
    }
    while (pos < limit) {
      flush(); // the scanner answers with its counters up to date
      const plan = filter ? filter.plan() : null;
      pos = plan === null ? decodeStep(b, pos, limit) : skipStep(b, pos, limit, plan);
    }
  };

  const pushBytes = (chunk: Uint8Array) => {
    // A view of our own: the chunk's identity keys the caches above.
    const b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let pos = 0;
    if (tailBytes > 0) {
      const nl = b.indexOf(10);
      if (nl === -1) {
        // (Bytes, not UTF-16 units: a line of that many bytes is at least as many units, or a third of them.)
        if (tailBytes + b.length > MAX_LINE_LENGTH) tooLong();
        tail.push(Buffer.from(b));
        tailBytes += b.length;
        return;
      }
      if (tailBytes + nl > MAX_LINE_LENGTH) tooLong(); // (its `\n` aside)
      // The unfinished line ends here: read it whole.
      const line = Buffer.concat([...tail, b.subarray(0, nl + 1)]);
      tail = [];
      tailBytes = 0;
      region(line, 0, line.length);
      pos = nl + 1;
    }
    const limit = Math.max(pos, b.lastIndexOf(10) + 1);
    if (limit > pos) region(b, pos, limit);
    if (limit < b.length) {
      if (b.length - limit > MAX_LINE_LENGTH) tooLong();
      tail.push(Buffer.from(b.subarray(limit)));
      tailBytes += b.length - limit;
    }
    current = null;
    flush();
  };

  return {
    push(chunk) {
      if (typeof chunk === "string") take(chunk);
      else pushBytes(chunk);
    },
    end() {
      flush();
      if (tailBytes > 0) {
        // The last line, without `\n` (an unfinished character in it decodes as U+FFFD, as in one decode).
        const line = decoder.decode(Buffer.concat(tail));
        tail = [];
        tailBytes = 0;
        sink(line, 0, contentEnd(line, 0, line.length), line.length);
      }
      if (parts.length > 0) {
        const line = parts.join("");
        parts = [];
        sink(line, 0, contentEnd(line, 0, line.length), line.length);
      }
    },
  };
}
