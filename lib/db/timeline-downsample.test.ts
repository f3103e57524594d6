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
      // Every bucket holds a build (points − 2 of them), and the first and the latest build are
      // points of their own unless they won their bucket: at most as many points as asked for.
      expect(small.points.length, `points=${points}`).toBeLessThanOrEqual(points);
      expect(small.points.length, `points=${points}`).toBeGreaterThanOrEqual(points - 2);
      // In time order, each one of the builds, once; the first, the 2024 build and the highest queue kept.
      expect(small.points.map((p) => p.at)).toEqual([...small.points.map((p) => p.at)].sort());
      expect(new Set(small.points.map((p) => p.id)).size).toBe(small.points.length);
      const ids = new Set(full.points.map((p) => p.id));
      expect(small.points.every((p) => ids.has(p.id))).toBe(true);
      expect(small.points[0]?.id).toBe(full.points[0]?.id);
      expect(small.points.at(-1)?.number).toBe(99044);
      expect(Math.max(...small.points.map((p) => p.queueLen ?? -1))).toBe(Math.max(...full.points.map((p) => p.queueLen ?? -1)));
    }
  });

  // A UI review (8,590 builds): the chart ended on an incident 12 minutes before the latest build,
  // a healthy one, which lost its run to an older spike: whether the node recovered did not show.
  test("the latest build is a point, whatever its queue, and so is the first", async () => {
    const names = seedFixtureNames();
    const files = names.map((name) => ({ name, content: fixture(name) }));
    // The latest: healthy, after every other build (the test above left one of 2024), its queues all small.
    const healthy = fixture("ProductCI_ejabberd_mqueue_random_monitor_27044.log")
      .replaceAll("27044", "27999")
      .replaceAll("2015-", "2025-")
      .replace(/\{message_queue_len,\d+\}/g, "{message_queue_len,3}");
    files.push({ name: "ProductCI_ejabberd_mqueue_random_monitor_27999.log", content: healthy });
    expect((await postLogs(multipartRequest(files))).status).toBe(201);
    const full = (await (await getTimeline(getRequest("/api/timeline"))).json()) as Timeline;
    expect(full.points.at(-1)).toMatchObject({ number: 27999, queueLen: 3 });
    for (const points of [10, 11, 12]) {
      const small = (await (await getTimeline(getRequest(`/api/timeline?points=${points}`))).json()) as Timeline;
      expect(small.downsampled).toBe(true);
      expect(small.points.at(-1), `points=${points}`).toMatchObject({ number: 27999, queueLen: 3 });
      expect(small.points[0]?.id).toBe(full.points[0]?.id);
      expect(small.points.length).toBeLessThanOrEqual(points);
      // The spikes are kept as before.
      expect(Math.max(...small.points.map((p) => p.queueLen ?? -1))).toBe(Math.max(...full.points.map((p) => p.queueLen ?? -1)));
    }
  });
});
