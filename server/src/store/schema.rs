//! Connection settings and schema migrations.
//!
//! The tables that describe blobs and mailboxes are `WITHOUT ROWID` and
//! keyed by random bytes; the ciphertexts live in a rowid table keyed by
//! random integers that the server always picks itself (see
//! `ciphertexts.rs`). So no rowid or sequence reveals the order in which
//! things arrived. The only time stored is a day number (days since
//! 1970-01-01, UTC).

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

use super::{StoreError, migration_2};

/// The schema version this build writes (`PRAGMA user_version`).
pub(crate) const SCHEMA_VERSION: u32 = 5;

/// Version 1, the first schema: ciphertexts inline in the WITHOUT ROWID
/// rows of `blobs` and `chunks`.
pub(super) const SCHEMA_V1: &str = "
    CREATE TABLE meta (
        name  TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE mailboxes (
        key         BLOB PRIMARY KEY NOT NULL CHECK (length(key) = 32),
        forget_hash BLOB CHECK (forget_hash IS NULL OR length(forget_hash) = 32),
        state       TEXT NOT NULL CHECK (state IN ('open', 'forgotten')),
        last_day    INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE blobs (
        id      BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
        kind    TEXT NOT NULL
                CHECK (kind IN ('message', 'attachment', 'reply-attachment', 'reply')),
        state   TEXT NOT NULL CHECK (state IN ('partial', 'complete')),
        day     INTEGER NOT NULL,
        mailbox BLOB REFERENCES mailboxes(key) ON DELETE CASCADE,
        data    BLOB
    ) WITHOUT ROWID;
    CREATE INDEX blobs_by_kind ON blobs(kind, id);
    CREATE INDEX blobs_by_mailbox ON blobs(mailbox) WHERE mailbox IS NOT NULL;

    CREATE TABLE chunks (
        blob BLOB NOT NULL REFERENCES blobs(id) ON DELETE CASCADE,
        seq  INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (blob, seq)
    ) WITHOUT ROWID;
    ";

/// Version 3: mailboxes forgotten before their first reply. Each row is one
/// forget request's mailbox (storage key) and the hash of the secret it
/// gave, with its day; `mailbox.rs` says how replies are checked against
/// them.
pub(super) const SCHEMA_V3: &str = "
    CREATE TABLE tombstones (
        mailbox     BLOB NOT NULL CHECK (length(mailbox) = 32),
        forget_hash BLOB NOT NULL CHECK (length(forget_hash) = 32),
        day         INTEGER NOT NULL,
        PRIMARY KEY (mailbox, forget_hash)
    ) WITHOUT ROWID;
    ";

/// Version 4: whether a caseworker has fetched a reporter's attachment
/// (a bit, no time), so that attachments nobody fetched within the
/// operator's limit expire (`retention.rs`). Rows from before are taken
/// as fetched: they keep their retention. Other kinds are always 1.
pub(super) const SCHEMA_V4: &str = "
    ALTER TABLE blobs ADD COLUMN fetched INTEGER NOT NULL DEFAULT 1
        CHECK (fetched IN (0, 1));
    ";

/// Version 5: reporters' uploads that may be resumed (`docs/protocol.md`
/// §7.1). A row exists only while its blob is partial: the handle (a hash
/// of the client's upload secret) and the length the upload declared; the
/// blob's row has the day. Finishing the upload deletes the row; retention deletes
/// partial blobs after two days, and the row with them.
pub(super) const SCHEMA_V5: &str = "
    CREATE TABLE resumable (
        handle BLOB PRIMARY KEY NOT NULL CHECK (length(handle) = 32),
        blob   BLOB NOT NULL REFERENCES blobs(id) ON DELETE CASCADE,
        length INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX resumable_by_blob ON resumable(blob);
    ";

/// One step of the schema, from version `i` to `i + 1`.
enum Migration {
    /// SQL run in one transaction, with foreign keys checked at its end.
    Sql(&'static str),
    /// Code that moves data in transactions of its own, resumes an
    /// interrupted run, and sets the new version in its last transaction.
    Steps(fn(&mut Connection) -> Result<(), StoreError>),
}

/// Each migration takes the database from version `i` to `i + 1`.
const MIGRATIONS: &[Migration] = &[
    // 0 -> 1: the first schema (ciphertexts inline).
    Migration::Sql(SCHEMA_V1),
    // 1 -> 2: ciphertexts move out of the WITHOUT ROWID rows into their own
    // table under random integer keys.
    Migration::Steps(migration_2::run),
    // 2 -> 3: tombstones of mailboxes forgotten before their first reply.
    Migration::Sql(SCHEMA_V3),
    // 3 -> 4: the fetched bit of reporters' attachments.
    Migration::Sql(SCHEMA_V4),
    // 4 -> 5: uploads that may be resumed.
    Migration::Sql(SCHEMA_V5),
];

/// Opens a connection with the settings every connection needs.
pub(crate) fn open(path: &Path, max_database_mb: u64) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(Duration::from_secs(30))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA secure_delete = ON;
         PRAGMA foreign_keys = ON;",
    )?;
    if max_database_mb > 0 {
        let page_size: u64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        let pages = max_database_mb.saturating_mul(1024 * 1024) / page_size.max(1);
        conn.pragma_update(None, "max_page_count", pages.max(1))?;
    }
    Ok(conn)
}

/// Brings the schema up to [`SCHEMA_VERSION`], refusing a database written
/// by a newer build. After a migration the write-ahead log is checkpointed
/// and truncated, so it keeps no copy of the moved pages.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    // Tables are rebuilt under their own names: foreign keys are checked
    // once, at the end of each step, instead of cascading on the way (the
    // setting cannot change inside a transaction).
    conn.pragma_update(None, "foreign_keys", false)?;
    let migrated = run_migrations(conn, version);
    conn.pragma_update(None, "foreign_keys", true)?;
    migrated?;
    truncate_log(conn)
}

/// How long [`truncate_log`] retries while the database is busy.
const TRUNCATE_PATIENCE: Duration = Duration::from_secs(10);

/// Copies the whole write-ahead log into the database and empties it
/// (`PRAGMA wal_checkpoint(TRUNCATE)`), so deleted data does not linger in
/// the log. SQLite answers "busy" at once while another checkpoint runs
/// (the background one, `checkpointer.rs`, or another process's); that is
/// retried for up to [`TRUNCATE_PATIENCE`]. (Readers of an older snapshot
/// are waited for by SQLite itself, through the busy timeout.)
pub(crate) fn truncate_log(conn: &Connection) -> Result<(), StoreError> {
    let deadline = Instant::now() + TRUNCATE_PATIENCE;
    loop {
        let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy == 0 {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(StoreError::Database(
                "the write-ahead log could not be emptied: the database stayed busy".into(),
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn run_migrations(conn: &mut Connection, version: u32) -> Result<(), StoreError> {
    for (from, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let to = from as u32 + 1;
        match step {
            Migration::Sql(sql) => {
                let tx = conn.transaction()?;
                tx.execute_batch(sql)?;
                check_foreign_keys(&tx, to)?;
                tx.pragma_update(None, "user_version", to)?;
                tx.commit()?;
            }
            Migration::Steps(run) => run(conn)?,
        }
    }
    Ok(())
}

/// Fails if a foreign key of the migration to version `to` dangles.
pub(super) fn check_foreign_keys(conn: &Connection, to: u32) -> Result<(), StoreError> {
    let broken: Option<String> = {
        let mut check = conn.prepare("PRAGMA foreign_key_check")?;
        let mut rows = check.query([])?;
        rows.next()?.map(|r| r.get(0)).transpose()?
    };
    match broken {
        None => Ok(()),
        Some(table) => Err(StoreError::Database(format!(
            "migrating to schema version {to} left a dangling reference in {table}"
        ))),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_refuses_newer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut conn = open(&path, 0).unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let v: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        assert!(matches!(
            migrate(&mut conn),
            Err(StoreError::NewerSchema { .. })
        ));
    }

    /// The schema's entries of type `kind` (`table`, `index`, `trigger`),
    /// or all of them: (name, SQL), by name.
    pub(crate) fn schema_entries(conn: &Connection, kind: Option<&str>) -> Vec<(String, String)> {
        let mut stmt = conn
            .prepare(
                "SELECT name, sql FROM sqlite_schema WHERE ?1 IS NULL OR type = ?1 ORDER BY name",
            )
            .unwrap();
        stmt.query_map([kind], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn only_the_ciphertexts_table_has_rowids_and_it_never_picks_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open(&dir.path().join("t.db"), 0).unwrap();
        migrate(&mut conn).unwrap();
        let tables = schema_entries(&conn, Some("table"));
        let names: Vec<&str> = tables.iter().map(|(n, _)| n.as_str()).collect();
        // No sqlite_sequence: nothing is AUTOINCREMENT.
        assert_eq!(
            names,
            [
                "blobs",
                "chunks",
                "ciphertexts",
                "mailboxes",
                "meta",
                "resumable",
                "tombstones"
            ]
        );
        for (name, sql) in &tables {
            assert_eq!(
                sql.ends_with("WITHOUT ROWID"),
                name != "ciphertexts",
                "{sql}"
            );
        }
        // An insert that leaves the key to SQLite is refused.
        for sql in [
            "INSERT INTO ciphertexts (data) VALUES (x'00')",
            "INSERT INTO ciphertexts (id, data) VALUES (NULL, x'00')",
            "INSERT INTO ciphertexts (id, data) VALUES (0, x'00')",
            "INSERT OR REPLACE INTO ciphertexts (data) VALUES (x'00')",
        ] {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
        conn.execute("INSERT INTO ciphertexts (id, data) VALUES (7, x'00')", [])
            .unwrap();
    }
}
