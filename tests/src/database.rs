//! The server's database, read the way an operator (or whoever seizes the
//! server) would: the raw files byte for byte, and the tables through SQLite.

use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};

/// The database file the server keeps in its data directory.
pub const DATABASE_FILE: &str = "sanctuary.db";

/// A read-only view of a server's database.
#[derive(Debug)]
pub struct Database {
    path: PathBuf,
}

/// One stored value: table, column and value.
#[derive(Clone, Debug)]
pub struct Cell {
    /// The table.
    pub table: String,
    /// The column.
    pub column: String,
    /// The value.
    pub value: Value,
}

impl Database {
    /// The database in `data_dir`.
    pub fn in_dir(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join(DATABASE_FILE),
        }
    }

    /// The raw bytes of the database file and its `-wal` and `-shm` files,
    /// concatenated: everything a copy of the disk would hold.
    pub fn raw_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for suffix in ["", "-wal", "-shm"] {
            let mut p = self.path.clone().into_os_string();
            p.push(suffix);
            if let Ok(bytes) = std::fs::read(PathBuf::from(p)) {
                out.extend_from_slice(&bytes);
            }
        }
        out
    }

    /// A read-only connection.
    pub fn connect(&self) -> Connection {
        Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open the server's database read-only")
    }

    /// The `CREATE` statements of every table and index.
    pub fn schema(&self) -> Vec<String> {
        let conn = self.connect();
        let mut stmt = conn
            .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")
            .expect("read schema");
        stmt.query_map([], |r| r.get::<_, String>(0))
            .expect("query schema")
            .map(|r| r.expect("schema row"))
            .collect()
    }

    /// Every value of every column of every table.
    pub fn cells(&self) -> Vec<Cell> {
        let conn = self.connect();
        let tables: Vec<String> = {
            let mut stmt = conn
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
                .expect("list tables");
            stmt.query_map([], |r| r.get(0))
                .expect("query tables")
                .map(|r| r.expect("table row"))
                .collect()
        };
        let mut out = Vec::new();
        for table in tables {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{table}\""))
                .expect("select table");
            let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
            let mut rows = stmt.query([]).expect("query table");
            while let Some(row) = rows.next().expect("row") {
                for (i, column) in columns.iter().enumerate() {
                    out.push(Cell {
                        table: table.clone(),
                        column: column.clone(),
                        value: row.get(i).expect("value"),
                    });
                }
            }
        }
        out
    }

    /// The tables that have row IDs (declared without `WITHOUT ROWID`).
    pub fn rowid_tables(&self) -> Vec<String> {
        let conn = self.connect();
        let mut stmt = conn
            .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
            .expect("list tables");
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .expect("query tables")
            .map(|r| r.expect("table row"))
            .filter(|(_, sql)| !sql.contains("WITHOUT ROWID"))
            .map(|(name, _)| name)
            .collect()
    }

    /// The row IDs of `table`, in the order SQLite stores them.
    pub fn rowids(&self, table: &str) -> Vec<i64> {
        let conn = self.connect();
        let mut stmt = conn
            .prepare(&format!("SELECT rowid FROM \"{table}\""))
            .expect("select row IDs");
        stmt.query_map([], |r| r.get(0))
            .expect("query row IDs")
            .map(|r| r.expect("row ID"))
            .collect()
    }

    /// Every message blob (reports and follow-ups; the server cannot tell
    /// them apart) as (ID in hex, ciphertext).
    pub fn messages(&self) -> Vec<(String, Vec<u8>)> {
        self.whole_blobs("message")
    }

    /// Every reply blob (a caseworker's message to a reporter's mailbox) as
    /// (ID in hex, ciphertext).
    pub fn replies(&self) -> Vec<(String, Vec<u8>)> {
        self.whole_blobs("reply")
    }

    /// Every blob of `kind` stored whole (not in chunks) as (ID in hex,
    /// ciphertext).
    fn whole_blobs(&self, kind: &str) -> Vec<(String, Vec<u8>)> {
        let conn = self.connect();
        let mut stmt = conn
            .prepare(
                "SELECT b.id, c.data FROM blobs b JOIN ciphertexts c ON c.id = b.ciphertext
                 WHERE b.kind = ?1",
            )
            .expect("select blobs");
        stmt.query_map([kind], |r| {
            Ok((hex::encode(r.get::<_, Vec<u8>>(0)?), r.get(1)?))
        })
        .expect("query blobs")
        .map(|r| r.expect("blob row"))
        .collect()
    }

    /// Every complete attachment of `kind` (`attachment` for reporters',
    /// `reply-attachment` for caseworkers') as (ID in hex, its whole
    /// ciphertext, its chunks joined in order).
    pub fn attachments(&self, kind: &str) -> Vec<(String, Vec<u8>)> {
        let conn = self.connect();
        let mut stmt = conn
            .prepare(
                "SELECT b.id, c.data FROM blobs b
                 JOIN chunks k ON k.blob = b.id JOIN ciphertexts c ON c.id = k.ciphertext
                 WHERE b.kind = ?1 AND b.state = 'complete' ORDER BY b.id, k.seq",
            )
            .expect("select attachments");
        let rows = stmt
            .query_map([kind], |r| {
                Ok((
                    hex::encode(r.get::<_, Vec<u8>>(0)?),
                    r.get::<_, Vec<u8>>(1)?,
                ))
            })
            .expect("query attachments")
            .map(|r| r.expect("attachment row"));
        let mut out: Vec<(String, Vec<u8>)> = Vec::new();
        for (id, chunk) in rows {
            match out.last_mut() {
                Some((last, data)) if *last == id => data.extend_from_slice(&chunk),
                _ => out.push((id, chunk)),
            }
        }
        out
    }

    /// Every row of the `blobs` table without its ciphertext: (kind, state,
    /// day, whether it has a mailbox).
    pub fn blob_rows(&self) -> Vec<(String, String, i64, bool)> {
        let conn = self.connect();
        let mut stmt = conn
            .prepare("SELECT kind, state, day, mailbox IS NOT NULL FROM blobs")
            .expect("select blobs");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("query blobs")
            .map(|r| r.expect("blob row"))
            .collect()
    }
}
