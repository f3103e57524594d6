// A list's CSV export of more rows than SQLite takes bound values in one statement (999): a soak
// test found every incidents export of 1,000 or more incidents answering 500 on SQLite (P2029:
// the pids' groupBy listed a whole export chunk's 1,000 incident ids). The other tests export in
// chunks of 7 to 9 rows, so never came near it.
import { describe, expect, test } from "vitest";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { getPrisma } from "@/lib/db/client";
import { exportIncidents } from "@/lib/db/queries";
import { parseCsv } from "@/lib/testing/csv";
import { getRequest } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const INCIDENTS = 1_234;

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "export_many");

  test(`the incidents export of ${INCIDENTS.toLocaleString("en-US")} incidents: every one, in chunks of the default size, and the CSV 200`, async () => {
    const at = Date.UTC(2026, 11, 6);
    await getPrisma().incident.createMany({
      data: Array.from({ length: INCIDENTS }, (_, i) => ({
        job: "many",
        keyKind: "pid",
        key: `<0.${i}.0>`,
        culpritClass: "gen_call",
        firstBuildId: 1_000_000 + i,
        lastBuildId: 1_000_000 + i,
        firstAt: new Date(at + i * 60_000),
        lastAt: new Date(at + i * 60_000),
        buildCount: 1,
        peakQueueLen: 100 + i,
      })),
    });
    const { total, chunks } = await exportIncidents({});
    const sizes: number[] = [];
    const keys = new Set<string>();
    for await (const chunk of chunks) {
      sizes.push(chunk.length);
      for (const incident of chunk) keys.add(incident.key);
    }
    expect(total).toBe(INCIDENTS);
    expect(sizes).toEqual([1000, INCIDENTS - 1000]);
    expect(keys.size).toBe(INCIDENTS);

    const response = await getIncidents(getRequest("/api/incidents?format=csv"));
    const text = await response.text();
    expect(response.status, text.slice(0, 300)).toBe(200);
    expect(response.headers.get("x-total-count")).toBe(String(INCIDENTS));
    expect(parseCsv(text)).toHaveLength(INCIDENTS + 1);
  });
});
