//! `sanctuary case list`.

use std::collections::HashMap;

use anyhow::{Result, bail};
use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::BlobId;
use serde::Serialize;

use super::triage::{self, group_name};
use super::{Access, Case};
use crate::options::{Assignment, ListOptions};
use crate::output;
use crate::store::Status;
use crate::threads::Thread;
use crate::threads::view::ThreadSummary;
use sanctuary_crypto::caseworker::Label;

/// One row of `case list --json`: the thread's summary, and the reports
/// near-identical to it ([`triage::fingerprint`]) among those listed.
#[derive(Serialize)]
struct Row {
    #[serde(flatten)]
    summary: ThreadSummary,
    /// A name shared by near-identical reports; absent when none is.
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    /// How many other listed reports are near-identical to this one.
    similar: usize,
}

/// Whether `case list` shows `thread` without --all (and `case ui`'s "to
/// do").
pub(crate) fn listed_by_default(thread: &Thread) -> bool {
    thread.status != Status::Closed.as_str() && thread.status != Status::Spam.as_str()
}

/// Whether `thread` is assigned as `who` says; `me` is the caseworker
/// asking.
pub(crate) fn assigned(thread: &Thread, who: &Assignment, me: &Label) -> bool {
    match who {
        Assignment::Me => thread.case.assigned_to() == Some(me),
        Assignment::Nobody => thread.case.assigned_to().is_none(),
        Assignment::To(label) => thread.case.assigned_to() == Some(label),
    }
}

/// Whether `thread` passes the filters of `options` (`--status`,
/// `--assignee`, `--label`); `me` is the caseworker listing.
fn wanted(thread: &Thread, options: &ListOptions, me: &Label) -> bool {
    let status = if options.statuses.is_empty() {
        options.all || listed_by_default(thread)
    } else {
        options.statuses.contains(&thread.status)
    };
    let assignee = options
        .assignee
        .as_ref()
        .is_none_or(|who| assigned(thread, who, me));
    let category = options
        .category
        .as_ref()
        .is_none_or(|c| thread.category().is_some_and(|t| t.to_lowercase() == *c));
    status
        && assignee
        && category
        && options.since.is_none_or(|d| last_activity(thread) >= d)
        && options.until.is_none_or(|d| thread.day <= d)
        && options
            .labels
            .iter()
            .all(|l| thread.case.labels.contains(l))
        && (options.search.is_empty() || contains_words(thread, &options.search))
}

/// The day of a thread's latest message.
pub(crate) fn last_activity(thread: &Thread) -> Day {
    thread
        .messages
        .iter()
        .map(|m| m.day)
        .max()
        .unwrap_or(thread.day)
}

/// Whether the thread's text (report, answers, messages, notes, file
/// names) contains every one of `words` (lower-case), ignoring case.
pub(crate) fn contains_words(thread: &Thread, words: &[String]) -> bool {
    let mut text = String::new();
    let mut add = |s: &str| {
        text.push_str(&s.to_lowercase());
        text.push('\n');
    };
    if let Some(report) = &thread.report {
        if let Some(c) = &report.category {
            add(c);
        }
        report.answers.values().for_each(|v| add(v));
    }
    for m in &thread.messages {
        add(&m.text);
        m.attachments.iter().for_each(|a| add(&a.name));
    }
    thread.case.notes.iter().for_each(|n| add(&n.text));
    thread.case.labels.iter().for_each(|l| add(l.as_str()));
    words.iter().all(|w| text.contains(w.as_str()))
}

/// Sorts threads, each with its place in the store, as an inbox shows
/// them: unread first, then the latest activity, then the latest stored.
pub(crate) fn inbox_order(threads: &mut [(usize, &Thread)]) {
    threads.sort_by_key(|(i, t)| {
        (
            t.unread_count() == 0,
            std::cmp::Reverse(last_activity(t)),
            std::cmp::Reverse(*i),
        )
    });
}

/// Whether any filter other than --all was given.
fn filtered(options: &ListOptions) -> bool {
    !options.statuses.is_empty()
        || options.assignee.is_some()
        || !options.labels.is_empty()
        || !options.search.is_empty()
        || options.category.is_some()
        || options.since.is_some()
        || options.until.is_some()
}

/// `sanctuary case list`.
pub(crate) fn run(options: &ListOptions) -> Result<()> {
    let case = Case::open_for(&options.key, Access::Read)?;
    let loaded = case.load()?;
    let mut shown: Vec<(usize, &Thread)> = loaded
        .threads
        .iter()
        .enumerate()
        .filter(|(_, t)| wanted(t, options, case.key.label()))
        .collect();
    inbox_order(&mut shown);
    let total = shown.len();
    let (first, shown): (usize, Vec<&Thread>) = match options.page {
        Some((page, per_page)) if per_page > 0 => {
            let first = page.saturating_sub(1).saturating_mul(per_page);
            (
                first,
                shown
                    .into_iter()
                    .skip(first)
                    .take(per_page)
                    .map(|(_, t)| t)
                    .collect(),
            )
        }
        _ => (0, shown.into_iter().map(|(_, t)| t).collect()),
    };
    if shown.is_empty() && total > 0 {
        bail!(
            "There is no such page: the list has {} ({} a page).",
            output::plural(total, "thread", "threads"),
            options.page.map_or(0, |(_, n)| n)
        );
    }
    let groups = triage::similar(shown.iter().copied());
    let group_of: HashMap<BlobId, &str> = groups
        .iter()
        .flat_map(|(f, ids)| ids.iter().map(move |id| (*id, f.as_str())))
        .collect();
    let rows: Vec<Row> = shown
        .iter()
        .map(|t| {
            let group = group_of.get(&t.id).copied();
            Row {
                summary: ThreadSummary::of(t),
                group: group.map(group_name),
                similar: group
                    .and_then(|f| groups.get(f))
                    .map_or(0, |ids| ids.len() - 1),
            }
        })
        .collect();
    if options.json {
        return output::json(&rows);
    }
    // A closed thread with news (a reporter wrote again) is not listed, so
    // it is named.
    let hidden_unread = loaded
        .threads
        .iter()
        .filter(|t| !options.all && t.status == Status::Closed.as_str() && t.unread_count() > 0)
        .count();
    let hidden_news = (hidden_unread > 0).then(|| {
        format!(
            "{} unread messages: see {} with --all.",
            output::plural(hidden_unread, "closed thread has", "closed threads have"),
            if hidden_unread == 1 { "it" } else { "them" }
        )
    });
    if rows.is_empty() && filtered(options) {
        output::line("No threads match. See every thread with: sanctuary case list --all")?;
        return Ok(());
    }
    if rows.is_empty() {
        let hidden = loaded.threads.len();
        let spam = loaded
            .threads
            .iter()
            .filter(|t| t.status == Status::Spam.as_str())
            .count();
        output::line(&if let Some(news) = hidden_news {
            format!("No open threads. {news}")
        } else if hidden > 0 {
            format!(
                "No open threads ({} closed, {spam} spam: see them with --all).",
                hidden - spam
            )
        } else {
            "No threads yet. Fetch new reports with: sanctuary case sync --server URL".to_owned()
        })?;
        return Ok(());
    }
    // The ID comes first, so that `awk '{ print $1 }'` finds it on every
    // row; the unread mark has its own column.
    let mut lines = vec![format!(
        "{:<8}  {:<3}  {:<10}  {:<16}  {:<10}  {:<12}  {:>4}  {}",
        "ID", "NEW", "DAY", "CATEGORY", "STATUS", "ASSIGNED TO", "MSGS", "FIRST LINE"
    )];
    // Near-identical reports (a flood of copies) are one line, at the
    // first of them, unless --expand.
    let mut folded = false;
    let mut seen_groups = Vec::new();
    for row in &rows {
        let r = &row.summary;
        let mut preview = r.preview.clone();
        if let Some(group) = &row.group
            && !options.expand
        {
            if seen_groups.contains(group) {
                continue;
            }
            seen_groups.push(group.clone());
            folded = true;
            preview = format!("[{} similar] {preview}", row.similar + 1);
        }
        let status = if r.unverified > 0 {
            format!("{}!", r.status)
        } else {
            r.status.clone()
        };
        if !r.labels.is_empty() {
            preview = format!("[{}] {preview}", r.labels.join(", "));
        }
        lines.push(format!(
            "{:<8}  {:<3}  {:<10}  {:<16}  {:<10}  {:<12}  {:>4}  {}",
            r.short_id,
            if r.unread > 0 { "*" } else { "" },
            r.day.to_string(),
            output::preview(r.category.as_deref().unwrap_or("-"), 16),
            status,
            output::preview(r.assignee.as_deref().unwrap_or("-"), 12),
            r.messages,
            preview
        ));
    }
    if folded {
        lines.push(
            "[N similar] = N reports with the same words (ignoring case, digits and \
             punctuation), shown once: list each with --expand, or mark them all as spam with \
             `sanctuary case spam ID --similar`"
                .to_owned(),
        );
    }
    if rows.iter().any(|r| r.summary.unread > 0) {
        lines.push(
            "NEW * = has messages you have not seen yet (read them with `sanctuary case show ID`)"
                .to_owned(),
        );
    }
    lines.extend(hidden_news);
    if rows.len() < total {
        let next = if first + rows.len() < total {
            format!(" Next: --page {}.", options.page.map_or(1, |(p, _)| p) + 1)
        } else {
            String::new()
        };
        lines.push(format!(
            "Threads {} to {} of {} (unread first, then the latest activity).{next}",
            first + 1,
            first + rows.len(),
            total
        ));
    }
    if rows.iter().any(|r| r.summary.unverified > 0) {
        lines.push(
            "! = has messages that could not be verified (see `sanctuary case show ID`)".to_owned(),
        );
    }
    output::line(&lines.join("\n"))?;
    Ok(())
}
