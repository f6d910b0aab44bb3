//! The reporter's side of replies: `POST /v1/mailbox/fetch`,
//! `POST /v1/mailbox/attachment` and `POST /v1/mailbox/forget`. The
//! mailbox ID travels in the body, never in the path, so no proxy log holds
//! it. Answers have one shape whoever asks: a mailbox that does not exist
//! looks exactly like an empty one, and a forgotten one (also before its
//! first reply) is `410 mailbox_forgotten`, so the reporter's client can
//! say so. Forgetting answers the same whether the mailbox existed or not.
//! Caseworkers never read a mailbox: they list every reply at once
//! (`handlers::inbox`), so their requests name none.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use sanctuary_crypto::api::{
    Base64Bytes, Forgotten, MailboxAttachmentFetch, MailboxContents, MailboxFetch, MailboxForget,
    MailboxReply,
};

use super::{parse_json, stream_attachment};
use crate::error::ApiError;
use crate::extract::{JsonType, Received};
use crate::state::AppState;

/// Largest body of these requests (a few IDs).
const LIMIT: u64 = 4096;

/// The replies in a mailbox (none if it does not exist; 410 if it was
/// forgotten).
pub(crate) async fn fetch(
    State(state): State<AppState>,
    _: JsonType,
    body: Received<LIMIT>,
) -> Result<Json<MailboxContents>, ApiError> {
    let req: MailboxFetch = parse_json(body.body())?;
    let replies = state
        .store
        .mailbox_replies(req.mailbox.storage_key())
        .await?
        .into_iter()
        .map(|r| MailboxReply {
            id: r.id,
            day: r.day,
            blob: Base64Bytes(r.blob),
        })
        .collect();
    Ok(Json(MailboxContents { replies }))
}

/// One reply attachment bound to the mailbox, streamed.
pub(crate) async fn attachment(
    State(state): State<AppState>,
    _: JsonType,
    body: Received<LIMIT>,
) -> Result<Response, ApiError> {
    let req: MailboxAttachmentFetch = parse_json(body.body())?;
    let size = state
        .store
        .attachment_size(req.attachment, Some(req.mailbox.storage_key()))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(stream_attachment(state.store.clone(), req.attachment, size))
}

/// Forgets a mailbox, given the secret from the receipt.
pub(crate) async fn forget(
    State(state): State<AppState>,
    _: JsonType,
    body: Received<LIMIT>,
) -> Result<Json<Forgotten>, ApiError> {
    let req: MailboxForget = parse_json(body.body())?;
    state
        .store
        .forget_mailbox(req.mailbox.storage_key(), req.secret)
        .await?;
    Ok(Json(Forgotten {
        status: "forgotten".into(),
    }))
}
