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
 * Splits a stream of chunks into lines. Memory: the current chunk plus the
 * unfinished line; a line split over many chunks is kept as parts and joined
 * once, so a long line costs linear time however small the chunks.
 * Bytes are decoded as UTF-8 in streaming mode (a character split between two
 * chunks is decoded whole); a BOM is kept, as `readFileSync(f, "utf8")` does.
 * Do not mix string and byte chunks in one stream.
 */
export function createLineSplitter(sink: LineSink): LineSplitter {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
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
  return {
    push(chunk) {
      take(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    },
    end() {
      take(decoder.decode());
      if (parts.length > 0) {
        const line = parts.join("");
        parts = [];
        sink(line, 0, contentEnd(line, 0, line.length), line.length);
      }
    },
  };
}
