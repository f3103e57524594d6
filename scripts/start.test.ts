// npm start's script (scripts/start.ts) on the ways it refuses to start: each ends before
// `next start` runs, so no build is needed (SKIP_BUILD=1).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.join(__dirname, "..");
const TSX = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mqdash-start-"));

/** The environment without this process's settings of the dashboard (and NODE_ENV=test, which picks other .env files). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SKIP_BUILD: "1", NEXT_TELEMETRY_DISABLED: "1" };
  for (const key of ["DATABASE_URL", "PORT", "HOST", "NODE_ENV", "READ_TOKEN", "INGEST_TOKEN", "ALLOWED_HOSTS"]) delete env[key];
  return { ...env, ...extra };
}

function start(cwd: string, extra: Record<string, string>) {
  const r = spawnSync(process.execPath, [TSX, "--conditions=react-server", path.join(cwd, "scripts", "start.ts")], {
    cwd,
    env: cleanEnv(extra),
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of the project's layout by links (no build, no .env), in a folder of its own under `tmp`. */
function linkedProject(name: string): string {
  const project = path.join(tmp, name);
  fs.mkdirSync(project);
  for (const entry of ["node_modules", "lib", "prisma", "scripts", "package.json", "tsconfig.json"]) {
    fs.symlinkSync(path.join(ROOT, entry), path.join(project, entry));
  }
  return project;
}

/** A port nothing listens on just now. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen({ host: "127.0.0.1", port: 0 }, resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

let held: net.Server;
let heldPort = 0;

beforeAll(async () => {
  held = net.createServer();
  await new Promise<void>((resolve) => held.listen({ host: "127.0.0.1", port: 0 }, resolve));
  heldPort = (held.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => held.close(resolve));
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("npm start refuses, in one line and exit 1", () => {
  it("a port another server holds: no URL printed for a server that is not ours", () => {
    const r = start(ROOT, { PORT: String(heldPort), DATABASE_URL: `file:${path.join(tmp, "port.db")}` });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`127.0.0.1:${heldPort} is in use by another server: stop it, or set PORT`);
    expect(r.stdout).not.toContain("Mailbox incident dashboard:");
  });

  it("a bad setting: the message naming it, not a stack trace", () => {
    const r = start(ROOT, { PORT: "abc", DATABASE_URL: `file:${path.join(tmp, "bad.db")}` });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Invalid environment: PORT: wants a whole number from 1 to 65535 (it is "abc")');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain("Node.js v");
  });

  it("reads the .env file that `next start` reads: the migration and the server use the same database", async () => {
    // A copy of the project's layout by links, with a .env of its own (DATABASE_URL, PORT) and
    // no build: `next start` starts on .env's port, then exits for want of a build.
    const project = linkedProject("project");
    const free = await freePort();
    fs.writeFileSync(path.join(project, ".env"), `DATABASE_URL=file:./from-dotenv.db\nPORT=${free}\n`);
    const r = start(project, {});
    expect(r.stdout).toContain("database file:./from-dotenv.db: applied ");
    expect(fs.existsSync(path.join(project, "from-dotenv.db"))).toBe(true);
    expect(r.stdout).toContain(`http://127.0.0.1:${free}`);
    expect(r.code).toBe(1);
    // The environment wins over .env, as in Next; .env's PORT, held, is refused.
    fs.writeFileSync(path.join(project, ".env"), `DATABASE_URL=file:./from-dotenv.db\nPORT=${heldPort}\n`);
    const own = start(project, { DATABASE_URL: "file:./from-environment.db", PORT: String(free) });
    expect(own.stdout).toContain("database file:./from-environment.db: applied ");
    expect(own.stdout).toContain(`http://127.0.0.1:${free}`);
    expect(start(project, {}).stderr).toContain(`127.0.0.1:${heldPort} is in use by another server`);
  });
});

describe("npm start warns about tokens that protect less than they seem to", () => {
  it("short or shared tokens from .env: one warning each, and the server still starts", async () => {
    const project = linkedProject("token-project");
    const free = await freePort();
    fs.writeFileSync(path.join(project, ".env"), `DATABASE_URL=file:./tokens.db\nPORT=${free}\nINGEST_TOKEN=hunter2\nREAD_TOKEN=hunter2\n`);
    const r = start(project, {});
    const warnings = r.stderr.split("\n").filter((line) => line.startsWith("warning: "));
    expect(warnings).toEqual([
      "warning: READ_TOKEN and INGEST_TOKEN are the same: whoever may read may also upload and delete logs (give INGEST_TOKEN a value of its own)",
      expect.stringMatching(/^warning: INGEST_TOKEN is 7 characters long: /),
      expect.stringMatching(/^warning: READ_TOKEN is 7 characters long: /),
    ]);
    // It went on to start the server (which then exits for want of a build in this copy).
    expect(r.stdout).toContain(`http://127.0.0.1:${free}`);
    const fine = start(project, { INGEST_TOKEN: "3f6c1d0e9a8b7c6d5e4f3a2b1c0d9e8f", READ_TOKEN: "0a1b2c3d4e5f60718293a4b5c6d7e8f9" });
    expect(fine.stderr).not.toContain("warning: ");
  });
});

describe("db:migrate, db:prune and analyze read the same .env files", () => {
  it("DATABASE_URL, INCIDENT_THRESHOLD from .env; the environment wins", () => {
    const project = linkedProject("scripts-project");
    fs.writeFileSync(path.join(project, ".env"), "DATABASE_URL=file:./from-dotenv.db\nINCIDENT_THRESHOLD=5000\n");
    const run = (script: string, args: string[], extra: Record<string, string> = {}) => {
      const r = spawnSync(process.execPath, [TSX, "--conditions=react-server", path.join(project, "scripts", script), ...args], {
        cwd: project,
        env: cleanEnv(extra),
        encoding: "utf8",
        timeout: 60_000,
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const migrated = run("migrate.ts", []);
    expect(migrated.stdout).toContain("database file:./from-dotenv.db: applied ");
    expect(fs.existsSync(path.join(project, "from-dotenv.db"))).toBe(true);
    const pruned = run("prune.ts", ["--older-than", "90d", "--dry-run"]);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(fs.existsSync(path.join(project, "data", "dashboard.db"))).toBe(false);
    // The seed's 25877: 3,102 messages, an incident at the default threshold (100), not at .env's 5,000.
    const log = path.join(ROOT, "lib", "monitor-log", "__fixtures__", "ProductCI_ejabberd_mqueue_random_monitor_25877.log");
    const analyzed = JSON.parse(run("analyze.ts", ["--json", log]).stdout) as { builds: { incident: boolean }[] };
    expect(analyzed.builds.map((b) => b.incident)).toEqual([false]);
    const overridden = JSON.parse(run("analyze.ts", ["--json", log], { INCIDENT_THRESHOLD: "100" }).stdout) as { builds: { incident: boolean }[] };
    expect(overridden.builds.map((b) => b.incident)).toEqual([true]);
  });
});
