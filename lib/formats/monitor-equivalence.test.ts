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

// A mailbox can hold what another format prints: here an rpc reply carrying
// recon:proc_count's own answer, whose continuation line `[{<0.1.0>,12,...`
// is what starts a recon section. Inside the monitor's message list it is
// part of a message, not a paste of recon output.
describe("lines that continue a monitor term belong to it", () => {
  const log = [
    "processes sorted by queue_len desc:",
    " [{<6562.783.478>,{message_queue_len,3102}},",
    "  {<6562.10.0>,{message_queue_len,0}}]",
    "message queue len of pid <6562.783.478> : {message_queue_len,3102}",
    "message in pid <6562.783.478> :",
    " [{<6562.5.0>,",
    "   {reply,",
    "    [{<0.1.0>,12,[{current_function,{gen,do_call,4}}]},",
    "     {<0.2.0>,7,[]}]}},",
    "  {'$gen_call',{<6562.9.0>,#Ref<6562.0.1.2>},get_state}]",
    "",
  ].join("\n");

  it("an indented recon-looking line inside the message list is one of the messages", async () => {
    const runs = await collect<MonitorRun>(streamRuns(chunked(log), { source: "job_7.log" }));
    const snaps = await collect<Snapshot>(streamSnapshots(chunked(log), { source: "job_7.log" }));
    if (!("items" in runs)) throw new Error("the monitor scanner failed");
    expect(runs.items).toHaveLength(1);
    expect(runs.items[0]?.inspected?.samples).toHaveLength(2);
    expect(snaps).toEqual({ items: runs.items.map((r) => ({ ...r, sourceKind: "monitor", node: null, killed: null, service: false })) });
  });
});
