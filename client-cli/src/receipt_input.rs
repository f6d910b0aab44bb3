//! Reading a reporter's receipt (its words or its digit groups), explaining
//! a mistyped one, and writing it out in the form the reporter chose.

use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result, anyhow};
use sanctuary_crypto::age::secrecy::ExposeSecret;
use sanctuary_crypto::receipt::{
    RECEIPT_WORDS, Receipt, ReceiptError, is_receipt_word, receipt_words, suggest_words,
};
use zeroize::Zeroizing;

use crate::i18n::t;
use crate::options::ReceiptAs;
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
                    t!("receipt-file-unreadable", path = path.display().to_string())
                })?;
            text
        }
        None if !output::stdin_is_terminal() => {
            let mut text = Zeroizing::new(String::new());
            std::io::stdin()
                .take(MAX_RECEIPT_INPUT)
                .read_to_string(&mut text)
                .with_context(|| t!("receipt-stdin-unreadable"))?;
            text
        }
        None => return prompt(),
    };
    parse(&words)
}

/// Whether the receipt shows while it is typed (`--show-receipt`).
static SHOW_TYPING: AtomicBool = AtomicBool::new(false);

/// Most words asked again one by one before asking for the whole receipt
/// again: more unknown words than this is probably not this receipt.
const MAX_WORDS_ASKED_AGAIN: usize = 3;

/// Tries for one word asked again.
const WORD_TRIES: usize = 3;

/// Shows the receipt while it is typed on a terminal (`--show-receipt`),
/// for people who need to see what they type.
pub(crate) fn show_while_typing(show: bool) {
    SHOW_TYPING.store(show, Ordering::Relaxed);
}

/// Asks for the receipt on the terminal, without echo unless
/// `--show-receipt`, a few times. After a receipt with a word that is not a
/// receipt word, asks for that word only.
fn prompt() -> Result<Receipt> {
    let show = SHOW_TYPING.load(Ordering::Relaxed);
    output::note(&t!("receipt-type"));
    if show {
        output::note(&t!("receipt-shown-while-typing"));
    } else {
        output::note(&t!("receipt-hidden-while-typing"));
    }
    let mut tries = 0;
    loop {
        tries += 1;
        let typed = ask(&format!("{} ", t!("receipt-prompt")), show)?;
        let typed = ask_again_for_unknown_words(typed, show)?;
        match parse(&typed) {
            Ok(receipt) => return Ok(receipt),
            Err(e) if tries < 3 => output::note(&format!("{e}\n")),
            Err(e) => return Err(e),
        }
    }
}

/// Reads one line from the terminal after `prompt`, hidden unless `show`.
fn ask(prompt: &str, show: bool) -> Result<Zeroizing<String>> {
    let cannot = || anyhow!(t!("receipt-cannot-ask"));
    if !show {
        return rpassword::prompt_password(prompt)
            .map(Zeroizing::new)
            .map_err(|e| {
                if crate::interrupt::is_interrupted(&e) {
                    crate::prompt::Cancelled.into()
                } else {
                    cannot()
                }
            });
    }
    let mut stderr = std::io::stderr();
    write!(stderr, "{prompt}").ok();
    stderr.flush().ok();
    let mut line = Zeroizing::new(String::new());
    let read = std::io::stdin()
        .lock()
        .take(MAX_RECEIPT_INPUT)
        .read_line(&mut line)
        .map_err(|e| {
            if crate::interrupt::is_interrupted(&e) {
                crate::prompt::Cancelled.into()
            } else {
                cannot()
            }
        })?;
    if read == 0 {
        return Err(cannot());
    }
    Ok(line)
}

/// When `typed` has 12 words and a few of them are not receipt words,
/// asks for each of those again, alone, and returns the receipt with the
/// new words. Otherwise returns `typed` as it is.
fn ask_again_for_unknown_words(typed: Zeroizing<String>, show: bool) -> Result<Zeroizing<String>> {
    if !matches!(
        Receipt::parse(&typed),
        Err(ReceiptError::UnknownWord { .. })
    ) {
        return Ok(typed);
    }
    let mut words = receipt_words(&typed);
    let unknown: Vec<usize> = (0..words.len())
        .filter(|&i| !is_receipt_word(&words[i]))
        .collect();
    if words.len() != RECEIPT_WORDS || unknown.len() > MAX_WORDS_ASKED_AGAIN {
        return Ok(typed);
    }
    for i in unknown {
        let position = i + 1;
        let mut wrong = Zeroizing::new(std::mem::take(&mut words[i]));
        let mut tries = 0;
        loop {
            tries += 1;
            output::note(&format!(
                "{} {}",
                t!(
                    "receipt-word-unknown",
                    number = position,
                    word = output::preview(&wrong, 30)
                ),
                hint(&wrong)
            ));
            let again = ask(
                &format!("{} ", t!("receipt-word-again", number = position)),
                show,
            )?;
            let mut new = receipt_words(&again);
            match new.as_mut_slice() {
                [one] if is_receipt_word(one) => {
                    words[i] = std::mem::take(one);
                    break;
                }
                [one] if tries < WORD_TRIES => *wrong = std::mem::take(one),
                [] | [_, _, ..] if tries < WORD_TRIES => {
                    output::note(&t!("receipt-word-only", number = position));
                }
                _ => {
                    return Err(anyhow!(t!("receipt-word-still-wrong", number = position)));
                }
            }
        }
    }
    Ok(Zeroizing::new(words.join(" ")))
}

/// What to say about an unknown word: the receipt words it may have been
/// meant as, or to check it.
fn hint(typed: &str) -> String {
    match suggest_words(typed).as_slice() {
        [] => t!("receipt-check-word"),
        [one] => t!("receipt-did-you-mean", word = (*one).to_owned()),
        many => t!(
            "receipt-did-you-mean-one-of",
            words = many
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
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
            anyhow!(t!("receipt-none"))
        }
        ReceiptError::WordCount { found } => anyhow!(t!("receipt-word-count", n = *found)),
        ReceiptError::UnknownWord { position } => {
            let typed = receipt_words(words)
                .get(position.saturating_sub(1))
                .cloned()
                .map(Zeroizing::new)
                .unwrap_or_default();
            let shown = output::preview(&typed, 30);
            let hint = hint(&typed);
            anyhow!(
                "{} {hint} {}",
                t!(
                    "receipt-word-of-receipt-unknown",
                    number = *position,
                    word = shown
                ),
                t!("receipt-then-try-again")
            )
        }
        ReceiptError::Checksum => anyhow!(t!("receipt-checksum")),
        ReceiptError::MixedWordsAndDigits => anyhow!(t!("receipt-mixed")),
        ReceiptError::DigitCount { found } => anyhow!(t!("receipt-digit-count", n = *found)),
        ReceiptError::DigitGroup { group } => {
            anyhow!(t!("receipt-digit-group", number = *group))
        }
        other => anyhow!(t!("receipt-invalid", detail = other.to_string())),
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
    fn an_unknown_word_is_named_as_typed_among_numbering() {
        let numbered = GOOD
            .replace("about", "abuot")
            .split(' ')
            .enumerate()
            .map(|(i, w)| format!("{}) {w}", i + 1))
            .collect::<Vec<_>>()
            .join(", ");
        let err = parse(&numbered).unwrap_err().to_string();
        assert!(
            err.starts_with("Word 12 of your receipt, \"abuot\""),
            "{err}"
        );
        assert!(parse(&numbered.replace("abuot", "Abou")).is_ok());
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
