// ## Reading an upload as it streams in
//
// Turns a POST /api/logs request into a sequence of files, each a stream of
// bytes the scanner reads while the body is still arriving: multipart form
// data (one or several files, plus metadata fields) or a raw body. Gzip is
// recognised by its magic bytes and inflated on the fly. Nothing here holds a
// whole file: sizes are counted as bytes pass, and the upload is refused (413)
// the moment the body, or any file once inflated, passes the limit — so a gzip
// bomb is stopped after `limit` bytes of output, never inflated whole.
import { Readable } from "node:stream";
import busboy from "busboy";
import { ArchiveError, GzipError, inflateIfGzip as inflateGzip } from "@/lib/gzip";
import { utf16ToUtf8 } from "@/lib/utf16";
import { AppError, type UploadRefusal } from "@/lib/errors";
import { withArticle } from "@/lib/wording";
import { safeFileName } from "@/lib/validation/upload";
import { WriterYielded } from "./spool";

export type UploadFile = {
  /** The client's file name: only ever used as a label. */
  fileName: string;
  /** The file's bytes, inflated if they were gzip. */
  chunks: AsyncIterable<Uint8Array>;
};

export type UploadRequest = {
  files: AsyncIterable<UploadFile>;
  /** Form fields seen so far (multipart fields that came before a file part are known when it is read). */
  fields: Record<string, string>;
};

const RAW_TYPES = new Set(["text/plain", "application/gzip", "application/x-gzip", "application/octet-stream"]);

function tooLarge(limit: number, what: string): AppError {
  return new AppError("payload_too_large", `${what} is larger than the upload limit of ${limit} bytes`, { limit });
}

/** Counts bytes as they pass and fails at the limit; with `shared`, counted with other streams' (their total at the limit). */
async function* limited(source: AsyncIterable<Uint8Array>, limit: number, what: string, shared?: { total: number }): AsyncGenerator<Uint8Array> {
  const counter = shared ?? { total: 0 };
  for await (const chunk of source) {
    counter.total += chunk.byteLength;
    if (counter.total > limit) throw tooLarge(limit, what);
    yield chunk;
  }
}

/** Inflates gzip (recognised by 1f 8b) as it streams, counting what it inflates against the limit; other bytes pass unchanged. */
async function* inflateIfGzip(source: AsyncIterable<Uint8Array>, limit: number, label: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of inflateGzip(source, (inflated) => limited(inflated, limit, `${label} (inflated)`))) yield chunk;
  } catch (error) {
    // At 1:1, as the CLI says it (file:1:1): the README's 422 names a line and column, and the file is unread from its start.
    if (error instanceof GzipError) {
      const reason: UploadRefusal = error instanceof ArchiveError ? "archive" : "bad_gzip";
      throw new AppError("unprocessable", `${label}: ${error.message}`, { file: label, line: 1, column: 1, reason });
    }
    throw error;
  }
}

// ## Is it text at all?
//
// A console log is text; an image or an archive renamed .log would otherwise
// be scanned to the end only to be told "no monitor output". The first bytes
// decide: known magic numbers, or too many control characters (ANSI colour
// escapes, tabs and line ends are text).
const MAGIC: [string, number[]][] = [
  ["PNG image", [0x89, 0x50, 0x4e, 0x47]],
  ["JPEG image", [0xff, 0xd8, 0xff]],
  ["GIF image", [0x47, 0x49, 0x46, 0x38]],
  ["PDF document", [0x25, 0x50, 0x44, 0x46]],
  ["zip archive", [0x50, 0x4b, 0x03, 0x04]],
  ["ELF executable", [0x7f, 0x45, 0x4c, 0x46]],
  ["xz archive", [0xfd, 0x37, 0x7a, 0x58, 0x5a]],
  ["bzip2 archive", [0x42, 0x5a, 0x68]],
];
const SNIFF_BYTES = 8192;

const isControl = (b: number) => (b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 11 && b !== 27) || b === 0x7f;

/**
 * What the file's first bytes say it is when it is no text: a kind its magic number names, or a
 * "binary file" (more than 5% control bytes), with where its binary part starts: the first control
 * byte of the first line from which every line of the bytes sniffed holds one (a stray backspace in
 * a progress line before is text; a log with a binary tail is refused where the tail starts), its
 * column counted in UTF-16 units as every column is; null for text.
 */
function binaryKind(head: Uint8Array): { kind: string; at?: { line: number; column: number; byte: number } } | null {
  for (const [name, magic] of MAGIC) if (magic.every((byte, i) => head[i] === byte)) return { kind: name };
  let control = 0;
  const n = Math.min(head.length, SNIFF_BYTES);
  /** Per line: its start and its first control byte (-1: none). */
  const starts = [0];
  const firsts = [-1];
  for (let i = 0; i < n; i++) {
    const b = head[i] as number;
    if (isControl(b)) {
      control++;
      if (firsts[firsts.length - 1] === -1) firsts[firsts.length - 1] = i;
    } else if (b === 10 && i + 1 < n) {
      starts.push(i + 1);
      firsts.push(-1);
    }
  }
  if (n === 0 || control / n <= 0.05) return null;
  let k = firsts.length - 1;
  // (The last line may hold none: text after the binary part; the run of lines that do ends before it.)
  while (k > 0 && firsts[k] === -1) k--;
  while (k > 0 && firsts[k - 1] !== -1) k--;
  const first = firsts[k] as number;
  const start = starts[k] as number;
  const column = new TextDecoder().decode(head.subarray(start, first)).length + 1;
  return { kind: "binary file", at: { line: k + 1, column, byte: head[first] as number } };
}

/** Refuses empty and binary files before the scanner reads them. */
async function* textOnly(source: AsyncIterable<Uint8Array>, label: string): AsyncGenerator<Uint8Array> {
  const pending: Uint8Array[] = [];
  let seen = 0;
  let checked = false;
  const check = () => {
    checked = true;
    const head = new Uint8Array(Math.min(seen, SNIFF_BYTES));
    let at = 0;
    for (const chunk of pending) {
      if (at >= head.length) break;
      const part = chunk.subarray(0, head.length - at);
      head.set(part, at);
      at += part.length;
    }
    const found = binaryKind(head);
    if (found?.at) {
      const { line, column, byte } = found.at;
      const hex = `0x${byte.toString(16).padStart(2, "0")}`;
      throw new AppError("unsupported_media_type", `${label}:${line}:${column}: ${label} looks like a binary file, not a console log (control bytes from here, the first ${hex})`, {
        file: label,
        line,
        column,
      });
    }
    if (found) throw new AppError("unsupported_media_type", `${label} looks like ${withArticle(found.kind)}, not a console log`, { file: label });
  };
  for await (const chunk of source) {
    if (checked) {
      yield chunk;
      continue;
    }
    pending.push(chunk);
    seen += chunk.byteLength;
    if (seen >= SNIFF_BYTES) {
      check();
      yield* pending;
      pending.length = 0;
    }
  }
  if (!checked) {
    if (seen === 0) throw new AppError("unprocessable", `${label} is empty: there is no log to read`, { file: label, line: 1, column: 1, reason: "empty" satisfies UploadRefusal });
    check();
    yield* pending;
  }
}

/** Error codes Node gives a request body whose client went away: `aborted` (ECONNRESET) when the connection closes mid-body. */
const CLIENT_GONE_CODES = new Set(["ECONNRESET", "ECONNABORTED", "EPIPE", "ERR_STREAM_PREMATURE_CLOSE"]);

/** Whether a body's failure is the client going away (a closed connection), not the server failing. */
export function isClientGone(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  return (typeof code === "string" && CLIENT_GONE_CODES.has(code)) || error.message === "aborted";
}

/**
 * The body as it arrives. A client that goes away mid-body is a cut-off upload (400, rolled back
 * with everything else), logged in one line: not an internal error with a stack.
 */
async function* received(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let total = 0;
  try {
    for await (const chunk of source) {
      total += chunk.byteLength;
      yield chunk;
    }
  } catch (error) {
    if (!isClientGone(error)) throw error;
    const code = (error as Error & { code?: unknown }).code;
    console.warn(`upload cut off by the client after ${total} bytes (${error instanceof Error ? error.message : String(error)}${typeof code === "string" ? `, ${code}` : ""}): nothing of it stored`);
    throw new AppError("bad_request", "the upload was cut off before its end: the client closed the connection; nothing of it was stored", {
      receivedBytes: total,
    });
  }
}

export type ReadOptions = {
  limit: number;
  defaultName: string;
  /** Passes the body on as it arrives (lib/upload/spool.ts keeps it aside), after its size and end are checked. */
  through?: (body: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>;
  /** The body's bytes, read already (checked against the limit): the request's own body is not read. */
  body?: AsyncIterable<Uint8Array>;
  /** Passes each file's chunks on as its reader takes them (lib/upload/spool.ts times the reader's waits). */
  watch?: (chunks: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>;
};

function bodyOf(request: Request, options: ReadOptions): AsyncIterable<Uint8Array> {
  if (options.body) return options.body;
  if (!request.body) throw new AppError("bad_request", "the request has no body: send a log file");
  const body = limited(received(request.body as unknown as AsyncIterable<Uint8Array>), options.limit, "the request body");
  return options.through ? options.through(body) : body;
}

function watched(chunks: AsyncIterable<Uint8Array>, options: ReadOptions): AsyncIterable<Uint8Array> {
  return options.watch ? options.watch(chunks) : chunks;
}

/**
 * Reads the request's files. Refuses at once (before reading) a declared
 * Content-Length above the limit and content types it does not read.
 */
export function readUploadRequest(request: Request, options: ReadOptions): UploadRequest {
  const { limit, defaultName } = options;
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit, "the request body");

  // Only the media type is case-insensitive: a multipart boundary must reach the parser as sent.
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  const fields: Record<string, string> = {};

  if (mediaType === "multipart/form-data") {
    return { files: multipartFiles(request, contentType, options, fields), fields };
  }
  if (RAW_TYPES.has(mediaType)) {
    const fileName = defaultName;
    const single = (async function* (): AsyncGenerator<UploadFile> {
      // Counted once inflated and, for a UTF-16 log, once made UTF-8 (up to 1.5 times its bytes: what is stored).
      const text = limited(utf16ToUtf8(inflateIfGzip(bodyOf(request, options), limit, fileName)), limit, "the upload (once inflated, as UTF-8)");
      yield { fileName, chunks: watched(textOnly(text, fileName), options) };
    })();
    return { files: single, fields };
  }
  // What `curl -d @file` sends: the file with its line breaks stripped, as a form's fields.
  const curlData =
    mediaType === "application/x-www-form-urlencoded"
      ? " (what curl -d @file sends, with the file's line breaks stripped: send the file with -F file=@console.log, or --data-binary @console.log -H 'Content-Type: text/plain')"
      : "";
  throw new AppError(
    "unsupported_media_type",
    `unsupported Content-Type ${JSON.stringify(mediaType || "(none)")}${curlData}: send multipart/form-data with the log file(s), or the log itself as text/plain, application/gzip or application/octet-stream`,
  );
}

/** A multipart parser's failure as the client's fault (400); our own errors (413) and a body giving the writer up (lib/upload/spool.ts) pass unchanged. */
function malformed(error: unknown): unknown {
  if (error instanceof AppError || error instanceof WriterYielded) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError("bad_request", `malformed multipart request: ${reason}`);
}

/**
 * What one multipart form may hold: more is refused whole (413), never cut in silence. (`parts`
 * backs the two counts up: 50 files and 20 fields trip first.)
 */
export const FORM_LIMITS = { files: 50, fields: 20, fieldSize: 64 * 1024, parts: 100 } as const;

const formTooLarge = (message: string) => new AppError("payload_too_large", `${message}; nothing of the upload was stored`);

type BusboyEvent =
  | { kind: "file"; fileName: string; stream: Readable & { truncated?: boolean } }
  | { kind: "end" }
  | { kind: "error"; error: unknown };

async function* multipartFiles(
  request: Request,
  contentType: string,
  options: ReadOptions,
  fields: Record<string, string>,
): AsyncGenerator<UploadFile> {
  const { limit } = options;
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      // Browsers and curl send a file name's bytes as UTF-8 (`运维.log`); busboy's default reads them as Latin-1.
      defParamCharset: "utf8",
      limits: { fileSize: limit, ...FORM_LIMITS },
    });
  } catch (error) {
    throw malformed(error);
  }

  const queue: BusboyEvent[] = [];
  let wake: (() => void) | null = null;
  const push = (event: BusboyEvent) => {
    queue.push(event);
    wake?.();
    wake = null;
  };
  parser.on("file", (_name, stream, info) => push({ kind: "file", fileName: safeFileName(info.filename || "upload.log"), stream }));
  parser.on("field", (name, value, info) => {
    // Cut to busboy's bound, a value would be checked (and its length reported) as a shorter one.
    // (busboy's multipart parser never cuts a field's name: nameTruncated is for urlencoded forms.)
    if (info.valueTruncated) push({ kind: "error", error: formTooLarge(`form field ${JSON.stringify(name.slice(0, 40))} is longer than ${FORM_LIMITS.fieldSize.toLocaleString("en-US")} bytes`) });
    else fields[name] = value;
  });
  // Past busboy's counts, it drops the rest of the form in silence: the upload would store the
  // first 50 files and answer 201 (a security review, 2026-12-06). The upload is refused instead.
  parser.on("filesLimit", () => push({ kind: "error", error: formTooLarge(`the form holds more than ${FORM_LIMITS.files} files: send them in several uploads`) }));
  parser.on("fieldsLimit", () => push({ kind: "error", error: formTooLarge(`the form holds more than ${FORM_LIMITS.fields} fields`) }));
  parser.on("partsLimit", () => push({ kind: "error", error: formTooLarge(`the form holds more than ${FORM_LIMITS.parts} parts`) }));
  parser.on("close", () => push({ kind: "end" }));
  parser.on("error", (error) => push({ kind: "error", error }));

  const body = Readable.from(bodyOf(request, options));
  /** The file part being read: a body that fails (too large, connection lost) must fail it too, or its reader waits forever. */
  let current: Readable | null = null;
  body.on("error", (error) => {
    push({ kind: "error", error });
    if (current && !current.readableEnded) current.destroy(error);
  });
  body.pipe(parser);

  let files = 0;
  /**
   * The form's files as read (each inflated if gzip), in all: MAX_UPLOAD_BYTES bounds the upload, not
   * each file (50 files of 1.8 MB, each inflating to 500 MiB, stored 26 GB from one 85 MB upload: a
   * security review, 2026-12-07).
   */
  const read = { total: 0 };
  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const event = queue.shift();
      if (!event || event.kind === "end") break;
      if (event.kind === "error") throw malformed(event.error);
      files++;
      const { stream, fileName } = event;
      current = stream;
      // Its reader sees a failure through the iteration; the listener keeps a failure
      // after the reader stopped (the request is answered already) from being unhandled.
      stream.on("error", () => undefined);
      // A body cut off inside this part fails the part's stream (busboy's "Unexpected end of
      // form") before the form's own error is queued: it is the same malformed request.
      const raw = (async function* () {
        try {
          for await (const chunk of stream as AsyncIterable<Uint8Array>) yield chunk;
        } catch (error) {
          throw malformed(error);
        }
        if (stream.truncated) throw tooLarge(limit, fileName);
      })();
      // (Once made UTF-8 too, for a UTF-16 log: what is stored.)
      const inflated = limited(utf16ToUtf8(inflateIfGzip(raw, limit, fileName)), limit, "the upload (its files once inflated, in all)", read);
      yield { fileName, chunks: watched(textOnly(inflated, fileName), options) };
      stream.resume(); // drain whatever the consumer left, so the next part can arrive
    }
  } finally {
    body.unpipe(parser);
    body.destroy();
  }
  if (files === 0) throw new AppError("bad_request", "the form holds no file: attach the log as a file field");
}
