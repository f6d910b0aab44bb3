//! `POST /v1/messages`: a report or follow-up (the server cannot tell
//! which), sealed to every caseworker on the current roster.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use sanctuary_crypto::api::Stored;
use sanctuary_crypto::pow::Kind;
use sanctuary_crypto::shape::{SHAPE_PREFIX_LEN, check_message};
use sanctuary_crypto::sizes::{MAX_MESSAGE_CIPHERTEXT, message_ciphertext_lens};

use super::{content_length, current_roster, require_octet_stream, roster_version_header};
use crate::error::ApiError;
use crate::state::AppState;

/// Checks a message's proof of work (`pow.rs`), then its shape against
/// the current roster, and stores it. The
/// body is capped at the longest message the roster allows (a message in
/// the largest bucket, sealed to the roster's caseworkers): about 1 MiB for
/// an X25519 roster. Of a body declared longer, only the header is read, to
/// answer why it is refused (`roster_changed` or `bad_size`).
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
    let body = state
        .pow()
        .check(Kind::Message, &headers, body, state.admission())
        .await?;
    let mix = roster.doc.report_mix();
    let limit = message_ciphertext_lens(mix).into_iter().max().unwrap_or(0);
    if let Some(declared) = content_length(&headers)?
        && declared > limit
    {
        // Longer than any message for this roster: only the header is
        // read, to say why (sealed for other recipients, or a wrong size).
        if declared > MAX_MESSAGE_CIPHERTEXT {
            return Err(ApiError::TooLarge);
        }
        let n = SHAPE_PREFIX_LEN.min(usize::try_from(declared).unwrap_or(usize::MAX));
        let prefix = state.admission().receive_prefix(body, n).await?;
        check_message(&prefix, declared, &[mix])?;
        return Err(ApiError::TooLarge);
    }
    let admitted = state.admission().receive(&headers, body, limit).await?;
    let blob = &admitted.body;
    let prefix = &blob[..blob.len().min(SHAPE_PREFIX_LEN)];
    check_message(prefix, blob.len() as u64, &[mix])?;
    let id = state.store.put_message(blob.to_vec()).await?;
    state.pow().accepted();
    Ok((StatusCode::CREATED, Json(Stored { id })))
}
