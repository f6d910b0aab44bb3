//! Extractors that admit a request before its handler runs: cheap refusals
//! first. [`Signed`] checks a caseworker's signature header (key on the
//! roster, time window, nonce) before a byte of the body is read;
//! [`Received`] and [`Signed`] read the body within their route's cap and
//! the body budget and take a work slot (`admission.rs`); [`NoBody`] takes a
//! slot for a route that reads no body; [`JsonType`] refuses a body that is
//! not declared JSON before it is read.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use sanctuary_crypto::request_auth::body_sha256;
use tokio::sync::OwnedSemaphorePermit;

use crate::admission::Admitted;
use crate::auth::authenticate;
use crate::error::ApiError;
use crate::handlers::require_json;
use crate::state::AppState;

/// An unsigned request's whole body, at most `LIMIT` bytes, admitted.
#[derive(Debug)]
pub(crate) struct Received<const LIMIT: u64>(Admitted);

impl<const LIMIT: u64> Received<LIMIT> {
    /// The body.
    pub(crate) fn body(&self) -> &Bytes {
        &self.0.body
    }
}

impl<const LIMIT: u64> FromRequest<AppState> for Received<LIMIT> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let admitted = state
            .admission()
            .receive(&parts.headers, body, LIMIT)
            .await?;
        Ok(Self(admitted))
    }
}

/// A caseworker request: its signature header checked first, then its
/// whole body (at most `LIMIT` bytes) read, admitted, and checked against
/// the signed digest.
#[derive(Debug)]
pub(crate) struct Signed<const LIMIT: u64>(Admitted);

impl<const LIMIT: u64> Signed<LIMIT> {
    /// The body, as signed.
    pub(crate) fn body(&self) -> &Bytes {
        &self.0.body
    }
}

impl<const LIMIT: u64> FromRequest<AppState> for Signed<LIMIT> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let caseworker = authenticate(state, &parts.method, &parts.uri, &parts.headers)?;
        let admitted = state
            .admission()
            .receive(&parts.headers, body, LIMIT)
            .await?;
        caseworker.check_body(&body_sha256(&admitted.body))?;
        Ok(Self(admitted))
    }
}

/// A work slot for a route that reads no body.
#[derive(Debug)]
pub(crate) struct NoBody(#[allow(dead_code, reason = "held, never read")] OwnedSemaphorePermit);

impl FromRequestParts<AppState> for NoBody {
    type Rejection = ApiError;

    async fn from_request_parts(_: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        state.admission().slot().map(Self)
    }
}

/// A request whose body is declared `application/json`; put it before the
/// body's extractor, so that another type is refused before it is read.
#[derive(Debug)]
pub(crate) struct JsonType;

impl<S: Send + Sync> FromRequestParts<S> for JsonType {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        require_json(&parts.headers).map(|()| Self)
    }
}
