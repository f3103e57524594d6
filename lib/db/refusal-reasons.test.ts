// Every 422 of an upload names why in `error.reason`, one word a script can branch on (README
// "Errors"; the 409s' reasons are asserted where each 409 is tested). A CI review: telling a log
// without monitor output from a term that could not be read meant matching English.
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { fixture, gzip, multipartRequest, rawRequest } from "@/lib/testing/api";
import { countRows, testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

/** One monitor run of job `job`, number `number`, its room process inspected. */
const run = (job: string, number: number) =>
  [
    `JOB_NAME=${job}`,
    `BUILD_NUMBER=${number}`,
    "processes sorted by queue_len desc:",
    " [{<6562.100.1>,{message_queue_len,500}},",
    "  {<6562.6042.0>,{message_queue_len,1}}]",
    "message queue len of pid <6562.100.1> : {message_queue_len,500}",
    "message in pid <6562.100.1> :",
    ` [{'$gen_event',{route,{jid,<<"u">>,<<"example.org">>,<<"r">>,<<"u">>,<<"example.org">>,<<"r">>},<<>>,{xmlel,<<"message">>,[{<<"to">>,<<"qa_room@conference.example.org">>}],[]}}}]`,
    "",
  ].join("\n");

describe.each(testDatabaseKinds())("on %s", (kind) => {
  const database = useTestDatabase(kind, "refusal-reasons");

  const cases: { name: string; request: () => Request; reason: string; at?: { line: number; column: number } }[] = [
    { name: "an empty file", request: () => rawRequest("", "text/plain", { query: "?filename=empty.log" }), reason: "empty" },
    { name: "a log with no monitor output", request: () => rawRequest(fixture("no-monitor-output.log"), "text/plain", { query: "?filename=quiet.log" }), reason: "no_monitor_output" },
    { name: "a top list that does not parse", request: () => rawRequest(fixture("unparseable-term.log"), "text/plain", { query: "?filename=broken.log" }), reason: "unreadable_term" },
    {
      name: "a zip archive",
      request: () => multipartRequest([{ name: "logs.zip", content: new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode("x".repeat(64))]) }]),
      reason: "archive",
    },
    {
      name: "gzip that does not inflate",
      request: () => multipartRequest([{ name: "cut.log.gz", content: gzip(run("reasons", 1).repeat(50)).slice(0, 60) }]),
      reason: "bad_gzip",
    },
    { name: "a job name of 201 characters in JOB_NAME=", request: () => rawRequest(run("j".repeat(201), 2), "text/plain", { query: "?filename=long-job.log" }), reason: "bad_job_name" },
    {
      name: "a build URL sent for a log of two runs",
      request: () => rawRequest(run("reasons", 3) + run("reasons", 4), "text/plain", { query: "?filename=two.log&url=https://ci.example.org/3" }),
      reason: "one_build_metadata",
    },
    { name: "a queue longer than the database stores", request: () => rawRequest(run("reasons", 5).replaceAll("500", "3000000000"), "text/plain", { query: "?filename=huge.log" }), reason: "value_too_large" },
  ];

  for (const { name, request, reason } of cases) {
    test(`${name}: 422, reason ${reason}, nothing stored`, async () => {
      // (On PostgreSQL a refused upload may leave the rooms it named: a room dictionary written outside
      // its transaction, README "Pushing logs from CI". Every other table is compared.)
      const TABLES = ["Log", "Build", "TopEntry", "Sample", "Incident", ...(kind === "sqlite" ? ["Room"] : [])];
      const before = await countRows(database().url, TABLES);
      const response = await postLogs(request());
      const body = (await response.json()) as { error: { code: string; reason?: string; message: string; file?: string; line?: number; column?: number } };
      expect(response.status, body.error.message).toBe(422);
      expect(body.error.code).toBe("unprocessable");
      expect(body.error.reason, body.error.message).toBe(reason);
      expect(body.error.file, body.error.message).toBeTruthy();
      expect(body.error.line, body.error.message).toBeGreaterThan(0);
      expect(await countRows(database().url, TABLES)).toEqual(before);
    });
  }
});
