// readFileChunks reuses two buffers: the bytes must come out whole and in
// order, the file must be closed however the consumer stops, and the
// scanners fed from it must read exactly what they read from one fresh
// buffer (a chunk kept past `push` would be overwritten by the file's later
// bytes and show up here).

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { streamSnapshots, type Snapshot } from "../formats";
import { readFileChunks } from "./file-chunks";
import { generateLog } from "./generate";
import { streamRuns } from "./scan";

const dir = mkdtempSync(join(tmpdir(), "file-chunks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bytesOf(path: string, chunkSize: number): Promise<{ bytes: Buffer; sizes: number[] }> {
  const copies: Buffer[] = [];
  const sizes: number[] = [];
  for await (const chunk of readFileChunks(path, chunkSize)) {
    copies.push(Buffer.from(chunk)); // a copy: the chunk itself is reused
    sizes.push(chunk.length);
  }
  return { bytes: Buffer.concat(copies), sizes };
}

/** Open file descriptors of this process (Linux). */
const openFds = () => readdirSync("/proc/self/fd").length;

async function collect<T>(gen: AsyncIterable<T>): Promise<{ items: T[] } | { error: string }> {
  const items: T[] = [];
  try {
    for await (const x of gen) items.push(x);
    return { items };
  } catch (e) {
    return { error: String(e) };
  }
}

describe("readFileChunks", () => {
  const file = join(dir, "bytes.bin");
  const content = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 31 + (i >> 8)) & 0xff));
  writeFileSync(file, content);

  it.each([1, 7, 4096, 5000, 10_000, 65_536])("gives the file's bytes in order, in chunks of at most %i", async (size) => {
    const { bytes, sizes } = await bytesOf(file, size);
    expect(bytes.equals(content)).toBe(true);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(size);
    expect(sizes.length).toBe(Math.ceil(content.length / size));
  });

  it("gives nothing for an empty file", async () => {
    const empty = join(dir, "empty.log");
    writeFileSync(empty, "");
    expect((await bytesOf(empty, 16)).sizes).toEqual([]);
  });

  it("reuses its buffers: a chunk kept past the next one holds later bytes", async () => {
    const kept: Uint8Array[] = [];
    for await (const chunk of readFileChunks(file, 1000)) kept.push(chunk);
    // What this test pins down is the contract, not an accident: consumers must copy.
    expect(Buffer.from(kept[0]!).equals(content.subarray(0, 1000))).toBe(false);
  });

  it("rejects with Node's error for a missing file", async () => {
    await expect(collect(readFileChunks(join(dir, "missing.log")))).resolves.toEqual({ error: expect.stringContaining("ENOENT") });
    await expect(readFileChunks(join(dir, "missing.log")).next()).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("rejects a chunk size that is not a positive integer", async () => {
    await expect(readFileChunks(file, 0).next()).rejects.toThrow(RangeError);
  });

  it("closes the file when the consumer stops early, a read still in flight", async () => {
    const before = openFds();
    for (let i = 0; i < 20; i++) {
      for await (const chunk of readFileChunks(file, 100)) {
        expect(chunk.length).toBe(100);
        break;
      }
    }
    expect(openFds()).toBe(before);
  });

  it("closes the file at the end", async () => {
    const before = openFds();
    for (let i = 0; i < 20; i++) await bytesOf(file, 4096);
    expect(openFds()).toBe(before);
  });
});

describe("the scanners fed from reused buffers read what they read from one fresh buffer", () => {
  const fixtures = [
    ...readdirSync(join(__dirname, "__fixtures__")).map((f) => join(__dirname, "__fixtures__", f)),
    // A real Erlang node's output (__real-erlang__/README.md): its logs, not its sources.
    ...readdirSync(join(__dirname, "__real-erlang__"))
      .filter((f) => f.endsWith(".log"))
      .map((f) => join(__dirname, "__real-erlang__", f)),
    ...readdirSync(join(__dirname, "..", "formats", "__fixtures__")).map((f) => join(__dirname, "..", "formats", "__fixtures__", f)),
  ];
  // A generated log: Chinese room names and bodies (multi-byte characters split across chunks), noise between builds.
  const generated = join(dir, "generated.log");
  writeFileSync(generated, [...generateLog({ seed: 11, builds: 12 })].map((b, i) => `${"[INFO] noise line ".repeat(i * 40)}\n${b}`).join(""));
  fixtures.push(generated);

  it("covers the fixtures", () => expect(fixtures.length).toBeGreaterThan(35));

  it.each(fixtures.map((f) => [f.slice(f.lastIndexOf("/") + 1), f]))("%s", async (_name, path) => {
    const whole = readFileSync(path);
    const reference = await collect<Snapshot>(streamSnapshots([Buffer.from(whole)], { source: "x.log" }));
    for (const size of [13, 1021, 8192]) {
      expect(await collect<Snapshot>(streamSnapshots(readFileChunks(path, size), { source: "x.log" }))).toEqual(reference);
    }
    const runs = await collect(streamRuns([Buffer.from(whole)], { source: "x.log" }));
    expect(await collect(streamRuns(readFileChunks(path, 1021), { source: "x.log" }))).toEqual(runs);
  });
});
