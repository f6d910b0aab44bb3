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
pub mod error;
pub mod logging;
pub mod router;
pub mod settings;
pub mod state;
pub mod store;
pub mod upload;

mod auth;
mod enrollment;
mod handlers;

use std::future::Future;

use anyhow::Context as _;

pub use enrollment::ENROLLMENT_CODE_FILE;
pub use router::{ROUTES, router};
pub use settings::{Limits, Settings};
pub use state::AppState;

/// Serves the API on `listener` until `shutdown` completes, then stops
/// accepting connections, lets requests in flight finish (their writes are
/// committed), stops the writer and returns.
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
    tracing::info!("listening on {addr}");
    let result = axum::serve(listener, router(state.clone()))
        .with_graceful_shutdown(shutdown)
        .await
        .context("the server stopped with an error");
    retention.abort();
    let _ = retention.await;
    state.store.close().await;
    result
}

/// Runs retention every `retention_interval` (and once at start).
async fn retention_task(state: AppState) {
    let mut interval = tokio::time::interval(state.limits().retention_interval);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        if let Err(e) = state.store.purge(state.retention_days()).await {
            tracing::error!("the retention job failed: {e}");
        }
    }
}
