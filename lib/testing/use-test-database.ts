// The vitest side of lib/testing/databases.ts (kept apart so that scripts,
// e.g. the benchmarks, can use databases.ts without loading vitest).
import { afterAll, beforeAll } from "vitest";
import { getPrisma } from "@/lib/db/client";
import { getStore } from "@/lib/db/store";
import { createTestDatabase, type DatabaseKind, type TestDatabase } from "./databases";

/**
 * For a describe block: a fresh database of `kind` made the app's
 * DATABASE_URL and migrated before its tests, closed and dropped after.
 * Returns a getter (the database exists only once beforeAll has run).
 */
export function useTestDatabase(kind: DatabaseKind, name: string): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(kind, name);
    process.env.DATABASE_URL = database.url;
    await getStore();
  });
  afterAll(async () => {
    await (await getStore()).close();
    await getPrisma().$disconnect();
    await database?.drop();
  });
  return () => {
    if (!database) throw new Error("the test database is made in beforeAll");
    return database;
  };
}
