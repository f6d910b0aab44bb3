//! Streamed attachment uploads: the shape is checked on the first bytes,
//! before anything is stored; the rest goes to storage as it arrives (held
//! in memory until it fills the chunk row being written, or for at most
//! [`HOLD_AT_MOST`]), so no upload is ever held whole in memory and a
//! stalled one holds almost nothing (and is cut off: it must keep a
//! minimum rate, `admission.rs`); the final commit is durable and
//! happens only once exactly `Content-Length` bytes arrived (and, for
//! caseworkers, hashed to the signed digest).
//!
//! What a slow client's second brings is appended to the unfinished row
//! (`store/blobs.rs`), so the stored rows are [`CHUNK_LEN`] bytes each but
//! the last, whatever the upload's speed: a seized database holds no trace
//! of how fast, or in what pieces, an attachment arrived.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use sanctuary_crypto::age_header::{self, HeaderError};
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::recipients::Mix;
use sanctuary_crypto::shape::{SHAPE_PREFIX_LEN, check_attachment};
use sanctuary_crypto::sizes::max_header_len;
use sha2::{Digest as _, Sha256};

use crate::admission::Pace;
use crate::auth::Caseworker;
use crate::error::ApiError;
use crate::space::Space;
use crate::store::{BlobKind, Store};

pub use crate::store::CHUNK_LEN;

/// Longest received bytes wait in memory for more before they are stored.
pub const HOLD_AT_MOST: Duration = Duration::from_secs(1);

/// What an upload must look like.
pub(crate) struct UploadSpec<'a> {
    /// `Attachment` or `ReplyAttachment`.
    pub(crate) kind: BlobKind,
    /// The recipient mixes the blob may have (`docs/protocol.md` §8).
    pub(crate) recipients: Vec<Mix>,
    /// The unit's attachment limit (real bytes, before padding).
    pub(crate) max_bytes: u64,
    /// The declared length.
    pub(crate) content_length: u64,
    /// For caseworker uploads: the signature to check the body against.
    pub(crate) signed: Option<&'a Caseworker>,
    /// The room it is charged to, piece by piece as it is stored, once
    /// its shape has passed.
    pub(crate) space: &'a Arc<Space>,
    /// The receive rate it must keep, in bytes per second
    /// ([`min_rate`]).
    pub(crate) min_rate: u64,
}

/// The rate an upload of `content_length` bytes must keep: the one that
/// finishes it within `deadline`, and at least
/// [`MIN_BODY_RATE`](crate::admission::MIN_BODY_RATE).
pub(crate) fn min_rate(content_length: u64, deadline: Duration) -> u64 {
    (content_length / deadline.as_secs().max(1)).max(crate::admission::MIN_BODY_RATE)
}

/// Bytes of an upload received before its header is first looked at.
const FIRST_LOOK: usize = 512;

/// Whether `data` holds a whole age header, or enough to know it is not
/// one: the shape check can then decide without more bytes.
fn header_decidable(data: &[u8]) -> bool {
    !matches!(age_header::inspect(data), Err(HeaderError::Length))
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
    let mut pace = Pace::new(spec.min_rate);
    let mut stream = body.into_data_stream();
    let mut hasher = spec.signed.map(|_| Sha256::new());
    let mut pending: Vec<u8> = Vec::with_capacity(CHUNK_LEN);
    let mut received: u64 = 0;
    // No allowed header is longer than this: a few hundred bytes for
    // X25519 recipients, up to 80 KiB for 51 post-quantum ones.
    let longest_header = spec
        .recipients
        .iter()
        .map(|&mix| max_header_len(mix))
        .max()
        .unwrap_or(0)
        .min(SHAPE_PREFIX_LEN as u64);
    let limit = spec.content_length.min(longest_header) as usize;

    // The shape first: nothing is stored before it passes. It is checked
    // as soon as the header is complete (a few hundred bytes for X25519,
    // about 1.6 KB per post-quantum recipient), not after the whole
    // prefix the longest header could need: an honest upload is answered
    // at once, and a refused one need not send more. The header is
    // parsed again only each time the bytes received have doubled, so a
    // client sending a byte at a time costs linear work, not quadratic.
    let mut next_look = FIRST_LOOK.min(limit);
    loop {
        if pending.len() >= next_look {
            if pending.len() >= limit || header_decidable(&pending) {
                break;
            }
            next_look = (pending.len() * 2).min(limit);
        }
        let Some(frame) = pace.next(&mut stream, received).await? else {
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
        &pending[..pending.len().min(limit)],
        spec.content_length,
        &spec.recipients,
        spec.max_bytes,
    )?;
    // Then room: a reporter's attachment is on the daily quota.
    let reporter = spec.kind == BlobKind::Attachment;
    let mut room = spec
        .space
        .open(store, reporter, spec.content_length)
        .await?;

    let mut upload = store.begin_upload(spec.kind).await?;
    // When the oldest byte in `pending` arrived.
    let mut oldest = (!pending.is_empty()).then(Instant::now);
    loop {
        // Whole rows, or the rest of the row a slow client began.
        while pending.len() >= upload.room() {
            let rest = pending.split_off(upload.room());
            let chunk = std::mem::replace(&mut pending, rest);
            if let Some(h) = hasher.as_mut() {
                h.update(&chunk);
            }
            room.charge(chunk.len() as u64).await?;
            upload.append(chunk).await?;
            oldest = (!pending.is_empty()).then(Instant::now);
        }
        // A slow client: store what arrived (appended to the unfinished
        // row) instead of holding it while waiting for more, so a stalled
        // upload holds next to no memory.
        let wait = oldest.map(|t| HOLD_AT_MOST.saturating_sub(t.elapsed()));
        if wait == Some(Duration::ZERO) {
            let chunk = std::mem::take(&mut pending);
            if let Some(h) = hasher.as_mut() {
                h.update(&chunk);
            }
            room.charge(chunk.len() as u64).await?;
            upload.append(chunk).await?;
            oldest = None;
            continue;
        }
        let next = match wait {
            None => pace.next(&mut stream, received).await?,
            Some(wait) => {
                match tokio::time::timeout(wait, pace.next(&mut stream, received)).await {
                    Ok(next) => next?,
                    Err(_) => continue,
                }
            }
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
    room.charge(pending.len() as u64).await?;
    let id = upload.finish(pending).await?;
    room.stored();
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sanctuary_crypto::attachment::seal_attachment;
    use sanctuary_crypto::pq::HybridIdentity;
    use sanctuary_crypto::recipients::Recipients;

    fn sealed(recipients: &Recipients) -> Vec<u8> {
        let data = [7u8; 100];
        seal_attachment(&data[..], Vec::new(), recipients, 100)
            .expect("sealed")
            .0
    }

    #[test]
    fn a_header_is_decidable_once_complete_and_not_before() {
        let x25519 = Recipients::X25519(vec![age_identity(), age_identity()]);
        let pq = Recipients::PostQuantum(vec![
            HybridIdentity::generate().to_public(),
            HybridIdentity::generate().to_public(),
        ]);
        for recipients in [x25519, pq] {
            let blob = sealed(&recipients);
            let header = age_header::inspect(&blob).expect("a real header").len;
            for cut in [0, 1, 21, 22, 40, header / 2, header - 1] {
                assert!(!header_decidable(&blob[..cut]), "{cut} of {header}");
            }
            assert!(header_decidable(&blob[..header]));
            assert!(header_decidable(&blob));
        }
        // Not age, or broken early: no need to wait for more.
        assert!(header_decidable(b"not an age file at all"));
        assert!(header_decidable(
            b"age-encryption.org/v1\n-> X25519 a b\n!!!\n"
        ));
    }

    fn age_identity() -> sanctuary_crypto::age::x25519::Recipient {
        sanctuary_crypto::age::x25519::Identity::generate().to_public()
    }
}
