//! `seal`: the client's attachment sealing path (metadata check, Padmé
//! padding, SHA-256 and age encryption to every caseworker) writing to a
//! file, timed, for comparison with `age -r` on the same file; and
//! `age-seal`, the same file to the same recipients with the age crate
//! alone, the ceiling of any Rust client that uses the age crate.

use std::fs::File;
use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context as _, Result, anyhow};
use sanctuary_crypto::age;
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

/// Read size of `age-seal`: 64 KiB, age's chunk size, was the age crate's
/// fastest of 16 KiB, 64 KiB, 256 KiB and 1 MiB on the benchmark machine.
const AGE_ALONE_READ: usize = 64 * 1024;

/// Seals `input` to the roster's caseworkers into `output` with the age
/// crate alone: `Encryptor::with_recipients`, `wrap_output` on the file,
/// 64 KiB reads.
pub(crate) fn run_age_alone(state: &BenchState, options: &SealOptions) -> Result<Sealed> {
    let recipients = state.recipients();
    let bytes = std::fs::metadata(&options.input)
        .with_context(|| format!("cannot read {}", options.input.display()))?
        .len();
    let start = Instant::now();
    let mut input = File::open(&options.input)
        .with_context(|| format!("cannot read {}", options.input.display()))?;
    let output = File::create(&options.output)
        .with_context(|| format!("cannot create {}", options.output.display()))?;
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| anyhow!("age: {e}"))?;
    let mut writer = encryptor.wrap_output(output)?;
    let mut buf = vec![0u8; AGE_ALONE_READ];
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        writer.write_all(&buf[..n])?;
    }
    drop(writer.finish()?);
    let seconds = start.elapsed().as_secs_f64();
    Ok(Sealed {
        bytes,
        seconds,
        mib_per_s: bytes as f64 / (1024.0 * 1024.0) / seconds,
    })
}
