//! The HTTP side: one keep-alive client per simulated client, a closed
//! loop per client, and signed caseworker requests.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Result;
use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::request_auth::{SignedRequest, body_sha256};
use sanctuary_crypto::unit::UnitId;

use crate::stats::Summary;

/// A client with its own connection pool: each simulated client holds one
/// keep-alive connection, as a real one would.
pub(crate) fn client() -> Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(1)
        .timeout(Duration::from_secs(120))
        .build()?)
}

/// A single-threaded runtime: the load generator takes at most one core,
/// so the server has the other on a two-core machine.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// The `Authorization` header value of a caseworker request to `unit`'s
/// server.
pub(crate) fn authorization(
    key: &CaseworkerKey,
    unit: &UnitId,
    method: &str,
    path_and_query: &str,
    body: &[u8],
) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    SignedRequest::sign(key, unit, method, path_and_query, now, body_sha256(body)).to_header_value()
}

/// Runs `requests` operations over `clients` closed-loop clients (each
/// sends its next request when the previous one answered), after `warmup`
/// unmeasured ones. `op(client, n)` performs request number `n` (warm-up
/// requests are `0..warmup`, measured ones `warmup..warmup + requests`) and
/// says whether it succeeded.
pub(crate) async fn closed_loop<F, Fut>(
    name: &str,
    clients: usize,
    warmup: usize,
    requests: usize,
    op: F,
) -> Result<Summary>
where
    F: Fn(reqwest::Client, usize) -> Fut + Clone + 'static,
    Fut: Future<Output = bool> + 'static,
{
    let pools: Vec<reqwest::Client> = (0..clients).map(|_| client()).collect::<Result<_>>()?;
    let local = tokio::task::LocalSet::new();
    let summary = local
        .run_until(async move {
            for (phase, base, total) in [(false, 0, warmup), (true, warmup, requests)] {
                let next = Arc::new(AtomicUsize::new(0));
                let start = Instant::now();
                let mut tasks = Vec::new();
                for pool in &pools {
                    let (next, op, pool) = (Arc::clone(&next), op.clone(), pool.clone());
                    tasks.push(tokio::task::spawn_local(async move {
                        let mut lat = Vec::new();
                        let mut errors = 0;
                        loop {
                            let n = next.fetch_add(1, Ordering::Relaxed);
                            if n >= total {
                                break;
                            }
                            let t = Instant::now();
                            if op(pool.clone(), base + n).await {
                                lat.push(t.elapsed());
                            } else {
                                errors += 1;
                            }
                        }
                        (lat, errors)
                    }));
                }
                let mut latencies = Vec::with_capacity(total);
                let mut errors = 0;
                for task in tasks {
                    let (lat, e) = task.await.unwrap_or_default();
                    latencies.extend(lat);
                    errors += e;
                }
                if phase {
                    return Some(Summary::new(
                        name,
                        clients,
                        latencies,
                        errors,
                        start.elapsed(),
                    ));
                }
            }
            None
        })
        .await;
    summary.ok_or_else(|| anyhow::anyhow!("no measured phase"))
}
