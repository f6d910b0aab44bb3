//! `fetch`: reporters checking their mailbox (`POST /v1/mailbox/fetch`),
//! each a random one of the mailboxes `populate` created.

use anyhow::Result;
use rand::Rng as _;
use sanctuary_crypto::api::{MailboxContents, MailboxFetch};
use sanctuary_crypto::ids::MailboxId;
use sha2::{Digest as _, Sha256};

use crate::http::{closed_loop, runtime};
use crate::stats::Summary;

/// The `i`-th mailbox ID of a populated database: derived from a seed, so
/// a million of them need not be stored anywhere.
pub(crate) fn mailbox_id(seed: u64, i: u64) -> MailboxId {
    let mut h = Sha256::new();
    h.update(b"sanctuary-load/mailbox");
    h.update(seed.to_be_bytes());
    h.update(i.to_be_bytes());
    MailboxId::from_bytes(h.finalize().into())
}

/// Options of `fetch`.
pub(crate) struct FetchOptions {
    pub(crate) server: reqwest::Url,
    pub(crate) clients: usize,
    pub(crate) requests: usize,
    pub(crate) warmup: usize,
    pub(crate) mailboxes: u64,
    pub(crate) seed: u64,
    pub(crate) label: String,
}

/// Fetches random populated mailboxes; a fetch counts as an error unless
/// it returns exactly the one reply `populate` stored.
pub(crate) fn run(options: &FetchOptions) -> Result<Summary> {
    let url = options.server.join("v1/mailbox/fetch")?;
    let (mailboxes, seed) = (options.mailboxes.max(1), options.seed);
    runtime()?.block_on(closed_loop(
        &options.label,
        options.clients,
        options.warmup,
        options.requests,
        move |client, _| {
            let i = rand::thread_rng().gen_range(0..mailboxes);
            let body = MailboxFetch {
                mailbox: mailbox_id(seed, i),
            };
            let url = url.clone();
            async move {
                let Ok(response) = client.post(url).json(&body).send().await else {
                    return false;
                };
                if !response.status().is_success() {
                    return false;
                }
                match response.bytes().await {
                    Ok(bytes) => serde_json::from_slice::<MailboxContents>(&bytes)
                        .is_ok_and(|c| c.replies.len() == 1),
                    Err(_) => false,
                }
            }
        },
    ))
}
