// Issue #3: text taken from a CI web page reads as the raw console text does. Two shapes the
// scanner did not read: a Jenkins console page's source with the Timestamper plugin (a
// `<span class="timestamp">…</span>` on every line, the text HTML-escaped, the whole in
// `<pre class="console-output">`), and text whose indentation a web page or chat app turned
// into no-break spaces (U+00A0, or `&nbsp;` in the page's source). Each is made here from known
// console logs (the seed's and generated ones) and must give the same builds as the log itself:
// top lists, inspected process, samples (kinds, destinations, decoded text), issues, verdicts.
// Only where things are (offsets, raw text) and the `html` flag may differ.
import { describe, expect, it } from "vitest";
import { classifyRun } from "../classify";
import { fixture, seedFixtureNames } from "@/lib/testing/api";
import { escapeHtml } from "../erlang-term/testing/helpers";
import { generateLog } from "./generate";
import { scanLog, scanLogStream } from "./scan";
import type { MonitorRun, SampleInfo } from "./types";

/** The seed's console logs as the console printed them (no Timestamper stamps); 11431 is a page already. */
const seedLogs = () =>
  seedFixtureNames()
    .filter((name) => !name.includes("dbcluster"))
    .map((name) => [name, fixture(name).replace(/^\[\d{4}-\d\d-\d\dT[^\]]*\] /gm, "")] as const);
const generated = () => [...generateLog({ seed: 9, builds: 120 })].join("").replace(/^\[\d{4}-\d\d-\d\dT[^\]]*\] /gm, "");

/** What Jenkins escapes in a console page (`Util.xmlEscape`): `&`, `<`, `>`. */
const xmlEscape = (text: string) => text.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!);
/** Jenkins' URL annotator links every URL in the console (after escaping: an `&` ends it). */
const linkUrls = (html: string) => html.replace(/https?:\/\/[^\s&<]+/g, (url) => `<a href='${url}'>${url}</a>`);

/**
 * A console log as the source of Jenkins' console page with Timestamper: `time(k)` in the span of
 * line k, each line escaped, URLs linked; `pre`: inside `<pre class="console-output">`, as served.
 */
function jenkinsPage(text: string, time: (k: number) => string, options: { pre?: boolean; escape?: (text: string) => string } = {}): string {
  const escape = options.escape ?? xmlEscape;
  const lines = text.split("\n");
  const last = lines.pop(); // after the final newline: nothing, or a last line without one
  const page = [...lines, ...(last ? [last] : [])].map((line, k) => `<span class="timestamp"><b>${time(k)}</b> </span>${linkUrls(escape(line))}`).join("\n");
  const tail = last ? "" : "\n";
  return options.pre ? `<pre class="console-output">${page}${tail}</pre>\n` : `${page}${tail}`;
}

const clock = (k: number) => `03:${String(47 + Math.floor(k / 60) % 10).padStart(2, "0")}:${String(k % 60).padStart(2, "0")}`;
const elapsed = (k: number) => `0:00:${String(k % 60).padStart(2, "0")}.${String(k % 1000).padStart(3, "0")}`;
const date = (k: number) => `2015-08-25 ${clock(k)}`;

/** The same log with each line's leading spaces written as `space`. */
const indentWith = (text: string, space: string) => text.replace(/^ +/gm, (blanks) => space.repeat(blanks.length));

/** A sample as read: everything but where it is in the log (`raw`, offsets, line and column). */
const sampleReading = (s: SampleInfo) => ({
  index: s.index,
  kind: s.kind,
  stanza: s.stanza,
  summary: s.summary,
  destination: s.destination,
  sender: s.sender,
  request: s.request,
  decoded: s.decoded,
  truncated: s.truncated,
});

/** A run as read: everything but where it is (offsets, lines, raw text) and whether it was HTML. */
function reading(run: MonitorRun) {
  const inspected = run.inspected;
  return {
    seq: run.seq,
    job: run.job,
    number: run.number,
    url: run.url,
    startedAt: run.startedAt,
    top: run.top,
    inspected: inspected && {
      pid: inspected.pid,
      queueLen: inspected.queueLen,
      dead: inspected.dead,
      samplesCut: inspected.samplesCut,
      fetchError: inspected.fetchError,
      samples: inspected.samples.map(sampleReading),
    },
    issues: run.issues.map((i) => i.message),
    verdict: classifyRun(run),
  };
}

const read = (text: string, source?: string) => scanLog(text, { source });

/** `copy` reads as `log` (startedAt aside when `sameStart` is false), and every sample's raw text is its span of `copy`. */
function expectReadsAs(copy: string, log: string, source?: string, sameStart = true): MonitorRun[] {
  const runs = read(copy, source);
  const expected = read(log, source).map(reading);
  const got = runs.map(reading);
  if (sameStart) expect(got).toEqual(expected);
  else expect(got.map((r) => ({ ...r, startedAt: null }))).toEqual(expected.map((r) => ({ ...r, startedAt: null })));
  for (const run of runs) {
    for (const s of run.inspected?.samples ?? []) expect(copy.slice(s.start, s.end)).toBe(s.raw);
  }
  return runs;
}

describe("Jenkins console page source with Timestamper", () => {
  const variants: [string, (k: number) => string][] = [
    ["clock", clock],
    ["elapsed time", elapsed],
  ];

  it.each(variants)("%s in the span: every seed log reads as its console text", (_name, time) => {
    for (const [name, log] of seedLogs()) {
      const runs = expectReadsAs(jenkinsPage(log, time), log, name);
      expect(runs.every((r) => r.html), name).toBe(true);
    }
  });

  it.each(variants)("%s in the span, inside <pre class=\"console-output\">: every seed log reads as its console text", (_name, time) => {
    for (const [name, log] of seedLogs()) expectReadsAs(jenkinsPage(log, time, { pre: true }), log, name);
  });

  it("a date in the span: the builds as the console text, started when Timestamper's plain text says", () => {
    for (const [name, log] of seedLogs()) {
      const page = jenkinsPage(log, date, { pre: true });
      expectReadsAs(page, log, name, false);
      // Timestamper's own text for the same lines: `[2015-08-25 03:47:00] ` (a local time, as the page shows it).
      const stamped = log
        .split("\n")
        .map((line, k, all) => (k === all.length - 1 && line === "" ? line : `[${date(k)}] ${line}`))
        .join("\n");
      expect(read(page, name).map((r) => r.startedAt), name).toEqual(read(stamped, name).map((r) => r.startedAt));
    }
  });

  it("every character a page escapes (`\"` and `'` too): the seed logs and generated builds", () => {
    for (const [name, log] of seedLogs()) expectReadsAs(jenkinsPage(log, clock, { pre: true, escape: escapeHtml }), log, name);
    const log = generated();
    expect(expectReadsAs(jenkinsPage(log, clock, { pre: true, escape: escapeHtml }), log)).toHaveLength(120);
  });

  it("generated builds (timestamped, cut lists, dead processes) read the same, from a string and streamed", async () => {
    const log = generated();
    const page = jenkinsPage(log, elapsed, { pre: true });
    const runs = expectReadsAs(page, log);
    expect(runs).toHaveLength(120);
    // Streamed from bytes, noise is skipped by byte searches: the page's lines must not be lost there.
    const streamed = await scanLogStream([new TextEncoder().encode(page)]);
    expect(streamed).toEqual(runs);
  });

  it("no monitor output behind the span is left unread", () => {
    const [name, log] = seedLogs()[0]!;
    let unread = 0;
    scanLog(jenkinsPage(log, clock, { pre: true }), { source: name, onUnread: (u) => (unread = u.count) });
    expect(unread).toBe(0);
  });
});

describe("indentation in no-break spaces", () => {
  const spaces: [string, string][] = [
    ["U+00A0", "\u00a0"],
    ["&nbsp;", "&nbsp;"],
    // What HTML and XML writers other than Jenkins put for U+00A0 (a page saved by another tool).
    ["&#160;", "&#160;"],
    ["&#xA0;", "&#xA0;"],
    ["&#xa0;", "&#xa0;"],
  ];

  it.each(spaces)("%s: every seed log reads as its console text", (_name, space) => {
    for (const [name, log] of seedLogs()) expectReadsAs(indentWith(log, space), log, name);
  });

  it.each(spaces)("%s: 11431, pasted from a page already (tags, entities, raw `<` and `#Fun<m.f.2>`), reads as itself", (_name, space) => {
    const name = seedFixtureNames().find((n) => n.includes("dbcluster"))!;
    const log = fixture(name);
    const runs = expectReadsAs(indentWith(log, space), log, name);
    expect(runs[0]!.inspected!.samples).toHaveLength(10);
  });

  it.each(spaces)("%s: generated builds read the same, from a string and streamed", async (_name, space) => {
    const log = generated();
    const copy = indentWith(log, space);
    const runs = expectReadsAs(copy, log);
    expect(runs).toHaveLength(120);
    expect(await scanLogStream([new TextEncoder().encode(copy)])).toEqual(runs);
  });

  it("U+00A0 changes nothing else: same offsets, not HTML", () => {
    const [name, log] = seedLogs()[0]!;
    const runs = read(indentWith(log, "\u00a0"), name);
    const plain = read(log, name);
    expect(runs.map((r) => [r.start, r.end, r.html])).toEqual(plain.map((r) => [r.start, r.end, r.html]));
  });

  it.each(["&nbsp;", "&#160;"])("%s on a Jenkins page's lines too", (entity) => {
    const unescape = (t: string) => xmlEscape(t).replaceAll(xmlEscape(entity), entity);
    for (const [name, log] of seedLogs()) expectReadsAs(jenkinsPage(indentWith(log, entity), clock, { pre: true, escape: unescape }), log, name);
  });

  it("an entity that is not a no-break space is not indentation: &#161; opens a line of noise", () => {
    const [name, log] = seedLogs()[0]!;
    expect(() => read(indentWith(log, "&#161;"), name)).toThrow(/expected the top list/);
  });
});
