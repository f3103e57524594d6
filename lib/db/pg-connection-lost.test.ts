// An upload's PostgreSQL connection that goes silent or is cut while the pool holds it open (a
// review, 2026-12-06: the postmaster stopped with SIGSTOP, then `pg_ctl -m fast stop`):
// - silent: BEGIN waited the statement timeout (120 s), then ROLLBACK on the same silent
//   connection another 120 s, and the connection went back to the pool for the next upload;
// - cut: the checked-out connection's 'error' event had no listener: an uncaughtException.
// Through a proxy in front of the test server that can stop forwarding, or close every socket.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createBareClient } from "@/lib/db/client";
import { prismaQueryTimeoutMs, QUERY_TIMEOUT_MS, READ_QUERY_TIMEOUT_MS } from "@/lib/db/pg-timeouts";
import { createPostgresStore } from "@/lib/db/store/postgres";
import { databaseUnavailable } from "@/lib/errors";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "@/lib/testing/databases";

const withPostgres = testDatabaseKinds().includes("postgres");

/** A TCP proxy to `target`: `silence()` stops forwarding (both ways, sockets kept open); `cut()` closes every socket. */
async function startProxy(target: URL) {
  const pairs = new Set<[net.Socket, net.Socket]>();
  let silent = false;
  let connections = 0;
  /** What clients sent while the proxy was silent. */
  let unanswered = "";
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    for (const socket of pair) socket.on("error", () => undefined);
    client.on("data", (chunk: Buffer) => (silent ? (unanswered += chunk.toString("latin1")) : upstream.write(chunk)));
    upstream.on("data", (chunk) => (silent ? undefined : client.write(chunk)));
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    unanswered: () => unanswered,
    silence: () => (silent = true),
    cut: () => {
      for (const pair of pairs) for (const socket of pair) socket.destroy();
    },
    close: async () => {
      for (const pair of pairs) for (const socket of pair) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.skipIf(!withPostgres)("an upload's PostgreSQL connection lost while the pool holds it", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("postgres", "conn_lost");
    const store = createPostgresStore(database.url);
    await store.migrate();
    await store.close();
  });
  afterAll(async () => {
    await database.drop();
  });

  /** A store through a fresh proxy, its upload connection opened and back in the pool. */
  async function warmStore(queryTimeoutMs: number) {
    const proxy = await startProxy(new URL(database.url));
    const url = new URL(database.url);
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    const store = createPostgresStore(url.toString(), { uploadConnections: 1, queryTimeoutMs });
    await store.transaction(async (session) => session.findLogBySha("0".repeat(64)));
    return { store, proxy };
  }

  test("silent: the upload fails after one statement timeout, not two, and the next one gets a new connection", async () => {
    const { store, proxy } = await warmStore(1_000);
    try {
      proxy.silence();
      const opened = proxy.connections();
      const error = await store.transaction(async (session) => session.findLogBySha("1".repeat(64))).catch((e: unknown) => e);
      expect(databaseUnavailable(error)).toMatch(/^the database did not answer in time/);
      // BEGIN went unanswered. (A ROLLBACK after it queued behind it on the silent connection and
      // waited a statement timeout of its own: 240 s in all for an upload. Not measured here: timing.)
      expect(proxy.unanswered()).toContain("BEGIN");
      // The silent connection left the pool: the next transaction opens a new one (which the
      // silent proxy never answers either: its connect timeout) instead of reusing the dead one.
      // (The old code handed it back: the next upload waited on it again.)
      const next = await store.transaction(async (session) => session.findLogBySha("2".repeat(64))).catch((e: unknown) => e);
      expect(databaseUnavailable(next)).not.toBeNull();
      expect(proxy.connections()).toBe(opened + 1);
    } finally {
      proxy.cut();
      await store.close().catch(() => undefined);
      await proxy.close();
    }
  }, 30_000);

  test("a page's read through Prisma on a silent connection: fails after the read timeout, and the next read opens a new connection", async () => {
    const proxy = await startProxy(new URL(database.url));
    const url = new URL(database.url);
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    const prisma = createBareClient(url.toString(), 1_000);
    try {
      expect(await prisma.build.count()).toBe(0);
      proxy.silence();
      const opened = proxy.connections();
      const started = Date.now();
      const error = await prisma.build.count().catch((e: unknown) => e);
      expect(databaseUnavailable(error)).not.toBeNull();
      // The read timeout, not QUERY_TIMEOUT_MS (a generous bound: the machine is shared).
      expect(Date.now() - started).toBeLessThan(10_000);
      const next = await prisma.build.count().catch((e: unknown) => e);
      expect(databaseUnavailable(next)).not.toBeNull();
      expect(proxy.connections()).toBe(opened + 1);
    } finally {
      proxy.cut();
      await prisma.$disconnect().catch(() => undefined);
      await proxy.close();
    }
  }, 30_000);

  test("cut during a transaction: the upload fails as unavailable, and no uncaughtException", async () => {
    const { store, proxy } = await warmStore(10_000);
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      const error = await store
        .transaction(async (session) => {
          await session.findLogBySha("3".repeat(64));
          proxy.cut();
          // Let the socket's close reach the client while it is checked out and idle.
          await new Promise((resolve) => setTimeout(resolve, 200));
          return session.findLogBySha("4".repeat(64));
        })
        .catch((e: unknown) => e);
      expect(databaseUnavailable(error)).not.toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(uncaught).toEqual([]);
    } finally {
      process.off("uncaughtException", onUncaught);
      await store.close().catch(() => undefined);
      await proxy.close();
    }
  }, 30_000);
});

describe("the Prisma client's statement timeout", () => {
  test("the server's reads: 30 s, below a proxy's 60 s; scripts keep 120 s", () => {
    expect(READ_QUERY_TIMEOUT_MS).toBe(30_000);
    expect(prismaQueryTimeoutMs("nodejs")).toBe(READ_QUERY_TIMEOUT_MS);
    expect(prismaQueryTimeoutMs(undefined)).toBe(QUERY_TIMEOUT_MS);
  });
});
