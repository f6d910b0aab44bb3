// Building the page's DOM without HTML strings: every text goes in through
// textContent (createTextNode), so nothing from the server, the roster or a
// reply is ever parsed as markup. The page's CSP forbids inline styles and
// event-handler attributes; `h` refuses them too, so a slip fails loudly.

/** What an element can contain. */
export type Child = Node | string | null | undefined | false | readonly Child[];

type AttrValue = string | number | boolean | null | undefined;
type Handlers = { [E in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[E]) => void };

/** Attributes (set with setAttribute), plus `value`/`checked` (set as properties) and event handlers. */
export type Props = { [name: string]: AttrValue | Handlers | undefined } & { on?: Handlers };

/** Creates an element with attributes, handlers and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    for (const [name, value] of Object.entries(props)) {
      if (name === "on") {
        for (const [type, handler] of Object.entries((value ?? {}) as Handlers)) {
          el.addEventListener(type, handler as EventListener);
        }
        continue;
      }
      if (name === "style" || name.toLowerCase().startsWith("on")) {
        throw new Error(`refusing attribute ${name}: the page's CSP forbids it`);
      }
      if (value === null || value === undefined || value === false) continue;
      if (name === "value" && "value" in el) {
        (el as HTMLInputElement).value = String(value);
      } else if (name === "checked" && el instanceof HTMLInputElement) {
        el.checked = value === true;
      } else {
        el.setAttribute(name, value === true ? "" : String(value as string | number));
      }
    }
  }
  append(el, children);
  return el;
}

/** Appends children (strings become text nodes). */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === "string") parent.appendChild(document.createTextNode(child));
    else if (child instanceof Node) parent.appendChild(child);
    else append(parent, child);
  }
}

/** Replaces an element's children. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let counter = 0;
/** A fresh element ID (for label/aria links). */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Moves focus to `el` (a heading gets tabindex=-1 for this). */
export function focus(el: HTMLElement | null | undefined): void {
  if (!el) return;
  if (!el.hasAttribute("tabindex") && !isFocusable(el)) el.setAttribute("tabindex", "-1");
  el.focus();
}

function isFocusable(el: HTMLElement): boolean {
  return el instanceof HTMLInputElement || el instanceof HTMLButtonElement || el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement || el instanceof HTMLAnchorElement;
}

/** A status line that screen readers announce politely. */
export function statusLine(text: string): HTMLElement {
  return h("p", { class: "status", role: "status", "data-status": true, tabindex: "-1" }, text);
}

/**
 * Attributes of every box where the reporter writes their account: the
 * words stay out of the browser's spell checker, form memory and writing
 * extensions, which may send them elsewhere or store them.
 */
export const PRIVATE_TEXT = {
  dir: "auto",
  autocomplete: "off",
  spellcheck: "false",
  "data-gramm": "false",
  "data-gramm_editor": "false",
  "data-enable-grammarly": "false",
} as const;
