//! `sanctuary report follow-up`: add a message or files to a report.
//!
//! A reporter's follow-up is numbered from the replies they hold (protocol
//! §6.3). This command holds none: it does not look at the mailbox before
//! sending, since a fetch just before the message, on the same circuit,
//! would tell a watching operator that the message is a follow-up and to
//! which mailbox (docs/threat-model.md). Its follow-ups are therefore
//! number 1, having seen reply 0.

use anyhow::{Result, bail};
use sanctuary_crypto::day::Day;
use sanctuary_crypto::message::seal_follow_up;
use sanctuary_crypto::thread::{Position, next_reporter_seq};

use super::{connect, read_message, seal_error, send, warn_if_unencrypted};
use crate::i18n::t;
use crate::net::Net;
use crate::options::{FollowUpOptions, MessageSource};
use crate::prompt;
use crate::{attachments, form, output, receipt_input};

/// `sanctuary report follow-up`.
pub(crate) fn run(options: &FollowUpOptions) -> Result<()> {
    let interactive = options.message == MessageSource::None;
    if interactive && !output::stdin_is_terminal() {
        bail!(t!("no-message"));
    }
    if options.message == MessageSource::Stdin
        && options.receipt_file.is_none()
        && !output::stdin_is_terminal()
    {
        bail!(t!("stdin-receipt-and-message"));
    }
    let given = read_message(&options.message)?;
    if let Some(text) = &given
        && text.trim().is_empty()
        && options.attach.files.is_empty()
    {
        bail!(t!("follow-up-empty"));
    }
    let receipt = receipt_input::read(options.receipt_file.as_deref())?;
    let keys = receipt.derive();
    warn_if_unencrypted(&options.server);
    let net = Net::new(&options.server)?;
    let roster = connect(&net, &options.unit)?;
    let position = Position {
        seq: next_reporter_seq([], 0),
        seen: 0,
        day: Day::today(),
    };
    let mut terminal = prompt::terminal_if(interactive)?;
    let text = match (given, terminal.as_mut()) {
        (Some(text), _) => text,
        (None, Some(term)) => {
            output::note(&format!("\n{}", t!("follow-up-write")));
            form::ask_text(term)?
        }
        (None, None) => bail!(t!("no-message")),
    };
    let prepared = attachments::prepare(&options.attach, &roster.document().policy)?;
    if let Some(term) = terminal.as_mut()
        && !prompt::confirm(
            &format!("\n{}", t!("follow-up-confirm")),
            &options.lang,
            term,
        )?
    {
        bail!(t!("cancelled-nothing-sent"));
    }
    let outcome = send::send_or_keep(
        &net,
        &options.unit,
        roster,
        &prepared,
        terminal.as_mut(),
        &options.lang,
        send::Kind::FollowUp,
        |roster, refs| seal_follow_up(&text, refs, position, &keys, roster).map_err(seal_error),
    )?;
    if let send::Outcome::Kept(path) = outcome {
        output::line(&t!("follow-up-kept", path = path.display().to_string()))?;
        output::note(&t!(
            "send-later",
            command = format!(
                "  sanctuary report send {}{}",
                options.server.flags(),
                path.display()
            )
        ));
        return Ok(());
    }
    output::line(&t!("follow-up-sent"))?;
    output::note(&t!(
        "how-to-check-replies",
        command = format!(
            "  sanctuary report check {}--unit {}",
            options.server.flags(),
            options.unit
        )
    ));
    Ok(())
}
