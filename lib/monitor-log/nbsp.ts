// ## No-break spaces a web page's source wrote as entities
//
// Text copied from a CI page's source (not its rendering) may be indented with no-break space
// entities where the console had blanks. The scanner reads them as indentation at a line's
// start (markers.ts's skipIndent) and the term text gets six spaces for each (term-block.ts,
// sample-text.ts), so that columns stay the log's.

/**
 * The ways a page's source writes a no-break space: `&nbsp;`, and the numeric `&#160;` and
 * `&#xA0;` that other HTML and XML writers use. Each is six characters (what replaces one with six
 * spaces relies on: the columns stay the log's).
 */
export const NBSP_ENTITY = /&(?:nbsp|#160|#[xX][aA]0);/;
export const NBSP_LENGTH = 6;

/** Whether `buf` holds a no-break space entity (NBSP_ENTITY) at `p`, ending by `end`. */
export function nbspEntityAt(buf: string, p: number, end: number): boolean {
  if (p + NBSP_LENGTH > end || buf.charCodeAt(p) !== 38 || buf.charCodeAt(p + 5) !== 59) return false;
  const c1 = buf.charCodeAt(p + 1);
  if (c1 === 110) return buf.startsWith("nbsp", p + 1); // &nbsp;
  if (c1 !== 35) return false; // &#
  const c2 = buf.charCodeAt(p + 2);
  if (c2 === 49) return buf.startsWith("60", p + 3); // &#160;
  return (c2 === 120 || c2 === 88) && (buf.charCodeAt(p + 3) | 32) === 97 && buf.charCodeAt(p + 4) === 48; // &#xa0;
}

const ENTITIES = new RegExp(NBSP_ENTITY.source, "g");

/** An indentation's no-break space entities as six spaces each (their own length: columns stay). */
export function blankEntities(indent: string): string {
  return indent.includes("&") ? indent.replace(ENTITIES, "      ") : indent;
}
