// ## Line splitting
//
// Both entry points (a whole string, or chunks from a stream) feed the same
// scanner one line at a time. A line is handed over as a window into a buffer
// (`buf.slice(start, end)` is the content, `next` is where the following line
// starts), so noise lines are never copied: the scanner looks at a couple of
// characters and moves on.

import type { LogChunk } from "./types";

/**
 * Receives one line: content is `buf[start, end)` without its terminator
 * (`\n`, or `\r\n` whose `\r` is left out too); `next - start` is the line's
 * full length in the log, terminator included.
 */
export type LineSink = (buf: string, start: number, end: number, next: number) => void;

function contentEnd(buf: string, start: number, nl: number): number {
  return nl > start && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
}

/** Calls `sink` for every line of `text` (a last line without `\n` included). */
export function forEachLine(text: string, sink: LineSink): void {
  let start = 0;
  for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
    sink(text, start, contentEnd(text, start, nl), nl + 1);
    start = nl + 1;
  }
  if (start < text.length) sink(text, start, contentEnd(text, start, text.length), text.length);
}

/** Pushes chunks in, gets lines out through the sink; `end()` flushes the last line. */
export type LineSplitter = { push(chunk: LogChunk): void; end(): void };

/**
 * How many bytes at the end of `bytes` begin a UTF-8 character that they do
 * not finish (0 to 3): a lead byte followed by fewer continuation bytes than
 * it announces. Cutting before them leaves the decoder in its initial state.
 */
function unfinishedTail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back]!;
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const need = b >= 0xf5 ? 0 : b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 ? 1 : 0;
      return need >= back ? back : 0;
    }
  }
  return 0;
}

/** Continuation bytes (at most 3) at the start of `bytes`: what may finish a carried character. */
function leadingContinuations(bytes: Uint8Array): number {
  let i = 0;
  while (i < 3 && i < bytes.length && (bytes[i]! & 0xc0) === 0x80) i++;
  return i;
}

/**
 * Splits a stream of chunks into lines. Memory: the current chunk plus the
 * unfinished line; a line split over many chunks is kept as parts and joined
 * once, so a long line costs linear time however small the chunks.
 * Bytes are decoded as UTF-8, a character split between two chunks decoded
 * whole; a BOM is kept, as `readFileSync(f, "utf8")` does. Do not mix string
 * and byte chunks in one stream.
 *
 * The decoder runs in one-shot mode on each chunk cut at a character
 * boundary (the few bytes of an unfinished character are carried over): the
 * output is the same as streaming mode's, which is about half as fast.
 */
export function createLineSplitter(sink: LineSink): LineSplitter {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  /** Bytes of a character the previous chunk did not finish. */
  let carry: Uint8Array | null = null;
  let parts: string[] = [];
  const take = (buf: string) => {
    let nl = buf.indexOf("\n");
    if (nl === -1) {
      if (buf.length > 0) parts.push(buf);
      return;
    }
    let start = 0;
    if (parts.length > 0) {
      // Only the first line of this piece continues the pending one.
      parts.push(buf.slice(0, nl + 1));
      const line = parts.join("");
      parts = [];
      sink(line, 0, contentEnd(line, 0, line.length - 1), line.length);
      start = nl + 1;
      nl = buf.indexOf("\n", start);
    }
    for (; nl !== -1; nl = buf.indexOf("\n", start)) {
      sink(buf, start, contentEnd(buf, start, nl), nl + 1);
      start = nl + 1;
    }
    if (start < buf.length) parts.push(buf.slice(start));
  };
  const decodeBytes = (chunk: Uint8Array) => {
    let from = 0;
    if (carry !== null) {
      // The carried lead byte and what continues it: a few bytes, decoded on their own.
      from = leadingContinuations(chunk);
      const piece = new Uint8Array(carry.length + from);
      piece.set(carry);
      piece.set(chunk.subarray(0, from), carry.length);
      if (from === chunk.length && unfinishedTail(piece) === piece.length) {
        // A tiny chunk: the character is still not finished.
        carry = piece;
        return;
      }
      carry = null;
      take(decoder.decode(piece));
    }
    const rest = chunk.subarray(from);
    const tail = unfinishedTail(rest);
    if (tail > 0) carry = rest.slice(rest.length - tail);
    if (rest.length > tail) take(decoder.decode(tail > 0 ? rest.subarray(0, rest.length - tail) : rest));
  };
  return {
    push(chunk) {
      if (typeof chunk === "string") take(chunk);
      else decodeBytes(chunk);
    },
    end() {
      if (carry !== null) {
        take(decoder.decode(carry));
        carry = null;
      }
      if (parts.length > 0) {
        const line = parts.join("");
        parts = [];
        sink(line, 0, contentEnd(line, 0, line.length), line.length);
      }
    },
  };
}
