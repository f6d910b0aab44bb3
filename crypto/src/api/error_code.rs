//! The stable codes of API error bodies ([`ErrorCode`]).

use std::fmt;

use serde::{Serialize, Serializer};

/// Declares [`ErrorCode`] from one list, so that the variants, their wire
/// strings and [`ErrorCode::ALL`] cannot drift apart.
macro_rules! error_codes {
    ($( $(#[doc = $doc:literal])+ $variant:ident => $code:literal, )+) => {
        /// The stable, machine-readable code of an API error: the `error`
        /// field of an [`ErrorBody`](super::ErrorBody), sent as its
        /// snake_case string (`roster_changed`, `storage_full`, …).
        ///
        /// The server sends only these; `docs/api/openapi.yaml` lists them
        /// (`ErrorBody`) and the reporter page mirrors them
        /// (`web/src/ui/codes.ts`), both checked by tests. A client must
        /// expect codes a newer server added: [`ErrorCode::parse`] answers
        /// `None` for those, and this enum is `#[non_exhaustive]` so that
        /// adding one is not a breaking change.
        ///
        /// ```
        /// use sanctuary_crypto::api::ErrorCode;
        ///
        /// assert_eq!(ErrorCode::RosterChanged.as_str(), "roster_changed");
        /// assert_eq!(ErrorCode::parse("roster_changed"), Some(ErrorCode::RosterChanged));
        /// assert_eq!(ErrorCode::parse("from_a_newer_server"), None);
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl ErrorCode {
            /// Every code, in the order of `docs/api/openapi.yaml`.
            pub const ALL: &[ErrorCode] = &[$(Self::$variant),+];

            /// The code as sent on the wire.
            pub const fn as_str(&self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)+
                }
            }
        }
    };
}

error_codes! {
    /// 400: the request is malformed (JSON, header, query or ID); the
    /// message says how.
    BadRequest => "bad_request",
    /// 415: the body has the wrong content type for the route.
    UnsupportedMediaType => "unsupported_media_type",
    /// 404: no such route, blob or mailbox.
    NotFound => "not_found",
    /// 405: the route exists, with other methods.
    MethodNotAllowed => "method_not_allowed",
    /// 411: an upload without `Content-Length`.
    LengthRequired => "length_required",
    /// 413: the body is larger than the route, or the unit's policy, allows.
    TooLarge => "too_large",
    /// 408: the request took too long.
    Timeout => "timeout",
    /// 503: no roster has been published yet, so nothing can be sent.
    NotEnrolled => "not_enrolled",
    /// 503: too many requests at once; try again shortly.
    Overloaded => "overloaded",
    /// 404: no roster has been published yet (`GET /v1/roster`).
    NoRoster => "no_roster",
    /// 401: a caseworker request not signed by a key on the current roster,
    /// or whose body does not match what was signed.
    Unauthorized => "unauthorized",
    /// 401: a caseworker request whose timestamp is too far from the
    /// server's clock.
    StaleRequest => "stale_request",
    /// 401: a caseworker request whose nonce was already used.
    Replayed => "replayed",
    /// 403: the first roster without the right enrollment code.
    EnrollmentCode => "enrollment_code",
    /// 403: a roster for another unit than the server's.
    UnitMismatch => "unit_mismatch",
    /// 409: a roster whose version is not higher than the current one.
    RosterVersion => "roster_version",
    /// 400: a roster that does not verify or is invalid.
    RosterInvalid => "roster_invalid",
    /// 409: the blob was sealed for another roster (version, number or kind
    /// of recipients); fetch the roster and seal again.
    RosterChanged => "roster_changed",
    /// 400: the blob is not an age file.
    NotAge => "not_age",
    /// 400: the blob's age header is malformed.
    BadHeader => "bad_header",
    /// 400: the blob's length is not one an honest client produces.
    BadSize => "bad_size",
    /// 410: the mailbox was forgotten by its reporter.
    MailboxForgotten => "mailbox_forgotten",
    /// 400: a listed attachment does not exist or is not an unused reply
    /// attachment.
    BadAttachment => "bad_attachment",
    /// 403: the forget secret does not match the mailbox.
    Forbidden => "forbidden",
    /// 503: the server takes no more attachments for now; messages are
    /// still taken.
    AttachmentQuota => "attachment_quota",
    /// 400: an anonymous submission without a proof of work while one is
    /// required.
    PowRequired => "pow_required",
    /// 400 or 403: the proof of work is malformed, not this server's, for
    /// another route or body, or does not solve its challenge.
    BadPow => "bad_pow",
    /// 403: the proof of work's challenge expired (or is easier than the
    /// server now requires); fetch a new one.
    PowExpired => "pow_expired",
    /// 403: the proof of work's challenge was already used.
    PowReused => "pow_reused",
    /// 409: a resumable upload is still being received on another
    /// connection; ask again in a few seconds.
    UploadBusy => "upload_busy",
    /// 409: a resumed upload does not start where the stored bytes end.
    UploadOffset => "upload_offset",
    /// 409: a new upload under the upload secret of one that exists.
    UploadExists => "upload_exists",
    /// 507: the server's storage is full; nothing was stored.
    StorageFull => "storage_full",
    /// 500: a fault on the server's side.
    Internal => "internal",
}

impl ErrorCode {
    /// The code sent as `code`, or `None` for one this build does not know
    /// (from a newer server, or from something that is not Sanctuary).
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Serialized as its wire string. There is deliberately no `Deserialize`:
/// a reader must not fail on a code it does not know, so it reads the string
/// and calls [`ErrorCode::parse`] (or [`ErrorBody::code`](super::ErrorBody::code)).
impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_code_parses_back_to_itself() {
        for &code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
            assert_eq!(code.to_string(), code.as_str());
        }
    }

    #[test]
    fn codes_are_distinct_snake_case_words() {
        let strings: BTreeSet<&str> = ErrorCode::ALL.iter().map(ErrorCode::as_str).collect();
        assert_eq!(strings.len(), ErrorCode::ALL.len());
        for s in strings {
            assert!(
                !s.is_empty() && !s.starts_with('_') && !s.ends_with('_'),
                "{s}"
            );
            assert!(
                s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{s}"
            );
        }
    }

    #[test]
    fn unknown_codes_are_none_not_errors() {
        for unknown in [
            "",
            "Roster_Changed",
            "roster_changed ",
            "http_502",
            "newer_code",
        ] {
            assert_eq!(ErrorCode::parse(unknown), None, "{unknown:?}");
        }
    }

    #[test]
    fn serializes_as_its_wire_string() {
        for &code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).ok();
            assert_eq!(json, Some(format!("\"{}\"", code.as_str())));
        }
    }
}
