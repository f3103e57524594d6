-- When each build happened, stored: COALESCE("startedAt", "createdAt"), which the
-- timeline and the room summaries sort and bucket on, so that an index can hold it;
-- and indexes in the orders the read API asks for (see prisma/schema.prisma).
-- AlterTable
ALTER TABLE "Build" ADD COLUMN "at" TIMESTAMP(3);

-- Backfill: every build stored so far.
UPDATE "Build" SET "at" = COALESCE("startedAt", "createdAt");

-- DropIndex: each replaced below by one that starts with the same column.
DROP INDEX "Build_roomId_idx";
DROP INDEX "Build_culpritClass_idx";
DROP INDEX "Build_sourceKind_idx";
DROP INDEX "TopEntry_pid_idx";

-- CreateIndex
CREATE INDEX "Build_job_startedAt_idx" ON "Build"("job", "startedAt");

-- CreateIndex
CREATE INDEX "Build_culpritClass_startedAt_idx" ON "Build"("culpritClass", "startedAt");

-- CreateIndex
CREATE INDEX "Build_sourceKind_startedAt_idx" ON "Build"("sourceKind", "startedAt");

-- CreateIndex
CREATE INDEX "Build_roomId_incident_at_inspectedQueueLen_idx" ON "Build"("roomId", "incident", "at", "inspectedQueueLen");

-- CreateIndex
CREATE INDEX "Build_at_worstQueueLen_id_idx" ON "Build"("at", "worstQueueLen", "id");

-- CreateIndex
CREATE INDEX "TopEntry_pid_buildId_idx" ON "TopEntry"("pid", "buildId");
