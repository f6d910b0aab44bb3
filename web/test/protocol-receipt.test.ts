// Receipts as words and as digit groups: display, and forgiving parsing
// that still says exactly what is wrong.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import {
  ReceiptError,
  dammDigit,
  generateEntropy,
  parseReceipt,
  receiptDigitGroups,
  receiptWords,
  suggestWords,
  toNumerals,
} from "../src/protocol/index.js";
import { ALARMING_WORDS, hasAlarmingWord } from "../src/protocol/receipt.js";
import { wordlist } from "@scure/bip39/wordlists/english.js";

const counting = Uint8Array.from({ length: 16 }, (_, i) => i);
const ones = new Uint8Array(16).fill(0xff);
const WORDS = "abandon amount liar amount expire adjust cage candy arch gather drum buyer";
const DIGITS = "000015 005159 010294 015435 020577 025714 030858 035994";

function failure(input: string): ReceiptError {
  try {
    parseReceipt(input);
  } catch (e) {
    assert.ok(e instanceof ReceiptError, String(e));
    return e;
  }
  assert.fail(`parsed: ${input}`);
}

test("digit groups: the spec's vectors", () => {
  assert.equal(receiptDigitGroups(counting).join(" "), DIGITS);
  assert.equal(receiptDigitGroups(ones).join(" "), "655357 655358 655353 655351 655350 655352 655359 655355");
  assert.equal(receiptDigitGroups(new Uint8Array(16)).length, 8);
});

test("the Damm table is the standard one", () => {
  // Wikipedia's worked example: 572 has check digit 4, and a number
  // followed by its check digit checks to 0.
  assert.equal(dammDigit("572"), 4);
  assert.equal(dammDigit("5724"), 0);
  assert.equal(dammDigit(""), 0);
});

test("numerals are shown in the reader's digits and read back", () => {
  const arab = toNumerals(DIGITS, "arab");
  assert.equal(arab.slice(0, 6), "\u0660\u0660\u0660\u0660\u0661\u0665");
  assert.equal(toNumerals(DIGITS, "arabext").slice(0, 6), "\u06f0\u06f0\u06f0\u06f0\u06f1\u06f5");
  assert.equal(toNumerals(DIGITS, "latn"), DIGITS);
  assert.deepEqual(parseReceipt(arab), counting);
  assert.deepEqual(parseReceipt(toNumerals(DIGITS, "arabext").replaceAll(" ", "\u060c ")), counting);
  const fullWidth = DIGITS.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  assert.deepEqual(parseReceipt(fullWidth), counting);
});

test("digits are read whatever separates them, with or without numbering", () => {
  const groups = DIGITS.split(" ");
  for (const input of [
    DIGITS,
    groups.join(""),
    groups.join("-"),
    groups.join("\n"),
    groups.map((g, i) => `${i + 1}. ${g}`).join("\n"),
    groups.map((g, i) => `(${i + 1}) ${g}`).join(" "),
    groups.map((g) => `${g.slice(0, 3)} ${g.slice(3)}`).join("  "),
  ]) {
    assert.deepEqual(parseReceipt(input), counting, input);
  }
});

test("digit errors: count, and the first group that does not check", () => {
  assert.equal(failure(DIGITS.slice(0, -1)).kind, "digit-count");
  assert.equal(failure(DIGITS.slice(0, -1)).got, 47);
  // A lone "1" or "12" is numbering, not part of the receipt.
  assert.deepEqual(parseReceipt(`${DIGITS} 12`), counting);
  assert.equal(failure(`${DIGITS} 123`).got, 51);
  const e = failure(DIGITS.slice(0, 14) + (DIGITS[14] === "9" ? "8" : "9") + DIGITS.slice(15));
  assert.equal(e.kind, "digit-group");
  assert.equal(e.position, 3);
  // Two groups swapped: each check digit covers its position.
  const groups = DIGITS.split(" ");
  const swapped = failure([groups[1], groups[0], ...groups.slice(2)].join(" "));
  assert.deepEqual([swapped.kind, swapped.position], ["digit-group", 1]);
  // A value above 65535 with a correct check digit.
  const big = failure([`70000${dammDigit("170000")}`, ...groups.slice(1)].join(" "));
  assert.deepEqual([big.kind, big.position], ["digit-group", 1]);
  assert.equal(failure("   ").kind, "empty");
  assert.equal(failure("--- ...").kind, "empty");
});

test("every single-digit error and neighbour swap in a group is caught", () => {
  const groups = receiptDigitGroups(generateEntropy());
  for (const [g, group] of groups.entries()) {
    for (let i = 0; i < 6; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === group[i]) continue;
        const wrong = group.slice(0, i) + String(d) + group.slice(i + 1);
        const input = groups.map((x, j) => (j === g ? wrong : x)).join(" ");
        assert.equal(failure(input).position, g + 1);
      }
      if (i < 5 && group[i] !== group[i + 1]) {
        const swapped = group.slice(0, i) + (group[i + 1] ?? "") + (group[i] ?? "") + group.slice(i + 2);
        const input = groups.map((x, j) => (j === g ? swapped : x)).join(" ");
        assert.equal(failure(input).position, g + 1);
      }
    }
  }
});

test("random receipts round-trip through words and digits", () => {
  for (let i = 0; i < 200; i++) {
    const entropy = generateEntropy();
    assert.equal(entropy.length, 16);
    assert.deepEqual(parseReceipt(receiptWords(entropy).join(" ")), entropy);
    assert.deepEqual(parseReceipt(receiptDigitGroups(entropy).join(" ")), entropy);
  }
  assert.notDeepEqual(generateEntropy(), generateEntropy());
});

test("words are read with capitals, numbering, punctuation and 4-letter prefixes", () => {
  const words = WORDS.split(" ");
  for (const input of [
    WORDS,
    WORDS.toUpperCase(),
    `  ${words.join("\n\t ")}  `,
    words.map((w, i) => `${i + 1}. ${w}`).join(" "),
    words.map((w, i) => `${i + 1}) ${w}`).join("\n"),
    words.map((w, i) => `(${i + 1})${w}`).join(" "),
    words.join(", "),
    words.join("; "),
    words.join(" - "),
    words.join("\u060c "),
    words.map((w) => w.slice(0, 4)).join(" "),
    words.map((w) => w.slice(0, 5)).join(" "),
    // Full-width letters (NFKC).
    WORDS.replace(/[a-z]/g, (c) => String.fromCharCode(0xff41 + c.charCodeAt(0) - 97)),
  ]) {
    assert.deepEqual(parseReceipt(input), counting, input);
  }
});

test("word errors say which word, with suggestions", () => {
  const words = WORDS.split(" ");
  const count = failure(words.slice(0, 11).join(" "));
  assert.deepEqual([count.kind, count.got], ["count", 11]);
  assert.equal(failure(`${WORDS} abandon`).got, 13);

  const lair = failure(WORDS.replace("liar", "lair"));
  assert.equal(lair.kind, "word");
  assert.equal(lair.position, 3);
  assert.equal(lair.word, "lair");
  assert.ok(lair.suggestions?.includes("liar"), String(lair.suggestions));

  const abandun = failure(WORDS.replace("abandon", "Abandun"));
  assert.deepEqual([abandun.position, abandun.word, abandun.suggestions], [1, "abandun", ["abandon"]]);

  // Too short to be a prefix, too far from every word.
  assert.equal(failure(WORDS.replace("cage", "ca")).kind, "word");
  assert.deepEqual(suggestWords("zzzzzzzz"), []);
  assert.ok(suggestWords("wisdon").includes("wisdom"));
  assert.ok(suggestWords("elephantine").includes("elephant"));
  assert.ok(suggestWords("abuot").includes("about"));
  assert.ok(suggestWords("xy").length <= 3);

  // Valid words that do not belong together: one changed, or two swapped.
  assert.equal(failure(WORDS.replace("buyer", "about")).kind, "checksum");
  assert.equal(failure(WORDS.replace("liar", "lion")).kind, "checksum");
  assert.equal(failure(["amount", "abandon", ...words.slice(2)].join(" ")).kind, "checksum");

  assert.equal(failure(`abandon ${DIGITS}`).kind, "mixed");
  assert.equal(failure("abandon 12 amount").kind, "count");
});

// The inputs every client's parser must read alike; the Rust test in
// crypto/src/receipt.rs reads the same file.
interface SharedCase {
  name: string;
  input: string;
  entropy?: string;
  error?: { kind: string; got?: number; position?: number };
}

const webRoot = process.env["SANCTUARY_WEB_ROOT"] ?? process.cwd();

test("the shared receipt inputs read the same as in Rust", () => {
  const file = join(webRoot, "..", "crypto", "testdata", "receipt-inputs.json");
  const cases = (JSON.parse(readFileSync(file, "utf8")) as { cases: SharedCase[] }).cases;
  assert.ok(cases.length > 30);
  for (const c of cases) {
    if (c.entropy !== undefined) {
      assert.equal(Buffer.from(parseReceipt(c.input)).toString("hex"), c.entropy, c.name);
      continue;
    }
    assert.ok(c.error, c.name);
    const e = failure(c.input);
    assert.equal(e.kind, c.error.kind, c.name);
    if (c.error.got !== undefined) assert.equal(e.got, c.error.got, c.name);
    if (c.error.position !== undefined) assert.equal(e.position, c.error.position, c.name);
  }
});

test("the alarming-word list is the Rust one, and new receipts avoid it", () => {
  const rust = readFileSync(join(webRoot, "..", "crypto", "src", "receipt", "alarming.rs"), "utf8");
  const body = /pub const ALARMING_WORDS: &\[&str\] = &\[([^\]]*)\];/.exec(rust)?.[1];
  assert.ok(body !== undefined, "ALARMING_WORDS not found in alarming.rs");
  const rustWords = [...body.matchAll(/"([a-z]+)"/g)].map((m) => m[1]);
  assert.ok(rustWords.length >= 20);
  assert.deepEqual([...ALARMING_WORDS], rustWords);
  for (const word of ALARMING_WORDS) assert.ok(wordlist.includes(word), word);

  // Without the rule about 21% of receipts have such a word: 300 draws
  // without one would happen by chance with probability 1e-31.
  for (let i = 0; i < 300; i++) {
    const entropy = generateEntropy();
    assert.equal(hasAlarmingWord(entropy), false);
    assert.ok(!receiptWords(entropy).some((w) => ALARMING_WORDS.has(w)));
  }
  assert.equal(hasAlarmingWord(new Uint8Array(16)), false);
  // The first word is the top 11 bits: "police" is word 1341.
  const police = new Uint8Array(16);
  police[0] = 1341 >> 3;
  police[1] = (1341 & 7) << 5;
  assert.equal(receiptWords(police)[0], "police");
  assert.equal(hasAlarmingWord(police), true);
  // Such a receipt, made before the rule, is still read.
  assert.deepEqual(parseReceipt(receiptWords(police).join(" ")), police);
});
