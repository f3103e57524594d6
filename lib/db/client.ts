// The one Prisma client of the process, for whichever database DATABASE_URL
// names. Cached on globalThis so that Next's dev-mode module reloading does
// not open a new connection on every edit; keyed by URL so tests that point
// DATABASE_URL elsewhere get a client for that database.
//
// Both generated clients come from the same models (prisma/schema.prisma;
// the PostgreSQL one from the schema scripts/db-generate.mjs derives), so
// they share one API: the PostgreSQL client is typed as the SQLite one.
import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { readEnv, sqlitePathFromUrl } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PrismaClientPg } from "@/lib/generated/prisma-pg/client";
import { migrateDatabase } from "./open";
import { CONNECT_TIMEOUT_MS, prismaQueryTimeoutMs } from "./pg-timeouts";
import { databaseKind } from "./url";
import { databaseUnavailable } from "@/lib/errors";
import { DATABASE_UNAVAILABLE_DIGEST } from "@/lib/unavailable-digest";

const globalForPrisma = globalThis as unknown as { prisma?: { url: string; client: PrismaClient } };

/**
 * A Prisma error that says the database cannot answer (down, hung, not migrated: databaseUnavailable)
 * gets a digest of its own. Next keeps it, and the pages' error boundary (app/error.tsx) says so
 * instead of "Something went wrong" (PostgreSQL review: an outage gave every page that, and no hint).
 * The API's routes are not affected: errorResponse reads the error itself.
 */
function tagUnavailable(client: PrismaClient): PrismaClient {
  return client.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          if (error && typeof error === "object" && !("digest" in error) && databaseUnavailable(error)) {
            (error as { digest?: string }).digest = DATABASE_UNAVAILABLE_DIGEST;
          }
          throw error;
        }
      },
    },
  }) as unknown as PrismaClient;
}

function createClient(url: string): PrismaClient {
  return tagUnavailable(createBareClient(url));
}

/** A client without the unavailable tag; `queryTimeoutMs` for PostgreSQL (tests shorten it). */
export function createBareClient(url: string, queryTimeoutMs = prismaQueryTimeoutMs()): PrismaClient {
  if (databaseKind(url) === "postgres") {
    // Migrated by `npm start` (and getStore) before the first query: applying
    // them needs an await that this synchronous accessor cannot make.
    // A hung database fails a read in time, not holds it (lib/db/pg-timeouts.ts).
    const adapter = new PrismaPg({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: queryTimeoutMs });
    return new PrismaClientPg({ adapter }) as unknown as PrismaClient;
  }
  const file = sqlitePathFromUrl(url);
  // npm start migrates before serving; this covers every other way in (dev server, tests, scripts).
  migrateDatabase(file);
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file, timeout: 10_000 }) });
}

/** The process-wide Prisma client for DATABASE_URL (created on first use). */
export function getPrisma(): PrismaClient {
  const url = readEnv().DATABASE_URL;
  if (globalForPrisma.prisma?.url !== url) {
    void globalForPrisma.prisma?.client.$disconnect();
    globalForPrisma.prisma = { url, client: createClient(url) };
  }
  return globalForPrisma.prisma.client;
}

/** Which database the client talks to (raw SQL differs in a few functions). */
export function getDialect(): "sqlite" | "postgres" {
  return databaseKind(readEnv().DATABASE_URL);
}
