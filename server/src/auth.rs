//! Caseworker request signatures: the key must be on the current roster
//! (so removing a caseworker locks them out at once), the signature made
//! for this roster's unit, the timestamp within
//! [`MAX_SKEW_SECS`](sanctuary_crypto::request_auth::MAX_SKEW_SECS) and not
//! before this process started, the nonce new and within its key's quota,
//! and the body must hash to what was signed.

use axum::http::{HeaderMap, Method, Uri, header};
use sanctuary_crypto::request_auth::{RequestAuthError, SignedRequest};

use crate::error::ApiError;
use crate::state::AppState;

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
    let now = crate::replay::now();
    let roster = state.roster().ok_or(ApiError::Unauthorized)?;
    request
        .verify(&roster.unit, method.as_str(), path, now)
        .map_err(|e| match e {
            RequestAuthError::Stale => ApiError::StaleRequest,
            _ => ApiError::Unauthorized,
        })?;
    if roster.doc.caseworker_by_key(&request.key).is_none() {
        return Err(ApiError::Unauthorized);
    }
    let fresh = state
        .replay()
        .lock()
        .map_err(|_| ApiError::Internal)?
        .insert(
            request.key.to_bytes(),
            request.nonce,
            request.timestamp,
            now,
        )?;
    if !fresh {
        return Err(ApiError::Replayed);
    }
    Ok(Caseworker {
        body_sha256: request.body_sha256,
    })
}
