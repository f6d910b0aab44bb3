// The page's words in eight languages, and the formatting of numbers, days
// and sizes in each. Every message lives in one JSON file per language;
// en.json is the reference (its keys are the `TextKey`/`PluralKey` types),
// and test/i18n.test.ts checks that the others have exactly its keys and
// placeholders.
//
// A message is either a string with `{name}` placeholders or, where a count
// appears, an object of plural forms chosen with Intl.PluralRules
// (`{"one": "…", "other": "…"}`; Arabic also has zero/two/few/many).
import ar from "./ar.json";
import en from "./en.json";
import es from "./es.json";
import fa from "./fa.json";
import fr from "./fr.json";
import pl from "./pl.json";
import ro from "./ro.json";
import ur from "./ur.json";

/** The languages of the page, in the order the language menu lists them. */
export const LANGS = ["en", "ar", "fa", "ur", "es", "fr", "pl", "ro"] as const;
/** One of the page's languages. */
export type Lang = (typeof LANGS)[number];

/** Digits a language is written with (Unicode numbering system names). */
export type Numerals = "latn" | "arab" | "arabext";

/** How each language is named (in itself), written and counted. */
export const LANG_INFO: Record<Lang, { name: string; dir: "ltr" | "rtl"; numerals: Numerals }> = {
  en: { name: "English", dir: "ltr", numerals: "latn" },
  ar: { name: "العربية", dir: "rtl", numerals: "arab" },
  fa: { name: "فارسی", dir: "rtl", numerals: "arabext" },
  ur: { name: "اردو", dir: "rtl", numerals: "arabext" },
  es: { name: "Español", dir: "ltr", numerals: "latn" },
  fr: { name: "Français", dir: "ltr", numerals: "latn" },
  pl: { name: "Polski", dir: "ltr", numerals: "latn" },
  ro: { name: "Română", dir: "ltr", numerals: "latn" },
};

/** Plural forms of one message; `other` is always present. */
export type PluralForms = { [C in Intl.LDMLPluralRule]?: string } & { other: string };
/** A language's messages, by key. */
export type Catalog = Record<string, string | PluralForms>;

type English = typeof en;
/** Keys of plain messages. */
export type TextKey = { [K in keyof English]: English[K] extends string ? K : never }[keyof English];
/** Keys of messages with plural forms (they take a `count`). */
export type PluralKey = Exclude<keyof English, TextKey>;
/** Values for a message's `{name}` placeholders. */
export type Params = Record<string, string | number>;

/** Every catalog, for the page and for the tests. */
export const CATALOGS: Record<Lang, Catalog> = { en, ar, fa, ur, es, fr, pl, ro };

/** Whether `x` is one of the page's languages. */
export function isLang(x: string): x is Lang {
  return (LANGS as readonly string[]).includes(x);
}

/**
 * The first of the browser's preferred languages that the page speaks
 * (by primary subtag: "ar-EG" is Arabic; Dari, "prs", reads Farsi), else
 * English.
 */
export function pickLanguage(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const primary = (tag.split(/[-_]/)[0] ?? "").toLowerCase();
    if (isLang(primary)) return primary;
    if (primary === "prs") return "fa";
  }
  return "en";
}

// Unicode isolates keep a quoted value (a file name, an ID, a number) from
// reordering the sentence around it in right-to-left text.
const FSI = "\u2068";
const PDI = "\u2069";

/** Names of the `{name}` placeholders in a message, in order. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g)].map((m) => m[1] ?? "");
}

/** Words and formats of one language. */
export class I18n {
  readonly lang: Lang;
  readonly dir: "ltr" | "rtl";
  readonly numerals: Numerals;
  private readonly catalog: Catalog;
  private readonly plural: Intl.PluralRules;
  private readonly number: Intl.NumberFormat;
  private readonly locale: string;

  constructor(lang: Lang) {
    this.lang = lang;
    const info = LANG_INFO[lang];
    this.dir = info.dir;
    this.numerals = info.numerals;
    this.catalog = CATALOGS[lang];
    this.locale = `${lang}-u-nu-${info.numerals}`;
    this.plural = new Intl.PluralRules(lang);
    this.number = new Intl.NumberFormat(this.locale);
  }

  /** The message `key` with its placeholders filled in. */
  t(key: TextKey, params: Params = {}): string {
    const message = this.catalog[key] ?? CATALOGS.en[key];
    return this.fill(typeof message === "string" ? message : "", params);
  }

  /** The plural message `key` for `count` (also available as `{count}`). */
  n(key: PluralKey, count: number, params: Params = {}): string {
    const forms = this.catalog[key] ?? CATALOGS.en[key];
    if (forms === undefined || typeof forms === "string") return this.fill(forms ?? "", params);
    const category = this.plural.select(count);
    return this.fill(forms[category] ?? forms.other, { count, ...params });
  }

  /** A whole number in this language's digits. */
  num(value: number): string {
    return this.number.format(value);
  }

  /** A calendar day (`YYYY-MM-DD`, UTC) written the way this language writes days. */
  day(day: string): string {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    if (!m) return day;
    const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (Number.isNaN(date.getTime())) return day;
    return new Intl.DateTimeFormat(this.locale, { dateStyle: "long", timeZone: "UTC" }).format(date);
  }

  /** A file size in bytes, KB, MB or GB (decimal units, as people see them on phones). */
  size(bytes: number): string {
    const units = [
      ["gigabyte", 1e9],
      ["megabyte", 1e6],
      ["kilobyte", 1e3],
    ] as const;
    for (const [unit, scale] of units) {
      if (bytes >= scale) {
        return new Intl.NumberFormat(this.locale, {
          style: "unit",
          unit,
          maximumFractionDigits: 1,
        }).format(bytes / scale);
      }
    }
    return new Intl.NumberFormat(this.locale, { style: "unit", unit: "byte", unitDisplay: "long" }).format(bytes);
  }

  /** "a, b or c" in this language. */
  or(items: string[]): string {
    return new Intl.ListFormat(this.lang, { type: "disjunction" }).format(items.map((i) => FSI + i + PDI));
  }

  private fill(message: string, params: Params): string {
    return message.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return FSI + (typeof value === "number" ? this.num(value) : value) + PDI;
    });
  }
}
