//! The log: start-up, the listening line and errors, on standard error, with
//! no timestamps and no request details (see `docs/dev/logging.md`).
//!
//! Informational lines are printed as they are (`listening on …`), so
//! scripts can read them; warnings and errors carry a `warning:` or
//! `error:` prefix. Only this crate's events are shown (and other crates'
//! errors): the HTTP stack's debug output can name peer addresses, so it is
//! never enabled, whatever the environment says.

use std::fmt;

use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, MakeWriter};
use tracing_subscriber::registry::LookupSpan;

/// Formats one event per line: the message, prefixed by its level only for
/// warnings and errors. No time, no target, no span fields.
#[derive(Clone, Copy, Debug, Default)]
pub struct PlainFormat;

impl<S, N> FormatEvent<S, N> for PlainFormat
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        match *event.metadata().level() {
            Level::ERROR => write!(writer, "error: ")?,
            Level::WARN => write!(writer, "warning: ")?,
            _ => {}
        }
        ctx.format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}

/// The filter: this crate at `info`, everything else at `error`.
pub fn filter() -> tracing_subscriber::EnvFilter {
    tracing_subscriber::EnvFilter::new("error,sanctuary_server=info")
}

/// A subscriber writing to `writer` in [`PlainFormat`]. The binary uses
/// standard error; tests use a buffer.
pub fn subscriber<W>(writer: W) -> impl Subscriber + Send + Sync
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .without_time()
        .with_ansi(false)
        .with_writer(writer)
        .event_format(PlainFormat)
        .with_env_filter(filter())
        .finish()
}

/// Installs the standard-error subscriber for the process.
pub fn init() -> anyhow::Result<()> {
    tracing::subscriber::set_global_default(subscriber(std::io::stderr))
        .map_err(|e| anyhow::anyhow!("cannot set up logging: {e}"))
}
