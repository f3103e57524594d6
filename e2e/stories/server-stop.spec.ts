// Story: an operator stops the dashboard. An operator's review: after SIGTERM the port closed at
// once, but the processes stayed for about a minute (63 s measured): `next start` waited for the
// start script's own readiness probe, a fetch whose connection its pool kept open, to reach the
// 65 s keep-alive timeout. The probe now closes its connection. And a supervisor that signals
// npm's own process only (systemd with KillMode=process, a script's `kill $pid`) left `next start`
// running with no parent at all: npm's `sh -c` died of the signal without passing it on. `npm
// start` now execs its script. The clients' idle keep-alive connections (fetch's pool, as a
// browser's) hold neither.
import { type ChildProcess, execSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "../fixtures";
import { SPEC_SERVER_PORT } from "../token-server";
import { groupAlive } from "../../lib/testing/process-group";

/** (Each answer read whole: its connection then waits idle in fetch's pool, as a browser's does.) */
async function serving(base: string): Promise<boolean> {
  try {
    const response = await fetch(`${base}/api/health`);
    await response.text();
    return response.ok;
  } catch {
    return false;
  }
}

async function statusOf(url: string): Promise<number> {
  const response = await fetch(url);
  await response.text();
  return response.status;
}

// (Ctrl-C's SIGINT is not tried: a process started from a script in the background, as these
// tests are in CI, inherits SIGINT ignored, and then no process of the group hears it.)
for (const [signal, who] of [
  ["SIGTERM", "npm's process alone"],
  ["SIGTERM", "the whole process group, as systemd's default does"],
] as const) {
  test(`npm start ends, and every process it started with it, on ${signal} to ${who}`, async () => {
    test.setTimeout(180_000);
    const database = path.join(os.tmpdir(), `mqdash-e2e-stop-${process.pid}-${Date.now()}.db`);
    const base = `http://127.0.0.1:${SPEC_SERVER_PORT}`;
    const child: ChildProcess = spawn("npm", ["start"], {
      detached: true,
      stdio: ["ignore", "pipe", "ignore"],
      env: { ...process.env, DATABASE_URL: `file:${database}`, PORT: String(SPEC_SERVER_PORT), HOST: "127.0.0.1", SKIP_BUILD: "1", NEXT_TELEMETRY_DISABLED: "1" },
    });
    const pgid = child.pid!;
    let output = "";
    const ready = new Promise<void>((resolve) =>
      child.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Mailbox incident dashboard:")) resolve();
      }),
    );
    try {
      // The start script says where it serves once its probe had an answer: stopped right then
      // (the probe's connection was what held it), or after a page and an API read by a client.
      await Promise.race([ready, new Promise((_, reject) => setTimeout(() => reject(new Error(`not serving after 120 s:\n${output}`)), 120_000))]);
      if (who.startsWith("npm")) {
        expect(await statusOf(`${base}/`)).toBe(200);
        expect(await statusOf(`${base}/api/builds`)).toBe(200);
      }
      const started = Date.now();
      if (who.startsWith("npm")) process.kill(pgid, signal);
      else process.kill(-pgid, signal);
      await expect.poll(() => groupAlive(pgid), { timeout: 15_000, intervals: [100] }).toBe(false);
      expect(await serving(base)).toBe(false);
      // (Measured here: 0.2-1.4 s; before, 63 s for the group, and never for npm alone.)
      console.log(`${signal} to ${who}: all gone after ${Date.now() - started} ms`);
    } finally {
      if (groupAlive(pgid)) console.log(`left running:\n${execSync(`ps -o pid,ppid,stat,cmd -g ${pgid}`).toString()}`);
      if (groupAlive(pgid)) process.kill(-pgid, "SIGKILL");
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(database + suffix, { force: true });
    }
  });
}
