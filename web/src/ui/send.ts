// Sending a report or a follow-up, as `sanctuary report submit` and
// `follow-up` do: clean the files the reporter chose to clean, lock
// (encrypt) and upload each, lock the message that lists them, send it;
// before each upload and the message, the proof of work the site asks for.
// If the unit changed its roster meanwhile (409 roster_changed), fetch and
// verify the new roster and lock everything again, once. Files already
// uploaded for the same roster are reused when the reporter tries again.
import { clean, MetadataError } from "../metadata/index";
import {
  ApiError,
  type AttachmentRef,
  deriveKeys,
  followUpPosition,
  type PowOptions,
  type Roster,
  sealAttachment,
  sealFollowUp,
  sealReport,
  todayUtc,
} from "../protocol/index";
import type { App } from "./app";
import { sentName, validateFiles, willClean } from "./attachments";
import { METADATA_ERROR_KEYS } from "./codes";
import { loadReplies } from "./mailbox";
import { join, msg, UiError } from "./messages";
import { type AttachmentItem, type AttachmentList, type Stage, wipeKeys } from "./state";

/** The form field whose answer is the report's category. */
export const CATEGORY_FIELD = "category";

/** How many times a message is locked again after the unit changed its roster. */
const ROSTER_RETRIES = 1;

/** Builds the sealed message from the roster in use and the uploaded files. */
type Sealer = (roster: Roster, refs: AttachmentRef[]) => Promise<Uint8Array>;

/** Sends a message with its files; throws what went wrong (nothing typed is touched). */
export async function sendWithFiles(
  app: App,
  list: AttachmentList,
  seal: Sealer,
  onStage: (stage: Stage) => void,
): Promise<{ id: string }> {
  const api = app.api;
  let roster = app.roster;
  if (!api || !roster) throw new UiError(msg("error.unexpected"));
  for (let attempt = 0; ; attempt++) {
    try {
      // A page left open past the roster's expiry checks it again first.
      if (todayUtc() > roster.expires) roster = await app.refreshRoster();
      const refs = await uploadAll(app, roster, list, onStage);
      onStage({ kind: "message" });
      const sealed = await seal(roster, refs);
      return await api.postMessage(sealed, roster.version, proving(onStage, null, { kind: "message" }));
    } catch (e) {
      if (e instanceof ApiError && e.code === "roster_changed" && attempt < ROSTER_RETRIES) {
        roster = await app.refreshRoster();
        if (!validateFiles(list, roster.policy)) throw new UiError(msg("files.error.policy-changed"));
        continue;
      }
      throw e;
    }
  }
}

/**
 * Shows the proof of work once a first try has not been enough (one try,
 * the usual case when the site is quiet, is too short to mention), and
 * `after` again once it is done.
 */
function proving(onStage: (stage: Stage) => void, file: { index: number; count: number } | null, after: Stage): PowOptions {
  let shown = false;
  return {
    onProgress: (tries, bits) => {
      shown = true;
      onStage({ kind: "proving", file, tries, bits });
    },
    onSolved: () => {
      if (shown) onStage(after);
      shown = false;
    },
  };
}

async function prepared(item: AttachmentItem): Promise<Blob> {
  if (!willClean(item)) return item.file;
  try {
    item.cleaned ??= await clean(item.file);
  } catch (e) {
    if (!(e instanceof MetadataError)) throw e;
    const because = msg(METADATA_ERROR_KEYS[e.code]);
    const failed = msg("files.error.clean-failed", { name: item.file.name });
    item.error = join(failed, because);
    throw new UiError(join(failed, because));
  }
  return item.cleaned;
}

async function uploadAll(app: App, roster: Roster, list: AttachmentList, onStage: (stage: Stage) => void): Promise<AttachmentRef[]> {
  const api = app.api;
  if (!api) throw new UiError(msg("error.unexpected"));
  const count = list.items.length;
  if (count === 0) return [];
  onStage({ kind: "checking" });
  const blobs: Blob[] = [];
  for (const item of list.items) {
    const blob = await prepared(item);
    if (blob.size > roster.policy.max_attachment_bytes) {
      const max = roster.policy.max_attachment_bytes;
      throw new UiError((i) => i.t("files.error.file-too-large", { name: item.file.name, size: i.size(max) }));
    }
    blobs.push(blob);
  }
  const refs: AttachmentRef[] = [];
  for (const [index, item] of list.items.entries()) {
    const blob = blobs[index];
    if (!blob) continue;
    const n = index + 1;
    const name = sentName(item, n);
    const keep = !willClean(item);
    const done = item.uploaded;
    if (done && done.rosterVersion === roster.version && done.keepDetails === keep) {
      refs.push({ ...done.ref, name });
      continue;
    }
    item.uploaded = null;
    onStage({ kind: "locking", index: n, count, done: 0, total: blob.size });
    const sealed = await sealAttachment(blob, roster, (d, total) =>
      onStage({ kind: "locking", index: n, count, done: d, total }),
    );
    const uploading: Stage = { kind: "uploading", index: n, count, done: 0, total: sealed.sealed.size };
    onStage(uploading);
    const stored = await api.postAttachment(
      sealed.sealed,
      roster.version,
      (sent, total) => onStage({ kind: "uploading", index: n, count, done: sent, total }),
      proving(onStage, { index: n, count }, uploading),
    );
    const ref: AttachmentRef = {
      id: stored.id,
      size: sealed.size,
      sha256: sealed.sha256,
      media_type: item.inspection?.mediaType ?? "application/octet-stream",
      name,
    };
    item.uploaded = { rosterVersion: roster.version, ref, keepDetails: keep, sendName: item.sendName };
    refs.push(ref);
  }
  return refs;
}

/** The report's category and answers, for the fields of the roster in use. */
export function answersFor(roster: Roster, given: Record<string, string>): { category?: string; answers: Record<string, string> } {
  const out: { category?: string; answers: Record<string, string> } = { answers: Object.create(null) as Record<string, string> };
  for (const field of roster.form?.fields ?? []) {
    const value = (given[field.id] ?? "").trim();
    if (value === "") continue;
    if (field.kind === "choice" && !(field.options ?? []).some((o) => o.id === value)) continue;
    if (field.id === CATEGORY_FIELD) out.category = value;
    else out.answers[field.id] = value;
  }
  return out;
}

/**
 * Sends the report with the receipt made for it. On success the page shows
 * "sent"; on failure it goes back to the form, everything still filled in
 * and the same receipt kept, with the reason and "Try again".
 */
export async function sendReport(app: App): Promise<void> {
  const report = app.report;
  const entropy = report.entropy;
  if (!entropy) return;
  report.failure = null;
  app.stage = null;
  app.go("sending");
  const keys = await deriveKeys(entropy);
  try {
    await sendWithFiles(
      app,
      report.files,
      (roster, refs) => {
        const { category, answers } = answersFor(roster, report.answers);
        const input = { answers, text: report.text, attachments: refs };
        return sealReport(category === undefined ? input : { ...input, category }, keys, roster);
      },
      (stage) => app.setStage(stage),
    );
    app.reportSent();
  } catch (e) {
    app.reportFailed(e);
  } finally {
    wipeKeys(keys);
  }
}

/**
 * Sends a follow-up from the come-back screen. Its number and the highest
 * reply number it has seen come from the replies read in this visit, so
 * the mailbox is read first if it has not been (or could not be).
 */
export async function sendFollowUp(app: App): Promise<void> {
  const box = app.mailbox;
  const keys = box.keys;
  if (!keys) return;
  try {
    if (!box.loaded) {
      await loadReplies(app, "keep");
      if (app.mailbox !== box) return;
      if (!box.loaded) throw new UiError(box.loadError ?? msg("error.unexpected"));
    }
    // Fixed before sending: a retry after a roster change keeps it.
    const position = followUpPosition(box.marks, box.sentSeq, todayUtc());
    await sendWithFiles(
      app,
      box.followFiles,
      (roster, refs) => sealFollowUp({ text: box.followText, attachments: refs, position }, keys, roster),
      (stage) => app.setStage(stage),
    );
    box.sentSeq = Math.max(box.sentSeq, position.seq);
    if (app.mailbox === box) app.followUpSent();
  } catch (e) {
    if (app.mailbox === box) app.followUpFailed(e);
  }
}
