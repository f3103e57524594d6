// `npm run db:reclassify` after an upgrade: a usage error is exit 2 with the reason and the usage,
// nothing written; a dry run counts and writes nothing; a run writes the verdicts that changed and
// says so on one line. What is read again and how, on both databases: lib/db/reclassify.test.ts.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { generateLog } from "@/lib/monitor-log/generate";
import { rawRequest } from "@/lib/testing/api";
import { queryRows } from "@/lib/testing/incidents";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const ROOT = join(__dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

function reclassify(url: string, ...args: string[]) {
  return reclassifyWith({}, url, ...args);
}

function reclassifyWith(env: Record<string, string>, url: string, ...args: string[]) {
  const r = spawnSync(TSX, ["--conditions=react-server", join(ROOT, "scripts", "reclassify.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url, INCIDENT_THRESHOLD: "100", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run db:reclassify", () => {
  const database = useTestDatabase("sqlite", "reclassify_cli");

  test("usage errors, a dry run, then the run", async () => {
    const url = database().url;
    const job = "reclassify_cli";
    const text = [...generateLog({ seed: 41, builds: 12, job, firstBuild: 1 })].join("");
    expect((await postLogs(rawRequest(text, "text/plain", { query: "?filename=cli.log" }))).status).toBe(201);
    const incidents = await queryRows<{ n: number }>(url, `SELECT count(*) AS n FROM "Build" WHERE "incident" = 1`);
    // As an older version may have stored them: every build healthy, no verdict.
    await queryRows(url, `UPDATE "Build" SET "incident" = 0, "culpritClass" = NULL, "culpritSubject" = NULL, "culpritRule" = NULL, "culpritEvidence" = NULL, "roomId" = NULL RETURNING "id"`);

    for (const [args, said] of [
      [["--job"], "--job needs a value"],
      [["--job", " "], "--job needs a job name"],
      [["--job", "a", "--without-job"], "--job and --without-job choose different builds: give one of them"],
      [["--dry-run", "--dry-run"], "--dry-run is given twice"],
      [["--vacuum"], 'unknown argument "--vacuum"'],
    ] as [string[], string][]) {
      const r = reclassify(url, ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(`db:reclassify: ${said}`);
      expect(r.stderr).toContain("usage: npm run db:reclassify");
    }
    expect(reclassify(url, "--help")).toMatchObject({ code: 0, stdout: expect.stringContaining("usage: npm run db:reclassify") });
    // `npm run db:reclassify --dry-run` (no `--`): npm keeps the flag, the script would write. Refused.
    expect(reclassifyWith({ npm_config_dry_run: "true" }, url)).toMatchObject({
      code: 2,
      stderr: "db:reclassify: npm took --dry-run for itself: write `npm run db:reclassify -- --dry-run` (nothing was done)\n",
    });

    const dry = reclassify(url, "--dry-run");
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`^read 12 monitor runs: 12 verdicts would change \\(.*class 12.*\\); incidents would be regrouped for ${job}\\n$`));
    expect(await queryRows(url, `SELECT count(*) AS n FROM "Build" WHERE "incident" = 1`)).toEqual([{ n: 0 }]);

    const done = reclassify(url, "--job", job);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(new RegExp(`^read 12 monitor runs of job ${job}: 12 verdicts changed \\(.*\\); incidents regrouped for ${job}\\n$`));
    expect(done.stderr).toContain("read 12 of 12 monitor runs, 12 changed");
    expect(await queryRows(url, `SELECT count(*) AS n FROM "Build" WHERE "incident" = 1`)).toEqual(incidents);
    expect(reclassify(url).stdout).toBe("read 12 monitor runs: no verdict changed\n");
    // --regroup: every job's incidents, though no verdict changed (after an older version wrote to the database).
    expect(reclassify(url, "--regroup", "--dry-run").stdout).toBe(`read 12 monitor runs: no verdict changed; incidents would be regrouped for ${job}\n`);
    expect(reclassify(url, "--regroup", "--regroup").stderr).toContain("db:reclassify: --regroup is given twice");

    // A run an older version stored as unknown, no message kept: named with its log, to upload again.
    const [stuck] = await queryRows<{ id: number; number: number; logId: number }>(
      url,
      `SELECT "id", "number", "logId" FROM "Build" WHERE "incident" = 1 AND "culpritClass" NOT IN ('unknown', 'dead') ORDER BY "id" LIMIT 1`,
    );
    await queryRows(url, `DELETE FROM "Sample" WHERE "buildId" = $1 RETURNING "id"`, [stuck!.id]);
    await queryRows(url, `UPDATE "Build" SET "culpritClass" = 'unknown', "culpritSubject" = NULL, "culpritRule" = 'no-rule-matched', "culpritEvidence" = '["no rule matched"]', "roomId" = NULL WHERE "id" = $1 RETURNING "id"`, [stuck!.id]);
    // (Its evidence reads as today's words for no messages: its one change.)
    expect(reclassify(url, "--dry-run").stdout).toBe(
      [
        "read 12 monitor runs: 1 verdict would change (evidence 1)",
        "1 incident run stays unknown: no message of its process is stored, and reading it again cannot judge it.",
        "If an older version stored it (it read a message list printed as `undefined`, or inside {messages, [...]}, as none), delete its log (the /logs page) and upload it again:",
        `  ${job} #${stuck!.number}: log ${stuck!.logId}, "cli.log"`,
        "",
      ].join("\n"),
    );
  }, 120_000);
});
