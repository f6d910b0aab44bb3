// Reading a receipt back, forgivingly: the 12 words or the 48 digits, in
// whatever shape a frightened person copies them (numbering, commas,
// capitals, Arabic-Indic digits, the first four letters of each word).

import { mnemonicToEntropy } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";

import {
  GROUP_DIGITS,
  RECEIPT_BYTES,
  RECEIPT_GROUPS,
  RECEIPT_WORDS,
  ReceiptError,
  dammDigit,
} from "./receipt.js";

const DIGITS_TOTAL = RECEIPT_GROUPS * GROUP_DIGITS;

/** Separators between words: whitespace, commas, semicolons, dots, colons,
 * brackets, dashes, Arabic and CJK punctuation, invisible spaces. */
const SEPARATORS = /[\s,;.:()[\]\-\u2010-\u2015\u2212\u060c\u061b\u3001\u3002\u200b-\u200d\u2060\ufeff]+/u;

/** Arabic-Indic (U+0660), Extended Arabic-Indic (U+06F0) and full-width
 * (U+FF10) digits as ASCII. */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]/g, (c) => {
    const code = c.charCodeAt(0);
    const zero = code >= 0xff10 ? 0xff10 : code >= 0x06f0 ? 0x06f0 : 0x0660;
    return String.fromCharCode(48 + code - zero);
  });
}

/**
 * Reads a receipt written as words or as digits and returns its 16 bytes.
 * Throws a ReceiptError saying what is wrong (see ReceiptErrorKind).
 */
export function parseReceipt(input: string): Uint8Array {
  const text = asciiDigits(input);
  const runs = text.match(/[0-9]+/g) ?? [];
  // "Alphabetic" as Rust's char::is_alphabetic, so both parsers choose alike.
  if (/\p{Alphabetic}/u.test(text)) {
    if (runs.some((r) => r.length >= 3)) throw new ReceiptError("mixed");
    return parseWords(text.normalize("NFKC"));
  }
  if (runs.length === 0) throw new ReceiptError("empty");
  return parseDigits(runs);
}

function parseDigits(runs: string[]): Uint8Array {
  let digits = runs.join("");
  if (digits.length !== DIGITS_TOTAL) {
    // Runs of one or two digits are numbering ("1.", "(3)"): drop them.
    const kept = runs.filter((r) => r.length > 2).join("");
    if (kept.length !== DIGITS_TOTAL) {
      throw new ReceiptError("digit-count", { got: kept.length > 0 ? kept.length : digits.length });
    }
    digits = kept;
  }
  const entropy = new Uint8Array(RECEIPT_BYTES);
  for (let i = 0; i < RECEIPT_GROUPS; i++) {
    const group = digits.slice(i * GROUP_DIGITS, (i + 1) * GROUP_DIGITS);
    const data = group.slice(0, 5);
    const value = Number(data);
    if (value > 0xffff || dammDigit(String(i + 1) + data) !== Number(group[5])) {
      entropy.fill(0);
      throw new ReceiptError("digit-group", { position: i + 1 });
    }
    entropy[2 * i] = value >> 8;
    entropy[2 * i + 1] = value & 0xff;
  }
  return entropy;
}

let known: Set<string> | undefined;

function isWord(word: string): boolean {
  known ??= new Set(wordlist);
  return known.has(word);
}

/** The list word `token` stands for: itself, or the one word it is a
 * prefix of, when it has at least 4 letters (BIP39 English words are
 * unique in their first four). */
function resolve(token: string): string | null {
  if (isWord(token)) return token;
  if (token.length < 4) return null;
  const matches = wordlist.filter((w) => w.startsWith(token));
  return matches.length === 1 ? (matches[0] ?? null) : null;
}

function parseWords(text: string): Uint8Array {
  const tokens = text
    .toLowerCase()
    .split(SEPARATORS)
    .filter((t) => t !== "" && !/^[0-9]+$/.test(t));
  if (tokens.length !== RECEIPT_WORDS) throw new ReceiptError("count", { got: tokens.length });
  const words: string[] = [];
  for (const [i, token] of tokens.entries()) {
    const word = resolve(token);
    if (word === null) {
      throw new ReceiptError("word", { position: i + 1, word: token, suggestions: suggestWords(token) });
    }
    words.push(word);
  }
  try {
    return mnemonicToEntropy(words.join(" "), wordlist);
  } catch {
    throw new ReceiptError("checksum");
  }
}

/**
 * Up to three list words a mistyped `typed` may have been meant as: the
 * words sharing its first four letters or, if none, the closest ones by
 * edit distance (insertions, deletions, substitutions, swaps of
 * neighbours) of at most 2.
 */
export function suggestWords(typed: string): string[] {
  const word = typed.toLowerCase();
  if (word.length >= 4) {
    const prefix = word.slice(0, 4);
    const same = wordlist.filter((w) => w.startsWith(prefix)).slice(0, 3);
    if (same.length > 0) return same;
  }
  // Receipt words have 3 to 8 letters: anything much longer is no typo of one.
  if (word.length === 0 || word.length > 16) return [];
  const scored: { w: string; d: number; i: number }[] = [];
  for (const [i, w] of wordlist.entries()) {
    if (Math.abs(w.length - word.length) > 2) continue;
    const d = editDistance(word, w);
    if (d <= 2) scored.push({ w, d, i });
  }
  scored.sort((a, b) => a.d - b.d || a.i - b.i);
  return scored.slice(0, 3).map((s) => s.w);
}

/** Optimal string alignment distance between `a` and `b`. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      const prev = rows[i - 1];
      if (prev === undefined) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Number.MAX_SAFE_INTEGER;
}
