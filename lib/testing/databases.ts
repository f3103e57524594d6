// Test databases for both kinds. SQLite: a file in a temporary folder.
// PostgreSQL: a fresh database on the server TEST_POSTGRES_URL names (npm test
// starts a throw-away server and sets it; see scripts/test.mjs). Without that
// server the PostgreSQL runs are left out with a message, except on CI, where
// leaving them out would hide a missing feature: there it is an error.
import path from "node:path";
import pg from "pg";
import { openDatabase } from "@/lib/db/open";
import { makeTempDir } from "./temp-db";

export type DatabaseKind = "sqlite" | "postgres";
export type TestDatabase = { kind: DatabaseKind; url: string; drop(): Promise<void> };

export function testDatabaseKinds(): DatabaseKind[] {
  if (process.env.TEST_POSTGRES_URL) return ["sqlite", "postgres"];
  if (process.env.CI) throw new Error("TEST_POSTGRES_URL is not set: CI must run the suite on PostgreSQL too");
  console.warn("TEST_POSTGRES_URL not set (no PostgreSQL installed?): running on SQLite only");
  return ["sqlite"];
}

let counter = 0;

export async function createTestDatabase(kind: DatabaseKind, name: string): Promise<TestDatabase> {
  if (kind === "sqlite") {
    const temp = makeTempDir();
    return { kind, url: `file:${path.join(temp.dir, `${name}.db`)}`, drop: async () => temp.cleanup() };
  }
  const server = process.env.TEST_POSTGRES_URL as string;
  const database = `t_${name.replace(/\W/g, "_")}_${process.pid}_${++counter}_${Date.now() % 100000}`.toLowerCase();
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${database}`;
  return {
    kind,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Row counts of the app's tables, for "nothing changed" assertions. */
export async function countRows(url: string, tables = ["Log", "Build", "TopEntry", "Sample", "Room", "Incident"]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  if (url.startsWith("file:")) {
    const db = openDatabase(url.slice("file:".length));
    try {
      for (const table of tables) out[table] = (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    } finally {
      db.close();
    }
    return out;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const table of tables) out[table] = Number((await client.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
  } finally {
    await client.end();
  }
  return out;
}

