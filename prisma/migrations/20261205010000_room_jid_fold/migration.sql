-- Room JIDs folded as XMPP servers fold them (lib/classify/jid.ts): ejabberd routes
-- `Room@conference.host` and `room@conference.host` to the one mod_muc_room process, and rooms
-- stored before this were two rows with their builds and incidents split between them.
-- Rooms whose folded JIDs coincide become the one with the lowest id; every room, build subject
-- and room incident key is then written folded. The jobs whose builds named a merged room have
-- their incidents' threshold cleared: the next upload of such a job regroups it whole (as after
-- 20261126010000_incident_resume), joining incidents that were split by the spelling.
-- mq_fold_jid is lib/classify/jid.ts's foldJidPart, registered on the connection by
-- lib/db/migrate.ts for this file.

CREATE TEMP TABLE "_room_fold" AS
  SELECT "id", mq_fold_jid("jid") AS "jid", mq_fold_jid("name") AS "name", mq_fold_jid("host") AS "host" FROM "Room";

-- Each room folded onto another: its id and the id it becomes.
CREATE TEMP TABLE "_room_merge" AS
  SELECT f."id", k."keep"
    FROM "_room_fold" f
    JOIN (SELECT "jid", MIN("id") AS "keep" FROM "_room_fold" GROUP BY "jid") k ON k."jid" = f."jid"
   WHERE f."id" <> k."keep";

UPDATE "Incident" SET "threshold" = NULL
 WHERE EXISTS (
   SELECT 1 FROM "Build" b
    WHERE b."job" IS "Incident"."job"
      AND b."roomId" IN (SELECT "id" FROM "_room_merge" UNION SELECT "keep" FROM "_room_merge"));

UPDATE "Build" SET "roomId" = (SELECT m."keep" FROM "_room_merge" m WHERE m."id" = "Build"."roomId")
 WHERE "roomId" IN (SELECT "id" FROM "_room_merge");
UPDATE "Incident" SET "roomId" = (SELECT m."keep" FROM "_room_merge" m WHERE m."id" = "Incident"."roomId")
 WHERE "roomId" IN (SELECT "id" FROM "_room_merge");
DELETE FROM "Room" WHERE "id" IN (SELECT "id" FROM "_room_merge");

UPDATE "Room" SET "jid" = f."jid", "name" = f."name", "host" = f."host"
  FROM "_room_fold" f
 WHERE f."id" = "Room"."id" AND ("Room"."jid" <> f."jid" OR "Room"."name" <> f."name" OR "Room"."host" <> f."host");

-- A room culprit's subject is its room's JID; a room incident's key and subject too.
UPDATE "Build" SET "culpritSubject" = (SELECT r."jid" FROM "Room" r WHERE r."id" = "Build"."roomId")
 WHERE "roomId" IS NOT NULL AND "culpritSubject" IS NOT NULL
   AND "culpritSubject" <> (SELECT r."jid" FROM "Room" r WHERE r."id" = "Build"."roomId")
   AND mq_fold_jid("culpritSubject") = (SELECT r."jid" FROM "Room" r WHERE r."id" = "Build"."roomId");
UPDATE "Incident" SET "key" = mq_fold_jid("key"), "subject" = mq_fold_jid("subject")
 WHERE "keyKind" = 'room' AND ("key" <> mq_fold_jid("key") OR "subject" <> mq_fold_jid("subject"));

DROP TABLE "_room_merge";
DROP TABLE "_room_fold";
