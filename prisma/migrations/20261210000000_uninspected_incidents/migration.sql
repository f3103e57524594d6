-- A build at or above the threshold whose run inspected no process (its log names no `message queue
-- len of pid` after its top list: the seed's build 11431 as the seed pastes it) now belongs to an
-- incident of the process on top of its list, class unknown (lib/incidents/group.ts). Builds stored
-- before were left out of every incident. The jobs that have such a build have their incidents'
-- threshold cleared: the next upload of such a job regroups it whole (as after
-- 20261126010000_incident_resume). A job with no incident at all is regrouped whole only when one of
-- its logs is deleted or pruned, or a build lands among its older ones.
UPDATE "Incident" SET "threshold" = NULL
 WHERE EXISTS (
   SELECT 1 FROM "Build" b
    WHERE b."job" IS "Incident"."job"
      AND b."incident" = 1 AND b."inspectedPid" IS NULL AND b."culpritClass" IS NULL);
