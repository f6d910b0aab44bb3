//! `seal`: the client's attachment sealing path (metadata check, Padmé
//! padding, SHA-256 and age encryption to every caseworker) writing to a
//! file, timed, for comparison with `age -r` on the same file; and
//! `age-seal`, the same file to the same recipients with the age crate
//! alone, the ceiling of any Rust client that uses the age crate. The
//! recipients are the roster's: X25519 or post-quantum, as its policy says.

use std::fs::File;
use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context as _, Result, anyhow};
use sanctuary_crypto::age;
use sanctuary_crypto::recipients::Recipients;
use serde::Serialize;

use crate::setup::BenchState;
use crate::stats::emit;

/// Options of `seal` and `age-seal`.
#[derive(Debug, clap::Args)]
pub(crate) struct SealArgs {
    /// The state folder from `setup` (for the recipients).
    #[arg(long)]
    state: PathBuf,
    /// The file to seal.
    #[arg(long)]
    input: PathBuf,
    /// Where to write the ciphertext.
    #[arg(long)]
    output: PathBuf,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Which sealing code to time.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Path {
    /// `sanctuary_cli::bench::seal_file`, what `report submit --attach` runs.
    Sanctuary,
    /// The age crate alone.
    AgeAlone,
}

/// What `seal` measured.
#[derive(Debug, Serialize)]
pub(crate) struct Sealed {
    /// Whether the recipients were post-quantum (the roster's policy).
    pub(crate) post_quantum: bool,
    /// Recipients the file was sealed to.
    pub(crate) recipients: usize,
    /// Plaintext bytes.
    pub(crate) bytes: u64,
    /// Seconds from opening the input to the last byte written (and the
    /// output file closed, not synced: `age` does not sync either).
    pub(crate) seconds: f64,
    /// Plaintext MiB per second.
    pub(crate) mib_per_s: f64,
}

/// Seals the input to the roster's caseworkers into the output with
/// `path`, timed, and prints the figures.
pub(crate) fn run(args: &SealArgs, path: Path) -> Result<()> {
    let recipients = BenchState::load(&args.state)?.recipients();
    let bytes = std::fs::metadata(&args.input)
        .with_context(|| format!("cannot read {}", args.input.display()))?
        .len();
    let start = Instant::now();
    let output = File::create(&args.output)
        .with_context(|| format!("cannot create {}", args.output.display()))?;
    match path {
        Path::Sanctuary => {
            let (output, _digest) =
                sanctuary_cli::bench::seal_file(&args.input, false, &recipients, output)?;
            drop(output);
        }
        Path::AgeAlone => seal_with_age_alone(&args.input, &recipients, output)?,
    }
    let seconds = start.elapsed().as_secs_f64();
    let sealed = Sealed {
        post_quantum: matches!(recipients, Recipients::PostQuantum(_)),
        recipients: recipients.len(),
        bytes,
        seconds,
        mib_per_s: bytes as f64 / (1024.0 * 1024.0) / seconds,
    };
    emit(args.json, &sealed, &format!("{sealed:?}"));
    Ok(())
}

/// Read size of `age-seal`: 64 KiB, age's chunk size, was the age crate's
/// fastest of 16 KiB, 64 KiB, 256 KiB and 1 MiB on the benchmark machine.
const AGE_ALONE_READ: usize = 64 * 1024;

/// `Encryptor::with_recipients`, `wrap_output` on the file, 64 KiB reads.
fn seal_with_age_alone(
    input: &std::path::Path,
    recipients: &Recipients,
    output: File,
) -> Result<()> {
    let mut input =
        File::open(input).with_context(|| format!("cannot read {}", input.display()))?;
    let encryptor = age::Encryptor::with_recipients(recipients.as_dyn().into_iter())
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
    Ok(())
}
