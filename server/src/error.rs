//! The one error type every handler returns. The client gets a short stable
//! code and a sentence ([`ErrorBody`]); faults go to the log, described
//! without any request detail (no ID, path, address or body).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sanctuary_crypto::api::{ErrorBody, ErrorCode};
use sanctuary_crypto::pow::PowError;
use sanctuary_crypto::shape::ShapeError;

use crate::store::{Refusal, StoreError};

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// No such route or blob.
    #[error("not found")]
    NotFound,
    /// The route exists, with other methods.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The request is malformed; the text says how.
    #[error("{0}")]
    BadRequest(String),
    /// The body has the wrong content type.
    #[error("unsupported content type; this route takes {0}")]
    UnsupportedMediaType(&'static str),
    /// An upload without `Content-Length`.
    #[error("this upload needs a Content-Length header")]
    LengthRequired,
    /// The body is larger than the route, or the unit, allows.
    #[error("the request body is too large")]
    TooLarge,
    /// No roster has been published yet.
    #[error("the server is not enrolled: no roster has been published yet")]
    NotEnrolled,
    /// Too many requests at once.
    #[error("the server is busy; try again shortly")]
    Overloaded,
    /// The request took too long.
    #[error("the request took too long")]
    Timeout,
    /// No roster yet (for `GET /v1/roster`).
    #[error("no roster has been published yet")]
    NoRoster,
    /// A caseworker request without a valid signature by a key on the
    /// current roster, or whose body does not match what was signed.
    #[error("the request is not signed by a caseworker on the current roster")]
    Unauthorized,
    /// A caseworker request with a timestamp too far from the server's clock.
    #[error("the request's timestamp is too far from the server's clock")]
    StaleRequest,
    /// A caseworker request whose nonce was already used.
    #[error("the request was already received once (replayed nonce)")]
    Replayed,
    /// The first roster without the right enrollment code.
    #[error("the enrollment code is missing or wrong")]
    EnrollmentCode,
    /// A roster for another unit than the pinned one.
    #[error("the roster belongs to a different unit than this server's")]
    UnitMismatch,
    /// A roster whose version is not higher than the current one.
    #[error("the roster's version must be higher than the current version {current}")]
    RosterVersion {
        /// The version now current.
        current: u64,
    },
    /// A roster that does not verify or is invalid.
    #[error("{0}")]
    RosterInvalid(String),
    /// The blob was sealed for another roster.
    #[error("the roster has changed: fetch it again and seal the message again")]
    RosterChanged,
    /// The blob's shape is refused.
    #[error("{0}")]
    Shape(ShapeError),
    /// The mailbox was forgotten by its reporter.
    #[error("the mailbox was forgotten by the reporter")]
    MailboxForgotten,
    /// A reply lists an attachment that is not an unbound reply attachment.
    #[error("a listed attachment does not exist or is not an unused reply attachment")]
    BadAttachment,
    /// Wrong forget secret.
    #[error("the secret does not match this mailbox")]
    Forbidden,
    /// Attachments have used their share of the database, or reporters'
    /// attachments their quota for the day; messages are still taken.
    #[error(
        "the server takes no more attachments for now; send the report without them, \
         or try again tomorrow"
    )]
    AttachmentQuota,
    /// An anonymous submission whose proof of work is missing (while one
    /// is required), malformed, not this server's, for another body,
    /// expired, used before or unsolved (`docs/protocol.md` §10.1).
    #[error("{0}")]
    Pow(PowError),
    /// A proof of work for a challenge easier than the server's level now
    /// allows (the level rose by two or more since it was issued).
    #[error(
        "the proof of work's challenge is easier than the server now requires; fetch a new one"
    )]
    PowTooEasy,
    /// A resumable upload is still being received on another connection
    /// (one the client gave up on that the server has not yet cut off).
    #[error("this upload is still being received; ask again in a few seconds")]
    UploadBusy,
    /// A resumed upload that does not start where the stored bytes end.
    #[error("the upload must continue at byte {received}, where the stored bytes end")]
    UploadOffset {
        /// Bytes stored.
        received: u64,
    },
    /// A new upload under the upload secret of one that exists.
    #[error("an upload with this secret exists; resume it or use a new secret")]
    UploadExists,
    /// The disk or the database size limit is full.
    #[error("the server's storage is full; nothing was stored")]
    StorageFull,
    /// A fault on the server's side (details are in the server's log).
    #[error("internal server error")]
    Internal,
}

impl ApiError {
    /// The HTTP status and stable code.
    pub fn status_and_code(&self) -> (StatusCode, ErrorCode) {
        use ErrorCode as C;
        use StatusCode as S;
        match self {
            Self::NotFound => (S::NOT_FOUND, C::NotFound),
            Self::MethodNotAllowed => (S::METHOD_NOT_ALLOWED, C::MethodNotAllowed),
            Self::BadRequest(_) => (S::BAD_REQUEST, C::BadRequest),
            Self::UnsupportedMediaType(_) => (S::UNSUPPORTED_MEDIA_TYPE, C::UnsupportedMediaType),
            Self::LengthRequired => (S::LENGTH_REQUIRED, C::LengthRequired),
            Self::TooLarge => (S::PAYLOAD_TOO_LARGE, C::TooLarge),
            Self::NotEnrolled => (S::SERVICE_UNAVAILABLE, C::NotEnrolled),
            Self::Overloaded => (S::SERVICE_UNAVAILABLE, C::Overloaded),
            Self::Timeout => (S::REQUEST_TIMEOUT, C::Timeout),
            Self::NoRoster => (S::NOT_FOUND, C::NoRoster),
            Self::Unauthorized => (S::UNAUTHORIZED, C::Unauthorized),
            Self::StaleRequest => (S::UNAUTHORIZED, C::StaleRequest),
            Self::Replayed => (S::UNAUTHORIZED, C::Replayed),
            Self::EnrollmentCode => (S::FORBIDDEN, C::EnrollmentCode),
            Self::UnitMismatch => (S::FORBIDDEN, C::UnitMismatch),
            Self::RosterVersion { .. } => (S::CONFLICT, C::RosterVersion),
            Self::RosterInvalid(_) => (S::BAD_REQUEST, C::RosterInvalid),
            Self::RosterChanged => (S::CONFLICT, C::RosterChanged),
            Self::Shape(e) => match e {
                ShapeError::Recipients { .. } => (S::CONFLICT, C::RosterChanged),
                ShapeError::TooLarge => (S::PAYLOAD_TOO_LARGE, C::TooLarge),
                other => (S::BAD_REQUEST, other.code()),
            },
            Self::MailboxForgotten => (S::GONE, C::MailboxForgotten),
            Self::BadAttachment => (S::BAD_REQUEST, C::BadAttachment),
            Self::Forbidden => (S::FORBIDDEN, C::Forbidden),
            Self::AttachmentQuota => (S::SERVICE_UNAVAILABLE, C::AttachmentQuota),
            Self::Pow(e) => match e {
                PowError::Missing | PowError::Malformed => (S::BAD_REQUEST, e.code()),
                other => (S::FORBIDDEN, other.code()),
            },
            // Answered as expired: the client fetches a new challenge.
            Self::PowTooEasy => (S::FORBIDDEN, C::PowExpired),
            Self::UploadBusy => (S::CONFLICT, C::UploadBusy),
            Self::UploadOffset { .. } => (S::CONFLICT, C::UploadOffset),
            Self::UploadExists => (S::CONFLICT, C::UploadExists),
            Self::StorageFull => (S::INSUFFICIENT_STORAGE, C::StorageFull),
            Self::Internal => (S::INTERNAL_SERVER_ERROR, C::Internal),
        }
    }
}

impl From<ShapeError> for ApiError {
    fn from(e: ShapeError) -> Self {
        match e {
            ShapeError::Recipients { .. } => Self::RosterChanged,
            other => Self::Shape(other),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Full => {
                tracing::warn!("a write was refused: the storage is full");
                Self::StorageFull
            }
            StoreError::Refused(Refusal::MailboxForgotten) => Self::MailboxForgotten,
            StoreError::Refused(Refusal::BadAttachment) => Self::BadAttachment,
            StoreError::Refused(Refusal::WrongSecret) => Self::Forbidden,
            StoreError::Refused(Refusal::UploadExists) => Self::UploadExists,
            other => {
                // StoreError's text never holds IDs or data.
                tracing::error!("storage error: {other}");
                Self::Internal
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let body = ErrorBody::new(code, self.to_string());
        (status, Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// One error of each kind (and of each kind of shape and proof-of-work
    /// refusal).
    fn every_error() -> Vec<ApiError> {
        let shape = [
            ShapeError::NotAge,
            ShapeError::Malformed,
            ShapeError::Recipients {
                expected: 2,
                found: 1,
            },
            ShapeError::Size,
            ShapeError::TooLarge,
        ];
        let pow = [
            PowError::Missing,
            PowError::Malformed,
            PowError::BadMac,
            PowError::WrongKind,
            PowError::WrongLength,
            PowError::Expired,
            PowError::Reused,
            PowError::Unsolved,
        ];
        let mut all = vec![
            ApiError::NotFound,
            ApiError::MethodNotAllowed,
            ApiError::BadRequest("x".into()),
            ApiError::UnsupportedMediaType("application/json"),
            ApiError::LengthRequired,
            ApiError::TooLarge,
            ApiError::NotEnrolled,
            ApiError::Overloaded,
            ApiError::Timeout,
            ApiError::NoRoster,
            ApiError::Unauthorized,
            ApiError::StaleRequest,
            ApiError::Replayed,
            ApiError::EnrollmentCode,
            ApiError::UnitMismatch,
            ApiError::RosterVersion { current: 1 },
            ApiError::RosterInvalid("x".into()),
            ApiError::RosterChanged,
            ApiError::MailboxForgotten,
            ApiError::BadAttachment,
            ApiError::Forbidden,
            ApiError::AttachmentQuota,
            ApiError::PowTooEasy,
            ApiError::UploadBusy,
            ApiError::UploadOffset { received: 0 },
            ApiError::UploadExists,
            ApiError::StorageFull,
            ApiError::Internal,
        ];
        all.extend(shape.into_iter().map(ApiError::Shape));
        all.extend(pow.into_iter().map(ApiError::Pow));
        all
    }

    #[test]
    fn every_code_is_sent_for_some_error() {
        let sent: BTreeSet<&str> = every_error()
            .iter()
            .map(|e| e.status_and_code().1.as_str())
            .collect();
        let known: BTreeSet<&str> = ErrorCode::ALL.iter().map(ErrorCode::as_str).collect();
        assert_eq!(sent, known);
    }

    #[test]
    fn a_shape_error_is_sent_with_its_own_code() {
        for e in every_error() {
            if let ApiError::Shape(shape) = &e {
                assert_eq!(e.status_and_code().1, shape.code(), "{shape:?}");
            }
            if let ApiError::Pow(pow) = &e {
                assert_eq!(e.status_and_code().1, pow.code(), "{pow:?}");
            }
        }
    }
}
