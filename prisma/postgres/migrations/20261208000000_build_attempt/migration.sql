-- A CI build may run again under the same number (GitHub Actions' "Re-run jobs" keeps
-- GITHUB_RUN_NUMBER and counts GITHUB_RUN_ATTEMPT): each run of it is stored as an attempt of
-- that build. A build is unique on its job, number and attempt; every build stored before is
-- attempt 1, as is every upload that does not say otherwise.
-- AlterTable
ALTER TABLE "Build" ADD COLUMN "attempt" INTEGER NOT NULL DEFAULT 1;

-- DropIndex
DROP INDEX "Build_job_number_key";

-- CreateIndex
CREATE UNIQUE INDEX "Build_job_number_attempt_key" ON "Build"("job", "number", "attempt");
