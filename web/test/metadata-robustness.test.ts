// Damaged and hostile files: every truncation of every fixture and a few
// thousand random byte flips (seeded, so a failure can be replayed) end,
// and fail only with a MetadataError. The parsers are also called directly,
// without the guard that turns any other exception into a MetadataError,
// so that a bug cannot hide behind it.

import { test } from "node:test";
import assert from "node:assert/strict";

import { Budget } from "../src/metadata/budget.js";
import { readExif } from "../src/metadata/exif.js";
import { type Inspection, MetadataError, cleanBytes, inspectBytes } from "../src/metadata/index.js";
import { planJpeg } from "../src/metadata/jpeg.js";
import { planPng } from "../src/metadata/png.js";
import { planWebp } from "../src/metadata/webp.js";
import { xmpFindings } from "../src/metadata/xmp.js";
import {
  type B,
  ICC_SEGMENT,
  JFIF,
  JPEG_TABLES,
  Tiff,
  V,
  VP8L_DATA,
  VP8_DATA,
  chunk,
  crc,
  enc,
  exifSegment,
  join,
  jpeg,
  latin,
  png,
  richExif,
  riffChunk,
  segment,
  vp8x,
  webp,
  xmpPacket,
  xmpSegment,
  zlib,
} from "./fixtures/build.js";

const PLANNERS = {
  jpeg: async (data: B) => planJpeg(data, new Budget()),
  png: async (data: B) => planPng(data, new Budget()),
  webp: async (data: B) => planWebp(data, new Budget()),
} as const;

const FIXTURES: [keyof typeof PLANNERS, B][] = [
  ["jpeg", jpeg([exifSegment(richExif(false, 6)), ICC_SEGMENT, xmpSegment(xmpPacket()), segment(0xfe, enc(V.comment))], latin("tail"))],
  ["jpeg", jpeg([exifSegment(richExif(true))])],
  [
    "jpeg",
    join(
      Uint8Array.of(0xff, 0xd8),
      JFIF,
      JPEG_TABLES,
      segment(0xda, Uint8Array.of(1, 1, 0, 0, 0x3f, 0)),
      Uint8Array.of(0x3f, 0xff, 0x00, 0xff, 0xd0),
      segment(0xfe, enc(V.comment)),
      Uint8Array.of(0xff, 0xd9),
    ),
  ],
  [
    "png",
    png(
      [
        chunk("eXIf", richExif(false, 5)),
        chunk("tEXt", latin(`Author\0${V.author}`)),
        chunk("zTXt", join(latin("Comment\0\0"), zlib(enc(V.comment)))),
        chunk("iTXt", join(latin("XML:com.adobe.xmp\0\x01\0\0\0"), zlib(xmpPacket()))),
        chunk("tIME", Uint8Array.of(0x07, 0xe8, 5, 1, 14, 3, 22)),
        chunk("prVt", latin("x")),
      ],
      latin("tail"),
    ),
  ],
  ["webp", webp([vp8x(0x0c), riffChunk("VP8 ", VP8_DATA), riffChunk("EXIF", richExif(true, 2)), riffChunk("XMP ", xmpPacket())])],
  ["webp", webp([vp8x(0x08), riffChunk("VP8L", VP8L_DATA), riffChunk("EXIF", join(latin("Exif\0\0"), richExif(false)))], latin("x"))],
];

/** Runs the parsers and the public functions on `data`; fails on anything but a MetadataError. */
async function survives(kind: keyof typeof PLANNERS, data: B, label: string): Promise<void> {
  const started = Date.now();
  try {
    await PLANNERS[kind](data);
  } catch (e) {
    assert.ok(e instanceof MetadataError && e.code === "corrupt", `${label}: the ${kind} parser threw ${String(e)}`);
  }
  let inspection: Inspection | undefined;
  try {
    inspection = await inspectBytes(data);
  } catch (e) {
    assert.ok(e instanceof MetadataError && e.code === "corrupt", `${label}: inspect threw ${String(e)}`);
  }
  try {
    const cleaned = await cleanBytes(data);
    assert.ok(inspection?.cleanable, `${label}: cleaned a file inspect refused`);
    assert.deepEqual((await inspectBytes(cleaned)).findings, [], label);
  } catch (e) {
    // A damaged file, or one that no longer starts like an image. ("incomplete" would
    // mean cleaning left something behind: a bug here.)
    const expected = inspection?.kind === "other" ? "unsupported" : "corrupt";
    assert.ok(e instanceof MetadataError && e.code === expected, `${label}: clean threw ${String(e)}`);
  }
  assert.ok(Date.now() - started < 5_000, `${label}: took too long`);
}

test("every truncation of every fixture ends in a result or a MetadataError", { timeout: 120_000 }, async () => {
  for (const [n, [kind, data]] of FIXTURES.entries()) {
    for (let length = 0; length < data.length; length++) {
      await survives(kind, data.subarray(0, length), `fixture ${n} cut to ${length}`);
    }
  }
});

/** A small seeded PRNG (mulberry32): the same seed gives the same flips. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Rewrites the CRC of every PNG chunk that still has one, so that flipped
 * bytes reach the parsers of the chunks' contents instead of failing the
 * CRC check.
 */
function fixCrcs(data: B): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let at = 8; at + 12 <= data.length; ) {
    const length = view.getUint32(at);
    if (length > data.length - at - 12) return;
    view.setUint32(at + 8 + length, crc(data.subarray(at + 4, at + 8 + length)));
    at += 12 + length;
  }
}

/** Flips 1 to 8 random bytes of a copy of `original`, and sometimes cuts it short. */
function mutate(original: B, next: () => number): B {
  const data = original.slice();
  const flips = 1 + Math.floor(next() * 8);
  for (let i = 0; i < flips; i++) {
    const at = Math.floor(next() * data.length);
    data[at] = (data[at] ?? 0) ^ (1 + Math.floor(next() * 255));
  }
  return next() < 0.3 ? data.subarray(0, Math.floor(next() * data.length)) : data;
}

test("random byte flips (3000 seeded cases) end in a result or a MetadataError", { timeout: 120_000 }, async () => {
  const next = random(0x5a4c7d);
  for (let round = 0; round < 3000; round++) {
    const [kind, original] = FIXTURES[round % FIXTURES.length] ?? FIXTURES[0]!;
    const data = mutate(original, next);
    if (kind === "png" && round % 2 === 0) fixCrcs(data);
    await survives(kind, data, `round ${round}`);
  }
});

test("the EXIF and XMP readers never throw on damaged blocks (2000 seeded cases each)", { timeout: 120_000 }, () => {
  const next = random(0x1dea);
  const blocks = [richExif(false, 6), richExif(true)];
  for (let round = 0; round < 2000; round++) {
    const block = mutate(blocks[round % 2]!, next);
    const started = Date.now();
    const summary = readExif(block, new Budget());
    assert.ok(Array.isArray(summary.findings), `EXIF round ${round}`);
    const packet = mutate(xmpPacket(), next);
    assert.ok(Array.isArray(xmpFindings(packet)), `XMP round ${round}`);
    assert.ok(Date.now() - started < 2_000, `round ${round} took too long`);
  }
});

test("crafted EXIF blocks of overlapping IFDs stop at the entry budget", { timeout: 60_000 }, async () => {
  // IFD0 holds 4000 GPS-IFD pointers into 60 KB of 0xFF bytes: each reads as an IFD of 65535 entries.
  const pointers = 4000;
  const region = 8 + 2 + 12 * pointers + 4;
  const t = new Tiff(true);
  const parts: Uint8Array[] = [latin("II"), t.u16(42), t.u32(8), t.u16(pointers)];
  for (let k = 0; k < pointers; k++) parts.push(t.u16(0x8825), t.u16(4), t.u32(1), t.u32(region + 2 * k));
  parts.push(t.u32(0), new Uint8Array(65_000 - region).fill(0xff));
  const block = exifSegment(join(...parts));
  const started = Date.now();
  const found = await inspectBytes(jpeg(Array.from({ length: 30 }, () => block)));
  assert.ok(Date.now() - started < 10_000, "took too long");
  assert.deepEqual(
    found.findings.map((f) => `${f.category}/${f.what}`),
    ["location/gps", "device/maker-notes"],
  );
});

test("too many blocks, or compressed texts that inflate too much in sum, stop early", { timeout: 60_000 }, async () => {
  const tiny = segment(0xfe, new Uint8Array(0));
  const many = jpeg(Array.from({ length: 100_001 }, () => tiny));
  await assert.rejects(inspectBytes(many), (e) => e instanceof MetadataError && e.code === "corrupt");

  const mebibyte = zlib(new Uint8Array(1024 * 1024));
  const texts = png(Array.from({ length: 40 }, () => chunk("zTXt", join(latin("Comment\0\0"), mebibyte))));
  const started = Date.now();
  const found = await inspectBytes(texts);
  assert.ok(Date.now() - started < 10_000, "took too long");
  // The first 16 inflate to nothing worth showing; the rest are over the file's budget.
  assert.deepEqual(found.findings, [{ category: "other", what: "text-chunk", value: "Comment" }]);
});
