// Sizes (protocol §6.2, §7, §8): message buckets and their exact
// ciphertext lengths, the age STREAM framing, and Padmé padding for
// attachments. Mirrors crypto/src/sizes.rs.

/** The message plaintext buckets: 16 KiB, 64 KiB, 256 KiB and 1 MiB. */
export const BUCKETS = [16384, 65536, 262144, 1048576] as const;

/** The largest bucket. */
export const MAX_BUCKET = 1048576;

/** Most caseworkers a roster may list. */
export const MAX_CASEWORKERS = 50;

/** Most recipients any message can have: every caseworker and the reporter. */
export const MAX_RECIPIENTS = MAX_CASEWORKERS + 1;

/** Most attachments one message may list. */
export const MAX_MESSAGE_ATTACHMENTS = 100;

/** age STREAM chunk size. */
export const CHUNK = 65536;
const TAG = 16;
const NONCE = 16;

/** `age-encryption.org/v1\n` */
export const AGE_INTRO_LEN = 22;
/** One X25519 stanza: `-> X25519 <43>\n<43>\n`. */
export const X25519_STANZA_LEN = 3 + 6 + 1 + 43 + 1 + 43 + 1;
/** One post-quantum stanza (protocol §12): `-> mlkem768x25519 <1494>\n`,
 * then the 32-byte body in one 43-character line. */
export const PQ_STANZA_LEN = 3 + 14 + 1 + 1494 + 1 + 43 + 1;

/** The kind of recipient stanza a file carries for each recipient: a file
 * is sealed to X25519 recipients only, or post-quantum ones only
 * (crypto/src/recipients.rs `StanzaKind`). */
export type StanzaKind = "x25519" | "post-quantum";

/** Bytes one stanza of `kind` takes in an age header. */
export function stanzaLen(kind: StanzaKind): number {
  return kind === "post-quantum" ? PQ_STANZA_LEN : X25519_STANZA_LEN;
}
/** The MAC line: `--- <43>\n`. */
export const MAC_LINE_LEN = 4 + 43 + 1;

/** The shortest grease stanza the `age` crate writes: `-> x-grease\n\n`. */
export const GREASE_MIN = 13;
/** The longest: an 8-character tag plus `-grease`, four 8-character
 * arguments, and a 99-byte body (three base64 lines). */
export const GREASE_MAX = 3 + 15 + 4 * 9 + 1 + 65 + 65 + 5;

/** Longest age header the server reads (crypto/src/age_header.rs): 51
 * post-quantum stanzas, the longest grease stanza and the MAC line fit. */
export const MAX_HEADER_LEN = 80 * 1024;

/** How much of a bucket a message's JSON may use: the grease stanza can
 * be up to GREASE_MAX − GREASE_MIN bytes longer than the shortest, and
 * those bytes come out of the padding. */
export function bucketCapacity(bucket: number): number {
  return bucket - (GREASE_MAX - GREASE_MIN);
}

/** Length of the age STREAM payload (nonce, chunks, tags) for `plaintext`
 * bytes. */
export function streamLen(plaintext: number): number {
  const chunks = plaintext === 0 ? 1 : Math.ceil(plaintext / CHUNK);
  return NONCE + plaintext + chunks * TAG;
}

/** The plaintext length of a STREAM payload of `payload` bytes (nonce
 * included), or null if no plaintext encrypts to that length. */
export function plaintextLen(payload: number): number | null {
  const body = payload - NONCE;
  if (!Number.isSafeInteger(payload) || body < 0) return null;
  const chunks = Math.max(1, Math.ceil(body / (CHUNK + TAG)));
  const plaintext = body - chunks * TAG;
  if (plaintext < 0) return null;
  return streamLen(plaintext) === payload ? plaintext : null;
}

/** Header length for `recipients` recipients of `kind` and the shortest
 * grease. */
export function baseHeaderLen(recipients: number, kind: StanzaKind = "x25519"): number {
  return AGE_INTRO_LEN + recipients * stanzaLen(kind) + GREASE_MIN + MAC_LINE_LEN;
}

/** `len(bucket, n)`: the exact ciphertext length of every message in
 * `bucket` sealed to `recipients` recipients of `kind`. */
export function bucketCiphertextLen(bucket: number, recipients: number, kind: StanzaKind = "x25519"): number {
  return baseHeaderLen(recipients, kind) + streamLen(bucket);
}

/** The four exact message ciphertext lengths for `recipients` recipients
 * of `kind`. */
export function messageCiphertextLens(recipients: number, kind: StanzaKind = "x25519"): number[] {
  return BUCKETS.map((b) => bucketCiphertextLen(b, recipients, kind));
}

/** The largest message ciphertext any roster allows (51 post-quantum
 * recipients). */
export const MAX_MESSAGE_CIPHERTEXT = bucketCiphertextLen(MAX_BUCKET, MAX_RECIPIENTS, "post-quantum");

/** The smallest bucket whose capacity holds `jsonLen` bytes, or null. */
export function bucketFor(jsonLen: number): number | null {
  for (const b of BUCKETS) if (jsonLen <= bucketCapacity(b)) return b;
  return null;
}

/**
 * Padmé (Nikitin et al., PoPETs 2019): the padded length of a `len`-byte
 * attachment. Exact for every length below 2^53 (it uses only powers of two
 * and integer arithmetic that doubles represent exactly).
 */
export function padme(len: number): number {
  if (!Number.isSafeInteger(len) || len < 0) throw new RangeError("padme: not a length");
  if (len < 2) return len;
  const e = Math.floor(Math.log2(len));
  // Math.log2 may round near a power of two; correct it either way.
  const exp = 2 ** e > len ? e - 1 : 2 ** (e + 1) <= len ? e + 1 : e;
  const s = 32 - Math.clz32(exp); // floor(log2 exp) + 1
  const z = exp - s;
  const step = 2 ** z;
  return Math.ceil(len / step) * step;
}

/** Whether `len` is a length Padmé produces. */
export function isPadme(len: number): boolean {
  return padme(len) === len;
}
