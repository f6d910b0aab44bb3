// Strict JSON reading for signed documents, as Rust's serde_json with
// `deny_unknown_fields` reads them: valid UTF-8, no duplicate keys, no
// unknown fields, and the exact bytes of each top-level member's value (a
// signature covers the `body` bytes verbatim, protocol §6.1).

import { fromUtf8 } from "./bytes.js";

/** JSON that is not what a format requires. */
export class JsonShapeError extends Error {
  constructor(why: string) {
    super(why);
    this.name = "JsonShapeError";
  }
}

/** serde_json's nesting limit. */
const MAX_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

/** A parsed JSON document and, for a top-level object, the byte range
 * [start, end) of each member's value. */
export interface StrictJson {
  value: unknown;
  spans: Map<string, [number, number]>;
}

/**
 * Parses `bytes` as one JSON value (surrounding JSON whitespace allowed),
 * refusing invalid UTF-8, a BOM, duplicate keys in any object, nesting
 * deeper than serde_json's limit, and numbers other than unsigned integers
 * (the only numbers Sanctuary's formats have).
 */
export function parseStrict(bytes: Uint8Array): StrictJson {
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(bytes));
  } catch {
    throw new JsonShapeError("not JSON");
  }
  // JSON.parse accepted the syntax; this walk only finds spans and keys.
  const spans = new Map<string, [number, number]>();
  let pos = 0;
  const ws = () => {
    while (isSpace(bytes[pos])) pos++;
  };
  const skipString = (): string => {
    const start = pos;
    pos++; // opening quote
    while (bytes[pos] !== QUOTE) pos += bytes[pos] === BACKSLASH ? 2 : 1;
    pos++;
    return JSON.parse(fromUtf8(bytes.subarray(start, pos))) as string;
  };
  const walk = (depth: number): void => {
    if (depth > MAX_DEPTH) throw new JsonShapeError("nested too deeply");
    const b = bytes[pos];
    if (b === 0x7b || b === 0x5b) {
      const object = b === 0x7b;
      const close = object ? 0x7d : 0x5d;
      const keys = new Set<string>();
      pos++;
      ws();
      if (bytes[pos] === close) {
        pos++;
        return;
      }
      for (;;) {
        ws();
        if (object) {
          const key = skipString();
          if (keys.has(key)) throw new JsonShapeError(`duplicate field ${JSON.stringify(key)}`);
          keys.add(key);
          ws();
          pos++; // colon
          ws();
          const start = pos;
          walk(depth + 1);
          if (depth === 0) spans.set(key, [start, pos]);
        } else {
          walk(depth + 1);
        }
        ws();
        if (bytes[pos++] === close) return;
      }
    }
    if (b === QUOTE) {
      skipString();
      return;
    }
    // A number or a literal: up to the next delimiter.
    const start = pos;
    while (pos < bytes.length && !isSpace(bytes[pos]) && bytes[pos] !== 0x2c && bytes[pos] !== 0x7d && bytes[pos] !== 0x5d) {
      pos++;
    }
    // Every number in Sanctuary's formats is an unsigned integer; serde
    // refuses `1.0`, `1e2` or `-1` for those, and so does this.
    if (b !== undefined && (b === 0x2d || (b >= 0x30 && b <= 0x39))) {
      if (!/^(0|[1-9][0-9]*)$/.test(fromUtf8(bytes.subarray(start, pos)))) {
        throw new JsonShapeError("numbers must be unsigned integers");
      }
    }
  };
  ws();
  walk(0);
  return { value, spans };
}

/** A JSON object's members, checked against a struct's fields: every
 * `required` one present, nothing outside `required` and `optional`. */
export function fields(value: unknown, required: readonly string[], optional: readonly string[] = []): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new JsonShapeError("expected an object");
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!required.includes(key) && !optional.includes(key)) {
      throw new JsonShapeError(`unknown field ${JSON.stringify(key)}`);
    }
  }
  for (const key of required) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) {
      throw new JsonShapeError(`missing field ${JSON.stringify(key)}`);
    }
  }
  return record;
}

/** A string field. */
export function str(value: unknown, what: string): string {
  if (typeof value !== "string") throw new JsonShapeError(`${what} must be a string`);
  return value;
}

/** An unsigned integer field no larger than `max` (at most 2^53 − 1:
 * larger JSON integers cannot be read exactly here). */
export function uint(value: unknown, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new JsonShapeError(`${what} must be an integer from 0 to ${max}`);
  }
  return value;
}

/** A boolean field. */
export function bool(value: unknown, what: string): boolean {
  if (typeof value !== "boolean") throw new JsonShapeError(`${what} must be true or false`);
  return value;
}

/** An array field. */
export function arr(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new JsonShapeError(`${what} must be a list`);
  return value;
}

/** An object of strings (a map of translations or answers). */
export function strMap(value: unknown, what: string): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new JsonShapeError(`${what} must be an object`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    Object.defineProperty(out, k, { value: str(v, what), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
