// The reporter page in a real browser against a real server, unit and
// caseworkers: every screen at phone and desktop size in English, Arabic and
// Spanish passes axe (WCAG 2.2 A/AA) and is photographed; a whole report,
// reply, follow-up and forget; the quick exit; the page without JavaScript;
// a forged roster; mistyped receipts; a server that goes down while sending;
// an operator who withholds or duplicates replies;
// a roster that changes while sending; the keyboard alone; and nothing left
// in the browser's storage.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, FileChooser, Page } from "playwright-core";
import { Decrypter } from "age-encryption";
import {
  axe,
  describeViolations,
  launchBrowser,
  screenshot,
  Server,
  startUnit,
  VIEWPORTS,
  webRoot,
  type Unit,
} from "./harness.js";
import { CATALOGS } from "../../src/i18n/index.js";
import { inspect } from "../../src/metadata/index.js";

/** A photo with GPS position, camera serial and author (from the Rust CLI's fixtures). */
const PHOTO = join(webRoot, "test", "fixtures", "rust-jpeg-metadata.jpg");
/** The receipt of docs/protocol.md §11 (a valid receipt nobody uses here). */
const VECTOR_WORDS = "abandon amount liar amount expire adjust cage candy arch gather drum buyer";
const VECTOR_DIGITS = "000015 005159 010294 015435 020577 025714 030858 035994";
/** The unit ID of the protocol's vectors: a real unit ID, but not this server's unit. */
const OTHER_UNIT = "sanctuary132yw8ht5p8cetl2jmvknewjawt9xwzdlrk2pyxlnwjyqrdq0dawq0nu735";
const EXIT_URL = "https://www.bbc.com/weather";

const FORM = {
  fields: [
    {
      id: "category",
      kind: "choice",
      required: true,
      label: { en: "What happened?", ar: "ماذا حدث؟", es: "¿Qué pasó?" },
      options: [
        {
          id: "assault",
          label: { en: "Someone hurt me or another person", ar: "أذاني شخص أو آذى شخصًا آخر", es: "Alguien me hizo daño a mí o a otra persona" },
        },
        { id: "threat", label: { en: "Threats or harassment", ar: "تهديد أو مضايقة", es: "Amenazas o acoso" } },
      ],
    },
    { id: "where", kind: "text", label: { en: "Where did it happen?", ar: "أين حدث ذلك؟", es: "¿Dónde pasó?" } },
  ],
};

let browser: Browser;
let unit: Unit;
let scratch: string;
/** Servers restarted by a test at the unit's address, stopped at the end. */
const servers: Server[] = [];

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), "sanctuary-ui-e2e-"));
  const form = join(scratch, "form.json");
  writeFileSync(form, JSON.stringify(FORM));
  unit = await startUnit({ publishArgs: ["--form", form] });
  browser = await launchBrowser();
});

after(async () => {
  for (const s of servers) await s.stop();
  await browser?.close();
  await unit?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Text as read by a person: without the Unicode isolates around quoted values. */
function plain(s: string | null): string {
  return (s ?? "").replace(/[\u2068\u2069]/g, "");
}

interface Opened {
  ctx: BrowserContext;
  page: Page;
  /** Uncaught errors and console errors the page produced. */
  errors: string[];
}

async function open(
  options: { lang?: string; viewport?: { width: number; height: number }; url?: string; js?: boolean } = {},
): Promise<Opened> {
  const ctx = await browser.newContext({
    locale: options.lang ?? "en",
    viewport: options.viewport ?? VIEWPORTS.phone,
    javaScriptEnabled: options.js ?? true,
    acceptDownloads: true,
  });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(options.url ?? unit.pageUrl());
  return { ctx, page, errors };
}

/** axe finds nothing, and the screen is photographed. */
async function checkScreen(page: Page, name: string): Promise<void> {
  const violations = await axe(page);
  assert.deepEqual(violations, [], `${name}:\n${describeViolations(violations)}`);
  await screenshot(page, name);
}

async function text(page: Page, selector: string): Promise<string> {
  return plain(await page.locator(selector).first().textContent());
}

/** Starts a report from the start screen and fills it in. */
async function fillReport(page: Page, message: string, withPhoto = true): Promise<void> {
  await page.click("#make-report");
  await page.check("#q-0-0");
  await page.fill("#q-1", "Bus stop on King Street");
  await page.fill("#report-text", message);
  if (withPhoto) {
    await page.setInputFiles("#report-file-input", PHOTO);
    await page.waitForSelector(".findings");
  }
}

/** The 12 words shown on the receipt screen. */
async function receiptWords(page: Page): Promise<string[]> {
  await page.waitForSelector("#receipt-words li");
  const words = await page.$$eval("#receipt-words li", (lis) => lis.map((l) => l.textContent ?? ""));
  assert.equal(words.length, 12);
  return words;
}

/** Types the words the check asks for. */
async function answerCheck(page: Page, words: string[], wrongAt?: number): Promise<void> {
  const ids = await page.$$eval("input[id^=check-]", (xs) => xs.map((x) => x.id));
  assert.equal(ids.length, 3);
  for (const id of ids) {
    const n = Number(id.slice("check-".length));
    const word = words[n - 1] ?? "";
    // Forgiving: case and spaces do not matter.
    await page.fill(`#${id}`, n === wrongAt ? "wrong" : `  ${word.toUpperCase()} `);
  }
}

/** The ids asked in the check. */
async function checkPositions(page: Page): Promise<number[]> {
  return page.$$eval("input[id^=check-]", (xs) => xs.map((x) => Number(x.id.slice("check-".length))));
}

/** The threads caseworker PC-Jones has after syncing. */
function threads(u: Unit, label = "PC-Jones"): { id: string; category: string | null; preview: string }[] {
  u.sync(label);
  return JSON.parse(u.caseCommand(label, ["list", "--all", "--json"]).stdout) as { id: string; category: string | null; preview: string }[];
}

interface ShownThread {
  category: string | null;
  answers: Record<string, string>;
  messages: {
    kind: string;
    from: string;
    verified: boolean;
    text: string;
    attachments: { name: string; media_type: string; saved_to?: string }[];
  }[];
}

function showThread(u: Unit, id: string, label = "PC-Jones", saveTo?: string): ShownThread {
  u.sync(label);
  const args = ["show", id, "--json", ...(saveTo ? ["--save-attachments", saveTo] : [])];
  return JSON.parse(u.caseCommand(label, args).stdout) as ShownThread;
}

test("every screen passes axe at phone and desktop size, in English, Arabic and Spanish", async () => {
  for (const lang of ["en", "ar", "es"]) {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      const tag = `${lang}-${size}`;
      const { ctx, page, errors } = await open({ lang, viewport });
      try {
        await page.waitForSelector("#make-report");
        assert.equal(await page.getAttribute("html", "lang"), lang);
        assert.equal(await page.getAttribute("html", "dir"), lang === "ar" ? "rtl" : "ltr");
        assert.equal(await text(page, "#unit-name"), "Riverside Unit");
        await checkScreen(page, `start-${tag}`);

        await fillReport(page, `A report in ${lang}.`);
        // The form labels come from the roster in the page's language.
        assert.match(await text(page, "legend"), new RegExp(FORM.fields[0]!.label[lang as "en"].replace(/[?¿]/g, ".")));
        await checkScreen(page, `form-${tag}`);

        await page.click("#form-continue");
        const words = await receiptWords(page);
        // The receipt is always left to right, in English words.
        assert.equal(await page.getAttribute("#receipt-words", "dir"), "ltr");
        await checkScreen(page, `receipt-${tag}`);
        await page.click("#receipt-toggle");
        const groups = await page.$$eval("#receipt-digits li", (lis) => lis.map((l) => l.textContent ?? ""));
        assert.equal(groups.length, 8);
        const digitClass = lang === "ar" ? /^[٠-٩]{6}$/ : /^[0-9]{6}$/;
        for (const g of groups) assert.match(g, digitClass);
        await checkScreen(page, `receipt-digits-${tag}`);
        await page.click("#receipt-toggle");
        await page.click("#receipt-written");
        const asked = await checkPositions(page);
        await answerCheck(page, words, asked[1]);
        await page.click("#receipt-check");
        await page.waitForSelector(`#check-${asked[1]}-error`);
        assert.equal(await page.getAttribute(`#check-${asked[1]}`, "aria-invalid"), "true");
        await checkScreen(page, `receipt-check-${tag}`);

        // Hold the message upload to photograph the sending screen.
        let release = (): void => {};
        const held = new Promise<void>((resolve) => (release = resolve));
        await page.route("**/v1/messages", async (route) => {
          await held;
          await route.continue();
        });
        await answerCheck(page, words);
        await page.click("#receipt-check");
        await page.waitForSelector("#progress-text");
        await page.waitForFunction(() => document.getElementById("progress-bar") !== null);
        await checkScreen(page, `sending-${tag}`);
        release();
        await page.waitForSelector("#sent-mailbox", { timeout: 60_000 });
        await page.unroute("**/v1/messages");
        await checkScreen(page, `sent-${tag}`);

        await page.click("#sent-mailbox");
        await page.waitForSelector("#receipt-input");
        await checkScreen(page, `mailbox-entry-${tag}`);
        await page.fill("#receipt-input", words.join(" "));
        await page.click("#open-mailbox");
        await page.waitForSelector("#replies-summary");
        await checkScreen(page, `mailbox-${tag}`);
        await page.click("#forget");
        await page.waitForSelector("#forget-confirm");
        await checkScreen(page, `mailbox-forget-${tag}`);
        assert.deepEqual(errors, []);
      } finally {
        await ctx.close();
      }
    }
  }
});

test("a whole report in Arabic: the unit reads it (photo without GPS, blob opened by typage too), replies with a file; the reporter reads, downloads, follows up and forgets; nothing is stored", async () => {
  const { ctx, page, errors } = await open({ lang: "ar", viewport: VIEWPORTS.phone });
  const ar = CATALOGS.ar;
  const msg = (key: string): string => {
    const m = ar[key];
    assert.equal(typeof m, "string", `ar.json has the plain message ${key}`);
    return m as string;
  };
  // What the page sends, as the server receives it.
  const sealed: Buffer[] = [];
  await page.route("**/v1/messages", async (route) => {
    const body = route.request().postDataBuffer();
    if (body) sealed.push(body);
    await route.continue();
  });
  try {
    await page.waitForSelector("#make-report");
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    const historyAtStart = await page.evaluate(() => history.length);
    const story = "صرخ رجلان في وجهي عند موقف الحافلات يوم الجمعة.";
    await fillReport(page, story);
    // The photo's hidden details are shown, in Arabic, with the values found.
    const findings = plain(await page.locator(".findings").innerText());
    for (const expected of [msg("what.gps"), "51.5012° N, 0.1419° W", msg("what.serial"), "SN-0042-TEST", msg("what.author"), "Jane Doe"]) {
      assert.ok(findings.includes(expected), `the findings show ${expected}:\n${findings}`);
    }
    assert.ok(await page.isChecked("input[id$=-remove]"), "removing is the default");
    assert.ok(!(await page.isChecked("input[id$=-name]")), "the file name is not sent by default");
    // No text box offers its words to the browser's spell checker, form memory or writing extensions.
    const boxes = await page.$$eval("textarea", (xs) =>
      xs.map((x) => [x.id, x.getAttribute("spellcheck"), x.getAttribute("autocomplete"), x.getAttribute("data-gramm")].join(" ")),
    );
    assert.ok(boxes.length >= 2);
    for (const box of boxes) assert.match(box, / false off false$/, box);
    await page.click("#form-continue");
    const words = await receiptWords(page);
    await page.click("#receipt-written");
    await answerCheck(page, words);
    await page.click("#receipt-check");
    await page.waitForSelector("#sent-mailbox", { timeout: 60_000 });
    assert.equal(await text(page, "h1"), msg("sent.title"));

    // The caseworker reads exactly what was written, and a photo without its details.
    const list = threads(unit).filter((t) => t.preview.startsWith(story.slice(0, 10)));
    assert.equal(list.length, 1);
    const thread = list[0]!;
    const saved = join(scratch, "jones-saved");
    const shown = showThread(unit, thread.id, "PC-Jones", saved);
    assert.equal(shown.category, "assault");
    assert.deepEqual(shown.answers, { where: "Bus stop on King Street" });
    const report = shown.messages[0]!;
    assert.equal(report.kind, "report");
    assert.equal(report.text, story);
    assert.equal(report.attachments.length, 1);
    assert.equal(report.attachments[0]!.name, "attachment-1.jpg");
    assert.equal(report.attachments[0]!.media_type, "image/jpeg");
    const photo = readFileSync(join(saved, readdirSync(saved)[0]!));
    assert.equal(photo[0], 0xff);
    assert.equal(photo[1], 0xd8);
    for (const secret of ["Jane Doe", "SN-0042-TEST", "Sanctuary Test Camera"]) {
      assert.ok(!photo.includes(Buffer.from(secret)), `the sent photo still holds ${secret}`);
    }
    // No GPS position or any other finding is left (the same inspector the page uses).
    const left = await inspect(new Blob([photo]));
    assert.deepEqual(left.findings, [], "the caseworker's copy has no hidden details left");

    // A new unit seals post-quantum (new caseworker keys all have a
    // post-quantum key, and a first roster prefers it): typage opens the
    // page's ciphertext with the caseworker's exported post-quantum identity,
    // and the X25519 one does not. (Go age reading X25519: pq.e2e.ts.)
    assert.equal(sealed.length, 1, "one message was sent");
    const exported = (pq: boolean): string => {
      const args = ["caseworker", "export-identity", "--key", unit.caseworker("PC-Jones").key];
      return unit.cli.ok(pq ? [...args, "--post-quantum"] : args).stdout.trim();
    };
    const identity = exported(true);
    assert.match(identity, /^AGE-SECRET-KEY-PQ-1[0-9A-Z]+$/);
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    const opened = await decrypter.decrypt(sealed[0]!);
    const classic = new Decrypter();
    classic.addIdentity(exported(false));
    await assert.rejects(classic.decrypt(sealed[0]!));
    const envelope = JSON.parse(new TextDecoder().decode(opened)) as {
      format: string;
      kind: string;
      body: { text: string; reply_to_pq?: string };
    };
    assert.equal(envelope.format, "sanctuary-message-v1");
    assert.equal(envelope.kind, "report");
    assert.equal(envelope.body.text, story);
    assert.match(envelope.body.reply_to_pq ?? "", /^age1pq1[0-9a-z]{1952}$/);
    // One caseworker: the exact length of the 16 KiB bucket with one
    // post-quantum stanza (protocol §6.2), the plaintext padded to the
    // bucket less what age's grease stanza took.
    assert.equal(sealed[0]!.length, 22 + 1557 + 13 + 48 + 16 + 16384 + 16);
    assert.ok(opened.length <= 16384 && opened.length >= 16384 - 177, `${opened.length}`);

    // The caseworker replies with a file.
    const note = join(scratch, "appointment.txt");
    writeFileSync(note, "Come to the front desk on Monday and ask for PC Jones.\n");
    unit.caseCommand("PC-Jones", ["reply", thread.id, "--message", "شكرًا لك. هل أنت بأمان الآن؟", "--attach", note]);

    // The reporter comes back (the "sent" screen's button), reads the verified reply and downloads the file.
    await page.click("#sent-mailbox");
    await page.fill("#receipt-input", words.join("\n"));
    await page.click("#open-mailbox");
    await page.waitForSelector(".reply");
    // The receipt box is emptied as soon as the receipt is read.
    assert.equal(await page.locator("#receipt-input").count(), 0);
    const from = await text(page, ".reply h3");
    assert.ok(from.startsWith(msg("replies.from").split("{name}")[0]!), from);
    assert.ok(from.includes("PC-Jones"), from);
    assert.equal(await text(page, ".reply-text"), "شكرًا لك. هل أنت بأمان الآن؟");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(".downloads button")]);
    assert.equal(download.suggestedFilename(), "attachment-1.txt");
    const downloaded = await download.path();
    assert.equal(readFileSync(downloaded, "utf8"), "Come to the front desk on Monday and ask for PC Jones.\n");

    // A follow-up: an empty one is refused in words, a real one joins the thread, signed.
    await page.click("#follow-send");
    await page.waitForSelector("#follow-error");
    assert.equal(await text(page, "#follow-error"), msg("follow.error.empty"));
    const more = "نعم، أنا بأمان. حدث ذلك حوالي الساعة 11 ليلًا.";
    await page.fill("#follow-text", more);
    await page.click("#follow-send");
    await page.waitForSelector("#follow-sent", { timeout: 60_000 });
    assert.equal(await page.inputValue("#follow-text"), "");
    const after = showThread(unit, thread.id);
    const followUp = after.messages.find((m) => m.kind === "follow-up");
    assert.ok(followUp, "the caseworker sees the follow-up in the same thread");
    assert.equal(followUp.verified, true);
    assert.equal(followUp.text, more);

    // Forget: asked first, then done; the mailbox is gone.
    await page.click("#forget");
    assert.ok((await text(page, "#forget-confirm")).includes(msg("forget.question")));
    await page.click("#forget-cancel");
    assert.equal(await page.locator("#forget-confirm").count(), 0);
    await page.click("#forget");
    await page.click("#forget-yes");
    // The "done" button is on the mailbox screen already: wait for the
    // forgotten screen's own status.
    await page.waitForSelector(".ok[data-status]");
    const status = await text(page, "[data-status]");
    assert.ok(status.includes(msg("forget.done")), status);
    await checkScreen(page, "mailbox-forgotten-ar-phone");
    await page.click("#mailbox-done");
    await page.click("#come-back");
    await page.fill("#receipt-input", words.join(" "));
    await page.click("#open-mailbox");
    await page.waitForSelector("#replies-summary, .alert");
    assert.equal(await page.locator(".reply").count(), 0, "no reply is readable after forgetting");
    // The server answers 410 mailbox_forgotten, and the page says so in
    // the reporter's language. Chromium logs the 410 itself as a console
    // error; that one is expected, any other is not.
    assert.ok((await text(page, ".alert")).includes(msg("api.forgotten")));
    const gone = errors.filter((e) => e.includes("status of 410"));
    assert.equal(gone.length, 1, errors.join("\n"));
    errors.splice(errors.indexOf(gone[0] ?? ""), 1);

    // Nothing was kept by the browser for this page.
    const stored = await page.evaluate(async () => ({
      cookie: document.cookie,
      local: localStorage.length,
      session: sessionStorage.length,
      databases: (await indexedDB.databases()).length,
      workers: (await navigator.serviceWorker.getRegistrations()).length,
      caches: (await caches.keys()).length,
      history: history.length,
    }));
    assert.deepEqual(stored, { cookie: "", local: 0, session: 0, databases: 0, workers: 0, caches: 0, history: historyAtStart });
    const state = await ctx.storageState();
    assert.deepEqual(state.cookies, []);
    assert.deepEqual(
      state.origins.filter((o) => o.localStorage.length > 0),
      [],
    );
    // The page never put the receipt or mailbox in an address.
    assert.equal(page.url(), unit.pageUrl());
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test("a verified reply is shown in Arabic at phone and desktop size", async () => {
  // A report sent from the page, answered by the caseworker, read in Arabic.
  const { ctx, page } = await open({ lang: "en" });
  let words: string[];
  try {
    await page.waitForSelector("#make-report");
    await fillReport(page, "Arabic reader test.", false);
    await page.click("#form-continue");
    words = await receiptWords(page);
    await page.click("#receipt-written");
    await answerCheck(page, words);
    await page.click("#receipt-check");
    await page.waitForSelector("#sent-mailbox", { timeout: 60_000 });
  } finally {
    await ctx.close();
  }
  const thread = threads(unit).find((t) => t.preview === "Arabic reader test.");
  assert.ok(thread);
  unit.caseCommand("PC-Jones", ["reply", thread.id, "--message", "شكرًا لك. هل أنت بأمان الآن؟\nنحن هنا للمساعدة."]);
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    const { ctx: c, page: p, errors } = await open({ lang: "ar", viewport });
    try {
      await p.click("#come-back");
      await p.fill("#receipt-input", words.join(" "));
      await p.click("#open-mailbox");
      await p.waitForSelector(".reply");
      assert.match(await text(p, ".reply h3"), /^من الوحدة \(PC-Jones\)، /);
      assert.match(await text(p, "#replies-summary"), /رد واحد من الوحدة/);
      await checkScreen(p, `mailbox-reply-ar-${size}`);
      assert.deepEqual(errors, []);
    } finally {
      await c.close();
    }
  }
});

/** Runs SQL on the server's database, as an operator with shell access can. */
function operatorSql(u: Unit, sql: string): string {
  const r = spawnSync("sqlite3", ["-cmd", ".timeout 5000", join(u.server.dataDir, "sanctuary.db"), sql], { encoding: "utf8" });
  assert.equal(r.status, 0, `sqlite3 (apt-get install sqlite3): ${r.stderr}`);
  return r.stdout.trim();
}

/** The server's reply blob IDs, hex. */
function replyBlobs(u: Unit): Set<string> {
  return new Set(operatorSql(u, "SELECT hex(id) FROM blobs WHERE kind = 'reply'").split("\n").filter(Boolean));
}

/** Collects what the page POSTs to /v1/messages, as the server receives it. */
async function recordMessages(page: Page): Promise<Buffer[]> {
  const sealed: Buffer[] = [];
  await page.route("**/v1/messages", async (route) => {
    const body = route.request().postDataBuffer();
    if (body) sealed.push(body);
    await route.continue();
  });
  return sealed;
}

/** The signed body of a message the page sealed, opened with caseworker
 * PC-Jones's exported identity (post-quantum: this unit's first roster
 * prefers it). */
async function openAsCaseworker(u: Unit, sealed: Buffer): Promise<{ kind: string; body: Record<string, unknown> }> {
  const identity = u.cli.ok(["caseworker", "export-identity", "--key", u.caseworker("PC-Jones").key, "--post-quantum"]).stdout.trim();
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  return JSON.parse(new TextDecoder().decode(await decrypter.decrypt(sealed))) as { kind: string; body: Record<string, unknown> };
}

test("an operator who withholds a reply and stores another twice: the reporter sees each reply once, in order, with a note where one may be missing; the next follow-up says what was read", async () => {
  const { ctx, page } = await open({ lang: "en" });
  let words: string[];
  try {
    await page.waitForSelector("#make-report");
    await fillReport(page, "Withheld reply test.", false);
    await page.click("#form-continue");
    words = await receiptWords(page);
    await page.click("#receipt-written");
    await answerCheck(page, words);
    await page.click("#receipt-check");
    await page.waitForSelector("#sent-mailbox", { timeout: 60_000 });
  } finally {
    await ctx.close();
  }
  const thread = threads(unit).find((t) => t.preview === "Withheld reply test.");
  assert.ok(thread);
  const posted: string[] = [];
  for (const n of [1, 2, 3]) {
    const before = replyBlobs(unit);
    unit.caseCommand("PC-Jones", ["reply", thread.id, "--message", `Reply number ${n}.`]);
    const added = [...replyBlobs(unit)].filter((id) => !before.has(id));
    assert.equal(added.length, 1);
    posted.push(added[0] ?? "");
  }
  // The operator deletes reply 2 and stores reply 3 again under a new ID.
  const [, second, third] = posted;
  const stored = replyBlobs(unit);
  operatorSql(unit, `DELETE FROM blobs WHERE id = X'${second}'`);
  const copyId = randomBytes(16).toString("hex");
  const cipher = 1 + Math.floor(Math.random() * 2 ** 52);
  operatorSql(
    unit,
    `BEGIN; INSERT INTO ciphertexts (id, data) SELECT ${cipher}, c.data FROM ciphertexts c JOIN blobs b ON b.ciphertext = c.id WHERE b.id = X'${third}'; ` +
      `INSERT INTO blobs (id, kind, state, day, mailbox, ciphertext, fetched) SELECT X'${copyId}', kind, state, day, mailbox, ${cipher}, fetched FROM blobs WHERE id = X'${third}'; COMMIT;`,
  );
  const now = replyBlobs(unit);
  assert.deepEqual([now.size, now.has(second ?? ""), now.has(copyId.toUpperCase())], [stored.size, false, true], "one reply fewer, one copy more");

  const notes = {
    en: "An answer from the unit may be missing here. The site may have held it back; check again later.",
    ar: "قد يكون هناك رد مفقود هنا. ربما حجبه الخادم؛ تحقّق مرة أخرى لاحقًا.",
  };
  for (const lang of ["ar", "en"] as const) {
    const { ctx: c, page: p, errors } = await open({ lang });
    try {
      await p.click("#come-back");
      await p.fill("#receipt-input", words.join(" "));
      await p.click("#open-mailbox");
      await p.waitForSelector(".reply");
      // Reply 1, the note where reply 2 would be, reply 3 once.
      const shown = await p.$$eval("#replies-title ~ .reply, #replies-title ~ [role=note]", (els) =>
        els.map((e) => (e.getAttribute("role") === "note" ? `note ${e.getAttribute("data-gap") ?? ""}: ${e.textContent ?? ""}` : (e.querySelector(".reply-text")?.textContent ?? ""))),
      );
      assert.deepEqual(shown, ["Reply number 1.", `note 2-2: ${notes[lang]}`, "Reply number 3."]);
      // Each reply shows the day its caseworker signed.
      const written = lang === "en" ? /^From the unit \(PC-Jones\), written / : /^من الوحدة \(PC-Jones\)، كُتب في /;
      for (const h3 of await p.$$eval(".reply h3", (els) => els.map((e) => e.textContent ?? ""))) assert.match(plain(h3), written);
      await checkScreen(p, `mailbox-gap-${lang}-phone`);
      if (lang === "en") {
        assert.equal(await text(p, "#replies-summary"), "2 answers from the unit.");
        const sealed = await recordMessages(p);
        await p.fill("#follow-text", "Reply two never reached me.");
        await p.click("#follow-send");
        await p.waitForSelector("#follow-sent", { timeout: 60_000 });
        // The follow-up is the reporter's number 1 (no reply had seen a
        // follow-up) and says reply 3 was read, in its signed body.
        assert.equal(sealed.length, 1);
        const followUp = await openAsCaseworker(unit, sealed[0]!);
        assert.equal(followUp.kind, "follow-up");
        assert.deepEqual(
          [followUp.body["seq"], followUp.body["seen"], followUp.body["day"], followUp.body["text"]],
          [1, 3, new Date().toISOString().slice(0, 10), "Reply two never reached me."],
        );
      }
      assert.deepEqual(errors, []);
    } finally {
      await c.close();
    }
  }
  // The caseworker's CLI reads it.
  assert.ok(showThread(unit, thread.id).messages.some((m) => m.kind === "follow-up" && m.text === "Reply two never reached me."));
});

test("a follow-up written before the mailbox could be read reads it first, then says which reply was read", async () => {
  const { ctx, page } = await open({ lang: "en" });
  let words: string[];
  try {
    await page.waitForSelector("#make-report");
    await fillReport(page, "Follow-up before reading test.", false);
    await page.click("#form-continue");
    words = await receiptWords(page);
    await page.click("#receipt-written");
    await answerCheck(page, words);
    await page.click("#receipt-check");
    await page.waitForSelector("#sent-mailbox", { timeout: 60_000 });
  } finally {
    await ctx.close();
  }
  const thread = threads(unit).find((t) => t.preview === "Follow-up before reading test.");
  assert.ok(thread);
  unit.caseCommand("PC-Jones", ["reply", thread.id, "--message", "Did anyone see it?"]);
  const { ctx: c, page: p } = await open({ lang: "en" });
  try {
    // The mailbox cannot be read at first.
    await p.route("**/v1/mailbox/fetch", (route) => route.abort());
    await p.click("#come-back");
    await p.fill("#receipt-input", words.join(" "));
    await p.click("#open-mailbox");
    await p.waitForSelector("#follow-text");
    await p.waitForFunction(() => document.querySelector(".replies [role=alert]") !== null);
    // Sending tries to read it first, and sends nothing while it cannot.
    const sealed = await recordMessages(p);
    await p.fill("#follow-text", "My neighbour saw it.");
    await p.click("#follow-send");
    await p.waitForSelector("#follow-error");
    assert.equal(sealed.length, 0);
    assert.equal(await p.inputValue("#follow-text"), "My neighbour saw it.");
    // Once it can be read, the same click reads it, then sends: reply 1 was read.
    await p.unroute("**/v1/mailbox/fetch");
    await p.click("#follow-send");
    await p.waitForSelector("#follow-sent", { timeout: 60_000 });
    assert.equal(await p.locator(".reply").count(), 1);
    assert.equal(sealed.length, 1);
    const first = await openAsCaseworker(unit, sealed[0]!);
    assert.deepEqual([first.body["seq"], first.body["seen"], first.body["text"]], [1, 1, "My neighbour saw it."]);
    // A second follow-up in the same visit, with no reply between: number 2.
    await p.fill("#follow-text", "And she took a photo.");
    await p.click("#follow-send");
    await p.waitForSelector("#follow-sent", { timeout: 60_000 });
    assert.equal(sealed.length, 2);
    const second = await openAsCaseworker(unit, sealed[1]!);
    assert.deepEqual([second.body["seq"], second.body["seen"], second.body["text"]], [2, 1, "And she took a photo."]);
  } finally {
    await c.close();
  }
});

test("the quick exit, by button or Escape, leaves for a neutral page and adds no history", async () => {
  for (const how of ["button", "escape"]) {
    const { ctx, page } = await open();
    try {
      await ctx.route("https://www.bbc.com/**", (route) =>
        route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Weather</title><p>Weather</p>" }),
      );
      await page.waitForSelector("#make-report");
      const before = await page.evaluate(() => history.length);
      await page.click("#make-report");
      await page.fill("#report-text", "Something nobody else may see.");
      if (how === "button") {
        await page.click("#quick-exit");
      } else {
        await page.focus("#report-text");
        await page.keyboard.press("Escape");
      }
      await page.waitForURL(EXIT_URL);
      assert.equal(await page.evaluate(() => history.length), before, "no history entry was added");
      // Back goes to what was open before the page (here the new tab's
      // about:blank), never to the page itself.
      await page.goBack().catch(() => null);
      assert.ok(!page.url().startsWith(unit.server.url), `Back returned to ${page.url()}`);
      assert.ok(!(await page.content()).includes("nobody else"), "nothing typed remains");
    } finally {
      await ctx.close();
    }
  }
});

test("without JavaScript the page says what to do, in all eight languages, and sends nothing", async () => {
  const requests: string[] = [];
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport });
    const page = await ctx.newPage();
    page.on("request", (r) => requests.push(r.url()));
    try {
      await page.goto(unit.pageUrl());
      for (const [lang, dir] of Object.entries({ en: "ltr", ar: "rtl", fa: "rtl", ur: "rtl", es: "ltr", fr: "ltr", pl: "ltr", ro: "ltr" })) {
        const block = page.locator(`.nojs div[lang="${lang}"]`);
        assert.equal(await block.getAttribute("dir"), dir);
        assert.ok(await block.isVisible(), `${lang} is shown`);
        assert.match((await block.textContent()) ?? "", /JavaScript.*Tor.*Safer/s);
      }
      assert.match((await page.locator('.nojs div[lang="en"]').textContent()) ?? "", /Nothing was sent\./);
      await screenshot(page, `noscript-${size}`);
    } finally {
      await ctx.close();
    }
  }
  assert.deepEqual(
    requests.filter((u) => u.includes("/v1/")),
    [],
    "no API request without JavaScript",
  );
});

test("a site that cannot prove it belongs to the unit on the poster is refused, with no way forward", async () => {
  for (const lang of ["en", "ar"]) {
    const { ctx, page, errors } = await open({ lang, url: unit.pageUrl(OTHER_UNIT) });
    try {
      await page.waitForSelector(".alert");
      if (lang === "en") {
        // The roster is signed by another unit key than the one in the link.
        assert.match(
          await text(page, ".alert"),
          /^This site (cannot prove it belongs to the police unit|belongs to another police unit, not the one) on your poster\..*Do not send anything here\./,
        );
      }
      assert.equal(await page.locator("#make-report, #come-back, button.primary").count(), 0);
      await checkScreen(page, `roster-refused-${lang}-phone`);
      assert.deepEqual(errors, []);
    } finally {
      await ctx.close();
    }
  }
});

test("a link without a good unit code asks for it, explains a wrong one, and goes on with the right one", async () => {
  const broken = unit.unitId.slice(0, 30) + (unit.unitId[30] === "q" ? "p" : "q") + unit.unitId.slice(31);
  const { ctx, page, errors } = await open({ url: `${unit.server.url}/#unit=${broken}` });
  try {
    await page.waitForSelector("#unit-id");
    assert.equal(await page.inputValue("#unit-id"), broken);
    await page.click("form button[type=submit]");
    await page.waitForSelector("#unit-id-error");
    assert.equal(await page.getAttribute("#unit-id", "aria-invalid"), "true");
    assert.match(await page.getAttribute("#unit-id", "aria-describedby") ?? "", /unit-id-error/);
    assert.match(await text(page, "#unit-id-error"), /not right/);
    await checkScreen(page, "unit-entry-error-en-phone");
    await page.fill("#unit-id", `  ${unit.unitId}  `);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#make-report");
    assert.equal(await text(page, "#unit-name"), "Riverside Unit");
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test("a mistyped receipt is explained by kind and position", async () => {
  const { ctx, page, errors } = await open();
  try {
    await page.click("#come-back");
    const cases: [string, RegExp][] = [
      ["", /Please type your receipt/],
      [VECTOR_WORDS.replace("liar amount", "liar amoutn"), /^Word 4, “amoutn”, is not a receipt word\. Did you mean: .*amount.*\?$/],
      [VECTOR_WORDS.split(" ").slice(0, 11).join(" "), /We expected 12 words and found 11/],
      [VECTOR_WORDS.replace("drum buyer", "buyer drum"), /do not belong together/],
      [VECTOR_DIGITS.replace("035994", "035995"), /Group 8 of the numbers has a mistake/],
      [VECTOR_DIGITS.slice(0, -3), /We expected 48 digits .* found 45/],
    ];
    for (const [typed, expected] of cases) {
      await page.fill("#receipt-input", typed);
      await page.click("#open-mailbox");
      await page.waitForSelector("#receipt-input-error");
      assert.match(await text(page, "#receipt-input-error"), expected, typed);
      assert.equal(await page.inputValue("#receipt-input"), typed, "what was typed stays to be corrected");
    }
    await page.fill("#receipt-input", VECTOR_WORDS.replace("liar amount", "liar amoutn"));
    await page.click("#open-mailbox");
    await checkScreen(page, "mailbox-receipt-error-en-phone");
    // Digits in Eastern Arabic numerals, with numbering, are read too.
    const arabic = VECTOR_DIGITS.split(" ")
      .map((g, i) => `${i + 1}. ${g.replace(/[0-9]/g, (d) => "٠١٢٣٤٥٦٧٨٩"[Number(d)] ?? d)}`)
      .join("\n");
    await page.fill("#receipt-input", arabic);
    await page.click("#open-mailbox");
    await page.waitForSelector("#replies-summary");
    assert.match(await text(page, "#replies-summary"), /No answer yet/);
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test("switching language keeps everything typed", async () => {
  const { ctx, page, errors } = await open({ lang: "en" });
  try {
    await page.waitForSelector("#make-report");
    await page.click("#make-report");
    await page.check("#q-0-1");
    await page.fill("#q-1", "Near the market");
    await page.fill("#report-text", "Typed in English first.");
    await page.focus("#lang");
    await page.selectOption("#lang", "ar");
    assert.equal(await page.getAttribute("html", "lang"), "ar");
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    assert.equal(await text(page, "h1"), "بلاغك");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "lang", "focus stays on the menu");
    assert.equal(await page.inputValue("#report-text"), "Typed in English first.");
    assert.equal(await page.inputValue("#q-1"), "Near the market");
    assert.ok(await page.isChecked("#q-0-1"));
    await page.selectOption("#lang", "pl");
    assert.equal(await page.getAttribute("html", "dir"), "ltr");
    assert.equal(await text(page, "h1"), "Twoje zgłoszenie");
    await page.click("#form-continue");
    const words = await receiptWords(page);
    await page.selectOption("#lang", "fa");
    assert.deepEqual(await receiptWords(page), words, "the same receipt in every language");
    await page.click("#receipt-toggle");
    for (const g of await page.$$eval("#receipt-digits li", (lis) => lis.map((l) => l.textContent ?? ""))) {
      assert.match(g, /^[۰-۹]{6}$/);
    }
    await screenshot(page, "receipt-digits-fa-phone");
    await page.click("#receipt-toggle");
    await page.click("#receipt-written");
    const asked = await checkPositions(page);
    await page.fill(`#check-${asked[0]}`, words[(asked[0] ?? 1) - 1] ?? "");
    await page.selectOption("#lang", "en");
    assert.equal(await page.inputValue(`#check-${asked[0]}`), words[(asked[0] ?? 1) - 1]);
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test("when the server is down while sending, nothing typed is lost and trying again sends it once", async () => {
  const { ctx, page, errors } = await open();
  try {
    await page.waitForSelector("#make-report");
    await fillReport(page, "Sent after the server came back.");
    await page.click("#form-continue");
    const words = await receiptWords(page);
    await page.click("#receipt-written");
    await answerCheck(page, words);
    const dataDir = unit.server.dataDir;
    const addr = unit.server.addr;
    await unit.server.stop();
    await page.click("#receipt-check");
    await page.waitForSelector("#send-failure", { timeout: 60_000 });
    assert.match(
      await text(page, "#send-failure p"),
      /^We could not reach the unit\..*Your report is still here and has not been sent\.$/,
    );
    assert.equal(await page.inputValue("#report-text"), "Sent after the server came back.");
    assert.equal(await page.inputValue("#q-1"), "Bus stop on King Street");
    assert.ok(await page.isChecked("#q-0-0"));
    assert.equal(await page.locator(".file").count(), 1);
    await page.click("#send-failure summary");
    assert.deepEqual(
      await page.$$eval("#send-failure #receipt-words li", (lis) => lis.map((l) => l.textContent ?? "")),
      words,
      "the same receipt",
    );
    await checkScreen(page, "send-failed-en-phone");

    // The same server comes back at the same address (the rest of the tests use it too).
    servers.push(await Server.start(dataDir, [], addr));
    await page.click("#retry");
    await page.waitForSelector("#sent-mailbox", { timeout: 60_000 });
    const sent = threads(unit).filter((t) => t.preview === "Sent after the server came back.");
    assert.equal(sent.length, 1);
    assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(e)), []);
  } finally {
    await ctx.close();
  }
});

test("a failure after the files went up reuses them when trying again", async () => {
  const { ctx, page } = await open();
  try {
    const uploads: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url().endsWith("/v1/attachments")) uploads.push(r.url());
    });
    await page.waitForSelector("#make-report");
    await fillReport(page, "Files go up once.");
    await page.click("#form-continue");
    const words = await receiptWords(page);
    await page.click("#receipt-written");
    await answerCheck(page, words);
    let failures = 0;
    await page.route("**/v1/messages", async (route) => {
      if (failures === 0) {
        failures += 1;
        await route.fulfill({
          status: 503,
          contentType: "application/json",
          body: JSON.stringify({ error: "overloaded", message: "Too many requests at once." }),
        });
      } else {
        await route.continue();
      }
    });
    await page.click("#receipt-check");
    await page.waitForSelector("#send-failure", { timeout: 60_000 });
    assert.match(await text(page, "#send-failure p"), /busy right now.*still here and has not been sent/);
    await page.click("#retry");
    await page.waitForSelector("#sent-mailbox", { timeout: 60_000 });
    assert.equal(uploads.length, 1, "the photo was uploaded once");
    const thread = threads(unit).find((t) => t.preview === "Files go up once.");
    assert.ok(thread);
    assert.equal(showThread(unit, thread.id).messages[0]!.attachments.length, 1);
  } finally {
    await ctx.close();
  }
});

test("keyboard only: the whole report can be made without a mouse, focus going to each new screen's heading", async () => {
  const { ctx, page, errors } = await open({ viewport: VIEWPORTS.desktop });
  // Listen for the file chooser from the start: Playwright turns chromium's
  // chooser interception on asynchronously, and a listener added in the same
  // breath as the key press can miss the chooser that key opens.
  const chooserOpened = new Promise<FileChooser>((resolve) => page.once("filechooser", resolve));
  const focused = () => page.evaluate(() => {
    const a = document.activeElement;
    return a ? `${a.tagName.toLowerCase()}#${a.id}` : "";
  });
  const tabTo = async (selector: string, limit = 60): Promise<void> => {
    for (let i = 0; i < limit; i++) {
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      await page.keyboard.press("Tab");
    }
    throw new Error(`Tab never reached ${selector} (at ${await focused()})`);
  };
  try {
    await page.waitForSelector("#make-report");
    await tabTo("#make-report");
    await page.keyboard.press("Enter");
    assert.equal(await focused(), "h1#screen-title");
    await tabTo("#q-0-0");
    await page.keyboard.press("Space");
    assert.ok(await page.isChecked("#q-0-0"));
    await tabTo("#q-1");
    await page.keyboard.type("At the station");
    await tabTo("#report-text");
    await page.keyboard.type("Typed with the keyboard only.");
    await tabTo("#report-file-input");
    // The file input is hidden behind its label but still takes focus and opens the chooser.
    const visibleRing = await page.evaluate(() => {
      const label = document.querySelector("label.file-label");
      return label ? getComputedStyle(label).outlineStyle : "";
    });
    assert.equal(visibleRing, "solid", "the focused file input shows a ring on its label");
    await page.keyboard.press("Space");
    const chooser = await Promise.race([
      chooserOpened,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("Space on the focused file input opened no file chooser")), 30_000).unref(),
      ),
    ]);
    await chooser.setFiles(PHOTO);
    await page.waitForSelector(".findings");
    await tabTo("#form-continue");
    await page.keyboard.press("Enter");
    assert.equal(await focused(), "h1#screen-title");
    const words = await receiptWords(page);
    await tabTo("#receipt-written");
    await page.keyboard.press("Enter");
    for (const n of await checkPositions(page)) {
      await tabTo(`#check-${n}`);
      await page.keyboard.type(words[n - 1] ?? "");
    }
    await tabTo("#receipt-check");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#sent-mailbox", { timeout: 60_000 });
    assert.equal(await focused(), "h1#screen-title");
    assert.ok(threads(unit).some((t) => t.preview === "Typed with the keyboard only."));
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test("the standalone file, opened from disk, talks to the server its link names, or asks for it", async () => {
  // A page opened from a file has the origin "null"; the operator allows it.
  const hosted = await startUnit({ serverArgs: ["--cors-allowed-origins", "null"], name: "Standalone Unit" });
  try {
    const file = `file://${join(webRoot, "dist", "sanctuary-reporter.html")}`;
    const linked = await open({ url: `${file}#unit=${hosted.unitId}&server=${hosted.server.url}` });
    try {
      await linked.page.waitForSelector("#make-report");
      assert.equal(await text(linked.page, "#unit-name"), "Standalone Unit");
      // The server the link named is shown, so a relay in a forged link is visible.
      assert.ok((await text(linked.page, "#server-through")).includes(hosted.server.addr));
      await checkScreen(linked.page, "standalone-start-en-phone");
      assert.deepEqual(linked.errors, []);
    } finally {
      await linked.ctx.close();
    }

    const bare = await open({ url: `${file}#unit=${hosted.unitId}` });
    try {
      await bare.page.waitForSelector("#server-address");
      assert.equal(await bare.page.inputValue("#unit-id"), hosted.unitId);
      // Only an https, onion or local origin is accepted, with no path.
      await bare.page.fill("#server-address", "http://example.org");
      await bare.page.click("form button[type=submit]");
      await bare.page.waitForSelector("#server-address-error");
      assert.match(await text(bare.page, "#server-address-error"), /cannot be used/);
      await checkScreen(bare.page, "standalone-server-error-en-phone");
      await bare.page.fill("#server-address", hosted.server.url);
      await bare.page.click("form button[type=submit]");
      await bare.page.waitForSelector("#make-report");
      assert.equal(await text(bare.page, "#unit-name"), "Standalone Unit");
      assert.deepEqual(bare.errors, []);
    } finally {
      await bare.ctx.close();
    }
  } finally {
    await hosted.close();
  }
});

test("a roster changed while sending is fetched, checked and used at once; a reply from a removed caseworker is not shown as genuine", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sanctuary-ui-roster-"));
  const form = join(dir, "form.json");
  writeFileSync(form, JSON.stringify(FORM));
  const two = await startUnit({ caseworkers: ["PC-Jones", "PC-Smith"], publishArgs: ["--form", form] });
  try {
    two.publish(["PC-Jones"]);
    const { ctx, page, errors } = await open({ url: two.pageUrl() });
    let words: string[];
    try {
      await page.waitForSelector("#make-report");
      await fillReport(page, "Sealed again for the new list.");
      await page.click("#form-continue");
      words = await receiptWords(page);
      await page.click("#receipt-written");
      await answerCheck(page, words);
      // The unit adds a caseworker after the page fetched its roster.
      two.publish(["PC-Jones", "PC-Smith"]);
      await page.click("#receipt-check");
      await page.waitForSelector("#sent-mailbox", { timeout: 60_000 });
      // The browser logs the server's 409 roster_changed; nothing else went wrong.
      assert.deepEqual(errors.filter((e) => !/status of 409/.test(e)), []);
    } finally {
      await ctx.close();
    }
    // Both caseworkers on the new roster can read it.
    const smith = threads(two, "PC-Smith").find((t) => t.preview === "Sealed again for the new list.");
    assert.ok(smith, "the report was sealed to the new roster");
    two.caseCommand("PC-Smith", ["reply", smith.id, "--message", "Reply from a caseworker who is then removed."]);
    two.publish(["PC-Jones"]);

    const { ctx: c2, page: p2, errors: e2 } = await open({ url: two.pageUrl() });
    try {
      await p2.click("#come-back");
      await p2.fill("#receipt-input", words.join(" "));
      await p2.click("#open-mailbox");
      await p2.waitForSelector("#replies-summary");
      assert.equal(await p2.locator(".reply").count(), 0, "the unverified reply is not shown");
      assert.equal(
        await text(p2, "#replies-unproven"),
        "A message arrived that could not be proven to come from the unit. It is not shown.",
      );
      assert.ok(!(await p2.content()).includes("then removed"), "its text is nowhere on the page");
      await checkScreen(p2, "mailbox-unproven-en-phone");
      assert.deepEqual(e2, []);
    } finally {
      await c2.close();
    }
  } finally {
    await two.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("with the JavaScript JIT and WebAssembly off (as Tor Browser's Safer level does), a report is sealed, sent and read", async () => {
  // V8's --jitless is the closest chromium has to Tor Browser's "Safer"
  // level, which turns off the JIT and WebAssembly.
  const safer = await launchBrowser(["--js-flags=--jitless"]);
  const ctx = await safer.newContext({ locale: "fr", viewport: VIEWPORTS.phone });
  try {
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(unit.pageUrl());
    await page.waitForSelector("#make-report");
    assert.equal(await page.evaluate(() => typeof WebAssembly), "undefined", "WebAssembly is off");
    const story = "Quelqu'un a cassé la vitre de ma voiture (sans JIT).";
    await fillReport(page, story);
    await page.click("#form-continue");
    const words = await receiptWords(page);
    await page.click("#receipt-written");
    await answerCheck(page, words);
    await page.click("#receipt-check");
    await page.waitForSelector("#sent-mailbox", { timeout: 120_000 });
    const list = threads(unit).filter((t) => t.preview.startsWith("Quelqu'un a cassé"));
    assert.equal(list.length, 1);
    assert.equal(showThread(unit, list[0]!.id).messages[0]!.text, story);
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
    await safer.close();
  }
});
