// Integration: the list CSVs (`?format=csv`) carry each permalink as a link a spreadsheet can
// follow too, in a column added at the end (`absolutePermalink`; for incidents `absoluteFirstBuild`
// and `absoluteLastBuild`), under the origin the request reached the dashboard by when the Host rule
// serves that name (lib/host-check.ts linkOrigin), empty otherwise; the relative columns stay where
// they were, as they were.
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getTimeline } from "@/app/api/timeline/route";
import { fixture, rawRequest, seedFixtureNames } from "@/lib/testing/api";
import { parseCsv } from "@/lib/testing/csv";
import { useTestDatabase } from "@/lib/testing/use-test-database";

type Csv = { header: string[]; rows: Record<string, string>[] };

async function csvOf(response: Response | Promise<Response>): Promise<Csv> {
  const answer = await response;
  expect(answer.status).toBe(200);
  const [header = [], ...rows] = parseCsv(await answer.text());
  return { header, rows: rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ""]))) };
}

const get = (path: string, headers: Record<string, string> = {}) => new Request(`http://127.0.0.1:3000${path}`, { headers });

describe("absolute links in the list CSVs", () => {
  useTestDatabase("sqlite", "csv_links");

  beforeAll(async () => {
    // The seed's builds: one job, incidents over consecutive builds.
    for (const name of seedFixtureNames()) {
      const response = await postLogs(rawRequest(fixture(name), "text/plain", { query: `?filename=${name}` }));
      expect(response.status, name).toBe(201);
    }
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  test("builds: the permalink column stays in its place; the absolute one comes after the columns before it, under the request's origin", async () => {
    const { header, rows } = await csvOf(getBuilds(get("/api/builds?format=csv")));
    expect(header.indexOf("permalink")).toBe(11);
    // Added after `attempt`, the last column then (columns added since come after it).
    expect(header.indexOf("absolutePermalink")).toBe(header.indexOf("attempt") + 1);
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      expect(row.permalink).toMatch(/^\/builds\//);
      expect(row.absolutePermalink).toBe(`http://127.0.0.1:3000${row.permalink}`);
    }
    // A page of the CSV too; the JSON is unchanged.
    const page = await csvOf(getBuilds(get("/api/builds?format=csv&pageSize=2")));
    expect(page.rows.map((row) => row.absolutePermalink)).toEqual(rows.slice(0, 2).map((row) => `http://127.0.0.1:3000${row.permalink}`));
    const json = (await (await getBuilds(get("/api/builds?pageSize=1"))).json()) as { builds: Record<string, unknown>[] };
    expect(json.builds[0]).not.toHaveProperty("absolutePermalink");
  });

  test("behind a proxy: its forwarded scheme and name, when ALLOWED_HOSTS lists it; a name it does not list gives no link", async () => {
    vi.stubEnv("HOST", "127.0.0.1");
    vi.stubEnv("ALLOWED_HOSTS", "dash.example.org");
    const proxied = await csvOf(getBuilds(get("/api/builds?format=csv", { "x-forwarded-host": "dash.example.org", "x-forwarded-proto": "https" })));
    for (const row of proxied.rows) expect(row.absolutePermalink).toBe(`https://dash.example.org${row.permalink}`);

    const other = await csvOf(getBuilds(get("/api/builds?format=csv", { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" })));
    expect(other.rows.length).toBeGreaterThan(0);
    for (const row of other.rows) {
      expect(row.absolutePermalink).toBe("");
      expect(row.permalink).toMatch(/^\/builds\//);
    }
  });

  test("incidents: their first and last builds; timeline: each point's build", async () => {
    const incidents = await csvOf(getIncidents(get("/api/incidents?format=csv")));
    const after = incidents.header.indexOf("room") + 1;
    expect(incidents.header.slice(after, after + 2)).toEqual(["absoluteFirstBuild", "absoluteLastBuild"]);
    expect(incidents.header.indexOf("firstBuild")).toBe(9);
    expect(incidents.rows.length).toBeGreaterThan(0);
    for (const row of incidents.rows) {
      expect(row.absoluteFirstBuild).toBe(`http://127.0.0.1:3000${row.firstBuild}`);
      expect(row.absoluteLastBuild).toBe(`http://127.0.0.1:3000${row.lastBuild}`);
    }
    const timeline = await csvOf(getTimeline(get("/api/timeline?format=csv", { host: "localhost:3000" })));
    expect(timeline.header.indexOf("absolutePermalink")).toBe(timeline.header.indexOf("attempt") + 1);
    expect(timeline.rows.length).toBeGreaterThan(0);
    for (const row of timeline.rows) expect(row.absolutePermalink).toBe(`http://localhost:3000${row.permalink}`);
    // Its last column: when the log says the build started, empty when it gives no time (`at` is then the upload's).
    expect(timeline.header.at(-1)).toBe("startedAt");
    const { points } = (await (await getTimeline(get("/api/timeline"))).json()) as { points: { id: number; startedAt: string | null }[] };
    const started = new Map(points.map((point) => [String(point.id), point.startedAt ?? ""]));
    for (const row of timeline.rows) expect(row.startedAt, row.id).toBe(started.get(row.id as string));
    expect(timeline.rows.some((row) => row.startedAt !== "")).toBe(true);
  });
});
