//! Ciphertexts: the bytes of every message, reply and attachment chunk, in
//! one table keyed by a random integer.
//!
//! The small rows that describe a blob (`blobs`, `chunks`) are WITHOUT
//! ROWID tables keyed by random bytes. The ciphertext is kept apart, in a
//! rowid table: a WITHOUT ROWID table is an index b-tree whose cells carry
//! the whole record, so with 16 KiB to 256 KiB records its fanout collapses
//! and every seek compares (and reads) whole neighbouring records. A rowid
//! table's interior cells hold only integer keys.
//!
//! A rowid table is only safe here because no key is ever left to SQLite,
//! which would pick `max(rowid) + 1` and so record the order in which
//! ciphertexts arrived. Every insert names a random key in `1..2^63`, and
//! the schema refuses an insert that names none (trigger
//! `ciphertexts_need_a_random_id`, see `schema.rs`). The rows referring to
//! a ciphertext delete it when they are deleted (triggers again), so
//! retention, forgetting and caseworker deletes leave no orphan behind.

use rusqlite::{Connection, params};

use super::StoreError;

/// How many keys are tried before giving up (a collision among 2^63
/// values is already negligible; eight in a row do not happen).
const ATTEMPTS: usize = 8;

/// A random key in `1..2^63`.
pub(crate) fn random_key() -> i64 {
    let key = (rand::random::<u64>() >> 1) as i64;
    key.max(1)
}

/// Stores `bytes` under a fresh random key and returns the key.
pub(crate) fn insert(conn: &Connection, bytes: &[u8]) -> Result<i64, StoreError> {
    insert_with(conn, bytes, random_key)
}

/// [`insert`] with the keys drawn from `next_key` (tests force a collision).
fn insert_with(
    conn: &Connection,
    bytes: &[u8],
    mut next_key: impl FnMut() -> i64,
) -> Result<i64, StoreError> {
    let mut stmt = conn.prepare_cached("INSERT INTO ciphertexts (id, data) VALUES (?1, ?2)")?;
    for _ in 0..ATTEMPTS {
        let key = next_key();
        match stmt.execute(params![key, bytes]) {
            Ok(_) => return Ok(key),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {}
            Err(e) => return Err(e.into()),
        }
    }
    Err(StoreError::Database(
        "no free ciphertext key was found".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::schema;

    fn database() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = schema::open(&dir.path().join("t.db"), 0).unwrap();
        schema::migrate(&mut conn).unwrap();
        (dir, conn)
    }

    #[test]
    fn a_colliding_key_is_replaced_by_another() {
        let (_dir, conn) = database();
        let first = insert(&conn, b"first").unwrap();
        let mut keys = [first, first, 42].into_iter();
        let second = insert_with(&conn, b"second", || keys.next().unwrap()).unwrap();
        assert_eq!(second, 42);
        let stored: Vec<u8> = conn
            .query_row("SELECT data FROM ciphertexts WHERE id = ?1", [first], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(stored, b"first");
        let always_taken = insert_with(&conn, b"third", || first);
        assert!(matches!(always_taken, Err(StoreError::Database(_))));
    }

    #[test]
    fn keys_are_positive_and_spread() {
        let keys: Vec<i64> = (0..1000).map(|_| random_key()).collect();
        assert!(keys.iter().all(|&k| k >= 1));
        // Each draw is below 2^40 with probability 2^-23: a sequence
        // (1, 2, 3…) would fail this.
        assert!(keys.iter().filter(|&&k| k < 1 << 40).count() <= 1);
    }
}
