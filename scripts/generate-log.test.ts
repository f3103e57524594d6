// scripts/generate-log.ts's command line: --help lists the options it takes,
// anything else it does not know is refused (exit 2) before a byte of log is
// written. Writing a log: lib/monitor-log/cli.test.ts.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

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
    for (const option of ["--size", "--seed", "--out", "--help"]) expect(r.stdout).toContain(option);
    expect(r.stdout).not.toContain("processes sorted by queue_len desc:");
    expect(r.stdout.length).toBeLessThan(2000);
  });

  it.each([
    [["--bogus"], /unknown option --bogus/],
    [["--size", "64KB", "-x"], /unknown option -x/],
    [["extra"], /unexpected argument extra/],
    [["--size"], /--size wants a value/],
    [["--out"], /--out wants a value/],
    [["--size", "lots"], /--size wants e\.g\. 100MB, got lots/],
    [["--seed", "one"], /--seed wants an integer, got one/],
  ])("%j: the reason and the usage on stderr, exit 2, no log", (args, reason) => {
    const r = generate(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(reason);
    expect(r.stderr).toContain("usage: ");
  });

  it("takes --name=value too", () => {
    const r = generate("--size=2KB", "--seed=5");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("processes sorted by queue_len desc:");
    expect(r.stdout).toBe(generate("--size", "2KB", "--seed", "5").stdout);
  });
});
