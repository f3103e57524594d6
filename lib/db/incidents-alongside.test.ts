// A build page names the job's other incidents going on through it, whose stuck process sits lower in
// its top list. The seed's 24719 named only its own incident, while the snh-48 …244 room's process
// (<6562.783.478>, stuck from #24282 to #25846) sat second in its list with 388 messages (an
// operator's review).
import { describe, expect, test } from "vitest";
import { GET as getBuild } from "@/app/api/builds/[job]/[number]/route";
import { POST as postLogs } from "@/app/api/logs/route";
import { fixture, getRequest, multipartRequest, seedFixtureNames } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const JOB = "ProductCI_ejabberd_mqueue_random_monitor";
const ROOM = "snh-48#pocket48_76366185259598244@conference.easemob.com";

type Alongside = { pid: string; rank: number; queueLen: number; incident: { id: number; room: string | null; firstBuild: { number: number }; lastBuild: { number: number } } };
type Detail = { incidentId: number | null; inspectedPid: string | null; top: { pid: string }[]; alongside: Alongside[] };

const detail = async (number: number): Promise<Detail> => {
  const response = await getBuild(getRequest(`/api/builds/${JOB}/${number}`), { params: Promise.resolve({ job: JOB, number: String(number) }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { build: Detail }).build;
};

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "alongside");

  test("setup: the seed", async () => {
    expect((await postLogs(multipartRequest(seedFixtureNames().map((name) => ({ name, content: fixture(name) }))))).status).toBe(201);
  });

  test("24719: the room incident of <6562.783.478>, second in its top list, is named beside its own", async () => {
    const build = await detail(24719);
    expect(build.inspectedPid).not.toBe("<6562.783.478>");
    expect(build.alongside).toHaveLength(1);
    const [entry] = build.alongside;
    expect(entry).toMatchObject({ pid: "<6562.783.478>", rank: 2, queueLen: 388, incident: { room: ROOM, firstBuild: { number: 24282 }, lastBuild: { number: 25846 } } });
    expect(entry!.incident.id).not.toBe(build.incidentId);
  });

  test("a build of that incident itself names no other; nor does a build before it began", async () => {
    // 24282: the room's own first build (its incident's, not another's).
    expect((await detail(24282)).alongside).toEqual([]);
    // 24228: before the room incident's first build.
    const before = await detail(24228);
    expect(before.alongside.filter((entry) => entry.incident.room === ROOM)).toEqual([]);
  });
});
