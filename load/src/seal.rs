//! `seal`: the client's attachment sealing path (metadata check, Padmé
//! padding, SHA-256 and age encryption to every caseworker) writing to a
//! file, timed, for comparison with `age -r` on the same file.

use std::fs::File;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context as _, Result};
use serde::Serialize;

use crate::setup::BenchState;

/// Options of `seal`.
pub(crate) struct SealOptions {
    pub(crate) input: PathBuf,
    pub(crate) output: PathBuf,
}

/// What `seal` measured.
#[derive(Debug, Serialize)]
pub(crate) struct Sealed {
    /// Plaintext bytes.
    pub(crate) bytes: u64,
    /// Seconds from opening the input to the last byte written (and the
    /// output file closed, not synced: `age` does not sync either).
    pub(crate) seconds: f64,
    /// Plaintext MiB per second.
    pub(crate) mib_per_s: f64,
}

/// Seals `input` to the roster's caseworkers into `output`.
pub(crate) fn run(state: &BenchState, options: &SealOptions) -> Result<Sealed> {
    let recipients = state.recipients();
    let bytes = std::fs::metadata(&options.input)
        .with_context(|| format!("cannot read {}", options.input.display()))?
        .len();
    let start = Instant::now();
    let output = File::create(&options.output)
        .with_context(|| format!("cannot create {}", options.output.display()))?;
    let (output, _digest) =
        sanctuary_cli::bench::seal_file(&options.input, false, &recipients, output)?;
    drop(output);
    let seconds = start.elapsed().as_secs_f64();
    Ok(Sealed {
        bytes,
        seconds,
        mib_per_s: bytes as f64 / (1024.0 * 1024.0) / seconds,
    })
}
