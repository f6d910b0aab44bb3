//! The unit's report form: asking its questions on a terminal, and checking
//! a `--category` given on the command line.

use anyhow::{Result, bail};
use sanctuary_crypto::roster::{FieldKind, Form, FormField, Translations};
use std::collections::BTreeMap;
use zeroize::Zeroizing;

use crate::i18n::t;
use crate::output;
use crate::prompt::Lines;

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
            bail!(t!(
                "form-no-such-category",
                given = given.to_owned(),
                choices = choices.join(", ")
            ))
        }
        _ => {
            if given.is_empty() || given.chars().count() > 100 {
                bail!(t!("form-category-length"));
            }
            Ok(given.to_owned())
        }
    }
}

fn ask_field(field: &FormField, lang: &str, input: &mut dyn Lines) -> Result<Option<String>> {
    let label = output::preview(pick(&field.label, lang), 200);
    let required = if field.required {
        format!(" {}", t!("form-required"))
    } else {
        String::new()
    };
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
                    t!("form-type-number")
                } else {
                    t!("form-type-number-or-skip")
                });
                output::note(&lines.join("\n"));
            }
            FieldKind::Text => output::note(&if field.required {
                format!("\n{label}{required}")
            } else {
                format!("\n{label} {}", t!("form-enter-to-skip"))
            }),
        }
        let Some(answer) = input.line()? else {
            bail!(t!("form-no-answer"));
        };
        let answer = answer.trim();
        if answer.is_empty() {
            if field.required {
                output::note(&t!("form-needs-answer"));
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
                    None => output::note(&t!("form-number-range", max = field.options.len())),
                }
            }
            FieldKind::Text => {
                if answer.chars().count() > MAX_ANSWER {
                    output::note(&t!("form-answer-too-long", max = MAX_ANSWER));
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
    input: &mut dyn Lines,
) -> Result<Answers> {
    let mut answers = Answers {
        category: preset_category,
        ..Answers::default()
    };
    let Some(form) = form else {
        return Ok(answers);
    };
    if !form.fields.is_empty() {
        output::note(&t!("form-intro"));
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
pub(crate) fn ask_description(input: &mut dyn Lines) -> Result<Zeroizing<String>> {
    output::note(&format!("\n{}", t!("form-describe")));
    ask_text(input)
}

/// Reads several lines of text, ended by an empty line (or the end of
/// input); an empty text is asked for again.
pub(crate) fn ask_text(input: &mut dyn Lines) -> Result<Zeroizing<String>> {
    loop {
        let Some(text) = input.paragraph()? else {
            bail!(t!("form-nothing-written"));
        };
        if text.trim().is_empty() {
            output::note(&t!("form-write-something"));
            continue;
        }
        return Ok(text);
    }
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
    }
}
