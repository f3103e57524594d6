-- The incidents list sorts on when they were first seen, how bad they got and how many builds
-- they lasted (GET /api/incidents?sort=firstAt|peakQueueLen|buildCount), as it sorts on lastAt:
-- a page is read from an end of the index instead of sorting every incident (with 100,000
-- builds, ~90,000 incidents: 168 ms on PostgreSQL, 24 ms on SQLite, for the worst first).
-- CreateIndex
CREATE INDEX "Incident_firstAt_idx" ON "Incident"("firstAt");

-- CreateIndex
CREATE INDEX "Incident_peakQueueLen_id_idx" ON "Incident"("peakQueueLen", "id");

-- CreateIndex
CREATE INDEX "Incident_buildCount_id_idx" ON "Incident"("buildCount", "id");
