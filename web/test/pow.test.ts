// The proof of work (pow-spec v1): the vectors of the Rust reference in
// crypto/testdata/vectors.json reproduced byte for byte; the bounds of
// token parsing; the solver (first solution, progress, yielding, abort);
// and the API client fetching a challenge, solving it for the exact body
// and retrying once on `pow_expired` / `pow_reused`.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

import { argon2id } from "@noble/hashes/argon2.js";

import { fromHex, toB64url, toHex } from "../src/protocol/bytes.js";
import { Api, ApiError } from "../src/protocol/api.js";
import {
  POW_BINDING_PREFIX,
  PowError,
  evaluate,
  leadingZeroBits,
  parseChallenge,
  powBinding,
  powHeader,
  solve,
  solvedChance,
  type PowKind,
} from "../src/protocol/pow.js";
import { challengeAnswer, challengeRequest, headerSolves, token, tokenBytes } from "./pow-fixture.js";

const root = process.env["SANCTUARY_WEB_ROOT"] ?? process.cwd();

interface PowVectors {
  server_key: string;
  nonce: string;
  expires: number;
  kind: string;
  memory_kib: number;
  body_len: number;
  binding: string;
  challenges: { bits: number; token: string; counter: number; output: string; output_0: string; header: string }[];
}

function powVectors(): PowVectors {
  const all = JSON.parse(readFileSync(join(root, "..", "crypto", "testdata", "vectors.json"), "utf8")) as Record<string, unknown>;
  const pow = all["pow"];
  assert.ok(
    typeof pow === "object" && pow !== null,
    "crypto/testdata/vectors.json has no `pow` section: the Rust reference (crypto/src/pow.rs) writes it",
  );
  return pow as PowVectors;
}

function hex(text: string, length: number): Uint8Array {
  const bytes = fromHex(text, length);
  assert.ok(bytes, `not ${length} bytes of hex: ${text}`);
  return bytes;
}

/** The vectors' body: byte i is i mod 251. */
function vectorBody(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => i % 251);
}

test("the Rust reference's vectors: token layout, binding, outputs, solutions, headers", async () => {
  const v = powVectors();
  const body = vectorBody(v.body_len);
  assert.equal(toHex(powBinding(body)), v.binding);
  assert.equal(toHex(powBinding(body.subarray(0, POW_BINDING_PREFIX))), v.binding, "only the first 64 KiB count");
  assert.ok(v.challenges.some((c) => c.bits === 0) && v.challenges.some((c) => c.bits === 4));
  for (const c of v.challenges) {
    const challenge = parseChallenge(c.token);
    assert.deepEqual(
      [challenge.kind, challenge.bits, challenge.memoryKib, challenge.bodyLen, challenge.expires],
      [v.kind, c.bits, v.memory_kib, v.body_len, v.expires],
    );
    // The same 71 bytes from the fields, the nonce and the server key.
    const rebuilt = tokenBytes({
      kind: v.kind as PowKind,
      bits: c.bits,
      memoryKib: v.memory_kib,
      bodyLen: v.body_len,
      expires: v.expires,
      nonce: hex(v.nonce, 16),
      key: hex(v.server_key, 32),
    });
    assert.equal(toB64url(rebuilt), c.token, `token for ${c.bits} bits`);

    const binding = hex(v.binding, 32);
    assert.equal(toHex(await evaluate(challenge, binding, 0)), c.output_0, `output for counter 0, ${c.bits} bits`);
    assert.equal(toHex(await evaluate(challenge, binding, c.counter)), c.output, `output for counter ${c.counter}`);
    const solution = await solve(challenge, binding);
    assert.equal(solution.counter, c.counter, `solution for ${c.bits} bits`);
    assert.equal(toHex(solution.output), c.output);
    assert.ok(leadingZeroBits(solution.output) >= c.bits);
    if (c.counter > 0) assert.ok(leadingZeroBits(hex(c.output_0, 32)) < c.bits);
    assert.equal(powHeader(challenge, solution.counter), c.header);
  }
});

function malformed(text: unknown): void {
  assert.throws(() => parseChallenge(text), (e: unknown) => e instanceof PowError && e.kind === "malformed", String(text));
}

function tooHard(text: string): void {
  assert.throws(() => parseChallenge(text), (e: unknown) => e instanceof PowError && e.kind === "too-hard", text);
}

test("tokens: 71 bytes of version 1, within the page's bounds", () => {
  const base = { kind: "message" as const, bits: 3, memoryKib: 4096, bodyLen: 16597 };
  const ok = parseChallenge(token(base));
  assert.deepEqual([ok.kind, ok.bits, ok.memoryKib, ok.bodyLen, ok.token.length], ["message", 3, 4096, 16597, 71]);
  assert.equal(parseChallenge(token({ ...base, kind: "attachment" })).kind, "attachment");

  // The bounds themselves are accepted; one more is refused as too hard.
  assert.equal(parseChallenge(token({ ...base, bits: 24 })).bits, 24);
  assert.equal(parseChallenge(token({ ...base, memoryKib: 65536 })).memoryKib, 65536);
  assert.equal(parseChallenge(token({ ...base, memoryKib: 8 })).memoryKib, 8);
  tooHard(token({ ...base, bits: 25 }));
  tooHard(token({ ...base, bits: 255 }));
  tooHard(token({ ...base, memoryKib: 65537 }));
  tooHard(token({ ...base, memoryKib: 0xffffffff }));

  malformed(token({ ...base, version: 0 }));
  malformed(token({ ...base, version: 2 }));
  malformed(token({ ...base, kind: 2 }));
  malformed(token({ ...base, memoryKib: 7 }));
  malformed(token({ ...base, bodyLen: 2n ** 53n }));
  malformed(token({ ...base, expires: 2n ** 64n - 1n }));
  const bytes = tokenBytes(base);
  malformed(toB64url(bytes.subarray(0, 70)));
  malformed(toB64url(new Uint8Array([...bytes, 0])));
  malformed(toB64url(bytes) + "=");
  malformed(Buffer.from(bytes).toString("base64")); // padded, standard alphabet
  malformed(toB64url(bytes).replace(/.$/, "*"));
  malformed(`${toB64url(bytes)}.0`);
  malformed("");
  malformed(null);
  malformed(71);
});

test("leading zero bits count from bit 7 of the first byte", () => {
  assert.equal(leadingZeroBits(new Uint8Array([0x80, 0])), 0);
  assert.equal(leadingZeroBits(new Uint8Array([0x7f])), 1);
  assert.equal(leadingZeroBits(new Uint8Array([0x01, 0xff])), 7);
  assert.equal(leadingZeroBits(new Uint8Array([0x00, 0x10])), 11);
  assert.equal(leadingZeroBits(new Uint8Array([0, 0, 0, 1])), 31);
  assert.equal(leadingZeroBits(new Uint8Array(32)), 256);
  assert.equal(solvedChance(0, 4), 0);
  assert.equal(solvedChance(5, 0), 1);
  assert.ok(Math.abs(solvedChance(16, 4) - (1 - (15 / 16) ** 16)) < 1e-12);
});

test("the solver finds the first solution, reports each failed try and yields between tries", async () => {
  // 8 KiB: fast. Look for a nonce whose first solution is not counter 0.
  for (let n = 0; n < 64; n++) {
    const nonce = new Uint8Array(16).fill(n);
    const challenge = parseChallenge(token({ kind: "attachment", bits: 5, memoryKib: 8, bodyLen: 10, nonce }));
    const binding = powBinding(new Uint8Array(10).fill(9));
    const progress: number[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let solution;
    try {
      solution = await solve(challenge, binding, { onProgress: (tries, bits) => progress.push(tries * 100 + bits) });
    } finally {
      clearInterval(timer);
    }
    if (solution.counter < 2) continue;
    assert.equal(solution.tries, solution.counter + 1);
    assert.deepEqual(progress, Array.from({ length: solution.counter }, (_, i) => (i + 1) * 100 + 5));
    assert.ok(ticks >= 1, "the event loop ran while solving");
    for (let c = 0; c < solution.counter; c++) {
      assert.ok(leadingZeroBits(await evaluate(challenge, binding, c)) < 5, `counter ${c} is not a solution`);
    }
    assert.ok(leadingZeroBits(solution.output) >= 5);
    assert.deepEqual(solution.output, await evaluate(challenge, binding, solution.counter));
    // The counter is a u64, big-endian: 2^32 + 1 is not 1, and the password
    // is token ‖ binding ‖ counter.
    const counter = new Uint8Array(8);
    new DataView(counter.buffer).setBigUint64(0, 2n ** 32n + 1n);
    const password = new Uint8Array([...challenge.token, ...binding, ...counter]);
    const expected = argon2id(password, new TextEncoder().encode("sanctuary-pow-v1"), { t: 1, m: 8, p: 1, dkLen: 32, version: 0x13 });
    assert.deepEqual(await evaluate(challenge, binding, 2 ** 32 + 1), expected);
    assert.notDeepEqual(expected, await evaluate(challenge, binding, 1));
    return;
  }
  assert.fail("no nonce gave a solution after counter 1");
});

test("the solver stops when aborted", async () => {
  const binding = powBinding(new Uint8Array(3));
  const challenge = parseChallenge(token({ kind: "message", bits: 24, memoryKib: 8, bodyLen: 3 }));
  const before = new AbortController();
  before.abort();
  await assert.rejects(solve(challenge, binding, { signal: before.signal }), { name: "AbortError" });

  const during = new AbortController();
  let tries = 0;
  const solving = solve(challenge, binding, {
    signal: during.signal,
    onProgress: (n) => {
      tries = n;
      if (n === 3) during.abort();
    },
  });
  await assert.rejects(solving, { name: "AbortError" });
  assert.equal(tries, 3);

  // Inside one evaluation (a large memory cost), too.
  const big = parseChallenge(token({ kind: "message", bits: 24, memoryKib: 65536, bodyLen: 3 }));
  const inside = new AbortController();
  setTimeout(() => inside.abort(), 20);
  const started = Date.now();
  await assert.rejects(evaluate(big, binding, 0, inside.signal), { name: "AbortError" });
  assert.ok(Date.now() - started < 5000);
});

// A recording server: challenges on GET /v1/pow, POSTs to `post`.
interface Seen {
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}
const posts: Seen[] = [];
const challenges: string[] = [];
let challengeFor: (kind: PowKind, size: number) => Record<string, unknown> = (kind, size) =>
  challengeAnswer({ kind, bits: 2, memoryKib: 8, bodyLen: size });
let post: (s: Seen, res: ServerResponse) => void = (_s, res) => json(res, 201, { id: "ab".repeat(16) });

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(value));
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const url = req.url ?? "";
    const asked = challengeRequest(url);
    if (req.method === "GET" && asked) {
      challenges.push(url);
      json(res, 200, challengeFor(asked.kind, asked.size));
      return;
    }
    const s = { url, headers: req.headers, body: Buffer.concat(chunks) };
    posts.push(s);
    post(s, res);
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
after(() => server.close());

async function apiError(p: Promise<unknown>): Promise<[number, string]> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ApiError, String(e));
    return [e.status, e.code];
  }
  assert.fail("no error");
}

test("a message and an attachment carry a solved challenge for their exact bodies", async () => {
  const api = new Api(base);
  posts.length = 0;
  challenges.length = 0;
  const message = Uint8Array.from({ length: 16597 }, (_, i) => i % 7);
  const tried: number[] = [];
  await api.postMessage(message, 2, { onProgress: (n) => tried.push(n) });
  assert.deepEqual(challenges, ["/v1/pow?kind=message&size=16597"]);
  const m = posts.at(-1);
  assert.ok(m);
  assert.equal(m.url, "/v1/messages");
  assert.ok(await headerSolves(m.headers["sanctuary-pow"], "message", new Uint8Array(m.body)));
  assert.equal(m.headers["sanctuary-roster-version"], "2");

  // Larger than 64 KiB: the binding covers only the first 64 KiB.
  const file = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 31) % 256);
  const progress: number[] = [];
  await api.postAttachment(new Blob([file]), 2, (sent) => progress.push(sent));
  assert.equal(challenges.at(-1), "/v1/pow?kind=attachment&size=200000");
  const a = posts.at(-1);
  assert.ok(a);
  assert.equal(a.url, "/v1/attachments");
  assert.deepEqual(new Uint8Array(a.body), file);
  assert.ok(await headerSolves(a.headers["sanctuary-pow"], "attachment", file));
  assert.equal(progress.at(-1), 200_000);
  // Bound to the first 64 KiB of the body and to the route.
  const early = file.slice();
  early[100] = (early[100] ?? 0) ^ 1;
  assert.notDeepEqual(powBinding(early), powBinding(file));
  const late = file.slice();
  late[150_000] = (late[150_000] ?? 0) ^ 1;
  assert.deepEqual(powBinding(late), powBinding(file));
  assert.ok(await headerSolves(a.headers["sanctuary-pow"], "attachment", late));
  assert.equal(await headerSolves(a.headers["sanctuary-pow"], "message", file), false);
});

test("pow_expired, pow_reused or pow_required: sent again once with a fresh challenge, then the error stands", async () => {
  const api = new Api(base);
  const body = new Uint8Array(500).fill(3);
  for (const code of ["pow_expired", "pow_reused", "pow_required"]) {
    posts.length = 0;
    challenges.length = 0;
    let refusals = 1;
    post = (s, res) => {
      if (refusals-- > 0) json(res, 403, { error: code, message: "again" });
      else json(res, 201, { id: "cd".repeat(16) });
      void s;
    };
    assert.deepEqual(await api.postMessage(body, 1), { id: "cd".repeat(16) });
    assert.equal(challenges.length, 2, code);
    assert.equal(posts.length, 2);
    const [first, second] = posts.map((p) => p.headers["sanctuary-pow"]);
    assert.notEqual(first, second, "a fresh challenge");

    posts.length = 0;
    challenges.length = 0;
    refusals = 2;
    assert.deepEqual(await apiError(api.postAttachment(new Blob([body]), 1)), [403, code]);
    assert.deepEqual([challenges.length, posts.length], [2, 2]);
  }
  // Other refusals are not retried.
  for (const [status, code] of [
    [403, "bad_pow"],
    [409, "roster_changed"],
  ] as const) {
    posts.length = 0;
    post = (_s, res) => json(res, status, { error: code, message: "no" });
    assert.deepEqual(await apiError(api.postMessage(body, 1)), [status, code]);
    assert.equal(posts.length, 1, code);
  }
  post = (_s, res) => json(res, 201, { id: "ab".repeat(16) });
});

test("a challenge answer that is not what was asked for is refused before any work or POST", async () => {
  const api = new Api(base);
  const body = new Uint8Array(300);
  const good = (kind: PowKind, size: number) => challengeAnswer({ kind, bits: 1, memoryKib: 8, bodyLen: size });
  const bad: [string, (kind: PowKind, size: number) => Record<string, unknown>][] = [
    ["another kind", (_k, size) => good("attachment", size)],
    ["another size", (kind, size) => good(kind, size + 1)],
    ["bits differ", (kind, size) => ({ ...good(kind, size), bits: 2 })],
    ["memory differs", (kind, size) => ({ ...good(kind, size), memory_kib: 16 })],
    ["extra field", (kind, size) => ({ ...good(kind, size), more: 1 })],
    ["missing field", (kind, size) => {
      const { level: _level, ...rest } = good(kind, size);
      return rest;
    }],
    ["negative expiry", (kind, size) => ({ ...good(kind, size), expires_in: -1 })],
    ["not a token", (kind, size) => ({ ...good(kind, size), challenge: "nope" })],
    ["version 2", (kind, size) => ({ ...good(kind, size), challenge: token({ version: 2, kind, bits: 1, memoryKib: 8, bodyLen: size }) })],
  ];
  for (const [what, answer] of bad) {
    posts.length = 0;
    challengeFor = answer;
    assert.deepEqual(await apiError(api.postMessage(body, 1)), [200, "bad_answer"], what);
    assert.equal(posts.length, 0, what);
  }
  // A hostile server asking for more than the page will ever work for.
  for (const [bits, memoryKib] of [
    [25, 8],
    [1, 65537],
  ]) {
    posts.length = 0;
    challengeFor = (kind, size) => challengeAnswer({ kind, bits: bits ?? 0, memoryKib: memoryKib ?? 0, bodyLen: size });
    await assert.rejects(api.postMessage(body, 1), (e: unknown) => e instanceof PowError && e.kind === "too-hard");
    assert.equal(posts.length, 0);
  }
  challengeFor = (kind, size) => challengeAnswer({ kind, bits: 2, memoryKib: 8, bodyLen: size });
  // A failing challenge route is the server's error.
  challengeFor = () => ({ error: "overloaded" });
  assert.deepEqual(await apiError(api.postMessage(body, 1)), [200, "bad_answer"]);
  challengeFor = (kind, size) => challengeAnswer({ kind, bits: 2, memoryKib: 8, bodyLen: size });
});
