// npm run db:reclassify -- [--job NAME | --without-job] [--regroup] [--dry-run]
// Reads every stored monitor run again with this version's classifier and writes the verdicts that
// changed, then regroups the incidents of their jobs (lib/db/reclassify.ts says what is read and
// what stays). For after an upgrade: prints one summary line, progress on stderr, exit 0 when done,
// 1 on an error, 2 for a usage error (nothing written).
import { getPrisma } from "../lib/db/client";
import { reclassifyBuilds, type ReclassifyResult, type UnjudgedBuild } from "../lib/db/reclassify";
import { getStore } from "../lib/db/store";
import { databaseUnavailable } from "../lib/errors";
import { databaseUrlAsSet, readEnv, shownDatabaseUrl } from "../lib/env";
import { plural } from "../lib/wording";
import { loadDotEnv } from "./dot-env";
import { npmTookDryRun } from "./npm-dry-run";

const USAGE = `usage: npm run db:reclassify -- [--job NAME | --without-job] [--regroup] [--dry-run]

Reads every stored monitor run again (its top list, inspected process and message texts) with this
version's classifier and the configured INCIDENT_THRESHOLD, writes each verdict that changed
(incident or not, culprit class, subject, rule, evidence, room), and regroups the incidents of the
jobs whose verdicts changed, and of the jobs an upgrade's migration left to regroup. Run it after
upgrading, or after changing INCIDENT_THRESHOLD. Snapshots of other formats keep their verdicts.

  --job NAME        only job NAME's builds
  --without-job     only the builds without a job
  --regroup         regroup every job's incidents (of --job's), whether or not a verdict changed:
                    after an older version wrote to the database (a rollback), whose incidents
                    miss what this version keeps
  --dry-run         count what would change; write nothing
  -h, --help        print this and exit

DATABASE_URL and INCIDENT_THRESHOLD are read as the dashboard reads them.
Exit codes: 0 done, 1 an error (the batch that failed is rolled back whole), 2 a usage error.`;

class UsageError extends Error {}

type Args = { job?: string | null; dryRun: boolean; regroup?: boolean };

function parseArgs(argv: string[]): Args | "help" {
  const args: Args = { dryRun: false };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") return "help";
    if (seen.has(arg)) throw new UsageError(`${arg} is given twice`);
    seen.add(arg);
    if (arg === "--job") {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) throw new UsageError("--job needs a value");
      if (next.trim() === "") throw new UsageError("--job needs a job name (--without-job for the builds of none)");
      args.job = next;
    } else if (arg === "--without-job") args.job = null;
    else if (arg === "--dry-run") args.dryRun = true;
    else if (arg === "--regroup") args.regroup = true;
    else throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
  }
  if (seen.has("--job") && seen.has("--without-job")) throw new UsageError("--job and --without-job choose different builds: give one of them");
  return args;
}

function summary(result: ReclassifyResult, args: Args): string {
  const scope = args.job === undefined ? "" : args.job === null ? " without a job" : ` of job ${args.job}`;
  const fields = Object.entries(result.fields)
    .map(([field, n]) => `${field} ${n.toLocaleString("en-US")}`)
    .join(", ");
  const changed = result.changed === 0 ? "no verdict changed" : `${plural(result.changed, "verdict")} ${result.dryRun ? "would change" : "changed"} (${fields})`;
  const skipped = result.skipped === 0 ? "" : `; ${plural(result.skipped, "run")} whose top list or messages were stored up to the bound kept as they were`;
  const jobs =
    result.jobs.length === 0 ? "" : `; incidents ${result.dryRun ? "would be " : ""}regrouped for ${result.jobs.map((job) => (job === null ? "(no job)" : job)).join(", ")}`;
  return `read ${plural(result.builds, "monitor run")}${scope}: ${changed}${skipped}${jobs}`;
}

/**
 * The incident runs left `unknown` for want of messages, and the logs to upload again if an older
 * version stored them so (an upgrade review: the README said such builds stay, not which they are).
 */
function unjudgedLines(result: ReclassifyResult, args: Args): string[] {
  const { count, builds } = result.unjudged;
  if (count === 0) return [];
  const name = (build: UnjudgedBuild) =>
    `${build.job ?? "(no job)"} ${build.number === null ? `build id ${build.id}` : `#${build.number}`}${build.attempt > 1 ? ` (attempt ${build.attempt})` : ""}`;
  return [
    `${plural(count, "incident run")} ${count === 1 ? "stays" : "stay"} unknown: no message of ${count === 1 ? "its process" : "their processes"} is stored, and reading ${count === 1 ? "it" : "them"} again cannot judge ${count === 1 ? "it" : "them"}.`,
    `If an older version stored ${count === 1 ? "it" : "them"} (it read a message list printed as \`undefined\`, or inside {messages, [...]}, as none), delete ${count === 1 ? "its log" : "their logs"} (the /logs page) and upload ${count === 1 ? "it" : "them"} again:`,
    ...builds.map((build) => `  ${name(build)}: log ${build.log.id}, ${JSON.stringify(build.log.fileName)}`),
    ...(count > builds.length ? [`  and ${(count - builds.length).toLocaleString("en-US")} more${args.job === undefined ? " (--job NAME names a job's)" : ""}`] : []),
  ];
}

async function main(): Promise<number> {
  const tookDryRun = npmTookDryRun("db:reclassify");
  if (tookDryRun) {
    console.error(tookDryRun);
    return 2;
  }
  let args: Args | "help";
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`db:reclassify: ${error.message}`);
    console.error(USAGE);
    return 2;
  }
  if (args === "help") {
    console.log(USAGE);
    return 0;
  }
  loadDotEnv();
  const env = readEnv();
  const store = await getStore(); // migrates first, as every way into the database does
  try {
    const result = await reclassifyBuilds({
      threshold: env.INCIDENT_THRESHOLD,
      job: args.job,
      dryRun: args.dryRun,
      regroup: args.regroup,
      onBatch: ({ read, changed, of }) => console.error(`read ${read.toLocaleString("en-US")} of ${plural(of, "monitor run")}, ${changed.toLocaleString("en-US")} changed`),
    });
    console.log(summary(result, args));
    for (const line of unjudgedLines(result, args)) console.log(line);
  } finally {
    await store.close();
    await getPrisma().$disconnect();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const unavailable = databaseUnavailable(error);
    const where = shownDatabaseUrl(databaseUrlAsSet());
    console.error(unavailable ? `db:reclassify: database ${where}: ${unavailable} (${message})` : `db:reclassify: ${message}`);
    process.exit(1);
  },
);
