//! `sqlite-baseline`: the reference for durable report submissions. A
//! plain rusqlite program inserting the same sealed 16 KiB-bucket blobs
//! into the same tables as the server (the ciphertext in `ciphertexts`
//! under a random integer key, its row in `blobs`, WITHOUT ROWID, random
//! 16-byte keys, the `blobs_by_kind` index) with the same durability (WAL,
//! `synchronous = FULL`: one fsync per commit), batching as well as it
//! can: it tries several batch sizes and reports the best. For each it
//! also reports the CPU time spent per inserted row (the floor of the
//! server's storage cost), and it measures the disk's plain fsync rate,
//! the limit of any durable commit.
//!
//! ```text
//! sqlite-baseline --dir /tmp/x --blob report.age --rows 20000 --json
//! ```

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context as _, Result};
use clap::Parser;
use rusqlite::{Connection, params};
use sanctuary_crypto::recipients::Mix;
use serde::Serialize;

/// Inserts sealed blobs with the server's durability and prints inserts/s.
#[derive(Debug, Parser)]
#[command(name = "sqlite-baseline", version)]
struct Args {
    /// A folder for the database (on the disk being measured).
    #[arg(long)]
    dir: PathBuf,
    /// A file holding one sealed blob (random bytes of the 16 KiB bucket's
    /// ciphertext length are used if absent).
    #[arg(long)]
    blob: Option<PathBuf>,
    /// Rows inserted per batch size tried.
    #[arg(long, default_value_t = 20_000)]
    rows: usize,
    /// Batch sizes (rows per commit) to try.
    #[arg(long, value_delimiter = ',', default_value = "1,16,64,256,1024,4096")]
    batches: Vec<usize>,
    /// Seconds of the plain fsync loop (0: skip it).
    #[arg(long, default_value_t = 2.0)]
    fsync_seconds: f64,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// One batch size's result.
#[derive(Debug, Serialize)]
struct Trial {
    batch: usize,
    rows: usize,
    seconds: f64,
    inserts_per_s: f64,
    /// CPU time of this process per inserted row, in microseconds.
    cpu_us_per_row: f64,
}

/// The sweep and its best figure.
#[derive(Debug, Serialize)]
struct Baseline {
    blob_bytes: usize,
    best_batch: usize,
    best_inserts_per_s: f64,
    trials: Vec<Trial>,
    /// The plain fsync loop: 4 KiB appended, then `fsync`, per step.
    fsync_per_s: Option<f64>,
}

/// CPU time this thread (the only one) has used, from
/// `/proc/thread-self/schedstat` (nanoseconds on the CPU).
fn cpu_seconds() -> Result<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat")
        .context("cannot read /proc/thread-self/schedstat (Linux only)")?;
    let ns: u64 = text
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .context("unexpected /proc/thread-self/schedstat")?;
    Ok(ns as f64 / 1e9)
}

/// Appends 4 KiB to a file and fsyncs it, for about `seconds`: how many
/// durable writes per second the disk allows one writer.
fn fsync_rate(dir: &std::path::Path, seconds: f64) -> Result<f64> {
    let path = dir.join("fsync-loop");
    let mut file = std::fs::File::create(&path)?;
    let page = [0x5a_u8; 4096];
    let start = Instant::now();
    let mut n = 0_u64;
    while n < 10 || start.elapsed().as_secs_f64() < seconds {
        file.write_all(&page)?;
        file.sync_all()?;
        n += 1;
    }
    let rate = n as f64 / start.elapsed().as_secs_f64();
    drop(file);
    std::fs::remove_file(&path)?;
    Ok(rate)
}

/// The server's `blobs` and `ciphertexts` tables (server/src/store/schema.rs).
const SCHEMA: &str = "
    CREATE TABLE blobs (
        id         BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
        kind       TEXT NOT NULL,
        state      TEXT NOT NULL,
        day        INTEGER NOT NULL,
        mailbox    BLOB,
        ciphertext INTEGER
    ) WITHOUT ROWID;
    CREATE INDEX blobs_by_kind ON blobs(kind, id);
    CREATE TABLE ciphertexts (
        id   INTEGER PRIMARY KEY,
        data BLOB NOT NULL
    );
";

fn trial(dir: &std::path::Path, blob: &[u8], rows: usize, batch: usize) -> Result<Trial> {
    let path = dir.join(format!("baseline-{batch}.db"));
    let conn = Connection::open(&path)?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA secure_delete = ON;",
    )?;
    conn.execute_batch(SCHEMA)?;
    let cpu = cpu_seconds()?;
    let start = Instant::now();
    let mut done = 0;
    while done < rows {
        let n = batch.min(rows - done);
        conn.execute_batch("BEGIN IMMEDIATE")?;
        {
            let mut data =
                conn.prepare_cached("INSERT INTO ciphertexts (id, data) VALUES (?1, ?2)")?;
            let mut stmt = conn.prepare_cached(
                "INSERT INTO blobs (id, kind, state, day, mailbox, ciphertext)
                 VALUES (?1, 'message', 'complete', 20000, NULL, ?2)",
            )?;
            for _ in 0..n {
                let id: [u8; 16] = rand::random();
                let key = ((rand::random::<u64>() >> 1) as i64).max(1);
                data.execute(params![key, blob])?;
                stmt.execute(params![id.as_slice(), key])?;
            }
        }
        conn.execute_batch("COMMIT")?;
        done += n;
    }
    let seconds = start.elapsed().as_secs_f64();
    let cpu_us_per_row = (cpu_seconds()? - cpu) * 1e6 / rows as f64;
    drop(conn);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    Ok(Trial {
        batch,
        rows,
        seconds,
        inserts_per_s: rows as f64 / seconds,
        cpu_us_per_row,
    })
}

#[allow(clippy::print_stdout, reason = "the figures are the output")]
fn main() -> Result<()> {
    let args = Args::parse();
    let blob = match &args.blob {
        Some(p) => std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?,
        None => {
            let len =
                sanctuary_crypto::sizes::bucket_ciphertext_len(16 * 1024, Mix::x25519(3)) as usize;
            (0..len).map(|_| rand::random::<u8>()).collect()
        }
    };
    std::fs::create_dir_all(&args.dir)?;
    let mut trials = Vec::new();
    for &batch in &args.batches {
        // Small batches are slow: fewer rows keep the sweep short.
        let rows = if batch < 16 {
            args.rows.min(2000)
        } else {
            args.rows
        };
        let t = trial(&args.dir, &blob, rows, batch.max(1))?;
        if !args.json {
            println!(
                "batch {:>5}: {:>9.0} inserts/s ({} rows in {:.2} s, {:.1} µs CPU a row)",
                t.batch, t.inserts_per_s, t.rows, t.seconds, t.cpu_us_per_row
            );
        }
        trials.push(t);
    }
    let (best_batch, best_inserts_per_s) = trials
        .iter()
        .map(|t| (t.batch, t.inserts_per_s))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .context("no batch size given")?;
    let fsync_per_s = if args.fsync_seconds > 0.0 {
        Some(fsync_rate(&args.dir, args.fsync_seconds)?)
    } else {
        None
    };
    let out = Baseline {
        blob_bytes: blob.len(),
        best_batch,
        best_inserts_per_s,
        trials,
        fsync_per_s,
    };
    let mut stdout = std::io::stdout().lock();
    if args.json {
        writeln!(stdout, "{}", serde_json::to_string(&out)?)?;
    } else {
        writeln!(
            stdout,
            "best: {:.0} inserts/s with {} rows per commit",
            out.best_inserts_per_s, out.best_batch
        )?;
        if let Some(rate) = out.fsync_per_s {
            writeln!(stdout, "plain fsync loop: {rate:.0} fsyncs/s")?;
        }
    }
    Ok(())
}
