// ## An upload that waits on its client gives the writer up
//
// SQLite has one writer: an upload is one transaction, read while its body
// streams in, so an upload whose client sends slowly (a CI machine on a far
// network, a big log over a thin line) held every other upload behind it
// until its last byte. Now each upload's body is also written, as it passes,
// to a temporary file (unlinked at once where the system allows: nothing is
// left behind by a crash). When another transaction is waiting for the writer
// and the upload's reader has starved for `yieldAfterMs` since then, waiting
// for bytes its client has not sent, the body stops with `WriterYielded`: the
// transaction rolls back (nothing of it stored, as for any error), the rest of
// the body is read to the file with no transaction open, and the upload is
// read again from the file, at disk speed, taking its turn behind the others.
//
// Starving is measured where the reader takes its chunks (`watch`), not where
// the body is read: a form's parser reads the body ahead while the reader is
// busy, and that read waiting is not the reader waiting. Of a wait, only the
// time the event loop sat idle counts: a client that has sent nothing leaves
// the loop waiting for the network, while on a busy machine a fast client's
// chunks wait behind the process's own work (the body's parser, the writes
// to the file, other requests), which is not the client's doing (a 30 MB
// upload sent fast, on a machine loaded 4 over its 2 cores, waited 44% of its
// reading, most of it with the loop busy, and was given up and read twice). An upload read as
// fast as it arrives, or with no one waiting, is never restarted; one that is
// restarted is scanned twice (the first time only up to where it stopped).
// Without a temporary file (it cannot be made, or a write to it failed) the
// upload keeps the writer, as before.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import type { FileHandle } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { AppError } from "@/lib/errors";

/** The body stopped so that another transaction can have the writer; see `Spool.rest`. */
export class WriterYielded extends Error {
  constructor() {
    super("the upload gave the writer up to another one while it waited on its client; it is read again once its body is in");
    this.name = "WriterYielded";
  }
}

export type SpoolOptions = {
  /** Since when (`performance.now()`) another transaction has been waiting for the writer; null when none is. */
  contendedSince: () => number | null;
  /** Whether to keep the body aside at all (read at the first byte; false: a pass-through). */
  wanted?: () => boolean;
  /** Milliseconds the reader starves on the client while another waits, after which the writer is given up. */
  yieldAfterMs?: number;
  /** Where the temporary file is made (the system's temporary directory by default). */
  dir?: string;
  /** Bytes handed to the file and not yet written, at most, before reading waits for the disk. */
  maxPendingBytes?: number;
  /** Reads of the file when it is read again. */
  readBytes?: number;
  /** Told when the body cannot be kept aside (the upload then keeps the writer). */
  onUnavailable?: (error: unknown) => void;
};

export const DEFAULT_YIELD_AFTER_MS = 2000;
/** How often a body's pending read looks whether the reader is starving while another waits. */
const POLL_MS = 250;

export type Spool = {
  /** The body as it arrives, kept aside on the way; it throws `WriterYielded` when it gives the writer up. */
  live(source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;
  /** A file's chunks as its reader takes them (made from the body), timed: the reader's waits are its starving. */
  watch(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;
  /** Whether `live` gave the writer up (the attempt that read it failed for that, whatever it says). */
  readonly yielded: boolean;
  /** After yielding: reads the rest of the body into the file, then gives the whole body back from it. */
  rest(): Promise<AsyncIterable<Uint8Array>>;
  /** Closes (and removes) the file. */
  close(): Promise<void>;
};

const TIMEOUT = Symbol("timeout");

function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(resolve, ms, TIMEOUT);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function writeAll(file: FileHandle, chunk: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < chunk.byteLength) {
    const { bytesWritten } = await file.write(chunk, done, chunk.byteLength - done, position + done);
    if (bytesWritten <= 0) throw new Error("the temporary file took no bytes");
    done += bytesWritten;
  }
}

export function createSpool(options: SpoolOptions): Spool {
  const yieldAfterMs = options.yieldAfterMs ?? DEFAULT_YIELD_AFTER_MS;
  const maxPendingBytes = options.maxPendingBytes ?? 8 * 1024 * 1024;
  const readBytes = options.readBytes ?? 256 * 1024;
  const unavailable =
    options.onUnavailable ??
    ((error: unknown) => console.warn(`an upload cannot be kept aside on disk (${error instanceof Error ? error.message : String(error)}): it keeps the writer while its client sends it`));

  let file: FileHandle | null = null;
  /** The file's name while it could not be removed yet (removed on close). */
  let removeOnClose: string | null = null;
  /** Why the file cannot be used (it could not be made, or a write failed). */
  let broken: unknown = null;
  let size = 0;
  let pendingBytes = 0;
  const writes = new Set<Promise<void>>();
  let source: AsyncIterator<Uint8Array> | null = null;
  /** The read that was waiting when the writer was given up: the rest starts with it. */
  let pending: Promise<IteratorResult<Uint8Array>> | null = null;
  let yielded = false;
  let closed = false;
  /** Milliseconds the reader waited for chunks while another transaction waited for the writer (waits ended). */
  let starved = 0;
  /** When the reader's current wait for a chunk began; null while it has one. */
  let hungrySince: number | null = null;
  /** The event loop's busy and idle times when that wait began. */
  let hungryLoop: EventLoopUtilization | null = null;

  /**
   * `starved`, with the current wait counted up to `now`: from when another
   * began waiting, and no more than the event loop has been idle in it.
   */
  const starvedAt = (now: number): number => {
    const since = options.contendedSince();
    if (since === null || hungrySince === null) return starved;
    const waited = Math.max(0, now - Math.max(hungrySince, since));
    const idle = hungryLoop === null ? waited : performance.eventLoopUtilization(hungryLoop).idle;
    return starved + Math.min(waited, idle);
  };

  const open = async () => {
    const dir = options.dir ?? os.tmpdir();
    const name = path.join(dir, `mqueue-upload-${process.pid}-${randomUUID()}.part`);
    file = await fs.promises.open(name, "w+", 0o600);
    try {
      await fs.promises.unlink(name);
    } catch {
      removeOnClose = name;
    }
  };

  const breakWith = (error: unknown) => {
    if (broken !== null) return;
    broken = error;
    if (!yielded) unavailable(error);
  };

  /** Hands a chunk to the file; waits only when too much is on its way to the disk. */
  const keep = async (chunk: Uint8Array) => {
    if (file === null || broken !== null) return;
    const at = size;
    size += chunk.byteLength;
    pendingBytes += chunk.byteLength;
    const write: Promise<void> = writeAll(file, chunk, at)
      .catch(breakWith)
      .finally(() => {
        pendingBytes -= chunk.byteLength;
        writes.delete(write);
      });
    writes.add(write);
    while (pendingBytes > maxPendingBytes && writes.size > 0) await Promise.race(writes);
  };

  async function* live(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    if (source !== null) throw new Error("a spool reads one body");
    // Not `for await`: giving the writer up must leave the body open, to be read on by `rest`.
    source = body[Symbol.asyncIterator]();
    if (options.wanted?.() ?? true) {
      try {
        await open();
      } catch (error) {
        breakWith(error);
      }
    }
    for (;;) {
      const next = source.next();
      let result: IteratorResult<Uint8Array>;
      if (file === null || broken !== null) result = await next;
      else {
        for (;;) {
          // While the reader starves and another waits: until the budget is spent; else a look now and then.
          const starving = hungrySince !== null && options.contendedSince() !== null;
          const raced = await within(next, starving ? Math.max(1, yieldAfterMs - starvedAt(performance.now())) : POLL_MS);
          if (raced !== TIMEOUT) {
            result = raced;
            break;
          }
          if (hungrySince !== null && starvedAt(performance.now()) >= yieldAfterMs && broken === null) {
            yielded = true;
            pending = next;
            // Failed before `rest` reads it (the client went away): said there, not unhandled here.
            next.catch(() => undefined);
            throw new WriterYielded();
          }
        }
      }
      if (result.done) return;
      await keep(result.value);
      yield result.value;
    }
  }

  async function* watch(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    const reading = chunks[Symbol.asyncIterator]();
    let ended = false;
    try {
      for (;;) {
        hungrySince = performance.now();
        hungryLoop = performance.eventLoopUtilization();
        let result: IteratorResult<Uint8Array>;
        try {
          result = await reading.next();
        } finally {
          starved = starvedAt(performance.now());
          hungrySince = null;
          hungryLoop = null;
        }
        if (result.done) {
          ended = true;
          return;
        }
        yield result.value;
      }
    } finally {
      // A reader that stops early lets the chunks' source go, as `for await` would.
      if (!ended) await reading.return?.();
    }
  }

  async function* replay(handle: FileHandle, total: number): AsyncGenerator<Uint8Array> {
    let at = 0;
    while (at < total) {
      // A new buffer each time: readers may keep the chunks they were given.
      const buffer = new Uint8Array(Math.min(readBytes, total - at));
      const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, at);
      if (bytesRead <= 0) throw new Error(`the kept upload ended at ${at} of ${total} bytes`);
      at += bytesRead;
      yield bytesRead === buffer.byteLength ? buffer : buffer.subarray(0, bytesRead);
    }
  }

  return {
    live,
    watch,
    get yielded() {
      return yielded;
    },
    async rest() {
      if (!yielded || source === null || pending === null || file === null) throw new Error("the upload did not give the writer up");
      let next: Promise<IteratorResult<Uint8Array>> = pending;
      pending = null;
      for (;;) {
        const result = await next;
        if (result.done) break;
        await keep(result.value);
        if (broken !== null) break;
        next = source.next();
      }
      await Promise.all(writes);
      if (broken !== null) {
        const reason = broken instanceof Error ? broken.message : String(broken);
        throw new AppError(
          "unavailable",
          `the upload waited for another one to be written and could not be kept aside on the server's disk meanwhile (${reason}); nothing of it was stored: send it again`,
        );
      }
      return replay(file, size);
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(writes);
      const handle: FileHandle | null = file;
      file = null;
      await handle?.close().catch(() => undefined);
      if (removeOnClose !== null) await fs.promises.unlink(removeOnClose).catch(() => undefined);
    },
  };
}
