// JPEG: metadata segments are removed; the image data is kept byte for byte.
//
// The segments before the first scan (SOS) are read one by one. The rest of
// the file is walked marker by marker only to find where the image ends
// (EOI), so that data appended after it (a second picture, a "motion
// photo" video) and metadata segments between the scans of a progressive
// JPEG are not carried along.

import type { Budget } from "./budget.js";
import { type Bytes, ascii, byteAt, concat, startsWith, utf8Lossy } from "./bytes.js";
import { corrupt } from "./errors.js";
import { EXIF_PREFIX, type ExifSummary, orientationOnly, readExif } from "./exif.js";
import { type Finding, FindingList, type Plan, finding } from "./findings.js";
import { quoted } from "./text.js";
import { xmpFindings } from "./xmp.js";

/** The most marker segments a JPEG may have; real ones have a few dozen. */
const MAX_SEGMENTS = 100_000;

const XMP_PREFIX = ascii("http://ns.adobe.com/xap/1.0/\0");
const XMP_EXTENSION_PREFIX = ascii("http://ns.adobe.com/xmp/extension/\0");

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP11 = 0xeb;
const APP13 = 0xed;
const APP14 = 0xee;
const APP15 = 0xef;
const COM = 0xfe;

const damaged = (reason: string) => corrupt("JPEG", reason);

/** Markers followed by a two-byte length. */
function hasLength(marker: number): boolean {
  return (
    (marker >= 0xc0 && marker <= 0xcf) ||
    (marker >= 0xda && marker <= 0xdf) ||
    (marker >= 0xe0 && marker <= 0xef) ||
    (marker >= 0xf0 && marker <= 0xfd) ||
    marker === COM
  );
}

/** A marker segment: its marker, and where its contents lie. */
interface Segment {
  marker: number;
  start: number;
  end: number;
}

/** Where the image data ends (just past EOI), and the marker segments between its scans (from their FF). */
interface Tail {
  end: number;
  segments: Segment[];
}

/**
 * Walks entropy-coded data and marker segments until EOI. In entropy-coded
 * data FF is followed by 00 (a stuffed byte), a restart marker D0–D7, or FF
 * (fill); any other byte is a marker.
 */
function walkScans(data: Bytes): Tail {
  const segments: Segment[] = [];
  let i = 0;
  for (;;) {
    const p = data.indexOf(0xff, i);
    if (p < 0 || p + 1 >= data.length) throw damaged("the image data ends too early");
    const marker = byteAt(data, p + 1);
    if (marker === 0x00 || (marker >= 0xd0 && marker <= 0xd7)) {
      i = p + 2;
    } else if (marker === 0xff) {
      i = p + 1;
    } else if (marker === EOI) {
      return { end: p + 2, segments };
    } else if (marker === SOI) {
      throw damaged("it holds a second start of image inside the first");
    } else if (hasLength(marker)) {
      if (p + 4 > data.length) throw damaged("the image data ends too early");
      const length = (byteAt(data, p + 2) << 8) | byteAt(data, p + 3);
      if (length < 2) throw damaged("a segment has an impossible length");
      const end = p + 2 + length;
      if (end > data.length) throw damaged("the image data ends too early");
      if (segments.length >= MAX_SEGMENTS) throw damaged("it has too many blocks");
      segments.push({ marker, start: p, end });
      i = end;
    } else {
      // TEM and reserved markers carry no data.
      i = p + 2;
    }
  }
}

/** The segments before the first scan (with the scan's own header last), and where the scan data starts. */
function headerSegments(data: Bytes): { segments: Segment[]; scanData: number } {
  if (byteAt(data, 0) !== 0xff || byteAt(data, 1) !== SOI) throw damaged("it does not start as a JPEG must");
  const truncated = () => damaged("its structure could not be read");
  const segments: Segment[] = [];
  let i = 2;
  for (;;) {
    if (i >= data.length) throw truncated();
    if (data[i++] !== 0xff) continue;
    let marker: number;
    do {
      if (i >= data.length) throw truncated();
      marker = byteAt(data, i++);
    } while (marker === 0xff);
    if (marker === EOI) break;
    if (!hasLength(marker)) continue; // markers without a length are skipped like fill bytes
    if (i + 2 > data.length) throw truncated();
    const length = (byteAt(data, i) << 8) | byteAt(data, i + 1);
    if (length < 2 || i + length > data.length) throw truncated();
    segments.push({ marker, start: i + 2, end: i + length });
    i += length;
    if (marker === SOS && i < data.length) return { segments, scanData: i };
  }
  throw damaged("it holds no image data");
}

/** Finds the metadata of a JPEG and plans its removal. */
export function planJpeg(data: Bytes, budget: Budget): Plan {
  // Check the whole structure, and the number of segments, first.
  walkScans(data.subarray(2));
  const { segments, scanData } = headerSegments(data);
  const removed = new FindingList();
  const kept: Uint8Array[] = [];
  let orientation: { at: number; value: number } | undefined;
  for (const segment of segments.slice(0, -1)) {
    const summary = classify(segment.marker, data.subarray(segment.start, segment.end), budget);
    if (summary === undefined) {
      kept.push(data.subarray(segment.start - 4, segment.end));
      continue;
    }
    if (orientation === undefined && summary.orientation !== undefined) {
      orientation = { at: kept.length, value: summary.orientation };
    }
    removed.add(...summary.findings);
  }
  const sos = segments[segments.length - 1];
  if (sos === undefined) throw damaged("it holds no image data");
  kept.push(data.subarray(sos.start - 4, sos.end));
  kept.push(...imageData(data.subarray(scanData), removed, budget));
  if (orientation !== undefined) {
    const contents = concat([EXIF_PREFIX, orientationOnly(orientation.value)]);
    const header = new Uint8Array([0xff, APP1, (contents.length + 2) >> 8, (contents.length + 2) & 0xff]);
    kept.splice(orientation.at, 0, header, contents);
  }
  return { findings: removed.toArray(), cleaned: [data.subarray(0, 2), ...kept] };
}

/**
 * The image data from the first scan to EOI included, without the metadata
 * segments between scans; what lies after EOI is dropped.
 */
function imageData(rest: Bytes, removed: FindingList, budget: Budget): Uint8Array[] {
  const tail = walkScans(rest);
  const pieces: Uint8Array[] = [];
  let cursor = 0;
  for (const segment of tail.segments) {
    const summary = classify(segment.marker, rest.subarray(segment.start + 4, segment.end), budget);
    if (summary === undefined) continue;
    removed.add(...summary.findings);
    pieces.push(rest.subarray(cursor, segment.start));
    cursor = segment.end;
  }
  pieces.push(rest.subarray(cursor, tail.end));
  const trailing = rest.subarray(tail.end);
  if (trailing.some((b) => b !== 0x00 && b !== 0xff)) removed.add(finding("other", "trailing-data"));
  return pieces;
}

const only = (...findings: Finding[]): ExifSummary => ({ findings, orientation: undefined });

/** `undefined` to keep a segment; otherwise what it reveals, and removal. */
function classify(marker: number, contents: Bytes, budget: Budget): ExifSummary | undefined {
  if (marker === APP0 && startsWith(contents, ascii("JFIF\0"))) return undefined;
  if (marker === APP0 && startsWith(contents, ascii("JFXX\0"))) return only(finding("other", "thumbnail"));
  if (marker === APP1) {
    if (startsWith(contents, EXIF_PREFIX)) return readExif(contents.subarray(EXIF_PREFIX.length), budget);
    if (startsWith(contents, XMP_PREFIX)) return only(...xmpFindings(contents.subarray(XMP_PREFIX.length)));
    if (startsWith(contents, XMP_EXTENSION_PREFIX)) return only(finding("other", "xmp"));
    return unknown();
  }
  if (marker === APP2 && startsWith(contents, ascii("ICC_PROFILE\0"))) return undefined;
  // An index of extra pictures stored in the file (previews, depth maps).
  if (marker === APP2 && startsWith(contents, ascii("MPF\0"))) return only(finding("other", "thumbnail"));
  // A Content Credentials (C2PA) record: who made the picture, with which device or app, and where.
  if (marker === APP11 && startsWith(contents, ascii("JP"))) return only(finding("other", "xmp"));
  if (marker === APP13) return only(finding("other", "iptc"));
  if (marker === APP14 && startsWith(contents, ascii("Adobe"))) return undefined;
  if (marker >= APP0 && marker <= APP15) return unknown();
  if (marker === COM) {
    const comment = quoted(utf8Lossy(contents.subarray(0, 4096)));
    return only(...(comment === undefined ? [] : [finding("other", "comment", comment)]));
  }
  return undefined;
}

/** An application segment of unknown purpose: removed, since nothing needed to show the picture lives there. */
function unknown(): ExifSummary {
  return only(finding("other", "maker-notes"));
}
