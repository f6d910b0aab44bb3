// Bundled for the browser by scripts/bench.mjs and evaluated in the real
// page (same origin as the API), so the figures are the page's own code
// path: roster verification, sealing, signing and uploading.
import {
  Api,
  deriveKeys,
  generateEntropy,
  parseChallenge,
  powBinding,
  sealAttachment,
  solvePow,
  sealReport,
  todayUtc,
  verifyRoster,
  type Roster,
} from "../../src/protocol/index.js";

const MiB = 1024 * 1024;

async function roster(unitId: string): Promise<Roster> {
  return verifyRoster(await new Api("").roster(), unitId, todayUtc());
}

/** Seals and signs the same 16 KiB-bucket report `runs` times; ms each. */
async function sealReports(unitId: string, runs: number, warmup: number): Promise<number[]> {
  const r = await roster(unitId);
  const keys = deriveKeys(generateEntropy());
  // The same content as crypto/benches/crypto.rs `content()`.
  const input = { category: "theft", answers: {}, text: "A typical report of a few paragraphs. ".repeat(40), attachments: [] };
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = performance.now();
    await sealReport(input, keys, r);
    const t = performance.now() - t0;
    if (i >= warmup) times.push(t);
  }
  return times;
}

/** A Blob of `size` pseudo-random bytes, built from 1 MiB pieces that the
 * browser keeps as blob data, outside the JS heap. */
function bigFile(size: number): Blob {
  const piece = new Uint8Array(MiB);
  for (let o = 0; o < MiB; o += 65536) crypto.getRandomValues(piece.subarray(o, o + 65536));
  const parts: BlobPart[] = [];
  for (let left = size; left > 0; left -= MiB) parts.push(left >= MiB ? piece : piece.slice(0, left));
  return new Blob(parts, { type: "application/octet-stream" });
}

/** Seals a `mib` MiB attachment and uploads it; seconds for each step. */
async function attachment(unitId: string, mib: number): Promise<{ sealSeconds: number; uploadSeconds: number; sealedBytes: number; id: string }> {
  const r = await roster(unitId);
  const file = bigFile(mib * MiB);
  const t0 = performance.now();
  const sealed = await sealAttachment(file, r);
  const t1 = performance.now();
  const stored = await new Api("").postAttachment(sealed.sealed, r.version);
  const t2 = performance.now();
  return { sealSeconds: (t1 - t0) / 1000, uploadSeconds: (t2 - t1) / 1000, sealedBytes: sealed.sealed.size, id: stored.id };
}

/** A challenge token as the server issues it (protocol §10.1: version 1,
 * kind message, `bits`, 4096 KiB, body length, expiry, random nonce),
 * with a zero MAC: the solver never checks the MAC, only the server does. */
function challengeToken(bits: number, bodyLen: number): string {
  const token = new Uint8Array(71);
  const view = new DataView(token.buffer);
  view.setUint8(0, 1);
  view.setUint8(1, 0);
  view.setUint8(2, bits);
  view.setUint32(3, 4096);
  view.setBigUint64(7, BigInt(bodyLen));
  view.setBigUint64(15, BigInt(Math.floor(Date.now() / 1000) + 600));
  crypto.getRandomValues(token.subarray(23, 39));
  let text = "";
  for (const b of token) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Solves `runs` fresh challenges at each of 0..=`maxBits` bits with the
 * page's solver; per bits, the ms and the evaluations of each. */
async function powSolve(maxBits: number, runs: number): Promise<{ bits: number; ms: number[]; evaluations: number[] }[]> {
  const body = new Uint8Array(17000).fill(0x5a);
  const binding = powBinding(body);
  const out = [];
  for (let bits = 0; bits <= maxBits; bits++) {
    const ms: number[] = [];
    const evaluations: number[] = [];
    for (let i = 0; i < runs; i++) {
      const challenge = parseChallenge(challengeToken(bits, body.length));
      const t0 = performance.now();
      const solution = await solvePow(challenge, binding);
      ms.push(performance.now() - t0);
      evaluations.push(solution.tries);
    }
    out.push({ bits, ms, evaluations });
  }
  return out;
}

(globalThis as unknown as { sanctuaryBench: unknown }).sanctuaryBench = { sealReports, attachment, powSolve };
