// ## A sample's term text, from its raw text
//
// A sample's `raw` is the log's own text (types.ts): its continuation lines keep
// the prefixes CI consoles put on every line (Jenkins' Timestamper stamp, GitLab's
// `… 00O ` or a cut line's `… 00O+`, colour codes). Read as a term, those stop the
// parser at the first of them. This is the term as the monitor printed it: each
// continuation line without its prefix and closing escapes (as the scanner reads
// lines, markers.ts), a line GitLab's runner cut joined again with nothing between, an
// indentation of `&nbsp;` (a page's source) in spaces.

import { contentEndBeforeEscapes, continuesLine, createCutEscapes, linePrefixLength, skipIndent } from "./markers";
import { blankEntities } from "./nbsp";

/** One line's end, before a `\r`. */
const lineEnd = (line: string) => (line.endsWith("\r") ? line.length - 1 : line.length);

/** One line's content end: before a `\r` and the escapes that close it. */
function contentEnd(line: string): number {
  return contentEndBeforeEscapes(line, 0, lineEnd(line));
}

/**
 * A continuation line's content from `p`, its indentation in spaces where a page's source wrote
 * `&nbsp;` (the scanner reads it as indentation, markers.ts's skipIndent): the parser, deciding
 * from the term whether it is HTML, may find it raw (`<<` first) and stop at the `&`.
 */
function indented(line: string, p: number, end: number): string {
  const q = skipIndent(line, p, end);
  const indent = line.slice(p, q);
  // Six spaces for the six characters of `&nbsp;` (or `&#160;`), as the scanner's block does: columns stay the log's.
  return blankEntities(indent) + line.slice(q, end);
}

/** `raw` as the term it holds (see above); `raw` itself when it is one line. */
export function sampleTermText(raw: string): string {
  if (!raw.includes("\n")) return raw;
  const lines = raw.split("\n");
  const first = lines[0] ?? "";
  // The first line starts where the term does (no prefix); it may end with a `\r` and escapes.
  const firstEnd = contentEnd(first);
  let text = first.slice(0, firstEnd);
  // An escape cut at a line's end (a cut inside a colour code) ends at the next piece's start.
  const escapes = createCutEscapes();
  escapes.contentStart(first, 0, 0, firstEnd, lineEnd(first), false);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const end = contentEnd(line);
    const start = Math.min(linePrefixLength(line, 0, end, 0), end);
    const piece = continuesLine(line, 0, start);
    const p = escapes.contentStart(line, 0, start, end, lineEnd(line), piece);
    const content = piece ? line.slice(p, end) : indented(line, p, end);
    text += piece ? content : `\n${content}`;
  }
  return text;
}
