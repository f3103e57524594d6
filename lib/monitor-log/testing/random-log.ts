// ## Random logs for the noise-skipping tests
//
// A seeded mix of what a console log holds, weighted towards what could
// trip a byte-level prefilter: noise of every kind (ASCII, CJK, emoji,
// the markers' pieces in the middle of lines, things that look like
// timestamps, huge lines), timestamps in every shape, `\r\n`, a BOM,
// invalid UTF-8, monitor runs (generated builds and hand-made edge cases),
// the other formats' sections (their fixtures) and the reader states that
// make plain lines matter (a recon prompt, an etop rule). As GitLab's runner
// writes it, on request: every line stamped, many cut in pieces (`00O+`).

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MonitorLogError } from "../errors";
import { createRandom, generateLog, type Random } from "../generate";
import { createLineSplitter, type LineSink, type NoisePlan } from "../line-reader";
import { gitlabLines } from "./gitlab-cuts";

export { createRandom, type Random };

const NOISE = [
  "[INFO] Downloading: https://repo.maven.apache.org/maven2/org/apache/commons/commons-lang3/3.4/commons-lang3-3.4.pom",
  "+ rsync -az --delete /var/lib/jenkins/workspace/ejabberd/_build/default/rel/ ejabberd@10.0.3.17:/opt/ejabberd/",
  "  CC       src/ejabberd_c2s.erl -> ebin/ejabberd_c2s.beam",
  "Note: checking out '3c1d5b9'. You are in 'detached HEAD' state.",
  "    at org.jenkinsci.plugins.workflow.steps.CoreStepExecution.run(CoreStepExecution.java:80)",
  "部署完成，请检查 运维值班 技术交流群#dev_77",
  "puff 应援 🎉 晚安～ 😀😀",
  "café déjà vu — naïve ½ ∑",
  "",
  "   ",
  "\t",
  "Finished: SUCCESS",
  "Build step 'Execute shell' marked build as failure",
];

/** Lines holding a marker's piece (or looking like a marker) that are still noise. */
const LOOKALIKES = [
  "the queue is full, queue_len unknown",
  "Job Started by nobody; Started yesterday",
  "echo JOB_NAME is not set; BUILD_ID=3 BUILD_NUMBER is below",
  "  processes sorted by name:",
  "message queue length of pid <0.1.0>",
  "message in pid <0.9.9> :",
  "config = {a, 1}",
  "[{ not a term",
  "[{<0.1.0>, no queue here}]",
  "<html> <span> &lt;0.1.0&gt;",
  "=====",
  "Suspect Process found; Suspect Proc ended",
  "MsgQ is a column",
  "_count=3 proc_count: 7",
  "user@ejabberd_system_monitor.example",
  "{process_limit, maybe} max_queue",
  "[warning] nothing to see",
  "** Reason for termination == normal",
  "iex(1)> IO.puts(:ok)",
  "Pid Name or Initial Func",
];

/** Timestamps in the shapes markers.ts reads, and near misses. */
const STAMPS = [
  "[2015-08-25T03:47:00.123Z] ",
  "[2015-08-25T03:47:00Z] ",
  "[2015-08-25 11:47:00 +08:00] ",
  "2015-08-25 11:47:00 +0800 ",
  "2015-08-25 11:47:00 ",
  "2015-08-25T03:47:00,123456789Z ",
  "2015-08-25 11:47:00.5",
  "0000-00-00 00:00:00 ",
];
const NEAR_STAMPS = ["2015-08 partial", "[1] item", "12345-678 x", "[2015-08-25] day", "2015-08-25T03:47 short", "9999", "[9"];

function noiseLine(r: Random): string {
  const x = r.next();
  if (x < 0.55) return r.pick(NOISE);
  if (x < 0.75) return r.pick(LOOKALIKES);
  if (x < 0.85) return r.pick(NEAR_STAMPS);
  if (x < 0.995) return `${r.pick(STAMPS)}${r.pick(NOISE)}`;
  // A huge line, a multi-byte character somewhere in it.
  const n = r.int(1, 150_000);
  const at = r.int(0, n);
  return `${"x".repeat(at)}é中😀${"y".repeat(n - at)}`;
}

const stamped = (r: Random, line: string, p: number) => (r.chance(p) ? `${r.pick(STAMPS)}${line}` : line);

/** Small monitor runs, including the cases the scanner treats specially; `errors`: also some it cannot read. */
function monitorBits(r: Random, errors: boolean): string[] {
  const pid = `<0.${r.int(1, 999)}.0>`;
  const top = [` [{${pid},{message_queue_len,${r.int(0, 9999)}}},`, `  {<0.2.0>,{message_queue_len,0}}]`];
  const header = "processes sorted by queue_len desc:";
  if (errors && r.chance(0.15)) {
    // Unreadable: a header without its list, a cut top list.
    return r.chance(0.5) ? [header, "Build step failed"] : [header, " [{<0.1.0>,{message_queue_len,5}},", "next"];
  }
  switch (r.int(0, 7)) {
    case 0:
      return [header, ...top, `message queue len of pid ${pid} : {message_queue_len,12}`, `message in pid ${pid} :`, ` [{'$gen_call',{<0.3.0>,#Ref<0.0.1.2>},{get_state}},`, "  {foo,<<\"中文\">>}]"];
    case 1:
      return [...top, `message queue len of pid ${pid} : undefined`]; // no header; dead process
    case 2:
      return [header, ...top, `message queue len of pid ${pid} : {message_queue_len,3}`, `message in pid ${pid} :`, " [{a,", "      b},", "   ...."];
    case 3:
      // A cut message list ended by an unindented inspect line: that run stays open until the next line.
      return [header, ...top, `message queue len of pid ${pid} : {message_queue_len,3}`, `message in pid ${pid} :`, " [{a,", `message queue len of pid <0.7.0> : undefined`];
    case 4:
      return [`message queue len of pid ${pid} : {message_queue_len,1}`, `message in pid ${pid} : [{x,1}]`];
    case 5:
      return ["Started by upstream project", `JOB_NAME=job_${r.int(1, 9)}`, `BUILD_NUMBER=${r.int(1, 99999)}`, `BUILD_URL=http://ci/job/job_${r.int(1, 9)}/${r.int(1, 99)}/`];
    case 6:
      return [`message in pid ${pid} :`, ` [{stray,1}]`]; // a stray samples marker
    default:
      return [header, "", ...top, `message queue len of pid ${pid} : {message_queue_len,7}`, `message in pid ${pid} :`, "", " [{late,1}]"];
  }
}

const FORMATS_DIR = join(__dirname, "..", "..", "formats", "__fixtures__");
const formatFixtures = readdirSync(FORMATS_DIR).map((f) => readFileSync(join(FORMATS_DIR, f), "utf8").replace(/\r?\n$/, "").split(/\r?\n/));

/** Other formats' sections, and the reader states that make plain lines matter. */
function otherFormat(r: Random): string[] {
  switch (r.int(0, 5)) {
    case 0:
    case 1: {
      const lines = r.pick(formatFixtures);
      const from = r.int(0, Math.max(0, lines.length - 1));
      return lines.slice(r.chance(0.5) ? 0 : from, r.chance(0.5) ? lines.length : r.int(from, lines.length));
    }
    case 2: // a prompt, then lines starting with `[` (recon waits for its output)
      return ["(ejabberd@host)1> recon:proc_count(message_queue_len, 3).", ...Array.from({ length: r.int(0, 4) }, () => r.pick(NOISE)), "[INFO] Building", "[{<0.1.0>,12,[]}]", "[1,", " 2]"];
    case 3: {
      // An etop rule, the node line, blank lines, then the header near or far.
      const blanks = Array.from({ length: r.int(0, 12) }, () => (r.chance(0.5) ? "" : r.pick(NOISE)));
      return [
        "=".repeat(r.int(20, 90)),
        ...(r.chance(0.5) ? [] : [" 'ejabberd@im-1'                       22:55:00"]),
        ...blanks,
        "Pid            Name or Initial Func    Time    Reds  Memory    MsgQ Current Function",
        "----------------------------------------------------------------------------------------",
        "<0.123.0>      mod_muc_room:init/1      '-'   12345    4984    1204 gen:do_call/4",
      ];
    }
    case 4:
      return ["2019-01-01 10:00:00.000 [warning] Suspect Proc", "offending_pid=<0.1.0>", "message_queue_len=5000", ""];
    default:
      return [
        "2019-01-01 10:00:00.000 [warning] <0.86.0>@ejabberd_system_monitor:handle_overload/2:143 The system is overloaded with 5 messages queued by 1 process(es) (2%) from the following applications: ejabberd (5 msgs); the top processes are:",
        "** <0.5005.3>: msgs = 5, memory = 63, initial_call = xmpp_stream_in:init/1, current_function = gen:do_call/4, ancestors = [], application = ejabberd",
        ...Array.from({ length: r.int(0, 60) }, () => r.pick(NOISE)),
        "2019-01-01 10:00:00.001 [warning] <0.86.0>@ejabberd_system_monitor:kill/2:294 Killed 1 process(es) consuming more than 2 message(s) each",
      ];
  }
}

export type RandomLogOptions = {
  /** Roughly how many segments (noise blocks, runs, sections). */
  segments?: number;
  /** Include the other formats' sections (for the snapshot scanner). */
  formats?: boolean;
  /** Insert invalid UTF-8 into noise lines. */
  invalidUtf8?: boolean;
  /** Include monitor output the scanner cannot read (the scan then throws). */
  errors?: boolean;
  /**
   * Every line behind a GitLab runner's stamp, many cut in pieces at random widths (`…Z 00O+rest`);
   * `"uncut"`: the same log (same seed) with no line cut, what the cut one must read as.
   */
  gitlab?: boolean | "uncut";
};

/** GitLab's runner's lines of `lines`: stamped, many cut; `noisy` follows each line's first piece. */
function gitlabLog(r: Random, lines: string[], noisy: Set<number>, cut: boolean): { lines: string[]; noisy: Set<number> } {
  const out: string[] = [];
  const firsts = new Set<number>();
  lines.forEach((line, i) => {
    if (noisy.has(i)) firsts.add(out.length);
    const width = r.chance(0.85) ? Infinity : line.length > 2000 ? r.int(500, 40_000) : r.int(1, 60);
    out.push(...gitlabLines(line, i, cut ? width : Infinity, r.chance(0.9) ? "00O" : r.pick(["01E", "0fO"])));
  });
  return { lines: out, noisy: firsts };
}

/** A random log as bytes, and the text a whole decode gives (the reference input). */
export function randomLog(seed: number, options: RandomLogOptions = {}): { bytes: Uint8Array; text: string } {
  const r = createRandom(seed);
  let lines: string[] = [];
  /** Indexes of noise lines, where invalid bytes may go. */
  let noisy = new Set<number>();
  const segments = options.segments ?? r.int(1, 40);
  const stampRate = r.pick([0, 0.1, 0.9, 1]);
  if (r.chance(0.3)) lines.push(...stampAll(r, monitorBits(r, options.errors ?? false), stampRate)); // a marker on the very first line
  for (let i = 0; i < segments; i++) {
    const x = r.next();
    if (x < 0.45) {
      for (let n = r.int(1, 300); n > 0; n--) {
        noisy.add(lines.length);
        lines.push(stamped(r, noiseLine(r), stampRate));
      }
    } else if (x < 0.55) {
      lines.push(...[...generateLog({ seed: r.int(1, 1e6), builds: 1 })].join("").replace(/\n$/, "").split("\n"));
    } else if (x < 0.8 || !options.formats) {
      lines.push(...stampAll(r, monitorBits(r, options.errors ?? false), stampRate));
    } else {
      lines.push(...otherFormat(r));
    }
  }
  if (r.chance(0.3)) lines.push(...stampAll(r, monitorBits(r, options.errors ?? false), stampRate)); // a marker on the very last line
  if (options.gitlab) ({ lines, noisy } = gitlabLog(r, lines, noisy, options.gitlab === true));
  const crlf = r.pick([0, 0, 0.5, 1]);
  let text = r.chance(0.1) ? "\ufeff" : "";
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const bad = [[0x80], [0xff], [0xc0, 0xaf], [0xe4, 0xb8], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98]];
  lines.forEach((line, i) => {
    const end = i === lines.length - 1 && r.chance(0.3) ? "" : r.chance(crlf) ? "\r\n" : "\n";
    if (options.invalidUtf8 && noisy.has(i) && r.chance(0.05)) {
      const cut = r.int(0, line.length);
      parts.push(encoder.encode(text + line.slice(0, cut)), Uint8Array.from(r.pick(bad)));
      text = line.slice(cut) + end;
    } else text += line + end;
    if (text.length > 65536) {
      parts.push(encoder.encode(text));
      text = "";
    }
  });
  parts.push(encoder.encode(text));
  const size = parts.reduce((n, p) => n + p.length, 0);
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
}

function stampAll(r: Random, lines: string[], rate: number): string[] {
  return lines.map((l) => stamped(r, l, rate));
}

/** Splits `bytes` at random offsets: sizes in [1, max] (`max` drawn per chunk from the list). */
export function randomChunks(bytes: Uint8Array, r: Random, maxes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = r.int(1, r.pick(maxes));
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

/** A MonitorLogError as data, to compare a streamed scan's failure with the string scan's. */
export function failureOf(e: unknown): { error: Record<string, unknown> } {
  if (!(e instanceof MonitorLogError)) throw e;
  return { error: { message: e.message, code: e.code, line: e.line, column: e.column, offset: e.offset } };
}

/** What the noise-skipping splitter needs of a scanner (createRunScanner's, createSnapshotScanner's). */
type SkippingScanner = { line: LineSink; plan(): NoisePlan | null; skip(lines: number, length: number): void; end(): void };

/**
 * streamRuns' and streamSnapshots' pipeline over byte chunks, counting the
 * lines the splitter skipped in `counter` (kept when the scanner throws).
 */
export function feedSkipping(scanner: SkippingScanner, chunks: readonly Uint8Array[], counter: { skipped: number }): void {
  const splitter = createLineSplitter(scanner.line, {
    plan: scanner.plan,
    skip(lines, length) {
      counter.skipped += lines;
      scanner.skip(lines, length);
    },
  });
  for (const c of chunks) splitter.push(c);
  splitter.end();
  scanner.end();
}
