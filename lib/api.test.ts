// A query parameter an endpoint reads, given twice, is refused (400 naming it) on every read
// endpoint and on the upload: the first value alone was answered for (`class=sql&class=rpc` listed
// sql builds only, `incident=true&incident=false` incidents only). Parameters no endpoint reads
// (a page's `token`) are left alone, repeated or not.
import { describe, expect, test } from "vitest";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { GET as getLogs, POST as postLogs } from "@/app/api/logs/route";
import { GET as getRooms } from "@/app/api/rooms/route";
import { GET as getRoom } from "@/app/api/rooms/[jid]/route";
import { GET as getTimeline } from "@/app/api/timeline/route";
import { fixture, getRequest, rawRequest } from "@/lib/testing/api";
import { countRows } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const ROOM = "snh-48#pocket48_76366191207121304@conference.easemob.com"; // the room of build 25877, uploaded first

const endpoints: [string, (query: string) => Promise<Response>][] = [
  ["/api/builds", (query) => getBuilds(getRequest(`/api/builds${query}`))],
  ["/api/incidents", (query) => getIncidents(getRequest(`/api/incidents${query}`))],
  ["/api/rooms", (query) => getRooms(getRequest(`/api/rooms${query}`))],
  [
    "/api/rooms/{jid}",
    (query) => getRoom(getRequest(`/api/rooms/${encodeURIComponent(ROOM)}${query}`), { params: Promise.resolve({ jid: ROOM }) }),
  ],
  ["/api/timeline", (query) => getTimeline(getRequest(`/api/timeline${query}`))],
  ["/api/logs", (query) => getLogs(getRequest(`/api/logs${query}`))],
];

const message = async (response: Response) => ((await response.json()) as { error: { message: string } }).error.message;

describe("repeated query parameters", () => {
  const database = useTestDatabase("sqlite", "repeated_params");

  test("the seed's room is stored (the reads below answer 200 without a repeat)", async () => {
    const response = await postLogs(rawRequest(fixture("ProductCI_ejabberd_mqueue_random_monitor_25877.log"), "text/plain"));
    expect(response.status).toBe(201);
  });

  test.each(endpoints)("%s: a parameter it reads, given twice, is a 400 naming it and its values", async (path, get) => {
    // `page` is read by the lists, `format` by all; `class` and `incident` by the filtered ones.
    const logs = path === "/api/logs";
    const query = logs ? "?pageSize=5&pageSize=50" : "?class=sql&class=rpc&incident=true&incident=false";
    const response = await get(query);
    expect(response.status).toBe(400);
    const text = await message(response);
    if (logs) expect(text).toBe('invalid query parameters: pageSize: given 2 times ("5", "50"): give it once');
    else expect(text).toBe('invalid query parameters: class: given 2 times ("sql", "rpc"): give it once; incident: given 2 times ("true", "false"): give it once');
  });

  test.each(endpoints)("%s: parameters it does not read may repeat; an empty repeat is no value", async (_path, get) => {
    expect((await get("?token=a&token=b&utm=x")).status).toBe(200);
    expect((await get("?format=json&format=")).status).toBe(200);
  });

  test("/api/incidents: sort takes lastAt, firstAt, peakQueueLen, buildCount or durationMs, order asc or desc; another value is a 400 naming the ones it takes", async () => {
    for (const sort of ["lastAt", "firstAt", "peakQueueLen", "buildCount", "durationMs"]) {
      for (const order of ["asc", "desc"]) expect((await getIncidents(getRequest(`/api/incidents?sort=${sort}&order=${order}`))).status).toBe(200);
    }
    // The builds' own sort name is no incident column.
    const response = await getIncidents(getRequest("/api/incidents?sort=queueLen"));
    expect(response.status).toBe(400);
    expect(await message(response)).toMatch(/^invalid query parameters: sort: .*"lastAt".*"firstAt".*"peakQueueLen".*"buildCount".*"durationMs"/);
    expect((await getIncidents(getRequest("/api/incidents?order=up"))).status).toBe(400);
  });

  test("an upload with a metadata query parameter given twice is refused, nothing stored", async () => {
    const before = await countRows(database().url);
    const text = fixture("ProductCI_ejabberd_mqueue_random_monitor_27044.log").replace(/27044/g, "94044");
    const response = await postLogs(rawRequest(text, "text/plain", { query: "?job=a&job=b" }));
    expect(response.status).toBe(400);
    expect(await message(response)).toBe('invalid query parameters: job: given 2 times ("a", "b"): give it once');
    expect(await countRows(database().url)).toEqual(before);
  });
});

describe("a time range that holds no time", () => {
  useTestDatabase("sqlite", "empty_range");

  test.each(endpoints)("%s: from at or after to is a 400 saying so; a day's own range is not", async (path, get) => {
    if (path === "/api/logs") return; // no range
    const later = await get("?from=2015-08-26T00:00:00Z&to=2015-08-25T00:00:00Z");
    expect(later.status).toBe(400);
    expect(await message(later)).toBe("invalid query parameters: from: from (2015-08-26T00:00:00Z) is not before to (2015-08-25T00:00:00Z, exclusive): the range holds no time");
    expect((await get("?from=2015-08-25T08:00:00%2B08:00&to=2015-08-25T00:00:00Z")).status).toBe(400);
    // A date-only `to` takes in that whole day: from=to=that day is the day. (No room is stored
    // here: /api/rooms/{jid} answers its 404, not the range's 400.)
    const ok = path === "/api/rooms/{jid}" ? 404 : 200;
    expect((await get("?from=2015-08-25&to=2015-08-25")).status).toBe(ok);
    expect((await get("?from=2015-08-25T00:00:00Z&to=2015-08-25T00:00:00.001Z")).status).toBe(ok);
  });
});

