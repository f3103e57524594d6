// npx tsx scripts/generate-log.ts [--size 100MB | --builds N] [--seed 1] [--job NAME] [--start TIME] [--every 15m] [--out FILE] [--truth FILE]
// (--help: the options)
//
// Writes a seeded, realistic monitor log (lib/monitor-log/generate.ts) of
// about the requested size, streaming, so sizes beyond memory work. A flag it
// does not know is refused (exit 2) rather than ignored: it would otherwise
// write a default 1 MB log where the caller expected something else.

import { createWriteStream, openSync } from "node:fs";
import { once } from "node:events";
import { generateLog, type GeneratedBuild } from "../lib/monitor-log/generate";

const UNITS: Record<string, number> = { "": 1, B: 1, KB: 1 << 10, MB: 1 << 20, GB: 1 << 30 };

const USAGE = `usage: npx tsx scripts/generate-log.ts [--size SIZE | --builds N] [--seed N] [--job NAME] [--first-build N]
                                  [--start TIME] [--every DURATION] [--out FILE] [--truth FILE]
  --size SIZE        about how much log to write: bytes, or a number with KB, MB or GB (default 1MB)
  --builds N         write N builds instead (--size is then not taken)
  --seed N           the generator's seed, an integer: the same seed writes the same log (default 1)
  --job NAME         the builds' CI job (default ProductCI_ejabberd_mqueue_random_monitor)
  --first-build N    the first build's number (default 30000)
  --start TIME       the first build's start, an ISO date or date-time, UTC unless it names its zone
                     (default 2015-09-01T00:00:00Z)
  --every DURATION   from one build's start to the next: 90s, 3m, 1h, 1d (default 3m)
  --out FILE         write to FILE (default: standard output)
  --truth FILE       write what each build was generated to be to FILE, one JSON object a line:
                     {"job","number","pid","class","subject","incident","startedAt"} (startedAt as its console says)
  -h, --help         print this and exit
`;

/** A mistake on the command line: the reason and the usage on stderr, exit 2. */
function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(2);
}

function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?B?)$/i.exec(v.trim());
  const unit = UNITS[(m?.[2] ?? "").toUpperCase()];
  if (!m || unit === undefined) usage(`--size wants e.g. 100MB, got ${v}`);
  return Math.floor(Number(m[1]) * unit);
}

function parseSeed(v: string): number {
  if (!/^-?\d+$/.test(v.trim())) usage(`--seed wants an integer, got ${v}`);
  return Number(v);
}

function parseCount(name: string, v: string, min: number): number {
  const n = /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min) usage(`${name} wants a whole number of at least ${min}, got ${v}`);
  return n;
}

/** An ISO date or date-time; one without a zone is UTC (as a date alone is), not the machine's zone. */
function parseStart(v: string): number {
  const text = v.trim().replace(" ", "T");
  const m = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/.exec(text);
  const ms = m ? Date.parse(m[1] && !m[4] ? `${text}Z` : text) : NaN;
  if (!Number.isFinite(ms)) usage(`--start wants an ISO date or date-time (2026-11-30, 2026-11-30T08:00:00Z), got ${v}`);
  return ms;
}

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function parseEvery(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/i.exec(v.trim());
  const ms = m ? Math.round(Number(m[1]) * DURATION_UNITS[m[2]!.toLowerCase()]!) : NaN;
  if (!(ms >= 1000)) usage(`--every wants a duration of at least a second (90s, 3m, 1h, 1d), got ${v}`);
  return ms;
}

type Options = {
  size: number;
  builds: number | undefined;
  seed: number;
  job: string | undefined;
  firstBuild: number | undefined;
  start: number | undefined;
  intervalMs: number | undefined;
  out: string | undefined;
  truth: string | undefined;
};

const NAMES = ["--size", "--builds", "--seed", "--job", "--first-build", "--start", "--every", "--out", "--truth"] as const;

function parseArgs(args: readonly string[]): Options {
  const options: Options = { size: 1 << 20, builds: undefined, seed: 1, job: undefined, firstBuild: undefined, start: undefined, intervalMs: undefined, out: undefined, truth: undefined };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "-h" || arg === "--help") {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    const [name = "", inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg];
    if (!(NAMES as readonly string[]).includes(name)) {
      usage(arg.startsWith("-") ? `unknown option ${name}` : `unexpected argument ${arg}`);
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === "") usage(`${name} wants a value`);
    switch (name as (typeof NAMES)[number]) {
      case "--size":
        options.size = parseSize(value);
        break;
      case "--builds":
        options.builds = parseCount(name, value, 1);
        break;
      case "--seed":
        options.seed = parseSeed(value);
        break;
      case "--job":
        options.job = value;
        break;
      case "--first-build":
        options.firstBuild = parseCount(name, value, 0);
        break;
      case "--start":
        options.start = parseStart(value);
        break;
      case "--every":
        options.intervalMs = parseEvery(value);
        break;
      case "--out":
        options.out = value;
        break;
      case "--truth":
        options.truth = value;
        break;
    }
  }
  return options;
}

async function finish(stream: NodeJS.WritableStream, file: string | undefined): Promise<void> {
  if (!file) return;
  (stream as ReturnType<typeof createWriteStream>).end();
  await once(stream, "finish");
}

/** A file to write, opened now: a path that cannot be written is said before a byte of log is. */
function openForWriting(file: string, option: string): ReturnType<typeof createWriteStream> {
  try {
    return createWriteStream(file, { fd: openSync(file, "w") });
  } catch (error) {
    process.stderr.write(`${option} ${file}: cannot write it (${(error as Error).message})\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const { size, builds, seed, job, firstBuild, start, intervalMs, out, truth } = parseArgs(process.argv.slice(2));
  const truthStream = truth ? openForWriting(truth, "--truth") : null;
  const stream = out ? openForWriting(out, "--out") : process.stdout;
  const onBuild = truthStream ? (build: GeneratedBuild) => void truthStream.write(`${JSON.stringify(build)}\n`) : undefined;
  for (const chunk of generateLog({ seed, targetSize: size, builds, job, firstBuild, start, intervalMs, onBuild })) {
    if (!stream.write(chunk)) await once(stream, "drain");
  }
  await finish(stream, out);
  if (truthStream) await finish(truthStream, truth);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
