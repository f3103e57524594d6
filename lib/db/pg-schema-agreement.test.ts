// The PostgreSQL side of schema-agreement.test.ts: the PostgreSQL schema is
// produced from prisma/schema.prisma (scripts/db-generate.mjs), and its
// hand-written migrations must give a database in which every model and
// scalar field of the generated PostgreSQL client is a table and column with
// the right type, nullability and indexes — and a Prisma round trip works.
import fs from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Prisma, PrismaClient } from "@/lib/generated/prisma-pg/client";
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from "@/lib/testing/databases";
import { readSchema } from "@/lib/testing/schema-file";
import { toPostgresSchema } from "../../scripts/db-generate.mjs";
import { readMigrations } from "./migrate";
import { applyMigrationsPg, PG_MIGRATIONS_DIR } from "./migrate-pg";

const PG_TYPE: Record<string, string> = {
  Int: "integer",
  String: "text",
  DateTime: "timestamp without time zone",
  Boolean: "boolean",
  Float: "double precision",
};

const source = fs.readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8");
const schema = readSchema(source);
const models = Object.values(Prisma.ModelName);
const kinds = testDatabaseKinds().filter((kind) => kind === "postgres");

test("the PostgreSQL schema is the one produced from prisma/schema.prisma, not edited apart", () => {
  const generated = path.join(process.cwd(), "prisma", "postgres", "schema.prisma");
  expect(fs.readFileSync(generated, "utf8")).toBe(toPostgresSchema(source));
});

describe.each(kinds)("on %s", () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase("postgres", "agreement");
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await applyMigrationsPg(client);
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  test("a migration a newer version recorded is named as unknown to this version (a rollback: newerVersionWarning)", async () => {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ('future', 'x', now(), '29990101000000_future', now(), 1)`,
    );
    try {
      expect(await applyMigrationsPg(client)).toEqual({ applied: [], unknown: ["29990101000000_future"] });
    } finally {
      await client.query(`DELETE FROM "_prisma_migrations" WHERE id = 'future'`);
    }
    expect((await applyMigrationsPg(client)).unknown).toEqual([]);
  });

  async function columns(table: string) {
    return (
      await client.query<{ column_name: string; data_type: string; is_nullable: string }>(
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
        [table],
      )
    ).rows;
  }

  async function indexes(table: string) {
    const rows = (
      await client.query<{ indexname: string; indexdef: string }>(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1`, [table])
    ).rows;
    return rows
      .filter((row) => !row.indexname.endsWith("_pkey"))
      .map((row) => ({
        unique: /CREATE UNIQUE INDEX/.test(row.indexdef),
        columns: (/\(([^)]+)\)\s*$/.exec(row.indexdef)?.[1] ?? "").split(",").map((c) => c.trim().replace(/"/g, "")),
      }));
  }

  test.each(models)("model %s: columns are the client's scalar fields with the schema's types and nullability", async (model) => {
    const fields = Object.values(Prisma[`${model}ScalarFieldEnum` as keyof typeof Prisma] as Record<string, string>);
    const actual = await columns(model);
    expect(actual.map((c) => c.column_name).sort()).toEqual([...fields].sort());
    for (const column of actual) {
      const field = schema.get(model)?.fields.get(column.column_name);
      expect(column.data_type, `${model}.${column.column_name}`).toBe(PG_TYPE[field?.type ?? ""]);
      expect(column.is_nullable === "YES", `${model}.${column.column_name} nullability`).toBe(field?.optional);
    }
  });

  test.each(models)("model %s: @@index, @@unique and @unique exist as indexes, and no others", async (model) => {
    const declared = schema.get(model);
    const actual = await indexes(model);
    const has = (cols: string[], unique: boolean) => actual.some((i) => i.unique === unique && i.columns.join() === cols.join());
    for (const cols of declared?.indexes ?? []) expect(has(cols, false), `${model} index ${cols}`).toBe(true);
    for (const cols of declared?.uniques ?? []) expect(has(cols, true), `${model} unique ${cols}`).toBe(true);
    const uniqueFields = [...(declared?.fields ?? new Map())].filter(([, f]) => f.unique).map(([name]) => name);
    for (const name of uniqueFields) expect(has([name], true), `${model}.${name} @unique`).toBe(true);
    expect(actual.length).toBe((declared?.indexes.length ?? 0) + (declared?.uniques.length ?? 0) + uniqueFields.length);
  });

  test("Prisma reads and writes the migrated database through the pg adapter", async () => {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    try {
      const log = await prisma.log.create({
        data: {
          sha256: "b".repeat(64),
          fileName: "job_1.log",
          size: 1,
          builds: { create: { seq: 0, job: "job", number: 1, startedAt: new Date("2015-08-25T11:47:00Z"), incident: true } },
        },
        include: { builds: true },
      });
      expect(log.builds[0]?.startedAt?.toISOString()).toBe("2015-08-25T11:47:00.000Z");
      await expect(prisma.build.create({ data: { logId: log.id, seq: 1, job: "job", number: 1 } })).rejects.toThrow(/Unique constraint/i);
    } finally {
      await prisma.$disconnect();
    }
  });

  test("the migration adding Build.at fills it for the builds stored before", async () => {
    const old = await createTestDatabase("postgres", "agreement_backfill");
    const c = new pg.Client({ connectionString: old.url });
    try {
      await c.connect();
      const all = readMigrations(PG_MIGRATIONS_DIR);
      const before = all.filter((m) => m.name < "20261126000000_build_at");
      expect(before.length).toBeLessThan(all.length);
      await applyMigrationsPg(c, before);
      await c.query(`INSERT INTO "Log" ("sha256", "fileName", "size", "buildCount") VALUES ('a', 'a.log', 1, 3)`);
      await c.query(
        `INSERT INTO "Build" ("logId", "seq", "startedAt", "createdAt") VALUES
           (1, 0, '2015-08-25 11:47:00', '2025-01-01 00:00:00'), (1, 1, NULL, '2025-01-01 00:00:01'), (1, 2, NULL, DEFAULT)`,
      );
      expect((await applyMigrationsPg(c, all)).applied).toEqual(all.slice(before.length).map((m) => m.name));
      const { rows } = await c.query<{ at: string; expected: string }>(
        `SELECT "at"::text AS "at", COALESCE("startedAt", "createdAt")::text AS "expected" FROM "Build" ORDER BY "id"`,
      );
      expect(rows.map((row) => row.at)).toEqual(["2015-08-25 11:47:00", "2025-01-01 00:00:01", rows[2]?.expected]);
      expect(rows[2]?.at).toBeTruthy();
    } finally {
      await c.end().catch(() => undefined);
      await old.drop();
    }
  });

  test("migrating again applies nothing; two instances at once apply each migration exactly once", async () => {
    expect((await applyMigrationsPg(client)).applied).toEqual([]);
    const fresh = await createTestDatabase("postgres", "agreement_race");
    try {
      const clients = [new pg.Client({ connectionString: fresh.url }), new pg.Client({ connectionString: fresh.url })];
      await Promise.all(clients.map((c) => c.connect()));
      const results = await Promise.all(clients.map((c) => applyMigrationsPg(c)));
      await Promise.all(clients.map((c) => c.end()));
      const all = results.flatMap((r) => r.applied);
      expect(all.length).toBeGreaterThan(0);
      expect(new Set(all).size).toBe(all.length);
    } finally {
      await fresh.drop();
    }
  });
});
