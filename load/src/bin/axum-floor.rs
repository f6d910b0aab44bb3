//! `axum-floor`: the floor of the server's HTTP cost. A bare axum handler
//! on the same runtime as `sanctuary-server` (tokio, every core) that
//! reads a `POST /v1/messages` body of up to 1 MiB, as the server does, and
//! answers `201 Created` with a stored ID's JSON, but checks nothing and
//! stores nothing. `scripts/bench.sh` drives it with the same load
//! generator and clients as the real server and divides its CPU time by
//! the requests it answered: what any axum server pays per report.
//!
//! ```text
//! axum-floor --listen 127.0.0.1:0      # prints `listening on ADDR` on stderr
//! ```

use anyhow::{Context as _, Result};
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::StatusCode;
use axum::routing::post;
use clap::Parser;

/// Serves the bare handler until killed.
#[derive(Debug, Parser)]
#[command(name = "axum-floor", version)]
struct Args {
    /// Where to listen (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: std::net::SocketAddr,
}

/// The most a message body may be (the server's cap is about 1 MiB).
const LIMIT: usize = 1 << 20;

/// A stored ID's answer, the same length as the server's.
const ANSWER: &str = r#"{"id":"00000000000000000000000000000000"}"#;

async fn message(body: Body) -> (StatusCode, &'static str) {
    match to_bytes(body, LIMIT).await {
        Ok(bytes) if !bytes.is_empty() => (StatusCode::CREATED, ANSWER),
        _ => (StatusCode::BAD_REQUEST, "{}"),
    }
}

#[allow(clippy::print_stderr, reason = "the address is how bench.sh finds it")]
fn main() -> Result<()> {
    let args = Args::parse();
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        eprintln!("listening on {}", listener.local_addr()?);
        let app = Router::new().route("/v1/messages", post(message));
        axum::serve(listener, app).await?;
        Ok(())
    })
}
