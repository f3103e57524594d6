// What a snapshot read, positions and times aside: the tests that hold a log under a CI's prefix,
// cut in pieces or saved as HTML to the plain log compare these (prefixes move offsets and
// columns, a sample's raw text keeps its continuation lines' prefixes).
import type { Snapshot } from "../types";

/** A monitor run's reading: metadata, top list, inspected process and its samples, issues. */
export const snapshotContent = (s: Snapshot) => ({
  job: s.job,
  number: s.number,
  url: s.url,
  top: s.top,
  inspected: s.inspected && {
    pid: s.inspected.pid,
    queueLen: s.inspected.queueLen,
    dead: s.inspected.dead,
    samplesCut: s.inspected.samplesCut,
    // A sample's raw text holds its continuation lines' prefixes: what was read from it must not change.
    samples: s.inspected.samples.map(({ index, kind, stanza, summary }) => ({ index, kind, stanza, summary })),
  },
  issues: s.issues.map((issue) => issue.message),
});

/** The same, with what only the other formats' snapshots know. */
export const formatSnapshotContent = (s: Snapshot) => ({
  ...snapshotContent(s),
  sourceKind: s.sourceKind,
  node: s.node,
  killed: s.killed,
  info: s.inspected && "info" in s.inspected ? s.inspected.info : null,
});
