//! `sanctuary case share`: hand threads over to a colleague who joined the
//! roster after they arrived (or whose key was replaced), and so cannot
//! decrypt them.
//!
//! Every verified message of each thread (report, follow-ups, replies) and
//! its verified case events are sealed again, unchanged, to every
//! caseworker on the current roster, and posted anonymously like reports,
//! all threads' together in one random order. Their signatures still hold,
//! so the colleague's client verifies them as it would the originals. On
//! the server each copy is a message of its bucket's usual length, which
//! names nothing; colleagues who already hold a message ignore its copy.
//! The copies are kept in this store under their new IDs, so that its own
//! syncs do not download them again.
//!
//! Attached files are decrypted, sealed again to the roster and uploaded
//! anonymously like a reporter's; one case event per thread (`files`,
//! protocol §6.4) tells colleagues where each copy is. The colleague's
//! client checks a copy against the size and SHA-256 its message gives.

use anyhow::{Context as _, Result, anyhow, bail};
use rand::seq::SliceRandom as _;
use std::collections::BTreeMap;

use sanctuary_crypto::case_event::{CaseChange, MAX_EVENT_FILES, seal_case_event};
use sanctuary_crypto::caseworker::Label;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::message::{self, MessageKind, reseal};
use sanctuary_crypto::roster::VerifiedRoster;
use sanctuary_crypto::unit::UnitId;

use super::{Access, Case};
use crate::commands::report::{Sealed, post_sealed};
use crate::net::Net;
use crate::options::{ServerOptions, ShareOptions};
use crate::store::{BlobKind, NewBlob, Status};
use crate::threads::{self, Thread};
use crate::{attachments, output, progress};

/// What one thread's files gave: the copies uploaded (ID named by a
/// message → the copy's), and how many could not be shared because this
/// store has not downloaded them.
#[derive(Default)]
struct FileCopies {
    copies: BTreeMap<BlobId, BlobId>,
    not_downloaded: usize,
}

/// Decrypts each downloaded attachment of `thread`'s verified messages,
/// seals it again to `roster` and uploads it anonymously.
fn copy_files(
    case: &Case,
    net: &Net,
    unit: &UnitId,
    roster: &VerifiedRoster,
    thread: &Thread,
) -> Result<FileCopies> {
    let mut out = FileCopies::default();
    let recipients = roster.document().recipients();
    for aref in thread
        .messages
        .iter()
        .filter(|m| m.verified)
        .flat_map(|m| m.attachments.iter())
    {
        if out.copies.contains_key(&aref.id) {
            continue;
        }
        let path = thread.stored_file(&case.store, aref);
        if !path.is_file() {
            out.not_downloaded += 1;
            continue;
        }
        let bytes = attachments::open_stored_in_memory(&path, case.key.identity(), aref)?;
        let item = attachments::Prepared::in_memory(&aref.name, &aref.media_type, bytes);
        let copy = attachments::upload_public(net, &item, &recipients, unit, roster.version())
            .context("Not everything was shared. Run the same command again to share the rest.")?;
        out.copies.insert(aref.id, copy.id);
    }
    Ok(out)
}

/// The case events naming `copies` of `thread`'s files, sealed to
/// `roster`, numbered after the thread's events.
fn copies_events(
    case: &Case,
    roster: &VerifiedRoster,
    thread: &Thread,
    copies: &BTreeMap<BlobId, BlobId>,
) -> Result<Vec<Vec<u8>>> {
    let Some(report) = &thread.report else {
        return Ok(Vec::new());
    };
    let entries: Vec<(BlobId, BlobId)> = copies.iter().map(|(a, b)| (*a, *b)).collect();
    let mut seq = thread.case.next_seq();
    let mut events = Vec::new();
    for chunk in entries.chunks(MAX_EVENT_FILES) {
        let change = CaseChange {
            files: chunk.iter().copied().collect(),
            ..CaseChange::default()
        };
        events.push(
            seal_case_event(&change, report.thread, seq, Day::today(), &case.key, roster)
                .map_err(|e| anyhow!("The copies of files could not be named ({e})."))?,
        );
        seq = seq.saturating_add(1);
    }
    Ok(events)
}

/// What is posted: a message or event of the store, sealed again, or a new
/// case event naming copies of files.
enum Post {
    Stored(BlobId, BlobKind),
    NewEvent(Vec<u8>),
}

/// `sanctuary case share`.
pub(crate) fn run(options: &ShareOptions) -> Result<()> {
    let case = Case::open_for(&options.key, Access::Change)?;
    let said = share(
        &case,
        &options.server,
        &options.to,
        &options.ids,
        options.all,
    )?;
    output::line(&said)?;
    Ok(())
}

/// Shares the threads `ids` (or all but spam, with `all`) of the store of
/// `case`, whose lock the caller holds, with the colleague `to`, and says
/// what it did.
pub(crate) fn share(
    case: &Case,
    server: &ServerOptions,
    to: &Label,
    ids: &[String],
    all: bool,
) -> Result<String> {
    let unit = case.store.pinned_unit()?.ok_or_else(|| {
        anyhow!("Your store does not know its unit yet. Run `sanctuary case sync` first.")
    })?;
    let net = Net::new(server)?;
    let roster = case.fetch_roster(&net, &unit)?;
    let doc = roster.document();
    if doc.caseworker_by_key(&case.key.verifying_key()).is_none() {
        bail!(
            "You ({}) are not on the unit's current roster, so you cannot share. Nothing was sent.",
            case.key.label()
        );
    }
    if !doc.caseworkers.iter().any(|c| c.label == *to) {
        bail!(
            "There is no caseworker {} on your unit's current roster. The caseworkers are: {}. \
             Ask your unit admin to add them first. Nothing was sent.",
            to,
            doc.caseworkers
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if to == case.key.label() {
        bail!("{} is you: share with a colleague. Nothing was sent.", to);
    }

    let loaded = case.load()?;
    let threads: Vec<&Thread> = if all {
        loaded
            .threads
            .iter()
            .filter(|t| t.report.is_some() && t.status != Status::Spam.as_str())
            .collect()
    } else {
        ids.iter()
            .map(|id| threads::find(&loaded.threads, id))
            .collect::<Result<_>>()?
    };
    if let Some(t) = threads.iter().find(|t| t.report.is_none()) {
        bail!(
            "Thread {} has no report in your store, so there is nothing to share. Nothing was sent.",
            t.short_id()
        );
    }
    if threads.is_empty() {
        return Ok("There are no threads to share.".to_owned());
    }

    crate::interrupt::say(
        "Stopped. What was shared so far stays shared; run the same command again to share \
         the rest (your colleagues ignore the copies they already have).",
    );
    // Files first, all threads' in one random order: the events naming
    // their copies need the copies' IDs.
    let mut order: Vec<&Thread> = threads.clone();
    order.shuffle(&mut rand::thread_rng());
    let (mut copied, mut not_downloaded) = (0, 0);
    let mut work: Vec<Post> = Vec::new();
    for t in &order {
        let files = copy_files(case, &net, &unit, &roster, t)?;
        copied += files.copies.len();
        not_downloaded += files.not_downloaded;
        work.extend(
            copies_events(case, &roster, t, &files.copies)?
                .into_iter()
                .map(Post::NewEvent),
        );
    }
    let new_events = work.len();
    // Only what verified: what the colleague's client will accept.
    for t in &threads {
        for m in t.messages.iter().filter(|m| m.verified) {
            let kind = match m.kind {
                MessageKind::Report => BlobKind::Report,
                MessageKind::FollowUp => BlobKind::FollowUp,
                _ => BlobKind::Reply,
            };
            work.push(Post::Stored(m.id, kind));
        }
        work.extend(
            t.event_ids
                .iter()
                .map(|id| Post::Stored(*id, BlobKind::CaseEvent)),
        );
    }
    work.shuffle(&mut rand::thread_rng());

    let bar = progress::bar(work.len() as u64, "Sharing");
    let identity = case.key.identity();
    for post in &work {
        let (kind, copy) = match post {
            Post::Stored(id, kind) => {
                let ciphertext = case.store.ciphertext(id)?;
                let copy = reseal(&ciphertext, identity, &roster, |_| true).map_err(|e| {
                    anyhow!("A message of your store could not be sealed again ({e}).")
                })?;
                (*kind, copy)
            }
            Post::NewEvent(blob) => (BlobKind::CaseEvent, blob.clone()),
        };
        let (_, digest) = message::open_with_digest(&copy, identity)
            .map_err(|e| anyhow!("A sealed copy could not be read back ({e})."))?;
        let sealed = Sealed {
            roster_version: roster.version(),
            blob: copy,
        };
        let stored = post_sealed(&net, &sealed)
            .context("Not everything was shared. Run the same command again to share the rest.")?;
        case.store.insert_blob(NewBlob {
            id: stored.id,
            kind,
            day: Day::today(),
            digest: Some(digest),
            received: None,
            ciphertext: &sealed.blob,
        })?;
        bar.inc(1);
    }
    bar.finish_and_clear();

    let events = work
        .iter()
        .filter(|p| matches!(p, Post::Stored(_, BlobKind::CaseEvent)))
        .count();
    let messages = work.len() - events - new_events;
    let mut lines = vec![format!(
        "Shared {} ({}, {} and {}) with {}. Each copy is sealed to every caseworker on the \
         roster, so the server cannot tell it from a new message or file; {} sees them after \
         their next `sanctuary case sync`, and colleagues who have them already ignore the \
         copies.",
        output::plural(threads.len(), "thread", "threads"),
        output::plural(messages, "message", "messages"),
        output::plural(events, "case update", "case updates"),
        output::plural(copied, "attached file", "attached files"),
        to,
        to
    )];
    if not_downloaded > 0 {
        lines.push(format!(
            "Not shared: {} your store has not downloaded. Run `sanctuary case sync`, then \
             share again.",
            output::plural(not_downloaded, "attached file", "attached files"),
        ));
    }
    Ok(lines.join("\n"))
}
