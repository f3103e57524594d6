// A client that goes away mid-upload: Node fails the request body with `Error: aborted` (code
// ECONNRESET). That is a cut-off upload (400, nothing stored, one calm log line), not an internal
// error logged with its stack.
import { afterEach, describe, expect, test, vi } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { AppError } from "@/lib/errors";
import { fixture, multipartRequest } from "@/lib/testing/api";
import { countRows } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";
import { FORM_LIMITS, isClientGone, readUploadRequest } from "./read-request";

/** What Node's http server gives a request body whose connection closed before its end. */
const aborted = () => Object.assign(new Error("aborted"), { code: "ECONNRESET" });

/** A body that sends `head`, then fails as an aborted connection does. */
function cutOffRequest(head: string, contentType: string): Request {
  const bytes = new TextEncoder().encode(head);
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(bytes);
      } else controller.error(aborted());
    },
  });
  return new Request("http://127.0.0.1/api/logs", { method: "POST", body, headers: { "content-type": contentType }, duplex: "half" } as RequestInit);
}

const BOUNDARY = "----cutoff";
const multipartHead = (log: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="cut.log"\r\nContent-Type: text/plain\r\n\r\n${log}`;

async function readAll(request: Request): Promise<unknown> {
  try {
    for await (const file of readUploadRequest(request, { limit: 1 << 30, defaultName: "cut.log" }).files) for await (const _ of file.chunks) void _;
  } catch (error) {
    return error;
  }
  return null;
}

describe("an upload the client cuts off", () => {
  const database = useTestDatabase("sqlite", "upload_cut_off");
  afterEach(() => vi.restoreAllMocks());

  test("isClientGone knows Node's aborted body, and nothing else", () => {
    expect(isClientGone(aborted())).toBe(true);
    expect(isClientGone(new Error("boom"))).toBe(false);
    expect(isClientGone("aborted")).toBe(false);
  });

  test.each([
    ["a raw body", "text/plain", (log: string) => log],
    ["a multipart body", `multipart/form-data; boundary=${BOUNDARY}`, multipartHead],
  ])("%s: a 400 saying the upload was cut off", async (_label, contentType, head) => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const error = await readAll(cutOffRequest(head(fixture("ProductCI_ejabberd_mqueue_random_monitor_25877.log")), contentType));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).message).toMatch(/^the upload was cut off before its end/);
  });

  test.each([
    ["a raw body", "text/plain", (log: string) => log],
    ["a multipart body", `multipart/form-data; boundary=${BOUNDARY}`, multipartHead],
  ])("%s through POST /api/logs: 400, nothing stored, one log line and no stack", async (_label, contentType, head) => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const before = await countRows(database().url);
    // A whole run arrives before the cut: its build was being stored when the connection closed.
    const log = fixture("ProductCI_ejabberd_mqueue_random_monitor_27044.log").replace(/27044/g, "95044");
    const response = await postLogs(cutOffRequest(head(`${log}\n${log.replace(/95044/g, "95045")}`.slice(0, -20)), contentType));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^the upload was cut off before its end/);
    expect(await countRows(database().url)).toEqual(before);
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]).toHaveLength(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/^upload cut off by the client after \d+ bytes \(aborted, ECONNRESET\): nothing of it stored$/);
  });
});

/** The file names a multipart upload of one part named `fileName` is read with. */
async function fileNamesOf(fileName: string): Promise<string[]> {
  const body = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/plain\r\n\r\nnot read here\n\r\n--${BOUNDARY}--\r\n`;
  const request = new Request("http://127.0.0.1/api/logs", { method: "POST", body, headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` } });
  const names: string[] = [];
  for await (const file of readUploadRequest(request, { limit: 1 << 20, defaultName: "x.log" }).files) {
    names.push(file.fileName);
    for await (const _ of file.chunks) void _;
  }
  return names;
}

describe("a form part's file name", () => {
  test("names the file with its control and text-direction characters as U+FFFD", async () => {
    expect(await fileNamesOf("a\u202Eb.log")).toEqual(["a\uFFFDb.log"]);
  });

  test("reads a name sent as UTF-8 bytes, as browsers and curl send it (not as Latin-1)", async () => {
    expect(await fileNamesOf("运维-ü.log")).toEqual(["运维-ü.log"]);
  });
});

describe("a form past busboy's counts or sizes: refused whole, never cut in silence", () => {
  // A security review (2026-12-06): 60 files answered 201 with 50 stored and nothing said of the
  // other 10; a 70,000-character `job` was cut to 65,536 before it was checked.
  const database = useTestDatabase("sqlite", "upload_form_limits");
  const log = (n: number) => fixture("ProductCI_ejabberd_mqueue_random_monitor_27044.log").replace(/27044/g, String(96_000 + n));

  test.each([
    ["51 files", () => multipartRequest(Array.from({ length: FORM_LIMITS.files + 1 }, (_, n) => ({ name: `f${n}.log`, content: log(n) }))), "the form holds more than 50 files: send them in several uploads; nothing of the upload was stored"],
    ["21 fields", () => multipartRequest([{ name: "a.log", content: log(0) }], Object.fromEntries(Array.from({ length: FORM_LIMITS.fields + 1 }, (_, n) => [`x${n}`, "1"]))), "the form holds more than 20 fields; nothing of the upload was stored"],
    ["a job of 70,000 characters", () => multipartRequest([{ name: "a.log", content: log(0) }], { job: "j".repeat(70_000) }), 'form field "job" is longer than 65,536 bytes; nothing of the upload was stored'],
  ])("%s: 413 naming the limit, nothing stored", async (_label, request, message) => {
    const before = await countRows(database().url);
    const response = await postLogs(request());
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(message);
    expect(await countRows(database().url)).toEqual(before);
  });

  test("50 files and 20 fields: within the counts, all stored", async () => {
    const fields = Object.fromEntries(Array.from({ length: FORM_LIMITS.fields }, (_, n) => [`x${n}`, "1"]));
    const response = await postLogs(multipartRequest(Array.from({ length: FORM_LIMITS.files }, (_, n) => ({ name: `g${n}.log`, content: log(100 + n) })), fields));
    expect(response.status, await response.clone().text()).toBe(201);
    expect(((await response.json()) as { logs: unknown[] }).logs).toHaveLength(FORM_LIMITS.files);
  });
});
