//! Threads, rebuilt in memory from the store's ciphertexts: a report, its
//! follow-ups (checked against the report's thread key) and the replies
//! (checked against the roster).
//!
//! A thread is ordered by signed data only (protocol §6.3), so every
//! caseworker's store shows it the same way: the report, then messages
//! from before protocol 2 by day and local arrival, then the others by
//! their order key. Copies of one message (same signed body) are shown
//! once, and a number missing on either side becomes a gap: "may be
//! missing here".
//!
//! This is the caseworker's data model, shared by the `case` commands;
//! [`view`] is how a thread is shown (JSON, text, Markdown).

pub(crate) mod view;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use anyhow::{Result, bail};
use sanctuary_crypto::case_event::{CaseEventBody, CaseState, CaseStatus};
use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::{BlobId, BodyDigest, ThreadId};
use sanctuary_crypto::message::{self, AttachmentRef, MessageKind, OpenError, Opened, ReportBody};
use sanctuary_crypto::roster::RosterDocument;
use sanctuary_crypto::thread::{Gap, Held, OrderKey, Position, Side, next_reply_seq};
use serde::Serialize;

use crate::output;
use crate::store::{BlobKind, Status, Store};

/// One message of a thread.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Message {
    /// The blob's server ID.
    pub(crate) id: BlobId,
    /// `report`, `follow-up` or `reply`.
    pub(crate) kind: MessageKind,
    /// The day the server received it.
    pub(crate) day: Day,
    /// `reporter`, or the caseworker's label.
    pub(crate) from: String,
    /// Whether it proved where it comes from.
    pub(crate) verified: bool,
    /// Why it did not verify.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) problem: Option<String>,
    /// The text.
    pub(crate) text: String,
    /// The attached files.
    pub(crate) attachments: Vec<AttachmentRef>,
    /// Whether it has not been shown yet (`case show`) since a sync stored
    /// it.
    pub(crate) unread: bool,
    /// Its signed position in the thread; `None` for the report and for
    /// messages from before protocol 2.
    #[serde(skip)]
    pub(crate) position: Option<Position>,
    /// The day this store received it, when known.
    #[serde(skip)]
    pub(crate) received: Option<Day>,
    #[serde(skip)]
    digest: BodyDigest,
    #[serde(skip)]
    seq: i64,
}

/// How many days after its signed day a message may reach the store
/// before `case show` says when it arrived.
pub(crate) const LATE_AFTER_DAYS: u32 = 2;

impl Message {
    /// The day this store received it, when that was more than
    /// [`LATE_AFTER_DAYS`] after the day its writer signed.
    pub(crate) fn arrived_late(&self) -> Option<Day> {
        let written = self.position?.day;
        self.received.filter(|r| *r > written.plus(LATE_AFTER_DAYS))
    }

    /// Its order key, if it has a position (the report always has one).
    fn key(&self) -> Option<OrderKey> {
        match (self.kind, self.position) {
            (MessageKind::Report, _) => Some(OrderKey::report(self.digest)),
            (MessageKind::FollowUp, Some(p)) => {
                Some(OrderKey::new(Side::Reporter, p.seq, p.seen, self.digest))
            }
            (MessageKind::Reply, Some(p)) => {
                Some(OrderKey::new(Side::Unit, p.seq, p.seen, self.digest))
            }
            _ => None,
        }
    }
}

/// A run of numbers missing from a thread, and where it is shown.
#[derive(Clone, Debug)]
pub(crate) struct ThreadGap {
    /// Which side's messages and which numbers.
    pub(crate) gap: Gap,
    /// The message the gap is shown before; `None` at the end.
    pub(crate) before: Option<BlobId>,
}

/// A thread: a report and everything that belongs to it.
#[derive(Debug)]
pub(crate) struct Thread {
    /// The report's blob ID (or, for a follow-up without a known report,
    /// the follow-up's).
    pub(crate) id: BlobId,
    /// The day of its first message.
    pub(crate) day: Day,
    /// The status: the unit's shared one (`new`, `open`, `waiting`,
    /// `closed`) once a case event set it, unless this store marked the
    /// thread `spam`; otherwise this store's own (`open`, `closed`,
    /// `spam`), or `unverified` for messages without a report.
    pub(crate) status: String,
    /// The state the unit's verified case events give it (protocol §6.4).
    pub(crate) case: CaseState,
    /// The IDs of its verified case events.
    pub(crate) event_ids: Vec<BlobId>,
    /// The report, if known.
    pub(crate) report: Option<ReportBody>,
    /// Messages in order (protocol §6.3): the report first, then those
    /// from before protocol 2 by day and arrival, then by order key.
    pub(crate) messages: Vec<Message>,
    /// The numbers missing, as runs, with where each is shown.
    pub(crate) gaps: Vec<ThreadGap>,
}

impl Thread {
    /// The first 8 hexadecimal characters of the ID.
    pub(crate) fn short_id(&self) -> String {
        short(&self.id)
    }

    /// The category, if the report has one.
    pub(crate) fn category(&self) -> Option<&str> {
        self.report.as_ref().and_then(|r| r.category.as_deref())
    }

    /// The first line of the first message.
    pub(crate) fn preview(&self) -> String {
        self.messages
            .first()
            .map(|m| output::preview(&m.text, 60))
            .unwrap_or_default()
    }

    /// Where the ciphertext of `attachment` (one of this thread's) is
    /// kept: the copy a colleague shared (protocol §6.4, `files`) if this
    /// store holds it, otherwise the file the message names. Either is
    /// checked against the message's size and SHA-256 when opened.
    pub(crate) fn stored_file(&self, store: &Store, attachment: &AttachmentRef) -> PathBuf {
        match self.case.files.get(&attachment.id) {
            Some(copy) if store.has_attachment(copy) => store.attachment_path(copy),
            _ => store.attachment_path(&attachment.id),
        }
    }

    /// Whether this store holds `attachment` (or its shared copy).
    pub(crate) fn has_file(&self, store: &Store, attachment: &AttachmentRef) -> bool {
        self.stored_file(store, attachment).is_file()
    }

    /// Whether any message failed to verify.
    pub(crate) fn unverified_count(&self) -> usize {
        self.messages.iter().filter(|m| !m.verified).count()
    }

    /// How many of its messages have not been shown yet.
    pub(crate) fn unread_count(&self) -> usize {
        self.messages.iter().filter(|m| m.unread).count()
    }

    /// The IDs of the messages not shown before.
    pub(crate) fn unread_ids(&self) -> Vec<BlobId> {
        self.messages
            .iter()
            .filter(|m| m.unread)
            .map(|m| m.id)
            .collect()
    }

    /// The position of the unit's next reply, written on `day`: one more
    /// than the highest verified reply number, having seen the highest
    /// verified reporter number (the report is 0).
    pub(crate) fn next_reply(&self, day: Day) -> Position {
        let verified = || self.messages.iter().filter(|m| m.verified);
        let replies = verified()
            .filter(|m| m.kind == MessageKind::Reply)
            .filter_map(|m| m.position)
            .map(|p| p.seq);
        let seen = verified()
            .filter(|m| m.kind == MessageKind::FollowUp)
            .filter_map(|m| m.position)
            .map(|p| p.seq)
            .max()
            .unwrap_or(0);
        Position {
            seq: next_reply_seq(replies),
            seen,
            day,
        }
    }

    /// Drops copies of one message (keeping a verified one), orders the
    /// messages and finds the gaps (protocol §6.3).
    fn settle(&mut self) {
        let mut messages = std::mem::take(&mut self.messages);
        // Verified copies first, so that the one kept is verified if any is.
        messages.sort_by_key(|m| (!m.verified, m.seq));
        let mut bodies = HashSet::new();
        messages.retain(|m| bodies.insert(m.digest));
        let (report, rest): (Vec<Message>, Vec<Message>) = messages
            .into_iter()
            .partition(|m| m.kind == MessageKind::Report && self.report.is_some());
        let (mut sequenced, mut legacy): (Vec<Message>, Vec<Message>) =
            rest.into_iter().partition(|m| m.key().is_some());
        legacy.sort_by_key(|m| (m.day, m.seq));
        sequenced.sort_by_key(|m| (m.key(), m.seq));

        // Gaps count verified messages only: anyone can write an
        // unverifiable one with any number.
        let counted: Vec<(OrderKey, BlobId)> = report
            .iter()
            .chain(&sequenced)
            .filter(|m| m.verified)
            .filter_map(|m| Some((m.key()?, m.id)))
            .collect();
        let mut held = Held::new();
        counted.iter().for_each(|(k, _)| held.add_key(k));
        let keys: Vec<OrderKey> = counted.iter().map(|(k, _)| *k).collect();
        self.gaps = held
            .gaps()
            .into_iter()
            .map(|gap| ThreadGap {
                gap,
                before: counted.get(gap.place(&keys)).map(|(_, id)| *id),
            })
            .collect();
        // A gap placed before a verified message stays before it; one at
        // the end of the verified messages goes after every message.
        self.messages = report.into_iter().chain(legacy).chain(sequenced).collect();
    }
}

/// The first 8 hexadecimal characters of a blob ID.
pub(crate) fn short(id: &BlobId) -> String {
    id.to_hex()[..8].to_owned()
}

/// Everything in the store, grouped into threads.
pub(crate) struct Loaded {
    /// The threads, oldest first.
    pub(crate) threads: Vec<Thread>,
    /// How many stored blobs this key cannot decrypt.
    pub(crate) unreadable: usize,
    /// How many case events of known threads did not verify (and so
    /// change nothing).
    pub(crate) unverified_events: usize,
}

fn follow_up_reason(e: &OpenError) -> String {
    match e {
        OpenError::ThreadProof => {
            "it does not prove it comes from the person who sent the report".to_owned()
        }
        other => other.to_string(),
    }
}

fn reply_reason(e: &OpenError) -> String {
    match e {
        OpenError::UnknownSigner => {
            "it is not signed by anyone on the unit's current roster".to_owned()
        }
        OpenError::ForgedSignature => "its signature is forged or damaged".to_owned(),
        OpenError::WrongThread => "it belongs to another thread".to_owned(),
        OpenError::NewerRoster => "it names a newer roster than the one your store has: \
            run `sanctuary case sync`; if this stays, the server is showing an old roster"
            .to_owned(),
        other => other.to_string(),
    }
}

/// Messages already decrypted in this run, by blob ID: a sync opens each
/// new blob once and hands them here instead of decrypting them again.
pub(crate) type Opens = HashMap<BlobId, (Opened, BodyDigest)>;

/// Decrypts every stored blob with `key` and groups them into threads.
/// Replies are checked against `roster` when one is known.
pub(crate) fn load(
    store: &Store,
    key: &CaseworkerKey,
    roster: Option<&RosterDocument>,
) -> Result<Loaded> {
    load_with(store, key, roster, Opens::new())
}

/// [`load`], taking the blobs in `opened` as already decrypted.
pub(crate) fn load_with(
    store: &Store,
    key: &CaseworkerKey,
    roster: Option<&RosterDocument>,
    mut opened: Opens,
) -> Result<Loaded> {
    let mut threads: Vec<Thread> = Vec::new();
    let mut by_thread: HashMap<ThreadId, usize> = HashMap::new();
    let mut follow_ups = Vec::new();
    let mut replies = Vec::new();
    let mut events = Vec::new();
    let mut unreadable = 0;
    let mut report_digests = HashSet::new();
    let unread = store.unread()?;
    let statuses = store.statuses()?;

    // Without decrypted blobs at hand, read every ciphertext in one query;
    // with them, read only the ciphertexts still to decrypt.
    let all_ciphertexts = opened.is_empty();
    for blob in store.blobs(all_ciphertexts)? {
        if blob.kind == BlobKind::Unreadable {
            unreadable += 1;
            continue;
        }
        // Taken, not copied: each is used once.
        let result = match opened.remove(&blob.id) {
            Some(o) => Ok(o),
            None if all_ciphertexts => message::open_with_digest(&blob.ciphertext, key.identity()),
            None => message::open_with_digest(&store.ciphertext(&blob.id)?, key.identity()),
        };
        match result {
            Ok((Opened::Report(report), digest)) => {
                let message = Message {
                    id: blob.id,
                    kind: MessageKind::Report,
                    day: blob.day,
                    from: "reporter".to_owned(),
                    verified: true,
                    problem: None,
                    text: report.text.clone(),
                    attachments: report.attachments.clone(),
                    unread: unread.contains(&blob.id),
                    position: None,
                    received: blob.received,
                    digest,
                    seq: blob.seq,
                };
                let mut thread = Thread {
                    id: blob.id,
                    day: blob.day,
                    status: statuses
                        .get(&blob.id)
                        .copied()
                        .unwrap_or(Status::Open)
                        .as_str()
                        .to_owned(),
                    report: None,
                    messages: vec![message],
                    gaps: Vec::new(),
                    case: CaseState::default(),
                    event_ids: Vec::new(),
                };
                if let std::collections::hash_map::Entry::Vacant(slot) =
                    by_thread.entry(report.thread)
                {
                    slot.insert(threads.len());
                } else if report_digests.contains(&digest) {
                    // A copy of a stored report (posted again by the
                    // server): shown once.
                    continue;
                } else {
                    // A second report claiming a known thread: keep it apart.
                    thread.messages[0].verified = false;
                    thread.messages[0].problem =
                        Some("another report already uses this thread".to_owned());
                }
                report_digests.insert(digest);
                thread.report = Some(report);
                threads.push(thread);
            }
            Ok((Opened::FollowUp(pending), _)) => follow_ups.push((blob, pending)),
            Ok((Opened::Reply(pending), _)) => replies.push((blob, pending)),
            Ok((Opened::CaseEvent(pending), _)) => events.push((blob.id, pending)),
            Err(_) => unreadable += 1,
        }
    }

    for (blob, pending) in follow_ups {
        let target = by_thread.get(&pending.thread()).copied();
        let report = target.and_then(|i| threads[i].report.as_ref());
        let (text, attachments) = (
            pending.body().text.clone(),
            pending.body().attachments.clone(),
        );
        let (position, digest) = (pending.body().position(), pending.digest());
        let (verified, problem) = match report {
            Some(report) => match pending.verify(report) {
                Ok(_) => (true, None),
                Err(e) => (false, Some(follow_up_reason(&e))),
            },
            None => (
                false,
                Some("no report with this thread is in your store".to_owned()),
            ),
        };
        let message = Message {
            id: blob.id,
            kind: MessageKind::FollowUp,
            day: blob.day,
            from: "reporter".to_owned(),
            verified,
            problem,
            text,
            attachments,
            unread: unread.contains(&blob.id),
            position,
            received: blob.received,
            digest,
            seq: blob.seq,
        };
        push(&mut threads, target, message);
    }

    for (blob, pending) in replies {
        let target = by_thread.get(&pending.body().thread).copied();
        let check = match (roster, target) {
            (Some(roster), Some(i)) => match threads[i].report.as_ref() {
                Some(report) => pending
                    .verify(roster, report.thread)
                    .map_err(|e| reply_reason(&e)),
                None => Err("its thread is unknown".to_owned()),
            },
            (None, _) => Err("no verified roster yet: run `sanctuary case sync`".to_owned()),
            (_, None) => Err("no report with this thread is in your store".to_owned()),
        };
        let digest = pending.digest();
        let body = pending.into_body();
        let message = Message {
            id: blob.id,
            kind: MessageKind::Reply,
            day: blob.day,
            from: body.from.to_string(),
            verified: check.is_ok(),
            problem: check.err(),
            position: body.position(),
            text: body.text,
            attachments: body.attachments,
            unread: unread.contains(&blob.id),
            received: blob.received,
            digest,
            seq: blob.seq,
        };
        push(&mut threads, target, message);
    }

    // Case events count once verified against the roster; those of a
    // thread whose report is not in the store wait for it.
    let mut unverified_events = 0;
    let mut verified: HashMap<usize, Vec<(CaseEventBody, BodyDigest)>> = HashMap::new();
    for (id, pending) in events {
        let Some(&i) = by_thread.get(&pending.body().thread) else {
            continue;
        };
        if roster.is_some_and(|r| pending.verify(r).is_ok()) {
            threads[i].event_ids.push(id);
            let digest = pending.digest();
            verified
                .entry(i)
                .or_default()
                .push((pending.into_body(), digest));
        } else {
            unverified_events += 1;
        }
    }
    for (i, events) in verified {
        let thread = &mut threads[i];
        thread.case = CaseState::merge(events.iter().map(|(body, digest)| (body, *digest)));
        if let Some(status) = thread.case.status
            && thread.status != Status::Spam.as_str()
        {
            thread.status = status.as_str().to_owned();
        }
    }

    for thread in &mut threads {
        thread.settle();
    }
    Ok(Loaded {
        threads,
        unreadable,
        unverified_events,
    })
}

fn push(threads: &mut Vec<Thread>, target: Option<usize>, message: Message) {
    match target {
        Some(i) => threads[i].messages.push(message),
        None => threads.push(Thread {
            id: message.id,
            day: message.day,
            status: "unverified".to_owned(),
            report: None,
            messages: vec![message],
            gaps: Vec::new(),
            case: CaseState::default(),
            event_ids: Vec::new(),
        }),
    }
}

/// Finds a thread by its ID or the start of it.
pub(crate) fn find<'a>(threads: &'a [Thread], id: &str) -> Result<&'a Thread> {
    let wanted = id.trim().to_ascii_lowercase();
    if wanted.len() < 4 || !wanted.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!(
            "{id:?} is not a thread ID. Use the ID shown by `sanctuary case list` (at least 4 \
             of its characters)."
        );
    }
    let matches: Vec<&Thread> = threads
        .iter()
        .filter(|t| t.id.to_hex().starts_with(&wanted))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => bail!(
            "There is no thread {wanted} in your store. Run `sanctuary case list --all` to see \
             the thread IDs, or `sanctuary case sync` to fetch new reports."
        ),
        many => bail!(
            "{wanted} matches {} threads ({}). Give more characters of the ID.",
            many.len(),
            many.iter()
                .map(|t| t.id.to_hex()[..12].to_owned())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Whether a thread is still being worked on: open, new or waiting for
/// the reporter (not closed, spam, or messages without a report).
pub(crate) fn is_open(thread: &Thread) -> bool {
    [CaseStatus::New, CaseStatus::Open, CaseStatus::Waiting]
        .iter()
        .any(|s| thread.status == s.as_str())
}
