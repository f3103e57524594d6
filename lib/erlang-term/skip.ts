// ## Skipping a term without building it
//
// The ingest fast path keeps raw text and parses it only when someone looks.
// It still needs to know where each term ends, so this is bracket matching
// that knows just enough Erlang to not be fooled: brackets inside strings,
// quoted atoms and `$c` characters don't count, `<<`/`>>` pair up, `=>` is
// not a closer, and `<a.b.c>` pids and `#Ref<...>` contain no brackets of
// their own. HTML tags outside quotes are skipped, as in the tokenizer, but
// entities are not decoded: use this on raw console text.
//
// It validates nothing else; a well-formed term gives the same end offset
// as `parseTerm`, and anything unbalanced gives -1.

import { tagEndAt } from "./html";

// Action per ASCII code in the bracket loop; 0 means "just a character".
const A_OPEN_BRACE = 1;
const A_OPEN_BRACKET = 2;
const A_OPEN_PAREN = 3;
const A_CLOSE_BRACE = 4;
const A_CLOSE_BRACKET = 5;
const A_CLOSE_PAREN = 6;
const A_LT = 7;
const A_GT = 8;
const A_DQUOTE = 9;
const A_SQUOTE = 10;
const A_DOLLAR = 11;
const A_EQUALS = 12;
const A_HASH = 13;

const action = new Uint8Array(128);
action[123] = A_OPEN_BRACE;
action[91] = A_OPEN_BRACKET;
action[40] = A_OPEN_PAREN;
action[125] = A_CLOSE_BRACE;
action[93] = A_CLOSE_BRACKET;
action[41] = A_CLOSE_PAREN;
action[60] = A_LT;
action[62] = A_GT;
action[34] = A_DQUOTE;
action[39] = A_SQUOTE;
action[36] = A_DOLLAR;
action[61] = A_EQUALS;
action[35] = A_HASH;

// What each open bracket waits for (values pushed on the stack).
const WANT_BRACE = 1;
const WANT_BRACKET = 2;
const WANT_PAREN = 3;
const WANT_BINARY = 4;

/** Offset after the quoted text opening at `p`, or -1 if it never closes. */
function skipQuoted(text: string, p: number, q: string): number {
  let i = p + 1;
  for (;;) {
    const close = text.indexOf(q, i);
    if (close < 0) return -1;
    // Escaped only if preceded by an odd run of backslashes.
    let b = close - 1;
    while (b >= i && text.charCodeAt(b) === 92) b--;
    if ((close - 1 - b) % 2 === 0) return close + 1;
    i = close + 1;
  }
}

/** Offset after `$c` / `$\n` / `$\x{..}` starting at `p` (the `$`). */
function skipChar(text: string, p: number): number {
  const len = text.length;
  if (p + 1 >= len) return -1;
  if (text.charCodeAt(p + 1) !== 92) {
    const c = text.charCodeAt(p + 1);
    return p + (c >= 0xd800 && c <= 0xdbff ? 3 : 2);
  }
  const e = text.charCodeAt(p + 2);
  if (e === 120 && text.charCodeAt(p + 3) === 123) {
    const close = text.indexOf("}", p + 4);
    return close < 0 ? -1 : close + 1;
  }
  if (e === 120) return p + 5;
  if (e === 94) return p + 4;
  if (e >= 48 && e <= 55) {
    let q = p + 3;
    while (q < p + 5 && q < len && text.charCodeAt(q) >= 48 && text.charCodeAt(q) <= 55) q++;
    return q;
  }
  return p + 3;
}

/** Offset after a `<...>` with no brackets inside (pid, ref body), or -1. */
function skipAngle(text: string, p: number): number {
  const close = text.indexOf(">", p + 1);
  if (close < 0 || close - p > 256) return -1;
  return close + 1;
}

/** Offset after an HTML tag at `p`, or -1 if `<` does not start one. */

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 11 || c === 0xa0;
}

/** A character that can continue a scalar token (atom, number, `16#ff`, `1.0e-5`). */
function isScalarChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 64 || c === 35 || (c >= 0xc0 && c <= 0xff)
  );
}

/** Skips whitespace and tags; returns the offset of the next significant character. */
function skipSpace(text: string, p: number): number {
  const len = text.length;
  while (p < len) {
    const c = text.charCodeAt(p);
    if (isSpace(c)) p++;
    else if (c === 60) {
      const after = tagEndAt(text, p);
      if (after < 0) return p;
      p = after;
    } else return p;
  }
  return p;
}

/** After a string closing at depth 0, a following `"..."` continues it. */
function skipAdjacent(text: string, p: number): number {
  for (;;) {
    let q = p;
    while (q < text.length && isSpace(text.charCodeAt(q))) q++;
    if (text.charCodeAt(q) !== 34) return p;
    const after = skipQuoted(text, q, '"');
    if (after < 0) return p;
    p = after;
  }
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function skipName(text: string, p: number): number {
  while (p < text.length && isScalarChar(text.charCodeAt(p)) && text.charCodeAt(p) !== 35) p++;
  return p;
}

/** Atom, number (`16#ff`, `1.0e-5`), `...`, or `fun m:f/2`, starting at `p`. */
function skipScalar(text: string, p: number): number {
  const len = text.length;
  const c = text.charCodeAt(p);
  if (c === 46) {
    let q = p;
    while (q < len && text.charCodeAt(q) === 46) q++;
    return q - p === 3 ? q : -1;
  }
  if (isDigitCode(c)) {
    let q = p;
    while (q < len && isDigitCode(text.charCodeAt(q))) q++;
    if (text.charCodeAt(q) === 35) return skipName(text, q + 1);
    if (text.charCodeAt(q) === 46 && isDigitCode(text.charCodeAt(q + 1))) {
      q += 2;
      while (q < len && isDigitCode(text.charCodeAt(q))) q++;
      if ((text.charCodeAt(q) | 32) === 101) {
        let r = q + 1;
        if (text.charCodeAt(r) === 43 || text.charCodeAt(r) === 45) r++;
        if (isDigitCode(text.charCodeAt(r))) {
          while (r < len && isDigitCode(text.charCodeAt(r))) r++;
          q = r;
        }
      }
    }
    return q;
  }
  const end = skipName(text, p);
  if (end - p === 3 && text.startsWith("fun", p)) {
    // `fun mod:name/2`, how ~p prints an external fun.
    const m = /^\s+(?:'(?:[^'\\]|\\.)*'|[a-zß-öø-ÿ][\wÀ-ÖØ-öø-ÿ@]*):(?:'(?:[^'\\]|\\.)*'|[a-zß-öø-ÿ][\wÀ-ÖØ-öø-ÿ@]*)\/\d+/.exec(text.slice(end, end + 600));
    if (m) return end + m[0].length;
  }
  return end;
}

/**
 * Offset just after the term starting at (or after whitespace from) `start`,
 * or -1 when there is no complete term there (end of input inside a
 * container, unbalanced brackets, unterminated string). Never throws.
 */
export function skipTerm(text: string, start = 0): number {
  const len = text.length;
  let p = skipSpace(text, start);
  if (p >= len) return -1;

  // Scalars at the top level end at their last character.
  const first = text.charCodeAt(p);
  if (first === 34) {
    const after = skipQuoted(text, p, '"');
    return after < 0 ? -1 : skipAdjacent(text, after);
  }
  if (first === 39) return skipQuoted(text, p, "'");
  if (first === 36) return skipChar(text, p);
  if (first === 60 && text.charCodeAt(p + 1) !== 60) {
    const n = text.charCodeAt(p + 1);
    return n >= 48 && n <= 57 ? skipAngle(text, p) : -1;
  }
  if (first === 35) {
    const n = text.charCodeAt(p + 1);
    if (n >= 65 && n <= 90) return skipAngle(text, p);
  } else if (first !== 123 && first !== 91 && first !== 40 && first !== 60) {
    if (first === 45) return isDigitCode(text.charCodeAt(p + 1)) ? skipScalar(text, p + 1) : -1;
    return isScalarChar(first) || first === 46 ? skipScalar(text, p) : -1;
  }

  let stack = new Uint8Array(64);
  let depth = 0;
  while (p < len) {
    const c = text.charCodeAt(p);
    const a = c < 128 ? action[c]! : 0;
    if (a === 0) {
      p++;
      continue;
    }
    switch (a) {
      case A_OPEN_BRACE:
      case A_OPEN_BRACKET:
      case A_OPEN_PAREN:
        if (depth === stack.length) {
          const bigger = new Uint8Array(stack.length * 2);
          bigger.set(stack);
          stack = bigger;
        }
        stack[depth++] = a === A_OPEN_BRACE ? WANT_BRACE : a === A_OPEN_BRACKET ? WANT_BRACKET : WANT_PAREN;
        p++;
        break;
      case A_CLOSE_BRACE:
      case A_CLOSE_BRACKET:
      case A_CLOSE_PAREN: {
        const want = a === A_CLOSE_BRACE ? WANT_BRACE : a === A_CLOSE_BRACKET ? WANT_BRACKET : WANT_PAREN;
        if (depth === 0 || stack[depth - 1] !== want) return -1;
        depth--;
        p++;
        if (depth === 0) return p;
        break;
      }
      case A_LT: {
        const n = text.charCodeAt(p + 1);
        if (n === 60) {
          if (depth === stack.length) {
            const bigger = new Uint8Array(stack.length * 2);
            bigger.set(stack);
            stack = bigger;
          }
          stack[depth++] = WANT_BINARY;
          p += 2;
        } else if (n >= 48 && n <= 57) {
          p = skipAngle(text, p);
          if (p < 0) return -1;
        } else {
          const after = tagEndAt(text, p);
          p = after < 0 ? p + 1 : after;
        }
        break;
      }
      case A_GT:
        if (text.charCodeAt(p + 1) === 62) {
          if (depth === 0 || stack[depth - 1] !== WANT_BINARY) return -1;
          depth--;
          p += 2;
          if (depth === 0) return p;
        } else p++;
        break;
      case A_DQUOTE:
        p = skipQuoted(text, p, '"');
        if (p < 0) return -1;
        break;
      case A_SQUOTE:
        p = skipQuoted(text, p, "'");
        if (p < 0) return -1;
        break;
      case A_DOLLAR:
        p = skipChar(text, p);
        if (p < 0) return -1;
        break;
      case A_EQUALS:
        // `=>` is not the first half of `>>`.
        p += text.charCodeAt(p + 1) === 62 ? 2 : 1;
        break;
      case A_HASH: {
        const n = text.charCodeAt(p + 1);
        if (n >= 65 && n <= 90) {
          // #Ref<...>, #Fun<...>, #Port<...>
          const lt = text.indexOf("<", p);
          if (lt < 0 || lt - p > 8) return -1;
          p = skipAngle(text, lt);
          if (p < 0) return -1;
        } else p++;
        break;
      }
    }
  }
  return -1;
}
