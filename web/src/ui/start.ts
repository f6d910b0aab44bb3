// Screen 1: which unit, whether this site proves it belongs to it, how the
// service works and how to stay safe; then "make a report" or "come back".
import type { App } from "./app";
import { isPlainHttp } from "./config";
import { h, statusLine } from "./dom";

/** The start screen. */
export function startScreen(app: App): HTMLElement {
  const i = app.i18n;
  const status = app.rosterStatus;
  const section = h("section", { class: "screen", "aria-labelledby": "screen-title" });
  section.append(h("h1", { id: "screen-title", tabindex: "-1" }, i.t("start.title")));

  if (status.kind === "need-unit") {
    section.append(unitEntry(app));
    return section;
  }
  if (status.kind === "loading") {
    section.append(statusLine(i.t("start.checking")));
    return section;
  }
  if (status.kind === "failed") {
    section.append(
      h(
        "div",
        { class: "alert", role: "alert", "data-status": true, tabindex: "-1" },
        h("p", null, status.message(i)),
      ),
    );
    if (status.canRetry) {
      section.append(
        h("button", { type: "button", class: "primary", on: { click: () => void app.loadRoster() } }, i.t("action.try-again")),
      );
    }
    return section;
  }

  const roster = app.roster;
  if (!roster) return section;
  section.append(
    h(
      "p",
      { class: "unit" },
      i.t("start.unit-intro"),
      " ",
      h("strong", { dir: "auto", id: "unit-name" }, roster.name),
    ),
    h("p", { class: "verified" }, i.t("start.verified")),
  );
  // A page opened from a file or hosted elsewhere talks to the server its
  // link named: show which, so a relay in a forged link is visible.
  if (app.server !== "") {
    section.append(h("p", { class: "warning", id: "server-through" }, i.t("start.through", { host: new URL(app.server).host })));
  }
  if (isPlainHttp(app.server, location)) {
    section.append(h("p", { class: "warning" }, i.t("start.plain-http")));
  }
  section.append(
    h(
      "div",
      { class: "choices" },
      h("button", { type: "button", class: "primary", id: "make-report", on: { click: () => app.go("form") } }, i.t("start.make-report")),
      h("button", { type: "button", class: "secondary", id: "come-back", on: { click: () => app.go("mailbox") } }, i.t("start.come-back")),
    ),
    h(
      "section",
      { class: "info", "aria-labelledby": "how-title" },
      h("h2", { id: "how-title" }, i.t("start.how.title")),
      h(
        "ul",
        null,
        h("li", null, i.t("start.how.write")),
        h("li", null, i.t("start.how.locked")),
        h("li", null, i.t("start.how.no-name")),
        h("li", null, i.t("start.how.receipt")),
        h("li", null, i.t("start.how.identify")),
      ),
    ),
    h(
      "section",
      { class: "info", "aria-labelledby": "safe-title" },
      h("h2", { id: "safe-title" }, i.t("start.safe.title")),
      h(
        "ul",
        null,
        h("li", null, i.t("start.safe.exit")),
        h("li", null, i.t("start.safe.private")),
        h("li", null, i.t("start.safe.tor")),
        h("li", null, i.t("start.safe.nothing-saved")),
        h("li", null, i.t("start.safe.clear")),
        h("li", null, i.t("start.safe.danger")),
      ),
    ),
  );
  return section;
}

function unitEntry(app: App): Node {
  const i = app.i18n;
  const askServer = app.config.server === null;
  const unitHint = "unit-id-hint";
  const unitErr = "unit-id-error";
  const serverHint = "server-address-hint";
  const serverErr = "server-address-error";
  // A textarea, so the whole code shows at once to compare with the poster.
  const unit = h("textarea", {
    id: "unit-id",
    rows: "3",
    dir: "ltr",
    class: "code",
    autocomplete: "off",
    autocapitalize: "off",
    spellcheck: "false",
    value: app.unitInput,
    "aria-describedby": app.unitError ? `${unitHint} ${unitErr}` : unitHint,
    "aria-invalid": app.unitError ? "true" : null,
    on: {
      input: () => (app.unitInput = unit.value),
      keydown: (event) => {
        // Enter sends, as in a one-line box (a unit ID has no line breaks).
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          app.submitUnit();
        }
      },
    },
  });
  const fields: Node[] = [
    h("p", null, i.t("unit.explain")),
    h(
      "div",
      { class: "field" },
      h("label", { for: "unit-id" }, i.t("unit.label")),
      h("p", { class: "hint", id: unitHint }, i.t("unit.hint")),
      unit,
      app.unitError ? h("p", { class: "error", id: unitErr, role: "alert" }, app.unitError(i)) : null,
    ),
  ];
  if (askServer) {
    const server = h("input", {
      id: "server-address",
      type: "url",
      dir: "ltr",
      class: "code",
      autocomplete: "off",
      autocapitalize: "off",
      spellcheck: "false",
      value: app.serverInput,
      "aria-describedby": app.serverError ? `${serverHint} ${serverErr}` : serverHint,
      "aria-invalid": app.serverError ? "true" : null,
      on: { input: () => (app.serverInput = server.value) },
    });
    fields.push(
      h(
        "div",
        { class: "field" },
        h("label", { for: "server-address" }, i.t("server.label")),
        h("p", { class: "hint", id: serverHint }, i.t("server.hint")),
        server,
        app.serverError ? h("p", { class: "error", id: serverErr, role: "alert" }, app.serverError(i)) : null,
      ),
    );
  } else if (app.serverError) {
    fields.push(h("p", { class: "error", role: "alert" }, app.serverError(i)));
  }
  // A <form> only for Enter-to-submit; it has no action and never submits.
  const form = h(
    "form",
    {
      novalidate: true,
      on: {
        submit: (event) => {
          event.preventDefault();
          app.submitUnit();
        },
      },
    },
    fields,
    h("button", { type: "submit", class: "primary" }, i.t("action.continue")),
  );
  return form;
}
