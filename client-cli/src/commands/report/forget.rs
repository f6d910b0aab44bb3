//! `sanctuary report forget`: delete the mailbox of replies.

use anyhow::{Result, bail};
use reqwest::Method;
use sanctuary_crypto::api::{ErrorCode, Forgotten, MailboxForget};

use super::warn_if_unencrypted;
use crate::i18n::t;
use crate::net::{ApiError, Net};
use crate::options::ForgetOptions;
use crate::prompt::{self, Terminal};
use crate::{output, receipt_input};

/// `sanctuary report forget`.
pub(crate) fn run(options: &ForgetOptions) -> Result<()> {
    if !options.yes && !output::stdin_is_terminal() {
        bail!(t!("forget-needs-yes"));
    }
    let receipt = receipt_input::read(options.receipt_file.as_deref())?;
    let keys = receipt.derive();
    if !options.yes {
        let mut terminal = Terminal::open()?;
        let sure = prompt::confirm(
            &format!("{}\n{}", t!("forget-explain"), t!("forget-confirm")),
            &options.lang,
            &mut terminal,
        )?;
        if !sure {
            bail!(t!("cancelled-nothing-deleted"));
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
            if e.downcast_ref::<ApiError>()
                .is_some_and(|a| a.is(ErrorCode::Forbidden))
            {
                anyhow::anyhow!(t!("forget-refused"))
            } else {
                e.context(t!("nothing-deleted"))
            }
        })?;
    output::line(&format!("{}\n{}", t!("forget-done"), t!("forget-after")))?;
    Ok(())
}
