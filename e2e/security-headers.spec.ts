import { expect, test } from "@playwright/test";

test("pages carry a nonce-based CSP without unsafe-inline scripts, and the other security headers", async ({ page, request }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
  const response = await page.goto("/");
  const headers = response?.headers() ?? {};
  const csp = headers["content-security-policy"] ?? "";
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  // Next's own scripts still run under the policy: the page hydrates without CSP violations.
  await page.waitForLoadState("networkidle");
  expect(errors).toEqual([]);

  const again = await request.get("/");
  expect(again.headers()["content-security-policy"]).not.toBe(csp); // a fresh nonce per response

  const api = await request.get("/api/health");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
});

test("only the upload endpoint itself bypasses the proxy: a path below it gets the proxy's headers", async ({ request }) => {
  // POST /api/logs must stream past the proxy (it would buffer and cut the body); GET checks READ_TOKEN itself.
  const upload = await request.get("/api/logs");
  expect(upload.status()).toBe(200);
  expect(upload.headers()["content-security-policy"]).toBeUndefined();
  // A log's own path (DELETE /api/logs/{id}; a GET there is a 405) goes through the proxy.
  const below = await request.get("/api/logs/1");
  expect(below.status()).toBe(405);
  expect(below.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect((await request.get("/api/logs/1/x")).headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});

test("API answers are not cached: Cache-Control private, no-store on reads, CSV, the upload endpoint and errors", async ({ request }) => {
  for (const path of ["/api/builds", "/api/builds?format=csv", "/api/logs", "/api/health", "/api/nope"]) {
    expect((await request.get(path)).headers()["cache-control"], path).toBe("private, no-store");
  }
  const upload = await request.post("/api/logs", { headers: { "content-type": "text/plain" }, data: "no monitor here\n" });
  expect(upload.status()).toBe(422);
  expect(upload.headers()["cache-control"]).toBe("private, no-store");
});
