//! `sanctuary case close`. Deleting from the server waits for the next
//! `case sync`, which sends the deletions of every closed thread shuffled
//! with its downloads (protocol §9.1).

use std::collections::HashSet;

use anyhow::{Result, bail};
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::message::MessageKind;

use super::{Access, Case, update};
use crate::options::CloseOptions;
use crate::output;
use crate::store::{Deletion, DeletionKind, Status, Store};
use crate::threads::{self, Thread};
use sanctuary_crypto::case_event::{CaseChange, CaseStatus};

/// `sanctuary case close`.
pub(crate) fn run(options: &CloseOptions) -> Result<()> {
    let case = Case::open_for(&options.key, Access::Change)?;
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
    // Shared with the unit (protocol §6.4), unless it already is closed
    // for everyone or this caseworker cannot write events.
    if thread.case.status != Some(CaseStatus::Closed) {
        match update::writable_roster(&case, thread) {
            Ok(roster) => {
                let change = CaseChange {
                    status: Some(CaseStatus::Closed),
                    ..CaseChange::default()
                };
                update::queue_event(&case, thread, &change, &roster)?;
                lines.push(
                    "Your colleagues see it closed after your next `sanctuary case sync`."
                        .to_owned(),
                );
            }
            Err(e) => lines.push(format!(
                "It is closed in your store only: {}",
                format!("{e:#}").replace(" Nothing was changed.", "")
            )),
        }
    }

    if options.delete_from_server {
        let deletions = server_deletions(thread, &case.store.deleted_from_server()?);
        if deletions.is_empty() {
            lines.push("It was already deleted from the server by an earlier sync.".to_owned());
        } else {
            let (messages, files) = queue_server_deletion(&case.store, &deletions)?;
            lines.push(format!(
                "Its {} and {} will be deleted from the server at your next `sanctuary case \
                 sync`, in random order among that sync's other requests, so the server \
                 cannot tell they belong together. Your local copy stays in your store. \
                 Replies stay in the reporter's mailbox until the reporter deletes them or \
                 they expire.",
                output::plural(messages, "message", "messages"),
                output::plural(files, "file", "files")
            ));
        }
    } else {
        lines.push(
            "It stays on the server for your colleagues until it expires. To delete it \
             there too: sanctuary case close ID --delete-from-server"
                .to_owned(),
        );
    }
    output::line(&lines.join("\n"))?;
    Ok(())
}

/// Queues `deletions` (from [`server_deletions`]) for the next
/// `case sync`. Returns how many messages and files were queued.
pub(super) fn queue_server_deletion(
    store: &Store,
    deletions: &[Deletion],
) -> Result<(usize, usize)> {
    store.queue_deletions(deletions)?;
    let files = deletions
        .iter()
        .filter(|d| d.kind == DeletionKind::Attachment)
        .count();
    Ok((deletions.len() - files, files))
}

/// What deleting `thread` from the server takes: its report and
/// follow-ups, each with its attachments (replies stay in the reporter's
/// mailbox), except the messages in
/// `deleted` (a sync already deleted them, with their attachments, whose
/// deletions stay queued until done). Asking again would show the operator
/// a second burst of requests for the same thread.
pub(super) fn server_deletions(thread: &Thread, deleted: &HashSet<BlobId>) -> Vec<Deletion> {
    let mut queued = Vec::new();
    for m in thread
        .messages
        .iter()
        .filter(|m| m.kind != MessageKind::Reply && !deleted.contains(&m.id))
    {
        queued.extend(m.attachments.iter().map(|a| Deletion {
            id: a.id,
            kind: DeletionKind::Attachment,
        }));
        queued.push(Deletion {
            id: m.id,
            kind: DeletionKind::Message,
        });
    }
    // Copies of its files a colleague shared (protocol §6.4).
    queued.extend(thread.case.files.values().map(|id| Deletion {
        id: *id,
        kind: DeletionKind::Attachment,
    }));
    queued
}
