//! Mailboxes: where caseworkers post replies for a reporter.
//!
//! A mailbox is stored under [`MailboxId::storage_key`], never under the
//! mailbox ID itself, with the forget hash and the day of its last reply.
//! Forgetting deletes its replies and their attachments and leaves a
//! tombstone (state `forgotten`, no forget hash) so that later replies are
//! refused; the tombstone expires with the mailbox's retention.
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

impl Store {
    /// The replies in a mailbox; empty if it does not exist or was forgotten.
    pub async fn mailbox_replies(&self, key: [u8; 32]) -> Result<Vec<Reply>, StoreError> {
        self.read(move |conn| replies_in(conn, &key)).await
    }

    /// The replies in several mailboxes (by storage key), for a caseworker's
    /// `POST /v1/case/mailboxes/fetch`: reads the mailboxes in order until
    /// the replies hold at least `max_bytes`. Returns (index in `keys`,
    /// reply) pairs and the index of the first mailbox not read.
    pub async fn replies_in_mailboxes(
        &self,
        keys: Vec<[u8; 32]>,
        max_bytes: usize,
    ) -> Result<(Vec<(usize, Reply)>, usize), StoreError> {
        self.read(move |conn| {
            let mut found = Vec::new();
            let mut bytes = 0;
            let mut next = 0;
            while let Some(key) = keys.get(next) {
                if bytes >= max_bytes {
                    break;
                }
                for reply in replies_in(conn, key)? {
                    bytes += reply.blob.len();
                    found.push((next, reply));
                }
                next += 1;
            }
            Ok((found, next))
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
    /// their attachments and leaves a tombstone. A mailbox that does not
    /// exist, or was already forgotten, is left as it is.
    pub async fn forget_mailbox(
        &self,
        key: [u8; 32],
        secret: ForgetSecret,
    ) -> Result<(), StoreError> {
        self.write(true, move |conn| match state(conn, &key)? {
            State::Missing | State::Forgotten => Ok(()),
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
