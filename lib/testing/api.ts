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

export function gzip(text: string): Uint8Array {
  return new Uint8Array(gzipSync(Buffer.from(text)));
}

export function getRequest(pathAndQuery: string): Request {
  return new Request(`http://127.0.0.1${pathAndQuery}`);
}
