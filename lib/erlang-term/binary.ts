// ## Binary contents
//
// A printed binary is a list of segments; the bytes are what the segments
// encode, the way Erlang's own binary construction would: integers without a
// size are one byte (taking the low 8 bits, as `<<256>>` does), `N:Size`
// takes Size bits big-endian, strings are one byte per character (latin1)
// or their UTF-8/16/32 encoding. Monitor output often shows a UTF-8 payload
// as a list of byte values (`<<228,184,173>>`), so `binaryText` is what turns
// it back into readable text.
//
// Most binaries are a single string literal, so the tree stores those flat
// (types.ts): `binarySegments` gives the segment list of either shape, and
// `binaryFromSegments` is the one place that decides which shape a list of
// segments gets, for the parser and for anyone building trees by hand.

import type { BinEncoding, BinSegment, ErlBinary } from "./types";

/**
 * The binary for these segments, spanning `start`..`end`: flat when there
 * is no segment, or one non-empty string segment spanning exactly
 * `start + 2` .. `end - 2`; else segmented, keeping the array as given (see
 * ErlBinary). Either way `binarySegments` gives back equal segments.
 */
export function binaryFromSegments(segments: BinSegment[], start: number, end: number): ErlBinary {
  if (segments.length === 0) return flatBinary("", "latin1", start, end);
  const only = segments[0]!;
  if (segments.length === 1 && only.kind === "string" && only.value !== "" && only.start === start + 2 && only.end === end - 2) {
    return flatBinary(only.value, only.encoding, start, end);
  }
  return segmentedBinary(segments, start, end);
}

/**
 * A flat binary: `text` non-empty (its segment spanning `start + 2` ..
 * `end - 2`), or "" for `<<>>`. Every binary is built by this literal or the
 * segmented one below, fields in the same order, so V8 gives them one
 * hidden class.
 */
export function flatBinary(text: string, encoding: BinEncoding, start: number, end: number): ErlBinary {
  return { kind: "binary", text, encoding, segments: null, start, end };
}

/** A segmented binary, whatever its segments (use `binaryFromSegments` to get the flat form where it applies). */
export function segmentedBinary(segments: BinSegment[], start: number, end: number): ErlBinary {
  return { kind: "binary", text: null, encoding: null, segments, start, end };
}

/**
 * The segments of a binary, whichever shape it has. For a flat binary this
 * builds its one string segment, spanning `start + 2` .. `end - 2` as the
 * parser read it, or returns an empty array for `<<>>`; a segmented
 * binary's own array is returned, not a copy.
 */
export function binarySegments(bin: ErlBinary): BinSegment[] {
  if (bin.segments !== null) return bin.segments;
  if (bin.text === "") return [];
  return [{ kind: "string", value: bin.text, encoding: bin.encoding, start: bin.start + 2, end: bin.end - 2 }];
}

/** Was the binary cut short (`<<"abc"...>>`, `<<1,2,...>>`)? */
export function binaryTruncated(bin: ErlBinary): boolean {
  return bin.segments !== null && bin.segments.some((s) => s.kind === "truncated");
}

const utf8Encoder = new TextEncoder();

/** Appends bits MSB-first; bytes are complete once 8 bits have arrived. */
class BitWriter {
  bytes: number[] = [];
  private acc = 0;
  private nbits = 0;

  get aligned(): boolean {
    return this.nbits === 0;
  }

  byte(b: number): void {
    if (this.nbits === 0) this.bytes.push(b & 0xff);
    else this.bits(BigInt(b & 0xff), 8);
  }

  bits(value: bigint, size: number): void {
    // Two's complement, truncated to `size` bits, as Erlang does.
    let v = BigInt.asUintN(size, value);
    for (let i = size - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | Number((v >> BigInt(i)) & 1n);
      this.nbits++;
      if (this.nbits === 8) {
        this.bytes.push(this.acc);
        this.acc = 0;
        this.nbits = 0;
      }
    }
    v = 0n;
  }
}

function writeString(w: BitWriter, s: string, encoding: BinEncoding): boolean {
  switch (encoding) {
    case "latin1":
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        // Erlang keeps the low byte of a wider character; so do we.
        w.byte(c);
      }
      return true;
    case "utf8":
      for (const b of utf8Encoder.encode(s)) w.byte(b);
      return true;
    case "utf16":
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        w.byte(c >> 8);
        w.byte(c);
      }
      return true;
    case "utf32":
      for (const ch of s) {
        const cp = ch.codePointAt(0)!;
        w.byte(cp >>> 24);
        w.byte(cp >> 16);
        w.byte(cp >> 8);
        w.byte(cp);
      }
      return true;
  }
}

/**
 * The bytes of a binary, or null when it is not a whole number of bytes
 * (`<<5:3>>`) or was cut short (`<<1,2,...>>`), since then the bytes are
 * not known.
 */
export function binaryBytes(bin: ErlBinary): Uint8Array | null {
  const w = new BitWriter();
  if (bin.segments === null) {
    writeString(w, bin.text, bin.encoding);
    return Uint8Array.from(w.bytes);
  }
  for (const seg of bin.segments) {
    switch (seg.kind) {
      case "truncated":
        return null;
      case "string":
        writeString(w, seg.value, seg.encoding);
        break;
      case "integer":
        if (seg.size === null || seg.size === 8) {
          if (w.aligned) w.bytes.push(Number(BigInt.asUintN(8, seg.value)));
          else w.bits(seg.value, 8);
        } else if (seg.size > 0) {
          if (seg.size > 1 << 16) return null;
          w.bits(seg.value, seg.size);
        }
        break;
      case "float": {
        const size = seg.size ?? 64;
        if (size !== 32 && size !== 64) return null;
        const view = new DataView(new ArrayBuffer(size / 8));
        if (size === 32) view.setFloat32(0, seg.value);
        else view.setFloat64(0, seg.value);
        for (let i = 0; i < size / 8; i++) w.byte(view.getUint8(i));
        break;
      }
    }
  }
  return w.aligned ? Uint8Array.from(w.bytes) : null;
}

/**
 * The binary as text when its bytes are valid UTF-8 (ASCII included), else
 * null. `<<"中文"/utf8>>` and `<<228,184,173,230,150,135>>` both give "中文".
 */
export function binaryText(bin: ErlBinary): string | null {
  // Common case first: a flat UTF-8 binary, or plain ASCII, is its own text.
  if (bin.segments === null && (bin.encoding === "utf8" || isAscii(bin.text))) return bin.text;
  const only = bin.segments?.length === 1 ? bin.segments[0] : undefined;
  if (only?.kind === "string" && (only.encoding === "utf8" || isAscii(only.value))) return only.value;
  const bytes = binaryBytes(bin);
  if (bytes === null) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** Bytes a text binary is made of: printable ASCII and the white space text has. */
const isTextByte = (b: number) => (b >= 32 && b < 127) || b === 9 || b === 10 || b === 13;

/**
 * A binary that is not UTF-8 but mostly text, as the Erlang string literal of the same bytes: a
 * MySQL error packet (`<<255,191,48,84,103,…>>`: header bytes, then the server's message) reads
 * `"\x{ff}\x{bf}0Tgfor configuring…"`. Printable ASCII stands as itself (`"` and `\` escaped), the
 * usual escapes for tab and line ends, every other byte `\x{hh}`: `<<"\x{ff}">>` is the byte 255
 * in Erlang, so the literal reads back to the same bytes. Null when the binary is valid UTF-8
 * (binaryText reads it), cut, shorter than 4 bytes, or less than three quarters text.
 */
export function binaryLatin1Literal(bin: ErlBinary): string | null {
  if (binaryTruncated(bin)) return null;
  const bytes = binaryBytes(bin);
  if (bytes === null || bytes.length < 4 || binaryText(bin) !== null) return null;
  let text = 0;
  for (const b of bytes) if (isTextByte(b)) text++;
  if (text * 4 < bytes.length * 3) return null;
  let out = '"';
  for (const b of bytes) {
    if (b === 34) out += '\\"';
    else if (b === 92) out += "\\\\";
    else if (b === 9) out += "\\t";
    else if (b === 10) out += "\\n";
    else if (b === 13) out += "\\r";
    else if (b >= 32 && b < 127) out += String.fromCharCode(b);
    else out += `\\x{${b.toString(16)}}`;
  }
  return `${out}"`;
}
