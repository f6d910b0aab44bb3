// The reporter's side of the HTTP API (protocol §10, docs/api/openapi.yaml,
// crypto/src/api.rs). No cookies, no cache, no referrer; mailbox IDs and
// forget secrets only ever in request bodies; every answer read with a
// bound; every message and attachment sent with a proof of work (pow.ts).

import { base64 } from "@scure/base";

import { BlobPieces, concat, fromUtf8, isHex } from "./bytes.js";
import { dayNumber } from "./day.js";
import {
  POW_BINDING_PREFIX,
  POW_HEADER,
  PowError,
  parseChallenge,
  powBinding,
  powHeader,
  solve,
  type PowChallenge,
  type PowKind,
  type PowOptions,
} from "./pow.js";
import { MAX_ROSTER_LEN } from "./roster.js";
import { MAX_HEADER_LEN, padme, streamLen } from "./sizes.js";

/** Header carrying the roster version a blob was sealed for. */
export const ROSTER_VERSION_HEADER = "sanctuary-roster-version";

/** How long a small request (JSON, a message) may take. */
const SMALL_REQUEST_TIMEOUT_MS = 180_000;
/** Largest error body read. */
const MAX_ERROR_BODY = 16 * 1024;
/** Largest "stored" or "forgotten" or health or challenge answer read. */
const MAX_SMALL_ANSWER = 4096;
/** Largest mailbox answer read (about 3000 short replies), as the CLI. */
const MAX_MAILBOX_ANSWER = 64 * 1024 * 1024;
/** Largest attachment download when the caller gives no size: the
 * ciphertext of the largest attachment any policy allows (4 GiB). */
const MAX_ATTACHMENT_DOWNLOAD = MAX_HEADER_LEN + streamLen(padme(4 * 1024 ** 3));

/**
 * A request that failed. `status` is the HTTP status, or 0 when the server
 * could not be reached (then `code` is "network"). `code` is the server's
 * stable error code (`roster_changed`, `storage_full`, …), `http_NNN` for
 * an error without one, or "bad_answer" for an answer that is too large or
 * not what the API promises. `message` is plain English; the server's own
 * sentence (untrusted) is in `serverMessage`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly serverMessage: string;

  constructor(status: number, code: string, serverMessage = "") {
    super(
      status === 0
        ? "the server could not be reached"
        : code === "bad_answer"
          ? "the server sent an answer this page does not understand"
          : `the server refused the request (${code})`,
    );
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
  }
}

const network = () => new ApiError(0, "network");

function errorFrom(status: number, body: Uint8Array): ApiError {
  try {
    const e = JSON.parse(fromUtf8(body.subarray(0, MAX_ERROR_BODY))) as unknown;
    if (typeof e === "object" && e !== null) {
      const { error, message } = e as Record<string, unknown>;
      if (typeof error === "string" && /^[a-z_]{1,64}$/.test(error)) {
        return new ApiError(status, error, typeof message === "string" ? message.slice(0, 500) : "");
      }
    }
  } catch {
    // Not an ErrorBody: fall through.
  }
  return new ApiError(status, `http_${status}`);
}

/** Fails with "bad_answer" when the response declares more than `limit`. */
async function checkDeclared(response: Response, limit: number): Promise<void> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new ApiError(response.status, "bad_answer");
  }
}

/** Streams a response body to `take`, failing beyond `limit` bytes. */
async function stream(response: Response, limit: number, take: (chunk: Uint8Array) => void): Promise<void> {
  await checkDeclared(response, limit);
  if (response.body === null) return;
  const reader = response.body.getReader();
  let total = 0;
  for (;;) {
    let r: ReadableStreamReadResult<Uint8Array>;
    try {
      r = await reader.read();
    } catch {
      throw network();
    }
    if (r.done) return;
    total += r.value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new ApiError(response.status, "bad_answer");
    }
    take(r.value);
  }
}

/** Reads at most `limit` bytes of a response body, or throws. */
async function readLimited(response: Response, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  await stream(response, limit, (c) => chunks.push(c));
  return concat(chunks);
}

/** Reads at most `limit` bytes of a response body into a Blob, handing
 * each MiB to a Blob part as it comes, so it never sits whole in the heap. */
async function readBlob(response: Response, limit: number): Promise<Blob> {
  const pieces = new BlobPieces();
  await stream(response, limit, (chunk) => pieces.add(chunk));
  return pieces.finish();
}

function parseJson(status: number, bytes: Uint8Array): Record<string, unknown> {
  try {
    const v = JSON.parse(fromUtf8(bytes)) as unknown;
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ApiError(status, "bad_answer");
}

function exactKeys(status: number, v: Record<string, unknown>, keys: string[]): void {
  const have = Object.keys(v);
  if (have.length !== keys.length || !keys.every((k) => have.includes(k))) throw new ApiError(status, "bad_answer");
}

function blobId(status: number, value: unknown): string {
  if (!isHex(value, 16) || value !== value.toLowerCase()) throw new ApiError(status, "bad_answer");
  return value;
}

function hex32(text: string, what: string): string {
  if (!isHex(text, 32)) throw new TypeError(`${what} must be 64 hex characters`);
  return text.toLowerCase();
}

/** Server codes after which a POST is sent again, once, with a fresh
 * proof of work: the challenge expired or was already used, and the
 * server refused before storing anything. */
// Refused before anything was stored: a fresh challenge will do. The server
// asks for a proof (`pow_required`) when it got busy after a challenge
// said none was needed.
const POW_RETRY_CODES: readonly string[] = ["pow_expired", "pow_reused", "pow_required"];

/** A reply as the mailbox holds it: still sealed. */
export interface MailboxReply {
  id: string;
  day: string;
  blob: Uint8Array;
}

/** A client of one Sanctuary server, for reporters. */
export class Api {
  private readonly base: string;

  /** `base` is "" for the server that served the page, else its origin,
   * e.g. "https://host" or "http://xyz.onion". */
  constructor(base: string) {
    const b = base.replace(/\/+$/, "");
    if (b !== "" && !/^https?:\/\/[^/?#\s]+$/i.test(b)) throw new TypeError("the server address must be http(s)://host");
    this.base = b;
  }

  private init(method: string, headers: Record<string, string>, body?: BodyInit): RequestInit {
    const init: RequestInit = {
      method,
      headers,
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      redirect: "error",
    };
    if (body !== undefined) init.body = body;
    return init;
  }

  /**
   * Sends a request and hands a successful response to `read`; an error
   * status becomes the server's ApiError, a failure to connect or to read
   * ApiError(0, "network"). Small requests time out (as the CLI's) after
   * 180 s, body included; uploads and downloads of attachments do not.
   */
  private async request<T>(
    path: string,
    init: RequestInit,
    small: boolean,
    read: (r: Response) => Promise<T>,
    retry = false,
  ): Promise<T> {
    const controller = new AbortController();
    const timer = small ? setTimeout(() => controller.abort(), SMALL_REQUEST_TIMEOUT_MS) : undefined;
    try {
      let response: Response;
      try {
        response = await fetch(this.base + path, { ...init, signal: controller.signal });
      } catch {
        // A kept-alive connection the server had just closed fails before
        // any answer: a request that is safe to repeat is sent once more.
        // Never a message or attachment, which could then be stored twice.
        if (!retry || controller.signal.aborted) throw network();
        try {
          response = await fetch(this.base + path, { ...init, signal: controller.signal });
        } catch {
          throw network();
        }
      }
      if (!response.ok) {
        let body: Uint8Array;
        try {
          body = await readLimited(response, MAX_ERROR_BODY);
        } catch (e) {
          if (e instanceof ApiError && e.status === 0) throw e;
          body = new Uint8Array(0);
        }
        throw errorFrom(response.status, body);
      }
      return await read(response);
    } finally {
      clearTimeout(timer);
    }
  }

  private async json(method: string, path: string, body: unknown, limit: number): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = body === undefined ? {} : { "Content-Type": "application/json" };
    const init = this.init(method, headers, body === undefined ? undefined : JSON.stringify(body));
    // Every JSON route a reporter uses reads or deletes idempotently.
    return this.request(path, init, true, async (r) => parseJson(r.status, await readLimited(r, limit)), true);
  }

  /** `GET /v1/health`. */
  async health(): Promise<{ status: string; enrolled: boolean }> {
    const v = await this.json("GET", "/v1/health", undefined, MAX_SMALL_ANSWER);
    exactKeys(200, v, ["status", "enrolled"]);
    if (typeof v["status"] !== "string" || typeof v["enrolled"] !== "boolean") throw new ApiError(200, "bad_answer");
    return { status: v["status"], enrolled: v["enrolled"] };
  }

  /** `GET /v1/roster`: the signed roster, unverified (give it to
   * verifyRoster). A server with none answers 404 `no_roster`. */
  async roster(): Promise<unknown> {
    return this.json("GET", "/v1/roster", undefined, MAX_ROSTER_LEN);
  }

  private stored(status: number, bytes: Uint8Array): { id: string } {
    const v = parseJson(status, bytes);
    exactKeys(status, v, ["id"]);
    return { id: blobId(status, v["id"]) };
  }

  private static blobHeaders(rosterVersion: number): Record<string, string> {
    if (!Number.isSafeInteger(rosterVersion) || rosterVersion < 1) throw new TypeError("bad roster version");
    return { "Content-Type": "application/octet-stream", [ROSTER_VERSION_HEADER]: String(rosterVersion) };
  }

  /**
   * `GET /v1/pow?kind=…&size=N`: a proof-of-work challenge for a body of
   * exactly `size` bytes. The answer must be exactly the challenge, its
   * bits and memory repeated, `expires_in` and `level`, for this kind and
   * size; a challenge above the page's bounds is a PowError "too-hard".
   */
  async powChallenge(kind: PowKind, size: number): Promise<PowChallenge & { readonly level: number }> {
    if (!Number.isSafeInteger(size) || size < 1) throw new TypeError("bad body size");
    const v = await this.json("GET", `/v1/pow?kind=${kind}&size=${size}`, undefined, MAX_SMALL_ANSWER);
    exactKeys(200, v, ["challenge", "bits", "memory_kib", "expires_in", "level"]);
    let challenge: PowChallenge;
    try {
      challenge = parseChallenge(v["challenge"]);
    } catch (e) {
      if (e instanceof PowError && e.kind === "too-hard") throw e;
      throw new ApiError(200, "bad_answer");
    }
    const count = (x: unknown) => typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
    if (
      challenge.kind !== kind ||
      challenge.bodyLen !== size ||
      v["bits"] !== challenge.bits ||
      v["memory_kib"] !== challenge.memoryKib ||
      !count(v["expires_in"]) ||
      !count(v["level"])
    ) {
      throw new ApiError(200, "bad_answer");
    }
    return { ...challenge, level: v["level"] as number };
  }

  /**
   * Proves work for a body of `size` bytes whose first bytes are `head`
   * (at least its first 64 KiB, or all of it), then sends it with
   * `send(headers)`. A quiet server (level 0, no bits) needs no proof
   * (protocol §10.1), and none is sent, sparing it an Argon2id evaluation.
   * When the server answers `pow_expired`, `pow_reused` or `pow_required`
   * (it refused before storing anything), does it all once more with a
   * fresh challenge, always solved.
   */
  private async withPow<T>(
    kind: PowKind,
    size: number,
    head: Uint8Array,
    options: PowOptions,
    send: (headers: Record<string, string>) => Promise<T>,
  ): Promise<T> {
    if (head.length < Math.min(size, POW_BINDING_PREFIX)) throw new TypeError("the head of the body is too short");
    const binding = powBinding(head.subarray(0, Math.min(size, POW_BINDING_PREFIX)));
    for (let attempt = 0; ; attempt++) {
      const challenge = await this.powChallenge(kind, size);
      let proof: Record<string, string> = {};
      if (attempt > 0 || challenge.level !== 0 || challenge.bits !== 0) {
        const { counter } = await solve(challenge, binding, options);
        proof = { [POW_HEADER]: powHeader(challenge, counter) };
      }
      try {
        return await send(proof);
      } catch (e) {
        if (attempt === 0 && e instanceof ApiError && POW_RETRY_CODES.includes(e.code)) continue;
        throw e;
      }
    }
  }

  /** `POST /v1/messages`: a sealed report or follow-up, with its proof of
   * work (`options`: progress of the work, and a signal to stop it). */
  async postMessage(sealed: Uint8Array, rosterVersion: number, options: PowOptions = {}): Promise<{ id: string }> {
    const headers = Api.blobHeaders(rosterVersion);
    return this.withPow("message", sealed.length, sealed, options, (proof) => {
      const init = this.init("POST", { ...headers, ...proof }, new Blob([new Uint8Array(sealed)]));
      return this.request("/v1/messages", init, true, async (r) => this.stored(r.status, await readLimited(r, MAX_SMALL_ANSWER)));
    });
  }

  /** `POST /v1/attachments`: a sealed attachment, with its proof of work
   * (over its first 64 KiB only: the file is never read whole into the
   * heap). Uses XMLHttpRequest where there is one, for upload progress;
   * fetch elsewhere. */
  async postAttachment(
    sealed: Blob,
    rosterVersion: number,
    onProgress?: (sent: number, total: number) => void,
    options: PowOptions = {},
  ): Promise<{ id: string }> {
    const headers = Api.blobHeaders(rosterVersion);
    const head = new Uint8Array(await sealed.slice(0, POW_BINDING_PREFIX).arrayBuffer());
    return this.withPow("attachment", sealed.size, head, options, async (proof) => {
      const withPow = { ...headers, ...proof };
      if (typeof XMLHttpRequest === "undefined") {
        return this.request("/v1/attachments", this.init("POST", withPow, sealed), false, async (r) => {
          onProgress?.(sealed.size, sealed.size);
          return this.stored(r.status, await readLimited(r, MAX_SMALL_ANSWER));
        });
      }
      const { status, body } = await this.xhr("/v1/attachments", withPow, sealed, onProgress);
      if (status < 200 || status > 299) throw errorFrom(status, body);
      return this.stored(status, body);
    });
  }

  private xhr(
    path: string,
    headers: Record<string, string>,
    body: Blob,
    onProgress?: (sent: number, total: number) => void,
  ): Promise<{ status: number; body: Uint8Array }> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", this.base + path);
      xhr.withCredentials = false;
      xhr.responseType = "arraybuffer";
      for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
      if (onProgress) xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : body.size);
      // Answers are small; stop reading one that is not.
      let tooLarge = false;
      xhr.onprogress = (e) => {
        if (e.loaded > MAX_ERROR_BODY) {
          tooLarge = true;
          xhr.abort();
        }
      };
      const expected = new URL(this.base + path, globalThis.location?.href ?? this.base + path).href;
      xhr.onload = () => {
        // XMLHttpRequest follows redirects silently (fetch here refuses
        // them): an answer from anywhere but the route itself is refused.
        if (xhr.responseURL !== "" && xhr.responseURL !== expected) {
          reject(new ApiError(0, "network"));
          return;
        }
        const data = xhr.response instanceof ArrayBuffer ? new Uint8Array(xhr.response) : new Uint8Array(0);
        if (data.length > MAX_ERROR_BODY) reject(new ApiError(xhr.status, "bad_answer"));
        else resolve({ status: xhr.status, body: data });
      };
      xhr.onerror = xhr.ontimeout = () => reject(network());
      xhr.onabort = () => reject(tooLarge ? new ApiError(xhr.status, "bad_answer") : network());
      xhr.send(body);
    });
  }

  /** `POST /v1/mailbox/fetch`: the sealed replies in a mailbox (the same
   * empty answer whether or not it exists). */
  async fetchMailbox(mailboxHex: string): Promise<MailboxReply[]> {
    const v = await this.json("POST", "/v1/mailbox/fetch", { mailbox: hex32(mailboxHex, "mailbox") }, MAX_MAILBOX_ANSWER);
    exactKeys(200, v, ["replies"]);
    const replies = v["replies"];
    if (!Array.isArray(replies)) throw new ApiError(200, "bad_answer");
    return replies.map((r: unknown): MailboxReply => {
      if (typeof r !== "object" || r === null) throw new ApiError(200, "bad_answer");
      const o = r as Record<string, unknown>;
      exactKeys(200, o, ["id", "day", "blob"]);
      const day = o["day"];
      if (dayNumber(day) === null || typeof o["blob"] !== "string") throw new ApiError(200, "bad_answer");
      let blob: Uint8Array;
      try {
        blob = base64.decode(o["blob"]);
      } catch {
        throw new ApiError(200, "bad_answer");
      }
      return { id: blobId(200, o["id"]), day: day as string, blob };
    });
  }

  /** `POST /v1/mailbox/attachment`: a reply's sealed attachment. With
   * `size` (the reply's AttachmentRef.size) the download is refused beyond
   * what such a file can take sealed. */
  async fetchMailboxAttachment(mailboxHex: string, id: string, size?: number): Promise<Blob> {
    if (!isHex(id, 16)) throw new TypeError("an attachment ID is 32 hex characters");
    const body = JSON.stringify({ mailbox: hex32(mailboxHex, "mailbox"), attachment: id.toLowerCase() });
    const limit = size === undefined ? MAX_ATTACHMENT_DOWNLOAD : MAX_HEADER_LEN + streamLen(padme(size));
    const init = this.init("POST", { "Content-Type": "application/json" }, body);
    return this.request("/v1/mailbox/attachment", init, false, (r) => readBlob(r, limit), true);
  }

  /** `POST /v1/mailbox/forget`: deletes the mailbox and its replies. */
  async forget(mailboxHex: string, forgetSecretHex: string): Promise<void> {
    const v = await this.json(
      "POST",
      "/v1/mailbox/forget",
      { mailbox: hex32(mailboxHex, "mailbox"), secret: hex32(forgetSecretHex, "secret") },
      MAX_SMALL_ANSWER,
    );
    exactKeys(200, v, ["status"]);
    if (v["status"] !== "forgotten") throw new ApiError(200, "bad_answer");
  }
}
