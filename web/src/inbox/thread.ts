// One thread: its facts, the report's form answers, the messages in the
// thread's order with the places where one may be missing, and (from
// controls.ts) what a caseworker can do with it. Everything in it was
// written by a reporter or a caseworker and goes in as text only.
import { fileUrl, getThread, isId, type Attachment, type Inbox, type Message, type Thread } from "./api";
import type { InboxApp } from "./app";
import { h, replace } from "../ui/dom";
import { Controls } from "./controls";
import { count, fromName, isInlineImage, kindName, size, statusName } from "./format";

/** The thread view. Reloading it redraws the thread but keeps the forms and what is typed in them. */
export class ThreadScreen {
  readonly root: HTMLElement;
  readonly app: InboxApp;
  thread: Thread;
  private readonly top: HTMLElement;
  private readonly answers: HTMLElement;
  private readonly messages: HTMLElement;
  private readonly controls: Controls;

  constructor(app: InboxApp, thread: Thread) {
    this.app = app;
    this.thread = thread;
    this.top = h("div", { class: "thread-head" });
    this.answers = h("div", { class: "answers-box" });
    this.messages = h("div", { class: "messages-box" });
    this.controls = new Controls(this);
    this.root = h(
      "section",
      { class: "screen thread-view", "aria-labelledby": "view-title" },
      h("p", { class: "back no-print" }, h("a", { href: "#", id: "back" }, "← Back to the inbox")),
      this.top,
      h(
        "div",
        { class: "thread-body" },
        h("div", { class: "thread-main" }, this.answers, this.messages, this.controls.reply),
        h("div", { class: "thread-side" }, this.controls.manage, this.controls.notes),
      ),
    );
    this.draw();
  }

  /** Fetches the thread and the inbox again and redraws. */
  async reload(): Promise<void> {
    const [thread] = await Promise.all([getThread(this.thread.id), this.app.refreshInbox()]);
    this.thread = thread;
    this.draw();
  }

  /** The caseworkers changed (the inbox was fetched). */
  people(inbox: Inbox): void {
    this.controls.people(inbox);
  }

  private draw(): void {
    const t = this.thread;
    replace(
      this.top,
      h("h1", { id: "view-title", tabindex: "-1" }, `Thread ${t.short_id}`),
      h(
        "dl",
        { class: "thread-facts" },
        fact("Reported", t.day),
        fact("Category", t.category ?? "none given"),
        fact("Status", h("span", { id: "thread-status", class: `status status-${t.status}` }, statusName(t.status))),
        fact("Assigned to", h("span", { id: "thread-assignee" }, t.assignee ?? "nobody")),
        fact(
          "Labels",
          t.labels.length === 0
            ? h("span", { id: "thread-labels" }, "none")
            : h("span", { id: "thread-labels" }, t.labels.map((l) => h("span", { class: "label" }, l))),
        ),
        fact("Messages", String(t.messages.length)),
      ),
      h(
        "p",
        { class: "no-print" },
        h("button", { type: "button", id: "print", class: "secondary", on: { click: () => window.print() } }, "Print or save as PDF"),
      ),
    );
    const entries = Object.entries(t.answers);
    replace(
      this.answers,
      entries.length === 0
        ? null
        : h(
            "section",
            { class: "answers", "aria-labelledby": "answers-title" },
            h("h2", { id: "answers-title" }, "Form answers"),
            h("dl", { id: "answers" }, entries.flatMap(([k, v]) => [h("dt", null, question(k)), h("dd", null, v)])),
          ),
    );
    replace(this.messages, messagesSection(t));
    this.controls.update(t);
  }
}

function fact(term: string, value: Node | string): Node[] {
  return [h("dt", null, term), h("dd", null, value)];
}

/** A form field's ID as a heading: "where_seen" → "Where seen". */
function question(key: string): string {
  const words = key.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function messagesSection(t: Thread): HTMLElement {
  const before = new Map<string | null, string[]>();
  for (const gap of t.gaps) {
    const list = before.get(gap.before) ?? [];
    list.push(gap.text);
    before.set(gap.before, list);
  }
  const gapNotes = (key: string | null): Node[] =>
    (before.get(key) ?? []).map((text) => h("p", { class: "gap", role: "note" }, text));
  const section = h(
    "section",
    { class: "messages", "aria-labelledby": "messages-title" },
    h("h2", { id: "messages-title" }, count(t.messages.length, "message", "messages")),
  );
  for (const m of t.messages) section.append(...gapNotes(m.id), message(m));
  section.append(...gapNotes(null));
  return section;
}

function message(m: Message): HTMLElement {
  const id = isId(m.id) ? m.id : "x";
  const meta: (Node | string)[] = [h("span", null, `Received ${m.day}`)];
  if (m.position) meta.push(` · written ${m.position.day}`);
  if (m.arrived) meta.push(` · reached this computer ${m.arrived}`);
  if (m.unread) meta.push(" · ", h("strong", { class: "new-tag" }, "new"));
  return h(
    "article",
    {
      class: `message ${m.from === "reporter" ? "from-reporter" : "from-unit"}${m.verified ? "" : " not-verified"}`,
      "aria-labelledby": `msg-${id}`,
      "data-kind": m.kind,
    },
    h("h3", { id: `msg-${id}` }, `${kindName(m.kind)} from ${fromName(m.from)}`),
    h("p", { class: "meta" }, meta),
    m.verified
      ? null
      : h(
          "div",
          { class: "unverified-warning", role: "note" },
          h("p", null, h("strong", null, "Warning: this message is not verified."), " It may not come from who it says, or it may have been changed. Do not act on it without checking."),
          m.problem ? h("p", null, "Problem: ", m.problem) : null,
        ),
    h("div", { class: "text" }, m.text),
    m.attachments.length > 0 ? h("ul", { class: "files" }, m.attachments.map(file)) : null,
  );
}

function file(a: Attachment): HTMLElement {
  const name = a.name.trim() === "" ? "file" : a.name;
  const label = `${name} (${size(a.size)})`;
  if (!a.downloaded || !isId(a.id)) {
    return h("li", { class: "file missing" }, h("span", { class: "file-name" }, label), ": not downloaded yet: press Sync");
  }
  const url = fileUrl(a.id);
  const link = h("a", { href: url, download: name, class: "file-link" }, label);
  if (isInlineImage(a.media_type)) {
    return h(
      "li",
      { class: "file picture" },
      h("figure", null, h("img", { src: url, alt: name, class: "inline-image" }), h("figcaption", null, "Download ", link)),
    );
  }
  return h("li", { class: "file" }, link, " ", h("span", { class: "media-type" }, a.media_type));
}
