// Entry point of the caseworker's inbox, served by `sanctuary case ui` on
// 127.0.0.1. The program decrypts; this page only shows what it is given
// and sends what the caseworker does, as JSON.
import { InboxApp } from "./app";

function boot(): void {
  // Never inside another page's frame (the program also forbids it).
  if (window.top !== window.self) return;
  const bar = document.getElementById("bar");
  const main = document.getElementById("app");
  if (!bar || !main) return;
  new InboxApp(bar, main).start();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
