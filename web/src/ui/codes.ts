// Every code the protocol, the metadata module and the server can hand the
// page, mapped to the message that explains it. The maps are typed with the
// modules' own unions, so a new code there fails the type check until it has
// a message here; test/i18n.test.ts checks that each message exists in
// every language and that API_CODES is the server's list.
import type { FindingWhat, MetadataErrorCode } from "../metadata/index";
import type { PluralKey, TextKey } from "../i18n/index";
import type {
  OpenErrorKind,
  PowErrorKind,
  ReceiptErrorKind,
  RosterErrorKind,
  SealErrorKind,
  UnitIdErrorKind,
} from "../protocol/index";

/** What each kind of hidden detail is called (the value found follows it). */
export const WHAT_KEYS: Record<Exclude<FindingWhat, "more">, TextKey> = {
  gps: "what.gps",
  place: "what.place",
  "camera-make": "what.camera-make",
  "camera-model": "what.camera-model",
  serial: "what.serial",
  "lens-serial": "what.lens-serial",
  owner: "what.owner",
  author: "what.author",
  copyright: "what.copyright",
  date: "what.date",
  software: "what.software",
  comment: "what.comment",
  title: "what.title",
  description: "what.description",
  "unique-id": "what.unique-id",
  thumbnail: "what.thumbnail",
  xmp: "what.xmp",
  iptc: "what.iptc",
  "text-chunk": "what.text-chunk",
  "trailing-data": "what.trailing-data",
  "maker-notes": "what.maker-notes",
};
/** "And 12 more details" (the `more` finding carries the count as its value). */
export const WHAT_MORE_KEY: PluralKey = "what.more";

/** Why a typed receipt was not accepted. */
export const RECEIPT_ERROR_KEYS: Record<ReceiptErrorKind, TextKey | PluralKey> = {
  empty: "receipt.error.empty",
  count: "receipt.error.count",
  word: "receipt.error.word",
  checksum: "receipt.error.checksum",
  "digit-count": "receipt.error.digit-count",
  "digit-group": "receipt.error.digit-group",
  mixed: "receipt.error.mixed",
};

/** Why the page refuses this site (the roster did not verify). */
export const ROSTER_ERROR_KEYS: Record<RosterErrorKind, TextKey> = {
  malformed: "roster.error.malformed",
  "too-large": "roster.error.too-large",
  signature: "roster.error.signature",
  "wrong-unit": "roster.error.wrong-unit",
  expired: "roster.error.expired",
  "not-yet-valid": "roster.error.not-yet-valid",
};

/** Why a message could not be locked. */
export const SEAL_ERROR_KEYS: Record<SealErrorKind, TextKey> = {
  "too-large": "seal.error.too-large",
  "too-many-attachments": "seal.error.too-many-attachments",
  "no-recipients": "seal.error.no-recipients",
  encrypt: "seal.error.encrypt",
};
/** A file changed while it was being locked (a SealError "encrypt" with fileChanged). */
export const SEAL_FILE_CHANGED_KEY: TextKey = "seal.error.file-changed";

/** Why the page would not work on the server's proof-of-work challenge (a
 * malformed one never leaves the API client, which reports a bad answer). */
export const POW_ERROR_KEYS: Record<PowErrorKind, TextKey> = {
  malformed: "api.bad-answer",
  "too-hard": "pow.error.too-hard",
};

/** Why a typed unit ID is not one. */
export const UNIT_ID_ERROR_KEYS: Record<UnitIdErrorKind, TextKey> = {
  encoding: "unit.error.encoding",
  prefix: "unit.error.prefix",
  key: "unit.error.invalid",
};

/** Why a file could not be checked or cleaned. */
export const METADATA_ERROR_KEYS: Record<MetadataErrorCode, TextKey> = {
  corrupt: "metadata.error.corrupt",
  unsupported: "metadata.error.unsupported",
  "too-large": "metadata.error.too-large",
  incomplete: "metadata.error.incomplete",
  unreadable: "metadata.error.unreadable",
};

/** Why something from the unit (a reply's file) could not be opened. */
export const OPEN_ERROR_KEYS: Record<OpenErrorKind, TextKey> = {
  "too-large": "open.error.too-large",
  decrypt: "open.error.decrypt",
  malformed: "open.error.malformed",
  size: "open.error.size",
  hash: "open.error.hash",
};

/**
 * Every error code of the server (docs/api/openapi.yaml, ErrorBody), plus
 * the page's own: "network" (unreachable) and "bad_answer" (an answer the
 * page does not understand). An error without a code (`http_NNN`) reads as
 * `api.refused` with that code.
 */
export const API_CODES = [
  "network",
  "bad_answer",
  "bad_request",
  "unsupported_media_type",
  "not_found",
  "method_not_allowed",
  "length_required",
  "too_large",
  "timeout",
  "not_enrolled",
  "overloaded",
  "no_roster",
  "unauthorized",
  "stale_request",
  "replayed",
  "enrollment_code",
  "unit_mismatch",
  "roster_version",
  "roster_invalid",
  "roster_changed",
  "not_age",
  "bad_header",
  "bad_size",
  "mailbox_forgotten",
  "bad_attachment",
  "forbidden",
  "attachment_quota",
  "pow_required",
  "bad_pow",
  "pow_expired",
  "pow_reused",
  "upload_busy",
  "upload_offset",
  "upload_exists",
  "storage_full",
  "internal",
] as const;
/** A server error code. */
export type ApiCode = (typeof API_CODES)[number];

/**
 * What each server error means for a reporter. Codes a reporter's request
 * cannot normally meet (caseworker and admin refusals) share one message
 * that names the code, so the unit can be told exactly what happened.
 */
export const API_ERROR_KEYS: Record<ApiCode, TextKey> = {
  network: "api.network",
  bad_answer: "api.bad-answer",
  bad_request: "api.refused",
  unsupported_media_type: "api.refused",
  not_found: "api.not-found",
  method_not_allowed: "api.refused",
  length_required: "api.refused",
  too_large: "api.too-large",
  timeout: "api.busy",
  not_enrolled: "api.not-ready",
  overloaded: "api.busy",
  no_roster: "api.not-ready",
  unauthorized: "api.refused",
  stale_request: "api.refused",
  replayed: "api.refused",
  enrollment_code: "api.refused",
  unit_mismatch: "api.refused",
  roster_version: "api.refused",
  roster_invalid: "api.refused",
  roster_changed: "api.roster-changed",
  not_age: "api.refused",
  bad_header: "api.refused",
  bad_size: "api.refused",
  mailbox_forgotten: "api.forgotten",
  bad_attachment: "api.refused",
  forbidden: "api.forbidden",
  attachment_quota: "api.quota",
  pow_required: "api.pow-required",
  bad_pow: "api.bad-pow",
  // Sent again once with a fresh challenge: shown only if that failed too.
  pow_expired: "api.pow-expired",
  pow_reused: "api.pow-expired",
  // Resumed uploads (protocol §7.1): the page sends its files whole.
  upload_busy: "api.busy",
  upload_offset: "api.refused",
  upload_exists: "api.refused",
  storage_full: "api.full",
  internal: "api.internal",
};

/** Whether `code` is one of the server's codes. */
export function isApiCode(code: string): code is ApiCode {
  return (API_CODES as readonly string[]).includes(code);
}
