// Experiment (not a test): a CPU profile of the main thread during one upload, after others (WARM:
// comma-separated logs, uploaded first in the same process, as a running server has). Read the
// profile with Chrome's DevTools (Performance, load profile).
//   NODE_ENV=production npx tsx --conditions=react-server scripts/experiments/profile-ingest.ts LOG WARM[,WARM…] DB OUT.cpuprofile
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import { performance } from "node:perf_hooks";

const [file, warmList, db, out] = process.argv.slice(2) as [string, string, string, string];
process.env.DATABASE_URL = `file:${db}`;
const { POST } = await import("../../app/api/logs/route");
const { getStore } = await import("../../lib/db/store");
const { fileBody } = await import("../../lib/testing/file-body");
await getStore();
const upload = (p: string) =>
  POST(
    new Request("http://127.0.0.1/api/logs?filename=bench.log", {
      method: "POST",
      body: fileBody(p),
      headers: { "content-type": "text/plain" },
      duplex: "half",
    } as RequestInit),
  );
for (const warm of warmList.split(",")) console.log("warm-up", warm, (await upload(warm)).status);
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 200 });
await session.post("Profiler.start");
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const response = await upload(file);
const t1 = performance.now();
const cpu = process.cpuUsage(cpu0);
console.log("status", response.status, "ms", (t1 - t0).toFixed(0), "cpu user+sys ms (all threads)", ((cpu.user + cpu.system) / 1000).toFixed(0));
const { profile } = await session.post("Profiler.stop");
fs.writeFileSync(out, JSON.stringify(profile));
await (await getStore()).close();
