// Files added to a report or a follow-up: the unit's limits, what hidden
// details each file holds (and whether to remove them), and whether to send
// the real file name. Used by the report form and the come-back screen.
import type { I18n } from "../i18n/index";
import { extensionFor as extensionOfKind, type Finding, inspect, type Inspection, MetadataError } from "../metadata/index";
import type { Policy } from "../protocol/index";
import type { App } from "./app";
import { METADATA_ERROR_KEYS, WHAT_KEYS, WHAT_MORE_KEY } from "./codes";
import { h, uid } from "./dom";
import { msg, plural } from "./messages";
import { extensionOf, neutralName, safeName } from "./names";
import type { AttachmentItem, AttachmentList } from "./state";

/** The protocol's limit on files per message, whatever the unit allows. */
export const MAX_FILES_PER_MESSAGE = 100;

/** How many files the unit accepts in one message. */
export function maxFiles(policy: Policy): number {
  return Math.min(policy.max_attachments, MAX_FILES_PER_MESSAGE);
}

/** The name a file is sent under: neutral unless the reporter chose to send its own. */
export function sentName(item: AttachmentItem, n: number): string {
  if (item.sendName) return safeName(item.file.name);
  return neutralName(n, extensionFor(item));
}

/** The extension of the file's real kind; for other files, of its name (as the CLI does). */
function extensionFor(item: AttachmentItem): string {
  const kind = item.inspection?.kind ?? "other";
  return kind === "other" ? extensionOf(item.file.name) : extensionOfKind(kind);
}

/** Whether the file's hidden details will be removed before it is sent. */
export function willClean(item: AttachmentItem): boolean {
  const ins = item.inspection;
  return ins !== null && ins.cleanable && ins.findings.length > 0 && !item.keepDetails;
}

/** Whether the page could check the file (false: it is sent only if the reporter says so). */
function checked(ins: Inspection | null, item: AttachmentItem): boolean {
  return ins !== null && ins.cleanable && !item.inspectFailed;
}

/**
 * Checks the files against the unit's limits and the reporter's choices;
 * marks each problem beside its file. True when all can be sent.
 */
export function validateFiles(list: AttachmentList, policy: Policy): boolean {
  let ok = true;
  const max = maxFiles(policy);
  list.error = null;
  if (list.items.length > max) {
    list.error = plural("files.error.too-many", max);
    ok = false;
  }
  for (const item of list.items) {
    item.error = null;
    if (item.file.size > policy.max_attachment_bytes) {
      item.error = (i) => i.t("files.error.too-large", { size: i.size(policy.max_attachment_bytes) });
      ok = false;
    } else if (item.inspection === null && !item.inspectFailed) {
      item.error = msg("files.error.still-checking");
      ok = false;
    } else if (!checked(item.inspection, item) && !item.sendAnyway) {
      item.error = msg("files.error.confirm-unchecked");
      ok = false;
    }
  }
  return ok;
}

/** The files section of a form. `prefix` keeps element IDs apart; `level` is its heading's. */
export function filesSection(app: App, list: AttachmentList, prefix: string, level: "h2" | "h3" = "h2"): HTMLElement {
  const container = h("div", { class: "files-body" });
  const draw = (): void => app.refresh(container, () => filesBody(app, list, prefix, draw));
  container.append(filesBody(app, list, prefix, draw));
  return h(
    "section",
    { class: "files", "aria-labelledby": `${prefix}-files-title` },
    h(level, { id: `${prefix}-files-title` }, app.i18n.t("files.title")),
    container,
  );
}

function filesBody(app: App, list: AttachmentList, prefix: string, draw: () => void): Node {
  const i = app.i18n;
  const policy = app.roster?.policy;
  const inputId = `${prefix}-file-input`;
  const limitsId = `${prefix}-files-limits`;
  const errorId = `${prefix}-files-error`;
  const frag = document.createDocumentFragment();
  frag.append(h("p", { class: "hint" }, i.t("files.explain")));
  if (policy) {
    frag.append(
      h("p", { class: "hint", id: limitsId }, i.n("files.limits", maxFiles(policy), { size: i.size(policy.max_attachment_bytes) })),
    );
  }
  const ul = h("ul", { class: "file-list", "aria-label": i.t("files.list-label") });
  list.items.forEach((item, index) => ul.append(fileItem(app, list, item, index + 1, prefix, draw)));
  if (list.items.length > 0) frag.append(ul);
  if (list.error) frag.append(h("p", { class: "error", id: errorId, role: "alert" }, list.error(i)));

  const input = h("input", {
    type: "file",
    id: inputId,
    multiple: true,
    class: "file-input",
    "aria-describedby": [policy ? limitsId : "", list.error ? errorId : ""].filter(Boolean).join(" ") || null,
    on: {
      change: () => {
        const files = [...(input.files ?? [])];
        input.value = "";
        addFiles(app, list, files, draw);
        draw();
      },
    },
  });
  frag.append(
    h(
      "div",
      { class: "file-add" },
      input,
      h("label", { for: inputId, class: "file-label" }, i.t(list.items.length === 0 ? "files.add" : "files.add-more")),
    ),
  );
  return frag;
}

/** Adds chosen files (within the unit's limits) and starts checking them for hidden details. */
export function addFiles(app: App, list: AttachmentList, files: File[], draw: () => void): void {
  const policy = app.roster?.policy;
  list.error = null;
  for (const file of files) {
    if (policy && list.items.length >= maxFiles(policy)) {
      list.error = plural("files.error.too-many", maxFiles(policy));
      break;
    }
    if (policy && file.size > policy.max_attachment_bytes) {
      const name = file.name;
      const max = policy.max_attachment_bytes;
      list.error = (i: I18n) => i.t("files.error.file-too-large", { name, size: i.size(max) });
      continue;
    }
    const item: AttachmentItem = {
      key: uid("file"),
      file,
      inspection: null,
      inspectFailed: false,
      inspectError: null,
      keepDetails: false,
      sendAnyway: false,
      sendName: false,
      cleaned: null,
      uploaded: null,
      error: null,
    };
    list.items.push(item);
    inspect(file).then(
      (inspection) => {
        item.inspection = inspection;
        draw();
      },
      (e: unknown) => {
        item.inspectFailed = true;
        item.inspectError = e instanceof MetadataError ? e.code : "unreadable";
        draw();
      },
    );
  }
}

function fileItem(
  app: App,
  list: AttachmentList,
  item: AttachmentItem,
  n: number,
  prefix: string,
  draw: () => void,
): Node {
  const i = app.i18n;
  const ins = item.inspection;
  const id = item.key;
  const errorId = `${id}-error`;
  const li = h("li", { class: "file", id: `${id}-item` });
  li.append(
    h(
      "p",
      { class: "file-name" },
      h("span", { dir: "auto", class: "name" }, item.file.name),
      " ",
      h("span", { class: "size" }, `(${i.size(item.file.size)})`),
    ),
  );
  if (ins === null && !item.inspectFailed) {
    li.append(h("p", { class: "status", role: "status" }, i.t("files.checking")));
  } else if (!checked(ins, item)) {
    const box = h("input", {
      type: "checkbox",
      id: `${id}-anyway`,
      checked: item.sendAnyway,
      "aria-describedby": item.error ? `${id}-unchecked ${errorId}` : `${id}-unchecked`,
      on: {
        change: () => {
          item.sendAnyway = box.checked;
          if (box.checked) item.error = null;
        },
      },
    });
    li.append(
      h(
        "p",
        { class: "warning", id: `${id}-unchecked` },
        item.inspectFailed
          ? `${i.t(METADATA_ERROR_KEYS[item.inspectError ?? "unreadable"])} ${i.t("files.damaged")}`
          : i.t("files.unchecked"),
      ),
      h("div", { class: "check" }, box, h("label", { for: `${id}-anyway` }, i.t("files.send-anyway"))),
    );
  } else if (ins && ins.findings.length > 0) {
    const groupName = `${id}-details`;
    const radio = (value: "remove" | "keep", label: string) => {
      const input = h("input", {
        type: "radio",
        name: groupName,
        id: `${id}-${value}`,
        value,
        checked: (value === "keep") === item.keepDetails,
        on: {
          change: () => {
            if (input.checked) item.keepDetails = value === "keep";
          },
        },
      });
      return h("div", { class: "check" }, input, h("label", { for: `${id}-${value}` }, label));
    };
    li.append(
      h("p", { id: `${id}-found` }, i.t("files.found")),
      h("ul", { class: "findings" }, ins.findings.map((f) => h("li", null, findingText(i, f)))),
      h(
        "fieldset",
        { class: "choice" },
        h("legend", null, i.t("files.details-choice")),
        radio("remove", i.t("files.remove")),
        radio("keep", i.t("files.keep")),
      ),
    );
  } else {
    li.append(h("p", { class: "ok" }, i.t("files.clean")));
  }

  const nameBox = h("input", {
    type: "checkbox",
    id: `${id}-name`,
    checked: item.sendName,
    "aria-describedby": `${id}-name-hint`,
    on: { change: () => (item.sendName = nameBox.checked) },
  });
  li.append(
    h("div", { class: "check" }, nameBox, h("label", { for: `${id}-name` }, i.t("files.send-name"))),
    h("p", { class: "hint", id: `${id}-name-hint` }, i.t("files.name-hint", { name: neutralName(n, extensionFor(item)) })),
  );
  if (item.error) li.append(h("p", { class: "error", id: errorId, role: "alert" }, item.error(i)));
  li.append(
    h(
      "button",
      {
        type: "button",
        class: "link",
        id: `${id}-remove-file`,
        on: {
          click: () => {
            list.items = list.items.filter((x) => x !== item);
            list.error = null;
            draw();
            document.getElementById(`${prefix}-file-input`)?.focus();
          },
        },
      },
      i.t("files.remove-file", { name: item.file.name }),
    ),
  );
  return li;
}

/** One hidden detail, in words, with the value found. */
export function findingText(i: I18n, f: Finding): string {
  if (f.what === "more") return i.n(WHAT_MORE_KEY, Number.parseInt(f.value, 10) || 0);
  const label = i.t(WHAT_KEYS[f.what]);
  return f.value === "" ? label : i.t("files.finding", { label, value: f.value });
}
