// Sealing (protocol §6.2 and §7): messages padded so their ciphertext has
// exactly one of the four lengths len(bucket, n), and attachments streamed
// with Padmé padding. Both use typage (age-encryption) and add the grease
// stanza the Rust age crate adds (grease.ts).
//
// A file is sealed to X25519 recipients only or to post-quantum ones
// (`age1pq1…`, protocol §12) only, never both: a quantum attacker would
// take the file key from the X25519 stanza. The age crate refuses to mix
// them; typage does not check, so this module does.

import { Encrypter, type Stanza } from "age-encryption";
import { sha256 } from "@noble/hashes/sha2.js";

import { BlobPieces, toHex, utf8, wipe } from "./bytes.js";
import { buildEnvelope, followUpBodyJson, reportBodyJson, type AttachmentRef, type Position } from "./envelope.js";
import { GreaseRecipient, drawGrease, stanzaLength } from "./grease.js";
import { replyPqRecipient, type ReceiptKeys } from "./keys.js";
import { sealsPostQuantum, type Roster } from "./roster.js";
import {
  AGE_INTRO_LEN,
  GREASE_MAX,
  GREASE_MIN,
  MAC_LINE_LEN,
  MAX_MESSAGE_ATTACHMENTS,
  bucketCiphertextLen,
  bucketFor,
  padme,
  stanzaLen,
  streamLen,
  type StanzaKind,
} from "./sizes.js";

/** Why something could not be sealed. */
export type SealErrorKind = "too-large" | "too-many-attachments" | "no-recipients" | "encrypt";

const MESSAGES: Record<SealErrorKind, string> = {
  "too-large": "too large to send",
  "too-many-attachments": "too many attachments",
  "no-recipients": "the roster lists no caseworker",
  encrypt: "encryption failed",
};

/** Nothing was sealed, and why. An attachment whose file changed (or could
 * not be read) while it was sealed is kind "encrypt" with fileChanged set. */
export class SealError extends Error {
  readonly kind: SealErrorKind;
  readonly fileChanged: boolean;

  constructor(kind: SealErrorKind, fileChanged = false) {
    super(fileChanged ? "the file changed or could not be read while it was being encrypted" : MESSAGES[kind]);
    this.name = "SealError";
    this.kind = kind;
    this.fileChanged = fileChanged;
  }
}

const fileChanged = () => new SealError("encrypt", true);

/** Every caseworker's age recipient, in roster order: their post-quantum
 * ones (`age1pq1…`) if the roster seals post-quantum, else their X25519
 * ones, lowercase (the form typage parses; the roster may write them
 * all-uppercase). Never some of each. */
export function rosterRecipients(roster: Roster): string[] {
  if (sealsPostQuantum(roster)) return roster.caseworkers.map((c) => c.age_pq ?? "");
  return roster.caseworkers.map((c) => c.age.toLowerCase());
}

/** The one kind of stanza `recipients` (age recipient strings) give; a
 * list with both kinds is refused. */
export function recipientKind(recipients: string[]): StanzaKind {
  const pq = recipients.filter((r) => r.startsWith("age1pq1")).length;
  if (pq !== 0 && pq !== recipients.length) throw new SealError("encrypt");
  return pq === 0 ? "x25519" : "post-quantum";
}

function encrypter(recipients: string[], grease: Stanza): { enc: Encrypter; headerLen: number; kind: StanzaKind } {
  if (recipients.length === 0) throw new SealError("no-recipients");
  const kind = recipientKind(recipients);
  const enc = new Encrypter();
  try {
    for (const r of recipients) enc.addRecipient(r);
  } catch {
    throw new SealError("encrypt");
  }
  // Last, after the recipients' stanzas, where the age crate puts it.
  enc.addRecipient(new GreaseRecipient(grease));
  const headerLen = AGE_INTRO_LEN + recipients.length * stanzaLen(kind) + stanzaLength(grease) + MAC_LINE_LEN;
  return { enc, headerLen, kind };
}

/**
 * Pads a message envelope with spaces and encrypts it to `recipients` (age
 * `age1…` strings, all X25519 or all post-quantum `age1pq1…`) so that the
 * ciphertext is exactly len(bucket, n) for that kind: the grease stanza's
 * extra length beyond the shortest one comes out of the padding. Fails
 * rather than return any other length. (`grease` is for tests; a fresh one
 * is drawn otherwise.)
 */
export async function encryptPadded(envelope: string, recipients: string[], grease: Stanza = drawGrease()): Promise<Uint8Array> {
  const json = utf8(envelope);
  try {
    const bucket = bucketFor(json.length);
    if (bucket === null) throw new SealError("too-large");
    const { enc, headerLen, kind } = encrypter(recipients, grease);
    const target = bucketCiphertextLen(bucket, recipients.length, kind);
    // The target assumes the shortest grease stanza; whatever this one adds
    // comes out of the padding.
    const excess = headerLen - (target - streamLen(bucket));
    if (excess < 0 || excess > GREASE_MAX - GREASE_MIN) throw new SealError("encrypt");
    const plaintextLen = bucket - excess;
    const plaintext = new Uint8Array(plaintextLen).fill(0x20);
    plaintext.set(json);
    let sealed: Uint8Array;
    try {
      sealed = await enc.encrypt(plaintext);
    } catch {
      throw new SealError("encrypt");
    } finally {
      wipe(plaintext);
    }
    if (sealed.length !== target) throw new SealError("encrypt");
    return sealed;
  } finally {
    wipe(json);
  }
}

function checkAttachments(list: AttachmentRef[], roster: Roster): void {
  if (list.length > Math.min(roster.policy.max_attachments, MAX_MESSAGE_ATTACHMENTS)) {
    throw new SealError("too-many-attachments");
  }
}

/** What a reporter's first report carries. */
export interface ReportInput {
  /** The answer to the form field `category`; omitted when absent or "". */
  category?: string | undefined;
  /** Answers to the other form fields, by field ID; omitted when empty. */
  answers: Record<string, string>;
  text: string;
  /** Attachments already uploaded with Api.postAttachment. */
  attachments: AttachmentRef[];
}

/** The unpadded, signed report envelope (for tests and vectors). A report
 * sealed post-quantum carries the receipt's post-quantum reply recipient,
 * `replyToPq` (replyPqRecipient). */
export function reportEnvelope(input: ReportInput, keys: ReceiptKeys, rosterVersion: number, replyToPq?: string): string {
  return buildEnvelope("report", reportBodyJson(input, keys, rosterVersion, replyToPq), keys.threadSecret);
}

/** What a reporter writes in a follow-up, and where it goes in the thread. */
export interface FollowUpInput {
  text: string;
  /** Attachments already uploaded with Api.postAttachment. */
  attachments: AttachmentRef[];
  /** Its number, the highest reply number read, today (see `followUpPosition`). */
  position: Position;
}

/** The unpadded, signed follow-up envelope (for tests and vectors). */
export function followUpEnvelope(input: FollowUpInput, keys: ReceiptKeys): string {
  return buildEnvelope("follow-up", followUpBodyJson(input.text, input.attachments, keys, input.position), keys.threadSecret);
}

/** Seals a first report to every caseworker on the roster; post-quantum,
 * and asking for post-quantum replies, when the roster seals post-quantum. */
export async function sealReport(input: ReportInput, keys: ReceiptKeys, roster: Roster): Promise<Uint8Array> {
  checkAttachments(input.attachments, roster);
  const replyToPq = sealsPostQuantum(roster) ? await replyPqRecipient(keys) : undefined;
  return encryptPadded(reportEnvelope(input, keys, roster.version, replyToPq), rosterRecipients(roster));
}

/** Seals a follow-up to every caseworker on the roster, signed with the
 * thread key as proof it comes from the receipt holder. */
export async function sealFollowUp(
  input: FollowUpInput,
  keys: ReceiptKeys,
  roster: Roster,
): Promise<Uint8Array> {
  checkAttachments(input.attachments, roster);
  return encryptPadded(followUpEnvelope(input, keys), rosterRecipients(roster));
}

/** Zero padding is fed to age in pieces of this size. */
const ZEROS = new Uint8Array(64 * 1024);

/**
 * Seals an attachment to every caseworker on the roster (protocol §7), to
 * the same recipients as the message that lists it: the file's bytes, then
 * zeros up to Padmé(size), encrypted as it streams. The file is read
 * through `file.stream()` and hashed as it goes, and the ciphertext is
 * collected in 1 MiB Blob parts, so the file is never whole in the
 * JavaScript heap. `onProgress(done, total)` counts file bytes read.
 */
export async function sealAttachment(
  file: Blob,
  roster: Roster,
  onProgress?: (done: number, total: number) => void,
): Promise<{ sealed: Blob; size: number; sha256: string }> {
  return sealAttachmentTo(file, rosterRecipients(roster), roster.policy.max_attachment_bytes, onProgress);
}

/** sealAttachment to any recipients (replies' attachments are sealed to the
 * caseworkers and the reporter; tests use this). */
export async function sealAttachmentTo(
  file: Blob,
  recipients: string[],
  maxBytes: number,
  onProgress?: (done: number, total: number) => void,
): Promise<{ sealed: Blob; size: number; sha256: string }> {
  const size = file.size;
  if (size > maxBytes) throw new SealError("too-large");
  const padded = padme(size);
  const { enc, headerLen } = encrypter(recipients, drawGrease());
  const hasher = sha256.create();
  const reader = file.stream().getReader();
  let read = 0;
  let zeros = padded - size;
  let changed = false;
  // Reading fails, or the file is longer or shorter than its size said:
  // the file changed (or vanished) while it was sealed.
  const next = async (): Promise<ReadableStreamReadResult<Uint8Array> | null> => {
    try {
      return await reader.read();
    } catch {
      return null;
    }
  };
  const source = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Every call must enqueue, close or fail: a pull that does none of
      // them is not called again.
      while (read < size) {
        const r = await next();
        if (r === null || r.done || read + r.value.length > size) {
          changed = true;
          controller.error(fileChanged());
          return;
        }
        if (r.value.length === 0) continue;
        hasher.update(r.value);
        read += r.value.length;
        onProgress?.(read, size);
        controller.enqueue(r.value);
        return;
      }
      if (zeros > 0) {
        const n = Math.min(zeros, ZEROS.length);
        zeros -= n;
        controller.enqueue(ZEROS.subarray(0, n));
        return;
      }
      let r = await next();
      while (r !== null && !r.done && r.value.length === 0) r = await next();
      if (r === null || !r.done) {
        changed = true;
        controller.error(fileChanged());
        return;
      }
      controller.close();
    },
    cancel() {
      void reader.cancel();
    },
  });

  const pieces = new BlobPieces();
  let sealed: Blob;
  let total = 0;
  try {
    const out = (await enc.encrypt(source)).getReader();
    for (;;) {
      const { done, value } = await out.read();
      if (done) break;
      total += value.length;
      pieces.add(value);
    }
    sealed = pieces.finish();
  } catch (e) {
    throw changed ? fileChanged() : e instanceof SealError ? e : new SealError("encrypt");
  }
  if (read !== size) throw fileChanged();
  if (total !== headerLen + streamLen(padded)) throw new SealError("encrypt");
  return { sealed, size, sha256: toHex(hasher.digest()) };
}
