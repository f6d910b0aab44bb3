//! Admission: what a request must get before the server works on it.
//!
//! A body is received whole first, within its route's own cap (checked
//! against `Content-Length` before a byte is read), a share of the body
//! budget, and a minimum receive rate; only then is a work slot taken, so a
//! slow or stalled client holds no slot. Caseworker routes check their
//! signature header before any of this (`extract.rs`).
//!
//! The budget is shared, but a part of it ([`RESERVED_BUDGET`]) is kept
//! for small bodies ([`SMALL_BODY`] or less: mailbox and JSON requests, and
//! the reports of an ordinary roster), so that big bodies held by stalled
//! clients cannot make an ordinary report fail with 503.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::HeaderMap;
use futures_util::StreamExt as _;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::error::ApiError;
use crate::handlers::content_length;

/// Most body bytes held in memory at once across all requests still being
/// received or worked on (uploads excepted: they go to storage as they
/// arrive). Beyond it, requests are refused with 503 `overloaded`.
pub const BODY_BUDGET: usize = 64 * 1024 * 1024;

/// The part of [`BODY_BUDGET`] that only small bodies may use.
pub const RESERVED_BUDGET: usize = 16 * 1024 * 1024;

/// A body of at most this many bytes (by its `Content-Length`, or by its
/// route's cap) is small: it may use [`RESERVED_BUDGET`] once the rest of
/// the budget is taken. It holds a message of the two smallest buckets for
/// any X25519 roster, and of the 16 KiB bucket for any post-quantum one.
pub const SMALL_BODY: u64 = 256 * 1024;

/// Extra time a body's first [`RATE_WINDOW`] gets (connection set-up,
/// a slow start).
pub const BODY_GRACE: Duration = Duration::from_secs(5);

/// The window over which a body's receive rate is measured.
pub const RATE_WINDOW: Duration = Duration::from_secs(10);

/// Minimum receive rate of a body, in bytes per second: each
/// [`RATE_WINDOW`] (the first one [`BODY_GRACE`] longer) must bring
/// `MIN_BODY_RATE × RATE_WINDOW` bytes (40 KiB), or the end of the body;
/// otherwise the request is cut off with 408. Bytes sent early buy no
/// credit for a stall later. Attachment uploads must also keep the pace
/// that finishes them within the upload deadline.
pub const MIN_BODY_RATE: u64 = 4 * 1024;

/// A body's pace: when it is cut off unless more arrives.
#[derive(Debug)]
pub(crate) struct Pace {
    deadline: Instant,
    mark: u64,
    per_window: u64,
}

impl Pace {
    /// A body that must arrive at `rate` bytes per second (at least
    /// [`MIN_BODY_RATE`]).
    pub(crate) fn new(rate: u64) -> Self {
        Self {
            deadline: Instant::now() + BODY_GRACE + RATE_WINDOW,
            mark: 0,
            per_window: rate
                .max(MIN_BODY_RATE)
                .saturating_mul(RATE_WINDOW.as_secs()),
        }
    }

    /// The next piece of `stream`, or 408 if it does not come in time;
    /// `received`: the bytes received before it.
    pub(crate) async fn next<S: futures_util::Stream + Unpin>(
        &mut self,
        stream: &mut S,
        received: u64,
    ) -> Result<Option<S::Item>, ApiError> {
        if received >= self.mark.saturating_add(self.per_window) {
            self.mark = received;
            self.deadline = Instant::now() + RATE_WINDOW;
        }
        tokio::time::timeout_at(self.deadline, stream.next())
            .await
            .map_err(|_| ApiError::Timeout)
    }
}

/// The work slots and the body budget, shared by every request.
#[derive(Debug)]
pub(crate) struct Admission {
    slots: Arc<Semaphore>,
    shared: Arc<Semaphore>,
    reserved: Arc<Semaphore>,
}

/// A request admitted: its whole body, the budget it holds until the
/// request is answered, and its work slot.
#[derive(Debug)]
pub(crate) struct Admitted {
    /// The body.
    pub(crate) body: Bytes,
    _held: Held,
    _slot: OwnedSemaphorePermit,
}

/// The first bytes of a body, and the budget they hold until dropped.
#[derive(Debug)]
pub(crate) struct Head {
    bytes: Bytes,
    _held: Held,
}

impl Head {
    /// The bytes received.
    pub(crate) fn bytes(&self) -> &Bytes {
        &self.bytes
    }
}

/// The budget a body holds, from either part.
#[derive(Debug, Default)]
struct Held {
    shared: Option<OwnedSemaphorePermit>,
    reserved: Option<OwnedSemaphorePermit>,
}

impl Held {
    fn add(slot: &mut Option<OwnedSemaphorePermit>, permit: OwnedSemaphorePermit) {
        match slot.as_mut() {
            Some(held) => held.merge(permit),
            None => *slot = Some(permit),
        }
    }
}

impl Admission {
    /// `slots` work slots and the whole body budget.
    pub(crate) fn new(slots: usize) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(slots)),
            shared: Arc::new(Semaphore::new(BODY_BUDGET - RESERVED_BUDGET)),
            reserved: Arc::new(Semaphore::new(RESERVED_BUDGET)),
        }
    }

    /// Takes a work slot for a request that reads no body.
    pub(crate) fn slot(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        Arc::clone(&self.slots)
            .try_acquire_owned()
            .map_err(|_| ApiError::Overloaded)
    }

    /// Receives a whole body of at most `limit` bytes, then takes a work
    /// slot.
    pub(crate) async fn receive(
        &self,
        headers: &HeaderMap,
        body: Body,
        limit: u64,
    ) -> Result<Admitted, ApiError> {
        let declared = content_length(headers)?;
        if declared.is_some_and(|n| n > limit) {
            return Err(ApiError::TooLarge);
        }
        // A body longer than it declared is cut off by hyper; the declared
        // length is also the most memory it will take.
        let limit = declared.unwrap_or(limit);
        let small = limit <= SMALL_BODY;
        let (body, held) = self.collect(body, limit, small, None).await?;
        let slot = self.slot()?;
        Ok(Admitted {
            body,
            _held: held,
            _slot: slot,
        })
    }

    /// The first `n` bytes of a body (fewer if it is shorter), within the
    /// budget and the pace, to decide on a refusal without reading the
    /// rest. Takes no slot.
    pub(crate) async fn receive_prefix(&self, body: Body, n: usize) -> Result<Bytes, ApiError> {
        let (data, _held) = self
            .collect(body, u64::MAX, n as u64 <= SMALL_BODY, Some(n))
            .await?;
        Ok(data.slice(..data.len().min(n)))
    }

    /// The first `n` bytes of a body (or more: the whole of the last piece
    /// read; fewer if it is shorter), within the budget and the pace, and
    /// the body whole again to read on. The budget the head holds is given
    /// back when the [`Head`] is dropped. Takes no slot.
    pub(crate) async fn receive_head(
        &self,
        body: Body,
        n: usize,
    ) -> Result<(Head, Body), ApiError> {
        let mut stream = body.into_data_stream();
        let (data, held) = self
            .collect_from(&mut stream, u64::MAX, n as u64 <= SMALL_BODY, Some(n))
            .await?;
        let first =
            futures_util::stream::once(std::future::ready(Ok::<_, axum::Error>(data.clone())));
        let whole = Body::from_stream(first.chain(stream));
        Ok((
            Head {
                bytes: data,
                _held: held,
            },
            whole,
        ))
    }

    /// Reads a body of at most `limit` bytes, or until `stop_at` bytes
    /// arrived, holding budget for each byte.
    async fn collect(
        &self,
        body: Body,
        limit: u64,
        small: bool,
        stop_at: Option<usize>,
    ) -> Result<(Bytes, Held), ApiError> {
        let mut stream = body.into_data_stream();
        self.collect_from(&mut stream, limit, small, stop_at).await
    }

    /// [`Self::collect`] from a stream, which can be read on after it.
    ///
    /// The budget is charged for the memory the buffer takes (its
    /// capacity), not only for the bytes in it: the buffer grows by
    /// doubling, but never past `ceiling` (the declared length, or the
    /// prefix wanted) unless a piece needs it, so a body that has all
    /// arrived holds no more than its own length.
    async fn collect_from(
        &self,
        stream: &mut axum::body::BodyDataStream,
        limit: u64,
        small: bool,
        stop_at: Option<usize>,
    ) -> Result<(Bytes, Held), ApiError> {
        let ceiling = usize::try_from(limit)
            .unwrap_or(usize::MAX)
            .min(stop_at.unwrap_or(usize::MAX));
        let mut data: Vec<u8> = Vec::new();
        let mut held = Held::default();
        let mut pace = Pace::new(MIN_BODY_RATE);
        loop {
            let Some(frame) = pace.next(stream, data.len() as u64).await? else {
                break;
            };
            let frame = frame
                .map_err(|_| ApiError::BadRequest("the request body could not be read".into()))?;
            let needed = data.len() + frame.len();
            if needed as u64 > limit {
                return Err(ApiError::TooLarge);
            }
            if needed > data.capacity() {
                let grown = data.capacity().saturating_mul(2).min(ceiling).max(needed);
                self.charge(&mut held, grown - data.capacity(), small)?;
                data.reserve_exact(grown - data.len());
            }
            data.extend_from_slice(&frame);
            if stop_at.is_some_and(|n| data.len() >= n) {
                break;
            }
        }
        Ok((Bytes::from(data), held))
    }

    /// Takes `n` bytes of budget for a body: from the shared part, or for
    /// a small body from the reserved part when the shared one is taken.
    fn charge(&self, held: &mut Held, n: usize, small: bool) -> Result<(), ApiError> {
        let n = u32::try_from(n).map_err(|_| ApiError::TooLarge)?;
        match Arc::clone(&self.shared).try_acquire_many_owned(n) {
            Ok(permit) => Held::add(&mut held.shared, permit),
            Err(_) if small => {
                let permit = Arc::clone(&self.reserved)
                    .try_acquire_many_owned(n)
                    .map_err(|_| ApiError::Overloaded)?;
                Held::add(&mut held.reserved, permit);
            }
            Err(_) => return Err(ApiError::Overloaded),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, header};

    fn length(n: usize) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(n));
        h
    }

    /// A body that sends `first` and then never ends.
    fn stalled(first: Vec<u8>) -> Body {
        let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(first) })
            .chain(futures_util::stream::pending());
        Body::from_stream(stream)
    }

    #[tokio::test]
    async fn a_declared_length_over_the_cap_is_refused_before_reading() {
        let admission = Admission::new(4);
        let r = admission.receive(&length(101), stalled(vec![]), 100).await;
        assert!(matches!(r, Err(ApiError::TooLarge)));
        let r = admission
            .receive(&HeaderMap::new(), Body::from(vec![0u8; 101]), 100)
            .await;
        assert!(matches!(r, Err(ApiError::TooLarge)));
        let ok = admission
            .receive(&length(100), Body::from(vec![1u8; 100]), 100)
            .await
            .unwrap();
        assert_eq!(ok.body.len(), 100);
    }

    #[tokio::test(start_paused = true)]
    async fn a_stalled_body_is_cut_off() {
        let admission = Admission::new(4);
        // Plenty received at once, then nothing: it buys no credit, and
        // the body is cut off one window later.
        let t = Instant::now();
        let r = admission
            .receive(&length(1 << 20), stalled(vec![0; 512 * 1024]), 1 << 20)
            .await;
        assert!(matches!(r, Err(ApiError::Timeout)));
        assert_eq!(t.elapsed(), RATE_WINDOW);
        // Less than a window's worth: cut off at the end of the first
        // window.
        let t = Instant::now();
        let r = admission
            .receive(&length(1 << 20), stalled(vec![0; 4096]), 1 << 20)
            .await;
        assert!(matches!(r, Err(ApiError::Timeout)));
        assert_eq!(t.elapsed(), BODY_GRACE + RATE_WINDOW);
        // A small body that ends in time is received, however slowly.
        let r = admission
            .receive(&length(3), Body::from(vec![1u8, 2, 3]), 10)
            .await;
        assert!(r.is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn big_bodies_cannot_take_the_part_kept_for_small_ones() {
        let admission = Arc::new(Admission::new(4));
        let big = 1 << 20;
        // Stalled big bodies take all of the shared part and no more.
        let mut stalls = Vec::new();
        for _ in 0..(BODY_BUDGET - RESERVED_BUDGET) / big {
            let a = Arc::clone(&admission);
            stalls.push(tokio::spawn(async move {
                a.receive(&length(big + 1), stalled(vec![0; big]), 2 << 20)
                    .await
            }));
        }
        tokio::task::yield_now().await;
        for _ in 0..100 {
            if admission.shared.available_permits() == 0 {
                break;
            }
            tokio::task::yield_now().await;
        }
        assert_eq!(admission.shared.available_permits(), 0);
        let r = admission
            .receive(&length(big), Body::from(vec![0u8; big]), 2 << 20)
            .await;
        assert!(matches!(r, Err(ApiError::Overloaded)));
        // A small body is still received, from the reserved part.
        let small = admission
            .receive(&length(20_000), Body::from(vec![0u8; 20_000]), 2 << 20)
            .await
            .unwrap();
        assert_eq!(small.body.len(), 20_000);
        assert_eq!(
            admission.reserved.available_permits(),
            RESERVED_BUDGET - 20_000
        );
        drop(small);
        assert_eq!(admission.reserved.available_permits(), RESERVED_BUDGET);
        for s in stalls {
            s.abort();
        }
    }

    #[tokio::test]
    async fn a_received_body_waits_for_no_slot_but_needs_one() {
        let admission = Admission::new(1);
        let first = admission
            .receive(&length(1), Body::from(vec![1u8]), 10)
            .await
            .unwrap();
        let r = admission
            .receive(&length(1), Body::from(vec![1u8]), 10)
            .await;
        assert!(matches!(r, Err(ApiError::Overloaded)));
        drop(first);
        assert!(admission.slot().is_ok());
    }
}
