// Integration: the time range filters through the route handlers, on both
// databases. Bad values get one short message each.
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getBuildByNumber } from "@/app/api/builds/[job]/[number]/route";
import { GET as getBuilds } from "@/app/api/builds/route";
import { getRequest, rawRequest } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

type ErrorBody = { error: { code: string; message: string; issues: unknown[] } };

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "date_filters");

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
      "invalid path: number: must be an integer from 0 to 2147483647",
    );
    expect(await bad(postLogs(rawRequest("x", "text/plain", { query: "?startedAt=2015-08-25" })))).toBe(
      'invalid query parameters: startedAt: expected an ISO 8601 date-time with a time zone (2015-08-25T16:34:01Z or 2015-08-25T16:34:01+08:00), got "2015-08-25"',
    );
  });
});
