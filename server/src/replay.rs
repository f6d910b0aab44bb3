//! The replay cache of caseworker request nonces, in memory only. Its own
//! module, so that the state (which holds it) and the signature check
//! (which consults it) need not import each other.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use sanctuary_crypto::request_auth::MAX_SKEW_SECS;
use sanctuary_crypto::sizes::MAX_CASEWORKERS;

use crate::error::ApiError;

/// Most nonces one caseworker key may have remembered at once: about 33
/// requests a second for the whole skew window. Beyond it, that key's
/// requests are refused with 503 until its old nonces expire.
pub(crate) const NONCES_PER_KEY: usize = 10_000;

/// Most nonces remembered at once: every key of the largest roster at its
/// quota, so that no caseworker can crowd out another.
const MAX_NONCES: usize = NONCES_PER_KEY * MAX_CASEWORKERS;

/// A caseworker's Ed25519 key, as bytes.
type KeyBytes = [u8; 32];

/// Nonces seen within the skew window, each kept until its request could
/// no longer be valid, counted per key. Kept in memory only: on disk it
/// would be a fine-grained record of when caseworkers worked. In its place,
/// requests signed before this process started are refused, so that none
/// recorded before a restart can be replayed after it.
#[derive(Debug)]
pub(crate) struct ReplayCache {
    started: u64,
    seen: HashMap<(KeyBytes, [u8; 16]), u64>,
    per_key: HashMap<KeyBytes, usize>,
    pruned_at: u64,
}

impl ReplayCache {
    /// An empty cache for a process started at `started` (Unix seconds).
    pub(crate) fn new(started: u64) -> Self {
        Self {
            started,
            seen: HashMap::new(),
            per_key: HashMap::new(),
            pruned_at: started,
        }
    }

    /// Forgets nonces whose requests have expired, and recounts.
    fn prune(&mut self, now: u64) {
        self.seen.retain(|_, expires| *expires >= now);
        self.per_key.clear();
        for (key, _) in self.seen.keys() {
            *self.per_key.entry(*key).or_default() += 1;
        }
        self.pruned_at = now;
    }

    /// Records `nonce` of a request by `key` signed at `timestamp`.
    /// Returns `Ok(false)` if it was already seen; refuses a request signed
    /// before the process started, and one beyond its key's quota.
    pub(crate) fn insert(
        &mut self,
        key: KeyBytes,
        nonce: [u8; 16],
        timestamp: u64,
        now: u64,
    ) -> Result<bool, ApiError> {
        if timestamp < self.started {
            return Err(ApiError::StaleRequest);
        }
        let full = self.per_key.get(&key).copied().unwrap_or(0) >= NONCES_PER_KEY
            || self.seen.len() >= MAX_NONCES;
        // Every minute, and at most once a second while a key is at its
        // quota (so a key hammering at its limit cannot make every request
        // walk the whole cache).
        if now >= self.pruned_at.saturating_add(60) || (full && now > self.pruned_at) {
            self.prune(now);
        }
        if self.seen.contains_key(&(key, nonce)) {
            return Ok(false);
        }
        let count = self.per_key.entry(key).or_default();
        if *count >= NONCES_PER_KEY || self.seen.len() >= MAX_NONCES {
            return Err(ApiError::Overloaded);
        }
        *count += 1;
        self.seen
            .insert((key, nonce), timestamp.saturating_add(MAX_SKEW_SECS));
        Ok(true)
    }
}

/// The clock, in Unix seconds.
pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: KeyBytes = [0xaa; 32];
    const B: KeyBytes = [0xbb; 32];

    #[test]
    fn replay_cache_forgets_only_expired_nonces() {
        let mut cache = ReplayCache::new(1000);
        assert!(cache.insert(A, [1; 16], 1000, 1000).unwrap());
        assert!(!cache.insert(A, [1; 16], 1000, 1100).unwrap());
        assert!(cache.insert(A, [2; 16], 1000, 1100).unwrap());
        // The same nonce from another key is that key's own.
        assert!(cache.insert(B, [1; 16], 1000, 1100).unwrap());
        // After the window, the entries are pruned (and the request would
        // be refused as stale anyway).
        assert!(cache.insert(A, [1; 16], 2000, 2000).unwrap());
        assert_eq!(cache.seen.len(), 1);
        assert_eq!(cache.per_key.get(&A), Some(&1));
        assert_eq!(cache.per_key.get(&B), None);
    }

    #[test]
    fn a_request_signed_before_the_process_started_is_refused() {
        let mut cache = ReplayCache::new(1000);
        assert!(matches!(
            cache.insert(A, [1; 16], 999, 1000),
            Err(ApiError::StaleRequest)
        ));
        assert!(cache.insert(A, [1; 16], 1000, 1000).unwrap());
    }

    #[test]
    fn one_key_at_its_quota_does_not_crowd_out_another() {
        let mut cache = ReplayCache::new(1000);
        for n in 0..NONCES_PER_KEY {
            let mut nonce = [0u8; 16];
            nonce[..8].copy_from_slice(&(n as u64).to_be_bytes());
            assert!(cache.insert(A, nonce, 1000, 1000).unwrap());
        }
        assert!(matches!(
            cache.insert(A, [0xff; 16], 1000, 1001),
            Err(ApiError::Overloaded)
        ));
        assert!(cache.insert(B, [0xff; 16], 1000, 1001).unwrap());
        // Once the window has passed, the key may sign again.
        assert!(
            cache
                .insert(
                    A,
                    [0xfe; 16],
                    1000 + MAX_SKEW_SECS + 1,
                    1000 + MAX_SKEW_SECS + 1
                )
                .unwrap()
        );
    }
}
