// The caseworker's inbox (`sanctuary case ui`) in a real browser, against
// a real server, unit and CLI: a report sent with the CLI (with a photo)
// arrives unread; the inbox and the thread pass axe at phone and desktop
// size, print on their own and save as PDF; the photo is shown; a reply
// with a file, a status, an assignment, a label and a note made in the
// page reach a colleague's CLI after Sync; search; 10,000 threads; and the
// program refuses a used or wrong address, a missing cookie, another host
// name and changes from another origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import {
  axe,
  describeViolations,
  launchBrowser,
  screenshot,
  shotsDir,
  startUnit,
  VIEWPORTS,
  webRoot,
  writeFile,
  type CaseUi,
  type Unit,
} from "./harness.js";

/** A photo (from the Rust CLI's fixtures); the CLI removes its metadata before sending. */
const PHOTO = join(webRoot, "test", "fixtures", "rust-jpeg-metadata.jpg");
const STORY = "Someone took my bicycle from the rack outside the library.\nIt is a green bicycle with a basket.";
const REPLY = "Thank you. Are you safe now?\nWe have a few questions.";
const NOTE = "Checked the library's camera: footage kept for 30 days.";
const LABEL = "needs-interpreter";

const FORM = {
  fields: [
    {
      id: "category",
      kind: "choice",
      required: true,
      label: { en: "What happened?" },
      options: [
        { id: "theft", label: { en: "Something was stolen" } },
        { id: "threat", label: { en: "Threats or harassment" } },
      ],
    },
  ],
};

let scratch = "";
let unit: Unit;
let ui: CaseUi;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
/** The report's thread ID. */
let thread = "";
/** Errors the page produced (uncaught, console, failed requests other than the favicon). */
const errors: string[] = [];

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), "sanctuary-inbox-e2e-"));
  const form = join(scratch, "form.json");
  writeFileSync(form, JSON.stringify(FORM));
  unit = await startUnit({ caseworkers: ["PC-Jones", "PC-Smith", "PC-Patel"], publishArgs: ["--form", form] });
  // PC-Patel joins later (see "Hand over"): the report is sealed to the others.
  unit.publish(["PC-Jones", "PC-Smith"], ["--form", form]);
  unit.cli.ok(["report", "submit", "--unit", unit.unitId, "--message", STORY, "--category", "theft", "--attach", PHOTO]);
  unit.sync("PC-Jones");
  const list = JSON.parse(unit.caseCommand("PC-Jones", ["list", "--all", "--json"]).stdout) as { id: string }[];
  assert.equal(list.length, 1);
  thread = list[0]!.id;
  ui = await unit.caseUi("PC-Jones");
  browser = await launchBrowser();
  ctx = await browser.newContext({ locale: "en", viewport: VIEWPORTS.desktop, acceptDownloads: true });
  page = await ctx.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    // A failed request is reported below with its address.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && new URL(r.url()).pathname !== "/favicon.ico") errors.push(`${r.status()} ${r.url()}`);
  });
});

after(async () => {
  await ui?.stop();
  await browser?.close();
  await unit?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** axe finds nothing at phone and desktop size; each is photographed as inbox-NAME-SIZE. */
async function checkBothSizes(name: string): Promise<void> {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    const violations = await axe(page);
    assert.deepEqual(violations, [], `${name} at ${size}:\n${describeViolations(violations)}`);
    await screenshot(page, `inbox-${name}-${size}`);
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}

/** Chooses `value` in the filter `selector`, waits for the program's answer, and expects `rows` rows. */
async function filterBy(selector: string, value: string, rows: number): Promise<void> {
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/inbox");
  await page.selectOption(selector, value);
  await answered;
  await page.waitForFunction((n) => document.querySelectorAll("#threads .row").length === n, rows);
}

async function text(selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent()) ?? "";
}

/** Waits until the form's status line says something, and checks its alert line says nothing. */
async function said(form: string): Promise<string> {
  await page.waitForFunction((id) => (document.getElementById(`${id}-said`)?.textContent ?? "") !== "", form, { timeout: 60_000 });
  assert.equal(await text(`#${form}-error`), "", `${form} error`);
  return text(`#${form}-said`);
}

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with exactly these headers (Host, Origin and Cookie included). */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Raw> {
  const { hostname, port } = new URL(ui.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port: Number(port), method, path, headers, setHost: false }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (data += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The session cookie the browser got (HttpOnly: the page never sees it, but the test can). */
async function cookie(): Promise<string> {
  const cookies = await ctx.cookies(ui.origin);
  assert.equal(cookies.length, 1, "one session cookie");
  const c = cookies[0]!;
  assert.equal(c.httpOnly, true);
  assert.equal(c.sameSite, "Strict");
  return `${c.name}=${c.value}`;
}

test("case ui prints only its one-time address on stdout", () => {
  assert.match(ui.openUrl, /^http:\/\/127\.0\.0\.1:\d+\/open\/[0-9a-f]{64}$/);
});

test("the address opens the inbox; the new report is there, unread, and the inbox passes axe", async () => {
  const response = await page.goto(ui.openUrl);
  assert.equal(new URL(page.url()).pathname, "/");
  assert.match(response?.headers()["content-security-policy"] ?? "", /script-src 'self'/);
  await page.waitForSelector("#threads .row");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal(await text("#unit-name"), "Riverside Unit");
  assert.equal(await text("#me"), "PC-Jones");
  assert.equal(await page.locator("#threads .row").count(), 1);
  const row = page.locator("#threads .row").first();
  assert.match((await row.getAttribute("class")) ?? "", /\bunread\b/);
  assert.equal(await row.locator(".unread-count").textContent(), "1 unread");
  assert.match((await row.textContent()) ?? "", /Someone took my bicycle from the rack outside the library\./);
  assert.match((await row.textContent()) ?? "", /theft/);
  assert.match((await row.textContent()) ?? "", /unassigned/);
  // The middle dots between the facts are the stylesheet's; screen readers hear commas.
  assert.match(await row.locator(".facts").ariaSnapshot(), /- text: ", \d{4}-\d\d-\d\d, Open, unassigned, theft, 1 message"/);
  assert.equal(await row.locator("a").getAttribute("href"), `#thread=${thread}`);
  await checkBothSizes("list");
  assert.deepEqual(errors, []);
});

test("the thread shows the report and its photo, passes axe, and prints on its own", async () => {
  // Resting the pointer on a row fetches its thread; opening it then asks
  // for nothing more, and marks it read.
  const asked: string[] = [];
  const record = (r: Request): void => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith("/api/threads/")) asked.push(`${r.method()} ${path}`);
  };
  page.on("request", record);
  const fetched = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/threads/${thread}`);
  await page.hover(`#threads a[data-id="${thread}"]`);
  await fetched;
  const unread = (await (await page.request.get(`${ui.origin}/api/inbox`)).json()) as { threads: { unread: number }[] };
  assert.equal(unread.threads[0]?.unread, 1, "fetching a thread marks nothing read");
  const marked = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/threads/${thread}/read`);
  await page.click(`#threads a[data-id="${thread}"]`);
  await page.waitForSelector("#reply-text");
  assert.equal((await (await marked).json()).marked, 1);
  page.off("request", record);
  assert.deepEqual(asked, [`GET /api/threads/${thread}`, `POST /api/threads/${thread}/read`]);
  const read = (await (await page.request.get(`${ui.origin}/api/inbox`)).json()) as { threads: { unread: number }[] };
  assert.equal(read.threads[0]?.unread, 0);
  assert.equal(new URL(page.url()).hash, `#thread=${thread}`);
  assert.equal(await text("#view-title"), `Thread ${thread.slice(0, 8)}`);
  const report = page.locator("article.message").first();
  assert.equal(await report.locator("h3").textContent(), "Report from the reporter");
  assert.equal(await report.locator(".text").textContent(), STORY);
  // Line breaks are kept on screen.
  assert.equal(await report.locator(".text").evaluate((el) => getComputedStyle(el).whiteSpace), "pre-wrap");
  const img = report.locator("img.inline-image");
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => {
    const i = document.querySelector<HTMLImageElement>("img.inline-image");
    return i !== null && i.complete;
  });
  assert.ok((await img.evaluate((i) => (i as HTMLImageElement).naturalWidth)) > 0, "the photo loaded");
  assert.match((await img.getAttribute("src")) ?? "", /^\/api\/files\/[0-9a-f]+$/);
  assert.ok(((await img.getAttribute("alt")) ?? "") !== "");
  const download = report.locator("a.file-link");
  assert.equal(await download.getAttribute("href"), await img.getAttribute("src"));
  assert.ok((await download.getAttribute("download")) !== null);
  await checkBothSizes("thread");

  // Print: the thread alone, black on white; then as a PDF.
  await page.emulateMedia({ media: "print" });
  for (const hidden of ["#bar", "#reply-form", "#status-form", "#note-form", "#print", "#back"]) {
    assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} is not printed`);
  }
  assert.equal(await report.locator(".text").isVisible(), true);
  assert.equal(await report.evaluate((el) => getComputedStyle(el).color), "rgb(0, 0, 0)");
  await screenshot(page, "inbox-print");
  const pdf = await page.pdf({ format: "A4" });
  assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
  assert.ok(pdf.length > 2000, `a PDF of ${pdf.length} bytes`);
  mkdirSync(shotsDir, { recursive: true });
  writeFileSync(join(shotsDir, "inbox-print.pdf"), pdf);
  await page.emulateMedia({ media: "screen" });

  // Back (the browser's button) returns to the inbox, where the thread is now read.
  await page.goBack();
  await page.waitForSelector("#threads .row");
  await page.waitForFunction(() => document.querySelector("#threads .row.unread") === null);
  // Focus is back on the thread's row, also after the list was fetched again.
  await page.waitForFunction((id) => document.activeElement?.getAttribute("data-id") === id, thread);
  assert.equal(await page.locator("#threads .unread-count").count(), 0);

  // The keyboard opens it too (Enter on the focused row), and the page's own
  // Back link returns to the row.
  await page.keyboard.press("Enter");
  await page.waitForSelector("#reply-text");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "view-title");
  await page.click("#back");
  await page.waitForSelector("#threads .row");
  await page.waitForFunction((id) => document.activeElement?.getAttribute("data-id") === id, thread);
  assert.equal(new URL(page.url()).hash, "");
  assert.deepEqual(errors, []);
});

test("reply with a file, set the status, assign, label and note in the page", async () => {
  await page.click(`#threads a[data-id="${thread}"]`);
  await page.waitForSelector("#reply-text");

  // A reply with a file chosen through the browser's file chooser.
  const attachment = writeFile(unit, "directions.txt", "Bus 12 stops outside the station.\n");
  await page.fill("#reply-text", REPLY);
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.click("#reply-files")]);
  assert.equal(chooser.isMultiple(), true);
  await chooser.setFiles(attachment);
  assert.match(await text("#reply-file-list"), /directions\.txt/);
  await page.click("#reply-submit");
  assert.notEqual(await said("reply"), "");
  await page.waitForFunction(() => document.querySelectorAll("article.message").length === 2);
  const reply = page.locator("article.message").nth(1);
  assert.equal(await reply.locator("h3").textContent(), "Reply from PC-Jones");
  assert.equal(await reply.locator(".text").textContent(), REPLY);
  assert.equal(await reply.locator(".unverified-warning").count(), 0);
  assert.equal(await reply.locator(".files li").count(), 1);
  assert.equal(await page.inputValue("#reply-text"), "");
  assert.equal(await page.locator("#reply-file-list li").count(), 0);

  await page.selectOption("#status-select", "waiting");
  await page.click("#status-submit");
  assert.notEqual(await said("status"), "");
  await page.waitForFunction(() => document.getElementById("thread-status")?.textContent === "Waiting");

  await page.selectOption("#assign-select", "PC-Smith");
  await page.click("#assign-submit");
  assert.notEqual(await said("assign"), "");
  await page.waitForFunction(() => document.getElementById("thread-assignee")?.textContent === "PC-Smith");

  // A label the program would refuse is explained, and what was typed stays.
  await page.fill("#label-input", "Needs Interpreter");
  await page.click("#label-submit");
  assert.match(await text("#label-error"), /lowercase/);
  assert.equal(await page.getAttribute("#label-input", "aria-invalid"), "true");
  assert.equal(await page.inputValue("#label-input"), "Needs Interpreter");
  await page.fill("#label-input", LABEL);
  await page.click("#label-submit");
  assert.notEqual(await said("label"), "");
  await page.waitForFunction((l) => document.getElementById("thread-labels")?.textContent === l, LABEL);
  assert.equal(await page.getAttribute("#label-input", "aria-invalid"), null);

  // An empty note is not sent; a refused one is explained and stays typed; a note is added.
  await page.click("#note-submit");
  assert.match(await text("#note-error"), /Write the note first/);
  assert.match(await text("#note-text-hint"), /the reporter never sees them/);
  await page.fill("#note-text", NOTE);
  const refusal = "Your store is busy with another sanctuary command. Try again in a moment.";
  await page.route("**/note", (route) => route.fulfill({ status: 400, contentType: "application/json", body: JSON.stringify({ error: refusal }) }));
  await page.click("#note-submit");
  await page.waitForFunction(() => (document.getElementById("note-error")?.textContent ?? "") !== "");
  assert.equal(await text("#note-error"), refusal);
  assert.equal(await page.getAttribute("#note-error", "role"), "alert");
  assert.equal(await page.inputValue("#note-text"), NOTE);
  assert.equal(await page.locator("#note-submit").isDisabled(), false);
  await page.unroute("**/note");
  errors.splice(0, errors.length, ...errors.filter((e) => !e.startsWith("400 ")));
  await page.click("#note-submit");
  assert.notEqual(await said("note"), "");
  // Only the latest answer is shown.
  assert.equal(await text("#label-said"), "");
  await page.waitForFunction((n) => document.querySelector("#note-list .note .text")?.textContent === n, NOTE);
  assert.match(await text("#note-list .note .meta"), /^PC-Jones, \d{4}-\d{2}-\d{2}$/);

  // The header counts the changes colleagues do not have yet.
  assert.match(await text("#pending"), /^\d+ changes? waiting to be synced\.$/);
  await checkBothSizes("thread-after");
  assert.deepEqual(errors, []);
});

test("search finds the thread by a word of the report, and nothing for a word it lacks", async () => {
  await page.click("#nav-inbox");
  await page.waitForSelector("#search");
  await page.fill("#search", "bicycle");
  await page.click("#search-go");
  await page.waitForFunction(() => /match/.test(document.getElementById("inbox-summary")?.textContent ?? ""));
  assert.equal(await text("#inbox-summary"), "1 thread matches “bicycle”.");
  assert.equal(await page.locator("#threads .row").count(), 1);

  await page.fill("#search", "xylophonequartz");
  await page.click("#search-go");
  await page.waitForFunction(() => /xylophonequartz/.test(document.getElementById("inbox-summary")?.textContent ?? ""));
  assert.equal(await text("#inbox-summary"), "0 threads match “xylophonequartz”.");
  assert.equal(await page.locator("#threads .row").count(), 0);
  assert.equal(await page.locator("#inbox-empty").isVisible(), true);
  await checkBothSizes("search-empty");

  await page.click("#search-clear");
  await page.waitForFunction(() => document.querySelectorAll("#threads .row").length === 1);
  assert.equal(await page.inputValue("#search"), "");

  // The program filters: the thread is assigned to PC-Smith, not to me.
  await filterBy("#filter-assignee", "\u0000me", 0);
  await filterBy("#filter-assignee", "cw:PC-Smith", 1);
  await filterBy("#filter-label", `l:${LABEL}`, 1);
  await filterBy("#filter-status", "closed", 0);
  await filterBy("#filter-status", "waiting", 1);
  await filterBy("#filter-status", "todo", 1);
  await filterBy("#filter-assignee", "\u0000any", 1);
  await filterBy("#filter-label", "\u0000any", 1);
  assert.deepEqual(errors, []);
});

test("Sync sends the changes; a colleague's CLI then has them all", async () => {
  await page.click("#sync");
  assert.equal(await page.locator("#sync").isDisabled(), true, "Sync is disabled while it runs");
  await page.waitForFunction(() => (document.getElementById("said")?.textContent ?? "") !== "", undefined, { timeout: 120_000 });
  assert.equal(await text("#problem"), "");
  await page.waitForFunction(() => (document.getElementById("pending")?.textContent ?? "") === "");
  assert.equal(await page.locator("#sync").isDisabled(), false);
  await checkBothSizes("synced");

  unit.sync("PC-Smith");
  const shown = JSON.parse(unit.caseCommand("PC-Smith", ["show", thread, "--json"]).stdout) as {
    status: string;
    assignee: string | null;
    labels: string[];
    notes: { from: string; text: string }[];
    messages: { kind: string; from: string; verified: boolean; text: string; attachments: unknown[] }[];
  };
  assert.equal(shown.status, "waiting");
  assert.equal(shown.assignee, "PC-Smith");
  assert.deepEqual(shown.labels, [LABEL]);
  assert.deepEqual(
    shown.notes.map((n) => [n.from, n.text]),
    [["PC-Jones", NOTE]],
  );
  const replies = shown.messages.filter((m) => m.kind === "reply");
  assert.equal(replies.length, 1);
  assert.equal(replies[0]!.from, "PC-Jones");
  assert.equal(replies[0]!.verified, true);
  assert.equal(replies[0]!.text, REPLY);
  assert.equal(replies[0]!.attachments.length, 1);
  assert.deepEqual(errors, []);
});

test("Hand over: a colleague who joins later reads the thread and its photo", async () => {
  unit.publish(["PC-Jones", "PC-Smith", "PC-Patel"], ["--form", join(scratch, "form.json")]);
  unit.sync("PC-Patel");
  const before = JSON.parse(unit.caseCommand("PC-Patel", ["list", "--all", "--json"]).stdout) as unknown[];
  assert.equal(before.length, 0, "PC-Patel cannot read the report yet");
  // The page learns of PC-Patel with the roster its Sync fetches.
  await page.click("#sync");
  await page.waitForFunction(() => !(document.getElementById("sync") as HTMLButtonElement | null)?.disabled, undefined, { timeout: 120_000 });
  assert.equal(await text("#problem"), "");
  await page.goto(`${ui.origin}/#thread=${thread}`);
  await page.waitForSelector("#share-select option[value='PC-Patel']", { state: "attached" });
  await page.selectOption("#share-select", "PC-Patel");
  await checkBothSizes("handover");
  await page.click("#share-submit");
  // The report and the reply, with a file each; status, assignment, label and note.
  assert.match(await said("share"), /^Shared 1 thread \(2 messages, 4 case updates and 2 attached files\) with PC-Patel\./);

  unit.sync("PC-Patel");
  const rows = JSON.parse(unit.caseCommand("PC-Patel", ["list", "--all", "--json"]).stdout) as { id: string }[];
  assert.equal(rows.length, 1);
  const shown = JSON.parse(unit.caseCommand("PC-Patel", ["show", rows[0]!.id, "--json", "--save-attachments", "patel-files"]).stdout) as {
    messages: { kind: string; verified: boolean; text: string; attachments: { saved_to?: string }[] }[];
  };
  const report = shown.messages[0]!;
  assert.equal(report.kind, "report");
  assert.equal(report.verified, true);
  assert.equal(report.text, STORY);
  assert.ok(report.attachments[0]?.saved_to, "the photo opens for PC-Patel");
  assert.deepEqual(errors, []);
});

test("10,000 threads: the first 50 at once, then Show more; reporters' markup stays text", async () => {
  const threads = Array.from({ length: 10_000 }, (_, n) => {
    const id = randomBytes(32).toString("hex");
    return {
      id,
      short_id: id.slice(0, 8),
      day: "2026-12-03",
      status: ["new", "open", "waiting", "closed"][n % 4],
      assignee: n % 3 === 0 ? null : "PC-Smith",
      labels: n % 10 === 0 ? ["urgent"] : [],
      category: "theft",
      messages: 2,
      unverified: n === 1 ? 1 : 0,
      unread: n < 5 ? 1 : 0,
      preview: n === 0 ? `<img src="/x" onerror="document.title='owned'"> report ${n}` : `report ${n}`,
    };
  });
  // The pointer may come to rest on a row: its thread is fetched ahead (a bare one here).
  await page.route("**/api/threads/*", (route) => {
    const id = new URL(route.request().url()).pathname.split("/")[3] ?? "";
    const t = threads.find((x) => x.id === id);
    if (!t) return route.fulfill({ status: 404, contentType: "application/json", body: '{"error":"There is no such thread."}' });
    const { preview: _preview, messages: _messages, unverified: _unverified, unread: _unread, ...facts } = t;
    return route.fulfill({
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({ ...facts, notes: [], answers: {}, messages: [], gaps: [] }),
    });
  });
  // The program's side of the paging, with its filters (their own tests are in client-cli/tests/case_ui.rs).
  await page.route("**/api/inbox*", (route) => {
    const q = new URL(route.request().url()).searchParams;
    const status = q.get("status") ?? "todo";
    const statuses = status === "todo" ? ["new", "open", "waiting", "unverified"] : status === "all" ? null : [status];
    const who = q.get("assignee");
    const label = q.get("label");
    const matching = threads.filter(
      (t) =>
        (statuses === null || statuses.includes(t.status ?? "")) &&
        (who === null || (who === "nobody" ? t.assignee === null : t.assignee === (who === "me" ? "PC-Jones" : who))) &&
        (label === null || t.labels.includes(label)),
    );
    const offset = Number(q.get("offset") ?? "0");
    const limit = Number(q.get("limit") ?? "200");
    const body = JSON.stringify({
      me: "PC-Jones",
      unit: "Riverside Unit",
      caseworkers: ["PC-Jones", "PC-Smith"],
      pending_changes: 0,
      total: threads.length,
      matching: matching.length,
      labels: ["urgent"],
      offset,
      threads: matching.slice(offset, offset + limit),
    });
    return route.fulfill({ status: 200, contentType: "application/json", body });
  });
  try {
    // How fast is for the benchmark (web/scripts/bench.mjs), not for a test.
    await page.goto(`${ui.origin}/`);
    await page.waitForSelector("#threads .row");
    assert.equal(await page.locator("#threads .row").count(), 50);
    assert.equal(await text("#inbox-summary"), "7,500 of 10,000 threads shown with the filters. The first 50 are listed.");
    assert.equal(await page.locator("#threads img").count(), 0);
    assert.match(await text("#threads .row .preview"), /^<img src="\/x"/);
    assert.match(await text("#threads .row:nth-child(2) .unverified"), /not verified/);
    // The viewport only: the whole page is 50 rows long.
    mkdirSync(shotsDir, { recursive: true });
    await page.screenshot({ path: join(shotsDir, "inbox-10000-desktop.png") });
    assert.equal(await text("#show-more"), "Show 50 more (7,450 not shown)");
    await page.click("#show-more");
    await page.waitForFunction(() => document.querySelectorAll("#threads .row").length === 100);
    await page.waitForFunction(() => document.activeElement?.closest("li")?.parentElement?.children[50] === document.activeElement?.closest("li"));
    assert.equal(await text("#show-more"), "Show 50 more (7,400 not shown)");
    await filterBy("#filter-status", "all", 50);
    await filterBy("#filter-label", "l:urgent", 50);
    assert.equal(await text("#inbox-summary"), "1,000 of 10,000 threads shown with the filters. The first 50 are listed.");
    assert.notEqual(await page.title(), "owned");
  } finally {
    await page.unroute("**/api/inbox*");
    await page.unroute("**/api/threads/*");
  }
  assert.deepEqual(errors, []);
});

test("messages that do not verify, missing messages and files not downloaded are flagged", async () => {
  const hex = (): string => randomBytes(32).toString("hex");
  const [report, followUp, reply] = [hex(), hex(), hex()];
  const shown = {
    id: thread,
    short_id: thread.slice(0, 8),
    day: "2026-12-01",
    status: "unverified",
    assignee: null,
    labels: ["urgent"],
    notes: [{ from: "PC-Smith", day: "2026-12-02", text: "<b>Called</b> the shop.\nNo answer." }],
    category: "threat",
    answers: { where: "Outside the <i>station</i>", when_seen: "Tuesday night" },
    messages: [
      { id: report, kind: "report", day: "2026-12-01", from: "reporter", verified: true, unread: false, position: null, arrived: null,
        text: "He followed me.\n\nTwice.", attachments: [
          { id: hex(), name: "statement.pdf", size: 123456, media_type: "application/pdf", sha256: "0".repeat(64), downloaded: true },
          { id: hex(), name: "video.mp4", size: 12345678, media_type: "video/mp4", sha256: "0".repeat(64), downloaded: false },
        ] },
      { id: followUp, kind: "follow-up", day: "2026-12-09", from: "reporter", verified: false, problem: "its signature does not match the report's key",
        unread: true, position: { seq: 3, seen: 1, day: "2026-12-04" }, arrived: "2026-12-09", text: "I am not sure this is me.", attachments: [] },
      { id: reply, kind: "reply", day: "2026-12-10", from: "PC-Smith", verified: true, unread: true, position: { seq: 2, seen: 3, day: "2026-12-10" }, arrived: null,
        text: "We are looking into it.", attachments: [] },
    ],
    gaps: [
      { side: "reporter", first: 2, last: 2, before: followUp, text: "A message from the reporter may be missing here." },
      { side: "unit", first: 3, last: 3, before: null, text: "A reply may be missing here." },
    ],
  };
  await page.route(`**/api/threads/${thread}`, (route) =>
    route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(shown) }),
  );
  try {
    await page.goto(`${ui.origin}/#thread=${thread}`);
    await page.waitForSelector("article.message");
    assert.equal(await text("#thread-status"), "Not verified");
    assert.deepEqual(await page.$$eval("#answers dt, #answers dd", (xs) => xs.map((x) => x.textContent)), [
      "Where",
      "Outside the <i>station</i>",
      "When seen",
      "Tuesday night",
    ]);
    assert.equal(await text("#messages-title"), "3 messages");
    const order = await page.$$eval(".messages > p.gap, .messages > article", (xs) =>
      xs.map((x) => (x.tagName === "P" ? `gap: ${x.textContent}` : (x.querySelector("h3")?.textContent ?? ""))),
    );
    assert.deepEqual(order, [
      "Report from the reporter",
      "gap: A message from the reporter may be missing here.",
      "Follow-up from the reporter",
      "Reply from PC-Smith",
      "gap: A reply may be missing here.",
    ]);
    const followUpBox = page.locator("article.message").nth(1);
    assert.match((await followUpBox.locator(".unverified-warning").textContent()) ?? "", /not verified.*Problem: its signature does not match the report's key/s);
    assert.equal(await followUpBox.locator(".meta").textContent(), "Received 2026-12-09 · written 2026-12-04 · reached this computer 2026-12-09 · new");
    const files = page.locator("article.message").first().locator(".files li");
    assert.equal(await files.nth(0).locator("a").getAttribute("download"), "statement.pdf");
    assert.equal(await files.nth(0).locator("img").count(), 0);
    assert.equal(await files.nth(1).textContent(), "video.mp4 (12 MB): not downloaded yet: press Sync");
    assert.equal(await files.nth(1).locator("a").count(), 0);
    assert.equal(await page.locator("#note-list .text").textContent(), "<b>Called</b> the shop.\nNo answer.");
    assert.equal(await page.locator("b, i").count(), 0);
    await checkBothSizes("warnings");
  } finally {
    await page.unroute(`**/api/threads/${thread}`);
  }
  assert.deepEqual(errors, []);
});

test("case ui refuses a used or wrong address, no cookie, another host name and changes from another origin", async () => {
  const session = await cookie();
  const host = new URL(ui.origin).host;
  const token = new URL(ui.openUrl).pathname;

  const again = await raw("GET", token, { Host: host });
  assert.ok(again.status >= 400 && again.status < 500, `used address: ${again.status}`);
  assert.equal(again.headers["set-cookie"], undefined);
  const wrong = await raw("GET", `/open/${randomBytes(32).toString("hex")}`, { Host: host });
  assert.ok(wrong.status >= 400 && wrong.status < 500, `wrong address: ${wrong.status}`);
  assert.equal(wrong.headers["set-cookie"], undefined);

  assert.equal((await raw("GET", "/api/inbox", { Host: host })).status, 401);
  assert.equal((await raw("GET", "/api/inbox", { Host: host, Cookie: "sanctuary=0" })).status, 401);
  assert.equal((await raw("GET", "/api/inbox", { Host: host, Cookie: session })).status, 200, "the cookie works");

  const port = new URL(ui.origin).port;
  const rebinding = await raw("GET", "/api/inbox", { Host: `evil.example:${port}`, Cookie: session });
  assert.ok(rebinding.status >= 400 && rebinding.status < 500, `another host name: ${rebinding.status}`);

  const note = JSON.stringify({ text: "Should never be written." });
  const json = { Host: host, Cookie: session, "Content-Type": "application/json" };
  const path = `/api/threads/${thread}/note`;
  assert.equal((await raw("POST", path, { ...json, Origin: "http://evil.example" }, note)).status, 403);
  assert.equal((await raw("POST", path, json, note)).status, 403);
  assert.equal((await raw("POST", path, { ...json, Origin: `http://localhost:${port}` }, note)).status, 403);
  assert.equal((await raw("POST", "/api/sync", { ...json, Origin: "http://evil.example" }, "{}")).status, 403);

  const index = await raw("GET", "/", { Host: host, Cookie: session });
  assert.equal(index.status, 200);
  assert.match(String(index.headers["content-security-policy"]), /script-src 'self'/);
  assert.match(String(index.headers["content-security-policy"]), /frame-ancestors 'none'/);
  assert.match(index.body, /<script src="\/inbox\.js" integrity="sha384-[A-Za-z0-9+/=]+" defer><\/script>/);

  // None of the refused notes was written.
  const shown = JSON.parse(unit.caseCommand("PC-Jones", ["show", thread, "--json"]).stdout) as { notes: unknown[] };
  assert.equal(shown.notes.length, 1);
});

test("case ui stops on Ctrl-C", async () => {
  const how = await ui.stop();
  assert.ok(how.code === 0 || how.signal === "SIGINT" || how.code === 130, `exited with ${JSON.stringify(how)}`);
  assert.equal(ui.running, false);
});
