// ## The bad-input corpus
//
// Every kind of input the dashboard must survive, each with the answer the
// user gets. Bodies are built here rather than stored as files where they are
// large (50 MB, 1 GiB, a gzip bomb) or binary; the rest are small strings.
// Run by bad-input.test.ts through the real upload handler.
import { gzipSync } from "node:zlib";

export type CorpusCase = {
  name: string;
  /** The file name the client sends (a label only). */
  fileName: string;
  body: () => Uint8Array | string | ReadableStream<Uint8Array>;
  contentType: string;
  /** Extra request headers (e.g. a declared Content-Length). */
  headers?: Record<string, string>;
  /** Upload limit for this case, when not the default. */
  limit?: number;
  status: number;
  /** What the error message (or, on success, the stored build) must say. */
  expect: RegExp;
  /** For 422s: the error must carry this line (and a column). */
  line?: number;
};

const MIB = 1024 * 1024;
const TOP = `processes sorted by queue_len desc:
 [{<0.1.0>,{message_queue_len,500}},
  {<0.2.0>,{message_queue_len,3}}]
message queue len of pid <0.1.0> : {message_queue_len,500}
message in pid <0.1.0> :
`;
const ROOM = "room@conference.example.org";
const route = (body: string, to = ROOM) =>
  `{'$gen_event',{route,{jid,<<"u">>,<<"example.org">>,<<"r">>,<<"u">>,<<"example.org">>,<<"r">>},<<>>,{xmlel,<<"message">>,[{<<"to">>,<<"${to}">>}],[{xmlel,<<"body">>,[],[{xmlcdata,<<"${body}">>}]}]}}}`;

/** A complete, valid monitor log whose sample carries `body`. */
export function logWith(body: string, extra = ""): string {
  return `${extra}JOB_NAME=corpus\nBUILD_NUMBER=1\n${TOP} [${route(body)},\n  ${route(body)}]\n`;
}

/** `text` in UTF-8, then 3,000 bytes that are no text (a core dump or an archive appended to a log). */
function withBinaryTail(text: string): Uint8Array {
  const head = new TextEncoder().encode(text);
  const all = new Uint8Array(head.length + 3000);
  all.set(head);
  for (let i = 0; i < 3000; i++) all[head.length + i] = (i * 7919 + 13) % 256;
  return all;
}

/** A stream of `total` bytes of noise lines, produced lazily (never held whole). */
function lazyNoise(total: number): ReadableStream<Uint8Array> {
  const line = new TextEncoder().encode(`${"noise ".repeat(170)}\n`);
  const chunk = new Uint8Array(line.length * 1024);
  for (let i = 0; i < 1024; i++) chunk.set(line, i * line.length);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += piece.length;
      controller.enqueue(piece);
    },
  });
}

const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  ),
);

export const CORPUS: CorpusCase[] = [
  { name: "empty file", fileName: "empty.log", body: () => "", contentType: "text/plain", status: 422, expect: /empty/i },
  {
    name: "a log with no monitor output",
    fileName: "noise.log",
    body: () => "Started by timer\nBuilding in workspace /x\nFinished: SUCCESS\n",
    contentType: "text/plain",
    status: 422,
    expect: /no monitor output/i,
    line: 1,
  },
  {
    name: "top list cut off mid-tuple",
    fileName: "cut-top.log",
    body: () => "processes sorted by queue_len desc:\n [{<0.1.0>,{message_queue_len,500}},\n  {<0.2.0>,{message_q",
    contentType: "text/plain",
    status: 422,
    expect: /cut-top\.log:3:\d+: /,
    line: 3,
  },
  {
    // Real logs cut sample lists mid-term all the time (the seed's 25877): that is stored, marked cut.
    name: "sample list cut off mid-binary",
    fileName: "cut-sample.log",
    body: () => `${TOP} [${route("hello")},\n  {'$gen_event',{route,{jid,<<"u">>,<<"exam`,
    contentType: "text/plain",
    status: 201,
    expect: /muc_room/,
  },
  {
    name: "unbalanced brackets in the top list",
    fileName: "unbalanced.log",
    body: () => "processes sorted by queue_len desc:\n [{<0.1.0>,{message_queue_len,500}}}],\n",
    contentType: "text/plain",
    status: 422,
    expect: /unbalanced\.log:2:\d+: /,
    line: 2,
  },
  {
    name: "a 100,000-level nested list as the top list",
    fileName: "deep.log",
    body: () => `processes sorted by queue_len desc:\n ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`,
    contentType: "text/plain",
    status: 422,
    expect: /deep\.log:2:\d+: /,
    line: 2,
  },
  {
    name: "a 100,000-level nested list as a message",
    fileName: "deep-sample.log",
    body: () => `${TOP} [${route("ok")},\n  ${"[".repeat(100_000)}${"]".repeat(100_000)}]\n`,
    contentType: "text/plain",
    status: 201,
    expect: /muc_room/,
  },
  {
    name: "a 50 MB single line",
    fileName: "one-line.log",
    body: () => "x".repeat(50 * MIB),
    contentType: "text/plain",
    status: 422,
    expect: /no monitor output/i,
  },
  {
    name: "invalid UTF-8 and NUL bytes around a valid log",
    fileName: "bytes.log",
    body: () => {
      const text = new TextEncoder().encode(logWith("caf\u00e9"));
      return Uint8Array.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0a, ...text, 0x00, 0x80, 0x0a]);
    },
    contentType: "application/octet-stream",
    status: 201,
    expect: /muc_room/,
  },
  {
    // PostgreSQL text cannot hold NUL: it is stored as U+FFFD there, as is on SQLite.
    name: "a NUL byte inside a message body",
    fileName: "nul-body.log",
    body: () => logWith("a\u0000b").replace("BUILD_NUMBER=1", "BUILD_NUMBER=3"),
    contentType: "text/plain",
    status: 201,
    expect: /muc_room/,
  },
  {
    name: "an image renamed .log",
    fileName: "screenshot.log",
    body: () => PNG,
    contentType: "application/octet-stream",
    status: 415,
    expect: /screenshot\.log.*(binary|image)/i,
  },
  {
    // The message names the kind with its article: "an ELF executable", not "a ELF executable".
    name: "an executable renamed .log",
    fileName: "a.out.log",
    body: () => Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array<number>(56).fill(0)]),
    contentType: "application/octet-stream",
    status: 415,
    expect: /^a\.out\.log looks like an ELF executable, not a console log$/,
  },
  {
    name: "random binary bytes",
    fileName: "random.log",
    body: () => Uint8Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) % 256),
    contentType: "application/octet-stream",
    status: 415,
    expect: /binary/i,
  },
  {
    // Refused at the place its bytes stop being text: the line after the log's last, where the tail starts.
    name: "a short log with binary bytes after it",
    fileName: "ok-then-bin.log",
    body: () => withBinaryTail(logWith("tail")),
    contentType: "application/octet-stream",
    status: 415,
    line: logWith("tail").split("\n").length,
    expect: new RegExp(
      `^ok-then-bin\\.log:${logWith("tail").split("\n").length}:\\d+: ok-then-bin\\.log looks like a binary file, not a console log \\(control bytes from here, the first 0x[0-9a-f]{2}\\)$`,
    ),
  },
  {
    // A stray backspace in a progress line before is text: the refusal points where the binary part
    // starts, at its first control byte, the column counted in characters (日本語 is three).
    name: "a log with a backspace early and binary bytes after it",
    fileName: "progress-then-bin.log",
    body: () => withBinaryTail(`progress 10%\b\b\b 20%\n${logWith("tail")}日本語 \u0001`),
    contentType: "application/octet-stream",
    status: 415,
    line: logWith("tail").split("\n").length + 1,
    expect: new RegExp(`^progress-then-bin\\.log:${logWith("tail").split("\n").length + 1}:5: progress-then-bin\\.log looks like a binary file`),
  },
  {
    name: "a gzip bomb (small file, huge when inflated)",
    fileName: "bomb.log.gz",
    body: () => new Uint8Array(gzipSync(Buffer.alloc(64 * MIB, 0x61))),
    contentType: "application/gzip",
    limit: 8 * MIB,
    status: 413,
    expect: /inflated/,
  },
  {
    name: "a 1 GiB upload declared in Content-Length",
    fileName: "huge.log",
    body: () => lazyNoise(1024 * MIB),
    contentType: "text/plain",
    headers: { "content-length": String(1024 * MIB) },
    status: 413,
    expect: /larger than the upload limit/,
  },
  {
    name: "a 1 GiB upload streamed without a length",
    fileName: "huge-chunked.log",
    body: () => lazyNoise(1024 * MIB),
    contentType: "text/plain",
    limit: 16 * MIB,
    status: 413,
    expect: /larger than the upload limit/,
  },
  {
    name: "HTML, <script>, javascript: URLs and bidi overrides in bodies, room names and the CI URL",
    fileName: "hostile.log",
    body: () =>
      `BUILD_URL=javascript:alert(1)\n${TOP} [${route(
        "<script>alert(1)</script><img src=x onerror=alert(2)> \u202Egnp.exe",
        // `<`, `>`, `&`, quotes and `:` cannot be in a JID's local part (a JID with them is not a room):
        // the room name carries what it may, a right-to-left override.
        "r\u202Eoom_javascript_alert@conference.example.org",
      )}]\n`,
    contentType: "text/plain",
    status: 201,
    expect: /muc_room/,
  },
  {
    // The body ends inside the file part: busboy fails that part's stream, not only the form.
    name: "a multipart upload cut off mid-file (no closing boundary)",
    fileName: "cut-form.log",
    body: () =>
      `--xyz\r\nContent-Disposition: form-data; name="file"; filename="cut-form.log"\r\nContent-Type: text/plain\r\n\r\n${logWith("cut").repeat(4).slice(0, 1500)}`,
    contentType: "multipart/form-data; boundary=xyz",
    status: 400,
    expect: /^malformed multipart request: Unexpected end of form$/,
  },
  {
    name: "a path-like file name",
    fileName: "../../etc/passwd",
    body: () => logWith("hi").replace("BUILD_NUMBER=1", "BUILD_NUMBER=2"),
    contentType: "multipart",
    status: 201,
    expect: /muc_room/,
  },
];
