// A snapshot several consoles print (lib/db/store/snapshot-copies.ts), in the cases a review of its
// first version found (2026-12-07): a prune batch while an upload reads one of its snapshots, a
// deletion while an upload reads the log's snapshots in another order, and a log that holds its own
// cut reading of the snapshot at the run a copy names. Both databases; the races matter on PostgreSQL.
import { describe, expect, test } from "vitest";
import { DELETE as deleteLogRoute } from "@/app/api/logs/[id]/route";
import { GET as getLogs, POST as postLogs } from "@/app/api/logs/route";
import { getPrisma } from "@/lib/db/client";
import { pruneLogs } from "@/lib/db/prune";
import { seedMonitorOutput } from "@/lib/monitor-log/testing/seed-output";
import { getRequest, heldRequest, multipartRequest, rawRequest } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const JOB = "ejabberd-watch";
const HEADER = (time: string, queued: number, processes: number) =>
  `2024-03-05 ${time}.000001+00:00 [warning] <0.86.0>@ejabberd_system_monitor:handle_overload/2:143 The system is overloaded with ${queued} messages queued by ${processes} process(es) (0%) from the following applications: kernel (${queued} msgs); the top processes are:\n`;
const PROCESS = (name: string, queued: number) =>
  `** ${name}: msgs = ${queued}, memory = 1, initial_call = proc_lib:init_p/5, current_function = gen_server:loop/7, ancestors = [kernel_sup,<0.47.0>], application = kernel\n`;
/** One watchdog warning about rex, at `time` (hh:mm:ss). */
const warning = (time: string) => `${HEADER(time, 800000, 1)}${PROCESS("rex", 800000)}\n`;
const head = (number: number) => `Started by timer\nJOB_NAME=${JOB}\nBUILD_NUMBER=${number}\n+ tail -n 50 /var/log/ejabberd/ejabberd.log\n`;
/** Lines enough to pass the bytes read before a file is scanned, and to end a section. */
const noise = `${Array.from({ length: 200 }, (_, i) => `+ step ${i}: ${"-".repeat(40)}`).join("\n")}\n`;

async function upload(text: string, name: string) {
  const response = await postLogs(rawRequest(text, "text/plain", { query: `?filename=${name}` }));
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { logs: { logId: number }[]; builds: { id: number }[] };
}

/** An upload whose client sends `first`, then waits until released to send `rest`. */
function heldUpload(first: string, rest: string, name: string) {
  const { request, release } = heldRequest(first, rest, `?filename=${name}`);
  return { response: postLogs(request), release };
}

const deleteLog = (logId: number) => deleteLogRoute(new Request(`http://localhost/api/logs/${logId}`, { method: "DELETE" }), { params: Promise.resolve({ id: String(logId) }) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The stored watchdog snapshots' times, by the file name of the log holding each; and whether each log's build count is its builds. */
async function holders() {
  const builds = await getPrisma().build.findMany({ where: { sourceKind: { not: "monitor" } }, select: { startedAt: true, log: { select: { fileName: true } } }, orderBy: { startedAt: "asc" } });
  const logs = ((await (await getLogs(getRequest("/api/logs"))).json()) as { logs: { id: number; buildCount: number }[] }).logs;
  const counted = await Promise.all(logs.map(async (log) => log.buildCount === (await getPrisma().build.count({ where: { logId: log.id } }))));
  return { snapshots: builds.map((b) => `${b.startedAt?.toISOString().slice(11, 19)} ${b.log.fileName}`), counted: counted.every(Boolean) };
}

describe.each(testDatabaseKinds())("a snapshot several consoles print, on %s", (kind) => {
  useTestDatabase(kind, "snapshot-copies");

  test("the logs list counts each log's builds another console prints too (shared): what a deletion moves, not deletes", async () => {
    const a = await upload(head(900) + warning("19:00:00") + noise + warning("19:10:00") + "Finished: SUCCESS\n", "c900.log");
    const b = await upload(head(901) + warning("19:10:00") + noise + warning("19:20:00") + "Finished: SUCCESS\n", "c901.log");
    const listed = async () =>
      new Map(((await (await getLogs(getRequest("/api/logs"))).json()) as { logs: { id: number; buildCount: number; shared: number }[] }).logs.map((log) => [log.id, log]));
    const before = await listed();
    // c900 holds 19:00 and 19:10, which c901 prints too; c901 holds 19:20 alone.
    expect(before.get(a.logs[0]!.logId)).toMatchObject({ buildCount: 2, shared: 1 });
    expect(before.get(b.logs[0]!.logId)).toMatchObject({ buildCount: 1, shared: 0 });
    const deleted = await deleteLog(a.logs[0]!.logId);
    expect(deleted.status).toBe(200);
    expect(((await deleted.json()) as { deleted: { builds: number; moved: number } }).deleted).toMatchObject({ builds: 1, moved: 1 });
    expect((await listed()).get(b.logs[0]!.logId)).toMatchObject({ buildCount: 2, shared: 0 });
    // Nothing left for the tests after this one.
    expect((await deleteLog(b.logs[0]!.logId)).status).toBe(200);
  });

  test("a prune batch of two consoles while an upload reads one's snapshot: done, and the snapshot moves to the upload's console", async () => {
    const a = await upload(head(800) + warning("16:00:00") + "Finished: SUCCESS\n", "c800.log");
    const b = await upload(head(801) + warning("16:10:00") + "Finished: SUCCESS\n", "c801.log");
    await getPrisma().log.updateMany({ where: { id: { in: [a.logs[0]!.logId, b.logs[0]!.logId] } }, data: { uploadedAt: new Date("2020-01-01T00:00:00Z") } });
    // Console 802 prints 16:10's warning (read: its lock held), then a new one at 16:20 (its job regrouped at its end).
    const held = heldUpload(head(802) + noise + warning("16:10:00") + noise, warning("16:20:00") + "Finished: SUCCESS\n", "c802.log");
    await sleep(400);
    const pruning = pruneLogs({ before: new Date("2025-01-01T00:00:00Z"), threshold: 100 });
    await sleep(400);
    held.release();
    // The batch took its job's lock at its first log, then the second log's snapshot lock, which the
    // upload held while it waited for the job's: PostgreSQL broke the deadlock and the prune failed.
    const [response, pruned] = await Promise.all([held.response, pruning]);
    expect(response.status, await response.text()).toBe(201);
    expect(pruned).toMatchObject({ logs: 2 });
    expect(await holders()).toEqual({ snapshots: ["16:10:00 c802.log", "16:20:00 c802.log"], counted: true });
  }, 30_000);

  test("a deletion while an upload reads the log's snapshots in the other order: none lost, whatever the answer", async () => {
    const x = await upload(head(810) + warning("17:00:00") + warning("17:10:00") + "Finished: SUCCESS\n", "c810.log");
    const held = heldUpload(head(811) + noise + warning("17:10:00") + noise, warning("17:00:00") + noise + "Finished: SUCCESS\n", "c811.log");
    await sleep(400);
    const deleting = deleteLog(x.logs[0]!.logId);
    await sleep(400);
    held.release();
    const [response, deleted] = await Promise.all([held.response, deleting]);
    expect(response.status, await response.text()).toBe(201);
    // PostgreSQL may break a deadlock here (the deletion takes the locks sorted, the upload as its file
    // prints them): the deletion is a 503, send it again. Either way both warnings are stored.
    expect([200, 503], await deleted.clone().text()).toContain(deleted.status);
    const { counted, ...all } = await holders();
    const snapshots = all.snapshots.filter((s) => s.startsWith("17:"));
    expect(counted).toBe(true);
    expect(snapshots.map((s) => s.slice(0, 8))).toEqual(["17:00:00", "17:10:00"]);
    expect(snapshots.every((s) => s.endsWith(deleted.status === 200 ? "c811.log" : "c810.log"))).toBe(true);
  }, 30_000);

  test("a log that holds its own cut reading at the copy's run does not take the snapshot", async () => {
    // Console 760 holds a two-process warning whole. A cron file stored the same warning cut after its
    // first process (its own build), then grew: its reading is kept, and it records the whole one as a copy.
    const whole = `${HEADER("19:05:00", 801000, 2)}${PROCESS("a_proc", 1000)}${PROCESS("rex", 800000)}`;
    const x = await upload(`${head(760)}${whole}\nFinished: SUCCESS\n`, "c760.log");
    const cron = (hour: number) => `2026-12-06 ${String(hour).padStart(2, "0")}:00:01 +0000 monitor: connecting to ejabberd@node1\n${seedMonitorOutput(3000 + hour)}`;
    const cut = cron(1) + HEADER("19:05:00", 801000, 2) + PROCESS("a_proc", 1000);
    for (const text of [cut, `${cut}${PROCESS("rex", 800000)}\n${cron(2)}`]) {
      const response = await postLogs(multipartRequest([{ name: "mq5.log", content: text }], { job: JOB }));
      expect(response.status, await response.clone().text()).toBe(201);
    }
    expect((await deleteLog(x.logs[0]!.logId)).status).toBe(200);
    // One build at each of the cron file's runs (two at its second run before), its count right.
    const log = await getPrisma().log.findFirstOrThrow({ where: { fileName: "mq5.log" }, select: { buildCount: true, builds: { select: { seq: true }, orderBy: { seq: "asc" } } } });
    expect(log.builds.map((b) => b.seq)).toEqual([0, 1, 2]);
    expect(log.buildCount).toBe(3);
  }, 30_000);
});
