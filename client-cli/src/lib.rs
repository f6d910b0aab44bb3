//! # sanctuary-cli
//!
//! The `sanctuary` command: one binary for the three kinds of people who
//! use Sanctuary (see `docs/cli.md` for every command and its `--json`
//! output).
//!
//! ```text
//! # A unit admin creates the unit key and publishes the roster.
//! sanctuary unit init --out unit.key --name "Riverside Hate Crime Unit"
//! sanctuary unit publish --key unit.key --server https://report.example.org \
//!     --enroll CODE --caseworker "$(cat jones.card)"
//!
//! # A reporter sends a report and later reads the replies.
//! sanctuary report submit --server https://report.example.org --unit sanctuary1… \
//!     --message "what happened" --attach photo.jpg
//! sanctuary report check --server https://report.example.org --unit sanctuary1…
//!
//! # A caseworker fetches, reads and answers.
//! sanctuary case sync --server https://report.example.org --key cw.key
//! sanctuary case list --key cw.key
//! sanctuary case reply 1a2b3c4d --key cw.key --server https://report.example.org \
//!     --message "Thank you. Can you tell us when it happened?"
//! ```
//!
//! The command line is parsed (`cli`), validated into each command's
//! options (`options`), then acted on (`commands`). Only `output` writes to
//! standard output.

mod attachments;
mod cli;
mod commands;
mod editor;
mod form;
mod i18n;
mod interrupt;
pub mod metadata;
mod names;
mod net;
mod options;
mod output;
mod progress;
mod prompt;
mod receipt_input;
mod rosters;
mod secrets;
mod store;
mod threads;

/// Hooks for the benchmarks (`sanctuary-load`, `scripts/bench.sh`): not a
/// stable interface.
#[doc(hidden)]
pub mod bench {
    pub use crate::attachments::seal_file;
}

use std::process::ExitCode;

use clap::Parser;

/// Whether `err` (or any error it wraps) is a closed standard output, which
/// is not a failure: `sanctuary case list | head` is fine.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || e.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}

/// Formats an error for people: the message, then each cause on its own
/// line. No `Debug` dump.
fn report(err: &anyhow::Error) -> String {
    let mut text = format!("error: {err}");
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(&format!("\n  {cause}"));
        }
    }
    text
}

/// Runs the `sanctuary` command with the process's arguments and returns
/// its exit code: 0 on success, 1 on an error, 2 on a usage error, 130
/// when stopped with Ctrl-C.
pub fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    interrupt::install();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        // Ctrl-C at a prompt: said like Ctrl-C anywhere else.
        Err(e) if e.downcast_ref::<prompt::Cancelled>().is_some() => interrupt::stop(),
        Err(e) => {
            output::error(&report(&e));
            ExitCode::FAILURE
        }
    }
}
