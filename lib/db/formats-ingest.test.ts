// The other inputs people already have (ejabberd's watchdog, recon, klarna's
// system_monitor, etop) through the same upload, on both databases: each
// becomes builds with its source kind, node and culprit, and a log mixing
// them with a monitor run stores every snapshot.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getBuildByNumber } from "@/app/api/builds/[job]/[number]/route";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { GET as getTimeline } from "@/app/api/timeline/route";
import { getPrisma } from "@/lib/db/client";
import { getRequest, rawRequest } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const FORMATS = path.join(process.cwd(), "lib", "formats", "__fixtures__");
const read = (name: string) => fs.readFileSync(path.join(FORMATS, name), "utf8");

describe.each(testDatabaseKinds())("other log formats through the upload, on %s", (kind) => {
  useTestDatabase(kind, "formats");

  async function upload(name: string) {
    const response = await postLogs(rawRequest(read(name), "text/plain", { query: `?filename=${name}` }));
    const body = (await response.json()) as { builds: { id: number; permalink: string; number: number | null; culprit: { class: string; subject: string | null } | null }[] };
    return { status: response.status, builds: body.builds };
  }

  test.each([
    ["ejabberd-modern.log", "ejabberd_system_monitor"],
    ["ejabberd-legacy.log", "ejabberd_system_monitor"],
    ["recon-erlang.txt", "recon_proc_count"],
    ["recon-iex.txt", "recon_proc_count"],
    ["system-monitor.log", "system_monitor"],
    ["etop.txt", "etop"],
  ])("%s is stored as %s snapshots, reachable by id", async (name, sourceKind) => {
    const { status, builds } = await upload(name);
    expect(status).toBe(201);
    expect(builds.length).toBeGreaterThan(0);
    const stored = await getPrisma().build.findMany({ where: { id: { in: builds.map((b) => b.id) } } });
    expect(stored.every((b) => b.sourceKind === sourceKind)).toBe(true);
    expect(stored.every((b) => b.number === null)).toBe(true);
    expect(builds.every((b) => b.permalink === `/builds/by-id/${b.id}`)).toBe(true);
    expect(builds.every((b) => b.culprit !== null)).toBe(true);
  });

  test("the legacy watchdog line names a MUC service, marked as a service, not a room", async () => {
    const build = await getPrisma().build.findFirst({
      where: { sourceKind: "ejabberd_system_monitor", culpritSubject: "livechat.example.org" },
    });
    expect(build).toMatchObject({ culpritClass: "muc_room", culpritService: true, roomId: null });
  });

  test("a watchdog line that names its process by its registered name is found by it: ?pid=rex", async () => {
    const named = await getPrisma().build.findMany({ where: { inspectedPid: "rex" }, select: { id: true } });
    expect(named.length).toBeGreaterThan(0);
    // (With the builds judged the rpc server, which the pages call rex: lib/db/pid-filter.test.ts.)
    named.push(...(await getPrisma().build.findMany({ where: { culpritClass: "rpc", NOT: { inspectedPid: "rex" } }, select: { id: true } })));
    const response = await getBuilds(getRequest("/api/builds?pid=rex&pageSize=200"));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { builds: { id: number }[] };
    expect(body.builds.map((b) => b.id).sort((a, b) => a - b)).toEqual(named.map((b) => b.id).sort((a, b) => a - b));
  });

  test("a per-host registered name ('mod_muc_example.org') is found by it too, quoted or not", async () => {
    const log = [
      "2024-02-20 22:55:00.738664+00:00 [warning] <0.86.0>@ejabberd_system_monitor:handle_overload/2:143 The system is overloaded with 819617 messages queued by 1 process(es) (1%) from the following",
      "  applications: ejabberd (819617 msgs); the top processes are:",
      "** 'mod_muc_example.org': msgs = 819617, memory = 6331179968, initial_call = gen_server:init_it/6, current_function = gen:do_call/4, ancestors = [ejabberd_gen_mod_sup,ejabberd_sup,<0.110.0>], application = ejabberd",
      "",
    ].join("\n");
    expect((await postLogs(rawRequest(log, "text/plain", { query: "?filename=host-names.log" }))).status).toBe(201);
    const named = await getPrisma().build.findMany({ where: { inspectedPid: "mod_muc_example.org" }, select: { id: true } });
    expect(named).toHaveLength(1);
    for (const pid of ["mod_muc_example.org", "'mod_muc_example.org'"]) {
      const response = await getBuilds(getRequest(`/api/builds?${new URLSearchParams({ pid })}`));
      expect(response.status, pid).toBe(200);
      expect(((await response.json()) as { builds: { id: number }[] }).builds.map((b) => b.id), pid).toEqual([named[0]!.id]);
    }
  });

  test("a crash report's `messages:` list is stored as its build's samples (ejabberd issue 1536)", async () => {
    const report = [
      "2017-02-12 17:06:49 =CRASH REPORT====",
      "  crasher:",
      "    initial call: gen:init_it/6",
      "    pid: <0.5717.0>",
      "    registered_name: []",
      "    exception exit: {{process_limit,{max_queue,1611}},[{p1_fsm,terminate,8,[{file,\"src/p1_fsm.erl\"},{line,755}]}]}",
      "    ancestors: [<0.391.0>,ejabberd_listeners,ejabberd_sup,<0.37.0>]",
      `    messages: [{'$gen_event',{xmlstreamelement,{xmlel,<<"presence">>,[{<<"type">>,<<"off">>}],[]}}},{'$gen_event',{xmlstreamelement,{xmlel,<<"iq">>,[{<<"to">>,<<"glabbr.co.in">>}],[]}}}]`,
      "    links: [#Port<0.18170>]",
      "  neighbours:",
      "",
    ].join("\n");
    const response = await postLogs(rawRequest(report, "text/plain", { query: "?filename=crash-1536.log" }));
    expect(response.status).toBe(201);
    const { builds } = (await response.json()) as { builds: { id: number }[] };
    expect(builds).toHaveLength(1);
    const samples = await getPrisma().sample.findMany({ where: { buildId: builds[0]!.id }, orderBy: { index: "asc" } });
    expect(samples.map((x) => [x.index, x.kind, x.raw])).toEqual([
      [0, "$gen_event", `{'$gen_event',{xmlstreamelement,{xmlel,<<"presence">>,[{<<"type">>,<<"off">>}],[]}}}`],
      [1, "$gen_event", `{'$gen_event',{xmlstreamelement,{xmlel,<<"iq">>,[{<<"to">>,<<"glabbr.co.in">>}],[]}}}`],
    ]);
    expect(JSON.parse(samples[1]!.decoded ?? "[]")).toEqual(["iq", "to", "glabbr.co.in"]);
  });

  test("a Killed line is recorded on its snapshot", async () => {
    const killed = await getPrisma().build.findMany({ where: { killedCount: { gt: 0 } } });
    expect(killed.length).toBeGreaterThan(0);
  });

  test("a log mixing a monitor run with watchdog and recon output stores every snapshot; the run keeps its build number", async () => {
    const { status, builds } = await upload("mixed.log");
    expect(status).toBe(201);
    expect(builds.length).toBe(3);
    const kinds = (await getPrisma().build.findMany({ where: { id: { in: builds.map((b) => b.id) } }, orderBy: { seq: "asc" } })).map(
      (b) => [b.sourceKind, b.number, b.node],
    );
    expect(kinds[0]).toEqual(["monitor", 27142, null]);
    expect(kinds.map((k) => k[0]).sort()).toEqual(["ejabberd_system_monitor", "monitor", "recon_proc_count"]);
    expect(kinds.find((k) => k[0] === "recon_proc_count")?.[2]).toBe("ejabberd@ebs-ali-beijing-5-pri");
    const response = await getBuildByNumber(new Request("http://x"), {
      params: Promise.resolve({ job: "ProductCI_ejabberd_mqueue_random_monitor", number: "27142" }),
    });
    const { build } = (await response.json()) as { build: { sourceKind: string; culprit: { class: string } } };
    expect(build.sourceKind).toBe("monitor");
  });

  test("what names a snapshot (time, source, node) comes with the upload answer, incident ends and timeline points", async () => {
    const fromDb = async (ids: number[]) =>
      new Map(
        (await getPrisma().build.findMany({ where: { id: { in: ids } } })).map((b) => [
          b.id,
          { startedAt: b.startedAt ? b.startedAt.toISOString() : null, sourceKind: b.sourceKind, node: b.node },
        ]),
      );
    // A copy of the IEx paste (its prompt names the node), so that it is stored anew.
    const response = await postLogs(rawRequest(`${read("recon-iex.txt")}\n% again\n`, "text/plain", { query: "?filename=again.txt" }));
    expect(response.status).toBe(201);
    const answer = (await response.json()) as { builds: { id: number; startedAt: string | null; sourceKind: string; node: string | null }[] };
    expect(answer.builds.length).toBeGreaterThan(0);
    const stored = await fromDb(answer.builds.map((b) => b.id));
    for (const b of answer.builds) {
      expect({ startedAt: b.startedAt, sourceKind: b.sourceKind, node: b.node }).toEqual(stored.get(b.id));
      expect(b).toMatchObject({ sourceKind: "recon_proc_count", node: "supavisor@10.0.1.5" });
    }

    type Ref = { permalink: string; startedAt: string | null; sourceKind: string; node: string | null };
    const incidents = (await (await getIncidents(getRequest("/api/incidents?pageSize=500"))).json()) as { incidents: { firstBuild: Ref; lastBuild: Ref }[] };
    const refs = incidents.incidents.flatMap((i) => [i.firstBuild, i.lastBuild]);
    const refIds = refs.map((ref) => Number(ref.permalink.match(/\/by-id\/(\d+)$/)?.[1])).filter((id) => Number.isInteger(id) && id > 0);
    expect(refIds.length).toBeGreaterThan(0);
    const refStored = await fromDb(refIds);
    for (const ref of refs) {
      const id = Number(ref.permalink.match(/\/by-id\/(\d+)$/)?.[1]);
      if (!refStored.has(id)) continue;
      expect({ startedAt: ref.startedAt, sourceKind: ref.sourceKind, node: ref.node }).toEqual(refStored.get(id));
    }

    // Every point, downsampled or not (the window-function and grouping paths read these columns too).
    for (const query of ["", "?points=10"]) {
      const timeline = (await (await getTimeline(getRequest(`/api/timeline${query}`))).json()) as {
        points: { id: number; sourceKind: string; node: string | null }[];
        downsampled: boolean;
      };
      expect(timeline.downsampled).toBe(query !== "");
      const points = await fromDb(timeline.points.map((p) => p.id));
      expect(timeline.points.length).toBeGreaterThan(0);
      for (const point of timeline.points) {
        expect({ sourceKind: point.sourceKind, node: point.node }).toEqual({ sourceKind: points.get(point.id)?.sourceKind, node: points.get(point.id)?.node });
      }
    }
  });

  test("?sourceKind= filters builds, incidents and the timeline by where the snapshot came from", async () => {
    const all = await getPrisma().build.groupBy({ by: ["sourceKind"], _count: { _all: true } });
    const count = (k: string) => all.find((g) => g.sourceKind === k)?._count._all ?? 0;
    expect(count("monitor")).toBeGreaterThan(0);
    expect(count("ejabberd_system_monitor")).toBeGreaterThan(0);
    for (const kind of ["monitor", "ejabberd_system_monitor", "etop"]) {
      const page = (await (await getBuilds(getRequest(`/api/builds?sourceKind=${kind}&pageSize=500`))).json()) as {
        builds: { sourceKind: string }[];
        total: number;
      };
      expect(page.total).toBe(count(kind));
      expect(page.builds.length).toBe(count(kind));
      expect(page.builds.every((b) => b.sourceKind === kind)).toBe(true);
      const timeline = (await (await getTimeline(getRequest(`/api/timeline?sourceKind=${kind}`))).json()) as { total: number };
      expect(timeline.total).toBe(count(kind));
      const incidents = (await (await getIncidents(getRequest(`/api/incidents?sourceKind=${kind}&pageSize=500`))).json()) as { total: number };
      expect(incidents.total).toBe(await getPrisma().incident.count({ where: { builds: { some: { sourceKind: kind } } } }));
    }
    const everything = (await (await getTimeline(getRequest("/api/timeline"))).json()) as { total: number };
    expect(count("ejabberd_system_monitor")).toBeLessThan(everything.total);
    const bad = await getBuilds(getRequest("/api/builds?sourceKind=syslog"));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/sourceKind/);
  });
});
