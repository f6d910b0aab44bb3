//! The command line: parsed by clap, then handed to each subcommand.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use clap::{Parser, Subcommand};
use sanctuary_crypto::pow;
use sanctuary_crypto::roster::PostQuantum;

use crate::setup::BenchState;
use crate::stats::emit;
use crate::{abuse, age_open, fetch, inbox, populate, render, seal, setup, startup, submit};

/// Load generator and benchmark helpers for Sanctuary (see
/// `scripts/bench.sh`, which runs them all and writes
/// `docs/benchmarks.md`).
#[derive(Debug, Parser)]
#[command(name = "sanctuary-load", version)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Enroll a fresh server: publish a roster with N caseworkers and write
    /// the keys to a state folder.
    Setup {
        /// The server's base URL.
        #[arg(long)]
        server: reqwest::Url,
        /// The server's data directory (for the enrollment code).
        #[arg(long)]
        data_dir: PathBuf,
        /// Where to write the keys.
        #[arg(long)]
        state: PathBuf,
        /// Caseworkers on the roster.
        #[arg(long, default_value_t = 3)]
        caseworkers: usize,
        /// The unit's attachment limit in MiB.
        #[arg(long, default_value_t = 2048)]
        max_attachment_mib: u64,
        /// scrypt work factor (log2 N) of the caseworker key files;
        /// default: age's calibration (about a second).
        #[arg(long)]
        work_factor: Option<u8>,
        /// The roster's post-quantum policy: `off` seals reports to the
        /// caseworkers' X25519 recipients, `required` (or `preferred`) to
        /// their post-quantum ones.
        #[arg(long, default_value_t = PostQuantum::Off)]
        post_quantum: PostQuantum,
    },
    /// Fill a stopped server's database directly: mailboxes with one reply
    /// each, and distinct reports in the inbox.
    Populate {
        /// The server's data directory.
        #[arg(long)]
        data_dir: PathBuf,
        /// The state folder from `setup`.
        #[arg(long)]
        state: PathBuf,
        /// Mailboxes to create.
        #[arg(long, default_value_t = 0)]
        mailboxes: u64,
        /// Reports to add to the inbox.
        #[arg(long, default_value_t = 0)]
        reports: usize,
        /// Case events to add on those reports' threads (by caseworker 1).
        #[arg(long, default_value_t = 0)]
        events: usize,
        /// Seed of the mailbox IDs (`fetch` must use the same).
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Reporters submitting pre-sealed reports (`POST /v1/messages`).
    Submit {
        #[command(flatten)]
        common: LoadArgs,
        /// Distinct reports sealed beforehand and sent in turn.
        #[arg(long, default_value_t = 256)]
        distinct: usize,
    },
    /// Reporters fetching random populated mailboxes.
    Fetch {
        #[command(flatten)]
        common: LoadArgs,
        /// How many mailboxes `populate` created.
        #[arg(long)]
        mailboxes: u64,
        /// The seed given to `populate`.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The name printed with the figures.
        #[arg(long, default_value = "fetch")]
        label: String,
    },
    /// A caseworker listing inbox pages and downloading reports (signed).
    Inbox {
        #[command(flatten)]
        common: LoadArgs,
    },
    /// Time the server binary from start to `listening on`, and its idle
    /// memory.
    Startup {
        /// The `sanctuary-server` binary.
        #[arg(long)]
        server_bin: PathBuf,
        /// An (enrolled) data directory.
        #[arg(long)]
        data_dir: PathBuf,
        /// Starts measured.
        #[arg(long, default_value_t = 10)]
        runs: usize,
        /// Milliseconds to wait before reading the idle memory.
        #[arg(long, default_value_t = 1000)]
        idle_ms: u64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Resident and peak memory of a running process, in KiB.
    Rss {
        /// The process.
        pid: u32,
    },
    /// Seal a file as `report submit --attach` does, into a file.
    Seal(seal::SealArgs),
    /// Seal a file to the same recipients with the age crate alone (no
    /// metadata check, padding or hash): the ceiling of any Rust client
    /// built on the age crate.
    AgeSeal(seal::SealArgs),
    /// Decrypt every message of a stopped server's database in a tight
    /// loop with the age crate alone (the sync baseline), with the
    /// caseworker's identity of the kind the roster seals to.
    AgeOpen {
        /// The state folder from `setup`.
        #[arg(long)]
        state: PathBuf,
        /// The server's data directory.
        #[arg(long)]
        data_dir: PathBuf,
        /// Which caseworker decrypts.
        #[arg(long, default_value_t = 0)]
        caseworker: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write docs/benchmarks.md from the figures `scripts/bench.sh`
    /// collected.
    Render(render::RenderArgs),
    /// Proof of work without a server: solve times at each number of bits
    /// (as the CLI solves) and the server's verification cost.
    Pow {
        /// Measure 0 up to this many leading zero bits.
        #[arg(long, default_value_t = 4)]
        max_bits: u8,
        /// Challenges solved at each number of bits.
        #[arg(long, default_value_t = 60)]
        runs: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// A flood of junk reports from attacking threads against a running,
    /// enrolled server, while an honest reporter submits now and then;
    /// both follow the clients' proof-of-work protocol.
    Flood {
        /// The server's base URL.
        #[arg(long)]
        server: reqwest::Url,
        /// The state folder from `setup`.
        #[arg(long)]
        state: PathBuf,
        /// How long the flood lasts, in seconds.
        #[arg(long, default_value_t = 30)]
        seconds: u64,
        /// Attacking threads.
        #[arg(long, default_value_t = 2)]
        attackers: usize,
        /// Milliseconds between two honest reports.
        #[arg(long, default_value_t = 500)]
        honest_every_ms: u64,
        /// Names the run in the output.
        #[arg(long, default_value = "flood")]
        label: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// What every load subcommand takes.
#[derive(Debug, clap::Args)]
struct LoadArgs {
    /// The server's base URL.
    #[arg(long)]
    server: reqwest::Url,
    /// The state folder from `setup`.
    #[arg(long)]
    state: PathBuf,
    /// Concurrent clients.
    #[arg(long, default_value_t = 64)]
    clients: usize,
    /// Measured requests.
    #[arg(long, default_value_t = 10_000)]
    requests: usize,
    /// Unmeasured requests first.
    #[arg(long, default_value_t = 500)]
    warmup: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Runs a parsed command line.
pub(crate) fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Setup {
            server,
            data_dir,
            state,
            caseworkers,
            max_attachment_mib,
            work_factor,
            post_quantum,
        } => setup::setup(&setup::SetupOptions {
            server,
            data_dir,
            state,
            caseworkers: caseworkers.max(1),
            max_attachment_bytes: max_attachment_mib * 1024 * 1024,
            work_factor,
            post_quantum,
        }),
        Command::Populate {
            data_dir,
            state,
            mailboxes,
            reports,
            events,
            seed,
        } => populate::run(
            &BenchState::load(&state)?,
            &populate::PopulateOptions {
                data_dir,
                mailboxes,
                reports,
                events,
                seed,
            },
        ),
        Command::Submit { common, distinct } => {
            let state = BenchState::load(&common.state)?;
            let s = submit::run(
                &state,
                &submit::SubmitOptions {
                    server: common.server,
                    clients: common.clients,
                    requests: common.requests,
                    warmup: common.warmup,
                    distinct,
                },
            )?;
            emit(common.json, &s, &s.line());
            Ok(())
        }
        Command::Fetch {
            common,
            mailboxes,
            seed,
            label,
        } => {
            let s = fetch::run(&fetch::FetchOptions {
                server: common.server,
                clients: common.clients,
                requests: common.requests,
                warmup: common.warmup,
                mailboxes,
                seed,
                label,
            })?;
            emit(common.json, &s, &s.line());
            Ok(())
        }
        Command::Inbox { common } => {
            let state = BenchState::load(&common.state)?;
            let all = inbox::run(
                &state,
                &inbox::InboxOptions {
                    server: common.server,
                    clients: common.clients,
                    requests: common.requests,
                    warmup: common.warmup,
                },
            )?;
            let human: Vec<String> = all.iter().map(|s| s.line()).collect();
            emit(common.json, &all, &human.join("\n"));
            Ok(())
        }
        Command::Startup {
            server_bin,
            data_dir,
            runs,
            idle_ms,
            json,
        } => {
            let s = startup::run(&startup::StartupOptions {
                server_bin,
                data_dir,
                runs,
                idle: Duration::from_millis(idle_ms),
            })?;
            let human = format!("{s:?}");
            emit(json, &s, &human);
            Ok(())
        }
        Command::Rss { pid } => {
            let (rss, hwm) = startup::memory_kib(pid)?;
            emit(
                true,
                &serde_json::json!({"rss_kib": rss, "hwm_kib": hwm}),
                "",
            );
            Ok(())
        }
        Command::Seal(args) => seal::run(&args, seal::Path::Sanctuary),
        Command::AgeSeal(args) => seal::run(&args, seal::Path::AgeAlone),
        Command::AgeOpen {
            state,
            data_dir,
            caseworker,
            json,
        } => {
            let s = age_open::run(&BenchState::load(&state)?, &data_dir, caseworker)?;
            let human = format!("{s:?}");
            emit(json, &s, &human);
            Ok(())
        }
        Command::Render(args) => render::run(&args),
        Command::Pow {
            max_bits,
            runs,
            json,
        } => {
            let figures = abuse::pow(max_bits.min(pow::MAX_BITS), runs.max(1))?;
            emit(json, &figures, &figures.lines());
            Ok(())
        }
        Command::Flood {
            server,
            state,
            seconds,
            attackers,
            honest_every_ms,
            label,
            json,
        } => {
            let figures = abuse::flood(
                &BenchState::load(&state)?,
                &abuse::FloodOptions {
                    server,
                    duration: Duration::from_secs(seconds.max(1)),
                    attackers,
                    honest_every: Duration::from_millis(honest_every_ms.max(1)),
                    label,
                },
            )?;
            emit(json, &figures, &figures.lines());
            Ok(())
        }
    }
}
