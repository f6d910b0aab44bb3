// A thread as the reporter sees it (protocol §6.3): duplicates dropped,
// the order every client computes from signed data, the places where a
// reply number is missing, and the next follow-up's position.

import { test } from "node:test";
import assert from "node:assert/strict";

import { MAX_SEQ, type Position } from "../src/protocol/envelope.js";
import { arrangeReplies, followUpPosition, replyMarks, type PlacedReply, type ThreadEntry } from "../src/protocol/thread.js";

let next = 0;
/** A verified reply at `seq` (null: legacy), with a body hash and a blob ID. */
function r(seq: number | null, opts: { seen?: number; hash?: string; day?: string; id?: string } = {}): PlacedReply {
  next += 1;
  return {
    id: opts.id ?? next.toString(16).padStart(32, "0"),
    day: opts.day ?? "2026-12-01",
    position: seq === null ? null : { seq, seen: opts.seen ?? 0, day: opts.day ?? "2026-12-01" },
    bodySha256: opts.hash ?? next.toString(16).padStart(64, "a"),
  };
}

/** The entries as short labels: a reply's ID, or `gap a-b`. */
function labels(entries: ThreadEntry<PlacedReply>[]): string[] {
  return entries.map((e) => (e.kind === "reply" ? e.reply.id : `gap ${e.first}-${e.last}`));
}

/** Every order of a list (small lists only). */
function permutations<T>(list: T[]): T[][] {
  if (list.length <= 1) return [list];
  return list.flatMap((x, i) => permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [x, ...rest]));
}

test("replies are ordered by number, then body hash, whatever order the server gave", () => {
  const one = r(1, { id: "one" });
  const twoB = r(2, { id: "two-b", hash: "b".repeat(64) });
  const twoA = r(2, { id: "two-a", hash: "a".repeat(64) });
  const three = r(3, { id: "three", day: "2026-11-01" });
  for (const given of permutations([three, twoB, one, twoA])) {
    const { entries, duplicates } = arrangeReplies(given);
    assert.deepEqual(labels(entries), ["one", "two-a", "two-b", "three"]);
    assert.equal(duplicates, 0);
  }
});

test("legacy replies come first, by posting day then ID, as before protocol version 2", () => {
  const late = r(null, { id: "b-legacy", day: "2026-11-20" });
  const early = r(null, { id: "c-legacy", day: "2026-11-10" });
  const sameDay = r(null, { id: "a-legacy", day: "2026-11-20" });
  const one = r(1, { id: "one", day: "2026-11-01" });
  for (const given of permutations([one, late, early, sameDay])) {
    assert.deepEqual(labels(arrangeReplies(given).entries), ["c-legacy", "a-legacy", "b-legacy", "one"]);
  }
  // Legacy replies hold no number: they neither fill nor open a gap.
  assert.deepEqual(labels(arrangeReplies([late, r(2, { id: "two" })]).entries), ["b-legacy", "gap 1-1", "two"]);
});

test("a copy of a reply under another ID is shown once and counted", () => {
  const hash = "c".repeat(64);
  const original = r(1, { id: "b".repeat(32), hash, day: "2026-12-01" });
  const copy = { ...original, id: "a".repeat(32), day: "2026-12-03" };
  const two = r(2, { id: "two" });
  for (const given of permutations([copy, two, original])) {
    const { entries, duplicates } = arrangeReplies(given);
    // The copy that sorts first by (day, ID) is kept, whatever the server's order.
    assert.deepEqual(labels(entries), ["b".repeat(32), "two"]);
    assert.equal(duplicates, 1);
  }
  // Legacy copies too; two different replies that share a number both stay.
  const legacy = r(null, { id: "legacy", hash: "d".repeat(64) });
  const { entries, duplicates } = arrangeReplies([legacy, { ...legacy, id: "legacy-2" }, r(1, { id: "x" }), r(1, { id: "y" })]);
  assert.equal(entries.length, 3);
  assert.equal(duplicates, 1);
});

test("a missing reply number is a gap where the reply would be, one per run", () => {
  const at = (...seqs: number[]) => labels(arrangeReplies(seqs.map((s) => r(s, { id: `#${s}` }))).entries);
  assert.deepEqual(at(), []);
  assert.deepEqual(at(1, 2, 3), ["#1", "#2", "#3"]);
  assert.deepEqual(at(2), ["gap 1-1", "#2"]);
  assert.deepEqual(at(1, 3), ["#1", "gap 2-2", "#3"]);
  assert.deepEqual(at(1, 5, 7), ["#1", "gap 2-4", "#5", "gap 6-6", "#7"]);
  assert.deepEqual(at(3, 3), ["gap 1-2", "#3", "#3"]);
  // A hostile number costs one entry, not billions.
  assert.deepEqual(at(1, MAX_SEQ), ["#1", `gap 2-${MAX_SEQ - 1}`, `#${MAX_SEQ}`]);
  // Nothing after the highest number held can be known missing.
  assert.deepEqual(at(1, 2).at(-1), "#2");
});

test("the next follow-up: one after what the unit acknowledged or this visit sent; seen = highest reply read", () => {
  const day = "2026-12-02";
  // Nothing read yet: the first follow-up, having seen no reply.
  assert.deepEqual(followUpPosition(replyMarks([]), 0, day), { seq: 1, seen: 0, day });
  // Reply 1 had read the report (seen 0), reply 2 had read follow-up 1.
  const marks = replyMarks([r(2, { seen: 1 }), r(1, { seen: 0 }), r(null)]);
  assert.deepEqual(marks, { read: 2, acknowledged: 1 });
  assert.deepEqual(followUpPosition(marks, 0, day), { seq: 2, seen: 2, day });
  // Sent 2 and 3 earlier in this visit: the next is 4.
  assert.deepEqual(followUpPosition(marks, 3, day), { seq: 4, seen: 2, day });
  // What was read stays read when a later load shows less.
  assert.deepEqual(replyMarks([r(1, { seen: 0 })], marks), { read: 2, acknowledged: 1 });
  assert.deepEqual(replyMarks([r(5, { seen: 4 })], marks), { read: 5, acknowledged: 4 });
  // Legacy replies say nothing; the number never passes MAX_SEQ.
  assert.deepEqual(replyMarks([r(null), r(null)]), { read: 0, acknowledged: 0 });
  assert.equal(followUpPosition({ read: 0, acknowledged: MAX_SEQ }, 0, day).seq, MAX_SEQ);
});

test("two replies written apart from each other (same number) order the same everywhere", () => {
  // Two caseworkers answered at once: both replies are number 1.
  const a: Position = { seq: 1, seen: 0, day: "2026-12-01" };
  const x = { id: "x".repeat(32), day: "2026-12-01", position: a, bodySha256: "0f".repeat(32) };
  const y = { id: "0".repeat(32), day: "2026-12-01", position: { ...a }, bodySha256: "f0".repeat(32) };
  assert.deepEqual(labels(arrangeReplies([y, x]).entries), [x.id, y.id]);
  assert.deepEqual(labels(arrangeReplies([x, y]).entries), [x.id, y.id]);
});
