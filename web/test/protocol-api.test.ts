// The API client against a local HTTP server that records what it gets:
// routes, headers and bodies as in docs/api/openapi.yaml, capabilities only
// in bodies, bounded answers, errors mapped to ApiError. (The server hands
// out proof-of-work challenges of 0 bits on the side; test/pow.test.ts
// tests them.)

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { Api, ApiError } from "../src/protocol/index.js";
import { MAX_HEADER_LEN, padme, streamLen } from "../src/protocol/sizes.js";
import { challengeAnswer, challengeRequest, headerSolves } from "./pow-fixture.js";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

type Handler = (seen: Seen, res: ServerResponse) => void;
let handler: Handler = (_s, res) => res.end();
const seen: Seen[] = [];
/** Whether `GET /v1/pow` says the server is quiet (level 0: no proof needed). */
let quiet = false;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const asked = challengeRequest(req.url ?? "");
    if (req.method === "GET" && asked) {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify(
          challengeAnswer({ kind: asked.kind, bits: 0, memoryKib: 8, bodyLen: asked.size, level: quiet ? 0 : 1 }),
        ),
      );
      return;
    }
    const s = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) };
    seen.push(s);
    handler(s, res);
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
after(() => server.close());

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_s, res) => {
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };
}

async function apiError(p: Promise<unknown>): Promise<[number, string]> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ApiError, String(e));
    return [e.status, e.code];
  }
  assert.fail("no error");
}

const MAILBOX = "96eb132ad443131e640ac3986f037bb178c3796c501066b93484dc010b257db4";
const SECRET = "aa91e5c0fcb8d22b6d71e7fb01b1a6970d4551ccc1191d85ea210c477be464c1";
const ID = "0123456789abcdef0123456789abcdef";

function last(): Seen {
  const s = seen.at(-1);
  assert.ok(s);
  return s;
}

function noCapabilityInUrl(s: Seen): void {
  assert.ok(!s.url.includes(MAILBOX.slice(0, 16)) && !s.url.includes(SECRET.slice(0, 16)), s.url);
  assert.equal(s.headers.cookie, undefined);
  assert.equal(s.headers.referer, undefined);
}

test("health and roster", async () => {
  const api = new Api(base + "/");
  handler = answer(200, { status: "ok", enrolled: true });
  assert.deepEqual(await api.health(), { status: "ok", enrolled: true });
  assert.deepEqual([last().method, last().url], ["GET", "/v1/health"]);

  const roster = { document: "{}", signature: "x" };
  handler = answer(200, roster);
  assert.deepEqual(await api.roster(), roster);
  assert.deepEqual([last().method, last().url], ["GET", "/v1/roster"]);

  handler = answer(404, { error: "no_roster", message: "not enrolled yet" });
  assert.deepEqual(await apiError(api.roster()), [404, "no_roster"]);
  // Larger than any roster.
  handler = answer(200, { document: "x".repeat(300 * 1024), signature: "x" });
  assert.deepEqual(await apiError(api.roster()), [200, "bad_answer"]);
  handler = answer(200, { status: "ok", enrolled: true, extra: 1 });
  assert.deepEqual(await apiError(api.health()), [200, "bad_answer"]);
});

test("messages and attachments are posted raw with the roster version", async () => {
  const api = new Api(base);
  const sealed = Uint8Array.from({ length: 5000 }, (_, i) => i % 256);
  handler = answer(201, { id: ID });
  assert.deepEqual(await api.postMessage(sealed, 3), { id: ID });
  let s = last();
  assert.deepEqual([s.method, s.url], ["POST", "/v1/messages"]);
  assert.equal(s.headers["content-type"], "application/octet-stream");
  assert.equal(s.headers["sanctuary-roster-version"], "3");
  assert.deepEqual(new Uint8Array(s.body), sealed);
  assert.ok(await headerSolves(s.headers["sanctuary-pow"], "message", sealed));
  noCapabilityInUrl(s);

  const progress: [number, number][] = [];
  const blob = new Blob([sealed, sealed]);
  assert.deepEqual(await api.postAttachment(blob, 4, (a, b) => progress.push([a, b])), { id: ID });
  s = last();
  assert.deepEqual([s.method, s.url, s.headers["sanctuary-roster-version"]], ["POST", "/v1/attachments", "4"]);
  assert.equal(s.headers["content-type"], "application/octet-stream");
  assert.equal(s.body.length, 10000);
  assert.ok(await headerSolves(s.headers["sanctuary-pow"], "attachment", new Uint8Array(s.body)));
  assert.deepEqual(progress.at(-1), [10000, 10000]);

  handler = answer(409, { error: "roster_changed", message: "seal again" });
  assert.deepEqual(await apiError(api.postMessage(sealed, 3)), [409, "roster_changed"]);
  handler = answer(400, "<html>proxy error</html>", { "Content-Type": "text/html" });
  assert.deepEqual(await apiError(api.postMessage(sealed, 3)), [400, "http_400"]);
  handler = answer(201, { id: "not-an-id" });
  assert.deepEqual(await apiError(api.postAttachment(blob, 4)), [201, "bad_answer"]);
  await assert.rejects(api.postMessage(sealed, 0), TypeError);
});

test("a quiet server (level 0, no bits) gets no proof, and one when it asks again", async () => {
  const api = new Api(base);
  const sealed = Uint8Array.from({ length: 3000 }, (_, i) => i % 256);
  quiet = true;
  try {
    handler = answer(201, { id: ID });
    assert.deepEqual(await api.postMessage(sealed, 3), { id: ID });
    assert.equal(last().headers["sanctuary-pow"], undefined);
    // It got busy meanwhile: asked again, the page proves work.
    let calls = 0;
    handler = (req, res) => {
      calls += 1;
      if (calls === 1) return answer(400, { error: "pow_required", message: "prove" })(req, res);
      return answer(201, { id: ID })(req, res);
    };
    assert.deepEqual(await api.postMessage(sealed, 3), { id: ID });
    assert.ok(await headerSolves(last().headers["sanctuary-pow"], "message", sealed));
  } finally {
    quiet = false;
  }
});

test("mailbox routes carry the mailbox and secret in the JSON body only", async () => {
  const api = new Api(base);
  const blob = Uint8Array.from([1, 2, 3, 250]);
  handler = answer(200, { replies: [{ id: ID, day: "2026-12-01", blob: Buffer.from(blob).toString("base64") }] });
  assert.deepEqual(await api.fetchMailbox(MAILBOX.toUpperCase()), [{ id: ID, day: "2026-12-01", blob }]);
  let s = last();
  assert.deepEqual([s.method, s.url, s.headers["content-type"]], ["POST", "/v1/mailbox/fetch", "application/json"]);
  assert.deepEqual(JSON.parse(s.body.toString()), { mailbox: MAILBOX });
  noCapabilityInUrl(s);

  handler = answer(200, { replies: [] });
  assert.deepEqual(await api.fetchMailbox(MAILBOX), []);
  for (const bad of [
    { replies: [{ id: ID, day: "2026-13-01", blob: "AAAA" }] },
    { replies: [{ id: ID, day: "2026-12-01", blob: "not base64!" }] },
    { replies: [{ id: ID, day: "2026-12-01", blob: "AAAA", more: 1 }] },
    { replies: {} },
  ]) {
    handler = answer(200, bad);
    assert.deepEqual(await apiError(api.fetchMailbox(MAILBOX)), [200, "bad_answer"], JSON.stringify(bad));
  }

  const file = new Uint8Array(3000).fill(7);
  handler = (_s, res) => {
    res.writeHead(200, { "Content-Type": "application/octet-stream" });
    res.end(file);
  };
  const got = await api.fetchMailboxAttachment(MAILBOX, ID.toUpperCase(), 2000);
  assert.deepEqual(new Uint8Array(await got.arrayBuffer()), file);
  s = last();
  assert.deepEqual([s.method, s.url], ["POST", "/v1/mailbox/attachment"]);
  assert.deepEqual(JSON.parse(s.body.toString()), { mailbox: MAILBOX, attachment: ID });
  noCapabilityInUrl(s);
  // More than a 10-byte attachment can be once sealed.
  handler = (_s, res) => {
    res.writeHead(200, { "Content-Type": "application/octet-stream" });
    res.end(new Uint8Array(MAX_HEADER_LEN + streamLen(padme(10)) + 1));
  };
  assert.deepEqual(await apiError(api.fetchMailboxAttachment(MAILBOX, ID, 10)), [200, "bad_answer"]);

  handler = answer(200, { status: "forgotten" });
  await api.forget(MAILBOX, SECRET);
  s = last();
  assert.deepEqual([s.method, s.url], ["POST", "/v1/mailbox/forget"]);
  assert.deepEqual(JSON.parse(s.body.toString()), { mailbox: MAILBOX, secret: SECRET });
  noCapabilityInUrl(s);
  handler = answer(403, { error: "forbidden", message: "no" });
  assert.deepEqual(await apiError(api.forget(MAILBOX, SECRET)), [403, "forbidden"]);

  await assert.rejects(api.fetchMailbox("abc"), TypeError);
  await assert.rejects(api.forget(MAILBOX, "zz"), TypeError);
});

test("network failures and redirects are ApiError(0, network)", async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  assert.deepEqual(await apiError(new Api(`http://127.0.0.1:${port}`).health()), [0, "network"]);

  handler = (_s, res) => {
    res.writeHead(302, { Location: "http://example.invalid/" });
    res.end();
  };
  assert.deepEqual(await apiError(new Api(base).health()), [0, "network"]);

  // An answer cut off in the middle.
  handler = (_s, res) => {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "1000" });
    res.write('{"status":');
    setTimeout(() => res.destroy(), 20);
  };
  assert.deepEqual(await apiError(new Api(base).health()), [0, "network"]);
});

test("a dropped connection is retried once for reads and forgets, never for uploads", async () => {
  const api = new Api(base);
  let calls = 0;
  const dropFirst = (then: Handler): Handler => (s, res) => {
    calls++;
    if (calls === 1) res.socket?.destroy();
    else then(s, res);
  };
  handler = dropFirst(answer(200, { replies: [] }));
  assert.deepEqual(await api.fetchMailbox(MAILBOX), []);
  assert.equal(calls, 2);
  calls = 0;
  handler = dropFirst(answer(200, { status: "forgotten" }));
  await api.forget(MAILBOX, SECRET);
  assert.equal(calls, 2);
  calls = 0;
  handler = dropFirst(answer(201, { id: ID }));
  assert.deepEqual(await apiError(api.postMessage(new Uint8Array(10), 1)), [0, "network"]);
  assert.equal(calls, 1, "a message is never sent twice");
  calls = 0;
  assert.deepEqual(await apiError(api.postAttachment(new Blob([new Uint8Array(10)]), 1)), [0, "network"]);
  assert.equal(calls, 1);
  // Dropped twice: a network error.
  calls = 0;
  handler = (_s, res) => {
    calls++;
    res.socket?.destroy();
  };
  assert.deepEqual(await apiError(api.health()), [0, "network"]);
  assert.equal(calls, 2);
});

test("the server address must be an origin", () => {
  assert.doesNotThrow(() => new Api(""));
  assert.doesNotThrow(() => new Api("https://example.org/"));
  assert.doesNotThrow(() => new Api("http://abcdefghijklmnop.onion"));
  assert.throws(() => new Api("https://example.org/path"), TypeError);
  assert.throws(() => new Api("javascript:alert(1)"), TypeError);
  assert.throws(() => new Api("example.org"), TypeError);
});
