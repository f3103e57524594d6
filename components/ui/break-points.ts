// ## Where a long name may wrap
//
// Room JIDs, job names, pids and CI URLs are long words with no spaces. Left
// alone a browser either runs them past their box or (with `overflow-wrap:
// anywhere`) cuts them at any letter: "conference.easemo / b.com". Their own
// punctuation gives better places: after `@`, `.`, `_`, `#`, `/`, `?`, `&`,
// `=`. A run of them (`//`) counts as one, and only inside a word: the `#`
// that starts `#25877` keeps the build number whole. Numbers stay whole too:
// no `:` (a time, `04:09`), and no lone `.` between digits (a pid
// `<0.3110.0>`, an address, a version).
//
// A word longer than MAX_RUN characters with none of these (a room name of 601
// letters, a hash) is cut every MAX_RUN characters besides: left whole, it set
// the smallest width of its table column, and a page 6,000 px wide.

const SEPARATOR_RUNS = /[@._#/?&=]+/g;
const SPACE = /\s/;
const DIGIT = /\d/;

function isBreakPoint(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  const after = text[end];
  if (before === undefined || after === undefined) return false;
  if (SPACE.test(before) || SPACE.test(after)) return false;
  return !(end - start === 1 && text[start] === "." && DIGIT.test(before) && DIGIT.test(after));
}

/** The longest run of characters with no place to wrap that is left whole. */
export const MAX_RUN = 32;

const LONG_RUN = new RegExp(`\\S{${MAX_RUN + 1},}`, "u");

/** Characters as people see them: a letter with its accents, a ZWJ emoji, a flag. */
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * `piece` cut every MAX_RUN characters inside its runs longer than that; a character is a grapheme
 * cluster (by code point, a <wbr> fell between `e` and its combining acute, or inside 👨‍👩‍👧).
 */
function cutLongRuns(piece: string, pieces: string[]): void {
  if (!LONG_RUN.test(piece)) {
    pieces.push(piece);
    return;
  }
  let current = "";
  let run = 0;
  for (const { segment: char } of GRAPHEMES.segment(piece)) {
    const space = SPACE.test(char);
    if (!space && run === MAX_RUN) {
      pieces.push(current);
      current = "";
      run = 0;
    }
    current += char;
    run = space ? 0 : run + 1;
  }
  pieces.push(current);
}

/** The text cut after each natural break point (and inside words too long to fit); the pieces join back to the text. */
export function splitAtBreakPoints(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const match of text.matchAll(SEPARATOR_RUNS)) {
    const end = match.index + match[0].length;
    if (!isBreakPoint(text, match.index, end)) continue;
    cutLongRuns(text.slice(start, end), pieces);
    start = end;
  }
  cutLongRuns(text.slice(start), pieces);
  return pieces;
}
