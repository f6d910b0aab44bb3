//! `sanctuary case reply`: answer the reporter of a thread.

use anyhow::{Result, anyhow, bail};
use reqwest::Method;
use sanctuary_crypto::api::{Base64Bytes, ErrorCode, PostReply, Stored};
use sanctuary_crypto::day::Day;
use sanctuary_crypto::message::{self, AttachmentRef, seal_reply};

use super::{Access, Case};
use crate::commands::report::{read_message, seal_error};
use crate::net::{ApiError, Net, Signer, is_api_error};
use crate::options::{AttachOptions, MessageSource, ReplyOptions, ServerOptions};
use crate::prompt::{self, Terminal};
use crate::store::{BlobKind, NewBlob};
use crate::threads;
use crate::{attachments, form, output};

/// `sanctuary case reply`.
pub(crate) fn run(options: &ReplyOptions) -> Result<()> {
    let interactive = options.message == MessageSource::None;
    if interactive && !output::stdin_is_terminal() {
        bail!(
            "Give your reply with --message TEXT or --message-file FILE, or run this command \
             in a terminal to write it there. Nothing was sent."
        );
    }
    let given = read_message(&options.message)?;
    if let Some(text) = &given
        && text.trim().is_empty()
        && options.attach.files.is_empty()
    {
        bail!("Your reply is empty. Nothing was sent.");
    }
    // Written at the terminal: the store is locked only once the reply is
    // written, so that a sync can run while the caseworker types.
    let access = if interactive {
        Access::Read
    } else {
        Access::Change
    };
    let mut case = Case::open_for(&options.key, access)?;
    let loaded = case.load()?;
    let thread = threads::find(&loaded.threads, &options.id)?;
    // Checked before the caseworker writes anything.
    if thread.report.is_none() {
        return Err(no_report(thread));
    }
    case.store.pinned_unit()?.ok_or_else(no_unit)?;
    let text = match given {
        Some(text) => text,
        None => {
            let mut terminal = Terminal::open()?;
            output::note(&format!(
                "Write your reply to the reporter of thread {}. It is encrypted to them and to \
                 your colleagues.\nWhen you are done, press Enter on an empty line.",
                thread.short_id()
            ));
            let text = form::ask_text(&mut terminal)?;
            if !prompt::confirm("Send this reply now?", "en", &mut terminal)? {
                bail!("Cancelled. Nothing was sent.");
            }
            text
        }
    };
    case.take_lock(&options.key)?;
    let said = send(
        &case,
        &thread.id.to_hex(),
        &text,
        &options.attach,
        &options.server,
    )?;
    output::line(&said)?;
    Ok(())
}

fn no_report(thread: &threads::Thread) -> anyhow::Error {
    anyhow!(
        "Thread {} has no report in your store, so there is nobody to reply to.",
        thread.short_id()
    )
}

fn no_unit() -> anyhow::Error {
    anyhow!("Your store does not know its unit yet. Run `sanctuary case sync` first.")
}

/// Sends `text` with the files of `attach` as a reply on thread `id` of
/// the store of `case`, whose lock the caller holds, and says what it did.
pub(crate) fn send(
    case: &Case,
    id: &str,
    text: &str,
    attach: &AttachOptions,
    server: &ServerOptions,
) -> Result<String> {
    let unit = case.store.pinned_unit()?.ok_or_else(no_unit)?;
    // Numbered from what this store holds now (a sync may have run while
    // the caseworker wrote): protocol §6.3.
    let loaded = case.load()?;
    let thread = threads::find(&loaded.threads, id)?;
    let report = thread.report.clone().ok_or_else(|| no_report(thread))?;
    let position = thread.next_reply(Day::today());
    let net = Net::new(server)?;
    let signer = Signer {
        key: &case.key,
        unit,
    };
    let mut roster = case.fetch_roster(&net, &unit)?;
    let prepared = attachments::prepare(attach, &roster.document().policy)?;

    crate::interrupt::say(
        "Stopped while sending. Your reply may or may not have reached the server: run \
         `sanctuary case sync`, then `sanctuary case show` to see whether it is there.",
    );
    let mut attempt = 0;
    let (stored, blob) = loop {
        attempt += 1;
        if roster
            .document()
            .caseworker_by_key(&case.key.verifying_key())
            .is_none()
        {
            bail!(
                "You ({}) are not on the unit's current roster, so you cannot reply. Ask your unit admin.",
                case.key.label()
            );
        }
        let result = (|| {
            let recipients = message::reply_recipients(roster.document(), &report);
            let refs: Vec<AttachmentRef> = prepared
                .iter()
                .map(|item| {
                    output::note(&format!(
                        "Sending {} as {} ({})…",
                        item.path.display(),
                        item.name,
                        output::size(item.size)
                    ));
                    attachments::upload_case(&net, signer, item, &recipients)
                })
                .collect::<Result<_>>()?;
            let blob = seal_reply(text, &refs, position, &report, &case.key, &roster)
                .map_err(seal_error)?;
            let body = PostReply {
                mailbox: report.mailbox,
                forget_hash: report.forget_hash,
                blob: Base64Bytes(blob.clone()),
                attachments: refs.iter().map(|r| r.id).collect(),
            };
            let stored: Stored =
                net.signed_json(signer, Method::POST, "v1/replies", &body, 4096)?;
            Ok((stored, blob))
        })();
        match result {
            Err(e) if is_api_error(&e, ErrorCode::RosterChanged) && attempt < 3 => {
                output::note(
                    "The unit's roster changed just now. Encrypting again for the new roster…",
                );
                roster = case.fetch_roster(&net, &unit)?;
            }
            Err(e)
                if e.downcast_ref::<ApiError>()
                    .is_some_and(|a| a.is(ErrorCode::MailboxForgotten)) =>
            {
                bail!(
                    "The reporter of thread {} has deleted their mailbox, so they cannot receive \
                     replies any more. Nothing was sent.",
                    thread.short_id()
                );
            }
            Err(e) => return Err(e.context("Your reply was not sent.")),
            Ok(done) => break done,
        }
    };
    // Opened again for the digest of its body, so a copy the server sends
    // back later is known as one.
    let digest = message::open_with_digest(&blob, case.key.identity())
        .ok()
        .map(|(_, d)| d);
    case.store.insert_blob(NewBlob {
        id: stored.id,
        kind: BlobKind::Reply,
        day: Day::today(),
        digest,
        received: Some(Day::today()),
        ciphertext: &blob,
    })?;
    Ok(format!(
        "Reply sent on thread {}. The reporter will see it the next time they check; your \
         colleagues see it after their next sync.",
        thread.short_id()
    ))
}
