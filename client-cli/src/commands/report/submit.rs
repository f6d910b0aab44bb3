//! `sanctuary report submit`.

use std::path::PathBuf;

use anyhow::{Result, bail};
use sanctuary_crypto::message::{ReportContent, seal_report};
use sanctuary_crypto::receipt::Receipt;
use sanctuary_crypto::unit::UnitId;
use serde::Serialize;

use super::{connect, read_message, seal_error, send_with_retries, warn_if_unencrypted};
use crate::cli::ReceiptAs;
use crate::net::Net;
use crate::options::{AttachOptions, MessageSource, ServerOptions};
use crate::{attachments, form, output, receipt_input, secrets};

/// Options of `report submit`.
pub(crate) struct SubmitOptions {
    /// The server.
    pub(crate) server: ServerOptions,
    /// The unit the report is for.
    pub(crate) unit: UnitId,
    /// Where the text comes from.
    pub(crate) message: MessageSource,
    /// `--category`.
    pub(crate) category: Option<String>,
    /// Files.
    pub(crate) attach: AttachOptions,
    /// `--save-receipt`.
    pub(crate) save_receipt: Option<PathBuf>,
    /// `--receipt-as`: how the receipt is shown and saved.
    pub(crate) receipt_as: ReceiptAs,
    /// Language for the form.
    pub(crate) lang: String,
    /// `--json`.
    pub(crate) json: bool,
}

#[derive(Serialize)]
struct ReceiptJson<'a> {
    receipt: &'a str,
}

/// `sanctuary report submit`.
pub(crate) fn run(options: &SubmitOptions) -> Result<()> {
    if let Some(path) = &options.save_receipt {
        secrets::ensure_new(path)?;
    }
    let interactive = options.message == MessageSource::None;
    if interactive && !output::stdin_is_terminal() {
        bail!(
            "Nothing was sent: there is no message. Give it with --message TEXT or \
             --message-file FILE, or run this command in a terminal to be asked for it."
        );
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
    let mut stdin = std::io::stdin().lock();
    let (answers, text) = if let Some(text) = given {
        let answers = form::Answers {
            category,
            ..form::Answers::default()
        };
        (answers, text)
    } else {
        let answers = form::ask(form, &options.lang, category, &mut stdin)?;
        let text = form::ask_description(&mut stdin)?;
        (answers, text)
    };
    if text.trim().is_empty() && options.attach.files.is_empty() {
        bail!("Your message is empty. Write what happened, or attach a file. Nothing was sent.");
    }
    let prepared = attachments::prepare(&options.attach, &document.policy)?;
    if interactive
        && !form::confirm(
            "\nSend this report now? Type y and press Enter (anything else cancels):",
            &mut stdin,
        )?
    {
        bail!("Cancelled. Nothing was sent.");
    }

    let receipt = Receipt::generate();
    let keys = receipt.derive();
    send_with_retries(&net, &options.unit, roster, &prepared, |roster, refs| {
        let content = ReportContent {
            category: answers.category.clone(),
            answers: answers.answers.clone(),
            text: text.to_string(),
            attachments: refs.to_vec(),
        };
        seal_report(&content, &keys, roster).map_err(seal_error)
    })
    .map_err(|e| e.context("Your report was not sent."))?;

    let words = receipt_input::shown(&receipt, options.receipt_as);
    if let Some(path) = &options.save_receipt {
        secrets::write_private_new(path, format!("{}\n", words.as_str()).as_bytes())?;
    }
    show_receipt(&words, options)?;
    Ok(())
}

fn show_receipt(words: &str, options: &SubmitOptions) -> Result<()> {
    if options.json {
        output::json(&ReceiptJson { receipt: words })?;
        return Ok(());
    }
    let (what, title) = match options.receipt_as {
        ReceiptAs::Words => ("words", "12 words"),
        ReceiptAs::Digits => ("numbers", "8 groups of numbers"),
    };
    let (first, last) = (
        format!("  - Write these {what} down now, on paper. Keep the paper safe and secret."),
        format!("  - Anyone who has these {what} can read the replies to you."),
    );
    let warning = [
        first.as_str(),
        "  - They are the only way back to your report: to read the unit's replies,",
        "    or to add something. Nobody can recover them for you, not even the",
        "    police or the people who run this service.",
        last.as_str(),
    ]
    .join("\n");
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
            "\nYour report was sent.\n\n{rule}\n  YOUR RECEIPT: {title}\n\n{}\n\n{warning}\n{rule}\n",
            rows.join("\n")
        ))?;
    } else {
        output::line(words)?;
        output::note(&format!(
            "Your report was sent. The line written to standard output is your receipt.\n{warning}"
        ));
    }
    if let Some(path) = &options.save_receipt {
        output::note(&format!(
            "Your receipt was also saved in {}. Anyone who finds that file can read the \
             replies to you: keep it somewhere safe, or delete it once you have written the \
             {what} down.",
            path.display()
        ));
    }
    output::note(&format!(
        "To read replies (check again in a few days):\n  sanctuary report check {}--unit {}",
        options.server.flags(),
        options.unit
    ));
    Ok(())
}
