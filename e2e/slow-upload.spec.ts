import http from "node:http";
import { expect, test } from "@playwright/test";

// Against the real server: a client that sends half of its log and then waits does not hold
// the other uploads (lib/upload/spool.ts); once it sends the rest, its log is stored whole.
function run(job: string, number: number, queueLen: number): string {
  return (
    `JOB_NAME=${job}\nBUILD_NUMBER=${number}\nprocesses sorted by queue_len desc:\n [{<0.1.0>,{message_queue_len,${queueLen}}}]\n` +
    `message queue len of pid <0.1.0> : {message_queue_len,${queueLen}}\n`
  );
}

test("a slow client's upload does not hold a quick one; both are stored", async ({ baseURL }) => {
  test.setTimeout(90_000);
  const noise = "noise line of a console that a slow link sends bit by bit\n".repeat(40_000);
  const slowLog = Buffer.from(`${run("e2e_slow_link", 1, 900)}${noise}${run("e2e_slow_link", 2, 950)}`);
  const half = Math.floor(slowLog.byteLength / 2);
  const url = new URL("/api/logs?filename=slow-link.log", baseURL);

  let answered: (value: { status: number; body: string }) => void = () => undefined;
  const slowAnswer = new Promise<{ status: number; body: string }>((resolve) => (answered = resolve));
  const slow = http.request(url, { method: "POST", headers: { "content-type": "text/plain", "content-length": slowLog.byteLength } }, (response) => {
    let body = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => (body += chunk));
    response.on("end", () => answered({ status: response.statusCode ?? 0, body }));
  });
  slow.write(slowLog.subarray(0, half));
  // The server reads the first half, then waits on this client.
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  const started = Date.now();
  const quick = await fetch(new URL("/api/logs?filename=quick-link.log", baseURL), {
    method: "POST",
    body: run("e2e_quick_link", 7, 1200),
    headers: { "content-type": "text/plain" },
  });
  expect(quick.status, await quick.clone().text()).toBe(201);
  // Answered while the slow client still has half of its log to send.
  expect(Date.now() - started).toBeLessThan(30_000);
  const quickAnswer = (await quick.json()) as { builds: { job: string; number: number }[] };
  expect(quickAnswer.builds.map((b) => [b.job, b.number])).toEqual([["e2e_quick_link", 7]]);

  slow.end(slowLog.subarray(half));
  const stored = await slowAnswer;
  expect(stored.status, stored.body).toBe(201);
  const slowBuilds = (JSON.parse(stored.body) as { logs: { size: number }[]; builds: { job: string; number: number }[] });
  expect(slowBuilds.logs[0]?.size).toBe(slowLog.byteLength);
  expect(slowBuilds.builds.map((b) => [b.job, b.number])).toEqual([
    ["e2e_slow_link", 1],
    ["e2e_slow_link", 2],
  ]);
});
