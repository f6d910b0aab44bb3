//! The unit's report form: asking its questions on a terminal, and checking
//! a `--category` given on the command line.

use std::collections::BTreeMap;
use std::io::BufRead;

use anyhow::{Context, Result, bail};
use sanctuary_crypto::roster::{FieldKind, Form, FormField, Translations};
use zeroize::Zeroizing;

use crate::output;

/// The form field whose answer is the report's category.
pub(crate) const CATEGORY_FIELD: &str = "category";

/// Longest answer to a one-line question.
const MAX_ANSWER: usize = 1000;

/// What the reporter answered.
#[derive(Default)]
pub(crate) struct Answers {
    /// The category (the `category` field), if any.
    pub(crate) category: Option<String>,
    /// Other answers, by field ID.
    pub(crate) answers: BTreeMap<String, String>,
}

/// The label in `lang`, else English, else any.
pub(crate) fn pick<'a>(labels: &'a Translations, lang: &str) -> &'a str {
    labels
        .get(lang)
        .or_else(|| labels.get("en"))
        .or_else(|| labels.values().next())
        .map_or("", String::as_str)
}

/// Checks `--category` against the form: for a choice field it must be one
/// of the options (by ID or label, in any case); returns the option ID.
pub(crate) fn check_category(form: Option<&Form>, given: &str, lang: &str) -> Result<String> {
    let given = given.trim();
    let field = form.and_then(|f| f.fields.iter().find(|f| f.id == CATEGORY_FIELD));
    match field {
        Some(field) if field.kind == FieldKind::Choice => {
            for option in &field.options {
                let matches = option.id.eq_ignore_ascii_case(given)
                    || option
                        .label
                        .values()
                        .any(|l| l.trim().eq_ignore_ascii_case(given));
                if matches {
                    return Ok(option.id.clone());
                }
            }
            let choices: Vec<String> = field
                .options
                .iter()
                .map(|o| format!("{} ({})", o.id, output::preview(pick(&o.label, lang), 40)))
                .collect();
            bail!(
                "This unit has no category {given:?}. Choose one of: {}. Nothing was sent.",
                choices.join(", ")
            )
        }
        _ => {
            if given.is_empty() || given.chars().count() > 100 {
                bail!("A category is 1 to 100 characters. Nothing was sent.");
            }
            Ok(given.to_owned())
        }
    }
}

fn read_line(input: &mut impl BufRead) -> Result<Option<String>> {
    let mut line = String::new();
    let n = input
        .read_line(&mut line)
        .context("Could not read your answer.")?;
    if n == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim_end_matches(['\n', '\r']).to_owned()))
}

fn ask_field(field: &FormField, lang: &str, input: &mut impl BufRead) -> Result<Option<String>> {
    let label = output::preview(pick(&field.label, lang), 200);
    let required = if field.required { " (required)" } else { "" };
    loop {
        match field.kind {
            FieldKind::Choice => {
                let mut lines = vec![format!("\n{label}{required}")];
                for (i, option) in field.options.iter().enumerate() {
                    lines.push(format!(
                        "  {}. {}",
                        i + 1,
                        output::preview(pick(&option.label, lang), 100)
                    ));
                }
                lines.push(if field.required {
                    "Type a number and press Enter:".to_owned()
                } else {
                    "Type a number and press Enter (or just Enter to skip):".to_owned()
                });
                output::note(&lines.join("\n"));
            }
            FieldKind::Text => output::note(&if field.required {
                format!("\n{label}{required}")
            } else {
                format!("\n{label} (press Enter to skip)")
            }),
        }
        let Some(answer) = read_line(input)? else {
            bail!("Stopped: no answer was given. Nothing was sent.");
        };
        let answer = answer.trim();
        if answer.is_empty() {
            if field.required {
                output::note("This question needs an answer.");
                continue;
            }
            return Ok(None);
        }
        match field.kind {
            FieldKind::Choice => {
                match answer
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .and_then(|i| field.options.get(i))
                {
                    Some(option) => return Ok(Some(option.id.clone())),
                    None => output::note(&format!(
                        "Please type a number from 1 to {}.",
                        field.options.len()
                    )),
                }
            }
            FieldKind::Text => {
                if answer.chars().count() > MAX_ANSWER {
                    output::note(&format!(
                        "Please answer in at most {MAX_ANSWER} characters; you can say more in the description."
                    ));
                    continue;
                }
                return Ok(Some(answer.to_owned()));
            }
        }
    }
}

/// Asks the form's questions on the terminal (prompts on stderr, answers
/// from `input`).
pub(crate) fn ask(
    form: Option<&Form>,
    lang: &str,
    preset_category: Option<String>,
    input: &mut impl BufRead,
) -> Result<Answers> {
    let mut answers = Answers {
        category: preset_category,
        ..Answers::default()
    };
    let Some(form) = form else {
        return Ok(answers);
    };
    if !form.fields.is_empty() {
        output::note("The unit asks a few questions first.");
    }
    for field in &form.fields {
        if field.id == CATEGORY_FIELD && answers.category.is_some() {
            continue;
        }
        if let Some(answer) = ask_field(field, lang, input)? {
            if field.id == CATEGORY_FIELD {
                answers.category = Some(answer);
            } else {
                answers.answers.insert(field.id.clone(), answer);
            }
        }
    }
    Ok(answers)
}

/// Asks for the description: several lines, ended by an empty line.
pub(crate) fn ask_description(input: &mut impl BufRead) -> Result<Zeroizing<String>> {
    output::note(
        "\nNow describe what happened, in your own words and in any language.\n\
         Write as much as you want. When you are done, press Enter on an empty line.",
    );
    let mut text = Zeroizing::new(String::new());
    loop {
        let Some(line) = read_line(input)? else { break };
        let line = Zeroizing::new(line);
        if line.trim().is_empty() {
            if text.trim().is_empty() {
                output::note("Please write something first (or press Ctrl+C to stop).");
                continue;
            }
            break;
        }
        text.push_str(&line);
        text.push('\n');
    }
    Ok(text)
}

/// Asks a yes/no question; only "y" or "yes" (any case) is yes.
pub(crate) fn confirm(question: &str, input: &mut impl BufRead) -> Result<bool> {
    output::note(question);
    Ok(read_line(input)?
        .map(|a| matches!(a.trim().to_lowercase().as_str(), "y" | "yes"))
        .unwrap_or(false))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use sanctuary_crypto::roster::FormOption;

    fn tr(en: &str, es: &str) -> Translations {
        [
            ("en".to_owned(), en.to_owned()),
            ("es".to_owned(), es.to_owned()),
        ]
        .into()
    }

    fn form() -> Form {
        Form {
            fields: vec![
                FormField {
                    id: CATEGORY_FIELD.into(),
                    kind: FieldKind::Choice,
                    label: tr("What happened?", "¿Qué pasó?"),
                    options: vec![
                        FormOption {
                            id: "assault".into(),
                            label: tr("Assault", "Agresión"),
                        },
                        FormOption {
                            id: "theft".into(),
                            label: tr("Theft", "Robo"),
                        },
                    ],
                    required: true,
                },
                FormField {
                    id: "where".into(),
                    kind: FieldKind::Text,
                    label: tr("Where?", "¿Dónde?"),
                    options: vec![],
                    required: false,
                },
            ],
        }
    }

    #[test]
    fn labels_fall_back_to_english() {
        let t = tr("Theft", "Robo");
        assert_eq!(pick(&t, "es"), "Robo");
        assert_eq!(pick(&t, "de"), "Theft");
    }

    #[test]
    fn categories_are_checked_against_the_form() {
        let f = form();
        assert_eq!(check_category(Some(&f), "THEFT", "en").unwrap(), "theft");
        assert_eq!(check_category(Some(&f), "Robo", "en").unwrap(), "theft");
        let err = check_category(Some(&f), "fraud", "en")
            .unwrap_err()
            .to_string();
        assert!(err.contains("assault (Assault)"), "{err}");
        assert_eq!(check_category(None, "fraud", "en").unwrap(), "fraud");
    }

    #[test]
    fn questions_are_asked_until_answered() {
        let f = form();
        let mut input = &b"\n7\n2\nCentral station\n"[..];
        let a = ask(Some(&f), "en", None, &mut input).unwrap();
        assert_eq!(a.category.as_deref(), Some("theft"));
        assert_eq!(
            a.answers.get("where").map(String::as_str),
            Some("Central station")
        );

        let mut input = &b"1\n\n"[..];
        let a = ask(Some(&f), "en", None, &mut input).unwrap();
        assert_eq!(a.category.as_deref(), Some("assault"));
        assert!(a.answers.is_empty());
    }

    #[test]
    fn description_ends_with_an_empty_line() {
        let mut input = &b"\nfirst\nsecond\n\nnot read\n"[..];
        let text = ask_description(&mut input).unwrap();
        assert_eq!(text.as_str(), "first\nsecond\n");
        assert!(confirm("?", &mut &b"Yes\n"[..]).unwrap());
        assert!(!confirm("?", &mut &b"\n"[..]).unwrap());
    }
}
