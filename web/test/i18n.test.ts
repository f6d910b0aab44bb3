// The page's eight languages: every message exists in every language, is
// not empty, has the same placeholders as English and the plural forms the
// language needs; every code the protocol, metadata and server modules can
// hand the page has a message; the noscript text is there in all eight.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CATALOGS, I18n, LANG_INFO, LANGS, pickLanguage, placeholders, type PluralForms } from "../src/i18n/index";
import { METADATA_ERROR_CODES } from "../src/metadata/index";
import {
  API_CODES,
  API_ERROR_KEYS,
  METADATA_ERROR_KEYS,
  OPEN_ERROR_KEYS,
  POW_ERROR_KEYS,
  RECEIPT_ERROR_KEYS,
  ROSTER_ERROR_KEYS,
  SEAL_ERROR_KEYS,
  SEAL_FILE_CHANGED_KEY,
  UNIT_ID_ERROR_KEYS,
  WHAT_KEYS,
  WHAT_MORE_KEY,
} from "../src/ui/codes";

const webRoot = process.env["SANCTUARY_WEB_ROOT"] ?? process.cwd();
const en = CATALOGS.en;
const FSI = "\u2068";
const PDI = "\u2069";

function sorted(xs: Iterable<string>): string[] {
  return [...xs].sort();
}

test("the language files are exactly the page's languages", () => {
  const files = readdirSync(join(webRoot, "src", "i18n")).filter((f) => f.endsWith(".json"));
  assert.deepEqual(sorted(files.map((f) => f.replace(/\.json$/, ""))), sorted(LANGS));
  assert.deepEqual(sorted(Object.keys(LANG_INFO)), sorted(LANGS));
  for (const lang of LANGS) {
    const rtl = lang === "ar" || lang === "fa" || lang === "ur";
    assert.equal(LANG_INFO[lang].dir, rtl ? "rtl" : "ltr", lang);
  }
});

test("every language has every key of English, and no other", () => {
  for (const lang of LANGS) {
    const catalog = CATALOGS[lang];
    const missing = Object.keys(en).filter((k) => !(k in catalog));
    const extra = Object.keys(catalog).filter((k) => !(k in en));
    assert.deepEqual(missing, [], `${lang} lacks keys`);
    assert.deepEqual(extra, [], `${lang} has keys English does not`);
  }
});

test("no message is empty, and plural messages have exactly the language's plural forms", () => {
  for (const lang of LANGS) {
    const categories = sorted(new Intl.PluralRules(lang).resolvedOptions().pluralCategories);
    for (const [key, value] of Object.entries(CATALOGS[lang])) {
      const english = en[key];
      if (typeof english === "string") {
        assert.equal(typeof value, "string", `${lang} ${key} must be a plain message`);
        assert.ok((value as string).trim().length > 0, `${lang} ${key} is empty`);
      } else {
        assert.equal(typeof value, "object", `${lang} ${key} must have plural forms`);
        const forms = value as PluralForms;
        assert.deepEqual(sorted(Object.keys(forms)), categories, `${lang} ${key}: plural forms`);
        for (const [form, text] of Object.entries(forms)) {
          assert.ok(typeof text === "string" && text.trim().length > 0, `${lang} ${key}.${form} is empty`);
        }
      }
    }
  }
});

function englishPlaceholders(key: string): Set<string> {
  const value = en[key];
  if (value === undefined) return new Set();
  const texts = typeof value === "string" ? [value] : Object.values(value);
  return new Set(texts.flatMap((t) => placeholders(t ?? "")));
}

test("placeholders match English in every language", () => {
  for (const lang of LANGS) {
    for (const [key, value] of Object.entries(CATALOGS[lang])) {
      const wanted = englishPlaceholders(key);
      if (typeof value === "string") {
        assert.deepEqual(sorted(new Set(placeholders(value))), sorted(wanted), `${lang} ${key}`);
        continue;
      }
      // A plural form may leave out the count itself ("one file", "two
      // files" in Arabic), but every other placeholder must be there, and
      // the general form must show the count.
      const others = sorted([...wanted].filter((p) => p !== "count"));
      for (const [form, text] of Object.entries(value)) {
        const got = new Set(placeholders(text ?? ""));
        assert.deepEqual(sorted([...got].filter((p) => p !== "count")), others, `${lang} ${key}.${form}`);
        for (const p of got) assert.ok(wanted.has(p), `${lang} ${key}.${form}: unknown placeholder {${p}}`);
      }
      if (wanted.has("count")) {
        assert.ok(placeholders(value.other).includes("count"), `${lang} ${key}.other must show {count}`);
      }
    }
  }
});

test("every code of the protocol, metadata and server modules has a message", () => {
  const plain = (key: string, what: string) =>
    assert.equal(typeof en[key], "string", `${what}: no plain message ${key}`);
  const pluralKey = (key: string, what: string) =>
    assert.equal(typeof en[key], "object", `${what}: no plural message ${key}`);
  for (const [code, key] of Object.entries(WHAT_KEYS)) plain(key, `finding ${code}`);
  pluralKey(WHAT_MORE_KEY, "finding more");
  for (const [kind, key] of Object.entries(ROSTER_ERROR_KEYS)) plain(key, `roster error ${kind}`);
  for (const [kind, key] of Object.entries(SEAL_ERROR_KEYS)) plain(key, `seal error ${kind}`);
  plain(SEAL_FILE_CHANGED_KEY, "seal error: file changed");
  for (const [kind, key] of Object.entries(UNIT_ID_ERROR_KEYS)) plain(key, `unit ID error ${kind}`);
  for (const [kind, key] of Object.entries(OPEN_ERROR_KEYS)) plain(key, `open error ${kind}`);
  for (const [kind, key] of Object.entries(POW_ERROR_KEYS)) plain(key, `proof-of-work error ${kind}`);
  for (const [code, key] of Object.entries(METADATA_ERROR_KEYS)) plain(key, `metadata error ${code}`);
  for (const [code, key] of Object.entries(API_ERROR_KEYS)) plain(key, `API error ${code}`);
  for (const [kind, key] of Object.entries(RECEIPT_ERROR_KEYS)) {
    if (kind === "count" || kind === "digit-count") pluralKey(key, `receipt error ${kind}`);
    else plain(key, `receipt error ${kind}`);
  }
  // The finding codes of the metadata module's declared union, as listed in
  // its source: the map's keys plus "more".
  assert.deepEqual(
    sorted([...Object.keys(WHAT_KEYS), "more"]),
    sorted(unionMembers(join(webRoot, "src", "metadata"), "FindingWhat")),
  );
  assert.deepEqual(
    sorted(Object.keys(RECEIPT_ERROR_KEYS)),
    sorted(unionMembers(join(webRoot, "src", "protocol"), "ReceiptErrorKind")),
  );
  const protocol = join(webRoot, "src", "protocol");
  assert.deepEqual(sorted(Object.keys(ROSTER_ERROR_KEYS)), sorted(unionMembers(protocol, "RosterErrorKind")));
  assert.deepEqual(sorted(Object.keys(SEAL_ERROR_KEYS)), sorted(unionMembers(protocol, "SealErrorKind")));
  assert.deepEqual(sorted(Object.keys(UNIT_ID_ERROR_KEYS)), sorted(unionMembers(protocol, "UnitIdErrorKind")));
  assert.deepEqual(sorted(Object.keys(OPEN_ERROR_KEYS)), sorted(unionMembers(protocol, "OpenErrorKind")));
  assert.deepEqual(sorted(Object.keys(POW_ERROR_KEYS)), sorted(unionMembers(protocol, "PowErrorKind")));
  assert.deepEqual(sorted(Object.keys(METADATA_ERROR_KEYS)), sorted(METADATA_ERROR_CODES));
});

/** The string members of `export type NAME = "a" | "b" …` in a folder's .ts files. */
function unionMembers(dir: string, name: string): string[] {
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const text = readFileSync(join(dir, file), "utf8");
    const m = new RegExp(`export type ${name}\\s*=([^;]+);`).exec(text);
    if (m?.[1]) return [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1] ?? "");
  }
  throw new Error(`no type ${name} in ${dir}`);
}

test("the server's error codes are exactly those of docs/api/openapi.yaml", () => {
  const yaml = readFileSync(join(webRoot, "..", "docs", "api", "openapi.yaml"), "utf8");
  const block = /ErrorBody:[\s\S]*?enum:\n((?:\s+- \w+\n)+)/.exec(yaml);
  assert.ok(block?.[1], "ErrorBody enum not found");
  const codes = [...block[1].matchAll(/- (\w+)/g)].map((m) => m[1] ?? "");
  const own = ["network", "bad_answer"];
  assert.deepEqual(sorted(API_CODES.filter((c) => !own.includes(c))), sorted(codes));
});

test("every message is used by the page, and every message the page uses exists", () => {
  const dir = join(webRoot, "src", "ui");
  const source = readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => readFileSync(join(dir, f), "utf8"))
    .join("\n");
  const literals = new Set([...source.matchAll(/"([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)"/g)].map((m) => m[1] ?? ""));
  const unused = Object.keys(en).filter((k) => !literals.has(k));
  assert.deepEqual(unused, [], "messages no screen uses");
  const called = [...source.matchAll(/\b(?:t|n|msg|plural)\(\s*"([a-z][a-z0-9.-]+)"/g)].map((m) => m[1] ?? "");
  const unknown = called.filter((k) => !(k in en));
  assert.deepEqual(unknown, [], "messages used but not written");
});

test("messages fill placeholders in isolates, with the language's digits", () => {
  const ar = new I18n("ar");
  assert.equal(ar.t("receipt.word-n", { n: 7 }), `الكلمة ${FSI}٧${PDI}`);
  const fa = new I18n("fa");
  assert.equal(fa.t("receipt.group-n", { n: 3 }), `دستهٔ ${FSI}۳${PDI}`);
  const en1 = new I18n("en");
  assert.equal(en1.t("files.remove-file", { name: "a.jpg" }), `Remove ${FSI}a.jpg${PDI}`);
  assert.equal(en1.num(1234), "1,234");
  // A missing value leaves the placeholder visible rather than "undefined".
  assert.equal(en1.t("files.remove-file"), "Remove {name}");
});

test("plural forms follow each language's rules", () => {
  const ar = new I18n("ar");
  assert.equal(ar.n("replies.count", 1), "رد واحد من الوحدة.");
  assert.equal(ar.n("replies.count", 2), "ردّان من الوحدة.");
  assert.equal(ar.n("replies.count", 3), `${FSI}٣${PDI} ردود من الوحدة.`);
  assert.equal(ar.n("replies.count", 11), `${FSI}١١${PDI} ردًا من الوحدة.`);
  const pl = new I18n("pl");
  assert.equal(pl.n("replies.count", 1), `${FSI}1${PDI} odpowiedź od jednostki.`);
  assert.equal(pl.n("what.more", 3), `I jeszcze ${FSI}3${PDI} szczegóły`);
  assert.equal(pl.n("what.more", 5), `I jeszcze ${FSI}5${PDI} szczegółów`);
  const ro = new I18n("ro");
  assert.equal(ro.n("sent.retention", 180), `Răspunsurile se șterg la ${FSI}180${PDI} de zile după ultimul răspuns al unității.`);
  assert.equal(ro.n("sent.retention", 3), `Răspunsurile se șterg la ${FSI}3${PDI} zile după ultimul răspuns al unității.`);
  const en1 = new I18n("en");
  assert.equal(en1.n("files.limits", 10, { size: "268 MB" }), `At most ${FSI}10${PDI} files, up to ${FSI}268 MB${PDI} each.`);
});

test("days and sizes are written in the reader's language", () => {
  assert.equal(new I18n("en").day("2026-11-03"), "November 3, 2026");
  assert.match(new I18n("ar").day("2026-11-03"), /٣/);
  assert.equal(new I18n("en").day("not a day"), "not a day");
  assert.equal(new I18n("en").size(2_500_000), "2.5 MB");
  assert.equal(new I18n("fr").size(2_500_000), "2,5\u202fMo");
  assert.equal(new I18n("en").size(12), "12 bytes");
});

test("the language comes from the browser's first supported preference", () => {
  assert.equal(pickLanguage(["de-DE", "ar-EG", "en"]), "ar");
  assert.equal(pickLanguage(["pl"]), "pl");
  assert.equal(pickLanguage(["prs-AF"]), "fa");
  assert.equal(pickLanguage(["de", "it"]), "en");
  assert.equal(pickLanguage([]), "en");
  assert.equal(pickLanguage(["UR_pk"]), "ur");
});

test("without JavaScript the page explains itself in all eight languages", () => {
  const html = readFileSync(join(webRoot, "src", "index.html"), "utf8");
  const noscript = /<noscript>([\s\S]*?)<\/noscript>/.exec(html)?.[1] ?? "";
  for (const lang of LANGS) {
    const block = new RegExp(`<div lang="${lang}" dir="${LANG_INFO[lang].dir}"><p>([^<]+)</p></div>`).exec(noscript);
    assert.ok(block?.[1], `no noscript text in ${lang}`);
    assert.match(block[1], /JavaScript/, lang);
    assert.match(block[1], /Tor/, lang);
    assert.match(block[1], /Safer/, lang);
  }
  // No form in the page can send anything without the script.
  assert.doesNotMatch(html, /<form/i);
  for (const placeholder of ["{{CSP_META}}", "{{STYLE}}", "{{SCRIPT}}"]) assert.ok(html.includes(placeholder), placeholder);
});
