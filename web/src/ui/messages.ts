// Turning what went wrong into plain words. A message is kept as a function
// of the language, so switching languages re-words an error already shown.
import type { I18n, Params, PluralKey, TextKey } from "../i18n/index";
import { MetadataError } from "../metadata/index";
import { ApiError, OpenError, PowError, ReceiptError, RosterError, SealError, UnitIdError } from "../protocol/index";
import {
  API_ERROR_KEYS,
  isApiCode,
  METADATA_ERROR_KEYS,
  OPEN_ERROR_KEYS,
  POW_ERROR_KEYS,
  RECEIPT_ERROR_KEYS,
  ROSTER_ERROR_KEYS,
  SEAL_ERROR_KEYS,
  SEAL_FILE_CHANGED_KEY,
  UNIT_ID_ERROR_KEYS,
} from "./codes";

/** A sentence in whatever language the page is in when it is shown. */
export type Msg = (i: I18n) => string;

/** A plain message. */
export function msg(key: TextKey, params: Params = {}): Msg {
  return (i) => i.t(key, params);
}

/** A plural message. */
export function plural(key: PluralKey, count: number, params: Params = {}): Msg {
  return (i) => i.n(key, count, params);
}

/** Several messages, one after the other. */
export function join(...parts: Msg[]): Msg {
  return (i) => parts.map((p) => p(i)).join(" ");
}

/** A problem the page found itself (a file too large, a missing answer). */
export class UiError extends Error {
  readonly message_: Msg;
  constructor(message: Msg) {
    super("ui");
    this.message_ = message;
  }
}

/** Why a typed receipt was not accepted, with the position and suggestions. */
export function receiptErrorMessage(e: ReceiptError): Msg {
  const key = RECEIPT_ERROR_KEYS[e.kind];
  switch (e.kind) {
    case "count":
    case "digit-count":
      return plural(key as PluralKey, e.got ?? 0);
    case "word": {
      const main = msg(key as TextKey, { position: e.position ?? 0, word: e.word ?? "" });
      const suggestions = e.suggestions ?? [];
      if (suggestions.length === 0) return main;
      return (i) => `${main(i)} ${i.t("receipt.error.suggest", { words: i.or(suggestions) })}`;
    }
    case "digit-group":
      return msg(key as TextKey, { position: e.position ?? 0 });
    default:
      return msg(key as TextKey);
  }
}

/** Why the page will not talk to this site. */
export function rosterErrorMessage(e: RosterError): Msg {
  return msg(ROSTER_ERROR_KEYS[e.kind]);
}

/** What a server or network failure means, in plain words. */
export function apiErrorMessage(e: ApiError): Msg {
  // An error the server gave no code for reads as a refusal naming its status.
  const key = isApiCode(e.code) ? API_ERROR_KEYS[e.code] : "api.refused";
  return msg(key, { code: e.code });
}

/** Any failure, explained as well as the page can. */
export function errorMessage(e: unknown): Msg {
  if (e instanceof UiError) return e.message_;
  if (e instanceof ApiError) return apiErrorMessage(e);
  if (e instanceof RosterError) return rosterErrorMessage(e);
  if (e instanceof SealError) return msg(e.fileChanged ? SEAL_FILE_CHANGED_KEY : SEAL_ERROR_KEYS[e.kind]);
  if (e instanceof ReceiptError) return receiptErrorMessage(e);
  if (e instanceof UnitIdError) return msg(UNIT_ID_ERROR_KEYS[e.kind]);
  if (e instanceof MetadataError) return msg(METADATA_ERROR_KEYS[e.code]);
  if (e instanceof OpenError) return msg(OPEN_ERROR_KEYS[e.kind]);
  if (e instanceof PowError) return msg(POW_ERROR_KEYS[e.kind]);
  return msg("error.unexpected");
}
