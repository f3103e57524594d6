// DNS rebinding against the running server (lib/host-check.ts): it listens on 127.0.0.1, so a
// request under another name, as a rebound page's script sends it, gets a 403 and nothing, on a
// page, a read API, a deletion and an upload (which bypasses the proxy); under localhost or the
// address the same requests work. The Host header is set by hand: a browser will not let a test
// choose it, and this is the header a rebound page's requests carry.
import http from "node:http";
import { expect, test } from "@playwright/test";

function send(baseURL: string, path: string, host: string, method = "GET", body?: string): Promise<{ status: number; text: string }> {
  const url = new URL(path, baseURL);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers: { host, ...(body ? { "content-type": "text/plain" } : {}) } },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

test("a request under a name the dashboard does not have is refused; under localhost it is served", async ({ baseURL }) => {
  const port = new URL(baseURL!).port;
  const rebound = `rebound.example:${port}`;
  for (const path of ["/", "/builds", "/api/builds", "/api/logs"]) {
    const refused = await send(baseURL!, path, rebound);
    expect(refused.status, path).toBe(403);
    expect(refused.text, path).toContain(`Host \\"${rebound}\\" is not a name of this dashboard`);
    expect(refused.text, path).not.toContain("<html");
  }
  const upload = await send(baseURL!, "/api/logs?job=rebound&number=1", rebound, "POST", "processes sorted by queue_len desc:\n");
  expect(upload.status).toBe(403);
  expect((await send(baseURL!, "/api/logs/1", rebound, "DELETE")).status).toBe(403);

  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
    expect((await send(baseURL!, "/", host)).status, host).toBe(200);
    expect((await send(baseURL!, "/api/builds", host)).status, host).toBe(200);
    expect((await send(baseURL!, "/api/logs", host)).status, host).toBe(200);
  }
});
