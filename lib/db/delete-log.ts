// DELETE /api/logs/{id}: a log and what it brought, then its jobs' incidents regrouped, in one
// transaction (lib/db/store/delete-log.ts says what goes and what stays).
import "server-only";
import { AppError } from "@/lib/errors";
import { getStore } from "./store";
import type { DeletedLog } from "./store/delete-log";

export type { DeletedLog };

export async function deleteUploadedLog(logId: number, threshold: number): Promise<DeletedLog> {
  const store = await getStore();
  const deleted = await store.transaction(async (session) => {
    const log = await session.deleteLog(logId);
    if (log) for (const job of log.jobs) await session.rebuildIncidents(job, threshold);
    return log;
  });
  if (!deleted) throw new AppError("not_found", `no uploaded log has id ${logId}`);
  return deleted;
}
