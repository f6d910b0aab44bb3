// The unit ID (protocol §3): the unit's Ed25519 public key in bech32m with
// the prefix `sanctuary`. Reporters pin it; every roster must be signed by it.

import { ed25519 } from "@noble/curves/ed25519.js";
import { bech32m } from "@scure/base";

/** The bech32m prefix of a unit ID. */
export const UNIT_ID_HRP = "sanctuary";

/** Why a string is not a unit ID. */
export type UnitIdErrorKind = "encoding" | "prefix" | "key";

/** A string that is not a unit ID. */
export class UnitIdError extends Error {
  readonly kind: UnitIdErrorKind;

  constructor(kind: UnitIdErrorKind) {
    super(
      kind === "encoding"
        ? "not a unit ID: a character is wrong or missing (unit IDs start with sanctuary1)"
        : kind === "prefix"
          ? "not a unit ID: unit IDs start with sanctuary1"
          : "not a unit ID: the key inside it is invalid",
    );
    this.name = "UnitIdError";
    this.kind = kind;
  }
}

/** Parses a unit ID (lowercase or all-uppercase; surrounding spaces are
 * ignored) into the unit's 32-byte Ed25519 public key. */
export function parseUnitId(text: string): Uint8Array {
  const s = text.trim();
  if (s.length > 90) throw new UnitIdError("encoding");
  let decoded;
  try {
    decoded = bech32m.decodeToBytes(s);
  } catch {
    throw new UnitIdError("encoding");
  }
  if (decoded.prefix.toLowerCase() !== UNIT_ID_HRP) throw new UnitIdError("prefix");
  const key = decoded.bytes;
  if (key.length !== 32 || !isEd25519Key(key)) throw new UnitIdError("key");
  return key;
}

/** The unit ID (`sanctuary1…`, lowercase) of a unit's public key. */
export function formatUnitId(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new RangeError("a unit key is 32 bytes");
  return bech32m.encodeFromBytes(UNIT_ID_HRP, publicKey);
}

/** Whether 32 bytes are a valid Ed25519 public key (a point on the curve). */
export function isEd25519Key(bytes: Uint8Array): boolean {
  try {
    ed25519.Point.fromBytes(bytes);
    return true;
  } catch {
    return false;
  }
}
