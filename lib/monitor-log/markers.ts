// ## Line markers
//
// A console log is mostly noise; the scanner must find the few lines that
// matter without paying a regex per line. Every test here is a charCode or
// `startsWith` at a known position: a noise line usually costs one or two
// character comparisons after its timestamp prefix.

import { FIRST_INSTANT_MS, LAST_INSTANT_MS } from "../last-instant";
import { NBSP_LENGTH, nbspEntityAt } from "./nbsp";
import { tagEndAt } from "../erlang-term/html";
import { readJenkinsBuildPath } from "./build-url";

/** Lines the scanner acts on. Everything else is noise. */
export type LineMarker =
  | { kind: "noise" }
  | { kind: "header" } // processes sorted by queue_len desc:
  | { kind: "top-start" } // [{<6562.1.2>,{message_queue_len,N}}, ... without the header (build 27044)
  | { kind: "inspect" } // message queue len of pid <pid> : {message_queue_len,N} | undefined
  | { kind: "samples" } // message in pid <pid> :
  | { kind: "build-start" } // Started by timer / user / upstream project
  | { kind: "meta"; key: "job" | "number" | "url"; value: string };

export const HEADER = "processes sorted by queue_len desc:";
export const INSPECT = "message queue len of pid";
export const SAMPLES = "message in pid";
const QUEUE_LEN = "message_queue_len";

const META_KEYS: ReadonlyArray<readonly [string, "job" | "number" | "url"]> = [
  ["JOB_NAME=", "job"],
  ["BUILD_NUMBER=", "number"],
  ["BUILD_URL=", "url"],
];

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Length of a timestamp at `p` in the shapes CI prints, or 0:
 * `2015-08-25T03:47:00.000Z`, `2015-08-25 11:47:00`, `2015-08-25 11:47:00 +0800`.
 */
/** Two digits at `p`. */
const digits2 = (buf: string, p: number) => isDigit(buf.charCodeAt(p)) && isDigit(buf.charCodeAt(p + 1));

export function timestampLength(buf: string, p: number, end: number): number {
  if (p + 19 > end) return 0;
  // Spelled out: this runs on every line of a timestamped log.
  if (!digits2(buf, p) || !digits2(buf, p + 2) || !digits2(buf, p + 5) || !digits2(buf, p + 8)) return 0;
  if (!digits2(buf, p + 11) || !digits2(buf, p + 14) || !digits2(buf, p + 17)) return 0;
  const t = buf.charCodeAt(p + 10);
  if (buf.charCodeAt(p + 4) !== 45 || buf.charCodeAt(p + 7) !== 45 || (t !== 84 && t !== 32)) return 0;
  if (buf.charCodeAt(p + 13) !== 58 || buf.charCodeAt(p + 16) !== 58) return 0;
  let q = p + 19;
  if (q < end && (buf.charCodeAt(q) === 46 || buf.charCodeAt(q) === 44)) {
    q++;
    while (q < end && isDigit(buf.charCodeAt(q))) q++;
  }
  if (q < end && buf.charCodeAt(q) === 90) return q + 1 - p; // Z
  // A zone: `+08:00`, `+0800`, optionally after one space.
  const z = q < end && buf.charCodeAt(q) === 32 ? q + 1 : q;
  const s = buf.charCodeAt(z);
  if ((s === 43 || s === 45) && isDigit(buf.charCodeAt(z + 1)) && isDigit(buf.charCodeAt(z + 2))) {
    let r = z + 3;
    if (buf.charCodeAt(r) === 58) r++;
    if (isDigit(buf.charCodeAt(r)) && isDigit(buf.charCodeAt(r + 1)) && r + 2 <= end) return r + 2 - p;
  }
  return q - p;
}

/**
 * Terminal escapes at `p` that CI consoles put in front of a line's text, or 0: colour and
 * erase sequences (`ESC[32m`, `ESC[0K`: GitLab's runner, Jenkins' AnsiColor), a Jenkins console
 * note as the raw build log stores it (`ESC[8mha:////…ESC[0m`, hidden text up to the next escape),
 * and Buildkite's timestamp marks (`ESC_bk;t=…BEL`). Any number of them, in a row.
 */
export function escapesLength(buf: string, p: number, end: number): number {
  let q = p;
  while (q + 1 < end && buf.charCodeAt(q) === 27) {
    const kind = buf.charCodeAt(q + 1);
    if (kind === 91) {
      // CSI: parameters, then one final byte.
      let r = q + 2;
      while (r < end && ((buf.charCodeAt(r) >= 48 && buf.charCodeAt(r) <= 63) || buf.charCodeAt(r) === 32)) r++;
      const final = buf.charCodeAt(r);
      if (r >= end || final < 64 || final > 126) break;
      // `ESC[8m` hides what follows until the next escape: a console note, no part of the text.
      if (final === 109 && r === q + 3 && buf.charCodeAt(q + 2) === 56) {
        const close = buf.indexOf("\u001b", r + 1);
        if (close !== -1 && close < end) {
          q = close;
          continue;
        }
      }
      q = r + 1;
    } else if (kind === 95) {
      // APC (Buildkite): up to BEL or ESC \.
      let r = q + 2;
      while (r < end && buf.charCodeAt(r) !== 7 && buf.charCodeAt(r) !== 27) r++;
      if (r >= end) break;
      q = buf.charCodeAt(r) === 7 ? r + 1 : r + 2;
    } else break;
  }
  return q - p;
}

/**
 * Where the escapes that close a line's text start (`…3102ESC[0m`, `ESC[0K`), or `end`: the
 * line's content ends there. Colour codes around a monitor line would otherwise be read as part
 * of its last value.
 */
export function contentEndBeforeEscapes(buf: string, start: number, end: number): number {
  let e = cutEscapeAt(buf, start, end);
  for (;;) {
    const last = buf.charCodeAt(e - 1);
    if (e - start < 3 || (last !== 109 && last !== 75)) return e; // m, K
    let r = e - 2;
    while (r > start && buf.charCodeAt(r) >= 48 && buf.charCodeAt(r) <= 59) r--;
    if (r - 1 < start || buf.charCodeAt(r) !== 91 || buf.charCodeAt(r - 1) !== 27) return e;
    e = r - 1;
  }
}

/** A CSI escape's parameter or intermediate byte (`0`–`?`, space). */
const isCsiParam = (c: number) => (c >= 48 && c <= 63) || c === 32;

/**
 * Where an escape that the line's end cut short starts (`…},ESC[0;`: GitLab's runner cut the line
 * inside it, and its `+` piece begins with the rest, `m`), or `end`. No part of the line's text:
 * `cutEscapeRest` finds the rest at the piece's start.
 */
export function cutEscapeAt(buf: string, start: number, end: number): number {
  const last = buf.charCodeAt(end - 1);
  if (last === 27) return end - 1;
  if (last !== 91 && !isCsiParam(last)) return end;
  let r = end - 1;
  // A CSI's parameters are a few characters: the escape is close to the end, or not there.
  const stop = Math.max(start, end - 16);
  while (r > stop && isCsiParam(buf.charCodeAt(r))) r--;
  return r > start && buf.charCodeAt(r) === 91 && buf.charCodeAt(r - 1) === 27 ? r - 1 : end;
}

/** The escape `cutEscapeAt` finds at the line's end, as text, or "". */
function openEscapeText(buf: string, start: number, end: number): string {
  const at = cutEscapeAt(buf, start, end);
  return at === end ? "" : buf.slice(at, end);
}

/**
 * A piece's start (`buf[p, end)`) read against `open`, the escape left open where the line before
 * ended (`cutEscapeAt`'s text: `ESC`, `ESC[`, `ESC[0;`): how much of it ends that escape, with
 * the whole escapes right after (`escapesLength`), no part of the text either; and the escape
 * still open when the piece is all parameters (cut twice inside one escape), else "".
 */
export function cutEscapeRest(open: string, buf: string, p: number, end: number): { skip: number; open: string } {
  let r = p;
  if (open.length === 1) {
    if (r >= end) return { skip: 0, open };
    if (buf.charCodeAt(r) !== 91) return { skip: 0, open: "" };
    r++;
  }
  while (r < end && isCsiParam(buf.charCodeAt(r))) r++;
  if (r >= end) return { skip: end - p, open: open + buf.slice(p, end) };
  const final = buf.charCodeAt(r);
  if (final < 64 || final > 126) return { skip: 0, open: "" };
  r++;
  return { skip: r - p + escapesLength(buf, r, end), open: "" };
}

/**
 * The escapes GitLab's runner cut across lines, followed line by line: `contentStart` is handed
 * each line in order (`buf[s, end)`, its content `[p, e)`; `piece`: it goes on with the line
 * before) and answers where its content starts past the rest of an escape the line before left
 * open (`cutEscapeRest`), keeping the escape this line leaves open (`cutEscapeAt`) for the next.
 * `open` is that escape's text, "" when none.
 */
export function createCutEscapes() {
  let open = "";
  return {
    get open(): string {
      return open;
    },
    contentStart(buf: string, s: number, p: number, e: number, end: number, piece: boolean): number {
      let still = "";
      if (piece && open !== "") {
        const rest = cutEscapeRest(open, buf, p, e);
        p = Math.min(p + rest.skip, e);
        still = rest.open;
      }
      open = still !== "" ? still : e < end ? openEscapeText(buf, s, end) : "";
      return p;
    },
  };
}

/**
 * GitLab's runner with timestamps on (`FF_TIMESTAMPS`) writes each line as
 * `2026-12-04T10:00:00.123456Z 00O text`: a stream number, `O`ut or `E`rr, then a space, or `+`
 * when the runner cut a line (it writes what it has read so far) and this goes on with it: the
 * text after the `+` is the rest of the line before, with no newline between (`continuesLine`).
 * The part after the stamp's space, or 0.
 */
function streamMarkLength(buf: string, p: number, end: number): number {
  const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
  if (p + 4 > end || !isHex(buf.charCodeAt(p)) || !isHex(buf.charCodeAt(p + 1))) return 0;
  const stream = buf.charCodeAt(p + 2);
  const flag = buf.charCodeAt(p + 3);
  return (stream === 79 || stream === 69) && (flag === 32 || flag === 43) ? 4 : 0;
}

/**
 * A bracketed time without a date, as Jenkins' Timestamper shows it in its other formats
 * (`[16:34:01] `, elapsed `[0:00:01.234] `): no time of its own to take, but no part of the text.
 */
function clockPrefixLength(buf: string, p: number, end: number): number {
  let q = p + 1;
  while (q < end && isDigit(buf.charCodeAt(q))) q++;
  if (q === p + 1 || q - p > 4 || buf.charCodeAt(q) !== 58 || !digits2(buf, q + 1) || buf.charCodeAt(q + 3) !== 58 || !digits2(buf, q + 4)) return 0;
  q += 6;
  if (buf.charCodeAt(q) === 46 || buf.charCodeAt(q) === 44) {
    q++;
    while (q < end && isDigit(buf.charCodeAt(q))) q++;
  }
  if (buf.charCodeAt(q) !== 93) return 0;
  return q + 1 < end && buf.charCodeAt(q + 1) === 32 ? q + 2 - p : q + 1 - p;
}

const HTML_STAMP_OPEN = '<span class="timestamp">';
const HTML_STAMP_CLOSE = "</span>";
/**
 * The longest Timestamper span read as a prefix. Its content is a format the user chose (by default
 * `'<b>'HH:mm:ss'</b> '`), a time and some markup: far shorter. The bound keeps a line that opens
 * the span and never closes it from being searched to its end.
 */
const MAX_HTML_STAMP = 256;

/**
 * What Jenkins' console page (its HTML source, saved or copied) puts in front of a line's text:
 * with the Timestamper plugin, `<span class="timestamp"><b>03:47:00</b> </span>` on every line (a
 * clock, an elapsed time or a date, in the format the user chose), the first line after the page's
 * `<pre class="console-output">`. The length of the `<pre…>` tag, the span, or both, at `p`; 0
 * when neither is there. The text after it is the page's, HTML-escaped: the term reader finds that
 * out itself (term-block.ts's `html`), as for a console copied without Timestamper.
 */
function htmlLeadLength(buf: string, p: number, end: number): number {
  const q = preTagEnd(buf, p, end);
  const n = htmlStampSpanLength(buf, q, end);
  return q + n - p;
}

/** After the `<pre …>` tag that opens Jenkins' console output at `p`, or `p`. */
function preTagEnd(buf: string, p: number, end: number): number {
  if (!buf.startsWith("<pre", p)) return p;
  const c = buf.charCodeAt(p + 4);
  const after = c === 62 || c === 32 ? tagEndAt(buf, p, end) : -1;
  return after < 0 ? p : after;
}

/** The length of a whole Timestamper span at `p` (up to its `</span>`, within MAX_HTML_STAMP), or 0. */
function htmlStampSpanLength(buf: string, p: number, end: number): number {
  if (!buf.startsWith(HTML_STAMP_OPEN, p)) return 0;
  const limit = Math.min(end, p + MAX_HTML_STAMP) - HTML_STAMP_CLOSE.length;
  for (let r = p + HTML_STAMP_OPEN.length; r <= limit; r++) {
    if (buf.charCodeAt(r) === 60 && buf.startsWith(HTML_STAMP_CLOSE, r)) return r + HTML_STAMP_CLOSE.length - p;
  }
  return 0;
}

/**
 * Where the date in the Timestamper span of a page's line (htmlLeadLength, at `p`) starts, past the
 * markup of its format (`<b>`), or -1 when it holds no date (a clock or an elapsed time: no time
 * of its own to take).
 */
function htmlStampTextAt(buf: string, p: number, end: number): number {
  const span = preTagEnd(buf, p, end);
  const n = htmlStampSpanLength(buf, span, end);
  if (n === 0) return -1;
  let q = span + HTML_STAMP_OPEN.length;
  while (buf.charCodeAt(q) === 60) {
    const after = tagEndAt(buf, q, span + n);
    if (after < 0) return -1;
    q = after;
  }
  return timestampLength(buf, q, span + n) > 0 ? q : -1;
}

/**
 * Whether a line may open with what `leadLength` skips: an escape, `[` and a clock's `:` within
 * three digits (a timestamper's `[2015-…` has none there), or a tag (htmlLeadLength). Checked
 * first: it runs on every line.
 */
function hasLead(buf: string, p: number): boolean {
  const c = buf.charCodeAt(p);
  return c === 27 || c === 60 || (c === 91 && (buf.charCodeAt(p + 2) === 58 || buf.charCodeAt(p + 3) === 58 || buf.charCodeAt(p + 4) === 58));
}

/**
 * What may stand before a line's timestamp: the markup of Jenkins' console page (htmlLeadLength),
 * escapes, a date-less Timestamper clock, escapes.
 */
function leadLength(buf: string, p: number, end: number): number {
  let q = p;
  if (buf.charCodeAt(q) === 60) q += htmlLeadLength(buf, q, end);
  if (buf.charCodeAt(q) === 27) q += escapesLength(buf, q, end);
  if (buf.charCodeAt(q) === 91) {
    const n = clockPrefixLength(buf, q, end);
    if (n > 0) {
      q += n;
      if (buf.charCodeAt(q) === 27) q += escapesLength(buf, q, end);
    }
  }
  return q - p;
}

/**
 * A log that went through two CI systems carries both their stamps, outer first: GitHub Actions'
 * or GitLab's in front of Jenkins' Timestamper (a Jenkins console shown in another job),
 * `docker logs -t` in front of either. At most this many are read as one prefix.
 */
const MAX_STAMPS = 4;

/**
 * The timestamp prefix of a line: Jenkins' timestamper `[2015-08-25T03:47:00.000Z] `,
 * a CI step's `2015-08-25 11:47:00 +0800 `, GitHub Actions' `2026-12-04T10:00:00.1234567Z `,
 * GitLab's `2026-12-04T10:00:00.123456Z 00O `, with escapes in front (escapesLength), and
 * stacked (MAX_STAMPS, none after a GitLab `+`): `length` covers them all, including the space after the last;
 * `stamp` is the text of the innermost, the one written nearest to the monitor (empty, and
 * `length` 0, when there is none).
 */
export function timestampPrefix(buf: string, start: number, end: number): { length: number; stamp: string; layers: number } {
  let length = 0;
  let stamp = "";
  let layer = 0;
  for (; layer < MAX_STAMPS; layer++) {
    const at = start + length;
    // After a GitLab `+` the text goes on with the line before: nothing there is a prefix.
    if (layer > 0 && buf.charCodeAt(at - 1) === 43) break;
    const n = oneStampPrefixLength(buf, at, end);
    if (n === 0) break;
    // The stamp's text: after what leads it (when it does not open the layer), inside its brackets.
    const p = stampLength(buf, at, end) > 0 ? at : at + leadLength(buf, at, end);
    const c = buf.charCodeAt(p);
    const q = c === 91 ? p + 1 : c === 60 ? htmlStampTextAt(buf, p, end) : p;
    stamp = buf.slice(q, q + timestampLength(buf, q, end));
    length += n;
  }
  return { length, stamp, layers: layer };
}

/**
 * `timestampPrefix(...).length` without building the result: the scanner asks
 * this of every line of a timestamped log and wants the text only rarely.
 */
export function timestampPrefixLength(buf: string, start: number, end: number): number {
  let length = oneStampPrefixLength(buf, start, end);
  if (length === 0) return 0;
  for (let layer = 1; layer < MAX_STAMPS; layer++) {
    const n = oneStampPrefixLength(buf, start + length, end);
    // (Checked after a layer is found: a single stamp, the usual case, costs nothing more.)
    if (n === 0 || buf.charCodeAt(start + length - 1) === 43) break;
    length += n;
  }
  return length;
}

/**
 * Whether the line whose content (linePrefixLength) starts at `p` is a piece a GitLab runner cut
 * off the line before (its stream mark ends in `+`, the prefix's last character): its content
 * goes on with that line's, with no newline between.
 */
export function continuesLine(buf: string, start: number, p: number): boolean {
  return p > start && buf.charCodeAt(p - 1) === 43;
}

/**
 * Whether the line's stamps (as timestampPrefix reads them) include one with a GitLab stream mark:
 * the log comes from GitLab's runner, which may cut any line (`continuesLine`).
 */
export function gitlabStamped(buf: string, start: number, end: number): boolean {
  let length = 0;
  for (let layer = 0; layer < MAX_STAMPS; layer++) {
    const at = start + length;
    const n = oneStampPrefixLength(buf, at, end);
    if (n === 0) return false;
    length += n;
    const mark = start + length - 4;
    if (buf.charCodeAt(mark - 1) === 32 && streamMarkLength(buf, mark, end) === 4) return true;
  }
  return false;
}

/** One stamp at `p` with what may lead it, or 0. */
function oneStampPrefixLength(buf: string, p: number, end: number): number {
  // The stamp itself first: on a timestamped log that is every line, and what leads it is rare.
  const n = stampLength(buf, p, end);
  if (n > 0 || !hasLead(buf, p)) return n;
  const lead = leadLength(buf, p, end);
  const m = lead > 0 ? stampLength(buf, p + lead, end) : 0;
  return m > 0 ? lead + m : 0;
}

/**
 * A timestamp prefix right at `p` (bracketed or bare, with its space and a GitLab stream mark, or a
 * Timestamper span on Jenkins' console page holding a date), or 0.
 */
function stampLength(buf: string, p: number, end: number): number {
  const c = buf.charCodeAt(p);
  if (c === 60) return htmlStampTextAt(buf, p, end) === -1 ? 0 : htmlLeadLength(buf, p, end);
  if (c === 91) {
    if (!isDigit(buf.charCodeAt(p + 1))) return 0;
    const n = timestampLength(buf, p + 1, end);
    if (n === 0 || buf.charCodeAt(p + 1 + n) !== 93) return 0;
    const after = p + n + 2;
    return n + 2 + (buf.charCodeAt(after) === 32 && after < end ? 1 : 0);
  }
  if (!isDigit(c)) return 0;
  const n = timestampLength(buf, p, end);
  if (n === 0) return 0;
  const space = buf.charCodeAt(p + n) === 32 && p + n < end ? 1 : 0;
  return n + space + (space === 1 ? streamMarkLength(buf, p + n + 1, end) : 0);
}

/** `timestampPrefix(...).stamp`. */
export function timestampText(buf: string, start: number, end: number): string {
  return timestampPrefix(buf, start, end).stamp;
}

/**
 * 1 when the log's first line opens with a byte-order mark (Notepad, PowerShell), else 0. The mark
 * stays in the text (offsets are the log's own), but like a timestamp it is no part of the line's
 * content: `JOB_NAME=` on line 1 must still read as metadata.
 */
export function bomLength(buf: string, start: number, lineNo: number): 0 | 1 {
  return lineNo === 1 && buf.charCodeAt(start) === 0xfeff ? 1 : 0;
}

/**
 * Characters before a line's content: the `bom` (bomLength), then the markup Jenkins' console page
 * puts there (htmlLeadLength), escapes, a date-less Timestamper clock, timestamp prefixes (stacked, as `timestampPrefix` reads them) and escapes
 * again, each when there is one; nothing after a GitLab `+` (continuesLine: the text there is
 * the rest of a cut line, whatever it looks like). Whether the line carries a time is
 * `timestampText`'s to say (escapes alone make a prefix but no stamp).
 */
export function linePrefixLength(buf: string, start: number, end: number, bom: number): number {
  const p = start + bom;
  const c = buf.charCodeAt(p);
  if (c !== 27 && c !== 91 && c !== 60 && (c < 48 || c > 57)) return bom;
  let q = p + timestampPrefixLength(buf, p, end);
  // Escapes and a date-less Timestamper clock, alone or after an outer CI's stamps
  // (`2026-12-04T10:00:00.1234567Z [10:00:04] …`), but not after a GitLab `+`: what follows
  // it is the cut line's own text.
  if ((q === p || buf.charCodeAt(q - 1) !== 43) && hasLead(buf, q)) q += leadLength(buf, q, end);
  return q - start;
}

/** Timestamp text → ISO 8601 UTC; `localOffset` (`+08:00`, `Z`) for stamps printed without a zone. */
export function timestampToIso(stamp: string, localOffset: string): string | null {
  const date = stamp.slice(0, 10);
  const time = stamp.slice(11, 19);
  let rest = stamp.slice(19);
  let fraction = "";
  const m = /^[.,](\d+)/.exec(rest);
  if (m) {
    fraction = "." + (m[1] ?? "").slice(0, 3).padEnd(3, "0");
    rest = rest.slice(m[0].length);
  }
  rest = rest.trim();
  let zone = localOffset;
  if (rest === "Z") zone = "Z";
  else if (rest !== "") zone = rest.length === 5 ? `${rest.slice(0, 3)}:${rest.slice(3)}` : rest;
  const d = new Date(`${date}T${time}${fraction}${zone}`);
  // Past year 9999 (UTC) the ISO text has a six-digit year (`+010000-…`), which the database,
  // keeping times as text, would sort before every other: no time, as for a date that is none. The
  // same before year 1 (`0000-01-01 00:49 +05:00`): no database reads it (FIRST_INSTANT_MS).
  return Number.isNaN(d.getTime()) || d.getTime() > LAST_INSTANT_MS || d.getTime() < FIRST_INSTANT_MS ? null : d.toISOString();
}

/** Index of the first non-blank character in `[p, end)`, or `end`. */
export function skipBlanks(buf: string, p: number, end: number): number {
  while (p < end) {
    const c = buf.charCodeAt(p);
    if (c !== 32 && c !== 9) break;
    p++;
  }
  return p;
}

/**
 * Index of the first character in `[p, end)` that is not indentation, or `end`: blanks, and the
 * no-break spaces text copied from a web page or a chat app is indented with (U+00A0; the entity
 * `&nbsp;`, `&#160;` or `&#xA0;` when copied from the page's source: outside quotes, where no
 * Erlang term has an `&`). For where a line's content starts only: elsewhere an entity is the
 * line's text.
 */
export function skipIndent(buf: string, p: number, end: number): number {
  while (p < end) {
    const c = buf.charCodeAt(p);
    if (c === 32 || c === 9 || c === 0xa0) p++;
    else if (c === 38 && nbspEntityAt(buf, p, end)) p += NBSP_LENGTH;
    else break;
  }
  return p;
}

/** What the line whose content (timestamp prefix removed) starts at `p` is. */
export function markerAt(buf: string, p: number, end: number): LineMarker {
  const q = skipIndent(buf, p, end);
  switch (buf.charCodeAt(q)) {
    case 112: // p
      return buf.startsWith(HEADER, q) ? { kind: "header" } : NOISE;
    case 109: // m
      if (buf.startsWith(INSPECT, q)) return { kind: "inspect" };
      if (buf.startsWith(SAMPLES, q)) return { kind: "samples" };
      return NOISE;
    case 91: // [
      // Without its header, the top list is recognised by its first entry.
      // The search is bounded by the line: `buf` may be the whole log.
      if (buf.charCodeAt(q + 1) === 123 && buf.slice(q, Math.min(end, q + 256)).includes(QUEUE_LEN)) {
        return { kind: "top-start" };
      }
      return NOISE;
    case 83: // S
      return buf.startsWith("Started by ", q) ? { kind: "build-start" } : NOISE;
    case 74: // J
    case 66: // B
      for (const [prefix, key] of META_KEYS) {
        if (buf.startsWith(prefix, q)) return { kind: "meta", key, value: metaValue(buf.slice(q + prefix.length, end)) };
      }
      return NOISE;
    default:
      return NOISE;
  }
}

const NOISE: LineMarker = { kind: "noise" };

/**
 * A metadata line's value, without the HTML a CI page wraps it in: Jenkins turns a URL into a link
 * (`BUILD_URL=<a href="http://ci/job/x/7/">http://ci/job/x/7/</a>` in a console copied from its
 * page source). No job name, build number or URL holds `<` itself (Jenkins refuses it in names).
 */
function metaValue(text: string): string {
  const value = text.trim();
  return value.includes("<") ? value.replace(/<[^<>]*>/g, "").trim() : value;
}

/** `20150825`: a day, as people name the consoles they save by hand, not a build number. */
function isDateStamp(digits: string): boolean {
  if (digits.length !== 8) return false;
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  return year >= 1990 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** The largest build number a name may give (the database's Int); longer digit runs are times or ids. */
const MAX_NAMED_BUILD = 2 ** 31 - 1;

/**
 * `<job>_<number>.log` (any directory, any case of `.log`) → job and number. A date
 * (`monitor_20150825.log`) or a longer digit run (`monitor_20150825103000.log`) is no build
 * number: such a name gives neither, rather than a build numbered by the day it was saved.
 */
export function parseSourceName(source: string | undefined): { job: string | null; number: number | null } {
  if (!source) return { job: null, number: null };
  const base = source.slice(Math.max(source.lastIndexOf("/"), source.lastIndexOf("\\")) + 1);
  // `job_12.log.gz`: uploads inflate gzip, and the name is the name of what was inflated.
  const m = /^(.+)_(\d+)\.(?:log|txt)(?:\.gz)?$/i.exec(base);
  const digits = m?.[2];
  if (!m || digits === undefined || isDateStamp(digits) || Number(digits) > MAX_NAMED_BUILD) return { job: null, number: null };
  return { job: m[1] ?? null, number: Number(digits) };
}

/**
 * `http://ci/job/<job>/<n>/` (Jenkins) → job and number (./build-url.ts). Asked twice per run
 * (as it starts, and once it is read) with its build's URL: the last answer is kept.
 */
export function parseBuildUrl(url: string): { job: string | null; number: number | null } {
  if (url !== lastBuildUrl) {
    lastBuildUrlName = readJenkinsBuildPath(url) ?? { job: null, number: null };
    lastBuildUrl = url;
  }
  return { job: lastBuildUrlName.job, number: lastBuildUrlName.number };
}

let lastBuildUrl: string | null = null;
let lastBuildUrlName: { job: string | null; number: number | null } = { job: null, number: null };
