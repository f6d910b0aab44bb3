// The inbox page: which view is shown (from the address's fragment, so
// Back works), the data from `sanctuary case ui`, and one request at a time
// with every action button disabled while it runs.
//
//   #              the inbox (list, search and filters)
//   #thread=<id>   one thread
import { ApiError, getInbox, getThread, isId, sync, type Inbox, type InboxQuery } from "./api";
import { focus, h, replace } from "../ui/dom";
import { Header } from "./header";
import { DEFAULT_FILTERS, InboxScreen, PAGE } from "./list";
import { ThreadScreen } from "./thread";

/** What the person has typed into a thread's forms and not yet sent. */
export interface Draft {
  label: string;
  note: string;
  reply: string;
  files: File[];
}

/** Where the address points. */
type Route = { kind: "inbox" } | { kind: "thread"; id: string } | { kind: "bad" };

function readRoute(hash: string): Route {
  const fragment = hash.replace(/^#/, "");
  if (fragment === "") return { kind: "inbox" };
  const m = /^thread=(.*)$/.exec(fragment);
  if (m && isId(m[1] ?? "")) return { kind: "thread", id: m[1] ?? "" };
  return { kind: "bad" };
}

/** The page. */
export class InboxApp {
  /** The last inbox fetched (with the search in `search`). */
  inbox: Inbox | null = null;
  /** The search the inbox was fetched with ("" = none). */
  search = "";
  /** Unsent text and files, by thread ID (kept while the page is open). */
  readonly drafts = new Map<string, Draft>();
  private readonly header: Header;
  private readonly main: HTMLElement;
  /** The polite live region for what the program said (Sync). */
  private readonly said: HTMLElement;
  /** The alert region for errors that belong to no form. */
  private readonly problem: HTMLElement;
  private readonly view: HTMLElement;
  private inboxScreen: InboxScreen | null = null;
  private threadScreen: ThreadScreen | null = null;
  /** The thread last opened: the inbox puts focus back on its row. */
  private lastThread: string | null = null;
  private busy = false;
  /** Counts requests for the inbox, so that only the latest answer is drawn. */
  private inboxRequests = 0;
  /** Counts route changes, so a slow answer for a view no longer shown is dropped. */
  private generation = 0;

  constructor(bar: HTMLElement, main: HTMLElement) {
    this.header = new Header(this, bar);
    this.main = main;
    this.said = h("p", { id: "said", class: "said", role: "status", "aria-live": "polite" });
    this.problem = h("div", { id: "problem", class: "problem", role: "alert" });
    this.view = h("div", { id: "view" });
    replace(main, this.said, this.problem, this.view);
  }

  /** Loads the inbox and shows the view the address names. */
  start(): void {
    window.addEventListener("hashchange", () => void this.route());
    void this.route();
  }

  /** The draft of thread `id`. */
  draft(id: string): Draft {
    let d = this.drafts.get(id);
    if (!d) {
      d = { label: "", note: "", reply: "", files: [] };
      this.drafts.set(id, d);
    }
    return d;
  }

  /** Shows the view the address names. */
  async route(): Promise<void> {
    const route = readRoute(location.hash);
    this.generation += 1;
    const generation = this.generation;
    this.showProblem(null);
    if (route.kind === "bad") {
      this.threadScreen = null;
      replace(
        this.view,
        h(
          "section",
          { class: "screen", "aria-labelledby": "view-title" },
          h("h1", { id: "view-title", tabindex: "-1" }, "Thread not found"),
          h("p", null, "This address does not name a thread."),
          h("p", null, h("a", { href: "#", class: "back" }, "Back to the inbox")),
        ),
      );
      focus(document.getElementById("view-title"));
      return;
    }
    if (route.kind === "inbox") {
      this.threadScreen = null;
      const screen = (this.inboxScreen ??= new InboxScreen(this));
      if (this.view.firstChild !== screen.root) replace(this.view, screen.root);
      if (this.inbox) screen.update(this.inbox, this.search);
      screen.focusOn(this.lastThread);
      // Opening a thread changed what is unread: always fetch again.
      await this.refreshInbox(generation);
      return;
    }
    this.lastThread = route.id;
    this.view.setAttribute("aria-busy", "true");
    replace(this.view, h("p", { class: "loading" }, "Opening the thread…"));
    if (!this.inbox) await this.refreshInbox(generation);
    try {
      const thread = await getThread(route.id);
      if (generation !== this.generation) return;
      this.threadScreen = new ThreadScreen(this, thread);
      replace(this.view, this.threadScreen.root);
      focus(document.getElementById("view-title"));
      window.scrollTo(0, 0);
    } catch (e) {
      if (generation !== this.generation) return;
      replace(
        this.view,
        h(
          "section",
          { class: "screen", "aria-labelledby": "view-title" },
          h("h1", { id: "view-title", tabindex: "-1" }, "This thread could not be opened"),
          h("p", { class: "error" }, message(e)),
          h("p", null, h("a", { href: "#", class: "back" }, "Back to the inbox")),
        ),
      );
      focus(document.getElementById("view-title"));
    } finally {
      this.view.removeAttribute("aria-busy");
    }
  }

  /** What the inbox asks the program for: the search, the filters, and as many rows as are drawn. */
  private query(search = this.search): InboxQuery {
    const screen = this.inboxScreen;
    return {
      search,
      ...(screen ? screen.filters() : DEFAULT_FILTERS),
      offset: 0,
      limit: Math.max(PAGE, screen?.drawnRows ?? 0),
    };
  }

  /** Fetches the inbox again (with the search and filters in use) and redraws the header and list. */
  async refreshInbox(generation = this.generation): Promise<void> {
    // Only the answer to the latest request is drawn (filters changed quickly).
    const asked = ++this.inboxRequests;
    try {
      const inbox = await getInbox(this.query());
      if (asked !== this.inboxRequests) return;
      if (generation !== this.generation) {
        // Still good for the header.
        this.inbox = inbox;
        this.header.update(inbox);
        return;
      }
      this.inbox = inbox;
      this.header.update(inbox);
      this.inboxScreen?.update(inbox, this.search);
      this.threadScreen?.people(inbox);
    } catch (e) {
      this.showProblem(message(e));
    }
  }

  /** Searches the decrypted threads for every word of `text` ("" = show all). */
  async searchFor(text: string, button: HTMLButtonElement | null): Promise<void> {
    const search = text.trim();
    await this.whileBusy(button, search === "" ? "Showing all…" : "Searching…", async () => {
      const inbox = await getInbox({ ...this.query(search), limit: PAGE });
      this.search = search;
      this.inbox = inbox;
      this.header.update(inbox);
      this.inboxScreen?.update(inbox, search, true);
    }).catch((e: unknown) => this.showProblem(message(e)));
  }

  /** Sends pending changes and fetches what is new, then redraws the view. */
  async sync(button: HTMLButtonElement): Promise<void> {
    this.showProblem(null);
    this.said.textContent = "";
    try {
      const result = await this.whileBusy(button, "Syncing…", () => sync());
      this.said.textContent = result.said;
    } catch (e) {
      this.showProblem(message(e));
      return;
    }
    await this.refreshInbox();
    try {
      await this.threadScreen?.reload();
    } catch (e) {
      this.showProblem(message(e));
    }
  }

  /**
   * Runs `work` with every action button disabled and `button` saying
   * `busyText`; one request at a time. Focus returns to `button` after.
   */
  async whileBusy<T>(button: HTMLButtonElement | null, busyText: string, work: () => Promise<T>): Promise<T> {
    if (this.busy) throw new ApiError("Wait until the last action is done, then try again.", 0);
    this.busy = true;
    const label = button?.textContent ?? "";
    for (const b of document.querySelectorAll<HTMLButtonElement>("button[data-act]")) b.disabled = true;
    if (button) button.textContent = busyText;
    this.main.setAttribute("aria-busy", "true");
    try {
      return await work();
    } finally {
      this.busy = false;
      this.main.removeAttribute("aria-busy");
      for (const b of document.querySelectorAll<HTMLButtonElement>("button[data-act]")) b.disabled = false;
      if (button) {
        button.textContent = label;
        // A disabled button loses focus; give it back.
        if (button.isConnected && (document.activeElement === document.body || document.activeElement === null)) {
          button.focus();
        }
      }
    }
  }

  /** Whether a request is running. */
  get isBusy(): boolean {
    return this.busy;
  }

  /** Shows an error that belongs to no form (`null` clears it). */
  showProblem(text: string | null): void {
    replace(this.problem, text ? h("p", null, text) : null);
  }
}

/** The sentence for a failed request. */
export function message(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return "Something went wrong in this page. Reload it and try again.";
}
