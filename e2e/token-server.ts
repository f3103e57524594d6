// A second dashboard server for specs that need settings the shared one
// (playwright.config.ts webServer) does not have, such as INGEST_TOKEN and
// READ_TOKEN. It serves the build the shared server already made (SKIP_BUILD=1:
// the config's webServer starts, and builds, before any spec runs), on its own
// port and its own temporary database.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type SpecServer = { base: string; stop: () => Promise<void> };

/** The port of a spec's own server: next to the shared one, so runs with another E2E_PORT do not collide. */
export const SPEC_SERVER_PORT = Number(process.env.E2E_PORT ?? 3210) + 1;

async function waitForHealth(base: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the spec's server exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the spec's server did not answer within 2 minutes:\n${output()}`);
}

/** Starts `npm start`'s script with `env` added; `stop()` ends it (its whole process group) and removes its database. */
export async function startSpecServer(env: Record<string, string>): Promise<SpecServer> {
  const database = path.join(os.tmpdir(), `mqdash-e2e-spec-${process.pid}-${Date.now()}.db`);
  const base = `http://127.0.0.1:${SPEC_SERVER_PORT}`;
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/start.ts"], {
    // Its own process group: the tsx CLI and `next start` are children of it, and one signal reaches them all.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      ...env,
      DATABASE_URL: `file:${database}`,
      PORT: String(SPEC_SERVER_PORT),
      HOST: "127.0.0.1",
      SKIP_BUILD: "1",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, "SIGKILL");
    }
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(database + suffix, { force: true });
  };
  try {
    await waitForHealth(base, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, stop };
}
