//! `submit`: reporters posting reports (`POST /v1/messages`), each one
//! durable before it is answered.

use std::sync::Arc;

use anyhow::Result;
use bytes::Bytes;
use sanctuary_crypto::api::ROSTER_VERSION_HEADER;
use sanctuary_crypto::message::{self, ReportContent};
use sanctuary_crypto::receipt::Receipt;

use crate::http::{closed_loop, runtime};
use crate::setup::BenchState;
use crate::stats::Summary;

/// A report of a few paragraphs: it fits the 16 KiB bucket.
pub(crate) fn report_content(i: usize) -> ReportContent {
    ReportContent {
        category: Some("theft".into()),
        text: format!(
            "Benchmark report {i}. {}",
            "Someone took a bicycle from the yard behind the shop. ".repeat(30)
        ),
        ..Default::default()
    }
}

/// Seals `n` distinct reports (one receipt each) for the state's roster,
/// on every core.
pub(crate) fn seal_reports(state: &BenchState, n: usize) -> Result<Vec<Vec<u8>>> {
    let threads = std::thread::available_parallelism().map_or(1, |p| p.get());
    let roster = &state.roster;
    let chunks: Vec<Vec<usize>> = (0..threads)
        .map(|t| (0..n).filter(|i| i % threads == t).collect())
        .collect();
    let mut out: Vec<(usize, Vec<u8>)> = Vec::with_capacity(n);
    std::thread::scope(|s| -> Result<()> {
        let handles: Vec<_> = chunks
            .iter()
            .map(|idx| {
                s.spawn(move || -> Result<Vec<(usize, Vec<u8>)>> {
                    idx.iter()
                        .map(|&i| {
                            let keys = Receipt::generate().derive();
                            let blob = message::seal_report(&report_content(i), &keys, roster)
                                .map_err(|e| anyhow::anyhow!("sealing: {e}"))?;
                            Ok((i, blob))
                        })
                        .collect()
                })
            })
            .collect();
        for h in handles {
            out.extend(
                h.join()
                    .map_err(|_| anyhow::anyhow!("a sealing thread panicked"))??,
            );
        }
        Ok(())
    })?;
    out.sort_by_key(|(i, _)| *i);
    Ok(out.into_iter().map(|(_, b)| b).collect())
}

/// Options of `submit`.
pub(crate) struct SubmitOptions {
    pub(crate) server: reqwest::Url,
    pub(crate) clients: usize,
    pub(crate) requests: usize,
    pub(crate) warmup: usize,
    pub(crate) distinct: usize,
}

/// Posts pre-sealed reports from `clients` concurrent clients.
pub(crate) fn run(state: &BenchState, options: &SubmitOptions) -> Result<Summary> {
    let blobs: Arc<Vec<Bytes>> = Arc::new(
        seal_reports(state, options.distinct.max(1))?
            .into_iter()
            .map(Bytes::from)
            .collect(),
    );
    let url = options.server.join("v1/messages")?;
    let version = state.roster.version().to_string();
    runtime()?.block_on(closed_loop(
        "submit",
        options.clients,
        options.warmup,
        options.requests,
        move |client, n| {
            let blob = blobs[n % blobs.len()].clone();
            let (url, version) = (url.clone(), version.clone());
            async move {
                let response = client
                    .post(url)
                    .header(ROSTER_VERSION_HEADER, version)
                    .header("content-type", "application/octet-stream")
                    .body(blob)
                    .send()
                    .await;
                match response {
                    Ok(r) if r.status() == reqwest::StatusCode::CREATED => r.bytes().await.is_ok(),
                    _ => false,
                }
            }
        },
    ))
}
