//! A receipt as 8 groups of 6 digits, for people who do not read Latin
//! script (`docs/protocol.md` §2.1).
//!
//! The 16 entropy bytes are read as 8 big-endian `u16` values. Group *i*
//! (1-based) is its value as 5 decimal digits, zero-padded, followed by the
//! Damm check digit of the single digit *i* followed by those 5 digits.

use age::secrecy::SecretString;
use zeroize::{Zeroize, Zeroizing};

use super::ReceiptError;

/// Number of digit groups in a receipt written as numbers.
pub const DIGIT_GROUPS: usize = 8;

/// Digits per group: 5 for the value, 1 check digit.
pub const DIGITS_PER_GROUP: usize = 6;

/// Digits in a receipt written as numbers, not counting separators.
pub const RECEIPT_DIGITS: usize = DIGIT_GROUPS * DIGITS_PER_GROUP;

/// Data digits per group (a `u16` is at most 65535).
const VALUE_DIGITS: usize = DIGITS_PER_GROUP - 1;

/// Length of the displayed form: the digits and one space between groups.
const DISPLAY_LEN: usize = RECEIPT_DIGITS + DIGIT_GROUPS - 1;

/// The totally anti-symmetric quasigroup of order 10 from H. Michael Damm's
/// 2004 thesis (the table on Wikipedia's "Damm algorithm" page).
const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/// The Damm check digit of `digits` (each 0–9), starting from interim 0.
fn damm(digits: &[u8]) -> u8 {
    digits.iter().fold(0u8, |interim, &d| {
        DAMM[usize::from(interim)][usize::from(d)]
    })
}

/// The check digit of group `group` (1-based) with these 5 value digits.
fn group_check(group: usize, value: &[u8; VALUE_DIGITS]) -> u8 {
    let mut all = [0u8; DIGITS_PER_GROUP];
    // Groups are numbered 1 to 8: always one digit.
    all[0] = (group % 10) as u8;
    all[1..].copy_from_slice(value);
    let check = damm(&all);
    all.zeroize();
    check
}

/// The receipt's digit groups, separated by single spaces.
pub(super) fn encode(entropy: &[u8; 16]) -> SecretString {
    // Exactly the final length, so the buffer is never reallocated (leaving
    // a copy behind) and becomes the secret's box without another copy.
    let mut out = String::with_capacity(DISPLAY_LEN);
    for (i, pair) in entropy.chunks_exact(2).enumerate() {
        let mut value = u32::from(u16::from_be_bytes([pair[0], pair[1]]));
        let mut digits = [0u8; VALUE_DIGITS];
        for d in digits.iter_mut().rev() {
            *d = (value % 10) as u8;
            value /= 10;
        }
        let check = group_check(i + 1, &digits);
        if i > 0 {
            out.push(' ');
        }
        for d in digits.iter().chain(std::iter::once(&check)) {
            out.push(char::from(b'0' + d));
        }
        digits.zeroize();
    }
    SecretString::from(out)
}

/// The value of a decimal digit in ASCII, Eastern Arabic-Indic (U+0660–0669),
/// Extended Arabic-Indic (Persian, Urdu; U+06F0–06F9) or full-width
/// (U+FF10–FF19) form.
pub(super) fn digit_value(c: char) -> Option<u8> {
    let base = match c {
        '0'..='9' => '0',
        '\u{0660}'..='\u{0669}' => '\u{0660}',
        '\u{06F0}'..='\u{06F9}' => '\u{06F0}',
        '\u{FF10}'..='\u{FF19}' => '\u{FF10}',
        _ => return None,
    };
    u8::try_from(u32::from(c) - u32::from(base)).ok()
}

/// Reads a receipt written as digit groups.
///
/// `Ok(None)` means the text is not numbers (it has letters, or no digit at
/// all): the caller parses it as words. Separators are anything that is not
/// a digit; runs of 1 or 2 digits (numbering such as `1.` or `(3)`) are
/// dropped when keeping them does not give 48 digits.
pub(super) fn parse(text: &str) -> Result<Option<Zeroizing<[u8; 16]>>, ReceiptError> {
    // At most one digit per byte of input, so this never grows.
    let mut digits = Zeroizing::new(Vec::with_capacity(text.len()));
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut has_letters = false;
    let mut run_start: Option<usize> = None;
    for c in text.chars() {
        if let Some(d) = digit_value(c) {
            run_start.get_or_insert(digits.len());
            digits.push(d);
            continue;
        }
        if let Some(start) = run_start.take() {
            runs.push((start, digits.len() - start));
        }
        has_letters |= c.is_alphabetic();
    }
    if let Some(start) = run_start {
        runs.push((start, digits.len() - start));
    }

    if has_letters {
        return if runs.iter().any(|&(_, len)| len >= 3) {
            Err(ReceiptError::MixedWordsAndDigits)
        } else {
            Ok(None)
        };
    }
    if digits.is_empty() {
        return Ok(None);
    }
    let chosen = if digits.len() == RECEIPT_DIGITS {
        digits
    } else {
        let mut kept = Zeroizing::new(Vec::with_capacity(digits.len()));
        for &(start, len) in runs.iter().filter(|&&(_, len)| len >= 3) {
            kept.extend_from_slice(&digits[start..start + len]);
        }
        if kept.len() != RECEIPT_DIGITS {
            // Count what looks like the receipt, unless nothing does.
            let found = if kept.is_empty() {
                digits.len()
            } else {
                kept.len()
            };
            return Err(ReceiptError::DigitCount { found });
        }
        kept
    };

    let mut entropy = Zeroizing::new([0u8; 16]);
    for (i, group) in chosen.chunks_exact(DIGITS_PER_GROUP).enumerate() {
        let mut value_digits = [0u8; VALUE_DIGITS];
        value_digits.copy_from_slice(&group[..VALUE_DIGITS]);
        let value = value_digits
            .iter()
            .fold(0u32, |v, &d| v * 10 + u32::from(d));
        let check_ok = group_check(i + 1, &value_digits) == group[VALUE_DIGITS];
        value_digits.zeroize();
        match u16::try_from(value) {
            Ok(short) if check_ok => {
                entropy[2 * i..2 * i + 2].copy_from_slice(&short.to_be_bytes());
            }
            _ => return Err(ReceiptError::DigitGroup { group: i + 1 }),
        }
    }
    Ok(Some(entropy))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use age::secrecy::ExposeSecret;
    use proptest::prelude::*;

    const COUNTING: &str = "000015 005159 010294 015435 020577 025714 030858 035994";
    const ALL_ONES: &str = "655357 655358 655353 655351 655350 655352 655359 655355";

    fn counting() -> [u8; 16] {
        std::array::from_fn(|i| i as u8)
    }

    fn digits_of(entropy: &[u8; 16]) -> String {
        encode(entropy).expose_secret().to_owned()
    }

    fn parsed(text: &str) -> Result<[u8; 16], ReceiptError> {
        parse(text).map(|e| *e.expect("read as digits"))
    }

    /// Replaces ASCII digits with those of another script.
    fn in_script(text: &str, zero: char) -> String {
        text.chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(u32::from(zero) + d).unwrap(),
                None => c,
            })
            .collect()
    }

    #[test]
    fn damm_matches_the_published_example() {
        // Wikipedia's worked example: 572 has check digit 4, and a number
        // followed by its check digit checks to 0.
        assert_eq!(damm(&[5, 7, 2]), 4);
        assert_eq!(damm(&[5, 7, 2, 4]), 0);
    }

    #[test]
    fn known_vectors() {
        assert_eq!(digits_of(&counting()), COUNTING);
        assert_eq!(digits_of(&[0xff; 16]), ALL_ONES);
        assert_eq!(parsed(COUNTING).unwrap(), counting());
        assert_eq!(parsed(ALL_ONES).unwrap(), [0xff; 16]);
    }

    #[test]
    fn separators_scripts_and_numbering() {
        let plain = COUNTING.replace(' ', "");
        for text in [
            plain.clone(),
            COUNTING.replace(' ', "-"),
            format!("  {}\n", COUNTING.replace(' ', "\n")),
            in_script(COUNTING, '\u{0660}'),
            in_script(&plain, '\u{06F0}'),
            in_script(COUNTING, '\u{FF10}'),
            // Numbered, as someone might copy it from a list.
            COUNTING
                .split(' ')
                .enumerate()
                .map(|(i, g)| format!("{}. {g}", i + 1))
                .collect::<Vec<_>>()
                .join("\n"),
            COUNTING
                .split(' ')
                .enumerate()
                .map(|(i, g)| format!("({}) {g}", i + 1))
                .collect::<Vec<_>>()
                .join(" "),
        ] {
            assert_eq!(parsed(&text).unwrap(), counting(), "{text}");
        }
    }

    #[test]
    fn forty_eight_digits_are_used_even_in_short_runs() {
        // Split oddly (2 digits, then the rest): all 48 digits are kept.
        let plain = COUNTING.replace(' ', "");
        let text = format!("{} {}", &plain[..2], &plain[2..]);
        assert_eq!(parsed(&text).unwrap(), counting());
    }

    #[test]
    fn words_and_empty_input_go_to_the_word_parser() {
        assert!(parse("abandon about").unwrap().is_none());
        assert!(parse("1. abandon 2. about").unwrap().is_none());
        assert!(parse("").unwrap().is_none());
        assert!(parse(" -- ").unwrap().is_none());
    }

    #[test]
    fn mixed_words_and_digit_groups_are_refused() {
        assert_eq!(
            parse("abandon 000015").unwrap_err(),
            ReceiptError::MixedWordsAndDigits
        );
        assert_eq!(
            parse(&format!("{COUNTING} x")).unwrap_err(),
            ReceiptError::MixedWordsAndDigits
        );
    }

    #[test]
    fn wrong_counts_say_how_many_digits_were_found() {
        let short = &COUNTING[..COUNTING.len() - 1];
        assert_eq!(
            parse(short).unwrap_err(),
            ReceiptError::DigitCount { found: 47 }
        );
        let numbered_short: String = short
            .split(' ')
            .enumerate()
            .map(|(i, g)| format!("{}) {g} ", i + 1))
            .collect();
        assert_eq!(
            parse(&numbered_short).unwrap_err(),
            ReceiptError::DigitCount { found: 47 }
        );
        assert_eq!(
            parse("12 34").unwrap_err(),
            ReceiptError::DigitCount { found: 4 }
        );
    }

    #[test]
    fn a_bad_group_is_named() {
        // Group 3 with its last value digit changed.
        let bad = COUNTING.replace("010294", "010284");
        assert_eq!(
            parse(&bad).unwrap_err(),
            ReceiptError::DigitGroup { group: 3 }
        );
        // A value above 65535, whatever its check digit.
        for check in 0..10 {
            let bad = COUNTING.replace("015435", &format!("99999{check}"));
            assert_eq!(
                parse(&bad).unwrap_err(),
                ReceiptError::DigitGroup { group: 4 }
            );
        }
        // Two groups swapped: the group number in the check catches it.
        let swapped = COUNTING.replace("005159 010294", "010294 005159");
        assert_eq!(
            parse(&swapped).unwrap_err(),
            ReceiptError::DigitGroup { group: 2 }
        );
        // The first bad group is the one named.
        let two_bad = COUNTING
            .replace("035994", "035995")
            .replace("020577", "020578");
        assert_eq!(
            parse(&two_bad).unwrap_err(),
            ReceiptError::DigitGroup { group: 5 }
        );
    }

    proptest! {
        #[test]
        fn round_trip(entropy in any::<[u8; 16]>()) {
            let text = digits_of(&entropy);
            prop_assert_eq!(text.len(), DISPLAY_LEN);
            prop_assert_eq!(parsed(&text).unwrap(), entropy);
            prop_assert_eq!(parsed(&in_script(&text.replace(' ', ""), '\u{0660}')).unwrap(), entropy);
        }

        #[test]
        fn any_text_is_read_or_refused_without_panic(
            text in "[0-9\u{0660}-\u{0669}\u{06F0}-\u{06F9}\u{FF10}-\u{FF19} .()a-]{0,80}|\\PC{0,80}",
        ) {
            if let Ok(Some(entropy)) = parse(&text) {
                prop_assert_eq!(parsed(&digits_of(&entropy)).unwrap(), *entropy);
            }
        }

        #[test]
        fn every_single_digit_error_names_its_group(
            entropy in any::<[u8; 16]>(),
            position in 0..RECEIPT_DIGITS,
            delta in 1u8..10,
        ) {
            let mut digits: Vec<u8> = digits_of(&entropy).replace(' ', "").into_bytes();
            digits[position] = b'0' + (digits[position] - b'0' + delta) % 10;
            let text = String::from_utf8(digits).unwrap();
            prop_assert_eq!(
                parse(&text).unwrap_err(),
                ReceiptError::DigitGroup { group: position / DIGITS_PER_GROUP + 1 }
            );
        }

        #[test]
        fn every_adjacent_swap_within_a_group_names_it(
            entropy in any::<[u8; 16]>(),
            group in 0..DIGIT_GROUPS,
            at in 0..DIGITS_PER_GROUP - 1,
        ) {
            let mut digits: Vec<u8> = digits_of(&entropy).replace(' ', "").into_bytes();
            let i = group * DIGITS_PER_GROUP + at;
            prop_assume!(digits[i] != digits[i + 1]);
            digits.swap(i, i + 1);
            let text = String::from_utf8(digits).unwrap();
            prop_assert_eq!(parse(&text).unwrap_err(), ReceiptError::DigitGroup { group: group + 1 });
        }

        #[test]
        fn swapped_groups_are_caught(
            entropy in any::<[u8; 16]>(),
            a in 0..DIGIT_GROUPS,
            b in 0..DIGIT_GROUPS,
        ) {
            // Even two groups with the same value: their check digits differ.
            prop_assume!(a != b);
            let text = digits_of(&entropy);
            let mut groups: Vec<&str> = text.split(' ').collect();
            groups.swap(a, b);
            prop_assert_eq!(
                parse(&groups.join(" ")).unwrap_err(),
                ReceiptError::DigitGroup { group: a.min(b) + 1 }
            );
        }
    }
}
