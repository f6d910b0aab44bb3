//! # sanctuary-server
//!
//! The server side of Sanctuary, an anonymous crime-reporting service: a
//! blob store that learns nothing about reporters. Reporters' clients
//! encrypt reports to a police unit's caseworkers with age; this server
//! checks each blob's outward shape (an age file for the current roster,
//! with a length an honest client produces), stores it under a random ID
//! with the day it arrived and nothing else, and hands it to caseworkers who
//! sign their requests. Replies go to mailboxes that reporters read with a
//! capability derived from their receipt.
//!
//! It also serves the reporter page (`web/dist/`, embedded in the binary
//! when it is compiled) at `/`, under a strict Content-Security-Policy, and,
//! only for origins the operator lists, lets copies of the page hosted
//! elsewhere call the public routes ([`cors`]).
//!
//! It never reads the peer address, sets no cookies, logs no request, and
//! answers reporters in one shape whoever asks. `docs/api/openapi.yaml`
//! describes the HTTP API; `docs/operator-guide.md` how to run it;
//! `docs/dev/logging.md` what it may log.
//!
//! Tests and the binary run it the same way, on any listener:
//!
//! ```no_run
//! # async fn run() -> anyhow::Result<()> {
//! use sanctuary_server::{Settings, serve};
//!
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let settings = Settings::with_data_dir("/var/lib/sanctuary");
//! serve(listener, settings, async { let _ = tokio::signal::ctrl_c().await; }).await
//! # }
//! ```

pub mod cli;
pub mod cors;
pub mod error;
pub mod logging;
pub mod router;
pub mod settings;
pub mod state;
pub mod store;
pub mod upload;

mod admission;
mod auth;
mod enrollment;
mod extract;
mod handlers;
mod pow;
mod replay;
mod space;

use std::future::Future;

use anyhow::Context as _;

pub use admission::{
    BODY_BUDGET, BODY_GRACE, MIN_BODY_RATE, RATE_WINDOW, RESERVED_BUDGET, SMALL_BODY,
};
pub use enrollment::ENROLLMENT_CODE_FILE;
pub use pow::{MAX_USED_NONCES, MAX_VERIFYING, VERIFY_WAIT};
pub use router::{PAGE_ROUTES, ROUTES, router};
pub use settings::{Limits, Settings};
pub use state::AppState;

/// Longest wait for a request's headers (and for the next request on an
/// idle kept-alive connection); the request timeout, if shorter, wins.
pub const HEADER_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Largest request head (and read buffer) per connection: far above any
/// honest request, whose longest header is the signed `Authorization`.
/// Larger heads are refused by the HTTP layer with 431.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Serves the API on `listener` until `shutdown` completes, then stops
/// accepting connections, lets requests in flight finish (their writes are
/// committed) for up to the request timeout, closes what is left, stops the
/// writer and returns.
///
/// Connections that do not send a complete request head within
/// [`HEADER_READ_TIMEOUT`] are closed, so idle or trickling clients cannot
/// hold sockets for ever; bodies slower than [`MIN_BODY_RATE`] are cut off; at most `max_connections` are open
/// at once (more wait in the kernel's queue). The peer address that `accept` returns is dropped
/// unread.
///
/// Logs `listening on ADDR` (the bound address) once the server is ready,
/// after any enrollment message.
pub async fn serve(
    listener: tokio::net::TcpListener,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let state = AppState::open(&settings).await?;
    let addr = listener
        .local_addr()
        .context("cannot read the listening address")?;
    let retention = tokio::spawn(retention_task(state.clone()));
    let limits = *state.limits();
    let app = router(state.clone());
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT.min(limits.request_timeout))
        .max_buf_size(MAX_HEAD_BYTES);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut connections = tokio::task::JoinSet::new();
    let open = std::sync::Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    tracing::info!("listening on {addr}");
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // At the cap, nothing is accepted until a connection closes: the
        // kernel queues new ones meanwhile.
        let permit = tokio::select! {
            permit = std::sync::Arc::clone(&open).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                // The peer address is never read.
                Ok((stream, _)) => stream,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let connection = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        connections.spawn(async move {
            // A client that goes away mid-request is not the server's fault.
            let _ = connection.await;
            drop(permit);
        });
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let finished = tokio::time::timeout(limits.request_timeout, graceful.shutdown()).await;
    if finished.is_err() {
        tracing::warn!(
            "{} connections still open at shutdown were closed",
            connections.len()
        );
    }
    connections.shutdown().await;
    retention.abort();
    let _ = retention.await;
    state.store.close().await;
    Ok(())
}

/// After a failed `accept`: a connection that failed before it was accepted
/// is nothing; anything else (out of file descriptors) is logged and
/// retried after a second, when connections may have closed.
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!("cannot accept connections: {e}");
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
}

/// Runs retention every `retention_interval` (and once at start).
async fn retention_task(state: AppState) {
    let mut interval = tokio::time::interval(state.limits().retention_interval);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        let days = state
            .retention_days()
            .with_unfetched(state.limits().unfetched_attachment_days);
        if let Err(e) = state.store.purge(days).await {
            tracing::error!("the retention job failed: {e}");
        }
    }
}
