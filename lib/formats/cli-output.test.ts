// `npm run analyze` as an operator runs it: its output piped into a slower reader (jq), from
// another folder, with the dashboard's settings in the environment, on logs whose text holds
// terminal controls, and its own help. Six of these failed on the CLI before this file (the report
// held whole and written at once, then process.exit()); the `| head` one and the JSON text's shape
// held then too, and say the streamed output keeps them.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readEnv } from "../env";

const ROOT = join(__dirname, "..", "..");
const FIX = join(ROOT, "lib", "monitor-log", "__fixtures__");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const ANALYZE = join(ROOT, "scripts", "analyze.ts");
const LOG_25877 = join(FIX, "ProductCI_ejabberd_mqueue_random_monitor_25877.log");

type Run = { code: number | null; stdout: string; stderr: string };

function analyze(args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}): Run {
  const r = spawnSync(TSX, [ANALYZE, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: "utf8",
    input: options.input,
    env: { ...process.env, INCIDENT_THRESHOLD: "", LOG_UTC_OFFSET: "", ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A shell line's output and exit codes (`PIPESTATUS`). */
function shell(line: string): { stdout: string; codes: number[] } {
  const r = spawnSync("bash", ["-c", `${line}; echo "codes=\${PIPESTATUS[*]}"`], { cwd: ROOT, encoding: "utf8" });
  const lines = r.stdout.trimEnd().split("\n");
  const codes = (lines.pop() ?? "").replace("codes=", "").split(" ").map(Number);
  return { stdout: lines.join("\n"), codes };
}

describe("npm run analyze: output and environment", () => {
  let dir = "";
  let big = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "analyze-out-"));
    big = join(dir, "big.log");
    const g = spawnSync(TSX, [join(ROOT, "scripts", "generate-log.ts"), "--size", "1MB", "--seed", "5", "--out", big], { cwd: ROOT, encoding: "utf8" });
    expect(g.status, g.stderr).toBe(0);
  });

  it("a report larger than a pipe's buffer reaches a reader that starts late, whole, in both modes", () => {
    // The reader sleeps before it reads: the CLI is done writing first. process.exit() cut it at 64 KiB.
    const json = shell(`${TSX} ${ANALYZE} --json ${big} | (sleep 1; cat) > ${dir}/piped.json`);
    expect(json.codes).toEqual([0, 0]);
    const text = readFileSync(`${dir}/piped.json`, "utf8");
    expect(text.length).toBeGreaterThan(100_000);
    const builds = (JSON.parse(text) as { builds: unknown[] }).builds;
    expect(builds.length).toBeGreaterThan(50);
    // The same as written to a file.
    const direct = analyze(["--json", big]);
    expect(text).toBe(direct.stdout);

    const report = shell(`${TSX} ${ANALYZE} ${big} | (sleep 1; cat) | tail -1`);
    expect(report.stdout).toBe(`${builds.length} runs, ${(JSON.parse(text) as { builds: { incident: boolean }[] }).builds.filter((b) => b.incident).length} incidents`);
  });

  it("a reader that stops early (| head) ends it quietly", () => {
    const r = shell(`${TSX} ${ANALYZE} ${big} 2>&1 | head -2`);
    expect(r.stdout.split("\n")).toHaveLength(2);
    expect(r.stdout).not.toContain("EPIPE");
    expect(r.codes[1]).toBe(0);
  });

  it("the --json text is JSON.stringify({ builds, warnings, errors }, null, 2), for no, one and many entries", () => {
    const many = analyze(["--json", LOG_25877, join(FIX, "two-runs.log")]);
    const value = JSON.parse(many.stdout) as { builds: unknown[] };
    expect(value).toMatchObject({ warnings: [], errors: [] });
    expect(value.builds).toHaveLength(3);
    expect(many.stdout).toBe(`${JSON.stringify(value, null, 2)}\n`);
    const none = analyze(["--json", join(FIX, "no-monitor-output.log"), join(dir, "missing.log")]);
    expect(none.code).toBe(1);
    const errors = [
      `${join(FIX, "no-monitor-output.log")}:1:1: no monitor output in 16 lines (no 'processes sorted by queue_len desc:' or top list)`,
      `${join(dir, "missing.log")}:1:1: cannot read file (ENOENT)`,
    ];
    expect(none.stdout).toBe(`${JSON.stringify({ builds: [], warnings: [], errors }, null, 2)}\n`);
    // The same lines as stderr, which a script reading only the JSON would not see.
    expect(none.stderr).toBe(errors.map((line) => `${line}\n`).join(""));
  });

  it("what stderr warns of a file read is in the JSON's warnings too", () => {
    const log = readFileSync(LOG_25877, "utf8");
    const r = analyze(["--json", "-"], { input: log + log });
    expect(r.code).toBe(0);
    const { builds, warnings } = JSON.parse(r.stdout) as { builds: unknown[]; warnings: string[] };
    expect(builds).toHaveLength(2);
    expect(warnings).toEqual([expect.stringMatching(/^-:\d+: warning: build ProductCI_ejabberd_mqueue_random_monitor #25877 appears twice in this log/)]);
    expect(r.stderr).toBe(`${warnings[0]}\n`);
  });

  it("a log that breaks after some runs: those runs are reported, then where it broke; exit 1", () => {
    const good = readFileSync(LOG_25877, "utf8");
    const bad = readFileSync(join(FIX, "unparseable-term.log"), "utf8");
    const r = analyze(["--json", "-"], { input: `${good}\n${bad}` });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { builds: { number: number }[] }).builds.map((b) => b.number)).toEqual([25877]);
    expect(r.stderr).toMatch(/^-:\d+:44: cannot read the top list: expected ',' or '}' in tuple but found '37'\n$/);
  });

  it("relative paths are read from the folder npm was run in", () => {
    const r = spawnSync("npm", ["run", "-s", "analyze", "--", "--json", "ProductCI_ejabberd_mqueue_random_monitor_25877.log"], {
      cwd: FIX,
      encoding: "utf8",
      env: { ...process.env, INCIDENT_THRESHOLD: "", LOG_UTC_OFFSET: "" },
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { builds: { number: number }[] }).builds.map((b) => b.number)).toEqual([25877]);
  });

  it("INCIDENT_THRESHOLD and LOG_UTC_OFFSET, the dashboard's settings, are the defaults; the options win; a bad value is a usage error", () => {
    const log = "2015-08-23 00:34:01 monitor: connecting\nprocesses sorted by queue_len desc:\n [{<0.10.0>,{message_queue_len,500}}]\n";
    const first = (r: Run) => (JSON.parse(r.stdout) as { builds: { startedAt: string; incident: boolean }[] }).builds[0];
    expect(first(analyze(["--json", "-"], { input: log }))).toMatchObject({ startedAt: "2015-08-23T00:34:01.000Z", incident: true });
    const env = { INCIDENT_THRESHOLD: "1000", LOG_UTC_OFFSET: "+08:00" };
    expect(first(analyze(["--json", "-"], { input: log, env }))).toMatchObject({ startedAt: "2015-08-22T16:34:01.000Z", incident: false });
    expect(first(analyze(["--json", "--threshold", "100", "--utc-offset", "Z", "-"], { input: log, env }))).toMatchObject({
      startedAt: "2015-08-23T00:34:01.000Z",
      incident: true,
    });
    const bad = analyze(["-"], { input: log, env: { INCIDENT_THRESHOLD: "lots" } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('INCIDENT_THRESHOLD wants a whole number of messages, 1 or more, got "lots"');
    // The dashboard refuses to start on these (lib/env.ts): the CLI does not read a log otherwise than the pages would.
    for (const value of ["0", "-5", "2.5", "1e400"]) {
      const refused = analyze(["-"], { input: log, env: { INCIDENT_THRESHOLD: value } });
      expect(refused.code, value).toBe(2);
      expect(refused.stderr).toContain(`INCIDENT_THRESHOLD wants a whole number of messages, 1 or more, got "${value}"`);
      expect(() => readEnv({ INCIDENT_THRESHOLD: value }), value).toThrow(/INCIDENT_THRESHOLD: wants a whole number of messages, 1 or more/);
    }
  });

  it("--help is on stdout with exit 0; -- ends the options; an empty --threshold is refused", () => {
    const help = analyze(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe("");
    for (const part of ["--json", "--threshold", "--utc-offset", "INCIDENT_THRESHOLD", "LOG_UTC_OFFSET", "Exit code"]) expect(help.stdout).toContain(part);
    // A file whose name starts with a dash.
    const dashed = join(dir, "-dashed.log");
    writeFileSync(dashed, readFileSync(LOG_25877));
    const r = analyze(["--json", "--", "-dashed.log"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect((JSON.parse(r.stdout) as { builds: { source: string }[] }).builds.map((b) => b.source)).toEqual(["-dashed.log"]);
    for (const empty of [["--threshold="], ["--threshold", ""]]) {
      const refused = analyze([...empty, LOG_25877]);
      expect(refused.code, empty.join(" ")).toBe(2);
      expect(refused.stderr).toContain('--threshold wants a whole number of messages, 1 or more, got ""');
    }
  });

  it("--job, --number and --url name the build of a log read from standard input, as an upload's fields do", () => {
    const log = readFileSync(LOG_25877, "utf8").replace(/^(JOB_NAME|BUILD_NUMBER|BUILD_URL)=.*$/gm, "");
    const bare = analyze(["--json", "-"], { input: log });
    expect((JSON.parse(bare.stdout) as { builds: { job: string | null; number: number | null }[] }).builds[0]).toMatchObject({ job: null, number: null });
    const named = analyze(["--json", "--job", "team/mon", "--number=7", "--url", "http://ci.example.org/job/team/job/mon/7/", "-"], { input: log });
    expect(named.code).toBe(0);
    expect((JSON.parse(named.stdout) as { builds: unknown[] }).builds[0]).toMatchObject({ job: "team/mon", number: 7, url: "http://ci.example.org/job/team/job/mon/7/" });
    // A number names one build: a log of two monitor runs has its first reported, then the error.
    const two = analyze(["--json", "--number", "7", join(FIX, "two-runs.log")]);
    expect(two.code).toBe(1);
    const answer = JSON.parse(two.stdout) as { builds: { number: number }[]; errors: string[] };
    expect(answer.builds.map((b) => b.number)).toEqual([7]);
    expect(answer.errors).toEqual([expect.stringMatching(/two-runs\.log:\d+:1: --number 7 names one build, but the log holds more than one monitor run/)]);
    // So does a URL (both runs were printed with it).
    const linked = analyze(["--json", "--url", "https://ci.example/job/x/7/", join(FIX, "two-runs.log")]);
    expect(linked.code).toBe(1);
    expect((JSON.parse(linked.stdout) as { errors: string[] }).errors).toEqual([
      expect.stringMatching(/two-runs\.log:\d+:1: --url https:\/\/ci\.example\/job\/x\/7\/ names one build, but the log holds more than one monitor run/),
    ]);
    // Values as an upload checks them; --number and --url with several files are a usage error.
    for (const [args, message] of [
      [["--number", "x", "-"], "--number: must be an integer"],
      [["--url", "ftp://x", "-"], "--url: url must be an http or https URL"],
      [["--job", "", "-"], "--job:"],
      [["--number", "7", LOG_25877, LOG_25877], "--number and --url name one build: give one FILE"],
    ] as const) {
      const r = analyze([...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toContain(message);
    }
  });

  it("terminal controls in a log's text are shown, not obeyed: the report writes \\x{1b}, the JSON escapes them (the same strings)", () => {
    // A job name with raw controls (a C1 CSI among them); a call's request, an atom ~p prints with escapes.
    // (A room JID with controls is no room since stringprep's C.2 rule: lib/classify/jid.ts.)
    const call = `{'$gen_call',{<0.1.0>,#Ref<0.1.2.3>},'evil\\e]0;pwned\\007req'}`;
    const log = readFileSync(LOG_25877, "utf8")
      .replaceAll("JOB_NAME=ProductCI_ejabberd_mqueue_random_monitor", "JOB_NAME=evil\x1b]0;pwned\x07job\x1b[2J\u009b\u202e")
      .replace(/message in pid <6562\.25870\.402> :\n[\s\S]*$/, `message in pid <6562.25870.402> :\n [${call},\n  ${call}]\n`);
    const report = analyze(["-"], { input: log });
    expect(report.code).toBe(0);
    expect(report.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(report.stdout).toContain("evil\\x{1b}]0;pwned\\x{7}job\\x{1b}[2J\\x{9b}\\x{202e}");
    expect(report.stdout).toContain("gen_call evil\\x{1b}]0;pwned\\x{7}req");
    const json = analyze(["--json", "-"], { input: log });
    expect(json.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
    const build = (JSON.parse(json.stdout) as { builds: { job: string; culprit: { subject: string } }[] }).builds[0];
    expect(build?.job).toBe("evil\x1b]0;pwned\x07job\x1b[2J\u009b\u202e");
    expect(build?.culprit.subject).toBe("evil\x1b]0;pwned\x07req");
  });
});
