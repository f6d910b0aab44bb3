//! Schema migration 1 -> 2: ciphertexts move out of the WITHOUT ROWID rows
//! of `blobs` and `chunks` into their own table, `ciphertexts`, under
//! random integer keys (`ciphertexts.rs` says why).
//!
//! The old tables are set aside (`blobs_v1`, `chunks_v1`), then emptied
//! into the new ones in steps of about [`STEP_BYTES`] of ciphertext, each
//! step one transaction followed by a checkpoint that empties the
//! write-ahead log. So the move needs little free space (the pages one step
//! frees, zeroed by `secure_delete`, hold the next step's rows), and a move
//! cut short (crash, full disk) resumes where it stopped at the next start:
//! the version stays 1 until the last step drops the emptied tables, checks
//! the foreign keys and sets version 2. Rows are moved in the order of
//! their random IDs, so neither the new keys nor the new pages follow
//! arrival order.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension as _, TransactionBehavior, params};

use super::{StoreError, ciphertexts, schema};

/// The version 2 tables that replace version 1's `blobs` and `chunks`.
pub(super) const TABLES: &str = "
    CREATE TABLE blobs (
        id         BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
        kind       TEXT NOT NULL
                   CHECK (kind IN ('message', 'attachment', 'reply-attachment', 'reply')),
        state      TEXT NOT NULL CHECK (state IN ('partial', 'complete')),
        day        INTEGER NOT NULL,
        mailbox    BLOB REFERENCES mailboxes(key) ON DELETE CASCADE,
        ciphertext INTEGER CHECK ((kind IN ('message', 'reply')) = (ciphertext IS NOT NULL))
    ) WITHOUT ROWID;
    CREATE INDEX blobs_by_kind ON blobs(kind, id);
    -- A mailbox fetch reads its replies' rows from this index alone.
    CREATE INDEX blobs_by_mailbox ON blobs(mailbox, kind, state, id, day, ciphertext)
        WHERE mailbox IS NOT NULL;

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

/// Ciphertext bytes moved per transaction.
const STEP_BYTES: usize = 64 * 1024 * 1024;

/// Runs (or resumes) the migration. Foreign keys must be off.
pub(super) fn run(conn: &mut Connection) -> Result<(), StoreError> {
    run_in_steps(conn, STEP_BYTES)
}

fn run_in_steps(conn: &mut Connection, step_bytes: usize) -> Result<(), StoreError> {
    set_aside(conn)?;
    while !move_step(conn, step_bytes)? {
        schema::truncate_log(conn)?;
    }
    Ok(())
}

/// Renames the old tables out of the way and creates the new ones, unless
/// an earlier, interrupted run did.
fn set_aside(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let done: bool = tx.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'blobs_v1'",
        [],
        |r| r.get(0),
    )?;
    if !done {
        tx.execute_batch(
            "DROP INDEX blobs_by_kind;
             DROP INDEX blobs_by_mailbox;
             ALTER TABLE chunks RENAME TO chunks_v1;
             ALTER TABLE blobs RENAME TO blobs_v1;",
        )?;
        tx.execute_batch(TABLES)?;
    }
    tx.commit()?;
    Ok(())
}

/// Moves about `budget` bytes of ciphertext, blobs first, then chunks. The
/// step that finds nothing left finishes the migration. Returns whether it
/// did.
fn move_step(conn: &mut Connection, budget: usize) -> Result<bool, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut moved = 0;
    while moved < budget {
        let Some(n) = move_blob(&tx)? else { break };
        moved += n;
    }
    while moved < budget {
        let Some(n) = move_chunk(&tx)? else { break };
        moved += n;
    }
    let finished = moved < budget;
    if finished {
        tx.execute_batch(
            "DROP TABLE chunks_v1;
             DROP TABLE blobs_v1;",
        )?;
        schema::check_foreign_keys(&tx, 2)?;
        tx.pragma_update(None, "user_version", 2)?;
    }
    tx.commit()?;
    Ok(finished)
}

/// Moves the old blob with the lowest ID; returns its size (at least 1),
/// or `None` if none is left.
fn move_blob(conn: &Connection) -> Result<Option<usize>, StoreError> {
    type Row = (Vec<u8>, Value, Value, Value, Value, Option<Vec<u8>>);
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT id, kind, state, day, mailbox, data FROM blobs_v1 ORDER BY id LIMIT 1",
        )?
        .query_row([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .optional()?;
    let Some((id, kind, state, day, mailbox, data)) = row else {
        return Ok(None);
    };
    let ciphertext = data
        .as_deref()
        .map(|d| ciphertexts::insert(conn, d))
        .transpose()?;
    conn.prepare_cached(
        "INSERT INTO blobs (id, kind, state, day, mailbox, ciphertext)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![id, kind, state, day, mailbox, ciphertext])?;
    conn.prepare_cached("DELETE FROM blobs_v1 WHERE id = ?1")?
        .execute([&id])?;
    Ok(Some(data.map_or(0, |d| d.len()).max(1)))
}

/// Moves the old chunk first in (blob, seq) order; returns its size (at
/// least 1), or `None` if none is left.
fn move_chunk(conn: &Connection) -> Result<Option<usize>, StoreError> {
    let row: Option<(Vec<u8>, i64, Vec<u8>)> = conn
        .prepare_cached("SELECT blob, seq, data FROM chunks_v1 ORDER BY blob, seq LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((blob, seq, data)) = row else {
        return Ok(None);
    };
    let ciphertext = ciphertexts::insert(conn, &data)?;
    conn.prepare_cached("INSERT INTO chunks (blob, seq, ciphertext) VALUES (?1, ?2, ?3)")?
        .execute(params![blob, seq, ciphertext])?;
    conn.prepare_cached("DELETE FROM chunks_v1 WHERE blob = ?1 AND seq = ?2")?
        .execute(params![blob, seq])?;
    Ok(Some(data.len().max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::schema::tests::schema_entries;
    use crate::store::schema::{SCHEMA_V1, SCHEMA_VERSION, migrate, open};

    fn count(haystack: &[u8], needle: &[u8]) -> usize {
        haystack
            .windows(needle.len())
            .filter(|w| *w == needle)
            .count()
    }

    fn marked(marker: u8, len: usize) -> Vec<u8> {
        let mut b = vec![marker; len];
        b[..6].copy_from_slice(b"MARKER");
        b
    }

    const MAILBOX: [u8; 32] = [1; 32];

    /// A version 1 database: a message, a reply, a bound reply attachment
    /// of three chunks and an unfinished upload of one.
    fn version_1(path: &std::path::Path) -> (Vec<u8>, Vec<u8>, Vec<Vec<u8>>) {
        let (message, reply) = (marked(b'm', 20_000), marked(b'r', 17_000));
        let chunks: Vec<Vec<u8>> = (0..3u8).map(|i| marked(b'a' + i, 256 * 1024)).collect();
        let conn = open(path, 0).unwrap();
        conn.execute_batch(SCHEMA_V1).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO mailboxes (key, forget_hash, state, last_day)
             VALUES (?1, NULL, 'open', 20000)",
            [MAILBOX],
        )
        .unwrap();
        let none = None::<Vec<u8>>;
        let insert = "INSERT INTO blobs (id, kind, state, day, mailbox, data)
                      VALUES (?1, ?2, ?3, 20000, ?4, ?5)";
        let rows = [
            ([1u8; 16], "message", "complete", None, Some(&message)),
            ([2; 16], "reply", "complete", Some(MAILBOX), Some(&reply)),
            ([3; 16], "reply-attachment", "complete", Some(MAILBOX), None),
            ([4; 16], "attachment", "partial", None, None),
        ];
        for (id, kind, state, mailbox, data) in rows {
            conn.execute(
                insert,
                params![id, kind, state, mailbox, data.or(none.as_ref())],
            )
            .unwrap();
        }
        for (seq, data) in chunks.iter().enumerate() {
            conn.execute(
                "INSERT INTO chunks (blob, seq, data) VALUES (?1, ?2, ?3)",
                params![[3u8; 16], seq, data],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO chunks (blob, seq, data) VALUES (?1, 0, ?2)",
            params![[4u8; 16], marked(b'p', 1000)],
        )
        .unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        (message, reply, chunks)
    }

    fn check_migrated(conn: &Connection, message: &[u8], reply: &[u8], chunks: &[Vec<u8>]) {
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
            schema_entries(conn, None),
            schema_entries(&fresh, None),
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
        assert_eq!(rows[1].4.as_deref(), Some(&MAILBOX[..]));
        assert_eq!(rows[3].2, "partial");
        assert!(rows.iter().all(|r| r.3 == 20000));
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
    }

    /// Regression: version 1 kept ciphertexts inline in WITHOUT ROWID rows.
    #[test]
    fn a_version_1_database_is_migrated_with_every_ciphertext() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let (message, reply, chunks) = version_1(&path);
        let before = std::fs::metadata(&path).unwrap().len();

        let mut conn = open(&path, 0).unwrap();
        migrate(&mut conn).unwrap();
        check_migrated(&conn, &message, &reply, &chunks);

        // Each ciphertext is in the file once: the old copies were zeroed,
        // and the write-ahead log was emptied. The file grew by little more
        // than a chunk (the pages freed by each move hold the next one).
        let raw = std::fs::read(&path).unwrap();
        assert_eq!(count(&raw, b"MARKER"), 6);
        let wal = std::fs::metadata(dir.path().join("t.db-wal")).unwrap();
        assert_eq!(wal.len(), 0);
        let grown = raw.len() as u64 - before;
        assert!(grown <= 320 * 1024, "{before} -> {}", raw.len());

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

    #[test]
    fn an_interrupted_migration_resumes_where_it_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let (message, reply, chunks) = version_1(&path);
        {
            let mut conn = open(&path, 0).unwrap();
            conn.pragma_update(None, "foreign_keys", false).unwrap();
            set_aside(&mut conn).unwrap();
            // Two small steps: the message, then the reply. Then a "crash".
            assert!(!move_step(&mut conn, 1).unwrap());
            assert!(!move_step(&mut conn, 1).unwrap());
            let version: u32 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(version, 1);
        }
        let mut conn = open(&path, 0).unwrap();
        migrate(&mut conn).unwrap();
        check_migrated(&conn, &message, &reply, &chunks);
        // Small steps all the way give the same result.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let (message, reply, chunks) = version_1(&path);
        let mut conn = open(&path, 0).unwrap();
        conn.pragma_update(None, "foreign_keys", false).unwrap();
        run_in_steps(&mut conn, 100_000).unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        // The later migrations, from version 2 on.
        migrate(&mut conn).unwrap();
        check_migrated(&conn, &message, &reply, &chunks);
    }
}
