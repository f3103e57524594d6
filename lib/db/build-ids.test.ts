// PostgreSQL's Build ids come from an int4 sequence, shared by every instance. An upload took them
// in blocks of 2,000 whatever it stored (one build, a duplicate, a 409, a failure): measured
// 2,030,015 taken for 29,039 builds, so the sequence ran out after ~1 M uploads and every upload
// then answered 500. An upload now takes one id per build it writes.
import pg from "pg";
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { scanLog } from "@/lib/monitor-log";
import { generateLog } from "@/lib/monitor-log/generate";
import { rawRequest } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The last id the Build sequence handed out (0 before its first). */
const lastBuildId = (url: string) =>
  withClient(url, async (client) => {
    const { rows } = await client.query<{ last: string | null }>(`SELECT last_value AS last FROM pg_sequences WHERE sequencename = 'Build_id_seq'`);
    return Number(rows[0]?.last ?? 0);
  });

const log = (seed: number, builds: number, job: string, firstBuild: number) => [...generateLog({ seed, builds, job, firstBuild })].join("");

describe.runIf(testDatabaseKinds().includes("postgres"))("Build ids on PostgreSQL", () => {
  const database = useTestDatabase("postgres", "build_ids");

  test("one-build uploads, duplicates and 409s take about one id per build stored (2,000 an upload before)", async () => {
    const before = await lastBuildId(database().url);
    const logs = Array.from({ length: 20 }, (_, i) => log(100 + i, 1, "ids_job", 1 + i));
    const statuses: number[] = [];
    for (const [i, text] of logs.entries()) statuses.push((await postLogs(rawRequest(text, "text/plain", { query: `?filename=one-${i}.log` }))).status);
    // The same content again (a duplicate), and other content claiming a stored build number (a 409).
    statuses.push((await postLogs(rawRequest(logs[0]!, "text/plain", { query: "?filename=again.log" }))).status);
    statuses.push((await postLogs(rawRequest(log(999, 1, "ids_job", 1), "text/plain", { query: "?filename=clash.log" }))).status);
    expect(statuses).toEqual([...Array(20).fill(201), 200, 409]);
    const taken = (await lastBuildId(database().url)) - before;
    expect(taken).toBeGreaterThanOrEqual(20);
    expect(taken).toBeLessThanOrEqual(22);
  }, 120_000);

  test("a large upload (many write batches) stores each build's top list and samples under its own id", async () => {
    const text = log(7, 400, "ids_big", 1000);
    const before = await lastBuildId(database().url);
    const response = await postLogs(rawRequest(text, "text/plain", { query: "?filename=big.log" }));
    expect(response.status).toBe(201);
    const { logs } = (await response.json()) as { logs: { logId: number }[] };
    const logId = logs[0]!.logId;
    const taken = (await lastBuildId(database().url)) - before;
    expect(taken).toBe(400);
    const runs = scanLog(text);
    const stored = await withClient(database().url, async (client) => {
      const { rows } = await client.query<{ id: number; seq: number; top: string; samples: string; pids: string | null }>(
        `SELECT b."id", b."seq",
                (SELECT count(*) FROM "TopEntry" t WHERE t."buildId" = b."id") AS top,
                (SELECT count(*) FROM "Sample" s WHERE s."buildId" = b."id") AS samples,
                (SELECT string_agg(t."pid", ',' ORDER BY t."rank") FROM "TopEntry" t WHERE t."buildId" = b."id") AS pids
           FROM "Build" b WHERE b."logId" = $1 ORDER BY b."seq"`,
        [logId],
      );
      const orphans = await client.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM "TopEntry" t WHERE NOT EXISTS (SELECT 1 FROM "Build" b WHERE b."id" = t."buildId"))
              + (SELECT count(*) FROM "Sample" s WHERE NOT EXISTS (SELECT 1 FROM "Build" b WHERE b."id" = s."buildId")) AS n`,
      );
      return { rows, orphans: Number(orphans.rows[0]!.n) };
    });
    expect(stored.orphans).toBe(0);
    expect(stored.rows).toHaveLength(400);
    expect(new Set(stored.rows.map((r) => r.id)).size).toBe(400);
    expect(stored.rows.map((r) => ({ top: Number(r.top), samples: Number(r.samples), pids: r.pids ?? "" }))).toEqual(
      runs.map((run) => ({ top: run.top.length, samples: run.inspected?.samples.length ?? 0, pids: run.top.map((e) => e.pid).join(",") })),
    );
  }, 120_000);
});
