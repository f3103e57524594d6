// An upload whose log has monitor lines behind text the scanner does not know as a line prefix, or
// a run whose top list the monitor failed to get, stores the runs it read and says, in the answer's
// `warnings`, where the others are; a log with none read is a 422 at the first such line. (Where the
// scanner looks: lib/monitor-log/unread.test.ts, badrpc.test.ts.)
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { generateLog } from "@/lib/monitor-log/generate";
import { rawRequest } from "@/lib/testing/api";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const SHIPPER = "web-7f9c | ";
const lines = [...generateLog({ seed: 12, builds: 4, job: "shipped" })].join("").split("\n");
const shipped = (from: number) => lines.map((line, k) => (k < from || line === "" ? line : SHIPPER + line)).join("\n");
/** The third build's `Started by` line: from there on, the log shipper's field. */
const third = lines.reduce<number[]>((at, line, k) => (line.includes("Started by") ? [...at, k] : at), [])[2]!;

describe("monitor lines behind an unknown prefix, uploaded", () => {
  useTestDatabase("sqlite", "unread");

  test("the runs read are stored, and the answer warns of the others with file:line:column", async () => {
    const response = await postLogs(rawRequest(shipped(third), "text/plain", { query: "?filename=half.log" }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { logs: { warnings: string[] }[]; builds: { number: number }[] };
    expect(body.builds).toHaveLength(2);
    expect(body.logs[0]!.warnings).toHaveLength(1);
    const warning = body.logs[0]!.warnings[0]!;
    const [, line, column] = /^half\.log:(\d+):(\d+): /.exec(warning) ?? [];
    expect(Number(line)).toBeGreaterThan(third);
    const text = shipped(third).split("\n")[Number(line) - 1]!;
    expect(text.slice(Number(column) - 1)).toMatch(/^(processes sorted by queue_len desc:|message queue len of pid)/);
    expect(warning).toContain(`after "${SHIPPER}`);
  });

  test("a log read whole has no warnings", async () => {
    const response = await postLogs(rawRequest(lines.join("\n").replaceAll("shipped", "plain"), "text/plain", { query: "?filename=plain.log" }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { logs: { warnings: string[] }[]; builds: unknown[] };
    expect(body.builds).toHaveLength(4);
    expect(body.logs[0]!.warnings).toEqual([]);
  });

  test("a run whose top list the monitor failed to get ({badrpc,nodedown}) is left out, and the answer says where", async () => {
    const text = `${lines.join("\n").replaceAll("shipped", "nodedown")}\nJOB_NAME=nodedown\nBUILD_NUMBER=99\nprocesses sorted by queue_len desc:\n{badrpc,nodedown}\n`;
    const response = await postLogs(rawRequest(text, "text/plain", { query: "?filename=nd.log" }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { logs: { warnings: string[] }[]; builds: { number: number }[] };
    expect(body.builds).toHaveLength(4);
    expect(body.logs[0]!.warnings).toEqual([`nd.log:${lines.length + 4}:1: the monitor's call for the top list failed ({badrpc,nodedown}): that run was not read`]);
  });

  test("a log with none read is refused at its first hidden monitor line", async () => {
    const all = shipped(0).replaceAll("shipped", "hidden");
    const response = await postLogs(rawRequest(all, "text/plain", { query: "?filename=all.log" }));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { line: number; column: number; message: string } };
    expect(body.error.line).toBeGreaterThan(1);
    expect(all.split("\n")[body.error.line - 1]!.slice(body.error.column - 1)).toMatch(/^(processes sorted by queue_len desc:|message queue len of pid)/);
    expect(body.error.message).toContain("not a line prefix this reader knows");
  });
});
