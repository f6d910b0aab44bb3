// Replies: decrypted with the receipt's reply identity, their signature
// checked over the body's exact bytes against the roster. Forged, unknown
// and misaddressed replies are never shown as genuine.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { ed25519 } from "@noble/curves/ed25519.js";
import { Encrypter } from "age-encryption";
import { sha256 } from "@noble/hashes/sha2.js";

import { fromHex, toB64url, toHex, utf8 } from "../src/protocol/bytes.js";
import { MAX_SEQ, buildEnvelope, replyBodyJson, signedBytes } from "../src/protocol/envelope.js";
import { OpenError, deriveKeys, followUpEnvelope, openReply, verifyRoster, type OpenedReply } from "../src/protocol/index.js";
import { encryptPadded } from "../src/protocol/seal.js";
import { MAX_MESSAGE_CIPHERTEXT, bucketCiphertextLen } from "../src/protocol/sizes.js";

/** A follow-up's place in its thread (protocol §6.3). */
const AT = { seq: 1, seen: 0, day: "2026-12-01" };

interface Vectors {
  caseworker: { age_identity: string; signing_seed: string; label: string };
  reply_envelope: string;
  thread: { reply_body_sha256: string };
  roster: { document: string; signature: string };
  unit: { unit_id: string };
}
const root = process.env["SANCTUARY_WEB_ROOT"] ?? process.cwd();
const vectors = JSON.parse(readFileSync(join(root, "..", "crypto", "testdata", "vectors.json"), "utf8")) as Vectors;

const roster = verifyRoster(vectors.roster, vectors.unit.unit_id, "2026-12-01");
const keys = deriveKeys(Uint8Array.from({ length: 16 }, (_, i) => i));
const seed = fromHex(vectors.caseworker.signing_seed, 32) ?? new Uint8Array(32);
const caseworkerKey = ed25519.getPublicKey(seed);
const caseworkerAge = roster.caseworkers[0]?.age ?? "";
const thread = toHex(keys.threadId);
const attachment = { id: "ef".repeat(16), size: 12, sha256: "11".repeat(32), media_type: "application/pdf", name: "letter.pdf" };

/** Seals a reply as a caseworker's client does: to the caseworkers, then
 * the reporter. */
async function sealReply(envelope: string, to = [caseworkerAge, keys.replyRecipient]): Promise<Uint8Array> {
  return encryptPadded(envelope, to);
}

function reply(body: string, signWith = seed): string {
  return buildEnvelope("reply", body, signWith);
}

async function open(blob: Uint8Array): Promise<OpenedReply | string> {
  try {
    return await openReply({ id: "12".repeat(16), day: "2026-12-01", blob }, keys, roster);
  } catch (e) {
    assert.ok(e instanceof OpenError, String(e));
    return e.kind;
  }
}

async function problem(envelope: string): Promise<string> {
  const r = await open(await sealReply(envelope));
  assert.ok(typeof r !== "string", `refused: ${String(r)}`);
  return r.verified ? "verified" : (r.problem ?? "no problem given");
}

test("a genuine reply opens, verified, and Go age reads it for the caseworker too", async () => {
  const text = "Thank you for telling us. Are you safe now?";
  const position = { seq: 2, seen: 1, day: "2026-11-30" };
  const body = replyBodyJson(thread, "PC-Jones", caseworkerKey, text, [attachment], 1, position);
  const sealed = await sealReply(reply(body));
  assert.equal(sealed.length, bucketCiphertextLen(16384, 2));
  const opened = await open(sealed);
  assert.deepEqual(opened, {
    id: "12".repeat(16),
    day: "2026-12-01",
    verified: true,
    from: "PC-Jones",
    position,
    bodySha256: toHex(sha256(utf8(body))),
    text,
    attachments: [attachment],
  });

  const dir = mkdtempSync(join(tmpdir(), "sanctuary-age-"));
  try {
    writeFileSync(join(dir, "id"), vectors.caseworker.age_identity + "\n", { mode: 0o600 });
    const run = spawnSync("age", ["-d", "-i", join(dir, "id")], { input: sealed });
    assert.equal(run.status, 0, run.stderr?.toString());
    assert.equal(JSON.parse(run.stdout.toString()).body.text, text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the reply envelope is the vector, byte for byte, and opens verified at its position", async () => {
  // The unit's reply number 1, having read the report (reporter number 0).
  const position = { seq: 1, seen: 0, day: "2026-11-02" };
  const envelope = reply(replyBodyJson(thread, "PC-Jones", caseworkerKey, "We have read your report.", [], 1, position));
  assert.equal(envelope, vectors.reply_envelope);
  assert.equal(await problem(envelope), "verified");
  const opened = await open(await sealReply(envelope));
  assert.ok(typeof opened !== "string");
  assert.deepEqual(opened.position, position);
  assert.equal(opened.bodySha256, vectors.thread.reply_body_sha256);
});

test("a reply written under a newer roster than the server showed is not verified", async () => {
  // The server shows roster version 1; the caseworker replied under 2, so
  // the server is holding back a newer roster (one that may have removed
  // someone).
  const newer = replyBodyJson(thread, "PC-Jones", caseworkerKey, "We moved your case.", [], roster.version + 1);
  assert.equal(await problem(reply(newer)), "newer-roster");
  // An older roster version (or none, from before the field) is fine.
  assert.equal(await problem(reply(replyBodyJson(thread, "PC-Jones", caseworkerKey, "hi", [], 0))), "verified");
  // Not a number, or negative: not a reply this page understands.
  const bad = reply(replyBodyJson(thread, "PC-Jones", caseworkerKey, "hi", [])).replace('"roster_version":1', '"roster_version":-1');
  assert.equal(await open(await sealReply(bad)), "malformed");
});

test("a reply's position: all three fields or none, each checked as Rust checks it", async () => {
  const at = (seq: unknown, seen: unknown, day: unknown) =>
    `{"thread":"${thread}","seq":${JSON.stringify(seq)},"seen":${JSON.stringify(seen)},"day":${JSON.stringify(day)},"from":"PC-Jones","key":"${toB64url(caseworkerKey)}","text":"hi"}`;
  const opened = async (body: string) => {
    const r = await open(await sealReply(reply(body)));
    return typeof r === "string" ? r : r.verified ? r.position : `unverified: ${r.problem ?? ""}`;
  };
  // Legacy (no position) and the extremes of a valid one.
  assert.equal(await opened(replyBodyJson(thread, "PC-Jones", caseworkerKey, "hi", [])), null);
  assert.deepEqual(await opened(at(1, 0, "1970-01-01")), { seq: 1, seen: 0, day: "1970-01-01" });
  assert.deepEqual(await opened(at(MAX_SEQ, MAX_SEQ, "9999-12-31")), { seq: MAX_SEQ, seen: MAX_SEQ, day: "9999-12-31" });
  // Present but invalid: refused like any malformed reply, never legacy.
  for (const [seq, seen, day] of [
    [0, 0, "2026-12-01"],
    [MAX_SEQ + 1, 0, "2026-12-01"],
    [1, MAX_SEQ + 1, "2026-12-01"],
    [1, 0, "2026-02-30"],
    [1, 0, "2026-12-1"],
    [1, 0, "1969-12-31"],
    [1, 0, 20261201],
    [null, 0, "2026-12-01"],
    [1, null, "2026-12-01"],
    [1, 0, null],
    ["1", 0, "2026-12-01"],
  ]) {
    assert.equal(await opened(at(seq, seen, day)), "malformed", `${String(seq)} ${String(seen)} ${String(day)}`);
  }
  assert.equal(await opened(at(1, 0, "2026-12-01").replace('"seq":1,', "")), "malformed");
  assert.equal(await opened(at(1, 0, "2026-12-01").replace(',"day":"2026-12-01"', "")), "malformed");
  assert.equal(await opened(at(1.5, 0, "2026-12-01")), "malformed");
  // Writers refuse what readers refuse.
  assert.throws(() => replyBodyJson(thread, "PC-Jones", caseworkerKey, "hi", [], 1, { seq: 0, seen: 0, day: "2026-12-01" }), TypeError);
  assert.throws(() => followUpEnvelope({ text: "x", attachments: [], position: { ...AT, day: "2026-13-01" } }, keys), TypeError);
  assert.throws(() => followUpEnvelope({ text: "x", attachments: [], position: { ...AT, seen: -1 } }, keys), TypeError);
});

test("the signature is checked over the body's bytes as written, not re-serialized", async () => {
  const key = toB64url(caseworkerKey);
  // Other spacing and field order than serde would write, no attachments
  // field (serde's default), an escaped character.
  const body = `{ "text" : "caf\\u00e9 \\/ ok",\n "key":"${key}", "from":"PC-Jones", "thread":"${thread.toUpperCase()}" }`;
  const r = await open(await sealReply(reply(body)));
  assert.ok(typeof r !== "string");
  assert.equal(r.verified, true);
  assert.equal(r.text, "café / ok");
  assert.deepEqual(r.attachments, []);
});

test("forged, unknown and misaddressed replies are never verified", async () => {
  const body = replyBodyJson(thread, "PC-Jones", caseworkerKey, "Come to the station alone.", []);
  // Changed after signing.
  assert.equal(await problem(reply(body).replace("alone", "with ID")), "forged-signature");
  // Signed over another kind's context.
  const asFollowUp = ed25519.sign(signedBytes("follow-up", new TextEncoder().encode(body)), seed);
  const wrongContext = `{"format":"sanctuary-message-v1","kind":"reply","body":${body},"signature":"${toB64url(asFollowUp)}"}`;
  assert.equal(await problem(wrongContext), "forged-signature");
  // A key that is not on the roster, claiming a roster label.
  const stranger = new Uint8Array(32).fill(0x33);
  const strangerKey = ed25519.getPublicKey(stranger);
  assert.equal(await problem(reply(replyBodyJson(thread, "PC-Jones", strangerKey, "hi", []), stranger)), "unknown-signer");
  // The right key under another label.
  assert.equal(await problem(reply(replyBodyJson(thread, "PC-Smith", caseworkerKey, "hi", []))), "unknown-signer");
  // For another reporter's thread.
  const other = toHex(deriveKeys(new Uint8Array(16).fill(9)).threadId);
  assert.equal(await problem(reply(replyBodyJson(other, "PC-Jones", caseworkerKey, "hi", []))), "wrong-thread");
  // Still shown with what it claims, for the UI to mark as unverified.
  const r = await open(await sealReply(reply(body).replace("alone", "with ID")));
  assert.ok(typeof r !== "string");
  assert.deepEqual([r.verified, r.from, r.text], [false, "PC-Jones", "Come to the station with ID."]);
});

test("what is not a reply for this receipt is refused", async () => {
  const body = replyBodyJson(thread, "PC-Jones", caseworkerKey, "hi", []);
  // Not encrypted to the reporter.
  assert.equal(await open(await sealReply(reply(body), [caseworkerAge])), "decrypt");
  assert.equal(await open(new Uint8Array(100)), "decrypt");
  // A follow-up (it is signed fine, but it is no reply).
  assert.equal(await open(await sealReply(followUpEnvelope({ text: "x", attachments: [], position: AT }, keys))), "malformed");
  // Unknown fields, duplicate fields, another format, a bad signature encoding.
  const signed = reply(body);
  for (const bad of [
    signed.replace(`"kind":"reply"`, `"kind":"reply","extra":1`),
    signed.replace(`"text":"hi"`, `"text":"hi","colour":"red"`),
    signed.replace(`"text":"hi"`, `"text":"hi","text":"ho"`),
    signed.replace(`"sanctuary-message-v1"`, `"sanctuary-message-v2"`),
    signed.replace(/"signature":"[^"]*"/, `"signature":"AAAA"`),
    signed.replace(`"from":"PC-Jones"`, `"from":"PC Jones"`),
    signed.replace(`"kind":"reply"`, `"kind":"note"`),
    signed.slice(0, -1),
  ]) {
    assert.equal(await open(await sealReply(bad)), "malformed", bad);
  }
  // Too long before decrypting, too long after.
  // The largest message any roster allows: 51 post-quantum recipients.
  assert.equal(MAX_MESSAGE_CIPHERTEXT, bucketCiphertextLen(1048576, 51, "post-quantum"));
  assert.equal(await open(new Uint8Array(MAX_MESSAGE_CIPHERTEXT + 1)), "too-large");
  const enc = new Encrypter();
  enc.addRecipient(keys.replyRecipient);
  assert.equal(await open(await enc.encrypt(new Uint8Array(1048577).fill(0x20))), "too-large");
});
