-- Snapshots from other inputs than the CI monitor (ejabberd's watchdog, recon, system_monitor, etop).
-- AlterTable
ALTER TABLE "Build" ADD COLUMN "node" TEXT;
ALTER TABLE "Build" ADD COLUMN "killedCount" INTEGER;
ALTER TABLE "Build" ADD COLUMN "culpritService" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Build_sourceKind_idx" ON "Build"("sourceKind");
