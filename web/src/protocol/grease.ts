// The grease stanza (protocol §6.2). The Rust `age` crate adds one random
// stanza to every header it writes (age-core 0.12 `grease_the_joint`);
// typage adds none. So that the operator cannot tell a page-sealed file from
// a CLI-sealed one, the page adds one itself, drawn from exactly the same
// distribution, as a typage Recipient placed after the caseworkers:
//
//   tag  = 1–8 characters, each uniform in ASCII 33..=126, then "-grease"
//   args = 0–4 of them, each 1–8 such characters
//   body = 0–99 random bytes
//
// (each count uniform over its range). Its encoded length is computed here
// so the sealer can pad the plaintext with that many fewer spaces.

import { Stanza, type Recipient } from "age-encryption";

import { randomFill } from "./bytes.js";

/**
 * A uniform integer in [0, n) from crypto.getRandomValues, by rejection
 * sampling (no modulo bias).
 */
export function uniform(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 0x100000000) throw new RangeError("uniform: bad range");
  const limit = 0x100000000 - (0x100000000 % n);
  const word = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(word);
    const x = word[0] ?? 0;
    if (x < limit) return x % n;
  }
}

/** 1–8 characters, each uniform in ASCII 33..=126. */
function arbitraryString(): string {
  const length = 1 + uniform(8);
  let s = "";
  for (let i = 0; i < length; i++) s += String.fromCharCode(33 + uniform(94));
  return s;
}

/** A fresh grease stanza: its arguments (tag first) and body. */
export function drawGrease(): Stanza {
  const tag = `${arbitraryString()}-grease`;
  const args = [tag];
  const count = uniform(5);
  for (let i = 0; i < count; i++) args.push(arbitraryString());
  const body = randomFill(new Uint8Array(uniform(100)));
  return new Stanza(args, body);
}

/** Characters of unpadded base64 for `n` bytes. */
function base64Len(n: number): number {
  return Math.floor(n / 3) * 4 + (n % 3 === 0 ? 0 : (n % 3) + 1);
}

/**
 * The encoded length of a stanza in an age header: `-> ` and the arguments
 * joined by spaces and a newline, then the body in unpadded standard
 * base64, 64 characters (48 bytes) per line, each line ended by a newline,
 * always ending with a line shorter than 64 characters (possibly empty).
 */
export function stanzaLength(stanza: Stanza): number {
  const first = 3 + stanza.args.reduce((sum, a) => sum + a.length, 0) + (stanza.args.length - 1) + 1;
  const full = Math.floor(stanza.body.length / 48);
  const last = base64Len(stanza.body.length % 48);
  return first + full * 65 + last + 1;
}

/** A typage Recipient that adds a fixed stanza, to be added last. */
export class GreaseRecipient implements Recipient {
  constructor(private readonly stanza: Stanza) {}

  wrapFileKey(): Stanza[] {
    return [this.stanza];
  }
}
