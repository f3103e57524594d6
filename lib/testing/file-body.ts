// A request body that streams a file with backpressure. Readable.toWeb()
// without a strategy counts its high-water mark in chunks, not bytes, so a
// fast file feeding a slower consumer is read into memory whole; here a
// chunk is read only when the consumer pulls.
import fs from "node:fs";

export function fileBody(file: string, chunkSize = 256 * 1024): ReadableStream<Uint8Array> {
  let handle: fs.promises.FileHandle | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        handle ??= await fs.promises.open(file, "r");
        const buffer = new Uint8Array(chunkSize);
        const { bytesRead } = await handle.read(buffer, 0, chunkSize, null);
        if (bytesRead === 0) {
          await handle.close();
          controller.close();
        } else {
          controller.enqueue(buffer.subarray(0, bytesRead));
        }
      },
      async cancel() {
        await handle?.close();
      },
    },
    { highWaterMark: 1 },
  );
}
