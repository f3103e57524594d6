// Integration, on both databases: a CI build's console pushed before the build had finished writing
// it (a retry of a timed-out push, a step that ran early, a console saved mid-build and dropped on the
// upload page), then whole. The whole one begins with the stored log's bytes: it replaces that log
// (one transaction: the stored log and its build go, the whole console's build is stored, the job's
// incidents are regrouped), and the answer says so (`replaced`, `note`). Anything else that names a
// stored build is still the 409 that names the stored log: a console that differs before where the
// stored one ends, a shorter console after the whole one. (A stored log that held other builds too
// and that the file begins with is the same file grown: lib/db/grown-log.test.ts.)
import { describe, expect, test } from "vitest";
import { GET as getBuild } from "@/app/api/builds/[job]/[number]/route";
import { GET as getLogs, POST as postLogs } from "@/app/api/logs/route";
import { chunkedRequest, fixture, getRequest, gzip, multipartRequest, rawRequest } from "@/lib/testing/api";
import { countRows, testDatabaseKinds } from "@/lib/testing/databases";
import { forgetIncidents, incidentGrouping, queryRows, regroupWholeJob } from "@/lib/testing/incidents";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const JOB = "ProductCI_ejabberd_mqueue_random_monitor";

type Answer = {
  logs: { logId: number; fileName: string; size: number; sha256: string; duplicate: boolean; note: string | null; replaced: { logId: number; fileName: string; sha256: string; size: number } | null; warnings: string[] }[];
  builds: { id: number; job: string | null; number: number | null; permalink: string; culprit: { class: string; subject: string | null } | null }[];
};

/** The seed's build 25877 as build `number`, whole, and cut right after its `message in pid …:` line. */
function consoles(number: number): { whole: string; partial: string } {
  const whole = fixture(`${JOB}_25877.log`).replaceAll("25877", String(number));
  const lines = whole.split("\n");
  const partial = lines.slice(0, lines.findIndex((line) => line.startsWith("message in pid")) + 1).join("\n");
  expect(whole.startsWith(partial)).toBe(true);
  expect(partial.length).toBeLessThan(whole.length);
  return { whole, partial };
}

async function post(request: Request, status: number): Promise<Answer> {
  const response = await postLogs(request);
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as Answer;
}

type BuildDetail = { id: number; log: { id: number }; samples: { raw: string }[]; culprit: { class: string } | null };

async function buildOf(job: string, number: number): Promise<(BuildDetail & { logId: number }) | null> {
  const response = await getBuild(getRequest(`/api/builds/${encodeURIComponent(job)}/${number}`), { params: Promise.resolve({ job, number: String(number) }) });
  if (response.status === 404) return null;
  expect(response.status).toBe(200);
  const { build } = (await response.json()) as { build: BuildDetail };
  return { ...build, logId: build.log.id };
}

describe.each(testDatabaseKinds())("on %s", (kind) => {
  const database = useTestDatabase(kind, "grown_console");

  test("the whole console replaces the stored beginning of it: one log, one build, now with its messages, and the answer says what it replaced", async () => {
    const { whole, partial } = consoles(62001);
    const early = await post(rawRequest(partial, "text/plain", { query: "?filename=early.log" }), 201);
    const earlyLog = early.logs[0]!;
    expect(early.builds).toMatchObject([{ job: JOB, number: 62001 }]);
    expect(earlyLog.warnings.join("\n")).toContain("the log ends after 'message in pid …:', before its messages");
    expect((await buildOf(JOB, 62001))?.samples).toEqual([]);
    const before = await countRows(database().url);

    const grown = await post(rawRequest(whole, "text/plain", { query: "?filename=console.log" }), 201);
    const log = grown.logs[0]!;
    expect(log).toMatchObject({ fileName: "console.log", duplicate: false, size: Buffer.byteLength(whole), warnings: [] });
    expect(log.replaced).toEqual({ logId: earlyLog.logId, fileName: "early.log", sha256: earlyLog.sha256, size: Buffer.byteLength(partial) });
    expect(log.note).toBe(
      `this log begins with log ${earlyLog.logId} (early.log, its first ${Buffer.byteLength(partial).toLocaleString("en-US")} bytes), which held build ${JOB} #62001 alone: ` +
        `the same console sent before it was complete. Log ${earlyLog.logId} was replaced by this one: the build now holds what the whole console says`,
    );
    expect(grown.builds).toMatchObject([{ job: JOB, number: 62001, permalink: `/builds/${JOB}/62001`, culprit: { class: "muc_room" } }]);
    expect(grown.builds[0]?.id).not.toBe(early.builds[0]?.id);

    // The permalink now shows the whole console's build; the early log is gone with its build.
    const build = await buildOf(JOB, 62001);
    expect(build).toMatchObject({ id: grown.builds[0]?.id, logId: log.logId, culprit: { class: "muc_room" } });
    expect(build?.samples.length).toBeGreaterThan(1);
    const logs = (await (await getLogs(getRequest("/api/logs"))).json()) as { logs: { id: number }[] };
    expect(logs.logs.map((l) => l.id)).toContain(log.logId);
    expect(logs.logs.map((l) => l.id)).not.toContain(earlyLog.logId);
    const after = await countRows(database().url);
    expect(after.Log).toBe(before.Log);
    expect(after.Build).toBe(before.Build);
    expect(after.Sample).toBe((before.Sample ?? 0) + (build?.samples.length ?? 0));
    // The job's incidents are what grouping its builds afresh gives (none points at the deleted build).
    const grouped = await incidentGrouping(database().url, JOB);
    await forgetIncidents(database().url, JOB);
    await regroupWholeJob(JOB);
    expect(await incidentGrouping(database().url, JOB)).toEqual(grouped);
    const dangling = await queryRows(database().url, `SELECT "id" FROM "Incident" WHERE "firstBuildId" = $1 OR "lastBuildId" = $2`, [early.builds[0]?.id, early.builds[0]?.id]);
    expect(dangling).toEqual([]);

    // The whole console again is a duplicate of the stored one; the early one now is a 409 naming it.
    const again = await post(rawRequest(whole, "text/plain", { query: "?filename=console.log" }), 200);
    expect(again.logs[0]).toMatchObject({ duplicate: true, logId: log.logId, replaced: null });
    // A late retry of the early push: the stored log is longer, and the answer does not advise deleting it.
    const shorter = await postLogs(rawRequest(partial, "text/plain", { query: "?filename=early.log" }));
    expect(shorter.status).toBe(409);
    const refusal = (await shorter.json()) as { error: { message: string } };
    expect(refusal).toMatchObject({ error: { code: "conflict", logId: log.logId, job: JOB, number: 62001, storedLonger: true, reason: "stored_longer" } });
    expect(refusal.error.message).toBe(
      `early.log: build ${JOB} #62001 is already stored from a longer log (log ${log.logId}, ${Buffer.byteLength(whole).toLocaleString("en-US")} bytes; this one has ${Buffer.byteLength(partial).toLocaleString("en-US")}) that reads the same up to its message list. ` +
        `If this is an earlier copy of the same console (a push retried after the whole one went in), the stored log holds it and more: nothing needs doing. ` +
        `If CI ran the build again under its number (a re-run), send the run's attempt: attempt=$GITHUB_RUN_ATTEMPT in GitHub Actions, attempt=next elsewhere. ` +
        `If it is another console of that build, delete the stored one first (DELETE /api/logs/${log.logId}) and upload it again`,
    );
  });

  test("a shorter console of the build that reads otherwise than the stored one is the plain 409: not an earlier copy, no storedLonger", async () => {
    const { whole } = consoles(62951);
    const stored = await post(rawRequest(whole, "text/plain", { query: "?filename=console.log" }), 201);
    const before = await countRows(database().url);
    // Another build's console (another process stuck, another time) under this build's number, shorter.
    const other = fixture(`${JOB}_27044.log`).replaceAll("27044", "62951");
    expect(other.length).toBeLessThan(whole.length);
    for (const [request, what] of [
      [rawRequest(other, "text/plain", { query: "?filename=other.log" }), "raw"],
      [multipartRequest([{ name: "other.log", content: other }], { job: JOB, number: "62951" }), "form"],
    ] as const) {
      const refused = await postLogs(request);
      expect(refused.status, what).toBe(409);
      const refusal = (await refused.json()) as { error: Record<string, unknown> & { message: string } };
      expect(refusal.error, what).toMatchObject({ code: "conflict", logId: stored.logs[0]?.logId, number: 62951 });
      expect(refusal.error.storedLonger, what).toBeUndefined();
      expect(refusal.error.message, what).toContain("is already stored from another log");
    }
    // The same console cut in its message list still is an earlier copy.
    const cut = whole.slice(0, whole.indexOf("message in pid") + 400);
    const late = await postLogs(rawRequest(cut, "text/plain", { query: "?filename=early.log" }));
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: Record<string, unknown> }).error).toMatchObject({ storedLonger: true });
    expect(await countRows(database().url)).toEqual(before);
  });

  test("a stored console sent again inside a file of several: storedSame, the run named stored already, and no re-run advice; untimed runs are not judged so", async () => {
    // An operator's review (2026-12-07): several consoles put together, one of them stored. The 409's
    // re-run offer stored every run again as attempt 2 and counted each incident's builds twice.
    const stored = fixture(`${JOB}_23469.log`).replaceAll("23469", "62961");
    const other = fixture(`${JOB}_27044.log`).replaceAll("27044", "62962");
    const log = (await post(rawRequest(stored, "text/plain", { query: "?filename=console-62961.log" }), 201)).logs[0]!;
    const before = await countRows(database().url);
    for (const [request, what] of [
      [rawRequest(`${other}\n${stored}`, "text/plain", { query: "?filename=together.log" }), "raw"],
      [multipartRequest([{ name: "together.log", content: `${other}\n${stored}` }]), "form"],
    ] as const) {
      const refused = await postLogs(request);
      expect(refused.status, what).toBe(409);
      const { error } = (await refused.json()) as { error: Record<string, unknown> & { message: string } };
      expect(error, what).toMatchObject({ code: "conflict", logId: log.logId, job: JOB, number: 62961, attempt: 1, storedSame: true, reason: "stored_same", permalink: `/builds/${JOB}/62961` });
      expect(error.storedLonger, what).toBeUndefined();
      expect(error.message, what).toContain(`together.log: build ${JOB} #62961 is already stored from log ${log.logId} (console-62961.log), and this file's run of it reads the same`);
      expect(error.message, what).not.toContain("attempt=$GITHUB_RUN_ATTEMPT");
    }
    // Another console of the build (another time, another list) under its number is the plain 409.
    const refused = await postLogs(rawRequest(other.replaceAll("62962", "62961"), "text/plain", { query: "?filename=other.log" }));
    expect(refused.status).toBe(409);
    const plain = ((await refused.json()) as { error: Record<string, unknown> & { message: string } }).error;
    expect(plain.storedSame).toBeUndefined();
    expect(plain.reason).toBe("stored");
    expect(plain.message).toContain("attempt=next elsewhere");
    expect(await countRows(database().url)).toEqual(before);
    // Without a start time the same list is no proof: a healthy node's re-run may print it again.
    const untimed = stored
      .split("\n")
      .filter((line) => !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(line) && !line.startsWith("+ date"))
      .join("\n")
      .replaceAll("62961", "62963");
    const first = await post(rawRequest(untimed, "text/plain", { query: "?filename=untimed.log" }), 201);
    expect(first.builds).toMatchObject([{ job: JOB, number: 62963 }]);
    const again = await postLogs(rawRequest(`${other.replaceAll("62962", "62964")}\n${untimed}`, "text/plain", { query: "?filename=untimed-together.log" }));
    expect(again.status).toBe(409);
    const untimedError = ((await again.json()) as { error: Record<string, unknown> }).error;
    expect(untimedError).toMatchObject({ number: 62963 });
    expect(untimedError.storedSame).toBeUndefined();
    // Nor when the start time came with the upload (`startedAt=`), not from the log: a review found a
    // re-run of an untimed console, sent with the same startedAt as the first, called the same run.
    const given = "?job=given-time&number=62965&startedAt=2026-01-01T00:00:00Z";
    const untimedGiven = untimed.replaceAll("62963", "62965");
    expect((await postLogs(rawRequest(untimedGiven, "text/plain", { query: `${given}&filename=first.log` }))).status).toBe(201);
    const rerun = await postLogs(rawRequest(`Started by user admin (re-run)\n${untimedGiven}`, "text/plain", { query: `${given}&filename=rerun.log` }));
    expect(rerun.status).toBe(409);
    const rerunError = ((await rerun.json()) as { error: Record<string, unknown> & { message: string } }).error;
    expect(rerunError.storedSame).toBeUndefined();
    expect(rerunError.message).toContain("attempt=next elsewhere");
    // A stored copy cut before its messages is not this run whole: the plain 409 (delete it, send this).
    const cutCopy = stored.replaceAll("62961", "62966").slice(0, stored.indexOf("message in pid") + "message in pid".length);
    expect((await postLogs(rawRequest(cutCopy, "text/plain", { query: "?filename=cut-62966.log" }))).status).toBe(201);
    const whole = await postLogs(rawRequest(`${other.replaceAll("62962", "62967")}\n${stored.replaceAll("62961", "62966")}`, "text/plain", { query: "?filename=whole.log" }));
    expect(whole.status).toBe(409);
    expect(((await whole.json()) as { error: Record<string, unknown> }).error.storedSame).toBeUndefined();
  });

  test("pushed by CI with job and number as query parameters, gzip, arriving in pieces: the stored log's end inside a piece or on a piece's edge", async () => {
    for (const [n, where] of [
      [62101, "inside"],
      [62102, "edge"],
      [62103, "one piece"],
    ] as const) {
      const { whole, partial } = consoles(n);
      // The CI's names, not the log's: the log says 62101…, the upload says so too, under another job.
      const query = `?job=ci-pushed&number=${n}&filename=console.log`;
      const early = await post(rawRequest(gzip(partial), "application/gzip", { query }), 201);
      expect(early.builds).toMatchObject([{ job: "ci-pushed", number: n }]);
      const size = Buffer.byteLength(partial);
      const sizes = where === "inside" ? [1000, size - 500] : where === "edge" ? [1000, size - 1000] : [];
      const inflated = Buffer.from(whole);
      // gzip is inflated before the scanner: the pieces are of the inflated bytes (a raw body of the same bytes).
      const grown = await post(chunkedRequest(new Uint8Array(inflated), sizes, query), 201);
      expect(grown.logs[0]?.replaced, where).toMatchObject({ logId: early.logs[0]?.logId, size });
      expect(grown.builds).toMatchObject([{ job: "ci-pushed", number: n }]);
      expect((await buildOf("ci-pushed", n))?.samples.length).toBeGreaterThan(1);
    }
    // And gzip over the wire, the whole console after its gzip'd beginning.
    const { whole, partial } = consoles(62104);
    const query = "?job=ci-pushed&number=62104";
    const early = await post(rawRequest(gzip(partial), "application/gzip", { query }), 201);
    const grown = await post(rawRequest(gzip(whole), "application/gzip", { query }), 201);
    expect(grown.logs[0]?.replaced).toMatchObject({ logId: early.logs[0]?.logId, size: Buffer.byteLength(partial) });
  });

  test("a console cut mid-line inside a message (inside a string): no syntax-error warning, as for a cut between tokens; the whole one replaces it", async () => {
    const { whole } = consoles(62701);
    const at = whole.indexOf('<<"easemob.c') + 10;
    const early = await post(rawRequest(whole.slice(0, at), "text/plain", { query: "?filename=early.log" }), 201);
    // The sample the log cut short is marked on the build page; it is no unreadable line.
    expect(early.logs[0]?.warnings).toEqual([]);
    const grown = await post(rawRequest(whole, "text/plain", { query: "?filename=console.log" }), 201);
    expect(grown.logs[0]?.replaced).toMatchObject({ logId: early.logs[0]?.logId, size: at });
  });

  test("two different whole consoles of one early log at once: one replaces it, the other is the 409 naming the one that did", async () => {
    const { whole, partial } = consoles(62601);
    const early = await post(rawRequest(partial, "text/plain", { query: "?filename=early.log" }), 201);
    // Both begin with the early log; neither begins with the other.
    const other = `${partial}\n${whole.slice(partial.length + 1).replace("'$gen_event'", "'$gen_cast'")}`;
    expect(other).not.toBe(whole);
    expect(other.startsWith(partial) && !other.startsWith(whole) && !whole.startsWith(other)).toBe(true);
    const responses = await Promise.all([whole, other].map((text, k) => postLogs(rawRequest(text, "text/plain", { query: `?filename=whole-${k}.log` }))));
    const statuses = responses.map((response) => response.status);
    expect([...statuses].sort()).toEqual([201, 409]);
    const winner = (await responses[statuses.indexOf(201)]!.json()) as Answer;
    const loser = (await responses[statuses.indexOf(409)]!.json()) as { error: { code: string; logId: number } };
    expect(winner.logs[0]?.replaced).toMatchObject({ logId: early.logs[0]?.logId });
    expect(loser.error).toMatchObject({ code: "conflict", logId: winner.logs[0]?.logId });
    expect((await buildOf(JOB, 62601))?.logId).toBe(winner.logs[0]?.logId);
    const logs = await queryRows<{ id: number }>(database().url, `SELECT l."id" FROM "Log" l JOIN "Build" b ON b."logId" = l."id" WHERE b."number" = $1`, [62601]);
    expect(logs.map((row) => Number(row.id))).toEqual([winner.logs[0]?.logId]);
  });

  test("a console that does not begin with the stored log is still the 409 naming it (a stored log of other builds too that it begins with is that file grown); nothing of the upload is stored", async () => {
    // Not its beginning: one byte differs before where the stored log ends.
    const { whole, partial } = consoles(62201);
    const early = await post(rawRequest(partial, "text/plain", { query: "?filename=early.log" }), 201);
    const other = whole.replace("Started by timer", "Started by timex");
    const refused = await postLogs(rawRequest(other, "text/plain", { query: "?filename=console.log" }));
    expect(refused.status).toBe(409);
    const refusal = (await refused.json()) as { error: Record<string, unknown> };
    expect(refusal).toMatchObject({ error: { code: "conflict", logId: early.logs[0]?.logId } });
    // Longer than the stored log: the usual advice (delete it, upload this), no storedLonger.
    expect(refusal.error.storedLonger).toBeUndefined();
    expect(refusal.error.message).toContain("delete the stored one first");
    expect((await buildOf(JOB, 62201))?.logId).toBe(early.logs[0]?.logId);

    // A stored log of two builds (two runs, two numbers): a log that begins with it is no console of
    // one build grown, but the same file grown (lib/db/grown-log.test.ts): its builds are kept as they are.
    const two = `${consoles(62301).partial}\n${consoles(62302).whole}`;
    const stored = await post(rawRequest(two, "text/plain", { query: "?filename=two.log" }), 201);
    expect(stored.builds.map((b) => b.number)).toEqual([62301, 62302]);
    const longer = await post(rawRequest(`${two}\nFinished: SUCCESS\n`, "text/plain", { query: "?filename=two-more.log" }), 201);
    expect(longer.logs[0]?.replaced?.logId).toBe(stored.logs[0]?.logId);
    expect(longer.builds.map((b) => [b.id, (b as { kept?: boolean }).kept])).toEqual(stored.builds.map((b) => [b.id, true]));

    // A replacement in an upload that fails later (its second file has no monitor output) keeps the stored log.
    const { whole: whole4, partial: partial4 } = consoles(62401);
    const early4 = await post(rawRequest(partial4, "text/plain", { query: "?filename=early4.log" }), 201);
    const before = await countRows(database().url);
    const failed = await postLogs(multipartRequest([{ name: "whole4.log", content: whole4 }, { name: "notes.txt", content: "nothing to see here\n" }]));
    expect(failed.status).toBe(422);
    expect(await countRows(database().url)).toEqual(before);
    expect((await buildOf(JOB, 62401))?.logId).toBe(early4.logs[0]?.logId);

    // Both files in one upload: the earlier is no stored log, it is this upload's own: a 409 within it.
    const { whole: whole5, partial: partial5 } = consoles(62501);
    const both = await postLogs(multipartRequest([{ name: "early5.log", content: partial5 }, { name: "whole5.log", content: whole5 }]));
    expect(both.status).toBe(409);
    expect(((await both.json()) as { error: { message: string } }).error.message).toContain("is also in early5.log, another file of this upload");
    expect(await countRows(database().url)).toEqual(before);
  });
});
