// npm exec tsx scripts/generate-log.ts -- --size 100MB --seed 1 --out FILE
//
// Writes a seeded, realistic monitor log (lib/monitor-log/generate.ts) of
// about the requested size, streaming, so sizes beyond memory work.

import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { generateLog } from "../lib/monitor-log/generate";

const UNITS: Record<string, number> = { "": 1, B: 1, KB: 1 << 10, MB: 1 << 20, GB: 1 << 30 };

function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?B?)$/i.exec(v.trim());
  const unit = UNITS[(m?.[2] ?? "").toUpperCase()];
  if (!m || unit === undefined) throw new Error(`--size wants e.g. 100MB, got ${v}`);
  return Math.floor(Number(m[1]) * unit);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const get = (name: string) => {
    const i = args.indexOf(name);
    return i === -1 ? undefined : args[i + 1];
  };
  const size = parseSize(get("--size") ?? "1MB");
  const seed = Number(get("--seed") ?? "1");
  const out = get("--out");
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
