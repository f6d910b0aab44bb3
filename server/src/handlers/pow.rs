//! `GET /v1/pow?kind=message|attachment&size=N`: a proof-of-work challenge
//! for an anonymous submission of exactly `size` bytes (`docs/protocol.md`
//! §10.1). It always answers, whatever the level: clients always solve
//! (at level 0, one evaluation), so a level rise never catches them
//! without a proof.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use sanctuary_crypto::api::{PowChallenge, PowQuery};
use sanctuary_crypto::pow::{EXPIRY_SECS, Kind};
use sanctuary_crypto::sizes::{max_header_len, message_ciphertext_lens, padme, stream_len};

use super::current_roster;
use crate::error::ApiError;
use crate::extract::NoBody;
use crate::state::AppState;

/// A challenge for a body the route would take: 400 `bad_request` for a
/// size of 0 or above the route's cap for the current roster.
pub(crate) async fn get(
    State(state): State<AppState>,
    _: NoBody,
    query: Result<Query<PowQuery>, QueryRejection>,
) -> Result<Json<PowChallenge>, ApiError> {
    let Query(PowQuery { kind, size }) = query.map_err(|_| {
        ApiError::BadRequest(
            "the query must be kind=message or kind=attachment, and size=the body's length".into(),
        )
    })?;
    let roster = current_roster(&state)?;
    let mix = roster.doc.report_mix();
    let cap = match kind {
        Kind::Message => message_ciphertext_lens(mix).into_iter().max().unwrap_or(0),
        Kind::Attachment => stream_len(padme(roster.doc.policy.max_attachment_bytes))
            .saturating_add(max_header_len(mix)),
    };
    if size == 0 || size > cap {
        return Err(ApiError::BadRequest(format!(
            "the size must be between 1 and {cap} bytes, the longest {} this roster allows",
            kind.as_str()
        )));
    }
    let (token, level) = state.pow().issue(kind, size)?;
    let challenge = token.challenge();
    Ok(Json(PowChallenge {
        bits: challenge.bits,
        memory_kib: challenge.memory_kib,
        expires_in: EXPIRY_SECS,
        level,
        challenge: token,
    }))
}
