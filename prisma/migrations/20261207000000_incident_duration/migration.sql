-- The incidents list sorts on how long they lasted (GET /api/incidents?sort=durationMs): the
-- duration is stored (lastAt − firstAt in milliseconds, null unless both are known) and indexed
-- with the id, as the other sorts are, so that a page is read from an end of the index. Incidents
-- stored before are given theirs here; every regroup writes it from then on.
-- AlterTable
ALTER TABLE "Incident" ADD COLUMN "durationMs" REAL;

UPDATE "Incident" SET "durationMs" = ROUND((julianday("lastAt") - julianday("firstAt")) * 86400000.0)
 WHERE "firstAt" IS NOT NULL AND "lastAt" IS NOT NULL;

-- CreateIndex
CREATE INDEX "Incident_durationMs_id_idx" ON "Incident"("durationMs", "id");
