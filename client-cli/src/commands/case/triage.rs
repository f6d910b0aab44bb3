//! Junk triage: `case spam` marks threads as spam (one by one, or every
//! report with the same words as one), `case delete-spam` deletes every
//! spam thread from the server at the next sync, and `case list` folds
//! near-identical reports into one line ([`fingerprint`]).
//!
//! Spam marks live in this store only, like `case close`: colleagues do
//! not see them.

use std::collections::HashMap;

use anyhow::{Result, bail};
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::message::ReportBody;
use sha2::{Digest as _, Sha256};

use super::close::{queue_server_deletion, server_deletions};
use super::{Access, Case};
use crate::options::{DeleteSpamOptions, SpamOptions};
use crate::output;
use crate::prompt::{self, Terminal};
use crate::store::{Deletion, Status};
use crate::threads::{self, Thread};

/// What makes two reports near-identical: the same words, ignoring case,
/// digits, punctuation and spacing, in the category, the form's answers
/// and the text. `None` for a report with no words (nothing to compare).
pub(crate) fn fingerprint(report: &ReportBody) -> Option<String> {
    let answers = report.answers.values().map(String::as_str);
    words(
        report
            .category
            .as_deref()
            .into_iter()
            .chain(answers)
            .chain([report.text.as_str()]),
    )
}

/// The lower-case words (runs of letters) of `parts`, one space apart.
fn words<'a>(parts: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut words = String::new();
    for part in parts {
        let mut in_word = false;
        for c in part.chars().flat_map(char::to_lowercase) {
            if c.is_alphabetic() {
                if !in_word && !words.is_empty() {
                    words.push(' ');
                }
                words.push(c);
                in_word = true;
            } else {
                in_word = false;
            }
        }
    }
    (!words.is_empty()).then_some(words)
}

/// A short name of a fingerprint, for `case list --json` (`group`).
pub(crate) fn group_name(fingerprint: &str) -> String {
    hex::encode(&Sha256::digest(fingerprint.as_bytes())[..4])
}

/// The threads of each fingerprint shared by two or more of `threads`.
pub(crate) fn similar<'a>(
    threads: impl IntoIterator<Item = &'a Thread>,
) -> HashMap<String, Vec<BlobId>> {
    let mut groups: HashMap<String, Vec<BlobId>> = HashMap::new();
    for t in threads {
        if let Some(f) = t.report.as_ref().and_then(fingerprint) {
            groups.entry(f).or_default().push(t.id);
        }
    }
    groups.retain(|_, ids| ids.len() > 1);
    groups
}

/// `sanctuary case spam`.
pub(crate) fn spam(options: &SpamOptions) -> Result<()> {
    let case = Case::open_for(&options.key, Access::Change)?;
    let loaded = case.load()?;
    let mut chosen: Vec<&Thread> = Vec::new();
    for id in &options.ids {
        let thread = threads::find(&loaded.threads, id)?;
        if thread.report.is_none() {
            bail!(
                "Thread {} has no report in your store, so it cannot be marked.",
                thread.short_id()
            );
        }
        chosen.push(thread);
    }
    if options.similar {
        let groups = similar(&loaded.threads);
        let mut more = Vec::new();
        for t in &chosen {
            if let Some(ids) = t
                .report
                .as_ref()
                .and_then(fingerprint)
                .and_then(|f| groups.get(&f))
            {
                more.extend(loaded.threads.iter().filter(|o| ids.contains(&o.id)));
            }
        }
        chosen.extend(more);
    }
    chosen.sort_by_key(|t| t.id);
    chosen.dedup_by_key(|t| t.id);
    let status = if options.undo {
        Status::Open
    } else {
        Status::Spam
    };
    for t in &chosen {
        case.store.set_status(&t.id, status)?;
    }
    let named = output::plural(chosen.len(), "thread", "threads");
    let ids = chosen
        .iter()
        .map(|t| t.short_id())
        .collect::<Vec<_>>()
        .join(", ");
    output::line(&if options.undo {
        format!("Marked {named} open again: {ids}.")
    } else {
        format!(
            "Marked {named} as spam: {ids}.\nSpam is hidden from `sanctuary case list` (see it \
             with --all). To delete every thread marked as spam from the server: sanctuary case \
             delete-spam"
        )
    })?;
    Ok(())
}

/// `sanctuary case delete-spam`.
pub(crate) fn delete_spam(options: &DeleteSpamOptions) -> Result<()> {
    if !options.yes && !output::stdin_is_terminal() {
        bail!(
            "Deleting from the server cannot be undone, so it needs a yes: run it in a terminal \
             to be asked, or add --yes."
        );
    }
    let case = Case::open_for(&options.key, Access::Change)?;
    let loaded = case.load()?;
    let spam: Vec<&Thread> = loaded
        .threads
        .iter()
        .filter(|t| t.status == Status::Spam.as_str())
        .collect();
    if spam.is_empty() {
        output::line(
            "No thread is marked as spam. Mark one with: sanctuary case spam ID (add --similar \
             for every report with the same words)",
        )?;
        return Ok(());
    }
    // Threads an earlier sync deleted are not asked for again: a second
    // burst of requests for them would tell the operator they go together.
    let deleted = case.store.deleted_from_server()?;
    let per_thread: Vec<Vec<Deletion>> = spam
        .iter()
        .map(|t| server_deletions(t, &deleted))
        .filter(|d| !d.is_empty())
        .collect();
    if per_thread.is_empty() {
        output::line(
            "Every thread marked as spam is already deleted from the server. They stay in \
             your store, hidden.",
        )?;
        return Ok(());
    }
    let named = output::plural(
        per_thread.len(),
        "thread marked as spam",
        "threads marked as spam",
    );
    if !options.yes {
        let mut terminal = Terminal::open()?;
        let sure = prompt::confirm(
            &format!(
                "Delete the {named} from the server, for every caseworker of your unit? This \
                 cannot be undone."
            ),
            "en",
            &mut terminal,
        )?;
        if !sure {
            bail!("Cancelled. Nothing was deleted.");
        }
    }
    let (messages, files) = queue_server_deletion(&case.store, &per_thread.concat())?;
    output::line(&format!(
        "The {named} ({} and {}) will be deleted from the server at your next `sanctuary case \
         sync`, in random order among that sync's other requests. They stay in your store, \
         hidden, so that the sync does not fetch them again; `sanctuary case spam ID --undo` \
         brings one back.",
        output::plural(messages, "message", "messages"),
        output::plural(files, "file", "files")
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_with_the_same_words_share_a_fingerprint() {
        let one = |text: &str| words([text]);
        let a = one("Buy cheap watches!! Visit shop 42 today.");
        assert_eq!(a, one("buy   CHEAP watches visit shop 7 today"));
        assert_ne!(a, one("Buy cheap watches, visit the shop today"));
        assert_eq!(one("12 34 !!"), None);
        assert_eq!(one("Ça va, ÉTÉ"), Some("ça va été".to_owned()));
        // Parts never run together: the category is a word of its own.
        assert_eq!(words(["theft", "bike"]), Some("theft bike".to_owned()));
    }
}
