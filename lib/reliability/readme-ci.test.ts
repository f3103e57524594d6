// The README's CI lines, run as written (bash, curl) against a real server
// process: a Jenkins job name with a space and a slash, and the build URL,
// must arrive exactly as CI sends them.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fixture } from "@/lib/testing/api";
import { type ApiServerProcess, killApiServer, startApiServer } from "@/lib/testing/api-server-process";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/databases";
import { makeTempDir } from "@/lib/testing/temp-db";

const README = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
const TOKEN = "ci-secret";

/** The `sh` code blocks of the README's section `heading`, in order. */
function shBlocks(heading: string): string[] {
  const start = README.indexOf(`\n## ${heading}\n`);
  const end = README.indexOf("\n## ", start + 1);
  const section = README.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

const temp = makeTempDir();
let database: TestDatabase;
let server: ApiServerProcess;

beforeAll(async () => {
  database = await createTestDatabase("sqlite", "readme-ci");
  server = await startApiServer(database.url, { INGEST_TOKEN: TOKEN });
}, 60_000);

afterAll(async () => {
  if (server) await killApiServer(server.child);
  temp.cleanup();
});

function runCi(
  line: string,
  env: Record<string, string>,
  log = "ProductCI_ejabberd_mqueue_random_monitor_25877.log",
): { code: number | null; stdout: string; stderr: string } {
  const cwd = fs.mkdtempSync(path.join(temp.dir, "job-"));
  // A log without CI metadata of its own: what is stored can only come from the command line.
  fs.writeFileSync(path.join(cwd, "console.log"), fixture(log).replace(/^.*(JOB_NAME|BUILD_NUMBER|BUILD_URL|Started by).*\n/gm, ""));
  const r = spawnSync("bash", ["-euo", "pipefail", "-c", line], { cwd, encoding: "utf8", env: { ...process.env, ...env, DASHBOARD: server.base } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `runCi`, which must succeed quietly (nothing on stderr, exit 0): what it printed. */
function runOk(line: string, env: Record<string, string>, log?: string): string {
  const r = runCi(line, env, log);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r.stdout;
}

/** `runOk`: its answer, parsed. */
function pushOk(line: string, env: Record<string, string>, log: string): { logs: { warnings: string[] }[]; builds: { attempt: number; permalink: string }[] } {
  return JSON.parse(runOk(line, env, log)) as { logs: { warnings: string[] }[]; builds: { attempt: number; permalink: string }[] };
}

/** What GitHub Actions sets for run 88 of acme/im's workflow, its attempt `attempt`. */
const githubEnv = (attempt: string) => ({
  GITHUB_REPOSITORY: "acme/im",
  GITHUB_WORKFLOW: "mqueue monitor",
  GITHUB_JOB: "monitor",
  GITHUB_RUN_NUMBER: "88",
  GITHUB_RUN_ATTEMPT: attempt,
  GITHUB_SERVER_URL: "https://github.com",
  GITHUB_RUN_ID: "7412345678",
  INGEST_TOKEN: TOKEN,
});

/** What GitLab CI sets for a job of pipeline 1234 of ops/ejabberd (each retry is another job id). */
const gitlabEnv = (jobId: string) => ({
  CI_PROJECT_PATH: "ops/ejabberd",
  CI_JOB_NAME: "mqueue-monitor",
  CI_PIPELINE_IID: "1234",
  CI_JOB_URL: `https://gitlab.example.org/ops/ejabberd/-/jobs/${jobId}`,
  INGEST_TOKEN: TOKEN,
});

async function stored(job: string): Promise<{ number: number | null; url: string | null }[]> {
  const response = await fetch(`${server.base}/api/builds?job=${encodeURIComponent(job)}`);
  return ((await response.json()) as { builds: { number: number | null; url: string | null }[] }).builds;
}

describe("the README's CI one-liners", () => {
  test("the form line stores the build under the job name, number and URL as Jenkins gives them", async () => {
    const [line] = shBlocks("Pushing logs from CI");
    expect(line).toContain("--form-string");
    const job = "ops/ejabberd monitor;type=x";
    const url = "http://ci.example.org/job/ops/job/ejabberd%20monitor/4242/";
    const answer = JSON.parse(runOk(line!, { JOB_NAME: job, BUILD_NUMBER: "4242", BUILD_URL: url, INGEST_TOKEN: TOKEN })) as { builds: { job: string; number: number }[] };
    expect(answer.builds).toMatchObject([{ job, number: 4242 }]);
    expect(await stored(job)).toMatchObject([{ number: 4242, url }]);
  });

  test("the format=text line prints each build's verdict and link in the CI console", async () => {
    const line = shBlocks("Pushing logs from CI").find((block) => block.includes("format=text"));
    expect(line).toBeDefined();
    const job = "ops/ejabberd monitor text";
    const out = runOk(line!, { JOB_NAME: job, BUILD_NUMBER: "4244", BUILD_URL: "http://ci.example.org/job/x/4244/", INGEST_TOKEN: TOKEN }, "ProductCI_ejabberd_mqueue_random_monitor_24119.log");
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^console\.log: stored 1 build \(log \d+\)$/);
    expect(lines[1]).toMatch(new RegExp(`^  ${job} #4244: (INCIDENT|healthy)\\b.*  ${server.base}/builds/${encodeURIComponent(job)}/4244$`));
    // The link is the stored build's permalink, on the server the line pushed to.
    const link = new URL(lines[1]!.split("  ").pop()!);
    expect(link.origin).toBe(server.base);
    const builds = (await (await fetch(`${server.base}/api/builds?job=${encodeURIComponent(job)}`)).json()) as { builds: { number: number; permalink: string }[] };
    expect(builds.builds).toMatchObject([{ number: 4244, permalink: link.pathname }]);
  });

  test("without the token the line fails (curl -f), and nothing is stored", async () => {
    const [line] = shBlocks("Pushing logs from CI");
    const r = runCi(line!, { JOB_NAME: "tokenless", BUILD_NUMBER: "1", BUILD_URL: "http://ci.example.org/job/tokenless/1/", INGEST_TOKEN: "wrong" });
    expect(r.code).toBe(22); // curl's exit code for an HTTP error under -f
    expect(r.stderr).toContain("401");
    expect(await stored("tokenless")).toEqual([]);
  });

  test("the GitHub Actions and GitLab CI lines store the build under their own variables", async () => {
    const github = shBlocks("Pushing logs from CI").find((block) => block.includes("GITHUB_RUN_NUMBER"));
    expect(github).toBeDefined();
    const gh = pushOk(github!, githubEnv("1"), "ProductCI_ejabberd_mqueue_random_monitor_25870.log");
    expect(gh.logs[0]!.warnings).toEqual([]);
    expect(await stored("acme/im/mqueue monitor/monitor")).toMatchObject([{ number: 88, url: "https://github.com/acme/im/actions/runs/7412345678" }]);
    // "Re-run jobs": the same run number, the next attempt, another console: stored beside the first run.
    const rerun = pushOk(github!, githubEnv("2"), "ProductCI_ejabberd_mqueue_random_monitor_25330.log");
    expect(rerun.builds).toMatchObject([{ attempt: 2, permalink: "/builds/acme%2Fim%2Fmqueue%20monitor%2Fmonitor/88?attempt=2" }]);

    const gitlab = shBlocks("Pushing logs from CI").find((block) => block.includes("CI_PIPELINE_IID"));
    expect(gitlab).toBeDefined();
    pushOk(gitlab!, gitlabEnv("987654"), "ProductCI_ejabberd_mqueue_random_monitor_25864.log");
    expect(await stored("ops/ejabberd/mqueue-monitor")).toMatchObject([{ number: 1234, url: "https://gitlab.example.org/ops/ejabberd/-/jobs/987654" }]);
    // "Retry": the same pipeline number, another job and console: `attempt=next` stores it as attempt 2.
    const retry = pushOk(gitlab!, gitlabEnv("987655"), "ProductCI_ejabberd_mqueue_random_monitor_25746.log");
    expect(retry.builds).toMatchObject([{ attempt: 2 }]);
  });

  test("the Jenkins line run where those variables are missing stores the build, and the answer's warnings say it has no job or number", async () => {
    const [line] = shBlocks("Pushing logs from CI");
    const r = runCi(line!, { JOB_NAME: "", BUILD_NUMBER: "", BUILD_URL: "", INGEST_TOKEN: TOKEN }, "ProductCI_ejabberd_mqueue_random_monitor_25846.log");
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.stdout) as { logs: { warnings: string[] }[]; builds: { job: string | null; number: number | null }[] };
    expect(answer.builds).toMatchObject([{ job: null, number: null }]);
    expect(answer.logs[0]!.warnings).toHaveLength(1);
    expect(answer.logs[0]!.warnings[0]).toMatch(/^console\.log:\d+:1: stored without a job and number: neither the upload \(job=, number=\) nor the log .* named it; builds without a job share one history/);
  });

  test("with the token wrong, --fail-with-body fails the step and still prints why", async () => {
    const [line] = shBlocks("Pushing logs from CI");
    const r = runCi(line!, { JOB_NAME: "failing", BUILD_NUMBER: "2", BUILD_URL: "http://ci.example.org/job/failing/2/", INGEST_TOKEN: "wrong" });
    expect(r.code).toBe(22);
    expect((JSON.parse(r.stdout) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  test("the raw-body line with --url-query does the same (curl 7.87 or later)", async (context) => {
    const version = /curl (\d+)\.(\d+)/.exec(spawnSync("curl", ["--version"], { encoding: "utf8" }).stdout ?? "");
    if (!version || Number(version[1]) * 1000 + Number(version[2]) < 7087) context.skip();
    const line = shBlocks("Pushing logs from CI").find((block) => block.includes("--url-query"));
    expect(line).toBeDefined();
    const job = "ops/ejabberd monitor+raw";
    // Another log: the same content again would be answered as the one stored already (idempotent by sha256).
    const out = runOk(line!, { JOB_NAME: job, BUILD_NUMBER: "4243", BUILD_URL: "http://ci.example.org/job/x/4243/", INGEST_TOKEN: TOKEN }, "ProductCI_ejabberd_mqueue_random_monitor_27140.log");
    expect(out).toContain('"number":4243');
    expect(await stored(job)).toMatchObject([{ number: 4243 }]);
  });
});
