import { describe, expect, test } from "vitest";
import { type BuildFacts, groupIncidents } from "./group";

const ROOM_A = { roomId: 1, roomJid: "a@conference.example.org" };
const ROOM_B = { roomId: 2, roomJid: "b@conference.example.org" };

/** A build whose culprit is `pid` (stuck in a room when `room` is given). */
function build(id: number, pid: string | null, queue: number, extra: Partial<BuildFacts> = {}): BuildFacts {
  return {
    id,
    at: `2015-08-22T${String(id).padStart(2, "0")}:00:00.000Z`,
    incident: queue >= 100,
    culpritClass: pid ? "muc_room" : null,
    culpritSubject: null,
    culpritPid: pid,
    culpritQueueLen: queue,
    roomId: null,
    roomJid: null,
    top: pid ? [{ pid, queueLen: queue }] : [],
    ...extra,
  };
}

describe("groupIncidents", () => {
  test("a run that inspected no process is an incident of its top-list leader, class unknown, and joins that pid's incident", () => {
    // The seed's build 11431 as pasted there: a top list led by rex at 1,511, no "message queue len of pid" line.
    const uninspected = (id: number, top: BuildFacts["top"]) =>
      build(id, null, 0, { incident: true, culpritQueueLen: null, top });
    const alone = groupIncidents([uninspected(1, [{ pid: "<6555.4233.0>", queueLen: 807, rank: 2 }, { pid: "<6555.12.0>", queueLen: 1511, rank: 1 }])], 100);
    expect(alone).toEqual([
      expect.objectContaining({ keyKind: "pid", key: "<6555.12.0>", culpritClass: "unknown", subject: null, buildCount: 1, peakQueueLen: 1511, culpritBuildIds: [1] }),
    ]);
    // Rank 1, whose queue made it an incident, also among equal queues.
    const tied = groupIncidents([uninspected(1, [{ pid: "<0.2.0>", queueLen: 500, rank: 2 }, { pid: "<0.1.0>", queueLen: 500, rank: 1 }])], 100);
    expect(tied[0]).toMatchObject({ key: "<0.1.0>" });
    // Between two builds that inspected the same pid, it extends their incident instead of opening its own.
    const between = groupIncidents([build(1, "<0.1.0>", 300), uninspected(2, [{ pid: "<0.1.0>", queueLen: 700, rank: 1 }]), build(3, "<0.1.0>", 400)], 100);
    expect(between).toHaveLength(1);
    expect(between[0]).toMatchObject({ culpritClass: "muc_room", buildCount: 3, peakQueueLen: 700, culpritBuildIds: [1, 2, 3] });
    // Below the threshold it is no incident.
    expect(groupIncidents([build(1, null, 0, { incident: false, top: [] })], 100)).toEqual([]);
  });

  test("its peak build is the first culprit build to reach the peak: a dead build's top-list queue counts, a lower bridge does not", () => {
    const spans = groupIncidents(
      [
        build(1, "<0.1.0>", 300),
        build(2, "<0.1.0>", 900),
        build(3, "<0.1.0>", 900),
        // Another process inspected, ours second in the list at 5,000: a bridge, no culprit build of its.
        build(4, "<0.2.0>", 6000, { top: [{ pid: "<0.2.0>", queueLen: 6000, rank: 1 }, { pid: "<0.1.0>", queueLen: 5000, rank: 2 }] }),
        // Dead by the check: its top-list queue stands in (the store's culpritQueueLen).
        build(5, "<0.1.0>", 1200, { culpritClass: "dead" }),
      ],
      100,
    );
    expect(spans.find((s) => s.key === "<0.1.0>")).toMatchObject({ peakQueueLen: 1200, peakBuildId: 5, culpritBuildIds: [1, 2, 3, 5] });
    expect(spans.find((s) => s.key === "<0.2.0>")).toMatchObject({ peakQueueLen: 6000, peakBuildId: 4 });
    // Ties keep the first; a build alone is its own peak build; resumed, the peak build carries on.
    const [first] = groupIncidents([build(1, "<0.1.0>", 900), build(2, "<0.1.0>", 900)], 100);
    expect(first).toMatchObject({ peakBuildId: 1 });
    const resumed = groupIncidents([build(3, "<0.1.0>", 400)], 100, [{ ...first!, culpritBuildIds: [], id: 7 }]);
    expect(resumed[0]).toMatchObject({ id: 7, peakQueueLen: 900, peakBuildId: 1 });
    const higher = groupIncidents([build(3, "<0.1.0>", 950)], 100, [{ ...first!, culpritBuildIds: [], id: 7 }]);
    expect(higher[0]).toMatchObject({ peakQueueLen: 950, peakBuildId: 3 });
  });

  test("its first and last times are the earliest and latest its builds give, whatever their numbers' order; untimed builds give none", () => {
    // Build 2 started before build 1 (a wrong startedAt, two zones): the span is 09:00..10:00, not -1 h.
    const back = groupIncidents([build(1, "<0.1.0>", 300, { at: "2020-01-01T10:00:00.000Z" }), build(2, "<0.1.0>", 300, { at: "2020-01-01T09:00:00.000Z" })], 100);
    expect(back[0]).toMatchObject({ firstBuildId: 1, lastBuildId: 2, firstAt: "2020-01-01T09:00:00.000Z", lastAt: "2020-01-01T10:00:00.000Z" });
    // A first build without a time: the first time is the next build's, as a last build without one keeps the one before.
    const untimedFirst = groupIncidents([build(1, "<0.1.0>", 300, { at: null }), build(2, "<0.1.0>", 300), build(3, "<0.1.0>", 300)], 100);
    expect(untimedFirst[0]).toMatchObject({ firstAt: "2015-08-22T02:00:00.000Z", lastAt: "2015-08-22T03:00:00.000Z" });
    const untimedLast = groupIncidents([build(1, "<0.1.0>", 300), build(2, "<0.1.0>", 300), build(3, "<0.1.0>", 300, { at: null })], 100);
    expect(untimedLast[0]).toMatchObject({ firstAt: "2015-08-22T01:00:00.000Z", lastAt: "2015-08-22T02:00:00.000Z" });
    const untimed = groupIncidents([build(1, "<0.1.0>", 300, { at: null }), build(2, "<0.1.0>", 300, { at: null })], 100);
    expect(untimed[0]).toMatchObject({ buildCount: 2, firstAt: null, lastAt: null });
  });

  test("the same pid on top in consecutive builds is one incident with its span and peak", () => {
    const spans = groupIncidents(
      [build(1, "<0.1.0>", 300, ROOM_A), build(2, "<0.1.0>", 900, ROOM_A), build(3, "<0.1.0>", 500, ROOM_A)],
      100,
    );
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({
      keyKind: "room",
      key: ROOM_A.roomJid,
      firstBuildId: 1,
      lastBuildId: 3,
      buildCount: 3,
      peakQueueLen: 900,
      culpritBuildIds: [1, 2, 3],
      firstAt: "2015-08-22T01:00:00.000Z",
      lastAt: "2015-08-22T03:00:00.000Z",
    });
  });

  test("a pid on two nodes is two processes: another node's snapshot neither extends nor closes an incident", () => {
    const sql = { culpritClass: "sql" };
    const spans = groupIncidents(
      [
        build(1, "<0.4242.0>", 900, { ...sql, node: "ejabberd@im-a" }),
        build(2, "<0.4242.0>", 800, { ...sql, node: "ejabberd@im-b" }),
        build(3, "<0.4242.0>", 700, { ...sql, node: "ejabberd@im-a" }),
      ],
      100,
    );
    expect(spans.map((s) => [s.node, s.culpritBuildIds])).toEqual([
      ["ejabberd@im-a", [1, 3]],
      ["ejabberd@im-b", [2]],
    ]);
    // Unknown nodes (the monitor's runs) stay one stream, as before.
    expect(groupIncidents([build(1, "<0.4242.0>", 900, sql), build(2, "<0.4242.0>", 800, { ...sql, node: "ejabberd@im-b" })], 100)).toHaveLength(1);
    // Resumed (a later upload): the stored incident's node still tells them apart.
    const [first] = groupIncidents([build(1, "<0.4242.0>", 900, { ...sql, node: "ejabberd@im-a" })], 100);
    const resumed = groupIncidents([build(2, "<0.4242.0>", 800, { ...sql, node: "ejabberd@im-b" })], 100, [{ ...first!, id: 7, culpritBuildIds: [] }]);
    expect(resumed.map((s) => [s.id ?? null, s.culpritBuildIds])).toEqual([
      [7, []],
      [null, [2]],
    ]);
  });

  test("a healthy build in between ends the incident; the next one starts another", () => {
    const spans = groupIncidents(
      [build(1, "<0.1.0>", 300, ROOM_A), build(2, "<0.9.0>", 3), build(3, "<0.1.0>", 300, ROOM_A)],
      100,
    );
    expect(spans.map((s) => [s.firstBuildId, s.lastBuildId])).toEqual([
      [1, 1],
      [3, 3],
    ]);
  });

  test("a process still in the top list while another is inspected keeps its incident open", () => {
    const second = build(2, "<0.2.0>", 400, {
      ...ROOM_B,
      top: [
        { pid: "<0.2.0>", queueLen: 400 },
        { pid: "<0.1.0>", queueLen: 350 },
      ],
    });
    const spans = groupIncidents([build(1, "<0.1.0>", 300, ROOM_A), second, build(3, "<0.1.0>", 200, ROOM_A)], 100);
    expect(spans).toHaveLength(2);
    expect(spans[0]).toMatchObject({ key: ROOM_A.roomJid, firstBuildId: 1, lastBuildId: 3, buildCount: 2, peakQueueLen: 300 });
    expect(spans[0]?.culpritBuildIds).toEqual([1, 3]);
    expect(spans[1]).toMatchObject({ key: ROOM_B.roomJid, firstBuildId: 2, lastBuildId: 2, culpritBuildIds: [2] });
  });

  test("a build where it only sits lower in the top list bridges but does not extend the incident", () => {
    const bridge = build(2, "<0.2.0>", 400, { ...ROOM_B, top: [{ pid: "<0.2.0>", queueLen: 400 }, { pid: "<0.1.0>", queueLen: 900 }] });
    const spans = groupIncidents([build(1, "<0.1.0>", 300, ROOM_A), bridge, build(3, "<0.9.0>", 5)], 100);
    expect(spans[0]).toMatchObject({ key: ROOM_A.roomJid, lastBuildId: 1, buildCount: 1, peakQueueLen: 300 });
  });

  test("a room whose process restarted (new pid) stays one incident", () => {
    const spans = groupIncidents([build(1, "<0.1.0>", 300, ROOM_A), build(2, "<0.7.0>", 300, ROOM_A)], 100);
    expect(spans).toHaveLength(1);
    expect(spans[0]?.pids).toEqual(["<0.1.0>", "<0.7.0>"]);
  });

  test("culprits without a room are keyed by pid; below the threshold nothing opens", () => {
    const sql = build(1, "<0.5.0>", 17118, { culpritClass: "sql" });
    const low = build(2, "<0.6.0>", 50, { culpritClass: "sql" });
    const spans = groupIncidents([sql, low], 100);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ keyKind: "pid", key: "<0.5.0>", culpritClass: "sql", peakQueueLen: 17118 });
  });
});

/** A job's builds drawn from a few pids and rooms, queues around the threshold, some bridging top lists. */
function randomBuilds(seed: number, count: number): BuildFacts[] {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * n);
  };
  const pids = ["<0.1.0>", "<0.2.0>", "<0.3.0>", "<0.4.0>"];
  const rooms = [ROOM_A, ROOM_B, { roomId: null, roomJid: null }];
  return Array.from({ length: count }, (_, i) => {
    const pid = next(6) === 0 ? null : pids[next(pids.length)]!;
    const queue = [5, 80, 100, 300, 2000][next(5)]!;
    const top = pids.filter(() => next(3) === 0).map((p) => ({ pid: p, queueLen: [50, 150, 900][next(3)]! }));
    return build(i + 1, pid, queue, { ...rooms[next(rooms.length)]!, top: pid ? [{ pid, queueLen: queue }, ...top] : top });
  });
}

describe("groupIncidents: where the process was last seen", () => {
  test("a build where it sits lower in the top list keeps it open without counting, and is where it was last seen", () => {
    const spans = groupIncidents(
      [
        build(1, "<0.1.0>", 300, ROOM_A),
        build(2, "<0.1.0>", 400, ROOM_A),
        // Another room's process inspected; <0.1.0> still second at 250.
        build(3, "<0.2.0>", 900, { ...ROOM_B, top: [{ pid: "<0.2.0>", queueLen: 900 }, { pid: "<0.1.0>", queueLen: 250 }] }),
        build(4, "<0.2.0>", 900, { ...ROOM_B, top: [{ pid: "<0.2.0>", queueLen: 900 }, { pid: "<0.1.0>", queueLen: 240 }] }),
        build(5, "<0.2.0>", 900, ROOM_B),
      ],
      100,
    );
    expect(spans[0]).toMatchObject({ key: ROOM_A.roomJid, lastBuildId: 2, lastAt: "2015-08-22T02:00:00.000Z", lastSeenBuildId: 4, lastSeenAt: "2015-08-22T04:00:00.000Z", buildCount: 2, open: false });
    expect(spans[1]).toMatchObject({ key: ROOM_B.roomJid, lastBuildId: 5, lastSeenBuildId: 5, open: true });
    // Below the threshold in the list it is not there: seen last at its last culprit build.
    const below = groupIncidents([build(1, "<0.1.0>", 300), build(2, "<0.2.0>", 900, { top: [{ pid: "<0.2.0>", queueLen: 900 }, { pid: "<0.1.0>", queueLen: 99 }] })], 100);
    expect(below[0]).toMatchObject({ lastBuildId: 1, lastSeenBuildId: 1, lastSeenAt: "2015-08-22T01:00:00.000Z" });
    // An untimed bridge: seen there, at no later time.
    const untimed = groupIncidents([build(1, "<0.1.0>", 300), build(2, "<0.2.0>", 900, { at: null, top: [{ pid: "<0.2.0>", queueLen: 900 }, { pid: "<0.1.0>", queueLen: 500 }] })], 100);
    expect(untimed[0]).toMatchObject({ lastSeenBuildId: 2, lastSeenAt: "2015-08-22T01:00:00.000Z" });
  });
});

describe("groupIncidents, resumed", () => {
  // The incremental regrouping of an upload (lib/db/store/incidents.ts) stores the open incidents and
  // resumes from them; it must give what grouping every build at once gives, wherever the split falls.
  test("grouping A, then B resumed from A's open incidents, equals grouping A + B", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const builds = randomBuilds(seed, 30);
      const whole = groupIncidents(builds, 100);
      for (const split of [0, 1, 7, 15, 29, 30]) {
        const first = groupIncidents(builds.slice(0, split), 100);
        const resumed = first
          .filter((span) => span.open)
          .map((span, i) => ({ ...span, id: i + 1, culpritBuildIds: [] as number[], pids: [...span.pids] }));
        const second = groupIncidents(builds.slice(split), 100, resumed);
        const merged = [
          ...first.filter((span) => !span.open),
          ...second.map((span) => {
            if (span.id === undefined) return span;
            const before = first.filter((f) => f.open)[span.id - 1]!;
            const rest: Partial<typeof span> = { ...span };
            delete rest.id;
            return { ...rest, culpritBuildIds: [...before.culpritBuildIds, ...span.culpritBuildIds] } as typeof span;
          }),
        ].sort((a, b) => a.firstBuildId - b.firstBuildId);
        const norm = (spans: typeof whole) => spans.map((s) => ({ ...s, pids: [...s.pids].sort() }));
        expect(norm(merged), `seed ${seed}, split ${split}`).toEqual(norm(whole));
      }
    }
  });

  test("an incident still open after the last build says so; a closed one does not", () => {
    const spans = groupIncidents([build(1, "<0.1.0>", 300), build(2, null, 5), build(3, "<0.2.0>", 300)], 100);
    expect(spans.map((s) => [s.key, s.open])).toEqual([
      ["<0.1.0>", false],
      ["<0.2.0>", true],
    ]);
  });
});
