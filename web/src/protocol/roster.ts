// The roster (protocol §5): who may read a unit's reports, signed by the
// unit key. Verification follows crypto/src/roster.rs step by step: the
// signature over the exact document bytes first, then the document.

import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { bech32 } from "@scure/base";

import { concat, equalBytes, fromB64url, utf8 } from "./bytes.js";
import { dayNumber } from "./day.js";
import { JsonShapeError, arr, bool, fields, parseStrict, str, strMap, uint } from "./json.js";
import { MAX_CASEWORKERS, MAX_MESSAGE_ATTACHMENTS } from "./sizes.js";
import { isEd25519Key, parseUnitId } from "./unit.js";

/** Signature context: the signed message is this followed by the document. */
const ROSTER_CONTEXT = utf8("sanctuary-roster-v1\n");
/** The document's `type`. */
const ROSTER_TYPE = "sanctuary-roster";
/** Largest roster document accepted, in bytes. */
export const MAX_ROSTER_LEN = 256 * 1024;
/** Largest attachment any policy may allow (4 GiB). */
export const MAX_ATTACHMENT_LIMIT = 4 * 1024 ** 3;

/** One caseworker on the roster. */
export interface Caseworker {
  /** Shown to reporters with each reply. */
  label: string;
  /** age X25519 recipient (`age1…`); reports are encrypted to it unless
   * the roster seals post-quantum. */
  age: string;
  /** Post-quantum age recipient (`age1pq1…`, protocol §12), if the
   * caseworker's card has one; reports are encrypted to it when the roster
   * seals post-quantum (sealsPostQuantum). */
  age_pq?: string;
  /** Ed25519 public key (b64url); replies are verified with it. */
  ed25519: string;
}

/** One question of the unit's report form. */
export interface FormField {
  id: string;
  kind: "choice" | "text";
  /** The question, by BCP 47 language tag. */
  label: Record<string, string>;
  /** The options of a choice field (absent for text fields). */
  options?: { id: string; label: Record<string, string> }[];
  required?: boolean;
}

/** When messages are sealed to the caseworkers' post-quantum recipients:
 * never; when every caseworker has one; always (a roster where one has none
 * is invalid). */
export type PostQuantum = "off" | "preferred" | "required";

/** The unit's rules. */
export interface Policy {
  retention_days: number;
  mailbox_retention_days: number;
  /** Largest attachment, in bytes before padding. */
  max_attachment_bytes: number;
  /** Most attachments on one message. */
  max_attachments: number;
  /** The post-quantum policy; absent means "off" (a roster that says
   * "off" reads as absent). */
  post_quantum?: PostQuantum;
}

/** A verified roster document. */
export interface Roster {
  version: number;
  /** The unit ID, as written in the document. */
  unit: string;
  name: string;
  issued: string;
  expires: string;
  caseworkers: Caseworker[];
  policy: Policy;
  form?: { fields: FormField[] };
}

/** Why a roster is refused. */
export type RosterErrorKind = "malformed" | "too-large" | "signature" | "wrong-unit" | "expired" | "not-yet-valid";

/** A roster that must not be used: nothing may be sent to this server. */
export class RosterError extends Error {
  readonly kind: RosterErrorKind;

  constructor(kind: RosterErrorKind, detail?: string) {
    super(detail ?? kind);
    this.name = "RosterError";
    this.kind = kind;
  }
}

/** The caseworker with `key` (32 bytes) on the roster, if any. */
export function caseworkerByKey(roster: Roster, key: Uint8Array): Caseworker | undefined {
  return roster.caseworkers.find((c) => {
    const k = fromB64url(c.ed25519, 32);
    return k !== null && equalBytes(k, key);
  });
}

/** Whether messages to this roster's caseworkers are sealed post-quantum:
 * the policy is not off and every caseworker has a post-quantum recipient
 * (crypto/src/roster.rs `seals_post_quantum`). */
export function sealsPostQuantum(roster: Roster): boolean {
  const policy = roster.policy.post_quantum ?? "off";
  return policy !== "off" && roster.caseworkers.every((c) => c.age_pq !== undefined);
}

/** Length of a post-quantum recipient string. */
const PQ_RECIPIENT_LEN = 1959;
/** Bytes of a post-quantum recipient: the ML-KEM-768 encapsulation key
 * (1152 bytes of coefficients, then the 32-byte seed ρ), then the X25519
 * point. */
const PQ_KEY_LEN = 1216;
const MLKEM_COEFFICIENTS_LEN = 1152;
const MLKEM_EK_LEN = 1184;
/** The ML-KEM modulus q. */
const MLKEM_Q = 3329;
/** The public scalar Rust probes X25519 points with (crypto/src/pq/kem.rs). */
const X25519_PROBE = new Uint8Array(32).fill(0x55);
/** Recipients that passed every check (public keys only). The X25519
 * probe is a full scalar multiplication, a few milliseconds in JavaScript,
 * and the page verifies the same roster again before each send. */
const checkedPq = new Set<string>();
/** More than any few rosters list; the set is emptied when it is full. */
const CHECKED_PQ_MAX = 256;

/**
 * A post-quantum age recipient's 1216 bytes, or null: the checks of
 * crypto/src/pq.rs `HybridRecipient::from_str`. The string is `age1pq1…`
 * in lower case, exactly 1959 characters, bech32 (not bech32m) with a
 * valid checksum, and canonical (encoding its bytes again gives the same
 * string: no stray padding bits). The key passes the ML-KEM encapsulation
 * key check of FIPS 203 §7.2 (every 12-bit coefficient below q, which is
 * what decoding and encoding again without change means) and its X25519
 * point is not of low order (noble refuses those, as x25519-dalek's
 * contributory check does).
 */
export function parsePqRecipient(text: string): Uint8Array | null {
  if (text.length !== PQ_RECIPIENT_LEN || !text.startsWith("age1pq1")) return null;
  const bytes = decodePqRecipient(text);
  if (bytes === null || checkedPq.has(text)) return bytes;
  try {
    x25519.getSharedSecret(X25519_PROBE, bytes.subarray(MLKEM_EK_LEN));
  } catch {
    return null;
  }
  if (checkedPq.size >= CHECKED_PQ_MAX) checkedPq.clear();
  checkedPq.add(text);
  return bytes;
}

/** parsePqRecipient without the X25519 point check. */
function decodePqRecipient(text: string): Uint8Array | null {
  let bytes: Uint8Array;
  try {
    const d = bech32.decode(text as `${string}1${string}`, false);
    if (d.prefix !== "age1pq") return null;
    bytes = bech32.fromWords(d.words);
    if (bytes.length !== PQ_KEY_LEN || bech32.encode("age1pq", bech32.toWords(bytes), false) !== text) return null;
  } catch {
    return null;
  }
  for (let i = 0; i < MLKEM_COEFFICIENTS_LEN; i += 3) {
    // Two 12-bit coefficients in three bytes, little-endian (ByteDecode12).
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    if ((b0 | ((b1 & 0x0f) << 8)) >= MLKEM_Q || ((b1 >> 4) | (b2 << 4)) >= MLKEM_Q) return null;
  }
  return bytes;
}

/** An age X25519 recipient's 32 bytes, or null (what the age crate's
 * parser accepts: bech32 `age`, lowercase or all-uppercase). */
export function parseAgeRecipient(text: string): Uint8Array | null {
  if (text.length > 100) return null;
  try {
    const d = bech32.decodeToBytes(text);
    return d.prefix.toLowerCase() === "age" && d.bytes.length === 32 ? d.bytes : null;
  } catch {
    return null;
  }
}

/**
 * Verifies a signed roster (the parsed JSON of `GET /v1/roster`) against the
 * unit ID the reporter pinned, on `today` (`YYYY-MM-DD`, UTC): signature
 * first, then the unit, the document's rules, and its validity period (one
 * day of grace for clocks ahead). Throws RosterError; throws UnitIdError if
 * `unitId` itself is not a unit ID.
 */
export function verifyRoster(signed: unknown, unitId: string, today: string): Roster {
  const unitKey = parseUnitId(unitId);
  const todayN = dayNumber(today);
  if (todayN === null) throw new RangeError("today must be YYYY-MM-DD");
  let document: string;
  let signatureText: string;
  try {
    const s = fields(signed, ["document", "signature"]);
    document = str(s["document"], "document");
    signatureText = str(s["signature"], "signature");
  } catch {
    throw new RosterError("malformed", "not a signed roster");
  }
  const docBytes = utf8(document);
  if (docBytes.length > MAX_ROSTER_LEN) throw new RosterError("too-large", "the roster is too large");
  const signature = fromB64url(signatureText, 64);
  if (signature === null) throw new RosterError("signature", "the roster's signature is not valid");
  if (!verifySignature(signature, concat([ROSTER_CONTEXT, docBytes]), unitKey)) {
    // Say "wrong unit" when the document names another unit, so a reporter
    // given the wrong server hears the right story.
    const claimed = claimedUnit(docBytes);
    if (claimed !== null && !equalBytes(claimed, unitKey)) {
      throw new RosterError("wrong-unit", "the roster belongs to a different unit");
    }
    throw new RosterError("signature", "the roster's signature is not valid");
  }
  let roster: Roster;
  let docUnit: Uint8Array;
  try {
    ({ roster, docUnit } = parseDocument(docBytes));
  } catch (e) {
    throw new RosterError("malformed", e instanceof JsonShapeError ? `the roster is invalid: ${e.message}` : "not a roster");
  }
  if (!equalBytes(docUnit, unitKey)) throw new RosterError("wrong-unit", "the roster belongs to a different unit");
  const issued = dayNumber(roster.issued) ?? 0;
  const expires = dayNumber(roster.expires) ?? 0;
  if (todayN > expires) throw new RosterError("expired", `the roster expired on ${roster.expires}`);
  if (issued > todayN + 1) throw new RosterError("not-yet-valid", `the roster is not valid until ${roster.issued}`);
  return roster;
}

function verifySignature(signature: Uint8Array, message: Uint8Array, key: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, key, { zip215: false });
  } catch {
    return false;
  }
}

function claimedUnit(docBytes: Uint8Array): Uint8Array | null {
  try {
    const unit = (parseStrict(docBytes).value as Record<string, unknown> | null)?.["unit"];
    return typeof unit === "string" ? parseUnitId(unit) : null;
  } catch {
    return null;
  }
}

function parseDocument(docBytes: Uint8Array): { roster: Roster; docUnit: Uint8Array } {
  const fail = (why: string): never => {
    throw new JsonShapeError(why);
  };
  const d = fields(
    parseStrict(docBytes).value,
    ["type", "version", "unit", "name", "issued", "expires", "caseworkers", "policy"],
    ["form"],
  );
  if (str(d["type"], "type") !== ROSTER_TYPE) fail("wrong document type");
  const version = uint(d["version"], "version");
  if (version === 0) fail("version must be at least 1");
  const unit = str(d["unit"], "unit");
  let docUnit: Uint8Array;
  try {
    docUnit = parseUnitId(unit);
  } catch {
    return fail("unit is not a unit ID");
  }
  const name = str(d["name"], "name");
  if (/^\p{White_Space}*$/u.test(name) || utf8(name).length > 200 || /\p{Cc}/u.test(name)) {
    fail("the unit name must be 1 to 200 printable characters");
  }
  const issued = str(d["issued"], "issued");
  const expires = str(d["expires"], "expires");
  const issuedN = dayNumber(issued);
  const expiresN = dayNumber(expires);
  if (issuedN === null || expiresN === null) return fail("issued and expires must be days (YYYY-MM-DD)");
  if (expiresN < issuedN) fail("expires before it is issued");

  const caseworkers = arr(d["caseworkers"], "caseworkers").map(parseCaseworker);
  if (caseworkers.length === 0 || caseworkers.length > MAX_CASEWORKERS) fail("a roster lists 1 to 50 caseworkers");
  const distinct = (f: (c: Caseworker) => string) => new Set(caseworkers.map(f)).size === caseworkers.length;
  // Post-quantum recipients are canonical strings: equal strings, equal keys.
  const pqs = caseworkers.flatMap((c) => (c.age_pq === undefined ? [] : [c.age_pq]));
  if (
    !distinct((c) => c.label) ||
    !distinct((c) => c.ed25519) ||
    !distinct((c) => c.age.toLowerCase()) ||
    new Set(pqs).size !== pqs.length
  ) {
    fail("two caseworkers share a label or a key");
  }

  const p = fields(
    d["policy"],
    ["retention_days", "mailbox_retention_days", "max_attachment_bytes", "max_attachments"],
    ["post_quantum"],
  );
  const U32 = 0xffffffff;
  const policy: Policy = {
    retention_days: uint(p["retention_days"], "retention_days", U32),
    mailbox_retention_days: uint(p["mailbox_retention_days"], "mailbox_retention_days", U32),
    max_attachment_bytes: uint(p["max_attachment_bytes"], "max_attachment_bytes"),
    max_attachments: uint(p["max_attachments"], "max_attachments", U32),
  };
  if (policy.retention_days > 3650 || policy.mailbox_retention_days > 3650) fail("retention is at most 3650 days");
  if (policy.max_attachment_bytes > MAX_ATTACHMENT_LIMIT || policy.max_attachments > MAX_MESSAGE_ATTACHMENTS) {
    fail("attachments are limited to 4 GiB and 100 per message");
  }
  // serde's default for an absent field; `null` is no policy value.
  if (p["post_quantum"] !== undefined) {
    const pq = str(p["post_quantum"], "post_quantum");
    if (pq !== "off" && pq !== "preferred" && pq !== "required") fail("the post-quantum policy is off, preferred or required");
    if (pq !== "off") policy.post_quantum = pq as PostQuantum;
  }
  if (policy.post_quantum === "required" && pqs.length !== caseworkers.length) {
    fail("post-quantum is required, but a caseworker's card has no post-quantum key");
  }

  const roster: Roster = { version, unit, name, issued, expires, caseworkers, policy };
  // serde reads `"form": null` as no form.
  if (d["form"] !== undefined && d["form"] !== null) roster.form = { fields: parseForm(d["form"]) };
  return { roster, docUnit };
}

function parseCaseworker(value: unknown): Caseworker {
  const c = fields(value, ["label", "age", "ed25519"], ["age_pq"]);
  const label = str(c["label"], "label");
  if (!/^[A-Za-z0-9._-]{1,32}$/.test(label)) throw new JsonShapeError("a caseworker label is invalid");
  const age = str(c["age"], "age");
  if (parseAgeRecipient(age) === null) throw new JsonShapeError("not an age X25519 recipient");
  const ed = str(c["ed25519"], "ed25519");
  const key = fromB64url(ed, 32);
  if (key === null || !isEd25519Key(key)) throw new JsonShapeError("not an Ed25519 public key");
  const caseworker: Caseworker = { label, age, ed25519: ed };
  // serde reads `"age_pq": null` as none.
  if (c["age_pq"] !== undefined && c["age_pq"] !== null) {
    const pq = str(c["age_pq"], "age_pq");
    if (parsePqRecipient(pq) === null) throw new JsonShapeError("not a post-quantum age recipient");
    caseworker.age_pq = pq;
  }
  return caseworker;
}

function parseForm(value: unknown): FormField[] {
  const form = fields(value, ["fields"]);
  const list = arr(form["fields"], "fields").map((v): FormField => {
    const f = fields(v, ["id", "kind", "label"], ["options", "required"]);
    const kind = str(f["kind"], "kind");
    if (kind !== "choice" && kind !== "text") throw new JsonShapeError("a field kind is choice or text");
    const field: FormField = { id: str(f["id"], "id"), kind, label: strMap(f["label"], "label") };
    if (f["options"] !== undefined) {
      const options = arr(f["options"], "options").map((o) => {
        const opt = fields(o, ["id", "label"]);
        return { id: str(opt["id"], "option id"), label: strMap(opt["label"], "option label") };
      });
      if (options.length > 0) field.options = options;
    }
    if (f["required"] !== undefined) field.required = bool(f["required"], "required");
    return field;
  });
  if (list.length > 50) throw new JsonShapeError("a form has at most 50 fields");
  if (new Set(list.map((f) => f.id)).size !== list.length) throw new JsonShapeError("two form fields share an ID");
  for (const f of list) {
    if (f.id === "" || utf8(f.id).length > 64 || Object.keys(f.label).length === 0) {
      throw new JsonShapeError("form fields need an ID and a label");
    }
    if ((f.kind === "choice") === (f.options === undefined)) {
      throw new JsonShapeError("choice fields, and only they, have options");
    }
  }
  return list;
}
