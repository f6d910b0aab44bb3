//! The caseworkers' inbox: `GET /v1/inbox`, `GET`/`DELETE /v1/inbox/{id}`,
//! `POST /v1/case/inbox/fetch`; and every reply, listed and fetched the same
//! way (`GET /v1/case/replies`, `POST /v1/case/replies/fetch`), so that a
//! caseworker's sync never names a mailbox or a thread.

use std::sync::Arc;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use sanctuary_crypto::api::{
    CaseInboxFetch, InboxItem, InboxPage, MAX_INBOX_FETCH, MAX_INBOX_PAGE,
};
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::recipients::Mix;
use sanctuary_crypto::sizes::{BUCKETS, MAX_RECIPIENTS, bucket_ciphertext_len};
use serde::Deserialize;

use super::{EMPTY_BODY_LIMIT, IdSegment, octets, parse_id, parse_json};
use crate::error::ApiError;
use crate::extract::{JsonType, Signed};
use crate::state::AppState;
use crate::store::Listed;

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
/// for: no two (bucket, recipient mix) pairs give the same length
/// (`bucket_lengths_never_collide` below).
fn bucket_of(size: u64) -> u64 {
    for bucket in BUCKETS {
        if all_mixes().any(|mix| bucket_ciphertext_len(bucket, mix) == size) {
            return bucket as u64;
        }
    }
    0
}

/// Every recipient mix a message can have.
fn all_mixes() -> impl Iterator<Item = Mix> {
    (1..=MAX_RECIPIENTS).flat_map(|n| [Mix::x25519(n), Mix::post_quantum(n)])
}

/// What a listing route serves: [`Messages`] or [`Replies`].
pub(crate) trait Kind {
    /// The blobs listed and fetched.
    const LISTED: Listed;
}

/// Reports and follow-ups: `GET /v1/inbox`, `POST /v1/case/inbox/fetch`.
pub(crate) struct Messages;

impl Kind for Messages {
    const LISTED: Listed = Listed::Messages;
}

/// Replies in every mailbox: `GET /v1/case/replies`,
/// `POST /v1/case/replies/fetch`.
pub(crate) struct Replies;

impl Kind for Replies {
    const LISTED: Listed = Listed::Replies;
}

/// One page of messages or replies, ordered by (random) ID.
pub(crate) async fn list<K: Kind>(
    State(state): State<AppState>,
    query: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
    _: Signed<EMPTY_BODY_LIMIT>,
) -> Result<Json<InboxPage>, ApiError> {
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
    let (entries, more) = state.store.inbox_page(K::LISTED, after, limit).await?;
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
    _: Signed<EMPTY_BODY_LIMIT>,
) -> Result<Response, ApiError> {
    let id = parse_id(id)?;
    let data = state
        .store
        .get_message(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(octets(data))
}

/// Largest `POST /v1/case/inbox/fetch` body (256 IDs in JSON take 9 KiB).
const FETCH_BODY_LIMIT: u64 = 64 * 1024;

/// Bytes of records read from the store at a time: the answer streams, so
/// the server holds about this much of it, whatever the number of IDs.
const RECORDS_PER_READ: usize = 1024 * 1024;

/// Several messages' (or replies') ciphertexts in one answer, streamed: a
/// caseworker's sync downloads thousands of reports without paying a signed
/// request for each.
pub(crate) async fn fetch_many<K: Kind>(
    State(state): State<AppState>,
    _: JsonType,
    signed: Signed<FETCH_BODY_LIMIT>,
) -> Result<Response, ApiError> {
    records(&state, K::LISTED, parse_json(signed.body())?)
}

/// The streamed records of the blobs of `kind` that `request` asks for.
fn records(state: &AppState, kind: Listed, request: CaseInboxFetch) -> Result<Response, ApiError> {
    if !(1..=MAX_INBOX_FETCH).contains(&request.ids.len()) {
        return Err(ApiError::BadRequest(format!(
            "ids must list between 1 and {MAX_INBOX_FETCH} IDs"
        )));
    }
    let ids = Arc::new(request.ids);
    let store = state.store.clone();
    let records = futures_util::stream::try_unfold(0usize, move |start| {
        let (store, ids) = (store.clone(), Arc::clone(&ids));
        async move {
            if start >= ids.len() {
                return Ok(None);
            }
            match store
                .message_records(kind, ids, start, RECORDS_PER_READ)
                .await
            {
                Ok((bytes, next)) => Ok(Some((Bytes::from(bytes), next))),
                Err(e) => {
                    tracing::error!("a batch inbox download failed: {e}");
                    Err(std::io::Error::other("storage error"))
                }
            }
        }
    });
    Ok((
        [(header::CONTENT_TYPE, "application/octet-stream")],
        Body::from_stream(records),
    )
        .into_response())
}

/// Deletes a message (204 whether or not it existed).
pub(crate) async fn delete(
    State(state): State<AppState>,
    id: IdSegment,
    _: Signed<EMPTY_BODY_LIMIT>,
) -> Result<StatusCode, ApiError> {
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
    fn buckets_are_found_for_every_recipient_mix() {
        for bucket in BUCKETS {
            for mix in all_mixes() {
                assert_eq!(bucket_of(bucket_ciphertext_len(bucket, mix)), bucket as u64);
            }
        }
        assert_eq!(bucket_of(12345), 0);
    }

    #[test]
    fn bucket_lengths_never_collide() {
        let mut seen = std::collections::HashMap::new();
        for bucket in BUCKETS {
            for mix in all_mixes() {
                let previous = seen.insert(bucket_ciphertext_len(bucket, mix), bucket);
                assert!(previous.is_none_or(|b| b == bucket), "{bucket} {mix:?}");
            }
        }
    }
}
