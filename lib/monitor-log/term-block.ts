// ## Term blocks
//
// A printed term spans lines (`~p` wraps at 80 columns), and each line may
// carry a timestamp prefix and a `\r`. A block collects the lines of one term
// as the scanner meets them and knows, without parsing, when the term is
// complete: a bracket-depth count that skips quoted text and HTML tags.
//
// The block's `text` is the lines without prefixes, joined by `\n`: what the
// term parser reads. Offsets in `text` map back to the log (absolute offsets,
// line, column) through the per-line table, so every span and issue points
// at the log as it was given.

/** Incremental, quote-aware bracket counter over printed Erlang terms. */
export type DepthTracker = {
  /**
   * Feeds `s[from, to)`; returns the index just after the character that
   * closed the outermost bracket, or -1 when the term is still open.
   */
  feed(s: string, from: number, to: number): number;
  /** A closing bracket came with nothing open: the text is not one term. */
  readonly unbalanced: boolean;
  readonly started: boolean;
  /** Saw a tag or an entity outside quotes: the text was pasted from an HTML page. */
  readonly sawHtml: boolean;
};

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isTagStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 47 || c === 33;

export function createDepthTracker(): DepthTracker {
  let depth = 0;
  let quote = 0; // 0, or the char code of the open quote (" or ')
  let escaped = false;
  let inTag = false;
  let started = false;
  let unbalanced = false;
  let sawHtml = false;
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
    feed(s, from, to) {
      // The previous character, to tell an HTML tag (`,<span`) from `#Fun<m.f.1>`.
      let prev = from > 0 ? s.charCodeAt(from - 1) : 32;
      for (let i = from; i < to; i++) {
        const c = s.charCodeAt(i);
        if (inTag) {
          if (c === 62) inTag = false;
        } else if (quote !== 0) {
          if (escaped) escaped = false;
          else if (c === 92) escaped = true;
          else if (c === quote) quote = 0;
        } else if (c === 38) {
          // `&lt;` and friends: raw `~p` output has no `&` outside quotes.
          sawHtml = true;
        } else if (c === 34 || c === 39) {
          quote = c;
        } else if (c === 91 || c === 123) {
          depth++;
          started = true;
        } else if (c === 93 || c === 125) {
          depth--;
          if (depth <= 0) {
            if (depth < 0 || !started) unbalanced = true;
            depth = 0;
            return i + 1;
          }
        } else if (c === 60 && !isAlnum(prev) && prev !== 60 && isTagStart(s.charCodeAt(i + 1))) {
          // Pasted from an HTML console: `<span style="...">` is not term text.
          inTag = true;
          sawHtml = true;
        }
        prev = c;
      }
      return -1;
    },
  };
}

/** One log line held by a block. */
type BlockLine = {
  /** Absolute offset of the line's first character in the log. */
  abs: number;
  /** 1-based line number in the log. */
  lineNo: number;
  /** Length of the timestamp prefix removed from the line. */
  prefix: number;
  /** Offset of this line's content in the block's `text`. */
  at: number;
  /** The line as in the log, terminator included. */
  orig: string;
};

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
  locate(offset: number): Located;
  /** The log's text between two offsets of `text`, prefixes and `\r` included. */
  raw(from: number, to: number): string;
};

export type BlockBuilder = {
  readonly lineCount: number;
  /**
   * Adds a line (`buf[start, end)` is its content, the first `prefix` chars of
   * which are a timestamp; `next - start` its full length) and feeds the
   * bracket counter from `feedFrom` (default: the content start). Returns true
   * when the term closed on this line.
   */
  push(args: { buf: string; start: number; prefix: number; end: number; next: number; abs: number; lineNo: number; feedFrom?: number }): boolean;
  /** Offset in `text` just after the closing bracket, or -1 while open. */
  readonly closedAt: number;
  readonly unbalanced: boolean;
  build(): TermBlock;
};

/** Collects the lines of one term; call `build()` once it is complete (or cut). */
export function createBlockBuilder(): BlockBuilder {
  const lines: BlockLine[] = [];
  const contents: string[] = [];
  const tracker = createDepthTracker();
  let at = 0;
  let closedAt = -1;
  let termStart = 0;
  return {
    get lineCount() {
      return lines.length;
    },
    get closedAt() {
      return closedAt;
    },
    get unbalanced() {
      return tracker.unbalanced;
    },
    push(args) {
      const { buf, start, prefix, end, next, abs, lineNo } = args;
      const from = args.feedFrom ?? start + prefix;
      if (lines.length === 0) termStart = from - (start + prefix);
      const content = buf.slice(start + prefix, end);
      lines.push({ abs, lineNo, prefix, at, orig: buf.slice(start, next) });
      contents.push(content);
      const closed = closedAt === -1 ? tracker.feed(buf, from, end) : -1;
      if (closed !== -1) closedAt = at + (closed - (start + prefix));
      at += content.length + 1;
      return closed !== -1;
    },
    build(): TermBlock {
      return makeBlock(lines, contents.join("\n"), tracker.sawHtml, termStart);
    },
  };
}

function makeBlock(lines: BlockLine[], text: string, html: boolean, termStart: number): TermBlock {
  const first = lines[0];
  const last = lines[lines.length - 1];
  if (!first || !last) throw new Error("empty term block");
  const indexOf = (offset: number): BlockLine => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lines[mid]?.at ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lines[lo] ?? first;
  };
  const toAbs = (offset: number) => {
    const l = indexOf(offset);
    return l.abs + l.prefix + (offset - l.at);
  };
  const origJoined = lines.length === 1 ? first.orig : lines.map((l) => l.orig).join("");
  return {
    text,
    firstLine: first.lineNo,
    start: first.abs + first.prefix,
    end: toAbs(text.length),
    html,
    termStart,
    toAbs,
    locate(offset) {
      const l = indexOf(offset);
      return { line: l.lineNo, column: l.prefix + (offset - l.at) + 1, offset: l.abs + l.prefix + (offset - l.at) };
    },
    raw(from, to) {
      return origJoined.slice(toAbs(from) - first.abs, toAbs(to) - first.abs);
    },
  };
}
