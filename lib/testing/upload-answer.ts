// An upload's answer, made up for the tests of its JSON and text forms (lib/upload/answer-*.ts):
// the seed's room build 25877 in console.log, each field overridable.
import type { IngestedBuild, IngestedLog } from "@/lib/db/ingest";

export const answerBuild = (over: Partial<IngestedBuild> = {}): IngestedBuild => ({
  id: 7,
  job: "ProductCI_ejabberd_mqueue_random_monitor",
  number: 25877,
  attempt: 1,
  startedAt: "2015-08-22T09:00:00.000Z",
  sourceKind: "monitor",
  node: null,
  permalink: "/builds/ProductCI_ejabberd_mqueue_random_monitor/25877",
  incident: true,
  culprit: { class: "muc_room", subject: "snh-48#pocket48_76366191207121304@conference.easemob.com" },
  kept: false,
  ...over,
});

export const answerLog = (over: Partial<IngestedLog> = {}): IngestedLog => ({
  fileName: "console.log",
  sha256: "a".repeat(64),
  size: 100,
  duplicate: false,
  logId: 3,
  builds: [answerBuild()],
  note: null,
  replaced: null,
  warnings: [],
  ...over,
});
