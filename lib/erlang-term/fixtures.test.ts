import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { binaryText, ErlangTermError, parse, parseTerm, skipTerm } from "./index";
import { escapeHtml, withoutSpans } from "./testing/helpers";
import type { ErlTerm } from "./types";

const dir = new URL("./__fixtures__/", import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), "utf8");
const names = readdirSync(dir);
const whole = names.filter((n) => n.endsWith(".txt") && !n.endsWith(".cut.txt") && !n.endsWith(".seed.txt"));
const cut = names.filter((n) => n.endsWith(".cut.txt"));

function elements(t: ErlTerm | null): ErlTerm[] {
  if (t?.kind === "list" || t?.kind === "tuple") return t.elements;
  throw new Error(`list or tuple expected, got ${t?.kind}`);
}

function collectBinaries(t: ErlTerm, out: string[]): string[] {
  const stack = [t];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === "binary") out.push(binaryText(n) ?? "<not text>");
    else if (n.kind === "tuple") stack.push(...n.elements);
    else if (n.kind === "list") stack.push(...n.elements, ...(n.tail ? [n.tail] : []));
  }
  return out;
}

describe("seed fixtures", () => {
  it("has the fixtures", () => {
    expect(whole.length).toBeGreaterThanOrEqual(10);
    expect(cut.length).toBe(2);
  });

  it.each(whole)("%s parses strictly, and HTML-escaped gives the same tree", (name) => {
    const raw = read(name);
    const term = parse(raw);
    expect(withoutSpans(parse(escapeHtml(raw)))).toEqual(withoutSpans(term));
    expect(withoutSpans(parse(escapeHtml(raw), { html: true }))).toEqual(withoutSpans(term));
    // The skip path agrees on where the term ends.
    expect(skipTerm(raw, 0)).toBe(parseTerm(raw).end);
  });

  it.each(names.filter((n) => n.endsWith(".seed.txt")))("%s (with highlighting tags) equals its plain version", (name) => {
    const withTags = read(name);
    const plain = read(name.replace(".seed.txt", ".txt"));
    expect(withoutSpans(parse(withTags))).toEqual(withoutSpans(parse(plain)));
    // And as a CI page would show it: content escaped, tags kept.
    const page = withTags.split(/(<\/?span[^>]*>)/).map((part, i) => (i % 2 === 1 ? part : escapeHtml(part))).join("");
    expect(withoutSpans(parse(page))).toEqual(withoutSpans(parse(plain)));
  });

  it.each(cut)("%s is cut: strict fails, tolerant closes it, also as HTML", (name) => {
    const raw = read(name);
    expect(() => parse(raw)).toThrow(ErlangTermError);
    const r = parseTerm(raw, { tolerant: true });
    expect(r.term?.kind).toBe("list");
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]?.code).toBe("truncated");
    const h = parseTerm(escapeHtml(raw), { tolerant: true });
    expect(withoutSpans(h.term)).toEqual(withoutSpans(r.term));
    expect(h.issues.map((i) => i.code)).toEqual(["truncated"]);
  });

  it("11431 rex: the first message is a $gen_call tuple from a remote pid with a ref", () => {
    const msgs = elements(parse(read("11431-rex-messages.txt")));
    expect(msgs).toHaveLength(10);
    const first = elements(msgs[0]!);
    expect(first[0]).toMatchObject({ kind: "atom", value: "$gen_call" });
    const [from, ref] = elements(first[1]!);
    expect(from).toMatchObject({ kind: "pid", node: 7091, id: 32103, serial: 5792, text: "<7091.32103.5792>" });
    expect(ref).toMatchObject({ kind: "ref", text: "#Ref<7091.0.87991.137462>" });
    const call = elements(first[2]!);
    expect(call.slice(0, 3).map((a) => (a.kind === "atom" ? a.value : ""))).toEqual(["call", "mnesia_lib", "db_get"]);
    // The mnesia:activity sample carries a fun and the '/=' and '_' atoms.
    const text = JSON.stringify(withoutSpans(msgs[5]), (_k, v) => (typeof v === "bigint" ? String(v) : v));
    expect(text).toContain('"#Fun<mnesia.select.2>"');
    expect(text).toContain('"value":"/="');
    expect(text).toContain('"value":"_"');
  });

  it("11431 queue lengths: the highlighted counts are plain integers", () => {
    const rows = elements(parse(read("11431-queue-lengths.seed.txt")));
    expect(rows).toHaveLength(10);
    expect(withoutSpans(elements(rows[0]!)[1])).toMatchObject({ kind: "tuple", elements: [{ value: "message_queue_len" }, { value: 1511n }] });
  });

  it("25877: every sample routes to the same MUC room", () => {
    const r = parseTerm(read("25877-gen-event.cut.txt"), { tolerant: true });
    const msgs = elements(r.term);
    expect(elements(msgs[0]!)[0]).toMatchObject({ kind: "atom", value: "$gen_event" });
    const texts = collectBinaries(r.term!, []);
    expect(texts.filter((t) => t === "snh-48#pocket48_76366191207121304@conference.easemob.com")).toHaveLength(2);
    // The third message is cut right after {<<"to">>,
    const third = JSON.stringify(withoutSpans(msgs[2]), (_k, v) => (typeof v === "bigint" ? String(v) : v));
    expect(third).toContain('"truncated"');
    expect(msgs).toHaveLength(3);
  });

  it("27044: p1_mysql_recv bytes read as text", () => {
    const r = parseTerm(read("27044-p1-mysql-recv.cut.txt"), { tolerant: true });
    const msgs = elements(r.term);
    expect(msgs).toHaveLength(2);
    const data = elements(msgs[0]!)[3]!;
    if (data.kind !== "binary") throw new Error("binary expected");
    expect(binaryText(data)).toBe("\rzhimq#zhimq_2\u001ezhimq#zhimq_260525@easemob.com\u0000\u0001B\u0001N\u0000\u0001N\u0000\u0004item");
    expect(r.term?.kind === "list" && r.term.tail?.kind).toBe("truncated");
    // `....` is part of what was consumed.
    expect(r.end).toBe(read("27044-p1-mysql-recv.cut.txt").trimEnd().length);
  });

  it("25746: the room's pid on node 19007", () => {
    const room = elements(elements(parse(read("25746-online-room.txt")))[0]!);
    expect(room[2]).toMatchObject({ kind: "pid", node: 19007, id: 783, serial: 478 });
  });
});

describe("terms inside console logs", () => {
  it("reads each term of the 27044 block at its offset", () => {
    const log = read("27044-console.log");
    const first = parseTerm(log, { start: 0 });
    expect(elements(first.term)).toHaveLength(10);
    const lenAt = log.indexOf("{message_queue_len,17118}");
    expect(withoutSpans(parseTerm(log, { start: lenAt }).term)).toMatchObject({ kind: "tuple" });
    const msgStart = log.indexOf(" [{p1_mysql_recv");
    const r = parseTerm(log, { start: msgStart, tolerant: true });
    expect(elements(r.term)).toHaveLength(2);
    expect(log.slice(r.end - 4, r.end)).toBe("....");
  });

  it("stops a cut term at an unindented line that follows it", () => {
    const log = read("25877-console.log") + "所有的 to 字段\nnext line\n";
    const start = log.indexOf(" [{'$gen_event'");
    const r = parseTerm(log, { start, tolerant: true });
    expect(elements(r.term)).toHaveLength(3);
    expect(r.issues[0]?.found).toMatch(/^a new line/);
    expect(log.slice(r.end).startsWith("\n所有的")).toBe(true);
  });

  it("reads the Jenkins page version of 25877 with spans into the page", () => {
    const page = read("25877-console.page.html");
    const start = page.indexOf("[{&#39;$gen_event&#39;");
    const r = parseTerm(page, { start, tolerant: true });
    const rawLog = read("25877-console.log");
    const raw = parseTerm(rawLog, { start: rawLog.indexOf(" [{'$gen_event'"), tolerant: true });
    expect(withoutSpans(r.term)).toEqual(withoutSpans(raw.term));
    const first = elements(r.term)[0]!;
    expect(page.slice(first.start, first.start + 22)).toBe("{&#39;$gen_event&#39;,");
    expect(r.issues[0]?.line).toBe(page.slice(0, r.issues[0]!.offset).split("\n").length);
  });
});
