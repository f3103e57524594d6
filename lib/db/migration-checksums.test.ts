// A migration file is never edited once a version holding it has been released: a database that
// applied it refuses to start afterwards (lib/db/migrate.ts compares each applied file's checksum),
// and the edit never runs there anyway. An upgrade review (2026-12-07) found two files that had been
// edited after they were first committed (in the sessions that wrote them, before either landed:
// harmless, but nothing caught it). prisma/migration-checksums.json records every file's checksum.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { readMigrations } from "./migrate";
import { PG_MIGRATIONS_DIR } from "./migrate-pg";

const RECORDED = path.join(process.cwd(), "prisma", "migration-checksums.json");

test("every migration file is as recorded in prisma/migration-checksums.json, and each is recorded", () => {
  const recorded = JSON.parse(fs.readFileSync(RECORDED, "utf8")) as Record<string, string>;
  const files: Record<string, string> = {};
  for (const [dir, migrations] of [
    ["prisma/migrations", readMigrations()],
    ["prisma/postgres/migrations", readMigrations(PG_MIGRATIONS_DIR)],
  ] as const) {
    for (const m of migrations) files[`${dir}/${m.name}`] = createHash("sha256").update(m.sql).digest("hex");
  }
  for (const [name, checksum] of Object.entries(recorded)) {
    expect(
      files[name],
      `${name} changed after it was recorded: a database that applied it refuses to start. Add a new migration instead; ` +
        `only if this one never landed (it is not in the last stop's commit) may its checksum here be updated`,
    ).toBe(checksum);
  }
  const unrecorded = Object.keys(files).filter((name) => !(name in recorded));
  expect(unrecorded, "new migrations: add their checksums to prisma/migration-checksums.json").toEqual([]);
});
