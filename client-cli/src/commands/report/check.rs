//! `sanctuary report check`: read the unit's replies.

use std::path::PathBuf;

use anyhow::Result;
use reqwest::Method;
use sanctuary_crypto::api::{MailboxContents, MailboxFetch};
use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::message::{self, OpenError, Opened};
use sanctuary_crypto::receipt::ReceiptKeys;
use sanctuary_crypto::unit::UnitId;
use serde::Serialize;

use super::{connect, warn_if_unencrypted};
use crate::i18n::t;
use crate::net::{Net, is_api_error};
use crate::options::ServerOptions;
use crate::{attachments, output, receipt_input, store};

/// Largest mailbox answer read (about 3000 short replies).
const MAX_MAILBOX_ANSWER: u64 = 64 * 1024 * 1024;

/// Options of `report check`.
pub(crate) struct CheckOptions {
    /// The server.
    pub(crate) server: ServerOptions,
    /// The unit.
    pub(crate) unit: UnitId,
    /// `--receipt-file`.
    pub(crate) receipt_file: Option<PathBuf>,
    /// `--save-attachments`.
    pub(crate) save_attachments: Option<PathBuf>,
    /// `--json`.
    pub(crate) json: bool,
}

/// One reply, as shown and as printed by `--json`.
#[derive(Serialize)]
struct ReplyView {
    day: Day,
    from: String,
    verified: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
    text: String,
    attachments: Vec<AttachmentView>,
    #[serde(skip)]
    id: BlobId,
}

#[derive(Serialize)]
struct AttachmentView {
    name: String,
    size: u64,
    media_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    saved_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    not_saved: Option<String>,
}

#[derive(Serialize)]
struct CheckJson {
    replies: Vec<ReplyView>,
    /// Only when the mailbox was forgotten.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    forgotten: bool,
}

/// The mailbox of `keys`, or `None` if the server says it was forgotten
/// (`410 mailbox_forgotten`).
fn fetch_mailbox(net: &Net, keys: &ReceiptKeys) -> Result<Option<MailboxContents>> {
    let fetched = net.send_json(
        Method::POST,
        "v1/mailbox/fetch",
        &MailboxFetch {
            mailbox: keys.mailbox_id(),
        },
        MAX_MAILBOX_ANSWER,
    );
    match fetched {
        Ok(contents) => Ok(Some(contents)),
        Err(e) if is_api_error(&e, "mailbox_forgotten") => Ok(None),
        Err(e) => Err(e),
    }
}

/// Why a reply did not verify, for a reporter.
pub(crate) fn reason(e: &OpenError) -> String {
    match e {
        OpenError::WrongThread => t!("check-wrong-thread"),
        OpenError::UnknownSigner => t!("check-unknown-signer"),
        OpenError::ForgedSignature => t!("check-forged"),
        OpenError::NewerRoster => t!("check-newer-roster"),
        other => other.to_string(),
    }
}

/// `sanctuary report check`.
pub(crate) fn run(options: &CheckOptions) -> Result<()> {
    if let Some(dir) = &options.save_attachments {
        store::create_private_dir(dir)?;
    }
    let receipt = receipt_input::read(options.receipt_file.as_deref())?;
    let keys = receipt.derive();
    warn_if_unencrypted(&options.server);
    let net = Net::new(&options.server)?;
    let roster = connect(&net, &options.unit)?;
    let Some(contents) = fetch_mailbox(&net, &keys)? else {
        if options.json {
            return output::json(&CheckJson {
                replies: Vec::new(),
                forgotten: true,
            });
        }
        output::line(&format!(
            "{}\n{}",
            t!("check-forgotten"),
            t!("check-forgotten-after")
        ))?;
        return Ok(());
    };

    // Replies to a report sealed post-quantum are sealed post-quantum too;
    // older ones, and replies while the roster seals X25519, are not.
    let identities = keys.reply_identities();
    let mut replies: Vec<ReplyView> = contents
        .replies
        .iter()
        .map(|r| match message::open(&r.blob.0, &identities) {
            Ok(Opened::Reply(pending)) => {
                let verified = pending.verify(roster.document(), keys.thread_id());
                let body = pending.into_body();
                ReplyView {
                    day: r.day,
                    from: body.from.to_string(),
                    verified: verified.is_ok(),
                    problem: verified.err().map(|e| reason(&e)),
                    text: body.text,
                    attachments: body
                        .attachments
                        .iter()
                        .map(|a| AttachmentView {
                            name: a.name.clone(),
                            size: a.size,
                            media_type: a.media_type.clone(),
                            saved_to: None,
                            not_saved: None,
                        })
                        .collect(),
                    id: r.id,
                }
            }
            Ok(_) | Err(_) => ReplyView {
                day: r.day,
                from: String::new(),
                verified: false,
                problem: Some(t!("check-unreadable")),
                text: String::new(),
                attachments: Vec::new(),
                id: r.id,
            },
        })
        .collect();
    replies.sort_by_key(|r| (r.day, r.id));

    if let Some(dir) = &options.save_attachments {
        save_attachments(&net, &keys, &contents, &mut replies, dir)?;
    }

    if options.json {
        return output::json(&CheckJson {
            replies,
            forgotten: false,
        });
    }
    if replies.is_empty() {
        output::line(&format!(
            "{}\n{}",
            t!("check-no-replies"),
            t!("check-again-later")
        ))?;
        return Ok(());
    }
    let total = replies.len();
    let mut text = Vec::new();
    for (i, r) in replies.iter().enumerate() {
        text.push(show(r, i + 1, total));
    }
    output::line(&text.join("\n"))?;
    Ok(())
}

fn save_attachments(
    net: &Net,
    keys: &ReceiptKeys,
    contents: &MailboxContents,
    replies: &mut [ReplyView],
    dir: &std::path::Path,
) -> Result<()> {
    let identities = keys.reply_identities();
    for reply in replies.iter_mut() {
        if reply.attachments.is_empty() {
            continue;
        }
        // The references come from the reply itself: open it again.
        let Some(raw) = contents.replies.iter().find(|r| r.id == reply.id) else {
            continue;
        };
        let Ok(Opened::Reply(pending)) = message::open(&raw.blob.0, &identities) else {
            continue;
        };
        let refs = pending.into_body().attachments;
        for (view, aref) in reply.attachments.iter_mut().zip(refs.iter()) {
            if !reply.verified {
                view.not_saved = Some(t!("check-not-verified-file"));
                continue;
            }
            match attachments::download_from_mailbox(net, keys.mailbox_id(), aref, &identities, dir)
            {
                Ok(path) => view.saved_to = Some(path.display().to_string()),
                Err(e) => view.not_saved = Some(format!("{e:#}")),
            }
        }
    }
    Ok(())
}

fn show(r: &ReplyView, n: usize, total: usize) -> String {
    let mut lines = Vec::new();
    let rule = "-".repeat(72);
    if r.verified {
        lines.push(format!(
            "{rule}\n{}",
            t!(
                "check-reply-verified",
                n = n,
                total = total,
                day = r.day.to_string(),
                from = output::untrusted(&r.from)
            )
        ));
    } else if r.from.is_empty() {
        lines.push(format!(
            "{rule}\n{}",
            t!(
                "check-message-unverified",
                n = n,
                total = total,
                day = r.day.to_string(),
                reason = r
                    .problem
                    .clone()
                    .unwrap_or_else(|| t!("check-unknown-problem"))
            )
        ));
        return lines.join("\n");
    } else {
        lines.push(format!(
            "{rule}\n{}\n{}",
            t!(
                "check-reply-unverified",
                n = n,
                total = total,
                day = r.day.to_string(),
                from = output::untrusted(&r.from),
                reason = r
                    .problem
                    .clone()
                    .unwrap_or_else(|| t!("check-unknown-problem"))
            ),
            t!("check-do-not-trust")
        ));
    }
    lines.push(String::new());
    for line in output::untrusted(&r.text).lines() {
        lines.push(format!("  {line}"));
    }
    if !r.attachments.is_empty() {
        lines.push(String::new());
        lines.push(format!("  {}", t!("check-files")));
        for a in &r.attachments {
            let mut entry = format!(
                "    - {} ({}, {})",
                output::preview(&a.name, 80),
                output::preview(&a.media_type, 60),
                output::size(a.size)
            );
            if let Some(path) = &a.saved_to {
                entry.push_str(&format!(": {}", t!("check-saved-to", path = path.clone())));
            } else if let Some(why) = &a.not_saved {
                entry.push_str(&format!(
                    ": {}",
                    t!("check-not-saved", reason = why.clone())
                ));
            }
            lines.push(entry);
        }
        if r.attachments
            .iter()
            .all(|a| a.saved_to.is_none() && a.not_saved.is_none())
        {
            lines.push(format!("  {}", t!("check-how-to-download")));
        }
    }
    lines.join("\n")
}
