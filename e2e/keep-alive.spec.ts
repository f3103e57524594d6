// The server keeps an idle keep-alive connection open past Node's default 5 s (scripts/start.ts):
// a client (a proxy, the API scripts, these tests' `request`) that reuses it after a pause gets its
// answer on the same connection, not a reset.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";

test("an idle keep-alive connection is still open after 7 s and answers on the same socket", async ({ baseURL }) => {
  test.setTimeout(30_000);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise<{ status: number; port: number }>((resolve, reject) => {
      const request = http.get(new URL("/api/health", baseURL), { agent }, (response) => {
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0, port: (request.socket?.address() as AddressInfo).port }));
      });
      request.on("error", reject);
    });
  try {
    const first = await get();
    expect(first.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    const second = await get();
    expect(second.status).toBe(200);
    // The same local port: the connection was reused, not closed by the server and opened again.
    expect(second.port).toBe(first.port);
  } finally {
    agent.destroy();
  }
});
