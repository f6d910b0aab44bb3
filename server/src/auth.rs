//! Caseworker request signatures: the key must be on the current roster
//! (so removing a caseworker locks them out at once), the timestamp within
//! [`MAX_SKEW_SECS`], the nonce new, and the body must hash to what was
//! signed.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, Method, Uri, header};
use sanctuary_crypto::request_auth::{MAX_SKEW_SECS, RequestAuthError, SignedRequest};

use crate::error::ApiError;
use crate::state::AppState;

/// Most nonces remembered at once; beyond this, signed requests are refused
/// with 503 until old nonces expire.
const MAX_NONCES: usize = 200_000;

/// Nonces seen within the skew window, each kept until its request could
/// no longer be valid.
#[derive(Debug, Default)]
pub(crate) struct ReplayCache {
    seen: HashMap<[u8; 16], u64>,
    pruned_at: u64,
}

impl ReplayCache {
    /// Records `nonce` of a request signed at `timestamp`. Returns
    /// `Ok(false)` if it was already seen, `Err` if the cache is full.
    fn insert(&mut self, nonce: [u8; 16], timestamp: u64, now: u64) -> Result<bool, ApiError> {
        if self.seen.len() >= MAX_NONCES || now >= self.pruned_at.saturating_add(60) {
            self.seen.retain(|_, expires| *expires >= now);
            self.pruned_at = now;
        }
        if self.seen.contains_key(&nonce) {
            return Ok(false);
        }
        if self.seen.len() >= MAX_NONCES {
            return Err(ApiError::Overloaded);
        }
        self.seen
            .insert(nonce, timestamp.saturating_add(MAX_SKEW_SECS));
        Ok(true)
    }
}

/// An authenticated caseworker request whose body is still to be checked.
#[derive(Debug)]
#[must_use = "the body must still be checked against the signature"]
pub(crate) struct Caseworker {
    body_sha256: [u8; 32],
}

impl Caseworker {
    /// Checks the body's SHA-256 against the signed one.
    pub(crate) fn check_body(&self, digest: &[u8; 32]) -> Result<(), ApiError> {
        if *digest == self.body_sha256 {
            Ok(())
        } else {
            Err(ApiError::Unauthorized)
        }
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Checks a caseworker request's `Authorization` header.
pub(crate) fn authenticate(
    state: &AppState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<Caseworker, ApiError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or(ApiError::Unauthorized)?;
    let request = SignedRequest::parse(value).map_err(|_| ApiError::Unauthorized)?;
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let now = now();
    request
        .verify(method.as_str(), path, now)
        .map_err(|e| match e {
            RequestAuthError::Stale => ApiError::StaleRequest,
            _ => ApiError::Unauthorized,
        })?;
    let roster = state.roster().ok_or(ApiError::Unauthorized)?;
    if roster.doc.caseworker_by_key(&request.key).is_none() {
        return Err(ApiError::Unauthorized);
    }
    let fresh = state
        .replay()
        .lock()
        .map_err(|_| ApiError::Internal)?
        .insert(request.nonce, request.timestamp, now)?;
    if !fresh {
        return Err(ApiError::Replayed);
    }
    Ok(Caseworker {
        body_sha256: request.body_sha256,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replay_cache_forgets_only_expired_nonces() {
        let mut cache = ReplayCache::default();
        assert!(cache.insert([1; 16], 1000, 1000).unwrap());
        assert!(!cache.insert([1; 16], 1000, 1100).unwrap());
        assert!(cache.insert([2; 16], 1000, 1100).unwrap());
        // After the window, the entry is pruned (and the request would be
        // refused as stale anyway).
        assert!(cache.insert([1; 16], 2000, 2000).unwrap());
        assert_eq!(cache.seen.len(), 1);
    }
}
