// Which function draws which screen.
import type { App } from "./app";
import { formScreen } from "./form";
import { mailboxScreen } from "./mailbox";
import { receiptScreen } from "./receipt";
import { sendingScreen } from "./sending";
import { sentScreen } from "./sent";
import { startScreen } from "./start";

/** The current screen's content. */
export function renderScreen(app: App): HTMLElement {
  // Without a verified roster, nothing but the start screen can be shown.
  if (!app.roster && app.screen !== "start") app.screen = "start";
  switch (app.screen) {
    case "start":
      return startScreen(app);
    case "form":
      return formScreen(app);
    case "receipt":
      return receiptScreen(app);
    case "sending":
      return sendingScreen(app);
    case "sent":
      return sentScreen(app);
    case "mailbox":
      return mailboxScreen(app);
  }
}
