// ## HTML pasted from a CI page
//
// A term copied from a Jenkins console page arrives HTML-escaped
// (`&lt;0.12.0&gt;`, `&lt;&lt;&quot;x&quot;&gt;&gt;`) and sometimes wrapped
// in highlighting tags. In HTML mode the parser first decodes the text into
// what the console printed, keeping for every decoded character the offsets
// it came from, so spans still point into the text the caller gave us.
//
// Raw console text must never be decoded: `<<"&lt;">>` in a raw log is four
// characters of XML. Hence the detector below, used for `html: "auto"`.

/** Decoded text plus, per decoded UTF-16 unit, the source range it came from. */
export type DecodedHtml = {
  text: string;
  /** `sourceStart[i]` is where decoded unit `i` starts in the source; one extra entry for the end. */
  sourceStart: Int32Array;
  /** `sourceEnd[i]` is where decoded unit `i` ends in the source (exclusive). */
  sourceEnd: Int32Array;
  /** Source offset where decoding stopped (≥ the requested end: entities and tags are never split). */
  stoppedAt: number;
};

const NAMED_ENTITIES: Record<string, number> = {
  lt: 60,
  gt: 62,
  amp: 38,
  quot: 34,
  apos: 39,
  // A non-breaking space in a console page is layout, not content.
  nbsp: 32,
};

const MAX_ENTITY_LENGTH = 12;
const MAX_TAG_LENGTH = 2048;

/**
 * Reads the entity at `p` (an `&`). Returns its code point and sets
 * `entityEnd`, or returns -1 when this `&` is just an ampersand.
 */
function readEntity(text: string, p: number, out: { end: number }): number {
  const limit = Math.min(text.length, p + MAX_ENTITY_LENGTH);
  let q = p + 1;
  while (q < limit && text.charCodeAt(q) !== 59) q++;
  if (q >= limit) return -1;
  const body = text.slice(p + 1, q);
  out.end = q + 1;
  if (body.charCodeAt(0) === 35) {
    const hex = body.charCodeAt(1) === 120 || body.charCodeAt(1) === 88;
    const digits = body.slice(hex ? 2 : 1);
    if (digits.length === 0 || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return -1;
    const cp = parseInt(digits, hex ? 16 : 10);
    return cp <= 0x10ffff ? cp : -1;
  }
  return NAMED_ENTITIES[body] ?? -1;
}

/** Offset after the tag at `p` (a `<` followed by a tag start), or -1. */
/**
 * Offset just after the HTML tag starting at `p` (a `<`), or -1 when none
 * starts there: a tag opens with `<` and a letter, `/`, `!` or `?` (never
 * Erlang: a pid is `<digit`, a binary `<<`), ends at the first `>` outside
 * quotes within MAX_TAG_LENGTH, and holds no other `<`. Shared by the HTML
 * decoder, the tokenizer and skipTerm, so all three agree on what a tag is.
 */
export function tagEndAt(text: string, p: number, end = text.length): number {
  const n = p + 1 < end ? text.charCodeAt(p + 1) : 0;
  const isStart = (n >= 97 && n <= 122) || (n >= 65 && n <= 90) || n === 47 || n === 33 || n === 63;
  if (!isStart) return -1;
  const limit = Math.min(end, p + MAX_TAG_LENGTH);
  let quote = 0;
  for (let q = p + 1; q < limit; q++) {
    const c = text.charCodeAt(q);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 62) return q + 1;
    else if (c === 34 || c === 39) quote = c;
    else if (c === 60) return -1;
  }
  return -1;
}

/**
 * Decodes `text[from, to)` as HTML text content: tags are dropped (a `<br>`
 * becomes a newline), entities are replaced by their characters, everything
 * else is copied. Decoding may run past `to` to finish an entity or a tag.
 */
export function decodeHtml(text: string, from = 0, to = text.length): DecodedHtml {
  const cap = Math.max(0, to - from) + 16;
  let starts = new Int32Array(cap + 1);
  let ends = new Int32Array(cap);
  const codes: number[] = [];
  const pieces: string[] = [];
  let n = 0;
  const out = { end: 0 };

  function push(code: number, s: number, e: number): void {
    if (n >= ends.length) {
      const bigger = new Int32Array(ends.length * 2 + 16);
      bigger.set(ends);
      ends = bigger;
      const biggerStarts = new Int32Array(bigger.length + 1);
      biggerStarts.set(starts.subarray(0, n));
      starts = biggerStarts;
    }
    starts[n] = s;
    ends[n] = e;
    n++;
    codes.push(code);
    if (codes.length >= 8192) {
      pieces.push(String.fromCharCode(...codes));
      codes.length = 0;
    }
  }

  let p = from;
  while (p < to) {
    const c = text.charCodeAt(p);
    if (c === 60) {
      const after = tagEndAt(text, p);
      if (after > 0) {
        const name = text.slice(p + 1, Math.min(after, p + 4)).toLowerCase();
        if (name.startsWith("br") && !/[a-z]/.test(name.charAt(2))) push(10, p, after);
        p = after;
        continue;
      }
    } else if (c === 38) {
      const cp = readEntity(text, p, out);
      if (cp >= 0) {
        if (cp > 0xffff) {
          const v = cp - 0x10000;
          push(0xd800 + (v >> 10), p, out.end);
          push(0xdc00 + (v & 0x3ff), p, out.end);
        } else push(cp, p, out.end);
        p = out.end;
        continue;
      }
    }
    push(c, p, p + 1);
    p++;
  }
  if (codes.length > 0) pieces.push(String.fromCharCode(...codes));
  if (n >= starts.length) {
    const bigger = new Int32Array(n + 1);
    bigger.set(starts.subarray(0, n));
    starts = bigger;
  }
  starts[n] = p;
  return { text: pieces.join(""), sourceStart: starts, sourceEnd: ends, stoppedAt: p };
}

/**
 * Decides whether the term starting at `start` is HTML-escaped, for
 * `html: "auto"`. Reads forward, outside quotes, until the first piece of
 * evidence:
 *   - `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` `&#...;` → HTML;
 *   - `<<` or `<` + digit → raw (HTML would have escaped that `<`).
 * It stops, answering raw, when the term is over: a bracket closing back to
 * depth 0, or a line break at depth 0 after some content. So a raw binary
 * whose content is `<script>` or `&lt;` is never decoded: the `<<` before it
 * decides first. Tags prove nothing either way (raw logs get highlighted too).
 */
export function detectHtml(text: string, start = 0): boolean {
  const len = text.length;
  const out = { end: 0 };
  let depth = 0;
  let seen = false;
  let p = start;
  while (p < len) {
    const c = text.charCodeAt(p);
    if (c === 38) {
      if (readEntity(text, p, out) >= 0) return true;
    } else if (c === 60) {
      const n = p + 1 < len ? text.charCodeAt(p + 1) : 0;
      if (n === 60 || (n >= 48 && n <= 57)) return false;
      const after = tagEndAt(text, p);
      if (after > 0) {
        p = after;
        continue;
      }
    } else if (c === 34 || c === 39) {
      // Skip quoted text: its content proves nothing.
      let q = p + 1;
      while (q < len) {
        const d = text.charCodeAt(q);
        if (d === c) break;
        if (d === 92) q++;
        q++;
      }
      p = q + 1;
      seen = true;
      continue;
    } else if (c === 36) {
      p += 2; // $x: the character after $ is data
      seen = true;
      continue;
    } else if (c === 123 || c === 91 || c === 40) {
      depth++;
      seen = true;
    } else if (c === 125 || c === 93 || c === 41) {
      depth--;
      if (depth <= 0) return false;
    } else if (c === 10) {
      if (depth <= 0 && seen) return false;
    } else if (c > 32) seen = true;
    p++;
  }
  return false;
}
