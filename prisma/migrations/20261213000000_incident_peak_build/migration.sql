-- The culprit build that gave an incident's peak queue (lib/incidents/group.ts): the figure is that
-- build's inspected queue, or its top list's when its process had died by the check or none was
-- inspected. A p1_mysql incident whose last build found its connection dead took its peak from that
-- build's top list, and the lists called it the queue "when inspected". Incidents stored before have
-- none: a job with such an incident is regrouped whole by its next upload (lib/db/store/incidents.ts)
-- and by db:reclassify, which finds them.
-- AlterTable
ALTER TABLE "Incident" ADD COLUMN "peakBuildId" INTEGER;
