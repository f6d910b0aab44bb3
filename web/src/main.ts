// Entry point of the reporter page. (The UI is being built; see web/README.md.)
const app = document.getElementById("app");
if (app) app.textContent = "Sanctuary";
