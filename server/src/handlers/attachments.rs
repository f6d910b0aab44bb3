//! Attachments: `POST /v1/attachments` (reporters), with `POST
//! /v1/attachments/resume` and `POST /v1/attachments/resume/status` to
//! continue an interrupted one, `POST /v1/case/attachments` (caseworkers,
//! for replies), and `GET`/`DELETE /v1/attachments/{id}` (caseworkers).

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use sanctuary_crypto::api::{Stored, UPLOAD_HEADER, UPLOAD_OFFSET_HEADER, UploadStatus};
use sanctuary_crypto::ids::UploadSecret;
use sanctuary_crypto::pow::Kind;

use super::{
    EMPTY_BODY_LIMIT, IdSegment, content_length, current_roster, parse_id, require_octet_stream,
    roster_version_header, stream_attachment,
};
use crate::auth::authenticate;
use crate::error::ApiError;
use crate::extract::{Received, Signed};
use crate::state::AppState;
use crate::store::BlobKind;
use crate::upload::{ResumeSpec, UploadSpec, min_rate, resume, upload};

/// The handle of the upload the `Sanctuary-Upload` header names, if it
/// names one.
fn upload_handle(headers: &HeaderMap) -> Result<Option<[u8; 32]>, ApiError> {
    let Some(value) = headers.get(UPLOAD_HEADER) else {
        return Ok(None);
    };
    let secret = value
        .to_str()
        .ok()
        .and_then(|v| UploadSecret::from_hex(v.trim()).ok())
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "the {UPLOAD_HEADER} header must be 64 hexadecimal characters"
            ))
        })?;
    Ok(Some(secret.handle()))
}

fn require_upload_handle(headers: &HeaderMap) -> Result<[u8; 32], ApiError> {
    upload_handle(headers)?
        .ok_or_else(|| ApiError::BadRequest(format!("this route needs the {UPLOAD_HEADER} header")))
}

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
        resume: upload_handle(&headers)?,
        space: state.space(),
        min_rate: min_rate(content_length, state.limits().upload_timeout),
    };
    let id = upload(&state.store, state.receiving(), body, spec).await?;
    state.pow().accepted();
    Ok((StatusCode::CREATED, Json(Stored { id })))
}

/// The rest of a reporter's attachment whose upload was interrupted, from
/// the byte the server holds up to (`Sanctuary-Upload-Offset`). Its shape
/// was checked and its proof of work paid when it began.
pub(crate) async fn post_resume(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Stored>), ApiError> {
    require_octet_stream(&headers)?;
    let handle = require_upload_handle(&headers)?;
    let offset = headers
        .get(UPLOAD_OFFSET_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "this route needs the {UPLOAD_OFFSET_HEADER} header: a number of bytes"
            ))
        })?;
    let content_length = content_length(&headers)?.ok_or(ApiError::LengthRequired)?;
    let spec = ResumeSpec {
        handle,
        offset,
        content_length,
        space: state.space(),
        min_rate: min_rate(content_length, state.limits().upload_timeout),
    };
    let id = resume(&state.store, state.receiving(), body, spec).await?;
    state.pow().accepted();
    Ok((StatusCode::CREATED, Json(Stored { id })))
}

/// How much of an interrupted upload the server holds: 404 if none (it
/// never began, was finished, or expired), 409 `upload_busy` while a
/// connection is still sending it.
pub(crate) async fn resume_status(
    State(state): State<AppState>,
    headers: HeaderMap,
    _: Received<EMPTY_BODY_LIMIT>,
) -> Result<Json<UploadStatus>, ApiError> {
    let handle = require_upload_handle(&headers)?;
    if state.receiving().is_busy(&handle)? {
        return Err(ApiError::UploadBusy);
    }
    let unfinished = state
        .store
        .unfinished(handle)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(UploadStatus {
        received: unfinished.received,
        length: unfinished.length,
    }))
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
        resume: None,
        space: state.space(),
        min_rate: min_rate(content_length, state.limits().upload_timeout),
    };
    let id = upload(&state.store, state.receiving(), body, spec).await?;
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
