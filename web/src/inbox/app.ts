// The inbox page: which view is shown (from the address's fragment, so
// Back works), the data from `sanctuary case ui`, and one request at a time
// with every action button disabled while it runs.
//
//   #              the inbox (list, search and filters)
//   #thread=<id>   one thread
import { ApiError, getInbox, getThread, isId, markRead, sync, type Inbox, type InboxQuery } from "./api";
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

/** How long a thread fetched ahead of its opening is shown rather than asked for again, in ms. */
const AHEAD_MS = 10_000;

/** How long an opening thread may keep the old view before the page says it is opening, in ms. */
const SLOW_MS = 300;

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
  /** Threads fetched before they were opened (the pointer rested on their row, or it had focus). */
  private readonly ahead = new Map<string, { at: number; screen: Promise<ThreadScreen> }>();
  /** The last thread's marking as read: the inbox is fetched after it. */
  private reading: Promise<unknown> = Promise.resolve();
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
    document.addEventListener("click", (event) => this.follow(event));
    void this.route();
  }

  /**
   * Follows a link to another view of this page at once, instead of a
   * task later when the browser's `hashchange` comes. A link opened in a
   * new tab or window (a modifier key, another button) is left to the browser.
   */
  private follow(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest("a") : null;
    const href = link?.getAttribute("href");
    if (!link || link.hasAttribute("download") || !href?.startsWith("#")) return;
    event.preventDefault();
    // "#" is the inbox, as "" is: going there from the inbox adds no step to Back.
    if ((href === "#" ? "" : href) !== location.hash) history.pushState(null, "", href);
    void this.route();
  }

  /**
   * Fetches thread `id` before it is opened, and builds its view, so that
   * opening it waits for nothing: fetching marks nothing read, and what
   * was fetched is shown only if it is recent and no change was made since.
   */
  fetchAhead(id: string): void {
    // Only while the inbox is shown (focus stays on a row as it is opened).
    if (readRoute(location.hash).kind !== "inbox") return;
    const now = performance.now();
    // Views built for rows the pointer only passed over are let go.
    for (const [other, { at }] of this.ahead) if (now - at >= AHEAD_MS) this.ahead.delete(other);
    if (this.ahead.has(id)) return;
    const screen = this.buildThread(id);
    // A failure here is not shown: opening the thread asks again.
    screen.catch(() => {
      if (this.ahead.get(id)?.screen === screen) this.ahead.delete(id);
    });
    this.ahead.set(id, { at: now, screen });
  }

  /** The view of thread `id`: built ahead if that is recent, or fetched and built now. */
  private threadView(id: string): Promise<ThreadScreen> {
    const known = this.ahead.get(id);
    this.ahead.delete(id);
    if (!known || performance.now() - known.at >= AHEAD_MS) return this.buildThread(id);
    return known.screen.catch(() => this.buildThread(id));
  }

  /** Fetches thread `id` and builds its view (not shown yet). */
  private buildThread(id: string): Promise<ThreadScreen> {
    return getThread(id).then((thread) => new ThreadScreen(this, thread));
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
    this.view.removeAttribute("aria-busy");
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
    // What is shown stays until the thread comes, unless that takes a while.
    const slow = window.setTimeout(() => {
      if (generation === this.generation) replace(this.view, h("p", { class: "loading" }, "Opening the thread…"));
    }, SLOW_MS);
    const view = this.threadView(route.id);
    // Awaited below; until then a failure is not "unhandled".
    view.catch(() => undefined);
    if (!this.inbox) await this.refreshInbox(generation);
    try {
      const screen = await view;
      if (generation !== this.generation) return;
      this.threadScreen = screen;
      replace(this.view, screen.root);
      focus(document.getElementById("view-title"));
      window.scrollTo(0, 0);
      // Once the thread is on screen (its frame drawn first). Failing to
      // mark it read changes nothing shown: the next opening tries again.
      this.reading = new Promise((painted) => requestAnimationFrame(() => window.setTimeout(painted, 0))).then(() =>
        markRead(route.id).catch(() => undefined),
      );
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
      window.clearTimeout(slow);
      if (generation === this.generation) this.view.removeAttribute("aria-busy");
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
      // Threads fetched ahead may predate what this did.
      this.ahead.clear();
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
