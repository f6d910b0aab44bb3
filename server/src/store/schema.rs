//! Connection settings and schema migrations.
//!
//! Every table is `WITHOUT ROWID` and keyed by random bytes, so no rowid or
//! sequence reveals the order in which things arrived. The only time stored
//! is a day number (days since 1970-01-01, UTC).

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::StoreError;

/// The schema version this build writes (`PRAGMA user_version`).
pub(crate) const SCHEMA_VERSION: u32 = 1;

/// Each migration takes the database from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 0 -> 1: the first schema.
    "
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
    ",
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
/// by a newer build.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    for (from, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", from + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn every_table_is_without_rowid() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open(&dir.path().join("t.db"), 0).unwrap();
        migrate(&mut conn).unwrap();
        let mut stmt = conn
            .prepare("SELECT sql FROM sqlite_schema WHERE type = 'table'")
            .unwrap();
        let tables: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(tables.len(), 4);
        for sql in tables {
            assert!(sql.ends_with("WITHOUT ROWID"), "{sql}");
        }
    }
}
