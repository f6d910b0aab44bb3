// WebP: the EXIF and XMP chunks (and unknown ones) are removed and the VP8X
// flags updated; the image chunks are kept byte for byte.

import type { Budget } from "./budget.js";
import { type Bytes, ascii, concat, latin1, u32, u32Bytes, utf8Lossy } from "./bytes.js";
import { corrupt } from "./errors.js";
import { type ExifSummary, orientationOnly, readExif, stripExifPrefix } from "./exif.js";
import { FindingList, type Plan, finding } from "./findings.js";
import { cleanValue } from "./text.js";
import { xmpFindings } from "./xmp.js";

/** Chunks that make up the picture. */
const KEPT = new Set(["VP8X", "VP8 ", "VP8L", "ALPH", "ANIM", "ANMF", "ICCP"]);

/** The most chunks a WebP may have (an animation has one per frame). */
const MAX_CHUNKS = 1_000_000;

/** VP8X flag: the file has an EXIF chunk. */
const EXIF_FLAG = 0b0000_1000;
/** VP8X flag: the file has an XMP chunk. */
const XMP_FLAG = 0b0000_0100;

const damaged = (reason: string) => corrupt("WebP", reason);

/** A chunk's id and contents (without its padding byte). */
interface Chunk {
  id: string;
  contents: Bytes;
}

/** The chunks inside the RIFF container, and where the container ends. */
function chunksOf(data: Bytes): { chunks: Chunk[]; end: number } {
  const size = u32(data, 4, true);
  if (latin1(data.subarray(0, 4)) !== "RIFF" || size === undefined) throw damaged("it does not start as a WebP must");
  if (data.length - 8 < size) throw damaged("it ends too early");
  const end = 8 + size;
  if (size < 4 || latin1(data.subarray(8, 12)) !== "WEBP") throw damaged("it does not start as a WebP must");
  const chunks: Chunk[] = [];
  let at = 12;
  while (at < end) {
    if (chunks.length >= MAX_CHUNKS) throw damaged("it has too many blocks");
    const length = u32(data, at + 4, true);
    if (length === undefined || end - at < 8 || end - at - 8 < length) throw damaged("its structure could not be read");
    const padded = length + (length % 2);
    if (end - at - 8 < padded) throw damaged("its structure could not be read");
    chunks.push({ id: latin1(data.subarray(at, at + 4)), contents: data.subarray(at + 8, at + 8 + length) });
    at += 8 + padded;
  }
  return { chunks, end };
}

/** A chunk as it is written: id, size, contents and a zero padding byte if the size is odd. */
function encode(id: string, contents: Bytes): Uint8Array[] {
  const pieces: Uint8Array[] = [ascii(id), u32Bytes(contents.length, true), contents];
  if (contents.length % 2 === 1) pieces.push(new Uint8Array(1));
  return pieces;
}

/** Finds the metadata of a WebP and plans its removal. */
export function planWebp(data: Bytes, budget: Budget): Plan {
  const { chunks, end } = chunksOf(data);
  if (!chunks.some((c) => c.id === "VP8 " || c.id === "VP8L" || c.id === "ANMF")) {
    throw damaged("it holds no image data");
  }
  const removed = new FindingList();
  const kept: Chunk[] = [];
  let orientationDone = false;
  for (const chunk of chunks) {
    if (KEPT.has(chunk.id)) {
      kept.push(chunk);
      continue;
    }
    const summary = classify(chunk, budget);
    if (!orientationDone && summary.orientation !== undefined) {
      orientationDone = true;
      kept.push({ id: "EXIF", contents: orientationOnly(summary.orientation) });
    }
    removed.add(...summary.findings);
  }
  const hasExif = kept.some((c) => c.id === "EXIF");
  const hasXmp = kept.some((c) => c.id === "XMP ");
  const pieces: Uint8Array[] = [];
  for (const chunk of kept) {
    let contents = chunk.contents;
    const flags = contents[0];
    if (chunk.id === "VP8X" && flags !== undefined) {
      const wanted = (flags & ~(EXIF_FLAG | XMP_FLAG)) | (hasExif ? EXIF_FLAG : 0) | (hasXmp ? XMP_FLAG : 0);
      if (wanted !== flags) {
        contents = concat([new Uint8Array([wanted]), contents.subarray(1)]);
      }
    }
    pieces.push(...encode(chunk.id, contents));
  }
  if (end < data.length) removed.add(finding("other", "trailing-data"));
  const size = pieces.reduce((sum, piece) => sum + piece.length, 4);
  return { findings: removed.toArray(), cleaned: [ascii("RIFF"), u32Bytes(size, true), ascii("WEBP"), ...pieces] };
}

/** What a removed chunk reveals. */
function classify(chunk: Chunk, budget: Budget): ExifSummary {
  switch (chunk.id) {
    case "EXIF":
      return readExif(stripExifPrefix(chunk.contents), budget);
    case "XMP ":
      return { findings: xmpFindings(chunk.contents), orientation: undefined };
    default:
      return {
        findings: [finding("other", "maker-notes", cleanValue(utf8Lossy(ascii(chunk.id))))],
        orientation: undefined,
      };
  }
}
