//! `sanctuary report follow-up`: add a message or files to a report.

use std::path::PathBuf;

use anyhow::{Result, bail};
use sanctuary_crypto::message::seal_follow_up;
use sanctuary_crypto::unit::UnitId;

use super::{connect, read_message, seal_error, send_with_retries, warn_if_unencrypted};
use crate::net::Net;
use crate::options::{AttachOptions, MessageSource, ServerOptions};
use crate::{attachments, output, receipt_input};

/// Options of `report follow-up`.
pub(crate) struct FollowUpOptions {
    /// The server.
    pub(crate) server: ServerOptions,
    /// The unit.
    pub(crate) unit: UnitId,
    /// `--receipt-file`.
    pub(crate) receipt_file: Option<PathBuf>,
    /// Where the text comes from.
    pub(crate) message: MessageSource,
    /// Files.
    pub(crate) attach: AttachOptions,
}

/// `sanctuary report follow-up`.
pub(crate) fn run(options: &FollowUpOptions) -> Result<()> {
    if options.message == MessageSource::None {
        bail!("Nothing was sent: give your message with --message TEXT or --message-file FILE.");
    }
    if options.message == MessageSource::Stdin
        && options.receipt_file.is_none()
        && !output::stdin_is_terminal()
    {
        bail!(
            "Standard input cannot carry both your receipt and your message. Give the receipt \
             with --receipt-file FILE, or the message with --message or a --message-file."
        );
    }
    let text = read_message(&options.message)?.unwrap_or_default();
    if text.trim().is_empty() && options.attach.files.is_empty() {
        bail!("Your message is empty. Nothing was sent.");
    }
    let receipt = receipt_input::read(options.receipt_file.as_deref())?;
    let keys = receipt.derive();
    warn_if_unencrypted(&options.server);
    let net = Net::new(&options.server)?;
    let roster = connect(&net, &options.unit)?;
    let prepared = attachments::prepare(&options.attach, &roster.document().policy)?;
    send_with_retries(&net, &options.unit, roster, &prepared, |roster, refs| {
        seal_follow_up(&text, refs, &keys, roster).map_err(seal_error)
    })
    .map_err(|e| e.context("Your follow-up was not sent."))?;
    output::line("Your follow-up was sent. It is added to your report.")?;
    output::note(&format!(
        "To read replies:\n  sanctuary report check {}--unit {}",
        options.server.flags(),
        options.unit
    ));
    Ok(())
}
