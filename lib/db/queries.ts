// ## Data access for pages and route handlers
//
// Server-only functions that return plain objects; nothing outside lib/db
// touches Prisma.
import "server-only";
import { getPrisma } from "./client";

export type Totals = { logs: number; builds: number; incidents: number; rooms: number };

/** Counts shown on the overview. */
export async function getTotals(): Promise<Totals> {
  const prisma = getPrisma();
  const [logs, builds, incidents, rooms] = await Promise.all([
    prisma.log.count(),
    prisma.build.count(),
    prisma.build.count({ where: { incident: true } }),
    prisma.room.count(),
  ]);
  return { logs, builds, incidents, rooms };
}
