// ## Term blocks
//
// A printed term spans lines (`~p` wraps at 80 columns), and each line may
// carry a timestamp prefix and a `\r`. A block collects the lines of one term
// as the scanner meets them and knows, without parsing, when the term is
// complete: a bracket-depth count that skips quoted text and HTML tags.
//
// The block's `text` is the lines without prefixes, joined by `\n`: what the
// term parser reads. A line a GitLab runner cut goes on in its next line
// (`…Z 00O+rest`, markers.ts's continuesLine): that piece joins the one
// before with nothing between, as the monitor printed it. Offsets in `text`
// map back to the log (absolute offsets, line, column) through the per-line
// table, so every span and issue points at the log as it was given.
//
// Lines are kept as offsets into the buffers they arrived in, not copied one
// by one. When the lines are contiguous in one buffer (a whole log in memory,
// or a stream chunk) and carry no timestamp prefix and no `\r`, `text` is a
// single slice of that buffer; otherwise the contents are joined once. A
// sample's `raw` is a slice of the same region.

import { MonitorLogError } from "./errors";
import { blankEntities, NBSP_ENTITY, nbspEntityAt } from "./nbsp";

/** Incremental, quote-aware bracket counter over printed Erlang terms. */
export type DepthTracker = {
  /**
   * Feeds `s[from, to)`; returns the index just after the character that
   * closed the outermost bracket, or -1 when the term is still open.
   * `before`: the character the text goes on from when it is not `s[from - 1]`
   * (the end of the piece a GitLab runner cut off before this one), or -1.
   */
  feed(s: string, from: number, to: number, before?: number): number;
  /** A closing bracket came with nothing open: the text is not one term. */
  readonly unbalanced: boolean;
  readonly started: boolean;
  /** Saw a tag or an entity outside quotes: the text was pasted from an HTML page. */
  readonly sawHtml: boolean;
  /** Back to the state of a new tracker: a builder keeps one from term to term. */
  reset(): void;
  /**
   * The state after feeding a term's first lines that opened `depth` brackets more than they closed
   * (none unbalanced), outside quotes and tags, with no HTML seen: for a caller that read them itself.
   */
  resume(depth: number): void;
};

// Character classes for the depth tracker and the scanner's read-ahead of plain lists (scan.ts
// readListAhead, which reads no line holding `&`). ASCII only; everything else is ordinary.
export const C_OPEN = 1;
export const C_CLOSE = 2;
export const C_QUOTE = 3;
const C_AMP = 4;
export const C_LT = 5;
export const charClass = new Uint8Array(128);
charClass[91] = charClass[123] = C_OPEN;
charClass[93] = charClass[125] = C_CLOSE;
charClass[34] = charClass[39] = C_QUOTE;
charClass[38] = C_AMP;
charClass[60] = C_LT;

export const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
export const isTagStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 47 || c === 33;

export function createDepthTracker(): DepthTracker {
  let depth = 0;
  let quote = 0; // 0, or the char code of the open quote (" or ')
  let escaped = false;
  let inTag = false;
  let started = false;
  let unbalanced = false;
  let sawHtml = false;
  /** Outside quotes and tags, `open` brackets deep, nothing unbalanced or HTML seen (`begun`: a bracket was opened). */
  const restart = (open: number, begun: boolean) => {
    depth = open;
    quote = 0;
    escaped = false;
    inTag = false;
    started = begun;
    unbalanced = false;
    sawHtml = false;
  };
  return {
    get sawHtml() {
      return sawHtml;
    },
    get unbalanced() {
      return unbalanced;
    },
    get started() {
      return started;
    },
    reset() {
      restart(0, false);
    },
    resume(open) {
      restart(open, true);
    },
    feed(s, from, to, before = -1) {
      let i = from;
      while (i < to) {
        // Quoted text and tags may continue from the previous line: finish them first.
        if (quote !== 0) {
          for (; i < to; i++) {
            const c = s.charCodeAt(i);
            if (escaped) escaped = false;
            else if (c === 92) escaped = true;
            else if (c === quote) break;
          }
          if (i >= to) return -1;
          quote = 0;
          i++;
          continue;
        }
        if (inTag) {
          while (i < to && s.charCodeAt(i) !== 62) i++;
          if (i >= to) return -1;
          inTag = false;
          i++;
          continue;
        }
        for (; i < to; i++) {
          const c = s.charCodeAt(i);
          const k = c < 128 ? charClass[c]! : 0;
          if (k === 0) continue;
          if (k === C_OPEN) {
            depth++;
            started = true;
          } else if (k === C_CLOSE) {
            depth--;
            if (depth <= 0) {
              if (depth < 0 || !started) unbalanced = true;
              depth = 0;
              return i + 1;
            }
          } else if (k === C_QUOTE) {
            quote = c;
            i++;
            break;
          } else if (k === C_AMP) {
            // `&lt;` and friends: raw `~p` output has no `&` outside quotes.
            sawHtml = true;
          } else {
            // `<`: pasted from an HTML console, `<span style="...">` is not term
            // text; the character before tells a tag (`,<span`) from `#Fun<m.f.1>`.
            const prev = i === from && before >= 0 ? before : i > 0 ? s.charCodeAt(i - 1) : 32;
            if (!isAlnum(prev) && prev !== 60 && isTagStart(s.charCodeAt(i + 1))) {
              inTag = true;
              sawHtml = true;
              i++;
              break;
            }
          }
        }
      }
      return -1;
    },
  };
}

export type Located = { line: number; column: number; offset: number };

export type TermBlock = {
  readonly text: string;
  readonly firstLine: number;
  /** Absolute offset of the first character of `text`. */
  readonly start: number;
  /** Absolute offset of `text`'s end. */
  readonly end: number;
  readonly html: boolean;
  /** Offset in `text` where the term starts (after a marker sharing its first line). */
  readonly termStart: number;
  /** Offset in `text` → absolute offset in the log. */
  toAbs(offset: number): number;
  /**
   * `toAbs` for the end of a span: where the pieces of a cut line join, the
   * end of the piece before (not the next one's start, after its prefix).
   */
  toAbsEnd(offset: number): number;
  locate(offset: number): Located;
  /** The log's text between two offsets of `text`, prefixes and `\r` included. */
  raw(from: number, to: number): string;
};

export type BlockBuilder = {
  readonly lineCount: number;
  /**
   * Adds a line (`buf[start, end)` is its content, the first `prefix` chars of
   * which are a timestamp; `next - start` its full length; `abs` the absolute
   * offset of `start`) and feeds the bracket counter from `feedFrom` (default,
   * or -1: the content start; the term starts at the first character fed).
   * `continues`: the line is the rest of the one before, cut by a GitLab
   * runner (joined without a newline). Returns true when the term closed on
   * this line.
   */
  push(buf: string, start: number, prefix: number, end: number, next: number, abs: number, lineNo: number, feedFrom?: number, continues?: boolean): boolean;
  /**
   * Adds a line as `push` does (no piece, fed from its content start) without feeding the bracket
   * counter: for a caller that has read where the term ends itself, with the counter's rules (the
   * scanner's read-ahead of a plain message list, scan.ts's readListAhead). The line must not open
   * with `&` (a page's indentation, which `push` looks for).
   */
  append(buf: string, start: number, prefix: number, end: number, next: number, abs: number, lineNo: number): void;
  /**
   * After `append`: the lines appended so far opened `depth` brackets more than they closed (the
   * counter's rules, outside quotes and tags at the last one's end); the next `push` goes on from there.
   */
  resume(depth: number): void;
  /** Offset in `text` just after the closing bracket, or -1 while open. */
  readonly closedAt: number;
  readonly unbalanced: boolean;
  /**
   * The block of the lines pushed. It reads the builder's line table: use it
   * before the builder is `reset` (the scanner reads each block at once).
   */
  build(): TermBlock;
  /** Empties the builder for the next term, keeping its storage; returns it. */
  reset(): BlockBuilder;
};

export type BlockOptions = {
  /**
   * Copy the block's text out of the buffers it came from. A streaming
   * scanner sets it: a slice of a 256 KB chunk would keep the whole chunk
   * alive for as long as anyone holds a sample's `raw`.
   */
  detach?: boolean;
};

/**
 * A string with the same characters that shares no storage with `s`. V8
 * keeps a slice (≥ 13 chars) as a view on its parent; a concatenation is
 * flattened into fresh storage when it is sliced, which is the copy we want.
 */
export function detachString(s: string): string {
  return s.length === 0 ? "" : (s + " ").slice(0, -1);
}

/** The per-line table of a block: typed arrays that grow and are reused from one term to the next. */
type LineTable = {
  bufs: string[];
  starts: Int32Array;
  ends: Int32Array;
  nexts: Int32Array;
  /** Absolute offsets may pass 2^31 in a long stream. */
  absolutes: Float64Array;
  prefixes: Int32Array;
  ats: Int32Array;
  lineNos: Float64Array;
  /** 1: the line continues the one before (no `\n` between them in `text`). */
  joins: Uint8Array;
};

function createLineTable(size: number): LineTable {
  return {
    bufs: [],
    starts: new Int32Array(size),
    ends: new Int32Array(size),
    nexts: new Int32Array(size),
    absolutes: new Float64Array(size),
    prefixes: new Int32Array(size),
    ats: new Int32Array(size),
    lineNos: new Float64Array(size),
    joins: new Uint8Array(size),
  };
}

function growLineTable(t: LineTable): LineTable {
  const bigger = createLineTable(t.starts.length * 2);
  bigger.bufs = t.bufs;
  bigger.starts.set(t.starts);
  bigger.ends.set(t.ends);
  bigger.nexts.set(t.nexts);
  bigger.absolutes.set(t.absolutes);
  bigger.prefixes.set(t.prefixes);
  bigger.ats.set(t.ats);
  bigger.lineNos.set(t.lineNos);
  bigger.joins.set(t.joins);
  return bigger;
}

/**
 * The longest term (a top list, a message list) a block collects: 64 MiB of text. The monitor's
 * lists are a few KB; the scanner reads 10,000 entries of a list at the most (extract.ts). An upload
 * of one list of 500 MiB went past V8's longest string when its text was joined (a 500); past this
 * the log is refused at the term's first line.
 */
export const MAX_TERM_LENGTH = 64 * 1024 * 1024;

/**
 * The most lines a term's block records (about 50 bytes each in its table): a list of 16 million
 * lines of ` a,` is 64 MB of text, and its table took 3 GB (a review, 2026-12-06). The monitor
 * prints a few hundred; 10,000 pretty-printed messages are some 300,000.
 */
export const MAX_TERM_LINES = 1_000_000;

function termTooLong(line: number, offset: number, lines = false): never {
  throw new MonitorLogError({
    code: "term_too_long",
    message: lines
      ? `the term that starts here has more than ${MAX_TERM_LINES.toLocaleString("en-US")} lines, more than a monitor prints: it is not read`
      : `the term that starts here is longer than ${MAX_TERM_LENGTH / (1024 * 1024)} MiB, more than a monitor prints: it is not read`,
    line,
    column: 1,
    offset,
  });
}

/**
 * Collects the lines of one term; call `build()` once it is complete (or
 * cut), and `reset()` to collect the next. The line table is kept across
 * terms (no arrays allocated per line or per term once it has grown).
 */
export function createBlockBuilder(options: BlockOptions = {}): BlockBuilder {
  const detach = options.detach ?? false;
  let table = createLineTable(64);
  let n = 0;
  /** Every line after the first is contiguous with the one before, in the same buffer. */
  let oneBuffer = true;
  /** ...and has no prefix, and the one before ended with a bare `\n`. */
  let plain = true;
  /** Some line continues the one before. */
  let joined = false;
  /** Some line's content opens with `&nbsp;` (or another no-break space entity): its indentation, from a page's source (blankPageIndent). */
  let pageIndent = false;
  // Reset, not made anew, for each term: an object literal with getters is built by the runtime,
  // slowly (20,000 of them, about two a run: 30-60 ms).
  const tracker = createDepthTracker();
  /** Length of `text` so far. */
  let at = 0;
  /** The last character of the last line's content (the one a continuation goes on from), or -1. */
  let lastChar = -1;
  let closedAt = -1;
  let termStart = -1;
  /**
   * Writes a line into the table (`join`: it goes on with the one before, no `\n` between) and
   * says where its content starts in `text`; `push` and `append` do the rest.
   */
  const recordLine = (buf: string, start: number, prefix: number, end: number, next: number, abs: number, lineNo: number, join: boolean): number => {
    if (at + (end - start) > MAX_TERM_LENGTH || n >= MAX_TERM_LINES) termTooLong(n > 0 ? table.lineNos[0]! : lineNo, n > 0 ? table.absolutes[0]! : abs, n >= MAX_TERM_LINES);
    if (n === table.starts.length) table = growLineTable(table);
    const t = table;
    if (n > 0) {
      const contiguous = t.bufs[n - 1] === buf && t.nexts[n - 1] === start;
      if (!contiguous) oneBuffer = false;
      if (!contiguous || prefix !== 0 || t.nexts[n - 1] !== t.ends[n - 1]! + 1 || join) plain = false;
      if (join) joined = true;
      else at++; // the `\n`
    }
    const lineAt = at;
    t.bufs[n] = buf;
    t.starts[n] = start;
    t.ends[n] = end;
    t.nexts[n] = next;
    t.absolutes[n] = abs;
    t.prefixes[n] = prefix;
    t.ats[n] = lineAt;
    t.lineNos[n] = lineNo;
    t.joins[n] = join ? 1 : 0;
    n++;
    return lineAt;
  };
  const builder: BlockBuilder = {
    get lineCount() {
      return n;
    },
    get closedAt() {
      return closedAt;
    },
    get unbalanced() {
      return tracker.unbalanced;
    },
    push(buf, start, prefix, end, next, abs, lineNo, feedFrom = -1, continues = false) {
      const content = start + prefix;
      const from = feedFrom >= 0 ? feedFrom : content;
      const join = continues && n > 0;
      const lineAt = recordLine(buf, start, prefix, end, next, abs, lineNo, join);
      if (termStart < 0 && from < end) termStart = lineAt + (from - content);
      // (One comparison per line: `&` never opens a line of a raw term.)
      if (buf.charCodeAt(content) === 38 && nbspEntityAt(buf, content, end)) pageIndent = true;
      // A piece that goes on with the one before reads on from that one's last character.
      const closed = closedAt === -1 ? tracker.feed(buf, from, end, join && from === content ? lastChar : -1) : -1;
      if (closed !== -1) closedAt = lineAt + (closed - content);
      at = lineAt + (end - content);
      if (end > content) lastChar = buf.charCodeAt(end - 1);
      return closed !== -1;
    },
    append(buf, start, prefix, end, next, abs, lineNo) {
      const content = start + prefix;
      const lineAt = recordLine(buf, start, prefix, end, next, abs, lineNo, false);
      if (termStart < 0 && content < end) termStart = lineAt;
      at = lineAt + (end - content);
      if (end > content) lastChar = buf.charCodeAt(end - 1);
    },
    resume(depth) {
      tracker.resume(depth);
      closedAt = -1;
    },
    build(): TermBlock {
      if (n === 0) throw new Error("empty term block");
      const { bufs, starts, ends, nexts, prefixes, joins } = table;
      const count = n;
      const first = bufs[0]!;
      let text: string;
      if (plain) {
        text = first.slice(starts[0]! + prefixes[0]!, ends[count - 1]);
        if (detach) text = detachString(text);
      } else {
        const contents: string[] = [];
        for (let i = 0; i < count; i++) {
          if (joined && i > 0 && joins[i] === 0) contents.push("\n");
          contents.push(bufs[i]!.slice(starts[i]! + prefixes[i]!, ends[i]));
        }
        text = contents.join(joined ? "" : "\n");
      }
      // The log's own text of the block, from the first line's start; built on first use.
      // A plain block whose first line has no prefix is that text already: offsets in
      // `text` are offsets from the block's start, and `raw` never reads past its end.
      let orig: string | null = plain && prefixes[0] === 0 ? text : null;
      const origText = (): string => {
        if (orig !== null) return orig;
        if (oneBuffer) {
          orig = first.slice(starts[0], nexts[count - 1]);
          if (detach) orig = detachString(orig);
        } else {
          const parts: string[] = [];
          for (let i = 0; i < count; i++) parts.push(bufs[i]!.slice(starts[i], nexts[i]));
          orig = parts.join("");
        }
        return orig;
      };
      if (pageIndent) text = blankPageIndent(text);
      return makeBlock({ text, html: tracker.sawHtml, termStart: Math.max(termStart, 0), table, count, origText });
    },
    reset() {
      // Let go of the buffers the last term's lines came from.
      table.bufs.fill("", 0, n);
      n = 0;
      oneBuffer = true;
      plain = true;
      joined = false;
      pageIndent = false;
      tracker.reset();
      at = 0;
      lastChar = -1;
      closedAt = -1;
      termStart = -1;
      return builder;
    },
  };
  return builder;
}

/** A line's indentation (start of the text, or after a `\n`): blanks, no-break spaces and their entities. */
const PAGE_INDENT = new RegExp(`(^|\\n)((?:[ \\t\\u00a0]|${NBSP_ENTITY.source})+)`, "g");

/**
 * `text` with the `&nbsp;` (or `&#160;`, `&#xA0;`: nbsp.ts) that indent its lines (the indentation
 * of text copied from a page's source, markers.ts's skipIndent) as six spaces each: the parser reads
 * indentation, and nothing moves (offsets in `text` stay the log's, and `raw` is the log's own text). Only there: an `&`
 * never opens a line of a raw term, but inside one it may be the term's (`<<"a&nbsp;b">>`, or a
 * `#Fun<m.f.1>` that decoding the block as HTML would take for a tag).
 */
function blankPageIndent(text: string): string {
  return text.replace(PAGE_INDENT, (_all, lineStart: string, indent: string) => lineStart + blankEntities(indent));
}

function makeBlock(args: { text: string; html: boolean; termStart: number; table: LineTable; count: number; origText: () => string }): TermBlock {
  const { text, origText, count } = args;
  const { absolutes, prefixes, ats, lineNos, joins } = args.table;
  const last = count - 1;
  const indexOf = (offset: number): number => {
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ats[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const toAbs = (offset: number) => {
    const i = indexOf(offset);
    return absolutes[i]! + prefixes[i]! + (offset - ats[i]!);
  };
  const toAbsEnd = (offset: number) => {
    let i = indexOf(offset);
    // Where a cut line's pieces join, an end belongs to the piece before (an empty piece to none).
    while (i > 0 && joins[i] === 1 && ats[i] === offset) i--;
    return absolutes[i]! + prefixes[i]! + (offset - ats[i]!);
  };
  const base = absolutes[0]!;
  return {
    text,
    firstLine: lineNos[0]!,
    start: base + prefixes[0]!,
    end: toAbsEnd(text.length),
    html: args.html,
    termStart: args.termStart,
    toAbs,
    toAbsEnd,
    locate(offset) {
      const i = indexOf(offset);
      const column = prefixes[i]! + (offset - ats[i]!);
      return { line: lineNos[i]!, column: column + 1, offset: absolutes[i]! + column };
    },
    raw(from, to) {
      return origText().slice(toAbs(from) - base, toAbsEnd(to) - base);
    },
  };
}
