//! `sanctuary report forget`: delete the mailbox of replies.

use std::path::PathBuf;

use anyhow::{Result, bail};
use reqwest::Method;
use sanctuary_crypto::api::{Forgotten, MailboxForget};

use super::warn_if_unencrypted;
use crate::net::{ApiError, Net};
use crate::options::ServerOptions;
use crate::{form, output, receipt_input};

/// Options of `report forget`.
pub(crate) struct ForgetOptions {
    /// The server.
    pub(crate) server: ServerOptions,
    /// `--receipt-file`.
    pub(crate) receipt_file: Option<PathBuf>,
    /// `--yes`.
    pub(crate) yes: bool,
}

/// `sanctuary report forget`.
pub(crate) fn run(options: &ForgetOptions) -> Result<()> {
    if !options.yes && !output::stdin_is_terminal() {
        bail!("Nothing was deleted. To delete without being asked, add --yes.");
    }
    let receipt = receipt_input::read(options.receipt_file.as_deref())?;
    let keys = receipt.derive();
    if !options.yes {
        let mut stdin = std::io::stdin().lock();
        let sure = form::confirm(
            "This deletes the unit's replies to you from the server, for good. You will not \
             be able to read them again, and the unit will not be able to reply to you any \
             more. Your report itself stays with the unit.\n\
             Delete now? Type y and press Enter (anything else cancels):",
            &mut stdin,
        )?;
        if !sure {
            bail!("Cancelled. Nothing was deleted.");
        }
    }
    warn_if_unencrypted(&options.server);
    let net = Net::new(&options.server)?;
    let _: Forgotten = net
        .send_json(
            Method::POST,
            "v1/mailbox/forget",
            &MailboxForget {
                mailbox: keys.mailbox_id(),
                secret: keys.forget_secret().clone(),
            },
            4096,
        )
        .map_err(|e| {
            if e.downcast_ref::<ApiError>().is_some_and(|a| a.is("forbidden")) {
                anyhow::anyhow!(
                    "The server refused: this receipt does not match the mailbox. Nothing was deleted."
                )
            } else {
                e.context("Nothing was deleted.")
            }
        })?;
    output::line(
        "Done. The replies to you are deleted from the server, and no new replies can arrive.\n\
         Your report stays with the unit. A follow-up sent with this receipt would still reach \
         the unit, but it could not answer. If you have no other use for your receipt, you can \
         destroy it.",
    )?;
    Ok(())
}
