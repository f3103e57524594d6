// Moving a SQLite database to PostgreSQL keeps every row, id and answer.
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getRooms } from "@/app/api/rooms/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { getPrisma } from "@/lib/db/client";
import { fixture, getRequest, multipartRequest, seedFixtureNames } from "@/lib/testing/api";
import { countRows, createTestDatabase, type TestDatabase, testDatabaseKinds } from "@/lib/testing/databases";
import { copySqliteToPostgres } from "./copy";
import { openDatabase } from "./open";
import { getStore } from "./store";

// Needs PostgreSQL: without one (a developer machine without it) this is reported as skipped, never silently
// absent; on CI testDatabaseKinds() refuses to run without PostgreSQL at all.
const withPostgres = testDatabaseKinds().includes("postgres");

describe.skipIf(!withPostgres)("db:copy from SQLite to PostgreSQL", () => {
  let sqlite: TestDatabase;
  let postgres: TestDatabase;

  beforeAll(async () => {
    sqlite = await createTestDatabase("sqlite", "copy");
    postgres = await createTestDatabase("postgres", "copy");
    process.env.DATABASE_URL = sqlite.url;
    const names = seedFixtureNames();
    const response = await postLogs(multipartRequest(names.map((name) => ({ name, content: fixture(name) }))));
    expect(response.status).toBe(201);
  });
  afterAll(async () => {
    await (await getStore()).close();
    await getPrisma().$disconnect();
    await sqlite.drop();
    await postgres.drop();
  });

  test("copies every table, and the API answers the same from the copy", async () => {
    const answers = async () => ({
      rooms: await (await getRooms(getRequest("/api/rooms"))).json(),
      incidents: await (await getIncidents(getRequest("/api/incidents"))).json(),
    });
    const before = await answers();
    const source = openDatabase(path.resolve(sqlite.url.slice("file:".length)));
    const target = new pg.Client({ connectionString: postgres.url });
    await target.connect();
    const copied = await copySqliteToPostgres(source, target);
    source.close();
    expect(await countRows(postgres.url)).toEqual(await countRows(sqlite.url));
    expect(copied.Build).toBeGreaterThan(20);
    await expect(copySqliteToPostgres(openDatabase(path.resolve(sqlite.url.slice("file:".length))), target)).rejects.toThrow(/already holds logs/);
    await target.end();

    process.env.DATABASE_URL = postgres.url;
    expect(await answers()).toEqual(before);
    // The sequences moved past the copied ids: a new upload gets fresh ids.
    await getStore();
    const more = fixture("ProductCI_ejabberd_mqueue_random_monitor_27044.log").replace(/27044/g, "99001");
    expect((await postLogs(multipartRequest([{ name: "more.log", content: more }]))).status).toBe(201);
  });
});
