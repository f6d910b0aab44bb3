//! `sanctuary-server`: run the server, or run retention once (`purge`).

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser as _;
use sanctuary_server::cli::{Cli, Command, PurgeArgs, ServeArgs};
use sanctuary_server::settings::{PurgeSettings, Settings};
use sanctuary_server::store::{DATABASE_FILE, Purged, purge_database};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => run_serve(&cli.serve),
        Some(Command::Serve(args)) => run_serve(&args),
        Some(Command::Purge(args)) => run_purge(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report_error(&e);
            ExitCode::FAILURE
        }
    }
}

/// The one place this binary writes to the terminal itself.
#[allow(
    clippy::print_stderr,
    reason = "errors for the operator, once, at exit"
)]
fn report_error(e: &anyhow::Error) {
    eprintln!("error: {e:#}");
}

fn run_serve(args: &ServeArgs) -> anyhow::Result<()> {
    let settings = Settings::resolve(args)?;
    sanctuary_server::logging::init()?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let shutdown = shutdown_signal()?;
        let listener = tokio::net::TcpListener::bind(settings.listen)
            .await
            .with_context(|| format!("cannot listen on {}", settings.listen))?;
        sanctuary_server::serve(listener, settings, shutdown).await
    })?;
    tracing::info!("stopped");
    Ok(())
}

/// Installs the SIGINT and SIGTERM handlers now (so a signal that arrives
/// during start-up is not fatal) and returns a future that completes on
/// either.
fn shutdown_signal() -> anyhow::Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt()).context("cannot handle SIGINT")?;
    let mut terminate = signal(SignalKind::terminate()).context("cannot handle SIGTERM")?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
        tracing::info!("shutting down: finishing requests in flight");
    })
}

fn run_purge(args: &PurgeArgs) -> anyhow::Result<()> {
    let settings = PurgeSettings::resolve(&args.common, &args.retention)?;
    let path = settings.data_dir.join(DATABASE_FILE);
    if !path.exists() {
        anyhow::bail!("no database at {} (is --data-dir right?)", path.display());
    }
    let purged = purge_database(
        &path,
        settings.max_retention_days,
        settings.max_mailbox_retention_days,
        settings.unfetched_attachment_days,
    )
    .with_context(|| format!("retention failed on {}", path.display()))?;
    print_purged(&purged)
}

#[allow(clippy::print_stdout, reason = "purge's report is its output")]
fn print_purged(p: &Purged) -> anyhow::Result<()> {
    let text = format!(
        "deleted {} inbox items, {} mailboxes, {} unused reply attachments, \
         {} attachments nobody fetched, {} unfinished uploads\n",
        p.inbox_items,
        p.mailboxes,
        p.unbound_attachments,
        p.unfetched_attachments,
        p.partial_uploads
    );
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}
