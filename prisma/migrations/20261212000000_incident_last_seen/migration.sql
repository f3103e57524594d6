-- An incident's last build is its last culprit build; the process may still sit in the next builds'
-- top lists at or above the threshold (a bridge, lib/incidents/group.ts), as the seed's
-- <6562.783.478> did in #25864 and #25870 after its last culprit build #25846. "lastSeenBuildId" and
-- "lastSeenAt" are the last build it was present in and the latest time it was seen. Incidents stored
-- before have none: a job with such an incident is regrouped whole by its next upload
-- (lib/db/store/incidents.ts) and by db:reclassify, which finds them.
-- AlterTable
ALTER TABLE "Incident" ADD COLUMN "lastSeenBuildId" INTEGER;
ALTER TABLE "Incident" ADD COLUMN "lastSeenAt" DATETIME;

