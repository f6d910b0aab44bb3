// The page: its state, which screen is shown, the language, and the quick
// exit. Screens are plain functions that build their DOM from this state;
// what the reporter types is written into the state as they type, so
// re-drawing a screen (a new language, a file checked) never loses it.
import { I18n, LANG_INFO, type Lang } from "../i18n/index";
import { Api, parseUnitId, type Roster, RosterError, todayUtc, verifyRoster } from "../protocol/index";
import { type StartConfig, serverOrigin } from "./config";
import { focus, replace } from "./dom";
import { header } from "./header";
import { followUpDone, followUpNotSent } from "./mailbox";
import { errorMessage, join, msg, type Msg } from "./messages";
import { renderScreen } from "./screens";
import { updateProgress } from "./sending";
import { emptyMailbox, emptyReport, type MailboxSession, type ReportDraft, type ScreenName, type Stage, wipeKeys } from "./state";

/** Where the quick exit goes: a neutral, common site. */
export const EXIT_URL = "https://www.bbc.com/weather";

/** Where the roster stands. */
export type RosterStatus =
  | { kind: "need-unit" }
  | { kind: "loading" }
  | { kind: "ok" }
  | { kind: "failed"; message: Msg; canRetry: boolean };

/** The reporter page. */
export class App {
  i18n: I18n;
  screen: ScreenName = "start";
  readonly config: StartConfig;
  /** The unit ID in use, once it parses. */
  unitId = "";
  /** The server origin in use ("" = this page's origin). */
  server = "";
  /** What is typed in the unit and server boxes (when the link had none). */
  unitInput = "";
  serverInput = "";
  unitError: Msg | null = null;
  serverError: Msg | null = null;
  api: Api | null = null;
  roster: Roster | null = null;
  rosterStatus: RosterStatus = { kind: "need-unit" };
  report: ReportDraft = emptyReport();
  mailbox: MailboxSession = emptyMailbox();
  stage: Stage | null = null;
  private readonly bar: HTMLElement;
  private readonly main: HTMLElement;
  private exiting = false;

  constructor(bar: HTMLElement, main: HTMLElement, lang: Lang, config: StartConfig) {
    this.bar = bar;
    this.main = main;
    this.i18n = new I18n(lang);
    this.config = config;
  }

  /** Shows the first screen and checks the unit from the link. */
  start(): void {
    document.addEventListener(
      "keydown",
      (event) => {
        if (event.key === "Escape" && !event.isComposing) {
          event.preventDefault();
          this.quickExit();
        }
      },
      { capture: true },
    );
    this.unitInput = this.config.unit;
    if (this.config.badServer) this.serverError = msg("server.error.invalid");
    if (this.config.server !== null) this.server = this.config.server;
    // A unit from the link is checked at once (a wrong one is explained
    // beside the box to correct it); without a server address, ask for it.
    const linked = this.config.unit !== "" && this.acceptUnit(this.config.unit);
    if (linked && this.config.server !== null) {
      void this.loadRoster();
    } else {
      this.rosterStatus = { kind: "need-unit" };
      this.render("none");
    }
  }

  /** Checks a typed or linked unit ID; true when it parses. */
  acceptUnit(text: string): boolean {
    try {
      parseUnitId(text);
    } catch (e) {
      this.unitError = text.trim() === "" ? msg("unit.error.empty") : errorMessage(e);
      return false;
    }
    this.unitError = null;
    this.unitId = text.trim();
    return true;
  }

  /** The unit and server typed by the reporter (no usable link). */
  submitUnit(): void {
    let ok = this.acceptUnit(this.unitInput);
    if (this.config.server === null) {
      const origin = serverOrigin(this.serverInput);
      if (origin === null) {
        this.serverError = msg(this.serverInput.trim() === "" ? "server.error.empty" : "server.error.invalid");
        ok = false;
      } else {
        this.serverError = null;
        this.server = origin;
      }
    }
    if (ok) {
      void this.loadRoster();
    } else {
      this.render("none");
      const bad = this.unitError ? "unit-id" : "server-address";
      focus(document.getElementById(bad));
    }
  }

  /** Fetches the roster and checks it against the unit ID; nothing is sent before this succeeds. */
  async loadRoster(): Promise<void> {
    this.api = new Api(this.server);
    this.roster = null;
    this.rosterStatus = { kind: "loading" };
    this.render("status");
    try {
      const signed = await this.api.roster();
      this.roster = verifyRoster(signed, this.unitId, todayUtc());
      this.rosterStatus = { kind: "ok" };
    } catch (e) {
      this.rosterStatus = { kind: "failed", message: errorMessage(e), canRetry: !(e instanceof RosterError) };
    }
    if (this.exiting) return;
    this.render("heading");
  }

  /** Fetches and checks the roster again (the unit changed it while a message was being sent). */
  async refreshRoster(): Promise<Roster> {
    if (!this.api) throw new Error("no server");
    const roster = verifyRoster(await this.api.roster(), this.unitId, todayUtc());
    // Never go back to an older roster (an operator replaying one that
    // still lists a removed caseworker).
    if (this.roster && roster.version < this.roster.version) {
      throw new RosterError("signature", "the server offered an older roster than the one already checked");
    }
    this.roster = roster;
    return roster;
  }

  /** Goes to another screen, wiping what the screen left behind must not keep. */
  go(screen: ScreenName): void {
    if (this.screen === "mailbox" && screen !== "mailbox") this.forgetMailbox();
    if (this.screen === "sent" && screen !== "sent") this.forgetReceipt();
    this.screen = screen;
    this.render("heading");
  }

  /** Drops the receipt of the report just sent. */
  forgetReceipt(): void {
    this.report.entropy?.fill(0);
    this.report = emptyReport();
  }

  /** Drops the come-back screen's receipt, keys and replies. */
  forgetMailbox(): void {
    wipeKeys(this.mailbox.keys);
    this.mailbox = emptyMailbox();
  }

  /** A new step of sending: update the progress shown. */
  setStage(stage: Stage): void {
    this.stage = stage;
    updateProgress(this);
  }

  /** The report was sent: what was typed is dropped; the receipt stays until the "sent" screen is left. */
  reportSent(): void {
    const entropy = this.report.entropy;
    const receiptAs = this.report.receiptAs;
    this.report = { ...emptyReport(), entropy, receiptAs };
    this.stage = null;
    this.go("sent");
  }

  /** The report was not sent: back to the form, everything kept, with the reason. */
  reportFailed(e: unknown): void {
    this.stage = null;
    this.report.failure = join(errorMessage(e), msg("send.kept"));
    this.screen = "form";
    this.render("status");
  }

  /** A follow-up was sent. */
  followUpSent(): void {
    this.stage = null;
    followUpDone(this);
  }

  /** A follow-up was not sent. */
  followUpFailed(e: unknown): void {
    this.stage = null;
    followUpNotSent(this, e);
  }

  /** Switches language; everything typed stays. */
  setLang(lang: Lang): void {
    this.i18n = new I18n(lang);
    this.render("keep");
  }

  /**
   * Draws the page. `focusOn`: "heading" moves focus to the screen's
   * heading (a new screen), "keep" puts it back on the element that had it
   * (same ID), "status" on the screen's status line, "none" leaves it.
   */
  render(focusOn: "heading" | "keep" | "status" | "none"): void {
    if (this.exiting) return;
    const active = document.activeElement;
    const activeId = active instanceof HTMLElement && active.id ? active.id : null;
    const selection =
      active instanceof HTMLTextAreaElement || (active instanceof HTMLInputElement && active.type === "text")
        ? ([active.selectionStart, active.selectionEnd] as const)
        : null;
    const root = document.documentElement;
    root.lang = this.i18n.lang;
    root.dir = LANG_INFO[this.i18n.lang].dir;
    document.title = this.i18n.t("page.title");
    replace(this.bar, header(this));
    replace(this.main, renderScreen(this));
    if (focusOn === "heading") {
      focus(this.main.querySelector<HTMLElement>("h1"));
      window.scrollTo(0, 0);
    } else if (focusOn === "status") {
      focus(this.main.querySelector<HTMLElement>("[data-status]") ?? this.main.querySelector<HTMLElement>("h1"));
    } else if (focusOn === "keep" && activeId) {
      const again = document.getElementById(activeId);
      if (again) {
        again.focus();
        if (selection && (again instanceof HTMLTextAreaElement || again instanceof HTMLInputElement)) {
          again.setSelectionRange(selection[0], selection[1]);
        }
      }
    }
  }

  /** Redraws one part of a screen in place, keeping focus on the same element if it is still there. */
  refresh(container: HTMLElement, build: () => Node): void {
    if (this.exiting) return;
    const active = document.activeElement;
    const activeId = active instanceof HTMLElement && container.contains(active) ? active.id : "";
    replace(container, build());
    if (activeId) document.getElementById(activeId)?.focus();
  }

  /**
   * Leaves at once: the page's content and state are dropped, then the
   * tab goes to a neutral site. replace() swaps the current history entry,
   * and the page never added one, so Back does not return here.
   */
  quickExit(): void {
    if (this.exiting) return;
    this.exiting = true;
    try {
      this.report.entropy?.fill(0);
      wipeKeys(this.mailbox.keys);
      this.report = emptyReport();
      this.mailbox = emptyMailbox();
      this.roster = null;
      document.title = "";
      document.body.replaceChildren();
    } finally {
      location.replace(EXIT_URL);
    }
  }
}
