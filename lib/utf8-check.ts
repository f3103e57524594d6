// ## Whether a stream of bytes is UTF-8, chunk by chunk
//
// The ingest decodes a log as UTF-8, reading bytes that are not (a console written as GBK or
// Latin-1) as U+FFFD; it says so when a run stores one (lib/db/ingest.ts). A U+FFFD the log holds
// itself, written in UTF-8, is no such byte: what counts is whether the decoder replaced any.
import { isUtf8 } from "node:buffer";

/**
 * How many bytes at the end of `bytes` begin a UTF-8 sequence it does not hold whole (0 to 3): they
 * are checked with the next chunk (a chunk boundary splits a CJK character about two times in three).
 */
function cutSequence(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
    // (0xf8 to 0xff lead nothing: checked at once, as a sequence of one.)
    const length = byte >= 0xf8 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/** A check fed the stream's chunks in order: false from the first chunk in which a byte is not UTF-8 on. */
export function createUtf8Check(): (chunk: Uint8Array) => boolean {
  let valid = true;
  let tail = new Uint8Array(0);
  return (chunk) => {
    if (!valid) return false;
    const bytes = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
    const cut = cutSequence(bytes);
    valid = isUtf8(bytes.subarray(0, bytes.length - cut));
    tail = new Uint8Array(bytes.subarray(bytes.length - cut));
    return valid;
  };
}
