//! Regression: nothing in the database may order blobs by arrival.
//!
//! Schema version 2 keeps ciphertexts in a rowid table (`ciphertexts`), the
//! one table where SQLite could pick keys itself (`max(rowid) + 1`, which
//! would record the order blobs arrived in). These tests pin that every
//! key is random and named by the server: by the keys found after many
//! writes, by the schema's refusal of an insert without a key, and by every
//! `INSERT` in the server's source naming the key column.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

use std::path::Path;

use rusqlite::Connection;
use sanctuary_crypto::ids::{BlobId, ForgetSecret};
use sanctuary_server::store::{BlobKind, CHUNK_LEN, DATABASE_FILE, Store, StoreOptions};

/// Tables that have rowids (no `WITHOUT ROWID`), with their key column.
fn rowid_tables(conn: &Connection) -> Vec<(String, String)> {
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table'")
        .unwrap();
    let tables: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .filter(|(_, sql)| !sql.contains("WITHOUT ROWID"))
        .map(|(name, _)| {
            // The key must be an INTEGER PRIMARY KEY (an alias of the rowid,
            // which VACUUM keeps), never a hidden rowid SQLite numbers.
            let key: String = conn
                .query_row(
                    &format!("SELECT name FROM pragma_table_info('{name}') WHERE pk = 1 AND type = 'INTEGER'"),
                    [],
                    |r| r.get(0),
                )
                .unwrap_or_else(|_| panic!("{name} has rowids but no INTEGER PRIMARY KEY"));
            (name, key)
        })
        .collect()
}

fn ciphertext_key(conn: &Connection, blob: &BlobId) -> i64 {
    conn.query_row(
        "SELECT ciphertext FROM blobs WHERE id = ?1",
        [blob.as_bytes()],
        |r| r.get(0),
    )
    .unwrap()
}

#[tokio::test]
async fn ciphertext_keys_do_not_follow_arrival_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    let store = Store::open(&path, StoreOptions::default()).unwrap();
    // Messages and replies one after another, and an attachment's chunks.
    let mut blobs = Vec::new();
    for i in 0..200u32 {
        let blob = format!("message {i}").into_bytes();
        let id = if i % 4 == 3 {
            let secret = ForgetSecret::from_bytes([i as u8; 32]);
            store
                .post_reply([i as u8; 32], secret.hash(), blob, Vec::new())
                .await
                .unwrap()
        } else {
            store.put_message(blob).await.unwrap()
        };
        blobs.push(id);
    }
    let mut upload = store
        .begin_upload(BlobKind::Attachment, None)
        .await
        .unwrap();
    for i in 0..40u8 {
        upload.append(vec![i; CHUNK_LEN]).await.unwrap();
    }
    let attachment = upload.finish(Vec::new()).await.unwrap();
    store.close().await;

    let conn = Connection::open(&path).unwrap();
    let mut keys: Vec<i64> = blobs.iter().map(|b| ciphertext_key(&conn, b)).collect();
    let chunk_keys: Vec<i64> = conn
        .prepare("SELECT ciphertext FROM chunks WHERE blob = ?1 ORDER BY seq")
        .unwrap()
        .query_map([attachment.as_bytes()], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(chunk_keys.len(), 40);
    for series in [&keys, &chunk_keys] {
        // In arrival order, a random series rises about half the time
        // (standard deviation under 4 % here); a sequence always rises.
        let rises = series.windows(2).filter(|w| w[1] > w[0]).count();
        let steps = series.len() - 1;
        assert!(
            rises * 10 >= steps * 2 && rises * 10 <= steps * 8,
            "{rises} rises in {steps} steps: keys follow arrival order"
        );
    }
    // Spread over 2^63: no two keys within 2^24 of each other (probability
    // under 10^-7 for random keys; consecutive keys would fail).
    keys.extend(&chunk_keys);
    keys.sort_unstable();
    assert!(keys[0] >= 1);
    assert!(keys.windows(2).all(|w| w[1] - w[0] >= 1 << 24), "{keys:?}");
    let stored: i64 = conn
        .query_row("SELECT count(*) FROM ciphertexts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, keys.len() as i64);
}

#[tokio::test]
async fn no_table_lets_sqlite_pick_a_rowid() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    let store = Store::open(&path, StoreOptions::default()).unwrap();
    store.close().await;
    let conn = Connection::open(&path).unwrap();
    let tables = rowid_tables(&conn);
    assert_eq!(
        tables,
        [("ciphertexts".to_owned(), "id".to_owned())],
        "a new rowid table needs the same guard and this test"
    );
    let autoincrement: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(autoincrement, 0);

    // The schema refuses an insert that leaves the key to SQLite.
    for (table, _) in &tables {
        for sql in [
            format!("INSERT INTO {table} (data) VALUES (x'00')"),
            format!("INSERT INTO {table} DEFAULT VALUES"),
            format!("INSERT OR REPLACE INTO {table} (data) VALUES (x'00')"),
        ] {
            assert!(conn.execute(&sql, []).is_err(), "{sql} was accepted");
        }
    }

    // Every INSERT (or REPLACE) in the server's source names the key of a
    // rowid table it writes to.
    let mut statements = 0;
    for file in rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (table, columns) in inserts(&text) {
            statements += 1;
            if let Some((_, key)) = tables.iter().find(|(t, _)| *t == table) {
                assert!(
                    columns.iter().any(|c| c == key),
                    "{}: INSERT INTO {table} ({}) leaves the rowid to SQLite",
                    file.display(),
                    columns.join(", ")
                );
            }
        }
    }
    assert!(statements >= 8, "the scan found only {statements} INSERTs");
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// Every `INSERT [OR …] INTO table (columns…)` and `REPLACE INTO` in
/// `text` outside its tests: the table and the columns named. A statement
/// without a column list names no key: it is returned with no columns.
fn inserts(text: &str) -> Vec<(String, Vec<String>)> {
    // Unit tests (at the end of a file) insert badly on purpose.
    let code = text.split("\n#[cfg(test)]").next().unwrap_or("");
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(" INTO ") {
        let before: Vec<&str> = rest[..at]
            .rsplit(char::is_whitespace)
            .filter(|w| !w.is_empty())
            .take(3)
            .map(|w| w.rsplit(['"', '(']).next().unwrap_or(w))
            .collect();
        rest = &rest[at + " INTO ".len()..];
        let is_insert = match before.as_slice() {
            [verb, ..] if *verb == "INSERT" || *verb == "REPLACE" => true,
            [_, or, verb] => *or == "OR" && *verb == "INSERT",
            _ => false,
        };
        if !is_insert {
            continue;
        }
        let table: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let after = rest[table.len()..].trim_start();
        let columns = match after.strip_prefix('(') {
            Some(list) => list
                .split(')')
                .next()
                .unwrap_or("")
                .split(',')
                .map(|c| c.trim().to_owned())
                .collect(),
            None => Vec::new(),
        };
        out.push((table, columns));
    }
    out
}

#[test]
fn the_insert_scan_finds_what_it_must() {
    let found = inserts(
        "conn.execute(\"INSERT INTO t (a, b) VALUES (1, 2)\");
         \"INSERT OR IGNORE INTO u (id)\n VALUES (?1)\"
         \"REPLACE INTO v DEFAULT VALUES\" \"SELECT x INTO nothing\"
#[cfg(test)]
         \"INSERT INTO w (c) VALUES (1)\"",
    );
    let tables: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(tables, ["t", "u", "v"]);
    assert_eq!(found[0].1, ["a", "b"]);
    assert_eq!(found[1].1, ["id"]);
    assert!(found[2].1.is_empty());
}
