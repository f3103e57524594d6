import type { ErlTerm } from "./types";

/**
 * `scratch[base, base + n)` as an array of exactly `n` elements: the elements of a tuple or list
 * kept on a parser's scratch stack (parser.ts and fast.ts). Most tuples and lists are short: an
 * array literal is allocated inline, where `slice` is a call into a builtin.
 */
export function exactSlice(scratch: ErlTerm[], base: number, n: number): ErlTerm[] {
  switch (n) {
    case 0:
      return [];
    case 1:
      return [scratch[base]!];
    case 2:
      return [scratch[base]!, scratch[base + 1]!];
    case 3:
      return [scratch[base]!, scratch[base + 1]!, scratch[base + 2]!];
    case 4:
      return [scratch[base]!, scratch[base + 1]!, scratch[base + 2]!, scratch[base + 3]!];
    default:
      return scratch.slice(base, base + n);
  }
}
