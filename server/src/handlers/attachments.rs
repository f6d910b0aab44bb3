//! Attachments: `POST /v1/attachments` (reporters), `POST
//! /v1/case/attachments` (caseworkers, for replies), and `GET`/`DELETE
//! /v1/attachments/{id}` (caseworkers).

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use sanctuary_crypto::api::Stored;
use sanctuary_crypto::pow::Kind;

use super::{
    EMPTY_BODY_LIMIT, IdSegment, content_length, current_roster, parse_id, require_octet_stream,
    roster_version_header, stream_attachment,
};
use crate::auth::authenticate;
use crate::error::ApiError;
use crate::extract::Signed;
use crate::state::AppState;
use crate::store::BlobKind;
use crate::upload::{UploadSpec, min_rate, upload};

/// A reporter's attachment, sealed to every caseworker: its proof of work
/// checked (`pow.rs`) before its shape, its room and its storage.
pub(crate) async fn post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Stored>), ApiError> {
    let roster = current_roster(&state)?;
    require_octet_stream(&headers)?;
    if roster_version_header(&headers)? != roster.version() {
        return Err(ApiError::RosterChanged);
    }
    let content_length = content_length(&headers)?.ok_or(ApiError::LengthRequired)?;
    let body = state
        .pow()
        .check(Kind::Attachment, &headers, body, state.admission())
        .await?;
    let spec = UploadSpec {
        kind: BlobKind::Attachment,
        recipients: vec![roster.doc.report_mix()],
        max_bytes: roster.doc.policy.max_attachment_bytes,
        content_length,
        signed: None,
        space: state.space(),
        min_rate: min_rate(content_length, state.limits().upload_timeout),
    };
    let id = upload(&state.store, body, spec).await?;
    state.pow().accepted();
    Ok((StatusCode::CREATED, Json(Stored { id })))
}

/// A caseworker's reply attachment, sealed to every caseworker and the
/// reporter. It stays unbound until a reply lists it.
pub(crate) async fn post_case(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Stored>), ApiError> {
    let caseworker = authenticate(&state, &method, &uri, &headers)?;
    let roster = current_roster(&state)?;
    require_octet_stream(&headers)?;
    let content_length = content_length(&headers)?.ok_or(ApiError::LengthRequired)?;
    let spec = UploadSpec {
        kind: BlobKind::ReplyAttachment,
        recipients: roster.doc.reply_mixes(),
        max_bytes: roster.doc.policy.max_attachment_bytes,
        content_length,
        signed: Some(&caseworker),
        space: state.space(),
        min_rate: min_rate(content_length, state.limits().upload_timeout),
    };
    let id = upload(&state.store, body, spec).await?;
    Ok((StatusCode::CREATED, Json(Stored { id })))
}

/// Downloads any attachment, streamed. A reporter's attachment is marked
/// fetched, so it no longer expires unfetched.
pub(crate) async fn get(
    State(state): State<AppState>,
    id: IdSegment,
    _: Signed<EMPTY_BODY_LIMIT>,
) -> Result<Response, ApiError> {
    let id = parse_id(id)?;
    let size = state
        .store
        .attachment_size(id, None)
        .await?
        .ok_or(ApiError::NotFound)?;
    state.store.mark_fetched(id).await?;
    Ok(stream_attachment(state.store.clone(), id, size))
}

/// Deletes an attachment (204 whether or not it existed).
pub(crate) async fn delete(
    State(state): State<AppState>,
    id: IdSegment,
    _: Signed<EMPTY_BODY_LIMIT>,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(id)?;
    state
        .store
        .delete(id, &[BlobKind::Attachment, BlobKind::ReplyAttachment])
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
