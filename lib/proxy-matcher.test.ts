// Which requests run through proxy.ts (the CSP nonce and the READ_TOKEN gate).
// Only the upload endpoint itself stays out, so that its body can stream: any
// other path under /api/logs (a future /api/logs/{id}, say) gets the gate
// and the headers like every other page and API.
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { describe, expect, test } from "vitest";
import { config } from "../proxy";

const runs = (url: string) => unstable_doesMiddlewareMatch({ config, url });

describe("proxy matcher", () => {
  test.each(["/", "/builds", "/builds/ProductCI/25877", "/rooms/snh-48%23pocket48%40conference.easemob.com", "/logs", "/upload"])(
    "page %s goes through the proxy",
    (url) => expect(runs(url)).toBe(true),
  );

  test.each(["/api/builds", "/api/rooms", "/api/incidents", "/api/timeline", "/api/health", "/api/logs/1", "/api/logs/", "/api/logsx", "/api/logs.csv"])(
    "API %s goes through the proxy",
    (url) => expect(runs(url)).toBe(true),
  );

  // Near misses of the exceptions are ordinary paths (their not-found page gets the CSP and the Host check).
  test.each(["/favicon.icox", "/faviconXico", "/favicon.ico/x", "/_next/staticx", "/_next/static", "/_next/imagex", "/_next/image/x"])(
    "%s, only like an exception, goes through the proxy",
    (url) => expect(runs(url)).toBe(true),
  );

  test.each(["/api/logs", "/api/logs?format=csv", "/_next/static/chunks/main.js", "/_next/image?url=x", "/favicon.ico"])(
    "%s does not",
    (url) => expect(runs(url)).toBe(false),
  );
});
