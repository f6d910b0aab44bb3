// The JSON API of `sanctuary case ui`, which runs on this computer and does
// all the decrypting. The page never sees its session cookie (HttpOnly);
// same-origin fetch sends it. Every text in these shapes was written by a
// reporter or a caseworker and is shown with textContent only.

/** A thread's status. */
export type Status = "new" | "open" | "waiting" | "closed" | "spam" | "unverified";

/** One row of the inbox. */
export interface ThreadSummary {
  id: string;
  short_id: string;
  day: string;
  status: Status;
  assignee: string | null;
  labels: string[];
  category: string | null;
  messages: number;
  unverified: number;
  unread: number;
  preview: string;
}

/** `GET /api/inbox`: who and where, and a page of the threads the search and filters keep. */
export interface Inbox {
  me: string;
  unit: string;
  caseworkers: string[];
  pending_changes: number;
  /** Threads containing the search (every thread without one). */
  total: number;
  /** Of those, the threads the filters keep. */
  matching: number;
  /** The labels on the threads containing the search. */
  labels: string[];
  /** Where `threads` starts among the matching threads. */
  offset: number;
  threads: ThreadSummary[];
}

/** What the inbox shows: the program searches, filters and pages. */
export interface InboxQuery {
  search: string;
  /** `todo`, `all` or one status. */
  status: string;
  /** `me`, `nobody`, a caseworker's label, or null for anyone. */
  assignee: string | null;
  /** A label, or null for any. */
  label: string | null;
  offset: number;
  limit: number;
}

/** An internal note (never sent to the reporter). */
export interface Note {
  from: string;
  day: string;
  text: string;
}

/** A file of a message. */
export interface Attachment {
  id: string;
  name: string;
  size: number;
  media_type: string;
  sha256: string;
  downloaded: boolean;
}

/** A message's signed place in its thread. */
export interface Position {
  seq: number;
  seen: number;
  day: string;
}

/** One message of a thread. */
export interface Message {
  id: string;
  kind: "report" | "follow-up" | "reply";
  day: string;
  from: string;
  verified: boolean;
  problem?: string;
  unread: boolean;
  position: Position | null;
  arrived: string | null;
  text: string;
  attachments: Attachment[];
}

/** Where messages may be missing. */
export interface Gap {
  side: string;
  first: number;
  last: number;
  before: string | null;
  text: string;
}

/** `GET /api/threads/<id>`. */
export interface Thread {
  id: string;
  short_id: string;
  day: string;
  status: Status;
  assignee: string | null;
  labels: string[];
  notes: Note[];
  category: string | null;
  answers: Record<string, string>;
  messages: Message[];
  gaps: Gap[];
}

/** What every change answers. */
export interface Said {
  said: string;
}

/** A file uploaded for a reply. */
export interface Upload {
  id: string;
  name: string;
  size: number;
}

/** A request that failed, with a sentence for the person. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** The HTTP status; 0 when the program could not be reached. */
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const UNREACHABLE =
  "The inbox program on this computer does not answer. Is `sanctuary case ui` still running? " +
  "If you stopped it, start it again and open the new link it prints.";

const SESSION_ENDED =
  "This window is no longer signed in. Run `sanctuary case ui` again and open the new link it prints.";

/** A thread or attachment ID: lowercase hex. */
export function isId(text: string): boolean {
  return /^[0-9a-f]{16,128}$/.test(text);
}

/** Where an attachment is served. */
export function fileUrl(id: string): string {
  return `/api/files/${encodeURIComponent(id)}`;
}

async function request<T>(method: "GET" | "POST", path: string, body?: BodyInit, type?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: type ? { "Content-Type": type, Accept: "application/json" } : { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
      redirect: "error",
      ...(body === undefined ? {} : { body }),
    });
  } catch {
    throw new ApiError(UNREACHABLE, 0);
  }
  let raw = "";
  try {
    raw = await response.text();
  } catch {
    throw new ApiError(UNREACHABLE, 0);
  }
  let data: unknown = null;
  try {
    data = JSON.parse(raw);
  } catch {
    data = null;
  }
  if (!response.ok) {
    // `{"error": "…"}`; a refusal before the API (wrong address, no session) may be plain text.
    const said = data !== null && typeof data === "object" && "error" in data ? (data as { error: unknown }).error : null;
    if (typeof said === "string" && said.trim() !== "") throw new ApiError(said, response.status);
    if (response.status === 401) throw new ApiError(SESSION_ENDED, 401);
    const plain = (response.headers.get("Content-Type") ?? "").startsWith("text/plain") ? raw.trim() : "";
    if (plain !== "" && plain.length <= 500) throw new ApiError(plain, response.status);
    throw new ApiError(`The inbox program could not do this (HTTP ${response.status}). Try again, or look at its window for details.`, response.status);
  }
  if (data === null || typeof data !== "object") {
    throw new ApiError("The inbox program gave an answer this page cannot read. Try again.", response.status);
  }
  return data as T;
}

function postJson<T>(path: string, value: unknown): Promise<T> {
  return request<T>("POST", path, JSON.stringify(value), "application/json");
}

function threadPath(id: string, action: string): string {
  return `/api/threads/${encodeURIComponent(id)}/${action}`;
}

/** A page of the inbox: the threads containing every word of the search that the filters keep. */
export async function getInbox(query: InboxQuery): Promise<Inbox> {
  const params = new URLSearchParams();
  if (query.search.trim() !== "") params.set("search", query.search.trim());
  params.set("status", query.status);
  if (query.assignee !== null) params.set("assignee", query.assignee);
  if (query.label !== null) params.set("label", query.label);
  params.set("offset", String(query.offset));
  params.set("limit", String(query.limit));
  const inbox = await request<Inbox>("GET", `/api/inbox?${params.toString()}`);
  const threads = Array.isArray(inbox.threads) ? inbox.threads : [];
  return {
    me: String(inbox.me ?? ""),
    unit: String(inbox.unit ?? ""),
    caseworkers: Array.isArray(inbox.caseworkers) ? inbox.caseworkers.map(String) : [],
    pending_changes: Number(inbox.pending_changes) || 0,
    total: Number(inbox.total) || 0,
    matching: Number(inbox.matching) || 0,
    labels: Array.isArray(inbox.labels) ? inbox.labels.map(String) : [],
    offset: Number(inbox.offset) || 0,
    threads,
  };
}

/** One thread, as it is now (fetching it marks nothing read: see `markRead`). */
export async function getThread(id: string): Promise<Thread> {
  const t = await request<Thread>("GET", `/api/threads/${encodeURIComponent(id)}`);
  return {
    ...t,
    labels: Array.isArray(t.labels) ? t.labels : [],
    notes: Array.isArray(t.notes) ? t.notes : [],
    answers: t.answers !== null && typeof t.answers === "object" ? t.answers : {},
    messages: Array.isArray(t.messages) ? t.messages : [],
    gaps: Array.isArray(t.gaps) ? t.gaps : [],
  };
}

/** Marks every message of a thread read (the page calls it once it shows the thread). */
export function markRead(id: string): Promise<{ marked: number }> {
  return postJson<{ marked: number }>(threadPath(id, "read"), {});
}

/** Uploads one file for a reply. */
export function upload(file: File): Promise<Upload> {
  return request<Upload>("POST", `/api/uploads?name=${encodeURIComponent(file.name)}`, file, "application/octet-stream");
}

/** Replies to the reporter with text and uploaded files. */
export function reply(id: string, text: string, uploads: string[]): Promise<Said> {
  return postJson<Said>(threadPath(id, "reply"), { text, uploads });
}

/** Sets the thread's status. */
export function setStatus(id: string, status: string): Promise<Said> {
  return postJson<Said>(threadPath(id, "status"), { status });
}

/** Assigns the thread (`null`: nobody). */
export function assign(id: string, to: string | null): Promise<Said> {
  return postJson<Said>(threadPath(id, "assign"), { to });
}

/** Adds or removes a label. */
export function label(id: string, name: string, remove: boolean): Promise<Said> {
  return postJson<Said>(threadPath(id, "labels"), { label: name, remove });
}

/** Adds an internal note. */
export function note(id: string, text: string): Promise<Said> {
  return postJson<Said>(threadPath(id, "note"), { text });
}

/** Shares the thread with a colleague who joined the roster later. */
export function shareThread(id: string, to: string): Promise<Said> {
  return postJson<Said>(threadPath(id, "share"), { to });
}

/** Sends pending changes and fetches what is new. */
export function sync(): Promise<Said> {
  return postJson<Said>("/api/sync", {});
}
