// ## Locations
//
// Offsets (UTF-16 code unit indexes into the text that was parsed) are the
// source of truth everywhere: tokens and nodes carry offsets, and a
// line/column pair is computed only when a message needs one (acorn's
// `getLineInfo`).
//
// Convention, used by every message and by ErlangTermError:
//   - `line` is 1-based: the first line is line 1.
//   - `column` is 1-based and counts UTF-16 code units from the start of the
//     line: the first character of a line is column 1.
//   - A line ends at "\n"; a "\r" before it is part of the previous line, so
//     CRLF text gets the same line numbers as LF text.

export type LineColumn = { line: number; column: number };

// Messages for issues deep inside a 50 MB log would each rescan the text from
// the start; one cached index of line starts for the last big text keeps that
// linear. Strings are compared by identity first, so the check is cheap.
const SMALL_TEXT = 1 << 14;
let cachedText: string | null = null;
let cachedLineStarts: Int32Array | null = null;

function lineStartsOf(text: string): Int32Array {
  if (cachedText === text && cachedLineStarts) return cachedLineStarts;
  let count = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  const starts = new Int32Array(count);
  let k = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts[k++] = i + 1;
  cachedText = text;
  cachedLineStarts = starts;
  return starts;
}

/** 1-based line and column of `offset` in `text` (see the convention above). */
export function lineColumnAt(text: string, offset: number): LineColumn {
  const at = Math.max(0, Math.min(offset, text.length));
  if (text.length <= SMALL_TEXT) {
    let line = 1;
    let lineStart = 0;
    for (let i = text.indexOf("\n"); i !== -1 && i < at; i = text.indexOf("\n", i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, column: at - lineStart + 1 };
  }
  const starts = lineStartsOf(text);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= at) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: at - (starts[lo] ?? 0) + 1 };
}
