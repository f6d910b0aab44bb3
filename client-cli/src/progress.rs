//! Progress on standard error: bars for long transfers (only when it is a
//! terminal and the transfer is over 1 MiB; otherwise silent), and a
//! counter for work that takes more than a moment.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::i18n::t;
use crate::output;

/// Transfers at most this large get no progress bar.
const THRESHOLD: u64 = 1024 * 1024;

/// Work shorter than this shows nothing.
const WORK_DELAY: Duration = Duration::from_secs(1);

/// A progress bar for `len` bytes, or a hidden one.
pub(crate) fn bar(len: u64, what: &str) -> ProgressBar {
    if len <= THRESHOLD || !output::stderr_is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    // In the reporter's language (English for the other commands, which
    // choose none). `{eta}` goes through the message as it is, so that a
    // language may put it before or after its words.
    let template = format!(
        "{{msg}} [{{bar:30}}] {{bytes}}/{{total_bytes}} ({{bytes_per_sec}}, {})",
        t!("progress-time-left", eta = "{eta}")
    );
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_owned());
    bar
}

/// Counts the tries of some work of unknown length. Nothing shows for the
/// first second; then, on a terminal, a spinner with `what` and the tries
/// so far, or otherwise one line saying `what`.
pub(crate) struct Tries {
    what: String,
    started: Instant,
    shown: Option<ProgressBar>,
}

impl Tries {
    /// Starts counting now.
    pub(crate) fn new(what: String) -> Self {
        Self {
            what,
            started: Instant::now(),
            shown: None,
        }
    }

    /// Records that `tries` tries are done.
    pub(crate) fn tick(&mut self, tries: u64) {
        if self.shown.is_none() {
            if self.started.elapsed() < WORK_DELAY {
                return;
            }
            self.shown = Some(if output::stderr_is_terminal() {
                let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
                    spinner.set_style(style);
                }
                spinner.enable_steady_tick(Duration::from_millis(120));
                spinner
            } else {
                output::note(&self.what);
                ProgressBar::hidden()
            });
        }
        if let Some(shown) = &self.shown {
            shown.set_message(format!("{} ({})", self.what, t!("tries", n = tries)));
        }
    }

    /// Clears the spinner, if one is shown.
    pub(crate) fn finish(self) {
        if let Some(shown) = self.shown {
            shown.finish_and_clear();
        }
    }
}
