// The roster (protocol §5): who may read a unit's reports, signed by the
// unit key. Verification follows crypto/src/roster.rs step by step: the
// signature over the exact document bytes first, then the document.

import { ed25519 } from "@noble/curves/ed25519.js";
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
  /** age X25519 recipient (`age1…`); reports are encrypted to it. */
  age: string;
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

/** The unit's rules. */
export interface Policy {
  retention_days: number;
  mailbox_retention_days: number;
  /** Largest attachment, in bytes before padding. */
  max_attachment_bytes: number;
  /** Most attachments on one message. */
  max_attachments: number;
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
  if (!distinct((c) => c.label) || !distinct((c) => c.ed25519) || !distinct((c) => c.age.toLowerCase())) {
    fail("two caseworkers share a label or a key");
  }

  const p = fields(d["policy"], ["retention_days", "mailbox_retention_days", "max_attachment_bytes", "max_attachments"]);
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

  const roster: Roster = { version, unit, name, issued, expires, caseworkers, policy };
  // serde reads `"form": null` as no form.
  if (d["form"] !== undefined && d["form"] !== null) roster.form = { fields: parseForm(d["form"]) };
  return { roster, docUnit };
}

function parseCaseworker(value: unknown): Caseworker {
  const c = fields(value, ["label", "age", "ed25519"]);
  const label = str(c["label"], "label");
  if (!/^[A-Za-z0-9._-]{1,32}$/.test(label)) throw new JsonShapeError("a caseworker label is invalid");
  const age = str(c["age"], "age");
  if (parseAgeRecipient(age) === null) throw new JsonShapeError("not an age X25519 recipient");
  const ed = str(c["ed25519"], "ed25519");
  const key = fromB64url(ed, 32);
  if (key === null || !isEd25519Key(key)) throw new JsonShapeError("not an Ed25519 public key");
  return { label, age, ed25519: ed };
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
