// Screen 2: the unit's questions, "what happened", and files. After a failed
// attempt it is shown again, everything still filled in, with the reason
// and "Try again" (the receipt stays the same).
import type { I18n } from "../i18n/index";
import type { FormField } from "../protocol/index";
import type { App } from "./app";
import { filesSection, validateFiles } from "./attachments";
import { focus, h, PRIVATE_TEXT } from "./dom";
import { msg } from "./messages";
import { receiptList } from "./receipt";
import { sendReport } from "./send";

/** Longest answer to one of the unit's text questions (as the CLI). */
export const MAX_ANSWER = 1000;

/** The label in the page's language, else English, else the first there is. */
export function pickLabel(labels: Record<string, string>, lang: string): string {
  return labels[lang] ?? labels["en"] ?? Object.values(labels)[0] ?? "";
}

/** The report form. */
export function formScreen(app: App): HTMLElement {
  const i = app.i18n;
  const report = app.report;
  const section = h("section", { class: "screen", "aria-labelledby": "screen-title" });
  section.append(h("h1", { id: "screen-title", tabindex: "-1" }, i.t("form.title")));

  if (report.failure) {
    section.append(failureBanner(app));
  }
  section.append(h("p", null, i.t("form.intro")));

  const fields = app.roster?.form?.fields ?? [];
  fields.forEach((field, index) => section.append(fieldBlock(app, field, index)));

  const textError = report.errors["text"];
  const text = h("textarea", {
    id: "report-text",
    rows: "8",
    ...PRIVATE_TEXT,
    value: report.text,
    "aria-describedby": textError ? "report-text-hint report-text-error" : "report-text-hint",
    "aria-invalid": textError ? "true" : null,
    on: {
      input: () => {
        report.text = text.value;
      },
    },
  });
  section.append(
    h(
      "div",
      { class: "field" },
      h("label", { for: "report-text" }, i.t("form.text.label")),
      h("p", { class: "hint", id: "report-text-hint" }, i.t("form.text.hint")),
      text,
      textError ? h("p", { class: "error", id: "report-text-error", role: "alert" }, textError(i)) : null,
    ),
  );
  section.append(filesSection(app, report.files, "report"));

  const buttons = h("div", { class: "buttons" });
  buttons.append(
    h("button", { type: "button", class: "secondary", on: { click: () => app.go("start") } }, i.t("action.back")),
  );
  if (report.checked && report.entropy) {
    buttons.append(
      h("button", { type: "button", class: "primary", id: "send-again", on: { click: () => tryAgain(app) } }, i.t("action.try-again")),
    );
  } else {
    buttons.append(
      h("button", { type: "button", class: "primary", id: "form-continue", on: { click: () => next(app) } }, i.t("action.continue")),
    );
  }
  section.append(buttons);
  return section;
}

function failureBanner(app: App): HTMLElement {
  const i = app.i18n;
  const report = app.report;
  const banner = h(
    "div",
    { class: "alert", role: "alert", id: "send-failure", "data-status": true, tabindex: "-1" },
    h("p", null, report.failure ? report.failure(i) : ""),
  );
  if (report.checked && report.entropy) {
    banner.append(
      h("button", { type: "button", class: "primary", id: "retry", on: { click: () => tryAgain(app) } }, i.t("action.try-again")),
    );
    const details = h(
      "details",
      { class: "receipt-again" },
      h("summary", null, i.t("form.show-receipt")),
      receiptList(app, report.entropy, report.receiptAs),
    );
    banner.append(h("p", null, i.t("form.same-receipt")), details);
  }
  return banner;
}

function fieldBlock(app: App, field: FormField, index: number): HTMLElement {
  const i = app.i18n;
  const report = app.report;
  const id = `q-${index}`;
  const error = report.errors[field.id];
  const errorId = `${id}-error`;
  const label = pickLabel(field.label, i.lang);
  const required = field.required ? h("span", { class: "required" }, ` ${i.t("form.required")}`) : null;
  const errorNode = error ? h("p", { class: "error", id: errorId, role: "alert" }, error(i)) : null;

  if (field.kind === "choice") {
    const options = field.options ?? [];
    const fieldset = h(
      "fieldset",
      { class: "choice", id, "aria-describedby": error ? errorId : null },
      h("legend", { dir: "auto" }, label, required),
    );
    options.forEach((option, n) => {
      const optionId = `${id}-${n}`;
      const input = h("input", {
        type: "radio",
        name: id,
        id: optionId,
        value: option.id,
        checked: report.answers[field.id] === option.id,
        required: field.required === true,
        "aria-describedby": error ? errorId : null,
        on: {
          change: () => {
            if (input.checked) report.answers[field.id] = option.id;
          },
        },
      });
      fieldset.append(h("div", { class: "check" }, input, h("label", { for: optionId, dir: "auto" }, pickLabel(option.label, i.lang))));
    });
    if (!field.required && report.answers[field.id]) {
      fieldset.append(
        h(
          "button",
          {
            type: "button",
            class: "link",
            on: {
              click: () => {
                delete report.answers[field.id];
                app.render("none");
                focus(document.getElementById(`${id}-0`));
              },
            },
          },
          i.t("form.clear-choice"),
        ),
      );
    }
    if (errorNode) fieldset.append(errorNode);
    return fieldset;
  }

  const area = h("textarea", {
    id,
    rows: "2",
    ...PRIVATE_TEXT,
    maxlength: String(MAX_ANSWER),
    required: field.required === true,
    value: report.answers[field.id] ?? "",
    "aria-describedby": error ? errorId : null,
    "aria-invalid": error ? "true" : null,
    on: { input: () => (report.answers[field.id] = area.value) },
  });
  return h("div", { class: "field" }, h("label", { for: id, dir: "auto" }, label, required), area, errorNode);
}

/** Checks the form; marks each problem and returns false if there is one. */
export function validateReport(app: App): boolean {
  const report = app.report;
  const roster = app.roster;
  if (!roster) return false;
  report.errors = {};
  for (const field of roster.form?.fields ?? []) {
    const value = (report.answers[field.id] ?? "").trim();
    if (field.required && value === "") {
      report.errors[field.id] = msg(field.kind === "choice" ? "form.error.choose" : "form.error.required");
    } else if ([...value].length > MAX_ANSWER) {
      report.errors[field.id] = (i: I18n) => i.t("form.error.too-long", { count: i.num(MAX_ANSWER) });
    }
  }
  if (report.text.trim() === "" && report.files.items.length === 0) {
    report.errors["text"] = msg("form.error.empty");
  }
  const filesOk = validateFiles(report.files, roster.policy);
  return Object.keys(report.errors).length === 0 && filesOk;
}

/** Focuses the first field with a problem. */
function focusFirstProblem(app: App): void {
  const fields = app.roster?.form?.fields ?? [];
  const report = app.report;
  for (const [index, field] of fields.entries()) {
    if (report.errors[field.id]) {
      const id = `q-${index}`;
      focus(document.getElementById(field.kind === "choice" ? `${id}-0` : id));
      return;
    }
  }
  if (report.errors["text"]) {
    focus(document.getElementById("report-text"));
    return;
  }
  const bad = report.files.items.find((item) => item.error);
  if (bad) {
    focus(document.getElementById(`${bad.key}-anyway`) ?? document.getElementById(`${bad.key}-item`));
    return;
  }
  focus(document.getElementById("report-file-input"));
}

function next(app: App): void {
  if (!validateReport(app)) {
    app.render("none");
    focusFirstProblem(app);
    return;
  }
  app.go("receipt");
}

function tryAgain(app: App): void {
  if (!validateReport(app)) {
    app.render("none");
    focusFirstProblem(app);
    return;
  }
  void sendReport(app);
}
