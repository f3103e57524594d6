// A log with one very long text value, on both databases alike. PostgreSQL refuses an index entry
// of more than 2,704 bytes that does not compress; SQLite has no such limit. Before: a 6,000-character
// room stored on SQLite and failed on PostgreSQL (500, every file of the upload lost, and db:copy of
// such a database impossible); a 6,000-character job from `JOB_NAME=` was answered 409 "stored by
// another upload at the same time" on PostgreSQL; a long stanza destination failed there too.
// Now: a value too long to store is a 422 at its place in the log, on both; a long destination
// (no longer indexed) is stored on both.
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { GET as getBuild } from "@/app/api/builds/[job]/[number]/route";
import { fixture, gzip, multipartRequest, rawRequest } from "@/lib/testing/api";
import { countRows, testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const JOB = "ProductCI_ejabberd_mqueue_random_monitor";
const ROOM = "snh-48#pocket48_76366185259598244@conference.easemob.com";
/** Build 25731 of the seed: six samples routed to ROOM. */
const base = (number: number) => fixture(`${JOB}_25731.log`).replaceAll("25731", String(number));

/** Random letters and digits: text that does not compress (a repeated letter would). */
function noise(length: number, seed: number): string {
  let x = seed;
  let out = "";
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += "abcdefghijklmnopqrstuvwxyz0123456789"[x % 36];
  }
  return out;
}

type ErrorBody = { error: { code: string; message: string; file: string; line: number } };

describe.each(testDatabaseKinds())("on %s", (kind) => {
  const database = useTestDatabase(kind, "long_values");

  test("a room JID of 6,000 characters: 422 at the inspected process, and nothing of the upload stored (its other file neither)", async () => {
    // Rooms aside: on PostgreSQL a room is upserted outside the upload's transaction (README), and may stay.
    const stored = () => countRows(database().url, ["Log", "Build", "TopEntry", "Sample", "Incident"]);
    const before = await stored();
    const long = base(91001).replaceAll(ROOM, `${noise(6000, 1)}@conference.easemob.com`);
    const response = await postLogs(multipartRequest([{ name: "good.log", content: base(91000) }, { name: "long-room.log", content: long }]));
    expect(response.status).toBe(422);
    const body = (await response.json()) as ErrorBody;
    expect(body.error).toMatchObject({ code: "unprocessable", file: "long-room.log", line: 24, reason: "value_too_long" });
    expect(body.error.message).toMatch(/^long-room\.log:24:1: the room JID the samples name is 6,023 bytes long \("[a-z0-9]{40}"…\), longer than a room JID is stored with \(1000\); it is not stored$/);
    expect(await stored()).toEqual(before);
  });

  test("a job of 6,000 characters from JOB_NAME=: 422 saying so (not a 409), as the form field's limit", async () => {
    const job = noise(6000, 2);
    const response = await postLogs(multipartRequest([{ name: "long-job.log", content: base(91002).replaceAll(JOB, job) }]));
    expect(response.status).toBe(422);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.message).toBe("long-job.log:13:1: job name is 6000 characters long, longer than the 200 a job name is stored with");
  });

  test("a job name with a text-direction control: 422, the control written as a \\u escape in the JSON (the same message parsed)", async () => {
    const job = "job\u2066evil\u2069x";
    const response = await postLogs(multipartRequest([{ name: "bidi-job.log", content: base(91003).replaceAll(JOB, job) }]));
    expect(response.status).toBe(422);
    const text = await response.text();
    // A CI console prints the answer: no raw control in it.
    expect(text).not.toMatch(/[\u2066\u2069]/);
    expect(text).toContain("\\u2066");
    expect((JSON.parse(text) as ErrorBody).error.message).toBe(`bidi-job.log:13:1: job ${JSON.stringify(job)} holds a control or text-direction character`);
  });

  test("a run of 1,500 processes and 1,200 messages: the first 1,000 of each stored, the verdict from all, the answer says so", async () => {
    const top = Array.from({ length: 1500 }, (_, k) => `{<0.${k + 100}.0>,{message_queue_len,${5000 - k}}}`).join(",\n  ");
    const samples = Array.from({ length: 1200 }, (_, k) => `{'$gen_call',{<0.9.0>,#Ref<0.1.2.${k}>},{get_state}}`).join(",\n  ");
    const log = `JOB_NAME=many_entries\nBUILD_NUMBER=5\nprocesses sorted by queue_len desc:\n [${top}]\nmessage queue len of pid <0.100.0> : {message_queue_len,5000}\nmessage in pid <0.100.0> :\n [${samples}]\n`;
    const response = await postLogs(multipartRequest([{ name: "many.log", content: log }]));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { logs: { warnings: string[] }[]; builds: { culprit: { class: string } }[] };
    expect(body.logs[0]?.warnings).toEqual(["many.log:3:1: this run holds 1,500 processes in its top list and 1,200 sampled messages: the first 1,000 of each are stored (its verdict was made from all of them)"]);
    expect(body.builds[0]?.culprit.class).toBe("gen_call");
    const { build } = (await (await getBuild(new Request("http://x"), { params: Promise.resolve({ job: "many_entries", number: "5" }) })).json()) as {
      build: { top: { queueLen: number }[]; samples: unknown[] };
    };
    expect([build.top.length, build.samples.length]).toEqual([1000, 1000]);
    expect(build.top[0]?.queueLen).toBe(5000);
  });

  test("20,000,001 one-atom messages in 39 KB of gzip: the first 10,000 read and judged, 1,000 stored, the rest said to be unread", async () => {
    // A security review's upload (2026-12-06): a record per message took the server past its heap and killed it.
    const log = `JOB_NAME=elems\nBUILD_NUMBER=7\nprocesses sorted by queue_len desc:\n [{<0.1.0>,{message_queue_len,500}}]\nmessage queue len of pid <0.1.0> : {message_queue_len,500}\nmessage in pid <0.1.0> :\n [${"a,".repeat(20_000_000)}a]\n`;
    const response = await postLogs(rawRequest(gzip(log), "application/gzip", { query: "?filename=elems.log" }));
    expect(response.status, await response.clone().text()).toBe(201);
    const body = (await response.json()) as { logs: { warnings: string[] }[]; builds: { culprit: { class: string } }[] };
    expect(body.logs[0]?.warnings).toEqual([
      "elems.log:7:20003: the message list goes on past 10,000 entries: the rest is not read",
      "elems.log:3:1: this run holds more than 10,000 sampled messages: the first 1,000 of each are stored (its verdict was made from the first 10,000 read)",
    ]);
    const { build } = (await (await getBuild(new Request("http://x"), { params: Promise.resolve({ job: "elems", number: "7" }) })).json()) as { build: { samples: unknown[] } };
    expect(build.samples).toHaveLength(1000);
  });

  test("one line longer than 64 MiB (its line breaks lost, or crafted): 422 at the line, nothing stored", async () => {
    const stored = () => countRows(database().url, ["Log", "Build", "TopEntry", "Sample", "Incident"]);
    const before = await stored();
    const response = await postLogs(rawRequest(gzip(`JOB_NAME=x\n${"a".repeat(65 * 1024 * 1024)}\n`), "application/gzip", { query: "?filename=long-line.log" }));
    expect(response.status).toBe(422);
    const body = (await response.json()) as ErrorBody;
    expect(body.error).toMatchObject({ code: "unprocessable", file: "long-line.log", line: 2, reason: "line_too_long" });
    expect(body.error.message).toBe("long-line.log:2:1: line 2 is longer than 64 MiB, more than a console line holds: it is not read");
    expect(await stored()).toEqual(before);
  });

  test("a stanza's destination of 4,000 characters (one sample of six): stored, on both databases", async () => {
    const lines = base(91003).split("\n");
    const last = lines.findLastIndex((line) => line.includes(ROOM));
    const destination = `${noise(4000, 3)}@conference.easemob.com`;
    lines[last] = (lines[last] as string).replace(ROOM, destination);
    const response = await postLogs(multipartRequest([{ name: "long-destination.log", content: lines.join("\n") }]));
    expect(response.status, await response.clone().text()).toBe(201);
    const { build } = (await (await getBuild(new Request("http://x"), { params: Promise.resolve({ job: JOB, number: "91003" }) })).json()) as {
      build: { culprit: { class: string; subject: string }; samples: { destination: string | null }[] };
    };
    expect(build.culprit).toMatchObject({ class: "muc_room", subject: ROOM });
    // The presence's `to` had a nick after the room (`…/u937`): the destination keeps it.
    expect(build.samples.map((sample) => sample.destination)).toContain(`${destination}/u937`);
  });
});
