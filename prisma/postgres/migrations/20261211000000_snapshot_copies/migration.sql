-- A snapshot of another format that several consoles print is stored once, as a build of the log
-- uploaded first; the others record here that they hold it too. Deleting the build's log then
-- moves the build to the oldest log still holding a copy instead of losing it. (Logs stored
-- before this migration recorded nothing: their copies are not known.)
-- CreateTable
CREATE TABLE "SnapshotCopy" (
    "id" SERIAL NOT NULL,
    "buildId" INTEGER NOT NULL,
    "logId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "url" TEXT,

    CONSTRAINT "SnapshotCopy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SnapshotCopy_buildId_idx" ON "SnapshotCopy"("buildId");

-- CreateIndex
CREATE UNIQUE INDEX "SnapshotCopy_logId_seq_key" ON "SnapshotCopy"("logId", "seq");

-- AddForeignKey
ALTER TABLE "SnapshotCopy" ADD CONSTRAINT "SnapshotCopy_buildId_fkey" FOREIGN KEY ("buildId") REFERENCES "Build"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SnapshotCopy" ADD CONSTRAINT "SnapshotCopy_logId_fkey" FOREIGN KEY ("logId") REFERENCES "Log"("id") ON DELETE CASCADE ON UPDATE CASCADE;
