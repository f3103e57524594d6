// The build pages take the number (or id) from the URL: one past what the
// columns hold names no build; PostgreSQL refused it in the query, a 500.
import { describe, expect, test } from "vitest";
import { generateMetadata as byIdMetadata } from "@/app/builds/by-id/[id]/page";
import { generateMetadata as byNumberMetadata } from "@/app/builds/[job]/[number]/page";
import { generateMetadata as byFolderPathMetadata } from "@/app/builds/[job]/[number]/[...rest]/page";
import { GET as getBuildApi } from "@/app/api/builds/[job]/[number]/route";
import { GET as getBuildApiByFolderPath } from "@/app/api/builds/[job]/[number]/[...rest]/route";
import { POST as postLogs } from "@/app/api/logs/route";
import { fixture, rawRequest } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

describe.each(testDatabaseKinds())("build pages with numbers past the columns' range, on %s", (kind) => {
  useTestDatabase(kind, "build-pages");

  test.each(["2147483648", "3000000000", "9999999999"])("/builds/job/%s and /builds/by-id/%s are not found", async (n) => {
    expect(await byNumberMetadata({ params: Promise.resolve({ job: "ProductCI", number: n }) })).toEqual({ title: "Build not found · Mailbox incident dashboard" });
    expect(await byIdMetadata({ params: Promise.resolve({ id: n }) })).toEqual({ title: "Build not found · Mailbox incident dashboard" });
  });

  test("another spelling of a stored build's number or id (0-padded, signed, blanks) names no build", async () => {
    const text = fixture("ProductCI_ejabberd_mqueue_random_monitor_27044.log");
    const response = await postLogs(rawRequest(text, "text/plain", { query: "?job=ProductCI&number=7" }));
    expect(response.status).toBe(201);
    const id = ((await response.json()) as { builds: { id: number }[] }).builds[0]?.id ?? 0;
    const number = (n: string) => byNumberMetadata({ params: Promise.resolve({ job: "ProductCI", number: n }) });
    const byId = (n: string) => byIdMetadata({ params: Promise.resolve({ id: n }) });
    expect(await number("7")).not.toEqual({ title: "Build not found · Mailbox incident dashboard" });
    for (const n of ["07", "+7", " 7", "7 "]) expect(await number(n), JSON.stringify(n)).toEqual({ title: "Build not found · Mailbox incident dashboard" });
    for (const n of [`0${id}`, `+${id}`, ` ${id}`]) expect(await byId(n), JSON.stringify(n)).toEqual({ title: "Build not found · Mailbox incident dashboard" });
  });

  test("a folder job's build is found with its slashes encoded or as they are (/builds/team/ejabberd monitor/5)", async () => {
    const job = "team/ejabberd monitor";
    const text = fixture("ProductCI_ejabberd_mqueue_random_monitor_27044.log");
    const response = await postLogs(rawRequest(`${text}\nanother console\n`, "text/plain", { query: `?${new URLSearchParams({ job, number: "5" })}` }));
    expect(response.status).toBe(201);
    const { builds } = (await response.json()) as { builds: { id: number; permalink: string }[] };
    // The permalink keeps the slash encoded, as before.
    expect(builds[0]?.permalink).toBe("/builds/team%2Fejabberd%20monitor/5");
    const found = { title: expect.stringContaining("team/ejabberd monitor") };
    expect(await byNumberMetadata({ params: Promise.resolve({ job: "team%2Fejabberd%20monitor", number: "5" }) })).toEqual(found);
    expect(await byFolderPathMetadata({ params: Promise.resolve({ job: "team", number: "ejabberd%20monitor", rest: ["5"] }) })).toEqual(found);
    expect(await byFolderPathMetadata({ params: Promise.resolve({ job: "team", number: "ejabberd monitor", rest: ["6"] }) })).toEqual({ title: "Build not found · Mailbox incident dashboard" });
    expect(await byFolderPathMetadata({ params: Promise.resolve({ job: "a", number: "team", rest: ["ejabberd monitor", "5"] }) })).toEqual({ title: "Build not found · Mailbox incident dashboard" });

    const api = async (answer: Promise<Response>) => {
      const r = await answer;
      return { status: r.status, id: r.status === 200 ? ((await r.json()) as { build: { id: number } }).build.id : null };
    };
    const request = new Request("http://127.0.0.1/api/builds/x");
    expect(await api(getBuildApi(request, { params: Promise.resolve({ job, number: "5" }) }))).toEqual({ status: 200, id: builds[0]?.id });
    expect(await api(getBuildApiByFolderPath(request, { params: Promise.resolve({ job: "team", number: "ejabberd monitor", rest: ["5"] }) }))).toEqual({ status: 200, id: builds[0]?.id });
    expect((await api(getBuildApiByFolderPath(request, { params: Promise.resolve({ job: "team", number: "ejabberd monitor", rest: ["x5"] }) }))).status).toBe(400);
  });
});
