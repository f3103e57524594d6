import { expect, test } from "@playwright/test";

// Next buffers bodies for the proxy (proxy.ts) and cuts them at 10 MB; the upload
// endpoint must not go through it, or large logs arrive truncated and are stored as if whole.
test("a log larger than 10 MB reaches the upload handler whole", async ({ request }) => {
  const noise = "noise line of a long CI console log, repeated to pass ten megabytes\n";
  const run = `JOB_NAME=e2e_large\nBUILD_NUMBER=4242\nprocesses sorted by queue_len desc:\n [{<0.1.0>,{message_queue_len,500}}]\nmessage queue len of pid <0.1.0> : {message_queue_len,500}\n`;
  const body = Buffer.from(noise.repeat(Math.ceil((12 * 1024 * 1024) / noise.length)) + run);
  const response = await request.post("/api/logs?filename=large.log", {
    data: body,
    headers: { "content-type": "text/plain" },
    timeout: 120_000,
  });
  expect([200, 201]).toContain(response.status());
  const answer = (await response.json()) as { logs: { size: number }[]; builds: { number: number }[] };
  expect(answer.logs[0]?.size).toBe(body.byteLength);
  expect(answer.builds.map((b) => b.number)).toEqual([4242]);
});
