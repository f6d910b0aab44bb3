//! Progress bars for long transfers: on standard error, only when it is a
//! terminal and the transfer is over 1 MiB; otherwise silent.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::output;

/// Transfers at most this large get no progress bar.
const THRESHOLD: u64 = 1024 * 1024;

/// A progress bar for `len` bytes, or a hidden one.
pub(crate) fn bar(len: u64, what: &str) -> ProgressBar {
    if len <= THRESHOLD || !output::stderr_is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_owned());
    bar
}
