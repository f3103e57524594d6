-- A monitor log file that grows (a run appended every few minutes) is uploaded again and again:
-- each upload looks for the latest logs of its file name, one of which it may begin with, newest
-- first from the end of this index.
-- CreateIndex
CREATE INDEX "Log_fileName_id_idx" ON "Log"("fileName", "id");
