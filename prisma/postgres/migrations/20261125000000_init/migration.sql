-- CreateTable
CREATE TABLE "Log" (
    "id" SERIAL NOT NULL,
    "sha256" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "buildCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Build" (
    "id" SERIAL NOT NULL,
    "logId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "sourceKind" TEXT NOT NULL DEFAULT 'monitor',
    "job" TEXT,
    "number" INTEGER,
    "startedAt" TIMESTAMP(3),
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Build_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TopEntry" (
    "id" SERIAL NOT NULL,
    "buildId" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,
    "pid" TEXT NOT NULL,
    "queueLen" INTEGER NOT NULL,

    CONSTRAINT "TopEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sample" (
    "id" SERIAL NOT NULL,
    "buildId" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "destination" TEXT,
    "raw" TEXT NOT NULL,
    "decoded" TEXT,

    CONSTRAINT "Sample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Room" (
    "id" SERIAL NOT NULL,
    "jid" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,

    CONSTRAINT "Room_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" SERIAL NOT NULL,
    "job" TEXT,
    "keyKind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "culpritClass" TEXT NOT NULL,
    "subject" TEXT,
    "roomId" INTEGER,
    "firstBuildId" INTEGER NOT NULL,
    "lastBuildId" INTEGER NOT NULL,
    "firstAt" TIMESTAMP(3),
    "lastAt" TIMESTAMP(3),
    "buildCount" INTEGER NOT NULL,
    "peakQueueLen" INTEGER NOT NULL,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "Build" ADD CONSTRAINT "Build_logId_fkey" FOREIGN KEY ("logId") REFERENCES "Log"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Build" ADD CONSTRAINT "Build_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Build" ADD CONSTRAINT "Build_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TopEntry" ADD CONSTRAINT "TopEntry_buildId_fkey" FOREIGN KEY ("buildId") REFERENCES "Build"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sample" ADD CONSTRAINT "Sample_buildId_fkey" FOREIGN KEY ("buildId") REFERENCES "Build"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE SET NULL ON UPDATE CASCADE;
