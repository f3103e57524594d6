// Verdicts as stored: a mailbox of stanzas for many rooms is stored as the MUC service (no room
// row, no room's count), and a p1_mysql build names its connection, the inspected pid.
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getRooms } from "@/app/api/rooms/route";
import { getPrisma } from "@/lib/db/client";
import { fixture, getRequest, rawRequest } from "@/lib/testing/api";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const jid = (room: string, host = "conference.easemob.com") => `{jid,<<"${room}">>,<<"${host}">>,<<>>,<<"${room}">>,<<"${host}">>,<<>>}`;
const route = (room: string) => `{route,${jid("u", "easemob.com")},${jid(room)},{xmlel,<<"message">>,[{<<"to">>,<<"${room}@conference.easemob.com">>}],[]}}`;
const ROUTER_LOG = [
  "JOB_NAME=router-job",
  "BUILD_NUMBER=1",
  "processes sorted by queue_len desc:",
  " [{<6562.1.2>,{message_queue_len,5000}}]",
  "message queue len of pid <6562.1.2> : {message_queue_len,5000}",
  "message in pid <6562.1.2> :",
  ` [${["room1", "room2", "room3", "room4"].map(route).join(",\n  ")}]`,
  "",
].join("\n");

describe("culprits as stored", () => {
  useTestDatabase("sqlite", "culprits");

  test("stanzas for many rooms: the MUC service, marked as such, and no room is blamed", async () => {
    const response = await postLogs(rawRequest(ROUTER_LOG, "text/plain", { query: "?filename=router.log" }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { builds: { culprit: { class: string; subject: string } }[] };
    expect(body.builds[0]!.culprit).toEqual({ class: "muc_room", subject: "conference.easemob.com" });
    const build = await getPrisma().build.findFirstOrThrow({ where: { job: "router-job" } });
    expect(build).toMatchObject({ culpritRule: "muc-service-routes", culpritService: true, roomId: null });
    const rooms = (await (await getRooms(getRequest("/api/rooms"))).json()) as { rooms: { jid: string }[] };
    expect(rooms.rooms.map((r) => r.jid)).not.toContain("room1@conference.easemob.com");
  });

  test("p1_mysql (seed 27044): the subject is the connection, the inspected pid", async () => {
    const name = "ProductCI_ejabberd_mqueue_random_monitor_27044.log";
    const response = await postLogs(rawRequest(fixture(name), "text/plain", { query: `?filename=${name}` }));
    expect(response.status).toBe(201);
    const build = await getPrisma().build.findFirstOrThrow({ where: { number: 27044 } });
    expect(build).toMatchObject({ culpritClass: "sql", culpritSubject: "<6562.18467.5386>", inspectedPid: "<6562.18467.5386>" });
    const incident = await getPrisma().incident.findFirstOrThrow({ where: { id: build.incidentId ?? -1 } });
    expect(incident.subject).toBe("<6562.18467.5386>");
  });
});
