-- A p1_mysql connection's socket reader sends its parent `{p1_mysql_recv, self(), data, Packet, Num}`
-- (p1_mysql_recv.erl: `Parent ! …`): the mailbox full of them is the parent's, the connection, the
-- inspected process. Builds classified by the rule mysql-receiver before this named the reader (the
-- pid inside the messages) as their subject, and called it the connection; they name the inspected
-- pid now, as uploads after this do, and so do the incidents they start. Grouping is unchanged:
-- it follows the inspected pid, never the subject.
UPDATE "Build" SET "culpritSubject" = "inspectedPid"
 WHERE "culpritRule" = 'mysql-receiver' AND "inspectedPid" IS NOT NULL;
UPDATE "Incident" SET "subject" = (SELECT b."culpritSubject" FROM "Build" b WHERE b."id" = "Incident"."firstBuildId")
 WHERE "firstBuildId" IN (SELECT "id" FROM "Build" WHERE "culpritRule" = 'mysql-receiver' AND "inspectedPid" IS NOT NULL);
