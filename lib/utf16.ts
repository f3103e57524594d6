// ## UTF-16 logs
//
// Windows PowerShell 5 writes `>` and `Out-File` as UTF-16LE with a byte-order
// mark, so a console log saved on a Windows CI agent often arrives so. The
// scanners read UTF-8: a stream that opens with a UTF-16 byte-order mark
// (FF FE little-endian, FE FF big-endian) is transcoded to UTF-8 as it
// streams, the mark dropped; anything else passes unchanged.

import { readHead } from "./stream-head";

/** Code units after the mark that decide whether the text really is UTF-16. */
const SNIFF_UNITS = 256;

/**
 * `FF FE` also opens byte garbage (the bad-input corpus has such a log). A
 * console log is mostly ASCII: as UTF-16, most of its code units have a zero
 * high byte. Text whose units mostly do not is not read as UTF-16.
 */
function looksUtf16(head: Uint8Array, littleEndian: boolean): boolean {
  const units = Math.min(SNIFF_UNITS, Math.floor((head.byteLength - 2) / 2));
  if (units === 0) return true;
  let zeroHigh = 0;
  for (let i = 0; i < units; i++) if (head[2 + 2 * i + (littleEndian ? 1 : 0)] === 0) zeroHigh++;
  return zeroHigh * 2 >= units;
}

/**
 * Without a mark: UTF-16 when most of the first units (3 in 4, of 16 or more) are ASCII text
 * (printable, tab, line ends) with a zero high byte, in one byte order: a Jenkins console in a Chinese
 * locale opens with a line or two of Chinese (a diff review: 15 in 16 refused one). A CI review: such a log (a
 * .NET writer without the mark, a console cut after it) was refused as "a binary file … the first
 * 0x00". No UTF-8 text has a zero byte every other byte; a binary file that did is refused by the
 * scanner all the same (no monitor output).
 */
function unmarkedUtf16(head: Uint8Array): "utf-16le" | "utf-16be" | null {
  const units = Math.min(SNIFF_UNITS, Math.floor(head.byteLength / 2));
  if (units < 16) return null;
  for (const littleEndian of [true, false]) {
    let ascii = 0;
    for (let i = 0; i < units; i++) {
      const low = head[2 * i + (littleEndian ? 0 : 1)] as number;
      const high = head[2 * i + (littleEndian ? 1 : 0)] as number;
      if (high === 0 && (low === 9 || low === 10 || low === 13 || (low >= 0x20 && low < 0x7f))) ascii++;
    }
    if (ascii * 4 >= units * 3) return littleEndian ? "utf-16le" : "utf-16be";
  }
  return null;
}

/** The bytes as UTF-8: transcoded when they open with a UTF-16 byte-order mark (and read as UTF-16), or are UTF-16 without one (unmarkedUtf16), else as they are. */
export async function* utf16ToUtf8(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  // The mark and the units that confirm it.
  const head = await readHead(iterator, 2 + 2 * SNIFF_UNITS);
  const marked = head[0] === 0xff && head[1] === 0xfe ? "utf-16le" : head[0] === 0xfe && head[1] === 0xff ? "utf-16be" : null;
  const encoding = marked !== null ? (looksUtf16(head, marked === "utf-16le") ? marked : null) : unmarkedUtf16(head);
  if (encoding === null) {
    if (head.byteLength > 0) yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    return;
  }
  // The decoder drops the mark (ignoreBOM false); an odd byte or a lone surrogate becomes U+FFFD, as any decoder would.
  const decoder = new TextDecoder(encoding);
  const encoder = new TextEncoder();
  yield encoder.encode(decoder.decode(head, { stream: true }));
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    const text = decoder.decode(next.value, { stream: true });
    if (text.length > 0) yield encoder.encode(text);
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield encoder.encode(rest);
}
