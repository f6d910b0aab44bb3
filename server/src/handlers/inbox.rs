//! The caseworkers' inbox: `GET /v1/inbox`, `GET`/`DELETE /v1/inbox/{id}`.

use axum::Json;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use sanctuary_crypto::api::{InboxItem, InboxPage, MAX_INBOX_PAGE};
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::sizes::{BUCKETS, MAX_RECIPIENTS, bucket_ciphertext_len};
use serde::Deserialize;

use super::{EMPTY_BODY_LIMIT, IdSegment, octets, parse_id, signed_body};
use crate::error::ApiError;
use crate::state::AppState;

/// Items per page when `limit` is not given.
pub(crate) const DEFAULT_INBOX_PAGE: usize = 500;

/// `?after=ID&limit=N`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PageQuery {
    after: Option<String>,
    limit: Option<usize>,
}

/// The bucket of a message of `size` bytes, whatever roster it was sealed
/// for (the recipient count only moves the length by a few hundred bytes,
/// far less than the gap between buckets).
fn bucket_of(size: u64) -> u64 {
    for bucket in BUCKETS {
        if (1..=MAX_RECIPIENTS).any(|r| bucket_ciphertext_len(bucket, r) == size) {
            return bucket as u64;
        }
    }
    0
}

/// One page of messages, ordered by (random) ID.
pub(crate) async fn list(
    State(state): State<AppState>,
    query: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<InboxPage>, ApiError> {
    signed_body(&state, &method, &uri, &headers, body, EMPTY_BODY_LIMIT).await?;
    let Query(query) =
        query.map_err(|_| ApiError::BadRequest("the query takes after=ID and limit=N".into()))?;
    let after = query
        .after
        .map(|a| a.parse::<BlobId>())
        .transpose()
        .map_err(|_| ApiError::BadRequest("after must be a blob ID".into()))?;
    let limit = query.limit.unwrap_or(DEFAULT_INBOX_PAGE);
    if !(1..=MAX_INBOX_PAGE).contains(&limit) {
        return Err(ApiError::BadRequest(format!(
            "limit must be between 1 and {MAX_INBOX_PAGE}"
        )));
    }
    let (entries, more) = state.store.inbox_page(after, limit).await?;
    let next = if more {
        entries.last().map(|e| e.id)
    } else {
        None
    };
    let items = entries
        .into_iter()
        .map(|e| InboxItem {
            id: e.id,
            day: e.day,
            size: e.size,
            bucket: bucket_of(e.size),
        })
        .collect();
    Ok(Json(InboxPage { items, next }))
}

/// One message's ciphertext.
pub(crate) async fn get(
    State(state): State<AppState>,
    id: IdSegment,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    signed_body(&state, &method, &uri, &headers, body, EMPTY_BODY_LIMIT).await?;
    let id = parse_id(id)?;
    let data = state
        .store
        .get_message(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(octets(data))
}

/// Deletes a message (204 whether or not it existed).
pub(crate) async fn delete(
    State(state): State<AppState>,
    id: IdSegment,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, ApiError> {
    signed_body(&state, &method, &uri, &headers, body, EMPTY_BODY_LIMIT).await?;
    let id = parse_id(id)?;
    state
        .store
        .delete(id, &[crate::store::BlobKind::Message])
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_found_for_every_recipient_count() {
        for bucket in BUCKETS {
            for r in 1..=MAX_RECIPIENTS {
                assert_eq!(bucket_of(bucket_ciphertext_len(bucket, r)), bucket as u64);
            }
        }
        assert_eq!(bucket_of(12345), 0);
    }
}
