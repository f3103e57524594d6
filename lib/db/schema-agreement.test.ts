// prisma/schema.prisma is the one description of the models, but the tables
// come from hand-written SQL migrations (the Prisma CLI cannot run offline).
// This proves the two agree: every model and scalar field of the generated
// client is a table and column of a freshly migrated database with the same
// type, nullability and indexes, no column is missing from the schema, and a
// real Prisma round trip works against it.
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { readSchema, SQLITE_TYPE } from "@/lib/testing/schema-file";
import { makeTempDir } from "@/lib/testing/temp-db";
import { migrateDatabase, openDatabase } from "./open";

type Column = { name: string; type: string; notnull: number; pk: number };

const temp = makeTempDir();
const file = path.join(temp.dir, "agreement.db");
const schema = readSchema(fs.readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8"));
let db: ReturnType<typeof openDatabase>;

beforeAll(() => {
  migrateDatabase(file);
  db = openDatabase(file);
});
afterAll(() => {
  db.close();
  temp.cleanup();
});

function columnsOf(table: string): Column[] {
  return db.prepare<[], Column>(`PRAGMA table_info("${table}")`).all();
}

function indexesOf(table: string): { columns: string[]; unique: boolean }[] {
  const list = db.prepare<[], { name: string; unique: number }>(`PRAGMA index_list("${table}")`).all();
  return list.map((index) => ({
    unique: index.unique === 1,
    columns: db
      .prepare<[], { name: string }>(`PRAGMA index_info("${index.name}")`)
      .all()
      .map((c) => c.name),
  }));
}

const models = Object.values(Prisma.ModelName);

describe("schema.prisma and the migrations agree", () => {
  test("the generated client and the schema file name the same models", () => {
    expect([...schema.keys()].sort()).toEqual([...models].sort());
  });

  test.each(models)("model %s: every scalar field is a column, and every column a field", (model) => {
    const enumName = `${model}ScalarFieldEnum` as keyof typeof Prisma;
    const fields = Object.values(Prisma[enumName] as Record<string, string>);
    const columns = columnsOf(model);
    expect(columns.length, `table ${model} exists`).toBeGreaterThan(0);
    expect(columns.map((c) => c.name).sort()).toEqual([...fields].sort());
  });

  test.each(models)("model %s: column types and nullability match the schema", (model) => {
    const fields = schema.get(model)?.fields;
    expect(fields).toBeDefined();
    for (const column of columnsOf(model)) {
      const field = fields?.get(column.name);
      expect(field, `${model}.${column.name} in schema.prisma`).toBeDefined();
      expect(column.type, `${model}.${column.name} type`).toBe(SQLITE_TYPE[field?.type ?? ""]);
      const nullable = column.notnull === 0 && column.pk === 0;
      expect(nullable, `${model}.${column.name} nullability`).toBe(field?.optional);
    }
  });

  test.each(models)("model %s: @@index, @@unique and @unique exist as indexes", (model) => {
    const declared = schema.get(model);
    const actual = indexesOf(model);
    const has = (columns: string[], unique: boolean) =>
      actual.some((index) => index.unique === unique && index.columns.join() === columns.join());
    for (const columns of declared?.indexes ?? []) expect(has(columns, false), `${model} index ${columns}`).toBe(true);
    for (const columns of declared?.uniques ?? []) expect(has(columns, true), `${model} unique ${columns}`).toBe(true);
    for (const [name, field] of declared?.fields ?? []) {
      if (field.unique) expect(has([name], true), `${model}.${name} @unique`).toBe(true);
    }
    // No index in the database that the schema does not declare (sqlite_autoindex are primary keys).
    const declaredCount =
      (declared?.indexes.length ?? 0) +
      (declared?.uniques.length ?? 0) +
      [...(declared?.fields.values() ?? [])].filter((f) => f.unique).length;
    expect(actual.length).toBe(declaredCount);
  });

  test("Prisma reads and writes the migrated database through the driver adapter", async () => {
    const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file }) });
    try {
      const room = await prisma.room.create({
        data: { jid: "r@conference.example.org", name: "r", host: "conference.example.org" },
      });
      const log = await prisma.log.create({
        data: {
          sha256: "a".repeat(64),
          fileName: "job_1.log",
          size: 10,
          builds: {
            create: {
              seq: 0,
              job: "job",
              number: 1,
              startedAt: new Date("2015-08-25T11:47:00Z"),
              incident: true,
              culpritClass: "muc_room",
              roomId: room.id,
              top: { create: [{ rank: 1, pid: "<6562.783.478>", queueLen: 3102 }] },
              samples: { create: [{ index: 0, kind: "$gen_event", summary: "route", raw: "{x}" }] },
            },
          },
        },
        include: { builds: { include: { top: true, samples: true, room: true } } },
      });
      const build = log.builds[0];
      expect(build?.top[0]?.queueLen).toBe(3102);
      expect(build?.room?.jid).toBe("r@conference.example.org");
      expect(build?.startedAt?.toISOString()).toBe("2015-08-25T11:47:00.000Z");
      await expect(
        prisma.build.create({ data: { logId: log.id, seq: 1, job: "job", number: 1 } }),
      ).rejects.toThrow(/Unique constraint/i);
    } finally {
      await prisma.$disconnect();
    }
  });
});
