// Multipart metadata fields that come after the file part. busboy meets a field only once the bytes
// before it have gone by: in a small body that is at once (every field is known when the file is
// read, and applies), in a big one only after the file was read without it. Such a late field was
// silently not applied; now it fails the upload (400 naming it, nothing stored). The bodies here
// are streamed so that it is certain which case happens: the file's content comes in a first piece
// larger than busboy's file-stream buffer, so busboy holds back everything after it until the
// ingest reads the file, i.e. after it took the fields known then.
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { fixture } from "@/lib/testing/api";
import { countRows } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";

const BOUNDARY = "----late-fields";
const field = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const fileHead = (fileName: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/plain\r\n\r\n`;
const END = `--${BOUNDARY}--\r\n`;

/** A log of one build numbered `number` (job from its JOB_NAME line), padded past 256 KiB with console noise after the run. */
function bigLog(number: number): string {
  const log = fixture("ProductCI_ejabberd_mqueue_random_monitor_27044.log").replace(/27044/g, String(number));
  return `${log}\n${"+ make test: nothing to see here, just a long console\n".repeat(6000)}`;
}

/** A multipart POST whose body comes in these pieces, one per read. */
function streamed(pieces: string[], query = ""): Request {
  const encoder = new TextEncoder();
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[next++];
      if (piece === undefined) controller.close();
      else controller.enqueue(encoder.encode(piece));
    },
  });
  return new Request(`http://127.0.0.1/api/logs${query}`, {
    method: "POST",
    body,
    headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
    duplex: "half",
  } as RequestInit);
}

type Answer = { builds: { job: string | null; number: number | null }[]; error?: { message: string; fields?: string[] } };

async function post(request: Request): Promise<{ status: number; body: Answer }> {
  const response = await postLogs(request);
  return { status: response.status, body: (await response.json()) as Answer };
}

describe("multipart fields after the file part", () => {
  const database = useTestDatabase("sqlite", "late_form_fields");

  test("a big file with the field after it: 400 naming the field and how to send it, nothing stored", async () => {
    const before = await countRows(database().url);
    const { status, body } = await post(streamed([fileHead("big.log") + bigLog(96001), `\r\n${field("job", "late-job")}${END}`]));
    expect(status).toBe(400);
    expect(body.error?.fields).toEqual(["job"]);
    expect(body.error?.message).toBe(
      "form field job arrived after the file part big.log had started being read, so it was not applied to it: send metadata fields before the file (curl: -F job=… -F file=@…) or as query parameters (?job=…); nothing of the upload was stored",
    );
    expect(await countRows(database().url)).toEqual(before);
  });

  test("several late fields are all named; a late field the query overrides anyway is none", async () => {
    const late = `\r\n${field("number", "7")}${field("utcOffset", "+08:00")}${field("job", "from-form")}${END}`;
    const { status, body } = await post(streamed([fileHead("big.log") + bigLog(96002), late], "?job=from-query"));
    expect(status).toBe(400);
    expect(body.error?.fields).toEqual(["number", "utcOffset"]);
    expect(body.error?.message).toContain("form fields number, utcOffset arrived after the file part big.log");
    expect(body.error?.message).toContain("(curl: -F number=… -F utcOffset=… -F file=@…) or as query parameters (?number=…&utcOffset=…)");
  });

  test("a big file with the field before it: the field applies", async () => {
    const { status, body } = await post(streamed([field("job", "early-job") + fileHead("big.log") + bigLog(96003), `\r\n${END}`]));
    expect(status).toBe(201);
    expect(body.builds.map((b) => [b.job, b.number])).toEqual([["early-job", 96003]]);
  });

  test("a small body with the field after the file, in one piece: known before the file is read, it applies as before", async () => {
    const log = fixture("ProductCI_ejabberd_mqueue_random_monitor_27044.log").replace(/27044/g, "96004");
    const { status, body } = await post(streamed([`${fileHead("small.log")}${log}\r\n${field("job", "late-but-known")}${END}`]));
    expect(status).toBe(201);
    expect(body.builds.map((b) => [b.job, b.number])).toEqual([["late-but-known", 96004]]);
  });

  test("a field between two big files came too late for the first: 400 naming the first file", async () => {
    const before = await countRows(database().url);
    const { status, body } = await post(
      streamed([fileHead("one.log") + bigLog(96005), `\r\n${field("job", "between")}${fileHead("two.log")}${bigLog(96006)}`, `\r\n${END}`]),
    );
    expect(status).toBe(400);
    expect(body.error?.message).toContain("form field job arrived after the file part one.log had started being read");
    expect(await countRows(database().url)).toEqual(before);
  });

  test("a big file already stored, the field after it: the 400 for the late field, not the 409 the file was judged with without it", async () => {
    // Stored first (a 201); the same build's other console sent again with `attempt=` after the file.
    expect((await post(streamed([fileHead("first.log") + bigLog(96007), `\r\n${END}`]))).status).toBe(201);
    const before = await countRows(database().url);
    const other = bigLog(96007).replace("{message_queue_len,12746}", "{message_queue_len,12747}");
    const { status, body } = await post(streamed([fileHead("rerun.log") + other, `\r\n${field("attempt", "next")}${END}`]));
    expect(status).toBe(400);
    expect(body.error?.fields).toEqual(["attempt"]);
    expect(body.error?.message).toContain("form field attempt arrived after the file part rerun.log had started being read");
    expect(await countRows(database().url)).toEqual(before);
    // Sent before the file, it is the re-run it says.
    const rerun = await post(streamed([field("attempt", "next") + fileHead("rerun.log") + other, `\r\n${END}`]));
    expect(rerun.status).toBe(201);
  });

  test("a big file already stored and no late field: still the 409, once the rest of the form (another file) has been read", async () => {
    expect((await post(streamed([fileHead("a.log") + bigLog(96008), `\r\n${END}`]))).status).toBe(201);
    const before = await countRows(database().url);
    const other = bigLog(96008).replace("{message_queue_len,12746}", "{message_queue_len,12747}");
    const { status, body } = await post(streamed([fileHead("b.log") + other, `\r\n${fileHead("c.log")}${bigLog(96009)}`, `\r\n${field("url", "https://ci/late")}`, END]));
    expect(status).toBe(400);
    expect(body.error?.fields).toEqual(["url"]);
    expect(await countRows(database().url)).toEqual(before);
    const plain = await post(streamed([fileHead("b.log") + other, `\r\n${fileHead("c.log")}${bigLog(96009)}`, `\r\n${END}`]));
    expect(plain.status).toBe(409);
    expect(await countRows(database().url)).toEqual(before);
  });

  test("a refused file whose client then stalls before the rest of the form holds no writer: another upload is stored meanwhile", async () => {
    expect((await post(streamed([fileHead("first.log") + bigLog(96010), `\r\n${END}`]))).status).toBe(201);
    const other = bigLog(96010).replace("{message_queue_len,12746}", "{message_queue_len,12747}");
    // The refused file, then the next part's header; the rest only once released.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const pieces = [fileHead("b.log") + other, `\r\n${fileHead("c.log")}`, `${bigLog(96011)}\r\n${END}`];
    let next = 0;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (next === 2) await released;
        const piece = pieces[next++];
        if (piece === undefined) controller.close();
        else controller.enqueue(encoder.encode(piece));
      },
    });
    const stalled = postLogs(
      new Request("http://127.0.0.1/api/logs", { method: "POST", body, headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` }, duplex: "half" } as RequestInit),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    const quick = await post(streamed([fileHead("quick.log") + bigLog(96012), `\r\n${END}`]));
    expect(quick.status).toBe(201);
    // (Before, it waited for the stalled client: no answer within 15 s.)
    expect(performance.now() - started).toBeLessThan(10_000);
    release();
    expect((await stalled).status).toBe(409);
  }, 30_000);
});
