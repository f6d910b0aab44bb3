// Everything derived from a receipt (protocol §2, "Receipt derivations"):
// HKDF-SHA256 with salt `sanctuary-receipt-v1` and one label per value.

import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bech32 } from "@scure/base";
import { identityToRecipient } from "age-encryption";

import { concat, toB64url, toHex, utf8, wipe } from "./bytes.js";

const SALT = utf8("sanctuary-receipt-v1");
const LABEL_THREAD_ID = utf8("sanctuary/v1/thread-id");
const LABEL_THREAD_SECRET = utf8("sanctuary/v1/thread-secret");
const LABEL_MAILBOX_ID = utf8("sanctuary/v1/mailbox-id");
const LABEL_FORGET_SECRET = utf8("sanctuary/v1/mailbox-forget");
const LABEL_REPLY_IDENTITY = utf8("sanctuary/v1/reply-identity");
const LABEL_REPLY_IDENTITY_PQ = utf8("sanctuary/v1/reply-identity-pq");
const STORAGE_KEY_PREFIX = utf8("sanctuary/v1/mailbox-storage-key");

/** Everything a reporter needs, derived from the receipt. Secrets are
 * Uint8Arrays so wipeKeys can overwrite them; the strings cannot be. */
export interface ReceiptKeys {
  /** Ties the report, follow-ups and replies together (16 bytes). */
  threadId: Uint8Array;
  /** Ed25519 seed that signs reports and follow-ups (32 bytes, secret). */
  threadSecret: Uint8Array;
  /** Its public key, carried in the report (32 bytes). */
  threadPublicKey: Uint8Array;
  /** Where the unit posts replies (32 bytes; a capability). */
  mailboxId: Uint8Array;
  /** The mailbox ID in lowercase hex, for the API. */
  mailboxHex: string;
  /** Proves the right to forget the mailbox (32 bytes, secret). */
  forgetSecret: Uint8Array;
  /** The forget secret in lowercase hex, for the API. */
  forgetSecretHex: string;
  /** SHA-256 of the forget secret, carried in the report. */
  forgetHash: Uint8Array;
  /** The age identity that opens replies: `AGE-SECRET-KEY-1…`. */
  replyIdentity: string;
  /** Its recipient, carried in the report: `age1…`. */
  replyRecipient: string;
  /** The post-quantum age identity that opens replies to a report sealed
   * post-quantum: `AGE-SECRET-KEY-PQ-1…` (77 characters). Its recipient
   * (replyPqRecipient) costs an ML-KEM key generation, so it is derived
   * only when needed. */
  replyPqIdentity: string;
  /** SHA-256(`sanctuary/v1/mailbox-storage-key` ‖ mailbox ID): the key the
   * server stores the mailbox under. */
  mailboxStorageKey: Uint8Array;
}

/** Derives every value of protocol §2 from the 16 receipt bytes
 * (synchronously). */
export function deriveKeys(entropy: Uint8Array): ReceiptKeys {
  if (entropy.length !== 16) throw new RangeError("a receipt is 16 bytes");
  const expand = (label: Uint8Array, length: number) => hkdf(sha256, entropy, SALT, label, length);
  const threadId = expand(LABEL_THREAD_ID, 16);
  const threadSecret = expand(LABEL_THREAD_SECRET, 32);
  const mailboxId = expand(LABEL_MAILBOX_ID, 32);
  const forgetSecret = expand(LABEL_FORGET_SECRET, 32);
  const reply = expand(LABEL_REPLY_IDENTITY, 32);
  const replyPq = expand(LABEL_REPLY_IDENTITY_PQ, 32);
  try {
    // age encodes the raw 32 bytes; X25519 clamps them when used.
    const replyIdentity = bech32.encodeFromBytes("AGE-SECRET-KEY-", reply).toUpperCase();
    const replyRecipient = bech32.encodeFromBytes("age", x25519.getPublicKey(reply));
    // The post-quantum identity is its 32-byte seed in bech32 (not
    // bech32m), upper case, as age writes it (protocol §12).
    const replyPqIdentity = bech32.encodeFromBytes("AGE-SECRET-KEY-PQ-", replyPq).toUpperCase();
    return {
      threadId,
      threadSecret,
      threadPublicKey: ed25519.getPublicKey(threadSecret),
      mailboxId,
      mailboxHex: toHex(mailboxId),
      forgetSecret,
      forgetSecretHex: toHex(forgetSecret),
      forgetHash: sha256(forgetSecret),
      replyIdentity,
      replyRecipient,
      replyPqIdentity,
      mailboxStorageKey: sha256(concat([STORAGE_KEY_PREFIX, mailboxId])),
    };
  } finally {
    wipe(reply, replyPq);
  }
}

/** The post-quantum recipient (`age1pq1…`, 1959 characters) that a report
 * sealed post-quantum carries as `reply_to_pq`: what typage derives from
 * replyPqIdentity. */
export async function replyPqRecipient(keys: ReceiptKeys): Promise<string> {
  return identityToRecipient(keys.replyPqIdentity);
}

/** The thread public key as the report carries it (b64url). */
export function threadKeyText(keys: ReceiptKeys): string {
  return toB64url(keys.threadPublicKey);
}

/** Overwrites the secret bytes of `keys` (the strings stay until garbage
 * collection; JavaScript cannot wipe them). Call when the reporter leaves. */
export function wipeKeys(keys: ReceiptKeys): void {
  wipe(keys.threadSecret, keys.forgetSecret, keys.mailboxId, keys.threadId);
}
