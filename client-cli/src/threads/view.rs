//! How threads are shown: the `--json` shapes (documented in docs/cli.md)
//! and their text and Markdown forms.

use std::collections::BTreeMap;

use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::message::MessageKind;
use serde::Serialize;

use super::{Thread, ThreadGap};
use crate::output;
use crate::store::Store;
use sanctuary_crypto::thread::Side;

/// One row of `case list --json`.
#[derive(Serialize)]
pub(crate) struct ThreadSummary {
    /// The report's blob ID.
    pub(crate) id: BlobId,
    /// Its first 8 characters.
    pub(crate) short_id: String,
    /// The report's day.
    pub(crate) day: Day,
    /// `new`, `open`, `waiting`, `closed`, `spam` or `unverified`.
    pub(crate) status: String,
    /// The caseworker it is assigned to (shared, protocol §6.4).
    pub(crate) assignee: Option<String>,
    /// Its labels (shared), in alphabetical order.
    pub(crate) labels: Vec<String>,
    /// The report's category.
    pub(crate) category: Option<String>,
    /// How many messages the thread has.
    pub(crate) messages: usize,
    /// How many of them did not verify.
    pub(crate) unverified: usize,
    /// How many of them have not been shown yet (`case show`); 0 when the
    /// thread is read.
    pub(crate) unread: usize,
    /// The first line of the report.
    pub(crate) preview: String,
}

impl ThreadSummary {
    /// The summary of `thread`.
    pub(crate) fn of(thread: &Thread) -> Self {
        Self {
            id: thread.id,
            short_id: thread.short_id(),
            day: thread.day,
            status: thread.status.clone(),
            assignee: assignee(thread),
            labels: labels(thread),
            category: thread.category().map(str::to_owned),
            messages: thread.messages.len(),
            unverified: thread.unverified_count(),
            unread: thread.unread_count(),
            preview: thread.preview(),
        }
    }
}

/// The label of the caseworker `thread` is assigned to.
fn assignee(thread: &Thread) -> Option<String> {
    thread.case.assigned_to().map(ToString::to_string)
}

/// The labels on `thread`.
fn labels(thread: &Thread) -> Vec<String> {
    thread.case.labels.iter().map(ToString::to_string).collect()
}

/// One internal note, in `case show --json`.
#[derive(Serialize)]
pub(crate) struct NoteView {
    /// The caseworker who wrote it.
    pub(crate) from: String,
    /// Their day when writing.
    pub(crate) day: Day,
    /// The note.
    pub(crate) text: String,
}

/// One attachment of a message.
#[derive(Serialize)]
pub(crate) struct AttachmentView {
    /// The attachment's blob ID.
    pub(crate) id: BlobId,
    /// The name given by the sender.
    pub(crate) name: String,
    /// Real size in bytes.
    pub(crate) size: u64,
    /// Media type given by the sender.
    pub(crate) media_type: String,
    /// SHA-256 of the real bytes.
    pub(crate) sha256: String,
    /// Whether its ciphertext is in the store.
    pub(crate) downloaded: bool,
    /// Where it was decrypted to, if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) saved_to: Option<String>,
    /// Why it was not decrypted, if it was asked for and failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) not_saved: Option<String>,
}

/// A message's signed position in its thread (protocol §6.3).
#[derive(Serialize)]
pub(crate) struct PositionView {
    /// Its number on its side of the thread.
    pub(crate) seq: u64,
    /// The highest number from the other side its writer had read.
    pub(crate) seen: u64,
    /// The day its writer signed.
    pub(crate) day: Day,
}

/// A run of numbers missing from a thread, in `case show --json`.
#[derive(Serialize)]
pub(crate) struct GapView {
    /// `reporter` (follow-ups) or `unit` (replies).
    pub(crate) side: &'static str,
    /// The first number missing.
    pub(crate) first: u64,
    /// The last number missing in this run.
    pub(crate) last: u64,
    /// The ID of the message the gap is shown before; `null` at the end.
    pub(crate) before: Option<BlobId>,
    /// What `case show` says there.
    pub(crate) text: &'static str,
}

impl GapView {
    fn of(gap: &ThreadGap) -> Self {
        let (side, text) = match gap.gap.side {
            Side::Reporter => ("reporter", REPORTER_GAP),
            Side::Unit => ("unit", UNIT_GAP),
        };
        Self {
            side,
            first: gap.gap.first,
            last: gap.gap.last,
            before: gap.before,
            text,
        }
    }
}

/// The line shown where a reporter's message may be missing.
const REPORTER_GAP: &str = "A message from the reporter may be missing here.";

/// The line shown where a reply may be missing.
const UNIT_GAP: &str = "A reply may be missing here.";

/// One message of `case show --json`.
#[derive(Serialize)]
pub(crate) struct MessageView {
    /// The blob ID.
    pub(crate) id: BlobId,
    /// `report`, `follow-up` or `reply`.
    pub(crate) kind: MessageKind,
    /// The day the server received it.
    pub(crate) day: Day,
    /// `reporter` or the caseworker's label.
    pub(crate) from: String,
    /// Whether it proved where it comes from.
    pub(crate) verified: bool,
    /// Why it did not verify.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) problem: Option<String>,
    /// Whether it had not been shown before (`case show` marks it read).
    pub(crate) unread: bool,
    /// Its signed position; `null` for the report and for messages from
    /// before protocol 2.
    pub(crate) position: Option<PositionView>,
    /// The day this store received it, when that was more than two days
    /// after its signed day; `null` otherwise.
    pub(crate) arrived: Option<Day>,
    /// The text.
    pub(crate) text: String,
    /// The files.
    pub(crate) attachments: Vec<AttachmentView>,
}

/// `case show --json` and `thread.json`.
#[derive(Serialize)]
pub(crate) struct ThreadView {
    /// The report's blob ID.
    pub(crate) id: BlobId,
    /// Its first 8 characters.
    pub(crate) short_id: String,
    /// The report's day.
    pub(crate) day: Day,
    /// `new`, `open`, `waiting`, `closed`, `spam` or `unverified`.
    pub(crate) status: String,
    /// The caseworker it is assigned to.
    pub(crate) assignee: Option<String>,
    /// Its labels.
    pub(crate) labels: Vec<String>,
    /// The unit's internal notes, oldest first (never sent to the
    /// reporter).
    pub(crate) notes: Vec<NoteView>,
    /// The report's category.
    pub(crate) category: Option<String>,
    /// The report's other form answers.
    pub(crate) answers: BTreeMap<String, String>,
    /// The messages, in the thread's order (protocol §6.3).
    pub(crate) messages: Vec<MessageView>,
    /// The numbers missing from the thread, each with where it is shown.
    pub(crate) gaps: Vec<GapView>,
}

impl ThreadView {
    /// The full view of `thread`.
    pub(crate) fn of(thread: &Thread, store: &Store) -> Self {
        Self {
            id: thread.id,
            short_id: thread.short_id(),
            day: thread.day,
            status: thread.status.clone(),
            assignee: assignee(thread),
            labels: labels(thread),
            notes: thread
                .case
                .notes
                .iter()
                .map(|n| NoteView {
                    from: n.from.to_string(),
                    day: n.day,
                    text: n.text.clone(),
                })
                .collect(),
            category: thread.category().map(str::to_owned),
            answers: thread
                .report
                .as_ref()
                .map(|r| r.answers.clone())
                .unwrap_or_default(),
            messages: thread
                .messages
                .iter()
                .map(|m| MessageView {
                    id: m.id,
                    kind: m.kind,
                    day: m.day,
                    from: m.from.clone(),
                    verified: m.verified,
                    problem: m.problem.clone(),
                    unread: m.unread,
                    position: m.position.map(|p| PositionView {
                        seq: p.seq,
                        seen: p.seen,
                        day: p.day,
                    }),
                    arrived: m.arrived_late(),
                    text: m.text.clone(),
                    attachments: m
                        .attachments
                        .iter()
                        .map(|a| AttachmentView {
                            id: a.id,
                            name: a.name.clone(),
                            size: a.size,
                            media_type: a.media_type.clone(),
                            sha256: a.sha256.clone(),
                            downloaded: thread.has_file(store, a),
                            saved_to: None,
                            not_saved: None,
                        })
                        .collect(),
                })
                .collect(),
            gaps: thread.gaps.iter().map(GapView::of).collect(),
        }
    }

    /// The gap lines shown before message `id` (`None`: after the last).
    fn gaps_before(&self, id: Option<BlobId>) -> impl Iterator<Item = &'static str> + '_ {
        self.gaps
            .iter()
            .filter(move |g| g.before == id)
            .map(|g| g.text)
    }

    /// Every attachment, mutably (to record where each was saved).
    pub(crate) fn attachments_mut(&mut self) -> impl Iterator<Item = &mut AttachmentView> {
        self.messages
            .iter_mut()
            .flat_map(|m| m.attachments.iter_mut())
    }
}

fn who(m: &MessageView) -> String {
    match m.kind {
        MessageKind::Report => "report from the reporter".to_owned(),
        MessageKind::FollowUp => "follow-up from the reporter".to_owned(),
        MessageKind::Reply => format!("reply from {}", output::untrusted(&m.from)),
        MessageKind::CaseEvent => "case update".to_owned(),
    }
}

/// When a message was written: its signed day, and the day it reached
/// this store if that was days later; the server's day for messages from
/// before protocol 2 and for the report.
fn when(m: &MessageView) -> String {
    match (&m.position, m.arrived) {
        (Some(p), Some(arrived)) => format!("written {}, arrived {arrived}", p.day),
        (Some(p), None) => format!("written {}", p.day),
        (None, _) => m.day.to_string(),
    }
}

fn attachment_line(a: &AttachmentView) -> String {
    let mut line = format!(
        "    - {} ({}, {})",
        output::preview(&a.name, 80),
        output::preview(&a.media_type, 60),
        output::size(a.size)
    );
    if let Some(p) = &a.saved_to {
        line.push_str(&format!(": saved to {p}"));
    } else if let Some(why) = &a.not_saved {
        line.push_str(&format!(": not saved ({why})"));
    } else if !a.downloaded {
        line.push_str(": not downloaded yet (run `sanctuary case sync`)");
    }
    line
}

/// The thread as text for a terminal.
pub(crate) fn text(view: &ThreadView) -> String {
    let mut out = vec![format!(
        "Thread {} ({}), reported {}{}",
        view.short_id,
        view.status,
        view.day,
        view.category
            .as_deref()
            .map(|c| format!(", category: {}", output::preview(c, 60)))
            .unwrap_or_default()
    )];
    for (k, v) in &view.answers {
        out.push(format!(
            "  {}: {}",
            output::preview(k, 40),
            output::preview(v, 200)
        ));
    }
    out.extend(team_lines(view).into_iter().map(|l| format!("  {l}")));
    if !view.notes.is_empty() {
        out.push(String::new());
        out.push("Internal notes (your unit only; never sent to the reporter):".to_owned());
        for n in &view.notes {
            out.push(format!("  {} · {}:", n.day, output::untrusted(&n.from)));
            for line in output::untrusted(&n.text).lines() {
                out.push(format!("    {line}"));
            }
        }
    }
    for m in &view.messages {
        let status = if m.verified {
            match m.kind {
                MessageKind::Report => String::new(),
                MessageKind::FollowUp => " (verified: same reporter)".to_owned(),
                MessageKind::Reply | MessageKind::CaseEvent => " (verified)".to_owned(),
            }
        } else {
            format!(
                ": NOT VERIFIED: {}",
                m.problem.as_deref().unwrap_or("unknown problem")
            )
        };
        let new = if m.unread { " · NEW" } else { "" };
        for gap in view.gaps_before(Some(m.id)) {
            out.push(String::new());
            out.push(format!("!! {gap}"));
        }
        out.push(String::new());
        out.push(format!("── {} · {}{status}{new} ──", when(m), who(m)));
        for line in output::untrusted(&m.text).lines() {
            out.push(format!("  {line}"));
        }
        if !m.attachments.is_empty() {
            out.push("  Files:".to_owned());
            out.extend(m.attachments.iter().map(attachment_line));
        }
    }
    for gap in view.gaps_before(None) {
        out.push(String::new());
        out.push(format!("!! {gap}"));
    }
    out.join("\n")
}

/// The thread as Markdown, for `summary.md`.
pub(crate) fn markdown(view: &ThreadView) -> String {
    let mut out = vec![format!("# Thread {}\n", view.short_id)];
    out.push(format!("- Thread ID: `{}`", view.id));
    out.push(format!("- Reported: {}", view.day));
    out.push(format!("- Status: {}", view.status));
    out.extend(team_lines(view).into_iter().map(|l| format!("- {l}")));
    if let Some(c) = &view.category {
        out.push(format!("- Category: {}", output::preview(c, 100)));
    }
    for (k, v) in &view.answers {
        out.push(format!(
            "- {}: {}",
            output::preview(k, 60),
            output::preview(v, 500)
        ));
    }
    for m in &view.messages {
        for gap in view.gaps_before(Some(m.id)) {
            out.push(String::new());
            out.push(format!("> **{gap}**"));
        }
        out.push(String::new());
        out.push(format!("## {} · {}", when(m), who(m)));
        if !m.verified {
            out.push(String::new());
            out.push(format!(
                "> **NOT VERIFIED**: {}",
                m.problem.as_deref().unwrap_or("unknown problem")
            ));
        }
        out.push(String::new());
        for line in output::untrusted(&m.text).lines() {
            out.push(format!("    {line}"));
        }
        if !m.attachments.is_empty() {
            out.push(String::new());
            out.push("Files:".to_owned());
            out.push(String::new());
            for a in &m.attachments {
                let place = a.saved_to.as_deref().map_or_else(
                    || {
                        format!(
                            "not exported ({})",
                            a.not_saved.as_deref().unwrap_or("not downloaded")
                        )
                    },
                    |p| format!("`{p}`"),
                );
                out.push(format!(
                    "- {} ({}, {} bytes, SHA-256 `{}`): {place}",
                    output::preview(&a.name, 80),
                    output::preview(&a.media_type, 60),
                    a.size,
                    a.sha256
                ));
            }
        }
    }
    for gap in view.gaps_before(None) {
        out.push(String::new());
        out.push(format!("> **{gap}**"));
    }
    if !view.notes.is_empty() {
        out.push(String::new());
        out.push("## Internal notes (the unit's; never sent to the reporter)".to_owned());
        for n in &view.notes {
            out.push(String::new());
            out.push(format!("{} · {}:", n.day, output::untrusted(&n.from)));
            out.push(String::new());
            for line in output::untrusted(&n.text).lines() {
                out.push(format!("    {line}"));
            }
        }
    }
    out.push(String::new());
    out.join("\n")
}

/// "Assigned to: …" and "Labels: …", when the thread has them.
fn team_lines(view: &ThreadView) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(a) = &view.assignee {
        lines.push(format!("Assigned to: {}", output::untrusted(a)));
    }
    if !view.labels.is_empty() {
        lines.push(format!("Labels: {}", view.labels.join(", ")));
    }
    lines
}
