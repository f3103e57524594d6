// A PostgreSQL database that cannot answer: refused (down, restarting), silent (hung: the server
// accepts the connection and never answers), or never migrated. Reads and uploads answer 503
// saying so, with Retry-After, in bounded time, nothing stored; the health check 503 within its
// own limit. Before: 500 "internal" for the first two kinds (CI could not tell "retry later" from a
// bug), and a silent database held every request, the health check's included, for ever.
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getHealth } from "@/app/api/health/route";
import { GET as getRooms } from "@/app/api/rooms/route";
import { GET as getTimeline } from "@/app/api/timeline/route";
import { POST as postLogs } from "@/app/api/logs/route";
import { DELETE as deleteLogRoute } from "@/app/api/logs/[id]/route";
import { CONNECT_TIMEOUT_MS } from "@/lib/db/pg-timeouts";
import { createPostgresStore } from "@/lib/db/store/postgres";
import { databaseUnavailable, fromDatabase } from "@/lib/errors";
import { closedPort } from "@/lib/testing/closed-port";
import { fixture, getRequest, rawRequest } from "@/lib/testing/api";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "@/lib/testing/databases";

const LOG = () => fixture("ProductCI_ejabberd_mqueue_random_monitor_25877.log");

async function answer(response: Promise<Response>): Promise<{ status: number; retryAfter: string | null; body: { error?: { code: string; message: string }; ok?: boolean }; ms: number }> {
  const started = performance.now();
  const r = await response;
  return { status: r.status, retryAfter: r.headers.get("retry-after"), body: (await r.json()) as never, ms: performance.now() - started };
}

const previous = process.env.DATABASE_URL;
afterAll(() => {
  process.env.DATABASE_URL = previous;
});

describe("a PostgreSQL database that refuses connections (down, restarting)", () => {
  test("reads, uploads and the health check answer 503: the API's say so and when to retry", async () => {
    process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${await closedPort()}/dashboard`;
    const read = await answer(getBuilds(getRequest("/api/builds")));
    // A read changes nothing: it says to retry; an upload, that nothing was stored; a deletion, that nothing was deleted.
    expect(read).toMatchObject({ status: 503, retryAfter: "30", body: { error: { code: "unavailable", message: "the database cannot be reached: retry later" } } });
    const upload = await answer(postLogs(rawRequest(LOG(), "text/plain")));
    expect(upload).toMatchObject({ status: 503, retryAfter: "30", body: { error: { code: "unavailable", message: "the database cannot be reached; nothing was stored: retry later" } } });
    const deletion = await answer(deleteLogRoute(new Request("http://localhost/api/logs/1", { method: "DELETE" }), { params: Promise.resolve({ id: "1" }) }));
    expect(deletion).toMatchObject({ status: 503, retryAfter: "30", body: { error: { code: "unavailable", message: "the database cannot be reached; nothing was deleted: retry later" } } });
    expect(await answer(getHealth(getRequest("/api/health")))).toMatchObject({ status: 503, body: { ok: false } });
    // The pages' reads: their error carries the digest app/error.tsx tells a database outage by.
    const { getPrisma } = await import("@/lib/db/client");
    const { DATABASE_UNAVAILABLE_DIGEST } = await import("@/lib/unavailable-digest");
    for (const [name, read] of [
      ["findMany", () => getPrisma().build.findMany({ take: 1 })],
      ["$queryRaw", () => getPrisma().$queryRaw`SELECT 1`],
    ] as const) {
      await expect(read(), name).rejects.toMatchObject({ digest: DATABASE_UNAVAILABLE_DIGEST });
    }
    // Raw queries (the timeline's, the rooms') fail as Prisma's P2010 with the driver's error in its
    // `meta`, not as its cause: they answered 500 "internal".
    for (const [name, read] of [
      ["timeline", () => getTimeline(getRequest("/api/timeline"))],
      ["timeline csv", () => getTimeline(getRequest("/api/timeline?format=csv"))],
      ["rooms", () => getRooms(getRequest("/api/rooms"))],
    ] as const) {
      expect(await answer(read()), name).toMatchObject({ status: 503, retryAfter: "30", body: { error: { code: "unavailable" } } });
    }
  });
});

describe("a PostgreSQL server that accepts connections and never answers (hung)", () => {
  let server: net.Server;
  const sockets = new Set<net.Socket>();
  beforeAll(async () => {
    server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${(server.address() as net.AddressInfo).port}/dashboard`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test("the health check answers 503 within its 3 s; a read and an upload 503 once the connection times out (5 s)", async () => {
    const health = await answer(getHealth(getRequest("/api/health")));
    expect(health).toMatchObject({ status: 503, body: { ok: false } });
    expect(health.ms).toBeLessThan(4_500);
    const read = await answer(getBuilds(getRequest("/api/builds")));
    expect(read).toMatchObject({ status: 503, retryAfter: "30", body: { error: { code: "unavailable" } } });
    expect(read.ms).toBeLessThan(15_000);
    const upload = await answer(postLogs(rawRequest(LOG(), "text/plain")));
    expect(upload).toMatchObject({ status: 503, body: { error: { code: "unavailable" } } });
    expect(upload.ms).toBeLessThan(15_000);
  }, 60_000);
});

describe("a burst of uploads to a PostgreSQL server that hangs, more than the instance's upload connections", () => {
  test("each fails within about the connection timeout: the ones queued behind fail with the first, not one round of 5 s after another", async () => {
    const server = net.createServer((socket) => socket.on("error", () => undefined));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const store = createPostgresStore(`postgres://postgres@127.0.0.1:${(server.address() as net.AddressInfo).port}/dashboard`, { uploadConnections: 2 });
    try {
      const started = performance.now();
      const outcomes = await Promise.all(
        Array.from({ length: 5 }, () =>
          store.transaction(async () => "stored").then(
            () => ({ unavailable: null, ms: performance.now() - started }),
            (error: unknown) => ({ unavailable: databaseUnavailable(error), ms: performance.now() - started }),
          ),
        ),
      );
      for (const outcome of outcomes) {
        expect(outcome.unavailable).toMatch(/did not answer in time|cannot be reached/);
        expect(outcome.ms).toBeLessThan(CONNECT_TIMEOUT_MS + 3_000);
      }
    } finally {
      server.close();
      await store.close().catch(() => undefined);
    }
  }, 60_000);
});

describe.runIf(testDatabaseKinds().includes("postgres"))("a PostgreSQL database never migrated", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("postgres", "unmigrated");
    process.env.DATABASE_URL = database.url;
  });
  afterEach(() => undefined);
  afterAll(async () => {
    const { getPrisma } = await import("@/lib/db/client");
    await getPrisma().$disconnect();
    await database.drop();
  });

  test("a read before any migration says to run db:migrate (503), not 500", async () => {
    // The timeline's and the rooms' raw queries too (they answered 500).
    for (const [name, read] of [
      ["builds", () => getBuilds(getRequest("/api/builds"))],
      ["timeline", () => getTimeline(getRequest("/api/timeline"))],
      ["rooms", () => getRooms(getRequest("/api/rooms"))],
    ] as const) {
      expect(await answer(read()), name).toMatchObject({
        status: 503,
        body: { error: { code: "unavailable", message: "the database has no tables yet: run `npm run db:migrate` (`npm start` runs it before serving): retry later" } },
      });
    }
  });
});

describe("a SQLite file another process holds locked (a second server, a backup, a sqlite3 shell mid-transaction)", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite", "locked");
    process.env.DATABASE_URL = database.url;
  });
  afterAll(async () => {
    const { getStore } = await import("@/lib/db/store");
    await (await getStore()).close();
    const { getPrisma } = await import("@/lib/db/client");
    await getPrisma().$disconnect();
    await database.drop();
  });

  test("an upload waits the busy timeout, then answers 503 with Retry-After, nothing stored (was 500 internal)", async () => {
    const { default: Database } = await import("better-sqlite3");
    const { sqlitePathFromUrl } = await import("@/lib/env");
    const { countRows } = await import("@/lib/testing/databases");
    // The schema first (one ordinary read migrates nothing: the store migrates on first use).
    expect((await getBuilds(getRequest("/api/builds"))).status).toBe(200);
    const before = await countRows(database.url);
    const holder = new Database(sqlitePathFromUrl(database.url));
    holder.exec("BEGIN EXCLUSIVE");
    try {
      const upload = await answer(postLogs(rawRequest(LOG(), "text/plain")));
      expect(upload).toMatchObject({
        status: 503,
        retryAfter: "30",
        body: { error: { code: "unavailable", message: "the database is locked by another process or connection; nothing was stored: retry later" } },
      });
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
    expect(await countRows(database.url)).toEqual(before);
    expect((await answer(postLogs(rawRequest(LOG(), "text/plain")))).status).toBe(201);
  }, 60_000);
});

describe("fromDatabase", () => {
  test("tells the database's own refusals (a SQLSTATE code) from other errors, through causes", () => {
    expect(fromDatabase(Object.assign(new Error('database "nosuchdb" does not exist'), { code: "3D000" }))).toBe(true);
    expect(fromDatabase(new Error("wrapped", { cause: Object.assign(new Error("password authentication failed"), { code: "28P01" }) }))).toBe(true);
    // A DATABASE_URL without the password the server asks for (a diff review).
    expect(fromDatabase(new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string"))).toBe(true);
    // Node's errno codes are five letters too, without a digit (a diff review: EPIPE counted).
    for (const other of [{ code: "P2002" }, { code: "ECONNREFUSED" }, { code: "EPIPE" }, { code: "EBUSY" }, { code: "SQLITE_CANTOPEN" }, new TypeError("x"), null, "text"]) {
      expect(fromDatabase(other), JSON.stringify(other)).toBe(false);
    }
  });
});

describe("databaseUnavailable", () => {
  test("tells unreachable and unmigrated databases from other errors, through causes", () => {
    expect(databaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe("the database cannot be reached");
    expect(databaseUnavailable(new Error("wrapped", { cause: { code: "57P01" } }))).toBe("the database cannot be reached");
    expect(databaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe("the database did not answer in time, or closed the connection");
    expect(databaseUnavailable({ code: "P2021" })).toMatch(/^the database has no tables yet/);
    expect(databaseUnavailable({ name: "SqliteError", code: "SQLITE_BUSY", message: "database is locked" })).toBe("the database is locked by another process or connection");
    expect(databaseUnavailable(new Error("wrapped", { cause: new Error("SqliteError: database is locked") }))).toBe("the database is locked by another process or connection");
    // Two uploads storing the same builds in opposite orders: PostgreSQL breaks the deadlock by
    // failing one (40P01; 40001 for a serialization failure). Sent again, it is stored or refused
    // (409): a "retry later", not a 500 "internal" (PostgreSQL review: 8 of 9 rounds).
    expect(databaseUnavailable(Object.assign(new Error("deadlock detected"), { code: "40P01" }))).toMatch(/^another transaction \(an upload, a deletion, a prune\) was writing some of the same rows/);
    expect(databaseUnavailable(new Error("wrapped", { cause: { originalCode: "40001" } }))).toMatch(/^another transaction \(an upload, a deletion, a prune\) was writing some of the same rows/);
    // Up, but past its max_connections: said so, not "cannot be reached" (a PostgreSQL review: the
    // server log and the answers blamed an outage for a misconfiguration).
    const tooMany = /^the database refused a connection: it has too many clients; keep every instance's connections \(PG_UPLOAD_CONNECTIONS \+ 4 \+ the read pool's 10\) below its max_connections$/;
    expect(databaseUnavailable(Object.assign(new Error("sorry, too many clients already"), { code: "53300" }))).toMatch(tooMany);
    expect(databaseUnavailable(new Error("wrapped", { cause: { kind: "TooManyConnections" } }))).toMatch(tooMany);
    expect(databaseUnavailable(new Error("wrapped", { cause: { originalCode: "53300" } }))).toMatch(tooMany);
    // A lock conflict within one connection is a bug to see, not a "retry later".
    expect(databaseUnavailable({ code: "SQLITE_LOCKED", message: "database table is locked" })).toBeNull();
    // A unique violation, an index entry too large, a bug: not the database's state.
    for (const other of [{ code: "23505" }, { code: "54000" }, new TypeError("x is undefined"), null, "text"]) expect(databaseUnavailable(other)).toBeNull();
  });
});
