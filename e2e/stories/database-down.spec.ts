// Story: PostgreSQL is down (a restart, a failover) while the operator opens the dashboard. The
// API answers 503 with Retry-After; the pages said "Something went wrong … (reference …)" with
// nothing about the database, and /incidents even answered 200 (its loading.tsx streamed the page
// before its query failed). They now say the database cannot be reached and to try again, with a
// 500 each, so that a monitor probing a page sees the outage too. A server of its own, started without `npm start` (which would
// refuse to start without its database), on a PostgreSQL address nothing listens on.
import { type ChildProcess, spawn } from "node:child_process";
import { expect, test } from "../fixtures";
import { SPEC_SERVER_PORT } from "../token-server";
import { closedPort } from "../../lib/testing/closed-port";

const BASE = `http://127.0.0.1:${SPEC_SERVER_PORT}`;
let server: ChildProcess | undefined;
let output = "";

test.beforeAll(async () => {
  server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(SPEC_SERVER_PORT), "-H", "127.0.0.1"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/dashboard`, NEXT_TELEMETRY_DISABLED: "1" },
  });
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      // Listening: the health check answers (503: no database).
      if ((await fetch(`${BASE}/api/health`)).status === 503) return;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});

test.afterAll(async () => {
  if (server?.pid !== undefined && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once("exit", resolve));
    process.kill(-server.pid, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
});

test("with the database down, every page says the database cannot be reached, and the API 503", async ({ page, request }) => {
  for (const path of ["/", "/builds", "/incidents", "/rooms", "/logs"]) {
    const response = await page.goto(`${BASE}${path}`);
    expect(response?.status(), path).toBe(500);
    const error = page.getByTestId("error-page");
    await expect(error, path).toHaveAttribute("data-reason", "database-unavailable");
    await expect(error.getByRole("heading")).toHaveText("The database cannot be reached");
    await expect(error).not.toContainText("Something went wrong");
  }
  const api = await request.get(`${BASE}/api/builds`);
  expect(api.status()).toBe(503);
  expect(api.headers()["retry-after"]).toBe("30");
});
