/**
 * The first `size` bytes of a stream or more (fewer when it ends first), read from `iterator` and
 * copied out of the source's buffers (which may be reused): what a magic number or a byte-order
 * mark is told from, when a pipe may hand over a single byte first. The iterator goes on after them.
 */
export async function readHead(iterator: AsyncIterator<Uint8Array>, size: number): Promise<Buffer> {
  let head = Buffer.alloc(0);
  while (head.byteLength < size) {
    const next = await iterator.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
  }
  return head;
}
