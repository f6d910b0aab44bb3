// Screen 3: the receipt, made BEFORE sending, shown as 12 numbered words (or
// 8 groups of numbers), then a short check that it was written down. Only
// then is the report sent.
import type { I18n } from "../i18n/index";
import { generateEntropy, receiptDigitGroups, receiptWords, toNumerals } from "../protocol/index";
import type { App } from "./app";
import { focus, h } from "./dom";
import { msg } from "./messages";
import { sendReport } from "./send";

/** How many words or groups the check asks for. */
const CHECKS = 3;

/** `k` distinct positions from 1..n, in increasing order, drawn uniformly. */
export function randomPositions(n: number, k: number): number[] {
  const pool = Array.from({ length: n }, (_, i) => i + 1);
  const picked: number[] = [];
  const buf = new Uint32Array(1);
  while (picked.length < k && pool.length > 0) {
    // Rejection sampling: no bias toward low positions.
    const limit = Math.floor(0x1_0000_0000 / pool.length) * pool.length;
    let x: number;
    do {
      crypto.getRandomValues(buf);
      x = buf[0] ?? 0;
    } while (x >= limit);
    picked.push(...pool.splice(x % pool.length, 1));
  }
  return picked.sort((a, b) => a - b);
}

/** Digits typed in any of the scripts people use, as ASCII; everything else dropped. */
export function asciiDigits(text: string): string {
  let out = "";
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    if (code >= 0x30 && code <= 0x39) out += c;
    else if (code >= 0x660 && code <= 0x669) out += String(code - 0x660);
    else if (code >= 0x6f0 && code <= 0x6f9) out += String(code - 0x6f0);
    else if (code >= 0xff10 && code <= 0xff19) out += String(code - 0xff10);
  }
  return out;
}

/** Whether a typed word matches, forgiving case, spaces and numbering. */
export function sameWord(typed: string, word: string): boolean {
  const t = typed.normalize("NFKC").toLowerCase().replace(/[^a-z]/g, "");
  return t === word;
}

/** The receipt as a numbered list (left to right in every language). */
export function receiptList(app: App, entropy: Uint8Array, as: "words" | "digits"): HTMLElement {
  const i = app.i18n;
  if (as === "digits") {
    return h(
      "ol",
      { class: `receipt digits num-${i.numerals}`, dir: "ltr", id: "receipt-digits", "aria-label": i.t("receipt.digits-label") },
      receiptDigitGroups(entropy).map((g) => h("li", null, toNumerals(g, i.numerals))),
    );
  }
  return h(
    "ol",
    { class: "receipt words", dir: "ltr", lang: "en", id: "receipt-words", "aria-label": i.t("receipt.words-label") },
    receiptWords(entropy).map((w) => h("li", null, w)),
  );
}

/** Makes the receipt for this report, once. */
function ensureReceipt(app: App): Uint8Array {
  const report = app.report;
  if (!report.entropy) {
    report.entropy = generateEntropy();
    report.checkWords = randomPositions(12, CHECKS);
    report.checkGroups = randomPositions(8, CHECKS);
    report.checkInputs = {};
    report.checkErrors = {};
    report.receiptStep = "show";
  }
  return report.entropy;
}

/** The receipt screen. */
export function receiptScreen(app: App): HTMLElement {
  const i = app.i18n;
  const report = app.report;
  const entropy = ensureReceipt(app);
  const section = h("section", { class: "screen", "aria-labelledby": "screen-title" });
  section.append(h("h1", { id: "screen-title", tabindex: "-1" }, i.t("receipt.title")));
  if (report.receiptStep === "show") {
    section.append(showStep(app, entropy));
  } else {
    section.append(checkStep(app, entropy));
  }
  return section;
}

function showStep(app: App, entropy: Uint8Array): Node {
  const i = app.i18n;
  const report = app.report;
  const digits = report.receiptAs === "digits";
  const frag = document.createDocumentFragment();
  frag.append(
    h("p", { class: "lead" }, i.t(digits ? "receipt.intro-digits" : "receipt.intro")),
    receiptList(app, entropy, report.receiptAs),
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        id: "receipt-toggle",
        on: {
          click: () => {
            report.receiptAs = digits ? "words" : "digits";
            report.checkInputs = {};
            report.checkErrors = {};
            app.render("keep");
          },
        },
      },
      i.t(digits ? "receipt.as-words" : "receipt.as-digits"),
    ),
    h(
      "ul",
      { class: "advice" },
      h("li", null, i.t("receipt.paper")),
      h("li", null, i.t("receipt.only-way")),
      h("li", null, i.t("receipt.secret")),
      h("li", null, i.t(digits ? "receipt.digits-same" : "receipt.repeat")),
    ),
    h(
      "div",
      { class: "buttons" },
      h("button", { type: "button", class: "secondary", on: { click: () => app.go("form") } }, i.t("receipt.back")),
      h(
        "button",
        {
          type: "button",
          class: "primary",
          id: "receipt-written",
          on: {
            click: () => {
              report.receiptStep = "check";
              app.render("heading");
            },
          },
        },
        i.t("receipt.written"),
      ),
    ),
  );
  return frag;
}

function checkStep(app: App, entropy: Uint8Array): Node {
  const i = app.i18n;
  const report = app.report;
  const digits = report.receiptAs === "digits";
  const positions = digits ? report.checkGroups : report.checkWords;
  const frag = document.createDocumentFragment();
  frag.append(h("p", { class: "lead", id: "check-intro" }, i.t(digits ? "receipt.check-digits" : "receipt.check-words")));
  for (const position of positions) {
    const id = `check-${position}`;
    const error = report.checkErrors[position];
    const input = h("input", {
      type: "text",
      id,
      dir: "ltr",
      class: "code",
      lang: digits ? null : "en",
      inputmode: digits ? "numeric" : null,
      autocomplete: "off",
      autocapitalize: "off",
      spellcheck: "false",
      value: report.checkInputs[position] ?? "",
      "aria-describedby": error ? `${id}-error` : null,
      "aria-invalid": error ? "true" : null,
      on: { input: () => (report.checkInputs[position] = input.value) },
    });
    frag.append(
      h(
        "div",
        { class: "field" },
        h("label", { for: id }, i.t(digits ? "receipt.group-n" : "receipt.word-n", { n: position })),
        input,
        error ? h("p", { class: "error", id: `${id}-error`, role: "alert" }, error(i)) : null,
      ),
    );
  }
  frag.append(
    h(
      "div",
      { class: "buttons" },
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          id: "receipt-look-again",
          on: {
            click: () => {
              report.receiptStep = "show";
              app.render("heading");
            },
          },
        },
        i.t("receipt.look-again"),
      ),
      h("button", { type: "button", class: "primary", id: "receipt-check", on: { click: () => check(app, entropy) } }, i.t("receipt.check-send")),
    ),
  );
  return frag;
}

/** Wrong answers, by position (empty when all are right). */
export function checkAnswers(
  entropy: Uint8Array,
  as: "words" | "digits",
  positions: number[],
  typed: Record<number, string>,
): number[] {
  const wrong: number[] = [];
  if (as === "digits") {
    const groups = receiptDigitGroups(entropy);
    for (const p of positions) if (asciiDigits(typed[p] ?? "") !== groups[p - 1]) wrong.push(p);
  } else {
    const words = receiptWords(entropy);
    for (const p of positions) if (!sameWord(typed[p] ?? "", words[p - 1] ?? "")) wrong.push(p);
  }
  return wrong;
}

function check(app: App, entropy: Uint8Array): void {
  const report = app.report;
  const digits = report.receiptAs === "digits";
  const positions = digits ? report.checkGroups : report.checkWords;
  const wrong = checkAnswers(entropy, report.receiptAs, positions, report.checkInputs);
  report.checkErrors = {};
  for (const p of wrong) {
    const empty = (report.checkInputs[p] ?? "").trim() === "";
    report.checkErrors[p] = empty
      ? msg(digits ? "receipt.check-empty-group" : "receipt.check-empty-word", { n: p })
      : msg(digits ? "receipt.check-wrong-group" : "receipt.check-wrong-word", { n: p });
  }
  if (wrong.length > 0) {
    app.render("none");
    focus(document.getElementById(`check-${wrong[0]}`));
    return;
  }
  report.checked = true;
  report.checkInputs = {};
  void sendReport(app);
}

/** For the sent screen: the receipt one last time, behind a button. */
export function receiptReminder(app: App, entropy: Uint8Array): HTMLElement {
  const i: I18n = app.i18n;
  return h(
    "details",
    { class: "receipt-again" },
    h("summary", null, i.t("sent.show-receipt")),
    receiptList(app, entropy, app.report.receiptAs),
  );
}
