//! Reading a reporter's receipt (its words or its digit groups), explaining
//! a mistyped one, and writing it out in the form the reporter chose.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, anyhow};
use sanctuary_crypto::age::secrecy::ExposeSecret;
use sanctuary_crypto::receipt::{Receipt, ReceiptError, suggest_words};
use zeroize::Zeroizing;

use crate::cli::ReceiptAs;
use crate::output;

/// Longest receipt input read (12 words, or 8 groups of numbers, with
/// generous whitespace).
const MAX_RECEIPT_INPUT: u64 = 4096;

/// Reads the receipt from `file`, else from standard input when it is not
/// a terminal, else asks for it without echo.
pub(crate) fn read(file: Option<&Path>) -> Result<Receipt> {
    let words = match file {
        Some(path) => {
            let mut text = Zeroizing::new(String::new());
            std::fs::File::open(path)
                .and_then(|f| f.take(MAX_RECEIPT_INPUT).read_to_string(&mut text))
                .with_context(|| {
                    format!(
                        "Cannot read your receipt from {}. Check the file name.",
                        path.display()
                    )
                })?;
            text
        }
        None if !output::stdin_is_terminal() => {
            let mut text = Zeroizing::new(String::new());
            std::io::stdin()
                .take(MAX_RECEIPT_INPUT)
                .read_to_string(&mut text)
                .context("Cannot read your receipt from standard input.")?;
            text
        }
        None => return prompt(),
    };
    parse(&words)
}

/// Asks for the receipt on the terminal, without echo, a few times.
fn prompt() -> Result<Receipt> {
    output::note(
        "Type the 12 words of your receipt, or its 8 groups of numbers, separated by spaces.",
    );
    output::note("(They do not show while you type. Press Enter at the end.)");
    let mut tries = 0;
    loop {
        tries += 1;
        let words =
            Zeroizing::new(rpassword::prompt_password("Receipt: ").map_err(|_| {
                anyhow!("Cannot ask for your receipt here. Use --receipt-file FILE.")
            })?);
        match parse(&words) {
            Ok(receipt) => return Ok(receipt),
            Err(e) if tries < 3 => output::note(&format!("{e}\n")),
            Err(e) => return Err(e),
        }
    }
}

/// Parses a receipt (words or digit groups), explaining a mistake in words
/// a person can act on.
pub(crate) fn parse(words: &str) -> Result<Receipt> {
    Receipt::parse(words).map_err(|e| explain(words, &e))
}

fn explain(words: &str, err: &ReceiptError) -> anyhow::Error {
    match err {
        ReceiptError::WordCount { found: 0 } => {
            anyhow!(
                "No receipt was given. Type the 12 words of your receipt, or its 8 groups of \
                 numbers, separated by spaces."
            )
        }
        ReceiptError::WordCount { found } => anyhow!(
            "A receipt has 12 words, but {found} were given. Check that you have every word, \
             separated by spaces."
        ),
        ReceiptError::UnknownWord { position } => {
            let typed = words
                .split_whitespace()
                .nth(position.saturating_sub(1))
                .unwrap_or("")
                .to_lowercase();
            let shown = output::preview(&typed, 30);
            let suggestions = suggest_words(&typed);
            let hint = match suggestions.as_slice() {
                [] => "Check it against your written receipt.".to_owned(),
                [one] => format!("Did you mean \"{one}\"?"),
                many => format!(
                    "Did you mean one of: {}?",
                    many.iter()
                        .map(|w| format!("\"{w}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            anyhow!(
                "Word {position} of your receipt, \"{shown}\", is not a receipt word. {hint} \
                 Then try again."
            )
        }
        ReceiptError::Checksum => anyhow!(
            "These 12 words are all real receipt words, but they do not belong together: one \
             of them is wrong, or two are in the wrong order. Compare each word with your \
             written receipt and try again."
        ),
        ReceiptError::MixedWordsAndDigits => anyhow!(
            "This mixes words and numbers. Type either the 12 words of your receipt, or its 8 \
             groups of numbers, not both."
        ),
        ReceiptError::DigitCount { found } => anyhow!(
            "A receipt written as numbers has 48 digits (8 groups of 6), but {found} were \
             found. Check that you have every group, and every digit of each group."
        ),
        ReceiptError::DigitGroup { group } => anyhow!(
            "Group {group} of the numbers has a mistake: check it against your paper. A digit \
             may be wrong, two digits may be swapped, or the groups may be out of order. Then \
             try again."
        ),
        other => anyhow!("This is not a valid receipt: {other}."),
    }
}

/// The receipt as a plain string in the chosen form (for showing it once):
/// the 12 words, or the 8 digit groups, separated by single spaces.
pub(crate) fn shown(receipt: &Receipt, form: ReceiptAs) -> Zeroizing<String> {
    let secret = match form {
        ReceiptAs::Words => receipt.to_words(),
        ReceiptAs::Digits => receipt.to_digit_groups(),
    };
    Zeroizing::new(secret.expose_secret().to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const GOOD: &str = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

    #[test]
    fn good_receipts_parse() {
        assert!(parse(GOOD).is_ok());
        assert!(parse(&format!("  {}\n", GOOD.to_uppercase())).is_ok());
    }

    #[test]
    fn unknown_word_is_named_with_suggestions() {
        let err = parse(&GOOD.replace("about", "abuot"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("Word 12 of your receipt, \"abuot\""),
            "{err}"
        );
        assert!(err.contains("\"about\""), "{err}");
    }

    #[test]
    fn checksum_and_count_errors_say_what_to_do() {
        let err = parse(&GOOD.replace("about", "abandon"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("do not belong together"), "{err}");
        let err = parse("abandon about").unwrap_err().to_string();
        assert!(err.contains("12 words, but 2"), "{err}");
    }

    const DIGITS: &str = "000015 005159 010294 015435 020577 025714 030858 035994";

    #[test]
    fn digit_groups_parse_and_show() {
        let receipt = parse(DIGITS).unwrap();
        assert_eq!(shown(&receipt, ReceiptAs::Digits).as_str(), DIGITS);
        let words = shown(&receipt, ReceiptAs::Words);
        assert_eq!(words.split(' ').count(), 12);
        assert_eq!(
            parse(&words).unwrap().to_digit_groups().expose_secret(),
            DIGITS
        );
    }

    #[test]
    fn digit_mistakes_say_what_to_do() {
        let err = parse(&DIGITS.replace("010294", "012094"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("Group 3 of the numbers has a mistake: check it against your paper."),
            "{err}"
        );
        let err = parse(&DIGITS[..20]).unwrap_err().to_string();
        assert!(
            err.contains("48 digits (8 groups of 6), but 18 were found"),
            "{err}"
        );
        let err = parse("abandon 000015").unwrap_err().to_string();
        assert!(err.contains("mixes words and numbers"), "{err}");
    }
}
