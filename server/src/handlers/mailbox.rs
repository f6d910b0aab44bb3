//! The reporter's side of replies: `POST /v1/mailbox/fetch`,
//! `POST /v1/mailbox/attachment` and `POST /v1/mailbox/forget`. The
//! mailbox ID travels in the body, never in the path, so no proxy log holds
//! it. Answers have one shape whoever asks: a mailbox that does not exist
//! looks exactly like an empty one, and a forgotten one (also before its
//! first reply) is `410 mailbox_forgotten`, so the reporter's client can
//! say so. Forgetting answers the same whether the mailbox existed or not.
//! Also the caseworkers' signed
//! `POST /v1/case/mailboxes/fetch`, which reads many mailboxes at once.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use sanctuary_crypto::api::{
    Base64Bytes, CaseMailboxContents, CaseMailboxFetch, CaseMailboxReply, Forgotten,
    MAX_MAILBOX_FETCH, MailboxAttachmentFetch, MailboxContents, MailboxFetch, MailboxForget,
    MailboxReply,
};

use super::{parse_json, read_json, require_json, signed_body, stream_attachment};
use crate::error::ApiError;
use crate::state::AppState;

/// Largest body of these requests (a few IDs).
const LIMIT: u64 = 4096;

/// Largest `POST /v1/case/mailboxes/fetch` body (1,000 IDs take 67 KiB).
const CASE_LIMIT: u64 = 128 * 1024;

/// Reply bytes gathered before a `POST /v1/case/mailboxes/fetch` answer is
/// cut short (the client asks again from `next`).
const CASE_ANSWER_BYTES: usize = 8 * 1024 * 1024;

/// The replies in a mailbox (none if it does not exist; 410 if it was
/// forgotten).
pub(crate) async fn fetch(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<MailboxContents>, ApiError> {
    let req = read_json::<MailboxFetch>(&headers, body, LIMIT).await?;
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
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let req = read_json::<MailboxAttachmentFetch>(&headers, body, LIMIT).await?;
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
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Forgotten>, ApiError> {
    let req = read_json::<MailboxForget>(&headers, body, LIMIT).await?;
    state
        .store
        .forget_mailbox(req.mailbox.storage_key(), req.secret)
        .await?;
    Ok(Json(Forgotten {
        status: "forgotten".into(),
    }))
}

/// The replies in many mailboxes at once (a caseworker's open threads).
pub(crate) async fn fetch_case(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<CaseMailboxContents>, ApiError> {
    require_json(&headers)?;
    let bytes = signed_body(&state, &method, &uri, &headers, body, CASE_LIMIT).await?;
    let request: CaseMailboxFetch = parse_json(&bytes)?;
    let count = request.mailboxes.len();
    if !(1..=MAX_MAILBOX_FETCH).contains(&count) {
        return Err(ApiError::BadRequest(format!(
            "mailboxes must list between 1 and {MAX_MAILBOX_FETCH} mailbox IDs"
        )));
    }
    let keys = request.mailboxes.iter().map(|m| m.storage_key()).collect();
    let (found, next) = state
        .store
        .replies_in_mailboxes(keys, CASE_ANSWER_BYTES)
        .await?;
    let replies = found
        .into_iter()
        .map(|(mailbox, r)| CaseMailboxReply {
            mailbox,
            id: r.id,
            day: r.day,
            blob: Base64Bytes(r.blob),
        })
        .collect();
    Ok(Json(CaseMailboxContents {
        replies,
        next: (next < count).then_some(next),
    }))
}
