import { describe, expect, it } from "vitest";
import { utf16ToUtf8 } from "./utf16";

const TEXT = "JOB_NAME=运维\nprocesses sorted by queue_len desc:\n 😀 é\n";

function utf16(text: string, endian: "le" | "be"): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(endian === "le" ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + 2 * i] = endian === "le" ? c & 0xff : c >> 8;
    out[3 + 2 * i] = endian === "le" ? c >> 8 : c & 0xff;
  }
  return out;
}

async function readAll(chunks: Uint8Array[]): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const chunk of utf16ToUtf8((async function* () { yield* chunks; })())) parts.push(chunk);
  return Buffer.concat(parts).toString("utf8");
}

/** `bytes` cut into pieces of `size` (the last may be shorter). */
const pieces = (bytes: Uint8Array, size: number) => Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));

describe("utf16ToUtf8", () => {
  it.each(["le", "be"] as const)("UTF-16%s with its mark reads as the UTF-8 text, the mark dropped, however it is cut", async (endian) => {
    const bytes = utf16(TEXT, endian);
    for (const size of [1, 2, 3, 7, bytes.length]) expect(await readAll(pieces(bytes, size))).toBe(TEXT);
  });

  it.each(["le", "be"] as const)("UTF-16%s without a mark, a console log of mostly ASCII, reads as the UTF-8 text however it is cut", async (endian) => {
    const text = `${"processes sorted by queue_len desc:\n [{<0.1.0>,{message_queue_len,5}}]\n".repeat(3)}JOB_NAME=运维 😀\n`;
    const bytes = utf16(text, endian).subarray(2);
    for (const size of [1, 2, 3, 7, bytes.length]) expect(await readAll(pieces(bytes, size))).toBe(text);
    // A console in a Chinese locale: its first lines Chinese, the rest the monitor's ASCII.
    const chinese = `由用户 管理员 启动\n正在构建工作空间 D:\\工作区\\监控\n${text}`;
    expect(await readAll([utf16(chinese, endian).subarray(2)])).toBe(chinese);
    // Too short to tell (fewer than 16 units): left as it is, for the binary check to refuse.
    const short = utf16("JOB_NAME=x\n", endian).subarray(2);
    expect(Buffer.from(new TextEncoder().encode(await readAll([short])))).toEqual(Buffer.from(short));
  });

  it("anything else passes unchanged, a UTF-8 mark included", async () => {
    const utf8 = new TextEncoder().encode(`\ufeff${TEXT}`);
    for (const size of [1, 5, utf8.length]) {
      const out: Uint8Array[] = [];
      for await (const chunk of utf16ToUtf8((async function* () { yield* pieces(utf8, size); })())) out.push(chunk);
      expect(Buffer.concat(out).equals(Buffer.from(utf8))).toBe(true);
    }
    // Opens like UTF-16LE, but its units mostly have a high byte: byte garbage before UTF-8 text, left alone.
    const garbage = Uint8Array.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0a, ...new TextEncoder().encode(TEXT)]);
    const kept: Uint8Array[] = [];
    for await (const chunk of utf16ToUtf8((async function* () { yield* pieces(garbage, 3); })())) kept.push(chunk);
    expect(Buffer.concat(kept).equals(Buffer.from(garbage))).toBe(true);
    expect(await readAll([])).toBe("");
    expect(await readAll([new Uint8Array([0xff])])).toBe("\ufffd");
  });
});
