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

/** The text cut after each natural break point; the pieces join back to the text. */
export function splitAtBreakPoints(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const match of text.matchAll(SEPARATOR_RUNS)) {
    const end = match.index + match[0].length;
    if (!isBreakPoint(text, match.index, end)) continue;
    pieces.push(text.slice(start, end));
    start = end;
  }
  pieces.push(text.slice(start));
  return pieces;
}
