//! The server's side of the proof of work on anonymous submissions
//! (`docs/protocol.md` §10.1): the challenge key, the level, the
//! single-use nonces and the check on `POST /v1/messages` and
//! `POST /v1/attachments`. The format and the work itself are
//! `sanctuary_crypto::pow`'s.
//!
//! Everything here lives in memory only and holds nothing about any
//! client: a key drawn at start (a restart voids every challenge), the
//! count of submissions accepted in each of the last ten minutes, and the
//! nonces of challenges already presented until they expire.
//!
//! While the level is 0 a submission may come without a proof, so that
//! the server spends no Argon2id evaluation per report when nobody floods
//! it; a proof that is sent is checked all the same. Above 0 a proof is
//! required, and its challenge must be at least as hard as one issued a
//! level lower: a rise while an honest client solves does not refuse it,
//! challenges collected while the server was quiet do not pass a flood.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::HeaderMap;
use sanctuary_crypto::pow::{
    self, BINDING_PREFIX, Challenge, ChallengeKey, EXPIRY_SECS, Kind, PowError, Solution, Token,
};
use tokio::sync::Semaphore;

use crate::admission::Admission;
use crate::error::ApiError;
use crate::handlers::content_length;

/// Most nonces remembered at once (each until its challenge expires):
/// about 20 MiB at most. Beyond it, proofs are refused with 503
/// `overloaded` until challenges expire. Nonces are marked only by a
/// request holding a verification slot, so the set fills no faster than
/// the server verifies.
pub const MAX_USED_NONCES: usize = 400_000;

/// Longest a proof waits for a verification slot before it is refused
/// with 503 `overloaded`.
pub const VERIFY_WAIT: Duration = Duration::from_secs(10);

/// Most Argon2id verifications run at once (each on a blocking thread,
/// with 4 MiB): at most this many, and no more than the processors.
pub const MAX_VERIFYING: usize = 4;

/// How many one-minute buckets the submission count covers.
const BUCKETS: usize = 10;

/// The proof-of-work state, shared by every request.
#[derive(Debug)]
pub(crate) struct Pow {
    key: ChallengeKey,
    baseline: u64,
    max_level: u8,
    recent: Mutex<RecentCount>,
    used: Mutex<UsedNonces>,
    verifying: Arc<Semaphore>,
}

impl Pow {
    /// A fresh key, no submissions counted, no nonce used.
    pub(crate) fn new(baseline: u64, max_level: u8, window: Duration) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self {
            key: ChallengeKey::generate(),
            baseline,
            max_level,
            recent: Mutex::new(RecentCount::new(Instant::now(), window)),
            used: Mutex::new(UsedNonces::default()),
            verifying: Arc::new(Semaphore::new(cores.clamp(1, MAX_VERIFYING))),
        }
    }

    /// The current level, from the submissions accepted over the last ten
    /// minutes.
    pub(crate) fn level(&self) -> u8 {
        let count = self
            .recent
            .lock()
            .map_or(0, |mut r| r.count(Instant::now()));
        pow::level(count, self.baseline, self.max_level)
    }

    /// Counts one anonymous submission accepted (stored).
    pub(crate) fn accepted(&self) {
        if let Ok(mut r) = self.recent.lock() {
            r.add(Instant::now());
        }
    }

    /// A challenge for a body of `size` bytes on the route `kind`, at the
    /// current level; returns it with the level.
    pub(crate) fn issue(&self, kind: Kind, size: u64) -> Result<(Token, u8), ApiError> {
        let level = self.level();
        let challenge = Challenge::new(kind, bits(kind, level, size), size, unix_now());
        let token = self.key.issue(&challenge).map_err(|_| {
            tracing::error!("a proof-of-work challenge could not be issued");
            ApiError::Internal
        })?;
        Ok((token, level))
    }

    /// Checks the proof of work of a submission to the route `kind`,
    /// before more than its first 64 KiB are read and before anything is
    /// written; returns the body to read on (whole again). Without a
    /// proof, the body is let through at level 0 and refused above it.
    ///
    /// In order: the header parses (else `pow_required` or `bad_pow`); the
    /// MAC, the route and the length (`Content-Length`) are the token's
    /// (`bad_pow`); it has not expired (`pow_expired`); it is hard enough
    /// for the current level less one (`pow_expired`: fetch a new one); the
    /// first 64 KiB are received (within the body budget and pace); a
    /// verification slot is free (else, after [`VERIFY_WAIT`],
    /// `overloaded`); the nonce was not used (`pow_reused`) and is now
    /// used, whatever follows; one Argon2id evaluation solves it
    /// (`bad_pow`).
    pub(crate) async fn check(
        &self,
        kind: Kind,
        headers: &HeaderMap,
        body: Body,
        admission: &Admission,
    ) -> Result<Body, ApiError> {
        let level = self.level();
        let Some(solution) = solution(headers)? else {
            return if level == 0 {
                Ok(body)
            } else {
                Err(ApiError::Pow(PowError::Missing))
            };
        };
        let token = solution.token;
        let body_len = content_length(headers)?.ok_or(ApiError::Pow(PowError::WrongLength))?;
        self.key
            .verify(&token, kind, body_len, unix_now())
            .map_err(ApiError::Pow)?;
        if level > 0 && token.challenge().bits < bits(kind, level - 1, body_len) {
            return Err(ApiError::PowTooEasy);
        }
        let want = usize::try_from(body_len).map_or(BINDING_PREFIX, |n| n.min(BINDING_PREFIX));
        let (head, body) = admission.receive_head(body, want).await?;
        let binding = pow::binding(head.bytes());
        let _slot = tokio::time::timeout(VERIFY_WAIT, Arc::clone(&self.verifying).acquire_owned())
            .await
            .map_err(|_| ApiError::Overloaded)?
            .map_err(|_| ApiError::Overloaded)?;
        self.use_nonce(token.challenge())?;
        let counter = solution.counter;
        let solved = tokio::task::spawn_blocking(move || pow::check(&token, &binding, counter))
            .await
            .map_err(|_| {
                tracing::error!("a proof-of-work verification failed to run");
                ApiError::Internal
            })?;
        drop(head);
        if solved {
            Ok(body)
        } else {
            Err(ApiError::Pow(PowError::Unsolved))
        }
    }

    /// Marks a challenge's nonce used: `pow_reused` if it already was,
    /// `overloaded` if the set is full.
    fn use_nonce(&self, challenge: &Challenge) -> Result<(), ApiError> {
        let mut used = self.used.lock().map_err(|_| ApiError::Internal)?;
        used.insert(challenge.nonce, challenge.expires, unix_now())
    }
}

/// The leading zero bits a challenge for the route `kind` and a body of
/// `size` bytes needs at `level`.
fn bits(kind: Kind, level: u8, size: u64) -> u8 {
    match kind {
        Kind::Message => pow::message_bits(level),
        Kind::Attachment => pow::attachment_bits(level, size),
    }
}

/// The request's solution, if it carries one: a single header that
/// parses.
fn solution(headers: &HeaderMap) -> Result<Option<Solution>, ApiError> {
    let mut values = headers.get_all(pow::HEADER).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(ApiError::Pow(PowError::Malformed));
    }
    let text = value
        .to_str()
        .map_err(|_| ApiError::Pow(PowError::Malformed))?;
    Solution::parse_header(text)
        .map(Some)
        .map_err(ApiError::Pow)
}

/// Unix seconds now (0 if the clock is before 1970: every challenge then
/// looks unexpired, and the MAC still binds it to this process).
fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Submissions accepted in each tenth of the window (`pow_window_secs`,
/// 10 minutes by default: one bucket a minute), counted from the server's
/// start on a monotonic clock, not the wall clock's.
#[derive(Debug)]
struct RecentCount {
    start: Instant,
    /// How long one bucket lasts, in milliseconds (at least 1).
    bucket_ms: u64,
    /// The bucket number (since the start) the last bucket is for.
    minute: u64,
    buckets: [u64; BUCKETS],
}

impl RecentCount {
    fn new(start: Instant, window: Duration) -> Self {
        let window_ms = u64::try_from(window.as_millis()).unwrap_or(u64::MAX);
        Self {
            start,
            bucket_ms: (window_ms / BUCKETS as u64).max(1),
            minute: 0,
            buckets: [0; BUCKETS],
        }
    }

    /// Moves the window to `now`, emptying the buckets of the periods
    /// passed.
    fn advance(&mut self, now: Instant) -> usize {
        let elapsed = u64::try_from(now.saturating_duration_since(self.start).as_millis())
            .unwrap_or(u64::MAX);
        let minute = elapsed / self.bucket_ms;
        let passed = minute.saturating_sub(self.minute);
        for m in 1..=passed.min(BUCKETS as u64) {
            self.buckets[((self.minute + m) % BUCKETS as u64) as usize] = 0;
        }
        self.minute = self.minute.max(minute);
        (self.minute % BUCKETS as u64) as usize
    }

    fn add(&mut self, now: Instant) {
        let i = self.advance(now);
        self.buckets[i] = self.buckets[i].saturating_add(1);
    }

    fn count(&mut self, now: Instant) -> u64 {
        self.advance(now);
        self.buckets.iter().fold(0, |a, &b| a.saturating_add(b))
    }
}

/// Nonces of challenges presented, kept until their challenges expire,
/// grouped by the [`EXPIRY_SECS`] period their expiry falls in: at most
/// two periods hold unexpired challenges, and a period past is dropped
/// whole.
#[derive(Debug, Default)]
struct UsedNonces {
    periods: HashMap<u64, HashSet<[u8; 16]>>,
    len: usize,
    /// Whether the set being full was logged (once until it has room).
    warned: bool,
}

impl UsedNonces {
    /// Marks `nonce` (of a challenge expiring at `expires`, not yet
    /// expired at `now`) used.
    fn insert(&mut self, nonce: [u8; 16], expires: u64, now: u64) -> Result<(), ApiError> {
        let current = now / EXPIRY_SECS;
        if self.periods.keys().any(|&p| p < current) {
            self.periods.retain(|&p, _| p >= current);
            self.len = self.periods.values().map(HashSet::len).sum();
        }
        let period = self.periods.entry(expires / EXPIRY_SECS).or_default();
        if period.contains(&nonce) {
            return Err(ApiError::Pow(PowError::Reused));
        }
        if self.len >= MAX_USED_NONCES {
            if !self.warned {
                tracing::warn!("proofs of work are refused: too many challenges used at once");
                self.warned = true;
            }
            return Err(ApiError::Overloaded);
        }
        self.warned = false;
        period.insert(nonce);
        self.len += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_covers_ten_minutes_and_forgets_older_ones() {
        let t0 = Instant::now();
        let mut r = RecentCount::new(t0, Duration::from_secs(600));
        let at = |secs: u64| t0 + Duration::from_secs(secs);
        r.add(at(0));
        r.add(at(30));
        r.add(at(61));
        assert_eq!(r.count(at(62)), 3);
        // Minute 0 leaves the window at minute 10, minute 1 at minute 11.
        assert_eq!(r.count(at(599)), 3);
        assert_eq!(r.count(at(600)), 1);
        assert_eq!(r.count(at(660)), 0);
        // A long quiet time empties everything.
        r.add(at(700));
        assert_eq!(r.count(at(10_000)), 0);
        r.add(at(10_000));
        assert_eq!(r.count(at(10_001)), 1);

        // A 10-second window: buckets of one second.
        let mut short = RecentCount::new(t0, Duration::from_secs(10));
        short.add(at(0));
        short.add(at(5));
        assert_eq!(short.count(at(9)), 2);
        assert_eq!(short.count(at(10)), 1);
        assert_eq!(short.count(at(15)), 0);
    }

    #[test]
    fn a_nonce_is_used_once_until_its_challenge_expires() {
        let mut used = UsedNonces::default();
        let now = 1_800_000_000;
        used.insert([1; 16], now + 600, now).unwrap();
        used.insert([2; 16], now + 10, now).unwrap();
        assert!(matches!(
            used.insert([1; 16], now + 600, now + 5),
            Err(ApiError::Pow(PowError::Reused))
        ));
        assert_eq!(used.len, 2);
        // Periods whose challenges have all expired are dropped.
        used.insert([3; 16], now + 1900, now + 1300).unwrap();
        assert_eq!(used.len, 1);
    }

    #[test]
    fn the_set_is_bounded() {
        let mut used = UsedNonces::default();
        let now = 1_800_000_000;
        for i in 0..MAX_USED_NONCES as u32 {
            let mut nonce = [0u8; 16];
            nonce[..4].copy_from_slice(&i.to_be_bytes());
            used.insert(nonce, now + 600, now).unwrap();
        }
        assert!(matches!(
            used.insert([0xff; 16], now + 600, now),
            Err(ApiError::Overloaded)
        ));
        // Once their challenges expired, there is room again.
        used.insert([0xff; 16], now + 2000, now + 1300).unwrap();
    }

    #[test]
    fn levels_and_bits() {
        let pow = Pow::new(2, 4, Duration::from_secs(600));
        assert_eq!(pow.level(), 0);
        for _ in 0..5 {
            pow.accepted();
        }
        // 5 over a baseline of 2: 1 + floor(log2(2)) = 2.
        assert_eq!(pow.level(), 2);
        let (token, level) = pow.issue(Kind::Attachment, 40 << 20).unwrap();
        assert_eq!(level, 2);
        // Three 16 MiB steps add two bits.
        assert_eq!(token.challenge().bits, 4);
        // With a highest level of 0, a proof is never required.
        let off = Pow::new(1, 0, Duration::from_secs(600));
        for _ in 0..100 {
            off.accepted();
        }
        assert_eq!(off.level(), 0);
        assert_eq!(off.issue(Kind::Message, 100).unwrap().0.challenge().bits, 0);
    }
}
