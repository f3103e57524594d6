// ## UTF-16 logs
//
// Windows PowerShell 5 writes `>` and `Out-File` as UTF-16LE with a byte-order
// mark, so a console log saved on a Windows CI agent often arrives so. The
// scanners read UTF-8: a stream that opens with a UTF-16 byte-order mark
// (FF FE little-endian, FE FF big-endian) is transcoded to UTF-8 as it
// streams, the mark dropped; anything else passes unchanged.

/** The bytes as UTF-8: transcoded when they open with a UTF-16 byte-order mark, else as they are. */
export async function* utf16ToUtf8(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  // The mark is two bytes; a pipe may hand over one first.
  let head = new Uint8Array(0);
  while (head.byteLength < 2) {
    const next = await iterator.next();
    if (next.done) break;
    const joined = new Uint8Array(head.byteLength + next.value.byteLength);
    joined.set(head);
    joined.set(next.value, head.byteLength);
    head = joined;
  }
  const encoding = head[0] === 0xff && head[1] === 0xfe ? "utf-16le" : head[0] === 0xfe && head[1] === 0xff ? "utf-16be" : null;
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
