// The one Prisma client of the process. Cached on globalThis so that Next's
// dev-mode module reloading does not open a new connection on every edit;
// keyed by the database file so tests that point DATABASE_URL elsewhere get a
// client for that file, migrated before its first query.
import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { readEnv, sqlitePathFromUrl } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { migrateDatabase } from "./open";

const globalForPrisma = globalThis as unknown as { prisma?: { file: string; client: PrismaClient } };

/** The process-wide Prisma client for DATABASE_URL (created on first use). */
export function getPrisma(): PrismaClient {
  const file = sqlitePathFromUrl(readEnv().DATABASE_URL);
  if (globalForPrisma.prisma?.file !== file) {
    void globalForPrisma.prisma?.client.$disconnect();
    // npm start migrates before serving; this covers every other way in (dev server, tests, scripts).
    migrateDatabase(file);
    const adapter = new PrismaBetterSqlite3({ url: file, timeout: 10_000 });
    globalForPrisma.prisma = { file, client: new PrismaClient({ adapter }) };
  }
  return globalForPrisma.prisma.client;
}
