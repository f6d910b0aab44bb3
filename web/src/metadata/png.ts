// PNG: metadata chunks are removed; the image chunks (IHDR, PLTE, IDAT,
// IEND…) are kept byte for byte, CRCs included.

import type { Budget } from "./budget.js";
import { type Bytes, ascii, byteAt, concat, crc32, latin1, splitNul, u32, u32Bytes, utf8Lossy } from "./bytes.js";
import { corrupt } from "./errors.js";
import { type ExifSummary, orientationOnly, readExif, stripExifPrefix } from "./exif.js";
import { type Finding, FindingList, type Plan, finding } from "./findings.js";
import { inflateZlib } from "./inflate.js";
import { cleanValue, dated, quoted } from "./text.js";
import { xmpTextFindings } from "./xmp.js";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The most chunks a PNG may have (a huge image in small IDAT chunks, a long animation). */
const MAX_CHUNKS = 1_000_000;

/** Ancillary chunks needed to show the image as it was meant to look. */
const KEPT_ANCILLARY = new Set([
  "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "bKGD", "pHYs", "hIST", "sPLT",
  "cICP", "mDCV", "mDCv", "cLLI", "cLLi", "acTL", "fcTL", "fdAT",
]);

const damaged = (reason: string) => corrupt("PNG", reason);

/** A chunk: its type, where it starts (its length field) and ends (past its CRC), and its contents. */
interface Chunk {
  type: string;
  start: number;
  end: number;
  contents: Bytes;
}

/** The chunks up to IEND, each with a valid CRC. */
function chunksOf(data: Bytes): Chunk[] {
  for (let i = 0; i < SIGNATURE.length; i++) {
    if (data[i] !== SIGNATURE[i]) throw damaged("it does not start as a PNG must");
  }
  const chunks: Chunk[] = [];
  let at = SIGNATURE.length;
  while (at < data.length) {
    if (chunks.length >= MAX_CHUNKS) throw damaged("it has too many blocks");
    const length = u32(data, at, false);
    if (length === undefined || data.length - at < 12 || data.length - at - 12 < length) {
      throw damaged("its structure could not be read");
    }
    const typeBytes = data.subarray(at + 4, at + 8);
    const contents = data.subarray(at + 8, at + 8 + length);
    if (crc32(typeBytes, contents) !== u32(data, at + 8 + length, false)) {
      throw damaged("a block's checksum is wrong");
    }
    const type = latin1(typeBytes);
    chunks.push({ type, start: at, end: at + 12 + length, contents });
    at += 12 + length;
    if (type === "IEND") break;
  }
  if (chunks[0]?.type !== "IHDR" || chunks[chunks.length - 1]?.type !== "IEND") {
    throw damaged("it does not start and end as a PNG must");
  }
  return chunks;
}

/** A chunk of `type` with `contents`, length and CRC. */
function newChunk(type: string, contents: Bytes): Bytes {
  const typeBytes = ascii(type);
  return concat([u32Bytes(contents.length, false), typeBytes, contents, u32Bytes(crc32(typeBytes, contents), false)]);
}

/** Finds the metadata of a PNG and plans its removal. */
export async function planPng(data: Bytes, budget: Budget): Promise<Plan> {
  const chunks = chunksOf(data);
  const removed = new FindingList();
  const kept: Uint8Array[] = [data.subarray(0, SIGNATURE.length)];
  let orientationDone = false;
  for (const chunk of chunks) {
    const first = chunk.type.charCodeAt(0);
    if ((first >= 0x41 && first <= 0x5a) || KEPT_ANCILLARY.has(chunk.type)) {
      kept.push(data.subarray(chunk.start, chunk.end));
      continue;
    }
    const summary = await classify(chunk.type, chunk.contents, budget);
    if (!orientationDone && summary.orientation !== undefined) {
      orientationDone = true;
      kept.push(newChunk("eXIf", orientationOnly(summary.orientation)));
    }
    removed.add(...summary.findings);
  }
  const last = chunks[chunks.length - 1];
  if (last !== undefined && last.end < data.length) removed.add(finding("other", "trailing-data"));
  return { findings: removed.toArray(), cleaned: kept };
}

const only = (findings: Finding[]): ExifSummary => ({ findings, orientation: undefined });

/** What a removed chunk reveals. */
async function classify(type: string, contents: Bytes, budget: Budget): Promise<ExifSummary> {
  switch (type) {
    case "eXIf":
      return readExif(stripExifPrefix(contents), budget);
    case "tEXt": {
      const [keyword, value] = splitNul(contents);
      return only(textFindings(keyword, latin1(value.subarray(0, MAX_TEXT_BYTES)), budget));
    }
    case "zTXt": {
      const [keyword, rest] = splitNul(contents);
      // One byte of compression method, then zlib data.
      const inflated = rest.length >= 1 ? await inflateZlib(rest.subarray(1), budget) : undefined;
      return only(textFindings(keyword, inflated === undefined ? undefined : latin1(inflated), budget));
    }
    case "iTXt": {
      const [keyword, rest] = splitNul(contents);
      return only(textFindings(keyword, await internationalText(rest, budget), budget));
    }
    case "tIME": {
      if (contents.length < 6) return only([]);
      const pad = (n: number, width: number) => String(n).padStart(width, "0");
      const year = (byteAt(contents, 0) << 8) | byteAt(contents, 1);
      const raw = pad(year, 4) + [2, 3, 4, 5].map((i) => pad(byteAt(contents, i), 2)).join("");
      const date = dated(raw);
      return only(date === undefined ? [] : [finding("time", "date", date)]);
    }
    case "iDOT":
      // Apple's decoding hint: offsets that removing chunks would make wrong, and nothing about the reporter.
      return only([]);
    default:
      return only([finding("other", "maker-notes", cleanValue(utf8Lossy(ascii(type))))]);
  }
}

/** The most bytes of an uncompressed text that are decoded. */
const MAX_TEXT_BYTES = 4 * 1024 * 1024;

/**
 * The text of an iTXt chunk after its keyword: compression flag and
 * method, language tag, translated keyword, then UTF-8 text.
 */
async function internationalText(rest: Bytes, budget: Budget): Promise<string | undefined> {
  if (rest.length < 2) return undefined;
  const compressed = rest[0] === 1;
  const [, afterLanguage] = splitNul(rest.subarray(2));
  const [, value] = splitNul(afterLanguage);
  const bytes = compressed ? await inflateZlib(value, budget) : value.subarray(0, MAX_TEXT_BYTES);
  return bytes === undefined ? undefined : utf8Lossy(bytes);
}

/** The findings of a text chunk; `value` is `undefined` when it could not be decompressed. */
function textFindings(keywordBytes: Bytes, value: string | undefined, budget: Budget): Finding[] {
  const keyword = cleanValue(latin1(keywordBytes.subarray(0, 256)));
  if (value === undefined) return [finding("other", "text-chunk", keyword)];
  const one = (category: Finding["category"], what: Finding["what"], shown: string | undefined) =>
    shown === undefined ? [] : [finding(category, what, shown)];
  switch (keyword.replace(/[A-Z]/g, (c) => c.toLowerCase())) {
    case "author": return one("person", "author", quoted(value));
    case "copyright": return one("person", "copyright", quoted(value));
    case "creation time":
    case "date:create":
    case "date:modify":
    case "date:timestamp": return one("time", "date", dated(value));
    case "software": return one("software", "software", quoted(value));
    case "source": return one("device", "camera-model", quoted(value));
    case "title": return one("other", "title", quoted(value));
    case "description": return one("other", "description", quoted(value));
    case "comment": return one("other", "comment", quoted(value));
    case "xml:com.adobe.xmp": return xmpTextFindings(value);
    case "raw profile type exif":
    case "raw profile type app1": {
      const block = rawProfile(value);
      return block === undefined ? [finding("device", "maker-notes")] : readExif(stripExifPrefix(block), budget).findings;
    }
    case "raw profile type xmp": {
      const block = rawProfile(value);
      return block === undefined ? [finding("other", "xmp")] : xmpTextFindings(utf8Lossy(block));
    }
    case "raw profile type iptc":
    case "raw profile type 8bim": return [finding("other", "iptc")];
    default: {
      const shown = quoted(value);
      return [finding("other", "text-chunk", shown === undefined ? keyword : cleanValue(`${keyword}: ${shown}`))];
    }
  }
}

/**
 * Decodes an ImageMagick "Raw profile": a line with the profile's name, a
 * line with its length, then the bytes in hexadecimal.
 */
function rawProfile(value: string): Bytes | undefined {
  const words = value.split(/\p{White_Space}+/u).filter((w) => w !== "");
  if (words.length < 2) return undefined;
  const hex = words.slice(2).join("");
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
