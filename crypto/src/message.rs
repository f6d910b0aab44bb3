//! Reports, follow-ups and replies: their JSON, sealing and opening.
//!
//! A message plaintext is a JSON envelope
//!
//! ```json
//! {"format":"sanctuary-message-v1","kind":"report","body":{…},"signature":"…"}
//! ```
//!
//! followed by spaces, so that the age ciphertext has exactly its bucket's
//! length ([`crate::sizes::bucket_ciphertext_len`]). The signature is Ed25519
//! over [`MESSAGE_CONTEXT`], the kind, a newline and the exact bytes of
//! `body` as they appear in the envelope:
//!
//! * reports and follow-ups are signed with the thread key derived from the
//!   receipt (a report carries the public half, so follow-ups can prove
//!   they come from the same receipt holder);
//! * replies are signed with the caseworker's key from the roster.
//!
//! Trailing spaces are valid JSON whitespace, so `age -d … | jq` reads any
//! message.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use ed25519_dalek::{Signature, Signer, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use zeroize::Zeroizing;

use crate::caseworker::{CaseworkerKey, Label};
use crate::ids::{BlobId, ForgetHash, MailboxId, ThreadId};
use crate::keys::{decode_signature, encode_signature, serde_recipient, serde_verifying_key};
use crate::pq::{HybridRecipient, PqKeyError, RECIPIENT_LEN, RECIPIENT_PREFIX};
use crate::receipt::ReceiptKeys;
use crate::recipients::Recipients;
use crate::roster::{RosterDocument, VerifiedRoster};
use crate::sizes::{
    GREASE_MAX, GREASE_MIN, MAX_BUCKET, MAX_MESSAGE_CIPHERTEXT, bucket_ciphertext_len, bucket_for,
    stream_len,
};

/// The envelope's `format` field.
pub const MESSAGE_FORMAT: &str = "sanctuary-message-v1";

/// Signature context: the signed bytes are this, the kind, `\n`, the body.
pub const MESSAGE_CONTEXT: &[u8] = b"sanctuary-message-v1\n";

/// Most attachments a message may list.
pub const MAX_MESSAGE_ATTACHMENTS: usize = 100;

/// What a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MessageKind {
    /// A reporter's first message.
    Report,
    /// A reporter's later message on the same thread.
    FollowUp,
    /// The unit's answer, readable by the reporter.
    Reply,
}

impl MessageKind {
    /// The kind as written in the envelope.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::FollowUp => "follow-up",
            Self::Reply => "reply",
        }
    }
}

/// One attachment listed in a message: where the encrypted file is and how
/// to check it once decrypted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentRef {
    /// The server's ID of the encrypted attachment.
    pub id: BlobId,
    /// Real size in bytes, before padding.
    pub size: u64,
    /// SHA-256 of the real bytes, hexadecimal.
    pub sha256: String,
    /// Media type, e.g. `image/jpeg`.
    pub media_type: String,
    /// File name: the original only if the reporter chose to send it,
    /// otherwise a neutral one such as `attachment-1.jpg`.
    pub name: String,
}

/// A reporter's first message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportBody {
    /// Thread ID derived from the receipt.
    pub thread: ThreadId,
    /// Public half of the thread key; follow-ups are signed by it.
    #[serde(with = "serde_verifying_key")]
    pub thread_key: VerifyingKey,
    /// Where the unit posts replies.
    pub mailbox: MailboxId,
    /// Hash of the mailbox-forget secret, handed to the server with the first
    /// reply.
    pub forget_hash: ForgetHash,
    /// The age recipient replies are encrypted to.
    #[serde(with = "serde_recipient")]
    pub reply_to: age::x25519::Recipient,
    /// The post-quantum recipient replies are encrypted to while the roster
    /// seals post-quantum; a report sealed post-quantum carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to_pq: Option<ReplyToPq>,
    /// The roster version the reporter sealed against.
    pub roster_version: u64,
    /// The report's category (the `category` form field), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Answers to other form fields, by field ID.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, String>,
    /// What happened, in the reporter's words.
    pub text: String,
    /// Attached files.
    #[serde(default)]
    pub attachments: Vec<AttachmentRef>,
}

/// A report's post-quantum reply recipient (`age1pq1…`) as it came.
///
/// Opening a report checks its form (prefix, length, lower-case bech32
/// characters); the key itself (checksum, the ML-KEM encapsulation key
/// check, no low-order X25519 point) is checked when a reply is sealed to
/// it ([`ReplyToPq::recipient`]). A caseworker's client opens thousands of
/// reports and replies to few; the full check costs an X25519 scalar
/// multiplication, a third of what opening a report costs.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ReplyToPq(String);

impl ReplyToPq {
    /// The recipient, fully checked.
    pub fn recipient(&self) -> Result<HybridRecipient, PqKeyError> {
        self.0.parse()
    }
}

impl From<HybridRecipient> for ReplyToPq {
    fn from(recipient: HybridRecipient) -> Self {
        Self(recipient.to_string())
    }
}

impl std::fmt::Display for ReplyToPq {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Debug for ReplyToPq {
    /// The first characters only: the whole string is 1959 long.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ReplyToPq({}…)", self.0.get(..24).unwrap_or(&self.0))
    }
}

impl<'de> Deserialize<'de> for ReplyToPq {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let bech32_data = |c: char| matches!(c, '0'..='9' | 'a'..='z') && !"1bio".contains(c);
        let form_ok = s.len() == RECIPIENT_LEN
            && s.strip_prefix(RECIPIENT_PREFIX)
                .is_some_and(|rest| rest.chars().all(bech32_data));
        if form_ok {
            Ok(Self(s))
        } else {
            Err(serde::de::Error::custom("not a post-quantum age recipient"))
        }
    }
}

/// A reporter's later message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpBody {
    /// Thread ID derived from the receipt.
    pub thread: ThreadId,
    /// The message.
    pub text: String,
    /// Attached files.
    #[serde(default)]
    pub attachments: Vec<AttachmentRef>,
}

/// The unit's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyBody {
    /// The thread answered.
    pub thread: ThreadId,
    /// The caseworker's label on the roster.
    pub from: Label,
    /// The caseworker's Ed25519 key; must be on the roster under `from`.
    #[serde(with = "serde_verifying_key")]
    pub key: VerifyingKey,
    /// The version of the roster the caseworker replied under. A client
    /// holding an older roster than this is being shown an old one (see
    /// [`PendingReply::verify`]). 0 in replies from before it was added.
    #[serde(default)]
    pub roster_version: u64,
    /// The message.
    pub text: String,
    /// Attached files.
    #[serde(default)]
    pub attachments: Vec<AttachmentRef>,
}

/// What a reporter writes in a report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportContent {
    /// The report's category, if any.
    pub category: Option<String>,
    /// Answers to other form fields.
    pub answers: BTreeMap<String, String>,
    /// What happened.
    pub text: String,
    /// Attached files, already uploaded.
    pub attachments: Vec<AttachmentRef>,
}

/// Why a message could not be sealed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SealError {
    /// The message does not fit in the largest bucket.
    #[error("the message is too long: at most about 1 MiB of text fits")]
    TooLarge,
    /// More attachments than allowed.
    #[error("too many attachments (at most {MAX_MESSAGE_ATTACHMENTS})")]
    TooManyAttachments,
    /// The roster lists no recipient.
    #[error("the roster lists no caseworker")]
    NoRecipients,
    /// age refused to encrypt, or produced an unexpected length.
    #[error("encryption failed")]
    Encrypt,
}

/// Why a message could not be opened or is not what it claims.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    /// Longer than any message can be.
    #[error("the blob is larger than any message")]
    TooLarge,
    /// Could not decrypt: not for this key, or damaged. Deliberately vague.
    #[error("could not decrypt the message")]
    Decrypt,
    /// Decrypted, but not a Sanctuary message this version understands.
    #[error("not a Sanctuary message")]
    Malformed,
    /// A report whose signature does not match its own thread key.
    #[error("the report's signature is invalid")]
    BadReportSignature,
    /// A follow-up whose proof does not match the report's thread key.
    #[error("the follow-up does not prove it comes from the reporter of this thread")]
    ThreadProof,
    /// A message for another thread.
    #[error("the message belongs to another thread")]
    WrongThread,
    /// A reply signed by a key that is not on the roster under its label.
    #[error("the reply is signed by someone who is not on the unit's roster")]
    UnknownSigner,
    /// A reply written under a newer roster than the one it is checked
    /// against: the server is serving an old roster.
    #[error("the reply was written under a newer roster than the server sent")]
    NewerRoster,
    /// A reply whose signature does not verify.
    #[error("the reply's signature is forged or damaged")]
    ForgedSignature,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    format: String,
    kind: MessageKind,
    body: Box<RawValue>,
    signature: String,
}

fn signed_bytes(kind: MessageKind, body: &str) -> Vec<u8> {
    [
        MESSAGE_CONTEXT,
        kind.as_str().as_bytes(),
        b"\n",
        body.as_bytes(),
    ]
    .concat()
}

/// A writer that counts bytes, so a sealer learns how long age's header
/// (with its random grease stanza) turned out.
pub(crate) struct Counting<W> {
    inner: W,
    count: Arc<AtomicU64>,
}

impl<W> Counting<W> {
    /// The wrapped writer.
    pub(crate) fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Starts an age encryption to `recipients` into `output` and returns the
/// stream with the number of header bytes it wrote (nonce excluded).
pub(crate) fn start_age<W: Write>(
    recipients: &Recipients,
    output: W,
) -> std::io::Result<(age::stream::StreamWriter<Counting<W>>, u64)> {
    let encryptor = age::Encryptor::with_recipients(recipients.as_dyn().into_iter())
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let count = Arc::new(AtomicU64::new(0));
    let writer = encryptor.wrap_output(Counting {
        inner: output,
        count: Arc::clone(&count),
    })?;
    // wrap_output writes the header, then the 16-byte STREAM nonce.
    Ok((writer, count.load(Ordering::Relaxed).saturating_sub(16)))
}

/// Serializes and signs one message envelope (unpadded).
fn envelope(
    kind: MessageKind,
    body_json: Zeroizing<String>,
    sign: impl FnOnce(&[u8]) -> Signature,
) -> Result<Zeroizing<String>, SealError> {
    let signature = encode_signature(&sign(&signed_bytes(kind, &body_json)));
    let body = RawValue::from_string(body_json.to_string()).map_err(|_| SealError::Encrypt)?;
    serde_json::to_string(&Envelope {
        format: MESSAGE_FORMAT.to_owned(),
        kind,
        body,
        signature,
    })
    .map(Zeroizing::new)
    .map_err(|_| SealError::Encrypt)
}

/// Pads an envelope with spaces and encrypts it so that the ciphertext has
/// exactly its bucket's length.
pub fn encrypt_padded(envelope: &str, recipients: &Recipients) -> Result<Vec<u8>, SealError> {
    if recipients.is_empty() {
        return Err(SealError::NoRecipients);
    }
    let bucket = bucket_for(envelope.len()).ok_or(SealError::TooLarge)?;
    let target = bucket_ciphertext_len(bucket, recipients.mix());

    let mut out = Vec::with_capacity(usize::try_from(target).unwrap_or(0));
    let (mut writer, header_len) =
        start_age(recipients, &mut out).map_err(|_| SealError::Encrypt)?;
    // The header this bucket's length assumes has the shortest grease
    // stanza; whatever age's random grease adds comes out of the padding.
    let base = target - stream_len(bucket as u64);
    let excess = header_len
        .checked_sub(base)
        .filter(|&e| e <= GREASE_MAX - GREASE_MIN)
        .ok_or(SealError::Encrypt)?;
    let plaintext_len = bucket - excess as usize;
    writer
        .write_all(envelope.as_bytes())
        .map_err(|_| SealError::Encrypt)?;
    let spaces = vec![b' '; plaintext_len - envelope.len()];
    writer.write_all(&spaces).map_err(|_| SealError::Encrypt)?;
    writer.finish().map_err(|_| SealError::Encrypt)?;
    if out.len() as u64 != target {
        return Err(SealError::Encrypt);
    }
    Ok(out)
}

fn to_json<T: Serialize>(body: &T) -> Result<Zeroizing<String>, SealError> {
    serde_json::to_string(body)
        .map(Zeroizing::new)
        .map_err(|_| SealError::Encrypt)
}

fn check_attachments(list: &[AttachmentRef]) -> Result<(), SealError> {
    if list.len() > MAX_MESSAGE_ATTACHMENTS {
        return Err(SealError::TooManyAttachments);
    }
    Ok(())
}

/// The unpadded, signed plaintext of a first report (see
/// [`seal_report`]); public for test vectors and other clients' tests. A
/// report sealed `post_quantum` carries the post-quantum reply recipient.
pub fn report_envelope(
    content: &ReportContent,
    keys: &ReceiptKeys,
    roster_version: u64,
    post_quantum: bool,
) -> Result<Zeroizing<String>, SealError> {
    check_attachments(&content.attachments)?;
    let body = ReportBody {
        thread: keys.thread_id(),
        thread_key: keys.thread_public_key(),
        mailbox: keys.mailbox_id(),
        forget_hash: keys.forget_hash(),
        reply_to: keys.reply_recipient(),
        reply_to_pq: post_quantum.then(|| keys.reply_pq_recipient().into()),
        roster_version,
        category: content.category.clone(),
        answers: content.answers.clone(),
        text: content.text.clone(),
        attachments: content.attachments.clone(),
    };
    envelope(MessageKind::Report, to_json(&body)?, |m| {
        keys.thread_key().sign(m)
    })
}

/// Seals a first report to every caseworker on the roster.
pub fn seal_report(
    content: &ReportContent,
    keys: &ReceiptKeys,
    roster: &VerifiedRoster,
) -> Result<Vec<u8>, SealError> {
    let doc = roster.document();
    let plaintext = report_envelope(content, keys, roster.version(), doc.seals_post_quantum())?;
    encrypt_padded(&plaintext, &roster.document().recipients())
}

/// The unpadded, signed plaintext of a follow-up (see [`seal_follow_up`]).
pub fn follow_up_envelope(
    text: &str,
    attachments: &[AttachmentRef],
    keys: &ReceiptKeys,
) -> Result<Zeroizing<String>, SealError> {
    check_attachments(attachments)?;
    let body = FollowUpBody {
        thread: keys.thread_id(),
        text: text.to_owned(),
        attachments: attachments.to_vec(),
    };
    envelope(MessageKind::FollowUp, to_json(&body)?, |m| {
        keys.thread_key().sign(m)
    })
}

/// Seals a follow-up to every caseworker on the roster, signed with the
/// thread key as proof that it comes from the receipt holder.
pub fn seal_follow_up(
    text: &str,
    attachments: &[AttachmentRef],
    keys: &ReceiptKeys,
    roster: &VerifiedRoster,
) -> Result<Vec<u8>, SealError> {
    let plaintext = follow_up_envelope(text, attachments, keys)?;
    encrypt_padded(&plaintext, &roster.document().recipients())
}

/// The recipients of a reply to `report`: every caseworker, then the
/// reporter. Post-quantum when the roster seals post-quantum and the report
/// gave a post-quantum reply recipient; X25519 otherwise (one kind only,
/// never both).
pub fn reply_recipients(roster: &RosterDocument, report: &ReportBody) -> Recipients {
    // A reply_to_pq that fails the full check can only come from the
    // reporter's own client (the report is signed with the thread key):
    // that reporter gets an X25519 reply, which they can still read.
    let reporter = report.reply_to_pq.as_ref().and_then(|r| r.recipient().ok());
    match (roster.recipients(), reporter) {
        (Recipients::PostQuantum(mut all), Some(reporter)) => {
            all.push(reporter);
            Recipients::PostQuantum(all)
        }
        _ => {
            let mut all = roster.x25519_recipients();
            all.push(report.reply_to.clone());
            Recipients::X25519(all)
        }
    }
}

/// The signed, unpadded envelope of a reply to `thread` by `key`, written
/// under roster `roster_version` (what [`seal_reply`] encrypts; exposed
/// for test vectors).
pub fn reply_envelope(
    text: &str,
    attachments: &[AttachmentRef],
    thread: ThreadId,
    key: &CaseworkerKey,
    roster_version: u64,
) -> Result<Zeroizing<String>, SealError> {
    check_attachments(attachments)?;
    let body = ReplyBody {
        thread,
        from: key.label().clone(),
        key: key.verifying_key(),
        roster_version,
        text: text.to_owned(),
        attachments: attachments.to_vec(),
    };
    envelope(MessageKind::Reply, to_json(&body)?, |m| key.sign(m))
}

/// Seals a caseworker's reply to the reporter of `report` and to every
/// caseworker on the roster, signed with the caseworker's key.
pub fn seal_reply(
    text: &str,
    attachments: &[AttachmentRef],
    report: &ReportBody,
    key: &CaseworkerKey,
    roster: &VerifiedRoster,
) -> Result<Vec<u8>, SealError> {
    let plaintext = reply_envelope(text, attachments, report.thread, key, roster.version())?;
    encrypt_padded(&plaintext, &reply_recipients(roster.document(), report))
}

/// A decrypted message whose own signature has not yet been checked against
/// the thread or the roster (except a report's, which is self-contained).
/// Cloning it lets a client keep what it decrypted instead of decrypting
/// again.
#[derive(Clone, Debug)]
pub enum Opened {
    /// A report, its signature checked against its own thread key.
    Report(ReportBody),
    /// A follow-up; check it with [`PendingFollowUp::verify`].
    FollowUp(PendingFollowUp),
    /// A reply; check it with [`PendingReply::verify`].
    Reply(PendingReply),
}

/// A follow-up whose thread proof is not yet checked.
#[derive(Clone, Debug)]
pub struct PendingFollowUp {
    body: FollowUpBody,
    signed: Vec<u8>,
    signature: Signature,
}

impl PendingFollowUp {
    /// The thread it claims; look up that thread's report, then verify.
    pub fn thread(&self) -> ThreadId {
        self.body.thread
    }

    /// The content, whether or not it verifies: show it as unverified if
    /// [`Self::verify`] fails or its report is unknown.
    pub fn body(&self) -> &FollowUpBody {
        &self.body
    }

    /// Checks that it belongs to `report`'s thread and is signed with its
    /// thread key.
    pub fn verify(self, report: &ReportBody) -> Result<FollowUpBody, OpenError> {
        if self.body.thread != report.thread {
            return Err(OpenError::WrongThread);
        }
        report
            .thread_key
            .verify(&self.signed, &self.signature)
            .map_err(|_| OpenError::ThreadProof)?;
        Ok(self.body)
    }
}

/// A reply whose signature is not yet checked against the roster.
#[derive(Clone, Debug)]
pub struct PendingReply {
    body: ReplyBody,
    signed: Vec<u8>,
    signature: Signature,
}

impl PendingReply {
    /// The content, whether or not it verifies: show it as unverified if
    /// [`Self::verify`] fails.
    pub fn body(&self) -> &ReplyBody {
        &self.body
    }

    /// Checks that the reply is for `thread`, written under `roster` or an
    /// older version of it, and signed by the caseworker the roster lists
    /// under its label. A reply that names a newer roster than `roster` is
    /// refused: whoever supplied `roster` is showing an old one, which may
    /// still list someone the unit removed.
    pub fn verify(&self, roster: &RosterDocument, thread: ThreadId) -> Result<(), OpenError> {
        if self.body.thread != thread {
            return Err(OpenError::WrongThread);
        }
        if self.body.roster_version > roster.version {
            return Err(OpenError::NewerRoster);
        }
        match roster.caseworker_by_key(&self.body.key) {
            Some(cw) if cw.label == self.body.from => {}
            _ => return Err(OpenError::UnknownSigner),
        }
        self.body
            .key
            .verify(&self.signed, &self.signature)
            .map_err(|_| OpenError::ForgedSignature)
    }

    /// The content.
    pub fn into_body(self) -> ReplyBody {
        self.body
    }
}

/// Decrypts `blob` with `identity` and parses it. Anything longer than the
/// largest message is refused before any work.
pub fn open(blob: &[u8], identity: &dyn age::Identity) -> Result<Opened, OpenError> {
    if blob.len() as u64 > MAX_MESSAGE_CIPHERTEXT {
        return Err(OpenError::TooLarge);
    }
    // The buffered reader parses the header once; `Decryptor::new` parses
    // it again after every few bytes it reads, which is quadratic in the
    // header's length and made a post-quantum message 90 times slower to
    // open.
    let decryptor = age::Decryptor::new_buffered(blob).map_err(|_| OpenError::Decrypt)?;
    if decryptor.is_scrypt() {
        return Err(OpenError::Decrypt);
    }
    let mut reader = decryptor
        .decrypt(std::iter::once(identity))
        .map_err(|_| OpenError::Decrypt)?;
    let mut plaintext = Zeroizing::new(Vec::with_capacity(blob.len()));
    reader
        .by_ref()
        .take(MAX_BUCKET as u64 + 1)
        .read_to_end(&mut plaintext)
        .map_err(|_| OpenError::Decrypt)?;
    if plaintext.len() > MAX_BUCKET {
        return Err(OpenError::TooLarge);
    }
    parse_plaintext(&plaintext)
}

/// Parses a decrypted message plaintext (JSON envelope plus spaces).
pub fn parse_plaintext(plaintext: &[u8]) -> Result<Opened, OpenError> {
    let envelope: Envelope = serde_json::from_slice(plaintext).map_err(|_| OpenError::Malformed)?;
    if envelope.format != MESSAGE_FORMAT {
        return Err(OpenError::Malformed);
    }
    let signature = decode_signature(&envelope.signature).ok_or(OpenError::Malformed)?;
    let body_text = envelope.body.get();
    let signed = signed_bytes(envelope.kind, body_text);
    let parse_err = |_| OpenError::Malformed;
    let too_many = |list: &[AttachmentRef]| list.len() > MAX_MESSAGE_ATTACHMENTS;
    match envelope.kind {
        MessageKind::Report => {
            let body: ReportBody = serde_json::from_str(body_text).map_err(parse_err)?;
            if too_many(&body.attachments) {
                return Err(OpenError::Malformed);
            }
            body.thread_key
                .verify(&signed, &signature)
                .map_err(|_| OpenError::BadReportSignature)?;
            Ok(Opened::Report(body))
        }
        MessageKind::FollowUp => {
            let body: FollowUpBody = serde_json::from_str(body_text).map_err(parse_err)?;
            if too_many(&body.attachments) {
                return Err(OpenError::Malformed);
            }
            Ok(Opened::FollowUp(PendingFollowUp {
                body,
                signed,
                signature,
            }))
        }
        MessageKind::Reply => {
            let body: ReplyBody = serde_json::from_str(body_text).map_err(parse_err)?;
            if too_many(&body.attachments) {
                return Err(OpenError::Malformed);
            }
            Ok(Opened::Reply(PendingReply {
                body,
                signed,
                signature,
            }))
        }
    }
}
