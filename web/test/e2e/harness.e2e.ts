// The harness itself: a unit is enrolled, its page is served, the roster
// is public, and chromium loads the page under the server's CSP.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startUnit, launchBrowser } from "./harness.js";

test("a unit is enrolled and its page loads in chromium", async () => {
  const unit = await startUnit();
  const browser = await launchBrowser();
  try {
    assert.match(unit.unitId, /^sanctuary1[0-9a-z]{58}$/);
    const roster = (await (await fetch(`${unit.server.url}/v1/roster`)).json()) as { document: string };
    assert.ok(JSON.parse(roster.document).caseworkers.length === 1);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    const response = await page.goto(unit.pageUrl());
    assert.equal(response?.status(), 200);
    assert.match(response?.headers()["content-security-policy"] ?? "", /script-src 'self'/);
    await page.waitForSelector("#app *");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await unit.close();
  }
});
