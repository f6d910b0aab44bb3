//! Storage: one SQLite database (`sanctuary.db` in the data directory).
//!
//! Per blob it keeps a random ID, the day it arrived, its kind, its state
//! and the ciphertext (in its own table, under a random key:
//! `store/ciphertexts.rs`): nothing else. Writes go through one writer thread
//! with group commit (`store/writer.rs`); reads use a small pool of connections on
//! the blocking thread pool. See `docs/operator-guide.md` for what an
//! operator can see in the file.

mod blobs;
mod checkpointer;
mod ciphertexts;
mod mailbox;
mod migration_2;
mod retention;
mod schema;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use tokio::sync::Semaphore;

pub use blobs::{BlobKind, CHUNK_LEN, InboxEntry, Listed, Unfinished, Upload};
pub use mailbox::Reply;
pub use retention::{Purged, RetentionDays, purge_database};

/// File name of the database inside the data directory.
pub const DATABASE_FILE: &str = "sanctuary.db";

/// How many read connections the pool keeps.
const READERS: usize = 4;

/// Why a storage operation failed. Messages never contain IDs or data.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The disk, or the configured database size limit, is full. Nothing
    /// of the failed write was kept; everything committed before is intact.
    #[error("the storage is full")]
    Full,
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Database(String),
    /// SQLite rolled back a write transaction by itself.
    #[error("the write transaction was rolled back")]
    RolledBack,
    /// The database was written by a newer version of the server.
    #[error("the database has schema version {found}; this server supports up to {supported}")]
    NewerSchema {
        /// Version in the file.
        found: u32,
        /// Newest version this build knows.
        supported: u32,
    },
    /// The storage has shut down.
    #[error("the storage has shut down")]
    Closed,
    /// The request is refused for a reason the API reports.
    #[error("refused: {0:?}")]
    Refused(Refusal),
}

/// A write refused because of what is stored, not because of a fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// The mailbox was forgotten; replies to it are refused.
    MailboxForgotten,
    /// A listed reply attachment does not exist or is already bound.
    BadAttachment,
    /// The forget secret does not match the mailbox.
    WrongSecret,
    /// An upload's rows vanished before it completed.
    UploadGone,
    /// A resumable upload with this handle already exists.
    UploadExists,
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => Self::Full,
            _ => Self::Database(e.to_string()),
        }
    }
}

/// Options for opening the store.
#[derive(Clone, Copy, Debug, Default)]
pub struct StoreOptions {
    /// Largest database size in MiB (`PRAGMA max_page_count`); 0: no limit.
    pub max_database_mb: u64,
}

/// The database: cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    writer: writer::Writer,
    readers: Mutex<Vec<Connection>>,
    permits: Semaphore,
    path: PathBuf,
}

impl Store {
    /// Opens (creating and migrating if needed) the database at `path`,
    /// removes uploads left unfinished by an earlier run, and starts the
    /// writer thread. Blocking: call it at start-up.
    pub fn open(path: &Path, options: StoreOptions) -> Result<Self, StoreError> {
        let mut conn = schema::open(path, options.max_database_mb)?;
        // Only the server's user may read the database (SQLite gives the
        // WAL and shared-memory files the same mode).
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| StoreError::Database(format!("cannot restrict the file mode: {e}")))?;
        }
        schema::migrate(&mut conn)?;
        // On a full disk even this delete may not fit (it needs room in the
        // write-ahead log). The server must still start, to serve what it
        // has and let caseworkers delete; the next start or the retention
        // job removes the leftovers.
        match blobs::delete_all_partial(&conn) {
            Ok(_) => {}
            Err(StoreError::Full) => tracing::warn!(
                "unfinished uploads could not be removed at start-up: the storage is full"
            ),
            Err(e) => return Err(e),
        }
        // Checkpoints run on their own thread (checkpointer.rs); the
        // writer's own only when the log has grown well past the default.
        conn.pragma_update(
            None,
            "wal_autocheckpoint",
            checkpointer::WRITER_AUTOCHECKPOINT,
        )?;
        let checkpointer = checkpointer::Checkpointer::start(schema::open(path, 0)?)?;
        let readers = (0..READERS)
            .map(|_| {
                let c = schema::open(path, 0)?;
                c.pragma_update(None, "query_only", true)?;
                Ok(c)
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Self {
            inner: Arc::new(Inner {
                writer: writer::Writer::start(conn, Some(checkpointer))?,
                readers: Mutex::new(readers),
                permits: Semaphore::new(READERS),
                path: path.to_owned(),
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Finishes queued writes and stops the writer thread.
    pub async fn close(&self) {
        self.inner.writer.stop().await;
    }

    /// Runs a read on a pooled connection on the blocking thread pool.
    pub(crate) async fn read<R, F>(&self, op: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R, StoreError> + Send + 'static,
    {
        let permit = self
            .inner
            .permits
            .acquire()
            .await
            .map_err(|_| StoreError::Closed)?;
        let inner = Arc::clone(&self.inner);
        let result = tokio::task::spawn_blocking(move || {
            let conn = inner.readers.lock().ok().and_then(|mut r| r.pop());
            let Some(conn) = conn else {
                return Err(StoreError::Closed);
            };
            let result = op(&conn);
            if let Ok(mut readers) = inner.readers.lock() {
                readers.push(conn);
            }
            result
        })
        .await
        .map_err(|_| StoreError::Closed)?;
        drop(permit);
        result
    }

    /// Runs a write in the next group transaction; returns after it commits.
    pub(crate) async fn write<R, F>(&self, durable: bool, op: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R, StoreError> + Send + 'static,
    {
        self.inner.writer.write(durable, op).await
    }

    /// Queues a write without waiting (cleanup from `Drop`).
    pub(crate) fn write_detached<F>(&self, op: F) -> bool
    where
        F: FnOnce(&Connection) -> Result<(), StoreError> + Send + 'static,
    {
        self.inner.writer.write_detached(op)
    }

    /// `PRAGMA wal_checkpoint(TRUNCATE)` on the writer connection, so deleted
    /// data does not linger in the write-ahead log.
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        self.inner.writer.checkpoint().await
    }

    /// The stored roster and pinned unit ID, if enrolled.
    pub async fn load_roster(&self) -> Result<Option<(String, String)>, StoreError> {
        self.read(|conn| {
            let unit = meta_get(conn, "unit")?;
            let roster = meta_get(conn, "roster")?;
            Ok(unit.zip(roster))
        })
        .await
    }

    /// Stores a roster (and pins the unit ID), durably.
    pub async fn save_roster(&self, unit: String, roster: String) -> Result<(), StoreError> {
        self.write(true, move |conn| {
            meta_set(conn, "unit", &unit)?;
            meta_set(conn, "roster", &roster)
        })
        .await
    }
}

pub(crate) fn meta_get(conn: &Connection, name: &str) -> Result<Option<String>, StoreError> {
    use rusqlite::OptionalExtension as _;
    Ok(conn
        .query_row("SELECT value FROM meta WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?)
}

fn meta_set(conn: &Connection, name: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO meta (name, value) VALUES (?1, ?2)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        [name, value],
    )?;
    Ok(())
}
