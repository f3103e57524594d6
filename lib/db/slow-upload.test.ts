// Integration: an upload whose client sends slowly no longer holds the others. On SQLite (one
// writer) it gives the writer up once another upload waits for it and it has waited on its client
// for a while (lib/upload/spool.ts): its transaction is rolled back, the rest of its body is kept
// aside on disk, and it is read again from there once it is in. On PostgreSQL transactions run side
// by side: the other upload is answered too.
import { describe, expect, test, vi } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { getStore } from "@/lib/db/store";
import { scanLog } from "@/lib/monitor-log";
import { generateLog } from "@/lib/monitor-log/generate";
import { fixture, gzip, rawRequest, seedFixtureNames, slowRequest } from "@/lib/testing/api";
import { countRows, testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

type Answer = { logs: { logId: number; duplicate: boolean }[]; builds: { id: number; job: string | null; number: number | null }[] };

const delay = (ms: number) => new Promise<"timeout">((resolve) => setTimeout(resolve, ms, "timeout"));

function halves(bytes: Uint8Array): Uint8Array[] {
  const half = Math.floor(bytes.byteLength / 2);
  return [bytes.subarray(0, half), bytes.subarray(half)];
}

function generated(job: string, seed: number, builds: number): string {
  return [...generateLog({ seed, builds, job, firstBuild: 1 })].join("");
}

async function answer(response: Response, status: number): Promise<Answer> {
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as Answer;
}

describe.each(testDatabaseKinds())("a slow upload and a quick one, on %s", (kind) => {
  const database = useTestDatabase(kind, "slow_upload");

  test("the quick one is answered while the slow one waits on its client; then the slow one is stored whole", async () => {
    const slowLog = generated(`slow-${kind}`, 11, 30);
    const slow = slowRequest(halves(new TextEncoder().encode(slowLog)), "text/plain", "?filename=slow.log");
    const before = await countRows(database().url, ["Log", "Build"]);
    const slowAnswer = postLogs(slow.request);
    await slow.stalled;
    const quick = postLogs(rawRequest(generated(`quick-${kind}`, 12, 5), "text/plain", { query: "?filename=quick.log" }));
    expect(await Promise.race([quick.then(() => "answered"), delay(20_000)])).toBe("answered");
    expect((await answer(await quick, 201)).builds).toHaveLength(5);
    // The slow upload has stored nothing yet; its client has not sent the rest.
    expect((await countRows(database().url, ["Build"])).Build).toBe(before.Build! + 5);
    slow.release();
    const stored = await answer(await slowAnswer, 201);
    expect(stored.builds.map((build) => build.number)).toEqual(scanLog(slowLog).map((run) => run.number));
    expect(stored.builds).toHaveLength(30);
    expect(await countRows(database().url, ["Log", "Build"])).toEqual({ Log: before.Log! + 2, Build: before.Build! + 35 });
  }, 60_000);
});

describe("SQLite: the slow upload gives the writer up and is read again", () => {
  useTestDatabase("sqlite", "slow_upload_restart");

  async function transactionsDuring<T>(work: () => Promise<T>): Promise<{ result: T; transactions: number }> {
    const store = await getStore();
    const spy = vi.spyOn(store, "transaction");
    try {
      return { result: await work(), transactions: spy.mock.calls.length };
    } finally {
      spy.mockRestore();
    }
  }

  test("a gzip file in a form, fields before it: read again from disk with its fields, after the quick upload", async () => {
    const form = new FormData();
    form.append("job", "slow-form");
    form.append("number", "4242");
    form.append("file", new Blob([gzip(fixture(seedFixtureNames()[0]!)) as BlobPart]), "console.log.gz");
    const encoded = new Response(form);
    const body = new Uint8Array(await encoded.arrayBuffer());
    const slow = slowRequest(halves(body), encoded.headers.get("content-type")!);
    const { result, transactions } = await transactionsDuring(async () => {
      const slowAnswer = postLogs(slow.request);
      await slow.stalled;
      const quick = await postLogs(rawRequest(generated("quick-form", 13, 3), "text/plain", { query: "?filename=quick.log" }));
      await answer(quick, 201);
      slow.release();
      return answer(await slowAnswer, 201);
    });
    expect(result.builds.map((build) => [build.job, build.number])).toEqual([["slow-form", 4242]]);
    // The slow upload's first reading (rolled back), the quick one, the slow one read again.
    expect(transactions).toBe(3);
  }, 60_000);

  test.each(["text/plain", "multipart/form-data"])(
    "a big upload sent fast (%s), with another waiting from early on: read once, then the other",
    async (type) => {
      // About 30 MB: several seconds of reading after the other began waiting.
      const log = generated(`fast-${type.split("/")[0]}`, 19, 2500);
      let body: Uint8Array;
      let contentType = type;
      if (type === "text/plain") body = new TextEncoder().encode(log);
      else {
        const form = new FormData();
        form.append("file", new Blob([log]), "big.log");
        const encoded = new Response(form);
        body = new Uint8Array(await encoded.arrayBuffer());
        contentType = encoded.headers.get("content-type")!;
      }
      // A client on a fast line: each 64 KB is there one turn of the event loop after it is asked for.
      let at = 0;
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((resolve) => setImmediate(resolve));
          if (at >= body.byteLength) controller.close();
          else controller.enqueue(body.slice(at, (at += 64 * 1024)));
        },
      });
      const request = new Request("http://127.0.0.1/api/logs?filename=fast.log", { method: "POST", body: stream, headers: { "content-type": contentType }, duplex: "half" } as RequestInit);
      const { result, transactions } = await transactionsDuring(async () => {
        const big = postLogs(request);
        await delay(200);
        const quick = postLogs(rawRequest(generated(`fast-quick-${type.split("/")[0]}`, 20, 1), "text/plain", { query: "?filename=quick.log" }));
        const [bigAnswer] = await Promise.all([big.then((r) => answer(r, 201)), quick.then((r) => answer(r, 201))]);
        return bigAnswer;
      });
      expect(result.builds).toHaveLength(2500);
      // The big one, then the other: no reading given up and done again.
      expect(transactions).toBe(2);
    },
    120_000,
  );

  test("UPLOAD_SPOOL_DIR=off: nothing is kept aside, the slow upload keeps the writer as before", async () => {
    process.env.UPLOAD_SPOOL_DIR = "off";
    try {
      const slow = slowRequest(halves(new TextEncoder().encode(generated("kept-writer", 21, 6))), "text/plain", "?filename=kept.log");
      const { result, transactions } = await transactionsDuring(async () => {
        const slowAnswer = postLogs(slow.request);
        await slow.stalled;
        const quick = postLogs(rawRequest(generated("kept-quick", 22, 1), "text/plain", { query: "?filename=quick.log" }));
        expect(await Promise.race([quick.then(() => "answered"), delay(3_500)])).toBe("timeout");
        slow.release();
        await answer(await quick, 201);
        return answer(await slowAnswer, 201);
      });
      expect(result.builds).toHaveLength(6);
      expect(transactions).toBe(2);
    } finally {
      delete process.env.UPLOAD_SPOOL_DIR;
    }
  }, 60_000);

  test("no other upload waiting: a slow client keeps the writer and is read once", async () => {
    const slow = slowRequest(halves(new TextEncoder().encode(generated("alone", 14, 6))), "text/plain", "?filename=alone.log");
    const { result, transactions } = await transactionsDuring(async () => {
      const slowAnswer = postLogs(slow.request);
      await slow.stalled;
      await delay(2_500);
      slow.release();
      return answer(await slowAnswer, 201);
    });
    expect(result.builds).toHaveLength(6);
    expect(transactions).toBe(1);
  }, 60_000);

  test("the client goes away after the slow upload gave the writer up: a 400, nothing of it stored, the quick one stored", async () => {
    const slow = slowRequest(halves(new TextEncoder().encode(generated("gone", 15, 8))), "text/plain", "?filename=gone.log");
    const database = await countRows(process.env.DATABASE_URL!, ["Log", "Build"]);
    const slowAnswer = postLogs(slow.request);
    await slow.stalled;
    await answer(await postLogs(rawRequest(generated("quick-gone", 16, 2), "text/plain", { query: "?filename=quick.log" })), 201);
    slow.fail(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
    const response = await slowAnswer;
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/cut off before its end/);
    expect(await countRows(process.env.DATABASE_URL!, ["Log", "Build"])).toEqual({ Log: database.Log! + 1, Build: database.Build! + 2 });
  }, 60_000);

  test("the rest of the body passes the upload limit while it is kept aside: a 413, nothing of it stored", async () => {
    const log = new TextEncoder().encode(generated("too-big", 17, 40));
    process.env.MAX_UPLOAD_BYTES = String(Math.floor(log.byteLength * 0.75));
    try {
      const slow = slowRequest(halves(log), "text/plain", "?filename=big.log");
      const database = await countRows(process.env.DATABASE_URL!, ["Log", "Build"]);
      const slowAnswer = postLogs(slow.request);
      await slow.stalled;
      await answer(await postLogs(rawRequest(generated("quick-big", 18, 1), "text/plain", { query: "?filename=quick.log" })), 201);
      slow.release();
      const response = await slowAnswer;
      expect(response.status).toBe(413);
      expect(await countRows(process.env.DATABASE_URL!, ["Log", "Build"])).toEqual({ Log: database.Log! + 1, Build: database.Build! + 1 });
    } finally {
      delete process.env.MAX_UPLOAD_BYTES;
    }
  }, 60_000);
});
