// A local pid names a process on one node: the same `<0.12.0>` stuck on two nodes (two etop
// screens, two uploads) is two incidents, not one process stuck across both. The monitor's runs
// name no node and group as before.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { getRequest, rawRequest } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const ETOP = fs.readFileSync(path.join(process.cwd(), "lib", "formats", "__fixtures__", "etop.txt"), "utf8");
const onNode = (node: string) => ETOP.replaceAll("ejabberd@im-1", node);

type Incidents = { incidents: { buildCount: number; firstBuild: { id: number }; lastBuild: { id: number } }[]; total: number };

describe.each(testDatabaseKinds())("incidents of one pid on two nodes, on %s", (kind) => {
  useTestDatabase(kind, "node-incidents");

  test("two uploads from two nodes: two incidents; a third from the first node extends its own", async () => {
    for (const [node, name] of [["ejabberd@im-a", "a1.txt"], ["ejabberd@im-b", "b1.txt"], ["ejabberd@im-a", "a2.txt"]] as const) {
      // (A second screen of one node differs by its clock, so it is another log.)
      const text = name === "a2.txt" ? onNode(node).replace("22:55:00", "22:56:00") : onNode(node);
      const response = await postLogs(rawRequest(text, "text/plain", { query: `?filename=${name}` }));
      expect(response.status, name).toBe(201);
    }
    const response = await getIncidents(getRequest(`/api/incidents?${new URLSearchParams({ pid: "<0.12.0>" })}`));
    const body = (await response.json()) as Incidents;
    expect(body.total).toBe(2);
    expect(body.incidents.map((i) => i.buildCount).sort()).toEqual([1, 2]);
  });
});
