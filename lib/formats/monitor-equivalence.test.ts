// A log that is only monitor output must read exactly as lib/monitor-log
// reads it today: same runs, same order, same errors, plus the snapshot's
// own fields at their "nothing known" values. Over every monitor fixture.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { streamRuns, type MonitorRun } from "../monitor-log";
import { detectFormats, streamSnapshots, type Snapshot } from "./index";

const DIR = join(__dirname, "..", "monitor-log", "__fixtures__");
const logs = readdirSync(DIR).filter((f) => f.endsWith(".log"));

async function collect<T>(gen: AsyncGenerator<T>): Promise<{ items: T[] } | { error: string; code: unknown }> {
  const items: T[] = [];
  try {
    for await (const x of gen) items.push(x);
    return { items };
  } catch (e) {
    return { error: (e as Error).message, code: (e as { code?: unknown }).code };
  }
}

/** A string in uneven chunks, so lines are split across them. */
function chunked(text: string): string[] {
  const out: string[] = [];
  for (let i = 0, n = 1; i < text.length; i += n, n = (n * 7 + 3) % 500 + 1) out.push(text.slice(i, i + n));
  return out;
}

describe("a pure monitor log gives streamRuns' runs", () => {
  it("covers the fixtures", () => expect(logs.length).toBeGreaterThan(25));

  it.each(logs)("%s", async (name) => {
    const text = readFileSync(join(DIR, name), "utf8");
    const options = { source: name };
    const runs = await collect<MonitorRun>(streamRuns(chunked(text), options));
    const snaps = await collect<Snapshot>(streamSnapshots(chunked(text), options));
    if ("error" in runs) {
      expect(snaps).toEqual(runs);
      return;
    }
    expect(snaps).toEqual({ items: runs.items.map((r) => ({ ...r, sourceKind: "monitor", node: null, killed: null, service: false })) });
  });

  it.each(logs)("%s: detection never sees another format in it", (name) => {
    const kinds = detectFormats(readFileSync(join(DIR, name), "utf8"), { source: name });
    expect(kinds.filter((k) => k !== "monitor")).toEqual([]);
  });
});
