// What the page holds while it is open. Nothing here is ever written to
// storage; everything is dropped by the quick exit, and the receipt is
// wiped as soon as the screen that needs it is left.
import type { Inspection } from "../metadata/index";
import type { MetadataErrorCode } from "../metadata/index";
import {
  type AttachmentRef,
  type OpenedReply,
  type ReceiptKeys,
  type ReplyMarks,
  type ThreadEntry,
  wipeKeys as wipeReceiptKeys,
} from "../protocol/index";
import type { Msg } from "./messages";

/** The page's screens. */
export type ScreenName = "start" | "form" | "receipt" | "sending" | "sent" | "mailbox";

/** One file the reporter added. */
export interface AttachmentItem {
  /** Stable ID for element IDs. */
  readonly key: string;
  readonly file: File;
  /** What the metadata check found; null while it runs. */
  inspection: Inspection | null;
  /** The check could not read the file (damaged), and why. */
  inspectFailed: boolean;
  inspectError: MetadataErrorCode | null;
  /** Keep hidden details as evidence (default: remove them). */
  keepDetails: boolean;
  /** Send a file this page cannot check (explicit choice). */
  sendAnyway: boolean;
  /** Send the real file name (default: a neutral name). */
  sendName: boolean;
  /** The copy without hidden details, once made. */
  cleaned: Blob | null;
  /** Already uploaded, sealed for this roster version: reused on retry. */
  uploaded: { rosterVersion: number; ref: AttachmentRef; keepDetails: boolean; sendName: boolean } | null;
  /** A problem with this file, shown beside it. */
  error: Msg | null;
}

/** The files of one message. */
export interface AttachmentList {
  items: AttachmentItem[];
  /** A problem with the list (too many files). */
  error: Msg | null;
}

/** How far sending has got. */
export type Stage =
  | { kind: "checking" }
  | { kind: "locking"; index: number; count: number; done: number; total: number }
  | { kind: "uploading"; index: number; count: number; done: number; total: number }
  /** Working on the proof of work before a POST: for file `file` (index
   * and count) or, when null, for the message; `tries` so far of a
   * challenge asking `bits` leading zero bits. */
  | { kind: "proving"; file: { index: number; count: number } | null; tries: number; bits: number }
  | { kind: "message" };

/** The report being written. */
export interface ReportDraft {
  /** Form answers by field ID (option ID or text). */
  answers: Record<string, string>;
  text: string;
  files: AttachmentList;
  /** Errors by field ID ("text" for the description). */
  errors: Record<string, Msg>;
  /** The receipt, made before sending; null until then. */
  entropy: Uint8Array | null;
  receiptAs: "words" | "digits";
  /** Which receipt step is shown. */
  receiptStep: "show" | "check";
  /** Positions (1-based) asked in the check, for words and for digits. */
  checkWords: number[];
  checkGroups: number[];
  /** What the reporter typed in the check, by position. */
  checkInputs: Record<number, string>;
  checkErrors: Record<number, Msg>;
  /** The receipt was checked (so a retry sends at once). */
  checked: boolean;
  /** Why the last attempt failed (the form then offers "Try again"). */
  failure: Msg | null;
}

/** The come-back screen. */
export interface MailboxSession {
  /** What is typed in the receipt box (cleared once it is read). */
  input: string;
  inputError: Msg | null;
  /** Keys derived from the receipt; wiped when the screen is left. */
  keys: ReceiptKeys | null;
  loading: boolean;
  /** The load under way, for a follow-up that must wait for it. */
  pending: Promise<void> | null;
  /** The mailbox was read in this visit (a follow-up needs that first). */
  loaded: boolean;
  loadError: Msg | null;
  /** The verified replies, one of each, in thread order. */
  replies: OpenedReply[];
  /** The same with the places where a reply may be missing. */
  entries: ThreadEntry<OpenedReply>[];
  /** The highest reply numbers read and acknowledged in this visit. */
  marks: ReplyMarks;
  /** The highest follow-up number sent in this visit (0 for none). */
  sentSeq: number;
  /** Messages that could not be proven to come from the unit (not shown). */
  unproven: number;
  followText: string;
  followFiles: AttachmentList;
  followError: Msg | null;
  followSent: boolean;
  sendingFollowUp: boolean;
  forgetAsk: boolean;
  forgetError: Msg | null;
  forgotten: boolean;
  downloadError: Msg | null;
}

/** An empty list of files. */
export function emptyFiles(): AttachmentList {
  return { items: [], error: null };
}

/** A fresh report. */
export function emptyReport(): ReportDraft {
  return {
    // No prototype: a unit's field ID such as "__proto__" or "toString"
    // is then an ordinary key.
    answers: Object.create(null) as Record<string, string>,
    text: "",
    files: emptyFiles(),
    errors: Object.create(null) as Record<string, Msg>,
    entropy: null,
    receiptAs: "words",
    receiptStep: "show",
    checkWords: [],
    checkGroups: [],
    checkInputs: {},
    checkErrors: {},
    checked: false,
    failure: null,
  };
}

/** A fresh come-back screen. */
export function emptyMailbox(): MailboxSession {
  return {
    input: "",
    inputError: null,
    keys: null,
    loading: false,
    pending: null,
    loaded: false,
    loadError: null,
    replies: [],
    entries: [],
    marks: { read: 0, acknowledged: 0 },
    sentSeq: 0,
    unproven: 0,
    followText: "",
    followFiles: emptyFiles(),
    followError: null,
    followSent: false,
    sendingFollowUp: false,
    forgetAsk: false,
    forgetError: null,
    forgotten: false,
    downloadError: null,
  };
}

/** Overwrites the secret bytes of derived keys (strings cannot be wiped in JS). */
export function wipeKeys(keys: ReceiptKeys | null): void {
  if (keys) wipeReceiptKeys(keys);
}
