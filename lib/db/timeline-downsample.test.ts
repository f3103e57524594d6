// The timeline's downsampling when the builds crowd into a few days of a long range: the seed's
// ~30 builds of August and September 2015, and one build of 2024. Equal time buckets put the
// 2015 builds into one or two of them, so `points=10` answered 2 points; runs of about equal
// count answer 10, the 2024 build among them and the highest queue kept.

import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getTimeline } from "@/app/api/timeline/route";
import { fixture, getRequest, multipartRequest, seedFixtureNames } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

type Timeline = { points: { id: number; at: string; queueLen: number | null; number: number | null }[]; total: number; downsampled: boolean };

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "timeline_downsample");

  test("builds crowded into a few days of a long range still give the points asked for", async () => {
    const names = seedFixtureNames();
    const late = fixture("ProductCI_ejabberd_mqueue_random_monitor_27044.log").replaceAll("2015-", "2024-").replaceAll("27044", "99044");
    const files = [...names.map((name) => ({ name, content: fixture(name) })), { name: "late.log", content: late }];
    expect((await postLogs(multipartRequest(files))).status).toBe(201);

    const full = (await (await getTimeline(getRequest("/api/timeline"))).json()) as Timeline;
    expect(full.downsampled).toBe(false);
    expect(full.total).toBeGreaterThan(25);
    expect(full.points.at(-1)?.number).toBe(99044);

    for (const points of [10, 13, full.total - 1]) {
      const small = (await (await getTimeline(getRequest(`/api/timeline?points=${points}`))).json()) as Timeline;
      expect(small.downsampled).toBe(true);
      expect(small.total).toBe(full.total);
      // Every bucket holds a build: as many points as asked for.
      expect(small.points, `points=${points}`).toHaveLength(points);
      // In time order, each one of the builds; the 2024 build and the highest queue kept.
      expect(small.points.map((p) => p.at)).toEqual([...small.points.map((p) => p.at)].sort());
      const ids = new Set(full.points.map((p) => p.id));
      expect(small.points.every((p) => ids.has(p.id))).toBe(true);
      expect(small.points.at(-1)?.number).toBe(99044);
      expect(Math.max(...small.points.map((p) => p.queueLen ?? -1))).toBe(Math.max(...full.points.map((p) => p.queueLen ?? -1)));
    }
  });
});
