//! `sanctuary case list`.

use anyhow::Result;

use super::view::ThreadSummary;
use super::{Case, CaseKeyOptions};
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
    let case = Case::open(&options.key)?;
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
    if rows.is_empty() {
        let hidden = loaded.threads.len();
        output::line(&if hidden > 0 {
            format!("No open threads ({hidden} closed: see them with --all).")
        } else {
            "No threads yet. Fetch new reports with: sanctuary case sync --server URL".to_owned()
        })?;
        return Ok(());
    }
    let mut lines = vec![format!(
        "{:<8}  {:<10}  {:<16}  {:<10}  {:>4}  {}",
        "ID", "DAY", "CATEGORY", "STATUS", "MSGS", "FIRST LINE"
    )];
    for r in &rows {
        let status = if r.unverified > 0 {
            format!("{}!", r.status)
        } else {
            r.status.clone()
        };
        lines.push(format!(
            "{:<8}  {:<10}  {:<16}  {:<10}  {:>4}  {}",
            r.short_id,
            r.day.to_string(),
            output::preview(r.category.as_deref().unwrap_or("-"), 16),
            status,
            r.messages,
            r.preview
        ));
    }
    if rows.iter().any(|r| r.unverified > 0) {
        lines.push(
            "! = has messages that could not be verified (see `sanctuary case show ID`)".to_owned(),
        );
    }
    output::line(&lines.join("\n"))?;
    Ok(())
}
