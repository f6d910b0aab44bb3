// Attachments: sealed while streaming with Padmé padding, in the shape the
// server accepts (crypto/src/shape.rs `check_attachment`), readable by Go
// age; and a reply's attachment opened and checked against its reference.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { sha256 } from "@noble/hashes/sha2.js";
import { Encrypter, identityToRecipient } from "age-encryption";

import { toHex } from "../src/protocol/bytes.js";
import {
  OpenError,
  SealError,
  deriveKeys,
  openAttachment,
  padme,
  sealAttachment,
  type AttachmentRef,
  type Roster,
} from "../src/protocol/index.js";
import { sealAttachmentTo } from "../src/protocol/seal.js";
import { MAX_HEADER_LEN, isPadme, plaintextLen, streamLen } from "../src/protocol/sizes.js";

const CASEWORKER = "AGE-SECRET-KEY-1ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYGSUZRZYL";
const keys = deriveKeys(Uint8Array.from({ length: 16 }, (_, i) => 16 - i));

function goAge(identity: string, data: Uint8Array): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "sanctuary-age-"));
  try {
    const file = join(dir, "identity");
    writeFileSync(file, identity + "\n", { mode: 0o600 });
    const run = spawnSync("age", ["-d", "-i", file], { input: data, maxBuffer: 64 * 1024 * 1024 });
    assert.equal(run.status, 0, `age -d failed: ${run.stderr?.toString()}`);
    return new Uint8Array(run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The server's attachment shape check, without keys: header stanzas,
 * then a STREAM payload whose plaintext length is a Padmé length within
 * the policy. Returns the padded length. */
function checkShape(file: Uint8Array, recipients: number, maxSize: number): number {
  const text = new TextDecoder("latin1").decode(file.subarray(0, 8192));
  const end = text.indexOf("\n---");
  assert.ok(end > 0);
  const headerLen = text.indexOf("\n", end + 1) + 1;
  const header = text.slice(0, headerLen);
  assert.equal((header.match(/^-> X25519 /gm) ?? []).length, recipients);
  assert.equal((header.match(/^-> /gm) ?? []).length, recipients + 1, "one grease stanza");
  const padded = plaintextLen(file.length - headerLen);
  assert.notEqual(padded, null, "a STREAM payload");
  assert.ok(isPadme(padded ?? -1), "a Padmé length");
  assert.ok((padded ?? Infinity) <= padme(maxSize));
  return padded ?? -1;
}

function content(size: number): Uint8Array<ArrayBuffer> {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (i * 131 + 7) % 251;
  return data;
}

async function roster(): Promise<Roster> {
  return {
    version: 3,
    unit: "unused",
    name: "Test Unit",
    issued: "2026-01-01",
    expires: "2026-12-31",
    caseworkers: [
      { label: "A", age: await identityToRecipient(CASEWORKER), ed25519: "unused" },
      { label: "B", age: keys.replyRecipient, ed25519: "unused" },
    ],
    policy: { retention_days: 90, mailbox_retention_days: 180, max_attachment_bytes: 2_000_000, max_attachments: 10 },
  };
}

const bytes = async (blob: Blob): Promise<Uint8Array<ArrayBuffer>> => new Uint8Array(await blob.arrayBuffer());

test("attachments of many sizes seal to the server's shape and open with Go age", async () => {
  const r = await roster();
  for (const size of [0, 1, 1000, 65536, 65537, 1_000_001]) {
    const data = content(size);
    const progress: number[] = [];
    const { sealed, size: got, sha256: digest } = await sealAttachment(new Blob([data]), r, (done, total) => {
      assert.equal(total, size);
      progress.push(done);
    });
    assert.equal(got, size);
    assert.equal(digest, toHex(sha256(data)));
    if (size > 0) assert.equal(progress.at(-1), size);
    const file = await bytes(sealed);
    assert.equal(checkShape(file, 2, r.policy.max_attachment_bytes), padme(size));
    const plaintext = goAge(CASEWORKER, file);
    assert.equal(plaintext.length, padme(size), `size ${size}`);
    assert.deepEqual(plaintext.subarray(0, size), data);
    assert.ok(plaintext.subarray(size).every((b) => b === 0), "zero padding");
  }
});

test("an attachment larger than the policy, or a file that changes, is refused", async () => {
  const r = await roster();
  const kind = (p: Promise<unknown>) =>
    p.then(
      () => "sealed",
      (e: unknown) => (e instanceof SealError ? `${e.kind}${e.fileChanged ? " (file changed)" : ""}` : String(e)),
    );
  const small = { ...r, policy: { ...r.policy, max_attachment_bytes: 999 } };
  assert.equal(await kind(sealAttachment(new Blob([content(1000)]), small)), "too-large");
  assert.equal(await kind(sealAttachment(new Blob([content(999)]), small)), "sealed");
  assert.equal(await kind(sealAttachment(new Blob([content(10)]), { ...r, caseworkers: [] })), "no-recipients");
  // A "file" whose stream is longer or shorter than its size.
  const lying = (size: number, actual: number) =>
    ({ size, stream: () => new Blob([content(actual)]).stream() }) as unknown as Blob;
  assert.equal(await kind(sealAttachment(lying(100, 101), r)), "encrypt (file changed)");
  assert.equal(await kind(sealAttachment(lying(100, 99), r)), "encrypt (file changed)");
  assert.equal(await kind(sealAttachment(lying(200_000, 300_000), r)), "encrypt (file changed)");
  const failing = {
    size: 10,
    stream: () =>
      new ReadableStream({
        pull(c) {
          c.error(new Error("disk gone"));
        },
      }),
  } as unknown as Blob;
  assert.equal(await kind(sealAttachment(failing, r)), "encrypt (file changed)");
});

test("a reply's attachment opens with the receipt and is checked against its reference", async () => {
  const recipients = [await identityToRecipient(CASEWORKER), keys.replyRecipient];
  for (const size of [0, 5, 70_000]) {
    const data = content(size);
    const { sealed, sha256: digest } = await sealAttachmentTo(new Blob([data]), recipients, 1 << 30);
    const ref: AttachmentRef = { id: "cd".repeat(16), size, sha256: digest, media_type: "text/html", name: "x.html" };
    const opened = await openAttachment(sealed, ref, keys);
    assert.deepEqual(await bytes(opened), data);
    assert.equal(opened.type, "application/octet-stream", "never the reply's own media type");
  }
});

async function openKind(sealed: Blob, ref: AttachmentRef): Promise<string> {
  try {
    await openAttachment(sealed, ref, keys);
    return "opened";
  } catch (e) {
    assert.ok(e instanceof OpenError, String(e));
    return e.kind;
  }
}

test("a damaged, padded-wrong or mismatched attachment is refused", async () => {
  const recipients = [keys.replyRecipient];
  const data = content(1000);
  const { sealed, sha256: digest } = await sealAttachmentTo(new Blob([data]), recipients, 1 << 30);
  const ref: AttachmentRef = { id: "cd".repeat(16), size: 1000, sha256: digest, media_type: "image/png", name: "a.png" };
  assert.equal(await openKind(sealed, ref), "opened");
  assert.equal(await openKind(sealed, { ...ref, sha256: "00".repeat(32) }), "hash");
  assert.equal(await openKind(sealed, { ...ref, sha256: "not hex" }), "malformed");
  // Another size: the padding no longer matches.
  assert.equal(await openKind(sealed, { ...ref, size: 999 }), "size");
  assert.equal(await openKind(sealed, { ...ref, size: 1025 }), "size");
  // A flipped byte in the payload, and a truncated file.
  const file = await bytes(sealed);
  const flipped = file.slice();
  flipped[flipped.length - 20] = (flipped[flipped.length - 20] ?? 0) ^ 1;
  assert.equal(await openKind(new Blob([flipped]), ref), "decrypt");
  assert.equal(await openKind(new Blob([file.subarray(0, file.length - 1)]), ref), "decrypt");
  // Sealed to someone else.
  const other = await sealAttachmentTo(new Blob([data]), [await identityToRecipient(CASEWORKER)], 1 << 30);
  assert.equal(await openKind(other.sealed, ref), "decrypt");
  // Far larger than the reference allows: refused before decrypting.
  assert.equal(await openKind(new Blob([new Uint8Array(MAX_HEADER_LEN + streamLen(padme(1000)) + 1)]), ref), "too-large");

  // Non-zero bytes in the padding, or more plaintext than Padmé(size).
  const seal = async (plaintext: Uint8Array) => {
    const e = new Encrypter();
    e.addRecipient(keys.replyRecipient);
    return new Blob([new Uint8Array(await e.encrypt(plaintext))]);
  };
  const padded = new Uint8Array(padme(1000));
  padded.set(data);
  padded[1010] = 1;
  assert.equal(await openKind(await seal(padded), ref), "size");
  const longer = new Uint8Array(padme(1000) + 1);
  longer.set(data);
  assert.equal(await openKind(await seal(longer), ref), "size");
  const exact = new Uint8Array(padme(1000));
  exact.set(data);
  assert.equal(await openKind(await seal(exact), ref), "opened");
});
