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

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, BodyDataStream};
use sanctuary_crypto::age_header::{self, HeaderError};
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::recipients::Mix;
use sanctuary_crypto::shape::{SHAPE_PREFIX_LEN, check_attachment};
use sanctuary_crypto::sizes::max_header_len;
use sha2::{Digest as _, Sha256};

use crate::admission::Pace;
use crate::auth::Caseworker;
use crate::error::ApiError;
use crate::space::{Space, Ticket};
use crate::store::{BlobKind, Store, Upload};

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
    /// For a reporter's upload that may be resumed: the hash of its upload
    /// secret (`docs/protocol.md` §7.1).
    pub(crate) resume: Option<[u8; 32]>,
    /// The room it is charged to, piece by piece as it is stored, once
    /// its shape has passed.
    pub(crate) space: &'a Arc<Space>,
    /// The receive rate it must keep, in bytes per second
    /// ([`min_rate`]).
    pub(crate) min_rate: u64,
}

/// Where a resumed upload continues.
pub(crate) struct ResumeSpec<'a> {
    /// The hash of the upload secret.
    pub(crate) handle: [u8; 32],
    /// Where the body starts in the attachment.
    pub(crate) offset: u64,
    /// The body's declared length: the rest of the attachment.
    pub(crate) content_length: u64,
    /// The room it is charged to.
    pub(crate) space: &'a Arc<Space>,
    /// The receive rate it must keep, in bytes per second.
    pub(crate) min_rate: u64,
}

/// The rate an upload of `content_length` bytes must keep: the one that
/// finishes it within `deadline`, and at least
/// [`MIN_BODY_RATE`](crate::admission::MIN_BODY_RATE).
pub(crate) fn min_rate(content_length: u64, deadline: Duration) -> u64 {
    (content_length / deadline.as_secs().max(1)).max(crate::admission::MIN_BODY_RATE)
}

/// The resumable uploads being received now, by handle: a second
/// connection may not write one while another does (the first may be a
/// connection its client gave up on, until the minimum pace cuts it).
#[derive(Debug, Default)]
pub(crate) struct Receiving(Mutex<HashSet<[u8; 32]>>);

/// A resumable upload claimed by one connection, released when dropped.
pub(crate) struct Claim<'a> {
    receiving: &'a Receiving,
    handle: [u8; 32],
}

impl Receiving {
    /// Claims `handle` for this connection, or 409 `upload_busy`.
    pub(crate) fn claim(&self, handle: [u8; 32]) -> Result<Claim<'_>, ApiError> {
        let mut set = self.0.lock().map_err(|_| ApiError::Internal)?;
        if !set.insert(handle) {
            return Err(ApiError::UploadBusy);
        }
        Ok(Claim {
            receiving: self,
            handle,
        })
    }

    /// Whether a connection is receiving the upload under `handle`.
    pub(crate) fn is_busy(&self, handle: &[u8; 32]) -> Result<bool, ApiError> {
        Ok(self
            .0
            .lock()
            .map_err(|_| ApiError::Internal)?
            .contains(handle))
    }
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        if let Ok(mut set) = self.receiving.0.lock() {
            set.remove(&self.handle);
        }
    }
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

/// A request body being received.
struct Incoming {
    stream: BodyDataStream,
    pace: Pace,
    /// Bytes of this request's body received so far.
    received: u64,
    /// Its declared length.
    content_length: u64,
    /// Bytes received and not yet stored.
    pending: Vec<u8>,
}

impl Incoming {
    fn new(body: Body, content_length: u64, min_rate: u64) -> Self {
        Self {
            stream: body.into_data_stream(),
            pace: Pace::new(min_rate),
            received: 0,
            content_length,
            pending: Vec::with_capacity(CHUNK_LEN),
        }
    }

    /// Waits for the next piece and adds it to `pending`; `false` at the
    /// end of the body.
    async fn more(&mut self, wait: Option<Duration>) -> Result<Option<bool>, ApiError> {
        let next = match wait {
            None => self.pace.next(&mut self.stream, self.received).await?,
            Some(wait) => {
                match tokio::time::timeout(wait, self.pace.next(&mut self.stream, self.received))
                    .await
                {
                    Ok(next) => next?,
                    Err(_) => return Ok(None),
                }
            }
        };
        let Some(frame) = next else {
            return Ok(Some(false));
        };
        let frame = frame.map_err(|_| body_error())?;
        self.received += frame.len() as u64;
        if self.received > self.content_length {
            return Err(body_error());
        }
        self.pending.extend_from_slice(&frame);
        Ok(Some(true))
    }
}

/// Checks and stores an attachment streamed from `body`.
pub(crate) async fn upload(
    store: &Store,
    receiving: &Receiving,
    body: Body,
    spec: UploadSpec<'_>,
) -> Result<BlobId, ApiError> {
    let mut incoming = Incoming::new(body, spec.content_length, spec.min_rate);
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
        let pending = &incoming.pending;
        if pending.len() >= next_look {
            if pending.len() >= limit || header_decidable(pending) {
                break;
            }
            next_look = (pending.len() * 2).min(limit);
        }
        if incoming.more(None).await? != Some(true) {
            return Err(body_error());
        }
    }
    check_attachment(
        &incoming.pending[..incoming.pending.len().min(limit)],
        spec.content_length,
        &spec.recipients,
        spec.max_bytes,
    )?;
    // Then room: a reporter's attachment is on the daily quota.
    let reporter = spec.kind == BlobKind::Attachment;
    let room = spec
        .space
        .open(store, reporter, spec.content_length)
        .await?;
    let claim = spec.resume.map(|h| receiving.claim(h)).transpose()?;
    let upload = store
        .begin_upload(spec.kind, spec.resume.map(|h| (h, spec.content_length)))
        .await?;
    let id = receive(upload, room, incoming, spec.signed).await?;
    drop(claim);
    Ok(id)
}

/// Continues a reporter's interrupted upload (`docs/protocol.md` §7.1):
/// its shape was checked and its proof of work paid when it began.
pub(crate) async fn resume(
    store: &Store,
    receiving: &Receiving,
    body: Body,
    spec: ResumeSpec<'_>,
) -> Result<BlobId, ApiError> {
    let claim = receiving.claim(spec.handle)?;
    let (upload, unfinished) = store
        .resume_upload(spec.handle)
        .await?
        .ok_or(ApiError::NotFound)?;
    if spec.offset != unfinished.received {
        return Err(ApiError::UploadOffset {
            received: unfinished.received,
        });
    }
    if unfinished.received.saturating_add(spec.content_length) != unfinished.length {
        return Err(ApiError::BadRequest(format!(
            "the body must be the rest of the upload: {} bytes",
            unfinished.length - unfinished.received
        )));
    }
    let room = spec.space.open(store, true, spec.content_length).await?;
    let incoming = Incoming::new(body, spec.content_length, spec.min_rate);
    let id = receive(upload, room, incoming, None).await?;
    drop(claim);
    Ok(id)
}

/// Stores what arrives on `incoming` (beginning with what it already
/// holds) in `upload`, then finishes it, in one durable commit, once
/// exactly the declared length has arrived and, for a caseworker's
/// upload, hashed to the digest `signed` covers (else nothing of it
/// stays). An interrupted upload that may be resumed keeps what arrived,
/// and its charge.
async fn receive(
    mut upload: Upload,
    mut room: Ticket,
    mut incoming: Incoming,
    signed: Option<&Caseworker>,
) -> Result<BlobId, ApiError> {
    let mut hasher = signed.map(|_| Sha256::new());
    let stored = match store_all(&mut upload, &mut room, &mut incoming, &mut hasher).await {
        // The body ended before its declared length: the client stopped.
        Ok(()) if incoming.received != incoming.content_length => Err(body_error()),
        other => other,
    };
    match stored {
        Ok(()) => {}
        Err(e) => {
            if upload.is_resumable() {
                let rest = std::mem::take(&mut incoming.pending);
                if room.charge(rest.len() as u64).await.is_ok() {
                    // Best effort: the client asks what arrived before it
                    // resumes, so bytes lost here are only sent again.
                    let _ = upload.append(rest).await;
                }
                room.stored();
            }
            return Err(e);
        }
    }
    let last = std::mem::take(&mut incoming.pending);
    if let (Some(mut h), Some(signed)) = (hasher, signed) {
        h.update(&last);
        signed.check_body(&h.finalize().into())?;
    }
    room.charge(last.len() as u64).await?;
    let id = upload.finish(last).await?;
    room.stored();
    Ok(id)
}

/// Stores whole rows as they fill, and what a slow client sent after at
/// most [`HOLD_AT_MOST`], until the body ends; the last bytes stay in
/// `incoming.pending`.
async fn store_all(
    upload: &mut Upload,
    room: &mut Ticket,
    incoming: &mut Incoming,
    hasher: &mut Option<Sha256>,
) -> Result<(), ApiError> {
    // When the oldest byte in `pending` arrived.
    let mut oldest = (!incoming.pending.is_empty()).then(Instant::now);
    loop {
        // Whole rows, or the rest of the row a slow client began.
        while incoming.pending.len() >= upload.room() {
            let rest = incoming.pending.split_off(upload.room());
            let chunk = std::mem::replace(&mut incoming.pending, rest);
            store_piece(upload, room, hasher, chunk).await?;
            oldest = (!incoming.pending.is_empty()).then(Instant::now);
        }
        // A slow client: store what arrived (appended to the unfinished
        // row) instead of holding it while waiting for more, so a stalled
        // upload holds next to no memory.
        let wait = oldest.map(|t| HOLD_AT_MOST.saturating_sub(t.elapsed()));
        if wait == Some(Duration::ZERO) {
            let chunk = std::mem::take(&mut incoming.pending);
            store_piece(upload, room, hasher, chunk).await?;
            oldest = None;
            continue;
        }
        let was_empty = incoming.pending.is_empty();
        match incoming.more(wait).await? {
            None => continue,
            Some(false) => return Ok(()),
            Some(true) => {
                if was_empty {
                    oldest = Some(Instant::now());
                }
            }
        }
    }
}

async fn store_piece(
    upload: &mut Upload,
    room: &mut Ticket,
    hasher: &mut Option<Sha256>,
    chunk: Vec<u8>,
) -> Result<(), ApiError> {
    if let Some(h) = hasher.as_mut() {
        h.update(&chunk);
    }
    room.charge(chunk.len() as u64).await?;
    upload.append(chunk).await?;
    Ok(())
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
