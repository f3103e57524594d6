-- A build at or above the threshold whose run inspected no process (its log names no `message queue
-- len of pid` after its top list: the seed's build 11431 as the seed pastes it) now belongs to an
-- incident of the process on top of its list (lib/incidents/group.ts). Builds stored before were
-- left out of every incident. The jobs that have such a build have their incidents' threshold
-- cleared: the next upload of such a job regroups it whole (as after 20261126010000_incident_resume);
-- a job with such a build and no incident is regrouped whole by its next upload too (resumable in
-- lib/db/store/incidents.ts). The jobs are found once, from the index on "inspectedPid" (a
-- correlated subquery per incident took 38 s for 2,000 incidents of a 100,000-build job).
UPDATE "Incident" SET "threshold" = NULL
 WHERE "job" IN (SELECT b."job" FROM "Build" b
                  WHERE b."inspectedPid" IS NULL AND b."incident" AND b."culpritClass" IS NULL AND b."job" IS NOT NULL)
    OR ("job" IS NULL AND EXISTS (SELECT 1 FROM "Build" b
                  WHERE b."inspectedPid" IS NULL AND b."incident" AND b."culpritClass" IS NULL AND b."job" IS NULL));
