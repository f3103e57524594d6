// PostgreSQL: more uploads at once than the instance has upload connections (PG_UPLOAD_CONNECTIONS)
// wait their turn. They waited in node-postgres' pool, where the wait counted against the 5 s
// connection timeout: 16 simultaneous 3 MB uploads on 10 connections answered 6 × 503 "the
// database did not answer in time" while the database was fine, and ten slow clients made every
// other upload 503. A wait past the queue's bound is a 503 naming the uploads in progress.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { createPostgresStore } from "@/lib/db/store/postgres";
import { AppError, errorResponse } from "@/lib/errors";
import { generateLog } from "@/lib/monitor-log/generate";
import { rawRequest, slowRequest } from "@/lib/testing/api";
import { countRows, testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";
import { CONNECT_TIMEOUT_MS } from "./pg-timeouts";

const delay = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(resolve, ms, value));

const generated = (job: string, seed: number, builds: number) => [...generateLog({ seed, builds, job, firstBuild: 1 })].join("");

function halves(bytes: Uint8Array): Uint8Array[] {
  const half = Math.floor(bytes.byteLength / 2);
  return [bytes.subarray(0, half), bytes.subarray(half)];
}

/** Connections of `url`'s database inside a transaction and waiting on their client: uploads reading their body. */
async function idleInTransaction(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction' AND pid <> pg_backend_pid()`,
    );
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return;
    await delay(50, null);
  }
  throw new Error(`never: ${what}`);
}

describe.runIf(testDatabaseKinds().includes("postgres"))("PostgreSQL: uploads beyond the instance's connections wait their turn", () => {
  const previous = process.env.PG_UPLOAD_CONNECTIONS;
  // Read when the store is made, in useTestDatabase's beforeAll.
  beforeAll(() => {
    process.env.PG_UPLOAD_CONNECTIONS = "2";
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.PG_UPLOAD_CONNECTIONS;
    else process.env.PG_UPLOAD_CONNECTIONS = previous;
  });
  const database = useTestDatabase("postgres", "upload_queue");

  test("two slow clients hold both connections past the connection timeout: four more uploads wait, then all six are stored", async () => {
    const before = await countRows(database().url, ["Log", "Build"]);
    const slow = [0, 1].map((i) => slowRequest(halves(new TextEncoder().encode(generated(`queue-slow-${i}`, 30 + i, 20))), "text/plain", `?filename=slow-${i}.log`));
    const slowAnswers = slow.map((s) => postLogs(s.request));
    await until(async () => (await idleInTransaction(database().url)) === 2, "both slow uploads inside their transaction");
    const quick = [0, 1, 2, 3].map((i) => postLogs(rawRequest(generated(`queue-quick-${i}`, 40 + i, 3), "text/plain", { query: `?filename=quick-${i}.log` })));
    // Past the connection timeout the quick ones still wait (they answered 503 there before).
    const settled = quick.map((answer) => answer.then((r) => r.status));
    expect(await Promise.race([Promise.race(settled), delay(CONNECT_TIMEOUT_MS + 1_500, "waiting")])).toBe("waiting");
    for (const s of slow) s.release();
    const statuses = await Promise.all([...slowAnswers.map((a) => a.then((r) => r.status)), ...settled]);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201]);
    expect(await countRows(database().url, ["Log", "Build"])).toEqual({ Log: before.Log! + 6, Build: before.Build! + 2 * 20 + 4 * 3 });
  }, 60_000);

  test("a transaction that waits past the queue's bound fails with 503 naming the uploads in progress, and holds no slot", async () => {
    const store = createPostgresStore(database().url, { uploadConnections: 1, queueWaitMs: 300 });
    try {
      let finish: () => void = () => undefined;
      const holding = store.transaction(() => new Promise<void>((resolve) => (finish = resolve)));
      const waited = await store.transaction(async () => "ran").catch((error: unknown) => error);
      expect(waited).toBeInstanceOf(AppError);
      expect(waited).toMatchObject({ status: 503, message: expect.stringMatching(/^1 upload or deletion in progress on this instance \(PG_UPLOAD_CONNECTIONS=1\); this one waited 0 s.*: nothing was written, retry later$/) });
      expect(errorResponse(waited).headers.get("retry-after")).toBe("30");
      finish();
      await holding;
      expect(await store.transaction(async () => "ran")).toBe("ran");
    } finally {
      await store.close();
    }
  });
});
