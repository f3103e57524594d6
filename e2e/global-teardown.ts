import fs from "node:fs";

/** Removes the temporary database the e2e server used (and its WAL files). */
export default function globalTeardown(): void {
  const file = process.env.E2E_DATABASE_FILE;
  if (!file) return;
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}
