//! `sanctuary-load`: drives a running Sanctuary server over loopback HTTP
//! with many concurrent clients and prints requests/s and latency
//! percentiles, and provides the other measurements `scripts/bench.sh`
//! needs (database population, start-up time, the sealing harness, the
//! age baseline) and the renderer of `docs/benchmarks.md`.
//!
//! Every client-side blob is sealed before the clock starts, so client
//! cryptography is not part of a server measurement.
//!
//! ```text
//! sanctuary-load setup    --server URL --data-dir DIR --state DIR
//! sanctuary-load populate --data-dir DIR --state DIR --mailboxes 1000000 --reports 10000
//! sanctuary-load submit   --server URL --state DIR --clients 64 --requests 20000
//! sanctuary-load fetch    --server URL --state DIR --clients 16 --requests 20000
//! sanctuary-load inbox    --server URL --state DIR --clients 4 --requests 5000
//! sanctuary-load pow      --max-bits 4 --runs 60
//! sanctuary-load flood    --server URL --state DIR --seconds 30 --attackers 2
//! ```

mod abuse;
mod age_open;
mod cli;
mod fetch;
mod http;
mod inbox;
mod populate;
mod render;
mod seal;
mod setup;
mod startup;
mod stats;
mod submit;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            stats::error(&format!("error: {e:#}"));
            ExitCode::FAILURE
        }
    }
}
