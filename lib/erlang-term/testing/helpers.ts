// ## Test helpers: build expected trees, compare without spans

import { binaryFromSegments, binarySegments } from "../binary";
import type { BinSegment, ErlBinary, ErlTerm } from "../types";

/**
 * A deep copy with every node's `start`/`end` removed, for structural
 * comparison. Binaries compare by their segments (`{ kind, segments }`):
 * whether one is stored flat depends on spans too (types.ts), which this
 * comparison leaves out; binary.test.ts checks the shapes themselves.
 */
export function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value !== null && typeof value === "object") {
    if ((value as { kind?: unknown }).kind === "binary" && "segments" in value) {
      return { kind: "binary", segments: withoutSpans(binarySegments(value as ErlBinary)) };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== "start" && k !== "end") out[k] = withoutSpans(v);
    return out;
  }
  return value;
}

const s = { start: 0, end: 0 };
export const atom = (value: string): ErlTerm => ({ kind: "atom", value, start: 0, end: 0 });
export const int = (value: number | bigint): ErlTerm => ({ kind: "integer", value: BigInt(value), start: 0, end: 0 });
export const float = (value: number): ErlTerm => ({ kind: "float", value, start: 0, end: 0 });
export const str = (value: string): ErlTerm => ({ kind: "string", value, start: 0, end: 0 });
export const tuple = (...elements: ErlTerm[]): ErlTerm => ({ kind: "tuple", elements, start: 0, end: 0 });
export const list = (elements: ErlTerm[], tail: ErlTerm | null = null): ErlTerm => ({ kind: "list", elements, tail, start: 0, end: 0 });
export const map = (...entries: [ErlTerm, ErlTerm][]): ErlTerm => ({ kind: "map", entries: entries.map(([key, value]) => ({ key, value })), start: 0, end: 0 });
export const record = (name: string, ...fields: [string, ErlTerm][]): ErlTerm => ({
  kind: "record",
  name,
  fields: fields.map(([n, value]) => ({ name: n, value })),
  ...s,
});
export const pid = (node: number, id: number, serial: number): ErlTerm => ({ kind: "pid", node, id, serial, text: `<${node}.${id}.${serial}>`, start: 0, end: 0 });
export const ref = (text: string): ErlTerm => ({ kind: "ref", text, start: 0, end: 0 });
export const fun = (text: string): ErlTerm => ({ kind: "fun", text, start: 0, end: 0 });
export const port = (text: string): ErlTerm => ({ kind: "port", text, start: 0, end: 0 });
export const cut = (): ErlTerm => ({ kind: "truncated", start: 0, end: 0 });
/** A binary of these segments (spans 0, so flat only when there is none: compare with `withoutSpans`). */
export const bin = (...segments: BinSegment[]): ErlTerm => binaryFromSegments(segments, 0, 0);
export const seg = {
  str: (value: string, encoding: "latin1" | "utf8" | "utf16" | "utf32" = "latin1"): BinSegment => ({ kind: "string", value, encoding, start: 0, end: 0 }),
  int: (value: number | bigint, size: number | null = null): BinSegment => ({ kind: "integer", value: BigInt(value), size, start: 0, end: 0 }),
  float: (value: number, size: number | null = null): BinSegment => ({ kind: "float", value, size, start: 0, end: 0 }),
  cut: (): BinSegment => ({ kind: "truncated", start: 0, end: 0 }),
};
/** `<<"text">>` */
export const binStr = (value: string): ErlTerm => bin(seg.str(value));

/** What a CI page shows for raw console text: `& < > " '` escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
