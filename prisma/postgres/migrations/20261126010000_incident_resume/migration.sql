-- What an upload needs to regroup only its own builds' incidents: which incidents were still open
-- after the job's last build, and the threshold they were grouped with. Incidents stored before
-- this have no threshold, so the next upload of their job regroups it whole once and fills both in.
-- AlterTable
ALTER TABLE "Incident" ADD COLUMN "open" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Incident" ADD COLUMN "threshold" INTEGER;

-- CreateIndex
CREATE INDEX "Incident_job_threshold_open_idx" ON "Incident"("job", "threshold", "open");
