// The one Prisma client of the process. Cached on globalThis so that Next's
// dev-mode module reloading does not open a new connection on every edit.
import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { readEnv, sqlitePathFromUrl } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function createClient(): PrismaClient {
  const file = sqlitePathFromUrl(readEnv().DATABASE_URL);
  const adapter = new PrismaBetterSqlite3({ url: file, timeout: 10_000 });
  return new PrismaClient({ adapter });
}

/** The process-wide Prisma client (created on first use). */
export function getPrisma(): PrismaClient {
  globalForPrisma.prisma ??= createClient();
  return globalForPrisma.prisma;
}
