// "Did this happen before?" (an on-call review: it took the incidents list filtered by hand). A
// build's JSON names the incidents of the same room (or stuck pid) on its job that started before
// its own: how many, and the latest of them. On both databases.
import { describe, expect, test } from "vitest";
import { GET as getBuild } from "@/app/api/builds/[job]/[number]/route";
import { POST as postLogs } from "@/app/api/logs/route";
import { fixture, getRequest, rawRequest } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const JOB = "earlier_monitor";
type Earlier = { count: number; latest: { id: number; room: string | null; firstBuild: { number: number }; lastBuild: { number: number } } } | null;

/** The seed's room build 25877 (queue 3,102) as JOB #number; `queue` 5 makes it healthy. */
async function push(number: number, queue = 3102) {
  const text = fixture("ProductCI_ejabberd_mqueue_random_monitor_25877.log")
    .replaceAll("ProductCI_ejabberd_mqueue_random_monitor", JOB)
    .replaceAll("25877", String(number))
    .replaceAll("message_queue_len,3102", `message_queue_len,${queue}`);
  expect((await postLogs(rawRequest(text, "text/plain", { query: `?filename=${JOB}_${number}.log` }))).status).toBe(201);
}

async function earlierOf(number: number): Promise<Earlier> {
  const response = await getBuild(getRequest(`/api/builds/${JOB}/${number}`), { params: Promise.resolve({ job: JOB, number: String(number) }) });
  return ((await response.json()) as { build: { earlier: Earlier } }).build.earlier;
}

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "earlier_incidents");

  test("the same room's earlier incidents on the job: how many, the latest; none for its first, none for a healthy build", async () => {
    // Stuck #1–#2, healthy #3, stuck #4, healthy #5, stuck #6–#7 (one room; the builds share one start time).
    for (const [number, queue] of [[1], [2], [3, 5], [4], [5, 5], [6], [7]] as const) await push(number, queue);
    expect(await earlierOf(1)).toBeNull();
    expect(await earlierOf(2)).toBeNull();
    expect(await earlierOf(3)).toBeNull();
    expect(await earlierOf(4)).toMatchObject({ count: 1, latest: { firstBuild: { number: 1 }, lastBuild: { number: 2 } } });
    const seventh = await earlierOf(7);
    expect(seventh).toMatchObject({ count: 2, latest: { firstBuild: { number: 4 }, lastBuild: { number: 4 }, room: "snh-48#pocket48_76366191207121304@conference.easemob.com" } });
    expect(await earlierOf(6)).toEqual(seventh);
  });
});
