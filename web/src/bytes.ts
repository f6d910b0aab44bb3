// Byte helpers that both the protocol (src/protocol/) and the metadata
// cleaner (src/metadata/) use; each re-exports them from its own bytes.ts.

/** The pieces joined into one array. Takes an array, not arguments, so that
 * any number of pieces can be joined. */
export function concat(pieces: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let total = 0;
  for (const piece of pieces) total += piece.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
