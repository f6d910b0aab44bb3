// The reporter's side of the Sanctuary protocol (docs/protocol.md), byte
// for byte with the Rust reference (crypto/). The page codes against this
// module only; see README.md for what each file implements.

export {
  ReceiptError,
  generateEntropy,
  receiptWords,
  receiptDigitGroups,
  toNumerals,
  dammDigit,
  type ReceiptErrorKind,
  type ReceiptErrorDetails,
  type Numerals,
} from "./receipt.js";
export { parseReceipt, suggestWords } from "./receipt-parse.js";
export { deriveKeys, wipeKeys, threadKeyText, replyPqRecipient, type ReceiptKeys } from "./keys.js";
export { UnitIdError, parseUnitId, formatUnitId, type UnitIdErrorKind } from "./unit.js";
export {
  RosterError,
  verifyRoster,
  caseworkerByKey,
  sealsPostQuantum,
  MAX_ROSTER_LEN,
  type Caseworker,
  type FormField,
  type Policy,
  type PostQuantum,
  type Roster,
  type RosterErrorKind,
} from "./roster.js";
export { todayUtc, dayNumber, formatDay } from "./day.js";
export type { AttachmentRef, Position } from "./envelope.js";
export {
  arrangeReplies,
  followUpPosition,
  replyMarks,
  type ArrangedReplies,
  type PlacedReply,
  type ReplyMarks,
  type ThreadEntry,
} from "./thread.js";
export {
  SealError,
  sealReport,
  sealFollowUp,
  sealAttachment,
  reportEnvelope,
  followUpEnvelope,
  type SealErrorKind,
  type FollowUpInput,
  type ReportInput,
} from "./seal.js";
export { OpenError, openReply, openAttachment, type OpenErrorKind, type OpenedReply, type ReplyProblem } from "./open.js";
export { Api, ApiError, ROSTER_VERSION_HEADER, type MailboxReply } from "./api.js";
export {
  POW_HEADER,
  POW_MAX_BITS,
  POW_MAX_MEMORY_KIB,
  PowError,
  evaluate as powEvaluate,
  leadingZeroBits,
  parseChallenge,
  powBinding,
  powHeader,
  solve as solvePow,
  solvedChance,
  type PowChallenge,
  type PowErrorKind,
  type PowKind,
  type PowOptions,
  type PowSolution,
} from "./pow.js";
export {
  BUCKETS,
  MAX_MESSAGE_ATTACHMENTS,
  bucketCapacity,
  bucketFor,
  bucketCiphertextLen,
  padme,
  type StanzaKind,
} from "./sizes.js";
