// npm test — the whole suite: typecheck and lint, unit and integration tests (Vitest), then the
// end-to-end tests (Playwright, real Chromium), then one closing line
// "N passed, N failed" adding both up, which CI reads.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { findPgBin, startPg, stopPg } from "./pg-test-server.mjs";

const results = path.join(process.cwd(), "test-results");
fs.mkdirSync(results, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function run(label, command, args) {
  console.log(`\n=== ${label}: ${command} ${args.join(" ")}`);
  const child = spawnSync(command, args, { stdio: "inherit", env });
  return child.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

// The integration suites run on SQLite and on PostgreSQL: start a throw-away
// PostgreSQL server for this run unless one is given (TEST_POSTGRES_URL).
let pgServer = null;
if (!env.TEST_POSTGRES_URL && findPgBin()) {
  pgServer = await startPg();
  env.TEST_POSTGRES_URL = pgServer.url;
  console.log(`=== PostgreSQL for the tests: ${pgServer.url}`);
} else if (!env.TEST_POSTGRES_URL) {
  console.log("=== PostgreSQL is not installed (apt-get install postgresql): the PostgreSQL runs are left out");
}
const stopServer = () => {
  if (pgServer) stopPg(pgServer.dir);
  pgServer = null;
};
process.on("exit", stopServer);

const vitestJson = path.join(results, "vitest.json");
const playwrightJson = path.join(results, "playwright.json");
fs.rmSync(vitestJson, { force: true });
fs.rmSync(playwrightJson, { force: true });

// Types and lint gate the run (they are not tests, so they are not counted).
const staticStatus = Math.max(
  run("typecheck", process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."]),
  run("lint", process.execPath, ["node_modules/eslint/bin/eslint.js", "."]),
);

const unitStatus = run("unit + integration", process.execPath, [
  "node_modules/vitest/vitest.mjs",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${vitestJson}`,
]);
stopServer();
const e2eStatus = run("end-to-end", process.execPath, ["node_modules/@playwright/test/cli.js", "test"]);

/** "file › test name: first line of the error" for each failed Vitest test, and each file that failed to load. */
function failedUnitTests(report) {
  const out = [];
  for (const file of report?.testResults ?? []) {
    const name = path.relative(process.cwd(), file.name ?? "");
    const failed = (file.assertionResults ?? []).filter((test) => test.status === "failed");
    for (const test of failed) out.push(`${name} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    if (failed.length === 0 && file.status === "failed") out.push(`${name}: ${firstLine(file.message)}`);
  }
  return out;
}

/** "file:line › title (status)" for each Playwright test that did not pass as expected, flaky ones included. */
function failedE2eTests(report) {
  const out = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === "expected" || test.status === "skipped") continue;
        const last = test.results?.at(-1);
        out.push(`${spec.file}:${spec.line} › ${spec.title} (${test.status}): ${firstLine(last?.error?.message)}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report?.suites ?? []) walk(suite);
  return out;
}

function firstLine(text) {
  const line = String(text ?? "").replace(/\u001b\[[0-9;]*m/g, "").split("\n").find((part) => part.trim() !== "") ?? "";
  return line.trim().slice(0, 300);
}

const unit = readJson(vitestJson);
const e2e = readJson(playwrightJson);
const passed = (unit?.numPassedTests ?? 0) + (e2e?.stats?.expected ?? 0);
const failed =
  (unit?.numFailedTests ?? 0) + (e2e?.stats?.unexpected ?? 0) + (e2e?.stats?.flaky ?? 0) + (unit ? 0 : 1) + (e2e ? 0 : 1);
const skipped = (unit?.numPendingTests ?? 0) + (unit?.numTodoTests ?? 0) + (e2e?.stats?.skipped ?? 0);

// CI shows only the end of this output: name what failed right above the closing line.
const failures = [...failedUnitTests(unit), ...failedE2eTests(e2e)];
if (failures.length > 0) {
  console.log(`\nfailed:`);
  for (const failure of failures) console.log(`  ${failure}`);
}
console.log(`\nunit: ${unit?.numPassedTests ?? "?"} passed, e2e: ${e2e?.stats?.expected ?? "?"} passed`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (staticStatus !== 0) console.log("typecheck or lint failed (see above)");
process.exit(staticStatus !== 0 || unitStatus !== 0 || e2eStatus !== 0 || failed > 0 ? 1 : 0);
