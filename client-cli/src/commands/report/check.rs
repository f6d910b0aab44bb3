//! `sanctuary report check`: read the unit's replies.
//!
//! Replies are shown once however many copies the server holds, ordered by
//! their signed numbers, with "A reply may be missing here" where a number
//! is absent (protocol §6.3).

use std::collections::HashSet;

use anyhow::Result;
use reqwest::Method;
use sanctuary_crypto::api::{ErrorCode, MailboxContents, MailboxFetch};
use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::{BlobId, BodyDigest};
use sanctuary_crypto::message::{self, OpenError, Opened};
use sanctuary_crypto::receipt::ReceiptKeys;
use sanctuary_crypto::roster::RosterDocument;
use sanctuary_crypto::thread::{Held, Side};
use serde::Serialize;

use super::{connect, warn_if_unencrypted};
use crate::i18n::t;
use crate::net::{Net, is_api_error};
use crate::options::CheckOptions;
use crate::{attachments, output, receipt_input, store};

/// Largest mailbox answer read (about 3000 short replies).
const MAX_MAILBOX_ANSWER: u64 = 64 * 1024 * 1024;

/// One reply, as shown and as printed by `--json`.
#[derive(Serialize)]
struct ReplyView {
    day: Day,
    from: String,
    verified: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
    /// Its signed position; `null` for replies from before protocol 2.
    position: Option<PositionView>,
    text: String,
    attachments: Vec<AttachmentView>,
    #[serde(skip)]
    id: BlobId,
    #[serde(skip)]
    digest: Option<BodyDigest>,
}

/// A reply's signed position (protocol §6.3).
#[derive(Clone, Copy, Serialize)]
struct PositionView {
    seq: u64,
    seen: u64,
    day: Day,
}

/// Reply numbers missing from the mailbox, as `--json` prints them.
#[derive(Serialize)]
struct GapView {
    /// The first number missing.
    first: u64,
    /// The last number missing in this run.
    last: u64,
    /// The index in `replies` of the reply it is shown before; `null`
    /// after the last.
    before: Option<usize>,
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
    /// Reply numbers missing: the server may have withheld them (only
    /// when some are).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    gaps: Vec<GapView>,
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
        Err(e) if is_api_error(&e, ErrorCode::MailboxForgotten) => Ok(None),
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
                gaps: Vec::new(),
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

    let mut replies = read_replies(&contents, &keys, roster.document());
    let gaps = gaps(&replies);

    if let Some(dir) = &options.save_attachments {
        save_attachments(&net, &keys, &contents, &mut replies, dir)?;
    }

    if options.json {
        return output::json(&CheckJson {
            replies,
            gaps,
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
    let rule = "-".repeat(72);
    let gap_line = || format!("{rule}\n!! {}", t!("check-reply-missing"));
    let mut text = Vec::new();
    for (i, r) in replies.iter().enumerate() {
        text.extend(
            gaps.iter()
                .filter(|g| g.before == Some(i))
                .map(|_| gap_line()),
        );
        text.push(show(r, i + 1, total));
    }
    text.extend(
        gaps.iter()
            .filter(|g| g.before.is_none())
            .map(|_| gap_line()),
    );
    output::line(&text.join("\n"))?;
    Ok(())
}

/// Opens and verifies the replies in `contents`, drops copies of one reply
/// (keeping a verified one), and orders them: replies from before protocol
/// 2 by day, then the others by their number and digest (protocol §6.3).
fn read_replies(
    contents: &MailboxContents,
    keys: &ReceiptKeys,
    roster: &RosterDocument,
) -> Vec<ReplyView> {
    // Replies to a report sealed post-quantum are sealed post-quantum too;
    // older ones, and replies while the roster seals X25519, are not.
    let identities = keys.reply_identities();
    let mut replies: Vec<ReplyView> = contents
        .replies
        .iter()
        .map(
            |r| match message::open_with_digest(&r.blob.0, &identities) {
                Ok((Opened::Reply(pending), digest)) => {
                    let verified = pending.verify(roster, keys.thread_id());
                    let body = pending.into_body();
                    ReplyView {
                        day: r.day,
                        from: body.from.to_string(),
                        verified: verified.is_ok(),
                        problem: verified.err().map(|e| reason(&e)),
                        position: body.position().map(|p| PositionView {
                            seq: p.seq,
                            seen: p.seen,
                            day: p.day,
                        }),
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
                        digest: Some(digest),
                    }
                }
                Ok(_) | Err(_) => ReplyView {
                    day: r.day,
                    from: String::new(),
                    verified: false,
                    problem: Some(t!("check-unreadable")),
                    position: None,
                    text: String::new(),
                    attachments: Vec::new(),
                    id: r.id,
                    digest: None,
                },
            },
        )
        .collect();
    // A copy posted again under another ID is the same signed body: keep
    // one, a verified one if there is one.
    replies.sort_by_key(|r| (!r.verified, r.day, r.id));
    let mut bodies = HashSet::new();
    replies.retain(|r| r.digest.is_none_or(|d| bodies.insert(d)));
    replies.sort_by(|a, b| match (a.position, b.position) {
        (None, None) => (a.day, a.id).cmp(&(b.day, b.id)),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(p), Some(q)) => (p.seq, a.digest, a.id).cmp(&(q.seq, b.digest, b.id)),
    });
    replies
}

/// The reply numbers missing among the verified `replies` (in the order of
/// [`read_replies`]): each run is shown before the first verified reply
/// with a higher number, or after the last reply.
fn gaps(replies: &[ReplyView]) -> Vec<GapView> {
    let verified: Vec<(usize, PositionView)> = replies
        .iter()
        .enumerate()
        .filter(|(_, r)| r.verified)
        .filter_map(|(i, r)| Some((i, r.position?)))
        .collect();
    let mut held = Held::new();
    for (_, p) in &verified {
        held.add(Side::Unit, p.seq, p.seen);
    }
    held.missing(Side::Unit)
        .into_iter()
        .map(|gap| GapView {
            first: gap.first,
            last: gap.last,
            before: verified
                .iter()
                .find(|(_, p)| p.seq > gap.first)
                .map(|(i, _)| *i),
        })
        .collect()
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
    // The day the unit signed, for replies that carry one; the server's
    // day for older replies.
    let day = match r.position {
        Some(p) => t!("check-written", day = p.day.to_string()),
        None => r.day.to_string(),
    };
    let rule = "-".repeat(72);
    if r.verified {
        lines.push(format!(
            "{rule}\n{}",
            t!(
                "check-reply-verified",
                n = n,
                total = total,
                day = day.clone(),
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
                day = day.clone(),
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
                day = day.clone(),
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
