// ## Gzip, told by its magic bytes
//
// Uploads (lib/upload/read-request.ts, which adds its size limit) and
// `npm run analyze` read logs alike: gzip is told by its magic bytes (1f 8b),
// whatever the file is called, and inflated as it streams; anything else
// passes unchanged.

import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { readHead } from "./stream-head";

/** Bytes that start like gzip but do not inflate (corrupt, cut short). */
export class GzipError extends Error {
  constructor(reason: string) {
    super(`not a valid gzip stream (${reason})`);
    this.name = "GzipError";
  }
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
  const head = await readHead(iterator, 2);
  if (!(head.byteLength >= 2 && head[0] === 0x1f && head[1] === 0x8b)) {
    if (head.byteLength > 0) yield head;
    yield* rest;
    return;
  }
  const gunzip = createGunzip();
  const input = Readable.from(
    (async function* () {
      yield head;
      for await (const chunk of rest) yield Buffer.from(chunk);
    })(),
  );
  input.on("error", (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  try {
    for await (const chunk of inflated(gunzip as AsyncIterable<Buffer>)) yield chunk;
  } catch (error) {
    throw isZlibError(error) ? new GzipError(error.message) : error;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}
