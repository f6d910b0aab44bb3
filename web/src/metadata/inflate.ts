// Bounded inflation of the zlib streams in PNG zTXt and iTXt chunks, with
// the browser's own DecompressionStream (no decompression code of ours).

import type { Budget } from "./budget.js";
import { type Bytes, concat } from "./bytes.js";

/** The most bytes one compressed text chunk is inflated to. */
export const MAX_INFLATED_CHUNK = 4 * 1024 * 1024;

/**
 * The bytes a zlib stream inflates to, or `undefined` when the stream is
 * damaged, inflates to more than {@link MAX_INFLATED_CHUNK} bytes or more
 * than the file's budget left, or the browser has no DecompressionStream. Only the
 * output read so far is held: a "zip bomb" is stopped at the limit.
 */
export async function inflateZlib(data: Bytes, budget: Budget): Promise<Bytes | undefined> {
  if (typeof DecompressionStream !== "function" || budget.inflated <= 0) return undefined;
  const limit = Math.min(MAX_INFLATED_CHUNK, budget.inflated);
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    const stream = new DecompressionStream("deflate");
    const writer = stream.writable.getWriter();
    // Errors surface on the readable side; these promises only settle.
    writer.write(data).catch(() => undefined);
    writer.close().catch(() => undefined);
    reader = stream.readable.getReader();
    const pieces: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      budget.inflated -= value.length;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        return undefined;
      }
      pieces.push(value);
    }
    return concat(pieces);
  } catch {
    await reader?.cancel().catch(() => undefined);
    return undefined;
  }
}
