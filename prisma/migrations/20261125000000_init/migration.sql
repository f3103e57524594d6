-- CreateTable
CREATE TABLE "Log" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sha256" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "uploadedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "buildCount" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Build" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "logId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "sourceKind" TEXT NOT NULL DEFAULT 'monitor',
    "job" TEXT,
    "number" INTEGER,
    "startedAt" DATETIME,
    "url" TEXT,
    "worstQueueLen" INTEGER,
    "inspectedPid" TEXT,
    "inspectedQueueLen" INTEGER,
    "inspectedDead" BOOLEAN NOT NULL DEFAULT false,
    "incident" BOOLEAN NOT NULL DEFAULT false,
    "culpritClass" TEXT,
    "culpritSubject" TEXT,
    "culpritRule" TEXT,
    "culpritEvidence" TEXT,
    "roomId" INTEGER,
    "incidentId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Build_logId_fkey" FOREIGN KEY ("logId") REFERENCES "Log" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Build_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Build_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TopEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "buildId" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,
    "pid" TEXT NOT NULL,
    "queueLen" INTEGER NOT NULL,
    CONSTRAINT "TopEntry_buildId_fkey" FOREIGN KEY ("buildId") REFERENCES "Build" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Sample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "buildId" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "destination" TEXT,
    "raw" TEXT NOT NULL,
    "decoded" TEXT,
    CONSTRAINT "Sample_buildId_fkey" FOREIGN KEY ("buildId") REFERENCES "Build" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Room" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "jid" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "job" TEXT,
    "keyKind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "culpritClass" TEXT NOT NULL,
    "subject" TEXT,
    "roomId" INTEGER,
    "firstBuildId" INTEGER NOT NULL,
    "lastBuildId" INTEGER NOT NULL,
    "firstAt" DATETIME,
    "lastAt" DATETIME,
    "buildCount" INTEGER NOT NULL,
    "peakQueueLen" INTEGER NOT NULL,
    CONSTRAINT "Incident_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Log_sha256_key" ON "Log"("sha256");

-- CreateIndex
CREATE INDEX "Build_logId_idx" ON "Build"("logId");

-- CreateIndex
CREATE INDEX "Build_startedAt_idx" ON "Build"("startedAt");

-- CreateIndex
CREATE INDEX "Build_culpritClass_idx" ON "Build"("culpritClass");

-- CreateIndex
CREATE INDEX "Build_roomId_idx" ON "Build"("roomId");

-- CreateIndex
CREATE INDEX "Build_inspectedPid_idx" ON "Build"("inspectedPid");

-- CreateIndex
CREATE INDEX "Build_incidentId_idx" ON "Build"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "Build_job_number_key" ON "Build"("job", "number");

-- CreateIndex
CREATE INDEX "TopEntry_buildId_idx" ON "TopEntry"("buildId");

-- CreateIndex
CREATE INDEX "TopEntry_pid_idx" ON "TopEntry"("pid");

-- CreateIndex
CREATE INDEX "Sample_buildId_idx" ON "Sample"("buildId");

-- CreateIndex
CREATE INDEX "Sample_destination_idx" ON "Sample"("destination");

-- CreateIndex
CREATE UNIQUE INDEX "Room_jid_key" ON "Room"("jid");

-- CreateIndex
CREATE INDEX "Incident_job_key_idx" ON "Incident"("job", "key");

-- CreateIndex
CREATE INDEX "Incident_roomId_idx" ON "Incident"("roomId");

-- CreateIndex
CREATE INDEX "Incident_lastAt_idx" ON "Incident"("lastAt");
