// Finding and removing identifying metadata in JPEG, PNG and WebP files
// built byte by byte in test/fixtures/build.ts.

import { test } from "node:test";
import assert from "node:assert/strict";

import {
  FINDING_CATEGORIES,
  FINDING_WHATS,
  type Finding,
  type Inspection,
  MAX_CLEANABLE_SIZE,
  MAX_FINDINGS,
  METADATA_ERROR_CODES,
  MetadataError,
  clean,
  cleanBytes,
  extensionFor,
  inspect,
  inspectBytes,
} from "../src/metadata/index.js";
import { fixed4 } from "../src/metadata/text.js";
import {
  ADOBE_SEGMENT,
  ICC_SEGMENT,
  IDAT,
  IEND,
  IHDR,
  JFIF,
  JPEG_SCAN,
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

const key = (f: Finding) => `${f.category}/${f.what}/${f.value}`;
const keys = (i: Inspection) => i.findings.map(key);

/** Asserts that `inspection` has each of `expected` (category/what/value). */
function assertHas(inspection: Inspection, ...expected: string[]): void {
  for (const want of expected) assert.ok(keys(inspection).includes(want), `no ${want} in ${JSON.stringify(keys(inspection), null, 1)}`);
}

/** Asserts the findings are sorted from the most to the least revealing category. */
function assertSorted(inspection: Inspection): void {
  const ranks = inspection.findings.map((f) => FINDING_CATEGORIES.indexOf(f.category));
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
}

async function rejection(promise: Promise<unknown>): Promise<MetadataError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof MetadataError, `not a MetadataError: ${String(e)}`);
    return e;
  }
  assert.fail("no error");
}

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

/** The EXIF findings every rich fixture gives. */
const EXIF_FINDINGS = [
  `location/gps/${V.gpsShown}`, // (the altitude adds nothing the page would show)
  `device/camera-make/${V.make}`,
  `device/camera-model/${V.model}`,
  `device/serial/${V.serial}`,
  `device/lens-serial/${V.lensSerial}`,
  "device/maker-notes/",
  `person/author/${V.author}`,
  `person/owner/${V.owner}`,
  `time/date/${V.dateShown}`,
  `software/software/${V.software}`,
  `other/comment/${V.comment}`,
  "other/unique-id/",
  "other/thumbnail/",
];
const XMP_FINDINGS = [
  `location/place/${V.city}`,
  `software/software/${V.tool}`,
  "other/description/Café & bar",
];

// ---------------------------------------------------------------- Detection

test("the kind comes from the first bytes, never the name or the browser's type", async () => {
  const pngBytes = png([]);
  const named = new File([pngBytes], "holiday.jpg", { type: "image/jpeg" });
  const found = await inspect(named);
  assert.equal(found.kind, "png");
  assert.equal(found.mediaType, "image/png");
  assert.ok(found.cleanable);

  for (const [bytes, name] of [
    [latin("%PDF-1.7\n%âãÏÓ\n"), "photo.jpg"],
    [latin("\0\0\0\x18ftypheic\0\0\0\0"), "IMG_0001.HEIC"],
    [latin("RIFF\0\0\0\0WAVEfmt "), "x.webp"],
    [new Uint8Array(0), "empty.png"],
  ] as const) {
    const other = await inspect(new File([bytes], name, { type: "image/png" }));
    assert.deepEqual(other, { kind: "other", mediaType: "application/octet-stream", cleanable: false, findings: [] });
    const error = await rejection(clean(new File([bytes], name)));
    assert.equal(error.code, "unsupported");
  }
  assert.deepEqual(
    (["jpeg", "png", "webp", "other"] as const).map(extensionFor),
    ["jpg", "png", "webp", "bin"],
  );
});

test("the codes the page translates are listed", () => {
  assert.equal(new Set(FINDING_WHATS).size, 22);
  assert.deepEqual(FINDING_CATEGORIES, ["location", "device", "person", "time", "software", "other"]);
  assert.deepEqual(METADATA_ERROR_CODES, ["corrupt", "unsupported", "too-large", "incomplete", "unreadable"]);
});

// ---------------------------------------------------------------- JPEG

/** The markers of a JPEG's segments up to SOS, and the bytes from SOS on. */
function jpegLayout(data: Uint8Array): { markers: number[]; segments: Uint8Array[]; scan: Uint8Array } {
  const markers: number[] = [];
  const segments: Uint8Array[] = [];
  let at = 2;
  for (;;) {
    assert.equal(data[at], 0xff, `marker expected at ${at}`);
    const marker = data[at + 1] ?? 0;
    const length = ((data[at + 2] ?? 0) << 8) | (data[at + 3] ?? 0);
    if (marker === 0xda) return { markers, segments, scan: data.subarray(at) };
    markers.push(marker);
    segments.push(data.subarray(at, at + 2 + length));
    at += 2 + length;
  }
}

const richJpeg = (le: boolean, orientation?: number) =>
  jpeg(
    [
      exifSegment(richExif(le, orientation)),
      ICC_SEGMENT,
      xmpSegment(xmpPacket()),
      segment(0xfe, enc(`  Taken\toutside 12 Acacia Avenue\u001b[2J  `)),
      segment(0xed, latin("Photoshop 3.0\x008BIM\x04\x04\0\0")),
      segment(0xe6, latin("GoPro\0GPS5")),
      ADOBE_SEGMENT,
    ],
    latin("\xff\xd8trailing video with GPS"),
  );

for (const le of [false, true]) {
  test(`JPEG (${le ? "little" : "big"}-endian EXIF): every identifying detail is found, most revealing first`, async () => {
    const found = await inspect(new File([richJpeg(le)], "IMG_0001.JPG"));
    assert.equal(found.kind, "jpeg");
    assert.equal(found.mediaType, "image/jpeg");
    assert.ok(found.cleanable);
    assertHas(found, ...EXIF_FINDINGS, ...XMP_FINDINGS);
    assertHas(found, "other/comment/Taken outside 12 Acacia Avenue[2J", "other/iptc/", "other/maker-notes/", "other/trailing-data/");
    assertSorted(found);
    // The same fact in EXIF and XMP (the position, the author, the date) is listed once.
    assert.equal(new Set(keys(found)).size, found.findings.length);
    assert.equal(found.findings.filter((f) => f.what === "gps").length, 1);
    for (const f of found.findings) assert.doesNotMatch(f.value, /[\u0000-\u001f\u007f]/u);
  });
}

test("JPEG cleaning removes APP1, APP13, comments, maker blocks and the trailer, and keeps every other byte", async () => {
  const original = richJpeg(false);
  const cleanedBlob = await clean(new File([original], "photo.jpg"));
  assert.equal(cleanedBlob.type, "image/jpeg");
  const cleaned = await bytesOf(cleanedBlob);
  assert.deepEqual((await inspect(cleanedBlob)).findings, []);

  const layout = jpegLayout(cleaned);
  assert.deepEqual(layout.markers, [0xe0, 0xe2, 0xee, 0xdb, 0xc0, 0xc4, 0xc4]);
  assert.deepEqual(layout.segments[0], JFIF);
  assert.deepEqual(layout.segments[1], ICC_SEGMENT);
  assert.deepEqual(layout.segments[2], ADOBE_SEGMENT);
  assert.deepEqual(join(...layout.segments.slice(3)), JPEG_TABLES);
  // Byte for byte from SOS to EOI, and nothing after it.
  assert.deepEqual(layout.scan, JPEG_SCAN);
  assert.deepEqual(cleaned, join(Uint8Array.of(0xff, 0xd8), JFIF, ICC_SEGMENT, ADOBE_SEGMENT, JPEG_TABLES, JPEG_SCAN));
});

test("JPEG: metadata segments between scans are removed, the scans kept", async () => {
  const scanWithComment = join(
    segment(0xda, Uint8Array.of(1, 1, 0, 0, 0x3f, 0)),
    Uint8Array.of(0x3f, 0xff, 0x00, 0xff, 0xd0), // a stuffed byte and a restart marker in the entropy-coded data
    segment(0xfe, enc(V.comment)),
    segment(0xc4, join(Uint8Array.of(0x00, 1), new Uint8Array(15), Uint8Array.of(0))), // a table between scans: kept
    segment(0xe1, join(latin("Exif\0\0"), richExif(true))),
    Uint8Array.of(0xff, 0xff, 0xd9), // a fill byte, EOI
  );
  const original = join(Uint8Array.of(0xff, 0xd8), JFIF, JPEG_TABLES, scanWithComment);
  const found = await inspectBytes(original);
  assertHas(found, `other/comment/${V.comment}`);
  // Orientation and EXIF between scans are reported, not kept.
  assertHas(found, `device/serial/${V.serial}`);
  const cleaned = await cleanBytes(original);
  const expectedScan = join(
    segment(0xda, Uint8Array.of(1, 1, 0, 0, 0x3f, 0)),
    Uint8Array.of(0x3f, 0xff, 0x00, 0xff, 0xd0),
    segment(0xc4, join(Uint8Array.of(0x00, 1), new Uint8Array(15), Uint8Array.of(0))),
    Uint8Array.of(0xff, 0xff, 0xd9),
  );
  assert.deepEqual(jpegLayout(cleaned).scan, expectedScan);
});

test("JPEG orientation survives cleaning, as a minimal EXIF block in the same place", async () => {
  const original = richJpeg(true, 6);
  const cleaned = await cleanBytes(original);
  assert.deepEqual((await inspectBytes(cleaned)).findings, []);
  const layout = jpegLayout(cleaned);
  assert.deepEqual(layout.markers, [0xe0, 0xe1, 0xe2, 0xee, 0xdb, 0xc0, 0xc4, 0xc4]);
  const orientationOnly = new Tiff(false).build([new Tiff(false).short(0x112, 6)]);
  assert.deepEqual(layout.segments[1], exifSegment(orientationOnly));
  assert.deepEqual(layout.scan, JPEG_SCAN);

  // An upright picture (orientation 1) needs no EXIF block at all.
  assert.deepEqual(jpegLayout(await cleanBytes(richJpeg(true, 1))).markers, [0xe0, 0xe2, 0xee, 0xdb, 0xc0, 0xc4, 0xc4]);
});

test("a JPEG without metadata comes out identical", async () => {
  const plain = jpeg([]);
  assert.deepEqual((await inspectBytes(plain)).findings, []);
  assert.deepEqual(await cleanBytes(plain), plain);
  // Zero padding after EOI is not worth a finding, but is not kept either.
  const padded = join(plain, new Uint8Array(16));
  assert.deepEqual((await inspectBytes(padded)).findings, []);
  assert.deepEqual(await cleanBytes(padded), plain);
});

// ---------------------------------------------------------------- PNG

/** The chunks of a PNG: type and whole bytes; checks every CRC. */
function pngChunks(data: Uint8Array): { type: string; bytes: Uint8Array }[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const chunks: { type: string; bytes: Uint8Array }[] = [];
  for (let at = 8; at < data.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...data.subarray(at + 4, at + 8));
    assert.equal(view.getUint32(at + 8 + length), crc(data.subarray(at + 4, at + 8 + length)), `CRC of ${type}`);
    chunks.push({ type, bytes: data.subarray(at, at + 12 + length) });
    at += 12 + length;
  }
  return chunks;
}

const xmpInItxt = (compressed: boolean) =>
  chunk("iTXt", join(latin("XML:com.adobe.xmp\0"), Uint8Array.of(compressed ? 1 : 0, 0, 0, 0), compressed ? zlib(xmpPacket()) : xmpPacket()));

const richPng = (orientation?: number) =>
  png(
    [
      chunk("gAMA", Uint8Array.of(0, 0, 0xb1, 0x8f)),
      chunk("eXIf", richExif(false, orientation)),
      chunk("tEXt", latin(`Author\0${V.author}`)),
      chunk("zTXt", join(latin("Comment\0\0"), zlib(enc(V.comment)))),
      chunk("iTXt", join(latin("Title\0\0\0en\0Titel\0"), enc("Café photo"))),
      chunk("tEXt", latin("Label\0kitchen window")),
      chunk("tIME", Uint8Array.of(0x07, 0xe8, 5, 1, 14, 3, 22)),
      xmpInItxt(true),
      chunk("pHYs", Uint8Array.of(0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1)),
      chunk("prVt", latin("private")),
    ],
    latin("hidden note: Jane Doe"),
  );

test("PNG: EXIF, text chunks (compressed too), XMP, tIME and unknown chunks are found", async () => {
  const found = await inspect(new Blob([richPng()]));
  assert.equal(found.kind, "png");
  assert.equal(found.mediaType, "image/png");
  assertHas(found, ...EXIF_FINDINGS, ...XMP_FINDINGS);
  assertHas(
    found,
    `person/author/${V.author}`,
    `other/comment/${V.comment}`,
    "other/title/Café photo",
    "other/text-chunk/Label: kitchen window",
    "other/maker-notes/prVt",
    "other/trailing-data/",
  );
  assertSorted(found);
});

test("PNG cleaning keeps the image and colour chunks byte for byte, with valid CRCs", async () => {
  const original = richPng();
  const cleaned = await cleanBytes(original);
  assert.deepEqual((await inspectBytes(cleaned)).findings, []);
  const chunks = pngChunks(cleaned);
  assert.deepEqual(chunks.map((c) => c.type), ["IHDR", "gAMA", "pHYs", "IDAT", "IEND"]);
  assert.deepEqual(chunks[0]?.bytes, IHDR);
  assert.deepEqual(chunks[3]?.bytes, IDAT);
  assert.deepEqual(chunks[4]?.bytes, IEND);
  assert.equal(cleaned.length, chunks.reduce((n, c) => n + c.bytes.length, 8));

  // The orientation is kept in a new eXIf chunk, where the old one was.
  const rotated = await cleanBytes(richPng(8));
  const rotatedChunks = pngChunks(rotated);
  assert.deepEqual(rotatedChunks.map((c) => c.type), ["IHDR", "gAMA", "eXIf", "pHYs", "IDAT", "IEND"]);
  assert.deepEqual(rotatedChunks[2]?.bytes, chunk("eXIf", new Tiff(false).build([new Tiff(false).short(0x112, 8)])));
  assert.deepEqual((await inspectBytes(rotated)).findings, []);

  const plain = png([chunk("sRGB", Uint8Array.of(0))]);
  assert.deepEqual(await cleanBytes(plain), plain);
});

test("PNG: damaged chunks and bad CRCs are errors, a damaged compressed text is still reported", async () => {
  const original = png([chunk("tEXt", latin(`Author\0${V.author}`))]);
  const badCrc = original.slice();
  badCrc[30] = (badCrc[30] ?? 0) ^ 0xff; // IHDR's CRC
  assert.equal((await rejection(inspectBytes(badCrc))).code, "corrupt");
  assert.equal((await rejection(cleanBytes(original.subarray(0, original.length - 5)))).code, "corrupt");
  const noIend = original.subarray(0, original.length - IEND.length);
  assert.equal((await rejection(inspectBytes(noIend))).code, "corrupt");

  const broken = png([chunk("zTXt", latin("Comment\0\0not zlib")), chunk("iTXt", latin("Author\0\x01\0\0\0garbage"))]);
  assertHas(await inspectBytes(broken), "other/text-chunk/Comment", "other/text-chunk/Author");
  assert.deepEqual((await inspectBytes(await cleanBytes(broken))).findings, []);
});

test("PNG: a compressed text that inflates without end is cut off, not inflated", async () => {
  // 64 MiB of zeros compress to about 64 KiB: more than any text chunk may inflate to.
  const bomb = png([chunk("zTXt", join(latin("Comment\0\0"), zlib(new Uint8Array(64 * 1024 * 1024))))]);
  const started = Date.now();
  const found = await inspectBytes(bomb);
  assert.deepEqual(keys(found), ["other/text-chunk/Comment"]);
  assert.ok(Date.now() - started < 10_000, "took too long");
});

// ---------------------------------------------------------------- WebP

/** The chunks of a WebP: id and contents; checks the RIFF size. */
function webpChunks(data: Uint8Array): { id: string; contents: Uint8Array }[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  assert.equal(String.fromCharCode(...data.subarray(0, 4)), "RIFF");
  assert.equal(view.getUint32(4, true), data.length - 8, "RIFF size");
  const chunks: { id: string; contents: Uint8Array }[] = [];
  for (let at = 12; at < data.length; ) {
    const length = view.getUint32(at + 4, true);
    chunks.push({ id: String.fromCharCode(...data.subarray(at, at + 4)), contents: data.subarray(at + 8, at + 8 + length) });
    at += 8 + length + (length % 2);
  }
  return chunks;
}

const EXIF_FLAG = 0x08;
const XMP_FLAG = 0x04;
const ICC_FLAG = 0x20;

for (const [name, id, bitstream] of [
  ["lossy", "VP8 ", VP8_DATA],
  ["lossless", "VP8L", VP8L_DATA],
] as const) {
  test(`WebP (${name}): EXIF, XMP and unknown chunks are removed, the VP8X flags and RIFF size updated`, async () => {
    const original = webp(
      [
        vp8x(ICC_FLAG | EXIF_FLAG | XMP_FLAG),
        riffChunk("ICCP", new Uint8Array(21).fill(3)),
        riffChunk(id, bitstream),
        riffChunk("EXIF", join(latin("Exif\0\0"), richExif(true, 3))),
        riffChunk("XMP ", xmpPacket()),
        riffChunk("abcd", latin("odd")),
      ],
      latin("more"),
    );
    const found = await inspect(new Blob([original]));
    assert.equal(found.kind, "webp");
    assert.equal(found.mediaType, "image/webp");
    assertHas(found, ...EXIF_FINDINGS, ...XMP_FINDINGS, "other/maker-notes/abcd", "other/trailing-data/");
    assertSorted(found);

    const cleaned = await cleanBytes(original);
    assert.deepEqual((await inspectBytes(cleaned)).findings, []);
    const chunks = webpChunks(cleaned);
    assert.deepEqual(chunks.map((c) => c.id), ["VP8X", "ICCP", id, "EXIF"]);
    // The image data is unchanged; the flags now say: ICC and EXIF (the orientation), no XMP.
    assert.deepEqual(chunks[2]?.contents, bitstream);
    assert.deepEqual(chunks[0]?.contents, Uint8Array.of(ICC_FLAG | EXIF_FLAG, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    assert.deepEqual(chunks[3]?.contents, new Tiff(false).build([new Tiff(false).short(0x112, 3)]));

    const upright = await cleanBytes(webp([vp8x(EXIF_FLAG | XMP_FLAG), riffChunk(id, bitstream), riffChunk("EXIF", richExif(false))]));
    assert.deepEqual(upright, webp([vp8x(0), riffChunk(id, bitstream)]));
  });
}

test("a simple WebP without metadata comes out identical", async () => {
  for (const file of [webp([riffChunk("VP8 ", VP8_DATA)]), webp([riffChunk("VP8L", VP8L_DATA)])]) {
    assert.deepEqual((await inspectBytes(file)).findings, []);
    assert.deepEqual(await cleanBytes(file), file);
  }
  const noImage = webp([vp8x(0), riffChunk("EXIF", richExif(false))]);
  assert.equal((await rejection(inspectBytes(noImage))).code, "corrupt");
});

// ---------------------------------------------------------------- EXIF and XMP details

test("EXIF: IFD cycles, bad offsets and huge counts end, keeping what was read", async () => {
  const t = new Tiff(true);
  const tiff = t.build([t.ascii(0x10f, V.make), t.ascii(0x110, V.model)]);
  const view = new DataView(tiff.buffer);
  const nextAt = 8 + 2 + 12 * 2;
  view.setUint32(nextAt, 8, true); // IFD0's next IFD is IFD0 itself
  assertHas(await inspectBytes(jpeg([exifSegment(tiff)])), `device/camera-make/${V.make}`, `device/camera-model/${V.model}`);

  const selfExif = t.build([t.ascii(0x10f, V.make), t.long(0x8769, 8)]); // the Exif IFD is IFD0
  assertHas(await inspectBytes(jpeg([exifSegment(selfExif)])), `device/camera-make/${V.make}`);

  const huge = tiff.slice();
  new DataView(huge.buffer).setUint16(8, 0xffff, true); // 65535 entries, most past the end
  assertHas(await inspectBytes(jpeg([exifSegment(huge)])), `device/camera-make/${V.make}`);

  const outside = t.build([t.ascii(0x10f, V.make), t.ascii(0x110, V.model)]);
  new DataView(outside.buffer).setUint32(8 + 2 + 8, 0xfffffff0, true); // Make's value offset points far outside
  assert.deepEqual(keys(await inspectBytes(jpeg([exifSegment(outside)]))), [`device/camera-model/${V.model}`]);

  // A block that is not a TIFF structure is still reported.
  assert.deepEqual(keys(await inspectBytes(jpeg([exifSegment(latin("not a TIFF structure"))]))), ["device/maker-notes/"]);
});

test("EXIF and XMP values are cleaned of control and invisible characters and shortened", async () => {
  const t = new Tiff(false);
  const long = "x".repeat(200);
  const tiff = t.build([t.ascii(0x10f, "Evil\u001b]0;pwned\u0007\u001b[31m Corp\r\n"), t.ascii(0x110, `\u202e${long}`)]);
  const found = await inspectBytes(jpeg([exifSegment(tiff)]));
  assert.deepEqual(found.findings[0], { category: "device", what: "camera-make", value: "Evil]0;pwned[31m Corp" });
  const model = found.findings[1]?.value ?? "";
  assert.equal([...model].length, 80);
  assert.ok(model.endsWith("…") && model.startsWith("xxx"));
});

test("positions are rounded like the Rust client, dates read in every format", async () => {
  assert.equal(fixed4(51.50120), "51.5012");
  assert.equal(fixed4(0.03125), "0.0312"); // an exact tie rounds to even (toFixed would say 0.0313)
  assert.equal(fixed4(0.00016), "0.0002");
  assert.equal(fixed4(0.00015), "0.0001"); // the double nearest 0.00015 lies below it
  const t = new Tiff(false);
  const southEast = t.build(
    [t.ascii(0x132, "D:20240501")],
    undefined,
    [t.ascii(1, "S"), t.rationals(2, [[33, 1], [51, 1], [2448, 100]]), t.ascii(3, "E"), t.rationals(4, [[151, 1], [12, 1], [5508, 100]])],
  );
  assertHas(await inspectBytes(jpeg([exifSegment(southEast)])), "location/gps/33.8568° S, 151.2153° E", "time/date/2024-05-01");
  const nowhere = t.build([t.ascii(0x132, "0000:00:00 00:00:00")], undefined, [t.rationals(2, [[1, 0]]), t.rationals(4, [[1, 1]])]);
  assert.deepEqual(keys(await inspectBytes(jpeg([exifSegment(nowhere)]))), ["location/gps/"]);
});

test("XMP: prefixes are resolved, lists and structures read, broken packets still reported", async () => {
  const packet = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <rdf:Description xmlns:p="http://purl.org/dc/elements/1.1/" xmlns:q="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
       xmlns:photoshop="http://example.com/not-photoshop/" photoshop:City="Nowhere">
      <p:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li><rdf:li>John Roe</rdf:li></rdf:Seq></p:creator>
      <q:LocationCreated><rdf:Bag><rdf:li rdf:parseType="Resource"><q:City>Riverside</q:City></rdf:li></rdf:Bag></q:LocationCreated>
      <p:title><![CDATA[Night <bus>]]></p:title>
    </rdf:Description></rdf:RDF></x:xmpmeta>`;
  const found = await inspectBytes(jpeg([xmpSegment(enc(packet))]));
  assert.deepEqual(keys(found), [
    "location/place/Riverside",
    "person/author/Jane Doe",
    "person/author/John Roe",
    "other/title/Night <bus>",
    "other/xmp/", // photoshop:City in a namespace that is not Photoshop's
  ]);
  assert.deepEqual(keys(await inspectBytes(jpeg([xmpSegment(enc("<x:xmpmeta><unclosed"))]))), ["other/xmp/"]);
  assert.deepEqual(keys(await inspectBytes(jpeg([xmpSegment(enc("  \0"))]))), []);
  // A pathological packet (a tag name of 60 000 letters, thousands of nested elements) is read quickly.
  const nasty = `<a:${"b".repeat(60_000)} ${"c".repeat(3000)}>${"<d>".repeat(20_000)}`;
  const started = Date.now();
  await inspectBytes(jpeg([xmpSegment(enc(nasty))]));
  assert.ok(Date.now() - started < 5_000, "took too long");
});

// ---------------------------------------------------------------- Limits

test("at most MAX_FINDINGS distinct findings are listed, then a count of the rest", async () => {
  const comments = Array.from({ length: MAX_FINDINGS + 50 }, (_, i) => segment(0xfe, enc(`comment ${i}`)));
  const found = await inspectBytes(jpeg([...comments, ...comments]));
  assert.equal(found.findings.length, MAX_FINDINGS + 1);
  assert.deepEqual(found.findings[MAX_FINDINGS], { category: "other", what: "more", value: "100" });
  assert.deepEqual((await inspectBytes(await cleanBytes(jpeg(comments)))).findings, []);
});

test("files over MAX_CLEANABLE_SIZE are not read whole and not cleanable", async () => {
  const head = jpeg([exifSegment(richExif(false))]);
  const slices: [number, number][] = [];
  const huge = {
    size: MAX_CLEANABLE_SIZE + 1,
    type: "image/jpeg",
    slice(start = 0, end = MAX_CLEANABLE_SIZE + 1) {
      slices.push([start, end]);
      if (end - start > 4096) throw new Error("read too much");
      return new Blob([head.subarray(start, end)]);
    },
    arrayBuffer() {
      throw new Error("read whole");
    },
  } as unknown as Blob;
  assert.deepEqual(await inspect(huge), { kind: "jpeg", mediaType: "image/jpeg", cleanable: false, findings: [] });
  assert.equal((await rejection(clean(huge))).code, "too-large");
  assert.ok(slices.length > 0 && slices.every(([start, end]) => start === 0 && end <= 16));
});

test("a file the browser cannot read gives an 'unreadable' MetadataError", async () => {
  const gone = {
    size: 10,
    slice: () => ({ arrayBuffer: () => Promise.reject(new DOMException("gone", "NotReadableError")) }),
  } as unknown as Blob;
  assert.equal((await rejection(inspect(gone))).code, "unreadable");
  assert.equal((await rejection(clean(gone))).code, "unreadable");
});

test("truncated files give a 'corrupt' MetadataError", async () => {
  const file = richJpeg(false);
  for (const cut of [file.subarray(0, 40), file.subarray(0, file.length - 30), Uint8Array.of(0xff, 0xd8, 0xff, 0xd9)]) {
    assert.equal((await rejection(inspectBytes(cut))).code, "corrupt");
    assert.equal((await rejection(cleanBytes(cut))).code, "corrupt");
  }
  const w = webp([riffChunk("VP8L", VP8L_DATA), riffChunk("EXIF", richExif(false))]);
  assert.equal((await rejection(inspect(new Blob([w.subarray(0, w.length - 20)])))).code, "corrupt");
});
