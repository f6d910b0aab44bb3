// Turning untrusted metadata values into short, safe text.
//
// Every value shown to the reporter comes from the file, which may have been
// crafted: control characters and bidirectional overrides are removed,
// whitespace is collapsed, and long values are shortened.

/** The longest value quoted in a finding, in characters, "…" included. */
export const MAX_VALUE_CHARS = 80;

/** The most UTF-16 code units of a value that are looked at (only 80 characters are shown). */
const MAX_SCANNED = 64 * 1024;

/** Whether a code point is Unicode White_Space, as Rust's `char::is_whitespace`. */
function isSpaceCode(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/** Control characters (Unicode Cc), and characters that change how text is displayed without being visible. */
function isHiddenCode(c: number): boolean {
  return (
    c <= 0x1f ||
    (c >= 0x7f && c <= 0x9f) ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2069) ||
    c === 0xfeff
  );
}

/** Whether `c` (one character) is Unicode white space, as Rust's `char::is_whitespace`. */
export function isWhiteSpace(c: string): boolean {
  return c.length === 1 && isSpaceCode(c.charCodeAt(0));
}

/** `text` without leading and trailing characters for which `drop` is true. */
export function trimBy(text: string, drop: (c: string) => boolean): string {
  let start = 0;
  let end = text.length;
  while (start < end && drop(text.charAt(start))) start += 1;
  while (end > start && drop(text.charAt(end - 1))) end -= 1;
  return text.slice(start, end);
}

/** `text` without leading and trailing Unicode white space. */
export function trimWhiteSpace(text: string): string {
  return trimBy(text, isWhiteSpace);
}

/**
 * `value` made safe to show: no control or invisible characters,
 * whitespace collapsed to single spaces and trimmed, at most
 * {@link MAX_VALUE_CHARS} characters (a longer value ends with "…"). Only
 * the first 64 Ki code units are looked at.
 */
export function cleanValue(value: string): string {
  const out: string[] = [];
  let pendingSpace = false;
  for (const c of value.slice(0, MAX_SCANNED)) {
    const code = c.codePointAt(0) ?? 0;
    if (isSpaceCode(code)) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (isHiddenCode(code)) continue;
    if (pendingSpace) {
      out.push(" ");
      pendingSpace = false;
    }
    out.push(c);
    if (out.length > MAX_VALUE_CHARS) {
      return out.slice(0, MAX_VALUE_CHARS - 1).join("").trimEnd() + "…";
    }
  }
  return out.join("");
}

/** The cleaned value, or `undefined` when nothing is left of it. */
export function quoted(value: string): string | undefined {
  const cleaned = cleanValue(value);
  return cleaned === "" ? undefined : cleaned;
}

const DATE_CHARS = new Set([":", "-", " ", "T", "."]);

/**
 * A date such as `2024:05:01 14:03:22` (EXIF), `2024-05-01T14:03:22+01:00`
 * (XMP) or `20240501` shown as `2024-05-01 14:03`. Unrecognised text is
 * quoted as it is; an empty or all-zero date gives `undefined`.
 */
export function dated(raw: string): string | undefined {
  let trimmed = trimWhiteSpace(raw);
  while (trimmed.startsWith("D:")) trimmed = trimmed.slice(2);
  let digits = "";
  for (const c of trimmed) {
    const isDigit = c >= "0" && c <= "9";
    if (!isDigit && !DATE_CHARS.has(c)) break;
    if (isDigit) {
      digits += c;
      if (digits.length === 12) break;
    }
  }
  if (digits !== "" && /^0+$/.test(digits)) return undefined;
  return formatDigits(digits) ?? quoted(raw);
}

/** Formats `YYYY`, `YYYYMMDD` or `YYYYMMDDhhmm` (with sane ranges). */
function formatDigits(d: string): string | undefined {
  if (d.length < 4) return undefined;
  const year = d.slice(0, 4);
  if (d.length < 8) return d.length === 4 ? year : undefined;
  const month = Number(d.slice(4, 6));
  const day = Number(d.slice(6, 8));
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const date = `${year}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
  if (d.length < 12) return date;
  const hour = Number(d.slice(8, 10));
  const minute = Number(d.slice(10, 12));
  if (hour > 23 || minute > 59) return date;
  return `${date} ${d.slice(8, 10)}:${d.slice(10, 12)}`;
}

/**
 * `x` (finite, not negative) with four decimals, rounding exactly and ties
 * to even, as Rust's `{:.4}` does (JavaScript's `toFixed` rounds ties up).
 */
export function fixed4(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponentBits === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (exponentBits === 0 ? 1 : exponentBits) - 1075;
  let scaled = mantissa * 10000n;
  if (exponent >= 0) {
    scaled <<= BigInt(exponent);
  } else {
    const denominator = 1n << BigInt(-exponent);
    const quotient = scaled / denominator;
    const twice = 2n * (scaled % denominator);
    scaled = quotient;
    if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) scaled += 1n;
  }
  const whole = scaled / 10000n;
  const decimals = (scaled % 10000n).toString().padStart(4, "0");
  return `${whole}.${decimals}`;
}

/**
 * A position as `51.5012° N, 0.1419° W`, or `undefined` if it is not a
 * position on Earth. Latitude and longitude are signed decimal degrees
 * (north and east positive).
 */
export function position(latitude: number, longitude: number): string | undefined {
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return undefined;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  const ns = latitude < 0 ? "S" : "N";
  const ew = longitude < 0 ? "W" : "E";
  return `${fixed4(Math.abs(latitude))}° ${ns}, ${fixed4(Math.abs(longitude))}° ${ew}`;
}
