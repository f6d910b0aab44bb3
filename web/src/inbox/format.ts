// Words for what the API gives in codes: statuses, message kinds, sizes.
import type { Message, Status } from "./api";

const STATUS_NAMES: Record<Status, string> = {
  new: "New",
  open: "Open",
  waiting: "Waiting",
  closed: "Closed",
  spam: "Spam",
  unverified: "Not verified",
};

/** A status as a person reads it. */
export function statusName(status: string): string {
  return status in STATUS_NAMES ? STATUS_NAMES[status as Status] : status;
}

/** The statuses a caseworker can set with the Status control. */
export const SETTABLE: readonly Status[] = ["new", "open", "waiting", "closed"];

/** What a message is, in words. */
export function kindName(kind: Message["kind"] | string): string {
  switch (kind) {
    case "report":
      return "Report";
    case "follow-up":
      return "Follow-up";
    case "reply":
      return "Reply";
    default:
      return kind;
  }
}

/** Who wrote a message. */
export function fromName(from: string): string {
  return from === "reporter" ? "the reporter" : from;
}

/** A file size: "512 bytes", "12 KB", "3.4 MB". */
export function size(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** Made once: `toLocaleString` builds a formatter at every call. */
const NUMBERS = new Intl.NumberFormat("en-GB");

/** A number with thousands separators: "10,000". */
export function number(n: number): string {
  return NUMBERS.format(n);
}

/** "1 thread", "2 threads", "10,000 threads". */
export function count(n: number, one: string, many: string): string {
  return `${number(n)} ${n === 1 ? one : many}`;
}

/** Media types shown inline as pictures. */
const INLINE_IMAGES = new Set(["image/png", "image/jpeg", "image/webp"]);

/** Whether a file is shown as a picture. */
export function isInlineImage(mediaType: string): boolean {
  return INLINE_IMAGES.has(mediaType.toLowerCase());
}

/** A label as `case label` accepts it: 1–32 of a–z, 0–9 and `-`. */
export function isLabel(text: string): boolean {
  return /^[a-z0-9-]{1,32}$/.test(text);
}
