// What a file gives away: findings, and the bounded list they are gathered in.

/** What kind of thing a finding reveals, from the most to the least revealing. */
export type FindingCategory = "location" | "device" | "person" | "time" | "software" | "other";

/** Every category, most revealing first: the order findings are listed in. */
export const FINDING_CATEGORIES: readonly FindingCategory[] = [
  "location",
  "device",
  "person",
  "time",
  "software",
  "other",
];

/**
 * What a finding is, as a stable code the page translates (README.md in
 * this folder says which metadata each code stands for).
 */
export type FindingWhat =
  | "gps"
  | "place"
  | "camera-make"
  | "camera-model"
  | "serial"
  | "lens-serial"
  | "owner"
  | "author"
  | "copyright"
  | "date"
  | "software"
  | "comment"
  | "title"
  | "description"
  | "unique-id"
  | "thumbnail"
  | "xmp"
  | "iptc"
  | "text-chunk"
  | "trailing-data"
  | "maker-notes"
  | "more";

/** Every {@link FindingWhat}, for translation tables and their tests. */
export const FINDING_WHATS: readonly FindingWhat[] = [
  "gps",
  "place",
  "camera-make",
  "camera-model",
  "serial",
  "lens-serial",
  "owner",
  "author",
  "copyright",
  "date",
  "software",
  "comment",
  "title",
  "description",
  "unique-id",
  "thumbnail",
  "xmp",
  "iptc",
  "text-chunk",
  "trailing-data",
  "maker-notes",
  "more",
];

/**
 * One piece of identifying metadata. `value` is quoted from the file
 * (control and invisible characters removed, whitespace collapsed, at most
 * 80 characters), or "" when there is nothing to quote; for `more` it is
 * the number of findings left out.
 */
export interface Finding {
  category: FindingCategory;
  what: FindingWhat;
  value: string;
}

/** A finding. */
export function finding(category: FindingCategory, what: FindingWhat, value = ""): Finding {
  return { category, what, value };
}

/**
 * The most distinct findings listed for one file. A crafted file could hold
 * millions (one per comment block); what is over the limit is still
 * removed, and counted in a last `more` finding.
 */
export const MAX_FINDINGS = 100;

/** Findings gathered while reading a file: without duplicates, at most {@link MAX_FINDINGS}. */
export class FindingList {
  private readonly list: Finding[] = [];
  private readonly seen = new Set<string>();
  private dropped = 0;

  /** Adds findings that are not already listed. */
  add(...findings: readonly Finding[]): void {
    for (const found of findings) {
      const key = `${found.category}\u0000${found.what}\u0000${found.value}`;
      if (this.seen.has(key)) continue;
      if (this.list.length >= MAX_FINDINGS) {
        this.dropped += 1;
        continue;
      }
      this.seen.add(key);
      this.list.push(found);
    }
  }

  /**
   * The findings, most revealing category first (in the order found within
   * a category). A finding without a value is left out when the same kind
   * of finding has one: "GPS position: 51.5012° N, 0.1419° W" says all that
   * "more GPS details" would, in the page's words.
   */
  toArray(): Finding[] {
    const rank = (f: Finding): number => FINDING_CATEGORIES.indexOf(f.category);
    const valued = new Set(this.list.filter((f) => f.value !== "").map((f) => `${f.category}\u0000${f.what}`));
    const shown = this.list.filter((f) => f.value !== "" || !valued.has(`${f.category}\u0000${f.what}`));
    const sorted = shown.sort((a, b) => rank(a) - rank(b));
    if (this.dropped > 0) sorted.push(finding("other", "more", String(this.dropped)));
    return sorted;
  }
}

/** What cleaning a file removes (its findings), and the cleaned file in pieces. */
export interface Plan {
  findings: Finding[];
  cleaned: Uint8Array[];
}
