//! Retention: deleting what the unit's policy no longer keeps.

use std::path::Path;

use rusqlite::{Connection, params};
use sanctuary_crypto::day::Day;
use sanctuary_crypto::roster::{Policy, RosterDocument, SignedRoster};

use super::{Store, StoreError, meta_get, schema};

/// How many days things are kept: the unit's policy, capped by the
/// operator's limits. 0 means "until the next retention run".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetentionDays {
    /// Inbox items (messages and reporter attachments), from their day.
    pub inbox: u32,
    /// Mailboxes (with their replies and attachments, and tombstones), from
    /// the day of their last reply; tombstones of mailboxes forgotten
    /// before any reply, from the day they were forgotten.
    pub mailbox: u32,
    /// Reporters' attachments that no caseworker fetched, from their day;
    /// 0: no such limit (only `inbox` applies).
    pub unfetched: u32,
}

impl RetentionDays {
    /// The unit's policy capped by the operator's maximums.
    pub fn capped(policy: &Policy, max_inbox: u32, max_mailbox: u32) -> Self {
        Self {
            inbox: policy.retention_days.min(max_inbox),
            mailbox: policy.mailbox_retention_days.min(max_mailbox),
            unfetched: 0,
        }
    }

    /// With attachments that no caseworker fetched within `days` deleted
    /// (0: kept for `inbox` days like the rest).
    pub fn with_unfetched(self, days: u32) -> Self {
        Self {
            unfetched: days,
            ..self
        }
    }
}

/// What one retention run deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    /// Messages and reporter attachments past retention.
    pub inbox_items: usize,
    /// Mailboxes and tombstones past retention (their replies with them).
    pub mailboxes: usize,
    /// Reply attachments never bound to a reply within a day.
    pub unbound_attachments: usize,
    /// Reporters' attachments that no caseworker fetched in time.
    pub unfetched_attachments: usize,
    /// Uploads left unfinished since an earlier day.
    pub partial_uploads: usize,
}

/// Deletes everything past retention as of `today`.
pub(crate) fn delete_expired(
    conn: &Connection,
    days: RetentionDays,
    today: Day,
) -> Result<Purged, StoreError> {
    let today = today.number();
    let inbox_items = conn.execute(
        "DELETE FROM blobs WHERE kind IN ('message', 'attachment') AND state = 'complete'
         AND day + ?1 <= ?2",
        params![days.inbox, today],
    )?;
    let mailboxes = conn.execute(
        "DELETE FROM mailboxes WHERE last_day + ?1 <= ?2",
        params![days.mailbox, today],
    )? + conn.execute(
        "DELETE FROM tombstones WHERE day + ?1 <= ?2",
        params![days.mailbox, today],
    )?;
    let unbound_attachments = conn.execute(
        "DELETE FROM blobs WHERE kind = 'reply-attachment' AND mailbox IS NULL
         AND state = 'complete' AND day + 1 <= ?1",
        [today],
    )?;
    let unfetched_attachments = if days.unfetched > 0 {
        conn.execute(
            "DELETE FROM blobs WHERE kind = 'attachment' AND state = 'complete' AND fetched = 0
             AND day + ?1 <= ?2",
            params![days.unfetched, today],
        )?
    } else {
        0
    };
    let partial_uploads = conn.execute(
        "DELETE FROM blobs WHERE state = 'partial' AND day + 2 <= ?1",
        [today],
    )?;
    Ok(Purged {
        inbox_items,
        mailboxes,
        unbound_attachments,
        unfetched_attachments,
        partial_uploads,
    })
}

impl Store {
    /// Runs retention in one durable write, then checkpoints the WAL.
    pub async fn purge(&self, days: RetentionDays) -> Result<Purged, StoreError> {
        let purged = self
            .write(true, move |conn| delete_expired(conn, days, Day::today()))
            .await?;
        self.checkpoint().await?;
        Ok(purged)
    }
}

/// The unit's policy from the roster stored in the database at `conn`, or
/// the default policy before enrollment.
fn stored_policy(conn: &Connection) -> Result<Policy, StoreError> {
    let Some(json) = meta_get(conn, "roster")? else {
        return Ok(Policy::default());
    };
    let signed: SignedRoster = serde_json::from_str(&json)
        .map_err(|_| StoreError::Database("the stored roster is unreadable".into()))?;
    let doc: RosterDocument = serde_json::from_str(&signed.document)
        .map_err(|_| StoreError::Database("the stored roster is unreadable".into()))?;
    Ok(doc.policy)
}

/// Runs retention once on the database file at `path` from a separate
/// process (`sanctuary-server purge`), then checkpoints the WAL. Safe while
/// a server runs on the same file: SQLite's locking serialises the writes.
///
/// `unfetched` is the operator's limit on reporters' attachments that no
/// caseworker fetched, in days (0: none).
pub fn purge_database(
    path: &Path,
    max_inbox: u32,
    max_mailbox: u32,
    unfetched: u32,
) -> Result<Purged, StoreError> {
    let mut conn = schema::open(path, 0)?;
    schema::migrate(&mut conn)?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let days = RetentionDays::capped(&stored_policy(&tx)?, max_inbox, max_mailbox)
        .with_unfetched(unfetched);
    let purged = delete_expired(&tx, days, Day::today())?;
    tx.commit()?;
    schema::truncate_log(&conn)?;
    Ok(purged)
}
