// Integration: rooms under filters (GET /api/rooms, GET /api/rooms/{jid}), on
// both databases. A room's `incidents` counts what /api/incidents?room=… gives
// for the same filters; a room page exists for every room a stored build names,
// healthy ones too; the {jid} segment is decoded once (by Next).
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { GET as getRooms } from "@/app/api/rooms/route";
import { GET as getRoomByJid } from "@/app/api/rooms/[jid]/route";
import { GET as getTimeline } from "@/app/api/timeline/route";
import { fixture, getRequest, multipartRequest, seedFixtureNames } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";
import { roomFilterKey } from "@/lib/classify/jid";
import { checkJobFilter, checkRoomFilter } from "@/lib/db/queries";

const SEED_JOB = "ProductCI_ejabberd_mqueue_random_monitor";
const ROOM_304 = "snh-48#pocket48_76366191207121304@conference.easemob.com";
const PERCENT_ROOM = "50%off?x&y=1@conference.example.org";
const ESCAPE_ROOM = "r%41@conference.example.org";
const PLAIN_ROOM = "rA@conference.example.org";
const HEALTHY_ROOM = "healthy_only@conference.example.org";
/** One room spelled two ways (ejabberd's one mod_muc_room process): stored once, folded. */
const CASE_ROOMS = ["Case_Room@Conference.Example.org", "case_room@conference.example.org"];
const CASE_ROOM = "case_room@conference.example.org";
/** One name on two MUC hosts (two rooms), in two jobs: two incidents. */
const SHARED_NAME_ROOMS = ["Shared_Name@Conference.A.Example", "shared_name@muc.b.example"];
const SHARED_NAME_JIDS = ["shared_name@conference.a.example", "shared_name@muc.b.example"];

/** Build 25877 of the seed (a room build), renamed: another job, number and room, and a queue length. */
function roomLog(options: { job: string; number: number; room: string; queueLen: number }): { name: string; content: string } {
  const content = fixture(`${SEED_JOB}_25877.log`)
    .replaceAll(SEED_JOB, options.job)
    .replaceAll("25877", String(options.number))
    .replaceAll(ROOM_304, options.room)
    .replace(/message_queue_len,3102\}/g, `message_queue_len,${options.queueLen}}`);
  return { name: `${options.job}_${options.number}.log`, content };
}

type Room = { jid: string; builds: number; incidents: number; firstSeen: string | null; lastSeen: string | null; peakQueueLen: number | null };
type RoomAnswer = { room: Room; builds: { number: number }[]; incidents: { id: number }[]; totalBuilds: number; totalIncidents: number };

const json = async <T>(response: Response | Promise<Response>): Promise<T> => (await response).json() as Promise<T>;
const roomAt = (jid: string, query = "") =>
  getRoomByJid(getRequest(`/api/rooms/${encodeURIComponent(jid)}${query}`), { params: Promise.resolve({ jid }) });

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "rooms");

  test("setup: the seed, and rooms of our own", async () => {
    const files = [
      ...seedFixtureNames().map((name) => ({ name, content: fixture(name) })),
      roomLog({ job: "rooms-odd", number: 1, room: PERCENT_ROOM, queueLen: 500 }),
      roomLog({ job: "rooms-odd", number: 2, room: ESCAPE_ROOM, queueLen: 600 }),
      roomLog({ job: "rooms-odd", number: 3, room: PLAIN_ROOM, queueLen: 700 }),
      roomLog({ job: "rooms-healthy", number: 1, room: HEALTHY_ROOM, queueLen: 12 }),
      roomLog({ job: "rooms-case", number: 1, room: CASE_ROOMS[0] as string, queueLen: 800 }),
      roomLog({ job: "rooms-case", number: 2, room: CASE_ROOMS[1] as string, queueLen: 900 }),
      roomLog({ job: "rooms-host-a", number: 1, room: SHARED_NAME_ROOMS[0] as string, queueLen: 400 }),
      roomLog({ job: "rooms-host-b", number: 1, room: SHARED_NAME_ROOMS[1] as string, queueLen: 450 }),
    ];
    expect((await postLogs(multipartRequest(files))).status).toBe(201);
  });

  test("a room's incident count follows the filters, as /api/incidents?room=… does", async () => {
    const incidents = await json<{ incidents: { id: number; room: string | null }[] }>(getIncidents(getRequest("/api/incidents?pageSize=500")));
    const roomIncidents = incidents.incidents.filter((incident) => incident.room !== null);
    const filters = [
      "",
      "from=2015-08-25",
      "to=2015-08-24",
      "from=2015-08-23&to=2015-08-24",
      `job=${SEED_JOB}`,
      "job=rooms-odd",
      "class=muc_room",
      "class=sql",
      "sourceKind=monitor",
      "pid=%3C6562.25870.402%3E",
      ...roomIncidents.map((incident) => `incidentId=${incident.id}`),
    ];
    let multi = 0;
    for (const filter of filters) {
      const { rooms } = await json<{ rooms: Room[] }>(getRooms(getRequest(`/api/rooms?${filter}`)));
      for (const room of rooms) {
        const listed = await json<{ total: number }>(getIncidents(getRequest(`/api/incidents?room=${encodeURIComponent(room.jid)}&${filter}`)));
        expect(room.incidents, `${room.jid} with ${filter}`).toBe(listed.total);
        const blocked = await json<{ total: number }>(getBuilds(getRequest(`/api/builds?room=${encodeURIComponent(room.jid)}&incident=true&${filter}`)));
        expect(room.builds, `${room.jid} with ${filter}`).toBe(blocked.total);
      }
      // The test means something only if some room has several incidents unfiltered.
      if (filter === "") multi = rooms.filter((room) => room.incidents > 1).length;
    }
    expect(multi).toBeGreaterThan(0);
    // incidentId keeps one incident: its room counts exactly that one. (Keyed on a pid, an incident
    // may hold builds of other rooms too, as rooms-odd's three builds are: those count none.)
    for (const incident of roomIncidents) {
      const { rooms } = await json<{ rooms: Room[] }>(getRooms(getRequest(`/api/rooms?incidentId=${incident.id}`)));
      expect(rooms.map((room) => [room.jid, room.incidents])).toContainEqual([incident.room, 1]);
      expect(rooms.reduce((sum, room) => sum + room.incidents, 0)).toBe(1);
    }
  });

  test("a room whose builds all stayed below the threshold has a page: zero builds blocked, zero incidents", async () => {
    const response = await roomAt(HEALTHY_ROOM);
    expect(response.status).toBe(200);
    const body = await json<RoomAnswer>(response);
    expect(body.room).toMatchObject({ jid: HEALTHY_ROOM, builds: 0, incidents: 0, peakQueueLen: null });
    expect(body).toMatchObject({ builds: [], incidents: [], totalBuilds: 0, totalIncidents: 0 });
    // Its healthy build, asked for.
    const healthy = await json<RoomAnswer>(roomAt(HEALTHY_ROOM, "?incident=false"));
    expect(healthy.builds.map((build) => build.number)).toEqual([1]);
    expect(healthy.totalBuilds).toBe(1);
    // A room no stored build names is still a 404.
    const missing = await roomAt("nobody@conference.example.org");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
  });

  test("the {jid} segment arrives decoded: a % in a room's name is kept as it is", async () => {
    for (const jid of [PERCENT_ROOM, ESCAPE_ROOM, PLAIN_ROOM]) {
      const response = await roomAt(jid);
      expect(response.status, jid).toBe(200);
      const body = await json<RoomAnswer>(response);
      // Folded as stored (rA is the room ra), and %41 is not the A that would make it that room.
      expect(body.room.jid).toBe(jid.toLowerCase());
      expect(body.room.builds).toBe(1);
    }
  });

  test("a room spelled two ways is one room: listed once, found by any spelling, its builds together", async () => {
    const { rooms } = await json<{ rooms: Room[] }>(getRooms(getRequest("/api/rooms?job=rooms-case")));
    expect(rooms.map((room) => [room.jid, room.builds])).toEqual([[CASE_ROOM, 2]]);
    for (const spelling of [...CASE_ROOMS, "CASE_ROOM@CONFERENCE.EXAMPLE.ORG/nick"]) {
      const response = await roomAt(spelling);
      expect(response.status, spelling).toBe(200);
      const body = await json<RoomAnswer>(response);
      expect(body.room.jid, spelling).toBe(CASE_ROOM);
      expect(body.builds.map((build) => build.number).sort(), spelling).toEqual([1, 2]);
      const filtered = await json<{ builds: { number: number; room: string }[] }>(
        getBuilds(getRequest(`/api/builds?room=${encodeURIComponent(spelling)}`)),
      );
      expect(filtered.builds.map((build) => [build.number, build.room]).sort(), spelling).toEqual([
        [1, CASE_ROOM],
        [2, CASE_ROOM],
      ]);
    }
    // The same pid stuck in both builds: one incident, on the one room.
    const incidents = await json<{ incidents: { room: string; buildCount: number }[] }>(getIncidents(getRequest("/api/incidents?job=rooms-case")));
    expect(incidents.incidents.map((incident) => [incident.room, incident.buildCount])).toEqual([[CASE_ROOM, 2]]);
  });

  test("room= with a name alone (no @) keeps every room of that name, on any MUC host, however it is cased", async () => {
    for (const spelling of ["shared_name", "Shared_Name", " SHARED_NAME "]) {
      const query = `room=${encodeURIComponent(spelling)}`;
      const builds = await json<{ builds: { room: string }[]; total: number }>(getBuilds(getRequest(`/api/builds?${query}`)));
      expect(builds.builds.map((build) => build.room).sort(), spelling).toEqual(SHARED_NAME_JIDS);
      const { rooms } = await json<{ rooms: Room[] }>(getRooms(getRequest(`/api/rooms?${query}`)));
      expect(rooms.map((room) => [room.jid, room.builds, room.incidents]).sort(), spelling).toEqual(SHARED_NAME_JIDS.map((jid) => [jid, 1, 1]));
      const incidents = await json<{ incidents: { room: string }[] }>(getIncidents(getRequest(`/api/incidents?${query}`)));
      expect(incidents.incidents.map((incident) => incident.room).sort(), spelling).toEqual(SHARED_NAME_JIDS);
    }
    // A JID keeps its one room; a part of a name is no name; a name alone is no room's page.
    const one = await json<{ builds: { room: string }[] }>(getBuilds(getRequest(`/api/builds?room=${encodeURIComponent(SHARED_NAME_ROOMS[1] as string)}`)));
    expect(one.builds.map((build) => build.room)).toEqual([SHARED_NAME_JIDS[1]]);
    expect((await json<{ total: number }>(getBuilds(getRequest("/api/builds?room=shared")))).total).toBe(0);
    expect((await roomAt("shared_name")).status).toBe(404);
  });

  test("GET /api/rooms/{jid} takes the page's filters and says how many builds and incidents there are", async () => {
    const ROOM_244 = "snh-48#pocket48_76366185259598244@conference.easemob.com";
    for (const filter of ["", "from=2015-08-25", "to=2015-08-24", `job=${SEED_JOB}`, "job=rooms-odd", "class=sql", "sourceKind=etop"]) {
      const response = await roomAt(ROOM_244, `?${filter}`);
      expect(response.status, filter).toBe(200);
      const body = await json<RoomAnswer>(response);
      const room = encodeURIComponent(ROOM_244);
      const builds = await json<{ total: number }>(getBuilds(getRequest(`/api/builds?room=${room}&incident=true&${filter}`)));
      const incidents = await json<{ total: number }>(getIncidents(getRequest(`/api/incidents?room=${room}&${filter}`)));
      expect([body.totalBuilds, body.totalIncidents], filter).toEqual([builds.total, incidents.total]);
      expect([body.builds.length, body.incidents.length], filter).toEqual([Math.min(100, builds.total), Math.min(100, incidents.total)]);
      expect([body.room.builds, body.room.incidents], filter).toEqual([builds.total, incidents.total]);
    }
    const other = await json<RoomAnswer>(roomAt(ROOM_244, "?job=rooms-odd"));
    expect(other).toMatchObject({ builds: [], incidents: [], totalBuilds: 0, totalIncidents: 0 });
    const bad = await roomAt(ROOM_244, "?from=notadate");
    expect(bad.status).toBe(400);
  });

  test("checkRoomFilter: a room's name or JID exists; text that is neither gets the rooms whose JID holds it (the pages' hint)", async () => {
    expect(await checkRoomFilter(roomFilterKey(ROOM_304))).toEqual({ exists: true, similar: [], more: false });
    expect(await checkRoomFilter(roomFilterKey("snh-48#pocket48_76366191207121304"))).toEqual({ exists: true, similar: [], more: false });
    // Cased otherwise, as the filter folds it: the same room.
    expect(await checkRoomFilter(roomFilterKey("Case_Room@Conference.Example.org"))).toEqual({ exists: true, similar: [], more: false });
    const partial = await checkRoomFilter(roomFilterKey("SNH-48"));
    expect(partial.exists).toBe(false);
    expect(partial.similar.length).toBeGreaterThan(0);
    expect(partial.similar.length).toBeLessThanOrEqual(5);
    for (const jid of partial.similar) expect(jid).toContain("snh-48");
    expect(partial.similar).toEqual([...partial.similar].sort());
    expect(await checkRoomFilter(roomFilterKey("shared_name@muc"))).toEqual({ exists: false, similar: ["shared_name@muc.b.example"], more: false });
    expect(await checkRoomFilter("no-such-room-anywhere")).toEqual({ exists: false, similar: [], more: false });
    // `_` and `%` are the text, not LIKE's wildcards: only rooms that hold them.
    const underscore = await checkRoomFilter("_");
    expect(underscore.similar.length).toBeGreaterThan(0);
    for (const jid of underscore.similar) expect(jid).toContain("_");
    expect(await checkRoomFilter("%")).toEqual({ exists: false, similar: [PERCENT_ROOM, ESCAPE_ROOM].sort(), more: false });
    expect(await checkRoomFilter("snh_48")).toEqual({ exists: false, similar: [], more: false });
    expect(await checkRoomFilter("r%4")).toEqual({ exists: false, similar: [ESCAPE_ROOM], more: false });
    expect(await checkRoomFilter("\\")).toEqual({ exists: false, similar: [], more: false });
  });

  test("the read API warns of a room filter that names no room, with the rooms that hold it; not of one that does", async () => {
    type Answer = { warnings?: string[] };
    const get = async (handler: (request: Request) => Promise<Response>, path: string) => {
      const response = await handler(getRequest(path));
      expect(response.status, path).toBe(200);
      return (await response.json()) as Answer;
    };
    const handlers: [string, (request: Request) => Promise<Response>][] = [
      ["/api/builds", getBuilds],
      ["/api/incidents", getIncidents],
      ["/api/rooms", getRooms],
      ["/api/timeline", getTimeline],
    ];
    for (const [path, handler] of handlers) {
      const missing = await get(handler, `${path}?room=SNH-48`);
      expect(missing.warnings, path).toEqual([expect.stringMatching(/^room=snh-48 names no stored room \(the filter takes a room's whole name, before the @, or its JID\); rooms whose JID holds it: snh-48/)]);
      const found = await get(handler, `${path}?room=${encodeURIComponent(ROOM_304)}`);
      expect(found.warnings, path).toBeUndefined();
    }
  });

  // A review: the job hint looked among the first 500 jobs only, said "(the first 5)" of exactly
  // five, and offered a stored name of a letter or two for any typo that held it.
  test("the job hint looks among every stored job, says 'the first 5' only when there were more, and offers no fragment", async () => {
    const logOf = (job: string, number: number) => fixture("ProductCI_ejabberd_mqueue_random_monitor_25877.log").replaceAll("ProductCI_ejabberd_mqueue_random_monitor", job).replaceAll("25877", String(number));
    const jobs = Array.from({ length: 502 }, (_, k) => `aaa-job-${String(k).padStart(3, "0")}`);
    const files = jobs.map((job, k) => ({ name: `${job}_${70000 + k}.log`, content: logOf(job, 70000 + k) }));
    files.push({ name: "zzz-prod-monitor_79999.log", content: logOf("zzz-prod-monitor", 79999) });
    files.push({ name: "ab_79998.log", content: logOf("ab", 79998) });
    for (let k = 1; k <= 5; k++) files.push({ name: `team-x-alpha-${k}_7990${k}.log`, content: logOf(`team-x/alpha-${k}`, 79900 + k) });
    for (let i = 0; i < files.length; i += 50) expect((await postLogs(multipartRequest(files.slice(i, i + 50)))).status).toBe(201);
    expect(await checkJobFilter("zzz-prod-monitr")).toEqual({ exists: false, similar: ["zzz-prod-monitor"], more: false });
    const many = await checkJobFilter("aaa-job-0");
    expect(many).toEqual({ exists: false, similar: jobs.slice(0, 5), more: true });
    // Five exactly: no "first 5".
    expect(await checkJobFilter("team-x/alpha")).toEqual({ exists: false, similar: [1, 2, 3, 4, 5].map((k) => `team-x/alpha-${k}`), more: false });
    // `ab` is in the typo, but names too little to be offered.
    expect((await checkJobFilter("lab-monitor")).similar).not.toContain("ab");
  });

  // An operator's review: `job=ejabberd-mon-prd` (a typo) gave empty lists with no word.
  test("the read API warns of a job filter that names no stored job, with the jobs like it; not of one that does", async () => {
    const job = "ProductCI_ejabberd_mqueue_random_monitor";
    for (const [path, handler] of [
      ["/api/builds", getBuilds],
      ["/api/incidents", getIncidents],
      ["/api/rooms", getRooms],
      ["/api/timeline", getTimeline],
    ] as const) {
      // A slip of a letter; another case; a part (the seed's other job holds it too).
      for (const [typo, like] of [
        ["ProductCI_ejabberd_mqueue_random_monitr", job],
        ["productci_ejabberd_mqueue_random_monitor", `${job}, ${job}_dbcluster`],
        ["random_monitor", `${job}, ${job}_dbcluster`],
      ]) {
        const response = await handler(getRequest(`${path}?job=${typo}`));
        expect(response.status, path).toBe(200);
        const answer = (await response.json()) as { warnings?: string[] };
        expect(answer.warnings, `${path} ${typo}`).toEqual([`job=${typo} names no stored job (the filter takes a job's whole name, as its builds name it); stored jobs like it: ${like}`]);
      }
      const far = (await (await handler(getRequest(`${path}?job=nightly`))).json()) as { warnings?: string[] };
      expect(far.warnings, path).toEqual(["job=nightly names no stored job (the filter takes a job's whole name, as its builds name it)"]);
      const found = (await (await handler(getRequest(`${path}?job=${job}`))).json()) as { warnings?: string[] };
      expect(found.warnings, path).toBeUndefined();
    }
  });
});
