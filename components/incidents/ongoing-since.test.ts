// What an ongoing incident says of where it is open (a diff review): an incident stored by an older
// version knows no latest build (lastSeenBuild null) and names none, rather than its last culprit
// build as the job's latest; a snapshot that names its node is open at that node's latest snapshot,
// not at the job's latest build (the grouping keeps it open across other nodes' snapshots).
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import type { BuildRef } from "@/lib/db/queries";
import { OngoingSince, ongoingWhere } from "./incidents-table";

const ci = (number: number, startedAt: string | null = "2015-08-25T03:28:00.000Z"): BuildRef => ({
  number,
  attempt: 1,
  permalink: `/builds/job/${number}`,
  startedAt,
  sourceKind: "monitor",
  node: null,
});
const text = (incident: Parameters<typeof OngoingSince>[0]["incident"]) =>
  renderToStaticMarkup(createElement(OngoingSince, { incident })).replace(/<[^>]+>/g, "");

describe("OngoingSince", () => {
  test("names the latest build and its age; only the age when it is the incident's last build", () => {
    expect(text({ lastBuild: ci(25846), lastSeenBuild: ci(25870) })).toMatch(/^, #25870, \d+ years ago$/);
    expect(text({ lastBuild: ci(25870), lastSeenBuild: ci(25870) })).toMatch(/^, \d+ years ago$/);
    // No start time: no age.
    expect(text({ lastBuild: ci(1), lastSeenBuild: ci(2, null) })).toBe(", #2");
  });

  test("an incident stored by an older version (no lastSeenBuild) names no build", () => {
    expect(text({ lastBuild: ci(25846), lastSeenBuild: null })).toBe("");
  });
});

describe("ongoingWhere", () => {
  test("the job's latest build; a node's snapshot: its node's latest snapshot", () => {
    expect(ongoingWhere({ lastBuild: ci(1), lastSeenBuild: ci(2) })).toBe("the job's latest build");
    expect(ongoingWhere({ lastBuild: ci(1), lastSeenBuild: ci(2), job: "j" })).toBe("the job's latest build");
    expect(ongoingWhere({ lastBuild: ci(1), lastSeenBuild: ci(2), job: null })).toBe("the latest build without a job");
    const snapshot: BuildRef = { number: null, attempt: 1, permalink: "/builds/by-id/24", startedAt: "2026-12-07T09:00:00.000Z", sourceKind: "recon", node: "supavisor@10.0.1.5" };
    expect(ongoingWhere({ lastBuild: snapshot, lastSeenBuild: snapshot })).toBe("its node's latest snapshot");
    expect(ongoingWhere({ lastBuild: snapshot, lastSeenBuild: null })).toBe("its node's latest snapshot");
  });
});
