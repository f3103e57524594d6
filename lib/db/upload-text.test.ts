// Integration: POST /api/logs?format=text, on both databases: the answer a CI step prints in its
// console, a line per log and per build (verdict and link), with the same statuses as JSON; a
// duplicate says it was uploaded before; a bad `format` is a 400 with nothing stored; errors stay JSON.
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { fixture, rawRequest } from "@/lib/testing/api";
import { countRows, testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const SEED_JOB = "ProductCI_ejabberd_mqueue_random_monitor";

describe.each(testDatabaseKinds())("on %s", (kind) => {
  const database = useTestDatabase(kind, "upload_text");

  test("a CI push with format=text: its build, verdict and link; again: uploaded before, the same link", async () => {
    const text = fixture(`${SEED_JOB}_25877.log`).replaceAll("25877", "71877");
    const query = `?format=text&filename=console.log`;
    const response = await postLogs(rawRequest(text, "text/plain", { query, headers: { "x-forwarded-proto": "https" } }));
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const lines = (await response.text()).split("\n");
    expect(lines[0]).toMatch(/^console\.log: stored 1 build \(log \d+\)$/);
    expect(lines[1]).toBe(
      `  ${SEED_JOB} #71877: INCIDENT, muc_room snh-48#pocket48_76366191207121304@conference.easemob.com  https://127.0.0.1/builds/${SEED_JOB}/71877`,
    );
    expect(lines.slice(2)).toEqual([""]);

    const again = await postLogs(rawRequest(text, "text/plain", { query: `${query}&number=5` }));
    expect(again.status).toBe(200);
    const duplicate = (await again.text()).split("\n");
    expect(duplicate[0]).toMatch(/^console\.log: this content was uploaded before \(log \d+\); nothing new was stored; number=5 sent with it was not applied/);
    expect(duplicate[1]).toContain(`http://127.0.0.1/builds/${SEED_JOB}/71877`);
  });

  test("a forwarded name the Host rule does not serve is not put into the links: they are paths", async () => {
    const text = fixture(`${SEED_JOB}_25877.log`).replaceAll("25877", "73877");
    const response = await postLogs(rawRequest(text, "text/plain", { query: "?format=text&filename=console.log", headers: { "x-forwarded-host": "evil.example" } }));
    expect(response.status).toBe(201);
    const lines = (await response.text()).split("\n");
    expect(lines[1]).toMatch(new RegExp(`  /builds/${SEED_JOB}/73877$`));
    expect(lines.join("\n")).not.toContain("evil.example");
  });

  test("warnings are lines of their own; a bad format is a 400 before anything is read; errors stay JSON", async () => {
    const unnamed = fixture(`${SEED_JOB}_27044.log`).replace(/^.*(JOB_NAME|BUILD_NUMBER|BUILD_URL).*\n/gm, "").replaceAll("27044", "71044");
    const response = await postLogs(rawRequest(unnamed, "text/plain", { query: "?format=text&filename=pasted.log" }));
    expect(response.status).toBe(201);
    const lines = (await response.text()).split("\n");
    expect(lines.some((line) => /^ {2}warning: pasted\.log:\d+:1: stored without a job and number/.test(line))).toBe(true);
    expect(lines[1]).toMatch(/^ {2}monitor run of [\d-]+T[\d:.]+Z: (INCIDENT|healthy).*  http:\/\/127\.0\.0\.1\/builds\/by-id\/\d+$/);

    const before = await countRows(database().url);
    const bad = await postLogs(rawRequest(fixture(`${SEED_JOB}_25877.log`).replaceAll("25877", "72877"), "text/plain", { query: "?format=html" }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: "bad_request", message: 'invalid query parameters: format: expected json or text, got "html"', issues: [{ path: ["format"], message: 'expected json or text, got "html"' }] },
    });
    const twice = await postLogs(rawRequest("x", "text/plain", { query: "?format=text&format=json" }));
    expect(twice.status).toBe(400);
    // An unreadable log with format=text: the error is JSON, as every /api error is.
    const unreadable = await postLogs(rawRequest("no monitor here\n", "text/plain", { query: "?format=text" }));
    expect(unreadable.status).toBe(422);
    expect(unreadable.headers.get("content-type")).toContain("application/json");
    expect(await countRows(database().url)).toEqual(before);
  });
});
