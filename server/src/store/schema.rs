//! Connection settings and schema migrations.
//!
//! The tables that describe blobs and mailboxes are `WITHOUT ROWID` and
//! keyed by random bytes; the ciphertexts live in a rowid table keyed by
//! random integers that the server always picks itself (see
//! `ciphertexts.rs`). So no rowid or sequence reveals the order in which
//! things arrived. The only time stored is a day number (days since
//! 1970-01-01, UTC).

use std::path::Path;
use std::time::Duration;

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OpenFlags, params};

use super::{StoreError, ciphertexts};

/// The schema version this build writes (`PRAGMA user_version`).
pub(crate) const SCHEMA_VERSION: u32 = 2;

/// One step of the schema, from version `i` to `i + 1`.
enum Migration {
    /// SQL run as it is.
    Sql(&'static str),
    /// Code, for a step that moves data.
    Code(fn(&Connection) -> Result<(), StoreError>),
}

/// Each migration takes the database from version `i` to `i + 1`, in one
/// transaction, with foreign keys checked at its end.
const MIGRATIONS: &[Migration] = &[
    // 0 -> 1: the first schema (ciphertexts inline).
    Migration::Sql(
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
    ),
    // 1 -> 2: ciphertexts move out of the WITHOUT ROWID rows into their own
    // table under random integer keys.
    Migration::Code(move_ciphertexts),
];

/// The tables of version 2 that replace version 1's `blobs` and `chunks`.
const V2_TABLES: &str = "
    CREATE TABLE blobs (
        id         BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
        kind       TEXT NOT NULL
                   CHECK (kind IN ('message', 'attachment', 'reply-attachment', 'reply')),
        state      TEXT NOT NULL CHECK (state IN ('partial', 'complete')),
        day        INTEGER NOT NULL,
        mailbox    BLOB REFERENCES mailboxes(key) ON DELETE CASCADE,
        ciphertext INTEGER CHECK ((kind IN ('message', 'reply')) = (ciphertext IS NOT NULL))
    ) WITHOUT ROWID;

    CREATE TABLE chunks (
        blob       BLOB NOT NULL REFERENCES blobs(id) ON DELETE CASCADE,
        seq        INTEGER NOT NULL,
        ciphertext INTEGER NOT NULL,
        PRIMARY KEY (blob, seq)
    ) WITHOUT ROWID;

    -- Keyed by a random integer the server picks (ciphertexts.rs): never
    -- by SQLite, whose max(rowid) + 1 would record arrival order. An
    -- insert that names no key reaches this trigger with -1.
    CREATE TABLE ciphertexts (
        id   INTEGER PRIMARY KEY,
        data BLOB NOT NULL
    );
    CREATE TRIGGER ciphertexts_need_a_random_id BEFORE INSERT ON ciphertexts
    WHEN NEW.id IS NULL OR NEW.id < 1
    BEGIN
        SELECT RAISE(ABORT, 'ciphertexts need an explicit random id');
    END;

    -- A ciphertext goes with the row that refers to it (also when that row
    -- goes by a foreign-key cascade).
    CREATE TRIGGER blobs_delete_ciphertext AFTER DELETE ON blobs
    WHEN OLD.ciphertext IS NOT NULL
    BEGIN
        DELETE FROM ciphertexts WHERE id = OLD.ciphertext;
    END;
    CREATE TRIGGER chunks_delete_ciphertext AFTER DELETE ON chunks
    BEGIN
        DELETE FROM ciphertexts WHERE id = OLD.ciphertext;
    END;
";

/// Version 2's indexes (created once the tables are filled). A mailbox
/// fetch reads its replies' rows from `blobs_by_mailbox` alone (it covers
/// every column the fetch needs), then each ciphertext by its key.
const V2_INDEXES: &str = "
    CREATE INDEX blobs_by_kind ON blobs(kind, id);
    CREATE INDEX blobs_by_mailbox ON blobs(mailbox, kind, state, id, day, ciphertext)
        WHERE mailbox IS NOT NULL;
";

/// 1 -> 2: copies every blob and chunk into the version 2 tables, each
/// ciphertext under a fresh random key, in the order of the random blob
/// IDs (so neither the keys nor the new pages follow arrival order), then
/// drops the old tables (`secure_delete` zeroes their pages).
fn move_ciphertexts(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "ALTER TABLE chunks RENAME TO chunks_v1;
         ALTER TABLE blobs RENAME TO blobs_v1;",
    )?;
    conn.execute_batch(V2_TABLES)?;
    {
        let mut read =
            conn.prepare("SELECT id, kind, state, day, mailbox, data FROM blobs_v1 ORDER BY id")?;
        let mut write = conn.prepare(
            "INSERT INTO blobs (id, kind, state, day, mailbox, ciphertext)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut rows = read.query([])?;
        while let Some(row) = rows.next()? {
            let ciphertext = match row.get_ref(5)? {
                ValueRef::Null => None,
                ValueRef::Blob(bytes) => Some(ciphertexts::insert(conn, bytes)?),
                _ => return Err(StoreError::Database("a stored blob is not bytes".into())),
            };
            write.execute(params![
                row.get::<_, Value>(0)?,
                row.get::<_, Value>(1)?,
                row.get::<_, Value>(2)?,
                row.get::<_, Value>(3)?,
                row.get::<_, Value>(4)?,
                ciphertext
            ])?;
        }
        let mut read = conn.prepare("SELECT blob, seq, data FROM chunks_v1 ORDER BY blob, seq")?;
        let mut write =
            conn.prepare("INSERT INTO chunks (blob, seq, ciphertext) VALUES (?1, ?2, ?3)")?;
        let mut rows = read.query([])?;
        while let Some(row) = rows.next()? {
            let ValueRef::Blob(bytes) = row.get_ref(2)? else {
                return Err(StoreError::Database("a stored chunk is not bytes".into()));
            };
            let ciphertext = ciphertexts::insert(conn, bytes)?;
            write.execute(params![
                row.get::<_, Value>(0)?,
                row.get::<_, Value>(1)?,
                ciphertext
            ])?;
        }
    }
    conn.execute_batch(
        "DROP TABLE chunks_v1;
         DROP TABLE blobs_v1;",
    )?;
    conn.execute_batch(V2_INDEXES)?;
    Ok(())
}

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
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

fn run_migrations(conn: &mut Connection, version: u32) -> Result<(), StoreError> {
    for (from, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        match step {
            Migration::Sql(sql) => tx.execute_batch(sql)?,
            Migration::Code(run) => run(&tx)?,
        }
        let broken: Option<String> = {
            let mut check = tx.prepare("PRAGMA foreign_key_check")?;
            let mut rows = check.query([])?;
            rows.next()?.map(|r| r.get(0)).transpose()?
        };
        if let Some(table) = broken {
            return Err(StoreError::Database(format!(
                "migrating to schema version {} left a dangling reference in {table}",
                from + 1
            )));
        }
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

    fn tables(conn: &Connection) -> Vec<(String, String)> {
        let mut stmt = conn
            .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn only_the_ciphertexts_table_has_rowids_and_it_never_picks_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open(&dir.path().join("t.db"), 0).unwrap();
        migrate(&mut conn).unwrap();
        let tables = tables(&conn);
        let names: Vec<&str> = tables.iter().map(|(n, _)| n.as_str()).collect();
        // No sqlite_sequence: nothing is AUTOINCREMENT.
        assert_eq!(
            names,
            ["blobs", "chunks", "ciphertexts", "mailboxes", "meta"]
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

    fn count(haystack: &[u8], needle: &[u8]) -> usize {
        haystack
            .windows(needle.len())
            .filter(|w| *w == needle)
            .count()
    }

    /// Regression: version 1 kept ciphertexts inline in WITHOUT ROWID rows.
    #[test]
    fn a_version_1_database_is_migrated_with_every_ciphertext() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let blob = |marker: u8, len: usize| {
            let mut b = vec![marker; len];
            b[..6].copy_from_slice(b"MARKER");
            b
        };
        let mailbox = [1u8; 32];
        let (message, reply) = (blob(b'm', 20_000), blob(b'r', 17_000));
        let chunks: Vec<Vec<u8>> = (0..3u8).map(|i| blob(b'a' + i, 256 * 1024)).collect();
        {
            let conn = open(&path, 0).unwrap();
            let Migration::Sql(v1) = MIGRATIONS[0] else {
                panic!("version 1 is SQL")
            };
            conn.execute_batch(v1).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute(
                "INSERT INTO mailboxes (key, forget_hash, state, last_day)
                 VALUES (?1, NULL, 'open', 20000)",
                [mailbox],
            )
            .unwrap();
            let insert = "INSERT INTO blobs (id, kind, state, day, mailbox, data)
                          VALUES (?1, ?2, ?3, 20000, ?4, ?5)";
            conn.execute(
                insert,
                params![[1u8; 16], "message", "complete", None::<Vec<u8>>, message],
            )
            .unwrap();
            conn.execute(
                insert,
                params![[2u8; 16], "reply", "complete", mailbox, reply],
            )
            .unwrap();
            conn.execute(
                insert,
                params![
                    [3u8; 16],
                    "reply-attachment",
                    "complete",
                    mailbox,
                    None::<Vec<u8>>
                ],
            )
            .unwrap();
            conn.execute(
                insert,
                params![
                    [4u8; 16],
                    "attachment",
                    "partial",
                    None::<Vec<u8>>,
                    None::<Vec<u8>>
                ],
            )
            .unwrap();
            for (seq, data) in chunks.iter().enumerate() {
                conn.execute(
                    "INSERT INTO chunks (blob, seq, data) VALUES (?1, ?2, ?3)",
                    params![[3u8; 16], seq, data],
                )
                .unwrap();
            }
            conn.execute(
                "INSERT INTO chunks (blob, seq, data) VALUES (?1, 0, ?2)",
                params![[4u8; 16], blob(b'p', 1000)],
            )
            .unwrap();
        }

        let mut conn = open(&path, 0).unwrap();
        migrate(&mut conn).unwrap();
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let foreign_keys: bool = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert!(foreign_keys);
        let fresh = tempfile::tempdir().unwrap();
        let mut fresh = open(&fresh.path().join("t.db"), 0).unwrap();
        migrate(&mut fresh).unwrap();
        assert_eq!(
            tables(&conn),
            tables(&fresh),
            "same schema as a new database"
        );

        type Row = (Vec<u8>, String, String, u32, Option<Vec<u8>>);
        let rows: Vec<Row> = conn
            .prepare("SELECT id, kind, state, day, mailbox FROM blobs ORDER BY id")
            .unwrap()
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let kinds: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
        assert_eq!(
            kinds,
            ["message", "reply", "reply-attachment", "attachment"]
        );
        assert_eq!(rows[1].4.as_deref(), Some(&mailbox[..]));
        assert_eq!(rows[3].2, "partial");
        let data = |id: [u8; 16]| -> Vec<u8> {
            conn.query_row(
                "SELECT c.data FROM blobs b JOIN ciphertexts c ON c.id = b.ciphertext
                 WHERE b.id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(data([1; 16]), message);
        assert_eq!(data([2; 16]), reply);
        let moved: Vec<Vec<u8>> = conn
            .prepare(
                "SELECT c.data FROM chunks k JOIN ciphertexts c ON c.id = k.ciphertext
                 WHERE k.blob = ?1 ORDER BY k.seq",
            )
            .unwrap()
            .query_map([[3u8; 16]], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(moved, chunks);
        let ciphertexts: i64 = conn
            .query_row("SELECT count(*) FROM ciphertexts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ciphertexts, 6);

        // Each ciphertext is in the file once: the old copies were zeroed,
        // and the write-ahead log was truncated.
        let raw = std::fs::read(&path).unwrap();
        assert_eq!(count(&raw, b"MARKER"), 6);
        let wal = std::fs::metadata(dir.path().join("t.db-wal")).unwrap();
        assert_eq!(wal.len(), 0);

        // Deleting the mailbox takes its reply and the reply attachment's
        // chunks with it, ciphertexts included.
        conn.execute("DELETE FROM mailboxes", []).unwrap();
        let left: Vec<Vec<u8>> = conn
            .prepare("SELECT data FROM ciphertexts")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(left.len(), 2);
        assert!(left.contains(&message));
    }
}
