// Screen 6: come back with the receipt. Read the unit's answers (only those
// proven to come from the unit are shown), download their files, add
// something, or forget the mailbox. The receipt box is emptied as soon as
// the receipt is read, and the keys are wiped when the screen is left.
import {
  ApiError,
  arrangeReplies,
  deriveKeys,
  openAttachment,
  openReply,
  parseReceipt,
  ReceiptError,
  replyMarks,
  type AttachmentRef,
  type OpenedReply,
  type Roster,
} from "../protocol/index";
import type { App } from "./app";
import { filesSection, validateFiles } from "./attachments";
import { focus, h, PRIVATE_TEXT, statusLine } from "./dom";
import { errorMessage, join, msg, receiptErrorMessage } from "./messages";
import { safeName } from "./names";
import { sendFollowUp } from "./send";
import { progressBlock } from "./sending";
import { emptyFiles, wipeKeys } from "./state";

/** How long a downloaded file's object URL lives (the download has started by then). */
const REVOKE_AFTER_MS = 30_000;

/** The come-back screen. */
export function mailboxScreen(app: App): HTMLElement {
  const i = app.i18n;
  const box = app.mailbox;
  const section = h("section", { class: "screen", "aria-labelledby": "screen-title" });
  section.append(h("h1", { id: "screen-title", tabindex: "-1" }, i.t("mailbox.title")));
  if (box.forgotten) {
    section.append(
      h("p", { class: "ok", role: "status", "data-status": true, tabindex: "-1" }, i.t("forget.done")),
      backButton(app),
    );
    return section;
  }
  if (!box.keys) {
    section.append(receiptEntry(app), h("div", { class: "buttons" }, backButton(app)));
    return section;
  }
  section.append(repliesSection(app), followUpSection(app), forgetSection(app), h("div", { class: "buttons" }, backButton(app)));
  return section;
}

function backButton(app: App): HTMLElement {
  // Not while a follow-up is being sealed: leaving wipes the keys it is signed with.
  return h(
    "button",
    {
      type: "button",
      class: "secondary",
      id: "mailbox-done",
      disabled: app.mailbox.sendingFollowUp,
      on: { click: () => app.go("start") },
    },
    app.i18n.t("mailbox.done"),
  );
}

function receiptEntry(app: App): Node {
  const i = app.i18n;
  const box = app.mailbox;
  const area = h("textarea", {
    id: "receipt-input",
    rows: "4",
    dir: "ltr",
    class: "code",
    autocomplete: "off",
    autocapitalize: "off",
    autocorrect: "off",
    spellcheck: "false",
    value: box.input,
    "aria-describedby": box.inputError ? "receipt-input-hint receipt-input-error" : "receipt-input-hint",
    "aria-invalid": box.inputError ? "true" : null,
    on: { input: () => (box.input = area.value) },
  });
  const frag = document.createDocumentFragment();
  frag.append(
    h("p", null, i.t("mailbox.intro")),
    h(
      "div",
      { class: "field" },
      h("label", { for: "receipt-input" }, i.t("mailbox.receipt-label")),
      h("p", { class: "hint", id: "receipt-input-hint" }, i.t("mailbox.receipt-hint")),
      area,
      box.inputError ? h("p", { class: "error", id: "receipt-input-error", role: "alert" }, box.inputError(i)) : null,
    ),
  );
  if (box.loading) {
    frag.append(statusLine(i.t("mailbox.opening")));
  } else {
    frag.append(h("button", { type: "button", class: "primary", id: "open-mailbox", on: { click: () => void open(app) } }, i.t("mailbox.open")));
  }
  return frag;
}

async function open(app: App): Promise<void> {
  const box = app.mailbox;
  let entropy: Uint8Array;
  try {
    entropy = parseReceipt(box.input);
  } catch (e) {
    box.inputError = e instanceof ReceiptError ? receiptErrorMessage(e) : errorMessage(e);
    app.render("none");
    focus(document.getElementById("receipt-input"));
    return;
  }
  box.inputError = null;
  box.loading = true;
  app.render("status");
  try {
    const keys = await deriveKeys(entropy);
    if (app.mailbox !== box) {
      wipeKeys(keys);
      return;
    }
    // The receipt is read: it leaves the box and the page keeps only the keys.
    box.input = "";
    box.keys = keys;
  } finally {
    entropy.fill(0);
  }
  await loadReplies(app);
}

/** Fetches and opens the replies in the mailbox (once at a time: a call
 * while a load is under way waits for that one). Focus goes to the status
 * line, or stays on the same element with `focusOn` "keep" (a follow-up being sent). */
export function loadReplies(app: App, focusOn: "status" | "keep" = "status"): Promise<void> {
  const box = app.mailbox;
  if (box.pending) return box.pending;
  const pending = readMailbox(app, focusOn).finally(() => {
    if (box.pending === pending) box.pending = null;
  });
  box.pending = pending;
  return pending;
}

async function readMailbox(app: App, focusOn: "status" | "keep"): Promise<void> {
  const box = app.mailbox;
  const keys = box.keys;
  const api = app.api;
  const checked = app.roster;
  if (!keys || !api || !checked) return;
  let roster: Roster = checked;
  box.loading = true;
  box.loadError = null;
  app.render(focusOn);
  const shown: OpenedReply[] = [];
  let unproven = 0;
  let read = false;
  try {
    const replies = await api.fetchMailbox(keys.mailboxHex);
    const open = async (r: (typeof replies)[number]): Promise<OpenedReply | null> => {
      try {
        return await openReply(r, keys, roster);
      } catch {
        return null;
      }
    };
    let opened = await Promise.all(replies.map(open));
    // A reply written under a newer roster than the one this page checked:
    // the unit published one since the page loaded. Fetch it (never an
    // older one) and check again; if the server still offers an older
    // roster than the reply names, the reply stays unverified.
    if (opened.some((o) => o?.problem === "newer-roster")) {
      try {
        roster = await app.refreshRoster();
        opened = await Promise.all(replies.map(open));
      } catch {
        // Keep the first result: those replies are not shown as genuine.
      }
    }
    for (const o of opened) {
      if (o?.verified === true) shown.push(o);
      else unproven += 1;
    }
    read = true;
  } catch (e) {
    if (app.mailbox !== box) return;
    box.loadError = errorMessage(e);
  }
  if (app.mailbox !== box) return;
  if (read) {
    // One of each reply (the operator can store a blob twice), in the
    // thread's order, with the places where a reply number is missing.
    const arranged = arrangeReplies(shown);
    box.entries = arranged.entries;
    box.replies = arranged.entries.flatMap((e) => (e.kind === "reply" ? [e.reply] : []));
    box.marks = replyMarks(box.replies, box.marks);
    box.unproven = unproven;
    box.loaded = true;
  }
  box.loading = false;
  app.render(focusOn);
}

function repliesSection(app: App): HTMLElement {
  const i = app.i18n;
  const box = app.mailbox;
  const section = h("section", { class: "replies", "aria-labelledby": "replies-title" }, h("h2", { id: "replies-title" }, i.t("replies.title")));
  if (box.loading) {
    section.append(statusLine(i.t("mailbox.opening")));
    return section;
  }
  if (box.loadError) {
    section.append(
      h("div", { class: "alert", role: "alert", "data-status": true, tabindex: "-1" }, h("p", null, box.loadError(i))),
      h("button", { type: "button", class: "secondary", on: { click: () => void loadReplies(app) } }, i.t("action.try-again")),
    );
    return section;
  }
  const summary =
    box.replies.length === 0 ? i.t("replies.none") : i.n("replies.count", box.replies.length);
  section.append(h("p", { class: "status", role: "status", "data-status": true, tabindex: "-1", id: "replies-summary" }, summary));
  for (const entry of box.entries) {
    section.append(
      entry.kind === "reply"
        ? replyArticle(app, entry.reply)
        : h(
            "p",
            { class: "warning gap", role: "note", "data-gap": `${entry.first}-${entry.last}` },
            i.n("replies.gap", entry.last - entry.first + 1),
          ),
    );
  }
  if (box.unproven > 0) {
    section.append(h("p", { class: "warning", id: "replies-unproven" }, i.n("replies.unproven", box.unproven)));
  }
  if (box.downloadError) section.append(h("p", { class: "error", role: "alert" }, box.downloadError(i)));
  section.append(
    h("button", { type: "button", class: "secondary", id: "replies-refresh", on: { click: () => void loadReplies(app) } }, i.t("replies.refresh")),
  );
  return section;
}

function replyArticle(app: App, reply: OpenedReply): HTMLElement {
  const i = app.i18n;
  const article = h(
    "article",
    { class: "reply" },
    h(
      "h3",
      null,
      reply.position === null
        ? i.t("replies.from", { name: reply.from, day: i.day(reply.day) })
        : i.t("replies.from-written", { name: reply.from, day: i.day(reply.position.day) }),
    ),
    h("p", { class: "reply-text", dir: "auto" }, reply.text),
  );
  if (reply.attachments.length > 0) {
    article.append(
      h(
        "ul",
        { class: "downloads", "aria-label": i.t("replies.files") },
        reply.attachments.map((ref) =>
          h(
            "li",
            null,
            h(
              "button",
              { type: "button", class: "secondary", on: { click: (event) => void download(app, ref, event.currentTarget) } },
              i.t("replies.download", { name: safeName(ref.name), size: i.size(ref.size) }),
            ),
          ),
        ),
      ),
    );
  }
  return article;
}

async function download(app: App, ref: AttachmentRef, button: EventTarget | null): Promise<void> {
  const box = app.mailbox;
  const keys = box.keys;
  const api = app.api;
  if (!keys || !api) return;
  if (button instanceof HTMLButtonElement) button.disabled = true;
  box.downloadError = null;
  try {
    // The reply promised the size: a larger download is refused.
    const sealed = await api.fetchMailboxAttachment(keys.mailboxHex, ref.id, ref.size);
    const file = await openAttachment(sealed, ref, keys);
    // The reporter left the mailbox (or forgot it) meanwhile: save nothing.
    if (app.mailbox !== box || box.keys !== keys) return;
    const url = URL.createObjectURL(file);
    const a = h("a", { href: url, download: safeName(ref.name), class: "hidden-link" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  } catch (e) {
    if (app.mailbox !== box) return;
    box.downloadError = join(msg("replies.download-failed", { name: safeName(ref.name) }), errorMessage(e));
    app.render("none");
    return;
  } finally {
    if (button instanceof HTMLButtonElement) button.disabled = false;
  }
}

function followUpSection(app: App): HTMLElement {
  const i = app.i18n;
  const box = app.mailbox;
  const section = h("section", { class: "follow", "aria-labelledby": "follow-title" }, h("h2", { id: "follow-title" }, i.t("follow.title")));
  if (box.followSent) {
    section.append(h("p", { class: "ok", role: "status", id: "follow-sent" }, i.t("follow.sent")));
  }
  const error = box.followError;
  const area = h("textarea", {
    id: "follow-text",
    rows: "5",
    ...PRIVATE_TEXT,
    value: box.followText,
    "aria-describedby": error ? "follow-text-hint follow-error" : "follow-text-hint",
    "aria-invalid": error ? "true" : null,
    on: { input: () => (box.followText = area.value) },
  });
  section.append(
    h(
      "div",
      { class: "field" },
      h("label", { for: "follow-text" }, i.t("follow.label")),
      h("p", { class: "hint", id: "follow-text-hint" }, i.t("follow.hint")),
      area,
    ),
    filesSection(app, box.followFiles, "follow", "h3"),
  );
  if (error) {
    section.append(h("div", { class: "alert", role: "alert", id: "follow-error", "data-status": true, tabindex: "-1" }, h("p", null, error(i))));
  }
  if (box.sendingFollowUp) {
    section.append(progressBlock(app, "follow-up"));
  } else {
    section.append(
      h("button", { type: "button", class: "primary", id: "follow-send", on: { click: () => startFollowUp(app) } }, i.t("follow.send")),
    );
  }
  return section;
}

function startFollowUp(app: App): void {
  const box = app.mailbox;
  const roster = app.roster;
  if (!roster) return;
  box.followSent = false;
  box.followError = null;
  const filesOk = validateFiles(box.followFiles, roster.policy);
  if (box.followText.trim() === "" && box.followFiles.items.length === 0) {
    box.followError = msg("follow.error.empty");
  }
  if (box.followError || !filesOk) {
    app.render("none");
    const bad = box.followFiles.items.find((item) => item.error);
    focus(box.followError ? document.getElementById("follow-text") : document.getElementById(bad ? `${bad.key}-item` : "follow-file-input"));
    return;
  }
  box.sendingFollowUp = true;
  app.stage = null;
  app.render("status");
  void sendFollowUp(app);
}

/** After a follow-up was sent: clear what was typed. */
export function followUpDone(app: App): void {
  const box = app.mailbox;
  box.sendingFollowUp = false;
  box.followText = "";
  box.followFiles = emptyFiles();
  box.followSent = true;
  app.render("none");
  focus(document.getElementById("follow-sent"));
}

/** After a follow-up failed: keep everything, say why. */
export function followUpNotSent(app: App, e: unknown): void {
  const box = app.mailbox;
  box.sendingFollowUp = false;
  box.followError = join(errorMessage(e), msg("follow.kept"));
  app.render("none");
  focus(document.getElementById("follow-error"));
}

function forgetSection(app: App): HTMLElement {
  const i = app.i18n;
  const box = app.mailbox;
  const section = h(
    "section",
    { class: "forget", "aria-labelledby": "forget-title" },
    h("h2", { id: "forget-title" }, i.t("forget.title")),
    h("p", null, i.t("forget.explain")),
  );
  if (box.forgetError) section.append(h("p", { class: "error", role: "alert" }, box.forgetError(i)));
  if (!box.forgetAsk) {
    section.append(
      h(
        "button",
        {
          type: "button",
          class: "danger-outline",
          id: "forget",
          on: {
            click: () => {
              box.forgetAsk = true;
              app.render("none");
              focus(document.getElementById("forget-confirm"));
            },
          },
        },
        i.t("forget.button"),
      ),
    );
    return section;
  }
  section.append(
    h(
      "div",
      { class: "confirm", id: "forget-confirm", tabindex: "-1", role: "group", "aria-labelledby": "forget-question" },
      h("p", { id: "forget-question" }, i.t("forget.question")),
      h("ul", null, h("li", null, i.t("forget.effect-gone")), h("li", null, i.t("forget.effect-no-more")), h("li", null, i.t("forget.effect-report"))),
      h(
        "div",
        { class: "buttons" },
        h(
          "button",
          {
            type: "button",
            class: "secondary",
            id: "forget-cancel",
            on: {
              click: () => {
                box.forgetAsk = false;
                app.render("none");
                focus(document.getElementById("forget"));
              },
            },
          },
          i.t("forget.cancel"),
        ),
        h("button", { type: "button", class: "danger", id: "forget-yes", on: { click: () => void forget(app) } }, i.t("forget.yes")),
      ),
    ),
  );
  return section;
}

async function forget(app: App): Promise<void> {
  const box = app.mailbox;
  const keys = box.keys;
  const api = app.api;
  if (!keys || !api) return;
  box.forgetError = null;
  try {
    await api.forget(keys.mailboxHex, keys.forgetSecretHex);
  } catch (e) {
    if (app.mailbox !== box) return;
    box.forgetError =
      e instanceof ApiError && e.code === "forbidden" ? msg("forget.forbidden") : join(errorMessage(e), msg("forget.not-deleted"));
    box.forgetAsk = false;
    app.render("none");
    focus(document.getElementById("forget"));
    return;
  }
  if (app.mailbox !== box) return;
  wipeKeys(box.keys);
  box.keys = null;
  box.replies = [];
  box.entries = [];
  box.forgotten = true;
  app.render("status");
}
