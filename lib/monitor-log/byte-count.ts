// ## Counting lines in raw bytes
//
// The noise the splitter skips (line-reader.ts) must still be counted: its
// lines (`\n` bytes) and its UTF-16 length (its byte length when it is all
// ASCII). Buffer#indexOf once per line costs a native call per line, about
// as much as the rest of skipping together; a 16-byte-wide loop in
// WebAssembly (SIMD) does both counts in one pass at memory speed, on a copy
// of the bytes. Where WebAssembly SIMD is unavailable, the same in JS.
//
// The module is assembled here from the text below (no build step, no
// binary blob to trust): `scan(p, end)` returns `lines << 1 | nonAscii` for
// the bytes [p, end) of its memory.
//
//   (func $scan (param $p i32) (param $end i32) (result i32)
//     (local $n i32) (local $k i32) (local $tail i32)
//     (local $acc v128) (local $nl v128) (local $or v128) (local $v v128)
//     nl = i8x16.splat(10)
//     block loop                                 ;; runs of at most 255 blocks: u8 lanes cannot overflow
//       br_if 1 (p + 16 > end)
//       acc = 0; k = 255
//       block loop
//         br_if 1 (p + 16 > end); br_if 1 (k == 0)
//         v = v128.load(p)
//         acc = acc - i8x16.eq(v, nl)              ;; a match is -1: each lane counts its `\n`s
//         or = or | v                             ;; any byte >= 0x80 sets a lane's top bit
//         p += 16; k -= 1
//       end end
//       n += sum of acc's 16 lanes (pairwise widening adds, then 4 lanes)
//     end end
//     block loop                                 ;; the last < 16 bytes one by one
//       br_if 1 (p >= end)
//       b = load8_u(p); n += (b == 10); tail |= b; p += 1
//     end end
//     return n << 1 | ((i8x16.bitmask(or) | tail >> 7) != 0))

import { Buffer, isAscii } from "node:buffer";

const LINE_FEED = 10;
/** 64 KiB pages: bytes are counted in pieces of at most this much. */
const MEMORY_PAGES = 16;
const PIECE = MEMORY_PAGES * 65536;
/** Below this, copying to WebAssembly costs more than it saves. */
const SMALL = 2048;

/** Result of a count; one object reused (no allocation per call). */
export type ByteCount = { lines: number; ascii: boolean };

/** The JS version: Buffer#indexOf per line, isAscii once. */
function countInJs(b: Buffer, from: number, to: number, out: ByteCount): ByteCount {
  let lines = 0;
  for (let p = b.indexOf(LINE_FEED, from); p !== -1 && p < to; p = b.indexOf(LINE_FEED, p + 1)) lines++;
  out.lines = lines;
  out.ascii = isAsciiRange(b, from, to);
  return out;
}

const isAsciiRange = (b: Buffer, from: number, to: number) => isAscii(b.subarray(from, to));

// ### A minimal assembler for the few instructions used

const OPS: Record<string, readonly number[]> = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: [0x0c],
  br_if: [0x0d],
  "local.get": [0x20],
  "local.set": [0x21],
  "local.tee": [0x22],
  "i32.const": [0x41],
  "i32.eqz": [0x45],
  "i32.eq": [0x46],
  "i32.ne": [0x47],
  "i32.gt_u": [0x4b],
  "i32.ge_u": [0x4f],
  "i32.add": [0x6a],
  "i32.sub": [0x6b],
  "i32.or": [0x72],
  "i32.shl": [0x74],
  "i32.shr_u": [0x76],
  "i32.load8_u": [0x2d, 0, 0],
  "v128.load": [0xfd, 0x00, 0, 0],
  "v128.zero": [0xfd, 0x0c, ...new Array<number>(16).fill(0)], // v128.const 0
  "i8x16.splat": [0xfd, 0x0f],
  "i32x4.extract_lane": [0xfd, 0x1b],
  "i8x16.eq": [0xfd, 0x23],
  "v128.or": [0xfd, 0x50],
  "i8x16.bitmask": [0xfd, 0x64],
  "i8x16.sub": [0xfd, 0x71],
  "i16x8.extadd_pairwise_i8x16_u": [0xfd, 0x7d],
  "i32x4.extadd_pairwise_i16x8_u": [0xfd, 0x7f],
};
/** Instructions followed by an immediate (unsigned LEB128, or signed for i32.const). */
const IMMEDIATE = new Set(["br", "br_if", "local.get", "local.set", "local.tee", "i32x4.extract_lane", "i32.const"]);

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
};

function assemble(code: ReadonlyArray<string | number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < code.length; i++) {
    const op = code[i] as string;
    const bytes = OPS[op];
    if (!bytes) throw new Error(`unknown instruction ${op}`);
    out.push(...bytes);
    if (IMMEDIATE.has(op)) {
      const imm = code[++i] as number;
      out.push(...(op === "i32.const" ? sleb(imm) : uleb(imm)));
    }
  }
  return out;
}

function scanModule(): Uint8Array<ArrayBuffer> {
  // Locals: params p, end; then n, k, tail (i32); acc, nl, or, v (v128).
  const [P, END, N, K, TAIL, ACC, NL, OR, V] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const blockFits = ["local.get", P, "i32.const", 16, "i32.add", "local.get", END, "i32.gt_u"];
  const body = assemble([
    "i32.const", LINE_FEED, "i8x16.splat", "local.set", NL,
    "block", "loop",
      ...blockFits, "br_if", 1,
      "v128.zero", "local.set", ACC,
      "i32.const", 255, "local.set", K,
      "block", "loop",
        ...blockFits, "br_if", 1,
        "local.get", K, "i32.eqz", "br_if", 1,
        "local.get", ACC, "local.get", P, "v128.load", "local.tee", V, "local.get", NL, "i8x16.eq", "i8x16.sub", "local.set", ACC,
        "local.get", OR, "local.get", V, "v128.or", "local.set", OR,
        "local.get", P, "i32.const", 16, "i32.add", "local.set", P,
        "local.get", K, "i32.const", 1, "i32.sub", "local.set", K,
        "br", 0,
      "end", "end",
      "local.get", ACC, "i16x8.extadd_pairwise_i8x16_u", "i32x4.extadd_pairwise_i16x8_u", "local.set", ACC,
      "local.get", N,
      "local.get", ACC, "i32x4.extract_lane", 0,
      "local.get", ACC, "i32x4.extract_lane", 1, "i32.add",
      "local.get", ACC, "i32x4.extract_lane", 2, "i32.add",
      "local.get", ACC, "i32x4.extract_lane", 3, "i32.add",
      "i32.add", "local.set", N,
      "br", 0,
    "end", "end",
    "block", "loop",
      "local.get", P, "local.get", END, "i32.ge_u", "br_if", 1,
      "local.get", P, "i32.load8_u", "local.tee", K,
      "local.get", TAIL, "i32.or", "local.set", TAIL,
      "local.get", N, "local.get", K, "i32.const", LINE_FEED, "i32.eq", "i32.add", "local.set", N,
      "local.get", P, "i32.const", 1, "i32.add", "local.set", P,
      "br", 0,
    "end", "end",
    "local.get", N, "i32.const", 1, "i32.shl",
    "local.get", OR, "i8x16.bitmask", "local.get", TAIL, "i32.const", 7, "i32.shr_u", "i32.or", "i32.const", 0, "i32.ne",
    "i32.or",
    "end",
  ]); // prettier-ignore
  const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
  const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  const I32 = 0x7f;
  const V128 = 0x7b;
  const func = [...uleb(2), ...uleb(3), I32, ...uleb(4), V128, ...body];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // \0asm, version 1
    ...section(1, vector([[0x60, 2, I32, I32, 1, I32]])), // type: (i32, i32) -> i32
    ...section(3, vector([[0]])), // function 0 has type 0
    ...section(5, vector([[0x00, MEMORY_PAGES]])), // memory: MEMORY_PAGES pages, no maximum
    ...section(7, vector([[...name("memory"), 0x02, 0], [...name("scan"), 0x00, 0]])),
    ...section(10, vector([[...uleb(func.length), ...func]])),
  ]);
}

type Wasm = { heap: Uint8Array; scan: (p: number, end: number) => number };
let wasm: Wasm | null | undefined;

function loadWasm(): Wasm | null {
  try {
    const bytes = scanModule();
    if (typeof WebAssembly === "undefined" || !WebAssembly.validate(bytes)) return null;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    const memory = instance.exports.memory as WebAssembly.Memory;
    return { heap: new Uint8Array(memory.buffer), scan: instance.exports.scan as Wasm["scan"] };
  } catch {
    return null;
  }
}

const shared: ByteCount = { lines: 0, ascii: true };

/**
 * Lines (`\n` bytes) in `b[from, to)` and whether those bytes are all
 * ASCII. The result object is reused by the next call.
 */
export function countBytes(b: Buffer, from: number, to: number, mode: "auto" | "js" = "auto"): ByteCount {
  if (wasm === undefined) wasm = loadWasm();
  if (mode === "js" || wasm === null || to - from < SMALL) return countInJs(b, from, to, shared);
  let lines = 0;
  let ascii = true;
  for (let p = from; p < to; p += PIECE) {
    const end = Math.min(to, p + PIECE);
    wasm.heap.set(b.subarray(p, end), 0);
    const r = wasm.scan(0, end - p);
    lines += r >>> 1;
    if ((r & 1) !== 0) ascii = false;
  }
  shared.lines = lines;
  shared.ascii = ascii;
  return shared;
}

/** Whether the WebAssembly counter is in use (for tests and benchmarks). */
export function usesWasm(): boolean {
  if (wasm === undefined) wasm = loadWasm();
  return wasm !== null;
}
