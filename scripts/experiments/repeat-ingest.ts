// Experiment (not a test): several uploads in one process, each timed (wall, CPU of all threads, GC), to
// see how the JIT warms up over a process's first uploads (add --trace-deopt with `node --import tsx`).
//   NODE_ENV=production npx tsx --conditions=react-server scripts/experiments/repeat-ingest.ts DB LOG...
import { PerformanceObserver, performance } from "node:perf_hooks";

let gcMs = 0;
let gcCount = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMs += entry.duration;
    gcCount++;
  }
}).observe({ entryTypes: ["gc"] });

const [db, ...files] = process.argv.slice(2) as [string, ...string[]];
process.env.DATABASE_URL = `file:${db}`;
const { POST } = await import("../../app/api/logs/route");
const { getStore } = await import("../../lib/db/store");
const { fileBody } = await import("../../lib/testing/file-body");
await getStore();
for (const file of files) {
  gcMs = 0;
  gcCount = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const request = { method: "POST", body: fileBody(file), headers: { "content-type": "text/plain" }, duplex: "half" } as RequestInit;
  const response = await POST(new Request("http://127.0.0.1/api/logs?filename=bench.log", request));
  await response.arrayBuffer();
  const cpu = process.cpuUsage(cpu0);
  const heap = process.memoryUsage();
  console.log(
    `${file.split("/").pop()} ${response.status} ms ${(performance.now() - t0).toFixed(0)}`,
    `cpu(all threads) ms ${((cpu.user + cpu.system) / 1000).toFixed(0)} gc ${gcCount} (${gcMs.toFixed(0)} ms)`,
    `heap MB ${(heap.heapUsed / 1e6).toFixed(0)}/${(heap.heapTotal / 1e6).toFixed(0)}`,
  );
}
await (await getStore()).close();
