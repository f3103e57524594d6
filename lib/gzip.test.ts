import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { GzipError, inflateIfGzip } from "./gzip";

/** `bytes` in chunks of `size`, all through one buffer overwritten after each (as readFileChunks reuses its buffers). */
async function* reused(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  const buffer = new Uint8Array(size);
  for (let at = 0; at < bytes.length; at += size) {
    const n = Math.min(size, bytes.length - at);
    buffer.set(bytes.subarray(at, at + n));
    yield buffer.subarray(0, n);
    buffer.fill(0x2a);
  }
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of source) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString("utf8");
}

const TEXT = Array.from({ length: 2000 }, (_, i) => `line ${i}: processes sorted by queue_len desc:\n`).join("");

describe("inflateIfGzip", () => {
  it.each([1, 2, 7, 4096])("inflates gzip read in reused %i-byte chunks", async (size) => {
    expect(await collect(inflateIfGzip(reused(gzipSync(TEXT), size)))).toBe(TEXT);
  });

  it.each([1, 3, 4096])("passes other bytes unchanged, in reused %i-byte chunks", async (size) => {
    expect(await collect(inflateIfGzip(reused(Buffer.from(TEXT), size)))).toBe(TEXT);
  });

  it("passes one byte, and nothing, unchanged", async () => {
    expect(await collect(inflateIfGzip(reused(Buffer.from([0x1f]), 1)))).toBe("\x1f");
    expect(await collect(inflateIfGzip(reused(new Uint8Array(0), 1)))).toBe("");
  });

  it("gzip that does not inflate is a GzipError; the source's own errors pass through", async () => {
    await expect(collect(inflateIfGzip(reused(gzipSync(TEXT).subarray(0, 100), 64)))).rejects.toBeInstanceOf(GzipError);
    const failing = (async function* () {
      yield gzipSync(TEXT).subarray(0, 10);
      throw Object.assign(new Error("read failed"), { code: "EIO" });
    })();
    await expect(collect(inflateIfGzip(failing))).rejects.toMatchObject({ code: "EIO" });
  });
});
