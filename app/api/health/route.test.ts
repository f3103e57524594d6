// GET /api/health: open to a load balancer whatever READ_TOKEN says, but
// with READ_TOKEN set it tells a request without the token nothing but the
// status (the build count is data).
import { afterEach, describe, expect, test } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { POST as postLogs } from "@/app/api/logs/route";
import { fixture, rawRequest } from "@/lib/testing/api";
import { useTestDatabase } from "@/lib/testing/use-test-database";
import { readCookieValue } from "@/lib/read-access";

const request = (headers: Record<string, string> = {}) => new Request("http://127.0.0.1/api/health", { headers });

describe("GET /api/health", () => {
  useTestDatabase("sqlite", "health");

  afterEach(() => {
    delete process.env.READ_TOKEN;
  });

  test("without READ_TOKEN: ok and the build count", async () => {
    const upload = await postLogs(rawRequest(fixture("two-runs.log"), "text/plain", { query: "?filename=two-runs.log" }));
    expect(upload.status).toBe(201);
    const response = await health(request());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, builds: 2 });
  });

  test.each([
    ["no token", {}],
    ["a wrong bearer token", { authorization: "Bearer nope" }],
    ["a wrong cookie", { cookie: `mqdash_read=${readCookieValue("r34")}` }],
    ["the token itself as the cookie", { cookie: "mqdash_read=r34d" }],
  ])("with READ_TOKEN and %s: 200 and the status alone", async (_label, headers) => {
    process.env.READ_TOKEN = "r34d";
    const response = await health(request(headers));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  test.each([
    ["the bearer token", { authorization: "Bearer r34d" }],
    ["the cookie", { cookie: `mqdash_read=${readCookieValue("r34d")}` }],
  ])("with READ_TOKEN and %s: the build count too", async (_label, headers) => {
    process.env.READ_TOKEN = "r34d";
    expect(await (await health(request(headers))).json()).toEqual({ ok: true, builds: 2 });
  });
});
