// Streaming snapshots with noise skipping = scanning the decoded string,
// over every format: random mixed logs split at random byte offsets, the
// reader states in which a plain line matters (recon after its prompt, etop
// after its rule), the latest-timestamp rule, and the readers' own `starts`
// held to the pieces the prefilter searches for.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { timestampPrefix } from "../monitor-log/markers";
import { createRandom, failureOf, feedSkipping, randomChunks, randomLog } from "../monitor-log/testing/random-log";
import { createEjabberdReader } from "./ejabberd";
import { createEtopReader } from "./etop";
import { scanSnapshots, streamSnapshots, type Snapshot } from "./index";
import { READER_PIECES } from "./noise";
import type { FormatReader, LineView } from "./reader";
import { createReconReader } from "./recon";
import { createSnapshotScanner } from "./scanner";
import { createSystemMonitorReader } from "./system-monitor";

type Outcome = { snapshots: Snapshot[] } | { error: Record<string, unknown> };

function fromString(text: string): Outcome {
  try {
    return { snapshots: scanSnapshots(text, { source: "job_12.log" }) };
  } catch (e) {
    return failureOf(e);
  }
}

/** streamSnapshots' pipeline, counting the lines skipped. */
function streamed(chunks: Uint8Array[]): { outcome: Outcome; skipped: number } {
  const snapshots: Snapshot[] = [];
  const counter = { skipped: 0 };
  try {
    feedSkipping(createSnapshotScanner({ source: "job_12.log" }, (s) => snapshots.push(s), { detach: true }), chunks, counter);
    return { outcome: { snapshots }, skipped: counter.skipped };
  } catch (e) {
    return { outcome: failureOf(e), skipped: counter.skipped };
  }
}

async function viaStreamSnapshots(chunks: Uint8Array[]): Promise<Outcome> {
  const snapshots: Snapshot[] = [];
  try {
    for await (const s of streamSnapshots(chunks, { source: "job_12.log" })) snapshots.push(s);
    return { snapshots };
  } catch (e) {
    return failureOf(e);
  }
}

const bytesOf = (text: string) => new TextEncoder().encode(text);
const NOISE = Array.from({ length: 200 }, (_, i) => `${i % 7 === 0 ? `2019-01-01 10:00:${String(i % 60).padStart(2, "0")} ` : ""}[INFO] step ${i} 中文 😀`).join("\n");

function sameEverywhere(text: string, seed: number): Outcome {
  const bytes = bytesOf(text);
  const expected = fromString(text);
  const r = createRandom(seed);
  for (const maxes of [[bytes.length || 1], [1, 13], [100, 5000], [70_000]]) expect(streamed(randomChunks(bytes, r, maxes)).outcome).toEqual(expected);
  return expected;
}

describe("streaming snapshots with noise skipping = scanning the string", () => {
  it("random logs of every format, random chunkings", async () => {
    let skipped = 0;
    const kinds = new Set<string>();
    for (let seed = 1; seed <= 45; seed++) {
      const { bytes, text } = randomLog(seed * 31, { formats: true, invalidUtf8: seed % 4 === 0, errors: seed % 9 === 0 });
      const expected = fromString(text);
      if ("snapshots" in expected) for (const s of expected.snapshots) kinds.add(s.sourceKind);
      const r = createRandom(seed);
      // Tiny chunks (every line split, characters too) on every third log: the slow case to run.
      for (const maxes of [[bytes.length || 1], seed % 3 === 0 ? [1, 9] : [20, 200], [64, 4096], [300, 65536, 400_000]]) {
        const got = streamed(randomChunks(bytes, r, maxes));
        skipped += got.skipped;
        expect(got.outcome).toEqual(expected);
      }
      if (seed % 10 === 0) expect(await viaStreamSnapshots(randomChunks(bytes, r, [100_000]))).toEqual(expected);
    }
    expect([...kinds].sort()).toEqual(["ejabberd_system_monitor", "etop", "monitor", "recon_proc_count", "system_monitor"]);
    expect(skipped).toBeGreaterThan(20_000);
  });

  it("random logs of every format as GitLab's runner writes them, lines cut in pieces (`00O+`)", () => {
    let skipped = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const { bytes, text } = randomLog(seed * 37, { formats: true, gitlab: true, errors: seed % 9 === 0 });
      const expected = fromString(text);
      const r = createRandom(seed);
      for (const maxes of [[bytes.length || 1], seed % 4 === 0 ? [1, 9] : [20, 200], [64, 4096], [300, 65536]]) {
        const got = streamed(randomChunks(bytes, r, maxes));
        skipped += got.skipped;
        expect(got.outcome).toEqual(expected);
      }
    }
    // (Fewer than in logs uncut: every piece of a cut line is handed over, and one line in seven is cut here.)
    expect(skipped).toBeGreaterThan(2000);
  });

  it("a section without a timestamp of its own takes the latest one, from skipped noise", () => {
    const text = `${NOISE}\n2019-02-02 12:00:00 the latest\nno stamp here\n${NOISE.replace(/^\d{4}-\S+ \S+ /gm, "")}\n[{<0.1.0>,12,[current_function]}]\n`;
    const expected = sameEverywhere(text, 1);
    expect("snapshots" in expected && expected.snapshots.map((s) => [s.sourceKind, s.startedAt])).toEqual([["recon_proc_count", "2019-02-02T12:00:00.000Z"]]);
  });

  it("recon's output after noise lines: a `[` alone opens it only after the prompt", () => {
    const iex = ["[", "  {#PID<0.2971.0>, 7,", "   [Supavisor.MetricsCleaner, {:current_function, {:gen_server, :loop, 7}}]}", "]"].join("\n");
    const text = `${NOISE}\niex(ejabberd@host)1> :recon.proc_count(:message_queue_len, 1)\n${NOISE.replace(/\[INFO\]/g, "info")}\n${iex}\n${NOISE}\n[INFO] done\n`;
    const expected = sameEverywhere(text, 2);
    expect("snapshots" in expected && expected.snapshots.map((s) => [s.sourceKind, s.node, s.inspected?.queueLen])).toEqual([["recon_proc_count", "ejabberd@host", 7]]);
  });

  it("etop's node: named by the first line after the rule when the header is at most 8 lines below", () => {
    const screen = (blank: number, gap: number) =>
      [
        "========================================================================================",
        ...Array.from({ length: blank }, () => ""),
        " 'ejabberd@im-1'                                                          22:55:00",
        ...Array.from({ length: gap }, (_, i) => `  noise ${i}`),
        "Pid            Name or Initial Func    Time    Reds  Memory    MsgQ Current Function",
        "----------------------------------------------------------------------------------------",
        "<0.123.0>      mod_muc_room:init/1      '-'   12345    4984    1204 gen:do_call/4",
        "========================================================================================",
      ].join("\n");
    for (const [blank, gap] of [[0, 0], [0, 6], [0, 7], [6, 0], [7, 0], [5, 1], [0, 30]] as const) {
      const text = `${NOISE}\n${screen(blank, gap)}\n${NOISE}\n`;
      const expected = sameEverywhere(text, blank * 100 + gap);
      // The header is at rule + blank + gap + 2.
      expect("snapshots" in expected && expected.snapshots.map((s) => s.node)).toEqual([blank + gap + 2 <= 8 ? "ejabberd@im-1" : null]);
    }
  });

  it("etop's node in a screen printed behind the shell's prompt: the rule behind one still opens the node's window", () => {
    const P = "(ejabberd@im-1)2> ";
    const screen = [
      `${P}========================================================================================`,
      `${P} 'ejabberd@im-1'                                                          22:55:00`,
      "  noise 0",
      `${P}Pid            Name or Initial Func    Time    Reds  Memory    MsgQ Current Function`,
      `${P}----------------------------------------------------------------------------------------`,
      `${P}<0.123.0>      mod_muc_room:init/1      '-'   12345    4984    1204 gen:do_call/4`,
    ].join("\n");
    const expected = sameEverywhere(`${NOISE}\n${screen}\n${NOISE}\n`, 7);
    expect("snapshots" in expected && expected.snapshots.map((s) => [s.sourceKind, s.node, s.inspected?.queueLen])).toEqual([["etop", "ejabberd@im-1", 1204]]);
  });

  it("ejabberd 18.x's crash.log: a `Killed` line after its `=ERROR REPORT====` line, between noise lines", () => {
    const crash = ["2018-12-28 13:26:55 =ERROR REPORT====", "Killed 29 process(es) consuming more than 19715 message(s) each", "", "2018-12-28 13:27:26 =ERROR REPORT====", "Killed 4 process(es) consuming more than 4841 message(s) each"].join("\n");
    const expected = sameEverywhere(`${NOISE}\n${crash}\n${NOISE}\n`, 8);
    expect("snapshots" in expected && expected.snapshots.map((s) => [s.sourceKind, s.killed?.count, s.startedAt])).toEqual([
      ["ejabberd_system_monitor", 29, "2018-12-28T13:26:55.000Z"],
      ["ejabberd_system_monitor", 4, "2018-12-28T13:27:26.000Z"],
    ]);
  });

  it("ejabberd 18.x's ejabberd.log: the watchdog's lines without a location, between noise lines", () => {
    const log = [
      "2018-12-28 13:26:25.104 [warning] <0.86.0> The system is overloaded with 600000 messages queued by 1 process(es) (1%) from the following applications: ejabberd (600000 msgs); the top processes are:",
      "** <0.1.0>: msgs = 600000, memory = 7120, initial_call = xmpp_stream_in:init/1, current_function = gen:do_call/4, ancestors = [ejabberd_c2s_sup,ejabberd_sup,<0.110.0>], application = ejabberd",
      "2018-12-28 13:26:25.111 [error] <0.86.0> Killed 1 process(es) consuming more than 600000 message(s) each",
      "2018-12-28 13:27:00.000 [warning] <0.86.0> Process <0.588.0> consumes more than 5% of OS memory (msgs = 9618520, memory = 1, initial_call = mod_muc_room:init/1, current_function = jid:remove_resource/1, ancestors = [], application = ejabberd)",
    ].join("\n");
    const expected = sameEverywhere(`${NOISE}\n${log}\n${NOISE}\n`, 9);
    expect("snapshots" in expected && expected.snapshots.map((s) => [s.inspected?.pid, s.killed?.count ?? null])).toEqual([
      ["<0.1.0>", 1],
      ["<0.588.0>", null],
    ]);
  });
});

describe("the readers' pieces", () => {
  it("each literal contains its piece", () => {
    for (const [, literal, piece] of READER_PIECES) expect(literal).toContain(piece);
  });

  it("no piece is a word CI output is full of: `Processing …` lines are skipped, as noise", () => {
    const lines = Array.from({ length: 300 }, (_, i) => `Processing ${i} of 300 (src/ejabberd_c2s.erl)`).join("\n");
    const skippedIn = (text: string) => streamed([bytesOf(text)]).skipped;
    expect(skippedIn(`${NOISE}\n${lines}\n${NOISE}\n`) - skippedIn(`${NOISE}\n${NOISE}\n`)).toBe(300);
  });

  /** The snapshot scanner's view of a line. */
  function view(line: string, lineNo: number): LineView {
    const ts = timestampPrefix(line, 0, line.length);
    const text = line.slice(ts.length);
    const q = text.search(/[^ \t]/);
    return { text, lineNo, printed: lineNo, offset: 0, endOffset: 0, prefix: ts.length, stamp: ts.stamp, stamps: ts.layers, first: q === -1 ? -1 : text.charCodeAt(q) };
  }

  it("every line a reader in its waiting state would start a section at contains a piece", () => {
    const pieces = READER_PIECES.map(([, , p]) => p);
    const dir = join(__dirname, "__fixtures__");
    const texts = readdirSync(dir).map((f) => readFileSync(join(dir, f), "utf8"));
    for (let seed = 1; seed <= 20; seed++) texts.push(randomLog(seed, { formats: true }).text);
    let starts = 0;
    for (const text of texts) {
      text.split(/\r?\n/).forEach((line, i) => {
        // Fresh readers: no prompt seen (recon), no rule just above (etop): the states the scanner skips in.
        const readers: FormatReader[] = [createEjabberdReader(), createReconReader(), createSystemMonitorReader(), createEtopReader()];
        for (const reader of readers) {
          if (reader.starts(view(line, i + 1))) {
            starts++;
            expect(pieces.some((p) => line.includes(p)), `${reader.kind}: ${line}`).toBe(true);
          }
        }
      });
    }
    expect(starts).toBeGreaterThan(50);
  });
});
