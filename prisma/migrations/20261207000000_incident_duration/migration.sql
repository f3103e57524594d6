-- The incidents list sorts on how long they lasted (GET /api/incidents?sort=durationMs): the
-- duration is stored (lastAt − firstAt in milliseconds, null unless both are known) and indexed
-- with the id, as the other sorts are, so that a page is read from an end of the index. Incidents
-- stored before are given theirs here; every regroup writes it from then on. Their first and last
-- times become the earliest and the latest of their builds' (builds are grouped in number order, and a
-- later number may carry an earlier time: the first build's time and the last's gave negative spans;
-- a first build without a time left the first time unknown while a later build had one).
-- AlterTable
ALTER TABLE "Incident" ADD COLUMN "durationMs" REAL;

UPDATE "Incident"
   SET "firstAt" = COALESCE((SELECT MIN(b."startedAt") FROM "Build" b WHERE b."incidentId" = "Incident"."id"), "firstAt"),
       "lastAt" = COALESCE((SELECT MAX(b."startedAt") FROM "Build" b WHERE b."incidentId" = "Incident"."id"), "lastAt");

UPDATE "Incident" SET "durationMs" = ROUND((julianday("lastAt") - julianday("firstAt")) * 86400000.0)
 WHERE "firstAt" IS NOT NULL AND "lastAt" IS NOT NULL;

-- CreateIndex
CREATE INDEX "Incident_durationMs_id_idx" ON "Incident"("durationMs", "id");
