//! `populate`: fills a stopped server's database directly, far faster than
//! over HTTP: `mailboxes` mailboxes holding one reply each (what
//! `POST /v1/replies` leaves behind), and `reports` distinct reports in the
//! inbox (what `POST /v1/messages` leaves behind), and `events` case
//! events on those reports' threads, written by a colleague of caseworker
//! 0 (posted the same way as reports).
//!
//! The schema is created and migrated by the server's own
//! [`Store::open`](sanctuary_server::store::Store::open); the rows written
//! here are the ones `server/src/store/mailbox.rs` (`post_reply`) and
//! `blobs.rs` (`put_message`) write (each ciphertext under a random key, as
//! `ciphertexts.rs` does), and the benchmarks check that the real server
//! serves them. Population commits with `synchronous = OFF` (a crash
//! during it only spoils a benchmark database).

use std::path::Path;
use std::time::Instant;

use anyhow::{Context as _, Result, anyhow};
use rusqlite::{CachedStatement, Connection, params};
use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::message::{self, Opened};
use sanctuary_crypto::receipt::Receipt;
use sanctuary_crypto::thread::Position;
use sanctuary_server::store::{DATABASE_FILE, Store, StoreOptions};

use crate::fetch::mailbox_id;
use crate::setup::BenchState;
use crate::stats;
use crate::submit::{report_content, seal_reports};

/// Distinct sealed replies reused across mailboxes (the server never looks
/// inside, so sealing a million would only cost time).
const DISTINCT_REPLIES: usize = 64;

/// Rows per populating transaction.
const BATCH: u64 = 20_000;

/// Options of `populate`.
pub(crate) struct PopulateOptions {
    pub(crate) data_dir: std::path::PathBuf,
    pub(crate) mailboxes: u64,
    pub(crate) reports: usize,
    pub(crate) events: usize,
    pub(crate) seed: u64,
}

/// `n` case events (a status change and a note each) on the threads of
/// `reports`, in turn, written by caseworker 1 (or 0 if alone), each
/// numbered after the ones before it on its thread.
fn seal_events(state: &BenchState, reports: &[Vec<u8>], n: usize) -> Result<Vec<Vec<u8>>> {
    use sanctuary_crypto::case_event::{CaseChange, CaseStatus, seal_case_event};
    if n > 0 && reports.is_empty() {
        return Err(anyhow!("case events need reports to be about"));
    }
    let reader = state.caseworkers[0].identity();
    let writer = state.caseworkers.get(1).unwrap_or(&state.caseworkers[0]);
    let threads = reports
        .iter()
        .take(n)
        .map(|blob| match message::open(blob, reader) {
            Ok(Opened::Report(report)) => Ok(report.thread),
            _ => Err(anyhow!("cannot open a report just sealed")),
        })
        .collect::<Result<Vec<_>>>()?;
    (0..n)
        .map(|i| {
            let change = CaseChange {
                status: Some(if i % 2 == 0 {
                    CaseStatus::Open
                } else {
                    CaseStatus::Waiting
                }),
                note: Some(format!("Called the reporter back ({i}).")),
                ..CaseChange::default()
            };
            let seq = (i / threads.len()) as u64 + 1;
            seal_case_event(
                &change,
                threads[i % threads.len()],
                seq,
                Day::today(),
                writer,
                &state.roster,
            )
            .map_err(|e| anyhow!("sealing a case event: {e}"))
        })
        .collect()
}

/// Sealed replies from caseworker 0 to `n` different reporters.
fn seal_replies(state: &BenchState, n: usize) -> Result<Vec<Vec<u8>>> {
    let cw = &state.caseworkers[0];
    (0..n)
        .map(|i| {
            let keys = Receipt::generate().derive();
            let blob = message::seal_report(&report_content(i), &keys, &state.roster)
                .map_err(|e| anyhow!("sealing: {e}"))?;
            let Ok(Opened::Report(report)) = message::open(&blob, cw.identity()) else {
                return Err(anyhow!("cannot open a report just sealed"));
            };
            message::seal_reply(
                "Thank you for your report. Can you tell us when it happened?",
                &[],
                Position {
                    seq: 1,
                    seen: 0,
                    day: Day::today(),
                },
                &report,
                cw,
                &state.roster,
            )
            .map_err(|e| anyhow!("sealing a reply: {e}"))
        })
        .collect()
}

/// Creates (or migrates) the database with the server's own code.
fn create_schema(path: &Path) -> Result<()> {
    let store = Store::open(path, StoreOptions::default())
        .map_err(|e| anyhow!("cannot open {}: {e}", path.display()))?;
    crate::http::runtime()?.block_on(store.close());
    Ok(())
}

fn open(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    // No journal while populating: each row is written once, straight into
    // the database file. The server's WAL mode is restored at the end.
    conn.execute_batch(
        "PRAGMA journal_mode = OFF;
         PRAGMA synchronous = OFF;
         PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -262144;",
    )?;
    Ok(conn)
}

/// Stores the roster as `PUT /v1/roster` does, so the populated server is
/// enrolled for the benchmark unit.
fn save_roster(conn: &Connection, state: &BenchState) -> Result<()> {
    let roster = serde_json::to_string(state.roster.signed())?;
    let unit = state.roster.unit().to_string();
    for (name, value) in [("unit", unit), ("roster", roster)] {
        conn.execute(
            "INSERT INTO meta (name, value) VALUES (?1, ?2)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            params![name, value],
        )?;
    }
    Ok(())
}

/// Stores a ciphertext under a random key in `1..2^63`, as the server does
/// (`server/src/store/ciphertexts.rs`), and returns the key.
fn insert_ciphertext(stmt: &mut CachedStatement<'_>, data: &[u8]) -> Result<i64> {
    for _ in 0..8 {
        let key = ((rand::random::<u64>() >> 1) as i64).max(1);
        match stmt.execute(params![key, data]) {
            Ok(_) => return Ok(key),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {}
            Err(e) => return Err(e.into()),
        }
    }
    Err(anyhow!("no free ciphertext key"))
}

/// Writes `n` mailboxes with one reply each.
fn insert_mailboxes(conn: &mut Connection, replies: &[Vec<u8>], n: u64, seed: u64) -> Result<()> {
    let today = Day::today().number();
    let started = Instant::now();
    let mut i = 0;
    while i < n {
        let end = (i + BATCH).min(n);
        let tx = conn.transaction()?;
        {
            let mut mailbox = tx.prepare_cached(
                "INSERT INTO mailboxes (key, forget_hash, state, last_day)
                 VALUES (?1, ?2, 'open', ?3)",
            )?;
            let mut ciphertext =
                tx.prepare_cached("INSERT INTO ciphertexts (id, data) VALUES (?1, ?2)")?;
            let mut blob = tx.prepare_cached(
                "INSERT INTO blobs (id, kind, state, day, mailbox, ciphertext)
                 VALUES (?1, 'reply', 'complete', ?2, ?3, ?4)",
            )?;
            // Inserting in key order keeps each batch's pages together.
            let mut keys: Vec<(u64, [u8; 32])> = (i..end)
                .map(|j| (j, mailbox_id(seed, j).storage_key()))
                .collect();
            keys.sort_unstable_by_key(|(_, k)| *k);
            for (j, key) in keys {
                let forget_hash: [u8; 32] = rand::random();
                mailbox.execute(params![key.as_slice(), forget_hash.as_slice(), today])?;
                let data = &replies[(j % replies.len() as u64) as usize];
                let data = insert_ciphertext(&mut ciphertext, data)?;
                blob.execute(params![
                    BlobId::random().as_bytes().as_slice(),
                    today,
                    key.as_slice(),
                    data
                ])?;
            }
        }
        tx.commit()?;
        i = end;
        if i % 200_000 == 0 || i == n {
            stats::error(&format!(
                "populate: {i} of {n} mailboxes ({:.0} s)",
                started.elapsed().as_secs_f64()
            ));
        }
    }
    Ok(())
}

/// Writes `reports` distinct messages (reports, case events) into the
/// inbox.
fn insert_reports(conn: &mut Connection, reports: &[Vec<u8>]) -> Result<()> {
    let today = Day::today().number();
    let tx = conn.transaction()?;
    {
        let mut ciphertext =
            tx.prepare_cached("INSERT INTO ciphertexts (id, data) VALUES (?1, ?2)")?;
        let mut stmt = tx.prepare_cached(
            "INSERT INTO blobs (id, kind, state, day, mailbox, ciphertext)
             VALUES (?1, 'message', 'complete', ?2, NULL, ?3)",
        )?;
        for data in reports {
            let data = insert_ciphertext(&mut ciphertext, data)?;
            stmt.execute(params![BlobId::random().as_bytes().as_slice(), today, data])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Populates the database in `data_dir` (the server must be stopped).
pub(crate) fn run(state: &BenchState, options: &PopulateOptions) -> Result<()> {
    let path = options.data_dir.join(DATABASE_FILE);
    create_schema(&path)?;
    let mut conn = open(&path).with_context(|| format!("cannot open {}", path.display()))?;
    save_roster(&conn, state)?;
    if options.mailboxes > 0 {
        let replies = seal_replies(state, DISTINCT_REPLIES)?;
        insert_mailboxes(&mut conn, &replies, options.mailboxes, options.seed)?;
    }
    if options.reports > 0 || options.events > 0 {
        let reports = seal_reports(state, options.reports)?;
        let events = seal_events(state, &reports, options.events)?;
        insert_reports(&mut conn, &reports)?;
        insert_reports(&mut conn, &events)?;
    }
    conn.execute_batch("PRAGMA journal_mode = WAL;")?;
    drop(conn);
    // The enrollment code of the unpopulated database is obsolete.
    let _ = std::fs::remove_file(
        options
            .data_dir
            .join(sanctuary_server::ENROLLMENT_CODE_FILE),
    );
    Ok(())
}
