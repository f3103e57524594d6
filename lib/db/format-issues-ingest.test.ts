// What a format reader could not read reaches the upload's answer (`logs[].warnings`, file:line:column),
// and a section with no process read (a watchdog warning cut before its processes, a `msgs` that is
// not a number) is not stored as a build: it would read as a healthy one. Alone in the log, a 422.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getBuilds } from "@/app/api/builds/route";
import { MAX_WARNINGS } from "@/lib/db/ingest";
import { getRequest, rawRequest } from "@/lib/testing/api";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const PREFIX = "2024-03-05 10:00:00.000001+00:00 [warning] <0.86.0>@ejabberd_system_monitor:handle_overload/2:143 ";
const OVERLOAD = `${PREFIX}The system is overloaded with 800000 messages queued by 1 process(es) (0%) from the following applications: ejabberd (800000 msgs); the top processes are:`;
const GARBLED = `${OVERLOAD}\n** <0.900.0>: msgs = lots, memory = 1, initial_call = ejabberd_sql:init/1, current_function = gen:do_call/4, ancestors = [], application = ejabberd\n`;
const CUT = `${PREFIX}The system is overloaded with 800000 messages queued by 1 process(es) (0%) from the following applications: ejabb\n`;
const GOOD = `${OVERLOAD.replace("10:00:00", "10:05:00")}\n** <0.901.0>: msgs = 800000, memory = 1, initial_call = ejabberd_sql:init/1, current_function = gen:do_call/4, ancestors = [], application = ejabberd\n`;

type Answer = { logs: { warnings: string[] }[]; builds: { id: number }[]; error?: { message: string; line: number; column: number } };

async function upload(text: string, name: string): Promise<{ status: number; body: Answer }> {
  const response = await postLogs(rawRequest(text, "text/plain", { query: `?filename=${name}` }));
  return { status: response.status, body: (await response.json()) as Answer };
}

describe("a format section read in part, uploaded", () => {
  useTestDatabase("sqlite", "format-issues");

  test("a process line that does not read: the other warning is stored, the answer says where", async () => {
    const { status, body } = await upload(GARBLED + GOOD, "mixed.log");
    expect(status).toBe(201);
    expect(body.builds).toHaveLength(1);
    expect(body.logs[0]!.warnings).toEqual(["mixed.log:2:1: cannot read the watchdog's process line"]);
  });

  test("1,200 process lines that do not read: the first 1,000 warnings listed, then how many more", async () => {
    const garbled = "** <0.900.0>: msgs = lots, memory = 1, initial_call = ejabberd_sql:init/1, current_function = gen:do_call/4, ancestors = [], application = ejabberd\n";
    // (Its good warning at a time of its own: GOOD is stored by the test above, and would be "stored already".)
    const { status, body } = await upload(`${OVERLOAD}\n${garbled.repeat(1200)}${GOOD.replace("10:05:00", "10:07:00")}`, "many.log");
    expect(status).toBe(201);
    const warnings = body.logs[0]!.warnings;
    expect(warnings).toHaveLength(MAX_WARNINGS + 1);
    expect(warnings[MAX_WARNINGS - 1]).toBe(`many.log:${MAX_WARNINGS + 1}:1: cannot read the watchdog's process line`);
    expect(warnings.slice(0, 2)).toEqual(["many.log:2:1: cannot read the watchdog's process line", "many.log:3:1: cannot read the watchdog's process line"]);
    expect(warnings.at(-1)).toBe("many.log: and 200 more warnings, not listed (the first 1,000 are)");
  });

  test("alone, a warning with no process read is a 422 at its line, and nothing is stored", async () => {
    const before = (await (await getBuilds(getRequest("/api/builds"))).json()) as { total: number };
    for (const [text, name, message] of [
      [GARBLED, "garbled.log", "cannot read the watchdog's process line"],
      [CUT, "cut.log", "the overload warning never reached 'the top processes are:'"],
    ] as const) {
      const { status, body } = await upload(text, name);
      expect(status).toBe(422);
      expect(body.error?.message).toContain(`${name}:`);
      expect(body.error?.message).toContain(`nothing read: ${message}`);
    }
    const after = (await (await getBuilds(getRequest("/api/builds"))).json()) as { total: number };
    expect(after.total).toBe(before.total);
  });

  test("ejabberd 18.x's crash.log: its `Killed` lines name no process, so nothing is stored and the answer says what they hold", async () => {
    const CRASH = "2018-12-28 13:26:55 =ERROR REPORT====\nKilled 29 process(es) consuming more than 19715 message(s) each\n";
    const alone = await upload(CRASH, "crash.log");
    expect(alone.status).toBe(422);
    expect(alone.body.error?.message).toContain(
      "crash.log:2:1: nothing read: ejabberd's watchdog killed 29 process(es) with 19715 or more messages each; this line names none of them, and no overload warning read before it lists them (crash.log never holds that warning)",
    );
    const mixed = await upload(CRASH + GOOD.replace("<0.901.0>", "<0.903.0>"), "crash-and-warning.log");
    expect(mixed.status).toBe(201);
    expect(mixed.body.builds).toHaveLength(1);
    expect(mixed.body.logs[0]!.warnings).toEqual([expect.stringMatching(/^crash-and-warning\.log:2:1: ejabberd's watchdog killed 29 process\(es\)/)]);
  });

  test("a number and start time sent with a log of snapshots only are said to be left aside", async () => {
    const response = await postLogs(rawRequest(GOOD.replace("<0.901.0>", "<0.902.0>"), "text/plain", { query: "?filename=meta.log&job=ejabberd-prod&number=78&startedAt=2024-03-01T10:00:00Z" }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as Answer & { builds: { number: number | null; startedAt: string; job: string }[] };
    expect(body.builds).toMatchObject([{ job: "ejabberd-prod", number: null, startedAt: "2024-03-05T10:05:00.000Z" }]);
    expect(body.logs[0]!.warnings).toEqual([
      "meta.log:1:1: the upload's number 78 and startedAt 2024-03-01T10:00:00Z name a CI build's monitor run; this ejabberd_system_monitor snapshot (and any other in the log) keeps its own time and no number",
    ]);
  });

  test("watchdog lines behind docker compose's or journald's prefix are named, with how to read the log without it", async () => {
    const docker = GOOD.split("\n").map((line) => (line ? `ejabberd-1  | ${line}` : line)).join("\n");
    const alone = await upload(docker, "docker.log");
    expect(alone.status).toBe(422);
    expect(alone.body.error?.message).toContain('docker.log:1:15: nothing read in 2 lines: this line holds ejabberd watchdog warnings after "ejabberd-1  | "');
    expect(alone.body.error?.message).toContain("docker compose logs --no-log-prefix");
    const journald = GOOD.replace("<0.901.0>", "<0.903.0>").split("\n").map((line) => (line ? `Feb 20 22:55:00 im-1 ejabberd[4121]: ${line}` : line)).join("\n");
    const monitor = ["processes sorted by queue_len desc:", " [{<0.10.0>,{message_queue_len,500}}]", "message queue len of pid <0.10.0> : {message_queue_len,500}", "message in pid <0.10.0> :", " [{a,1}]", ""].join("\n");
    const mixed = await upload(monitor + journald, "journald.log");
    expect(mixed.status).toBe(201);
    expect(mixed.body.builds).toHaveLength(1);
    expect(mixed.body.logs[0]!.warnings).toEqual([
      // The monitor run names no build (no job= or number=, nothing in the log or its name).
      expect.stringMatching(/^journald\.log:1:1: stored without a job and number: /),
      expect.stringMatching(/^journald\.log:6:38: this line holds ejabberd watchdog warnings after "Feb 20 22:55:00 im-1 ejabberd\[4121\]: ", which is not a line prefix/),
    ]);
  });

  test("a seed log whose last sample the monitor cut short has no warning (the build page shows the cut)", async () => {
    const seed = fs.readFileSync(path.join(process.cwd(), "public", "samples", "room-snh48-25877.log"), "utf8");
    const { status, body } = await upload(seed, "room-snh48-25877.log");
    expect(status).toBe(201);
    expect(body.builds).toHaveLength(1);
    expect(body.logs[0]!.warnings).toEqual([]);
  });
});
