// Sealed messages: exactly len(bucket, n) bytes whatever the grease stanza
// drew, readable by the stock Go `age` tool, and shaped as the server's
// header check (crypto/src/age_header.rs) requires.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { Stanza, generateX25519Identity, identityToRecipient } from "age-encryption";
import { base64nopad } from "@scure/base";

import { drawGrease, stanzaLength, uniform } from "../src/protocol/grease.js";
import {
  BUCKETS,
  SealError,
  bucketCapacity,
  bucketCiphertextLen,
  deriveKeys,
  reportEnvelope,
  sealFollowUp,
  sealReport,
  type Roster,
} from "../src/protocol/index.js";
import { encryptPadded } from "../src/protocol/seal.js";
import { GREASE_MAX, GREASE_MIN } from "../src/protocol/sizes.js";

/** A follow-up's place in its thread (protocol §6.3). */
const AT = { seq: 1, seen: 0, day: "2026-12-01" };

const VECTOR_IDENTITY = "AGE-SECRET-KEY-1ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYGSUZRZYL";

/** Decrypts with the stock Go age tool. */
function goAge(identities: string[], data: Uint8Array): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "sanctuary-age-"));
  try {
    const file = join(dir, "identities");
    writeFileSync(file, identities.join("\n") + "\n", { mode: 0o600 });
    const run = spawnSync("age", ["-d", "-i", file], { input: data, maxBuffer: 256 * 1024 * 1024 });
    assert.equal(run.status, 0, `age -d failed: ${run.stderr?.toString()}`);
    return new Uint8Array(run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The header's stanzas, read as strictly as the server reads them. */
export function inspectHeader(file: Uint8Array): { len: number; stanzas: string[][] } {
  const text = new TextDecoder("latin1").decode(file.subarray(0, 8192));
  const lines = text.split("\n");
  assert.equal(lines[0], "age-encryption.org/v1");
  const stanzas: string[][] = [];
  let at = 1;
  let len = 22;
  for (;;) {
    const line = lines[at++] ?? "";
    len += line.length + 1;
    if (line.startsWith("--- ")) {
      assert.match(line.slice(4), /^[A-Za-z0-9+/]{43}$/);
      return { len, stanzas };
    }
    assert.ok(line.startsWith("-> "), `stanza line: ${line}`);
    const args = line.slice(3).split(" ");
    for (const a of args) assert.match(a, /^[\x21-\x7e]+$/);
    stanzas.push(args);
    for (;;) {
      const body = lines[at++] ?? "";
      len += body.length + 1;
      assert.match(body, /^[A-Za-z0-9+/]{0,64}$/);
      if (body.length < 64) break;
    }
  }
}

async function caseworkers(n: number): Promise<{ identities: string[]; roster: Roster }> {
  const identities = [VECTOR_IDENTITY];
  while (identities.length < n) identities.push(await generateX25519Identity());
  const list = await Promise.all(
    identities.map(async (id, i) => ({ label: `CW-${i}`, age: await identityToRecipient(id), ed25519: "unused" })),
  );
  const roster: Roster = {
    version: 7,
    unit: "unused",
    name: "Test Unit",
    issued: "2026-01-01",
    expires: "2026-12-31",
    caseworkers: list,
    policy: { retention_days: 90, mailbox_retention_days: 180, max_attachment_bytes: 1 << 20, max_attachments: 10 },
  };
  return { identities, roster };
}

const keys = deriveKeys(Uint8Array.from({ length: 16 }, (_, i) => i));

test("reports in every bucket, for 1 to 3 caseworkers, have the exact length and open with Go age", async () => {
  for (const n of [1, 2, 3]) {
    const { identities, roster } = await caseworkers(n);
    for (const bucket of BUCKETS) {
      // Text (2-byte characters) that brings the envelope just under the
      // bucket's capacity.
      const fields = { category: "hate-crime", answers: { where: "bus stop" }, attachments: [] };
      const base = new TextEncoder().encode(reportEnvelope({ ...fields, text: "" }, keys, roster.version)).length;
      const text = "é".repeat(Math.floor((bucketCapacity(bucket) - base) / 2));
      const input = { ...fields, text };
      const envelope = reportEnvelope(input, keys, roster.version);
      const sealed = await sealReport(input, keys, roster);
      assert.equal(sealed.length, bucketCiphertextLen(bucket, n), `bucket ${bucket}, n = ${n}`);

      const header = inspectHeader(sealed);
      assert.equal(header.stanzas.length, n + 1);
      assert.ok(header.stanzas.slice(0, n).every((s) => s[0] === "X25519" && s.length === 2));
      assert.match(header.stanzas[n]?.[0] ?? "", /^[\x21-\x7e]{1,8}-grease$/);

      const plaintext = goAge([identities[n - 1] ?? ""], sealed);
      const json = new TextDecoder().decode(plaintext);
      assert.equal(json.trimEnd(), envelope);
      assert.ok(/^ *$/.test(json.slice(envelope.length)));
      // The padding shrinks by exactly the grease stanza's extra length.
      const greaseExtra = header.len - (22 + 98 * n + 13 + 48);
      assert.equal(plaintext.length, bucket - greaseExtra);
      assert.ok(new TextEncoder().encode(envelope).length > bucketCapacity(bucket) - 2);
      const parsed = JSON.parse(json) as { kind: string; body: { roster_version: number; text: string; answers: object } };
      assert.equal(parsed.kind, "report");
      assert.equal(parsed.body.roster_version, 7);
      assert.equal(parsed.body.text, text);
    }
  }
});

test("many seals in a row all hit the exact length (the grease varies every time)", async () => {
  const { roster } = await caseworkers(2);
  const headers = new Set<number>();
  for (let i = 0; i < 60; i++) {
    const sealed = await sealFollowUp({ text: `follow-up ${i}`, attachments: [], position: AT }, keys, roster);
    assert.equal(sealed.length, bucketCiphertextLen(16384, 2));
    headers.add(inspectHeader(sealed).len);
  }
  assert.ok(headers.size > 10, `header lengths seen: ${[...headers].join(" ")}`);
});

/** An age header stanza, encoded by hand from the age spec. */
function encodeStanza(args: string[], body: Uint8Array): string {
  let out = `-> ${args.join(" ")}\n`;
  const b64 = base64nopad.encode(body);
  for (let i = 0; i + 64 <= b64.length; i += 64) out += b64.slice(i, i + 64) + "\n";
  return out + b64.slice(b64.length - (b64.length % 64)) + "\n";
}

test("the grease stanza follows the age crate's distribution and its length is computed right", () => {
  const tagLens = new Map<number, number>();
  const argCounts = new Map<number, number>();
  const bodyLens = new Set<number>();
  const chars = new Set<number>();
  const draws = 6000;
  for (let i = 0; i < draws; i++) {
    const s = drawGrease();
    const tag = s.args[0] ?? "";
    assert.ok(tag.endsWith("-grease"));
    const prefix = tag.slice(0, -7);
    tagLens.set(prefix.length, (tagLens.get(prefix.length) ?? 0) + 1);
    argCounts.set(s.args.length - 1, (argCounts.get(s.args.length - 1) ?? 0) + 1);
    bodyLens.add(s.body.length);
    for (const a of [prefix, ...s.args.slice(1)]) {
      assert.ok(a.length >= 1 && a.length <= 8);
      for (const c of a) chars.add(c.charCodeAt(0));
    }
    const encoded = encodeStanza(s.args, s.body);
    assert.equal(stanzaLength(s), encoded.length);
    assert.ok(encoded.length >= GREASE_MIN && encoded.length <= GREASE_MAX);
  }
  assert.deepEqual([...tagLens.keys()].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual([...argCounts.keys()].sort((a, b) => a - b), [0, 1, 2, 3, 4]);
  assert.equal(bodyLens.size, 100);
  assert.equal(Math.min(...bodyLens), 0);
  assert.equal(Math.max(...bodyLens), 99);
  assert.equal(Math.min(...chars), 33);
  assert.equal(Math.max(...chars), 126);
  assert.equal(chars.size, 94);
  // Uniform counts: each of 5 argument counts near draws / 5.
  for (const c of argCounts.values()) assert.ok(Math.abs(c - draws / 5) < draws / 5 / 4, `arg counts ${[...argCounts]}`);
  for (const c of tagLens.values()) assert.ok(Math.abs(c - draws / 8) < draws / 8 / 3, `tag lengths ${[...tagLens]}`);
});

test("a full bucket seals to the exact length with the shortest and the longest grease", async () => {
  const { identities, roster } = await caseworkers(2);
  const recipients = roster.caseworkers.map((c) => c.age);
  const shortest = new Stanza(["x-grease"], new Uint8Array(0));
  const longest = new Stanza(["~~~~~~~~-grease", "!!!!!!!!", "AAAAAAAA", "zzzzzzzz", "12345678"], new Uint8Array(99).fill(7));
  assert.equal(stanzaLength(shortest), GREASE_MIN);
  assert.equal(stanzaLength(longest), GREASE_MAX);
  for (const bucket of [16384, 65536]) {
    const envelope = `{"text":"${"x".repeat(bucketCapacity(bucket) - 11)}"}`;
    assert.equal(envelope.length, bucketCapacity(bucket));
    for (const grease of [shortest, longest]) {
      const sealed = await encryptPadded(envelope, recipients, grease);
      assert.equal(sealed.length, bucketCiphertextLen(bucket, 2));
      const header = inspectHeader(sealed);
      assert.deepEqual(header.stanzas[2], grease.args);
      const plaintext = goAge([identities[0] ?? ""], sealed);
      assert.equal(plaintext.length, bucket - (stanzaLength(grease) - GREASE_MIN));
      assert.equal(new TextDecoder().decode(plaintext).trimEnd(), envelope);
    }
  }
  // One byte more and it goes to the next bucket.
  const over = `{"text":"${"x".repeat(bucketCapacity(16384) - 10)}"}`;
  assert.equal((await encryptPadded(over, recipients, longest)).length, bucketCiphertextLen(65536, 2));
});

test("uniform draws stay in range and cover it", () => {
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const x = uniform(7);
    assert.ok(Number.isInteger(x) && x >= 0 && x < 7);
    seen.add(x);
  }
  assert.equal(seen.size, 7);
  assert.equal(uniform(1), 0);
  assert.throws(() => uniform(0), RangeError);
});

test("sealing refuses what cannot be sent", async () => {
  const { roster } = await caseworkers(1);
  const seal = (p: Promise<unknown>) =>
    p.then(
      () => "sealed",
      (e: unknown) => (e instanceof SealError ? e.kind : String(e)),
    );
  const huge = "x".repeat(bucketCapacity(1048576));
  assert.equal(await seal(sealFollowUp({ text: huge, attachments: [], position: AT }, keys, roster)), "too-large");
  const ref = { id: "ab".repeat(16), size: 1, sha256: "00".repeat(32), media_type: "text/plain", name: "a.txt" };
  const eleven = Array.from({ length: 11 }, () => ref);
  assert.equal(await seal(sealFollowUp({ text: "x", attachments: eleven, position: AT }, keys, roster)), "too-many-attachments");
  assert.equal(await seal(sealFollowUp({ text: "x", attachments: eleven.slice(1), position: AT }, keys, roster)), "sealed");
  assert.equal(await seal(sealReport({ answers: {}, text: "x", attachments: [] }, keys, { ...roster, caseworkers: [] })), "no-recipients");
  assert.equal(await seal(encryptPadded("{}", [])), "no-recipients");
  assert.equal(await seal(encryptPadded("{}", ["age1notarecipient"])), "encrypt");
});

test("text with lone surrogates and control characters serializes as serde_json reads it", async () => {
  const { identities, roster } = await caseworkers(1);
  const text = "a\ud800b\u0001\u001f\"\\/\u2028\ud83d\ude00";
  const sealed = await sealFollowUp({ text, attachments: [], position: AT }, keys, roster);
  const json = new TextDecoder().decode(goAge(identities, sealed)).trimEnd();
  assert.ok(json.includes(String.raw`"text":"a` + "\ufffd" + String.raw`b\u0001\u001f\"\\/` + "\u2028\ud83d\ude00" + `"`), json);
});
