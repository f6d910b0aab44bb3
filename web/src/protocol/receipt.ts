// The reporter's receipt (protocol §2): 16 random bytes, shown as 12 BIP39
// English words or as 8 groups of 6 digits with a Damm check digit each.
// Parsing either form is in receipt-parse.ts; the derivations in keys.ts.

import { entropyToMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";

import alarmingWords from "./alarming-words.json";
import { randomFill } from "./bytes.js";

/** Bytes of entropy in a receipt. */
export const RECEIPT_BYTES = 16;
/** Words in a receipt. */
export const RECEIPT_WORDS = 12;
/** Digit groups in a receipt, and digits per group. */
export const RECEIPT_GROUPS = 8;
export const GROUP_DIGITS = 6;

/** Why some input is not a receipt. */
export type ReceiptErrorKind = "empty" | "count" | "word" | "checksum" | "digit-count" | "digit-group" | "mixed";

/** Details a UI can show; never the whole receipt. */
export interface ReceiptErrorDetails {
  /** 1-based word ("word") or group ("digit-group"). */
  position?: number;
  /** How many words ("count") or digits ("digit-count") were found. */
  got?: number;
  /** The unknown word as typed ("word"). */
  word?: string;
  /** Up to 3 list words it may have been meant as ("word"). */
  suggestions?: string[];
}

const MESSAGES: Record<ReceiptErrorKind, string> = {
  empty: "no receipt was entered",
  count: "a receipt has 12 words",
  word: "a word is not in the receipt word list",
  checksum: "the words are all valid but do not belong together: one is wrong or out of order",
  "digit-count": "a receipt has 48 digits (8 groups of 6)",
  "digit-group": "a group of digits is wrong",
  mixed: "the receipt mixes words and digits: enter one or the other",
};

/** A receipt that cannot be read, and why. Plain English in `message`;
 * UIs translate by `kind`. */
export class ReceiptError extends Error {
  readonly kind: ReceiptErrorKind;
  readonly position?: number;
  readonly got?: number;
  readonly word?: string;
  readonly suggestions?: string[];

  constructor(kind: ReceiptErrorKind, details: ReceiptErrorDetails = {}) {
    super(MESSAGES[kind]);
    this.name = "ReceiptError";
    this.kind = kind;
    if (details.position !== undefined) this.position = details.position;
    if (details.got !== undefined) this.got = details.got;
    if (details.word !== undefined) this.word = details.word;
    if (details.suggestions !== undefined) this.suggestions = details.suggestions;
  }
}

function checkEntropy(entropy: Uint8Array): void {
  if (entropy.length !== RECEIPT_BYTES) throw new RangeError("a receipt is 16 bytes");
}

/** Receipt words a reporter may be afraid to carry (crime, immigration,
 * law enforcement, courts, violence, weapons). A copy of ALARMING_WORDS in
 * crypto/src/receipt/alarming.rs, which explains the list; tests on both
 * sides fail when the two differ. */
export const ALARMING_WORDS: ReadonlySet<string> = new Set<string>(alarmingWords);

/** Whether any word of the receipt is alarming (see ALARMING_WORDS). */
export function hasAlarmingWord(entropy: Uint8Array): boolean {
  return receiptWords(entropy).some((w) => ALARMING_WORDS.has(w));
}

/** A new receipt: 16 bytes from crypto.getRandomValues, drawn again while
 * any of its words is alarming, as the Rust client does (protocol §2). A
 * word may appear twice: that is normal. */
export function generateEntropy(): Uint8Array {
  for (;;) {
    const entropy = randomFill(new Uint8Array(RECEIPT_BYTES));
    if (!hasAlarmingWord(entropy)) return entropy;
    entropy.fill(0);
  }
}

/** The 12 BIP39 English words of a receipt. */
export function receiptWords(entropy: Uint8Array): string[] {
  checkEntropy(entropy);
  return entropyToMnemonic(entropy, wordlist).split(" ");
}

/** The Damm quasigroup of order 10 (Damm 2004), as on Wikipedia's "Damm
 * algorithm" page: row = interim digit, column = next digit. */
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
] as const;

/** The Damm check digit of a string of ASCII digits (interim starts at 0). */
export function dammDigit(digits: string): number {
  let interim = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - 48;
    const row = DAMM[interim];
    if (row === undefined || d < 0 || d > 9) throw new RangeError("dammDigit: not a digit string");
    interim = row[d] ?? 0;
  }
  return interim;
}

/** One group: the 16-bit value as 5 digits, then the Damm check digit over
 * the group number (1–8) followed by those 5 digits. */
export function digitGroup(position: number, value: number): string {
  const data = String(value).padStart(5, "0");
  return data + String(dammDigit(String(position) + data));
}

/** The 8 groups of 6 Western digits of a receipt: the 16 bytes as 8
 * big-endian 16-bit values, each with its check digit. */
export function receiptDigitGroups(entropy: Uint8Array): string[] {
  checkEntropy(entropy);
  const groups: string[] = [];
  for (let i = 0; i < RECEIPT_GROUPS; i++) {
    const value = ((entropy[2 * i] ?? 0) << 8) | (entropy[2 * i + 1] ?? 0);
    groups.push(digitGroup(i + 1, value));
  }
  return groups;
}

/** Digit systems a receipt can be shown in. */
export type Numerals = "latn" | "arab" | "arabext";

const ZERO: Record<Numerals, number> = { latn: 0x30, arab: 0x0660, arabext: 0x06f0 };

/** `digits` with every ASCII digit written in the reader's numerals
 * (Arabic-Indic U+0660…, Extended Arabic-Indic U+06F0…); anything else is
 * kept. parseReceipt reads all of them back. */
export function toNumerals(digits: string, numerals: Numerals): string {
  const zero = ZERO[numerals];
  return digits.replace(/[0-9]/g, (d) => String.fromCharCode(zero + d.charCodeAt(0) - 48));
}
