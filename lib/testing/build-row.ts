// A build row as the stores take it, for tests that write builds directly:
// a healthy monitor run with nothing known beyond what the test gives.
import type { BuildRow } from "@/lib/db/store/types";

export function testBuildRow(fields: Pick<BuildRow, "logId" | "seq"> & Partial<BuildRow>): BuildRow {
  return {
    sourceKind: "monitor",
    node: null,
    killedCount: null,
    job: null,
    number: null,
    attempt: 1,
    startedAt: null,
    url: null,
    worstQueueLen: null,
    inspectedPid: null,
    inspectedQueueLen: null,
    inspectedDead: false,
    incident: false,
    culpritClass: null,
    culpritSubject: null,
    culpritRule: null,
    culpritEvidence: null,
    culpritService: false,
    roomId: null,
    createdAt: new Date(),
    ...fields,
  };
}
