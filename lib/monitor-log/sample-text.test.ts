// A sample's raw text keeps its continuation lines' CI prefixes; the term text the pages parse has
// none, and a line GitLab's runner cut is whole again. Checked against the scanner's own reading:
// every sample of the seed's logs, stamped as Jenkins, GitHub Actions over Jenkins and GitLab
// (lines cut) print them, reads as the same term as the plain log's sample.
import { describe, expect, it } from "vitest";
import { parseTerm, print } from "@/lib/erlang-term";
import { fixture, seedFixtureNames } from "@/lib/testing/api";
import { sampleTermText } from "./sample-text";
import { scanLog } from "./scan";

const gitlab = (k: number) => `2026-12-04T10:00:${String(k % 60).padStart(2, "0")}.123456Z 00O`;
const STYLES: [string, (text: string) => string][] = [
  ["Jenkins Timestamper", (text) => text.replace(/^(?=.)/gm, "[2015-08-25T08:16:00.000Z] ")],
  [
    "Jenkins console page source, Timestamper's span on every line",
    (text) => `<pre class="console-output">${text.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!).replace(/^(?=.)/gm, '<span class="timestamp"><b>08:16:00</b> </span>')}</pre>`,
  ],
  ["indented with U+00A0 (copied from a web page)", (text) => text.replace(/^ +/gm, (blanks) => "\u00a0".repeat(blanks.length))],
  ["indented with &nbsp; (a web page's source)", (text) => text.replace(/^ +/gm, (blanks) => "&nbsp;".repeat(blanks.length))],
  ["GitHub Actions over Jenkins, coloured", (text) => text.replace(/^(.+)$/gm, "2026-12-04T10:00:00.1234567Z [2015-08-25T08:16:00.000Z] \u001b[32m$1\u001b[0m")],
  [
    "GitLab, long lines cut",
    (text) =>
      text
        .split("\n")
        .map((line, k) => {
          if (line === "") return line;
          const pieces = line.length > 30 ? [line.slice(0, 17), line.slice(17, 29), line.slice(29)] : [line];
          return pieces.map((piece, i) => `${gitlab(k)}${i === 0 ? " " : "+"}${piece}`).join("\n");
        })
        .join("\n"),
  ],
  [
    "GitLab, coloured lines cut inside their colour codes",
    (text) =>
      text
        .split("\n")
        .map((line, k) => {
          if (line === "") return line;
          const coloured = `\u001b[32;1m${line}\u001b[0;m`;
          // Inside the code before the line and inside the one after it, at each of their characters.
          const start = 1 + (k % 5);
          const end = coloured.length - 1 - (k % 4);
          const pieces = [coloured.slice(0, start), coloured.slice(start, end), coloured.slice(end)];
          return pieces.map((piece, i) => `${gitlab(k)}${i === 0 ? " " : "+"}${piece}`).join("\n");
        })
        .join("\n"),
  ],
];

const terms = (text: string) =>
  scanLog(text).flatMap((run) => (run.inspected?.samples ?? []).map((s) => {
    const parsed = parseTerm(sampleTermText(s.raw), { tolerant: true });
    return parsed.term ? print(parsed.term) : null;
  }));

describe("sampleTermText", () => {
  it("a one-line sample is its raw text", () => {
    expect(sampleTermText("{a,<<\"b\">>}")).toBe("{a,<<\"b\">>}");
  });

  it("continuation lines lose their stamps and escapes; GitLab's cut pieces join their line", () => {
    const raw = ["{'$gen_event',\r", "[2015-08-25T08:16:00.000Z]     {route,\u001b[0m", "2026-12-04T10:00:00.123456Z 00O   <<\"ab", "2026-12-04T10:00:00.123456Z 00O+cd\">>}}"].join("\n");
    expect(sampleTermText(raw)).toBe("{'$gen_event',\n    {route,\n  <<\"abcd\">>}}");
  });

  it("a colour code cut at a piece's end goes on at the next piece's start, and is no part of the term", () => {
    const stamp = "2026-12-04T10:00:00.123456Z 00O";
    const raw = [`{a,\u001b[0`, `${stamp}+;m`, `${stamp} \u001b`, `${stamp}+[3`, `${stamp}+2m  b}\u001b[`, `${stamp}+0m`].join("\n");
    expect(sampleTermText(raw)).toBe("{a,\n  b}");
  });

  it.each(STYLES)("%s: every seed sample reads as the plain log's", (_name, style) => {
    for (const name of seedFixtureNames()) {
      const plain = fixture(name).replace(/^\[\d{4}-\d\d-\d\dT[^\]]*\] /gm, "");
      const expected = terms(plain);
      expect(terms(style(plain)), name).toEqual(expected);
    }
  });
});
