// scripts/generate-log.ts's command line: --help lists the options it takes,
// anything else it does not know is refused (exit 2) before a byte of log is
// written. Writing a log: lib/monitor-log/cli.test.ts.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyRun } from "../lib/classify";
import type { GeneratedBuild } from "../lib/monitor-log/generate";
import { scanLog } from "../lib/monitor-log/scan";

const ROOT = join(__dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

function generate(...args: string[]) {
  const r = spawnSync(TSX, [join(ROOT, "scripts", "generate-log.ts"), ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("scripts/generate-log.ts", () => {
  it.each(["--help", "-h"])("%s prints the usage with every option, exit 0, no log", (flag) => {
    const r = generate(flag);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^usage: /);
    for (const option of ["--size", "--builds", "--seed", "--job", "--first-build", "--start", "--every", "--out", "--truth", "--help"]) expect(r.stdout).toContain(option);
    expect(r.stdout).not.toContain("processes sorted by queue_len desc:");
    expect(r.stdout.length).toBeLessThan(2500);
  });

  it.each([
    [["--bogus"], /unknown option --bogus/],
    [["--size", "64KB", "-x"], /unknown option -x/],
    [["extra"], /unexpected argument extra/],
    [["--size"], /--size wants a value/],
    [["--out"], /--out wants a value/],
    [["--size", "lots"], /--size wants e\.g\. 100MB, got lots/],
    [["--seed", "one"], /--seed wants an integer, got one/],
    [["--builds", "0"], /--builds wants a whole number of at least 1, got 0/],
    [["--first-build", "-1"], /--first-build wants a whole number of at least 0, got -1/],
    [["--start", "yesterday"], /--start wants an ISO date or date-time/],
    [["--every", "15"], /--every wants a duration of at least a second/],
    [["--every", "0s"], /--every wants a duration of at least a second/],
  ])("%j: the reason and the usage on stderr, exit 2, no log", (args, reason) => {
    const r = generate(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(reason);
    expect(r.stderr).toContain("usage: ");
  });

  // An operator's review: realistic history (this week's, a job of one's own, with what each build
  // was) took a script of one's own around the generator.
  it("writes N builds of a job from a start time, one every interval, and what each was to --truth", () => {
    const dir = mkdtempSync(join(tmpdir(), "generate-log-"));
    try {
      const truth = join(dir, "truth.jsonl");
      const r = generate("--builds", "4", "--job", "prod", "--first-build", "100", "--start", "2026-11-30T08:00:00Z", "--every", "15m", "--seed", "3", "--truth", truth);
      expect(r.code).toBe(0);
      const runs = scanLog(r.stdout);
      const lines = readFileSync(truth, "utf8").trimEnd().split("\n").map((line) => JSON.parse(line) as GeneratedBuild);
      expect(runs.map((run) => [run.job, run.number, run.startedAt])).toEqual([
        ["prod", 100, "2026-11-30T08:00:00.007Z"],
        ["prod", 101, "2026-11-30T08:15:00.000Z"],
        ["prod", 102, "2026-11-30T08:30:00.007Z"],
        ["prod", 103, "2026-11-30T08:45:00.000Z"],
      ]);
      expect(lines.map((b) => [b.job, b.number, b.startedAt])).toEqual(runs.map((run) => [run.job, run.number, run.startedAt]));
      runs.forEach((run, i) => {
        const verdict = classifyRun(run);
        expect([verdict?.class, verdict?.subject, verdict?.incident]).toEqual([lines[i]!.class, lines[i]!.subject, lines[i]!.incident]);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // A review: a --start without a zone was read in the machine's zone; a --truth file that cannot be
  // written failed with a stack trace after the whole log was written.
  it("a --start without a zone is UTC, whatever the machine's; a file it cannot write is said first, exit 1, no log", () => {
    const dir = mkdtempSync(join(tmpdir(), "generate-log-"));
    try {
      const truth = join(dir, "truth.jsonl");
      const r = spawnSync(TSX, [join(ROOT, "scripts", "generate-log.ts"), "--builds", "1", "--first-build", "2", "--start", "2026-11-30T08:00:00", "--truth", truth], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, TZ: "Asia/Shanghai" },
      });
      expect(r.status, r.stderr).toBe(0);
      expect((JSON.parse(readFileSync(truth, "utf8")) as GeneratedBuild).startedAt).toBe("2026-11-30T08:00:00.007Z");
      const bad = generate("--builds", "1", "--truth", join(dir, "no-such-dir", "t.jsonl"));
      expect(bad.code).toBe(1);
      expect(bad.stdout).toBe("");
      expect(bad.stderr).toMatch(/^--truth .*no-such-dir\/t\.jsonl: cannot write it \(ENOENT/);
      expect(bad.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes --name=value too", () => {
    const r = generate("--size=2KB", "--seed=5");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("processes sorted by queue_len desc:");
    expect(r.stdout).toBe(generate("--size", "2KB", "--seed", "5").stdout);
  });
});
