import { describe, expect, test } from "vitest";
import { keepIncidentIds } from "./keep-ids";

/**
 * A job's builds in build order, one column per build: `before` the stored incident's id it pointed at,
 * `after` its regrouped incident (a letter); `.` for none.
 */
function builds(before: string, after: string) {
  const b = before.split(" ");
  const a = after.split(" ");
  if (b.length !== a.length) throw new Error(`${before} / ${after}: not the same number of builds`);
  return b.map((id, i) => ({ before: id === "." ? null : Number(id), after: a[i] === "." ? null : (a[i] as string) }));
}

// [what, before, after, which regrouped incident keeps which stored id]
const CASES: [string, string, string, Record<string, number>][] = [
  ["nothing changed: every incident keeps its id", "14 14 . 15 16 16", "a  a  . b  c  c", { a: 14, b: 15, c: 16 }],
  ["an older build regrouped in front: a new incident, the others keep theirs", ".  14 14 . 15", "x  a  a  . b", { a: 14, b: 15 }],
  ["an older build extends an incident: it keeps its id", ".  14 14 . 15", "a  a  a  . b", { a: 14, b: 15 }],
  ["no stored incidents: all new", ". . . .", "a a . b", {}],
  ["every incident gone: nothing kept", "3 3 . 4", ". . . .", {}],
  ["merge: the stored incident holding more of its builds keeps its id", "1 1 . 2 2 2", "a a a a a a", { a: 2 }],
  ["merge, a tie: the earliest keeps its id", "7 7 . 3 3", "a a a a a", { a: 7 }],
  ["merge of three: the largest part, wherever it sits", "1 . 2 2 2 . 3 3", "a a a a a a a a", { a: 2 }],
  ["split: the part holding more of its builds keeps the id", "5 5 5 5 5", "a . b b b", { b: 5 }],
  ["split, a tie: the earliest part keeps the id", "5 5 5 5", "a a b b", { a: 5 }],
  ["split and merge at once: largest overlaps first, each id once", "1 1 1 2 2 2 2", "a a b b b b b", { b: 2, a: 1 }],
  ["an incident sharing builds only with an id a larger part took gets a new one", "1 . 1 1 1 2", "a . c c c c", { c: 1 }],
  ["an id lost to a larger overlap goes to its next part", "1 1 1 2 2 2 2 1 1", "a a a a a a a b b", { a: 2, b: 1 }],
  ["builds that no incident holds any more do not count", "4 4 4 . 4", ". . a . b", { a: 4 }],
];

describe("keepIncidentIds", () => {
  test.each(CASES)("%s", (_, before, after, expected) => {
    const spaced = (text: string) => text.trim().split(/\s+/).join(" ");
    expect(Object.fromEntries(keepIncidentIds(builds(spaced(before), spaced(after))))).toEqual(expected);
  });

  test("each stored id goes to one regrouped incident at most, and each of those keeps one at most", () => {
    // Random stored and regrouped groupings of the same builds.
    let seed = 1;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    for (let run = 0; run < 200; run++) {
      const rows = Array.from({ length: 40 }, () => ({
        before: random(4) === 0 ? null : random(6),
        after: random(4) === 0 ? null : String.fromCharCode(97 + random(6)),
      }));
      const kept = keepIncidentIds(rows);
      expect(new Set(kept.values()).size).toBe(kept.size);
      for (const [after, id] of kept) expect(rows.some((row) => row.after === after && row.before === id)).toBe(true);
      // Maximal: no regrouped incident without an id shares a build with a stored id nobody took.
      const taken = new Set(kept.values());
      for (const row of rows) {
        if (row.before === null || row.after === null) continue;
        expect(kept.has(row.after) || taken.has(row.before)).toBe(true);
      }
    }
  });
});
