//! `sanctuary case close`.

use anyhow::{Result, bail};
use reqwest::Method;
use sanctuary_crypto::message::MessageKind;

use super::{Case, CaseKeyOptions, threads};
use crate::net::{Net, SignedBody, is_api_error};
use crate::options::ServerOptions;
use crate::output;
use crate::store::Status;

/// Options of `case close`.
pub(crate) struct CloseOptions {
    /// The thread ID or its start.
    pub(crate) id: String,
    /// Key and store.
    pub(crate) key: CaseKeyOptions,
    /// The server, when deleting from it.
    pub(crate) delete_from: Option<ServerOptions>,
}

/// `sanctuary case close`.
pub(crate) fn run(options: &CloseOptions) -> Result<()> {
    let case = Case::open(&options.key)?;
    let loaded = case.load()?;
    let thread = threads::find(&loaded.threads, &options.id)?;
    if thread.report.is_none() {
        bail!(
            "Thread {} has no report in your store, so it cannot be closed.",
            thread.short_id()
        );
    }
    case.store.set_status(&thread.id, Status::Closed)?;
    let mut lines = vec![format!("Closed thread {}.", thread.short_id())];

    if let Some(server) = &options.delete_from {
        let net = Net::new(server)?;
        let signer = case.signer()?;
        let (mut messages, mut files) = (0, 0);
        for m in thread
            .messages
            .iter()
            .filter(|m| m.kind != MessageKind::Reply)
        {
            for a in &m.attachments {
                match net.signed(signer, Method::DELETE, &format!("v1/attachments/{}", a.id), SignedBody::Empty) {
                    Ok(_) => files += 1,
                    Err(e) if is_api_error(&e, "not_found") => {}
                    Err(e) => return Err(e.context("The thread is closed here, but not everything was deleted from the server. Run the command again.")),
                }
            }
            match net.signed(signer, Method::DELETE, &format!("v1/inbox/{}", m.id), SignedBody::Empty) {
                Ok(_) => messages += 1,
                Err(e) if is_api_error(&e, "not_found") => {}
                Err(e) => return Err(e.context("The thread is closed here, but not everything was deleted from the server. Run the command again.")),
            }
            case.store.mark_deleted_on_server(&m.id)?;
        }
        lines.push(format!(
            "Deleted from the server: {} and {}. Your local copy stays in your store. \
             Replies stay in the reporter's mailbox until the reporter deletes them or they \
             expire.",
            output::plural(messages, "message", "messages"),
            output::plural(files, "file", "files")
        ));
    } else {
        lines.push(
            "It stays on the server for your colleagues until it expires. To delete it \
             there too: sanctuary case close ID --delete-from-server --server URL"
                .to_owned(),
        );
    }
    output::line(&lines.join("\n"))?;
    Ok(())
}
