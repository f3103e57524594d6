// `npm run db:prune` as a cron line runs it: a usage error is exit 2 with the reason and the usage,
// nothing deleted; a dry run says what would go and deletes nothing; a prune says what went (one
// line on stdout, progress on stderr) and, with --vacuum, gives the space back to the disk. Which
// logs go, on both databases: lib/db/prune.test.ts.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { sqlitePathFromUrl } from "@/lib/env";
import { generateLog } from "@/lib/monitor-log/generate";
import { rawRequest } from "@/lib/testing/api";
import { countRows } from "@/lib/testing/databases";
import { queryRows } from "@/lib/testing/incidents";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const ROOT = join(__dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

function prune(url: string, ...args: string[]) {
  return pruneWith({}, url, ...args);
}

function pruneWith(env: Record<string, string>, url: string, ...args: string[]) {
  const r = spawnSync(TSX, ["--conditions=react-server", join(ROOT, "scripts", "prune.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url, INCIDENT_THRESHOLD: "100", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run db:prune", () => {
  const database = useTestDatabase("sqlite", "prune_cli");

  test("usage errors, a dry run, then the prune and --vacuum", async () => {
    const url = database().url;
    const job = "prune_cli";
    const ids: number[] = [];
    for (const [k, text] of [...generateLog({ seed: 31, builds: 40, job, firstBuild: 1 })].entries()) {
      const response = await postLogs(rawRequest(text, "text/plain", { query: `?filename=cli-${k}.log` }));
      expect(response.status).toBe(201);
      ids.push(((await response.json()) as { logs: { logId: number }[] }).logs[0]!.logId);
    }
    // The first 30 uploaded in January (uploads in a test are "now"); the last 10 stay.
    for (const id of ids.slice(0, 30)) await queryRows(url, `UPDATE "Log" SET "uploadedAt" = $1 WHERE "id" = $2 RETURNING "id"`, ["2026-01-10T00:00:00.000+00:00", id]);
    const before = await countRows(url);

    const refusals: [string[], string][] = [
      [[], "give the cutoff: --older-than AGE or --before DATE (one of them)"],
      [["--older-than", "90d", "--before", "2026-02-01"], "give the cutoff: --older-than AGE or --before DATE (one of them)"],
      [["--older-than", "0d"], '--older-than takes a whole number of hours, days or weeks, 1 or more: 36h, 90d, 12w (got "0d")'],
      [["--older-than", "90"], '--older-than takes a whole number of hours, days or weeks, 1 or more: 36h, 90d, 12w (got "90")'],
      [["--before", "2026-02-31x"], '--before takes an ISO 8601 date that exists, or a date and time with its zone: 2026-09-01, 2026-09-01T08:00:00Z (got "2026-02-31x")'],
      [["--before", "2026-02-01T00:00:00"], "--before takes an ISO 8601 date that exists, or a date and time with its zone"],
      // Dates that do not exist, which Date would roll over into the days after (more deleted than asked).
      [["--before", "2026-02-31"], '(got "2026-02-31")'],
      [["--before", "2026-04-31"], '(got "2026-04-31")'],
      [["--before", "2026-02-01T24:00Z"], '(got "2026-02-01T24:00Z")'],
      [["--before", "2026-02-01T08:60:00+08:00"], '(got "2026-02-01T08:60:00+08:00")'],
      [["--before", "2026-02-01", "--before", "2026-01-01"], "--before is given twice"],
      [["--before", "2026-02-01", "--job", " "], "--job needs a job name"],
      [["--before", "2026-02-01", "--job", "x", "--without-job"], "--job and --without-job choose different logs: give one of them"],
      [["--before", "2999-01-01"], "--before 2999-01-01 is in the future: every log would be deleted. Give a date before now"],
      [["--before"], "--before needs a value"],
      [["--before", "2026-02-01", "--force"], 'unknown argument "--force"'],
    ];
    for (const [args, message] of refusals) {
      const r = prune(url, ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toContain(message.startsWith("(got") ? message : `db:prune: ${message}`);
      expect(r.stderr).toContain("usage: npm run db:prune -- (--older-than AGE | --before DATE)");
      expect(r.stdout).toBe("");
    }
    const pg = prune("postgres://nobody@127.0.0.1:1/none", "--before", "2026-02-01", "--vacuum");
    expect(pg.code).toBe(2);
    expect(pg.stderr).toContain("--vacuum is for a SQLite database");
    expect(await countRows(url)).toEqual(before);

    // `npm run db:prune --before … --dry-run` (no `--`): npm keeps --dry-run, and the prune would delete. Refused.
    expect(pruneWith({ npm_config_dry_run: "true" }, url, "--before", "2026-02-01")).toMatchObject({
      code: 2,
      stderr: "db:prune: npm took --dry-run for itself: write `npm run db:prune -- --dry-run` (nothing was done)\n",
    });
    expect(await countRows(url)).toEqual(before);

    const help = prune(url, "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--older-than AGE  the cutoff is AGE before now");

    const dry = prune(url, "--before", "2026-02-01", "--dry-run", "--vacuum");
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      `would delete 30 logs (30 builds) before 2026-02-01T00:00:00.000Z, uploaded 2026-01-10T00:00:00.000Z; incidents would be regrouped for ${job}\n` +
        "no vacuum on a dry run: nothing was deleted\n",
    );
    expect(await countRows(url)).toEqual(before);
    // Every log here is of a job: none is without one.
    const unnamed = prune(url, "--before", "2026-02-01", "--without-job", "--dry-run");
    expect(unnamed.code, unnamed.stderr).toBe(0);
    expect(unnamed.stdout).toBe("nothing to delete: no log without a job before 2026-02-01T00:00:00.000Z; logs go by when they were uploaded too (--whenever-uploaded: by when their builds ran alone)\n");

    const file = sqlitePathFromUrl(url);
    const bytes = () => fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
    const sizeBefore = bytes();
    const done = prune(url, "--before", "2026-02-01T08:00:00+08:00", "--job", job, "--vacuum");
    expect(done.code, done.stderr).toBe(0);
    const [summary, vacuumed, ...rest] = done.stdout.split("\n");
    expect(summary).toBe(`deleted 30 logs (30 builds) of job ${job} before 2026-02-01T00:00:00.000Z, uploaded 2026-01-10T00:00:00.000Z; incidents regrouped for ${job}`);
    expect(vacuumed).toMatch(/^vacuumed file:.*: \d+\.\d MB -> \d+\.\d MB$/);
    expect(rest).toEqual([""]);
    expect(done.stderr).toBe("deleted 30 of 30 builds (30 of 30 logs)\n");
    expect(await countRows(url)).toMatchObject({ Log: (before.Log as number) - 30, Build: (before.Build as number) - 30 });
    const numbers = await queryRows<{ number: number }>(url, `SELECT "number" FROM "Build" WHERE "job" = $1 ORDER BY "number"`, [job]);
    expect(numbers.map((row) => Number(row.number))).toEqual([31, 32, 33, 34, 35, 36, 37, 38, 39, 40]);
    // Three quarters of the data went, and the file with it.
    expect(bytes()).toBeLessThan(sizeBefore * 0.6);

    const nothing = prune(url, "--older-than", "1h");
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toMatch(/^nothing to delete: no log older than 1h \(before \d{4}-\d\d-\d\dT[\d:.]+Z\); logs go by when they were uploaded too \(--whenever-uploaded: by when their builds ran alone\)\n$/);
    // The 10 left were uploaded now, their builds run in 2015 (history loaded from old files, an
    // operator's review): by when their builds ran alone, they go.
    const history = prune(url, "--older-than", "1h", "--whenever-uploaded", "--dry-run");
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toMatch(new RegExp(`^would delete 10 logs \\(10 builds\\) older than 1h \\(before [^)]+\\), uploaded [^;]+; incidents would be regrouped for ${job}\\n$`));
    const gone = prune(url, "--older-than", "1h", "--whenever-uploaded");
    expect(gone.code, gone.stderr).toBe(0);
    expect(await countRows(url)).toMatchObject({ Log: (before.Log as number) - 40, Build: (before.Build as number) - 40 });
    expect(prune(url, "--older-than", "1h", "--whenever-uploaded").stdout).toMatch(/^nothing to delete: no log older than 1h \(before [^)]+\) whose builds all ran before it\n$/);
    // About twenty runs of the CLI, each a tsx start: 20–30 s alone, past 60 s on a busy machine.
  }, 180_000);
});
