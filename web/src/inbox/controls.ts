// What a caseworker does with a thread: status, assignment, labels,
// internal notes, and a reply to the reporter (with files). Each is a form
// of its own with its own status line (what the program said) and alert
// line (what went wrong). The forms are built once per thread view, so
// reloading the thread after an action keeps what is typed in the others;
// the typed text is also kept per thread while the page is open.
import * as api from "./api";
import type { Inbox, Said, Thread } from "./api";
import { message } from "./app";
import { h, PRIVATE_TEXT, replace, type Child } from "../ui/dom";
import { isLabel, SETTABLE, size, statusName } from "./format";
import type { ThreadScreen } from "./thread";

const NOBODY = "\u0000nobody";

/**
 * Files already uploaded, by the File chosen: the program keeps an upload
 * until its reply is sent, so a reply that failed is retried without
 * uploading again.
 */
const uploaded = new WeakMap<File, string>();

/** Empties every form's status line: only the latest action's answer is shown. */
function clearSaid(): void {
  for (const el of document.querySelectorAll(".form-said")) el.textContent = "";
}

/** A form's answer to a submit: an error to show beside `field`, or the request to make. */
type Prepared = { error: string; field: HTMLElement } | { run: (button: HTMLButtonElement) => Promise<Said> };

interface FormSpec {
  id: string;
  title: string;
  /** h2 for a section of its own, h3 inside "Manage this thread". */
  level: "h2" | "h3";
  intro?: Child;
  fields: Child[];
  button: string;
  busy: string;
  prepare: () => Prepared;
  /** After success: empty the fields that were sent. */
  done?: () => void;
}

/** The forms of one thread view. */
export class Controls {
  /** Status, assignment, labels. */
  readonly manage: HTMLElement;
  /** The notes and the note form. */
  readonly notes: HTMLElement;
  /** The reply form. */
  readonly reply: HTMLElement;
  private readonly screen: ThreadScreen;
  private readonly statusSelect: HTMLSelectElement;
  private readonly assignSelect: HTMLSelectElement;
  private readonly shareSelect: HTMLSelectElement;
  private readonly shareForm: HTMLFormElement;
  private readonly labelList: HTMLElement;
  private readonly labelSaid: HTMLElement;
  private readonly labelError: HTMLElement;
  private readonly labelInput: HTMLInputElement;
  private readonly noteList: HTMLElement;
  private readonly fileList: HTMLElement;

  constructor(screen: ThreadScreen) {
    this.screen = screen;
    const id = screen.thread.id;
    const draft = screen.app.draft(id);

    this.statusSelect = h("select", { id: "status-select", name: "status" }, SETTABLE.map((s) => h("option", { value: s }, statusName(s))));
    const statusForm = this.form({
      id: "status",
      title: "Status",
      level: "h3",
      fields: [h("label", { for: "status-select" }, "Set the status to"), this.statusSelect],
      button: "Change status",
      busy: "Changing…",
      prepare: () => ({ run: () => api.setStatus(id, this.statusSelect.value) }),
    });

    this.assignSelect = h("select", { id: "assign-select", name: "to" });
    const assignForm = this.form({
      id: "assign",
      title: "Assignment",
      level: "h3",
      fields: [h("label", { for: "assign-select" }, "Assign this thread to"), this.assignSelect],
      button: "Assign",
      busy: "Assigning…",
      prepare: () => {
        const to = this.assignSelect.value;
        return { run: () => api.assign(id, to === NOBODY ? null : to) };
      },
    });

    this.shareSelect = h("select", { id: "share-select", name: "to", "aria-describedby": "share-hint" });
    this.shareForm = this.form({
      id: "share",
      title: "Hand over",
      level: "h3",
      intro: h(
        "p",
        { class: "hint", id: "share-hint" },
        "For a colleague who joined the roster after this thread arrived, or whose key was replaced: they cannot read it until you share it. Its messages, files and notes are encrypted again for everyone on the roster. Assign it to them too if it is now theirs.",
      ),
      fields: [h("label", { for: "share-select" }, "Share this thread with"), this.shareSelect],
      button: "Share this thread",
      busy: "Sharing…",
      prepare: () => ({ run: () => api.shareThread(id, this.shareSelect.value) }),
    });

    this.labelList = h("ul", { id: "label-list", class: "label-list" });
    this.labelInput = h("input", {
      type: "text",
      id: "label-input",
      name: "label",
      maxlength: "32",
      autocomplete: "off",
      autocapitalize: "none",
      spellcheck: "false",
      "aria-describedby": "label-input-hint",
      value: draft.label,
      on: { input: () => (draft.label = this.labelInput.value) },
    });
    const labelForm = this.form({
      id: "label",
      title: "Labels",
      level: "h3",
      intro: this.labelList,
      fields: [
        h("label", { for: "label-input" }, "New label"),
        h("p", { class: "hint", id: "label-input-hint" }, "1 to 32 lowercase letters, digits or hyphens, for example urgent or needs-interpreter."),
        this.labelInput,
      ],
      button: "Add label",
      busy: "Adding…",
      prepare: () => {
        const name = this.labelInput.value.trim();
        if (!isLabel(name)) {
          return {
            error:
              name === ""
                ? "Type a label first."
                : "A label has 1 to 32 characters: lowercase letters a to z, digits and hyphens (-), nothing else.",
            field: this.labelInput,
          };
        }
        return { run: () => api.label(id, name, false) };
      },
      done: () => {
        this.labelInput.value = "";
        draft.label = "";
      },
    });
    this.labelSaid = labelForm.querySelector<HTMLElement>(".form-said") ?? h("p");
    this.labelError = labelForm.querySelector<HTMLElement>(".form-error") ?? h("p");
    this.manage = h(
      "section",
      { class: "manage no-print", "aria-labelledby": "manage-title" },
      h("h2", { id: "manage-title" }, "Manage this thread"),
      statusForm,
      assignForm,
      labelForm,
      this.shareForm,
    );

    this.noteList = h("div", { id: "note-list", class: "note-list" });
    const noteText = h("textarea", {
      id: "note-text",
      name: "note",
      rows: "4",
      ...PRIVATE_TEXT,
      "aria-describedby": "note-text-hint",
      value: draft.note,
      on: { input: () => (draft.note = noteText.value) },
    });
    this.notes = h(
      "section",
      { class: "notes", "aria-labelledby": "notes-title" },
      h("h2", { id: "notes-title" }, "Internal notes"),
      this.noteList,
      this.form({
        id: "note",
        title: "",
        level: "h3",
        fields: [
          h("label", { for: "note-text" }, "New note"),
          h("p", { class: "hint", id: "note-text-hint" }, "Notes are for your unit only; the reporter never sees them."),
          noteText,
        ],
        button: "Add note",
        busy: "Adding…",
        prepare: () => {
          const text = noteText.value;
          if (text.trim() === "") return { error: "Write the note first.", field: noteText };
          return { run: () => api.note(id, text) };
        },
        done: () => {
          noteText.value = "";
          draft.note = "";
        },
      }),
    );

    const replyText = h("textarea", {
      id: "reply-text",
      name: "reply",
      rows: "6",
      ...PRIVATE_TEXT,
      "aria-describedby": "reply-text-hint",
      value: draft.reply,
      on: { input: () => (draft.reply = replyText.value) },
    });
    this.fileList = h("ul", { id: "reply-file-list", class: "chosen-files" });
    const fileInput = h("input", {
      type: "file",
      id: "reply-files",
      name: "files",
      multiple: true,
      on: {
        change: () => {
          draft.files.push(...Array.from(fileInput.files ?? []));
          fileInput.value = "";
          this.drawFiles();
        },
      },
    });
    this.reply = h(
      "section",
      { class: "reply no-print", "aria-labelledby": "reply-title" },
      h("h2", { id: "reply-title" }, "Reply to the reporter"),
      this.form({
        id: "reply",
        title: "",
        level: "h3",
        fields: [
          h("label", { for: "reply-text" }, "Your reply"),
          h("p", { class: "hint", id: "reply-text-hint" }, "Your reply is encrypted to the reporter and your colleagues. The reporter reads it when they come back with their receipt."),
          replyText,
          h("div", { class: "file-field" }, h("label", { for: "reply-files" }, "Attach files (optional)"), fileInput),
          this.fileList,
        ],
        button: "Send reply",
        busy: "Sending…",
        prepare: () => {
          const text = replyText.value;
          const files = [...draft.files];
          if (text.trim() === "" && files.length === 0) return { error: "Write your reply first.", field: replyText };
          return {
            run: async (button) => {
              const uploads: string[] = [];
              for (const [n, f] of files.entries()) {
                let id = uploaded.get(f);
                if (id === undefined) {
                  button.textContent = `Uploading file ${n + 1} of ${files.length}…`;
                  id = (await api.upload(f)).id;
                  uploaded.set(f, id);
                }
                uploads.push(id);
              }
              button.textContent = "Sending…";
              return api.reply(id, text, uploads);
            },
          };
        },
        done: () => {
          replyText.value = "";
          draft.reply = "";
          draft.files = [];
          this.drawFiles();
        },
      }),
    );
    this.drawFiles();
  }

  /** Shows the thread's status, assignee, labels and notes. */
  update(t: Thread): void {
    this.statusSelect.value = SETTABLE.includes(t.status) ? t.status : "open";
    const inbox = this.screen.app.inbox;
    if (inbox) this.people(inbox);
    replace(
      this.labelList,
      t.labels.length === 0
        ? h("li", { class: "none" }, "No labels yet.")
        : t.labels.map((l) => {
            const remove = h(
              "button",
              {
                type: "button",
                class: "small",
                "data-act": true,
                "aria-label": `Remove label ${l}`,
                on: { click: () => void this.removeLabel(l, remove) },
              },
              "Remove",
            );
            return h("li", null, h("span", { class: "label" }, l), " ", remove);
          }),
    );
    replace(
      this.noteList,
      t.notes.length === 0
        ? h("p", { class: "none" }, "No notes yet.")
        : h(
            "ol",
            { class: "notes-list" },
            t.notes.map((n) => h("li", { class: "note" }, h("p", { class: "meta" }, `${n.from}, ${n.day}`), h("div", { class: "text" }, n.text))),
          ),
    );
  }

  /** The assignment choices: me, each colleague, nobody. */
  people(inbox: Inbox): void {
    const assignee = this.screen.thread.assignee;
    const others = inbox.caseworkers.filter((c) => c !== inbox.me);
    if (assignee !== null && assignee !== inbox.me && !others.includes(assignee)) others.push(assignee);
    const current = assignee ?? inbox.me;
    this.assignSelect.replaceChildren(
      h("option", { value: inbox.me }, `Me (${inbox.me})`),
      ...others.map((c) => h("option", { value: c }, c)),
      h("option", { value: NOBODY }, "Nobody"),
    );
    this.assignSelect.value = current;
    const colleagues = inbox.caseworkers.filter((c) => c !== inbox.me);
    const chosen = this.shareSelect.value;
    this.shareSelect.replaceChildren(...colleagues.map((c) => h("option", { value: c }, c)));
    if (colleagues.includes(chosen)) this.shareSelect.value = chosen;
    this.shareForm.hidden = colleagues.length === 0;
  }

  private drawFiles(): void {
    const draft = this.screen.app.draft(this.screen.thread.id);
    replace(
      this.fileList,
      draft.files.map((f, n) => {
        const remove = h(
          "button",
          {
            type: "button",
            class: "small",
            "aria-label": `Remove ${f.name}`,
            on: {
              click: () => {
                draft.files.splice(n, 1);
                this.drawFiles();
                document.getElementById("reply-files")?.focus();
              },
            },
          },
          "Remove",
        );
        return h("li", null, h("span", { class: "file-name" }, f.name), ` (${size(f.size)}) `, remove);
      }),
    );
    this.fileList.hidden = draft.files.length === 0;
  }

  private async removeLabel(name: string, button: HTMLButtonElement): Promise<void> {
    if (this.screen.app.isBusy) return;
    this.labelError.textContent = "";
    clearSaid();
    try {
      const r = await this.screen.app.whileBusy(button, "Removing…", () => api.label(this.screen.thread.id, name, true));
      this.labelSaid.textContent = r.said;
    } catch (e) {
      this.labelError.textContent = message(e);
      return;
    }
    await this.reloadInto(this.labelError);
    this.labelInput.focus();
  }

  private async reloadInto(error: HTMLElement): Promise<void> {
    try {
      await this.screen.reload();
    } catch (e) {
      error.textContent = message(e);
    }
  }

  private form(spec: FormSpec): HTMLFormElement {
    const said = h("p", { class: "form-said", role: "status", id: `${spec.id}-said` });
    const error = h("p", { class: "form-error error", role: "alert", id: `${spec.id}-error` });
    const button = h("button", { type: "submit", id: `${spec.id}-submit`, class: "primary", "data-act": true }, spec.button);
    let invalid: HTMLElement | null = null;
    const form = h(
      "form",
      {
        class: `control control-${spec.id}`,
        id: `${spec.id}-form`,
        novalidate: true,
        "aria-labelledby": spec.title ? `${spec.id}-title` : null,
        on: {
          submit: (event) => {
            event.preventDefault();
            void submit();
          },
        },
      },
      spec.title ? h(spec.level, { id: `${spec.id}-title` }, spec.title) : null,
      spec.intro ?? null,
      h("div", { class: "field" }, spec.fields),
      h("div", { class: "form-actions" }, button),
      said,
      error,
    );
    const submit = async (): Promise<void> => {
      if (this.screen.app.isBusy) return;
      clearSaid();
      error.textContent = "";
      invalid?.removeAttribute("aria-invalid");
      invalid = null;
      const prepared = spec.prepare();
      if ("error" in prepared) {
        error.textContent = prepared.error;
        invalid = prepared.field;
        invalid.setAttribute("aria-invalid", "true");
        invalid.focus();
        return;
      }
      let result: Said;
      try {
        result = await this.screen.app.whileBusy(button, spec.busy, () => prepared.run(button));
      } catch (e) {
        // What was typed stays.
        error.textContent = message(e);
        return;
      }
      said.textContent = result.said;
      spec.done?.();
      await this.reloadInto(error);
    };
    return form;
  }
}
