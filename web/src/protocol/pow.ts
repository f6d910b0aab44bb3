// Proof of work, version 1 (issue #15): before an anonymous POST the page
// fetches a challenge for the exact body length, finds a counter whose
// Argon2id output over (challenge, hash of the body's first 64 KiB,
// counter) starts with enough zero bits, and sends both in the
// `Sanctuary-Pow` header. Byte for byte with the Rust reference
// (crypto/src/pow.rs). No cryptography is written here: Argon2id and
// SHA-256 are @noble/hashes'. Nothing here touches the network (api.ts
// does).

import { argon2idAsync } from "@noble/hashes/argon2.js";
import { sha256 } from "@noble/hashes/sha2.js";

import { concat, fromB64url, toB64url, utf8 } from "./bytes.js";

/** The request header carrying `TOKEN.COUNTER`. */
export const POW_HEADER = "Sanctuary-Pow";
/** Length of a challenge token in bytes. */
export const POW_TOKEN_LEN = 71;
/** How many leading bytes of a body its binding covers. */
export const POW_BINDING_PREFIX = 65536;
/** The most leading zero bits this page will work for (2^24 tries on
 * average would freeze a phone for days: a server asking more is refused). */
export const POW_MAX_BITS = 24;
/** The most Argon2id memory (KiB) this page will spend per try. */
export const POW_MAX_MEMORY_KIB = 65536;
/** Argon2's own minimum memory (8 KiB per lane, one lane). */
const MIN_MEMORY_KIB = 8;
/** Tries after which the solver gives up; with at most 24 bits, never
 * reached in practice (the chance is below e^-256). */
const MAX_TRIES = 2 ** 32;
/** The Argon2id salt, the same for every challenge. */
const SALT = utf8("sanctuary-pow-v1");
/** Longest slice of work (ms) before Argon2id yields to the page. */
const ASYNC_TICK_MS = 50;

/** What a challenge is for: `POST /v1/messages` or `POST /v1/attachments`. */
export type PowKind = "message" | "attachment";

/** Why a challenge was refused. */
export type PowErrorKind = "malformed" | "too-hard";

/** A challenge this page will not work on: not a version 1 token
 * ("malformed"), or one asking for more work than any Sanctuary server
 * asks ("too-hard", more than 24 bits or 64 MiB). */
export class PowError extends Error {
  readonly kind: PowErrorKind;

  constructor(kind: PowErrorKind) {
    super(kind === "malformed" ? "the proof-of-work challenge is malformed" : "the proof-of-work challenge asks for too much work");
    this.name = "PowError";
    this.kind = kind;
  }
}

/** A parsed challenge token. */
export interface PowChallenge {
  /** The 71 bytes, as the server sent them (they go back in the header). */
  readonly token: Uint8Array;
  readonly kind: PowKind;
  /** Leading zero bits the Argon2id output must have (0..=24). */
  readonly bits: number;
  /** Argon2id memory cost in KiB. */
  readonly memoryKib: number;
  /** The exact length of the body the challenge is for. */
  readonly bodyLen: number;
  /** When it expires, Unix seconds (the server's clock). */
  readonly expires: number;
}

const KINDS: readonly PowKind[] = ["message", "attachment"];

/**
 * Reads a base64url (unpadded) challenge token. Refuses anything but 71
 * bytes of version 1 with a known kind, Argon2id memory of at least 8 KiB
 * and lengths JavaScript counts exactly ("malformed"), and any challenge
 * above 24 bits or 65536 KiB ("too-hard").
 */
export function parseChallenge(text: unknown): PowChallenge {
  const token = fromB64url(text, POW_TOKEN_LEN);
  if (token === null) throw new PowError("malformed");
  const view = new DataView(token.buffer, token.byteOffset, token.byteLength);
  const kind = KINDS[view.getUint8(1)];
  const bits = view.getUint8(2);
  const memoryKib = view.getUint32(3);
  const bodyLen = view.getBigUint64(7);
  const expires = view.getBigUint64(15);
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  if (view.getUint8(0) !== 1 || kind === undefined || memoryKib < MIN_MEMORY_KIB || bodyLen > max || expires > max) {
    throw new PowError("malformed");
  }
  if (bits > POW_MAX_BITS || memoryKib > POW_MAX_MEMORY_KIB) throw new PowError("too-hard");
  return { token, kind, bits, memoryKib, bodyLen: Number(bodyLen), expires: Number(expires) };
}

/** The binding of a body: SHA-256 of its first min(length, 65536) bytes.
 * `head` may be the whole body or just its beginning. */
export function powBinding(head: Uint8Array): Uint8Array {
  return sha256(head.subarray(0, POW_BINDING_PREFIX));
}

/** Options of evaluations and of the solver. */
export interface PowOptions {
  /** Stops the work; the promise then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Called after each try that was not a solution, with how many tries
   * have been made and the challenge's bits. */
  onProgress?: ((tries: number, bits: number) => void) | undefined;
  /** Called once a solution is found. */
  onSolved?: (() => void) | undefined;
}

/**
 * One Argon2id evaluation (version 0x13, t = 1, p = 1, 32 bytes, the
 * token's memory) of token ‖ binding ‖ counter (u64 big-endian), salted
 * with "sanctuary-pow-v1". Yields to the page every 50 ms while it runs.
 */
export async function evaluate(
  challenge: PowChallenge,
  binding: Uint8Array,
  counter: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (binding.length !== 32) throw new TypeError("a binding is 32 bytes");
  if (!Number.isSafeInteger(counter) || counter < 0) throw new TypeError("bad counter");
  const c = new Uint8Array(8);
  const view = new DataView(c.buffer);
  view.setUint32(0, Math.floor(counter / 2 ** 32));
  view.setUint32(4, counter % 2 ** 32);
  const password = concat([challenge.token, binding, c]);
  const check = signal
    ? () => {
        signal.throwIfAborted();
      }
    : undefined;
  const opts = {
    t: 1,
    m: challenge.memoryKib,
    p: 1,
    dkLen: 32,
    version: 0x13,
    asyncTick: ASYNC_TICK_MS,
    ...(check ? { onProgress: check } : {}),
  };
  return argon2idAsync(password, SALT, opts);
}

/** How many leading bits of `out` are zero (bit 7 of out[0] first). */
export function leadingZeroBits(out: Uint8Array): number {
  let n = 0;
  for (const byte of out) {
    if (byte === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(byte) - 24;
  }
  return n;
}

/** A solution: the counter to send and its Argon2id output. */
export interface PowSolution {
  readonly counter: number;
  readonly output: Uint8Array;
  /** Evaluations made (counter + 1). */
  readonly tries: number;
}

/**
 * Finds the first counter (0, 1, 2, …) whose evaluation has at least the
 * challenge's bits of leading zeros. Yields to the event loop between
 * evaluations (and during each), reports progress after each failed try,
 * and stops when `signal` is aborted.
 */
export async function solve(challenge: PowChallenge, binding: Uint8Array, options: PowOptions = {}): Promise<PowSolution> {
  const { signal, onProgress, onSolved } = options;
  for (let counter = 0; counter < MAX_TRIES; counter++) {
    signal?.throwIfAborted();
    const output = await evaluate(challenge, binding, counter, signal);
    if (leadingZeroBits(output) >= challenge.bits) {
      onSolved?.();
      return { counter, output, tries: counter + 1 };
    }
    onProgress?.(counter + 1, challenge.bits);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  throw new PowError("too-hard");
}

/** The `Sanctuary-Pow` header value: the token in base64url, a dot, the
 * counter in decimal. */
export function powHeader(challenge: PowChallenge, counter: number): string {
  if (!Number.isSafeInteger(counter) || counter < 0) throw new TypeError("bad counter");
  return `${toB64url(challenge.token)}.${counter}`;
}

/** The chance that a solver has found a solution within `tries` tries
 * (1 − (1 − 2^−bits)^tries): an honest measure of progress for a bar. */
export function solvedChance(tries: number, bits: number): number {
  if (bits <= 0) return 1;
  return 1 - Math.pow(1 - 2 ** -bits, Math.max(0, tries));
}
