// The README's contents list names every section (## and ###) in order, and every link to a section
// of the README reaches one: a section renamed or added without its entry, or a link to a heading
// that changed, fails here (GitHub's anchors: lower case, punctuation dropped, spaces as hyphens).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

const README = readFileSync(join(process.cwd(), "README.md"), "utf8");
/** Headings outside fenced code blocks. */
const HEADINGS = README.replace(/^```[\s\S]*?^```/gm, "")
  .split("\n")
  .flatMap((line) => {
    const match = /^(#{2,3}) (.+)$/.exec(line);
    return match ? [{ level: match[1]!.length, text: match[2]! }] : [];
  });
const anchor = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, "")
    .replaceAll(" ", "-");

test("the README's contents list names its sections in order", () => {
  const start = README.indexOf("Contents:\n");
  expect(start).toBeGreaterThan(0);
  const list = README.slice(start).split("\n\n")[1]!.split("\n");
  expect(HEADINGS.length).toBeGreaterThan(10);
  expect(list).toEqual(HEADINGS.map(({ level, text }) => `${level === 3 ? "  " : ""}- [${text}](#${anchor(text)})`));
});

test("every link to a section of the README reaches one", () => {
  const anchors = new Set(HEADINGS.map(({ text }) => anchor(text)));
  const links = [...README.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]!);
  expect(links.length).toBeGreaterThan(HEADINGS.length);
  expect(links.filter((link) => !anchors.has(link))).toEqual([]);
});
