import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { AppError } from "@/lib/errors";
import { createSpool, type Spool, WriterYielded } from "./spool";

/** A body whose chunks the test hands over one at a time (or fails). */
function controlledBody() {
  const queue: (Uint8Array | null | Error)[] = [];
  let wake: (() => void) | null = null;
  let pulls = 0;
  const iterable: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]() {
      return {
        async next(): Promise<IteratorResult<Uint8Array>> {
          pulls++;
          while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
          const item = queue.shift()!;
          if (item === null) return { done: true, value: undefined };
          if (item instanceof Error) throw item;
          return { done: false, value: item };
        },
      };
    },
  };
  const push = (item: Uint8Array | null | Error) => {
    queue.push(item);
    wake?.();
    wake = null;
  };
  return { iterable, push, pulls: () => pulls };
}

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString("utf8");

/** As the upload reads a raw body: its reader takes the chunks the body gives, as they come. */
function read(spool: Spool, body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  return spool.watch(spool.live(body));
}

async function readAll(source: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return chunks;
}

describe("spool: an upload that waits on its client while another waits for the writer", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "spool-test-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a body read as it arrives passes unchanged and is not given up, even with others waiting", async () => {
    const spool = createSpool({ contendedSince: () => 0, yieldAfterMs: 50, dir });
    const chunks = ["one ", "two ", "three"].map(bytes);
    const got = await readAll(read(spool, (async function* () { yield* chunks; })()));
    expect(text(got)).toBe("one two three");
    expect(spool.yielded).toBe(false);
    await spool.close();
  });

  test("no one waiting: a slow client keeps the writer", async () => {
    const spool = createSpool({ contendedSince: () => null, yieldAfterMs: 20, dir });
    const body = controlledBody();
    const reading = readAll(read(spool, body.iterable));
    body.push(bytes("first "));
    await new Promise((resolve) => setTimeout(resolve, 120));
    body.push(bytes("second"));
    body.push(null);
    expect(text(await reading)).toBe("first second");
    expect(spool.yielded).toBe(false);
    await spool.close();
  });

  test("another waiting while the client is slow: the body stops with WriterYielded, and the rest gives the whole body back from disk", async () => {
    let others: number | null = null;
    const spool = createSpool({ contendedSince: () => others, yieldAfterMs: 40, dir, readBytes: 4 });
    const body = controlledBody();
    const got: Uint8Array[] = [];
    const reading = (async () => {
      for await (const chunk of read(spool, body.iterable)) got.push(chunk);
    })();
    body.push(bytes("first part, "));
    await new Promise((resolve) => setTimeout(resolve, 60));
    // Waiting on the client with no one else: nothing happens.
    expect(spool.yielded).toBe(false);
    others = performance.now();
    await expect(reading).rejects.toBeInstanceOf(WriterYielded);
    expect(spool.yielded).toBe(true);
    expect(text(got)).toBe("first part, ");
    // The file is unlinked as soon as it is made: nothing of it in the directory.
    expect(fs.readdirSync(dir)).toEqual([]);
    const rest = spool.rest();
    body.push(bytes("second part, "));
    body.push(bytes("the end"));
    body.push(null);
    const replayed = await readAll(await rest);
    expect(text(replayed)).toBe("first part, second part, the end");
    // Read back in pieces of `readBytes`, each a buffer of its own.
    expect(replayed.length).toBeGreaterThan(5);
    expect(new Set(replayed.map((chunk) => chunk.buffer)).size).toBe(replayed.length);
    await spool.close();
  });

  test("waits add up: many short waits on the client while another waits give the writer up too", async () => {
    const spool = createSpool({ contendedSince: () => 0, yieldAfterMs: 60, dir });
    const body = controlledBody();
    const reading = readAll(read(spool, body.iterable));
    let sent = 0;
    let failure: unknown = null;
    reading.catch((error: unknown) => (failure = error));
    while (failure === null && sent < 40) {
      body.push(bytes(`${sent} `));
      sent++;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    expect(failure).toBeInstanceOf(WriterYielded);
    // 60 ms in waits of about 15: a handful of chunks, not all 40.
    expect(sent).toBeLessThan(20);
    const rest = spool.rest();
    body.push(bytes("end"));
    body.push(null);
    const all = text(await readAll(await rest));
    expect(all).toBe(`${Array.from({ length: sent }, (_, i) => `${i} `).join("")}end`);
    await spool.close();
  });

  test("another that began waiting late: only the reader's starving since then counts", async () => {
    let others: number | null = null;
    const spool = createSpool({ contendedSince: () => others, yieldAfterMs: 200, dir });
    const body = controlledBody();
    const started = performance.now();
    const reading = readAll(read(spool, body.iterable));
    setTimeout(() => (others = performance.now()), 180);
    await expect(reading).rejects.toBeInstanceOf(WriterYielded);
    // 180 ms with no one waiting, then 200 with another: not at 200 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(370);
    const rest = spool.rest();
    body.push(null);
    expect(text(await readAll(await rest))).toBe("");
    await spool.close();
  });

  test("a reader waiting while the process is busy (not the client): not starving, the writer is kept", async () => {
    const spool = createSpool({ contendedSince: () => 0, yieldAfterMs: 200, dir });
    // Each chunk is there after 20 ms of the process's own work (a loaded machine's parser, other requests):
    // 40 chunks make 800 ms of the reader waiting, four times the budget, with the event loop never idle.
    let sent = 0;
    const body: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: () =>
          new Promise<IteratorResult<Uint8Array>>((resolve) =>
            setImmediate(() => {
              const until = performance.now() + 20;
              while (performance.now() < until);
              resolve(sent < 40 ? { done: false, value: bytes(`${sent++},`) } : { done: true, value: undefined });
            }),
          ),
      }),
    };
    const started = performance.now();
    const got = await readAll(read(spool, body));
    expect(performance.now() - started).toBeGreaterThanOrEqual(800);
    expect(spool.yielded).toBe(false);
    expect(text(got)).toBe(Array.from({ length: 40 }, (_, i) => `${i},`).join(""));
    await spool.close();
  });

  test("a body read ahead while its reader is busy (a form's parser): the reader does not starve, the writer is kept", async () => {
    const spool = createSpool({ contendedSince: () => 0, yieldAfterMs: 400, dir });
    // Each chunk arrives as network bytes do: in the loop's turn after timers (here, setImmediate).
    let sent = 0;
    const body: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: () =>
          new Promise<IteratorResult<Uint8Array>>((resolve) =>
            setImmediate(() => resolve(sent < 40 ? { done: false, value: bytes(`${sent++},`) } : { done: true, value: undefined })),
          ),
      }),
    };
    // Readable.from reads the body ahead, as multipart's parser is fed; the reader works 20 ms a chunk (800 ms
    // in all, twice the budget: counted as starving, the writer would be given up).
    const ahead = Readable.from(spool.live(body));
    const got: Uint8Array[] = [];
    for await (const chunk of spool.watch(ahead)) {
      got.push(chunk);
      const until = performance.now() + 20;
      while (performance.now() < until);
    }
    expect(spool.yielded).toBe(false);
    expect(text(got)).toBe(Array.from({ length: 40 }, (_, i) => `${i},`).join(""));
    await spool.close();
  });

  test("the client going away after the writer was given up: rest fails with the body's own error", async () => {
    const spool = createSpool({ contendedSince: () => 0, yieldAfterMs: 20, dir });
    const body = controlledBody();
    const reading = readAll(read(spool, body.iterable));
    body.push(bytes("some"));
    await expect(reading).rejects.toBeInstanceOf(WriterYielded);
    const cut = new AppError("bad_request", "the upload was cut off before its end");
    body.push(cut);
    await expect(spool.rest()).rejects.toBe(cut);
    await spool.close();
  });

  test("no temporary file (its directory is gone): the upload keeps the writer, and says so once", async () => {
    const told: unknown[] = [];
    const spool = createSpool({ contendedSince: () => 0, yieldAfterMs: 10, dir: path.join(dir, "missing"), onUnavailable: (error) => told.push(error) });
    const body = controlledBody();
    const reading = readAll(read(spool, body.iterable));
    body.push(bytes("a"));
    await new Promise((resolve) => setTimeout(resolve, 60));
    body.push(bytes("b"));
    body.push(null);
    expect(text(await reading)).toBe("ab");
    expect(spool.yielded).toBe(false);
    expect(told).toHaveLength(1);
    await spool.close();
  });

  test("not wanted (a database whose transactions do not wait on each other): no file at all", async () => {
    const told: unknown[] = [];
    // A directory that is not there: a file tried would be told.
    const spool = createSpool({ contendedSince: () => 0, wanted: () => false, yieldAfterMs: 10, dir: path.join(dir, "missing"), onUnavailable: (error) => told.push(error) });
    const body = controlledBody();
    const reading = readAll(read(spool, body.iterable));
    body.push(bytes("a"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    body.push(null);
    expect(text(await reading)).toBe("a");
    expect(spool.yielded).toBe(false);
    expect(told).toEqual([]);
    await spool.close();
  });
});
