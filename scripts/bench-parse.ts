// ## Parser benchmark (`npm run bench:parse`)
//
// Builds a ~10 MB ~p-style dump of 20,000 '$gen_event' route messages (the
// seed's 25877 sample with varying ids and some Chinese room names), then
// measures, in this one run and on the same text:
//   - parse: lib/erlang-term `parse` to the typed tree;
//   - skipTerm: the ingest fast path (bracket matching only);
//   - JSON.parse over the same data written as JSON (tuples/lists as arrays,
//     atoms and binaries as strings), the yardstick from the issue;
//   - Erlang's own erl_scan:string + erl_parse:parse_term, when `erl` exists.
// Each is repeated and the median taken; the machine is shared and noisy, so
// the ratios matter more than the absolute figures. Peak memory is measured
// per operation in a fresh child process (max RSS, and heap growth while the
// result is still referenced).

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { parse, parseTerm, skipTerm } from "../lib/erlang-term/index";
import { createRandom, routeMessage } from "../lib/erlang-term/testing/random-term";
import { termToJson } from "../lib/erlang-term/testing/to-json";

const MESSAGES = 20_000;
const ROUNDS = 9;
const MB = 1024 * 1024;

type Op = "parse" | "skip" | "json";

function buildDump(): string {
  const r = createRandom(25877);
  const parts: string[] = [];
  for (let i = 0; i < MESSAGES; i++) parts.push(routeMessage(r, i));
  return " [" + parts.join(",\n  ") + "]\n";
}


function run(op: Op, erlText: string, jsonText: string): unknown {
  if (op === "parse") return parse(erlText, { html: false });
  if (op === "skip") return skipTerm(erlText, 0);
  return JSON.parse(jsonText);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Times the operations in rounds, each round running every operation once in
 * turn, so that load from elsewhere on a shared machine falls on all of them
 * alike; the ratios are taken per round and their median reported, along
 * with each operation's median time. Each operation starts on a heap just
 * collected, so none pays for the garbage another left.
 */
/** A full collection before each timed operation: each pays for its own garbage, not the previous one's. */
v8.setFlagsFromString("--expose-gc");
const collect = vm.runInNewContext("gc") as () => void;

function timeRounds(ops: Op[], erlText: string, jsonText: string, rounds: number): { times: Record<Op, number>; rounds: Record<Op, number>[] } {
  for (const op of ops) run(op, erlText, jsonText); // warm-up
  const perRound: Record<Op, number>[] = [];
  for (let i = 0; i < rounds; i++) {
    const round = {} as Record<Op, number>;
    for (const op of ops) {
      collect();
      const t0 = performance.now();
      const result = run(op, erlText, jsonText);
      round[op] = performance.now() - t0;
      if (result === undefined) throw new Error("no result");
    }
    perRound.push(round);
  }
  const times = {} as Record<Op, number>;
  for (const op of ops) times[op] = median(perRound.map((r) => r[op]));
  return { times, rounds: perRound };
}

// ### Child mode: one operation in a fresh process, report its memory.

function childMain(op: Op, erlPath: string, jsonPath: string): void {
  const erlText = readFileSync(erlPath, "utf8");
  const jsonText = readFileSync(jsonPath, "utf8");
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  const result = run(op, erlText, jsonText);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  gc?.();
  const after = process.memoryUsage();
  console.log(JSON.stringify({ heapDelta: after.heapUsed - before.heapUsed, rssBefore: before.rss, peakRss, keep: typeof result }));
}

function measureMemory(op: Op, erlPath: string, jsonPath: string): { heapDelta: number; rssDelta: number } | null {
  const self = fileURLToPath(import.meta.url);
  const res = spawnSync(process.execPath, ["--expose-gc", ...process.execArgv, self, "--child", op, erlPath, jsonPath], {
    encoding: "utf8",
    maxBuffer: 16 * MB,
  });
  const line = res.stdout?.trim().split("\n").pop();
  if (res.status !== 0 || !line) return null;
  const m = JSON.parse(line) as { heapDelta: number; rssBefore: number; peakRss: number };
  return { heapDelta: m.heapDelta, rssDelta: m.peakRss - m.rssBefore };
}

// ### Erlang side: erl_scan + erl_parse timed by timer:tc inside erl.

const ERL_SCRIPT = `#!/usr/bin/env escript
%% Times erl_scan:string + erl_parse:parse_term over the same text.
main([File, Repeat]) ->
    {ok, Bin} = file:read_file(File),
    Text = unicode:characters_to_list(Bin),
    N = list_to_integer(Repeat),
    Times = [begin
                 {T, {ok, _}} = timer:tc(fun() ->
                     {ok, Tokens, _} = erl_scan:string(Text),
                     erl_parse:parse_term(Tokens)
                 end),
                 T
             end || _ <- lists:seq(1, N)],
    Sorted = lists:sort(Times),
    io:format("~p~n", [lists:nth(N div 2 + 1, Sorted)]).
`;

function hasErl(): boolean {
  return spawnSync("erl", ["-version"], { encoding: "utf8" }).error === undefined;
}

function timeErlang(dir: string, erlText: string): number | null {
  const termFile = join(dir, "dump.erl.txt");
  writeFileSync(termFile, erlText.trimEnd() + ".\n");
  const script = join(dir, "bench-parse-erl.escript");
  writeFileSync(script, ERL_SCRIPT);
  const out = execFileSync("escript", [script, termFile, "3"], { encoding: "utf8", maxBuffer: MB });
  const micros = Number(out.trim());
  return Number.isFinite(micros) ? micros / 1000 : null;
}

// ### Main

function fmt(n: number, digits = 1): string {
  return n.toFixed(digits);
}

function main(): void {
  const [flag, op, erlPath, jsonPath] = process.argv.slice(2);
  if (flag === "--child" && op && erlPath && jsonPath) return childMain(op as Op, erlPath, jsonPath);

  const erlText = buildDump();
  const tree = parse(erlText, { html: false });
  const jsonText = JSON.stringify(termToJson(tree));
  const erlMB = erlText.length / MB;
  const jsonMB = jsonText.length / MB;
  console.log(`Dump: ${MESSAGES} route messages, ${fmt(erlMB, 2)} MB of ~p text (${erlText.length} UTF-16 units); JSON version ${fmt(jsonMB, 2)} MB.`);
  console.log(`Node ${process.version}; ${ROUNDS} rounds after a warm-up, each running parse, skipTerm and JSON.parse in turn; times are medians, ratios the median of the per-round ratios. MB/s are MB of each format's own text per second.`);

  if (skipTerm(erlText, 0) !== parseTerm(erlText, { html: false }).end) {
    console.log("warning: skipTerm and parse disagree on the end of the dump");
  }

  const timed = timeRounds(["parse", "skip", "json"], erlText, jsonText, ROUNDS);
  const { parse: tParse, skip: tSkip, json: tJson } = timed.times;
  /** Median over rounds of (a's MB/s ÷ JSON.parse's MB/s), measured side by side. */
  const rateRatio = (op: Op, mb: number) => median(timed.rounds.map((r) => mb / r[op] / (jsonMB / r.json)));

  const dir = mkdtempSync(join(tmpdir(), "bench-parse-"));
  try {
    const erlPath2 = join(dir, "dump.txt");
    const jsonPath2 = join(dir, "dump.json");
    writeFileSync(erlPath2, erlText);
    writeFileSync(jsonPath2, jsonText);
    const mem = {
      parse: measureMemory("parse", erlPath2, jsonPath2),
      skip: measureMemory("skip", erlPath2, jsonPath2),
      json: measureMemory("json", erlPath2, jsonPath2),
    };

    const rate = (mb: number, ms: number) => mb / (ms / 1000);
    const parseRate = rate(erlMB, tParse);
    const skipRate = rate(erlMB, tSkip);
    const jsonRate = rate(jsonMB, tJson);
    const memText = (m: { heapDelta: number; rssDelta: number } | null) =>
      m ? `heap +${fmt(m.heapDelta / MB)} MB, peak RSS +${fmt(m.rssDelta / MB)} MB` : "memory: n/a";

    console.log("");
    console.log(`parse (typed tree)   ${fmt(tParse).padStart(8)} ms  ${fmt(parseRate).padStart(7)} MB/s   ${memText(mem.parse)}`);
    console.log(`skipTerm             ${fmt(tSkip).padStart(8)} ms  ${fmt(skipRate).padStart(7)} MB/s   ${memText(mem.skip)}`);
    console.log(`JSON.parse (same)    ${fmt(tJson).padStart(8)} ms  ${fmt(jsonRate).padStart(7)} MB/s   ${memText(mem.json)}`);

    let tErl: number | null = null;
    if (hasErl()) {
      try {
        tErl = timeErlang(dir, erlText);
      } catch (e) {
        console.log(`erl: failed to run (${(e as Error).message.split("\n")[0]})`);
      }
      if (tErl !== null) {
        console.log(`erl_scan+erl_parse   ${fmt(tErl).padStart(8)} ms  ${fmt(rate(erlMB, tErl)).padStart(7)} MB/s   (OTP, timed by timer:tc, median of 3)`);
      }
    } else console.log("erl_scan+erl_parse   skipped: `erl` is not installed");

    console.log("");
    console.log("Ratios (same run; by MB/s, each format's own text):");
    const parseRatio = rateRatio("parse", erlMB);
    const skipRatio = rateRatio("skip", erlMB);
    const spread = (op: Op, mb: number) => {
      const all = timed.rounds.map((r) => mb / r[op] / (jsonMB / r.json)).sort((a, b) => a - b);
      return `rounds ${fmt(all[0]!, 2)}..${fmt(all[all.length - 1]!, 2)}`;
    };
    console.log(`  parse / JSON.parse    ${fmt(parseRatio, 2)}x   (target >= 0.5x; ${spread("parse", erlMB)})`);
    console.log(`  skipTerm / JSON.parse ${fmt(skipRatio, 2)}x   (target >= 1x; ${spread("skip", erlMB)})`);
    console.log(`  by wall time for the same data: parse ${fmt(tJson / tParse, 2)}x, skipTerm ${fmt(tJson / tSkip, 2)}x of JSON.parse's speed`);
    if (tErl !== null) console.log(`  parse / erl           ${fmt(tErl / tParse, 1)}x faster than erl_scan+erl_parse`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
