//! Receipt words a reporter may be afraid to carry.
//!
//! A receipt is written on paper or kept on a phone, and a reporter may be
//! stopped and searched by the very people the report is about, or be
//! afraid of that: a note reading `illegal arrest prison police border
//! alien` looks like a confession or a threat, and a frightened person may
//! refuse to write it down at all. So receipts are drawn again while any of
//! their words is on this list: BIP39 English words about crime,
//! immigration, law enforcement, courts, violence and weapons.
//!
//! This costs about a third of a bit of the receipt's 128 (see
//! `docs/protocol.md` §2). Only the drawing changes: a receipt with such a
//! word, made before this list existed, is still read and still works.
//!
//! The web reporter page draws receipts by the same rule from a copy of
//! this list, `web/src/protocol/alarming-words.json`; a test here and one
//! there fail when the two differ.

/// The alarming words, sorted. Every one is in the BIP39 English list.
pub const ALARMING_WORDS: &[&str] = &[
    "abuse", "accuse", "alien", "arrest", "assault", "attack", "betray", "blood", "bomb", "border",
    "bullet", "crime", "enemy", "evidence", "exile", "guard", "guilt", "gun", "illegal", "injury",
    "judge", "knife", "lawsuit", "patrol", "pistol", "police", "prison", "punch", "rifle", "riot",
    "sentence", "shoot", "soldier", "spy", "suspect", "sword", "trial", "visa", "weapon",
    "witness",
];

/// Whether `word` (lowercase) is on the list of alarming words.
pub fn is_alarming(word: &str) -> bool {
    ALARMING_WORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use bip39::Language;

    #[test]
    fn the_list_is_sorted_unique_and_made_of_receipt_words() {
        assert!(ALARMING_WORDS.windows(2).all(|w| w[0] < w[1]));
        for word in ALARMING_WORDS {
            assert!(Language::English.find_word(word).is_some(), "{word}");
        }
        assert_eq!(ALARMING_WORDS.len(), 40);
        assert!(is_alarming("police"));
        assert!(!is_alarming("abandon"));
    }

    /// The web page's copy must be this list, word for word.
    #[test]
    fn the_web_page_has_the_same_list() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../web/src/protocol/alarming-words.json");
        let text = std::fs::read_to_string(&path).unwrap();
        let web: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(
            web,
            ALARMING_WORDS,
            "{} differs from ALARMING_WORDS; write it as:\n{}",
            path.display(),
            serde_json::to_string(ALARMING_WORDS).unwrap()
        );
    }
}
