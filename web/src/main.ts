// Entry point of the reporter page: picks the language, reads the unit from
// the link and shows the first screen. The page stores nothing: no cookies,
// no web storage, no IndexedDB, no service worker, no history entries.
import { pickLanguage } from "./i18n/index";
import { App } from "./ui/app";
import { readConfig } from "./ui/config";

function boot(): void {
  // The standalone file cannot forbid framing (a meta CSP cannot set
  // frame-ancestors): inside another page's frame, where clicks could be
  // tricked, it does not start.
  if (window.top !== window.self) return;
  const bar = document.getElementById("bar");
  const main = document.getElementById("app");
  if (!bar || !main) return;
  const app = new App(bar, main, pickLanguage(navigator.languages ?? [navigator.language]), readConfig(location));
  app.start();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
