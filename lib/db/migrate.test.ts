import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { makeTempDir } from "@/lib/testing/temp-db";
import { applyMigrations, MigrationError, newerVersionWarning, readMigrations, upgradeAdvice } from "./migrate";
import { migrateDatabase, openDatabase } from "./open";

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

function tables(file: string): string[] {
  const db = openDatabase(file);
  try {
    return db
      .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all()
      .map((row) => row.name);
  } finally {
    db.close();
  }
}

function writeMigration(dir: string, name: string, sql: string): void {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

describe("applyMigrations", () => {
  test("creates the database file and its folder, then applies every migration once", () => {
    const file = path.join(temp.dir, "nested", "folder", "db.sqlite");
    const all = readMigrations().map((m) => m.name);
    expect(all.length).toBeGreaterThan(0);

    expect(migrateDatabase(file).applied).toEqual(all);
    expect(fs.existsSync(file)).toBe(true);
    expect(tables(file)).toEqual(expect.arrayContaining(["Build", "Log", "TopEntry", "Sample", "Room", "Incident"]));

    expect(migrateDatabase(file).applied).toEqual([]);
    const db = openDatabase(file);
    const rows = db.prepare(`SELECT migration_name FROM "_prisma_migrations"`).all();
    db.close();
    expect(rows).toHaveLength(all.length);
  });

  test("applies migrations in folder-name order, the later ones after the earlier", () => {
    const dir = path.join(temp.dir, "migrations");
    writeMigration(dir, "20260102000000_second", `ALTER TABLE "A" ADD COLUMN "b" TEXT;`);
    writeMigration(dir, "20260101000000_first", `CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);`);
    const file = path.join(temp.dir, "db.sqlite");
    expect(migrateDatabase(file, dir).applied).toEqual(["20260101000000_first", "20260102000000_second"]);
  });

  test("a broken migration fails with its file name and leaves the database as it was", () => {
    const dir = path.join(temp.dir, "migrations");
    writeMigration(dir, "20260101000000_first", `CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);`);
    const file = path.join(temp.dir, "db.sqlite");
    migrateDatabase(file, dir);

    // Two good statements, then a bad one: none of the three may remain.
    writeMigration(
      dir,
      "20260102000000_broken",
      `CREATE TABLE "B" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "A" ("id") VALUES (1);\nALTER TABLE "Nope" ADD COLUMN "x" TEXT;`,
    );
    const run = () => migrateDatabase(file, dir);
    expect(run).toThrow(MigrationError);
    expect(run).toThrow(/20260102000000_broken[\\/]migration\.sql failed.*no such table: Nope/);

    expect(tables(file)).toEqual(["A", "_prisma_migrations"]);
    const db = openDatabase(file);
    expect(db.prepare(`SELECT count(*) AS n FROM "A"`).get()).toEqual({ n: 0 });
    expect(db.prepare(`SELECT migration_name FROM "_prisma_migrations"`).all()).toEqual([
      { migration_name: "20260101000000_first" },
    ]);
    db.close();
  });

  test("an applied migration whose text changed is refused, not skipped", () => {
    const dir = path.join(temp.dir, "migrations");
    writeMigration(dir, "20260101000000_first", `CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);`);
    const file = path.join(temp.dir, "db.sqlite");
    migrateDatabase(file, dir);
    writeMigration(dir, "20260101000000_first", `CREATE TABLE "A" ("id" INTEGER PRIMARY KEY, "x" TEXT);`);
    expect(() => migrateDatabase(file, dir)).toThrow(/20260101000000_first.*changed after it was applied/);
  });

  test("two connections migrating the same file apply each migration exactly once", () => {
    const file = path.join(temp.dir, "db.sqlite");
    const a = openDatabase(file);
    const b = openDatabase(file);
    const migrations = readMigrations();
    const first = applyMigrations(a, migrations);
    const second = applyMigrations(b, migrations);
    a.close();
    b.close();
    expect([...first.applied, ...second.applied]).toEqual(migrations.map((m) => m.name));
  });

  test("the migration adding Build.at fills it for the builds stored before, and indexes it", () => {
    const file = path.join(temp.dir, "db.sqlite");
    const db = openDatabase(file);
    try {
      const all = readMigrations();
      const before = all.filter((m) => m.name < "20261126000000_build_at");
      expect(before.length).toBeLessThan(all.length);
      applyMigrations(db, before);
      db.prepare(`INSERT INTO "Log" (sha256, fileName, size, buildCount) VALUES ('a', 'a.log', 1, 3)`).run();
      const insert = db.prepare(`INSERT INTO "Build" (logId, seq, startedAt, worstQueueLen, createdAt) VALUES (1, ?, ?, ?, ?)`);
      insert.run(0, "2015-08-25T11:47:00.000+00:00", 10, "2025-01-01T00:00:00.000+00:00");
      insert.run(1, null, 20, "2025-01-01T00:00:01.000+00:00");
      // A creation time as SQLite's CURRENT_TIMESTAMP default writes it: copied as it is.
      db.prepare(`INSERT INTO "Build" (logId, seq) VALUES (1, 2)`).run();

      expect(applyMigrations(db, all).applied).toEqual(all.slice(before.length).map((m) => m.name));
      const rows = db.prepare(`SELECT startedAt, createdAt, at FROM "Build" ORDER BY id`).all() as {
        startedAt: string | null;
        createdAt: string;
        at: string | null;
      }[];
      expect(rows.map((row) => row.at)).toEqual([
        "2015-08-25T11:47:00.000+00:00",
        "2025-01-01T00:00:01.000+00:00",
        rows[2]?.createdAt,
      ]);
      expect(rows[2]?.at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT "id", "worstQueueLen" FROM "Build" WHERE "at" >= '2020'`)
        .all() as { detail: string }[];
      expect(plan.map((row) => row.detail).join()).toMatch(/COVERING INDEX Build_at_worstQueueLen_id_idx/);
    } finally {
      db.close();
    }
  });
});

describe("upgradeAdvice", () => {
  test("after migrating a database that held data (not its first migration): run db:reclassify", () => {
    const all = readMigrations().map((m) => m.name);
    expect(upgradeAdvice([])).toBeNull();
    // A new database: every migration, the first one too.
    expect(upgradeAdvice(all)).toBeNull();
    expect(upgradeAdvice(all.slice(-2))).toMatch(/^upgraded: .*`npm run db:reclassify -- --dry-run`/);
  });
});

describe("a database a newer version migrated (a rollback)", () => {
  test("the migrations it records that this version does not have are named, and the warning says what to do", () => {
    const file = path.join(temp.dir, "newer.db");
    const db = openDatabase(file);
    try {
      expect(applyMigrations(db).unknown).toEqual([]);
      // What a newer version leaves: its own migrations recorded after ours.
      const record = db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, 'x', current_timestamp, ?, current_timestamp, 1)`,
      );
      record.run("a", "29990101000000_future_one");
      record.run("b", "29990102000000_future_two");
      // (One rolled back does not count.)
      db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, rolled_back_at, applied_steps_count) VALUES ('c', 'x', current_timestamp, '29990103000000_undone', current_timestamp, current_timestamp, 1)`,
      ).run();
      const again = applyMigrations(db);
      expect(again).toEqual({ applied: [], unknown: ["29990101000000_future_one", "29990102000000_future_two"] });
      expect(newerVersionWarning(again.unknown)).toMatch(
        /^warning: a newer version of the dashboard migrated this database \(29990101000000_future_one, 29990102000000_future_two, not known to this version\): .*`npm run db:reclassify -- --regroup` there/,
      );
    } finally {
      db.close();
    }
    expect(newerVersionWarning([])).toBeNull();
    expect(newerVersionWarning(["a", "b", "c", "d", "e"])).toContain("(a, b, c and 2 more, not known");
  });
});
