// A throw-away PostgreSQL server for the test suite: initdb into a fresh
// temporary folder, start it on 127.0.0.1 (a free port, unix socket in the
// same folder), print its URL; `stop <dir>` stops it and removes the folder.
// Uses Debian's packages (apt-get install postgresql); as root, the server
// runs as the `postgres` user, since PostgreSQL refuses to run as root.
//
//   node scripts/pg-test-server.mjs start   → prints {"url": ..., "dir": ...}
//   node scripts/pg-test-server.mjs stop DIR
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** The newest installed PostgreSQL's bin folder, or null. */
export function findPgBin() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

const asRoot = process.getuid?.() === 0;

function run(bin, args) {
  const command = asRoot ? "runuser" : bin;
  const argv = asRoot ? ["-u", "postgres", "--", bin, ...args] : args;
  const result = spawnSync(command, argv, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${path.basename(bin)} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

export async function startPg() {
  const bin = findPgBin();
  if (!bin) throw new Error("PostgreSQL is not installed (Debian: apt-get install postgresql)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mqdash-pg-"));
  fs.chmodSync(dir, 0o777);
  if (asRoot) execFileSync("chown", ["postgres:postgres", dir]);
  const data = path.join(dir, "data");
  run(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  const port = await freePort();
  run(path.join(bin, "pg_ctl"), [
    "-D",
    data,
    "-l",
    path.join(dir, "server.log"),
    "-w",
    "-o",
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`,
    "start",
  ]);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dir };
}

export function stopPg(dir) {
  const bin = findPgBin();
  if (bin && fs.existsSync(path.join(dir, "data"))) {
    try {
      run(path.join(bin, "pg_ctl"), ["-D", path.join(dir, "data"), "-m", "immediate", "stop"]);
    } catch {
      // already stopped
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, dir] = process.argv.slice(2);
  if (command === "start") console.log(JSON.stringify(await startPg()));
  else if (command === "stop" && dir) stopPg(dir);
  else {
    console.error("usage: node scripts/pg-test-server.mjs start | stop DIR");
    process.exit(2);
  }
}
