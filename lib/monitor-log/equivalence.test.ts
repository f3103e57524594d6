// ## Fast path = reference path
//
// The scanner reads the top list and every sample without building term
// trees (extract.ts, lib/erlang-term/shallow.ts), and falls back to the full
// parser when unsure. These tests run both paths over the same logs and
// require identical MonitorRun output, field by field: every fixture, a few
// thousand generated builds (several seeds, Chinese text, cut lists), random
// terms as the printer lays them out, and damaged copies of real samples. The
// reference also reads every line one by one (no read-ahead of message lists).

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { print, printPretty } from "../erlang-term";
import { createShallowTape, readShallow } from "../erlang-term/shallow";
import { escapeHtml } from "../erlang-term/testing/helpers";
import { createRandom, randomTerm } from "../erlang-term/testing/random-term";
import { MAX_LIST_ENTRIES, MAX_PARSED_TERM, readSamples, TOP_REST_UNREAD } from "./extract";
import { generateLog } from "./generate";
import { createBlockBuilder, type TermBlock } from "./term-block";
import { expectSame, scanWith } from "./testing/both-paths";

const DIR = join(__dirname, "__fixtures__");
const logFiles = readdirSync(DIR).filter((f) => f.endsWith(".log"));

/** A minimal monitor log around the given sample texts (each already indented as ~p would). */
function logAround(samples: string[], cut = false): string {
  const list = samples.length === 0 ? " []" : ` [${samples.join(",\n  ")}${cut ? ",\n   ...." : "]"}`;
  return [
    "Started by timer",
    "processes sorted by queue_len desc:",
    " [{<0.1.0>,{message_queue_len,500}},",
    "  {<0.2.0>,{message_queue_len,0}}]",
    "message queue len of pid <0.1.0> : {message_queue_len,500}",
    "message in pid <0.1.0> :",
    list,
    "Finished: SUCCESS",
    "",
  ].join("\n");
}

describe("fast path = full parse: fixtures", () => {
  it.each(logFiles)("%s", (name) => {
    const text = readFileSync(join(DIR, name), "utf8");
    expectSame(text, { source: name });
    expectSame(text.replace(/\n/g, "\r\n"), { source: name });
  });
});

describe("fast path = full parse: shapes from real pastes", () => {
  // A helper's review of public pastes (ejabberd 2880, lager 352, MongooseIM 1880, oserl 1): the
  // facts these shapes give must not depend on which path read them.
  it("gen_event calls, DOWN messages, late ref replies, a request leading with a tuple", () => {
    const samples = [
      `{<0.21176.5>,{<0.21176.5>,#Ref<0.0.786435.194854>},{sync_notify,{log,x}}}`,
      `{<0.7.0>,{<0.7.0>,[alias|#Ref<0.1.2.3>]},{call,lager_file_backend,get_loglevel}}`,
      `{<0.7.0>,{<0.8.0>,#Ref<0.1.2.3>},x}`,
      `{'DOWN',#Ref<0.1378164355.1468006402.92311>,process,<0.3559.0>,normal}`,
      `{'DOWN',#Ref<0.1.2.3>,process,{ejabberd_sm,'node@h'},noproc}`,
      `{#Ref<0.2354930856.1946419201.51287>,false}`,
      `{'$gen_call',{<0.1.0>,#Ref<0.1.2.3>},{{submit_sm,[{source_addr,"1"}]},[{uid,7}]}}`,
    ];
    const [run] = expectSame(logAround(samples));
    const got = run?.inspected?.samples.map((s) => [s.kind, s.sender, s.request]);
    expect(got).toEqual([
      ["gen_event call", "<0.21176.5>", "sync_notify"],
      ["gen_event call", "<0.7.0>", "call"],
      ["other", null, null],
      ["DOWN", "<0.3559.0>", null],
      ["DOWN", null, null],
      ["reply", "#Ref<0.2354930856.1946419201.51287>", null],
      ["$gen_call", "<0.1.0>", "submit_sm"],
    ]);
  });
});

describe("lists read to MAX_LIST_ENTRIES at the most (a crafted log's millions of entries)", () => {
  it("10,003 processes and 10,005 messages: 10,000 of each read, an issue for each rest, the same by both paths", () => {
    const top = Array.from({ length: MAX_LIST_ENTRIES + 3 }, (_, k) => `{<0.${k + 100}.0>,{message_queue_len,${50_000 - k}}}`).join(",\n  ");
    const samples = Array.from({ length: MAX_LIST_ENTRIES + 5 }, () => "a").join(",");
    const log = `processes sorted by queue_len desc:\n [${top}]\nmessage queue len of pid <0.100.0> : {message_queue_len,50000}\nmessage in pid <0.100.0> :\n [${samples}]\n`;
    const [run] = expectSame(log);
    expect(run?.top).toHaveLength(MAX_LIST_ENTRIES);
    expect(run?.top.at(-1)).toEqual({ rank: MAX_LIST_ENTRIES, pid: `<0.${MAX_LIST_ENTRIES + 99}.0>`, queueLen: 50_000 - MAX_LIST_ENTRIES + 1 });
    expect(run?.inspected?.samples).toHaveLength(MAX_LIST_ENTRIES);
    expect(run?.inspected?.samplesCut).toBe(true);
    expect(run?.issues.map((i) => [i.line, i.message])).toEqual([
      [2 + MAX_LIST_ENTRIES, "the top list goes on past 10,000 entries: the rest is not read"],
      [MAX_LIST_ENTRIES + 7, "the message list goes on past 10,000 entries: the rest is not read"],
    ]);
    expect(run?.issues[1]?.column).toBe(3 + 2 * MAX_LIST_ENTRIES);
  });

  it("a tail past the bound that does not parse: left unread by both paths alike", () => {
    const top = Array.from({ length: MAX_LIST_ENTRIES }, (_, k) => `{<0.${k + 100}.0>,{message_queue_len,1}}`).join(",");
    for (const tail of [",{1 2}", ",{a,,b}", ",oops"]) {
      const [run] = expectSame(`processes sorted by queue_len desc:\n [${top}${tail}]\nmessage queue len of pid <0.100.0> : {message_queue_len,1}\n`);
      expect(run?.top).toHaveLength(MAX_LIST_ENTRIES);
      expect(run?.issues.map((i) => i.message)).toEqual([TOP_REST_UNREAD]);
    }
  });

  it("a message longer than MAX_PARSED_TERM: neither path reads it or what follows; one just within is read by both", () => {
    const head = "processes sorted by queue_len desc:\n [{<0.1.0>,{message_queue_len,9}}]\nmessage queue len of pid <0.1.0> : {message_queue_len,9}\nmessage in pid <0.1.0> :\n";
    const big = (n: number, record: boolean) => `{${record ? "#r{}," : ""}[${"a,".repeat(n)}a]}`;
    for (const record of [false, true]) {
      const [over] = expectSame(`${head} [x,${big(MAX_PARSED_TERM / 2, record)},y]\n`);
      expect(over?.inspected?.samples.map((s) => s.raw)).toEqual(["x"]);
      expect(over?.inspected?.samplesCut).toBe(true);
      expect(over?.issues.map((i) => [i.line, i.column, i.message])).toEqual([[5, 5, "a message goes on for more than 4 MiB: it and the rest of the list are not read"]]);
      const [within] = expectSame(`${head} [x,${big(MAX_PARSED_TERM / 2 - 8, record)},y]\n`);
      expect(within?.inspected?.samples).toHaveLength(3);
    }
  });

  it("exactly 10,000 of each: all read, no issue", () => {
    const top = Array.from({ length: MAX_LIST_ENTRIES }, (_, k) => `{<0.${k + 100}.0>,{message_queue_len,1}}`).join(",");
    const log = `processes sorted by queue_len desc:\n [${top}]\nmessage queue len of pid <0.100.0> : {message_queue_len,1}\nmessage in pid <0.100.0> :\n [${Array(MAX_LIST_ENTRIES).fill("a").join(",")}]\n`;
    const [run] = expectSame(log);
    expect([run?.top.length, run?.inspected?.samples.length, run?.inspected?.samplesCut, run?.issues]).toEqual([MAX_LIST_ENTRIES, MAX_LIST_ENTRIES, false, []]);
  });

  it("a top list the plain reader passes over, longer than the parser reads whole: a clear error, no tree", () => {
    // HTML-pasted (each queue length in a <span>), as the seed's 11431, but 4 MiB of it.
    const entry = `{&lt;0.1.0&gt;,{message_queue_len,<span style="color:red">7</span>}}`;
    const count = Math.ceil((MAX_PARSED_TERM + 1) / (entry.length + 1));
    const log = `processes sorted by queue_len desc:\n [${Array(count).fill(entry).join(",")}]\nmessage queue len of pid &lt;0.1.0&gt; : {message_queue_len,7}\n`;
    for (const shallow of [true, false]) {
      const result = scanWith(log, shallow);
      expect(result).toEqual({ error: expect.stringMatching(/^cannot read the top list: 4\.0 MiB of it pasted as HTML, read only up to 4 MiB \(a monitor's top list is a few lines\) at 2:1$/) });
    }
  });
});

describe("fast path = full parse: generated logs", () => {
  it.each([1, 2, 7, 42, 2015])("seed %i, 600 builds", (seed) => {
    const text = [...generateLog({ seed, builds: 600 })].join("");
    const runs = expectSame(text);
    expect(runs).toHaveLength(600);
    // The generator covers Chinese text and every way a list is cut.
    expect(runs.some((r) => r.inspected?.samples.some((s) => s.decoded.some((d) => /[\u4e00-\u9fff]/.test(d))))).toBe(true);
    expect(runs.some((r) => r.inspected?.samplesCut && r.issues.length === 0)).toBe(true);
    expect(runs.some((r) => r.inspected?.samples.some((s) => s.truncated))).toBe(true);
  });

  it("an HTML-escaped copy (the parser's path throughout)", () => {
    const text = [...generateLog({ seed: 4, builds: 80 })].join("");
    expectSame(escapeHtml(text));
  });

  it("reads every complete generated sample without the parser", () => {
    // Not a correctness property, a performance one: if the shallow reader
    // started refusing common shapes, everything would still pass, slowly.
    const tape = createShallowTape();
    const text = [...generateLog({ seed: 3, builds: 300 })].join("");
    const stamp = /\n\[\d{4}-\d\d-\d\dT[\d:.]+Z\] /g;
    let plain = 0;
    let total = 0;
    for (const run of expectSame(text)) {
      for (const s of run.inspected?.samples ?? []) {
        if (s.truncated) continue;
        total++;
        const raw = s.raw.replace(stamp, "\n");
        if (readShallow(tape, raw, 0) === raw.length) plain++;
      }
    }
    expect(total).toBeGreaterThan(2000);
    expect(plain).toBe(total);
  });
});

describe("fast path = full parse: random terms and damaged samples", () => {
  it("random terms, printed compact and pretty, as samples", () => {
    const r = createRandom(99);
    for (let round = 0; round < 150; round++) {
      const samples: string[] = [];
      for (let i = 0; i < 8; i++) {
        const term = randomTerm(r, { maxDepth: 4, maxWidth: 5 });
        const tuple = { kind: "tuple" as const, elements: [{ kind: "atom" as const, value: r.pick(["$gen_event", "route", "x"]), start: 0, end: 0 }, term], start: 0, end: 0 };
        samples.push(r.chance(0.5) ? print(tuple) : printPretty(tuple, { width: 60 }).replace(/\n/g, "\n   "));
      }
      expectSame(logAround(samples, r.chance(0.3)));
    }
  });

  it("each generated sample with one character deleted, duplicated or replaced", () => {
    const r = createRandom(5);
    const text = [...generateLog({ seed: 11, builds: 60 })].join("");
    const runs = expectSame(text);
    const raws = runs.flatMap((run) => (run.inspected?.samples ?? []).map((s) => s.raw.replace(/\n\[[^\]]*\] /g, "\n")));
    const noise = ["", "\n", "\n  ", "'", '"', "\\", "<", ">", ".", "...", "&lt;", "$", "#", "é", "1.5", "/utf8", "|", "<span>"];
    let cases = 0;
    for (const raw of raws.slice(0, 400)) {
      const at = r.int(raw.length);
      const n = r.int(3);
      const damaged = raw.slice(0, at) + (n === 0 ? "" : r.pick(noise)) + raw.slice(at + (n === 1 ? 0 : 1));
      expectSame(logAround([raw.trimStart(), damaged.trimStart(), raw.trimStart()]));
      cases++;
    }
    expect(cases).toBe(400);
  });

  it.each([
    ["escapes in a binary", `{a,<<"tab\\there">>}`],
    ["latin1 text in a binary", `{a,<<"é">>}`],
    ["bytes that are not UTF-8", `{p1_mysql_recv,<0.5.0>,data,<<255,0,1>>,1}`],
    ["overlong and surrogate UTF-8", `{a,<<192,128>>,<<237,160,128>>,<<244,144,128,128>>,<<240,159,152,128>>}`],
    ["a big byte value", `{a,<<256>>}`],
    ["mixed segments", `{a,<<"a",98,"c">>}`],
    ["sized segment", `{a,<<5:3>>}`],
    ["adjacent strings", `{a,"ab" "cd"}`],
    ["float, based integer, char", `{a,1.5,16#ff,$a}`],
    ["external fun", `{a,fun m:f/2}`],
    ["record", `{a,#r{x = 1}}`],
    ["map with entries", `{a,#{<<"k">> => <<"v">>,b => [1]}}`],
    ["improper list tail", `{[alias|#Ref<0.1.2.3>],ok}`],
    ["pid with leading zeros", `{'$gen_call',{<0.01.0>,#Ref<0.1.2.3>},get}`],
    ["a token in column 1", `{a,\nb}`],
    ["a cut inside", `{a,[1,2|...]}`],
    ["latin1 atom", `{café,1}`],
    ["negative integers", `{a,-5,[-1]}`],
    ["quoted atoms", `{'EXIT',<0.9.0>,'normal'}`],
    ["empty things", `{'',[],{},<<>>,#{},""}`],
    ["utf8 string with surrogate pairs", `{p1_mysql_recv,<0.5.0>,data,<<"😀中"/utf8>>,1}`],
    ["port and fun", `{'DOWN',#Ref<0.1.2.3>,process,<0.4.0>,#Port<0.5>,#Fun<m.f.1>}`],
  ])("%s", (_name, sample) => {
    expectSame(logAround([sample]));
    expectSame(logAround([sample, `{x,1}`]));
  });
});

// ## Messages the collected text ends inside
//
// A monitor's list may end mid-message (the console stopped). The fast path reads such a message
// with the shallow reader's tolerant mode instead of the parser: these compare the two on cuts at
// every offset of real and hand-written messages, read alone (readSamples on a block that ends at
// the cut) and through the scanner (LF, CRLF, an HTML-escaped copy).

/** A term block of `text`, as the scanner builds one from its lines. */
function blockOf(text: string): TermBlock {
  const b = createBlockBuilder();
  let at = 0;
  text.split("\n").forEach((line, i, lines) => {
    const last = i === lines.length - 1;
    b.push(text, at, 0, at + line.length, last ? at + line.length : at + line.length + 1, at, i + 1);
    at += line.length + 1;
  });
  return b.build();
}

function expectSameSamples(text: string): ReturnType<typeof readSamples> {
  const block = blockOf(text);
  const fast = readSamples(block);
  expect(fast).toEqual(readSamples(block, { shallow: false }));
  return fast;
}

/** Generated samples of every class (the generator's indentation, stamps removed), a few of each shape. */
function generatedSamples(seed: number, builds: number): string[] {
  const text = [...generateLog({ seed, builds })].join("");
  const out: string[] = [];
  const perKind = new Map<string, number>();
  const scanned = scanWith(text, false);
  for (const run of "runs" in scanned ? scanned.runs : []) {
    for (const s of run.inspected?.samples ?? []) {
      if (s.truncated) continue;
      const key = `${s.kind}/${s.stanza}/${s.raw.includes("#{") ? "map" : ""}/${s.raw.includes("/utf8") ? "utf8" : ""}`;
      if ((perKind.get(key) ?? 0) >= 3) continue;
      perKind.set(key, (perKind.get(key) ?? 0) + 1);
      out.push(s.raw.replace(/\n\[[^\]]*\] /g, "\n").trimStart());
    }
  }
  return out;
}

const HAND_WRITTEN = [
  `{'$gen_call',{<0.1.0>,[alias|#Ref<0.1.2.3>]},{call,m,f,[a,"str",'Quoted atom',-5],<0.9.0>}}`,
  `{route,{message,<<"m1">>,groupchat,<<"zh">>,\n     {jid,<<"u">>,<<"h">>,<<"r">>,<<"u">>,<<"h">>,<<"r">>},\n     {jid,<<"运维"/utf8>>,<<"conference.h">>,<<>>,<<"运维"/utf8>>,<<"conference.h">>,<<>>},\n     [],[{text,<<>>,<<"hi"/utf8>>}],undefined,[],#{a => 1,<<"k">> => {v,[<<229,134,178>>]},#{} => []}}}`,
  `{a,#{k => #{<<"x">> => [1,2|c]},{t,u} => "s"},[b|c],{},[],<<>>,""}`,
  `{'$gen_event',{route,<<"a">>,<<>>,{xmlel,<<"message">>,[{<<"to">>,<<"r@conference.h">>}],[]}}}`,
  `{p1_mysql_recv,<6562.1.2>,data,\n                 <<13,122,104,105,\n                   109,113>>,\n                 26}`,
  `{<6555.1.2>,{reply,ok}}`,
  `{[alias|#Ref<0.1.2.3>],{ok,[1,2,3]}}`,
];

describe("fast path = full parse: messages the collected text ends inside", () => {
  const samples = [...generatedSamples(21, 300), ...HAND_WRITTEN];

  it("every sample cut at every offset, read alone", () => {
    expect(samples.length).toBeGreaterThan(25);
    let cut = 0;
    for (const sample of samples) {
      for (let at = 1; at < sample.length; at++) {
        const read = expectSameSamples(` [{x,1},\n  ${sample.slice(0, at)}`);
        if (read.cut && read.issues.length === 1 && read.samples.length === 2) cut++;
      }
    }
    expect(cut).toBeGreaterThan(5000);
  });

  it("cut after a comma, after an opening bracket, with CRLF and trailing blanks", () => {
    for (const sample of samples) {
      for (let at = 1; at < sample.length; at++) {
        const c = sample[at - 1]!;
        if (c !== "," && c !== "{" && c !== "[" && c !== "\n") continue;
        const head = sample.slice(0, at);
        for (const tail of ["", " ", "\n", "\n   ", "\r", "\r\n  "]) expectSameSamples(` [{x,1},\n  ${head}${tail}`);
        expectSameSamples(` [{x,1},\r\n  ${head.replace(/\n/g, "\r\n")}`);
      }
    }
  });

  it("through the scanner: cut at each line's end, LF, CRLF and an HTML-escaped copy", () => {
    let logs = 0;
    for (const sample of samples) {
      const lines = sample.split("\n");
      for (let n = 1; n <= lines.length; n++) {
        const cutText = lines.slice(0, n).join("\n");
        // The list ends with the cut message; the log goes on with a line in column 1.
        const log = logAround([sample, "{x,1}"]).replace(/\{x,1\}\]/, cutText);
        const runs = expectSame(log);
        expect(runs[0]?.inspected?.samplesCut).toBe(true);
        expectSame(log.replace(/\n/g, "\r\n"));
        expectSame(escapeHtml(log));
        logs++;
      }
    }
    expect(logs).toBeGreaterThan(100);
  });

  it("reads every generated sample cut at a line's end without the parser", () => {
    // As "reads every complete generated sample without the parser": a performance property. Where the
    // console stops, at a line's end, the shallow reader must take the message, not hand it on.
    const tape = createShallowTape();
    let read = 0;
    let total = 0;
    for (const sample of samples) {
      const lines = sample.split("\n");
      for (let n = 1; n < lines.length; n++) {
        const text = lines.slice(0, n).join("\n");
        total++;
        if (readShallow(tape, text, 0, true) >= 0 && tape.cut >= 0) read++;
      }
    }
    expect(total).toBeGreaterThan(100);
    expect(read).toBe(total);
  });
});
