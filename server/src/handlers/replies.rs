//! `POST /v1/replies` (caseworker): a sealed reply to a reporter's mailbox.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use sanctuary_crypto::api::{PostReply, Stored};
use sanctuary_crypto::message::MAX_MESSAGE_ATTACHMENTS;
use sanctuary_crypto::shape::{SHAPE_PREFIX_LEN, check_message};
use sanctuary_crypto::sizes::MAX_MESSAGE_CIPHERTEXT;

use super::{current_roster, parse_json};
use crate::error::ApiError;
use crate::extract::{JsonType, Signed};
use crate::state::AppState;

/// Largest `POST /v1/replies` body: the largest message in base64, plus
/// room for the IDs.
pub(crate) const MAX_REPLY_BODY: u64 = MAX_MESSAGE_CIPHERTEXT.div_ceil(3) * 4 + 64 * 1024;

/// Checks a reply's shape (every caseworker and the reporter) and stores
/// it, creating the mailbox on its first reply.
pub(crate) async fn post(
    State(state): State<AppState>,
    _: JsonType,
    signed: Signed<MAX_REPLY_BODY>,
) -> Result<(StatusCode, Json<Stored>), ApiError> {
    let reply: PostReply = parse_json(signed.body())?;
    let roster = current_roster(&state)?;
    let blob = reply.blob.0;
    let prefix = &blob[..blob.len().min(SHAPE_PREFIX_LEN)];
    check_message(prefix, blob.len() as u64, &roster.doc.reply_mixes())?;
    if reply.attachments.len() > MAX_MESSAGE_ATTACHMENTS {
        return Err(ApiError::BadAttachment);
    }
    let id = state
        .store
        .post_reply(
            reply.mailbox.storage_key(),
            reply.forget_hash,
            blob,
            reply.attachments,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(Stored { id })))
}
