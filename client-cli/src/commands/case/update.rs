//! `sanctuary case status`, `case assign`, `case label` and `case note`:
//! changes to a thread's state that the unit's caseworkers share
//! (protocol §6.4).
//!
//! Each change is one case event, signed with the caseworker's key and
//! sealed to every caseworker on the roster this store holds. It counts in
//! this store at once and reaches colleagues at the next `case sync`,
//! which sends it among its other requests in random order (so the server
//! cannot tie it to what the sync downloads). Nothing here talks to the
//! server.

use anyhow::{Result, anyhow, bail};
use sanctuary_crypto::case_event::{
    Assignee, CaseChange, CaseLabel, CaseStatus, MAX_NOTE_BYTES, seal_case_event,
};
use sanctuary_crypto::caseworker::Label;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::message::{self, SealError};
use sanctuary_crypto::roster::VerifiedRoster;

use super::{Access, Case};
use crate::commands::report::read_message;
use crate::options::{Assignment, Update, UpdateOptions};
use crate::output;
use crate::store::{BlobKind, NewBlob};
use crate::threads::{self, Thread};

/// What every change says last.
const SHARED_AT_SYNC: &str = "Your colleagues see this after your next `sanctuary case sync`.";

/// `sanctuary case status|assign|label|note`.
pub(crate) fn run(options: &UpdateOptions) -> Result<()> {
    // A note is read before the passphrase is asked for: a note that
    // cannot be read costs no unlock.
    let note = match &options.update {
        Update::Note(source) => {
            let text = read_message(source)?.ok_or_else(|| {
                anyhow!(
                    "Give the note with --message TEXT, --message-file FILE (or - for standard \
                     input) or --editor. Nothing was changed."
                )
            })?;
            check_note(&text)?;
            Some(text)
        }
        _ => None,
    };
    let case = Case::open_for(&options.key, Access::Change)?;
    let said = apply(
        &case,
        &options.id,
        &options.update,
        note.as_deref().map(String::as_str),
    )?;
    output::line(&said)?;
    Ok(())
}

/// Refuses an empty note, or one longer than a case event holds.
pub(crate) fn check_note(text: &str) -> Result<()> {
    if text.trim().is_empty() {
        bail!("Your note is empty. Nothing was changed.");
    }
    if text.len() > MAX_NOTE_BYTES {
        bail!(
            "Your note is {} long; a note holds at most {}. Split it into several notes. \
             Nothing was changed.",
            output::size(text.len() as u64),
            output::size(MAX_NOTE_BYTES as u64)
        );
    }
    Ok(())
}

/// Makes `update` to thread `id` (its note, for [`Update::Note`], is
/// `note`, already checked) in the store of `case`, whose lock the caller
/// holds, and says what it did, or that it changed nothing.
pub(crate) fn apply(case: &Case, id: &str, update: &Update, note: Option<&str>) -> Result<String> {
    let loaded = case.load()?;
    let thread = threads::find(&loaded.threads, id)?;
    let roster = writable_roster(case, thread)?;
    let short = thread.short_id();

    let (change, said) = match update {
        Update::Status(status) => {
            if thread.case.status == Some(*status) {
                return Ok(format!(
                    "Thread {short} is already {status}. Nothing was changed."
                ));
            }
            let said = match status {
                CaseStatus::Waiting => {
                    format!("Thread {short} is now waiting (for the reporter to answer).")
                }
                other => format!("Thread {short} is now {other}."),
            };
            (
                CaseChange {
                    status: Some(*status),
                    ..CaseChange::default()
                },
                said,
            )
        }
        Update::Assign(assignment) => {
            let assignee = match assignment {
                Assignment::Me => Assignee::Caseworker(case.key.label().clone()),
                Assignment::Nobody => Assignee::Nobody,
                Assignment::To(label) => Assignee::Caseworker(on_roster(label, &roster)?),
            };
            let said = match &assignee {
                Assignee::Nobody => format!("Thread {short} is now assigned to nobody."),
                Assignee::Caseworker(l) if l == case.key.label() => {
                    format!("Thread {short} is now assigned to you ({l}).")
                }
                Assignee::Caseworker(l) => format!("Thread {short} is now assigned to {l}."),
            };
            let current = thread.case.assignee.clone().unwrap_or(Assignee::Nobody);
            if current == assignee {
                return Ok(format!(
                    "{} Nothing was changed.",
                    said.replace(" is now ", " is already ")
                ));
            }
            (
                CaseChange {
                    assignee: Some(assignee),
                    ..CaseChange::default()
                },
                said,
            )
        }
        Update::Labels { labels, remove } => {
            let changed: Vec<&CaseLabel> = labels
                .iter()
                .filter(|l| thread.case.labels.contains(*l) == *remove)
                .collect();
            let mut after = thread.case.labels.clone();
            for l in labels {
                if *remove {
                    after.remove(l);
                } else {
                    after.insert(l.clone());
                }
            }
            let now = if after.is_empty() {
                "none".to_owned()
            } else {
                after
                    .iter()
                    .map(CaseLabel::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if changed.is_empty() {
                let named = labels
                    .iter()
                    .map(CaseLabel::as_str)
                    .collect::<Vec<_>>()
                    .join(", ");
                return Ok(format!(
                    "Thread {short} {} {named}. Its labels: {now}. Nothing was changed.",
                    if *remove {
                        "does not have"
                    } else {
                        "already has"
                    }
                ));
            }
            (
                CaseChange {
                    labels: changed.into_iter().map(|l| (l.clone(), !*remove)).collect(),
                    ..CaseChange::default()
                },
                format!("Thread {short}'s labels are now: {now}."),
            )
        }
        Update::Note(_) => (
            CaseChange {
                note: Some(
                    note.ok_or_else(|| anyhow!("No note was given. Nothing was changed."))?
                        .to_owned(),
                ),
                ..CaseChange::default()
            },
            format!(
                "Added your note to thread {short}. Notes are for your unit only: they are \
                 never sent to the reporter."
            ),
        ),
    };
    queue_event(case, thread, &change, &roster)?;
    Ok(format!("{said}\n{SHARED_AT_SYNC}"))
}

/// The roster an event for `thread` is sealed to: the one this store
/// holds, which must list this caseworker, and the thread must have its
/// report.
pub(super) fn writable_roster(case: &Case, thread: &Thread) -> Result<VerifiedRoster> {
    if thread.report.is_none() {
        bail!(
            "Thread {} has no report in your store, so it cannot be changed. Nothing was changed.",
            thread.short_id()
        );
    }
    let roster = case.verified_roster()?.ok_or_else(|| {
        anyhow!(
            "Your store has no roster of your unit yet. Run `sanctuary case sync` first. \
             Nothing was changed."
        )
    })?;
    if roster
        .document()
        .caseworker_by_key(&case.key.verifying_key())
        .is_none()
    {
        bail!(
            "You ({}) are not on the roster your store holds, so your colleagues would not \
             accept your changes. Run `sanctuary case sync`; if you are still missing, ask \
             your unit admin. Nothing was changed.",
            case.key.label()
        );
    }
    Ok(roster)
}

/// `label` as a caseworker on `roster`, or an error naming who is.
fn on_roster(label: &Label, roster: &VerifiedRoster) -> Result<Label> {
    let labels: Vec<&str> = roster
        .document()
        .caseworkers
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    if labels.contains(&label.as_str()) {
        return Ok(label.clone());
    }
    bail!(
        "There is no caseworker {label} on your unit's roster. The caseworkers are: {}. \
         Nothing was changed.",
        labels.join(", ")
    )
}

/// Writes `change` to `thread` as a case event numbered after the ones
/// this store holds, sealed to `roster`, and keeps it for the next sync.
pub(super) fn queue_event(
    case: &Case,
    thread: &Thread,
    change: &CaseChange,
    roster: &VerifiedRoster,
) -> Result<()> {
    let report = thread
        .report
        .as_ref()
        .ok_or_else(|| anyhow!("Thread {} has no report in your store.", thread.short_id()))?;
    let blob = seal_case_event(
        change,
        report.thread,
        thread.case.next_seq(),
        Day::today(),
        &case.key,
        roster,
    )
    .map_err(|e| match e {
        SealError::TooLarge => anyhow!(
            "This change is too long to share (a note holds at most about 12,000 characters \
             of plain text). Nothing was changed."
        ),
        other => anyhow!("The change could not be encrypted ({other}). Nothing was changed."),
    })?;
    // Opened again with the caseworker's own key: what is kept is known to
    // be readable, and its digest is recorded like any message's.
    let (_, digest) = message::open_with_digest(&blob, case.key.identity())
        .map_err(|e| anyhow!("The change could not be read back ({e}). Nothing was changed."))?;
    case.store.queue_event(NewBlob {
        id: BlobId::random(),
        kind: BlobKind::CaseEvent,
        day: Day::today(),
        digest: Some(digest),
        received: None,
        ciphertext: &blob,
    })
}
