//! `sanctuary case list`.

use anyhow::Result;

use super::view::ThreadSummary;
use super::{Access, Case, CaseKeyOptions};
use crate::output;

/// Options of `case list`.
pub(crate) struct ListOptions {
    /// Key and store.
    pub(crate) key: CaseKeyOptions,
    /// Include closed threads.
    pub(crate) all: bool,
    /// `--json`.
    pub(crate) json: bool,
}

/// `sanctuary case list`.
pub(crate) fn run(options: &ListOptions) -> Result<()> {
    let case = Case::open_for(&options.key, Access::Read)?;
    let loaded = case.load()?;
    let rows: Vec<ThreadSummary> = loaded
        .threads
        .iter()
        .filter(|t| options.all || t.status != "closed")
        .map(ThreadSummary::of)
        .collect();
    if options.json {
        return output::json(&rows);
    }
    // A closed thread with news (a reporter wrote again) is not listed, so
    // it is named.
    let hidden_unread = loaded
        .threads
        .iter()
        .filter(|t| !options.all && t.status == "closed" && t.unread_count() > 0)
        .count();
    let hidden_news = (hidden_unread > 0).then(|| {
        format!(
            "{} unread messages: see {} with --all.",
            output::plural(hidden_unread, "closed thread has", "closed threads have"),
            if hidden_unread == 1 { "it" } else { "them" }
        )
    });
    if rows.is_empty() {
        let hidden = loaded.threads.len();
        output::line(&if let Some(news) = hidden_news {
            format!("No open threads. {news}")
        } else if hidden > 0 {
            format!("No open threads ({hidden} closed: see them with --all).")
        } else {
            "No threads yet. Fetch new reports with: sanctuary case sync --server URL".to_owned()
        })?;
        return Ok(());
    }
    // The ID comes first, so that `awk '{ print $1 }'` finds it on every
    // row; the unread mark has its own column.
    let mut lines = vec![format!(
        "{:<8}  {:<3}  {:<10}  {:<16}  {:<10}  {:>4}  {}",
        "ID", "NEW", "DAY", "CATEGORY", "STATUS", "MSGS", "FIRST LINE"
    )];
    for r in &rows {
        let status = if r.unverified > 0 {
            format!("{}!", r.status)
        } else {
            r.status.clone()
        };
        lines.push(format!(
            "{:<8}  {:<3}  {:<10}  {:<16}  {:<10}  {:>4}  {}",
            r.short_id,
            if r.unread > 0 { "*" } else { "" },
            r.day.to_string(),
            output::preview(r.category.as_deref().unwrap_or("-"), 16),
            status,
            r.messages,
            r.preview
        ));
    }
    if rows.iter().any(|r| r.unread > 0) {
        lines.push(
            "NEW * = has messages you have not seen yet (read them with `sanctuary case show ID`)"
                .to_owned(),
        );
    }
    lines.extend(hidden_news);
    if rows.iter().any(|r| r.unverified > 0) {
        lines.push(
            "! = has messages that could not be verified (see `sanctuary case show ID`)".to_owned(),
        );
    }
    output::line(&lines.join("\n"))?;
    Ok(())
}
