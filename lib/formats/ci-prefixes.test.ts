// Consoles as CI systems store them: every line of a log behind the prefix one CI writes (times,
// console notes, colour codes), read from a string and streamed in small byte chunks (the upload
// path, noise skipping included), gives the snapshots the plain log gives: same builds, top lists,
// inspected processes and samples; the start time is the prefix's own where it carries one.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cutPieces } from "@/lib/monitor-log/testing/gitlab-cuts";
import { fixture, seedFixtureNames } from "@/lib/testing/api";
import { formatSnapshotContent, snapshotContent } from "./testing/snapshot-content";
import { scanSnapshots, type Snapshot, streamSnapshots } from "./index";

const ESC = "\u001b";
const NOTE = `${ESC}[8mha:////4AAAAB+LCAAAAAAAAP9b85aBtbiIQTGjNKU4P08vOT+vOD8nVc83PyU/x8M1LyS8qzUtxzs8rzs8rCS4pyszLtlJSKEktLilWsgrNy87ILy1Rys/JSS1CNrhB8hEABfUfVEwAAAA=${ESC}[0m`;
/** A coloured line's codes, as a job's own output writes them around a line. */
const COLOUR = [`${ESC}[32;1m`, `${ESC}[0;m`] as const;
const at = (k: number) => new Date(Date.UTC(2026, 11, 4, 10, 0, k, 123)).toISOString();

/** A stamp of another year, inside another CI's: the innermost is the one a run's time comes from. */
const inner = (k: number) => new Date(Date.UTC(2025, 5, 1, 8, 0, k, 456)).toISOString();

/**
 * GitLab's runner cuts a line where a read of the job's output ends and writes the rest behind
 * `+`: line `k` longer than `width(k)` characters goes in pieces of that many, the first behind
 * the style's prefix, the others behind `rest(k)`. Widths from 9 to 60 cut the fixtures' lines
 * everywhere: in quoted binaries and atoms, numbers, pids, `message_queue_len` and marker lines
 * (the test below checks that they did).
 */
type Cut = { width: (k: number) => number; rest: (k: number) => string; colour?: readonly [string, string] };
const cutWidth = (k: number) => 9 + ((k * 31) % 52);

/** Each CI's prefix for line `k`, and whether it gives runs their start time (of `year`, default 2026; or the log's own). */
const STYLES: { name: string; prefix: (k: number) => string; suffix?: string; stamp: boolean; year?: string; cut?: Cut }[] = [
  { name: "Jenkins console notes on every line (the raw build log)", prefix: () => NOTE, stamp: false },
  { name: "Jenkins AnsiColor: every line coloured", prefix: () => `${ESC}[32m`, suffix: `${ESC}[0m`, stamp: false },
  { name: "Jenkins Timestamper, clock time", prefix: (k) => `[10:00:${String(k % 60).padStart(2, "0")}] `, stamp: false },
  { name: "Jenkins Timestamper, elapsed time", prefix: (k) => `[0:00:${String(k % 60).padStart(2, "0")}.123] `, stamp: false },
  { name: "GitLab runner timestamps (FF_TIMESTAMPS)", prefix: (k) => `${at(k).replace(".123Z", ".123456Z")} 00O `, stamp: true },
  {
    name: "GitLab runner timestamps, long lines cut (+)",
    prefix: (k) => `${at(k).replace(".123Z", ".123456Z")} 00O `,
    cut: { width: cutWidth, rest: (k) => `${at(k).replace(".123Z", ".223456Z")} 00O+` },
    stamp: true,
  },
  {
    // The colour codes are the line's own text to the runner: a cut may fall inside one, and
    // its `+` piece starts with the rest of it (`…},ESC[0` then `…00O+;m`).
    name: "GitLab runner timestamps, coloured lines cut inside their colour codes (+)",
    prefix: (k) => `${at(k).replace(".123Z", ".123456Z")} 00O `,
    cut: { width: (k) => 1 + ((k * 5) % 12), rest: (k) => `${at(k).replace(".123Z", ".223456Z")} 00O+`, colour: COLOUR },
    stamp: true,
  },
  { name: "GitLab erase codes", prefix: () => `${ESC}[0K`, stamp: false },
  { name: "GitHub Actions", prefix: (k) => `${at(k).replace(".123Z", ".1234567Z")} `, stamp: true },
  { name: "Buildkite timestamp marks", prefix: (k) => `${ESC}_bk;t=${1764842400000 + k}\u0007`, stamp: false },
  { name: "a console note, then a Timestamper stamp", prefix: (k) => `${NOTE}[${at(k)}] `, stamp: true },
  // Two CI systems' stamps, outer first (a Jenkins console shown by another job, `docker logs -t`).
  { name: "GitHub Actions over Jenkins Timestamper", prefix: (k) => `${at(k).replace(".123Z", ".1234567Z")} [${inner(k)}] `, stamp: true, year: "2025" },
  { name: "docker logs -t over GitLab timestamps", prefix: (k) => `${at(k).replace(".123Z", ".123456789Z")} ${inner(k).replace(".456Z", ".456789Z")} 00O `, stamp: true, year: "2025" },
  {
    name: "docker logs -t over GitLab timestamps, long lines cut (+)",
    prefix: (k) => `${at(k).replace(".123Z", ".123456789Z")} ${inner(k).replace(".456Z", ".456789Z")} 01E `,
    cut: { width: (k) => cutWidth(k + 3), rest: (k) => `${at(k).replace(".123Z", ".223456789Z")} ${inner(k).replace(".456Z", ".556789Z")} 01E+` },
    stamp: true,
    year: "2025",
  },
  { name: "GitHub Actions over a coloured Timestamper line", prefix: (k) => `${at(k).replace(".123Z", ".1234567Z")} ${ESC}[32m[${inner(k)}] `, suffix: `${ESC}[0m`, stamp: true, year: "2025" },
];

/** The plain logs' own stamps (`[…Z] `, `2015-… +0800 `) are removed first: one prefix per line, the CI's. */
function plain(text: string): string {
  return text.replace(/^\[\d{4}-\d\d-\d\dT[^\]]*\] /gm, "");
}

function styled(text: string, style: (typeof STYLES)[number]): string {
  const lines = text.split("\n");
  return lines
    .map((line, k) => {
      if (line === "" && k === lines.length - 1) return line;
      if (!style.cut) return `${style.prefix(k)}${line}${style.suffix ?? ""}`;
      const [before, after] = style.cut.colour ?? ["", ""];
      const [first, ...rest] = cutPieces(`${before}${line}${after}`, style.cut.width(k));
      return [`${style.prefix(k)}${first}`, ...rest.map((piece) => `${style.cut!.rest(k)}${piece}`)].join("\n");
    })
    .join("\n");
}

async function streamed(text: string, source: string): Promise<Snapshot[]> {
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += 97) chunks.push(bytes.subarray(i, i + 97));
  const out: Snapshot[] = [];
  for await (const s of streamSnapshots(chunks, { source })) out.push(s);
  return out;
}

const NAMES = seedFixtureNames().slice(0, 6);

/** What a cut should fall inside of, somewhere in these logs. */
const CUT_INSIDE: [string, RegExp][] = [
  ["binary", /<<"(?:[^"\\]|\\.)*">>/g],
  ["atom", /'(?:[^'\\]|\\.)*'/g],
  ["number", /\d+/g],
  ["pid", /<\d+\.\d+\.\d+>/g],
  ["message_queue_len", /message_queue_len/g],
  ["header", /processes sorted by queue_len desc:/g],
  ["inspect", /message queue len of pid.*/g],
  ["samples", /message in pid.*/g],
];

describe("GitLab's cuts in these logs", () => {
  it("fall inside quoted binaries and atoms, numbers, pids, message_queue_len and marker lines", () => {
    const seen = new Set<string>();
    for (const name of NAMES) {
      plain(fixture(name))
        .split("\n")
        .forEach((line, k) => {
          let at = 0;
          for (const piece of cutPieces(line, cutWidth(k)).slice(0, -1)) {
            at += piece.length;
            for (const [what, re] of CUT_INSIDE) for (const m of line.matchAll(re)) if (m.index < at && at < m.index + m[0].length) seen.add(what);
          }
        });
    }
    expect([...seen].sort()).toEqual(CUT_INSIDE.map(([what]) => what).sort());
  });

  it("fall inside the colour codes before and after coloured lines, after each of their characters", () => {
    const style = STYLES.find((s) => s.cut?.colour)!;
    const [before, after] = COLOUR;
    const inBefore = new Set<number>();
    const inAfter = new Set<number>();
    for (const name of NAMES) {
      plain(fixture(name))
        .split("\n")
        .forEach((line, k) => {
          const coloured = `${before}${line}${after}`;
          let at = 0;
          for (const piece of cutPieces(coloured, style.cut!.width(k)).slice(0, -1)) {
            at += piece.length;
            if (at < before.length) inBefore.add(at);
            if (at > coloured.length - after.length) inAfter.add(at - (coloured.length - after.length));
          }
        });
    }
    expect([...inBefore].sort()).toEqual([1, 2, 3, 4, 5, 6].slice(0, before.length - 1));
    expect([...inAfter].sort()).toEqual([1, 2, 3, 4, 5, 6].slice(0, after.length - 1));
  });
});

describe.each(STYLES)("$name", (style) => {
  it.each(NAMES)("%s reads as the plain log", async (name) => {
    const text = plain(fixture(name));
    const expected = scanSnapshots(text, { source: name });
    expect(expected.length).toBeGreaterThan(0);
    const log = styled(text, style);
    for (const got of [scanSnapshots(log, { source: name }), await streamed(log, name)]) {
      expect(got.map(snapshotContent)).toEqual(expected.map(snapshotContent));
      // A prefix with a time gives each run its first stamped line's time; others leave the log's own.
      if (style.stamp) for (const s of got) expect(s.startedAt?.slice(0, 4)).toBe(style.year ?? "2026");
      else expect(got.map((s) => s.startedAt)).toEqual(expected.map((s) => s.startedAt));
    }
  });
});

// The other formats' fixtures (ejabberd's watchdog, recon, system_monitor, etop) under each CI's
// prefix: a line's own timestamp (ejabberd's, system_monitor's) then comes after the CI's, and
// the lines that go on a warning have the CI's alone.
const FORMAT_FIXTURES = readdirSync(join(__dirname, "__fixtures__")).sort();

describe.each(STYLES)("other formats: $name", (style) => {
  it.each(FORMAT_FIXTURES)("%s reads as the plain log", async (name) => {
    const text = readFileSync(join(__dirname, "__fixtures__", name), "utf8");
    const expected = scanSnapshots(text, { source: name }).map(formatSnapshotContent);
    expect(expected.length).toBeGreaterThan(0);
    const log = styled(text, style);
    for (const got of [scanSnapshots(log, { source: name }), await streamed(log, name)]) expect(got.map(formatSnapshotContent)).toEqual(expected);
  });
});

describe("other formats in a console saved as HTML (`&lt;0.86.0&gt;`, `&#39;node@host&#39;`)", () => {
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  it.each(FORMAT_FIXTURES)("%s reads as the plain log", async (name) => {
    const text = readFileSync(join(__dirname, "__fixtures__", name), "utf8");
    const expected = scanSnapshots(text, { source: name }).map(formatSnapshotContent);
    const log = escape(text);
    expect(log).not.toBe(text);
    for (const got of [scanSnapshots(log, { source: name }), await streamed(log, name)]) expect(got.map(formatSnapshotContent)).toEqual(expected);
  });
});
