//! `sanctuary report submit`.

use anyhow::{Result, bail};
use sanctuary_crypto::message::{ReportContent, seal_report};
use sanctuary_crypto::receipt::Receipt;
use serde::Serialize;

use super::send::{self, Outcome};
use super::{connect, read_message, seal_error, warn_if_unencrypted};
use crate::i18n::t;
use crate::net::Net;
use crate::options::{MessageSource, ReceiptAs, SubmitOptions};
use crate::prompt;
use crate::{attachments, form, output, receipt_input, secrets};

#[derive(Serialize)]
struct ReceiptJson<'a> {
    receipt: &'a str,
    /// Where the report was kept, when it could not be sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    unsent_file: Option<String>,
}

/// `sanctuary report submit`.
pub(crate) fn run(options: &SubmitOptions) -> Result<()> {
    if let Some(path) = &options.save_receipt {
        secrets::ensure_new(path)?;
    }
    let interactive = options.message == MessageSource::None;
    if interactive && !output::stdin_is_terminal() {
        bail!(t!("no-message"));
    }
    // Read before connecting, and before anything else locks standard
    // input: a piped message is read once, to its end.
    let given = read_message(&options.message)?;
    warn_if_unencrypted(&options.server);
    let net = Net::new(&options.server)?;
    let roster = connect(&net, &options.unit)?;
    let document = roster.document();
    attachments::check_policy(&options.attach.files, &document.policy)?;

    let form = document.form.as_ref();
    let category = options
        .category
        .as_deref()
        .map(|c| form::check_category(form, c, &options.lang))
        .transpose()?;
    let mut terminal = prompt::terminal_if(interactive)?;
    let (answers, text) = match (given, terminal.as_mut()) {
        (Some(text), _) => {
            let answers = form::Answers {
                category,
                ..form::Answers::default()
            };
            (answers, text)
        }
        (None, Some(term)) => {
            let answers = form::ask(form, &options.lang, category, term)?;
            let text = form::ask_description(term)?;
            (answers, text)
        }
        (None, None) => bail!(t!("no-message")),
    };
    if text.trim().is_empty() && options.attach.files.is_empty() {
        bail!(t!("report-empty"));
    }
    let prepared = attachments::prepare(&options.attach, &document.policy)?;
    if let Some(term) = terminal.as_mut()
        && !prompt::confirm(&format!("\n{}", t!("report-confirm")), &options.lang, term)?
    {
        bail!(t!("cancelled-nothing-sent"));
    }

    let receipt = Receipt::generate();
    let keys = receipt.derive();
    let outcome = send::send_or_keep(
        &net,
        &options.unit,
        roster,
        &prepared,
        terminal.as_mut(),
        &options.lang,
        send::Kind::Report,
        |roster, refs| {
            let content = ReportContent {
                category: answers.category.clone(),
                answers: answers.answers.clone(),
                text: text.to_string(),
                attachments: refs.to_vec(),
            };
            seal_report(&content, &keys, roster).map_err(seal_error)
        },
    )?;

    let words = receipt_input::shown(&receipt, options.receipt_as);
    if let Some(path) = &options.save_receipt {
        secrets::write_private_new(path, format!("{}\n", words.as_str()).as_bytes())?;
    }
    show_receipt(&words, options, &outcome)?;
    Ok(())
}

fn show_receipt(words: &str, options: &SubmitOptions, outcome: &Outcome) -> Result<()> {
    let headline = match outcome {
        Outcome::Sent => t!("report-sent"),
        Outcome::Kept(_) => t!("report-kept-headline"),
    };
    if options.json {
        output::json(&ReceiptJson {
            receipt: words,
            unsent_file: match outcome {
                Outcome::Sent => None,
                Outcome::Kept(path) => Some(path.display().to_string()),
            },
        })?;
        return Ok(());
    }
    let form = match options.receipt_as {
        ReceiptAs::Words => "words",
        ReceiptAs::Digits => "digits",
    };
    let warning = output::bullets(&[
        t!("receipt-warning-write", form = form),
        t!("receipt-warning-only-way"),
        t!("receipt-warning-anyone", form = form),
    ]);
    if output::stdout_is_terminal() {
        let width = match options.receipt_as {
            ReceiptAs::Words => 10,
            ReceiptAs::Digits => 8,
        };
        let list: Vec<String> = words
            .split(' ')
            .enumerate()
            .map(|(i, w)| format!("{:>2}. {w:<width$}", i + 1))
            .collect();
        let rows: Vec<String> = list
            .chunks(4)
            .map(|c| format!("    {}", c.join("  ").trim_end()))
            .collect();
        let rule = "=".repeat(72);
        output::line(&format!(
            "\n{headline}\n\n{rule}\n  {}\n\n{}\n\n{warning}\n{rule}\n",
            t!("receipt-title", form = form),
            rows.join("\n")
        ))?;
    } else {
        output::line(words)?;
        output::note(&format!(
            "{headline} {}\n{warning}",
            t!("receipt-on-stdout")
        ));
    }
    if let Some(path) = &options.save_receipt {
        output::note(&t!(
            "receipt-saved",
            path = path.display().to_string(),
            form = form
        ));
    }
    if let Outcome::Kept(path) = outcome {
        output::note(&t!(
            "report-kept-where",
            path = path.display().to_string(),
            command = format!(
                "  sanctuary report send {}{}",
                options.server.flags(),
                path.display()
            )
        ));
    }
    output::note(&t!(
        "how-to-check",
        command = format!(
            "  sanctuary report check {}--unit {}",
            options.server.flags(),
            options.unit
        )
    ));
    Ok(())
}
