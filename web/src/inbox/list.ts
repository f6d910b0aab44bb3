// The inbox: search (over the decrypted text), status, assignee and label
// filters, all done by the program, which sends the threads they keep 50
// at a time (a screenful or two), so that an inbox of 10,000 costs a look
// a page of them.
import { getInbox, type Inbox, type InboxQuery, type ThreadSummary } from "./api";
import type { InboxApp } from "./app";
import { focus, h } from "../ui/dom";
import { count, number, statusName } from "./format";

/** Rows fetched and drawn at once. */
export const PAGE = 50;

/** The status filter's choices: the program's value and the words. */
const STATUS_FILTERS: readonly (readonly [string, string])[] = [
  ["todo", "To do"],
  ["new", "New"],
  ["open", "Open"],
  ["waiting", "Waiting"],
  ["unverified", "Not verified"],
  ["closed", "Closed"],
  ["spam", "Spam"],
  ["all", "All"],
];

/** How long the pointer rests on a row (or focus stays on it) before its thread is fetched, in ms. */
const REST_MS = 60;

/** The filters before anything is chosen. */
export const DEFAULT_FILTERS = { status: "todo", assignee: null, label: null } as const;

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
  private drawn = 0;
  /** The rows drawn, by thread ID, with what each shows: a row is built again only if that changed. */
  private rows = new Map<string, { shows: string; row: HTMLElement }>();

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

    this.statusSelect = select("filter-status", STATUS_FILTERS);
    this.assigneeSelect = select("filter-assignee", [[ANY, "Anyone"]]);
    this.labelSelect = select("filter-label", [[ANY, "Any label"]]);
    for (const s of [this.statusSelect, this.assigneeSelect, this.labelSelect]) {
      s.addEventListener("change", () => {
        // A new choice starts again from its first page.
        this.drawn = 0;
        void app.refreshInbox();
      });
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
    // A row the pointer rests on, or that has focus, is likely to be opened next: fetch its thread.
    let resting: number | undefined;
    const rest = (event: Event): void => {
      window.clearTimeout(resting);
      const link = event.target instanceof Element ? event.target.closest<HTMLElement>("a.thread-link") : null;
      const id = link?.dataset["id"];
      if (id) resting = window.setTimeout(() => app.fetchAhead(id), REST_MS);
    };
    this.list.addEventListener("pointerover", rest);
    this.list.addEventListener("focusin", rest);
    this.list.addEventListener("pointerleave", () => window.clearTimeout(resting));
    this.empty = h("p", { id: "inbox-empty", class: "empty", hidden: true });
    this.more = h(
      "button",
      { type: "button", id: "show-more", class: "secondary", "data-act": true, hidden: true, on: { click: () => void this.showMore() } },
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
    // The label chosen stays a choice, even if no thread has it any more.
    const chosen = this.labelSelect.value.startsWith("l:") ? [this.labelSelect.value.slice(2)] : [];
    const labels = [...new Set([...inbox.labels, ...chosen])].sort();
    setOptions(this.labelSelect, [[ANY, "Any label"], ...labels.map((l) => [`l:${l}`, l] as const)]);
    this.show(inbox);
  }

  /** The filters chosen, as the program takes them. */
  filters(): Pick<InboxQuery, "status" | "assignee" | "label"> {
    const who = this.assigneeSelect.value;
    const label = this.labelSelect.value;
    return {
      status: this.statusSelect.value,
      assignee: who === ME ? "me" : who === NOBODY ? "nobody" : who.startsWith("cw:") ? who.slice(3) : null,
      label: label.startsWith("l:") ? label.slice(2) : null,
    };
  }

  /** How many rows are drawn (a refresh fetches as many again). */
  get drawnRows(): number {
    return this.drawn;
  }

  /** Puts focus on the row of thread `id`, or on the heading. */
  focusOn(id: string | null): void {
    const link = id ? this.list.querySelector<HTMLElement>(`a[data-id="${CSS.escape(id)}"]`) : null;
    if (link) link.focus();
    else focus(document.getElementById("view-title"));
  }

  /**
   * Draws the first rows of `inbox` (a first page, or more after Show
   * more). Rows that show the same as before are kept, not built again:
   * the list is fetched again each time a thread is closed, and only that
   * thread's row changed.
   */
  private show(inbox: Inbox): void {
    // Redrawing must not drop focus from a row (the list is fetched again after a thread is read).
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && this.list.contains(active) ? active.dataset["id"] : undefined;
    const old = this.rows;
    this.rows = new Map();
    const rows = inbox.threads.map((t) => this.rowOf(t, old));
    rows.forEach((row, i) => {
      const there = this.list.children[i] ?? null;
      if (there !== row) this.list.insertBefore(row, there);
    });
    while (this.list.children.length > rows.length) this.list.lastElementChild?.remove();
    this.drawn = rows.length;
    this.afterDraw();
    if (focused && !this.list.contains(document.activeElement)) {
      this.list.querySelector<HTMLElement>(`a[data-id="${CSS.escape(focused)}"]`)?.focus();
    }
    setText(this.summary, this.describe(inbox.total));
    this.empty.hidden = inbox.matching > 0;
    setText(this.empty, this.emptyText(inbox.total));
  }

  /** The row of `t`: the one in `old` if it shows the same, or a new one. */
  private rowOf(t: ThreadSummary, old: ReadonlyMap<string, { shows: string; row: HTMLElement }>): HTMLElement {
    const me = this.inbox?.me ?? "";
    const shows = `${me}\u0000${JSON.stringify(t)}`;
    const known = old.get(t.id);
    const drawn = known?.shows === shows ? known.row : row(t, me);
    this.rows.set(t.id, { shows, row: drawn });
    return drawn;
  }

  /** Draws `threads` after the rows already drawn. */
  private draw(threads: readonly ThreadSummary[]): void {
    const rows = document.createDocumentFragment();
    for (const t of threads) rows.appendChild(this.rowOf(t, new Map()));
    this.list.appendChild(rows);
    this.drawn += threads.length;
    this.afterDraw();
  }

  /** The Show more button, for what is left after the rows drawn. */
  private afterDraw(): void {
    const left = (this.inbox?.matching ?? 0) - this.drawn;
    this.more.hidden = left <= 0;
    this.more.textContent = `Show ${Math.min(left, PAGE)} more (${number(left)} not shown)`;
  }

  /** Fetches and draws the next page of rows. */
  private async showMore(): Promise<void> {
    const first = this.drawn;
    try {
      const next = await this.app.whileBusy(this.more, "Loading…", () =>
        getInbox({ search: this.search, ...this.filters(), offset: first, limit: PAGE }),
      );
      this.draw(next.threads);
      this.summary.textContent = this.describe(next.total);
    } catch (e) {
      this.app.showProblem(e instanceof Error ? e.message : String(e));
      return;
    }
    this.list.children[first]?.querySelector<HTMLElement>("a")?.focus();
  }

  private describe(total: number): string {
    const n = this.inbox?.matching ?? 0;
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

/** Sets an element's text, unless it says that already (a change is a new text node to lay out). */
function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

function select(id: string, options: readonly (readonly [string, string])[]): HTMLSelectElement {
  const s = h("select", { id, name: id });
  setOptions(s, options);
  return s;
}

/** Replaces a select's options, keeping the choice when it is still there. */
function setOptions(s: HTMLSelectElement, options: readonly (readonly [string, string])[]): void {
  const same =
    s.options.length === options.length &&
    options.every(([value, text], i) => s.options[i]?.value === value && s.options[i]?.text === text);
  if (same) return;
  const current = s.value;
  s.replaceChildren(...options.map(([value, text]) => h("option", { value }, text)));
  s.value = options.some(([value]) => value === current) ? current : (options[0]?.[0] ?? "");
}

function field(id: string, text: string, control: HTMLElement): HTMLElement {
  return h("div", { class: "filter" }, h("label", { for: id }, text), control);
}

/** One thread in the list. Its facts are separated by the stylesheet (a middle dot, read as a comma). */
function row(t: ThreadSummary, me: string): HTMLElement {
  const facts: Node[] = [];
  const add = (node: HTMLElement | string): void => {
    facts.push(typeof node === "string" ? h("span", { class: "fact" }, node) : node);
  };
  if (t.unread > 0) add(h("strong", { class: "fact unread-count" }, `${t.unread} unread`));
  add(h("span", { class: "fact day" }, t.day));
  add(h("span", { class: `fact status status-${t.status}` }, statusName(t.status)));
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

