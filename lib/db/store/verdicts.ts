// A stored build's verdict written again (lib/db/reclassify.ts: npm run db:reclassify).
import type { SqlRunner } from "./incidents";

/** The verdict columns of build `id`, as the ingest's buildRow writes them. */
export type VerdictUpdate = {
  id: number;
  incident: boolean;
  culpritClass: string | null;
  culpritSubject: string | null;
  culpritRule: string | null;
  culpritEvidence: string | null;
  culpritService: boolean;
  roomId: number | null;
};

/** Writes each build's verdict columns (a build deleted meanwhile is no row: nothing). */
export async function updateVerdictsWith(sql: SqlRunner, updates: VerdictUpdate[]): Promise<void> {
  for (const u of updates) {
    await sql.run(
      `UPDATE "Build" SET "incident" = ?, "culpritClass" = ?, "culpritSubject" = ?, "culpritRule" = ?, "culpritEvidence" = ?, "culpritService" = ?, "roomId" = ? WHERE "id" = ?`,
      [sql.bool(u.incident), u.culpritClass, u.culpritSubject, u.culpritRule, u.culpritEvidence, sql.bool(u.culpritService), u.roomId, u.id],
    );
  }
}
