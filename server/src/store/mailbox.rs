//! Mailboxes: where caseworkers post replies for a reporter.
//!
//! A mailbox is stored under [`MailboxId::storage_key`], never under the
//! mailbox ID itself, with the forget hash and the day of its last reply.
//! Forgetting deletes its replies and their attachments and leaves a
//! tombstone (state `forgotten`, no forget hash) so that later replies are
//! refused; the tombstone expires with the mailbox's retention.
//!
//! A mailbox forgotten before its first reply does not exist yet, so the
//! server cannot check the secret then: it keeps a row in `tombstones`
//! (the storage key, the hash of the secret given, the day). A first reply
//! carries the report's forget hash: if a tombstone of that mailbox has
//! the same hash, the reporter did forget it and the reply is refused;
//! otherwise the tombstones were made without the receipt and are deleted
//! as the mailbox is created. So whoever knows a mailbox ID but not its
//! forget secret cannot block replies. Tombstones expire with the
//! mailbox retention, counted from their day.
//!
//! [`MailboxId::storage_key`]: sanctuary_crypto::ids::MailboxId::storage_key

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension as _, params};
use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::{BlobId, ForgetHash, ForgetSecret};

use super::blobs::{BlobKind, insert_complete};
use super::{Refusal, Store, StoreError};

/// One reply, as returned to the mailbox holder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    /// The reply's ID.
    pub id: BlobId,
    /// The day it was posted.
    pub day: Day,
    /// The sealed reply.
    pub blob: Vec<u8>,
}

enum State {
    Missing,
    Open(Option<ForgetHash>),
    Forgotten,
}

fn state(conn: &Connection, key: &[u8; 32]) -> Result<State, StoreError> {
    let row: Option<(String, Option<Vec<u8>>)> = conn
        .query_row(
            "SELECT state, forget_hash FROM mailboxes WHERE key = ?1",
            [key.as_slice()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        None => State::Missing,
        Some((s, _)) if s == "forgotten" => State::Forgotten,
        Some((_, hash)) => State::Open(
            hash.and_then(|h| <[u8; 32]>::try_from(h.as_slice()).ok())
                .map(ForgetHash::from_bytes),
        ),
    })
}

/// The replies in the open mailbox stored under `key`.
fn replies_in(conn: &Connection, key: &[u8; 32]) -> Result<Vec<Reply>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.id, b.day, c.data FROM blobs b JOIN mailboxes m ON b.mailbox = m.key
         JOIN ciphertexts c ON c.id = b.ciphertext
         WHERE m.key = ?1 AND m.state = 'open' AND b.kind = 'reply'
         AND b.state = 'complete' ORDER BY b.id",
    )?;
    let rows = stmt.query_map([key.as_slice()], |r| {
        Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, u32>(1)?, r.get(2)?))
    })?;
    let mut replies = Vec::new();
    for row in rows {
        let (id, day, blob) = row?;
        let id = <[u8; 16]>::try_from(id.as_slice())
            .map(BlobId::from_bytes)
            .map_err(|_| StoreError::Database("a stored blob ID is invalid".into()))?;
        let day = Day::from_number(day)
            .map_err(|_| StoreError::Database("a stored day is invalid".into()))?;
        replies.push(Reply { id, day, blob });
    }
    Ok(replies)
}

/// Whether a mailbox that does not exist was forgotten before its first
/// reply: with `hash`, by that forget hash; without, by anyone.
fn forgotten_early(
    conn: &Connection,
    key: &[u8; 32],
    hash: Option<&ForgetHash>,
) -> Result<bool, StoreError> {
    let found: Option<u32> = conn
        .prepare_cached(
            "SELECT 1 FROM tombstones WHERE mailbox = ?1
             AND (?2 IS NULL OR forget_hash = ?2) LIMIT 1",
        )?
        .query_row(
            params![key.as_slice(), hash.map(|h| h.as_bytes().as_slice())],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.is_some())
}

impl Store {
    /// The replies in a mailbox; empty if it does not exist. A forgotten
    /// mailbox is refused with [`Refusal::MailboxForgotten`].
    pub async fn mailbox_replies(&self, key: [u8; 32]) -> Result<Vec<Reply>, StoreError> {
        self.read(move |conn| {
            let forgotten = match state(conn, &key)? {
                State::Open(_) => false,
                State::Forgotten => true,
                State::Missing => forgotten_early(conn, &key, None)?,
            };
            if forgotten {
                return Err(StoreError::Refused(Refusal::MailboxForgotten));
            }
            replies_in(conn, &key)
        })
        .await
    }

    /// Posts a reply: creates the mailbox on its first reply, binds the
    /// listed reply attachments to it, and records today as its last day.
    pub async fn post_reply(
        &self,
        key: [u8; 32],
        forget_hash: ForgetHash,
        blob: Vec<u8>,
        attachments: Vec<BlobId>,
    ) -> Result<BlobId, StoreError> {
        let id = BlobId::random();
        let today = Day::today();
        self.write(true, move |conn| {
            match state(conn, &key)? {
                State::Forgotten => return Err(StoreError::Refused(Refusal::MailboxForgotten)),
                State::Missing => {
                    if forgotten_early(conn, &key, Some(&forget_hash))? {
                        return Err(StoreError::Refused(Refusal::MailboxForgotten));
                    }
                    conn.execute(
                        "DELETE FROM tombstones WHERE mailbox = ?1",
                        [key.as_slice()],
                    )?;
                    conn.execute(
                        "INSERT INTO mailboxes (key, forget_hash, state, last_day)
                         VALUES (?1, ?2, 'open', ?3)",
                        params![key.as_slice(), forget_hash.as_bytes(), today.number()],
                    )?;
                }
                State::Open(_) => {
                    conn.execute(
                        "UPDATE mailboxes SET last_day = max(last_day, ?2) WHERE key = ?1",
                        params![key.as_slice(), today.number()],
                    )?;
                }
            }
            insert_complete(conn, &id, BlobKind::Reply, today, Some(&key), &blob)?;
            let unique: BTreeSet<BlobId> = attachments.into_iter().collect();
            for attachment in unique {
                let n = conn.execute(
                    "UPDATE blobs SET mailbox = ?2 WHERE id = ?1 AND kind = 'reply-attachment'
                     AND state = 'complete' AND mailbox IS NULL",
                    params![attachment.as_bytes(), key.as_slice()],
                )?;
                if n != 1 {
                    return Err(StoreError::Refused(Refusal::BadAttachment));
                }
            }
            Ok(id)
        })
        .await
    }

    /// Forgets a mailbox if `secret` matches it: deletes its replies and
    /// their attachments and leaves a tombstone. A mailbox already
    /// forgotten is left as it is; one that has no reply yet gets a
    /// tombstone with the hash of `secret` (checked by its first reply).
    pub async fn forget_mailbox(
        &self,
        key: [u8; 32],
        secret: ForgetSecret,
    ) -> Result<(), StoreError> {
        let today = Day::today();
        self.write(true, move |conn| match state(conn, &key)? {
            State::Forgotten => Ok(()),
            State::Missing => {
                conn.execute(
                    "INSERT INTO tombstones (mailbox, forget_hash, day) VALUES (?1, ?2, ?3)
                     ON CONFLICT (mailbox, forget_hash) DO UPDATE SET day = max(day, excluded.day)",
                    params![key.as_slice(), secret.hash().as_bytes(), today.number()],
                )?;
                Ok(())
            }
            State::Open(hash) => {
                let matches = hash.is_some_and(|h| secret.matches(&h));
                if !matches {
                    return Err(StoreError::Refused(Refusal::WrongSecret));
                }
                conn.execute("DELETE FROM blobs WHERE mailbox = ?1", [key.as_slice()])?;
                conn.execute(
                    "UPDATE mailboxes SET state = 'forgotten', forget_hash = NULL WHERE key = ?1",
                    [key.as_slice()],
                )?;
                Ok(())
            }
        })
        .await
    }
}
