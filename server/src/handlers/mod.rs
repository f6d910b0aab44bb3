//! Request handlers, one file per resource, and the helpers they share for
//! reading bodies and headers.

pub(crate) mod attachments;
pub(crate) mod health;
pub(crate) mod inbox;
pub(crate) mod mailbox;
pub(crate) mod messages;
pub(crate) mod pages;
pub(crate) mod pow;
pub(crate) mod replies;
pub(crate) mod roster;

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sanctuary_crypto::api::ROSTER_VERSION_HEADER;
use sanctuary_crypto::ids::BlobId;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::state::{AppState, CurrentRoster};
use crate::store::Store;

/// The current roster, or 503 `not_enrolled`.
pub(crate) fn current_roster(state: &AppState) -> Result<Arc<CurrentRoster>, ApiError> {
    state.roster().ok_or(ApiError::NotEnrolled)
}

/// The declared `Content-Length`, if any and valid.
pub(crate) fn content_length(headers: &HeaderMap) -> Result<Option<u64>, ApiError> {
    headers
        .get(header::CONTENT_LENGTH)
        .map(|v| {
            v.to_str()
                .ok()
                .and_then(|s| s.parse::<u64>().ok())
                .ok_or_else(|| ApiError::BadRequest("invalid Content-Length".into()))
        })
        .transpose()
}

fn media_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
}

/// Refuses a body whose declared type is not `application/octet-stream`
/// (a missing type is accepted).
pub(crate) fn require_octet_stream(headers: &HeaderMap) -> Result<(), ApiError> {
    match media_type(headers) {
        None => Ok(()),
        Some(t) if t == "application/octet-stream" => Ok(()),
        Some(_) => Err(ApiError::UnsupportedMediaType("application/octet-stream")),
    }
}

/// Refuses a body whose declared type is not `application/json`.
pub(crate) fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    if media_type(headers).as_deref() == Some("application/json") {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType("application/json"))
    }
}

/// Parses a JSON body (unknown fields are refused by the API types).
pub(crate) fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        // The text describes the requester's own body; it is returned to
        // them and never logged.
        let mut text = e.to_string();
        text.truncate(200);
        ApiError::BadRequest(format!("invalid JSON body: {text}"))
    })
}

/// The roster version a reporter sealed against.
pub(crate) fn roster_version_header(headers: &HeaderMap) -> Result<u64, ApiError> {
    headers
        .get(ROSTER_VERSION_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|s| s.trim().parse().ok())
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "the {ROSTER_VERSION_HEADER} header (the roster version the blob was sealed \
                 for) is required"
            ))
        })
}

/// The `{id}` path segment, as extracted by axum (an undecodable segment is
/// answered like an unknown ID).
pub(crate) type IdSegment =
    Result<axum::extract::Path<String>, axum::extract::rejection::PathRejection>;

/// Parses a blob ID from a path segment.
pub(crate) fn parse_id(segment: IdSegment) -> Result<BlobId, ApiError> {
    let axum::extract::Path(text) = segment.map_err(|_| ApiError::NotFound)?;
    text.parse().map_err(|_| ApiError::NotFound)
}

/// A binary response.
pub(crate) fn octets(data: Vec<u8>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/octet-stream")],
        Bytes::from(data),
    )
        .into_response()
}

/// Streams an attachment chunk by chunk, never holding it whole.
pub(crate) fn stream_attachment(store: Store, id: BlobId, size: u64) -> Response {
    let chunks = futures_util::stream::try_unfold((store, 0u32), move |(store, seq)| async move {
        match store.attachment_chunk(id, seq).await {
            Ok(Some(chunk)) => Ok(Some((Bytes::from(chunk), (store, seq + 1)))),
            Ok(None) => Ok(None),
            Err(e) => {
                tracing::error!("an attachment download failed: {e}");
                Err(std::io::Error::other("storage error"))
            }
        }
    });
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (header::CONTENT_LENGTH, size.to_string()),
        ],
        Body::from_stream(chunks),
    )
        .into_response()
}

/// Body limit of caseworker requests that carry no body.
pub(crate) const EMPTY_BODY_LIMIT: u64 = 1024;
