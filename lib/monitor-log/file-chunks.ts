// ## Reading a log file in chunks, two buffers reused
//
// `fs.createReadStream` hands out a freshly allocated buffer per chunk. For
// the scanners that is the dominant cost of a mostly-noise file: each chunk
// is external memory, and with the scan's own short-lived strings next to it
// V8 keeps starting old-space collections ("external memory pressure"). On a
// 50 MB CI log with one monitor run per 2 MB, streamed in 256 KB chunks
// (median of 15, same process): the file read alone 12 ms, the monitor
// scanner over createReadStream 55-102 ms, the same scan over the two
// buffers below 20-28 ms (bench:scan prints both rows).
//
// The scanners can take reused buffers because the line splitter
// (line-reader.ts) keeps nothing of a chunk once `push` returns: the lines
// it hands over are decoded strings, the unfinished last line is copied. So a
// chunk from here is valid only until the next one is asked for; a consumer
// that keeps chunks must copy them.

import { open } from "node:fs/promises";

export const DEFAULT_FILE_CHUNK = 256 * 1024;

/**
 * The file's bytes in order, in chunks of at most `chunkSize` bytes. While
 * the consumer works on one chunk, the next is read into the other buffer;
 * each chunk is overwritten once the one after next is read, so it is valid
 * until the consumer asks for the next. Errors (ENOENT, EISDIR, …) reject
 * the iteration with Node's own error, `code` included. The file is closed
 * at the end, on an error, and when the consumer stops early.
 */
export async function* readFileChunks(path: string, chunkSize = DEFAULT_FILE_CHUNK): AsyncGenerator<Uint8Array, void, undefined> {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  const handle = await open(path, "r");
  const buffers = [Buffer.allocUnsafeSlow(chunkSize), Buffer.allocUnsafeSlow(chunkSize)] as const;
  let k: 0 | 1 = 0;
  let pending: Promise<{ bytesRead: number }> | null = null;
  try {
    pending = handle.read(buffers[0], 0, chunkSize, null);
    for (;;) {
      const { bytesRead } = await pending;
      pending = null;
      if (bytesRead === 0) return;
      const chunk = buffers[k].subarray(0, bytesRead);
      k = k === 0 ? 1 : 0;
      pending = handle.read(buffers[k], 0, chunkSize, null);
      yield chunk;
    }
  } finally {
    // A read still in flight (the consumer stopped early) finishes before the file closes; its error no longer matters.
    if (pending) await pending.catch(() => undefined);
    await handle.close();
  }
}
