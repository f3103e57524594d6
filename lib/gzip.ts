// ## Gzip, told by its magic bytes
//
// Uploads (lib/upload/read-request.ts, which adds its size limit) and
// `npm run analyze` read logs alike: gzip is told by its magic bytes (1f 8b),
// whatever the file is called, and inflated as it streams; anything else
// passes unchanged.

import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { readHead } from "./stream-head";

/**
 * Bytes that start like gzip but do not inflate (corrupt, cut short); or, with `message`, bytes
 * of another compression or archive, which no reader here takes (ArchiveError).
 */
export class GzipError extends Error {
  constructor(reason: string, message = `not a valid gzip stream (${reason})`) {
    super(message);
    this.name = "GzipError";
  }
}

/**
 * Compressions and archives told by their magic bytes, which a log arrives in when it was
 * downloaded so (GitHub Actions gives a run's logs as a zip): said as such, not read as a log
 * without a monitor run.
 */
const ARCHIVES: { name: string; magic: (number | [number, number])[]; hint: string }[] = [
  { name: "a zip archive", magic: [0x50, 0x4b, 0x03, 0x04], hint: "unzip it and give the log inside" },
  { name: "xz-compressed", magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], hint: "unxz it first, or gzip it" },
  // `BZh`, the block size (`1`–`9`), then the first block's magic (0x314159…): no text starts so.
  { name: "bzip2-compressed", magic: [0x42, 0x5a, 0x68, [0x31, 0x39], 0x31, 0x41], hint: "bunzip2 it first, or gzip it" },
  { name: "zstd-compressed", magic: [0x28, 0xb5, 0x2f, 0xfd], hint: "unzstd it first, or gzip it" },
  { name: "a 7z archive", magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], hint: "unpack it and give the log inside" },
];

/** Another compression or archive than gzip (see ARCHIVES): a GzipError, so that uploads and the CLI say it alike. */
export class ArchiveError extends GzipError {
  constructor(name: string, hint: string) {
    super(name, `${name}, not a log or gzip: ${hint}`);
    this.name = "ArchiveError";
  }
}

function archiveOf(head: Uint8Array): (typeof ARCHIVES)[number] | undefined {
  const matches = (byte: number | [number, number], i: number) => {
    const at = head[i] ?? -1;
    return typeof byte === "number" ? at === byte : at >= byte[0] && at <= byte[1];
  };
  return ARCHIVES.find(({ magic }) => head.byteLength >= magic.length && magic.every(matches));
}

function isZlibError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && "code" in error && typeof error.code === "string" && error.code.startsWith("Z_");
}

/**
 * The source's bytes, inflated when they are gzip (several members, as
 * `cat a.gz b.gz` writes, inflate one after the other). Chunks of the source
 * may be buffers it reuses (`readFileChunks`): they are copied before zlib,
 * which works on them after they are handed over. Throws GzipError for gzip
 * that does not inflate; the source's own errors pass through.
 */
export async function* inflateIfGzip(
  source: AsyncIterable<Uint8Array>,
  /** What the inflated bytes go through, when the source is gzip (an upload counts them against its limit). */
  inflated: (bytes: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array> = (bytes) => bytes,
): AsyncGenerator<Uint8Array, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const rest: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => iterator };
  const head = await readHead(iterator, 6);
  if (!(head.byteLength >= 2 && head[0] === 0x1f && head[1] === 0x8b)) {
    const archive = archiveOf(head);
    if (archive) throw new ArchiveError(archive.name, archive.hint);
    if (head.byteLength > 0) yield head;
    yield* rest;
    return;
  }
  const gunzip = createGunzip();
  /** Compressed bytes handed to zlib so far: where a stream that does not inflate stopped, about. */
  let fed = 0;
  const input = Readable.from(
    (async function* () {
      fed += head.byteLength;
      yield head;
      for await (const chunk of rest) {
        fed += chunk.byteLength;
        yield Buffer.from(chunk);
      }
    })(),
  );
  input.on("error", (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  try {
    for await (const chunk of inflated(gunzip as AsyncIterable<Buffer>)) yield chunk;
  } catch (error) {
    throw isZlibError(error) ? new GzipError(`${error.message}, within its first ${fed.toLocaleString("en-US")} bytes`) : error;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}
