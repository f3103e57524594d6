// Integration: DELETE /api/logs/{id}, through the route handlers, on both databases. A log goes
// with its builds, their top lists and samples; the other logs stay whole; the incidents of its
// jobs come out as grouping those jobs afresh gives them; the same content can then be uploaded
// again (with the metadata it should have had). Unknown ids are a 404, bad ones a 400, and the
// tokens are checked before anything is deleted.
import pg from "pg";
import { describe, expect, test } from "vitest";
import { DELETE as deleteLog, GET as notServed } from "@/app/api/logs/[id]/route";
import { GET as getLogs, POST as postLogs } from "@/app/api/logs/route";
import { generateLog } from "@/lib/monitor-log/generate";
import { fixture, getRequest, rawRequest } from "@/lib/testing/api";
import { countRows, testDatabaseKinds } from "@/lib/testing/databases";
import { forgetIncidents, incidentGrouping, queryRows, regroupWholeJob } from "@/lib/testing/incidents";
import { useTestDatabase } from "@/lib/testing/use-test-database";

type Uploaded = { logs: { logId: number }[]; builds: { id: number; number: number | null }[] };

const json = async <T>(response: Response | Promise<Response>): Promise<T> => (await response).json() as Promise<T>;

async function upload(text: string, query: string): Promise<Uploaded> {
  const response = await postLogs(rawRequest(text, "text/plain", { query }));
  expect(response.status, await response.clone().text()).toBe(201);
  return json<Uploaded>(response);
}

function del(id: number | string, headers: Record<string, string> = {}): Promise<Response> {
  const request = new Request(`http://localhost/api/logs/${id}`, { method: "DELETE", headers });
  return deleteLog(request, { params: Promise.resolve({ id: String(id) }) });
}

describe.each(testDatabaseKinds())("on %s", (kind) => {
  const database = useTestDatabase(kind, "delete_log");

  test("a console pushed while still being written, then whole but not its continuation (a line before the cut differs): the 409 names the stored log, whose deletion lets the whole one in", async () => {
    const first = fixture("ProductCI_ejabberd_mqueue_random_monitor_25877.log").replaceAll("25877", "61001");
    // The same build's console with its first line told otherwise (Jenkins' replay, a console read
    // from another place): the stored log is not its beginning, so it is no continuation to replace
    // it with (lib/db/grown-console.test.ts); the sender is told what to delete.
    const whole = first.replace("Started by timer", "Started by user admin");
    expect(whole).not.toBe(first);
    const lines = first.split("\n");
    const cut = lines.slice(0, lines.findIndex((line) => line.startsWith("message in pid")) + 1).join("\n");
    const partial = await upload(cut, "?filename=console.log");
    const partialId = partial.logs[0]!.logId;
    expect(partial.builds).toHaveLength(1);
    // The answer says the log ended inside the run: the CI job hears its console was cut.
    expect((partial.logs[0] as unknown as { warnings: string[] }).warnings).toEqual([
      expect.stringMatching(/^console\.log:\d+:1: the log ends after 'message in pid …:', before its messages: read before the build finished writing its console, or cut short\?/),
    ]);

    const refused = await postLogs(rawRequest(whole, "text/plain", { query: "?filename=console.log" }));
    expect(refused.status).toBe(409);
    const error = (await refused.json()) as { error: { code: string; message: string; logId: number; permalink: string } };
    expect(error.error).toMatchObject({ code: "conflict", logId: partialId, permalink: "/builds/ProductCI_ejabberd_mqueue_random_monitor/61001" });
    expect(error.error.message).toBe(
      `console.log: build ProductCI_ejabberd_mqueue_random_monitor #61001 is already stored from another log (log ${partialId}); upload that build's log once, or give a different number. ` +
        `If CI ran the build again under its number (a re-run), send the run's attempt: attempt=$GITHUB_RUN_ATTEMPT in GitHub Actions, attempt=next elsewhere. ` +
        `If this is the same build's console, grown or complete since, delete the stored one first (DELETE /api/logs/${partialId}) and upload it again`,
    );

    expect((await del(partialId)).status).toBe(200);
    const replaced = await upload(whole, "?filename=console.log");
    expect(replaced.builds).toMatchObject([{ number: 61001 }]);
    // The tests below count every log: leave none behind.
    expect((await del(replaced.logs[0]!.logId)).status).toBe(200);
  });

  test("a log in the middle of a job goes with its builds; the job's incidents are those of its other builds", async () => {
    const job = "delete_middle";
    const builds = [...generateLog({ seed: 8, builds: 15, job, firstBuild: 100 })];
    const logs = [];
    for (const [k, part] of [builds.slice(0, 5), builds.slice(5, 10), builds.slice(10)].entries()) {
      logs.push(await upload(part.join(""), `?filename=part-${k}.log`));
    }
    const other = await upload(fixture("two-runs.log"), "?filename=other.log");
    const middle = logs[1]?.logs[0]?.logId as number;
    const middleBuilds = logs[1]?.builds.map((b) => b.id) ?? [];
    expect(middleBuilds).toHaveLength(5);
    const before = await countRows(database().url);
    const rowsOf = async (table: string, ids: number[]) =>
      Number((await queryRows<{ n: number }>(database().url, `SELECT count(*) AS "n" FROM "${table}" WHERE "buildId" IN (${ids.join(", ")})`))[0]?.n);
    const tops = await rowsOf("TopEntry", middleBuilds);
    const samples = await rowsOf("Sample", middleBuilds);
    expect(tops).toBeGreaterThan(0);
    expect(samples).toBeGreaterThan(0);

    const response = await del(middle);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toEqual({ deleted: { logId: middle, fileName: "part-1.log", sha256: expect.stringMatching(/^[0-9a-f]{64}$/), builds: 5, moved: 0, jobs: [job] } });

    const after = await countRows(database().url);
    const n = (table: string) => before[table] as number;
    expect(after).toMatchObject({ Log: n("Log") - 1, Build: n("Build") - 5, TopEntry: n("TopEntry") - tops, Sample: n("Sample") - samples });
    expect(await rowsOf("TopEntry", middleBuilds)).toBe(0);
    expect(await rowsOf("Sample", middleBuilds)).toBe(0);
    // The other logs are whole: the job's first and last parts, and the other log's builds.
    const numbers = await queryRows<{ number: number }>(database().url, `SELECT "number" FROM "Build" WHERE "job" = $1 ORDER BY "number"`, [job]);
    expect(numbers.map((row) => Number(row.number))).toEqual([100, 101, 102, 103, 104, 110, 111, 112, 113, 114]);
    const list = await json<{ logs: { id: number }[] }>(getLogs(getRequest("/api/logs")));
    expect(list.logs.map((log) => log.id)).toEqual([other.logs[0]?.logId, logs[2]?.logs[0]?.logId, logs[0]?.logs[0]?.logId]);

    // Incidents: what grouping the job's remaining builds afresh gives (none points at a deleted build).
    const regrouped = await incidentGrouping(database().url, job);
    await forgetIncidents(database().url, job);
    await regroupWholeJob(job);
    expect(await incidentGrouping(database().url, job)).toEqual(regrouped);
    const dangling = await queryRows<{ id: number }>(
      database().url,
      `SELECT i."id" FROM "Incident" i WHERE i."job" = $1 AND NOT EXISTS (SELECT 1 FROM "Build" b WHERE b."incidentId" = i."id")`,
      [job],
    );
    expect(dangling).toEqual([]);
  });

  test("deletions and uploads of one job at once: every one succeeds, and the job's incidents are its builds' own", async () => {
    const job = "delete_while_uploading";
    const builds = [...generateLog({ seed: 21, builds: 40, job, firstBuild: 1 })];
    const parts = Array.from({ length: 8 }, (_, k) => builds.slice(k * 5, k * 5 + 5).join(""));
    // The odd parts first; then, in rounds, one of them deleted while the next even part is uploaded.
    const odd: number[] = [];
    for (let k = 1; k < 8; k += 2) odd.push((await upload(parts[k] as string, `?filename=odd-${k}.log`)).logs[0]?.logId as number);
    for (let round = 0; round < 4; round++) {
      const [deleted, uploaded] = await Promise.all([del(odd[round] as number), postLogs(rawRequest(parts[round * 2] as string, "text/plain", { query: `?filename=even-${round}.log` }))]);
      expect(deleted.status, await deleted.clone().text()).toBe(200);
      expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    }
    const numbers = await queryRows<{ number: number }>(database().url, `SELECT "number" FROM "Build" WHERE "job" = $1 ORDER BY "number"`, [job]);
    expect(numbers.map((row) => Number(row.number))).toEqual([1, 2, 3, 4, 5, 11, 12, 13, 14, 15, 21, 22, 23, 24, 25, 31, 32, 33, 34, 35]);
    const grouped = await incidentGrouping(database().url, job);
    await forgetIncidents(database().url, job);
    await regroupWholeJob(job);
    expect(await incidentGrouping(database().url, job)).toEqual(grouped);
  });

  test("the same log deleted twice at once (two instances): one 200, one 404 (on PostgreSQL both answered 200)", async () => {
    const job = "delete_twice";
    const { logs } = await upload([...generateLog({ seed: 23, builds: 5, job, firstBuild: 1 })].join(""), "?filename=twice.log");
    const logId = logs[0]?.logId as number;
    const race = async () => {
      if (kind === "sqlite") return Promise.all([del(logId), del(logId)]);
      // PostgreSQL: both deletions read the log, then wait here for the job's regroup lock (held
      // by this connection) before deleting anything; let go, they delete one after the other.
      const holder = new pg.Client({ connectionString: database().url });
      await holder.connect();
      try {
        await holder.query("SELECT pg_advisory_lock(hashtext($1))", [`incidents:${job}`]);
        const answers = Promise.all([del(logId), del(logId)]);
        for (let i = 0; ; i++) {
          const { rows } = await holder.query<{ n: string }>(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
          if (Number(rows[0]!.n) === 2) break;
          if (i > 400) throw new Error("the two deletions never both waited for the job's lock");
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await holder.query("SELECT pg_advisory_unlock(hashtext($1))", [`incidents:${job}`]);
        return await answers;
      } finally {
        await holder.end();
      }
    };
    const answers = await race();
    const statuses = answers.map((response) => response.status);
    expect([...statuses].sort(), `${statuses}`).toEqual([200, 404]);
    expect(await json(answers[statuses.indexOf(200)]!)).toMatchObject({ deleted: { logId, builds: 5 } });
    expect(await queryRows(database().url, `SELECT "id" FROM "Build" WHERE "job" = $1`, [job])).toEqual([]);
    expect(await queryRows(database().url, `SELECT "id" FROM "Incident" WHERE "job" = $1`, [job])).toEqual([]);
  });

  test("deleted, the same content uploads again, now with the metadata it should have had", async () => {
    const text = fixture("ProductCI_ejabberd_mqueue_random_monitor_27044.log").replace(/27044/g, "91044");
    const wrong = await upload(text, "?job=wrong-job&number=7");
    expect(wrong.builds).toHaveLength(1);
    const again = await postLogs(rawRequest(text, "text/plain", { query: "?job=right-job&number=91044" }));
    expect(await json(again)).toMatchObject({ logs: [{ duplicate: true }] });

    expect((await del(wrong.logs[0]?.logId as number)).status).toBe(200);
    const right = await upload(text, "?job=right-job&number=91044");
    expect(right.builds).toMatchObject([{ number: 91044 }]);
    const jobs = await queryRows<{ job: string }>(database().url, `SELECT DISTINCT "job" FROM "Build" WHERE "job" IN ('wrong-job', 'right-job')`);
    expect(jobs.map((row) => row.job)).toEqual(["right-job"]);
    // The job's only build went: so did its incident.
    expect(await queryRows(database().url, `SELECT "id" FROM "Incident" WHERE "job" = 'wrong-job'`)).toEqual([]);
    expect(await queryRows(database().url, `SELECT "id" FROM "Incident" WHERE "job" = 'right-job'`)).toHaveLength(1);
  });

  test("an unknown id is a 404, a bad one a 400, and GET a 405: nothing deleted", async () => {
    const text = fixture("ProductCI_ejabberd_mqueue_random_monitor_27044.log").replace(/27044/g, "93044");
    const id = (await upload(text, "?filename=spelled.log")).logs[0]?.logId ?? 0;
    const before = await countRows(database().url);
    const missing = await del(999_999);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found", message: "no uploaded log has id 999999" } });
    for (const bad of ["abc", "0", "1.5", "99999999999"]) expect((await del(bad)).status, bad).toBe(400);
    // Another spelling of a stored log's id (` 5` is what /api/logs/%205 arrives as) names no log: nothing deleted.
    for (const bad of [` ${id}`, `${id} `, `0${id}`, `+${id}`]) expect((await del(bad)).status, JSON.stringify(bad)).toBe(400);
    const get = notServed(new Request("http://localhost/api/logs/1"));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("DELETE, OPTIONS");
    expect(await countRows(database().url)).toEqual(before);
  });

  test("with INGEST_TOKEN, only its bearer deletes; with READ_TOKEN alone, a reader does", async () => {
    const text = fixture("ProductCI_ejabberd_mqueue_random_monitor_27044.log").replace(/27044/g, "92044");
    const id = (await upload(text, "?job=token-job")).logs[0]?.logId as number;
    const before = await countRows(database().url);
    process.env.INGEST_TOKEN = "ingest-s3cret";
    process.env.READ_TOKEN = "read-s3cret";
    try {
      const attempts: Record<string, string>[] = [{}, { authorization: "Bearer nope" }, { authorization: "Bearer read-s3cret" }];
      for (const headers of attempts) {
        const refused = await del(id, headers);
        expect(refused.status).toBe(401);
        expect(await refused.json()).toMatchObject({ error: { code: "unauthorized", message: expect.stringContaining("deleting a log") } });
      }
      delete process.env.INGEST_TOKEN;
      expect((await del(id)).status).toBe(401);
      expect(await countRows(database().url)).toEqual(before);
      expect((await del(id, { authorization: "Bearer read-s3cret" })).status).toBe(200);
    } finally {
      delete process.env.INGEST_TOKEN;
      delete process.env.READ_TOKEN;
    }
    expect((await countRows(database().url)).Log).toBe((before.Log as number) - 1);
  });
});
