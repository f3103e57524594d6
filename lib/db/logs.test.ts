// Integration: the list of uploaded logs (GET /api/logs) and the `logId` filter
// that opens one log's builds, through the route handlers, on both databases.
import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { GET as getLogs, POST as postLogs } from "@/app/api/logs/route";
import { DELETE as deleteLog } from "@/app/api/logs/[id]/route";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { GET as getRooms } from "@/app/api/rooms/route";
import { GET as getTimeline } from "@/app/api/timeline/route";
import { fixture, getRequest, multipartRequest, rawRequest } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";
import { readCookieValue } from "@/lib/read-access";

const ROOM_244 = "snh-48#pocket48_76366185259598244@conference.easemob.com";
const ROOM_304 = "snh-48#pocket48_76366191207121304@conference.easemob.com";

type LogRow = { id: number; fileName: string; sha256: string; size: number; uploadedAt: string; buildCount: number };
type LogList = { logs: LogRow[]; total: number; page: number; pageSize: number };
type Uploaded = { logs: { logId: number; sha256: string; size: number }[]; builds: { id: number; number: number }[] };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const json = async <T>(response: Response | Promise<Response>): Promise<T> => (await response).json() as Promise<T>;

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "logs");

  // One build (25877, a room), then a log of two builds (27141 in another room, 27142 healthy).
  const first = { name: "console-25877.log", content: fixture("ProductCI_ejabberd_mqueue_random_monitor_25877.log") };
  const second = { name: "two-runs.log", content: fixture("two-runs.log") };
  const uploaded: { first?: Uploaded; second?: Uploaded } = {};
  const idOf = (which: "first" | "second") => uploaded[which]?.logs[0]?.logId as number;

  test("with nothing uploaded, the list is empty", async () => {
    expect(await json(getLogs(getRequest("/api/logs")))).toEqual({ logs: [], total: 0, page: 1, pageSize: 50 });
  });

  test("lists both uploads newest first, with name, sha256, size, time and build count", async () => {
    const before = Date.now();
    const a = await postLogs(rawRequest(first.content, "text/plain", { query: `?filename=${first.name}` }));
    expect(a.status).toBe(201);
    uploaded.first = (await a.json()) as Uploaded;
    const b = await postLogs(multipartRequest([second]));
    expect(b.status).toBe(201);
    uploaded.second = (await b.json()) as Uploaded;

    const response = await getLogs(getRequest("/api/logs"));
    expect(response.status).toBe(200);
    const list = (await response.json()) as LogList;
    expect(list).toMatchObject({ total: 2, page: 1, pageSize: 50 });
    expect(list.logs.map(({ id, fileName, sha256: sha, size, buildCount }) => ({ id, fileName, sha256: sha, size, buildCount }))).toEqual([
      { id: idOf("second"), fileName: "two-runs.log", sha256: sha256(second.content), size: Buffer.byteLength(second.content), buildCount: 2 },
      { id: idOf("first"), fileName: first.name, sha256: sha256(first.content), size: Buffer.byteLength(first.content), buildCount: 1 },
    ]);
    // What the upload answered, and an ISO time of the upload.
    expect(list.logs[0]).toMatchObject({ sha256: uploaded.second.logs[0]?.sha256, size: uploaded.second.logs[0]?.size });
    for (const log of list.logs) {
      expect(log.uploadedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(log.uploadedAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(log.uploadedAt)).toBeLessThanOrEqual(Date.now() + 1000);
    }
    expect(Date.parse(list.logs[0]!.uploadedAt)).toBeGreaterThanOrEqual(Date.parse(list.logs[1]!.uploadedAt));
    // The jobs their builds are of, with their first and last numbers (every CI push is console.log).
    expect((list.logs as (LogRow & { jobs: unknown })[]).map((log) => log.jobs)).toEqual([
      [{ job: "ProductCI_ejabberd_mqueue_random_monitor", first: 27141, last: 27142, builds: 2, attempts: { min: 1, max: 1 } }],
      [{ job: "ProductCI_ejabberd_mqueue_random_monitor", first: 25877, last: 25877, builds: 1, attempts: { min: 1, max: 1 } }],
    ]);
  });

  // An operator's review: a build's console and its re-run's read the same in the logs list.
  test("a log holding a re-run says its attempt among its jobs", async () => {
    const rerun = first.content.replace("message queue len of pid", "message  queue len of pid");
    const response = await postLogs(rawRequest(rerun, "text/plain", { query: "?filename=console.log&attempt=2" }));
    expect(response.status, await response.clone().text()).toBe(201);
    const list = await json<LogList>(getLogs(getRequest("/api/logs?pageSize=1")));
    expect((list.logs[0] as LogRow & { jobs: unknown }).jobs).toEqual([
      { job: "ProductCI_ejabberd_mqueue_random_monitor", first: 25877, last: 25877, builds: 1, attempts: { min: 2, max: 2 } },
    ]);
    // (Gone again: the tests below count two logs.)
    const id = (list.logs[0] as LogRow & { id: number }).id;
    expect((await deleteLog(new Request(`http://127.0.0.1/api/logs/${id}`, { method: "DELETE" }), { params: Promise.resolve({ id: String(id) }) })).status).toBe(200);
  });

  test("the same content uploaded again adds no row", async () => {
    const again = await postLogs(rawRequest(first.content, "text/plain", { query: "?filename=renamed.log" }));
    expect(again.status).toBe(200);
    const list = await json<LogList>(getLogs(getRequest("/api/logs")));
    expect(list.total).toBe(2);
    expect(list.logs.map((log) => log.fileName)).toEqual(["two-runs.log", first.name]);
  });

  test("pages like the other lists: page and pageSize", async () => {
    const one = await json<LogList>(getLogs(getRequest("/api/logs?pageSize=1")));
    expect(one).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(one.logs.map((log) => log.id)).toEqual([idOf("second")]);
    const two = await json<LogList>(getLogs(getRequest("/api/logs?pageSize=1&page=2")));
    expect(two).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(two.logs.map((log) => log.id)).toEqual([idOf("first")]);
    const past = await json<LogList>(getLogs(getRequest("/api/logs?pageSize=1&page=3")));
    expect(past).toMatchObject({ logs: [], total: 2, page: 3 });
  });

  test("answers CSV with format=csv", async () => {
    const response = await getLogs(getRequest("/api/logs?format=csv"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toContain('filename="logs.csv"');
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toBe("id,fileName,sha256,size,uploadedAt,buildCount");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^${idOf("second")},two-runs\\.log,${sha256(second.content)},${Buffer.byteLength(second.content)},[^,]+Z,2$`));
    expect(lines[2]).toMatch(new RegExp(`^${idOf("first")},console-25877\\.log,${sha256(first.content)},\\d+,[^,]+Z,1$`));
  });

  test.each([
    ["page=0", "page"],
    ["page=abc", "page"],
    ["pageSize=0", "pageSize"],
    ["pageSize=501", "pageSize"],
    ["format=xml", "format"],
  ])("a bad parameter (%s) is a 400 naming it", async (query, name) => {
    const response = await getLogs(getRequest(`/api/logs?${query}`));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toMatch(new RegExp(`\\b${name}: `));
  });

  test("?logId= on /api/builds gives exactly that log's builds", async () => {
    type BuildList = { builds: { id: number; number: number }[]; total: number };
    const ofSecond = await json<BuildList>(getBuilds(getRequest(`/api/builds?logId=${idOf("second")}`)));
    expect(ofSecond.total).toBe(2);
    expect(ofSecond.builds.map((b) => b.id).sort((x, y) => x - y)).toEqual(uploaded.second!.builds.map((b) => b.id).sort((x, y) => x - y));
    expect(ofSecond.builds.map((b) => b.number).sort((x, y) => x - y)).toEqual([27141, 27142]);
    const ofFirst = await json<BuildList>(getBuilds(getRequest(`/api/builds?logId=${idOf("first")}`)));
    expect(ofFirst.builds.map((b) => b.number)).toEqual([25877]);
    // The build count the list shows is what the filter finds.
    const list = await json<LogList>(getLogs(getRequest("/api/logs")));
    for (const log of list.logs) {
      expect((await json<BuildList>(getBuilds(getRequest(`/api/builds?logId=${log.id}`)))).total).toBe(log.buildCount);
    }
    // With the other filters, sorted, in CSV.
    const sorted = await json<BuildList>(getBuilds(getRequest(`/api/builds?logId=${idOf("second")}&sort=number&order=asc&incident=false`)));
    expect(sorted.builds.map((b) => b.number)).toEqual([27142]);
    const csv = await (await getBuilds(getRequest(`/api/builds?logId=${idOf("second")}&format=csv`))).text();
    expect(csv.trim().split("\r\n")).toHaveLength(3);

    expect((await json<BuildList>(getBuilds(getRequest("/api/builds?logId=999999")))).total).toBe(0);
    const bad = await getBuilds(getRequest("/api/builds?logId=abc"));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/\blogId: /);
    expect((await getBuilds(getRequest("/api/builds?logId=0"))).status).toBe(400);
  });

  test("?logId= narrows incidents, rooms and the timeline like the other shared filters", async () => {
    const incidents = async (id: number) =>
      (await json<{ incidents: { key: string }[] }>(getIncidents(getRequest(`/api/incidents?logId=${id}`)))).incidents.map((i) => i.key);
    expect(await incidents(idOf("first"))).toEqual([ROOM_304]);
    expect(await incidents(idOf("second"))).toEqual([ROOM_244]);
    const rooms = await json<{ rooms: { jid: string; builds: number }[] }>(getRooms(getRequest(`/api/rooms?logId=${idOf("second")}`)));
    expect(rooms.rooms.map((r) => [r.jid, r.builds])).toEqual([[ROOM_244, 1]]);
    const timeline = await json<{ points: { number: number }[] }>(getTimeline(getRequest(`/api/timeline?logId=${idOf("second")}`)));
    expect(timeline.points.map((p) => p.number)).toEqual([27141, 27142]);
  });

  describe("with READ_TOKEN set", () => {
    const withReadToken = async (run: () => Promise<void>) => {
      process.env.READ_TOKEN = "r34d";
      try {
        await run();
      } finally {
        delete process.env.READ_TOKEN;
      }
    };

    // The proxy (proxy.ts) keeps off /api/logs so that uploads stream; the read has to check the token itself.
    test("GET /api/logs needs the token: bearer or the cookie; ?token= sets the cookie", () =>
      withReadToken(async () => {
        const denied = await getLogs(getRequest("/api/logs"));
        expect(denied.status).toBe(401);
        expect(((await denied.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
        const wrong = new Request("http://127.0.0.1/api/logs", { headers: { authorization: "Bearer nope" } });
        expect((await getLogs(wrong)).status).toBe(401);
        const csv = await getLogs(getRequest("/api/logs?format=csv"));
        expect(csv.status).toBe(401);
        expect(await csv.text()).not.toContain("two-runs.log");

        const bearer = new Request("http://127.0.0.1/api/logs", { headers: { authorization: "Bearer r34d" } });
        const granted = await getLogs(bearer);
        expect(granted.status).toBe(200);
        expect(((await granted.json()) as LogList).total).toBe(2);
        const cookie = new Request("http://127.0.0.1/api/logs", { headers: { cookie: `mqdash_read=${readCookieValue("r34d")}` } });
        expect((await getLogs(cookie)).status).toBe(200);
        const badCookie = new Request("http://127.0.0.1/api/logs", { headers: { cookie: `mqdash_read=${readCookieValue("r34")}` } });
        expect((await getLogs(badCookie)).status).toBe(401);

        const link = await getLogs(getRequest("/api/logs?pageSize=1&token=r34d"));
        expect([302, 303, 307]).toContain(link.status);
        expect(link.headers.get("location")).toBe("/api/logs?pageSize=1");
        expect(link.headers.get("set-cookie")).toMatch(new RegExp(`^mqdash_read=${readCookieValue("r34d")};.*HttpOnly`, "i"));
        expect((await getLogs(getRequest("/api/logs?token=nope"))).status).toBe(401);
      }));

    test("POST /api/logs is not gated by it (INGEST_TOKEN guards uploads)", () =>
      withReadToken(async () => {
        const log = fixture("ProductCI_ejabberd_mqueue_random_monitor_27044.log");
        const response = await postLogs(rawRequest(log, "text/plain", { query: "?filename=sql.log" }));
        expect(response.status).toBe(201);
      }));
  });
});
