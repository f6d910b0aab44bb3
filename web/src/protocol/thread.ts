// A thread as the reporter sees it (protocol §6.3): the unit's replies
// without duplicates, in an order every client computes alike from signed
// data only, with the places where a reply number is missing; and the
// position of the reporter's next follow-up. The reporter keeps no state,
// so everything here is computed from the replies read in this visit.

import { MAX_SEQ, type Position } from "./envelope.js";

/** What the thread rules need of a verified reply. */
export interface PlacedReply {
  /** The blob ID it was stored under. */
  id: string;
  /** The day the server says it was posted. */
  day: string;
  /** Its signed position; null for a reply from before protocol version 2. */
  position: Position | null;
  /** SHA-256 of its signed body bytes, hex. */
  bodySha256: string;
}

/** One line of the list of replies: a reply, or the place where replies
 * numbered `first` to `last` should be and are not. */
export type ThreadEntry<T> = { kind: "reply"; reply: T } | { kind: "gap"; first: number; last: number };

/** The replies arranged for showing, and how many copies were dropped. */
export interface ArrangedReplies<T> {
  entries: ThreadEntry<T>[];
  /** Copies of a reply already listed (the same signed body under another ID). */
  duplicates: number;
}

const byDayThenId = (a: PlacedReply, b: PlacedReply): number =>
  a.day === b.day ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.day < b.day ? -1 : 1;

/**
 * Arranges verified replies: a reply whose signed body is byte for byte
 * one already kept is dropped (an operator can store one blob under two
 * IDs); replies from before protocol version 2 come first, by posting day
 * then ID as before; then the rest by (seq, body SHA-256). Where numbers
 * between 1 and the highest held are missing, a gap entry stands where
 * they would be, one for each run of missing numbers.
 */
export function arrangeReplies<T extends PlacedReply>(replies: readonly T[]): ArrangedReplies<T> {
  const unique = new Map<string, T>();
  // Of two copies, keep the one that sorts first, whichever the server listed first.
  for (const reply of [...replies].sort(byDayThenId)) {
    if (!unique.has(reply.bodySha256)) unique.set(reply.bodySha256, reply);
  }
  const kept = [...unique.values()];
  const legacy = kept.filter((r) => r.position === null).sort(byDayThenId);
  const sequenced = kept
    .filter((r): r is T & { position: Position } => r.position !== null)
    .sort((a, b) =>
      a.position.seq !== b.position.seq
        ? a.position.seq - b.position.seq
        : a.bodySha256 < b.bodySha256
          ? -1
          : a.bodySha256 > b.bodySha256
            ? 1
            : 0,
    );
  const entries: ThreadEntry<T>[] = legacy.map((reply) => ({ kind: "reply", reply }));
  let held = 0;
  for (const reply of sequenced) {
    const seq = reply.position.seq;
    if (seq > held + 1) entries.push({ kind: "gap", first: held + 1, last: seq - 1 });
    entries.push({ kind: "reply", reply });
    held = Math.max(held, seq);
  }
  return { entries, duplicates: replies.length - kept.length };
}

/** What the reporter has read of the unit's replies: the highest reply
 * number (`read`) and the highest follow-up number the unit acknowledged
 * having (`acknowledged`, a reply's `seen`); 0 for none. */
export interface ReplyMarks {
  read: number;
  acknowledged: number;
}

/** The marks of verified replies, never below `before` (what was read
 * earlier in this visit stays read if the server later withholds it). */
export function replyMarks(replies: readonly { position: Position | null }[], before: ReplyMarks = { read: 0, acknowledged: 0 }): ReplyMarks {
  let { read, acknowledged } = before;
  for (const { position } of replies) {
    if (position === null) continue;
    read = Math.max(read, position.seq);
    acknowledged = Math.max(acknowledged, position.seen);
  }
  return { read, acknowledged };
}

/**
 * The position of the reporter's next follow-up, written on `day`: its
 * number is one more (at most MAX_SEQ) than the highest the unit
 * acknowledged or this visit sent (`sentThisVisit`, 0 for none); `seen` is the highest reply number
 * read. The reporter keeps nothing between visits, so two follow-ups sent
 * in two visits with no reply between them share a number; that is
 * allowed (their bodies differ).
 */
export function followUpPosition(marks: ReplyMarks, sentThisVisit: number, day: string): Position {
  // Never above MAX_SEQ, as Rust's `next_reporter_seq`.
  return { seq: Math.min(Math.max(marks.acknowledged, sentThisVisit) + 1, MAX_SEQ), seen: marks.read, day };
}
