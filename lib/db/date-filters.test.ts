// Integration: the time range filters through the route handlers, on both
// databases. A date-only `to` takes in that whole day (UTC); date-times
// keep their exact meaning; bad values get one short message each.
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getBuildByNumber } from "@/app/api/builds/[job]/[number]/route";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { GET as getTimeline } from "@/app/api/timeline/route";
import { fixture, getRequest, rawRequest } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const JOB = "edge";
// One build on each side of 2015-08-25's bounds (number → start time).
const BUILDS: [number, string, string][] = [
  [1, "2015-08-24T23:59:59.999Z", "ProductCI_ejabberd_mqueue_random_monitor_25870.log"],
  [2, "2015-08-25T00:00:00.000Z", "ProductCI_ejabberd_mqueue_random_monitor_25877.log"],
  [3, "2015-08-25T23:59:59.999Z", "ProductCI_ejabberd_mqueue_random_monitor_27044.log"],
  [4, "2015-08-26T00:00:00.000Z", "ProductCI_ejabberd_mqueue_random_monitor_27140.log"],
];

type ErrorBody = { error: { code: string; message: string; issues: unknown[] } };

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "date_filters");

  const numbers = async (range: string): Promise<number[]> => {
    const answer = (await (await getBuilds(getRequest(`/api/builds?job=${JOB}&sort=number&order=asc&${range}`))).json()) as {
      builds: { number: number }[];
    };
    return answer.builds.map((b) => b.number);
  };

  test("a date-only `to` takes in that whole day; date-times keep their exact meaning", async () => {
    for (const [number, startedAt, name] of BUILDS) {
      const response = await postLogs(rawRequest(fixture(name), "text/plain", { query: `?job=${JOB}&number=${number}&startedAt=${startedAt}` }));
      expect(response.status).toBe(201);
    }
    expect(await numbers("from=2015-08-25&to=2015-08-25")).toEqual([2, 3]);
    expect(await numbers("to=2015-08-25")).toEqual([1, 2, 3]);
    expect(await numbers("from=2015-08-24&to=2015-08-25")).toEqual([1, 2, 3]);
    // As a chart zoom writes them: exact instants, `to` exclusive.
    expect(await numbers("from=2015-08-25T00:00:00.000Z&to=2015-08-25T23:59:59.999Z")).toEqual([2]);
    expect(await numbers("to=2015-08-26T00:00:00Z")).toEqual([1, 2, 3]);

    // The timeline and the incidents read the same range.
    const timeline = (await (await getTimeline(getRequest(`/api/timeline?job=${JOB}&from=2015-08-25&to=2015-08-25`))).json()) as {
      points: { at: string }[];
    };
    expect(timeline.points.map((p) => p.at).sort()).toEqual(["2015-08-25T00:00:00.000Z", "2015-08-25T23:59:59.999Z"]);
    const incidents = async (range: string) =>
      ((await (await getIncidents(getRequest(`/api/incidents?job=${JOB}&${range}`))).json()) as { total: number }).total;
    expect(await incidents("from=2015-08-26&to=2015-08-26")).toBeGreaterThan(0);
    expect(await incidents("from=2015-08-26&to=2015-08-26")).toBe(await incidents("from=2015-08-26T00:00:00Z&to=2015-08-27T00:00:00Z"));

    // The end of the calendar: `to=9999-12-31` keeps everything (its end is that year's last
    // instant; year 10000 would be stored text that sorts before every time), and a bound
    // past it is a 400, not a filter that keeps what it should drop.
    expect(await numbers("to=9999-12-31")).toEqual([1, 2, 3, 4]);
    expect(await numbers("from=2015-08-25&to=9999-12-31")).toEqual([2, 3, 4]);
    expect(await numbers("from=9999-12-31")).toEqual([]);
    expect(await incidents("to=9999-12-31")).toBe(await incidents("to=2100-01-01"));
    const late = await getBuilds(getRequest(`/api/builds?job=${JOB}&from=${encodeURIComponent("9999-12-31T23:00:00-14:00")}`));
    expect(late.status).toBe(400);
    expect(((await late.json()) as ErrorBody).error.message).toBe(
      'invalid query parameters: from: expected a time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, got "9999-12-31T23:00:00-14:00"',
    );
  });

  test("bad dates and out-of-range integers answer 400 with one short message each", async () => {
    const bad = async (response: Response | Promise<Response>) => {
      const answer = await response;
      expect(answer.status).toBe(400);
      const body = (await answer.json()) as ErrorBody;
      expect(body.error.code).toBe("bad_request");
      expect(Array.isArray(body.error.issues)).toBe(true);
      return body.error.message;
    };
    expect(await bad(getBuilds(getRequest("/api/builds?from=notadate")))).toBe(
      'invalid query parameters: from: expected a date (2015-08-25) or an ISO 8601 date-time (2015-08-25T16:34:01Z), got "notadate"',
    );
    expect(await bad(getBuilds(getRequest("/api/builds?page=1e20&incidentId=3000000000")))).toBe(
      "invalid query parameters: incidentId: must be an integer from 1 to 2147483647; page: must be an integer from 1 to 1000000",
    );
    expect(await bad(getBuildByNumber(getRequest("/api/builds/by-id/3000000000"), { params: Promise.resolve({ job: "by-id", number: "3000000000" }) }))).toBe(
      "invalid path: id: must be an integer from 0 to 2147483647",
    );
    expect(await bad(getBuildByNumber(getRequest("/api/builds/ProductCI/3000000000"), { params: Promise.resolve({ job: "ProductCI", number: "3000000000" }) }))).toBe(
      "invalid path: number: must be an integer from 0 to 2147483647",
    );
    expect(await bad(postLogs(rawRequest("x", "text/plain", { query: "?startedAt=2015-08-25" })))).toBe(
      'invalid query parameters: startedAt: expected an ISO 8601 date-time with a time zone (2015-08-25T16:34:01Z or 2015-08-25T16:34:01+08:00), got "2015-08-25"',
    );
    // A start past year 9999 would be stored as text that sorts before every other time.
    expect(await bad(postLogs(rawRequest("x", "text/plain", { query: `?startedAt=${encodeURIComponent("9999-12-31T23:00:00-01:00")}` })))).toBe(
      'invalid query parameters: startedAt: expected a time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, got "9999-12-31T23:00:00-01:00"',
    );
  });
});
