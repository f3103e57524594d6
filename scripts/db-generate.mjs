// npm run db:generate (and after every npm install): generates the Prisma
// clients for both databases from the one description of the models,
// prisma/schema.prisma (SQLite). The PostgreSQL schema is produced from it
// here — prisma/postgres/schema.prisma, git-ignored, never edited by hand —
// and its migrations under prisma/postgres/migrations are checked against it
// by lib/db/pg-schema-agreement.test.ts.
//
// The Prisma CLI cannot fetch its schema engine on our machines; `generate`
// only checks that one is present, so a stub stands in (see the README).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const source = path.join(root, "prisma", "schema.prisma");
const target = path.join(root, "prisma", "postgres", "schema.prisma");

/** The PostgreSQL variant of the schema text. */
export function toPostgresSchema(text) {
  const replaced = text
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/lib\/generated\/prisma"/, 'output   = "../../lib/generated/prisma-pg"');
  if (!replaced.includes('provider = "postgresql"') || !replaced.includes("prisma-pg")) {
    throw new Error("prisma/schema.prisma: expected the sqlite datasource and the ../lib/generated/prisma output");
  }
  return `// GENERATED from prisma/schema.prisma by scripts/db-generate.mjs: do not edit.\n${replaced}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, toPostgresSchema(fs.readFileSync(source, "utf8")));
  const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: path.join(root, "prisma", "schema-engine-stub") };
  const prisma = path.join(root, "node_modules", "prisma", "build", "index.js");
  for (const schema of [source, target]) {
    const result = spawnSync(process.execPath, [prisma, "generate", "--schema", schema], { stdio: "inherit", env, cwd: root });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}
