// ## Scanner benchmark (`npx tsx scripts/bench-scan.ts`)
//
// The log-ingest path's own figures, each against a yardstick measured in the
// same run on the same data (the machine is shared and noisy: read the ratios):
//
//   scan      a generated monitor log (seed 7, 10 MB by default) through the
//             scanner, fast path and full-parse reference, from a string and
//             streamed from the file in 256 KB chunks: MB/s;
//   JSON      JSON.parse over the same data written as JSON (every term the
//             scanner reads as nested arrays, every other line as a string);
//   floor     a bare charCodeAt loop over the log, reading each character once
//             and keeping nothing: what no JavaScript scanner of the text beats;
//   noise     a mostly-noise log (CI output, one monitor run per ~2 MB) through
//             the streaming scanner vs `grep -c` on the same file (spawned);
//             alongside, in the same rounds: the file read alone (the floor),
//             the same scan with noise skipping off (before), the snapshot
//             scanner (every format) streamed from the file, and the scan
//             over fs.createReadStream (a fresh buffer per chunk) instead of
//             readFileChunks (two buffers reused, as `npm run analyze` reads);
//   memory    the file streamed through the scanner in a fresh child process
//             per size, runs dropped as they come (as the ingest does): peak RSS.
//   isolated  the fast path, JSON.parse and the noise scan again, each timed in
//             a fresh child process of its own (children interleaved, round
//             after round), so that none pays for the heap another left.
//             Every figure here moves with the heap its process has. Two
//             things this bench once did cost the timed code, and are kept
//             out: a result held across an `await` while the next call ran
//             (JSON.parse of the same 4.7 MB: 75 ms instead of 18 ms), and
//             every run of the log kept alive at once to write the JSON,
//             after which V8 pretenured the scanner's allocations (fast path
//             150 -> 220 ms); the JSON is now written by a child.
//
// Env: BENCH_SCAN_MB (default 10), BENCH_SCAN_MEMORY_MB (default "10,100"; empty: no memory part),
// BENCH_SCAN_1GB=1 adds 1024 to the memory sizes, BENCH_SCAN_REPEAT (default 7),
// BENCH_SCAN_ISOLATED_ROUNDS (default 5; 0: no isolated part), BENCH_SCAN_WARMUPS (each child's warm-up calls, default 5).
// Targets (from the issues): fast path >= JSON.parse speed; noise skip >= 1/3
// of grep -c; peak memory the same for 1 GB as for 10 MB.

import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { classifyRun } from "../lib/classify";
import { parseTerm } from "../lib/erlang-term/index";
import { generateLog } from "../lib/monitor-log/generate";
import { streamSnapshots } from "../lib/formats/index";
import { readFileChunks } from "../lib/monitor-log/file-chunks";
import { createLineSplitter, forEachLine } from "../lib/monitor-log/line-reader";
import { createRunScanner, streamRuns, type ScannerTuning } from "../lib/monitor-log/scan";
import type { MonitorRun } from "../lib/monitor-log/types";
import { termToJson } from "../lib/erlang-term/testing/to-json";

const MB = 1e6;
const CHUNK = 256 * 1024;
const REPEAT = Number(process.env.BENCH_SCAN_REPEAT ?? "7");
/** Calls each isolated child makes before it times three. */
const WARM_UPS = Number(process.env.BENCH_SCAN_WARMUPS ?? "5");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (n: number, digits = 1) => n.toFixed(digits);

/**
 * Median wall time (ms) of each function over REPEAT rounds after two warm-up
 * rounds. Rounds interleave the functions, so load from other processes on a
 * shared machine falls on all of them alike and the ratios stay meaningful.
 */
async function timeAll<K extends string>(fns: Record<K, () => unknown>): Promise<Record<K, number>> {
  const names = Object.keys(fns) as K[];
  const times = new Map<K, number[]>(names.map((n) => [n, []]));
  for (let round = 0; round < REPEAT + 2; round++) {
    for (const name of names) {
      const t0 = performance.now();
      await fns[name]();
      if (round >= 2) times.get(name)!.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(times.get(n)!)])) as Record<K, number>;
}

async function writeLog(file: string, parts: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  for (const part of parts) if (!out.write(part)) await once(out, "drain");
  out.end();
  await once(out, "finish");
}

// ## Scanner runs

function scanString(text: string, tuning: ScannerTuning): number {
  let runs = 0;
  const scanner = createRunScanner({}, () => runs++, tuning);
  forEachLine(text, scanner.line);
  scanner.end();
  return runs;
}

/** The file in CHUNK-byte chunks, as `npm run analyze` reads it (two buffers reused). */
const fileChunks = (file: string) => readFileChunks(file, CHUNK);
/** The same through fs.createReadStream: a fresh buffer per chunk. */
const freshChunks = (file: string) => createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Uint8Array>;

/** Streams the file through the scanner; with `classify`, each run through the classifier too (the ingest's CPU work). */
async function scanFile(file: string, classify = false, chunks: (file: string) => AsyncIterable<Uint8Array> = fileChunks): Promise<number> {
  let runs = 0;
  for await (const run of streamRuns(chunks(file))) {
    if (classify) classifyRun(run);
    runs++;
  }
  return runs;
}

/**
 * The floor for any JavaScript scanner that reads each character of the log once: a bare
 * `charCodeAt` loop counting brackets, nothing kept. Printed beside JSON.parse, so that the
 * target (the whole ingest path at JSON.parse's speed) can be read against it.
 */
function charLoop(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return depth;
}

// ## The same data as JSON


/**
 * The log as JSON: each run's top list and samples as term arrays (parsed by
 * the full parser from the log's own text), every line outside a run as a string.
 */
function logAsJson(text: string, runs: MonitorRun[]): string {
  const stamp = /^\[[^\]]*\] |^\d{4}-\d\d-\d\d[ T][\d:.,]+(?: ?[+-]\d\d:?\d\d|Z)? /gm;
  const doc: unknown[] = [];
  let at = 0;
  for (const run of runs) {
    forEachLine(text.slice(at, run.start), (buf, s, e) => doc.push(buf.slice(s, e)));
    at = run.end;
    const top = run.top.map((t) => [t.pid, ["message_queue_len", t.queueLen]]);
    const samples = (run.inspected?.samples ?? []).map((s) => {
      const term = parseTerm(s.raw.replace(stamp, ""), { tolerant: true, html: false }).term;
      return term ? termToJson(term) : null;
    });
    doc.push({ top, inspected: run.inspected?.pid ?? null, samples });
  }
  forEachLine(text.slice(at), (buf, s, e) => doc.push(buf.slice(s, e)));
  return JSON.stringify(doc);
}

/**
 * Writes the log as JSON (logAsJson) and returns its run and sample counts.
 * Run in a child process of its own (`--prepare LOG OUT`): building the JSON
 * keeps every run, fully parsed, alive at once, and V8 then pretenures the
 * scanner's allocation sites (objects that survived, so their successors are
 * allocated straight in the old space). Done in this process, that made every
 * later fast-path scan here pay for it in each scavenge: 150 -> 220 ms for the
 * same 10 MB, measured; 157 ms again with --no-allocation-site-pretenuring.
 * The ingest and the CLI drop each run as it comes and never keep them all.
 */
function prepareJson(logFile: string, jsonFile: string): { runCount: number; samples: number } {
  const text = readFileSync(logFile, "utf8");
  const runs: MonitorRun[] = [];
  const reference = createRunScanner({}, (r) => runs.push(r), { shallow: false });
  forEachLine(text, reference.line);
  reference.end();
  writeFileSync(jsonFile, logAsJson(text, runs));
  return { runCount: runs.length, samples: runs.reduce((n, r) => n + (r.inspected?.samples.length ?? 0), 0) };
}

function runPrepareChild(logFile: string, jsonFile: string): { runCount: number; samples: number } {
  const self = fileURLToPath(import.meta.url);
  const res = spawnSync(process.execPath, [...process.execArgv, self, "--prepare", logFile, jsonFile], { encoding: "utf8" });
  const line = res.stdout?.trim().split("\n").pop() ?? "";
  if (res.status !== 0 || !line) throw new Error(`child --prepare failed: ${res.stderr}`);
  return JSON.parse(line) as { runCount: number; samples: number };
}

// ## A mostly-noise log

/** The file read alone, the way the scanners read it: what no scan can beat. */
async function readFile(file: string): Promise<number> {
  let bytes = 0;
  for await (const chunk of fileChunks(file)) bytes += chunk.length;
  return bytes;
}

/** streamRuns' pipeline without the noise skipping: every line decoded and handed to the scanner (the path before). */
async function scanFileEveryLine(file: string): Promise<number> {
  let runs = 0;
  const scanner = createRunScanner({}, () => runs++, { detach: true });
  const splitter = createLineSplitter(scanner.line);
  for await (const chunk of fileChunks(file)) splitter.push(chunk);
  splitter.end();
  scanner.end();
  return runs;
}

/** Every format's snapshots, streamed from the file. */
async function snapshotFile(file: string): Promise<number> {
  let snapshots = 0;
  for await (const snapshot of streamSnapshots(fileChunks(file))) {
    if (snapshot) snapshots++;
  }
  return snapshots;
}

const NOISE = [
  "[INFO] Downloading: https://repo.maven.apache.org/maven2/org/apache/commons/commons-lang3/3.4/commons-lang3-3.4.pom",
  "+ rsync -az --delete /var/lib/jenkins/workspace/ejabberd/_build/default/rel/ ejabberd@10.0.3.17:/opt/ejabberd/",
  "  CC       src/ejabberd_c2s.erl -> ebin/ejabberd_c2s.beam",
  "2015-08-25 11:47:00 +0800 checking node ejabberd@ebs-ali-beijing-5-pri ... ok",
  "[2015-08-25T03:47:00.123Z] ===> Compiling p1_mysql",
  "Note: checking out '3c1d5b9'. You are in 'detached HEAD' state.",
  "",
  "    at org.jenkinsci.plugins.workflow.steps.CoreStepExecution.run(CoreStepExecution.java:80)",
];

function* noisyLog(targetBytes: number): Generator<string> {
  const builds = generateLog({ seed: 3, builds: Math.max(1, Math.ceil(targetBytes / 2e6)) });
  let size = 0;
  let i = 0;
  for (const build of builds) {
    const lines: string[] = [];
    let part = 0;
    while (part < 2e6 && size + part < targetBytes) {
      const line = NOISE[i++ % NOISE.length]!;
      lines.push(line);
      part += line.length + 1;
    }
    const text = `${lines.join("\n")}\n${build}`;
    size += text.length;
    yield text;
    if (size >= targetBytes) return;
  }
}

// ## Memory, in a child per size

type MemFigures = { mb: number; runs: number; seconds: number; peakRssMb: number; startRssMb: number; heapMb: number; liveMb: number };

async function childMemory(file: string): Promise<MemFigures> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const startRss = process.memoryUsage().rss;
  let peakHeap = 0;
  /** Heap still in use right after a full collection, at most: what the scan keeps, garbage aside. */
  let live = 0;
  const t0 = performance.now();
  let runs = 0;
  for await (const run of streamRuns(fileChunks(file))) {
    runs++;
    if (run.seq % 256 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    if (gc && run.seq % 2048 === 512) {
      gc();
      live = Math.max(live, process.memoryUsage().heapUsed);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    mb: statSync(file).size / MB,
    runs,
    seconds,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
    startRssMb: startRss / MB,
    heapMb: peakHeap / MB,
    liveMb: live / MB,
  };
}

// ## One operation alone, in a child

type IsolatedOp = "fast" | "json" | "noise";

/** Times `op` in this (fresh) process: BENCH_SCAN_WARMUPS warm-up calls, then the median of three, in ms. */
async function childTime(op: IsolatedOp, file: string): Promise<number> {
  // The text is read once, before the timed calls (the noise scan reads its file as part of the work).
  const text = op === "noise" ? "" : readFileSync(file, "utf8");
  // Only the noise scan is awaited, and no call's result is kept: a value
  // held across an `await` is live while the next call runs (see the json
  // entry of main's timeAll).
  const times: number[] = [];
  for (let i = 0; i < WARM_UPS + 3; i++) {
    const t0 = performance.now();
    if (op === "json") JSON.parse(text);
    else if (op === "fast") scanString(text, { shallow: true });
    else await scanFile(file);
    if (i >= WARM_UPS) times.push(performance.now() - t0);
  }
  return median(times);
}

function runTimeChild(op: IsolatedOp, file: string): number {
  const self = fileURLToPath(import.meta.url);
  const res = spawnSync(process.execPath, [...process.execArgv, self, "--time", op, file], { encoding: "utf8" });
  const line = res.stdout?.trim().split("\n").pop() ?? "";
  if (res.status !== 0 || !line) throw new Error(`child --time ${op} failed: ${res.stderr}`);
  return JSON.parse(line) as number;
}

function runChild(args: string[]): MemFigures {
  const self = fileURLToPath(import.meta.url);
  const res = spawnSync(process.execPath, ["--expose-gc", ...process.execArgv, self, ...args], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  const line = res.stdout?.trim().split("\n").pop() ?? "";
  if (res.status !== 0 || !line) throw new Error(`child ${args.join(" ")} failed: ${res.stderr}`);
  return JSON.parse(line) as MemFigures;
}

// ## Main

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    console.log(JSON.stringify(await childMemory(args[1] as string)));
    return;
  }
  if (args[0] === "--prepare") {
    console.log(JSON.stringify(prepareJson(args[1] as string, args[2] as string)));
    return;
  }
  if (args[0] === "--time") {
    console.log(JSON.stringify(await childTime(args[1] as IsolatedOp, args[2] as string)));
    return;
  }

  const sizeMb = Number(process.env.BENCH_SCAN_MB ?? "10");
  // An empty list leaves the memory part out (as BENCH_QUERY_BUILDS= does for bench:ingest).
  const memorySizes = (process.env.BENCH_SCAN_MEMORY_MB ?? "10,100")
    .split(",")
    .filter((s) => s.trim() !== "")
    .map(Number);
  if (process.env.BENCH_SCAN_1GB === "1") memorySizes.push(1024);
  const dir = mkdtempSync(join(tmpdir(), "bench-scan-"));
  try {
    const logFile = join(dir, "monitor.log");
    await writeLog(logFile, generateLog({ seed: 7, targetSize: sizeMb * MB }));
    const jsonFile = join(dir, "monitor.json");
    // The JSON is written by a child: see prepareJson.
    const { runCount, samples } = runPrepareChild(logFile, jsonFile);
    const text = readFileSync(logFile, "utf8");
    const bytes = statSync(logFile).size;
    const logMb = bytes / MB;
    const json = readFileSync(jsonFile, "utf8");
    const jsonMb = Buffer.byteLength(json) / MB;

    console.log(`Log: ${fmt(logMb, 2)} MB generated (seed 7), ${runCount} runs, ${samples} samples; as JSON ${fmt(jsonMb, 2)} MB.`);
    console.log(`Node ${process.version}; median of ${REPEAT} after a warm-up; MB = 10^6 bytes of each format's own text (UTF-8).`);
    console.log("");

    const t = await timeAll({
      fast: () => scanString(text, { shallow: true }),
      reference: () => scanString(text, { shallow: false }),
      stream: () => scanFile(logFile),
      charLoop: () => charLoop(text),
      classify: () => scanFile(logFile, true),
      // The parse's result is dropped here, not returned: a value returned
      // to timeAll's `await` stays referenced while the next call runs, and
      // that call's collections then copy and promote all of it (JSON.parse
      // of this data: 75 ms with the value held, 18 ms without, measured).
      json: () => {
        JSON.parse(json);
      },
    });
    const [tFast, tRef, tStream, tJson] = [t.fast, t.reference, t.stream, t.json];
    const rate = (mb: number, ms: number) => mb / (ms / 1000);
    const line = (name: string, ms: number, mb: number, note = "") =>
      console.log(`${name.padEnd(44)} ${fmt(ms).padStart(8)} ms ${fmt(rate(mb, ms)).padStart(8)} MB/s${note}`);
    line("scanner, string, fast path", tFast, logMb);
    line("scanner, string, full parse (before)", tRef, logMb);
    line("scanner, streamed from file, fast path", tStream, logMb, "  (read + UTF-8 decode + scan)");
    line("  + classifier on every run", t.classify, logMb);
    line("JSON.parse of the same data", tJson, jsonMb);
    line("  a bare charCodeAt loop over the log (floor)", t.charLoop, logMb, "  (reads each character once, keeps nothing)");

    // Noise: grep -c against the streaming scanner on the same file.
    const noiseFile = join(dir, "noise.log");
    const noiseMb = Math.max(50, sizeMb * 5);
    await writeLog(noiseFile, noisyLog(noiseMb * MB));
    const noiseBytes = statSync(noiseFile).size / MB;
    const noiseText = readFileSync(noiseFile, "utf8");
    const n = await timeAll({
      grep: () => {
        const r = spawnSync("grep", ["-c", "processes sorted by queue_len desc:", noiseFile], { encoding: "utf8" });
        if (r.error) throw r.error;
        return r.stdout;
      },
      file: () => scanFile(noiseFile),
      string: () => scanString(noiseText, { shallow: true }),
      read: () => readFile(noiseFile),
      everyLine: () => scanFileEveryLine(noiseFile),
      snapshots: () => snapshotFile(noiseFile),
      fresh: () => scanFile(noiseFile, false, freshChunks),
    });
    const [tGrep, tNoiseFile, tNoiseString] = [n.grep, n.file, n.string];
    console.log("");
    line(`grep -c (spawned), ${fmt(noiseBytes, 0)} MB mostly-noise log`, tGrep, noiseBytes);
    line("scanner, same file streamed", tNoiseFile, noiseBytes, "  (read + UTF-8 decode + scan)");
    line("scanner, same log from a string", tNoiseString, noiseBytes);
    line("  the file read alone (floor)", n.read, noiseBytes);
    line("  scanner streamed, no noise skipping (before)", n.everyLine, noiseBytes);
    line("  snapshots (every format) streamed", n.snapshots, noiseBytes);
    line("  scanner over fs.createReadStream", n.fresh, noiseBytes, "  (a fresh buffer per chunk)");

    console.log("");
    console.log("Peak memory, the file streamed through the scanner in a fresh child per size (runs dropped as they come):");
    const mem: MemFigures[] = [];
    for (const mb of memorySizes) {
      const file = join(dir, `mem-${mb}.log`);
      await writeLog(file, generateLog({ seed: 7, targetSize: mb * MB }));
      const m = runChild(["--child", file]);
      mem.push(m);
      console.log(
        `  ${fmt(m.mb, 0).padStart(5)} MB: ${String(m.runs).padStart(6)} runs in ${fmt(m.seconds, 2)} s (${fmt(m.mb / m.seconds)} MB/s), ` +
          `peak RSS ${fmt(m.peakRssMb, 0)} MB (at start ${fmt(m.startRssMb, 0)} MB), heap used at most ${fmt(m.heapMb, 0)} MB, ` +
          `after a full GC at most ${fmt(m.liveMb, 1)} MB`,
      );
      rmSync(file, { force: true });
    }

    const isolatedRounds = Number(process.env.BENCH_SCAN_ISOLATED_ROUNDS ?? "5");
    let iso: Record<IsolatedOp, number> | null = null;
    if (isolatedRounds > 0) {
      console.log("");
      console.log(
        `Each alone in a fresh child process (${isolatedRounds} children per operation, interleaved; ` +
          `each child: ${WARM_UPS} warm-up calls, then the median of three):`,
      );
      const ops: [IsolatedOp, string][] = [
        ["fast", logFile],
        ["json", jsonFile],
        ["noise", noiseFile],
      ];
      const times = new Map<IsolatedOp, number[]>(ops.map(([op]) => [op, []]));
      for (let round = 0; round < isolatedRounds; round++) for (const [op, file] of ops) times.get(op)!.push(runTimeChild(op, file));
      iso = { fast: median(times.get("fast")!), json: median(times.get("json")!), noise: median(times.get("noise")!) };
      line("  scanner, string, fast path", iso.fast, logMb);
      line("  JSON.parse of the same data", iso.json, jsonMb);
      line("  scanner, mostly-noise file streamed", iso.noise, noiseBytes);
    }

    console.log("");
    console.log("Ratios (same run):");
    const fastRate = rate(logMb, tFast);
    const jsonRate = rate(jsonMb, tJson);
    console.log(`  fast path / full parse              ${fmt(tRef / tFast, 2)}x faster`);
    console.log(`  fast path / JSON.parse, by MB/s      ${fmt(fastRate / jsonRate, 2)}x   (target >= 1x; one process, see "isolated")`);
    console.log(`  fast path / JSON.parse, by wall time ${fmt(tJson / tFast, 2)}x   (same data; target >= 1x)`);
    console.log(`  streamed / JSON.parse, by MB/s       ${fmt(rate(logMb, tStream) / jsonRate, 2)}x`);
    console.log(`  bare char loop / JSON.parse, by MB/s ${fmt(rate(logMb, t.charLoop) / jsonRate, 2)}x   (what reading each character once allows)`);
    console.log(`  streamed + classify / JSON.parse     ${fmt(rate(logMb, t.classify) / jsonRate, 2)}x   (by MB/s)`);
    console.log(`  noise skip (file) / grep -c          ${fmt(tGrep / tNoiseFile, 2)}x   (target >= 0.33x)`);
    console.log(`  noise skip (string) / grep -c        ${fmt(tGrep / tNoiseString, 2)}x`);
    console.log(`  no skipping (file, before) / grep -c ${fmt(tGrep / n.everyLine, 2)}x`);
    console.log(`  snapshots (file) / grep -c           ${fmt(tGrep / n.snapshots, 2)}x`);
    console.log(`  file read alone / grep -c            ${fmt(tGrep / n.read, 2)}x`);
    console.log(`  createReadStream scan / grep -c      ${fmt(tGrep / n.fresh, 2)}x`);
    if (iso) {
      console.log(`  isolated: fast path / JSON.parse     ${fmt(rate(logMb, iso.fast) / rate(jsonMb, iso.json), 2)}x   (by MB/s; target >= 1x)`);
      console.log(`  isolated: noise skip (file) / grep -c ${fmt(tGrep / iso.noise, 2)}x   (grep from the rounds above; target >= 0.33x)`);
    }
    const first = mem[0];
    const last = mem[mem.length - 1];
    if (first && last && last !== first) {
      console.log(
        `  peak RSS ${fmt(last.mb, 0)} MB / ${fmt(first.mb, 0)} MB        ${fmt(last.peakRssMb / first.peakRssMb, 2)}x   (target ~1x)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
