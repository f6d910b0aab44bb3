// The bar on every view: whose inbox this is, Sync, and how many changes
// have not reached colleagues yet.
import type { Inbox } from "./api";
import type { InboxApp } from "./app";
import { h, replace } from "../ui/dom";
import { count } from "./format";

/** The page's header (built once, updated when the inbox is fetched). */
export class Header {
  private readonly unit: HTMLElement;
  private readonly me: HTMLElement;
  private readonly pending: HTMLElement;

  constructor(app: InboxApp, bar: HTMLElement) {
    this.unit = h("span", { id: "unit-name" });
    this.me = h("span", { id: "me" });
    this.pending = h("span", { id: "pending" });
    const syncButton = h(
      "button",
      { type: "button", id: "sync", class: "primary", "data-act": true, on: { click: () => void app.sync(syncButton) } },
      "Sync",
    );
    replace(
      bar,
      h(
        "div",
        { class: "who" },
        h("p", { class: "brand" }, "Sanctuary inbox"),
        h("p", { class: "unit" }, this.unit, h("span", { class: "signed-in" }, "Signed in as ", this.me)),
      ),
      h("nav", { "aria-label": "Inbox" }, h("a", { href: "#", id: "nav-inbox" }, "All threads")),
      h(
        "div",
        { class: "sync" },
        syncButton,
        h("p", { class: "sync-note", id: "sync-note" }, "Your changes reach colleagues at the next sync. ", this.pending),
      ),
    );
  }

  /** Shows the unit, the caseworker and the changes waiting for a sync. */
  update(inbox: Inbox): void {
    this.unit.textContent = inbox.unit;
    this.me.textContent = inbox.me;
    const n = inbox.pending_changes;
    this.pending.textContent = n > 0 ? `${count(n, "change", "changes")} waiting to be synced.` : "";
  }
}
