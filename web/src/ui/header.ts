// The bar on every screen: the language menu and the quick exit.
import { isLang, LANG_INFO, LANGS } from "../i18n/index";
import type { App } from "./app";
import { h } from "./dom";

/** The top bar's content. */
export function header(app: App): Node[] {
  const i = app.i18n;
  const select = h(
    "select",
    {
      id: "lang",
      on: {
        change: () => {
          if (isLang(select.value)) app.setLang(select.value);
        },
      },
    },
    LANGS.map((lang) =>
      h("option", { value: lang, lang, dir: LANG_INFO[lang].dir, selected: lang === i.lang }, LANG_INFO[lang].name),
    ),
  );
  return [
    h("div", { class: "lang" }, h("label", { for: "lang" }, i.t("lang.label")), select),
    h(
      "button",
      {
        type: "button",
        id: "quick-exit",
        class: "exit",
        "aria-keyshortcuts": "Escape",
        on: { click: () => app.quickExit() },
      },
      i.t("exit.button"),
    ),
  ];
}
