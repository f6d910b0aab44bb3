// Screen 4, and the progress shown while a follow-up is sent: what is
// happening in words ("Locking file 1 of 2…") and a progress bar. The words
// are a polite live region that changes only when the step changes, so a
// screen reader is not flooded with percentages.
import type { I18n } from "../i18n/index";
import { solvedChance } from "../protocol/index";
import type { App } from "./app";
import { h } from "./dom";
import type { Stage } from "./state";

/** The words for a step of sending. */
export function stageText(i: I18n, stage: Stage | null, what: "report" | "follow-up"): string {
  if (stage === null) return i.t("send.starting");
  switch (stage.kind) {
    case "checking":
      return i.t("send.checking");
    case "locking":
      return i.t("send.locking", { index: stage.index, count: stage.count });
    case "uploading":
      return i.t("send.uploading", { index: stage.index, count: stage.count });
    case "proving":
      return stage.file === null
        ? i.t("send.proving")
        : i.t("send.proving-file", { index: stage.file.index, count: stage.file.count });
    case "message":
      return i.t(what === "report" ? "send.report" : "send.follow-up");
  }
}

/** The progress block (text and bar), drawn from the current step. */
export function progressBlock(app: App, what: "report" | "follow-up"): HTMLElement {
  const text = stageText(app.i18n, app.stage, what);
  const bar = h("progress", { id: "progress-bar", "aria-labelledby": "progress-text", "data-what": what });
  setBar(bar, app.stage);
  return h(
    "div",
    { class: "progress" },
    h("p", { id: "progress-text", role: "status", "data-status": true, tabindex: "-1" }, text),
    bar,
  );
}

function setBar(bar: HTMLProgressElement, stage: Stage | null): void {
  if (stage && (stage.kind === "locking" || stage.kind === "uploading") && stage.total > 0) {
    bar.max = stage.total;
    bar.value = Math.min(stage.done, stage.total);
  } else if (stage?.kind === "proving") {
    // The work has no fixed length: the bar shows the chance that it is
    // done by now, which rises quickly, then slowly.
    bar.max = 1;
    bar.value = solvedChance(stage.tries, stage.bits);
  } else {
    // No value: an indeterminate bar.
    bar.removeAttribute("value");
  }
}

/** Updates the progress block in place, if it is shown. */
export function updateProgress(app: App): void {
  const text = document.getElementById("progress-text");
  const bar = document.getElementById("progress-bar");
  if (!text || !(bar instanceof HTMLProgressElement)) return;
  const what = bar.dataset["what"] === "follow-up" ? "follow-up" : "report";
  const words = stageText(app.i18n, app.stage, what);
  if (text.textContent !== words) text.textContent = words;
  setBar(bar, app.stage);
}

/** The sending screen. */
export function sendingScreen(app: App): HTMLElement {
  const i = app.i18n;
  return h(
    "section",
    { class: "screen", "aria-labelledby": "screen-title" },
    h("h1", { id: "screen-title", tabindex: "-1" }, i.t("sending.title")),
    h("p", null, i.t("sending.wait")),
    progressBlock(app, "report"),
  );
}
