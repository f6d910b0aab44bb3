// Small byte helpers shared by the protocol modules: UTF-8, hex and
// base64url (protocol §1), joining, comparing and wiping.

import { base64urlnopad, hex } from "@scure/base";

export { concat } from "../bytes.js";

const encoder = new TextEncoder();

/** UTF-8 bytes of a string (lone surrogates become U+FFFD). */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8, refusing invalid sequences and keeping a leading BOM. */
export function fromUtf8(bytes: Uint8Array): string {
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
}

/** Lowercase hexadecimal. */
export function toHex(bytes: Uint8Array): string {
  return hex.encode(bytes);
}

/** Decodes exactly `length` bytes of hexadecimal (either case), or null. */
export function fromHex(text: string, length: number): Uint8Array | null {
  if (text.length !== length * 2 || !/^[0-9a-fA-F]*$/.test(text)) return null;
  return hex.decode(text.toLowerCase());
}

/** Whether `text` is exactly `length` bytes of hexadecimal (either case). */
export function isHex(text: unknown, length: number): text is string {
  return typeof text === "string" && text.length === length * 2 && /^[0-9a-fA-F]*$/.test(text);
}

/** Unpadded URL-safe base64 (Ed25519 keys and signatures). */
export function toB64url(bytes: Uint8Array): string {
  return base64urlnopad.encode(bytes);
}

/** Decodes unpadded URL-safe base64 into exactly `length` bytes, or null. */
export function fromB64url(text: unknown, length: number): Uint8Array | null {
  // Bound the input before decoding: `length` bytes never need more.
  if (typeof text !== "string" || text.length !== Math.ceil((length * 4) / 3)) return null;
  try {
    const bytes = base64urlnopad.decode(text);
    return bytes.length === length ? bytes : null;
  } catch {
    return null;
  }
}

/** Whether two byte strings are equal, without an early exit. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Overwrites secrets with zeros. */
export function wipe(...arrays: (Uint8Array | undefined)[]): void {
  for (const a of arrays) a?.fill(0);
}

/** Bytes per Blob part of a `BlobPieces`. */
const PIECE = 1024 * 1024;

/**
 * Gathers streamed bytes into a Blob a MiB at a time, through one reused
 * buffer: each full MiB becomes a Blob part, which keeps a copy (outside the
 * JavaScript heap where the browser can), so a large file never sits whole
 * in the heap.
 */
export class BlobPieces {
  private readonly parts: Blob[] = [];
  private readonly buf = new Uint8Array(PIECE);
  private used = 0;

  /** Appends `chunk`. */
  add(chunk: Uint8Array): void {
    let rest = chunk;
    while (rest.length > 0) {
      const n = Math.min(PIECE - this.used, rest.length);
      this.buf.set(rest.subarray(0, n), this.used);
      this.used += n;
      rest = rest.subarray(n);
      if (this.used === PIECE) {
        this.parts.push(new Blob([this.buf]));
        this.used = 0;
      }
    }
  }

  /** Everything added, as one Blob of type application/octet-stream
   * whatever the bytes are; the buffer is wiped. */
  finish(): Blob {
    if (this.used > 0) this.parts.push(new Blob([this.buf.subarray(0, this.used)]));
    this.used = 0;
    wipe(this.buf);
    return new Blob(this.parts, { type: "application/octet-stream" });
  }
}

/**
 * The string with every lone UTF-16 surrogate replaced by U+FFFD, so it has
 * one UTF-8 form and serializes as Rust's serde_json would read it (serde
 * refuses an escaped lone surrogate). A loop, not a regular expression:
 * lookbehind is missing from some browsers the page supports.
 */
export function wellFormed(text: string): string {
  let out = "";
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    } else if (!(c >= 0xdc00 && c <= 0xdfff)) {
      continue;
    }
    out += text.slice(start, i) + "\ufffd";
    start = i + 1;
  }
  return start === 0 ? text : out + text.slice(start);
}

/** Compares two strings by their UTF-8 bytes, as Rust orders `String`s. */
export function compareUtf8(a: string, b: string): number {
  const x = utf8(a);
  const y = utf8(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Fills `bytes` from the platform's cryptographic generator (in pieces of
 * at most 65536 bytes, getRandomValues' limit). */
export function randomFill(bytes: Uint8Array): Uint8Array {
  for (let at = 0; at < bytes.length; at += 65536) {
    crypto.getRandomValues(bytes.subarray(at, Math.min(bytes.length, at + 65536)));
  }
  return bytes;
}
