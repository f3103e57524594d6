// Calling route handlers in-process, as Next would, for integration tests.
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

export const FIXTURES = path.join(process.cwd(), "lib", "monitor-log", "__fixtures__");

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), "utf8");
}

/** The seed's build logs (one build each), by file name. */
export function seedFixtureNames(): string[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((name) => /^ProductCI_.*_\d+\.log$/.test(name))
    .sort();
}

export function multipartRequest(
  files: { name: string; content: string | Uint8Array }[],
  fields: Record<string, string> = {},
  options: { query?: string; headers?: Record<string, string> } = {},
): Request {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  for (const file of files) form.append("file", new Blob([file.content as BlobPart]), file.name);
  return new Request(`http://127.0.0.1/api/logs${options.query ?? ""}`, {
    method: "POST",
    body: form,
    headers: options.headers,
  });
}

export function rawRequest(
  body: string | Uint8Array,
  contentType: string,
  options: { query?: string; headers?: Record<string, string> } = {},
): Request {
  return new Request(`http://127.0.0.1/api/logs${options.query ?? ""}`, {
    method: "POST",
    body: body as BodyInit,
    headers: { "content-type": contentType, ...options.headers },
    duplex: "half",
  } as RequestInit);
}

/**
 * A raw `text/plain` upload whose client sends `first`, then waits until `release()` to send
 * `rest` (`query`: the upload's, `?filename=…`): what another upload or a deletion does meanwhile.
 */
export function heldRequest(first: string | Uint8Array, rest: string | Uint8Array, query = ""): { request: Request; release: () => void } {
  const bytes = (piece: string | Uint8Array) => (typeof piece === "string" ? new TextEncoder().encode(piece) : piece);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent === 1) await released;
      if (sent >= 2) return controller.close();
      controller.enqueue(bytes(sent === 0 ? first : rest));
      sent++;
    },
  });
  const request = new Request(`http://127.0.0.1/api/logs${query}`, { method: "POST", body, headers: { "content-type": "text/plain" }, duplex: "half" } as RequestInit);
  return { request, release };
}

/** A raw `text/plain` body that arrives in pieces of the given sizes (the last one takes the rest). */
export function chunkedRequest(body: Uint8Array, sizes: number[], query = ""): Request {
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const size of sizes) {
    pieces.push(body.subarray(at, at + size));
    at += size;
  }
  pieces.push(body.subarray(at));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = pieces.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  });
  return new Request(`http://127.0.0.1/api/logs${query}`, { method: "POST", body: stream, headers: { "content-type": "text/plain" }, duplex: "half" } as RequestInit);
}

export function gzip(text: string): Uint8Array {
  return new Uint8Array(gzipSync(Buffer.from(text)));
}

export function getRequest(pathAndQuery: string): Request {
  return new Request(`http://127.0.0.1${pathAndQuery}`);
}

/**
 * A request whose body stops after `parts[0]` until `release` is called (or fails there with
 * `fail`), as a client on a slow line. `stalled` resolves when the server asked for more.
 */
export function slowRequest(parts: Uint8Array[], contentType: string, query = "") {
  let release: () => void = () => undefined;
  let failure: Error | null = null;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let stalled: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (stalled = resolve));
  let index = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index === 1) {
        stalled();
        await gate;
        if (failure) {
          controller.error(failure);
          return;
        }
      }
      const part = parts[index++];
      if (part === undefined) controller.close();
      else controller.enqueue(part);
    },
  });
  const request = new Request(`http://127.0.0.1/api/logs${query}`, {
    method: "POST",
    body: stream,
    headers: { "content-type": contentType },
    duplex: "half",
  } as RequestInit);
  return {
    request,
    stalled: reached,
    release: () => release(),
    fail: (error: Error) => {
      failure = error;
      release();
    },
  };
}
