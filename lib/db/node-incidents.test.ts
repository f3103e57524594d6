// A local pid names a process on one node: the same `<0.12.0>` stuck on two nodes (two etop
// screens, two uploads) is two incidents, not one process stuck across both. The monitor's runs
// name no node and group as before.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { DELETE as deleteLogRoute } from "@/app/api/logs/[id]/route";
import { GET as getLogs } from "@/app/api/logs/route";
import { GET as getBuildRoute } from "@/app/api/builds/[job]/[number]/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { getRequest, heldRequest, rawRequest } from "@/lib/testing/api";
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

const WARNING = [
  "2024-03-05 10:05:00.000001+00:00 [warning] <0.86.0>@ejabberd_system_monitor:handle_overload/2:143 The system is overloaded with 800000 messages queued by 1 process(es) (0%) from the following applications: kernel (800000 msgs); the top processes are:",
  "** rex: msgs = 800000, memory = 1, initial_call = proc_lib:init_p/5, current_function = gen_server:loop/7, ancestors = [kernel_sup,<0.47.0>], application = kernel",
  "",
].join("\n");
const consoleOf = (number: number) => `Started by timer\nJOB_NAME=ejabberd-watch\nBUILD_NUMBER=${number}\n+ tail -n 50 /var/log/ejabberd/ejabberd.log\n${WARNING}Finished: SUCCESS\n`;

describe.each(testDatabaseKinds())("one watchdog warning in two builds' consoles, on %s", (kind) => {
  useTestDatabase(kind, "same-warning");

  test("is stored once: the second upload says so, and the incident counts one build", async () => {
    const first = await postLogs(rawRequest(consoleOf(600), "text/plain", { query: "?filename=console-600.log" }));
    expect(first.status).toBe(201);
    const stored = ((await first.json()) as { builds: { id: number }[] }).builds;
    expect(stored).toHaveLength(1);
    // The same content again is a duplicate: its own snapshot is not "stored already" news, the note says it all.
    const again = await postLogs(rawRequest(consoleOf(600), "text/plain", { query: "?filename=console-600.log" }));
    expect(again.status).toBe(200);
    const againLog = ((await again.json()) as { logs: { duplicate: boolean; note: string | null; warnings: string[] }[] }).logs[0];
    expect(againLog).toMatchObject({ duplicate: true, warnings: [] });
    expect(againLog?.note).toMatch(/uploaded before/);
    const second = await postLogs(rawRequest(consoleOf(601), "text/plain", { query: "?filename=console-601.log" }));
    expect(second.status).toBe(201);
    const body = (await second.json()) as { builds: unknown[]; logs: { warnings: string[] }[] };
    expect(body.builds).toEqual([]);
    expect(body.logs[0]!.warnings).toEqual([
      `console-601.log:5:1: this ejabberd_system_monitor snapshot (rex at 2024-03-05T10:05:00.000Z) is stored already (/builds/by-id/${stored[0]!.id}): the same lines printed again, not stored twice`,
    ]);
    const incidents = (await (await getIncidents(getRequest("/api/incidents?pid=rex"))).json()) as Incidents;
    expect(incidents.incidents.map((i) => i.buildCount)).toEqual([1]);
    // Twice in one upload (a console that printed the tail twice): once, on either database.
    const twice = await postLogs(rawRequest(consoleOf(603).replace("10:05:00", "10:07:00").repeat(2), "text/plain", { query: "?filename=console-603.log" }));
    const both = (await twice.json()) as { builds: unknown[]; logs: { warnings: string[] }[] };
    expect(both.builds).toHaveLength(1);
    expect(both.logs[0]!.warnings).toEqual([expect.stringContaining("console-603.log:12:1: this ejabberd_system_monitor snapshot (rex at 2024-03-05T10:07:00.000Z) is stored already")]);
    // Stored already beside a section that does not read: read, so not refused as "nothing read".
    const garbled = "2024-03-05 10:06:00.000001+00:00 [warning] <0.86.0>@ejabberd_system_monitor:handle_overload/2:143 The system is overloaded with 9 messages queued by 1 process(es) (0%) from the following applications: kernel (9 msgs); the top processes are:\n** rex: msgs = lots, memory = 1, application = kernel\n";
    const mixed = await postLogs(rawRequest(consoleOf(604) + garbled, "text/plain", { query: "?filename=console-604.log" }));
    expect(mixed.status).toBe(201);
    const mixedBody = (await mixed.json()) as { builds: unknown[]; logs: { warnings: string[] }[] };
    expect(mixedBody.builds).toEqual([]);
    expect(mixedBody.logs[0]!.warnings).toEqual([expect.stringContaining("is stored already"), "console-604.log:9:1: cannot read the watchdog's process line"]);
    // A later warning (another time) is a build of its own.
    const later = await postLogs(rawRequest(consoleOf(602).replace("10:05:00", "10:09:00"), "text/plain", { query: "?filename=console-602.log" }));
    expect(((await later.json()) as { builds: unknown[] }).builds).toHaveLength(1);
  });
});

describe.each(testDatabaseKinds())("one watchdog warning in two consoles sent at once, on %s", (kind) => {
  useTestDatabase(kind, "same-warning-race");

  test("is stored once: one upload stores it, the other says it is stored already", async () => {
    // Two jobs' instances of one server (PostgreSQL: two transactions at once, each reading before the other commits).
    for (const round of [0, 1, 2]) {
      const at = `10:1${round}:00`;
      const answers = await Promise.all(
        [610, 611].map(async (number) => {
          const response = await postLogs(rawRequest(consoleOf(number + 10 * round).replace("10:05:00", at), "text/plain", { query: `?filename=console-${number}-${round}.log` }));
          expect(response.status).toBe(201);
          return (await response.json()) as { builds: { id: number }[]; logs: { warnings: string[] }[] };
        }),
      );
      expect(answers.flatMap((a) => a.builds), `round ${round}`).toHaveLength(1);
      expect(answers.flatMap((a) => a.logs[0]!.warnings).filter((w) => w.includes("is stored already")), `round ${round}`).toHaveLength(1);
    }
  });
});

describe.each(testDatabaseKinds())("one watchdog warning in two consoles, the first deleted, on %s", (kind) => {
  useTestDatabase(kind, "same-warning-deleted");

  const upload = async (number: number) => {
    const text = consoleOf(number).replace("BUILD_NUMBER=", `BUILD_URL=https://ci.example.org/job/ejabberd-watch/${number}/\nBUILD_NUMBER=`);
    const response = await postLogs(rawRequest(text, "text/plain", { query: `?filename=console-${number}.log` }));
    expect(response.status).toBe(201);
    return (await response.json()) as { logs: { logId: number }[]; builds: { id: number }[] };
  };
  const del = async (logId: number) => {
    const response = await deleteLogRoute(new Request(`http://localhost/api/logs/${logId}`, { method: "DELETE" }), { params: Promise.resolve({ id: String(logId) }) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { deleted: { builds: number } }).deleted;
  };
  const build = (id: number) => getBuildRoute(getRequest(`/api/builds/by-id/${id}`), { params: Promise.resolve({ job: "by-id", number: String(id) }) });
  const rexIncidents = async () => ((await (await getIncidents(getRequest("/api/incidents?pid=rex"))).json()) as Incidents).incidents.map((i) => i.buildCount);

  test("moves to the other console with its id and link, and goes with the last console that holds it", async () => {
    const first = await upload(620);
    const [snapshot] = first.builds;
    expect(snapshot).toBeDefined();
    const second = await upload(621);
    expect(second.builds).toEqual([]);
    // Before: lost with the first console (a differential review, 2026-12-06).
    expect(await del(first.logs[0]!.logId)).toMatchObject({ builds: 0 });
    const moved = await build(snapshot!.id);
    expect(moved.status).toBe(200);
    const { build: stored } = (await moved.json()) as { build: { url: string | null; log: { id: number; fileName: string } } };
    expect(stored).toMatchObject({ url: "https://ci.example.org/job/ejabberd-watch/621/", log: { id: second.logs[0]!.logId, fileName: "console-621.log" } });
    expect(await rexIncidents()).toEqual([1]);
    // The second console deleted too: nothing holds it any more.
    expect(await del(second.logs[0]!.logId)).toMatchObject({ builds: 1 });
    expect((await build(snapshot!.id)).status).toBe(404);
    expect(await rexIncidents()).toEqual([]);
  });

  test("deleted while another console that prints it is being uploaded: kept, in that console", async () => {
    const first = await upload(630);
    expect(first.builds).toHaveLength(1);
    // The other console's warning is read (past the bytes read before a file is scanned), then its client waits.
    const noise = Array.from({ length: 200 }, (_, i) => `+ step ${i}: ${"-".repeat(40)}`).join("\n");
    const text = consoleOf(631).replace("+ tail", `${noise}\n+ tail`).replace("Finished: SUCCESS\n", `${noise}\n`);
    const { request, release } = heldRequest(text, "Finished: SUCCESS\n", "?filename=console-631.log");
    const uploading = postLogs(request);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const deleting = del(first.logs[0]!.logId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    const [uploaded] = await Promise.all([uploading, deleting]);
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const answer = (await uploaded.json()) as { logs: { logId: number }[] };
    // The warning is in the second console's log: moved there (PostgreSQL: the deletion waited for the
    // upload's copy), or stored from it (SQLite: the upload gave the writer up and was read again after).
    const logs = (await (await getLogs(getRequest("/api/logs"))).json()) as { logs: { id: number; buildCount: number }[] };
    expect(logs.logs.find((log) => log.id === answer.logs[0]!.logId)?.buildCount).toBe(1);
    expect(await rexIncidents()).toEqual([1]);
  }, 30_000);
});
