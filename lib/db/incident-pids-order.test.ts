// An incident's `pids` name its stuck process's pids "the first seen first" (README): in build
// order, whatever order the logs came in. They were ordered by build id, which follows the
// uploads: logs uploaded out of order, or at once on PostgreSQL, listed a later build's pid
// first (a PostgreSQL review, 2026-12-06).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { POST as postLogs } from "@/app/api/logs/route";
import { getRequest, rawRequest } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const JOB = "ProductCI_ejabberd_mqueue_random_monitor";
const ROOM_25877 = fs.readFileSync(path.join(process.cwd(), "lib", "monitor-log", "__fixtures__", `${JOB}_25877.log`), "utf8");
const PID = "<6562.25870.402>";

async function upload(text: string, number: number): Promise<void> {
  const response = await postLogs(rawRequest(text, "text/plain", { query: `?filename=${JOB}_${number}.log` }));
  expect(response.status, await response.clone().text()).toBe(201);
}

describe.each(testDatabaseKinds())("an incident's pids, on %s", (kind) => {
  useTestDatabase(kind, "incident-pids-order");

  test("in build order, the later build uploaded first", async () => {
    // The room's process restarted between the builds: 25878 inspected another pid.
    const later = ROOM_25877.replaceAll("25877", "25878").replaceAll(PID, "<6562.99.1>");
    expect(later).toContain("<6562.99.1>");
    await upload(later, 25878);
    await upload(ROOM_25877, 25877);
    const body = (await (await getIncidents(getRequest(`/api/incidents?job=${JOB}`))).json()) as {
      incidents: { buildCount: number; firstBuild: { number: number }; pids: string[] }[];
    };
    expect(body.incidents).toHaveLength(1);
    expect(body.incidents[0]).toMatchObject({ buildCount: 2, firstBuild: { number: 25877 }, pids: [PID, "<6562.99.1>"] });
  });
});
