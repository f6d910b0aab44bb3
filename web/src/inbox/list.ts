// The inbox: search (done by the program, over the decrypted text), then
// status, assignee and label filters (done here, on the list it gave), and
// the threads, 200 at a time so that 10,000 stay fast.
import type { Inbox, ThreadSummary } from "./api";
import type { InboxApp } from "./app";
import { focus, h } from "../ui/dom";
import { count, number, statusName } from "./format";

/** Rows drawn at once. */
export const PAGE = 200;

/** The status filter's choices: value, words, and which statuses it shows. */
const STATUS_FILTERS: readonly (readonly [string, string, readonly string[] | null])[] = [
  ["active", "To do", ["new", "open", "waiting", "unverified"]],
  ["new", "New", ["new"]],
  ["open", "Open", ["open"]],
  ["waiting", "Waiting", ["waiting"]],
  ["unverified", "Not verified", ["unverified"]],
  ["closed", "Closed", ["closed"]],
  ["spam", "Spam", ["spam"]],
  ["all", "All", null],
];

const ANY = "\u0000any";
const ME = "\u0000me";
const NOBODY = "\u0000nobody";

/** The inbox view (kept while the page is open, so filters survive opening a thread). */
export class InboxScreen {
  readonly root: HTMLElement;
  private readonly app: InboxApp;
  private readonly searchInput: HTMLInputElement;
  private readonly clearButton: HTMLButtonElement;
  private readonly statusSelect: HTMLSelectElement;
  private readonly assigneeSelect: HTMLSelectElement;
  private readonly labelSelect: HTMLSelectElement;
  private readonly summary: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly empty: HTMLElement;
  private readonly more: HTMLButtonElement;
  private inbox: Inbox | null = null;
  private search = "";
  private shown: ThreadSummary[] = [];
  private drawn = 0;

  constructor(app: InboxApp) {
    this.app = app;
    this.searchInput = h("input", {
      type: "search",
      id: "search",
      name: "search",
      autocomplete: "off",
      spellcheck: "false",
      "aria-describedby": "search-hint",
    });
    const searchButton = h("button", { type: "submit", id: "search-go", class: "secondary", "data-act": true }, "Search");
    this.clearButton = h(
      "button",
      {
        type: "button",
        id: "search-clear",
        class: "secondary",
        "data-act": true,
        on: {
          click: () => {
            this.searchInput.value = "";
            void app.searchFor("", this.clearButton).then(() => this.searchInput.focus());
          },
        },
      },
      "Clear search",
    );
    const searchForm = h(
      "form",
      {
        role: "search",
        class: "search",
        "aria-label": "Search the threads",
        novalidate: true,
        on: {
          submit: (event) => {
            event.preventDefault();
            void app.searchFor(this.searchInput.value, searchButton);
          },
        },
      },
      h("label", { for: "search" }, "Search the threads"),
      h("p", { class: "hint", id: "search-hint" }, "Finds threads whose reports, messages, notes or file names contain every word."),
      h("div", { class: "search-row" }, this.searchInput, searchButton, this.clearButton),
    );

    this.statusSelect = select("filter-status", STATUS_FILTERS.map(([value, text]) => [value, text] as const));
    this.assigneeSelect = select("filter-assignee", [[ANY, "Anyone"]]);
    this.labelSelect = select("filter-label", [[ANY, "Any label"]]);
    for (const s of [this.statusSelect, this.assigneeSelect, this.labelSelect]) {
      s.addEventListener("change", () => this.filter());
    }
    const filters = h(
      "fieldset",
      { class: "filters", "aria-describedby": "filters-hint" },
      h("legend", null, "Show"),
      h(
        "div",
        { class: "filter-row" },
        field("filter-status", "Status", this.statusSelect),
        field("filter-assignee", "Assigned to", this.assigneeSelect),
        field("filter-label", "Label", this.labelSelect),
      ),
      h("p", { class: "hint", id: "filters-hint" }, "“To do” is every thread that is not closed or spam."),
    );

    this.summary = h("p", { id: "inbox-summary", class: "summary", role: "status" });
    this.list = h("ol", { id: "threads", class: "threads", "aria-labelledby": "view-title" });
    this.empty = h("p", { id: "inbox-empty", class: "empty", hidden: true });
    this.more = h(
      "button",
      { type: "button", id: "show-more", class: "secondary", hidden: true, on: { click: () => this.showMore() } },
      "Show more",
    );
    this.root = h(
      "section",
      { class: "screen inbox", "aria-labelledby": "view-title" },
      h("h1", { id: "view-title", tabindex: "-1" }, "Inbox"),
      h("div", { class: "finders" }, searchForm, filters),
      this.summary,
      this.empty,
      this.list,
      this.more,
    );
    this.summary.textContent = "Loading the inbox…";
  }

  /** New data from the program; `searched` is true right after a search. */
  update(inbox: Inbox, search: string, searched = false): void {
    this.inbox = inbox;
    this.search = search;
    if (searched) this.searchInput.value = search;
    this.clearButton.hidden = search === "";
    const others = inbox.caseworkers.filter((c) => c !== inbox.me);
    setOptions(this.assigneeSelect, [
      [ANY, "Anyone"],
      [ME, `Me (${inbox.me})`],
      [NOBODY, "Nobody"],
      ...others.map((c) => [`cw:${c}`, c] as const),
    ]);
    const labels = [...new Set(inbox.threads.flatMap((t) => t.labels))].sort();
    setOptions(this.labelSelect, [[ANY, "Any label"], ...labels.map((l) => [`l:${l}`, l] as const)]);
    this.filter();
  }

  /** Puts focus on the row of thread `id`, or on the heading. */
  focusOn(id: string | null): void {
    const link = id ? this.list.querySelector<HTMLElement>(`a[data-id="${CSS.escape(id)}"]`) : null;
    if (link) link.focus();
    else focus(document.getElementById("view-title"));
  }

  /** Applies the filters and draws the first page of rows. */
  private filter(): void {
    const inbox = this.inbox;
    if (!inbox) return;
    const statuses = STATUS_FILTERS.find(([value]) => value === this.statusSelect.value)?.[2] ?? null;
    const who = this.assigneeSelect.value;
    const label = this.labelSelect.value;
    const me = inbox.me;
    this.shown = inbox.threads.filter(
      (t) =>
        (statuses === null || statuses.includes(t.status)) &&
        (who === ANY ||
          (who === ME && t.assignee === me) ||
          (who === NOBODY && t.assignee === null) ||
          (who.startsWith("cw:") && t.assignee === who.slice(3))) &&
        (label === ANY || t.labels.includes(label.slice(2))),
    );
    // Redrawing must not drop focus from a row (the list is fetched again after a thread is read).
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && this.list.contains(active) ? active.dataset["id"] : undefined;
    this.list.replaceChildren();
    this.drawn = 0;
    this.draw();
    if (focused) this.list.querySelector<HTMLElement>(`a[data-id="${CSS.escape(focused)}"]`)?.focus();
    this.summary.textContent = this.describe(inbox.threads.length);
    this.empty.hidden = this.shown.length > 0;
    this.empty.textContent = this.emptyText(inbox.threads.length);
  }

  /** Draws the next page of rows. */
  private draw(): void {
    const me = this.inbox?.me ?? "";
    const rows = document.createDocumentFragment();
    const end = Math.min(this.shown.length, this.drawn + PAGE);
    for (let i = this.drawn; i < end; i += 1) {
      const t = this.shown[i];
      if (t) rows.appendChild(row(t, me));
    }
    this.list.appendChild(rows);
    this.drawn = end;
    const left = this.shown.length - this.drawn;
    this.more.hidden = left <= 0;
    this.more.textContent = `Show ${Math.min(left, PAGE)} more (${number(left)} not shown)`;
  }

  private showMore(): void {
    const first = this.drawn;
    this.draw();
    this.list.children[first]?.querySelector<HTMLElement>("a")?.focus();
  }

  private describe(total: number): string {
    const n = this.shown.length;
    const drawn = n > this.drawn ? ` The first ${this.drawn} are listed.` : "";
    if (this.search !== "") {
      const match = `${count(total, "thread matches", "threads match")} “${this.search}”.`;
      return n === total ? match + drawn : `${match} ${number(n)} of them ${n === 1 ? "is" : "are"} shown with the filters.${drawn}`;
    }
    if (n === total) return `${count(n, "thread", "threads")}.${drawn}`;
    return `${number(n)} of ${count(total, "thread", "threads")} shown with the filters.${drawn}`;
  }

  private emptyText(total: number): string {
    if (this.search !== "" && total === 0) {
      return `No thread contains every word of “${this.search}”. Check the spelling, search for fewer words, or clear the search.`;
    }
    if (total === 0) return "The inbox is empty. Press Sync to fetch new reports.";
    return "No thread matches these filters. To see closed and spam threads too, choose “All” under Status.";
  }
}

function select(id: string, options: readonly (readonly [string, string])[]): HTMLSelectElement {
  const s = h("select", { id, name: id });
  setOptions(s, options);
  return s;
}

/** Replaces a select's options, keeping the choice when it is still there. */
function setOptions(s: HTMLSelectElement, options: readonly (readonly [string, string])[]): void {
  const current = s.value;
  s.replaceChildren(...options.map(([value, text]) => h("option", { value }, text)));
  s.value = options.some(([value]) => value === current) ? current : (options[0]?.[0] ?? "");
}

function field(id: string, text: string, control: HTMLElement): HTMLElement {
  return h("div", { class: "filter" }, h("label", { for: id }, text), control);
}

/** A middle dot between facts (a comma for screen readers). */
function sep(): Node[] {
  return [h("span", { class: "sep", "aria-hidden": "true" }, " · "), h("span", { class: "visually-hidden" }, ", ")];
}

/** One thread in the list. */
function row(t: ThreadSummary, me: string): HTMLElement {
  const facts: Node[] = [];
  const add = (node: Node | string): void => {
    if (facts.length > 0) facts.push(...sep());
    facts.push(typeof node === "string" ? document.createTextNode(node) : node);
  };
  if (t.unread > 0) add(h("strong", { class: "unread-count" }, `${t.unread} unread`));
  add(h("span", { class: "day" }, t.day));
  add(h("span", { class: `status status-${t.status}` }, statusName(t.status)));
  add(t.assignee === null ? "unassigned" : t.assignee === me ? `assigned to me (${me})` : `assigned to ${t.assignee}`);
  if (t.category) add(t.category);
  add(count(t.messages, "message", "messages"));
  return h(
    "li",
    { class: t.unread > 0 ? "row unread" : "row" },
    h(
      "a",
      { href: `#thread=${t.id}`, class: "thread-link", "data-id": t.id },
      h("span", { class: "short-id" }, t.short_id),
      " ",
      h("span", { class: "preview" }, t.preview.trim() === "" ? "(no text)" : t.preview),
    ),
    h("p", { class: "facts" }, facts),
    t.labels.length > 0
      ? h("p", { class: "labels" }, h("span", { class: "visually-hidden" }, "Labels: "), t.labels.map((l) => h("span", { class: "label" }, l)))
      : null,
    t.unverified > 0
      ? h("p", { class: "unverified" }, `Warning: ${count(t.unverified, "message", "messages")} not verified.`)
      : null,
  );
}

