// Proof-of-work challenges as a server would issue them (pow-spec v1), for
// the tests' local servers: the token layout, the JSON answer of
// `GET /v1/pow`, and the check of a `Sanctuary-Pow` header. The MAC is the
// server's business; here it is HMAC-SHA-256 under a fixed test key, as the
// spec says.

import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";

import { concat, fromB64url, toB64url, utf8 } from "../src/protocol/bytes.js";
import { evaluate, leadingZeroBits, parseChallenge, powBinding, type PowKind } from "../src/protocol/pow.js";

/** The fields of a token; the MAC is computed under `key`. */
export interface TokenFields {
  version?: number;
  kind: PowKind | number;
  bits: number;
  memoryKib: number;
  bodyLen: number | bigint;
  expires?: number | bigint;
  nonce?: Uint8Array;
  key?: Uint8Array;
  /** The level `GET /v1/pow` reports (not in the token); by default a busy
   * server's (at least 1), which wants a proof. */
  level?: number;
}

const TEST_KEY = new Uint8Array(32).fill(0x55);

/** The 71 bytes of a token. */
export function tokenBytes(f: TokenFields): Uint8Array {
  const head = new Uint8Array(39);
  const view = new DataView(head.buffer);
  view.setUint8(0, f.version ?? 1);
  view.setUint8(1, typeof f.kind === "number" ? f.kind : f.kind === "message" ? 0 : 1);
  view.setUint8(2, f.bits);
  view.setUint32(3, f.memoryKib);
  view.setBigUint64(7, BigInt(f.bodyLen));
  view.setBigUint64(15, BigInt(f.expires ?? 1_795_000_600));
  head.set(f.nonce ?? crypto.getRandomValues(new Uint8Array(16)), 23);
  const mac = hmac(sha256, f.key ?? TEST_KEY, concat([utf8("sanctuary-pow-v1\n"), head]));
  return concat([head, mac]);
}

/** A token in base64url, as the API sends it. */
export function token(f: TokenFields): string {
  return toB64url(tokenBytes(f));
}

/** The JSON answer of `GET /v1/pow` for a token with these fields. */
export function challengeAnswer(f: TokenFields): Record<string, unknown> {
  return { challenge: token(f), bits: f.bits, memory_kib: f.memoryKib, expires_in: 600, level: f.level ?? Math.max(f.bits, 1) };
}

/** The `kind` and `size` of a `GET /v1/pow?kind=…&size=N` URL, or null. */
export function challengeRequest(url: string): { kind: PowKind; size: number } | null {
  const m = /^\/v1\/pow\?kind=(message|attachment)&size=([0-9]{1,15})$/.exec(url);
  if (!m) return null;
  return { kind: m[1] as PowKind, size: Number(m[2]) };
}

/** Whether a `Sanctuary-Pow` header solves its token for this route's kind
 * and this exact body (the server's check, MAC and expiry aside). */
export async function headerSolves(header: unknown, kind: PowKind, body: Uint8Array): Promise<boolean> {
  if (typeof header !== "string") return false;
  const m = /^([A-Za-z0-9_-]{95})\.(0|[1-9][0-9]{0,15})$/.exec(header);
  if (!m || fromB64url(m[1], 71) === null) return false;
  const challenge = parseChallenge(m[1]);
  if (challenge.kind !== kind || challenge.bodyLen !== body.length) return false;
  const out = await evaluate(challenge, powBinding(body), Number(m[2]));
  return leadingZeroBits(out) >= challenge.bits;
}
