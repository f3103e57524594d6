// A stored build's verdict written again (lib/db/reclassify.ts: npm run db:reclassify).
import type { SqlRunner } from "./incidents";
import type { BuildRow } from "./types";

/** The verdict columns of build `id`, as the ingest's buildRow writes them. */
export type VerdictUpdate = { id: number } & Pick<BuildRow, "incident" | "culpritClass" | "culpritSubject" | "culpritRule" | "culpritEvidence" | "culpritService" | "roomId">;

/** Writes each build's verdict columns (a build deleted meanwhile is no row: nothing). */
export async function updateVerdictsWith(sql: SqlRunner, updates: VerdictUpdate[]): Promise<void> {
  for (const u of updates) {
    await sql.run(
      `UPDATE "Build" SET "incident" = ?, "culpritClass" = ?, "culpritSubject" = ?, "culpritRule" = ?, "culpritEvidence" = ?, "culpritService" = ?, "roomId" = ? WHERE "id" = ?`,
      [sql.bool(u.incident), u.culpritClass, u.culpritSubject, u.culpritRule, u.culpritEvidence, sql.bool(u.culpritService), u.roomId, u.id],
    );
  }
}
