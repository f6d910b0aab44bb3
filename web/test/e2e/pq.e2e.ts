// Post-quantum recipients end to end (protocol §12), the page against the
// real server and the Rust CLI: a unit that requires post-quantum gets a
// report and its photo sealed to the caseworkers' mlkem768x25519 keys only,
// which the server accepts and the caseworker's CLI opens; the caseworker's
// reply and its file come back sealed post-quantum and the page reads them.
// A unit that turns post-quantum off gets X25519 files the stock Go age
// opens, and a thread begun then is still answered and read after the unit
// turns it on.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import type { Browser, Page } from "playwright-core";
import { Decrypter } from "age-encryption";

import { launchBrowser, startUnit, VIEWPORTS, webRoot, type Unit } from "./harness.js";
import { Api, bucketCiphertextLen, deriveKeys, parseReceipt } from "../../src/protocol/index.js";

/** A photo with GPS position, camera serial and author (from the Rust CLI's fixtures). */
const PHOTO = join(webRoot, "test", "fixtures", "rust-jpeg-metadata.jpg");

let browser: Browser;
let scratch: string;

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), "sanctuary-pq-e2e-"));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The stanza types of an age file's header, in order. */
function stanzaTypes(file: Uint8Array): string[] {
  const text = Buffer.from(file.subarray(0, 80 * 1024)).toString("latin1");
  const end = text.indexOf("\n--- ");
  assert.ok(end > 0, "an age header");
  return text
    .slice(0, end)
    .split("\n")
    .filter((l) => l.startsWith("-> "))
    .map((l) => l.slice(3).split(" ")[0] ?? "");
}

/** `n` post-quantum stanzas and one grease stanza, nothing else. */
function assertPostQuantum(file: Uint8Array, n: number, what: string): void {
  const types = stanzaTypes(file);
  assert.deepEqual(types.slice(0, n), Array<string>(n).fill("mlkem768x25519"), what);
  assert.equal(types.length, n + 1, `${what}: one grease stanza`);
  assert.match(types[n] ?? "", /-grease$/, what);
}

/** The caseworker's identity as `sanctuary caseworker export-identity` prints it. */
function exported(unit: Unit, label: string, postQuantum: boolean): string {
  const args = ["caseworker", "export-identity", "--key", unit.caseworker(label).key];
  return unit.cli.ok(postQuantum ? [...args, "--post-quantum"] : args).stdout.trim();
}

/** Whether typage opens `file` with these identities. */
async function opens(identities: string[], file: Uint8Array): Promise<boolean> {
  const d = new Decrypter();
  for (const id of identities) d.addIdentity(id);
  try {
    await d.decrypt(file);
    return true;
  } catch {
    return false;
  }
}

/** Sends a report from the page and returns the receipt's words. */
async function sendReport(page: Page, story: string, photo: boolean): Promise<string[]> {
  await page.waitForSelector("#make-report");
  await page.click("#make-report");
  await page.fill("#report-text", story);
  if (photo) {
    await page.setInputFiles("#report-file-input", PHOTO);
    await page.waitForSelector(".findings");
  }
  await page.click("#form-continue");
  await page.waitForSelector("#receipt-words li");
  const words = await page.$$eval("#receipt-words li", (lis) => lis.map((l) => l.textContent ?? ""));
  assert.equal(words.length, 12);
  await page.click("#receipt-written");
  const ids = await page.$$eval("input[id^=check-]", (xs) => xs.map((x) => x.id));
  for (const id of ids) await page.fill(`#${id}`, words[Number(id.slice("check-".length)) - 1] ?? "");
  await page.click("#receipt-check");
  await page.waitForSelector("#sent-mailbox", { timeout: 120_000 });
  return words;
}

/** The thread a caseworker finds for `story` after syncing. */
function threadOf(unit: Unit, label: string, story: string): string {
  unit.sync(label);
  const list = JSON.parse(unit.caseCommand(label, ["list", "--all", "--json"]).stdout) as { id: string; preview: string }[];
  const found = list.filter((t) => t.preview === story);
  assert.equal(found.length, 1, `${label} has the thread`);
  return found[0]!.id;
}

/** The page opens the mailbox with the words and shows the replies' texts. */
async function readReplies(page: Page, words: string[], count: number): Promise<string[]> {
  await page.click("#sent-mailbox, #come-back");
  await page.fill("#receipt-input", words.join(" "));
  await page.click("#open-mailbox");
  await page.waitForSelector("#replies-summary");
  assert.equal(await page.locator(".reply").count(), count);
  return page.$$eval(".reply-text", (xs) => xs.map((x) => x.textContent ?? ""));
}

test("post-quantum required: the page's report and photo are post-quantum, the CLI reads them and replies post-quantum with a file, the page reads both", async () => {
  const unit = await startUnit({ caseworkers: ["PC-Jones", "PC-Smith"], publishArgs: ["--post-quantum", "required"] });
  const ctx = await browser.newContext({ locale: "en", viewport: VIEWPORTS.phone, acceptDownloads: true });
  try {
    const roster = (await (await fetch(`${unit.server.url}/v1/roster`)).json()) as { document: string };
    const doc = JSON.parse(roster.document) as { policy: { post_quantum?: string }; caseworkers: { age_pq?: string }[] };
    assert.equal(doc.policy.post_quantum, "required");
    assert.ok(doc.caseworkers.every((c) => c.age_pq?.startsWith("age1pq1") === true));

    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    // What the page sends, as the server receives it.
    const sent: { path: string; body: Buffer }[] = [];
    for (const path of ["messages", "attachments"]) {
      await page.route(`**/v1/${path}`, async (route) => {
        const body = route.request().postDataBuffer();
        if (body) sent.push({ path, body });
        await route.continue();
      });
    }
    await page.goto(unit.pageUrl());
    const story = "Someone broke into the shop on Mill Lane last night.";
    const words = await sendReport(page, story, true);

    // Exactly the shapes of protocol §6.2 and §7 with two post-quantum recipients.
    const message = sent.filter((s) => s.path === "messages");
    const attachment = sent.filter((s) => s.path === "attachments");
    assert.equal(message.length, 1);
    assert.equal(attachment.length, 1);
    assert.equal(message[0]!.body.length, bucketCiphertextLen(16384, 2, "post-quantum"));
    assert.equal(message[0]!.body.length, 22 + 2 * 1557 + 13 + 48 + 16 + 16384 + 16);
    assertPostQuantum(message[0]!.body, 2, "the report");
    assertPostQuantum(attachment[0]!.body, 2, "the photo");
    // Each caseworker's post-quantum key opens them; their X25519 keys do not.
    for (const label of ["PC-Jones", "PC-Smith"]) {
      const pq = exported(unit, label, true);
      assert.match(pq, /^AGE-SECRET-KEY-PQ-1[0-9A-Z]{58}$/);
      assert.ok(await opens([pq], message[0]!.body), `${label} opens the report`);
      assert.ok(await opens([pq], attachment[0]!.body), `${label} opens the photo`);
      assert.ok(!(await opens([exported(unit, label, false)], message[0]!.body)), `${label}'s X25519 key does not`);
    }

    // The Rust CLI reads the report and its photo (without its hidden details).
    const thread = threadOf(unit, "PC-Smith", story);
    const saved = join(scratch, "smith-saved");
    const shown = JSON.parse(unit.caseCommand("PC-Smith", ["show", thread, "--json", "--save-attachments", saved]).stdout) as {
      messages: { kind: string; text: string; verified: boolean; attachments: { media_type: string }[] }[];
    };
    assert.equal(shown.messages[0]!.kind, "report");
    assert.equal(shown.messages[0]!.text, story);
    assert.equal(shown.messages[0]!.attachments[0]!.media_type, "image/jpeg");
    const photo = readFileSync(join(saved, readdirSync(saved)[0]!));
    assert.deepEqual([photo[0], photo[1]], [0xff, 0xd8]);
    assert.ok(!photo.includes(Buffer.from("SN-0042-TEST")), "the camera serial was removed");

    // The caseworker replies with a file; the reply is sealed post-quantum
    // to both caseworkers and the reporter.
    const note = join(scratch, "next-steps.txt");
    writeFileSync(note, "Bring the receipt for the broken window.\n");
    const replyText = "Thank you. We have sent an officer to Mill Lane.";
    unit.caseCommand("PC-Smith", ["reply", thread, "--message", replyText, "--attach", note]);
    const keys = deriveKeys(parseReceipt(words.join(" ")));
    const replies = await new Api(unit.server.url).fetchMailbox(keys.mailboxHex);
    assert.equal(replies.length, 1);
    assert.equal(replies[0]!.blob.length, bucketCiphertextLen(16384, 3, "post-quantum"));
    assertPostQuantum(replies[0]!.blob, 3, "the reply");
    assert.ok(!(await opens([keys.replyIdentity], replies[0]!.blob)), "the X25519 reply identity does not open it");
    assert.ok(await opens([keys.replyPqIdentity], replies[0]!.blob), "the post-quantum reply identity opens it");

    // The page reads the reply, verified, and downloads its file.
    assert.deepEqual(await readReplies(page, words, 1), [replyText]);
    assert.match(await page.locator(".reply h3").first().innerText(), /PC-Smith/);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(".downloads button")]);
    assert.equal(readFileSync(await download.path(), "utf8"), "Bring the receipt for the broken window.\n");

    // A follow-up from the page is post-quantum too, and joins the thread.
    sent.length = 0;
    await page.fill("#follow-text", "The back door was open too.");
    await page.click("#follow-send");
    await page.waitForSelector("#follow-sent", { timeout: 120_000 });
    assert.equal(sent.length, 1);
    assertPostQuantum(sent[0]!.body, 2, "the follow-up");
    unit.sync("PC-Jones");
    const after = JSON.parse(unit.caseCommand("PC-Jones", ["show", thread, "--json"]).stdout) as {
      messages: { kind: string; text: string; verified: boolean }[];
    };
    const followUp = after.messages.find((m) => m.kind === "follow-up");
    assert.ok(followUp);
    assert.equal(followUp.verified, true);
    assert.equal(followUp.text, "The back door was open too.");
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
    await unit.close();
  }
});

test("post-quantum off: X25519 files the stock Go age opens; after the unit turns it on, that thread's reply is still read", async () => {
  const unit = await startUnit({ caseworkers: ["PC-Jones"], publishArgs: ["--post-quantum", "off"] });
  const ctx = await browser.newContext({ locale: "en", viewport: VIEWPORTS.phone });
  try {
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const sent: Buffer[] = [];
    await page.route("**/v1/messages", async (route) => {
      const body = route.request().postDataBuffer();
      if (body) sent.push(body);
      await route.continue();
    });
    await page.goto(unit.pageUrl());
    const story = "My bicycle was taken from the station racks.";
    const words = await sendReport(page, story, false);
    assert.equal(sent.length, 1);
    // One X25519 caseworker: the 16 KiB bucket's length of protocol §11.
    assert.equal(sent[0]!.length, 16597);
    assert.deepEqual(stanzaTypes(sent[0]!).slice(0, 1), ["X25519"]);
    const idFile = join(scratch, "jones.identity");
    writeFileSync(idFile, exported(unit, "PC-Jones", false) + "\n", { mode: 0o600 });
    const opened = spawnSync("age", ["-d", "-i", idFile], { input: sent[0]!, maxBuffer: 4 * 1024 * 1024 });
    assert.equal(opened.status, 0, `Go age: ${opened.stderr?.toString()}`);
    const envelope = JSON.parse(opened.stdout.toString("utf8")) as { body: Record<string, unknown> };
    assert.equal(envelope.body["text"], story);
    assert.equal(envelope.body["reply_to_pq"], undefined, "an X25519 report asks for X25519 replies");

    // The unit turns post-quantum on; the thread begun before is answered
    // in X25519 (its report gave no post-quantum reply recipient).
    const thread = threadOf(unit, "PC-Jones", story);
    unit.publish(["PC-Jones"], ["--post-quantum", "required"]);
    unit.caseCommand("PC-Jones", ["reply", thread, "--message", "We found a bicycle like yours."]);
    const keys = deriveKeys(parseReceipt(words.join(" ")));
    const replies = await new Api(unit.server.url).fetchMailbox(keys.mailboxHex);
    assert.equal(replies.length, 1);
    assert.deepEqual(stanzaTypes(replies[0]!.blob).slice(0, 2), ["X25519", "X25519"]);

    // The page, now on the post-quantum roster, still reads it, and its
    // follow-up is sealed post-quantum.
    assert.deepEqual(await readReplies(page, words, 1), ["We found a bicycle like yours."]);
    sent.length = 0;
    await page.fill("#follow-text", "It has a red bell.");
    await page.click("#follow-send");
    await page.waitForSelector("#follow-sent", { timeout: 120_000 });
    // Sealed to the new roster (at once, or again after the server said
    // the roster changed).
    assert.ok(sent.length >= 1);
    assertPostQuantum(sent[sent.length - 1]!, 1, "the follow-up after the switch");
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
    await unit.close();
  }
});
