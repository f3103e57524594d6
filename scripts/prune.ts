// npm run db:prune -- --older-than 90d [--job NAME] [--dry-run] [--vacuum]
// Deletes the uploaded logs older than a cutoff, with their builds, and regroups the incidents of
// their jobs (lib/db/prune.ts says which logs). For a cron line: prints one summary line, progress
// on stderr while it works, exit 0 when done, 1 on an error, 2 for a usage error (nothing deleted).
import fs from "node:fs";
import Database from "better-sqlite3";
import { getPrisma } from "../lib/db/client";
import { pruneLogs, type PruneResult } from "../lib/db/prune";
import { getStore } from "../lib/db/store";
import { databaseKind } from "../lib/db/url";
import { databaseUnavailable } from "../lib/errors";
import { databaseUrlAsSet, readEnv, shownDatabaseUrl, sqlitePathFromUrl } from "../lib/env";
import { plural } from "../lib/wording";
import { loadDotEnv } from "./dot-env";
import { npmTookDryRun } from "./npm-dry-run";

const USAGE = `usage: npm run db:prune -- (--older-than AGE | --before DATE) [--job NAME | --without-job] [--whenever-uploaded] [--dry-run] [--vacuum]

Deletes every uploaded log that was uploaded before the cutoff (with --whenever-uploaded: whenever)
and whose builds all ran before it, with its builds, and regroups the incidents of their jobs. A log
with a build from after the cutoff stays whole.

  --older-than AGE  the cutoff is AGE before now: a whole number and a unit, d (days), w (weeks)
                    or h (hours): 90d, 12w, 36h
  --before DATE     the cutoff is DATE, ISO 8601: 2026-09-01 (midnight UTC), 2026-09-01T08:00:00+08:00
  --job NAME        only logs whose builds are all of job NAME
  --without-job     only logs whose builds all have no job (a cron job's file, a log pasted by hand)
  --whenever-uploaded  also logs uploaded after the cutoff, when their builds all ran before it
                    (history loaded from old files)
  --dry-run         print what would be deleted; delete nothing
  --vacuum          SQLite: afterwards, give the freed space back to the disk (VACUUM: the file is
                    rewritten, which needs as much free space again, and uploads wait until it is done)
  -h, --help        print this and exit

DATABASE_URL and INCIDENT_THRESHOLD are read as the dashboard reads them.
Exit codes: 0 done, 1 an error (a batch that failed is rolled back whole), 2 a usage error.`;

class UsageError extends Error {}

type Args = { before: Date; job?: string | null; wheneverUploaded: boolean; dryRun: boolean; vacuum: boolean; said: string };

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;
/** ISO 8601: a date, or a date and time with a zone (Z or ±hh:mm). */
const ISO_DATE = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?(Z|[+-](\d\d):?(\d\d)))?$/;

/**
 * The instant `text` names, or null. Strict: `new Date` rolls 2026-02-31 over to March 3rd and
 * 24:00 to the next day, which for a command that deletes would be days more than asked.
 */
function parseCutoff(text: string): Date | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = "0", mi = "0", sec = "0", , zh = "0", zm = "0"] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const sameDay = day.getUTCFullYear() === Number(y) && day.getUTCMonth() === Number(mo) - 1 && day.getUTCDate() === Number(d);
  if (!sameDay || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59 || Number(zh) > 23 || Number(zm) > 59) return null;
  const at = new Date(text.replace(" ", "T"));
  return Number.isNaN(at.getTime()) ? null : at;
}

function parseArgs(argv: string[], now: Date): Args | "help" {
  let olderThan: string | undefined;
  let before: string | undefined;
  let job: string | null | undefined;
  let dryRun = false;
  let vacuum = false;
  let wheneverUploaded = false;
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === "-h" || arg === "--help") return "help";
    // Given twice, which one was meant? (A cron line edited by appending, say.) Refused rather than guessed.
    if (seen.has(arg)) throw new UsageError(`${arg} is given twice`);
    seen.add(arg);
    if (arg === "--older-than") olderThan = value();
    else if (arg === "--before") before = value();
    else if (arg === "--job") {
      job = value();
      if (job.trim() === "") throw new UsageError("--job needs a job name (--without-job for the builds of none)");
    } else if (arg === "--without-job") job = null;
    else if (arg === "--dry-run") dryRun = true;
    else if (arg === "--whenever-uploaded") wheneverUploaded = true;
    else if (arg === "--vacuum") vacuum = true;
    else throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
  }
  if (seen.has("--job") && seen.has("--without-job")) throw new UsageError("--job and --without-job choose different logs: give one of them");
  if ((olderThan === undefined) === (before === undefined)) throw new UsageError("give the cutoff: --older-than AGE or --before DATE (one of them)");
  if (olderThan !== undefined) {
    const m = /^(\d+)([hdw])$/.exec(olderThan);
    const amount = m ? Number(m[1]) : NaN;
    if (!m || !Number.isSafeInteger(amount) || amount < 1) {
      throw new UsageError(`--older-than takes a whole number of hours, days or weeks, 1 or more: 36h, 90d, 12w (got ${JSON.stringify(olderThan)})`);
    }
    const cutoff = new Date(now.getTime() - amount * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
    if (Number.isNaN(cutoff.getTime())) throw new UsageError(`--older-than ${olderThan} reaches before any date`);
    return { before: cutoff, job, wheneverUploaded, dryRun, vacuum, said: `older than ${olderThan} (before ${cutoff.toISOString()})` };
  }
  const cutoff = parseCutoff(before!);
  if (cutoff === null) {
    throw new UsageError(`--before takes an ISO 8601 date that exists, or a date and time with its zone: 2026-09-01, 2026-09-01T08:00:00Z (got ${JSON.stringify(before)})`);
  }
  if (cutoff.getTime() > now.getTime()) {
    // Every log would go: far more likely a typo than a wish (`npm run db:prune -- --before 2062-…`).
    throw new UsageError(`--before ${before} is in the future: every log would be deleted. Give a date before now`);
  }
  return { before: cutoff, job, wheneverUploaded, dryRun, vacuum, said: `before ${cutoff.toISOString()}` };
}

function summary(result: PruneResult, args: Args): string {
  const what = `${plural(result.logs, "log")} (${plural(result.builds, "build")})`;
  const uploaded =
    result.firstUploadedAt === null ? "" : `, uploaded ${result.firstUploadedAt === result.lastUploadedAt ? result.firstUploadedAt : `${result.firstUploadedAt} to ${result.lastUploadedAt}`}`;
  const jobs = result.jobs.length === 0 ? "" : `; incidents ${result.dryRun ? "would be " : ""}regrouped for ${result.jobs.map((job) => (job === null ? "(no job)" : job)).join(", ")}`;
  const scope = `${args.job === undefined ? "" : args.job === null ? "without a job " : `of job ${args.job} `}${args.said}`;
  // Logs go by their upload time: a log of 2015's builds uploaded today is not "before 2015-08-20".
  if (result.logs === 0) {
    return args.wheneverUploaded
      ? `nothing to delete: no log ${scope} whose builds all ran before it`
      : `nothing to delete: no log ${scope}; logs go by when they were uploaded too (--whenever-uploaded: by when their builds ran alone)`;
  }
  return `${result.dryRun ? "would delete" : "deleted"} ${what} ${scope}${uploaded}${jobs}`;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** SQLite's file and its WAL, in bytes. */
function sqliteBytes(file: string): number {
  let total = 0;
  for (const part of [file, `${file}-wal`]) if (fs.existsSync(part)) total += fs.statSync(part).size;
  return total;
}

async function main(): Promise<number> {
  const tookDryRun = npmTookDryRun("db:prune");
  if (tookDryRun) {
    console.error(tookDryRun);
    return 2;
  }
  let args: Args | "help";
  try {
    args = parseArgs(process.argv.slice(2), new Date());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`db:prune: ${error.message}`);
    console.error(USAGE);
    return 2;
  }
  if (args === "help") {
    console.log(USAGE);
    return 0;
  }
  loadDotEnv();
  const env = readEnv();
  const kind = databaseKind(env.DATABASE_URL);
  if (args.vacuum && kind !== "sqlite") {
    console.error("db:prune: --vacuum is for a SQLite database; PostgreSQL's autovacuum reuses the space deleted rows leave (VACUUM FULL gives it back to the disk, and locks the tables while it runs)");
    return 2;
  }
  const store = await getStore(); // migrates first, as every way into the database does
  let result: PruneResult;
  /** What the batches committed so far deleted (said when a later one fails). */
  let committed = { logs: 0, builds: 0 };
  try {
    result = await pruneLogs({
      before: args.before,
      job: args.job,
      wheneverUploaded: args.wheneverUploaded,
      dryRun: args.dryRun,
      threshold: env.INCIDENT_THRESHOLD,
      onBatch: (done) => {
        committed = done;
        console.error(`deleted ${done.builds.toLocaleString("en-US")} of ${plural(done.ofBuilds, "build")} (${done.logs.toLocaleString("en-US")} of ${plural(done.ofLogs, "log")})`);
      },
    });
  } catch (error) {
    if (committed.logs > 0) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`stopped after deleting ${plural(committed.logs, "log")} (${plural(committed.builds, "build")}), which stay deleted; the batch that failed was rolled back: ${message}`);
    }
    throw error;
  } finally {
    await store.close();
    await getPrisma().$disconnect();
  }
  console.log(summary(result, args));
  if (args.vacuum && args.dryRun) console.log("no vacuum on a dry run: nothing was deleted");
  if (args.vacuum && !args.dryRun) {
    const file = sqlitePathFromUrl(env.DATABASE_URL);
    const before = sqliteBytes(file);
    const db = new Database(file);
    try {
      db.pragma("busy_timeout = 10000");
      db.exec("VACUUM");
      db.pragma("wal_checkpoint(TRUNCATE)");
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`the deletions above are done; VACUUM failed (${message}): the space stays free for later uploads, and --vacuum can be run again at a quieter time`);
    } finally {
      db.close();
    }
    console.log(`vacuumed ${shownDatabaseUrl(env.DATABASE_URL)}: ${mb(before)} -> ${mb(sqliteBytes(file))}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const unavailable = databaseUnavailable(error);
    const where = shownDatabaseUrl(databaseUrlAsSet());
    console.error(unavailable ? `db:prune: database ${where}: ${unavailable} (${message})` : `db:prune: ${message}`);
    process.exit(1);
  },
);
