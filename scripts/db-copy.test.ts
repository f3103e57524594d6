// scripts/db-copy.ts's refusals: a --from that is not this app's SQLite database
// is refused with a message saying so (exit 2) before anything is created,
// written or connected to, so no PostgreSQL is needed here (the --to URL points
// at a closed port: reaching it would fail with ECONNREFUSED instead). The copy
// itself: lib/db/copy.test.ts; what it says after copying an older version's file, below (on PostgreSQL).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { CopySourceError, copySqliteToPostgres } from "@/lib/db/copy";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/databases";
import { makeTempDir } from "@/lib/testing/temp-db";

const ROOT = join(__dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const NOWHERE = "postgres://nobody@127.0.0.1:1/none";

function copy(...args: string[]) {
  const r = spawnSync(TSX, ["--conditions=react-server", join(ROOT, "scripts", "db-copy.ts"), ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const contents = (file: string) => fs.readFileSync(file);

describe("npm run db:copy refuses a source that is not this app's database", () => {
  const temp = makeTempDir("mqdash-db-copy-");
  afterAll(() => temp.cleanup());

  it("a file that does not exist: 'no SQLite database at …', exit 2, no file or folder created", () => {
    const missing = join(temp.dir, "typo", "typo.sqlite");
    const r = copy("--from", `file:${missing}`, "--to", NOWHERE);
    expect(r.stderr).toBe(`no SQLite database at ${missing}\n`);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(fs.existsSync(join(temp.dir, "typo"))).toBe(false);
  });

  it("a SQLite file without the app's tables: says so, exit 2, the file unchanged and alone", () => {
    const other = join(temp.dir, "other.db");
    const db = new Database(other);
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('hello')");
    db.close();
    const before = contents(other);
    const r = copy("--from", `file:${other}`, "--to", NOWHERE);
    expect(r.stderr).toContain(`${other} is not this dashboard's database (no "Log", "Room", "Incident", "Build", "TopEntry", "Sample" tables, no migrations)`);
    expect(r.stderr).not.toMatch(/syntax error|ECONNREFUSED/);
    expect(r.code).toBe(2);
    expect(contents(other).equals(before)).toBe(true);
    expect(fs.readdirSync(temp.dir).filter((name) => name.startsWith("other.db"))).toEqual(["other.db"]);
  });

  it("an empty file, and a file that is not SQLite at all: says so, exit 2", () => {
    const empty = join(temp.dir, "empty.db");
    fs.writeFileSync(empty, "");
    const text = join(temp.dir, "console.log");
    fs.writeFileSync(text, "processes sorted by queue_len desc:\n".repeat(200));
    const r1 = copy("--from", `file:${empty}`, "--to", NOWHERE);
    expect(r1.stderr).toContain(`${empty} is not this dashboard's database (no "Log"`);
    expect(r1.code).toBe(2);
    expect(fs.statSync(empty).size).toBe(0);
    const r2 = copy("--from", `file:${text}`, "--to", NOWHERE);
    expect(r2.stderr).toBe(`${text} is not a SQLite database\n`);
    expect(r2.code).toBe(2);
  });

  it("--from postgres://… --to file:…: copying goes from SQLite to PostgreSQL only, exit 2, nothing created", () => {
    const target = join(temp.dir, "target.db");
    const r = copy("--from", NOWHERE, "--to", `file:${target}`);
    expect(r.stderr).toMatch(/^db:copy copies from SQLite to PostgreSQL only/);
    expect(r.stderr).toContain("usage: npm run db:copy -- --from file:");
    expect(r.code).toBe(2);
    expect(fs.existsSync(target)).toBe(false);
  });

  it("copySqliteToPostgres checks the source before it sends the target a single query", async () => {
    const other = join(temp.dir, "partial.db");
    const db = new Database(other);
    db.exec(`CREATE TABLE "Log" (id INTEGER PRIMARY KEY)`);
    const queries: string[] = [];
    const target = { query: async (sql: string) => void queries.push(sql) } as unknown as pg.ClientBase;
    try {
      const copying = copySqliteToPostgres(db, target);
      await expect(copying).rejects.toThrow(CopySourceError);
      await expect(copying).rejects.toThrow(`${other} is not this dashboard's database (no "Room", "Incident", "Build", "TopEntry", "Sample" tables, no migrations)`);
    } finally {
      db.close();
    }
    expect(queries).toEqual([]);
  });
});

describe.each(testDatabaseKinds().filter((kind) => kind === "postgres"))("npm run db:copy of an older version's file, to %s", () => {
  const temp = makeTempDir("mqdash-db-copy-old-");
  afterAll(() => temp.cleanup());

  it("copies it and says to run db:reclassify on the copy, as npm start says after an upgrade; an up-to-date file, not", async () => {
    for (const [name, behind] of [
      ["old", true],
      ["current", false],
    ] as const) {
      const file = join(temp.dir, `${name}.db`);
      const db = openDatabase(file);
      applyMigrations(db, readMigrations().filter((m) => !behind || m.name < "20261212000000_incident_last_seen"));
      db.prepare(`INSERT INTO "Log" (sha256, fileName, size, uploadedAt, buildCount) VALUES ('x', 'x.log', 1, '2024-01-01T00:00:00.000+00:00', 1)`).run();
      db.prepare(`INSERT INTO "Build" (logId, seq, job, number, createdAt) VALUES (1, 0, 'j', 1, '2024-02-01T00:00:00.000+00:00')`).run();
      db.close();
      const target = await createTestDatabase("postgres", `copy_cli_${name}`);
      try {
        const result = copy("--from", `file:${file}`, "--to", target.url);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toContain("Build: 1 rows");
        if (behind) expect(result.stdout).toMatch(/the source was stored by an older version \(2 migrations behind this one\): .*`npm run db:reclassify -- --dry-run` with DATABASE_URL set to the target/);
        else expect(result.stdout).not.toContain("older version");
      } finally {
        await target.drop();
      }
    }
  }, 60_000);
});
