// lib/testing/api-server.ts as a child process, for tests that need a real
// server to kill, to load, or to run curl against.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";

export type ApiServerProcess = { child: ChildProcess; base: string };

/** Starts the server on `url`'s database (any free port, `env` added) and waits until it listens. */
export async function startApiServer(url: string, env: Record<string, string> = {}): Promise<ApiServerProcess> {
  const child = spawn(
    process.execPath,
    // `--import tsx` keeps the server in this one process (the tsx CLI would fork a child that SIGKILL misses).
    ["--conditions=react-server", "--import", "tsx", "lib/testing/api-server.ts"],
    { env: { ...process.env, ...env, DATABASE_URL: url, API_SERVER_PORT: "0" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    output += chunk.toString();
    const port = /listening (\d+)/.exec(output)?.[1];
    if (port) return { child, base: `http://127.0.0.1:${port}` };
  }
  throw new Error(`server did not start: ${output}`);
}

/** SIGKILL, then waits for the exit. */
export async function killApiServer(child: ChildProcess): Promise<void> {
  child.kill("SIGKILL");
  if (child.exitCode === null && child.signalCode === null) await once(child, "exit");
}
