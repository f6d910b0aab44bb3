//! `age-open`: the baseline of the caseworker sync target: every message
//! and reply in a (stopped) server's database (what a first sync
//! downloads), read into memory first, then
//! decrypted in a tight loop with the `age` crate alone (no parsing, no
//! signature check, no storage, one thread).
//!
//! The identity is the caseworker's one of the kind the roster seals to:
//! the post-quantum (`mlkem768x25519`) identity alone for a post-quantum
//! roster, the X25519 identity alone otherwise, so the loop does exactly
//! the age work a sync of those reports cannot avoid.

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
    /// Whether the messages were sealed post-quantum (and opened with the
    /// post-quantum identity).
    pub(crate) post_quantum: bool,
    /// Recipients on the roster (stanzas in each header).
    pub(crate) recipients: usize,
    /// Messages decrypted.
    pub(crate) messages: usize,
    /// Seconds for the loop.
    pub(crate) seconds: f64,
    /// Messages per second.
    pub(crate) per_s: f64,
}

/// Reads every message and reply blob in `data_dir`'s database.
pub(crate) fn message_blobs(data_dir: &Path) -> Result<Vec<Vec<u8>>> {
    let conn = Connection::open(data_dir.join(DATABASE_FILE))?;
    let mut stmt = conn.prepare(
        "SELECT c.data FROM blobs b JOIN ciphertexts c ON c.id = b.ciphertext
         WHERE b.kind IN ('message', 'reply')",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Decrypts every message with caseworker `caseworker`'s identity.
pub(crate) fn run(state: &BenchState, data_dir: &Path, caseworker: usize) -> Result<AgeOpen> {
    let blobs = message_blobs(data_dir)?;
    if blobs.is_empty() {
        return Err(anyhow!(
            "no messages in {}: run populate --reports",
            data_dir.display()
        ));
    }
    let keys = state.caseworkers.get(caseworker).ok_or_else(|| {
        anyhow!(
            "there is no caseworker {caseworker} (the roster has {})",
            state.caseworkers.len()
        )
    })?;
    let post_quantum = state.post_quantum();
    let identity: &dyn age::Identity = if post_quantum {
        keys.identity()
            .post_quantum()
            .ok_or_else(|| anyhow!("caseworker {caseworker} has no post-quantum identity"))?
    } else {
        keys.identity().x25519()
    };
    let start = Instant::now();
    let mut plaintext = Vec::new();
    for blob in &blobs {
        // `new_buffered`: the age crate's header parser for in-memory input.
        // `Decryptor::new` re-parses the header from its start after every
        // few bytes it reads, quadratic in the header's length: negligible
        // for three X25519 stanzas (~300 bytes), most of the time for three
        // post-quantum ones (~4.7 KB).
        let decryptor = age::Decryptor::new_buffered(&blob[..]).map_err(|e| anyhow!("age: {e}"))?;
        let mut reader = decryptor
            .decrypt(std::iter::once(identity))
            .map_err(|e| anyhow!("age: {e}"))?;
        plaintext.clear();
        reader.read_to_end(&mut plaintext)?;
    }
    let seconds = start.elapsed().as_secs_f64();
    Ok(AgeOpen {
        post_quantum,
        recipients: state.roster.document().caseworkers.len(),
        messages: blobs.len(),
        seconds,
        per_s: blobs.len() as f64 / seconds,
    })
}
