// Opening what the unit sends the reporter (protocol §6.1 "Opening checks",
// §7): replies, verified against the roster, and their attachments, checked
// against the reply's size and SHA-256.

import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { Decrypter } from "age-encryption";

import { BlobPieces, equalBytes, fromHex, wipe } from "./bytes.js";
import { parseReplyPlaintext, type AttachmentRef, type Position } from "./envelope.js";
import type { ReceiptKeys } from "./keys.js";
import { caseworkerByKey, type Roster } from "./roster.js";
import { MAX_BUCKET, MAX_HEADER_LEN, MAX_MESSAGE_CIPHERTEXT, padme, streamLen } from "./sizes.js";

/** Why something from the unit cannot be opened at all. */
export type OpenErrorKind = "too-large" | "decrypt" | "malformed" | "size" | "hash";

const MESSAGES: Record<OpenErrorKind, string> = {
  "too-large": "it is larger than anything the unit sends",
  decrypt: "it could not be decrypted with this receipt",
  malformed: "it is not a reply this page understands",
  size: "the file does not have the size its reply says",
  hash: "the file's contents do not match its reply",
};

/** A reply or attachment that cannot be opened. Deliberately vague about
 * decryption failures. */
export class OpenError extends Error {
  readonly kind: OpenErrorKind;

  constructor(kind: OpenErrorKind) {
    super(MESSAGES[kind]);
    this.name = "OpenError";
    this.kind = kind;
  }
}

/** Why a reply is not verified. */
export type ReplyProblem = "wrong-thread" | "newer-roster" | "unknown-signer" | "forged-signature";

/** A decrypted reply. Show one with verified = false as NOT from the unit. */
export interface OpenedReply {
  /** The blob ID it was stored under. */
  id: string;
  /** The day it was posted. */
  day: string;
  /** Signed by the caseworker the roster lists under `from`, for this
   * reporter's thread. */
  verified: boolean;
  /** Why not, when verified is false. */
  problem?: ReplyProblem;
  /** The label it claims to come from (untrusted unless verified). */
  from: string;
  /** Its signed place in the thread (number, highest follow-up number the
   * unit held, the caseworker's day); null for a reply from before
   * protocol version 2. */
  position: Position | null;
  /** SHA-256 of its signed body bytes, hex: two copies of one reply have
   * the same. */
  bodySha256: string;
  text: string;
  attachments: AttachmentRef[];
}

/** A decrypter with both of the receipt's reply identities: a reply is
 * sealed post-quantum when the report was, X25519 otherwise. */
function replyDecrypter(keys: ReceiptKeys): Decrypter {
  const decrypter = new Decrypter();
  decrypter.addIdentity(keys.replyIdentity);
  decrypter.addIdentity(keys.replyPqIdentity);
  return decrypter;
}

/**
 * Decrypts a reply with the receipt's reply identities and checks it: too
 * large, undecryptable or not a reply throws OpenError; a reply for another
 * thread, written under a newer roster than `roster`, by a key not on the
 * roster under its label, or with a bad signature comes back with
 * verified = false and the problem.
 */
export async function openReply(
  reply: { id: string; day: string; blob: Uint8Array },
  keys: ReceiptKeys,
  roster: Roster,
): Promise<OpenedReply> {
  if (reply.blob.length > MAX_MESSAGE_CIPHERTEXT) throw new OpenError("too-large");
  const decrypter = replyDecrypter(keys);
  let plaintext: Uint8Array;
  try {
    plaintext = await decrypter.decrypt(reply.blob);
  } catch {
    throw new OpenError("decrypt");
  }
  try {
    if (plaintext.length > MAX_BUCKET) throw new OpenError("too-large");
    let parsed;
    try {
      parsed = parseReplyPlaintext(plaintext);
    } catch {
      throw new OpenError("malformed");
    }
    const opened: OpenedReply = {
      id: reply.id,
      day: reply.day,
      verified: false,
      from: parsed.from,
      position: parsed.position,
      bodySha256: parsed.bodySha256,
      text: parsed.text,
      attachments: parsed.attachments,
    };
    const signer = caseworkerByKey(roster, parsed.key);
    if (!equalBytes(parsed.thread, keys.threadId)) {
      opened.problem = "wrong-thread";
    } else if (parsed.rosterVersion > roster.version) {
      // Written under a newer roster than the server showed: the server is
      // showing an old one, which may still list someone the unit removed.
      opened.problem = "newer-roster";
    } else if (signer === undefined || signer.label !== parsed.from) {
      opened.problem = "unknown-signer";
    } else if (!verify(parsed.signature, parsed.signed, parsed.key)) {
      opened.problem = "forged-signature";
    } else {
      opened.verified = true;
    }
    return opened;
  } finally {
    wipe(plaintext);
  }
}

function verify(signature: Uint8Array, message: Uint8Array, key: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, key, { zip215: false });
  } catch {
    return false;
  }
}

/**
 * Decrypts a reply's attachment with the reply identities, streaming: keeps
 * the first `ref.size` bytes, requires every byte after them to be zero and
 * the total to be Padmé(size), and checks the SHA-256. Any failure throws
 * OpenError and returns nothing. The output is collected in 1 MiB Blob
 * parts, never whole in the JavaScript heap, and typed
 * application/octet-stream whatever the reply says.
 */
export async function openAttachment(sealed: Blob, ref: AttachmentRef, keys: ReceiptKeys): Promise<Blob> {
  const want = fromHex(ref.sha256, 32);
  if (want === null || !Number.isSafeInteger(ref.size) || ref.size < 0) throw new OpenError("malformed");
  const padded = padme(ref.size);
  if (sealed.size > MAX_HEADER_LEN + streamLen(padded)) throw new OpenError("too-large");
  const decrypter = replyDecrypter(keys);
  const hasher = sha256.create();
  const pieces = new BlobPieces();
  let seen = 0;
  let failure: OpenErrorKind | null = null;
  try {
    const reader = (await decrypter.decrypt(sealed.stream())).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (seen + value.length > padded) {
        failure = "size";
        await reader.cancel();
        break;
      }
      const real = Math.max(0, Math.min(ref.size - seen, value.length));
      const kept = value.subarray(0, real);
      hasher.update(kept);
      if (value.subarray(real).some((b) => b !== 0)) {
        failure = "size";
        await reader.cancel();
        break;
      }
      seen += value.length;
      pieces.add(kept);
      wipe(value);
    }
  } catch {
    failure ??= "decrypt";
  }
  // Typed application/octet-stream, never the reply's own media type: a
  // blob of type text/html opened by the page would run in its origin. Keep
  // it so: the UI saves the file as a download and never shows it inline.
  const opened = pieces.finish();
  if (failure === null && seen !== padded) failure = "size";
  if (failure === null && !equalBytes(hasher.digest(), want)) failure = "hash";
  if (failure !== null) throw new OpenError(failure);
  return opened;
}
