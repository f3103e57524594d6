// Configuration for the Prisma CLI. Only `prisma generate` runs here (offline,
// through prisma/schema-engine-stub); migrations are applied by lib/db/migrate.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/dashboard.db" },
});
