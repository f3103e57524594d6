-- Snapshots from other inputs than the CI monitor (ejabberd's watchdog, recon, system_monitor, etop).
-- AlterTable
ALTER TABLE "Build" ADD COLUMN "node" TEXT,
ADD COLUMN "killedCount" INTEGER,
ADD COLUMN "culpritService" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Build_sourceKind_idx" ON "Build"("sourceKind");
