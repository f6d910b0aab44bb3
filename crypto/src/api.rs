//! The HTTP API's JSON bodies and header names, shared by the server and
//! the client so both sides agree by construction. `docs/api/openapi.yaml`
//! is the normative description; these types are its Rust form.
//!
//! Every request body type refuses unknown fields.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::day::Day;
use crate::ids::{BlobId, ForgetHash, ForgetSecret, MailboxId};
use crate::pow::{Kind, Token};
use crate::roster::SignedRoster;

mod error_code;

pub use error_code::ErrorCode;

/// Header carrying the roster version a reporter sealed against.
pub const ROSTER_VERSION_HEADER: &str = "sanctuary-roster-version";

/// Header carrying a reporter's [`UploadSecret`](crate::ids::UploadSecret)
/// (64 hexadecimal characters): on `POST /v1/attachments` it asks the
/// server to keep an interrupted upload for resumption; on the two resume
/// routes it names that upload (`docs/protocol.md` §7.1).
pub const UPLOAD_HEADER: &str = "sanctuary-upload";

/// Header of `POST /v1/attachments/resume`: where the body starts in the
/// attachment, which must be exactly the bytes the server holds.
pub const UPLOAD_OFFSET_HEADER: &str = "sanctuary-upload-offset";

/// Most items in one inbox page.
pub const MAX_INBOX_PAGE: usize = 1000;

/// Bytes carried as standard base64 in JSON.
#[derive(Clone, PartialEq, Eq)]
pub struct Base64Bytes(pub Vec<u8>);

impl std::fmt::Debug for Base64Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Base64Bytes({} bytes)", self.0.len())
    }
}

impl Serialize for Base64Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        STANDARD
            .decode(s.as_bytes())
            .map(Self)
            .map_err(|_| serde::de::Error::custom("invalid base64"))
    }
}

/// `GET /v1/health`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Health {
    /// Always `ok`.
    pub status: String,
    /// Whether a roster has been published (the server is enrolled).
    pub enrolled: bool,
}

/// `PUT /v1/roster` (unit admin).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishRoster {
    /// The new roster.
    pub roster: SignedRoster,
    /// The one-time enrollment code; required for the first roster only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrollment_code: Option<String>,
}

/// Answer to `PUT /v1/roster`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RosterAccepted {
    /// The version now current.
    pub version: u64,
}

/// Answer to a stored message or attachment (`201 Created`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Stored {
    /// The blob's random ID.
    pub id: BlobId,
}

/// Answer to `POST /v1/attachments/resume/status`: how much of an
/// interrupted upload the server holds.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct UploadStatus {
    /// Bytes stored, from the start of the attachment: the next request
    /// sends the rest from here.
    pub received: u64,
    /// The attachment's whole length, as its first request declared.
    pub length: u64,
}

/// The query of `GET /v1/pow?kind=message&size=N`: a proof-of-work
/// challenge for an anonymous submission of exactly `size` bytes.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PowQuery {
    /// The route the body is for.
    pub kind: Kind,
    /// The body's exact length in bytes.
    pub size: u64,
}

/// Answer to `GET /v1/pow`: a challenge to solve before posting
/// (`docs/protocol.md` §10.1). `bits` and `memory_kib` repeat what the
/// token says, for display; the token is what counts.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PowChallenge {
    /// The token, base64url without padding.
    pub challenge: Token,
    /// Leading zero bits required.
    pub bits: u8,
    /// Argon2id memory per try, in KiB.
    pub memory_kib: u32,
    /// Seconds until the challenge expires.
    pub expires_in: u64,
    /// The server's current difficulty level.
    pub level: u8,
}

/// `POST /v1/mailbox/fetch` (anyone holding the mailbox ID).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailboxFetch {
    /// The mailbox.
    pub mailbox: MailboxId,
}

/// One reply in a mailbox.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MailboxReply {
    /// The reply's blob ID.
    pub id: BlobId,
    /// The day it was posted.
    pub day: Day,
    /// The sealed reply.
    pub blob: Base64Bytes,
}

/// Answer to `POST /v1/mailbox/fetch`: the same shape whether the mailbox
/// exists or not.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MailboxContents {
    /// Replies, in no particular order.
    pub replies: Vec<MailboxReply>,
}

/// `POST /v1/mailbox/attachment`: download one attachment of a reply.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailboxAttachmentFetch {
    /// The mailbox the reply was posted to.
    pub mailbox: MailboxId,
    /// The attachment's blob ID, from the reply.
    pub attachment: BlobId,
}

/// `POST /v1/mailbox/forget`: delete a mailbox and everything in it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailboxForget {
    /// The mailbox.
    pub mailbox: MailboxId,
    /// The forget secret derived from the receipt.
    pub secret: ForgetSecret,
}

/// Answer to `POST /v1/mailbox/forget`: the same whether the mailbox existed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Forgotten {
    /// Always `forgotten`.
    pub status: String,
}

/// One item in a caseworker's inbox listing.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct InboxItem {
    /// The blob's random ID.
    pub id: BlobId,
    /// The day it arrived.
    pub day: Day,
    /// Its length in bytes.
    pub size: u64,
    /// Its plaintext bucket in bytes (16384, 65536, 262144 or 1048576).
    pub bucket: u64,
}

/// `GET /v1/inbox?after=ID&limit=N` (caseworker): one page, ordered by ID
/// (which is random, so the order says nothing about arrival).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct InboxPage {
    /// The items.
    pub items: Vec<InboxItem>,
    /// Pass as `after` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<BlobId>,
}

/// Most message IDs in one `POST /v1/case/inbox/fetch`.
pub const MAX_INBOX_FETCH: usize = 256;

/// Length of a record's header in the `POST /v1/case/inbox/fetch` answer:
/// the 16-byte blob ID, then the ciphertext length as a 4-byte big-endian
/// integer.
pub const INBOX_RECORD_HEADER: usize = BlobId::LEN + 4;

/// `POST /v1/case/inbox/fetch` (caseworker): download several messages in
/// one request. The answer (`application/octet-stream`) is, for each ID
/// that names a stored message, in the order asked, an
/// [`INBOX_RECORD_HEADER`]-byte header (ID, then length) followed by the
/// ciphertext; IDs deleted since they were listed are left out.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CaseInboxFetch {
    /// 1 to [`MAX_INBOX_FETCH`] message IDs.
    pub ids: Vec<BlobId>,
}

/// `POST /v1/replies` (caseworker): post a sealed reply to a mailbox.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostReply {
    /// The reporter's mailbox, from the report.
    pub mailbox: MailboxId,
    /// The forget hash from the report; stored when the mailbox is created.
    pub forget_hash: ForgetHash,
    /// The sealed reply.
    pub blob: Base64Bytes,
    /// Reply attachments already uploaded with `POST /v1/case/attachments`;
    /// the server binds them to this mailbox so the reporter can fetch them.
    #[serde(default)]
    pub attachments: Vec<BlobId>,
}

/// Every error: a short stable code and a sentence for people.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    /// Stable, machine-readable (`roster_changed`, `bad_size`, …): an
    /// [`ErrorCode`] from this server, kept as text so that a code from a
    /// newer one still reads ([`ErrorBody::code`]).
    pub error: String,
    /// Human-readable explanation.
    pub message: String,
}

impl ErrorBody {
    /// The body for `code` with a sentence for people.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: code.as_str().to_owned(),
            message: message.into(),
        }
    }

    /// The code, or `None` for one this build does not know.
    pub fn code(&self) -> Option<ErrorCode> {
        ErrorCode::parse(&self.error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_refused() {
        let ok = format!(r#"{{"mailbox":"{}"}}"#, "ab".repeat(32));
        assert!(serde_json::from_str::<MailboxFetch>(&ok).is_ok());
        let extra = format!(r#"{{"mailbox":"{}","x":1}}"#, "ab".repeat(32));
        assert!(serde_json::from_str::<MailboxFetch>(&extra).is_err());
    }

    #[test]
    fn base64_round_trip() {
        let b = Base64Bytes(vec![0, 1, 2, 255]);
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(json, "\"AAEC/w==\"");
        assert_eq!(serde_json::from_str::<Base64Bytes>(&json).unwrap(), b);
    }

    #[test]
    fn error_body_wire_form() {
        let body = ErrorBody::new(ErrorCode::RosterChanged, "fetch it again");
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(
            json,
            r#"{"error":"roster_changed","message":"fetch it again"}"#
        );
        let back: ErrorBody = serde_json::from_str(&json).unwrap();
        assert_eq!(back.code(), Some(ErrorCode::RosterChanged));
    }

    #[test]
    fn error_body_with_an_unknown_code_still_reads() {
        let json = r#"{"error":"added_later","message":"no"}"#;
        let body: ErrorBody = serde_json::from_str(json).unwrap();
        assert_eq!(body.error, "added_later");
        assert_eq!(body.code(), None);
    }
}
