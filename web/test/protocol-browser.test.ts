// The protocol module inside Debian's chromium (WebCrypto X25519,
// Blob.stream, XMLHttpRequest upload progress, fetch with the page's
// request options), against a local server that records what arrives and
// checks it with the stock Go age tool.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { ed25519 } from "@noble/curves/ed25519.js";

import { fromHex, toHex } from "../src/protocol/bytes.js";
import { buildEnvelope, replyBodyJson } from "../src/protocol/envelope.js";
import { bucketCiphertextLen, deriveKeys, padme, verifyRoster } from "../src/protocol/index.js";
import { encryptPadded } from "../src/protocol/seal.js";
import { challengeAnswer, challengeRequest, headerSolves } from "./pow-fixture.js";

const root = process.env["SANCTUARY_WEB_ROOT"] ?? process.cwd();
const chromiumPath = process.env["CHROMIUM"] ?? "/usr/bin/chromium";
const vectors = JSON.parse(readFileSync(join(root, "..", "crypto", "testdata", "vectors.json"), "utf8")) as {
  caseworker: { age_identity: string; signing_seed: string };
  roster: { document: string; signature: string };
  unit: { unit_id: string };
};

// Tools loaded at run time from node_modules, not bundled into the test.
const load = (path: string) => import(pathToFileURL(join(root, "node_modules", path)).href);
const esbuild = (await load("esbuild/lib/main.js")) as typeof import("esbuild");
const { chromium } = (await load("playwright-core/index.mjs")) as typeof import("playwright-core");

const bundle = await esbuild.build({
  stdin: { contents: `export * from "./src/protocol/index.ts";`, resolveDir: root, loader: "ts" },
  bundle: true,
  format: "iife",
  globalName: "sanctuaryProtocol",
  target: ["es2022"],
  write: false,
  logLevel: "warning",
});
const script = bundle.outputFiles[0]?.text ?? "";

const today = "2026-12-01";
const entropy = Uint8Array.from({ length: 16 }, (_, i) => i * 3);
const keys = deriveKeys(entropy);
const roster = verifyRoster(vectors.roster, vectors.unit.unit_id, today);
const seed = fromHex(vectors.caseworker.signing_seed, 32) ?? new Uint8Array(32);
const replyText = "We received your report and the photo.";

const received: { url: string; headers: IncomingMessage["headers"]; body: Buffer }[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const url = req.url ?? "";
    received.push({ url, headers: req.headers, body });
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      res.end(JSON.stringify(value));
    };
    if (url === "/") {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(`<!doctype html><meta charset="utf-8"><title>t</title><script src="/protocol.js"></script>`);
    } else if (url === "/protocol.js") {
      res.writeHead(200, { "Content-Type": "text/javascript" });
      res.end(script);
    } else if (url === "/v1/roster") {
      json(200, vectors.roster);
    } else if (challengeRequest(url) !== null) {
      // Real Argon2id memory (4 MiB), a few tries.
      const asked = challengeRequest(url);
      json(200, challengeAnswer({ kind: asked?.kind ?? "message", bits: 3, memoryKib: 4096, bodyLen: asked?.size ?? 0 }));
    } else if (url === "/v1/attachments" || url === "/v1/messages") {
      json(201, { id: toHex(Uint8Array.from({ length: 16 }, () => received.length)) });
    } else if (url === "/v1/mailbox/fetch") {
      void replyBlob().then((blob) =>
        json(200, { replies: [{ id: "ab".repeat(16), day: today, blob: Buffer.from(blob).toString("base64") }] }),
      );
    } else {
      json(404, { error: "not_found", message: "no" });
    }
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
after(() => server.close());

async function replyBlob(): Promise<Uint8Array> {
  const body = replyBodyJson(toHex(keys.threadId), "PC-Jones", ed25519.getPublicKey(seed), replyText, []);
  return encryptPadded(buildEnvelope("reply", body, seed), [roster.caseworkers[0]?.age ?? "", keys.replyRecipient]);
}

function goAge(data: Uint8Array): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "sanctuary-age-"));
  try {
    writeFileSync(join(dir, "id"), vectors.caseworker.age_identity + "\n", { mode: 0o600 });
    const run = spawnSync("age", ["-d", "-i", join(dir, "id")], { input: data, maxBuffer: 64 * 1024 * 1024 });
    assert.equal(run.status, 0, run.stderr?.toString());
    return new Uint8Array(run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("in chromium: verify the roster, seal and upload an attachment and a report, open a reply", async () => {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(origin + "/");
    const fileSize = 3 * 1024 * 1024 + 5;
    const result = await page.evaluate(
      async ({ unit, today, entropy, fileSize }) => {
        type P = typeof import("../src/protocol/index.js");
        const P = (globalThis as unknown as { sanctuaryProtocol: P }).sanctuaryProtocol;
        const api = new P.Api("");
        const roster = P.verifyRoster(await api.roster(), unit, today);
        const keys = P.deriveKeys(Uint8Array.from(entropy));
        const data = new Uint8Array(fileSize);
        for (let i = 0; i < data.length; i++) data[i] = i % 241;
        const sealProgress: number[] = [];
        const a = await P.sealAttachment(new Blob([data]), roster, (done) => sealProgress.push(done));
        const uploadProgress: number[] = [];
        const powTries: number[] = [];
        const proving = { onProgress: (tries: number) => powTries.push(tries) };
        const stored = await api.postAttachment(a.sealed, roster.version, (sent) => uploadProgress.push(sent), proving);
        const ref = { id: stored.id, size: a.size, sha256: a.sha256, media_type: "image/jpeg", name: "attachment-1.jpg" };
        const report = await P.sealReport({ category: "hate-crime", answers: {}, text: "In the browser.", attachments: [ref] }, keys, roster);
        await api.postMessage(report, roster.version, proving);
        const replies = await api.fetchMailbox(keys.mailboxHex);
        const opened = await Promise.all(replies.map((r) => P.openReply(r, keys, roster)));
        return {
          sha256: a.sha256,
          sealedSize: a.sealed.size,
          sealProgressLast: sealProgress.at(-1),
          uploadProgressCount: uploadProgress.length,
          uploadProgressLast: uploadProgress.at(-1),
          reportLength: report.length,
          opened,
          hasXhr: typeof XMLHttpRequest !== "undefined",
          powTries,
        };
      },
      { unit: vectors.unit.unit_id, today, entropy: [...entropy], fileSize },
    );
    assert.deepEqual(errors, []);
    assert.equal(result.hasXhr, true);
    assert.equal(result.sealProgressLast, fileSize);
    assert.ok(result.uploadProgressCount >= 1);
    assert.equal(result.uploadProgressLast, result.sealedSize);

    const attachment = received.find((r) => r.url === "/v1/attachments");
    const message = received.find((r) => r.url === "/v1/messages");
    assert.ok(attachment && message);
    assert.equal(attachment.headers["sanctuary-roster-version"], "1");
    assert.equal(attachment.headers["content-type"], "application/octet-stream");
    assert.equal(attachment.body.length, result.sealedSize);
    assert.ok(await headerSolves(attachment.headers["sanctuary-pow"], "attachment", new Uint8Array(attachment.body)));
    assert.ok(await headerSolves(message.headers["sanctuary-pow"], "message", new Uint8Array(message.body)));
    assert.ok(received.some((r) => r.url === `/v1/pow?kind=attachment&size=${result.sealedSize}`));
    assert.ok(result.powTries.every((n, i) => n === (result.powTries[i - 1] ?? 0) + 1 || n === 1));
    const plain = goAge(attachment.body);
    assert.equal(plain.length, padme(fileSize));
    for (const i of [0, 1000, fileSize - 1]) assert.equal(plain[i], i % 241);
    assert.ok(plain.subarray(fileSize).every((b) => b === 0));

    assert.equal(message.body.length, bucketCiphertextLen(16384, 1));
    assert.equal(result.reportLength, message.body.length);
    const envelope = JSON.parse(new TextDecoder().decode(goAge(message.body))) as {
      kind: string;
      body: { thread: string; text: string; attachments: { sha256: string; size: number }[] };
    };
    assert.equal(envelope.kind, "report");
    assert.equal(envelope.body.thread, toHex(keys.threadId));
    assert.equal(envelope.body.text, "In the browser.");
    assert.deepEqual(envelope.body.attachments.map((x) => [x.size, x.sha256]), [[fileSize, result.sha256]]);

    const fetch = received.find((r) => r.url === "/v1/mailbox/fetch");
    assert.deepEqual(JSON.parse(fetch?.body.toString() ?? "null"), { mailbox: keys.mailboxHex });
    assert.equal(fetch?.headers.referer, undefined);
    assert.equal(fetch?.headers.cookie, undefined);
    assert.equal(result.opened.length, 1);
    assert.equal(result.opened[0]?.verified, true);
    assert.equal(result.opened[0]?.text, replyText);
  } finally {
    await browser.close();
  }
});
