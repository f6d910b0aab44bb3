//! Blobs: messages (whole, in one ciphertext row) and attachments (in
//! chunk rows, written while they stream in). Each `blobs` and `chunks` row
//! refers to its ciphertext in the `ciphertexts` table (`ciphertexts.rs`).
//!
//! An attachment's chunk rows are filled one after the other: bytes are
//! appended to the last row until it holds [`CHUNK_LEN`], and only then is
//! a new row begun. So every row but the last is exactly [`CHUNK_LEN`]
//! bytes, whatever pieces the upload arrived in and however long it
//! paused: the stored rows keep no trace of the client's speed.

use rusqlite::{Connection, OptionalExtension as _, params};
use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::BlobId;

use super::{Refusal, Store, StoreError, ciphertexts};

/// Bytes in every stored chunk row of an attachment but its last.
pub const CHUNK_LEN: usize = 256 * 1024;

/// What a blob is. The server cannot tell a report from a follow-up: both
/// are `Message`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlobKind {
    /// A report or follow-up, for the caseworkers.
    Message,
    /// An attachment uploaded by a reporter.
    Attachment,
    /// An attachment uploaded by a caseworker for a reply.
    ReplyAttachment,
    /// A reply in a mailbox.
    Reply,
}

impl BlobKind {
    /// The value stored in the `kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Message => "message",
            Self::Attachment => "attachment",
            Self::ReplyAttachment => "reply-attachment",
            Self::Reply => "reply",
        }
    }
}

/// What a caseworker lists and fetches in bulk: every blob of one kind,
/// across all threads, so that the request names no thread or mailbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listed {
    /// Reports and follow-ups (`GET /v1/inbox`).
    Messages,
    /// Replies, in every mailbox (`GET /v1/case/replies`).
    Replies,
}

impl Listed {
    fn as_str(self) -> &'static str {
        match self {
            Self::Messages => BlobKind::Message.as_str(),
            Self::Replies => BlobKind::Reply.as_str(),
        }
    }
}

/// One message in the inbox listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InboxEntry {
    /// Its ID.
    pub id: BlobId,
    /// The day it arrived.
    pub day: Day,
    /// Its length in bytes.
    pub size: u64,
}

fn blob_id(bytes: Vec<u8>) -> Result<BlobId, StoreError> {
    <[u8; BlobId::LEN]>::try_from(bytes.as_slice())
        .map(BlobId::from_bytes)
        .map_err(|_| StoreError::Database("a stored blob ID has the wrong length".into()))
}

fn day(number: u32) -> Result<Day, StoreError> {
    Day::from_number(number).map_err(|_| StoreError::Database("a stored day is invalid".into()))
}

/// Deletes the uploads left unfinished when the server stopped, except
/// those that may be resumed (retention deletes them after two days).
pub(super) fn delete_all_partial(conn: &Connection) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "DELETE FROM blobs WHERE state = 'partial'
         AND id NOT IN (SELECT blob FROM resumable)",
        [],
    )?)
}

pub(super) fn insert_complete(
    conn: &Connection,
    id: &BlobId,
    kind: BlobKind,
    today: Day,
    mailbox: Option<&[u8; 32]>,
    data: &[u8],
) -> Result<(), StoreError> {
    let ciphertext = ciphertexts::insert(conn, data)?;
    conn.prepare_cached(
        "INSERT INTO blobs (id, kind, state, day, mailbox, ciphertext)
         VALUES (?1, ?2, 'complete', ?3, ?4, ?5)",
    )?
    .execute(params![
        id.as_bytes(),
        kind.as_str(),
        today.number(),
        mailbox.map(|m| m.as_slice()),
        ciphertext
    ])?;
    Ok(())
}

/// An attachment still being written. Dropping it without
/// [`Upload::finish`] queues the removal of what was written, unless it
/// may be resumed (then it stays, partial, until it is resumed and
/// finished or retention deletes it).
pub struct Upload {
    store: Store,
    id: BlobId,
    /// The row being filled: row `row` holds `filled` bytes (less than
    /// [`CHUNK_LEN`]); with `filled == 0` it does not exist yet.
    row: Row,
    /// The handle it may be resumed under.
    resumable: Option<[u8; 32]>,
    finished: bool,
}

/// An unfinished upload that may be resumed, as the store holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unfinished {
    /// Bytes stored, from the start.
    pub received: u64,
    /// The length its first request declared.
    pub length: u64,
}

/// Where the next appended byte goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Row {
    seq: u32,
    filled: usize,
}

impl Upload {
    /// The blob ID the upload will have.
    pub fn id(&self) -> BlobId {
        self.id
    }

    /// Whether an interruption keeps it, to be resumed.
    pub fn is_resumable(&self) -> bool {
        self.resumable.is_some()
    }

    /// Bytes the row being filled still takes before it is full: appending
    /// exactly this many stores no partial row.
    pub fn room(&self) -> usize {
        CHUNK_LEN - self.row.filled
    }

    /// Appends bytes (provisional: not fsynced on its own), filling the
    /// unfinished row before beginning another.
    pub async fn append(&mut self, bytes: Vec<u8>) -> Result<(), StoreError> {
        if bytes.is_empty() {
            return Ok(());
        }
        let (id, row) = (self.id, self.row);
        self.row = self
            .store
            .write(false, move |conn| put_bytes(conn, &id, row, &bytes))
            .await?;
        Ok(())
    }

    /// Appends the last bytes (may be empty) and marks the blob complete,
    /// in one durable commit.
    pub async fn finish(mut self, last: Vec<u8>) -> Result<BlobId, StoreError> {
        let (id, row, resumable) = (self.id, self.row, self.resumable);
        self.store
            .write(true, move |conn| {
                put_bytes(conn, &id, row, &last)?;
                if let Some(handle) = resumable {
                    conn.execute("DELETE FROM resumable WHERE handle = ?1", [handle])?;
                }
                let n = conn.execute(
                    "UPDATE blobs SET state = 'complete' WHERE id = ?1 AND state = 'partial'",
                    [id.as_bytes()],
                )?;
                if n != 1 {
                    return Err(StoreError::Refused(Refusal::UploadGone));
                }
                Ok(())
            })
            .await?;
        self.finished = true;
        Ok(id)
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        if !self.finished && self.resumable.is_none() {
            let id = self.id;
            self.store.write_detached(move |conn| {
                conn.execute(
                    "DELETE FROM blobs WHERE id = ?1 AND state = 'partial'",
                    [id.as_bytes()],
                )?;
                Ok(())
            });
        }
    }
}

/// The partial blob under a resume `handle`: its ID, where its next byte
/// goes, and how much it holds of what length.
fn locate(
    conn: &Connection,
    handle: &[u8; 32],
) -> Result<Option<(BlobId, Row, Unfinished)>, StoreError> {
    let found: Option<(Vec<u8>, u64)> = conn
        .prepare_cached(
            "SELECT r.blob, r.length FROM resumable r JOIN blobs b ON b.id = r.blob
             WHERE r.handle = ?1 AND b.state = 'partial'",
        )?
        .query_row([handle], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((id, length)) = found else {
        return Ok(None);
    };
    let id = blob_id(id)?;
    // Every row but the last is full: the last one's length says where the
    // next byte goes.
    let last: Option<(u32, usize)> = conn
        .prepare_cached(
            "SELECT k.seq, length(c.data) FROM chunks k JOIN ciphertexts c ON c.id = k.ciphertext
             WHERE k.blob = ?1 ORDER BY k.seq DESC LIMIT 1",
        )?
        .query_row([id.as_bytes()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let row = match last {
        None => Row::default(),
        Some((seq, filled)) if filled >= CHUNK_LEN => Row {
            seq: seq + 1,
            filled: 0,
        },
        Some((seq, filled)) => Row { seq, filled },
    };
    let received = u64::from(row.seq) * CHUNK_LEN as u64 + row.filled as u64;
    Ok(Some((id, row, Unfinished { received, length })))
}

/// Stores `bytes` from `row` on: the rest of that row first, then new rows
/// of [`CHUNK_LEN`], the remainder in a last, unfinished row. Returns where
/// the next byte goes.
fn put_bytes(
    conn: &Connection,
    id: &BlobId,
    mut row: Row,
    bytes: &[u8],
) -> Result<Row, StoreError> {
    let mut rest = bytes;
    while !rest.is_empty() {
        let (piece, tail) = rest.split_at(rest.len().min(CHUNK_LEN - row.filled));
        if row.filled == 0 {
            put_chunk(conn, id, row.seq, piece)?;
        } else {
            extend_chunk(conn, id, row.seq, piece)?;
        }
        row.filled += piece.len();
        if row.filled == CHUNK_LEN {
            row = Row {
                seq: row.seq + 1,
                filled: 0,
            };
        }
        rest = tail;
    }
    Ok(row)
}

fn put_chunk(conn: &Connection, id: &BlobId, seq: u32, data: &[u8]) -> Result<(), StoreError> {
    let ciphertext = ciphertexts::insert(conn, data)?;
    conn.prepare_cached("INSERT INTO chunks (blob, seq, ciphertext) VALUES (?1, ?2, ?3)")?
        .execute(params![id.as_bytes(), seq, ciphertext])?;
    Ok(())
}

/// Appends `data` to the ciphertext of chunk `seq`. The bytes are joined
/// here, not with SQL's `||`, which makes text of blobs.
fn extend_chunk(conn: &Connection, id: &BlobId, seq: u32, data: &[u8]) -> Result<(), StoreError> {
    let (key, mut bytes): (i64, Vec<u8>) = conn
        .prepare_cached(
            "SELECT c.id, c.data FROM chunks k JOIN ciphertexts c ON c.id = k.ciphertext
             WHERE k.blob = ?1 AND k.seq = ?2",
        )?
        .query_row(params![id.as_bytes(), seq], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or(StoreError::Refused(Refusal::UploadGone))?;
    bytes.extend_from_slice(data);
    conn.prepare_cached("UPDATE ciphertexts SET data = ?2 WHERE id = ?1")?
        .execute(params![key, bytes])?;
    Ok(())
}

impl Store {
    /// Stores a whole message durably and returns its new random ID.
    pub async fn put_message(&self, data: Vec<u8>) -> Result<BlobId, StoreError> {
        let id = BlobId::random();
        let today = Day::today();
        self.write(true, move |conn| {
            insert_complete(conn, &id, BlobKind::Message, today, None, &data)
        })
        .await?;
        Ok(id)
    }

    /// Starts an attachment upload (`kind` is `Attachment` or
    /// `ReplyAttachment`). With `resumable`, a handle and the declared
    /// length, what is stored stays when the upload is interrupted, to be
    /// continued through [`Store::resume_upload`]; refused with
    /// [`Refusal::UploadExists`] if the handle is taken.
    pub async fn begin_upload(
        &self,
        kind: BlobKind,
        resumable: Option<([u8; 32], u64)>,
    ) -> Result<Upload, StoreError> {
        let id = BlobId::random();
        let today = Day::today().number();
        // Only a reporter's attachment starts unfetched (schema v4).
        let fetched = kind != BlobKind::Attachment;
        self.write(false, move |conn| {
            if let Some((handle, _)) = resumable
                && conn
                    .query_row(
                        "SELECT 1 FROM resumable WHERE handle = ?1",
                        [handle],
                        |_| Ok(()),
                    )
                    .optional()?
                    .is_some()
            {
                return Err(StoreError::Refused(Refusal::UploadExists));
            }
            conn.execute(
                "INSERT INTO blobs (id, kind, state, day, fetched)
                 VALUES (?1, ?2, 'partial', ?3, ?4)",
                params![id.as_bytes(), kind.as_str(), today, fetched],
            )?;
            if let Some((handle, length)) = resumable {
                conn.execute(
                    "INSERT INTO resumable (handle, blob, length) VALUES (?1, ?2, ?3)",
                    params![handle, id.as_bytes(), length],
                )?;
            }
            Ok(())
        })
        .await?;
        Ok(Upload {
            store: self.clone(),
            id,
            row: Row::default(),
            resumable: resumable.map(|(handle, _)| handle),
            finished: false,
        })
    }

    /// What the store holds of the unfinished upload under `handle`, if
    /// any.
    pub async fn unfinished(&self, handle: [u8; 32]) -> Result<Option<Unfinished>, StoreError> {
        self.read(move |conn| Ok(locate(conn, &handle)?.map(|(_, _, u)| u)))
            .await
    }

    /// Continues the unfinished upload under `handle` where its stored
    /// bytes end. `None`: there is none (never begun, finished, or
    /// deleted by retention).
    pub async fn resume_upload(
        &self,
        handle: [u8; 32],
    ) -> Result<Option<(Upload, Unfinished)>, StoreError> {
        let found = self.read(move |conn| locate(conn, &handle)).await?;
        Ok(found.map(|(id, row, unfinished)| {
            (
                Upload {
                    store: self.clone(),
                    id,
                    row,
                    resumable: Some(handle),
                    finished: false,
                },
                unfinished,
            )
        }))
    }

    /// One page of messages with IDs greater than `after`, ordered by ID.
    /// Returns up to `limit` entries and whether more follow.
    pub async fn inbox_page(
        &self,
        kind: Listed,
        after: Option<BlobId>,
        limit: usize,
    ) -> Result<(Vec<InboxEntry>, bool), StoreError> {
        let after = after.map(|a| a.as_bytes().to_vec()).unwrap_or_default();
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT b.id, b.day, length(c.data)
                 FROM blobs b JOIN ciphertexts c ON c.id = b.ciphertext
                 WHERE b.kind = ?1 AND b.state = 'complete' AND b.id > ?2
                 ORDER BY b.id LIMIT ?3",
            )?;
            let rows = stmt.query_map(params![kind.as_str(), after, limit as i64 + 1], |r| {
                Ok((
                    r.get::<_, Vec<u8>>(0)?,
                    r.get::<_, u32>(1)?,
                    r.get::<_, u64>(2)?,
                ))
            })?;
            let mut entries = Vec::new();
            for row in rows {
                let (id, d, size) = row?;
                entries.push(InboxEntry {
                    id: blob_id(id)?,
                    day: day(d)?,
                    size,
                });
            }
            let more = entries.len() > limit;
            entries.truncate(limit);
            Ok((entries, more))
        })
        .await
    }

    /// A message's ciphertext.
    pub async fn get_message(&self, id: BlobId) -> Result<Option<Vec<u8>>, StoreError> {
        self.read(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT c.data FROM blobs b JOIN ciphertexts c ON c.id = b.ciphertext
                     WHERE b.id = ?1 AND b.kind = 'message'",
                    [id.as_bytes()],
                    |r| r.get(0),
                )
                .optional()?)
        })
        .await
    }

    /// Records of `POST /v1/case/inbox/fetch`: for `ids[start..]` in
    /// order, each stored message as its ID, its length (4 bytes, big
    /// endian) and its ciphertext, until at least `max_bytes` are gathered
    /// or the IDs run out. Returns the bytes and the index of the first ID
    /// not read. IDs of no stored message are skipped.
    pub async fn message_records(
        &self,
        kind: Listed,
        ids: std::sync::Arc<Vec<BlobId>>,
        start: usize,
        max_bytes: usize,
    ) -> Result<(Vec<u8>, usize), StoreError> {
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT c.data FROM blobs b JOIN ciphertexts c ON c.id = b.ciphertext
                 WHERE b.id = ?1 AND b.kind = ?2",
            )?;
            let mut out = Vec::new();
            let mut next = start;
            while let Some(id) = ids.get(next) {
                if out.len() >= max_bytes {
                    break;
                }
                next += 1;
                stmt.query_row(params![id.as_bytes(), kind.as_str()], |r| {
                    // Copied once, straight from SQLite's buffer.
                    let data = r.get_ref(0)?.as_blob()?;
                    let len = u32::try_from(data.len())
                        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
                    out.reserve(BlobId::LEN + 4 + data.len());
                    out.extend_from_slice(id.as_bytes());
                    out.extend_from_slice(&len.to_be_bytes());
                    out.extend_from_slice(data);
                    Ok(())
                })
                .optional()?;
            }
            Ok((out, next))
        })
        .await
    }

    /// Deletes a blob of one of `kinds` (with its chunks). Returns whether
    /// it existed.
    pub async fn delete(&self, id: BlobId, kinds: &'static [BlobKind]) -> Result<bool, StoreError> {
        self.write(true, move |conn| {
            let mut n = 0;
            for kind in kinds {
                n += conn.execute(
                    "DELETE FROM blobs WHERE id = ?1 AND kind = ?2",
                    params![id.as_bytes(), kind.as_str()],
                )?;
            }
            Ok(n > 0)
        })
        .await
    }

    /// The size of a complete attachment, if it exists; with `mailbox`,
    /// only a reply attachment bound to that mailbox (by storage key).
    pub async fn attachment_size(
        &self,
        id: BlobId,
        mailbox: Option<[u8; 32]>,
    ) -> Result<Option<u64>, StoreError> {
        self.read(move |conn| {
            let found: Option<u32> = match mailbox {
                None => conn
                    .query_row(
                        "SELECT 1 FROM blobs WHERE id = ?1 AND state = 'complete'
                         AND kind IN ('attachment', 'reply-attachment')",
                        [id.as_bytes()],
                        |r| r.get(0),
                    )
                    .optional()?,
                Some(key) => conn
                    .query_row(
                        "SELECT 1 FROM blobs b JOIN mailboxes m ON b.mailbox = m.key
                         WHERE b.id = ?1 AND b.state = 'complete'
                         AND b.kind = 'reply-attachment' AND m.key = ?2 AND m.state = 'open'",
                        params![id.as_bytes(), key.as_slice()],
                        |r| r.get(0),
                    )
                    .optional()?,
            };
            if found.is_none() {
                return Ok(None);
            }
            let size: u64 = conn.query_row(
                "SELECT coalesce(sum(length(c.data)), 0)
                 FROM chunks k JOIN ciphertexts c ON c.id = k.ciphertext WHERE k.blob = ?1",
                [id.as_bytes()],
                |r| r.get(0),
            )?;
            Ok(Some(size))
        })
        .await
    }

    /// Records that a caseworker fetched attachment `id`, so that it no
    /// longer expires unfetched. Not durable on its own: a mark lost to a
    /// crash only lets the attachment expire as if never fetched.
    pub async fn mark_fetched(&self, id: BlobId) -> Result<(), StoreError> {
        let unfetched: bool = self
            .read(move |conn| {
                Ok(conn
                    .query_row(
                        "SELECT 1 FROM blobs WHERE id = ?1 AND fetched = 0",
                        [id.as_bytes()],
                        |_| Ok(()),
                    )
                    .optional()?
                    .is_some())
            })
            .await?;
        if unfetched {
            self.write(false, move |conn| {
                conn.execute(
                    "UPDATE blobs SET fetched = 1 WHERE id = ?1 AND fetched = 0",
                    [id.as_bytes()],
                )?;
                Ok(())
            })
            .await?;
        }
        Ok(())
    }

    /// Bytes of reporters' attachments stored (or being stored) with day
    /// `day`: what the daily quota has used, at start-up.
    pub async fn attachment_bytes_on(&self, day: Day) -> Result<u64, StoreError> {
        self.read(move |conn| {
            Ok(conn.query_row(
                "SELECT coalesce(sum(length(c.data)), 0)
                 FROM blobs b JOIN chunks k ON k.blob = b.id
                 JOIN ciphertexts c ON c.id = k.ciphertext
                 WHERE b.kind = 'attachment' AND b.day = ?1",
                [day.number()],
                |r| r.get(0),
            )?)
        })
        .await
    }

    /// Bytes the database uses: its pages less its free ones.
    pub async fn used_bytes(&self) -> Result<u64, StoreError> {
        self.read(|conn| {
            let pages: u64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            let free: u64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
            let size: u64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
            Ok(pages.saturating_sub(free).saturating_mul(size))
        })
        .await
    }

    /// Chunk `seq` of an attachment, or `None` past the last one.
    pub async fn attachment_chunk(
        &self,
        id: BlobId,
        seq: u32,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        self.read(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT c.data FROM chunks k JOIN ciphertexts c ON c.id = k.ciphertext
                     WHERE k.blob = ?1 AND k.seq = ?2",
                    params![id.as_bytes(), seq],
                    |r| r.get(0),
                )
                .optional()?)
        })
        .await
    }
}
