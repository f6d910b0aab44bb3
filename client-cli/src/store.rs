//! A caseworker's local store: ciphertext and status, never plaintext.
//!
//! One folder (mode 0700) holds `store.sqlite` (mode 0600) and
//! `attachments/`, one ciphertext file per attachment, named by its blob
//! ID. The database keeps, per message blob: its ID, kind, day, ciphertext
//! and a local sequence number for ordering; per thread: its status, keyed
//! by the report's blob ID; and the unit ID the store is pinned to. Threads
//! are rebuilt in memory by decrypting, so what the reporter wrote exists
//! only in memory and in explicit exports.
//!
//! A command that changes the store first takes [`StoreLock`], an
//! exclusive lock on the file `lock` in the folder, so two syncs (or a
//! sync and a reply) never work on one store at once. Reading commands
//! take no lock and never create a store.
//!
//! A message is *unread* from the sync that stored it until a caseworker
//! is shown it (`case show`): the `unread` table lists those blob IDs. It
//! is written in the same commit as the blobs, so a sync interrupted
//! afterwards (Ctrl-C during the attachment downloads) loses no marker.
//!
//! Since schema 4, the `arrivals` table keeps, per message stored since,
//! the SHA-256 of its signed body (so a sync can tell a copy of a stored
//! message, protocol §6.3) and the day this store received it (so `case
//! show` can say when a message arrived days after it was written). Rows
//! stored before have neither. A message's position in its thread (`seq`,
//! `seen`, signed day) is not stored: it is read, with its thread and its
//! signature, from the ciphertext when threads are rebuilt.
//!
//! The `blobs` table is a rowid table keyed by that local sequence number
//! (the order this store received them: the caseworker's own, which the
//! server never learns), not a WITHOUT ROWID table: a WITHOUT ROWID table is
//! an index b-tree whose cells carry whole records, so with ciphertexts of
//! 16 KiB and more each lookup by ID compared, and read, whole neighbouring
//! ciphertexts. The IDs have their own small index.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::{BlobId, BodyDigest};
use sanctuary_crypto::roster::SignedRoster;
use sanctuary_crypto::unit::UnitId;

/// What a stored message blob is (decided when it was first decrypted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BlobKind {
    /// A reporter's first message.
    Report,
    /// A reporter's later message.
    FollowUp,
    /// A caseworker's reply (from a mailbox, or sent from here).
    Reply,
    /// A caseworker's change to a thread's shared state (protocol §6.4).
    CaseEvent,
    /// Could not be decrypted with this key (kept so it is not fetched again).
    Unreadable,
}

impl BlobKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::FollowUp => "follow-up",
            Self::Reply => "reply",
            Self::CaseEvent => "case-event",
            Self::Unreadable => "unreadable",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "report" => Self::Report,
            "follow-up" => Self::FollowUp,
            "reply" => Self::Reply,
            "case-event" => Self::CaseEvent,
            "unreadable" => Self::Unreadable,
            other => bail!("the case store is damaged (unknown kind {other:?})"),
        })
    }
}

/// A thread's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    /// Being worked on.
    Open,
    /// Closed by a caseworker on this computer.
    Closed,
    /// Marked as spam (junk) by a caseworker on this computer: hidden
    /// from `case list`, deleted from the server by `case delete-spam`.
    Spam,
}

impl Status {
    /// As shown and stored.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Spam => "spam",
        }
    }

    /// As stored; anything unknown reads as open.
    fn parse(s: &str) -> Self {
        match s {
            "closed" => Self::Closed,
            "spam" => Self::Spam,
            _ => Self::Open,
        }
    }
}

/// One stored message blob.
pub(crate) struct StoredBlob {
    /// The server's ID.
    pub(crate) id: BlobId,
    /// What it is.
    pub(crate) kind: BlobKind,
    /// The day the server received it.
    pub(crate) day: Day,
    /// The local order it was stored in.
    pub(crate) seq: i64,
    /// The day this store received it; `None` when stored before schema 4
    /// or by a store's first sync (when nothing is late).
    pub(crate) received: Option<Day>,
    /// The age ciphertext.
    pub(crate) ciphertext: Vec<u8>,
}

/// A message blob to store.
#[derive(Clone, Copy)]
pub(crate) struct NewBlob<'a> {
    /// The server's ID.
    pub(crate) id: BlobId,
    /// What it is.
    pub(crate) kind: BlobKind,
    /// The day the server received it.
    pub(crate) day: Day,
    /// The digest of its signed body, when it could be decrypted.
    pub(crate) digest: Option<BodyDigest>,
    /// The day this store received it, if it counts (see [`StoredBlob`]).
    pub(crate) received: Option<Day>,
    /// The age ciphertext.
    pub(crate) ciphertext: &'a [u8],
}

/// The store.
pub(crate) struct Store {
    conn: Connection,
    dir: PathBuf,
}

/// The name of the database in a store folder.
const DATABASE: &str = "store.sqlite";

/// The name of the lock file in a store folder.
pub(crate) const LOCK_FILE: &str = "lock";

/// An exclusive lock on a store folder, held until dropped (or until the
/// process ends, however it ends: the operating system releases it).
#[derive(Debug)]
pub(crate) struct StoreLock {
    _file: File,
}

impl StoreLock {
    /// Locks the store folder `dir` (creating the folder if needed), or
    /// fails at once if another process holds it.
    pub(crate) fn take(dir: &Path) -> Result<Self> {
        create_private_dir(dir)?;
        let path = dir.join(LOCK_FILE);
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options
            .open(&path)
            .with_context(|| format!("Cannot open the lock file {}.", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(fs::TryLockError::WouldBlock) => bail!(
                "Another sanctuary command is using this store ({}): wait for it to finish, \
                 then try again.",
                shown(dir).display()
            ),
            Err(fs::TryLockError::Error(e)) => Err(anyhow::Error::new(e)
                .context(format!("Cannot lock the case store {}.", dir.display()))),
        }
    }
}

/// Creates a new file readable only by its owner (fails if it exists).
pub(crate) fn create_private(path: &Path) -> Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .with_context(|| format!("Cannot create {}.", path.display()))
}

/// Creates a folder readable only by its owner (or tightens an existing one).
pub(crate) fn create_private_dir(path: &Path) -> Result<()> {
    fs::create_dir_all(path)
        .with_context(|| format!("Cannot create the folder {}.", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o700))
            .with_context(|| format!("Cannot protect the folder {}.", path.display()))?;
    }
    Ok(())
}

/// `dir` as shown to people: absolute, so that "which store" has one
/// answer wherever the command ran.
pub(crate) fn shown(dir: &Path) -> PathBuf {
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// The default store folder, in the platform's data folder.
pub(crate) fn default_dir() -> Result<PathBuf> {
    directories::ProjectDirs::from("org", "Sanctuary", "sanctuary")
        .map(|d| d.data_dir().join("case-store"))
        .ok_or_else(|| {
            anyhow!("Cannot find your user data folder. Give a folder with --store DIR.")
        })
}

/// What a pending deletion removes from the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DeletionKind {
    /// A report or follow-up (`DELETE /v1/inbox/{id}`).
    Message,
    /// A reporter's attachment (`DELETE /v1/attachments/{id}`).
    Attachment,
}

impl DeletionKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Message => "message",
            Self::Attachment => "attachment",
        }
    }
}

/// A blob to delete from the server at the next sync.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Deletion {
    /// The blob.
    pub(crate) id: BlobId,
    /// Its kind.
    pub(crate) kind: DeletionKind,
}

/// The schema version this build writes (`PRAGMA user_version`).
const SCHEMA_VERSION: u32 = 5;

/// Version 0, the first store (no version number): created if absent, so
/// that a new store and an old one take the same migration.
const SCHEMA_V0: &str = "
    CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS blobs (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        day TEXT NOT NULL,
        ciphertext BLOB NOT NULL,
        on_server INTEGER NOT NULL DEFAULT 1
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS threads (
        report TEXT PRIMARY KEY,
        status TEXT NOT NULL
    ) WITHOUT ROWID;
";

/// 0 -> 1: `blobs` becomes a rowid table keyed by the local sequence
/// number, with the ciphertext last (a scan of the other columns never
/// reads it). The numbers are kept, so the local order is too.
const MIGRATE_V0_TO_V1: &str = "
    ALTER TABLE blobs RENAME TO blobs_v0;
    CREATE TABLE blobs (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        day TEXT NOT NULL,
        on_server INTEGER NOT NULL DEFAULT 1,
        ciphertext BLOB NOT NULL
    );
    INSERT INTO blobs (seq, id, kind, day, on_server, ciphertext)
        SELECT seq, id, kind, day, on_server, ciphertext FROM blobs_v0 ORDER BY seq;
    DROP TABLE blobs_v0;
";

/// 1 -> 2: deletions from the server wait in `pending_deletions` until the
/// next sync sends them, shuffled with other threads' work.
const MIGRATE_V1_TO_V2: &str = "
    CREATE TABLE pending_deletions (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('message', 'attachment'))
    ) WITHOUT ROWID;
";

/// 2 -> 3: the messages not yet shown to the caseworker. Messages stored
/// before are taken as read (nothing says otherwise).
const MIGRATE_V2_TO_V3: &str = "
    CREATE TABLE unread (
        id TEXT PRIMARY KEY
    ) WITHOUT ROWID;
";

/// 3 -> 4: per message stored from now on, the digest of its signed body
/// and the day this store received it (protocol §6.3). A table of its own,
/// so that `blobs` keeps its ciphertexts last without being copied.
const MIGRATE_V3_TO_V4: &str = "
    CREATE TABLE arrivals (
        id TEXT PRIMARY KEY,
        digest TEXT,
        received TEXT
    ) WITHOUT ROWID;
    CREATE INDEX arrivals_by_digest ON arrivals (digest);
";

/// 4 -> 5: case events (protocol §6.4) this caseworker wrote and has not
/// yet sent: each is a blob of kind `case-event` under a local ID until
/// the sync that sends it stores it under the server's. Older versions
/// must not open a store holding that kind.
const MIGRATE_V4_TO_V5: &str = "
    CREATE TABLE pending_events (
        id TEXT PRIMARY KEY
    ) WITHOUT ROWID;
";

/// Refuses a store written by a newer version.
fn check_version(conn: &Connection, db: &Path) -> Result<()> {
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        bail!(
            "The case store {} was written by a newer version of sanctuary (store version \
             {version}). Update sanctuary to open it.",
            db.display()
        );
    }
    Ok(())
}

/// Creates or migrates the schema, in one transaction that also keeps a
/// second `sanctuary` process from migrating at the same time.
fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let version: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == 0 {
        tx.execute_batch(SCHEMA_V0)?;
        tx.execute_batch(MIGRATE_V0_TO_V1)?;
    }
    if version <= 1 {
        tx.execute_batch(MIGRATE_V1_TO_V2)?;
    }
    if version <= 2 {
        tx.execute_batch(MIGRATE_V2_TO_V3)?;
    }
    if version <= 3 {
        tx.execute_batch(MIGRATE_V3_TO_V4)?;
    }
    if version <= 4 {
        tx.execute_batch(MIGRATE_V4_TO_V5)?;
    }
    if version < SCHEMA_VERSION {
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    }
    tx.commit()?;
    Ok(())
}

/// Inserts message blobs within the transaction `tx` (see
/// [`BlobWriter::insert`]).
fn insert_rows(tx: &rusqlite::Transaction<'_>, blobs: &[NewBlob<'_>], unread: bool) -> Result<()> {
    // The local sequence number is the rowid: SQLite numbers the blobs in
    // the order this store receives them.
    let mut blob = tx.prepare_cached(
        "INSERT OR IGNORE INTO blobs (id, kind, day, ciphertext) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut thread =
        tx.prepare_cached("INSERT OR IGNORE INTO threads (report, status) VALUES (?1, 'open')")?;
    let mut mark = tx.prepare_cached("INSERT OR IGNORE INTO unread (id) VALUES (?1)")?;
    let mut arrival = tx.prepare_cached(
        "INSERT OR IGNORE INTO arrivals (id, digest, received) VALUES (?1, ?2, ?3)",
    )?;
    for new in blobs {
        let id = new.id.to_hex();
        let stored = blob.execute(params![
            id,
            new.kind.as_str(),
            new.day.to_string(),
            new.ciphertext
        ])?;
        if stored == 0 {
            continue;
        }
        arrival.execute(params![
            id,
            new.digest.map(|d| d.to_hex()),
            new.received.map(|d| d.to_string())
        ])?;
        // Messages are unread until shown; case events are state, not
        // messages.
        if unread && !matches!(new.kind, BlobKind::Unreadable | BlobKind::CaseEvent) {
            mark.execute([&id])?;
        }
        if new.kind == BlobKind::Report {
            thread.execute([&id])?;
        }
    }
    Ok(())
}

/// Rows a [`BlobWriter`] gathers before it commits: four of a sync's
/// download batches. Each commit writes again, and first copies to the
/// journal, every page it changed of the tables keyed by random IDs
/// (`blobs` by ID, `arrivals`, `unread`, `threads`), and 256 random keys
/// touch nearly every such page of a store of 20,000 messages. A first
/// sync of 21,000 messages wrote 610 MB for a 394 MB store with a commit
/// per batch, 446 MB with this; 4,096 rows per commit was slower again
/// (longer waits for the disk at each commit).
const ROWS_PER_COMMIT: usize = 1024;

/// Stores messages (ignoring any already stored; new reports get an open
/// thread) in one commit per [`ROWS_PER_COMMIT`] rows, not one per call. What is not yet
/// committed when the process stops is lost from the store (and
/// downloaded again by the next sync); [`BlobWriter::commit`] keeps it,
/// and dropping the writer discards it.
pub(crate) struct BlobWriter<'s> {
    conn: &'s Connection,
    tx: Option<rusqlite::Transaction<'s>>,
    pending: usize,
}

impl BlobWriter<'_> {
    /// Adds `blobs` (each readable one marked unread with `unread`),
    /// committing once [`ROWS_PER_COMMIT`] rows wait.
    pub(crate) fn insert(&mut self, blobs: &[NewBlob<'_>], unread: bool) -> Result<()> {
        let tx = match &mut self.tx {
            Some(tx) => tx,
            None => self.tx.insert(self.conn.unchecked_transaction()?),
        };
        insert_rows(tx, blobs, unread)?;
        self.pending += blobs.len();
        if self.pending >= ROWS_PER_COMMIT {
            self.commit()?;
        }
        Ok(())
    }

    /// Commits what waits.
    pub(crate) fn commit(&mut self) -> Result<()> {
        if let Some(tx) = self.tx.take() {
            tx.commit()?;
        }
        self.pending = 0;
        Ok(())
    }
}

/// The page size of a new store's database, in bytes.
const PAGE_SIZE: u32 = 16_384;

impl Store {
    /// Whether `dir` holds a store.
    pub(crate) fn exists(dir: &Path) -> bool {
        fs::symlink_metadata(dir.join(DATABASE)).is_ok()
    }

    /// Opens (creating if needed) the store in `dir`.
    pub(crate) fn open(dir: &Path) -> Result<Self> {
        create_private_dir(dir)?;
        create_private_dir(&dir.join("attachments"))?;
        let db = dir.join(DATABASE);
        if fs::symlink_metadata(&db).is_err() {
            drop(create_private(&db)?);
        }
        let conn = Connection::open(&db)
            .with_context(|| format!("Cannot open the case store {}.", db.display()))?;
        Self::prepare(conn, dir)
    }

    /// Opens the store in `dir` if there is one, creating nothing.
    pub(crate) fn open_existing(dir: &Path) -> Result<Option<Self>> {
        let db = dir.join(DATABASE);
        if !Self::exists(dir) {
            return Ok(None);
        }
        // Without SQLITE_OPEN_CREATE: a store removed meanwhile is not
        // created again.
        let conn = Connection::open_with_flags(
            &db,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("Cannot open the case store {}.", db.display()))?;
        Self::prepare(conn, dir).map(Some)
    }

    /// Sets up a connection to the database of the store in `dir`,
    /// migrating it to this version's schema.
    fn prepare(mut conn: Connection, dir: &Path) -> Result<Self> {
        let db = dir.join(DATABASE);
        // 16 KiB pages: a message of the 16 KiB bucket (about 17 KiB
        // sealed) is stored as its row's first 2 KiB and one overflow page,
        // rather than a chain of four with SQLite's default 4 KiB (which
        // made storing a sync's messages a fifth of its time). With 64 KiB
        // pages each message would fit in its row, but every scan of the
        // table's other columns (building the threads) would then read
        // the ciphertexts too. Only a new, empty store takes it (an
        // existing one keeps its page size).
        conn.pragma_update(None, "page_size", PAGE_SIZE)?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        // Room for a whole download batch (256 messages of up to ~16 KiB,
        // with their index pages): with SQLite's default 2 MiB, the pages
        // of a batch spilled to disk before its commit, each spill syncing
        // the journal first. A sync commits four batches at a time
        // ([`ROWS_PER_COMMIT`]) and may spill some of them; 64 MiB made
        // that no faster.
        conn.pragma_update(None, "cache_size", -16384)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        check_version(&conn, &db)?;
        migrate(&mut conn).with_context(|| {
            format!(
                "The case store {} is damaged or not a case store.",
                db.display()
            )
        })?;
        Ok(Self {
            conn,
            dir: dir.to_path_buf(),
        })
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Checks that this store belongs to the caseworker whose public key is
    /// `key`, claiming it on first use.
    pub(crate) fn claim_for(&self, key: &str) -> Result<()> {
        match self.meta("caseworker")? {
            Some(k) if k == key => Ok(()),
            Some(_) => bail!(
                "The case store {} belongs to another caseworker key. Use your own store \
                 (--store DIR) or the key that created it.",
                self.dir.display()
            ),
            None => self.set_meta("caseworker", key),
        }
    }

    /// The unit this store is pinned to.
    pub(crate) fn pinned_unit(&self) -> Result<Option<UnitId>> {
        self.meta("unit")?
            .map(|u| {
                u.parse()
                    .map_err(|_| anyhow!("the case store is damaged (bad unit ID)"))
            })
            .transpose()
    }

    /// Pins the store to `unit`.
    pub(crate) fn pin_unit(&self, unit: &UnitId) -> Result<()> {
        self.set_meta("unit", &unit.to_string())
    }

    /// The last roster verified during a sync.
    pub(crate) fn roster(&self) -> Result<Option<SignedRoster>> {
        self.meta("roster")?
            .map(|r| {
                SignedRoster::from_json(r.as_bytes())
                    .map_err(|_| anyhow!("the case store is damaged (bad roster)"))
            })
            .transpose()
    }

    /// Remembers the last verified roster.
    pub(crate) fn save_roster(&self, roster: &SignedRoster) -> Result<()> {
        self.set_meta("roster", &serde_json::to_string(roster)?)
    }

    /// Whether a sync has completed with this store before (since schema
    /// 4): until then, nothing it stores counts as arriving late.
    pub(crate) fn synced_before(&self) -> Result<bool> {
        Ok(self.meta("synced")?.is_some())
    }

    /// A number that changes whenever another connection (another
    /// `sanctuary` command) has changed the store since this one last
    /// looked; this connection's own changes leave it as it is.
    pub(crate) fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))?)
    }

    /// Records that a sync completed.
    pub(crate) fn set_synced(&self) -> Result<()> {
        self.set_meta("synced", "yes")
    }

    /// Stores a message blob (ignored if already stored), as read: the
    /// caseworker's own reply. New reports get an open thread.
    pub(crate) fn insert_blob(&self, blob: NewBlob<'_>) -> Result<()> {
        self.insert_blobs(&[blob], false)
    }

    /// Stores several message blobs and commits them (a sync, which
    /// stores thousands, commits them a few batches at a time with
    /// [`Self::blob_writer`]). With `unread`, each newly stored readable
    /// message is marked unread in the same commit.
    pub(crate) fn insert_blobs(&self, blobs: &[NewBlob<'_>], unread: bool) -> Result<()> {
        let mut writer = self.blob_writer();
        writer.insert(blobs, unread)?;
        writer.commit()
    }

    /// A writer that stores a sync's batches of messages in few commits
    /// (see [`BlobWriter`]).
    pub(crate) fn blob_writer(&self) -> BlobWriter<'_> {
        BlobWriter {
            conn: &self.conn,
            tx: None,
            pending: 0,
        }
    }

    /// The messages not yet shown to the caseworker.
    pub(crate) fn unread(&self) -> Result<HashSet<BlobId>> {
        self.set_of("SELECT id FROM unread", "unread ID")
    }

    /// The values of the one text column `query` selects, parsed; `what`
    /// names them when one is damaged.
    fn set_of<T: std::str::FromStr + Eq + std::hash::Hash>(
        &self,
        query: &str,
        what: &str,
    ) -> Result<HashSet<T>> {
        let mut stmt = self.conn.prepare(query)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = HashSet::new();
        for row in rows {
            let text = row?;
            out.insert(
                text.parse()
                    .map_err(|_| anyhow!("the case store is damaged (a bad {what} {text:?})"))?,
            );
        }
        Ok(out)
    }

    /// Records that the messages `ids` were shown. Only these: a message a
    /// sync stores meanwhile stays unread.
    pub(crate) fn mark_read(&self, ids: &[BlobId]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let tx = self.conn.unchecked_transaction()?;
        {
            let mut delete = tx.prepare_cached("DELETE FROM unread WHERE id = ?1")?;
            for id in ids {
                delete.execute([id.to_hex()])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The IDs of every stored message blob (one scan of the ID index).
    pub(crate) fn blob_ids(&self) -> Result<HashSet<BlobId>> {
        self.set_of("SELECT id FROM blobs", "message ID")
    }

    /// Every stored blob, in local order; with `ciphertext` false, their
    /// ciphertexts are left empty (read them with [`Self::ciphertext`]).
    pub(crate) fn blobs(&self, ciphertext: bool) -> Result<Vec<StoredBlob>> {
        // The table is in `seq` order already; without the ciphertexts, the
        // scan reads no overflow page (the ciphertext is the last column).
        let sql = if ciphertext {
            "SELECT b.id, b.kind, b.day, b.seq, a.received, b.ciphertext
             FROM blobs b LEFT JOIN arrivals a ON a.id = b.id ORDER BY b.seq"
        } else {
            "SELECT b.id, b.kind, b.day, b.seq, a.received, x''
             FROM blobs b LEFT JOIN arrivals a ON a.id = b.id ORDER BY b.seq"
        };
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Vec<u8>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind, day, seq, received, ciphertext) = row?;
            let received = received
                .map(|d| d.parse())
                .transpose()
                .map_err(|_| anyhow!("the case store is damaged (bad day)"))?;
            out.push(StoredBlob {
                id: id
                    .parse()
                    .map_err(|_| anyhow!("the case store is damaged (bad ID)"))?,
                kind: BlobKind::parse(&kind)?,
                day: day
                    .parse()
                    .map_err(|_| anyhow!("the case store is damaged (bad day)"))?,
                seq,
                received,
                ciphertext,
            });
        }
        Ok(out)
    }

    /// One stored blob's ciphertext.
    pub(crate) fn ciphertext(&self, id: &BlobId) -> Result<Vec<u8>> {
        Ok(self.conn.query_row(
            "SELECT ciphertext FROM blobs WHERE id = ?1",
            [id.to_hex()],
            |r| r.get(0),
        )?)
    }

    /// The digests of every message stored since schema 4, in one query
    /// (a sync checks each new message against them). Messages that could
    /// not be opened have none.
    pub(crate) fn digests(&self) -> Result<HashSet<BodyDigest>> {
        self.set_of(
            "SELECT digest FROM arrivals WHERE digest IS NOT NULL",
            "digest",
        )
    }

    /// The status of every thread that has one, by its report, in one
    /// query (threads without a row are open).
    pub(crate) fn statuses(&self) -> Result<HashMap<BlobId, Status>> {
        let mut stmt = self.conn.prepare("SELECT report, status FROM threads")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = HashMap::new();
        for row in rows {
            let (report, status) = row?;
            let report = report
                .parse()
                .map_err(|_| anyhow!("the case store is damaged (a bad thread ID {report:?})"))?;
            out.insert(report, Status::parse(&status));
        }
        Ok(out)
    }

    /// Sets a thread's status.
    pub(crate) fn set_status(&self, report: &BlobId, status: Status) -> Result<()> {
        self.conn.execute(
            "INSERT INTO threads (report, status) VALUES (?1, ?2)
             ON CONFLICT(report) DO UPDATE SET status = excluded.status",
            params![report.to_hex(), status.as_str()],
        )?;
        Ok(())
    }

    /// Records that a blob was deleted from the server.
    pub(crate) fn mark_deleted_on_server(&self, id: &BlobId) -> Result<()> {
        self.conn.execute(
            "UPDATE blobs SET on_server = 0 WHERE id = ?1",
            [id.to_hex()],
        )?;
        Ok(())
    }

    /// The messages a sync of this store has deleted from the server.
    pub(crate) fn deleted_from_server(&self) -> Result<HashSet<BlobId>> {
        self.set_of("SELECT id FROM blobs WHERE on_server = 0", "message ID")
    }

    /// Queues blobs to delete from the server at the next sync.
    pub(crate) fn queue_deletions(&self, items: &[Deletion]) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO pending_deletions (id, kind) VALUES (?1, ?2)",
            )?;
            for item in items {
                insert.execute(params![item.id.to_hex(), item.kind.as_str()])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The deletions waiting for the next sync.
    pub(crate) fn pending_deletions(&self) -> Result<Vec<Deletion>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, kind FROM pending_deletions")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind) = row?;
            let id = id
                .parse()
                .map_err(|_| anyhow!("the case store is damaged (bad pending deletion)"))?;
            let kind = match kind.as_str() {
                "message" => DeletionKind::Message,
                "attachment" => DeletionKind::Attachment,
                _ => bail!("the case store is damaged (bad pending deletion)"),
            };
            out.push(Deletion { id, kind });
        }
        Ok(out)
    }

    /// Records that the server no longer holds `item`.
    pub(crate) fn deletion_done(&self, item: &Deletion) -> Result<()> {
        if item.kind == DeletionKind::Message {
            self.mark_deleted_on_server(&item.id)?;
        }
        self.conn.execute(
            "DELETE FROM pending_deletions WHERE id = ?1",
            [item.id.to_hex()],
        )?;
        Ok(())
    }

    /// Stores a case event this caseworker wrote, under a local `id`, to
    /// be sent at the next sync ([`Self::pending_events`]). It counts at
    /// once: it is read like any stored event.
    pub(crate) fn queue_event(&self, blob: NewBlob<'_>) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        insert_rows(&tx, &[blob], false)?;
        tx.execute(
            "INSERT INTO pending_events (id) VALUES (?1)",
            [blob.id.to_hex()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// How many case events wait to be sent (without reading them).
    pub(crate) fn pending_event_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM pending_events", [], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The case events waiting to be sent, with their ciphertexts.
    pub(crate) fn pending_events(&self) -> Result<Vec<(BlobId, Vec<u8>)>> {
        let mut stmt = self.conn.prepare(
            "SELECT p.id, b.ciphertext FROM pending_events p JOIN blobs b ON b.id = p.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, ciphertext) = row?;
            let id = id
                .parse()
                .map_err(|_| anyhow!("the case store is damaged (bad pending event)"))?;
            out.push((id, ciphertext));
        }
        Ok(out)
    }

    /// Records that the pending event `local` was sent as `ciphertext`
    /// (sealed again to the roster of the moment) and stored by the
    /// server as `server`: the blob takes the server's ID, so that the
    /// next listing finds it known.
    pub(crate) fn event_sent(
        &self,
        local: &BlobId,
        server: &BlobId,
        ciphertext: &[u8],
    ) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        let (local, server) = (local.to_hex(), server.to_hex());
        tx.execute(
            "UPDATE blobs SET id = ?2, ciphertext = ?3 WHERE id = ?1",
            params![local, server, ciphertext],
        )?;
        tx.execute(
            "UPDATE arrivals SET id = ?2 WHERE id = ?1",
            params![local, server],
        )?;
        tx.execute("DELETE FROM pending_events WHERE id = ?1", [local])?;
        tx.commit()?;
        Ok(())
    }

    /// Where an attachment's ciphertext is kept.
    pub(crate) fn attachment_path(&self, id: &BlobId) -> PathBuf {
        self.dir.join("attachments").join(id.to_hex())
    }

    /// Whether an attachment's ciphertext has been downloaded.
    pub(crate) fn has_attachment(&self, id: &BlobId) -> bool {
        self.attachment_path(id).is_file()
    }
}

#[cfg(test)]
mod tests;
