// Message envelopes (protocol §6.1): the JSON a report, follow-up or reply
// is, byte for byte as Rust's serde_json writes it, and its Ed25519
// signature over `sanctuary-message-v1\n` ‖ kind ‖ `\n` ‖ the body's exact
// bytes.
//
// serde_json and JSON.stringify write a well-formed string identically
// (the same escapes, lowercase \u00XX for other control characters, no
// escaping of non-ASCII), so bodies are assembled field by field, in the
// Rust structs' field order, from JSON.stringify'd values.

import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";

import { dayNumber } from "./day.js";
import { compareUtf8, concat, fromB64url, fromHex, isHex, toB64url, toHex, utf8, wellFormed } from "./bytes.js";
import { JsonShapeError, arr, fields, parseStrict, str, uint } from "./json.js";
import type { ReceiptKeys } from "./keys.js";
import { MAX_MESSAGE_ATTACHMENTS } from "./sizes.js";
import { isEd25519Key } from "./unit.js";

/** The envelope's `format`. */
export const MESSAGE_FORMAT = "sanctuary-message-v1";
const CONTEXT = utf8("sanctuary-message-v1\n");

/** What a message is. */
export type MessageKind = "report" | "follow-up" | "reply";

/** One attachment listed in a message. */
export interface AttachmentRef {
  /** The server's blob ID (32 hex characters). */
  id: string;
  /** Real size in bytes, before padding. */
  size: number;
  /** SHA-256 of the real bytes, hex. */
  sha256: string;
  /** Media type, e.g. `image/jpeg`. */
  media_type: string;
  /** File name: the original only if the reporter chose to send it. */
  name: string;
}

const q = (s: string) => JSON.stringify(wellFormed(s));

function attachmentJson(a: AttachmentRef): string {
  if (!isHex(a.id, 16)) throw new TypeError("an attachment ID is 32 hex characters");
  if (!Number.isSafeInteger(a.size) || a.size < 0) throw new TypeError("an attachment size is a whole number of bytes");
  return `{"id":${q(a.id.toLowerCase())},"size":${a.size},"sha256":${q(a.sha256)},"media_type":${q(a.media_type)},"name":${q(a.name)}}`;
}

function attachmentsJson(list: AttachmentRef[]): string {
  return `[${list.map(attachmentJson).join(",")}]`;
}

/** What a reporter writes in a first report. */
export interface ReportContent {
  /** The `category` form field's answer; omitted when absent or empty. */
  category?: string | undefined;
  /** Answers to the other form fields, by field ID; omitted when empty. */
  answers: Record<string, string>;
  text: string;
  attachments: AttachmentRef[];
}

/** The JSON of a report body (crypto/src/message.rs `ReportBody`). A
 * report sealed post-quantum carries `replyToPq`, the receipt's
 * post-quantum reply recipient, as `reply_to_pq` right after `reply_to`;
 * other reports have no such field. */
export function reportBodyJson(content: ReportContent, keys: ReceiptKeys, rosterVersion: number, replyToPq?: string): string {
  const parts = [
    `"thread":${q(toHex(keys.threadId))}`,
    `"thread_key":${q(toB64url(keys.threadPublicKey))}`,
    `"mailbox":${q(toHex(keys.mailboxId))}`,
    `"forget_hash":${q(toHex(keys.forgetHash))}`,
    `"reply_to":${q(keys.replyRecipient)}`,
  ];
  if (replyToPq !== undefined) parts.push(`"reply_to_pq":${q(replyToPq)}`);
  parts.push(`"roster_version":${rosterVersion}`);
  if (content.category !== undefined && content.category !== "") parts.push(`"category":${q(content.category)}`);
  // A BTreeMap: keys in the byte order of their UTF-8.
  const answers = Object.keys(content.answers)
    .map((k) => [wellFormed(k), content.answers[k] ?? ""] as const)
    .sort((a, b) => compareUtf8(a[0], b[0]));
  if (answers.length > 0) parts.push(`"answers":{${answers.map(([k, v]) => `${q(k)}:${q(v)}`).join(",")}}`);
  parts.push(`"text":${q(content.text)}`, `"attachments":${attachmentsJson(content.attachments)}`);
  return `{${parts.join(",")}}`;
}

/**
 * A message's place in its thread (protocol version 2, §6.3): `seq`, the
 * sender's number for it (the report is the reporter's 0; follow-ups and
 * replies start at 1); `seen`, the highest number of the other side's
 * messages the sender held when writing (0 for none); `day`, the sender's
 * UTC day. All three are signed, inside the body.
 */
export interface Position {
  seq: number;
  seen: number;
  /** `YYYY-MM-DD`. */
  day: string;
}

/** The largest `seq` or `seen` a message may carry (2^32 − 1, Rust's
 * `thread::MAX_SEQ`): far beyond any real thread, and `seq + seen` stays
 * exact in a JavaScript number. */
export const MAX_SEQ = 0xffff_ffff;

/** The `"seq":…,"seen":…,"day":…` members, checked as a reader checks them. */
function positionJson(p: Position): string {
  if (!Number.isSafeInteger(p.seq) || p.seq < 1 || p.seq > MAX_SEQ) throw new TypeError("a message number is a whole number from 1 to 2^32 − 1");
  if (!Number.isSafeInteger(p.seen) || p.seen < 0 || p.seen > MAX_SEQ) throw new TypeError("seen is a whole number from 0 to 2^32 − 1");
  if (dayNumber(p.day) === null) throw new TypeError("a day is YYYY-MM-DD");
  return `"seq":${p.seq},"seen":${p.seen},"day":${q(p.day)}`;
}

/** The JSON of a follow-up body (`FollowUpBody`), with its position. */
export function followUpBodyJson(text: string, attachments: AttachmentRef[], keys: ReceiptKeys, position: Position): string {
  return `{"thread":${q(toHex(keys.threadId))},${positionJson(position)},"text":${q(text)},"attachments":${attachmentsJson(attachments)}}`;
}

/** The JSON of a reply body (`ReplyBody`) written under roster
 * `rosterVersion` at `position` (null: a reply from before protocol
 * version 2, which has none); caseworkers write replies, the page only
 * needs this for tests. */
export function replyBodyJson(
  threadHex: string,
  from: string,
  key: Uint8Array,
  text: string,
  attachments: AttachmentRef[],
  rosterVersion = 1,
  position: Position | null = null,
): string {
  const placed = position === null ? "" : `,${positionJson(position)}`;
  return `{"thread":${q(threadHex)}${placed},"from":${q(from)},"key":${q(toB64url(key))},"roster_version":${rosterVersion},"text":${q(text)},"attachments":${attachmentsJson(attachments)}}`;
}

/** The bytes a message signature covers. */
export function signedBytes(kind: MessageKind, body: Uint8Array): Uint8Array {
  return concat([CONTEXT, utf8(kind), utf8("\n"), body]);
}

/** The signed, unpadded envelope of a body, signed with a 32-byte Ed25519
 * seed (the thread secret, or a caseworker's key). */
export function buildEnvelope(kind: MessageKind, bodyJson: string, seed: Uint8Array): string {
  const signature = ed25519.sign(signedBytes(kind, utf8(bodyJson)), seed);
  return `{"format":${q(MESSAGE_FORMAT)},"kind":${q(kind)},"body":${bodyJson},"signature":${q(toB64url(signature))}}`;
}

/** A decrypted reply, parsed but not yet verified. */
export interface ParsedReply {
  thread: Uint8Array;
  from: string;
  key: Uint8Array;
  /** The roster version the caseworker replied under (0 when absent, in
   * replies from before the field). */
  rosterVersion: number;
  /** Its place in the thread; null for a reply from before protocol
   * version 2 ("legacy"). */
  position: Position | null;
  text: string;
  attachments: AttachmentRef[];
  /** SHA-256 of the body's exact bytes, hex: the same for two copies of
   * one reply, and the last key of the thread order. */
  bodySha256: string;
  /** The bytes the signature covers, taken verbatim from the plaintext. */
  signed: Uint8Array;
  signature: Uint8Array;
}

/** Parses a message plaintext (envelope plus spaces) that must be a reply.
 * Throws JsonShapeError for anything else. */
export function parseReplyPlaintext(plaintext: Uint8Array): ParsedReply {
  const { value, spans } = parseStrict(plaintext);
  const env = fields(value, ["format", "kind", "body", "signature"]);
  if (str(env["format"], "format") !== MESSAGE_FORMAT) throw new JsonShapeError("not a Sanctuary message");
  const kind = str(env["kind"], "kind");
  if (kind !== "reply") throw new JsonShapeError(kind === "report" || kind === "follow-up" ? "not a reply" : "unknown kind");
  const signature = fromB64url(env["signature"], 64);
  if (signature === null) throw new JsonShapeError("not a signature");
  const span = spans.get("body");
  if (span === undefined) throw new JsonShapeError("missing body");
  const bodyBytes = plaintext.subarray(span[0], span[1]);

  const b = fields(env["body"], ["thread", "from", "key", "text"], ["seq", "seen", "day", "roster_version", "attachments"]);
  const thread = fromHex(str(b["thread"], "thread"), 16);
  if (thread === null) throw new JsonShapeError("thread must be 32 hex characters");
  const from = str(b["from"], "from");
  if (!/^[A-Za-z0-9._-]{1,32}$/.test(from)) throw new JsonShapeError("from must be a caseworker label");
  const key = fromB64url(b["key"], 32);
  if (key === null || !isEd25519Key(key)) throw new JsonShapeError("key must be an Ed25519 public key");
  const rosterVersion = b["roster_version"] === undefined ? 0 : uint(b["roster_version"], "roster_version");
  const attachments = b["attachments"] === undefined ? [] : arr(b["attachments"], "attachments").map(parseAttachmentRef);
  if (attachments.length > MAX_MESSAGE_ATTACHMENTS) throw new JsonShapeError("too many attachments");
  return {
    thread,
    from,
    key,
    rosterVersion,
    position: parsePosition(b),
    text: str(b["text"], "text"),
    attachments,
    bodySha256: toHex(sha256(bodyBytes)),
    signed: signedBytes("reply", bodyBytes),
    signature,
  };
}

/**
 * A body's position: all three of `seq` (1 to MAX_SEQ), `seen` (0 to
 * MAX_SEQ) and `day` (a valid `YYYY-MM-DD`), or none of them (a message
 * from before protocol version 2). Anything else, `null` included, is
 * refused like any malformed body.
 */
function parsePosition(body: Record<string, unknown>): Position | null {
  const present = ["seq", "seen", "day"].filter((k) => body[k] !== undefined).length;
  if (present === 0) return null;
  if (present !== 3) throw new JsonShapeError("seq, seen and day come together");
  const seq = uint(body["seq"], "seq", MAX_SEQ);
  if (seq < 1) throw new JsonShapeError("seq starts at 1");
  const seen = uint(body["seen"], "seen", MAX_SEQ);
  const day = str(body["day"], "day");
  if (dayNumber(day) === null) throw new JsonShapeError("day must be YYYY-MM-DD");
  return { seq, seen, day };
}

/** An attachment reference from a message (`AttachmentRef`). */
export function parseAttachmentRef(value: unknown): AttachmentRef {
  const a = fields(value, ["id", "size", "sha256", "media_type", "name"]);
  const id = str(a["id"], "id");
  if (!isHex(id, 16)) throw new JsonShapeError("an attachment ID is 32 hex characters");
  return {
    id: id.toLowerCase(),
    size: uint(a["size"], "size"),
    sha256: str(a["sha256"], "sha256"),
    media_type: str(a["media_type"], "media_type"),
    name: str(a["name"], "name"),
  };
}
