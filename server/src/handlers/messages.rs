//! `POST /v1/messages`: a report or follow-up (the server cannot tell
//! which), sealed to every caseworker on the current roster.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use sanctuary_crypto::api::Stored;
use sanctuary_crypto::shape::{SHAPE_PREFIX_LEN, check_message};
use sanctuary_crypto::sizes::MAX_MESSAGE_CIPHERTEXT;

use super::{current_roster, read_limited, require_octet_stream, roster_version_header};
use crate::error::ApiError;
use crate::state::AppState;

/// Checks a message's shape against the current roster and stores it.
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
    let blob = read_limited(&headers, body, MAX_MESSAGE_CIPHERTEXT).await?;
    let prefix = &blob[..blob.len().min(SHAPE_PREFIX_LEN)];
    check_message(prefix, blob.len() as u64, &[roster.doc.report_mix()])?;
    let id = state.store.put_message(blob.to_vec()).await?;
    Ok((StatusCode::CREATED, Json(Stored { id })))
}
