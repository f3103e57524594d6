// Throw-away database files for tests: each under the OS temp folder, removed
// by the returned cleanup function.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function makeTempDir(prefix = "mqdash-"): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
