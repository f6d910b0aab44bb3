// The byte helpers the protocol and the metadata cleaner share: joining
// pieces, and gathering streamed bytes into Blob parts of one MiB.

import { test } from "node:test";
import assert from "node:assert/strict";

import { concat } from "../src/bytes.js";
import { BlobPieces } from "../src/protocol/bytes.js";

const MIB = 1024 * 1024;

/** `size` bytes that differ from their neighbours. */
function content(size: number): Uint8Array<ArrayBuffer> {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (i * 131 + 7) % 251;
  return data;
}

test("concat joins any number of pieces, empty ones too, into a new array", () => {
  assert.deepEqual(concat([]), new Uint8Array(0));
  const a = Uint8Array.of(1, 2);
  const joined = concat([a, new Uint8Array(0), Uint8Array.of(3), a.subarray(1)]);
  assert.deepEqual(joined, Uint8Array.of(1, 2, 3, 2));
  a[0] = 9;
  assert.equal(joined[0], 1, "a copy, not a view");
  // More pieces than a call could take as arguments.
  const many = Array.from({ length: 200_000 }, (_, i) => Uint8Array.of(i % 256));
  const long = concat(many);
  assert.equal(long.length, 200_000);
  assert.equal(long[199_999], 199_999 % 256);
});

test("BlobPieces gives back every byte, in order, across MiB boundaries", async () => {
  for (const [size, chunk] of [
    [0, 1000],
    [5, 1],
    [MIB, MIB],
    [MIB - 1, 4096],
    [MIB + 1, 65_536],
    [2 * MIB + 12_345, 777_777],
    [3 * MIB, 3 * MIB],
  ] as const) {
    const data = content(size);
    const pieces = new BlobPieces();
    for (let at = 0; at < size; at += chunk) pieces.add(data.subarray(at, at + chunk));
    const blob = pieces.finish();
    assert.equal(blob.type, "application/octet-stream");
    assert.equal(blob.size, size, `size ${size} in chunks of ${chunk}`);
    assert.deepEqual(new Uint8Array(await blob.arrayBuffer()), data, `size ${size} in chunks of ${chunk}`);
  }
});

test("BlobPieces keeps copies: changing or wiping a chunk after adding it changes nothing", async () => {
  const pieces = new BlobPieces();
  const chunk = content(MIB + 10);
  pieces.add(chunk);
  const expected = chunk.slice();
  chunk.fill(0);
  assert.deepEqual(new Uint8Array(await pieces.finish().arrayBuffer()), expected);
});
