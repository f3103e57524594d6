import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ArchiveError, GzipError, inflateIfGzip } from "./gzip";

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

  it("gzip cut short says how far it got", async () => {
    await expect(collect(inflateIfGzip(reused(gzipSync(TEXT).subarray(0, 300), 64)))).rejects.toThrow(
      /^not a valid gzip stream \(unexpected end of file, within its first 300 bytes\)$/,
    );
  });

  it.each([
    ["zip", [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00], "a zip archive, not a log or gzip: unzip it and give the log inside"],
    ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], "xz-compressed, not a log or gzip: unxz it first, or gzip it"],
    ["bzip2", [0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59], "bzip2-compressed, not a log or gzip: bunzip2 it first, or gzip it"],
    ["zstd", [0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x00], "zstd-compressed, not a log or gzip: unzstd it first, or gzip it"],
    ["7z", [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], "a 7z archive, not a log or gzip: unpack it and give the log inside"],
  ])("%s is said to be one, read a byte at a time too (an ArchiveError, a GzipError to callers)", async (_name, magic, message) => {
    const bytes = Buffer.concat([Buffer.from(magic), Buffer.from(TEXT)]);
    for (const size of [1, 4096]) {
      const error = await collect(inflateIfGzip(reused(bytes, size))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArchiveError);
      expect(error).toBeInstanceOf(GzipError);
      expect((error as Error).message).toBe(message);
    }
  });

  it("text that starts like a magic number but is text passes unchanged", async () => {
    for (const text of ["BZh9 is not bzip2\n", "PK 1\n", "7z\n"]) expect(await collect(inflateIfGzip(reused(Buffer.from(text), 2)))).toBe(text);
  });
});
