// What a client gets for a path the server cannot serve: under /api always
// the JSON error shape ({"error":{"code","message"}}), never Next's HTML page
// or a bare 500; for pages, the not-found page.
import { expect, test, type APIResponse } from "@playwright/test";

async function errorOf(response: APIResponse): Promise<{ code: string; message: string }> {
  expect(response.headers()["content-type"]).toContain("application/json");
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

test("an API path with a malformed percent-escape is a 400 saying so", async ({ request }) => {
  for (const path of ["/api/rooms/%E0%A4%A", "/api/rooms/%", "/api/builds/%E0%A4%A/1", "/api/nope/%ZZ"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(400);
    const error = await errorOf(response);
    expect(error.code, path).toBe("bad_request");
    expect(error.message, path).toMatch(/invalid percent-escape/);
  }
});

test("a page path with a malformed percent-escape shows the not-found page, not a 500", async ({ page }) => {
  const response = await page.goto("/rooms/%E0%A4%A");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
});

test("an API path no route serves is a JSON 404, whatever the method", async ({ request }) => {
  for (const path of ["/api", "/api/nope", "/api/builds/x", "/api/logs/1/x", "/api/rooms/a/b"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
    const error = await errorOf(response);
    expect(error.code, path).toBe("not_found");
    expect(error.message, path).toContain(path);
  }
  const post = await request.post("/api/nope", { data: "x", headers: { "content-type": "text/plain" } });
  expect(post.status()).toBe(404);
  expect((await errorOf(post)).code).toBe("not_found");
  const del = await request.delete("/api/logs/1/x");
  expect(del.status()).toBe(404);
  expect((await errorOf(del)).code).toBe("not_found");
});

test("the catch-all leaves the real API routes to answer", async ({ request }) => {
  expect((await request.get("/api/health")).status()).toBe(200);
  expect((await request.get("/api/builds")).status()).toBe(200);
  expect((await request.get("/api/logs")).status()).toBe(200);
  const missing = await request.get("/api/builds/some-job/1");
  expect(missing.status()).toBe(404);
  expect((await errorOf(missing)).message).toBe("no build some-job #1");
  // A folder job's slashes as they are: the build route, every segment but the last the job.
  const folder = await request.get("/api/builds/ops/ejabberd-monitor/42");
  expect(folder.status()).toBe(404);
  expect((await errorOf(folder)).message).toBe("no build ops/ejabberd-monitor #42");
  const upload = await request.post("/api/logs", { data: "not a monitor log\n", headers: { "content-type": "text/plain" } });
  expect(upload.status()).toBe(422);
  expect((await errorOf(upload)).message).toMatch(/no monitor output/);
});

test("a method an API route does not serve is a JSON 405 naming the ones it does", async ({ request }) => {
  for (const [method, path, allowed] of [
    ["DELETE", "/api/builds", "GET, HEAD, OPTIONS"],
    ["POST", "/api/rooms", "GET, HEAD, OPTIONS"],
    ["PUT", "/api/timeline", "GET, HEAD, OPTIONS"],
    ["PATCH", "/api/builds/some-job/1", "GET, HEAD, OPTIONS"],
    ["DELETE", "/api/logs", "GET, POST, HEAD, OPTIONS"],
    ["POST", "/api/health", "GET, HEAD, OPTIONS"],
  ] as const) {
    const response = await request.fetch(path, { method });
    expect(response.status(), `${method} ${path}`).toBe(405);
    expect(response.headers()["allow"], `${method} ${path}`).toBe(allowed);
    const error = await errorOf(response);
    expect(error.code).toBe("method_not_allowed");
    expect(error.message).toContain(`${method} ${path}`);
  }
});

test("OPTIONS names the methods a route answers, as its 405 does", async ({ request }) => {
  for (const [path, allowed] of [
    ["/api/builds", "GET, HEAD, OPTIONS"],
    ["/api/builds/some-job/1", "GET, HEAD, OPTIONS"],
    ["/api/incidents", "GET, HEAD, OPTIONS"],
    ["/api/timeline", "GET, HEAD, OPTIONS"],
    ["/api/health", "GET, HEAD, OPTIONS"],
    ["/api/logs", "GET, POST, HEAD, OPTIONS"],
    ["/api/rooms", "GET, HEAD, OPTIONS"],
    ["/api/rooms/room%40conference.example.org", "GET, HEAD, OPTIONS"],
  ] as const) {
    const options = await request.fetch(path, { method: "OPTIONS" });
    expect(options.status(), path).toBe(204);
    expect(options.headers()["allow"], path).toBe(allowed);
    expect((await request.fetch(path, { method: "PUT" })).headers()["allow"], path).toBe(allowed);
  }
  const unknown = await request.fetch("/api/nope", { method: "OPTIONS" });
  expect(unknown.status()).toBe(404);
  expect((await errorOf(unknown)).code).toBe("not_found");
});

test("a log posted to a page's address (the dashboard's URL without /api/logs) is a JSON 405 pointing at /api/logs, not Next's 409", async ({ request }) => {
  for (const path of ["/", "/upload", "/builds"]) {
    const response = await request.post(path, { multipart: { file: { name: "console.log", mimeType: "text/plain", buffer: Buffer.from("processes sorted by queue_len desc:\n") } } });
    expect(response.status(), path).toBe(405);
    expect(response.headers()["allow"], path).toBe("GET, HEAD");
    const error = await errorOf(response);
    expect(error.code, path).toBe("method_not_allowed");
    expect(error.message, path).toBe(`POST ${path}: pages are read with GET; post logs to /api/logs`);
  }
  expect((await request.get("/upload")).status()).toBe(200);
});
