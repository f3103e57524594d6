// `npm run analyze` on gzip: a .gz console log (as CI archives keep them, and
// as uploads accept) reads as the plain log does, from a file or from `-`;
// gzip is told by its magic bytes (1f 8b), not by the file name. Runs the CLI
// as lib/monitor-log/cli.test.ts does.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const FIX = join(ROOT, "lib", "monitor-log", "__fixtures__");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const LOG = "ProductCI_ejabberd_mqueue_random_monitor_25877.log";

function analyze(input: Buffer | undefined, ...args: string[]) {
  const r = spawnSync(TSX, [join(ROOT, "scripts", "analyze.ts"), ...args], { cwd: ROOT, encoding: "utf8", input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const buildsOf = (stdout: string) => (JSON.parse(stdout) as { builds: Record<string, unknown>[] }).builds;
const withoutSource = (build: Record<string, unknown>) => Object.fromEntries(Object.entries(build).filter(([key]) => key !== "source"));

describe("npm run analyze on gzip", () => {
  const dir = mkdtempSync(join(tmpdir(), "analyze-gz-"));
  const plain = readFileSync(join(FIX, LOG));
  const gz = join(dir, `${LOG}.gz`);
  writeFileSync(gz, gzipSync(plain));
  // Gzip with no .gz in its name, and a log spread over two gzip members (as `cat a.gz b.gz` makes).
  const unnamed = join(dir, "console.txt");
  writeFileSync(unnamed, gzipSync(plain));
  const twoRuns = readFileSync(join(FIX, "two-runs.log"));
  const members = join(dir, "two-members.log.gz");
  const cut = twoRuns.indexOf("\n", twoRuns.length >> 1) + 1;
  writeFileSync(members, Buffer.concat([gzipSync(twoRuns.subarray(0, cut)), gzipSync(twoRuns.subarray(cut))]));

  it("a gzip file reports as the plain file does, exit 0", () => {
    const expected = buildsOf(analyze(undefined, "--json", join(FIX, LOG)).stdout);
    for (const file of [gz, unnamed]) {
      const r = analyze(undefined, "--json", file);
      expect(r.stderr, file).toBe("");
      expect(r.code, file).toBe(0);
      const builds = buildsOf(r.stdout);
      expect(builds.map(withoutSource), file).toEqual(expected.map(withoutSource));
      expect(builds[0]).toMatchObject({ number: 25877, culprit: { class: "muc_room", subject: "snh-48#pocket48_76366191207121304@conference.easemob.com" } });
    }
    const r = analyze(undefined, "--json", members);
    expect(r.code).toBe(0);
    expect(buildsOf(r.stdout).map((b) => b.number)).toEqual(buildsOf(analyze(undefined, "--json", join(FIX, "two-runs.log")).stdout).map((b) => b.number));
  });

  it("- reads gzip from standard input", () => {
    const r = analyze(gzipSync(plain), "--json", "-");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(buildsOf(r.stdout)).toMatchObject([{ source: "-", number: 25877, incident: true, culprit: { class: "muc_room" } }]);
  });

  it("a broken gzip: file:1:1 saying so, exit 1; the other files still read", () => {
    const truncated = join(dir, "truncated.log.gz");
    writeFileSync(truncated, gzipSync(plain).subarray(0, 200));
    const garbage = join(dir, "garbage.log.gz");
    writeFileSync(garbage, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08]));
    const r = analyze(undefined, truncated, garbage, join(FIX, "ProductCI_ejabberd_mqueue_random_monitor_27140.log"));
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n");
    expect(lines[0]).toMatch(new RegExp(`^${truncated}:1:1: not a valid gzip stream \\(.+\\)$`));
    expect(lines[1]).toMatch(new RegExp(`^${garbage}:1:1: not a valid gzip stream \\(.+\\)$`));
    expect(lines.slice(2)).toEqual([""]);
    expect(r.stdout).toContain("1 run, 1 incident");
  });
});
