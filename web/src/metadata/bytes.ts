// Small helpers over untrusted bytes: bounds-checked integer reads,
// concatenation, text decoding and the PNG CRC-32. Nothing here throws on
// short input except where a function says so.

export { concat } from "../bytes.js";

/** Bytes backed by an ordinary ArrayBuffer (what Blob and TextEncoder give). */
export type Bytes = Uint8Array<ArrayBuffer>;

/** The byte at `at`, or 0 past the end (callers check bounds first). */
export function byteAt(data: Bytes, at: number): number {
  return data[at] ?? 0;
}

/** Whether `length` bytes starting at `at` lie inside `data`. */
export function fits(data: Bytes, at: number, length: number): boolean {
  return at >= 0 && length >= 0 && at <= data.length && data.length - at >= length;
}

/** An unsigned 16-bit integer, or `undefined` past the end. */
export function u16(data: Bytes, at: number, littleEndian: boolean): number | undefined {
  if (!fits(data, at, 2)) return undefined;
  const a = byteAt(data, at);
  const b = byteAt(data, at + 1);
  return littleEndian ? a | (b << 8) : (a << 8) | b;
}

/** An unsigned 32-bit integer, or `undefined` past the end. */
export function u32(data: Bytes, at: number, littleEndian: boolean): number | undefined {
  if (!fits(data, at, 4)) return undefined;
  const a = byteAt(data, at);
  const b = byteAt(data, at + 1);
  const c = byteAt(data, at + 2);
  const d = byteAt(data, at + 3);
  const value = littleEndian ? a + b * 0x100 + c * 0x10000 + d * 0x1000000 : a * 0x1000000 + b * 0x10000 + c * 0x100 + d;
  return value;
}

/** A 32-bit unsigned integer as 4 bytes. */
export function u32Bytes(value: number, littleEndian: boolean): Bytes {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0, littleEndian);
  return out;
}

/** Whether `data` holds `prefix` at `at`. */
export function startsWith(data: Bytes, prefix: ArrayLike<number>, at = 0): boolean {
  if (!fits(data, at, prefix.length)) return false;
  for (let i = 0; i < prefix.length; i++) {
    if (data[at + i] !== prefix[i]) return false;
  }
  return true;
}

/** The bytes of an ASCII string. */
export function ascii(text: string): Bytes {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** Splits at the first NUL: the bytes before it and the bytes after it. */
export function splitNul(data: Bytes): [Bytes, Bytes] {
  const at = data.indexOf(0);
  if (at < 0) return [data, data.subarray(data.length)];
  return [data.subarray(0, at), data.subarray(at + 1)];
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** UTF-8 with invalid sequences replaced by U+FFFD (like Rust's `from_utf8_lossy`). */
export function utf8Lossy(data: Uint8Array): string {
  return utf8.decode(data);
}

/** Latin-1 (ISO 8859-1), as PNG tEXt and zTXt use. */
export function latin1(data: Uint8Array): string {
  let out = "";
  for (let i = 0; i < data.length; i += 8192) {
    out += String.fromCharCode(...data.subarray(i, i + 8192));
  }
  return out;
}

/** UTF-16 with unpaired surrogates replaced by U+FFFD; an odd last byte is ignored. */
export function utf16Lossy(data: Uint8Array, littleEndian: boolean): string {
  const even = data.subarray(0, data.length - (data.length % 2));
  return new TextDecoder(littleEndian ? "utf-16le" : "utf-16be", { ignoreBOM: true }).decode(even);
}

/** UTF-16LE up to the first NUL code unit (Windows "XP" EXIF tags). */
export function utf16leUntilNul(data: Uint8Array): string {
  let end = 0;
  while (end + 1 < data.length && (data[end] !== 0 || data[end + 1] !== 0)) end += 2;
  return utf16Lossy(data.subarray(0, end), true);
}

let crcTable: Uint32Array | undefined;

/** The CRC-32 (ISO 3309, as PNG uses) of the pieces, in order. */
export function crc32(...pieces: Uint8Array[]): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let crc = 0xffffffff;
  for (const piece of pieces) {
    for (let i = 0; i < piece.length; i++) {
      crc = (table[(crc ^ (piece[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
    }
  }
  return (crc ^ 0xffffffff) >>> 0;
}
