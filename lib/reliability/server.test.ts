// Concurrency and crash safety against a real server process (the app's route
// handlers behind node:http, lib/testing/api-server.ts) on a real SQLite file:
// ten uploads at once, reads while a large upload is ingested, and SIGKILL in
// the middle of a large ingest.
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import pg from "pg";
import { openDatabase } from "@/lib/db/open";
import { generateLog } from "@/lib/monitor-log/generate";
import { fixture, seedFixtureNames } from "@/lib/testing/api";
import { countRows, createTestDatabase, type TestDatabase, testDatabaseKinds } from "@/lib/testing/databases";
import { fileBody } from "@/lib/testing/file-body";
import { type ApiServerProcess, killApiServer, startApiServer } from "@/lib/testing/api-server-process";
import { makeTempDir } from "@/lib/testing/temp-db";

const temp = makeTempDir();
const bigLog = path.join(temp.dir, "big.log");

function uploadFile(base: string, file: string, name: string): Promise<Response> {
  const body = fileBody(file, 64 * 1024);
  return fetch(`${base}/api/logs?filename=${name}`, {
    method: "POST",
    body,
    headers: { "content-type": "text/plain" },
    duplex: "half",
  } as RequestInit);
}

beforeAll(async () => {
  const out = fs.createWriteStream(bigLog);
  for (const chunk of generateLog({ seed: 11, targetSize: 24 * 1024 * 1024, job: "big-job" })) {
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}, 120_000);

afterAll(() => temp.cleanup());

describe.each(testDatabaseKinds())("a server process under load and failure, on %s", (kind) => {
  let database: TestDatabase;
  let server: ApiServerProcess | null = null;
  const counts = async () => {
    const rows = await countRows(database.url, ["Log", "Build", "Sample"]);
    return { logs: rows.Log ?? 0, builds: rows.Build ?? 0, samples: rows.Sample ?? 0 };
  };
  const stop = async () => {
    if (server) await killApiServer(server.child);
    server = null;
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind, "server");
    server = await startApiServer(database.url);
  }, 60_000);
  afterAll(async () => {
    await stop();
    await database.drop();
  });

  test("ten uploads at once, some of the same file: every distinct log stored exactly once, no errors", async () => {
    const names = seedFixtureNames().slice(0, 7);
    const batch = [...names, names[0], names[1], names[2]] as string[];
    const responses = await Promise.all(
      batch.map((name) =>
        fetch(`${server?.base}/api/logs?filename=${name}`, {
          method: "POST",
          body: fixture(name),
          headers: { "content-type": "text/plain" },
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 201), String(statuses)).toBe(true);
    expect(statuses.filter((s) => s === 201)).toHaveLength(7);
    expect((await counts()).logs).toBe(7);
  }, 60_000);

  test("reads keep being served while a large upload is ingested", async () => {
    const upload = uploadFile(server?.base as string, bigLog, "big.log");
    let done = false;
    void upload.finally(() => (done = true));
    let readsDuringUpload = 0;
    while (!done) {
      const response = await fetch(`${server?.base}/api/builds?pageSize=5`);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      if (!done) readsDuringUpload++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await upload).status).toBe(201);
    expect(readsDuringUpload).toBeGreaterThanOrEqual(5);
  }, 180_000);

  test("SIGKILL in the middle of a large ingest: the database opens, nothing of that upload remains, the rest is intact, and the upload then succeeds", async () => {
    // A second large log (different content) so the retry is not a duplicate of the previous test's.
    const log = path.join(temp.dir, "big2.log");
    fs.writeFileSync(log, fs.readFileSync(bigLog, "utf8").replace(/big-job/g, "big-job-2"));
    const before = await counts();

    // Send the log at a measured pace and kill the server when half of it is in: by then the
    // ingest has been writing builds inside its open transaction for a while.
    const total = fs.statSync(log).size;
    let sent = 0;
    let halfway: () => void = () => {};
    const reachedHalf = new Promise<void>((resolve) => (halfway = resolve));
    const paced = Readable.from(
      (async function* () {
        for await (const chunk of fs.createReadStream(log, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
          sent += chunk.length;
          if (sent > total / 2) halfway();
          yield chunk;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })(),
    );
    const upload = fetch(`${server?.base}/api/logs?filename=big2.log`, {
      method: "POST",
      body: Readable.toWeb(paced) as ReadableStream<Uint8Array>,
      headers: { "content-type": "text/plain" },
      duplex: "half",
    } as RequestInit).catch((error: unknown) => error);
    await reachedHalf;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await stop(); // without warning, mid-transaction
    expect(await upload).toBeInstanceOf(Error);
    paced.destroy();

    server = await startApiServer(database.url);
    const health = await fetch(`${server.base}/api/health`);
    expect(health.status).toBe(200);
    if (kind === "sqlite") {
      const db = openDatabase(database.url.slice("file:".length));
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      db.close();
    }
    expect(await counts()).toEqual(before);

    const retry = await uploadFile(server.base, log, "big2.log");
    expect(retry.status).toBe(201);
    expect((await counts()).logs).toBe(before.logs + 1);
    expect((await counts()).builds).toBeGreaterThan(before.builds);
  }, 180_000);
});

describe.each(testDatabaseKinds().filter((kind) => kind === "postgres"))("two app instances on one %s database", (kind) => {
  test("start at once on an empty database (each migration applied once); an upload through one is read through the other at once", async () => {
    const database = await createTestDatabase(kind, "instances");
    const [a, b] = await Promise.all([startApiServer(database.url), startApiServer(database.url)]);
    try {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query<{ migration_name: string; n: number }>(
        `SELECT migration_name, count(*)::int AS n FROM "_prisma_migrations" GROUP BY migration_name`,
      );
      await client.end();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.n === 1)).toBe(true);

      const name = "ProductCI_ejabberd_mqueue_random_monitor_25877.log";
      const upload = await fetch(`${a.base}/api/logs?filename=${name}`, {
        method: "POST",
        body: fixture(name),
        headers: { "content-type": "text/plain" },
      });
      expect(upload.status).toBe(201);
      const read = await fetch(`${b.base}/api/builds?job=ProductCI_ejabberd_mqueue_random_monitor`);
      const { builds } = (await read.json()) as { builds: { number: number; culprit: { class: string } }[] };
      expect(builds.map((x) => x.number)).toEqual([25877]);
      expect(builds[0]?.culprit.class).toBe("muc_room");

      // The same content through the other instance is a duplicate there too.
      const again = await fetch(`${b.base}/api/logs?filename=${name}`, {
        method: "POST",
        body: fixture(name),
        headers: { "content-type": "text/plain" },
      });
      expect(again.status).toBe(200);
    } finally {
      await killApiServer(a.child);
      await killApiServer(b.child);
      await database.drop();
    }
  }, 60_000);
});
