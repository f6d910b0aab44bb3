//! `inbox`: caseworkers syncing over the per-item routes, measured per
//! operation: listing a page (`GET /v1/inbox`) and downloading one report
//! (`GET /v1/inbox/{id}`). Every request is signed before the clock starts.

use std::sync::Arc;

use anyhow::{Result, bail};
use rand::Rng as _;
use sanctuary_crypto::api::InboxPage;
use sanctuary_crypto::ids::BlobId;

use crate::http::{authorization, closed_loop, runtime};
use crate::setup::BenchState;
use crate::stats::Summary;

/// Items per listed page.
const PAGE: usize = 100;

/// Options of `inbox`.
pub(crate) struct InboxOptions {
    pub(crate) server: reqwest::Url,
    pub(crate) clients: usize,
    pub(crate) requests: usize,
    pub(crate) warmup: usize,
}

/// Every message ID in the inbox, listed page by page.
fn all_ids(state: &BenchState, server: &reqwest::Url) -> Result<Vec<BlobId>> {
    let client = reqwest::blocking::Client::builder().no_proxy().build()?;
    let key = &state.caseworkers[0];
    let unit = state.roster.document().unit;
    let mut ids = Vec::new();
    let mut after: Option<BlobId> = None;
    loop {
        let path = match after {
            Some(a) => format!("/v1/inbox?after={a}&limit=1000"),
            None => "/v1/inbox?limit=1000".to_owned(),
        };
        let response = client
            .get(server.join(&path)?)
            .header(
                "authorization",
                authorization(key, &unit, "GET", &path, b""),
            )
            .send()?;
        if !response.status().is_success() {
            bail!("listing the inbox failed: {}", response.status());
        }
        let page: InboxPage = response.json()?;
        ids.extend(page.items.iter().map(|i| i.id));
        match page.next {
            Some(next) if !page.items.is_empty() => after = Some(next),
            _ => return Ok(ids),
        }
    }
}

/// (path, authorization) pairs, signed in advance, by each caseworker in
/// turn (the server remembers at most so many nonces per key).
fn presign(state: &BenchState, paths: Vec<String>) -> Arc<Vec<(String, String)>> {
    let unit = state.roster.document().unit;
    let keys = &state.caseworkers;
    Arc::new(
        paths
            .into_iter()
            .enumerate()
            .map(|(n, p)| {
                let auth = authorization(&keys[n % keys.len()], &unit, "GET", &p, b"");
                (p, auth)
            })
            .collect(),
    )
}

/// Lists random pages and downloads random reports.
pub(crate) fn run(state: &BenchState, options: &InboxOptions) -> Result<Vec<Summary>> {
    let ids = all_ids(state, &options.server)?;
    if ids.is_empty() {
        bail!("the inbox is empty: run submit or populate --reports first");
    }
    let total = options.warmup + options.requests;
    let mut rng = rand::thread_rng();
    let mut pick = || ids[rng.gen_range(0..ids.len())];
    let lists = presign(
        state,
        (0..total)
            .map(|_| format!("/v1/inbox?after={}&limit={PAGE}", pick()))
            .collect(),
    );
    let gets = presign(
        state,
        (0..total)
            .map(|_| format!("/v1/inbox/{}", pick()))
            .collect(),
    );
    let rt = runtime()?;
    let mut out = Vec::new();
    for (name, signed) in [("inbox-list", lists), ("inbox-get", gets)] {
        let base = options.server.clone();
        out.push(rt.block_on(closed_loop(
            name,
            options.clients,
            options.warmup,
            options.requests,
            move |client, n| {
                // One signature per request: no nonce is sent twice.
                let (path, auth) = signed[n.min(signed.len() - 1)].clone();
                let url = base.join(&path);
                async move {
                    let Ok(url) = url else { return false };
                    match client.get(url).header("authorization", auth).send().await {
                        Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                        _ => false,
                    }
                }
            },
        ))?);
    }
    Ok(out)
}
