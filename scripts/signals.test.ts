// The database scripts stop when SIGTERM reaches npm's process alone: what `timeout` in a cron line
// and a service manager stopping the unit's main process send. npm passes the signal to the
// shell of the script line, which died of it without passing it on: the script went on alone
// (its parent init), deleting every log it meant to after npm had exited (a PostgreSQL review,
// 2026-12-07). The script lines `exec` their program, as `npm start`'s does (e2e: server-stop).
import { spawn } from "node:child_process";
import net from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createStore } from "@/lib/db/store";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/databases";
import { groupAlive } from "@/lib/testing/process-group";

const ROOT = join(__dirname, "..");

/** A PostgreSQL that accepts connections and never answers: a script waits on it for seconds. */
let silent: net.Server;
let port = 0;
const sockets = new Set<net.Socket>();
/** db:copy's source: a migrated SQLite file. */
let source: TestDatabase;
beforeAll(async () => {
  source = await createTestDatabase("sqlite", "signals_source");
  const store = createStore(source.url);
  await store.migrate();
  await store.close();
  silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  port = (silent.address() as net.AddressInfo).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await source.drop();
});

describe("SIGTERM to npm alone stops the script it runs", () => {
  test.each([
    ["db:prune", ["--before", "2026-01-01"]],
    ["db:copy", ["--from", "SOURCE", "--to", "PG"]],
    ["db:migrate", []],
    ["db:reclassify", []],
  ] as const)("%s", async (script, args) => {
    const url = `postgres://postgres@127.0.0.1:${port}/dashboard`;
    const child = spawn("npm", ["run", "-s", script, "--", ...args.map((arg) => (arg === "PG" ? url : arg === "SOURCE" ? source.url : arg))], {
      cwd: ROOT,
      // Its own process group, to see what is left of it once npm is gone.
      detached: true,
      stdio: "ignore",
      env: { ...process.env, DATABASE_URL: url },
    });
    const pgid = child.pid!;
    try {
      // Until the script waits on the silent server (it connects within its 5 s limit).
      const waiting = Date.now();
      while (sockets.size === 0 && Date.now() - waiting < 20_000) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sockets.size, "the script reached the database").toBeGreaterThan(0);
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      const stopping = Date.now();
      while (groupAlive(pgid) && Date.now() - stopping < 3_000) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(groupAlive(pgid), `${script} still running after npm exited`).toBe(false);
    } finally {
      if (groupAlive(pgid)) process.kill(-pgid, "SIGKILL");
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    }
  }, 40_000);
});
