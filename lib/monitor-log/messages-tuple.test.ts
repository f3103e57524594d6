// A monitor that prints `process_info(Pid, messages)` as it is, `{messages, […]}`, instead of the
// list inside (x_tuple.log of the real-Erlang corpus: OTP 25's `~p`). The list is read from inside
// the tuple, by both paths, plain, stamped, streamed, and cut by `~P`; anything else there is
// the issue it was.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyRun } from "@/lib/classify";
import { scanLog, streamRuns } from "./scan";
import { expectSame } from "./testing/both-paths";

const corpus = readFileSync(join(__dirname, "__real-erlang__", "x_tuple.log"), "utf8");

const HEAD = [
  "processes sorted by queue_len desc:",
  " [{<0.90.0>,{message_queue_len,300}}]",
  "message queue len of pid <0.90.0> : {message_queue_len,300}",
].join("\n");
const CALL = "{'$gen_call',{<0.95.0>,#Ref<0.1.2.3>},{get_state}}";

describe("a message list printed inside `{messages, […]}`", () => {
  it("OTP 25's `~p` of the tuple (the list on the line after `{messages,`): every message read, the room named, no issue", async () => {
    const [run] = expectSame(corpus);
    expect(run?.issues).toEqual([]);
    expect(run?.inspected?.samples).toHaveLength(20);
    expect(run?.inspected?.samplesCut).toBe(false);
    // Each sample is one message, not the tuple: its text starts where the message does.
    const first = run!.inspected!.samples[0]!;
    expect(first.raw.startsWith("{'$gen_event',")).toBe(true);
    expect(corpus.slice(first.start, first.end)).toBe(first.raw);
    expect(classifyRun(run!)).toMatchObject({ class: "muc_room", subject: "运维值班@conference.im.example.cn", incident: true });
    // Streamed in small chunks, the same.
    const streamed = [];
    for await (const r of streamRuns([corpus.slice(0, 700), corpus.slice(700, 1500), corpus.slice(1500)])) streamed.push(r);
    expect(streamed).toEqual([run]);
    // Stamped by Jenkins' timestamper, the same messages.
    const stamped = corpus.split("\n").map((l) => (l === "" ? l : `[2026-12-07T08:00:00.000Z] ${l}`)).join("\n");
    const [s] = expectSame(stamped);
    expect(s?.issues).toEqual([]);
    const facts = (r: typeof run) => r?.inspected?.samples.map((x) => [x.kind, x.destination, x.summary]);
    expect(facts(s)).toEqual(facts(run));
  });

  it("`~w` on one line, on the marker's own line, empty, and cut by `~P`", () => {
    const oneLine = expectSame(`${HEAD}\nmessage in pid <0.90.0> :\n{messages,[${CALL},${CALL}]}\n`)[0];
    expect(oneLine?.inspected?.samples.map((s) => [s.index, s.kind])).toEqual([
      [0, "$gen_call"],
      [1, "$gen_call"],
    ]);
    expect(oneLine?.inspected?.samplesCut).toBe(false);
    const sameLine = expectSame(`${HEAD}\nmessage in pid <0.90.0> : {messages,[${CALL}]}\n`)[0];
    expect(sameLine?.inspected?.samples).toHaveLength(1);
    expect(sameLine?.issues).toEqual([]);
    const empty = expectSame(`${HEAD}\nmessage in pid <0.90.0> :\n{messages,[]}\n`)[0];
    expect(empty?.inspected?.samples).toEqual([]);
    expect(empty?.inspected?.samplesCut).toBe(false);
    expect(empty?.issues).toEqual([]);
    const cut = expectSame(`${HEAD}\nmessage in pid <0.90.0> :\n{messages,[${CALL},${CALL}|...]}\n`)[0];
    expect(cut?.inspected?.samples).toHaveLength(2);
    expect(cut?.inspected?.samplesCut).toBe(true);
    const cutBefore = expectSame(`${HEAD}\nmessage in pid <0.90.0> :\n{messages,...}\n`)[0];
    expect(cutBefore?.inspected?.samples).toEqual([]);
    expect(cutBefore?.inspected?.samplesCut).toBe(true);
  });

  it("another tuple there is still an issue, and a `{messages,…}` line outside a run is noise", () => {
    const other = expectSame(`${HEAD}\nmessage in pid <0.90.0> :\n{messages_x,[${CALL}]}\n`)[0];
    expect(other?.inspected?.samples).toEqual([]);
    expect(other?.issues.map((i) => [i.line, i.message])).toEqual([[5, "expected the message list after 'message in pid'"]]);
    const tuple = expectSame(`${HEAD}\nmessage in pid <0.90.0> :\n{message_queue_len,[${CALL}]}\n`)[0];
    expect(tuple?.issues.map((i) => i.message)).toEqual(["expected the message list after 'message in pid'"]);
    // Where a top list is expected, the tuple is not one.
    expect(() => scanLog(`processes sorted by queue_len desc:\n{messages,[${CALL}]}\n`)).toThrow(/expected the top list/);
    const runs = expectSame(`${HEAD}\nmessage in pid <0.90.0> :\n[${CALL}]\n{messages,[${CALL}]}\n`);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.inspected?.samples).toHaveLength(1);
  });
});
