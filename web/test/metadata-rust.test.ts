// Cross-check with the Rust client: for each file in test/fixtures/ that
// rust-findings.json names (see fixtures/README.md for where they come
// from), this module must find the same things as `sanctuary_cli::metadata`
// and clean the file to the very same bytes.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { type Finding, MetadataError, cleanBytes, inspectBytes } from "../src/metadata/index.js";

const fixtures = join(process.env["SANCTUARY_WEB_ROOT"] ?? process.cwd(), "test", "fixtures");

interface RustResult {
  kind?: string;
  error?: string;
  cleanedSha256?: string;
  findings?: [string, string][];
}
const expected = JSON.parse(readFileSync(join(fixtures, "rust-findings.json"), "utf8")) as Record<string, RustResult>;

/**
 * The finding this module gives for a finding of the Rust client, as
 * "category/what/value". The Rust client describes each finding in an
 * English sentence; this module gives a code the page translates, and the
 * value it quotes. An unknown sentence fails the test.
 */
function fromRust(category: string, description: string): string {
  const cat = category.toLowerCase();
  const as = (what: Finding["what"], value = "") => `${cat}/${what}/${value}`;
  const label = /^([^:"]+): (?:"(.*)"|(.*))$/su.exec(description);
  const quoted = label?.[2] ?? label?.[3];
  const fixed: [RegExp, Finding["what"], ((m: RegExpExecArray) => string)?][] = [
    [/^GPS position where the photo was taken \((.*)\)$/u, "gps", (m) => (m[1] === "exact value unreadable" ? "" : (m[1] ?? ""))],
    [/^(More )?GPS details \(such as altitude, direction or time\)$/iu, "gps"],
    [/^Camera maker's private notes/u, "maker-notes"],
    [/^Camera settings \(exposure, focus, flash and similar\)$/u, "maker-notes"],
    [/^Camera information block \(EXIF\) that could not be read in detail/u, "maker-notes"],
    [/^Camera information \(EXIF\) stored as text$/u, "maker-notes"],
    [/^Other camera details \(\d+\)$/u, "maker-notes"],
    [/^Extra data added by the camera or an app \(JPEG APP\d+ block\)$/u, "maker-notes"],
    [/^Extra data of unknown purpose \((?:PNG|WebP) "(.*)" block\)$/u, "maker-notes", (m) => m[1] ?? ""],
    [/^Extra data hidden after the end of the picture/u, "trailing-data"],
    [/^Editing history/u, "software"],
    [/^Unique picture number/u, "unique-id"],
    [/^Unique document numbers/u, "unique-id"],
    [/^References to other files this one was made from$/u, "unique-id"],
    [/^Small preview copy of the picture/u, "thumbnail"],
    [/^Index of extra pictures stored in the file/u, "thumbnail"],
    [/^Photoshop and IPTC details/u, "iptc"],
    [/^Block of hidden details \(XMP\)/u, "xmp"],
    [/^Other hidden details in the XMP block \(\d+\)$/u, "xmp"],
    [/^More hidden details \(extended XMP\)/u, "xmp"],
    [/^Content Credentials record/u, "xmp"],
    [/^Text note "(.*)": "(.*)"$/u, "text-chunk", (m) => `${m[1]}: ${m[2]}`],
    [/^Text note "(.*)"$/u, "text-chunk", (m) => m[1] ?? ""],
    [/^Compressed text note "(.*)" that could not be read$/u, "text-chunk", (m) => m[1] ?? ""],
    [/^(\d+) more hidden details \(not listed\)$/u, "more", (m) => m[1] ?? ""],
  ];
  for (const [pattern, what, value] of fixed) {
    const m = pattern.exec(description);
    if (m) return as(what, value?.(m) ?? "");
  }
  const labels: Record<string, Finding["what"]> = {
    "Camera make": "camera-make",
    "Lens make": "camera-make",
    "Camera model": "camera-model",
    "Lens model": "camera-model",
    "Device used": "camera-model",
    "Camera serial number": "serial",
    "Lens serial number": "lens-serial",
    "Computer name": "owner",
    "Camera owner's name": "owner",
    "Rights owner": "owner",
    "Photographer (artist) name": "author",
    "Author name": "author",
    Contributor: "author",
    Publisher: "author",
    "Author's job title": "author",
    "Caption writer": "author",
    Credit: "author",
    "Author's contact details": "author",
    "Copyright holder": "copyright",
    "Date taken": "date",
    "Date digitised": "date",
    "Date created": "date",
    "Date last changed": "date",
    "Date the details were last changed": "date",
    Date: "date",
    "Time zone": "date",
    "Software used": "software",
    "Program used": "software",
    "Program that made the PDF": "software",
    City: "place",
    Region: "place",
    Country: "place",
    Place: "place",
    "Country code": "place",
    Description: "description",
    Keywords: "description",
    Title: "title",
    Subject: "title",
    "Document name": "title",
    Headline: "title",
    Comment: "comment",
    Instructions: "comment",
    Source: "comment",
  };
  const what = label?.[1] === undefined ? undefined : labels[label[1]];
  assert.ok(what !== undefined && quoted !== undefined, `a Rust finding this test does not know: ${description}`);
  return as(what, shortened(quoted));
}

/**
 * Rust quotes 80 characters and then "…" (or 81 when the 80th is a space
 * between words); this module quotes at most 80 characters in all, "…"
 * included.
 */
function shortened(value: string): string {
  const chars = [...value];
  return chars.length > 80 ? chars.slice(0, 79).join("").trimEnd() + "…" : value;
}

/**
 * The known difference: the Rust client's XML reader (quick-xml, trimming
 * text) drops the spaces between entity references, so `Caf&#233; &amp;
 * bar` reads "Café&bar" there and "Café & bar" here.
 */
const KNOWN = new Map([["other/description/Café&bar", "other/description/Café & bar"]]);

/** The Rust findings as this module lists them: translated, then without duplicates and valueless repeats. */
function translated(findings: [string, string][]): string[] {
  const keys = findings.map(([category, description]) => fromRust(category, description)).map((k) => KNOWN.get(k) ?? k);
  const unique = [...new Set(keys)];
  const valued = new Set(unique.filter((k) => !k.endsWith("/")).map((k) => k.slice(0, k.lastIndexOf("/"))));
  const more = unique.filter((k) => k.startsWith("other/more/"));
  const listed = unique.filter((k) => !k.startsWith("other/more/") && (!k.endsWith("/") || !valued.has(k.slice(0, -1))));
  return [...listed, ...more];
}

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

test("the fixtures named in rust-findings.json are all there", () => {
  assert.ok(Object.keys(expected).length >= 20);
  for (const name of Object.keys(expected)) assert.ok(readFileSync(join(fixtures, name)).length > 0, name);
});

for (const [name, rust] of Object.entries(expected)) {
  test(`same findings and the same cleaned bytes as the Rust client: ${name}`, async () => {
    const data = new Uint8Array(readFileSync(join(fixtures, name)));
    if (rust.error !== undefined) {
      await assert.rejects(inspectBytes(data), (e) => e instanceof MetadataError && e.code === "corrupt");
      await assert.rejects(cleanBytes(data), (e) => e instanceof MetadataError && e.code === "corrupt");
      return;
    }
    const found = await inspectBytes(data);
    assert.equal(found.kind, rust.kind?.toLowerCase());
    assert.ok(found.cleanable);
    assert.deepEqual(
      found.findings.map((f) => `${f.category}/${f.what}/${f.value}`),
      translated(rust.findings ?? []),
    );
    assert.equal(sha256(await cleanBytes(data)), rust.cleanedSha256);
  });
}
