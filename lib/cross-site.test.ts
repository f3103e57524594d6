// Writes a page of another site makes a visitor's browser send (a form, a fetch whose answer it
// cannot read) are refused, 403, nothing stored; CI and scripts (no Origin), this dashboard's own
// pages (same host, or its write header) and proxies that say the host are not.
import { describe, expect, test } from "vitest";
import { DELETE as deleteLog } from "@/app/api/logs/[id]/route";
import { POST as postLogs } from "@/app/api/logs/route";
import { fixture, rawRequest } from "@/lib/testing/api";
import { countRows } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";
import { WRITE_HEADER } from "./cross-site";

const log = (number: number) => fixture("ProductCI_ejabberd_mqueue_random_monitor_25877.log").replaceAll("25877", String(number));
const post = (number: number, headers: Record<string, string>) => postLogs(rawRequest(log(number), "text/plain", { headers: { host: "127.0.0.1:3000", ...headers } }));
const remove = (id: number, headers: Record<string, string>) =>
  deleteLog(new Request(`http://127.0.0.1/api/logs/${id}`, { method: "DELETE", headers: { host: "127.0.0.1:3000", ...headers } }), {
    params: Promise.resolve({ id: String(id) }),
  });

describe("writes from another site's page", () => {
  const database = useTestDatabase("sqlite", "cross_site");

  test("an upload with another site's Origin (or a null one) is a 403 saying so, nothing stored", async () => {
    const before = await countRows(database().url);
    for (const origin of ["https://evil.example", "http://127.0.0.1:3001", "null"]) {
      const response = await post(71001, { origin });
      expect(response.status, origin).toBe(403);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error).toMatchObject({ code: "forbidden" });
      expect(body.error.message).toBe(`an upload from another site's page (Origin ${origin}) is refused: post from CI or a script (no Origin), or from this dashboard's pages`);
    }
    expect(await countRows(database().url)).toEqual(before);
  });

  test("CI (no Origin), this host's pages, a proxy's X-Forwarded-Host and the pages' write header are let through", async () => {
    expect((await post(71002, {})).status).toBe(201);
    expect((await post(71003, { origin: "http://127.0.0.1:3000" })).status).toBe(201);
    expect((await post(71004, { origin: "https://dash.example.org", "x-forwarded-host": "dash.example.org" })).status).toBe(201);
    // Behind a proxy that rewrote Host and said nothing: the pages' own header (no other site's page can send it).
    expect((await post(71005, { origin: "https://dash.example.org", [WRITE_HEADER]: "1" })).status).toBe(201);
  });

  // The browser's Sec-Fetch-Site (no page can set it) decides when sent, as for the read-token form:
  // behind a proxy that rewrote Host and said nothing, the dashboard's own page is same-origin.
  test("Sec-Fetch-Site decides when sent: same-origin passes whatever Host a proxy passed, any other value is refused", async () => {
    expect((await post(71007, { origin: "https://dash.example.org", "sec-fetch-site": "same-origin" })).status).toBe(201);
    const before = await countRows(database().url);
    for (const site of ["cross-site", "same-site", "none"]) {
      // Origin matches Host here: only Sec-Fetch-Site says the page was another site's.
      const response = await post(71008, { origin: "http://127.0.0.1:3000", "sec-fetch-site": site });
      expect(response.status, site).toBe(403);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.message).toBe(
        `an upload from another site's page (Sec-Fetch-Site ${site}, Origin http://127.0.0.1:3000) is refused: post from CI or a script, or from this dashboard's pages`,
      );
    }
    expect(await countRows(database().url)).toEqual(before);
    const stored = (await (await post(71009, {})).json()) as { logs: { logId: number }[] };
    const id = stored.logs[0]?.logId as number;
    expect((await remove(id, { origin: "https://dash.example.org", "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await remove(id, { origin: "https://dash.example.org", "sec-fetch-site": "same-origin" })).status).toBe(200);
  });

  test("deleting a log from another site's page is refused; from CI or this host it deletes", async () => {
    const stored = (await (await post(71006, {})).json()) as { logs: { logId: number }[] };
    const id = stored.logs[0]?.logId as number;
    const refused = await remove(id, { origin: "https://evil.example" });
    expect(refused.status).toBe(403);
    expect((await countRows(database().url, ["Log"])).Log).toBeGreaterThan(0);
    expect((await remove(id, { origin: "http://127.0.0.1:3000" })).status).toBe(200);
  });
});
