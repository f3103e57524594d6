// npm start — the one command that runs the dashboard on a fresh clone:
// migrates the database (the embedded SQLite file by default, or the
// PostgreSQL server DATABASE_URL names), builds the app when the build is
// missing or older than the sources, then serves it and prints the URL.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { MigrationError, newerVersionWarning, upgradeAdvice } from "../lib/db/migrate";
import { databaseUnavailable, fromDatabase } from "../lib/errors";
import { createStore } from "../lib/db/store";
import { databaseUrlAsSet, readEnv, shownDatabaseUrl } from "../lib/env";
import { isLoopbackAddress } from "../lib/host-check";
import { loadDotEnv } from "./dot-env";
import { tokenWarnings } from "../lib/token-advice";

const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
/** How long an idle keep-alive connection is kept open (see main). */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const SOURCES = ["app", "components", "lib", "public", "proxy.ts", "next.config.ts", "package.json", "tsconfig.json"];

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(root, source)) > built);
}

/**
 * The status of one GET of `url` on a connection of its own, closed after the answer. (fetch kept
 * its connection open in a pool: `next start`, told to stop, waited for it to time out, the
 * keep-alive timeout below, 65 s, before it exited.) Null when nothing answers.
 */
function probe(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, headers: { connection: "close" } }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? null));
      response.on("error", () => resolve(null));
    });
    request.on("error", () => resolve(null));
  });
}

async function waitUntilServing(url: string, child: ReturnType<typeof spawn>): Promise<boolean> {
  for (let attempt = 0; attempt < 600 && child.exitCode === null; attempt++) {
    const status = await probe(url);
    if (status !== null && status < 500) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/**
 * Null when `host:port` can be listened on now, else why not (EADDRINUSE: another server holds it).
 * Checked before `next start`: otherwise the first answer on the port, another server's, read as
 * ours, and the URL was printed for a server that then exited with EADDRINUSE.
 */
function portTaken(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(null)));
  });
}

/** Throws the one-line reason when `host:port` cannot be listened on now (portTaken). */
async function refuseTakenPort(host: string, port: number): Promise<void> {
  const taken = await portTaken(host, port);
  if (!taken) return;
  const where = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  throw new StartError(
    taken === "EADDRINUSE"
      ? `${where} is in use by another server: stop it, or set PORT (and HOST) to a free one`
      : `cannot listen on ${where} (${taken}): set PORT and HOST to an address of this machine`,
  );
}

async function main(): Promise<void> {
  // The .env files `next start` reads, read here too: otherwise the migration and this script's
  // checks used the defaults while the server used .env's DATABASE_URL.
  loadDotEnv(root);
  const env = readEnv();
  await refuseTakenPort(env.HOST, env.PORT);
  const store = createStore(env.DATABASE_URL);
  const { applied, unknown } = await store.migrate();
  await store.close();
  const where = shownDatabaseUrl(env.DATABASE_URL); // no password in the output
  console.log(`database ${where}: ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}`);
  const advice = upgradeAdvice(applied);
  if (advice) console.log(advice);
  const newer = newerVersionWarning(unknown);
  if (newer) console.warn(newer);
  for (const warning of tokenWarnings(process.env)) console.warn(`warning: ${warning}`);

  if (process.env.SKIP_BUILD !== "1" && buildIsStale()) {
    console.log("building the dashboard (first start, or sources changed)…");
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: process.env });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  // Idle keep-alive connections stay open longer than a proxy's or client's own idle limit (60 s
  // for nginx, AWS load balancers): with Node's 5 s, a client reusing a connection just as the
  // server closes it gets a reset (ECONNRESET, a 502 behind a proxy) on an ordinary request.
  const keepAlive = String(KEEP_ALIVE_TIMEOUT_MS);
  // Again: the build takes minutes, and another server may have taken the port meanwhile.
  await refuseTakenPort(env.HOST, env.PORT);
  const server = spawn(process.execPath, [nextBin, "start", "-H", env.HOST, "-p", String(env.PORT), "--keepAliveTimeout", keepAlive], {
    stdio: ["ignore", "inherit", "inherit"],
    env: process.env,
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

  const url = `http://${env.HOST}:${env.PORT}/`;
  if (await waitUntilServing(url, server)) {
    // README "Settings": the names it answers to (lib/host-check.ts), so an operator behind a proxy finds ALLOWED_HOSTS here.
    const names = env.ALLOWED_HOSTS
      ? `localhost, IP addresses and ALLOWED_HOSTS (${env.ALLOWED_HOSTS})`
      : isLoopbackAddress(env.HOST)
        ? "localhost and IP addresses only (behind a proxy that passes another Host, set ALLOWED_HOSTS)"
        : "any name (set ALLOWED_HOSTS to the names it is reached by: without it, a page using DNS rebinding can reach it through a browser on its network)";
    console.log(`\nMailbox incident dashboard: ${url}\nanswering to ${names}\n`);
  }
}

/** A reason not to start, said as it is. */
class StartError extends Error {}

main().catch((error: unknown) => {
  const message = error instanceof MigrationError || error instanceof Error ? error.message : String(error);
  // "connect ECONNREFUSED 127.0.0.1:5432" alone does not say it is the database.
  const unavailable = error instanceof StartError ? null : databaseUnavailable(error);
  const where = shownDatabaseUrl(databaseUrlAsSet());
  // The database's own refusal (no such database, a password refused) names it as well.
  console.error(unavailable ? `database ${where}: ${unavailable} (${message})` : !(error instanceof StartError) && fromDatabase(error) ? `database ${where}: ${message}` : message);
  process.exit(1);
});
