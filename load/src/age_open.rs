//! `age-open`: the baseline of the caseworker sync target: every message
//! in a (stopped) server's database, read into memory first, then
//! decrypted in a tight loop with the `age` crate alone (no parsing, no
//! signature check, no storage, one thread).

use std::io::Read as _;
use std::path::Path;
use std::time::Instant;

use anyhow::{Result, anyhow};
use rusqlite::Connection;
use sanctuary_crypto::age;
use sanctuary_server::store::DATABASE_FILE;
use serde::Serialize;

use crate::setup::BenchState;

/// What `age-open` measured.
#[derive(Debug, Serialize)]
pub(crate) struct AgeOpen {
    /// Messages decrypted.
    pub(crate) messages: usize,
    /// Seconds for the loop.
    pub(crate) seconds: f64,
    /// Messages per second.
    pub(crate) per_s: f64,
}

/// Reads every message blob in `data_dir`'s database.
pub(crate) fn message_blobs(data_dir: &Path) -> Result<Vec<Vec<u8>>> {
    let conn = Connection::open(data_dir.join(DATABASE_FILE))?;
    let mut stmt = conn.prepare(
        "SELECT c.data FROM blobs b JOIN ciphertexts c ON c.id = b.ciphertext
         WHERE b.kind = 'message'",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Decrypts every message with caseworker `caseworker`'s identity.
pub(crate) fn run(state: &BenchState, data_dir: &Path, caseworker: usize) -> Result<AgeOpen> {
    let blobs = message_blobs(data_dir)?;
    let identity = state.caseworkers[caseworker].identity();
    let start = Instant::now();
    let mut plaintext = Vec::new();
    for blob in &blobs {
        let decryptor = age::Decryptor::new(&blob[..]).map_err(|e| anyhow!("age: {e}"))?;
        let mut reader = decryptor
            .decrypt(std::iter::once(identity as &dyn age::Identity))
            .map_err(|e| anyhow!("age: {e}"))?;
        plaintext.clear();
        reader.read_to_end(&mut plaintext)?;
    }
    let seconds = start.elapsed().as_secs_f64();
    Ok(AgeOpen {
        messages: blobs.len(),
        seconds,
        per_s: blobs.len() as f64 / seconds,
    })
}
