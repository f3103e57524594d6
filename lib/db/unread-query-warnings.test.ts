// Integration: a read endpoint's answer names the query parameters it did not read (a typo,
// another endpoint's parameter), with the name meant when only the case differs: `?Job=x` or
// `?romm=x` answered the whole list as if no filter had been asked for, without a word. An
// answer to a request whose every parameter is read has no `warnings` (unchanged).
import { describe, expect, test } from "vitest";
import { GET as getBuild } from "@/app/api/builds/[job]/[number]/route";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { GET as getLogs, POST as postLogs } from "@/app/api/logs/route";
import { GET as getRoom } from "@/app/api/rooms/[jid]/route";
import { GET as getRooms } from "@/app/api/rooms/route";
import { GET as getTimeline } from "@/app/api/timeline/route";
import { fixture, getRequest, rawRequest } from "@/lib/testing/api";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const JOB = "ProductCI_ejabberd_mqueue_random_monitor";
const ROOM = "snh-48#pocket48_76366191207121304@conference.easemob.com";

describe("unread query parameters", () => {
  useTestDatabase("sqlite", "unread_query");

  test("every read endpoint names them in its JSON's warnings, with the name meant; none when all are read", async () => {
    const stored = await postLogs(rawRequest(fixture(`${JOB}_25877.log`), "text/plain", { query: `?filename=${JOB}_25877.log` }));
    expect(stored.status).toBe(201);
    const build = { params: Promise.resolve({ job: JOB, number: "25877" }) };
    const room = { params: Promise.resolve({ jid: ROOM }) };
    const endpoints: [string, (path: string) => Promise<Response>, string][] = [
      ["/api/builds", (path) => getBuilds(getRequest(path)), "job"],
      ["/api/incidents", (path) => getIncidents(getRequest(path)), "job"],
      ["/api/rooms", (path) => getRooms(getRequest(path)), "job"],
      ["/api/timeline", (path) => getTimeline(getRequest(path)), "job"],
      ["/api/logs", (path) => getLogs(getRequest(path)), "page"],
      [`/api/rooms/${encodeURIComponent(ROOM)}`, (path) => getRoom(getRequest(path), room), "job"],
      [`/api/builds/${JOB}/25877`, (path) => getBuild(getRequest(path), build), "attempt"],
    ];
    for (const [path, get, param] of endpoints) {
      const typo = param.charAt(0).toUpperCase() + param.slice(1);
      const response = await get(`${path}?${typo}=1&romm=x&token=t&bom=1`);
      expect(response.status, path).toBe(200);
      const body = (await response.json()) as { warnings?: string[] };
      expect(body.warnings, path).toHaveLength(2);
      expect(body.warnings?.[0], path).toMatch(new RegExp(`^query parameter "${typo}" is not one this endpoint reads \\(.*\\b${param}\\b.*\\): did you mean ${param}\\?; it was ignored$`));
      // `romm`: a slip from `room` where the endpoint reads one (README: did you mean), nothing meant elsewhere.
      const romm = /^query parameter "romm" is not one this endpoint reads \((.*)\)(: did you mean room\?)?; it was ignored$/.exec(body.warnings?.[1] ?? "");
      expect(romm, body.warnings?.[1]).not.toBeNull();
      expect(romm![2] !== undefined, path).toBe(romm![1]!.split(", ").includes("room"));
      // Every parameter read: the answer is as it always was.
      const clean = (await (await get(path)).json()) as Record<string, unknown>;
      expect(Object.keys(clean), path).not.toContain("warnings");
    }
  });

  test("other spellings of a parameter (CI's, habit's) name the one meant; one with no likely meaning names none", async () => {
    const cases: [string, string | null][] = [
      ["?JOB_NAME=x", "job"],
      ["?job_name=x", "job"],
      ["?limit=5", "pageSize"],
      ["?page_size=5", "pageSize"],
      ["?per-page=5", "pageSize"],
      ["?build_url=x", null],
      ["?colour=red", null],
      // A typing slip: one for a short name, two past five letters; none when two names are as close.
      ["?jobb=x", "job"],
      ["?clas=sql", "class"],
      ["?pagesiz=5", "pageSize"],
      ["?exludeJob=x", "excludeJob"],
      ["?xyz=1", null],
    ];
    for (const [query, meant] of cases) {
      const body = (await (await getBuilds(getRequest(`/api/builds${query}`))).json()) as { warnings?: string[] };
      expect(body.warnings?.[0], query).toMatch(meant === null ? /\); it was ignored$/ : new RegExp(`: did you mean ${meant}\\?; it was ignored$`));
    }
  });
});
