// npx tsx scripts/generate-log.ts [--size 100MB] [--seed 1] [--out FILE]   (--help: the options)
//
// Writes a seeded, realistic monitor log (lib/monitor-log/generate.ts) of
// about the requested size, streaming, so sizes beyond memory work. A flag it
// does not know is refused (exit 2) rather than ignored: it would otherwise
// write a default 1 MB log where the caller expected something else.

import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { generateLog } from "../lib/monitor-log/generate";

const UNITS: Record<string, number> = { "": 1, B: 1, KB: 1 << 10, MB: 1 << 20, GB: 1 << 30 };

const USAGE = `usage: npx tsx scripts/generate-log.ts [--size SIZE] [--seed N] [--out FILE]
  --size SIZE   about how much log to write: bytes, or a number with KB, MB or GB (default 1MB)
  --seed N      the generator's seed, an integer: the same seed writes the same log (default 1)
  --out FILE    write to FILE (default: standard output)
  -h, --help    print this and exit
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

type Options = { size: number; seed: number; out: string | undefined };

function parseArgs(args: readonly string[]): Options {
  const options: Options = { size: 1 << 20, seed: 1, out: undefined };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "-h" || arg === "--help") {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    const [name = "", inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg];
    if (name !== "--size" && name !== "--seed" && name !== "--out") {
      usage(arg.startsWith("-") ? `unknown option ${name}` : `unexpected argument ${arg}`);
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === "") usage(`${name} wants a value`);
    if (name === "--size") options.size = parseSize(value);
    else if (name === "--seed") options.seed = parseSeed(value);
    else options.out = value;
  }
  return options;
}

async function main(): Promise<void> {
  const { size, seed, out } = parseArgs(process.argv.slice(2));
  const stream = out ? createWriteStream(out) : process.stdout;
  for (const chunk of generateLog({ seed, targetSize: size })) {
    if (!stream.write(chunk)) await once(stream, "drain");
  }
  if (out) {
    (stream as ReturnType<typeof createWriteStream>).end();
    await once(stream, "finish");
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
