import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const FIX = join(__dirname, "__fixtures__");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

function analyze(...args: string[]) {
  return analyzeWithInput(undefined, ...args);
}

function analyzeWithInput(input: string | undefined, ...args: string[]) {
  const r = spawnSync(TSX, [join(ROOT, "scripts", "analyze.ts"), ...args], { cwd: ROOT, encoding: "utf8", input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run analyze", () => {
  it("--json prints the contract shape for each run, exit 0", () => {
    const r = analyze(join(FIX, "ProductCI_ejabberd_mqueue_random_monitor_25877.log"), join(FIX, "two-runs.log"), "--json", "--threshold", "10");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { builds: Record<string, unknown>[] };
    expect(out.builds).toHaveLength(3);
    const b = out.builds[0]!;
    expect(Object.keys(b)).toEqual(expect.arrayContaining(["source", "job", "number", "startedAt", "url", "top", "inspected", "incident", "culprit"]));
    expect(b).toMatchObject({
      source: "ProductCI_ejabberd_mqueue_random_monitor_25877.log",
      job: "ProductCI_ejabberd_mqueue_random_monitor",
      number: 25877,
      startedAt: "2015-08-22T16:34:01.000Z",
      url: "http://ci.easemob.com/job/ProductCI_ejabberd_mqueue_random_monitor/25877/",
      inspected: { pid: "<6562.25870.402>", queueLen: 3102, samples: 3 },
      incident: true,
      culprit: { class: "muc_room", subject: "snh-48#pocket48_76366191207121304@conference.easemob.com" },
    });
    expect((b.top as unknown[])[0]).toMatchObject({ pid: "<6562.25870.402>", queueLen: 3102 });
    // --threshold 10: the healthy second run of two-runs.log (queue 12) becomes an incident.
    expect(out.builds[2]).toMatchObject({ number: 27142, incident: true, culprit: { class: "gen_call" } });
  });

  it("an unreadable log: file:line:column on stderr, exit 1; the text report for the rest", () => {
    const bad = join(FIX, "unparseable-term.log");
    const none = join(FIX, "no-monitor-output.log");
    const r = analyze(bad, none, join(FIX, "ProductCI_ejabberd_mqueue_random_monitor_27140.log"));
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")).toEqual([
      `${bad}:9:44: cannot read the top list: expected ',' or '}' in tuple but found '37'`,
      `${none}:1:1: no monitor output in 16 lines (no 'processes sorted by queue_len desc:' or top list)`,
      "",
    ]);
    expect(r.stdout).toContain("INCIDENT, dead <6562.26699.4254>");
    expect(r.stdout).toContain("1 run, 1 incident");
  });

  it("a file it cannot open: file:1:1 with the system's reason, exit 1; the other files still read", () => {
    const missing = join(FIX, "no-such-build.log");
    const r = analyze(missing, FIX, join(FIX, "ProductCI_ejabberd_mqueue_random_monitor_27140.log"));
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")).toEqual([`${missing}:1:1: cannot read file (ENOENT)`, `${FIX}:1:1: cannot read file (EISDIR)`, ""]);
    expect(r.stdout).toContain("1 run, 1 incident");
  });

  it("a log that does not read is closed: no 'Closing file descriptor … on garbage collection' (DEP0137) on stderr", () => {
    // The bad log's file stayed open once its scan failed; reading the logs after it made garbage enough for
    // the collector to close it, with Node's warnings (on the old code for every run of this test, measured 40 of 40).
    const bad = join(ROOT, "e2e", "data", "bad-term.log");
    const good = readdirSync(FIX).filter((f) => f.startsWith("ProductCI_")).map((f) => join(FIX, f));
    expect(good.length).toBeGreaterThan(20);
    const r = analyze("--json", bad, ...good);
    expect(r.stderr).not.toContain("Closing file descriptor");
    expect(r.stderr).not.toContain("DEP0137");
    expect(r.stderr).toBe(`${bad}:9:44: cannot read the top list: expected ',' or '}' in tuple but found '37'\n`);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { builds: unknown[] }).builds.length).toBeGreaterThanOrEqual(good.length);
  });

  it("--utc-offset places the times a log prints without a zone; a bad one is a usage error", () => {
    const log = "2015-08-23 00:34:01 monitor: connecting\nprocesses sorted by queue_len desc:\n [{<0.10.0>,{message_queue_len,500}}]\n";
    const startedAt = (...args: string[]) => (JSON.parse(analyzeWithInput(log, "--json", "-", ...args).stdout) as { builds: { startedAt: string }[] }).builds[0]?.startedAt;
    expect(startedAt()).toBe("2015-08-23T00:34:01.000Z");
    expect(startedAt("--utc-offset", "+08:00")).toBe("2015-08-22T16:34:01.000Z");
    expect(startedAt("--utc-offset=-0530")).toBe("2015-08-23T06:04:01.000Z");
    // A time with its own zone keeps it.
    const zoned = analyzeWithInput(log.replace("00:34:01 ", "00:34:01 +0200 "), "--json", "--utc-offset", "+08:00", "-");
    expect((JSON.parse(zoned.stdout) as { builds: { startedAt: string }[] }).builds[0]?.startedAt).toBe("2015-08-22T22:34:01.000Z");
    const bad = analyzeWithInput(log, "--utc-offset", "CST", "-");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--utc-offset wants a UTC offset such as +08:00, -05:30 or Z, got CST");
  });

  it("a build number twice in one log is reported, with a warning that an upload refuses it", () => {
    const log = readFileSync(join(FIX, "ProductCI_ejabberd_mqueue_random_monitor_25877.log"), "utf8");
    const lines = log.split("\n").length - 1;
    const r = analyzeWithInput(log + log, "--json", "-");
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { builds: unknown[] }).builds).toHaveLength(2);
    expect(r.stderr).toMatch(new RegExp(`^-:\\d+: warning: build ProductCI_ejabberd_mqueue_random_monitor #25877 appears twice in this log \\(first at line \\d+\\); an upload refuses it \\(409\\)\n$`));
    const [at, first] = /^-:(\d+):.*line (\d+)\)/.exec(r.stderr)?.slice(1).map(Number) ?? [];
    expect((at ?? 0) - (first ?? 0)).toBe(lines);
    // One run each: nothing to say.
    expect(analyzeWithInput(log, "-").stderr).toBe("");
  });

  it("- reads standard input, alongside files; an unreadable one reports as -:line:column", () => {
    const log = readFileSync(join(FIX, "ProductCI_ejabberd_mqueue_random_monitor_25877.log"), "utf8");
    const r = analyzeWithInput(log, "--json", "-", join(FIX, "ProductCI_ejabberd_mqueue_random_monitor_27140.log"));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const builds = (JSON.parse(r.stdout) as { builds: Record<string, unknown>[] }).builds;
    expect(builds.map((b) => [b.source, b.number])).toEqual([
      ["-", 25877],
      ["ProductCI_ejabberd_mqueue_random_monitor_27140.log", 27140],
    ]);
    expect(builds[0]).toMatchObject({ culprit: { class: "muc_room", subject: "snh-48#pocket48_76366191207121304@conference.easemob.com" } });

    const bad = analyzeWithInput("no monitor here\n", "-");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("-:1:1: no monitor output in 1 line (no 'processes sorted by queue_len desc:' or top list)\n");
    expect(analyzeWithInput("", "-", "-").code).toBe(2);
  });

  it("scripts/generate-log.ts writes a seeded log that analyze reads", () => {
    const dir = mkdtempSync(join(tmpdir(), "gen-"));
    const out = join(dir, "gen.log");
    const g = spawnSync(TSX, [join(ROOT, "scripts", "generate-log.ts"), "--size", "64KB", "--seed", "3", "--out", out], { cwd: ROOT, encoding: "utf8" });
    expect(g.stderr).toBe("");
    expect(g.status).toBe(0);
    expect(statSync(out).size).toBeGreaterThanOrEqual(64 * 1024);
    expect(readFileSync(out, "utf8")).toContain("processes sorted by queue_len desc:");
    const r = analyze(out, "--json");
    expect(r.code).toBe(0);
    const builds = (JSON.parse(r.stdout) as { builds: { culprit: unknown }[] }).builds;
    expect(builds.length).toBeGreaterThan(3);
  });
  it("`npm run analyze -- FILE --json`, as the issue writes it (no -s): standard output is the JSON alone, exit 0 and 1", () => {
    // npm prints its `> pkg analyze` banner on stdout, and an `npm error` block for exit 1, unless
    // silent: the project's .npmrc sets loglevel=silent (npm's -s).
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (/^npm_config_(json|loglevel|silent)$/i.test(k)) delete env[k];
    const npmAnalyze = (...args: string[]) => spawnSync("npm", ["run", "analyze", "--", ...args], { cwd: ROOT, encoding: "utf8", env });
    const ok = npmAnalyze(join(FIX, "ProductCI_ejabberd_mqueue_random_monitor_27140.log"), "--json");
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ builds: [{ number: 27140, culprit: { class: "dead" } }] });
    expect(ok.stderr).toBe("");
    const none = join(FIX, "no-monitor-output.log");
    const bad = npmAnalyze(none, "--json");
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ builds: [], errors: [expect.stringContaining(`${none}:1:1: no monitor output`)] });
    expect(bad.stderr.split("\n")).toEqual([expect.stringContaining(`${none}:1:1: no monitor output`), ""]);
  });
});
