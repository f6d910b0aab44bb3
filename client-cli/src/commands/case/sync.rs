//! `sanctuary case sync`: download new reports, follow-ups, colleagues'
//! replies and attachments into the local store.
//!
//! Nothing a sync asks for names a thread or a mailbox, or is grouped or
//! ordered by thread, so an operator watching the requests cannot tell
//! which mailbox, follow-up or file belongs to which report (protocol
//! §9.1). Every message is listed (`GET /v1/inbox`) and every reply, in all
//! mailboxes (`GET /v1/case/replies`; replies are sealed to every
//! caseworker too); the new ones are downloaded up to 256 at a time
//! (`POST /v1/case/inbox/fetch`, `POST /v1/case/replies/fetch`), decrypted
//! once, on every core, and stored, one commit per four batches. Missing
//! attachments of every thread are then fetched in random order. What was
//! decrypted is kept for building the threads, so nothing is decrypted
//! twice.
//!
//! Case events this caseworker wrote since the last sync (`case status`,
//! `assign`, `label`, `note`, `close`; protocol §6.4) are sealed again to
//! the roster of the moment and posted anonymously like reports, in the
//! same random order as the downloads of attachments and the deletions.
//!
//! A message whose signed body is already in the store (the operator
//! posting a stored blob again under a new ID) is a copy: it is counted
//! ("n copies ignored") and stored, so that it is not fetched again, but
//! threads show one of them (protocol §6.3).

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context as _, Result, anyhow, bail};
use rand::seq::SliceRandom as _;
use reqwest::Method;
use sanctuary_crypto::api::{
    CaseInboxFetch, ErrorCode, INBOX_RECORD_HEADER, InboxPage, MAX_INBOX_FETCH,
};
use sanctuary_crypto::case_event::reseal_case_event;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::{BlobId, BodyDigest};
use sanctuary_crypto::message::{self, MAX_MESSAGE_ATTACHMENTS, OpenError, Opened};
use sanctuary_crypto::recipients::IdentityPair;
use sanctuary_crypto::roster::VerifiedRoster;
use sanctuary_crypto::sizes::MAX_MESSAGE_CIPHERTEXT;
use sanctuary_crypto::unit::UnitId;

use super::{Access, Case};
use crate::attachments;
use crate::commands::report::{Sealed, post_sealed};
use crate::net::{Net, SignedBody, Signer, is_api_error, read_json};
use crate::options::{ServerOptions, SyncOptions};
use crate::output;
use crate::store::{BlobKind, BlobWriter, Deletion, DeletionKind, NewBlob};
use crate::threads::{self, Loaded, Opens};

/// Inbox page size asked for.
const PAGE: usize = 1000;

/// What a sync lists and downloads: the inbox's messages, or the replies
/// in every mailbox.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Listing {
    /// Reports and follow-ups.
    Messages,
    /// Replies, the caseworker's own and their colleagues'.
    Replies,
}

impl Listing {
    /// The listing route.
    fn list_path(self) -> &'static str {
        match self {
            Self::Messages => "v1/inbox",
            Self::Replies => "v1/case/replies",
        }
    }

    /// The batch download route.
    fn fetch_path(self) -> &'static str {
        match self {
            Self::Messages => "v1/case/inbox/fetch",
            Self::Replies => "v1/case/replies/fetch",
        }
    }
}

#[derive(Default)]
struct Counts {
    reports: usize,
    follow_ups: usize,
    replies: usize,
    unreadable: usize,
    files: usize,
    missing_files: usize,
    deleted_messages: usize,
    deleted_files: usize,
    /// New case events from colleagues.
    events: usize,
    /// This caseworker's case events sent.
    events_sent: usize,
    /// New messages whose body the store already held.
    copies: usize,
    /// The digests in the store: before this sync, and stored by it.
    digests: HashSet<BodyDigest>,
}

/// Which unit to trust: the one pinned in the store, else the one given.
/// The server never gets to name it (no trust on first use): a store with
/// no unit yet needs `--unit`.
fn unit_for(case: &Case, given: Option<UnitId>) -> Result<UnitId> {
    match (case.store.pinned_unit()?, given) {
        (Some(pinned), Some(given)) if pinned != given => bail!(
            "Your case store is pinned to unit {pinned}, not {given}. Use another store \
             (--store DIR) for another unit."
        ),
        (Some(pinned), _) => Ok(pinned),
        (None, Some(given)) => Ok(given),
        (None, None) => bail!(
            "This store has no unit yet. Give the unit ID your unit admin gave you: \
             --unit sanctuary1… (or set SANCTUARY_UNIT). The server's word is not \
             enough: it could name a unit of its own. Nothing was sent."
        ),
    }
}

/// A decrypted message and the digest of its body.
type OpenedWithDigest = Result<(Opened, BodyDigest), OpenError>;

fn kind_of(opened: &OpenedWithDigest) -> BlobKind {
    match opened {
        Ok((Opened::Report(_), _)) => BlobKind::Report,
        Ok((Opened::FollowUp(_), _)) => BlobKind::FollowUp,
        Ok((Opened::Reply(_), _)) => BlobKind::Reply,
        Ok((Opened::CaseEvent(_), _)) => BlobKind::CaseEvent,
        Err(_) => BlobKind::Unreadable,
    }
}

/// Decrypts `blobs` with `identity` on every core. Each thread takes the
/// next message as it finishes one, so a thread the scheduler delays (the
/// download, the server and the store share the cores) holds up no fixed
/// share of the batch.
fn open_all(blobs: &[(BlobId, Vec<u8>)], identity: &IdentityPair) -> Vec<OpenedWithDigest> {
    let helpers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let next = AtomicUsize::new(0);
    // Each thread then checks the signatures of the reports it decrypted
    // in one batch (about half the cost of one by one).
    let work = || {
        let (mut indices, mut unchecked) = (Vec::new(), Vec::new());
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some((_, blob)) = blobs.get(i) else {
                break;
            };
            indices.push(i);
            unchecked.push(message::open_unchecked(blob, identity));
        }
        indices
            .into_iter()
            .zip(message::check_reports(unchecked))
            .collect::<Vec<_>>()
    };
    let parts = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..helpers).map(|_| scope.spawn(work)).collect();
        let mut parts = vec![work()];
        parts.extend(
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
        );
        parts
    });
    // Back in the batch's order: every index was taken exactly once.
    let mut opened: Vec<_> = parts.into_iter().flatten().collect();
    opened.sort_unstable_by_key(|(i, _)| *i);
    opened.into_iter().map(|(_, o)| o).collect()
}

/// Reads exactly `buf.len()` bytes; `Ok(false)` on a clean end of input
/// before the first byte.
fn read_record_part(input: &mut impl Read, buf: &mut [u8]) -> Result<bool> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) if filled == 0 => return Ok(false),
            Ok(0) => bail!("The server's answer was cut short. Try again."),
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(e).context(
                    "The connection to the server broke while downloading reports. Try again.",
                );
            }
        }
    }
    Ok(true)
}

/// Downloads the messages or replies `ids` in one signed request. IDs
/// deleted since the listing are missing from the answer.
fn fetch_messages(
    signer: Signer<'_>,
    net: &Net,
    listing: Listing,
    ids: &[BlobId],
) -> Result<Vec<(BlobId, Vec<u8>)>> {
    let body = serde_json::to_vec(&CaseInboxFetch { ids: ids.to_vec() })?;
    let mut response = net.signed(
        signer,
        Method::POST,
        listing.fetch_path(),
        SignedBody::Json(body),
    )?;
    let mut out = Vec::with_capacity(ids.len());
    let mut wanted = ids.iter();
    let mut header = [0u8; INBOX_RECORD_HEADER];
    while read_record_part(&mut response, &mut header)? {
        let (id, len) = header.split_at(BlobId::LEN);
        let id = BlobId::from_bytes(id.try_into().map_err(|_| anyhow!("bad record"))?);
        let len = u32::from_be_bytes(len.try_into().map_err(|_| anyhow!("bad record"))?);
        // Records come in the order asked, each at most once, and no
        // longer than a message can be.
        if !wanted.any(|w| *w == id) || u64::from(len) > MAX_MESSAGE_CIPHERTEXT {
            bail!("The server sent reports that were not asked for. Check the server address.");
        }
        let mut blob = vec![0u8; len as usize];
        if !read_record_part(&mut response, &mut blob)? && len > 0 {
            bail!("The server's answer was cut short. Try again.");
        }
        out.push((id, blob));
    }
    Ok(out)
}

fn count(counts: &mut Counts, kind: BlobKind) {
    match kind {
        BlobKind::Report => counts.reports += 1,
        BlobKind::FollowUp => counts.follow_ups += 1,
        BlobKind::Reply => counts.replies += 1,
        BlobKind::CaseEvent => counts.events += 1,
        BlobKind::Unreadable => counts.unreadable += 1,
    }
}

/// A downloaded batch: the listing it came from, the messages, and the
/// day the server gives for each.
struct Batch {
    listing: Listing,
    blobs: Vec<(BlobId, Vec<u8>)>,
    days: HashMap<BlobId, Day>,
}

/// A downloaded batch and what decrypting each of its messages gave.
type Decrypted = (Batch, Vec<OpenedWithDigest>);

/// Stores a decrypted batch with `writer`, counts it, and keeps what was
/// decrypted. `received` is the day this store receives it (`None` on a
/// store's first sync). Only a reply belongs among the replies: anything
/// else found there is stored as unreadable.
fn store_batch(
    writer: &mut BlobWriter<'_>,
    received: Option<Day>,
    (batch, opened): Decrypted,
    counts: &mut Counts,
    opens: &mut Opens,
) -> Result<()> {
    let mut rows = Vec::with_capacity(batch.blobs.len());
    for ((id, blob), opened) in batch.blobs.iter().zip(opened) {
        let opened = match opened {
            Ok((Opened::Reply(_), _)) | Err(_) => opened,
            Ok(_) if batch.listing == Listing::Replies => Err(OpenError::Malformed),
            Ok(_) => opened,
        };
        let kind = kind_of(&opened);
        count(counts, kind);
        let digest = opened.as_ref().ok().map(|(_, d)| *d);
        if let Some(d) = digest
            && !counts.digests.insert(d)
        {
            counts.copies += 1;
        }
        rows.push(NewBlob {
            id: *id,
            kind,
            day: batch.days.get(id).copied().unwrap_or_else(Day::today),
            digest,
            received,
            ciphertext: blob.as_slice(),
        });
        if let Ok(o) = opened {
            opens.insert(*id, o);
        }
    }
    // New messages are unread until shown, marked in the same commit: a
    // sync stopped later (Ctrl-C during the downloads) loses no mark.
    writer.insert(&rows, true)
}

/// Lists every message, then every reply, on the server, page by page,
/// and sends the ones not in `known` down `tx` in batches, until both
/// listings end, a request fails (the error is sent) or the receiver hangs
/// up.
fn download_new(
    net: &Net,
    signer: Signer<'_>,
    known: &HashSet<BlobId>,
    tx: &std::sync::mpsc::SyncSender<Result<Batch>>,
) {
    for listing in [Listing::Messages, Listing::Replies] {
        if !download_listing(net, signer, listing, known, tx) {
            return;
        }
    }
}

/// [`download_new`] for one listing; false if the sync must stop.
fn download_listing(
    net: &Net,
    signer: Signer<'_>,
    listing: Listing,
    known: &HashSet<BlobId>,
    tx: &std::sync::mpsc::SyncSender<Result<Batch>>,
) -> bool {
    let list = listing.list_path();
    let mut after: Option<BlobId> = None;
    loop {
        let path = match after {
            Some(a) => format!("{list}?after={a}&limit={PAGE}"),
            None => format!("{list}?limit={PAGE}"),
        };
        let page: InboxPage = match net
            .signed(signer, Method::GET, &path, SignedBody::Empty)
            .and_then(|response| read_json(response, 4 * 1024 * 1024))
        {
            Ok(page) => page,
            Err(e) => {
                let _ = tx.send(Err(e));
                return false;
            }
        };
        let new: Vec<(BlobId, Day)> = page
            .items
            .iter()
            .filter(|item| !known.contains(&item.id))
            .map(|item| (item.id, item.day))
            .collect();
        for chunk in new.chunks(MAX_INBOX_FETCH) {
            let ids: Vec<BlobId> = chunk.iter().map(|(id, _)| *id).collect();
            let batch = fetch_messages(signer, net, listing, &ids).map(|blobs| Batch {
                listing,
                blobs,
                days: chunk.iter().copied().collect(),
            });
            let failed = batch.is_err();
            if tx.send(batch).is_err() || failed {
                return false;
            }
        }
        match page.next {
            Some(next) if !page.items.is_empty() => after = Some(next),
            _ => return true,
        }
    }
}

/// Lists every message and every reply on the server, and downloads,
/// decrypts and stores the ones this store does not have. Three stages
/// overlap, so that neither the network, the cores nor the disk waits for
/// the others: one thread lists and downloads the next batch, another
/// decrypts the one before on every core, and this one stores the one
/// before that (its commits wait for the disk). Neither the listing's
/// pages nor the change from messages to replies interrupts the flow.
fn sync_listings(
    case: &Case,
    net: &Net,
    signer: Signer<'_>,
    received: Option<Day>,
    counts: &mut Counts,
    opens: &mut Opens,
) -> Result<()> {
    let known = case.store.blob_ids()?;
    let identity = case.key.identity();
    let mut writer = case.store.blob_writer();
    std::thread::scope(|scope| -> Result<()> {
        let (to_decrypt, downloaded) = std::sync::mpsc::sync_channel(1);
        let (to_store, decrypted) = std::sync::mpsc::sync_channel::<Result<Decrypted>>(1);
        let known = &known;
        scope.spawn(move || download_new(net, signer, known, &to_decrypt));
        // Stops at the first failure, or when this thread stops taking
        // batches (it failed to store one).
        scope.spawn(move || {
            for batch in downloaded {
                let failed = batch.is_err();
                let batch = batch.map(|batch| {
                    let opened = open_all(&batch.blobs, identity);
                    (batch, opened)
                });
                if to_store.send(batch).is_err() || failed {
                    return;
                }
            }
        });
        for batch in decrypted {
            match batch {
                Ok(batch) => store_batch(&mut writer, received, batch, counts, opens)?,
                Err(e) => {
                    // Keep what arrived before the failure.
                    writer.commit()?;
                    return Err(e);
                }
            }
        }
        writer.commit()
    })
}

/// One request of a sync's last step.
enum Work {
    /// Download an attachment of this size.
    Download(BlobId, u64),
    /// Delete a closed thread's message or file.
    Delete(Deletion),
    /// Send a case event this caseworker wrote (its local ID and
    /// ciphertext).
    SendEvent(BlobId, Vec<u8>),
}

/// Downloads every attachment the store lacks, of every thread, sends
/// the deletions `case close --delete-from-server` queued and the case
/// events written since the last sync, all in one random order: nothing
/// says which files, deletions or events belong together.
fn sync_files(
    case: &Case,
    net: &Net,
    signer: Signer<'_>,
    roster: &VerifiedRoster,
    loaded: &Loaded,
    counts: &mut Counts,
) -> Result<()> {
    let mut missing: Vec<(BlobId, u64)> = loaded
        .threads
        .iter()
        .flat_map(|t| &t.messages)
        .flat_map(|m| m.attachments.iter().take(MAX_MESSAGE_ATTACHMENTS))
        .filter(|a| !case.store.has_attachment(&a.id))
        .map(|a| (a.id, a.size))
        .collect();
    // Copies a colleague shared (protocol §6.4) of files this key cannot
    // open, or has not downloaded yet.
    let identity = case.key.identity();
    missing.extend(loaded.threads.iter().flat_map(|t| {
        t.messages
            .iter()
            .flat_map(|m| m.attachments.iter().take(MAX_MESSAGE_ATTACHMENTS))
            .filter_map(|a| Some((a, *t.case.files.get(&a.id)?)))
            .filter(|(a, copy)| {
                !case.store.has_attachment(copy)
                    && !attachments::opens_with(&case.store.attachment_path(&a.id), identity)
            })
            .map(|(a, copy)| (copy, a.size))
    }));
    missing.sort_unstable();
    missing.dedup_by_key(|(id, _)| *id);
    let mut work: Vec<Work> = missing
        .into_iter()
        .map(|(id, size)| Work::Download(id, size))
        .chain(
            case.store
                .pending_deletions()?
                .into_iter()
                .map(Work::Delete),
        )
        .chain(
            case.store
                .pending_events()?
                .into_iter()
                .map(|(id, blob)| Work::SendEvent(id, blob)),
        )
        .collect();
    work.shuffle(&mut rand::thread_rng());
    for item in work {
        match item {
            Work::Download(id, size) => {
                let path = case.store.attachment_path(&id);
                match attachments::download_ciphertext(net, signer, id, size, &path) {
                    Ok(()) => counts.files += 1,
                    Err(e) if is_api_error(&e, ErrorCode::NotFound) => counts.missing_files += 1,
                    Err(e) => return Err(e),
                }
            }
            Work::Delete(deletion) => {
                let path = match deletion.kind {
                    DeletionKind::Message => format!("v1/inbox/{}", deletion.id),
                    DeletionKind::Attachment => format!("v1/attachments/{}", deletion.id),
                };
                match net.signed(signer, Method::DELETE, &path, SignedBody::Empty) {
                    Ok(_) => match deletion.kind {
                        DeletionKind::Message => counts.deleted_messages += 1,
                        DeletionKind::Attachment => counts.deleted_files += 1,
                    },
                    Err(e) if is_api_error(&e, ErrorCode::NotFound) => {}
                    Err(e) => {
                        return Err(e.context(
                            "Not every deletion reached the server; the rest are sent at \
                             the next sync.",
                        ));
                    }
                }
                case.store.deletion_done(&deletion)?;
            }
            Work::SendEvent(local, blob) => {
                let not_sent = || {
                    "Not every change you made (status, assignment, labels, notes) reached the \
                     server; the rest are sent at the next sync."
                };
                let blob = reseal_case_event(&blob, &case.key, roster)
                    .map_err(|e| anyhow!("A change you made could not be sealed again ({e})."))
                    .context(not_sent())?;
                let sealed = Sealed {
                    roster_version: roster.version(),
                    blob,
                };
                let stored = post_sealed(net, &sealed).context(not_sent())?;
                case.store.event_sent(&local, &stored.id, &sealed.blob)?;
                counts.events_sent += 1;
            }
        }
    }
    Ok(())
}

/// `sanctuary case sync`.
pub(crate) fn run(options: &SyncOptions) -> Result<()> {
    let case = Case::open_for(&options.key, Access::Create)?;
    let said = sync(&case, &options.server, options.unit)?;
    output::line(&said)?;
    Ok(())
}

/// Syncs the store of `case` (whose lock the caller holds) with the
/// server, pinning `unit` if the store has none yet, and returns what
/// happened, for the caseworker to read.
pub(crate) fn sync(case: &Case, server: &ServerOptions, unit: Option<UnitId>) -> Result<String> {
    let net = Net::new(server)?;
    let unit = unit_for(case, unit)?;
    let roster = case.fetch_roster(&net, &unit)?;
    if roster
        .document()
        .caseworker_by_key(&case.key.verifying_key())
        .is_none()
    {
        bail!(
            "You ({}) are not on the unit's current roster, so the server will not let you \
             sync. Send your card to your unit admin and ask them to publish the roster \
             again:\n{}",
            case.key.label(),
            case.key.card()
        );
    }
    if case.store.pinned_unit()?.is_none() {
        case.store.pin_unit(&unit)?;
    }

    let mut counts = Counts {
        digests: case.store.digests()?,
        ..Counts::default()
    };
    let mut opens = Opens::new();
    // What a store's first sync brings is not late, however old: the
    // store did not exist.
    let received = case.store.synced_before()?.then(Day::today);
    let signer = Signer {
        key: &case.key,
        unit,
    };
    sync_listings(case, &net, signer, received, &mut counts, &mut opens)?;
    let loaded = case.load_with(opens)?;
    sync_files(case, &net, signer, &roster, &loaded, &mut counts)?;
    case.store.set_synced()?;

    let open = loaded
        .threads
        .iter()
        .filter(|t| threads::is_open(t))
        .count();
    let mut lines = vec![format!(
        "Synced: {}, {}, {}, {} downloaded.",
        output::plural(counts.reports, "new report", "new reports"),
        output::plural(counts.follow_ups, "new follow-up", "new follow-ups"),
        output::plural(counts.replies, "new reply", "new replies"),
        output::plural(counts.files, "file", "files"),
    )];
    let unread = loaded
        .threads
        .iter()
        .filter(|t| t.unread_count() > 0)
        .count();
    lines.push(format!(
        "{}; {} unread messages. See them with: sanctuary case list",
        output::plural(open, "thread is open", "threads are open"),
        output::plural(unread, "thread has", "threads have")
    ));
    if counts.events + counts.events_sent > 0 {
        lines.push(format!(
            "Case updates (status, assignment, labels, notes): {} from colleagues, {} of yours \
             sent.",
            counts.events, counts.events_sent
        ));
    }
    if loaded.unverified_events > 0 {
        lines.push(format!(
            "Warning: {} could not be verified against the roster and {} ignored.",
            output::plural(loaded.unverified_events, "case update", "case updates"),
            if loaded.unverified_events == 1 {
                "is"
            } else {
                "are"
            }
        ));
    }
    if counts.copies > 0 {
        lines.push(format!(
            "{} ignored: the server sent again {} already in your store.",
            output::plural(counts.copies, "copy", "copies"),
            if counts.copies == 1 {
                "a message"
            } else {
                "messages"
            }
        ));
    }
    let flagged: usize = loaded.threads.iter().map(|t| t.unverified_count()).sum();
    if flagged > 0 {
        lines.push(format!(
            "Warning: {} could not be verified; they are marked NOT VERIFIED in `case show`.",
            output::plural(flagged, "message", "messages")
        ));
    }
    if loaded.unreadable > 0 {
        lines.push(format!(
            "{} cannot be decrypted with your key (probably sent before you were on the \
             roster). A colleague can share those threads with you: sanctuary case share --all \
             --to {}",
            output::plural(loaded.unreadable, "message", "messages"),
            case.key.label()
        ));
    }
    if counts.deleted_messages + counts.deleted_files > 0 {
        lines.push(format!(
            "Deleted from the server (closed threads and spam): {} and {}.",
            output::plural(counts.deleted_messages, "message", "messages"),
            output::plural(counts.deleted_files, "file", "files")
        ));
    }
    if counts.missing_files > 0 {
        lines.push(format!(
            "{} no longer on the server (expired or deleted).",
            output::plural(counts.missing_files, "file is", "files are")
        ));
    }
    lines.extend(expiry_warning(roster.document().expires, Day::today()));
    Ok(lines.join("\n"))
}

/// A reminder when the roster expires within
/// [`EXPIRY_WARNING_DAYS`](crate::commands::unit::EXPIRY_WARNING_DAYS).
fn expiry_warning(expires: Day, today: Day) -> Option<String> {
    let left = expires.number().saturating_sub(today.number());
    (left <= crate::commands::unit::EXPIRY_WARNING_DAYS).then(|| {
        let when = match left {
            0 => "today".to_owned(),
            1 => "tomorrow".to_owned(),
            n => format!("in {n} days"),
        };
        format!(
            "Warning: the unit's roster expires {when} ({expires}). After that, reporters \
             cannot send reports. Ask your unit admin to renew it: sanctuary unit publish \
             --key UNIT-KEY --server URL --keep-caseworkers"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_roster_expiry_is_announced_from_two_weeks_before() {
        let today: Day = "2026-12-01".parse().unwrap();
        assert_eq!(expiry_warning(today.plus(15), today), None);
        let two_weeks = expiry_warning(today.plus(14), today).unwrap();
        assert!(
            two_weeks.contains("expires in 14 days (2026-12-15)"),
            "{two_weeks}"
        );
        let tomorrow = expiry_warning(today.plus(1), today).unwrap();
        assert!(tomorrow.contains("expires tomorrow"), "{tomorrow}");
        let now = expiry_warning(today, today).unwrap();
        assert!(
            now.contains("expires today") && now.contains("--keep-caseworkers"),
            "{now}"
        );
    }
}
