//! Streamed attachment uploads: the shape is checked on the first bytes,
//! before anything is stored; the rest goes to storage in chunk rows as it
//! arrives (at most [`CHUNK_LEN`] bytes, held at most [`HOLD_AT_MOST`]), so
//! no upload is ever held whole in memory and a stalled one holds almost
//! nothing; the final commit is durable and happens only once exactly
//! `Content-Length` bytes arrived (and, for caseworkers, hashed to the
//! signed digest).

use std::time::{Duration, Instant};

use axum::body::Body;
use futures_util::StreamExt as _;
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::shape::{SHAPE_PREFIX_LEN, check_attachment};
use sha2::{Digest as _, Sha256};

use crate::auth::Caseworker;
use crate::error::ApiError;
use crate::store::{BlobKind, Store};

/// Bytes per stored chunk row (at most: a slow upload's rows are smaller).
pub const CHUNK_LEN: usize = 256 * 1024;

/// Longest received bytes wait in memory for more before they are stored.
pub const HOLD_AT_MOST: Duration = Duration::from_secs(1);

/// What an upload must look like.
pub(crate) struct UploadSpec<'a> {
    /// `Attachment` or `ReplyAttachment`.
    pub(crate) kind: BlobKind,
    /// X25519 recipients the blob must have.
    pub(crate) recipients: usize,
    /// The unit's attachment limit (real bytes, before padding).
    pub(crate) max_bytes: u64,
    /// The declared length.
    pub(crate) content_length: u64,
    /// For caseworker uploads: the signature to check the body against.
    pub(crate) signed: Option<&'a Caseworker>,
}

fn body_error() -> ApiError {
    ApiError::BadRequest("the upload was interrupted or its length is not Content-Length".into())
}

/// Checks and stores an attachment streamed from `body`.
pub(crate) async fn upload(
    store: &Store,
    body: Body,
    spec: UploadSpec<'_>,
) -> Result<BlobId, ApiError> {
    let mut stream = body.into_data_stream();
    let mut hasher = spec.signed.map(|_| Sha256::new());
    let mut pending: Vec<u8> = Vec::with_capacity(CHUNK_LEN);
    let mut received: u64 = 0;
    let prefix_len = spec.content_length.min(SHAPE_PREFIX_LEN as u64) as usize;

    // The shape first: nothing is stored before it passes.
    while pending.len() < prefix_len {
        let Some(frame) = stream.next().await else {
            return Err(body_error());
        };
        let frame = frame.map_err(|_| body_error())?;
        received += frame.len() as u64;
        if received > spec.content_length {
            return Err(body_error());
        }
        pending.extend_from_slice(&frame);
    }
    check_attachment(
        &pending[..prefix_len],
        spec.content_length,
        spec.recipients,
        spec.max_bytes,
    )?;

    let mut upload = store.begin_upload(spec.kind).await?;
    // When the oldest byte in `pending` arrived.
    let mut oldest = (!pending.is_empty()).then(Instant::now);
    loop {
        while pending.len() >= CHUNK_LEN {
            let rest = pending.split_off(CHUNK_LEN);
            let chunk = std::mem::replace(&mut pending, rest);
            if let Some(h) = hasher.as_mut() {
                h.update(&chunk);
            }
            upload.append(chunk).await?;
            oldest = (!pending.is_empty()).then(Instant::now);
        }
        // A slow client: store what arrived instead of holding it while
        // waiting for more, so a stalled upload holds next to no memory.
        let wait = oldest.map(|t| HOLD_AT_MOST.saturating_sub(t.elapsed()));
        if wait == Some(Duration::ZERO) {
            let chunk = std::mem::take(&mut pending);
            if let Some(h) = hasher.as_mut() {
                h.update(&chunk);
            }
            upload.append(chunk).await?;
            oldest = None;
            continue;
        }
        let next = match wait {
            None => stream.next().await,
            Some(wait) => match tokio::time::timeout(wait, stream.next()).await {
                Ok(next) => next,
                Err(_) => continue,
            },
        };
        let Some(frame) = next else {
            break;
        };
        let frame = frame.map_err(|_| body_error())?;
        received += frame.len() as u64;
        if received > spec.content_length {
            return Err(body_error());
        }
        if pending.is_empty() {
            oldest = Some(Instant::now());
        }
        pending.extend_from_slice(&frame);
    }
    if received != spec.content_length {
        return Err(body_error());
    }
    if let (Some(h), Some(signed)) = (hasher, spec.signed) {
        let mut h = h;
        h.update(&pending);
        signed.check_body(&h.finalize().into())?;
    }
    Ok(upload.finish(pending).await?)
}
