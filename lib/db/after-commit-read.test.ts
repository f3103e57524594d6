// The upload's answer lists its builds with a read made after its transaction committed. A
// PostgreSQL review (2026-12-07): with the server's connections all taken, that read failed and
// the upload answered 503 "nothing was stored" for builds that were stored; sent again, a 200
// duplicate. The read is retried while the database is unavailable; failing still, the answer is
// the upload's own (201), saying its builds could not be read back and where they are.
import { afterEach, describe, expect, test, vi } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { getStore } from "@/lib/db/store";
import { fixture, multipartRequest, rawRequest } from "@/lib/testing/api";
import { countRows } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

/** What PostgreSQL answers a connection past its max_connections. */
const tooManyClients = () => Object.assign(new Error("sorry, too many clients already"), { code: "53300" });
const log = (number: number) => fixture("ProductCI_ejabberd_mqueue_random_monitor_25877.log").replaceAll("25877", String(number));

describe("the upload's answer after its commit", () => {
  const database = useTestDatabase("sqlite", "after_commit_read");
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test("a read refused once or twice is tried again: the answer lists the builds", async () => {
    const store = await getStore();
    const read = vi.spyOn(store, "buildsOfLog").mockRejectedValueOnce(tooManyClients()).mockRejectedValueOnce(tooManyClients());
    const response = await postLogs(rawRequest(log(72001), "text/plain", { query: "?filename=retried.log" }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { builds: { number: number }[]; logs: { buildsUnread?: boolean }[] };
    expect(body.builds.map((build) => build.number)).toEqual([72001]);
    expect(body.logs[0]).not.toHaveProperty("buildsUnread");
    expect(read).toHaveBeenCalledTimes(3);
  });

  test("a read refused throughout: 201, stored, with a warning saying why and where the builds are; as text too", async () => {
    const store = await getStore();
    vi.spyOn(store, "buildsOfLog").mockRejectedValue(tooManyClients());
    const response = await postLogs(rawRequest(log(72002), "text/plain", { query: "?filename=unread.log" }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { builds: unknown[]; logs: { logId: number; buildsUnread?: boolean; warnings: string[] }[] };
    const { logId } = body.logs[0]!;
    expect(body.builds).toEqual([]);
    expect(body.logs[0]).toMatchObject({ buildsUnread: true });
    expect(body.logs[0]!.warnings).toContain(
      `unread.log: stored as log ${logId}, but its builds could not be read back for this answer (the database refused a connection: it has too many clients; keep every instance's connections (PG_UPLOAD_CONNECTIONS + 4 + the read pool's 10) below its max_connections): /builds?logId=${logId} lists them`,
    );
    vi.restoreAllMocks();
    // Stored: the build is there, and the same content again is a duplicate.
    expect((await countRows(database().url, ["Build"])).Build).toBeGreaterThan(0);
    vi.spyOn(store, "buildsOfLog").mockRejectedValue(tooManyClients());
    const text = await postLogs(rawRequest(log(72003), "text/plain", { query: "?filename=unread-text.log&format=text" }));
    expect(text.status).toBe(201);
    expect(await text.text()).toMatch(/^unread-text\.log: stored \(log \d+\); its builds could not be read back for this answer\n {2}warning: unread-text\.log: stored as log \d+, but/);
    vi.restoreAllMocks();
    const again = await postLogs(rawRequest(log(72002), "text/plain", { query: "?filename=unread.log" }));
    expect(again.status).toBe(200);
    expect(((await again.json()) as { builds: { number: number }[] }).builds.map((build) => build.number)).toEqual([72002]);
  });

  test("another error after the commit is not taken for an outage", async () => {
    const store = await getStore();
    vi.spyOn(store, "buildsOfLog").mockRejectedValue(new TypeError("a bug"));
    vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await postLogs(rawRequest(log(72004), "text/plain", { query: "?filename=bug.log" }));
    expect(response.status).toBe(500);
  });
});

describe("the upload's answer after its commit, several files", () => {
  useTestDatabase("sqlite", "after_commit_read_files");
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // A diff review: each file's read was retried in turn (a 4-file upload with every read refused took 5.1 s),
  // and a database "without tables" (a bug, after the upload's own commit) was retried and answered 201.
  test("after one file's read failed through its retries, the next files' are tried once; 'no tables' is not retried", async () => {
    const store = await getStore();
    vi.spyOn(console, "error").mockImplementation(() => {});
    const read = vi.spyOn(store, "buildsOfLog").mockRejectedValue(tooManyClients());
    const files = [72101, 72102, 72103].map((number) => ({ name: `f${number}.log`, content: log(number) }));
    const response = await postLogs(multipartRequest(files));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { logs: { buildsUnread?: boolean }[] };
    expect(body.logs.map((entry) => entry.buildsUnread)).toEqual([true, true, true]);
    expect(read).toHaveBeenCalledTimes(3 + 1 + 1);
    read.mockReset();
    read.mockRejectedValue(Object.assign(new Error('relation "Build" does not exist'), { code: "42P01" }));
    // Thrown at once, as before the retries (its answer is errorResponse's for it).
    expect((await postLogs(rawRequest(log(72104), "text/plain", { query: "?filename=no-tables.log" }))).status).not.toBe(201);
    expect(read).toHaveBeenCalledTimes(1);
  });
});
