//! Reading what a person types: one answer at a time, with real line
//! editing on a terminal, and yes/no answers in the reporter's language.
//!
//! On a terminal, lines are read with `rustyline` (arrow keys, Home/End,
//! Backspace anywhere in the line). It keeps no history, in memory or on
//! disk: a history file would keep the report. Elsewhere (a pipe, a test)
//! lines are read as they come.

use std::io::BufRead;

use anyhow::{Context, Result};
use rustyline::completion::Completer;
use rustyline::config::{Behavior, Config};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::MemHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Editor, Helper};
use zeroize::Zeroizing;

use crate::i18n::t;
use crate::output;

/// The person pressed Ctrl-C at a prompt. Its `Display` is what Ctrl-C
/// says at this point of the command ([`crate::interrupt`]).
#[derive(Debug, thiserror::Error)]
#[error("{}", crate::interrupt::message())]
pub(crate) struct Cancelled;

/// Where typed lines come from.
pub(crate) trait Lines {
    /// Reads one line, without its line end; `None` at the end of input
    /// (Ctrl-D, a closed pipe).
    fn line(&mut self) -> Result<Option<Zeroizing<String>>>;

    /// Reads several lines, ended by an empty line or the end of input,
    /// each with its line end; `None` at the end of input with nothing
    /// read.
    fn paragraph(&mut self) -> Result<Option<Zeroizing<String>>> {
        let mut text = Zeroizing::new(String::new());
        loop {
            match self.line()? {
                None if text.is_empty() => return Ok(None),
                None => return Ok(Some(text)),
                Some(line) if line.trim().is_empty() => return Ok(Some(text)),
                Some(line) => {
                    text.push_str(&line);
                    text.push('\n');
                }
            }
        }
    }
}

impl<R: BufRead> Lines for R {
    fn line(&mut self) -> Result<Option<Zeroizing<String>>> {
        let mut line = Zeroizing::new(String::new());
        let n = self
            .read_line(&mut line)
            .context("Could not read your answer.")?;
        if n == 0 {
            return Ok(None);
        }
        let end = line.trim_end_matches(['\n', '\r']).len();
        line.truncate(end);
        Ok(Some(line))
    }
}

/// Decides when Enter ends the input: always for a one-line answer; for a
/// paragraph, only on an empty line (or in an empty text). The whole
/// paragraph is one edit, so the arrow keys reach every line of it, and
/// lines typed or pasted ahead are never dropped between lines.
#[derive(Default)]
struct Ending {
    paragraph: bool,
}

impl Validator for Ending {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        let input = ctx.input();
        let done = !self.paragraph || input.trim().is_empty() || input.ends_with('\n');
        Ok(if done {
            ValidationResult::Valid(None)
        } else {
            ValidationResult::Incomplete
        })
    }
}

impl Completer for Ending {
    type Candidate = String;
}

impl Hinter for Ending {
    type Hint = String;
}

impl Highlighter for Ending {}

impl Helper for Ending {}

/// A terminal with line editing and no history.
pub(crate) struct Terminal {
    editor: Editor<Ending, MemHistory>,
}

impl Terminal {
    /// Opens the terminal for line editing.
    pub(crate) fn open() -> Result<Self> {
        let config = Config::builder()
            .auto_add_history(false)
            .max_history_size(0)
            .context("Could not set up the terminal.")?
            // Read and draw on the terminal itself, so that standard
            // output (the receipt, say) can go to a file or a pipe.
            .behavior(Behavior::PreferTerm)
            .build();
        let mut editor = Editor::with_history(config, MemHistory::new())
            .context("Could not set up the terminal.")?;
        editor.set_helper(Some(Ending::default()));
        Ok(Self { editor })
    }

    fn read(&mut self, paragraph: bool) -> Result<Option<Zeroizing<String>>> {
        if let Some(helper) = self.editor.helper_mut() {
            helper.paragraph = paragraph;
        }
        match self.editor.readline("> ") {
            Ok(line) => Ok(Some(Zeroizing::new(line))),
            Err(ReadlineError::Eof) => Ok(None),
            Err(ReadlineError::Interrupted) => Err(Cancelled.into()),
            Err(e) => Err(anyhow::Error::new(e).context("Could not read your answer.")),
        }
    }
}

/// The terminal, opened for line editing, when `wanted`.
pub(crate) fn terminal_if(wanted: bool) -> Result<Option<Terminal>> {
    wanted.then(Terminal::open).transpose()
}

impl Lines for Terminal {
    fn line(&mut self) -> Result<Option<Zeroizing<String>>> {
        self.read(false)
    }

    fn paragraph(&mut self) -> Result<Option<Zeroizing<String>>> {
        self.read(true)
    }
}

/// The words for yes and no in one language, besides the English ones that
/// every language accepts. Compared after [`normalize`].
struct YesNo {
    lang: &'static str,
    yes: &'static [&'static str],
    no: &'static [&'static str],
    /// How the question shows the two answers.
    hint: &'static str,
}

/// The reporter page's languages (web/src/i18n).
const YES_NO: &[YesNo] = &[
    YesNo {
        lang: "en",
        yes: &[],
        no: &[],
        hint: "y = yes, n = no",
    },
    YesNo {
        lang: "es",
        yes: &["sí", "si", "s"],
        no: &[],
        hint: "s = sí, n = no",
    },
    YesNo {
        lang: "fr",
        yes: &["oui", "o"],
        no: &["non"],
        hint: "o = oui, n = non",
    },
    YesNo {
        lang: "pl",
        yes: &["tak", "t"],
        no: &["nie"],
        hint: "t = tak, n = nie",
    },
    YesNo {
        lang: "ro",
        yes: &["da", "d"],
        no: &["nu"],
        hint: "d = da, n = nu",
    },
    YesNo {
        lang: "ar",
        yes: &["نعم", "ن"],
        no: &["لا", "ل"],
        hint: "نعم / لا",
    },
    YesNo {
        lang: "fa",
        yes: &["بله", "آره", "بلی", "ب"],
        no: &["نه", "خیر"],
        hint: "بله / نه",
    },
    YesNo {
        lang: "ur",
        yes: &["ہاں", "جی", "جی ہاں", "ہ"],
        no: &["نہیں", "ن"],
        hint: "ہاں / نہیں",
    },
];

/// Lower case, without surrounding spaces and punctuation.
fn normalize(answer: &str) -> String {
    answer
        .trim()
        .trim_matches(|c: char| c.is_ascii_punctuation() || c == '،' || c == '۔' || c == '¡')
        .trim()
        .to_lowercase()
}

/// Reads a yes/no answer in English or in `lang`: `Some(true)` for yes,
/// `Some(false)` for no, `None` when it is neither.
pub(crate) fn yes_or_no(answer: &str, lang: &str) -> Option<bool> {
    let answer = normalize(answer);
    let answer = answer.as_str();
    let local = YES_NO.iter().find(|l| l.lang == lang);
    if ["yes", "y"].contains(&answer) || local.is_some_and(|l| l.yes.contains(&answer)) {
        Some(true)
    } else if ["no", "n"].contains(&answer) || local.is_some_and(|l| l.no.contains(&answer)) {
        Some(false)
    } else {
        None
    }
}

/// How a yes/no question shows its answers in `lang`.
pub(crate) fn yes_no_hint(lang: &str) -> &'static str {
    YES_NO
        .iter()
        .find(|l| l.lang == lang)
        .map_or("y = yes, n = no", |l| l.hint)
}

/// Asks `question` until the answer is clearly yes or no (in English or in
/// `lang`). The end of input counts as no.
pub(crate) fn confirm(question: &str, lang: &str, input: &mut dyn Lines) -> Result<bool> {
    output::note(&format!("{question} ({})", yes_no_hint(lang)));
    loop {
        let Some(answer) = input.line()? else {
            return Ok(false);
        };
        if let Some(yes) = yes_or_no(&answer, lang) {
            return Ok(yes);
        }
        output::note(&t!("answer-yes-or-no", hint = yes_no_hint(lang)));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn yes_and_no_in_every_language() {
        for (answer, lang, expected) in [
            ("Yes", "en", Some(true)),
            ("y", "es", Some(true)),
            ("sí", "es", Some(true)),
            ("Si.", "es", Some(true)),
            ("¡Sí!", "es", Some(true)),
            ("no", "es", Some(false)),
            ("oui", "fr", Some(true)),
            ("Non", "fr", Some(false)),
            ("tak", "pl", Some(true)),
            ("nie", "pl", Some(false)),
            ("da", "ro", Some(true)),
            ("nu", "ro", Some(false)),
            ("نعم", "ar", Some(true)),
            ("لا", "ar", Some(false)),
            ("بله", "fa", Some(true)),
            ("نه", "fa", Some(false)),
            ("ہاں", "ur", Some(true)),
            ("نہیں", "ur", Some(false)),
            // Another language's words are not guessed at.
            ("sí", "fr", None),
            ("oui", "en", None),
            ("", "en", None),
            ("maybe", "en", None),
        ] {
            assert_eq!(yes_or_no(answer, lang), expected, "{answer:?} in {lang}");
        }
    }

    #[test]
    fn unclear_answers_are_asked_again() {
        let mut input = &b"\nmaybe\nsi\n"[..];
        assert!(confirm("Send?", "es", &mut input).unwrap());
        let mut input = &b"what\nn\n"[..];
        assert!(!confirm("Send?", "en", &mut input).unwrap());
        let mut input = &b"what\n"[..];
        assert!(
            !confirm("Send?", "en", &mut input).unwrap(),
            "end of input is no"
        );
    }
}
