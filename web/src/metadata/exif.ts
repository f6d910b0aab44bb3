// Reading EXIF blocks (TIFF structures) into findings.
//
// The block is untrusted: every offset and count is checked against its
// length, an IFD is never read twice (crafted blocks chain IFDs in cycles),
// at most 8 IFDs are chained (as kamadak-exif, which the Rust client uses),
// sub-IFDs go at most two levels deep (Exif and GPS under IFD0, Interop
// under Exif), and at most MAX_ENTRIES entries are looked at in all. A
// damaged part is skipped, keeping what was read before it.

import type { Budget } from "./budget.js";
import { type Bytes, ascii, byteAt, fits, u16, u32, utf16Lossy, utf16leUntilNul, utf8Lossy } from "./bytes.js";
import { type Finding, finding } from "./findings.js";
import { dated, isWhiteSpace, position, quoted, trimBy } from "./text.js";

/** The prefix of an EXIF block in a JPEG `APP1` segment, sometimes also in PNG and WebP chunks. */
export const EXIF_PREFIX = ascii("Exif\0\0");

/** The most IFD entries read from one block; real ones have a few hundred (the file has a budget too). */
const MAX_ENTRIES = 10_000;
/** The most IFDs chained after IFD0 (kamadak-exif's limit). */
const MAX_CHAINED_IFDS = 8;
/** The most bytes of a text value that are decoded (only 80 characters are shown). */
const MAX_TEXT_BYTES = 2048;
/** The most numbers of a numeric value that are shown. */
const MAX_NUMBERS = 32;

/** What an EXIF block reveals, and the one thing worth keeping. */
export interface ExifSummary {
  findings: Finding[];
  /** The orientation (2–8) the picture must be turned to, if it is not upright. */
  orientation: number | undefined;
}

/** `data` without a leading `Exif\0\0`. */
export function stripExifPrefix(data: Bytes): Bytes {
  let prefixed = data.length >= EXIF_PREFIX.length;
  for (let i = 0; prefixed && i < EXIF_PREFIX.length; i++) prefixed = data[i] === EXIF_PREFIX[i];
  return prefixed ? data.subarray(EXIF_PREFIX.length) : data;
}

/** A TIFF structure holding only an Orientation tag: what replaces an EXIF block when the picture is not upright. */
export function orientationOnly(orientation: number): Bytes {
  return new Uint8Array([
    0x4d, 0x4d, 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD0 at 8
    0, 1, // one entry
    0x01, 0x12, 0, 3, 0, 0, 0, 1, (orientation >> 8) & 0xff, orientation & 0xff, 0, 0, // Orientation, SHORT, 1 value
    0, 0, 0, 0, // no next IFD
  ]);
}

type Context = "tiff" | "exif" | "gps" | "interop";

/** One IFD entry; its value is decoded only when needed. */
interface Field {
  context: Context;
  tag: number;
  /** 0 for the primary image's IFD (and its sub-IFDs), 1 for the thumbnail's… */
  ifd: number;
  type: number;
  count: number;
  /** Where the value's bytes start (checked to lie inside the block). */
  at: number;
}

/** A damaged part of the block: parsing of that part stops. */
class Damaged extends Error {}

/** The size in bytes of one value of each TIFF type, 0 for unknown types. */
function unitLength(type: number): number {
  switch (type) {
    case 1: case 2: case 6: case 7: return 1; // BYTE, ASCII, SBYTE, UNDEFINED
    case 3: case 8: return 2; // SHORT, SSHORT
    case 4: case 9: case 11: return 4; // LONG, SLONG, FLOAT
    case 5: case 10: case 12: return 8; // RATIONAL, SRATIONAL, DOUBLE
    default: return 0;
  }
}

/** Reads the IFDs of a TIFF structure. */
class Parser {
  readonly fields: Field[] = [];
  private readonly seen = new Set<number>();
  private entries = 0;
  /** Whether reading stopped because the block or the file had too many entries. */
  overrun = false;

  constructor(
    readonly data: Bytes,
    readonly le: boolean,
    private readonly budget: Budget,
  ) {}

  u16(at: number): number {
    const value = u16(this.data, at, this.le);
    if (value === undefined) throw new Damaged("truncated");
    return value;
  }

  u32(at: number): number {
    const value = u32(this.data, at, this.le);
    if (value === undefined) throw new Damaged("truncated");
    return value;
  }

  /** IFD0 and the IFDs chained after it. */
  body(first: number): void {
    let offset = first;
    for (let ifd = 0; offset !== 0; ifd++) {
      if (ifd >= MAX_CHAINED_IFDS) throw new Damaged("too many IFDs");
      offset = this.ifd(offset, "tiff", ifd);
    }
  }

  /** Reads one IFD; returns the offset of the next one (0 for none). */
  ifd(start: number, context: Context, ifd: number): number {
    const count = this.u16(start);
    if (this.seen.has(start)) throw new Damaged("IFD read twice");
    this.seen.add(start);
    let offset = start + 2;
    for (let i = 0; i < count; i++) {
      if (!fits(this.data, offset, 12)) throw new Damaged("truncated IFD");
      this.entries += 1;
      this.budget.exifEntries -= 1;
      if (this.entries > MAX_ENTRIES || this.budget.exifEntries < 0) {
        this.overrun = true;
        throw new Damaged("too many entries");
      }
      const tag = this.u16(offset);
      const type = this.u16(offset + 2);
      const valueCount = this.u32(offset + 4);
      const length = unitLength(type) * valueCount;
      let at = offset + 8;
      offset += 12;
      if (length > 4) {
        at = this.u32(at);
        if (!fits(this.data, at, length)) continue; // its value lies outside: skip the entry
      }
      const field: Field = { context, tag, ifd, type, count: valueCount, at };
      const child = childContext(context, tag);
      if (child === undefined) {
        this.fields.push(field);
        continue;
      }
      try {
        const pointer = uintAt(this, field, 0);
        if (pointer === undefined) throw new Damaged("invalid pointer");
        if (this.ifd(pointer, child, ifd) !== 0) throw new Damaged("unexpected next IFD");
      } catch (e) {
        if (!(e instanceof Damaged)) throw e;
      }
    }
    return this.u32(offset);
  }
}

/** The sub-IFD a pointer tag leads to. */
function childContext(context: Context, tag: number): Context | undefined {
  if (context === "tiff" && tag === 0x8769) return "exif";
  if (context === "tiff" && tag === 0x8825) return "gps";
  if (context === "exif" && tag === 0xa005) return "interop";
  return undefined;
}

/** The `index`th value of an unsigned integer field (BYTE, SHORT or LONG). */
function uintAt(parser: { data: Bytes; le: boolean }, field: Field, index: number): number | undefined {
  if (index >= field.count) return undefined;
  switch (field.type) {
    case 1: return byteAt(parser.data, field.at + index);
    case 3: return u16(parser.data, field.at + 2 * index, parser.le);
    case 4: return u32(parser.data, field.at + 4 * index, parser.le);
    default: return undefined;
  }
}

/** The raw bytes of a field's value, at most `limit` of them. */
function rawBytes(data: Bytes, field: Field, limit: number): Bytes {
  const length = Math.min(field.count * unitLength(field.type), limit);
  return data.subarray(field.at, field.at + length);
}

/** The numbers of a numeric field as text, as kamadak-exif shows them ("1, 2" or "72/1"). */
function numbersText(data: Bytes, le: boolean, field: Field): string {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const parts: string[] = [];
  const unit = unitLength(field.type);
  for (let i = 0; i < Math.min(field.count, MAX_NUMBERS); i++) {
    const at = field.at + i * unit;
    if (!fits(data, at, unit)) break;
    switch (field.type) {
      case 1: parts.push(String(view.getUint8(at))); break;
      case 3: parts.push(String(view.getUint16(at, le))); break;
      case 4: parts.push(String(view.getUint32(at, le))); break;
      case 5: parts.push(`${view.getUint32(at, le)}/${view.getUint32(at + 4, le)}`); break;
      case 6: parts.push(String(view.getInt8(at))); break;
      case 8: parts.push(String(view.getInt16(at, le))); break;
      case 9: parts.push(String(view.getInt32(at, le))); break;
      case 10: parts.push(`${view.getInt32(at, le)}/${view.getInt32(at + 4, le)}`); break;
      case 11: parts.push(String(view.getFloat32(at, le))); break;
      case 12: parts.push(String(view.getFloat64(at, le))); break;
      default: break;
    }
  }
  return parts.join(", ");
}

const XP_TAGS = new Set([0x9c9b, 0x9c9c, 0x9c9d, 0x9c9e, 0x9c9f]);

/** The text of a field, decoding the formats that are not plain ASCII. */
function fieldText(data: Bytes, le: boolean, field: Field): string {
  if (field.type === 2) {
    const parts = utf8Lossy(rawBytes(data, field, MAX_TEXT_BYTES)).split("\0");
    if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
    return parts.join(" ");
  }
  if (field.type === 1 && field.context === "tiff" && XP_TAGS.has(field.tag)) {
    return utf16leUntilNul(rawBytes(data, field, MAX_TEXT_BYTES));
  }
  if (field.type === 7 && field.context === "exif" && field.tag === 0x9286) {
    return userComment(rawBytes(data, field, MAX_TEXT_BYTES), le);
  }
  if (field.type === 7) return utf8Lossy(rawBytes(data, field, MAX_TEXT_BYTES));
  if (unitLength(field.type) === 0) {
    return `unknown value (type=${field.type}, count=${field.count}, offset=0x${field.at.toString(16)})`;
  }
  return numbersText(data, le, field);
}

/** A UserComment: an 8-byte character code, then the text. */
function userComment(bytes: Bytes, le: boolean): string {
  const code = bytes.subarray(0, 8);
  const rest = bytes.subarray(code.length);
  const unicode = code.length === 8 && utf8Lossy(code) === "UNICODE\0";
  const text = unicode ? utf16Lossy(rest, le) : utf8Lossy(rest);
  return trimBy(text, (c) => c === "\0" || isWhiteSpace(c));
}

/** Degrees from a RATIONAL degrees/minutes/seconds triple. */
function degrees(data: Bytes, le: boolean, field: Field): number | undefined {
  if (field.type !== 5 || field.count < 1) return undefined;
  const part = (i: number): number | undefined => {
    if (i >= field.count) return 0;
    const numerator = u32(data, field.at + 8 * i, le);
    const denominator = u32(data, field.at + 8 * i + 4, le);
    if (numerator === undefined || denominator === undefined || denominator === 0) return undefined;
    return numerator / denominator;
  };
  const d = part(0);
  const m = part(1);
  const s = part(2);
  if (d === undefined || m === undefined || s === undefined) return undefined;
  return d + m / 60 + s / 3600;
}

/** The first byte of an ASCII value, such as a GPS reference (`N`, `W`). */
function firstLetter(data: Bytes, field: Field): number | undefined {
  if (field.type !== 2 || field.count < 1) return undefined;
  const first = byteAt(data, field.at);
  // A value starting with NUL holds an empty first string.
  return first === 0 ? undefined : first;
}

/** Tags that say nothing about who, where or when: how to draw the pixels. */
const HARMLESS_TIFF = new Set([
  0x11a, 0x11b, 0x128, 0x213, 0x212, 0x211, 0x214, 0x100, 0x101, 0x102, 0x103, 0x106, 0x115, 0x11c, 0x116,
  0x111, 0x117, 0x144, 0x145, 0x201, 0x202, 0x12d, 0x13e, 0x13f, 0x8769, 0x8825,
]);
const HARMLESS_EXIF = new Set([0x9000, 0xa000, 0xa001, 0xa002, 0xa003, 0x9101, 0xa005, 0xa500]);

/**
 * Reads a raw EXIF (TIFF) block. Never fails: a block that cannot be read
 * at all, or not to its end because it (or the file) has too many entries,
 * is still reported, since it is removed all the same.
 */
export function readExif(tiff: Bytes, budget: Budget): ExifSummary {
  const order = u16(tiff, 0, false);
  const le = order === 0x4949;
  if (tiff.length < 8 || (order !== 0x4d4d && !le) || u16(tiff, 2, le) !== 42) {
    return { findings: [unreadable()], orientation: undefined };
  }
  const parser = new Parser(tiff, le, budget);
  try {
    parser.body(u32(tiff, 4, le) ?? 0);
  } catch (e) {
    if (!(e instanceof Damaged)) throw e;
  }
  const summary = summarise(tiff, le, parser.fields);
  if (parser.overrun) summary.findings.push(unreadable());
  return summary;
}

/** The finding for an EXIF block (or part) that could not be read in detail: it can hold the place, date and camera. */
function unreadable(): Finding {
  return finding("device", "maker-notes");
}

/** The findings of the fields read from a block. */
function summarise(data: Bytes, le: boolean, fields: readonly Field[]): ExifSummary {
  const findings: Finding[] = [];
  let orientation: number | undefined;
  let latitude: number | undefined;
  let longitude: number | undefined;
  let south = false;
  let west = false;
  let hasPosition = false;
  let otherGps = false;
  let thumbnail = false;
  let settings = 0;
  let other = 0;
  for (const field of fields) {
    const text = (): string => fieldText(data, le, field);
    const add = (category: Finding["category"], what: Finding["what"], value: string | undefined): void => {
      if (value !== undefined) findings.push(finding(category, what, value));
    };
    if (field.ifd !== 0) {
      thumbnail ||= field.context === "tiff" && (field.tag === 0x201 || field.tag === 0x111);
      continue;
    }
    const { context, tag } = field;
    if (context === "gps") {
      switch (tag) {
        case 0: break;
        case 1: south = firstLetter(data, field) === 0x53; break; // 'S'
        case 2: hasPosition = true; latitude = degrees(data, le, field); break;
        case 3: west = firstLetter(data, field) === 0x57; break; // 'W'
        case 4: hasPosition = true; longitude = degrees(data, le, field); break;
        default: otherGps = true;
      }
      continue;
    }
    if (context === "tiff") {
      switch (tag) {
        case 0x112: {
          const o = uintAt({ data, le }, field, 0);
          orientation = o !== undefined && o >= 2 && o <= 8 ? o : undefined;
          continue;
        }
        case 0x10f: add("device", "camera-make", quoted(text())); continue;
        case 0x110: add("device", "camera-model", quoted(text())); continue;
        case 0xc62f: add("device", "serial", quoted(text())); continue;
        case 0x13c: add("device", "owner", quoted(text())); continue; // host computer's name
        case 0x13b: case 0x9c9d: add("person", "author", quoted(text())); continue; // Artist, XPAuthor
        case 0x8298: add("person", "copyright", quoted(text())); continue;
        case 0x132: add("time", "date", dated(text())); continue;
        case 0x131: case 0x0b: add("software", "software", quoted(text())); continue;
        case 0x10e: add("other", "description", quoted(text())); continue;
        case 0x9c9c: add("other", "comment", quoted(text())); continue;
        case 0x9c9b: case 0x9c9f: case 0x10d: add("other", "title", quoted(text())); continue; // XPTitle, XPSubject, DocumentName
        case 0x9c9e: add("other", "description", quoted(text())); continue; // XPKeywords
        default:
          if (!HARMLESS_TIFF.has(tag)) other += 1;
          continue;
      }
    }
    if (context === "exif") {
      switch (tag) {
        case 0xa431: add("device", "serial", quoted(text())); continue;
        case 0xa433: add("device", "camera-make", quoted(text())); continue; // lens make
        case 0xa434: add("device", "camera-model", quoted(text())); continue; // lens model
        case 0xa435: add("device", "lens-serial", quoted(text())); continue;
        case 0x927c: add("device", "maker-notes", ""); continue;
        case 0xa430: add("person", "owner", quoted(text())); continue;
        case 0x9003: case 0x9004: add("time", "date", dated(text())); continue;
        case 0x9010: case 0x9011: case 0x9012: add("time", "date", quoted(text())); continue; // time zones
        case 0x9286: add("other", "comment", quoted(text())); continue;
        case 0xa420: add("other", "unique-id", ""); continue;
        default:
          if (!HARMLESS_EXIF.has(tag)) settings += 1;
          continue;
      }
    }
    // Interoperability fields say nothing about the picture's origin.
  }
  if (hasPosition) {
    const place =
      latitude !== undefined && longitude !== undefined
        ? position(south ? -latitude : latitude, west ? -longitude : longitude)
        : undefined;
    findings.push(finding("location", "gps", place ?? ""));
  }
  if (otherGps) findings.push(finding("location", "gps"));
  if (settings > 0) findings.push(finding("device", "maker-notes"));
  if (other > 0) findings.push(finding("other", "maker-notes"));
  if (thumbnail) findings.push(finding("other", "thumbnail"));
  return { findings, orientation };
}
