// Integration, on both databases: a CI build run again under its number (GitHub Actions' "Re-run
// jobs" keeps GITHUB_RUN_NUMBER and counts GITHUB_RUN_ATTEMPT; a GitLab retry keeps
// CI_PIPELINE_IID). Each run's console is stored as an attempt of the build when the upload says
// which (`attempt=N`, or `attempt=next` for CI without a counter); without it a re-run's console is
// still the 409 it was (which now says how to send it). Attempt 1 keeps the plain permalink; a
// re-run's is `?attempt=N`, on the pages and the API alike.
import { describe, expect, test } from "vitest";
import { GET as getBuild } from "@/app/api/builds/[job]/[number]/route";
import { GET as getBuilds } from "@/app/api/builds/route";
import { GET as getIncidents } from "@/app/api/incidents/route";
import { POST as postLogs } from "@/app/api/logs/route";
import { fixture, getRequest, multipartRequest, rawRequest } from "@/lib/testing/api";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const JOB = "ProductCI_ejabberd_mqueue_random_monitor";

type Answer = {
  logs: { logId: number; duplicate: boolean; note: string | null; replaced: { logId: number } | null; warnings: string[] }[];
  builds: { id: number; job: string | null; number: number | null; attempt: number; permalink: string; culprit: { class: string; subject: string | null } | null }[];
};

type Detail = {
  id: number;
  number: number;
  attempt: number;
  permalink: string;
  log: { id: number };
  samples: unknown[];
  culprit: { class: string; subject: string | null } | null;
  previous: { number: number; attempt: number; permalink: string; incident: boolean; culprit: { class: string; subject: string | null } | null } | null;
  next: { number: number; attempt: number; permalink: string; incident: boolean; culprit: { class: string; subject: string | null } | null } | null;
  attempts: { attempt: number; permalink: string; startedAt: string | null }[];
};

/** Seed build `seed`'s console as build `number` of the job (its BUILD_NUMBER and URL lines say so). */
function consoleOf(seed: number, number: number, extra = ""): string {
  return extra + fixture(`${JOB}_${seed}.log`).replaceAll(String(seed), String(number));
}

async function post(request: Request, status: number): Promise<Answer & { error?: { code: string; message: string; attempt?: number; permalink?: string } }> {
  const response = await postLogs(request);
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as Answer;
}

const upload = (text: string, query: string, status = 201) => post(rawRequest(text, "text/plain", { query }), status);

async function detail(number: number, query = ""): Promise<{ status: number; build?: Detail; error?: { message: string } }> {
  const response = await getBuild(getRequest(`/api/builds/${JOB}/${number}${query}`), { params: Promise.resolve({ job: JOB, number: String(number) }) });
  const body = (await response.json()) as { build?: Detail; error?: { message: string } };
  return { status: response.status, ...body };
}

describe.each(testDatabaseKinds())("on %s", (kind) => {
  useTestDatabase(kind, "attempts");

  test("a re-run's console with attempt=2 is stored as the build's second attempt, each with its own link; the API and the build's neighbours know both", async () => {
    const first = await upload(consoleOf(25877, 63001), "?filename=run-1.log");
    expect(first.builds).toMatchObject([{ job: JOB, number: 63001, attempt: 1, permalink: `/builds/${JOB}/63001` }]);
    // Another console of the same number: the re-run saw another stuck process.
    const rerun = await upload(consoleOf(27044, 63001), "?filename=run-2.log&attempt=2");
    expect(rerun.builds).toMatchObject([{ job: JOB, number: 63001, attempt: 2, permalink: `/builds/${JOB}/63001?attempt=2` }]);
    expect(rerun.logs[0]?.warnings).toEqual([]);

    const one = await detail(63001);
    const two = await detail(63001, "?attempt=2");
    expect(one.status).toBe(200);
    expect(two.status).toBe(200);
    expect(one.build).toMatchObject({ number: 63001, attempt: 1, permalink: `/builds/${JOB}/63001`, log: { id: first.logs[0]?.logId } });
    expect(two.build).toMatchObject({ number: 63001, attempt: 2, permalink: `/builds/${JOB}/63001?attempt=2`, log: { id: rerun.logs[0]?.logId } });
    expect(two.build?.culprit).not.toEqual(one.build?.culprit);
    const attempts = [
      { attempt: 1, permalink: `/builds/${JOB}/63001`, startedAt: "2015-08-22T16:34:01.000Z" },
      { attempt: 2, permalink: `/builds/${JOB}/63001?attempt=2`, startedAt: "2015-08-25T03:28:00.000Z" },
    ];
    expect(one.build?.attempts).toEqual(attempts);
    expect(two.build?.attempts).toEqual(attempts);
    // Stepping through the job's builds goes through both attempts.
    // With each one's verdict: the build page says what the build next to it was stuck on.
    expect(one.build?.next).toEqual({ number: 63001, attempt: 2, permalink: `/builds/${JOB}/63001?attempt=2`, incident: true, culprit: { class: "sql", subject: expect.any(String) } });
    expect(two.build?.previous).toEqual({
      number: 63001,
      attempt: 1,
      permalink: `/builds/${JOB}/63001`,
      incident: true,
      culprit: { class: "muc_room", subject: "snh-48#pocket48_76366191207121304@conference.easemob.com" },
    });

    // An attempt that is not stored is a 404 naming it; one that is not a positive integer, a 400.
    const missing = await detail(63001, "?attempt=3");
    expect(missing.status).toBe(404);
    expect(missing.error?.message).toBe(`no build ${JOB} #63001 (attempt 3)`);
    // Plain digits only, as the permalink writes it (`02` is no second address of attempt 2).
    for (const bad of ["0", "-1", "two", "1.5", "02", "+2", "%202"]) expect((await detail(63001, `?attempt=${bad}`)).status, bad).toBe(400);
  });

  test("without an attempt a re-run is still the 409, which says how to send one; the same attempt twice is a 409 naming it", async () => {
    await upload(consoleOf(25877, 63002), "?filename=run-1.log");
    const refused = await upload(consoleOf(27044, 63002), "?filename=run-2.log", 409);
    expect(refused.error).toMatchObject({ code: "conflict", attempt: 1, permalink: `/builds/${JOB}/63002` });
    expect(refused.error?.message).toContain("send the run's attempt: attempt=$GITHUB_RUN_ATTEMPT in GitHub Actions, attempt=next elsewhere");

    await upload(consoleOf(27044, 63002), "?filename=run-2.log&attempt=2");
    const again = await upload(consoleOf(25330, 63002), "?filename=run-2-other.log&attempt=2", 409);
    expect(again.error).toMatchObject({ code: "conflict", attempt: 2, permalink: `/builds/${JOB}/63002?attempt=2` });
    expect(again.error?.message).toContain(`build ${JOB} #63002 (attempt 2) is already stored from another log`);
    // It was sent with an attempt: the advice is to give it another, not to send one.
    expect(again.error?.message).toContain("If this is yet another run of that build, give it its own attempt (attempt=next: the one after the latest stored)");
    expect(again.error?.message).not.toContain("send the run's attempt");
  });

  test("when only a re-run of a build was stored (the first run's push failed), the build's plain permalink shows it", async () => {
    await upload(consoleOf(27044, 63005), "?filename=run-2.log&attempt=2");
    const plain = await detail(63005);
    expect(plain.status).toBe(200);
    expect(plain.build).toMatchObject({ number: 63005, attempt: 2, permalink: `/builds/${JOB}/63005?attempt=2` });
    expect((await detail(63005, "?attempt=1")).status).toBe(404);
    // Attempt 1 arriving late takes the plain permalink; the re-run keeps its own.
    await upload(consoleOf(25877, 63005), "?filename=run-1.log&attempt=1");
    expect((await detail(63005)).build).toMatchObject({ attempt: 1, permalink: `/builds/${JOB}/63005` });
    expect((await detail(63005, "?attempt=2")).build).toMatchObject({ attempt: 2 });
  });

  test("attempt=next from two uploads at once: each takes an attempt of its own (on PostgreSQL the second waits for the first)", async () => {
    await upload(consoleOf(25877, 63006), "?filename=run-1.log");
    // The first upload's body stops halfway, after its run has named the build (and looked up its
    // latest attempt), until the second upload has been sent: both resolve `next` while neither is
    // stored. Without the build number's lock they both took attempt 2, and one was a 409.
    // Build output before the monitor's (more than the upload reads ahead to tell the encoding).
    const text = consoleOf(27044, 63006, "[INFO] Compiling ejabberd_c2s.erl\n".repeat(1000));
    const slow = new TextEncoder().encode(text);
    // Cut after the inspect line: the run has started (and named its build), its messages are yet to come.
    const half = new TextEncoder().encode(text.slice(0, text.indexOf("\n", text.indexOf("message queue len of pid")) + 1)).length;
    expect(half).toBeGreaterThan(32 * 1024);
    let resume = () => undefined as void;
    const gate = new Promise<void>((resolve) => (resume = resolve));
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        pulls++;
        if (pulls === 1) controller.enqueue(slow.subarray(0, 1024));
        else if (pulls === 2) controller.enqueue(slow.subarray(1024, half));
        else if (pulls === 3) {
          await gate;
          controller.enqueue(slow.subarray(half));
        } else controller.close();
      },
    });
    const first = post(
      new Request("http://127.0.0.1/api/logs?filename=run-2.log&attempt=next", { method: "POST", body, headers: { "content-type": "text/plain" }, duplex: "half" } as RequestInit),
      201,
    );
    while (pulls < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = upload(consoleOf(25330, 63006), "?filename=run-3.log&attempt=next");
    await new Promise((resolve) => setTimeout(resolve, 200));
    resume();
    const answers = await Promise.all([first, second]);
    expect(answers.map((answer) => answer.builds[0]?.attempt)).toEqual([2, 3]);
    expect((await detail(63006)).build?.attempts.map((x) => x.attempt)).toEqual([1, 2, 3]);
  });

  test("attempt=next does not make two runs of one build in one log (or in two files of one upload) attempts: the 409 it is without it", async () => {
    const twice = consoleOf(25877, 63007) + "\n" + consoleOf(27044, 63007);
    for (const query of ["?filename=twice.log", "?filename=twice.log&attempt=next"]) {
      const refused = await upload(twice, query, 409);
      expect(refused.error?.message, query).toContain(`build ${JOB} #63007 appears twice in this log`);
    }
    const files = await post(
      multipartRequest(
        [
          { name: "one.log", content: consoleOf(25877, 63007) },
          { name: "two.log", content: consoleOf(27044, 63007) },
        ],
        { attempt: "next" },
      ),
      409,
    );
    expect(files.error?.message).toContain(`build ${JOB} #63007 is also in one.log, another file of this upload`);
    expect((await detail(63007)).status).toBe(404);
  });

  test("a run that names no build number is attempt 1 whatever the upload says (attempts are a numbered build's)", async () => {
    const text = consoleOf(25877, 63008).replace(/^.*BUILD_NUMBER.*$/gm, "").replace(/^.*BUILD_URL.*$/gm, "");
    const answer = await upload(text, "?filename=unnumbered.log&job=attempts-unnumbered&attempt=3");
    expect(answer.builds).toMatchObject([{ job: "attempts-unnumbered", number: null, attempt: 1 }]);
  });

  test("attempt=next stores each different console as the attempt after the latest; the same content again is the duplicate, stored once", async () => {
    const a = await upload(consoleOf(25877, 63003), "?filename=a.log&attempt=next");
    const b = await upload(consoleOf(27044, 63003), "?filename=b.log&attempt=next");
    const c = await upload(consoleOf(25330, 63003), "?filename=c.log&attempt=next");
    expect([a, b, c].map((answer) => answer.builds.map((build) => build.attempt))).toEqual([[1], [2], [3]]);
    const again = await upload(consoleOf(27044, 63003), "?filename=b-again.log&attempt=next", 200);
    expect(again.logs[0]).toMatchObject({ duplicate: true, logId: b.logs[0]?.logId });
    expect(again.builds).toMatchObject([{ attempt: 2 }]);
    expect((await detail(63003)).build?.attempts.map((x) => x.attempt)).toEqual([1, 2, 3]);
    // Sent as a form field too (multipart), as the README's GitLab line does.
    const form = await post(multipartRequest([{ name: "d.log", content: consoleOf(24119, 63003) }], { attempt: "next" }), 201);
    expect(form.builds).toMatchObject([{ number: 63003, attempt: 4 }]);
  });

  test("attempt=next: a console pushed early, then whole, replaces the early one (the same attempt); a different whole one is the next attempt", async () => {
    const whole = consoleOf(25877, 63004);
    const lines = whole.split("\n");
    const early = lines.slice(0, lines.findIndex((line) => line.startsWith("message in pid")) + 1).join("\n");
    const stored = await upload(early, "?filename=early.log&attempt=next");
    expect(stored.builds).toMatchObject([{ attempt: 1 }]);
    const grown = await upload(whole, "?filename=console.log&attempt=next");
    expect(grown.logs[0]?.replaced).toMatchObject({ logId: stored.logs[0]?.logId });
    expect(grown.builds).toMatchObject([{ number: 63004, attempt: 1 }]);
    expect((await detail(63004)).build?.samples.length).toBeGreaterThan(0);

    // The re-run pushes early too, then whole: its early console is attempt 2, and its whole one replaces that.
    const rerun = consoleOf(27044, 63004);
    const rerunLines = rerun.split("\n");
    const rerunEarly = rerunLines.slice(0, rerunLines.findIndex((line) => line.startsWith("message in pid")) + 1).join("\n");
    const second = await upload(rerunEarly, "?filename=rerun-early.log&attempt=next");
    expect(second.builds).toMatchObject([{ attempt: 2 }]);
    // A console that does not begin with the stored attempt's (another run) is the attempt after it.
    const third = await upload(consoleOf(25330, 63004), "?filename=third.log&attempt=next");
    expect(third.logs[0]?.replaced).toBeNull();
    expect(third.builds).toMatchObject([{ attempt: 3 }]);
    expect((await detail(63004)).build?.attempts.map((x) => x.attempt)).toEqual([1, 2, 3]);
  });

  test("a process stuck across a build's attempts is one incident over them, in number-then-attempt order", async () => {
    // The same stuck room in build 63010, its re-run, and build 63011: one incident of three builds
    // (a job of its own: the other tests' builds of the same room would join it).
    const job = "attempts-incident";
    await upload(consoleOf(25877, 63010), `?filename=a.log&job=${job}`);
    await upload(consoleOf(25877, 63011), `?filename=c.log&job=${job}`);
    await upload(consoleOf(25877, 63010, "re-run\n"), `?filename=b.log&attempt=2&job=${job}`);
    const response = await getIncidents(getRequest(`/api/incidents?job=${job}`));
    expect(response.status).toBe(200);
    const body = await response.clone().text();
    const { incidents } = (await response.json()) as { incidents: { buildCount: number; firstBuild: { number: number; attempt: number }; lastBuild: { number: number; attempt: number } }[] };
    const spanning = incidents.filter((incident) => incident.firstBuild.number === 63010);
    expect(spanning, body).toHaveLength(1);
    expect(spanning[0]).toMatchObject({ buildCount: 3, firstBuild: { number: 63010, attempt: 1 }, lastBuild: { number: 63011, attempt: 1 } });
  });

  test("the same content sent again with another attempt is the duplicate, and its note says the attempt was not applied", async () => {
    const text = consoleOf(25877, 63020);
    await upload(text, "?filename=x.log");
    const again = await upload(text, "?filename=x.log&attempt=2", 200);
    expect(again.logs[0]?.duplicate).toBe(true);
    expect(again.builds).toMatchObject([{ attempt: 1 }]);
    expect(again.logs[0]?.note).toContain("attempt=2 sent with it was not applied");
  });

  test("lists sorted by number (or job) give a number's attempts in their order, whichever was uploaded first; the CSV too", async () => {
    const job = "attempts-sorted";
    await upload(consoleOf(27044, 7), `?filename=b.log&job=${job}&attempt=2`);
    await upload(consoleOf(25877, 7), `?filename=a.log&job=${job}&attempt=1`);
    await upload(consoleOf(25330, 8), `?filename=c.log&job=${job}`);
    for (const [sort, order, expected] of [
      ["number", "asc", ["7.1", "7.2", "8.1"]],
      ["number", "desc", ["8.1", "7.2", "7.1"]],
      ["job", "asc", ["7.1", "7.2", "8.1"]],
    ] as const) {
      const json = (await (await getBuilds(getRequest(`/api/builds?job=${job}&sort=${sort}&order=${order}`))).json()) as { builds: { number: number; attempt: number }[] };
      expect(json.builds.map((b) => `${b.number}.${b.attempt}`), `${sort} ${order}`).toEqual(expected);
      const csv = await (await getBuilds(getRequest(`/api/builds?job=${job}&sort=${sort}&order=${order}&format=csv`))).text();
      const [header, ...rows] = csv.trimEnd().split("\r\n");
      const columns = header!.split(",");
      const at = (row: string, name: string) => row.split(",")[columns.indexOf(name)];
      expect(rows.map((row) => `${at(row, "number")}.${at(row, "attempt")}`), `csv ${sort} ${order}`).toEqual(expected);
    }
  });

  test("an attempt that is not a positive integer or next is a 400 naming it, and nothing is stored", async () => {
    for (const bad of ["0", "-2", "2.5", "last", "2147483648"]) {
      const refused = await upload(consoleOf(25877, 63030), `?filename=bad.log&attempt=${bad}`, 400);
      expect(refused.error?.message, bad).toContain("attempt");
    }
    expect((await detail(63030)).status).toBe(404);
  });
});
