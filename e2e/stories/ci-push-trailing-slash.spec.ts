// A CI integrator sets DASHBOARD=http://dashboard:3000/ (a trailing slash, as URLs are often
// copied) and pastes the README's line: the path becomes //api/logs, which Next answers with a
// 308 to /api/logs. Without -L curl stops at the redirect with exit 0 and nothing is stored, a
// failure nobody sees; the README's line (-L) follows it and the build is stored.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { DATA_DIR, LOGS } from "../helpers";

const README = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "README.md"), "utf8");

/** The first `sh` block of the README's "Pushing logs from CI". */
function pushLine(): string {
  const start = README.indexOf("\n## Pushing logs from CI\n");
  const block = /```sh\n([\s\S]*?)```/.exec(README.slice(start))?.[1];
  if (!block) throw new Error("no sh block under 'Pushing logs from CI'");
  return block;
}

test("the README's CI line stores the build when DASHBOARD ends in a slash; curl without -L would store nothing", async ({ baseURL, request }) => {
  const line = pushLine();
  const options = "curl --fail-with-body -sSL --post301 --post302 ";
  expect(line).toContain(options);
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-ci-push-"));
  try {
    // Content no other spec uploads (an upload is idempotent by its sha256).
    fs.writeFileSync(path.join(cwd, "console.log"), `${fs.readFileSync(path.join(DATA_DIR, LOGS.sql.file), "utf8")}\n# pushed with a trailing slash\n`);
    const job = "e2e_readme_trailing_slash";
    const env = { ...process.env, DASHBOARD: `${baseURL}/`, JOB_NAME: job, BUILD_NUMBER: "7", BUILD_URL: "http://ci.example.org/job/e2e_readme_trailing_slash/7/", INGEST_TOKEN: "" };

    // What a line without -L gets: the redirect, exit 0, nothing stored.
    const bare = spawnSync("bash", ["-euo", "pipefail", "-c", line.replace(options, "curl -fsS -o /dev/null -w '%{http_code}' ")], { cwd, env, encoding: "utf8" });
    expect(bare.status).toBe(0);
    expect(bare.stdout).toBe("308");
    const none = (await (await request.get(`/api/builds?job=${job}`)).json()) as { builds: unknown[] };
    expect(none.builds).toEqual([]);

    const r = spawnSync("bash", ["-euo", "pipefail", "-c", line], { cwd, env, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { builds: { job: string; number: number }[] }).builds).toMatchObject([{ job, number: 7 }]);
    const stored = (await (await request.get(`/api/builds?job=${job}`)).json()) as { builds: { number: number; url: string }[] };
    expect(stored.builds).toMatchObject([{ number: 7, url: "http://ci.example.org/job/e2e_readme_trailing_slash/7/" }]);
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
});
