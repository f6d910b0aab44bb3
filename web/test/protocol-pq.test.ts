// Post-quantum recipients (protocol §12): the receipt's post-quantum reply
// identity, rosters with `age_pq` and a `post_quantum` policy read as
// crypto/src/roster.rs reads them, reports, follow-ups and attachments
// sealed to the caseworkers' `mlkem768x25519` recipients only (never both
// kinds) at the exact lengths, and replies sealed post-quantum opened.

import { test } from "node:test";
import assert from "node:assert/strict";

import { ed25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bech32, bech32m } from "@scure/base";
import { Decrypter, Encrypter, generateHybridIdentity, generateX25519Identity, identityToRecipient } from "age-encryption";

import { concat, toB64url, toHex, utf8 } from "../src/protocol/bytes.js";
import { buildEnvelope, replyBodyJson } from "../src/protocol/envelope.js";
import {
  BUCKETS,
  OpenError,
  RosterError,
  SealError,
  bucketCapacity,
  bucketCiphertextLen,
  deriveKeys,
  formatUnitId,
  openAttachment,
  openReply,
  padme,
  replyPqRecipient,
  reportEnvelope,
  sealAttachment,
  sealFollowUp,
  sealReport,
  sealsPostQuantum,
  verifyRoster,
  type Roster,
} from "../src/protocol/index.js";
import { parsePqRecipient } from "../src/protocol/roster.js";
import { encryptPadded, recipientKind, rosterRecipients, sealAttachmentTo } from "../src/protocol/seal.js";
import { MAX_HEADER_LEN, PQ_STANZA_LEN, messageCiphertextLens, streamLen } from "../src/protocol/sizes.js";

/** A follow-up's place in its thread (protocol §6.3). */
const AT = { seq: 1, seen: 0, day: "2026-12-01" };

const entropy = Uint8Array.from({ length: 16 }, (_, i) => 3 * i + 1);
const keys = deriveKeys(entropy);

/** A caseworker with both kinds of age identity and a signing key. */
interface TestCaseworker {
  label: string;
  x25519: string;
  pq: string;
  age: string;
  agePq: string;
  seed: Uint8Array;
}

async function caseworker(i: number): Promise<TestCaseworker> {
  const x25519 = await generateX25519Identity();
  const pq = await generateHybridIdentity();
  return {
    label: `CW-${i}`,
    x25519,
    pq,
    age: await identityToRecipient(x25519),
    agePq: await identityToRecipient(pq),
    seed: new Uint8Array(32).fill(0x40 + i),
  };
}

const team = await Promise.all([0, 1, 2].map(caseworker));

function pqRoster(n: number, postQuantum: "preferred" | "required" = "required"): Roster {
  return {
    version: 4,
    unit: "unused",
    name: "Test Unit",
    issued: "2026-01-01",
    expires: "2026-12-31",
    caseworkers: team.slice(0, n).map((c) => ({
      label: c.label,
      age: c.age,
      age_pq: c.agePq,
      ed25519: toB64url(ed25519.getPublicKey(c.seed)),
    })),
    policy: {
      retention_days: 90,
      mailbox_retention_days: 180,
      max_attachment_bytes: 1 << 22,
      max_attachments: 10,
      post_quantum: postQuantum,
    },
  };
}

/** Every stanza of an age header (its arguments) and the header's length. */
function header(file: Uint8Array): { len: number; stanzas: string[][] } {
  const text = new TextDecoder("latin1").decode(file.subarray(0, MAX_HEADER_LEN));
  const lines = text.split("\n");
  assert.equal(lines[0], "age-encryption.org/v1");
  const stanzas: string[][] = [];
  let len = 22;
  let at = 1;
  for (;;) {
    const line = lines[at++] ?? "";
    len += line.length + 1;
    if (line.startsWith("--- ")) return { len, stanzas };
    assert.ok(line.startsWith("-> "), `stanza line: ${line.slice(0, 40)}`);
    stanzas.push(line.slice(3).split(" "));
    for (;;) {
      const body = lines[at++] ?? "";
      len += body.length + 1;
      assert.match(body, /^[A-Za-z0-9+/]{0,64}$/);
      if (body.length < 64) break;
    }
  }
}

/** The header has `n` post-quantum stanzas, of exactly 1557 bytes, then
 * one grease stanza, and no X25519 stanza. */
function assertPqHeader(file: Uint8Array, n: number): number {
  const h = header(file);
  assert.equal(h.stanzas.length, n + 1);
  for (const s of h.stanzas.slice(0, n)) {
    assert.equal(s[0], "mlkem768x25519");
    assert.equal(s.length, 2);
    assert.equal(s[1]?.length, 1494);
  }
  assert.match(h.stanzas[n]?.[0] ?? "", /^[\x21-\x7e]{1,8}-grease$/);
  assert.ok(!h.stanzas.some((s) => s[0] === "X25519"));
  return h.len;
}

async function decrypt(identities: string[], file: Uint8Array): Promise<Uint8Array> {
  const d = new Decrypter();
  for (const id of identities) d.addIdentity(id);
  return d.decrypt(file);
}

async function refusesToOpen(identities: string[], file: Uint8Array): Promise<void> {
  await assert.rejects(decrypt(identities, file), /no identity matched/);
}

test("the post-quantum reply identity is the HKDF seed in bech32, and typage derives its recipient", async () => {
  const seed = hkdf(sha256, entropy, utf8("sanctuary-receipt-v1"), utf8("sanctuary/v1/reply-identity-pq"), 32);
  assert.equal(keys.replyPqIdentity.length, 77);
  assert.match(keys.replyPqIdentity, /^AGE-SECRET-KEY-PQ-1[02-9ACDEFGHJKLMNPQRSTUVWXYZ]{58}$/);
  const decoded = bech32.decodeToBytes(keys.replyPqIdentity);
  assert.equal(decoded.prefix, "age-secret-key-pq-");
  assert.deepEqual(decoded.bytes, seed);
  // Not the X25519 reply identity's seed.
  assert.notDeepEqual(bech32.decodeToBytes(keys.replyIdentity).bytes, seed);
  const recipient = await replyPqRecipient(keys);
  assert.equal(recipient, await identityToRecipient(keys.replyPqIdentity));
  assert.equal(recipient.length, 1959);
  assert.notEqual(parsePqRecipient(recipient), null);
  // Another receipt, another identity.
  assert.notEqual(deriveKeys(new Uint8Array(16)).replyPqIdentity, keys.replyPqIdentity);
});

test("the example of protocol §12: seed 32 × 0x42 gives the quoted identity and recipient", async () => {
  const identity = bech32.encodeFromBytes("AGE-SECRET-KEY-PQ-", new Uint8Array(32).fill(0x42)).toUpperCase();
  assert.equal(identity, "AGE-SECRET-KEY-PQ-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ0HGUHW");
  const recipient = await identityToRecipient(identity);
  assert.ok(recipient.startsWith("age1pq1vzavuh6y346esvswz"));
  assert.equal(toHex(sha256(utf8(recipient))), "b2da659c4e0591b57136911de6e7d8c814619610249fe43e6a7b69f7fba83857");
});

test("post-quantum recipients are parsed as strictly as Rust parses them", async () => {
  const good = team[0]?.agePq ?? "";
  const bytes = parsePqRecipient(good);
  assert.ok(bytes);
  assert.equal(bytes.length, 1216);
  const encode = (b: Uint8Array) => bech32.encode("age1pq", bech32.toWords(b), false);
  assert.equal(encode(bytes), good);
  const refused = (text: string, why: string) => assert.equal(parsePqRecipient(text), null, why);
  refused(good.toUpperCase(), "upper case");
  refused(good.slice(0, -1), "one character short");
  refused(good + "q", "one character long");
  refused(good.slice(0, 100) + (good[100] === "q" ? "p" : "q") + good.slice(101), "a copying mistake (checksum)");
  refused(team[0]?.age ?? "", "an X25519 recipient");
  refused("age1pq1", "nothing");
  // The same words with a bech32m checksum.
  refused(bech32mOf(good), "bech32m");
  // Stray padding bits: the last data word changed, checksum recomputed.
  const words = bech32.decode(good as `${string}1${string}`, false).words;
  const stray = Array.from(words);
  stray[stray.length - 1] = (stray[stray.length - 1] ?? 0) | 1;
  const strayText = bech32.encode("age1pq", stray, false);
  assert.equal(strayText.length, 1959);
  refused(strayText, "stray padding bits");
  // The ML-KEM encapsulation key check: coefficient 3328 is fine, 3329 (q) is not.
  const withFirstCoefficient = (c: number) => {
    const b = bytes.slice();
    b[0] = c & 0xff;
    b[1] = ((b[1] ?? 0) & 0xf0) | (c >> 8);
    return encode(b);
  };
  assert.notEqual(parsePqRecipient(withFirstCoefficient(3328)), null);
  refused(withFirstCoefficient(3329), "a coefficient equal to q");
  refused(withFirstCoefficient(4095), "a coefficient above q");
  // The last coefficient (the upper 12 bits of bytes 1149–1151).
  const last = bytes.slice();
  last[1151] = 0xff;
  last[1150] = (last[1150] ?? 0) | 0xf0;
  refused(encode(last), "the last coefficient above q");
  // Low-order X25519 points (u = 0, u = 1, and u = 1 with the ignored top bit).
  for (const u of [[0], [1], [1, 0x80]]) {
    const b = bytes.slice();
    b.fill(0, 1184);
    b[1184] = u[0] ?? 0;
    if (u[1] !== undefined) b[1215] = u[1];
    refused(encode(b), `X25519 point ${u.join(",")}`);
  }
});

/** The same string with a bech32m checksum instead of bech32. */
function bech32mOf(text: string): string {
  const words = bech32.decode(text as `${string}1${string}`, false).words;
  return bech32m.encode("age1pq", words, false);
}
const UNIT_SEED = new Uint8Array(32).fill(0x07);
const UNIT_ID = formatUnitId(ed25519.getPublicKey(UNIT_SEED));

/** A roster document (as a unit admin would write it) signed by the unit. */
function signed(doc: Record<string, unknown>): { document: string; signature: string } {
  const document = JSON.stringify(doc);
  const signature = ed25519.sign(concat([utf8("sanctuary-roster-v1\n"), utf8(document)]), UNIT_SEED);
  return { document, signature: toB64url(signature) };
}

function document(caseworkers: Record<string, unknown>[], policy: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "sanctuary-roster",
    version: 2,
    unit: UNIT_ID,
    name: "Riverside Unit",
    issued: "2026-11-01",
    expires: "2027-11-01",
    caseworkers,
    policy: { retention_days: 90, mailbox_retention_days: 180, max_attachment_bytes: 1000, max_attachments: 10, ...policy },
  };
}

function entry(c: TestCaseworker, withPq = true): Record<string, unknown> {
  const e: Record<string, unknown> = { label: c.label, age: c.age };
  if (withPq) e["age_pq"] = c.agePq;
  e["ed25519"] = toB64url(ed25519.getPublicKey(c.seed));
  return e;
}

function verdict(doc: Record<string, unknown>): string {
  try {
    const r = verifyRoster(signed(doc), UNIT_ID, "2026-11-15");
    return sealsPostQuantum(r) ? "post-quantum" : "x25519";
  } catch (e) {
    assert.ok(e instanceof RosterError, String(e));
    return e.kind;
  }
}

test("rosters with age_pq and a post_quantum policy are read as Rust reads them", () => {
  const [a, b] = [team[0]!, team[1]!];
  // No policy field: off, whatever the caseworkers have.
  assert.equal(verdict(document([entry(a), entry(b)])), "x25519");
  assert.equal(verdict(document([entry(a), entry(b)], { post_quantum: "off" })), "x25519");
  assert.equal(verdict(document([entry(a), entry(b)], { post_quantum: "preferred" })), "post-quantum");
  assert.equal(verdict(document([entry(a), entry(b)], { post_quantum: "required" })), "post-quantum");
  // Preferred with a caseworker who has no post-quantum key: X25519 for everyone.
  assert.equal(verdict(document([entry(a), entry(b, false)], { post_quantum: "preferred" })), "x25519");
  // Required with one: the roster is invalid.
  assert.equal(verdict(document([entry(a), entry(b, false)], { post_quantum: "required" })), "malformed");
  assert.equal(verdict(document([entry(a, false)], { post_quantum: "required" })), "malformed");
  // serde reads "age_pq": null as none, but a null policy is no policy.
  assert.equal(verdict(document([{ ...entry(a), age_pq: null }, entry(b)], { post_quantum: "preferred" })), "x25519");
  for (const bad of [null, "Required", "on", "", true, 1]) {
    assert.equal(verdict(document([entry(a)], { post_quantum: bad })), "malformed", String(bad));
  }
  // Two caseworkers with the same post-quantum key; a key that is not one.
  assert.equal(verdict(document([entry(a), { ...entry(b), age_pq: a.agePq }])), "malformed");
  assert.equal(verdict(document([{ ...entry(a), age_pq: a.agePq.toUpperCase() }])), "malformed");
  assert.equal(verdict(document([{ ...entry(a), age_pq: a.age }])), "malformed");
  assert.equal(verdict(document([{ ...entry(a), age_pq: 7 }])), "malformed");
  // Unknown fields are still refused.
  assert.equal(verdict(document([{ ...entry(a), age_pq2: a.agePq }])), "malformed");
  assert.equal(verdict(document([entry(a)], { postquantum: "required" })), "malformed");

  const roster = verifyRoster(signed(document([entry(a), entry(b)], { post_quantum: "required" })), UNIT_ID, "2026-11-15");
  assert.equal(roster.policy.post_quantum, "required");
  assert.equal(roster.caseworkers[1]?.age_pq, b.agePq);
  assert.deepEqual(rosterRecipients(roster), [a.agePq, b.agePq]);
  const off = verifyRoster(signed(document([entry(a), entry(b)], { post_quantum: "off" })), UNIT_ID, "2026-11-15");
  assert.equal(off.policy.post_quantum, undefined);
  assert.deepEqual(rosterRecipients(off), [a.age, b.age]);
  // A roster without the new fields reads exactly as before.
  const old = verifyRoster(signed(document([entry(a, false)])), UNIT_ID, "2026-11-15");
  assert.deepEqual(old.caseworkers[0], { label: a.label, age: a.age, ed25519: toB64url(ed25519.getPublicKey(a.seed)) });
  assert.deepEqual(Object.keys(old.policy), ["retention_days", "mailbox_retention_days", "max_attachment_bytes", "max_attachments"]);
});

test("the post-quantum lengths are len(bucket, n) with 1557-byte stanzas", () => {
  assert.equal(PQ_STANZA_LEN, 1557);
  for (const n of [1, 2, 3, 11, 51]) {
    const lens = messageCiphertextLens(n, "post-quantum");
    for (const [i, bucket] of BUCKETS.entries()) {
      const expected = 22 + 1557 * n + 13 + 48 + 16 + bucket + 16 * Math.ceil(bucket / 65536);
      assert.equal(lens[i], expected, `bucket ${bucket}, n = ${n}`);
      assert.equal(bucketCiphertextLen(bucket, n, "post-quantum") - bucketCiphertextLen(bucket, n), (1557 - 98) * n);
    }
  }
});

test("reports to a post-quantum roster: every bucket, 1 to 3 caseworkers, exact length, post-quantum stanzas only", async () => {
  const replyToPq = await replyPqRecipient(keys);
  for (const n of [1, 2, 3]) {
    const roster = pqRoster(n);
    assert.ok(sealsPostQuantum(roster));
    for (const bucket of BUCKETS) {
      const fields = { category: "theft", answers: { where: "market" }, attachments: [] };
      const base = utf8(reportEnvelope({ ...fields, text: "" }, keys, roster.version, replyToPq)).length;
      const text = "ß".repeat(Math.floor((bucketCapacity(bucket) - base) / 2));
      const input = { ...fields, text };
      const sealed = await sealReport(input, keys, roster);
      assert.equal(sealed.length, bucketCiphertextLen(bucket, n, "post-quantum"), `bucket ${bucket}, n = ${n}`);
      const headerLen = assertPqHeader(sealed, n);

      // Each caseworker's post-quantum identity opens it; their X25519
      // identities together do not.
      const plaintext = await decrypt([team[n - 1]?.pq ?? ""], sealed);
      await refusesToOpen(
        team.slice(0, n).map((c) => c.x25519),
        sealed,
      );
      assert.equal(plaintext.length, bucket - (headerLen - (22 + PQ_STANZA_LEN * n + 13 + 48)));
      const json = new TextDecoder().decode(plaintext).trimEnd();
      assert.equal(json, reportEnvelope(input, keys, roster.version, replyToPq));
      // reply_to_pq right after reply_to, as serde writes the struct.
      const body = JSON.parse(json) as { body: Record<string, unknown> };
      assert.deepEqual(Object.keys(body.body).slice(4, 7), ["reply_to", "reply_to_pq", "roster_version"]);
      assert.equal(body.body["reply_to_pq"], replyToPq);
    }
  }
});

test("a roster that does not seal post-quantum gets X25519 reports without reply_to_pq", async () => {
  const roster = pqRoster(2, "preferred");
  delete roster.caseworkers[1]?.age_pq;
  assert.ok(!sealsPostQuantum(roster));
  const sealed = await sealReport({ answers: {}, text: "classic", attachments: [] }, keys, roster);
  assert.equal(sealed.length, bucketCiphertextLen(16384, 2));
  const h = header(sealed);
  assert.deepEqual(
    h.stanzas.slice(0, 2).map((s) => s[0]),
    ["X25519", "X25519"],
  );
  await refusesToOpen([team[0]?.pq ?? "", team[1]?.pq ?? ""], sealed);
  const json = new TextDecoder().decode(await decrypt([team[1]?.x25519 ?? ""], sealed));
  assert.ok(!json.includes("reply_to_pq"));
  assert.ok(!json.includes("age1pq1"));
});

test("follow-ups and the reporter's attachments are sealed post-quantum too", async () => {
  const roster = pqRoster(3);
  const sealed = await sealFollowUp({ text: "one more thing", attachments: [], position: AT }, keys, roster);
  assert.equal(sealed.length, bucketCiphertextLen(16384, 3, "post-quantum"));
  assertPqHeader(sealed, 3);
  const followUp = JSON.parse(new TextDecoder().decode(await decrypt([team[1]?.pq ?? ""], sealed))) as { kind: string };
  assert.equal(followUp.kind, "follow-up");

  for (const size of [0, 1, 1000, 65536, 200_001]) {
    const data = Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) % 256);
    const a = await sealAttachment(new Blob([data]), roster);
    const file = new Uint8Array(await a.sealed.arrayBuffer());
    const headerLen = assertPqHeader(file, 3);
    assert.equal(file.length, headerLen + streamLen(padme(size)), `size ${size}`);
    await refusesToOpen(
      team.map((c) => c.x25519),
      file,
    );
    const opened = await decrypt([team[2]?.pq ?? ""], file);
    assert.equal(opened.length, padme(size));
    assert.deepEqual(opened.subarray(0, size), data);
    assert.equal(a.sha256, toHex(sha256(data)));
  }
});

test("one file is never sealed to both kinds of recipient", async () => {
  const a = team[0]!;
  const kind = (recipients: string[]) => {
    try {
      return recipientKind(recipients);
    } catch (e) {
      assert.ok(e instanceof SealError);
      return e.kind;
    }
  };
  assert.equal(kind([a.age, keys.replyRecipient]), "x25519");
  assert.equal(kind([a.agePq, await replyPqRecipient(keys)]), "post-quantum");
  assert.equal(kind([a.agePq, keys.replyRecipient]), "encrypt");
  assert.equal(kind([a.age, await replyPqRecipient(keys)]), "encrypt");
  await assert.rejects(encryptPadded("{}", [a.agePq, a.age]), (e) => e instanceof SealError && e.kind === "encrypt");
  await assert.rejects(
    sealAttachmentTo(new Blob([new Uint8Array(10)]), [a.age, a.agePq], 1000),
    (e) => e instanceof SealError && e.kind === "encrypt",
  );
  // typage itself would mix them: the check above is what prevents it.
  const e = new Encrypter();
  e.addRecipient(a.age);
  e.addRecipient(a.agePq);
  const mixed = header(await e.encrypt(new Uint8Array(1)));
  assert.deepEqual(
    mixed.stanzas.map((s) => s[0]),
    ["X25519", "mlkem768x25519"],
  );
});

test("a reply sealed post-quantum opens with the receipt, verified, and so does its attachment", async () => {
  const roster = pqRoster(1);
  const cw = team[0]!;
  const replyToPq = await replyPqRecipient(keys);
  const text = "We received your report. Are you safe?";
  const ref = { id: "ab".repeat(16), size: 5000, sha256: "", media_type: "text/plain", name: "a.txt" };
  const data = Uint8Array.from({ length: 5000 }, (_, i) => i % 251);
  const attachment = await sealAttachmentTo(new Blob([data]), [cw.agePq, replyToPq], 1 << 20);
  ref.sha256 = attachment.sha256;
  const body = replyBodyJson(toHex(keys.threadId), cw.label, ed25519.getPublicKey(cw.seed), text, [ref]);
  const sealed = await encryptPadded(buildEnvelope("reply", body, cw.seed), [cw.agePq, replyToPq]);
  assert.equal(sealed.length, bucketCiphertextLen(16384, 2, "post-quantum"));
  assertPqHeader(sealed, 2);
  // Only the post-quantum reply identity can open it.
  await refusesToOpen([keys.replyIdentity], sealed);
  assert.ok(await decrypt([keys.replyPqIdentity], sealed));
  const opened = await openReply({ id: "12".repeat(16), day: "2026-12-01", blob: sealed }, keys, roster);
  assert.equal(opened.verified, true);
  assert.equal(opened.text, text);
  const file = await openAttachment(attachment.sealed, ref, keys);
  assert.deepEqual(new Uint8Array(await file.arrayBuffer()), data);

  // A reply for another receipt's post-quantum identity does not open.
  const other = deriveKeys(new Uint8Array(16).fill(0xee));
  const elsewhere = await encryptPadded(buildEnvelope("reply", body, cw.seed), [cw.agePq, await replyPqRecipient(other)]);
  await assert.rejects(openReply({ id: "12".repeat(16), day: "2026-12-01", blob: elsewhere }, keys, roster), (e) => e instanceof OpenError && e.kind === "decrypt");
});
