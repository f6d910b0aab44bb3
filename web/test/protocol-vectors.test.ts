// Recomputes, from crypto/testdata/vectors.json, every value a reporter's
// client computes: the TypeScript protocol must match the Rust reference
// byte for byte. (The vectors' signed request is skipped on purpose: only
// caseworkers sign requests, and the page never does.)

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bech32 } from "@scure/base";
import { identityToRecipient } from "age-encryption";

import { fromHex, toB64url, toHex, utf8 } from "../src/protocol/bytes.js";
import {
  BUCKETS,
  RosterError,
  bucketCiphertextLen,
  deriveKeys,
  followUpEnvelope,
  formatUnitId,
  padme,
  parseReceipt,
  parseUnitId,
  receiptDigitGroups,
  receiptWords,
  replyPqRecipient,
  reportEnvelope,
  sealsPostQuantum,
  verifyRoster,
} from "../src/protocol/index.js";
import { followUpBodyJson, parseReplyPlaintext } from "../src/protocol/envelope.js";
import { parseStrict } from "../src/protocol/json.js";
import { messageCiphertextLens } from "../src/protocol/sizes.js";

interface Vectors {
  receipt: Record<string, string>;
  unit: { seed: string; unit_id: string };
  caseworker: { age_identity: string; card: string; label: string; signing_seed: string };
  roster: { document: string; signature: string };
  report_envelope: string;
  follow_up_envelope: string;
  reply_envelope: string;
  /** Protocol §6.3: the SHA-256 of each envelope's body bytes and their order in the thread. */
  thread: {
    report_body_sha256: string;
    follow_up_body_sha256: string;
    reply_body_sha256: string;
  };
  sizes: { buckets: number[]; message_ciphertext_lens: Record<string, number[]>; padme: [number, number][] };
  post_quantum: {
    reply_pq_identity: string;
    reply_pq_recipient: string;
    reply_pq_recipient_sha256: string;
    caseworker: {
      age_pq_seed: string;
      age_pq_identity: string;
      age_pq_recipient: string;
      age_pq_recipient_sha256: string;
      card: string;
      card_sha256: string;
    };
    roster: { document: string; document_sha256: string; signature: string };
    report_envelope: string;
    report_envelope_sha256: string;
    message_ciphertext_lens: Record<string, number[]>;
  };
}

const root = process.env["SANCTUARY_WEB_ROOT"] ?? process.cwd();
const vectors = JSON.parse(readFileSync(join(root, "..", "crypto", "testdata", "vectors.json"), "utf8")) as Vectors;
const r = vectors.receipt;

function bytes(hex: string | undefined, length: number): Uint8Array {
  const b = fromHex(hex ?? "", length);
  assert.ok(b, `vector ${hex} is hex`);
  return b;
}

const entropy = bytes(r["entropy"], 16);

test("receipt words and every derivation match the vectors", () => {
  assert.equal(receiptWords(entropy).join(" "), r["words"]);
  assert.deepEqual(parseReceipt(r["words"] ?? ""), entropy);
  // The digit form (protocol §2.1).
  const digits = receiptDigitGroups(entropy).join(" ");
  assert.equal(digits, r["digits"]);
  assert.deepEqual(parseReceipt(digits), entropy);
  const keys = deriveKeys(entropy);
  assert.equal(toHex(keys.threadId), r["thread_id"]);
  assert.equal(toHex(keys.threadSecret), r["thread_secret"]);
  assert.equal(toB64url(keys.threadPublicKey), r["thread_public_key"]);
  assert.equal(toHex(keys.mailboxId), r["mailbox_id"]);
  assert.equal(keys.mailboxHex, r["mailbox_id"]);
  assert.equal(toHex(keys.mailboxStorageKey), r["mailbox_storage_key"]);
  assert.equal(toHex(keys.forgetSecret), r["forget_secret"]);
  assert.equal(keys.forgetSecretHex, r["forget_secret"]);
  assert.equal(toHex(keys.forgetHash), r["forget_hash"]);
  assert.equal(keys.replyIdentity, r["reply_identity"]);
  assert.equal(keys.replyRecipient, r["reply_recipient"]);
});

test("the unit ID of the vector seed", () => {
  const key = ed25519.getPublicKey(bytes(vectors.unit.seed, 32));
  assert.equal(formatUnitId(key), vectors.unit.unit_id);
  assert.deepEqual(parseUnitId(vectors.unit.unit_id), key);
  assert.deepEqual(parseUnitId(`  ${vectors.unit.unit_id.toUpperCase()} `), key);
});

const signed = () => ({ document: vectors.roster.document, signature: vectors.roster.signature });
const unit = vectors.unit.unit_id;

test("the vector roster verifies and reads as the Rust document", () => {
  const roster = verifyRoster(signed(), unit, "2026-11-15");
  assert.equal(roster.version, 1);
  assert.equal(roster.unit, unit);
  assert.equal(roster.name, "Riverside Hate Crime Unit");
  assert.equal(roster.issued, "2026-11-01");
  assert.equal(roster.expires, "2027-11-01");
  assert.deepEqual(roster.caseworkers, [
    {
      label: "PC-Jones",
      age: "age10d8fpxa70llyf3r95gsqxltq3m34397nrmuh9urlwjyjev8h8ufsj7lk9j",
      ed25519: "oJql9HpnWYAv-VX43C0qFKXJnSO-l_hkEn_5ODRVpPA",
    },
  ]);
  assert.deepEqual(roster.policy, {
    retention_days: 90,
    mailbox_retention_days: 180,
    max_attachment_bytes: 268435456,
    max_attachments: 10,
  });
  assert.equal(roster.form, undefined);
  // The card's keys are the roster's.
  const card = vectors.caseworker.card.split(":");
  assert.equal(card[3], roster.caseworkers[0]?.age);
  assert.equal(card[4], roster.caseworkers[0]?.ed25519);
  assert.equal(card[4], toB64url(ed25519.getPublicKey(bytes(vectors.caseworker.signing_seed, 32))));
});

function refusal(signedRoster: unknown, unitId: string, today: string): string {
  try {
    verifyRoster(signedRoster, unitId, today);
  } catch (e) {
    assert.ok(e instanceof RosterError, String(e));
    return e.kind;
  }
  return "accepted";
}

test("the vector roster is refused when one byte changes, for another unit, out of its dates", () => {
  const doc = vectors.roster.document;
  for (const i of [0, 10, doc.indexOf("PC-Jones"), doc.length - 1]) {
    const c = doc[i] === "a" ? "b" : "a";
    const changed = { document: doc.slice(0, i) + c + doc.slice(i + 1), signature: vectors.roster.signature };
    assert.equal(refusal(changed, unit, "2026-11-15"), "signature", `byte ${i}`);
  }
  const sig = vectors.roster.signature;
  const badSig = { document: doc, signature: (sig[0] === "A" ? "B" : "A") + sig.slice(1) };
  assert.equal(refusal(badSig, unit, "2026-11-15"), "signature");
  const otherUnit = formatUnitId(ed25519.getPublicKey(new Uint8Array(32).fill(2)));
  assert.equal(refusal(signed(), otherUnit, "2026-11-15"), "wrong-unit");
  // Valid from the day before it is issued (clocks ahead), through its last day.
  assert.equal(refusal(signed(), unit, "2026-10-30"), "not-yet-valid");
  assert.equal(refusal(signed(), unit, "2026-10-31"), "accepted");
  assert.equal(refusal(signed(), unit, "2027-11-01"), "accepted");
  assert.equal(refusal(signed(), unit, "2027-11-02"), "expired");
  // Not a signed roster at all.
  assert.equal(refusal({ document: doc }, unit, "2026-11-15"), "malformed");
  assert.equal(refusal({ ...signed(), extra: 1 }, unit, "2026-11-15"), "malformed");
  assert.equal(refusal("roster", unit, "2026-11-15"), "malformed");
  assert.equal(refusal({ document: doc + " ".repeat(256 * 1024), signature: sig }, unit, "2026-11-15"), "too-large");
});

/** The report content of the envelope vectors (`crypto/tests/vectors.rs`). */
const VECTOR_REPORT = {
  category: "hate-crime",
  answers: {},
  text: "Someone shouted at me at the bus stop.",
  attachments: [
    {
      id: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      size: 1000,
      sha256: "0".repeat(64),
      media_type: "image/jpeg",
      name: "attachment-1.jpg",
    },
  ],
};

test("the report and follow-up envelopes are the vectors, byte for byte", () => {
  const keys = deriveKeys(entropy);
  const report = reportEnvelope(
    VECTOR_REPORT,
    keys,
    1,
  );
  assert.equal(report, vectors.report_envelope);
  // The reporter's follow-up number 1, having read reply 1.
  const position = { seq: 1, seen: 1, day: "2026-11-03" };
  assert.equal(followUpEnvelope({ text: "One more thing.", attachments: [], position }, keys), vectors.follow_up_envelope);
});

test("the thread vectors: body digests as the page computes them, and the positions it writes and reads", () => {
  const keys = deriveKeys(entropy);
  const body = (envelope: string) => {
    const { spans } = parseStrict(utf8(envelope));
    const span = spans.get("body");
    assert.ok(span);
    return utf8(envelope).subarray(span[0], span[1]);
  };
  const digest = (envelope: string) => toHex(sha256(body(envelope)));
  assert.equal(digest(vectors.report_envelope), vectors.thread.report_body_sha256);
  assert.equal(digest(vectors.follow_up_envelope), vectors.thread.follow_up_body_sha256);
  assert.equal(digest(vectors.reply_envelope), vectors.thread.reply_body_sha256);
  // The page builds the same body bytes it signs.
  const position = { seq: 1, seen: 1, day: "2026-11-03" };
  assert.equal(toHex(sha256(utf8(followUpBodyJson("One more thing.", [], keys, position)))), vectors.thread.follow_up_body_sha256);
  // The reply the page parses carries the same position and digest.
  const reply = parseReplyPlaintext(utf8(vectors.reply_envelope));
  assert.deepEqual(reply.position, { seq: 1, seen: 0, day: "2026-11-02" });
  assert.equal(reply.bodySha256, vectors.thread.reply_body_sha256);
});

test("the sizes table and Padmé match the vectors", () => {
  assert.deepEqual([...BUCKETS], vectors.sizes.buckets);
  for (const [n, lens] of Object.entries(vectors.sizes.message_ciphertext_lens)) {
    assert.deepEqual(messageCiphertextLens(Number(n)), lens, `n = ${n}`);
    assert.deepEqual(
      BUCKETS.map((b) => bucketCiphertextLen(b, Number(n))),
      lens,
    );
  }
  for (const [len, padded] of vectors.sizes.padme) assert.equal(padme(len), padded, `padme(${len})`);
});

const pq = vectors.post_quantum;
const sha = (text: string) => toHex(sha256(utf8(text)));

test("post-quantum: the receipt's reply identity and recipient, and the caseworker's, are the vectors", async () => {
  const keys = deriveKeys(entropy);
  assert.equal(keys.replyPqIdentity, pq.reply_pq_identity);
  const recipient = await replyPqRecipient(keys);
  assert.equal(recipient, pq.reply_pq_recipient);
  assert.equal(sha(recipient), pq.reply_pq_recipient_sha256);
  // The caseworker's identity is its seed in bech32, as the page writes the
  // receipt's; typage derives the same recipient as Rust.
  const cw = pq.caseworker;
  assert.equal(bech32.encodeFromBytes("AGE-SECRET-KEY-PQ-", bytes(cw.age_pq_seed, 32)).toUpperCase(), cw.age_pq_identity);
  assert.equal(await identityToRecipient(cw.age_pq_identity), cw.age_pq_recipient);
  assert.equal(sha(cw.age_pq_recipient), cw.age_pq_recipient_sha256);
  assert.equal(sha(cw.card), cw.card_sha256);
  // The version 2 card carries both recipients and the signing key.
  const card = cw.card.split(":");
  assert.deepEqual(card.slice(0, 3), ["sanctuary-card", "2", vectors.caseworker.label]);
  assert.equal(card[4], cw.age_pq_recipient);
  assert.equal(card[5], toB64url(ed25519.getPublicKey(bytes(vectors.caseworker.signing_seed, 32))));
});

test("post-quantum: the vector roster verifies, seals post-quantum, and a changed byte is refused", () => {
  assert.equal(sha(pq.roster.document), pq.roster.document_sha256);
  const roster = verifyRoster({ document: pq.roster.document, signature: pq.roster.signature }, unit, "2026-11-15");
  assert.equal(roster.version, 2);
  assert.equal(roster.policy.post_quantum, "required");
  assert.equal(roster.caseworkers[0]?.age_pq, pq.caseworker.age_pq_recipient);
  assert.ok(sealsPostQuantum(roster));
  const i = pq.roster.document.indexOf("age1pq1") + 500;
  const c = pq.roster.document[i] === "q" ? "p" : "q";
  const changed = { document: pq.roster.document.slice(0, i) + c + pq.roster.document.slice(i + 1), signature: pq.roster.signature };
  assert.equal(refusal(changed, unit, "2026-11-15"), "signature");
});

test("post-quantum: the report envelope with reply_to_pq is the vector, byte for byte, and the lengths match", async () => {
  const keys = deriveKeys(entropy);
  const report = reportEnvelope(
    VECTOR_REPORT,
    keys,
    2,
    await replyPqRecipient(keys),
  );
  assert.equal(report, pq.report_envelope);
  assert.equal(sha(report), pq.report_envelope_sha256);
  assert.ok(Object.keys(pq.message_ciphertext_lens).length > 0);
  for (const [n, lens] of Object.entries(pq.message_ciphertext_lens)) {
    assert.deepEqual(messageCiphertextLens(Number(n), "post-quantum"), lens, `n = ${n}`);
  }
});
