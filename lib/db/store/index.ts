// The process's write store for DATABASE_URL: SQLite or PostgreSQL, migrated
// once before its first use. Cached on globalThis (Next's dev reloads) and
// keyed by URL (tests point DATABASE_URL at fresh databases).
import { readEnv, sqlitePathFromUrl } from "@/lib/env";
import { databaseKind } from "../url";
import { createPostgresStore } from "./postgres";
import { createSqliteStore } from "./sqlite";
import type { Store } from "./types";

export type { Store, IngestSession } from "./types";

const globalForStore = globalThis as unknown as { stores?: Map<string, Promise<Store>> };

export function createStore(url: string): Store {
  return databaseKind(url) === "sqlite"
    ? createSqliteStore(sqlitePathFromUrl(url))
    : createPostgresStore(url, { uploadConnections: readEnv().PG_UPLOAD_CONNECTIONS });
}

/** The migrated store for DATABASE_URL. */
export function getStore(): Promise<Store> {
  const url = readEnv().DATABASE_URL;
  globalForStore.stores ??= new Map();
  let store = globalForStore.stores.get(url);
  if (!store) {
    store = (async () => {
      const created = createStore(url);
      await created.migrate();
      created.warm?.();
      return created;
    })();
    store.catch(() => globalForStore.stores?.delete(url));
    globalForStore.stores.set(url, store);
  }
  return store;
}
