// Screen 5: the report was sent. A reminder of the receipt and of when to
// come back. Leaving this screen wipes the receipt from the page.
import type { App } from "./app";
import { h } from "./dom";
import { receiptReminder } from "./receipt";

/** The "sent" screen. */
export function sentScreen(app: App): HTMLElement {
  const i = app.i18n;
  const entropy = app.report.entropy;
  const days = app.roster?.policy.mailbox_retention_days ?? 0;
  return h(
    "section",
    { class: "screen", "aria-labelledby": "screen-title" },
    h("h1", { id: "screen-title", tabindex: "-1" }, i.t("sent.title")),
    h("p", { class: "lead" }, i.t("sent.read")),
    h(
      "ul",
      { class: "advice" },
      h("li", null, i.t("sent.keep-receipt")),
      h("li", null, i.t("sent.come-back")),
      days > 0 ? h("li", null, i.n("sent.retention", days)) : null,
      h("li", null, i.t("sent.close")),
    ),
    entropy ? receiptReminder(app, entropy) : null,
    h(
      "div",
      { class: "buttons" },
      h("button", { type: "button", class: "secondary", id: "sent-start", on: { click: () => app.go("start") } }, i.t("sent.to-start")),
      h("button", { type: "button", class: "primary", id: "sent-mailbox", on: { click: () => app.go("mailbox") } }, i.t("start.come-back")),
    ),
  );
}
