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
//! * replies are signed with the caseworker's key from the roster;
//! * case events ([`crate::case_event`]), the caseworkers' shared state of
//!   a thread, are signed with the caseworker's key and sealed to the
//!   caseworkers only.
//!
//! Trailing spaces are valid JSON whitespace, so `age -d … | jq` reads any
//! message.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use ed25519_dalek::{Signature, Signer, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use zeroize::Zeroizing;

use crate::case_event::{CaseEventBody, PendingCaseEvent};
use crate::caseworker::{CaseworkerKey, Label};
use crate::day::Day;
use crate::ids::{BlobId, BodyDigest, ForgetHash, MailboxId, ThreadId};
use crate::keys::{decode_signature, encode_signature, serde_recipient, serde_verifying_key};
use crate::pq::{HybridRecipient, PqKeyError, RECIPIENT_LEN, RECIPIENT_PREFIX};
use crate::receipt::ReceiptKeys;
use crate::recipients::Recipients;
use crate::roster::{RosterDocument, VerifiedRoster};
use crate::sizes::{
    GREASE_MAX, GREASE_MIN, MAX_BUCKET, MAX_MESSAGE_CIPHERTEXT, bucket_ciphertext_len, bucket_for,
    stream_len,
};
use crate::thread::{Position, body_digest};

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
    /// A change to a thread's shared state, for the unit's caseworkers
    /// only ([`crate::case_event`]).
    CaseEvent,
}

impl MessageKind {
    /// The kind as written in the envelope.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::FollowUp => "follow-up",
            Self::Reply => "reply",
            Self::CaseEvent => "case-event",
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

impl fmt::Display for ReplyToPq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ReplyToPq {
    /// The first characters only: the whole string is 1959 long.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
    /// The message's number on its side of the thread (protocol 2; absent
    /// in legacy messages). Read it with `position()`.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    seq: Option<u64>,
    /// The highest number from the other side its writer had read.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    seen: Option<u64>,
    /// The writer's UTC day.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    day: Option<Day>,
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
    /// The message's number on its side of the thread (protocol 2; absent
    /// in legacy messages). Read it with `position()`.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    seq: Option<u64>,
    /// The highest number from the other side its writer had read.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    seen: Option<u64>,
    /// The writer's UTC day.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    day: Option<Day>,
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

/// A field that may be absent but, when present, is not `null`.
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// The three position fields as a body holds them: all present and valid,
/// or all absent (legacy). Anything else is refused at parsing.
fn position_of(seq: Option<u64>, seen: Option<u64>, day: Option<Day>) -> Option<Position> {
    Some(Position {
        seq: seq?,
        seen: seen?,
        day: day?,
    })
}

fn position_ok(seq: Option<u64>, seen: Option<u64>, day: Option<Day>) -> bool {
    match position_of(seq, seen, day) {
        Some(position) => position.is_valid(),
        None => seq.is_none() && seen.is_none() && day.is_none(),
    }
}

impl FollowUpBody {
    /// Where the follow-up stands in its thread; `None` for a follow-up
    /// from before protocol 2.
    pub fn position(&self) -> Option<Position> {
        position_of(self.seq, self.seen, self.day)
    }
}

impl ReplyBody {
    /// Where the reply stands in its thread; `None` for a reply from
    /// before protocol 2.
    pub fn position(&self) -> Option<Position> {
        position_of(self.seq, self.seen, self.day)
    }
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
    /// A case event that changes nothing, or whose note is blank.
    #[error("a case update must change something (and a note cannot be blank)")]
    NoChange,
    /// A position numbered 0 or beyond [`crate::thread::MAX_SEQ`].
    #[error("the message's number in its thread is out of range")]
    BadPosition,
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
pub(crate) fn envelope(
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

pub(crate) fn to_json<T: Serialize>(body: &T) -> Result<Zeroizing<String>, SealError> {
    serde_json::to_string(body)
        .map(Zeroizing::new)
        .map_err(|_| SealError::Encrypt)
}

fn check_position(position: Position) -> Result<(), SealError> {
    if position.is_valid() {
        Ok(())
    } else {
        Err(SealError::BadPosition)
    }
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

/// The unpadded, signed plaintext of a follow-up at `position` (see
/// [`seal_follow_up`]).
pub fn follow_up_envelope(
    text: &str,
    attachments: &[AttachmentRef],
    position: Position,
    keys: &ReceiptKeys,
) -> Result<Zeroizing<String>, SealError> {
    check_attachments(attachments)?;
    check_position(position)?;
    let body = FollowUpBody {
        thread: keys.thread_id(),
        seq: Some(position.seq),
        seen: Some(position.seen),
        day: Some(position.day),
        text: text.to_owned(),
        attachments: attachments.to_vec(),
    };
    envelope(MessageKind::FollowUp, to_json(&body)?, |m| {
        keys.thread_key().sign(m)
    })
}

/// Seals a follow-up at `position` to every caseworker on the roster,
/// signed with the thread key as proof that it comes from the receipt
/// holder.
pub fn seal_follow_up(
    text: &str,
    attachments: &[AttachmentRef],
    position: Position,
    keys: &ReceiptKeys,
    roster: &VerifiedRoster,
) -> Result<Vec<u8>, SealError> {
    let plaintext = follow_up_envelope(text, attachments, position, keys)?;
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

/// The signed, unpadded envelope of a reply at `position` in `thread` by
/// `key`, written under roster `roster_version` (what [`seal_reply`]
/// encrypts; exposed for test vectors).
pub fn reply_envelope(
    text: &str,
    attachments: &[AttachmentRef],
    position: Position,
    thread: ThreadId,
    key: &CaseworkerKey,
    roster_version: u64,
) -> Result<Zeroizing<String>, SealError> {
    check_attachments(attachments)?;
    check_position(position)?;
    let body = ReplyBody {
        thread,
        seq: Some(position.seq),
        seen: Some(position.seen),
        day: Some(position.day),
        from: key.label().clone(),
        key: key.verifying_key(),
        roster_version,
        text: text.to_owned(),
        attachments: attachments.to_vec(),
    };
    envelope(MessageKind::Reply, to_json(&body)?, |m| key.sign(m))
}

/// Seals a caseworker's reply at `position` to the reporter of `report` and
/// to every caseworker on the roster, signed with the caseworker's key.
pub fn seal_reply(
    text: &str,
    attachments: &[AttachmentRef],
    position: Position,
    report: &ReportBody,
    key: &CaseworkerKey,
    roster: &VerifiedRoster,
) -> Result<Vec<u8>, SealError> {
    let plaintext = reply_envelope(
        text,
        attachments,
        position,
        report.thread,
        key,
        roster.version(),
    )?;
    encrypt_padded(&plaintext, &reply_recipients(roster.document(), report))
}

/// Seals a message again, unchanged, to every caseworker on `roster`: the
/// same envelope (so its signature and digest still hold) with the padding
/// of its bucket for that roster, as a report of that bucket would be. A
/// caseworker hands a thread over to a colleague who joined later this
/// way (`case share`), and sends a case event written under an older
/// roster. `identity` opens it; `accept` decides, from what it is,
/// whether it may be sealed again.
pub fn reseal(
    blob: &[u8],
    identity: &dyn age::Identity,
    roster: &VerifiedRoster,
    accept: impl FnOnce(&Opened) -> bool,
) -> Result<Vec<u8>, SealError> {
    let plaintext = decrypt(blob, identity).map_err(|_| SealError::Encrypt)?;
    let envelope =
        std::str::from_utf8(without_padding(&plaintext)).map_err(|_| SealError::Encrypt)?;
    // The envelope is unchanged, so it stays in the bucket it was sealed
    // in (a case event in the smallest).
    match parse_plaintext(envelope.as_bytes()) {
        Ok(opened) if accept(&opened) => encrypt_padded(envelope, &roster.document().recipients()),
        _ => Err(SealError::Encrypt),
    }
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
    /// A case event; check it with [`PendingCaseEvent::verify`].
    CaseEvent(PendingCaseEvent),
}

/// A follow-up whose thread proof is not yet checked.
#[derive(Clone, Debug)]
pub struct PendingFollowUp {
    body: FollowUpBody,
    signed: Vec<u8>,
    signature: Signature,
    digest: BodyDigest,
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

    /// The digest of its body ([`crate::thread::body_digest`]).
    pub fn digest(&self) -> BodyDigest {
        self.digest
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
    digest: BodyDigest,
    /// Whether the signature holds under `body.key`, once [`check_reports`]
    /// has checked it (the roster is checked by [`Self::verify`]).
    signature_holds: Option<bool>,
}

impl PendingReply {
    /// The content, whether or not it verifies: show it as unverified if
    /// [`Self::verify`] fails.
    pub fn body(&self) -> &ReplyBody {
        &self.body
    }

    /// The digest of its body ([`crate::thread::body_digest`]).
    pub fn digest(&self) -> BodyDigest {
        self.digest
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
        check_caseworker_signature(
            roster,
            self.body.roster_version,
            &self.body.from,
            &self.body.key,
            (&self.signed, &self.signature, self.signature_holds),
        )
    }

    /// The content.
    pub fn into_body(self) -> ReplyBody {
        self.body
    }
}

/// Checks a caseworker's signature on a reply or a case event: written
/// under `roster` or an older version of it (`roster_version`), by a key
/// the roster lists under the label `from`, over `signed`.
/// (`signed`, `signature`, whether it holds if already checked).
pub(crate) fn check_caseworker_signature(
    roster: &RosterDocument,
    roster_version: u64,
    from: &Label,
    key: &VerifyingKey,
    (signed, signature, holds): (&[u8], &Signature, Option<bool>),
) -> Result<(), OpenError> {
    if roster_version > roster.version {
        return Err(OpenError::NewerRoster);
    }
    match roster.caseworker_by_key(key) {
        Some(cw) if cw.label == *from => {}
        _ => return Err(OpenError::UnknownSigner),
    }
    if holds.unwrap_or_else(|| key.verify(signed, signature).is_ok()) {
        Ok(())
    } else {
        Err(OpenError::ForgedSignature)
    }
}

/// Decrypts `blob` with `identity` and parses it. Anything longer than the
/// largest message is refused before any work.
pub fn open(blob: &[u8], identity: &dyn age::Identity) -> Result<Opened, OpenError> {
    open_with_digest(blob, identity).map(|(opened, _)| opened)
}

/// [`open`], also returning the digest of the message's body: copies of
/// one message have the same ([`crate::thread`]).
pub fn open_with_digest(
    blob: &[u8],
    identity: &dyn age::Identity,
) -> Result<(Opened, BodyDigest), OpenError> {
    open_unchecked(blob, identity)?.check()
}

/// [`open_with_digest`] except that a report's signature is left to
/// [`check_reports`], which checks many at once.
pub fn open_unchecked(blob: &[u8], identity: &dyn age::Identity) -> Result<Unchecked, OpenError> {
    parse_unchecked(&decrypt(blob, identity)?)
}

/// Decrypts a message blob to its padded plaintext, refusing anything
/// longer than the largest message before any work.
pub(crate) fn decrypt(
    blob: &[u8],
    identity: &dyn age::Identity,
) -> Result<Zeroizing<Vec<u8>>, OpenError> {
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
    Ok(plaintext)
}

/// A decrypted, parsed message whose report signature, if it is a report,
/// is not yet checked ([`open_unchecked`]). [`Unchecked::check`] checks
/// it alone, [`check_reports`] many together.
pub struct Unchecked {
    opened: Opened,
    digest: BodyDigest,
    /// A report's signed bytes and signature.
    report_proof: Option<(Zeroizing<Vec<u8>>, Signature)>,
}

impl fmt::Debug for Unchecked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unchecked(…)")
    }
}

impl Unchecked {
    /// Checks a report's signature against its own thread key; anything
    /// else passes as it is.
    pub fn check(self) -> Result<(Opened, BodyDigest), OpenError> {
        if let (Opened::Report(body), Some((signed, signature))) =
            (&self.opened, &self.report_proof)
        {
            body.thread_key
                .verify(signed, signature)
                .map_err(|_| OpenError::BadReportSignature)?;
        }
        Ok((self.opened, self.digest))
    }

    /// The report's key, signed bytes and signature, if it is a report.
    fn report_parts(&self) -> Option<(&VerifyingKey, &[u8], &Signature)> {
        match (&self.opened, &self.report_proof) {
            (Opened::Report(body), Some((signed, signature))) => {
                Some((&body.thread_key, signed.as_slice(), signature))
            }
            _ => None,
        }
    }
}

/// Checks the report signatures of many messages at once (Ed25519 batch
/// verification, protocol §6.1), at about half the cost of checking them
/// one by one. If the batch fails, each report is checked alone, so a
/// forged one is found and the others still pass; the results are those
/// of [`Unchecked::check`] on each.
///
/// It also checks the signature of each reply and case event under the key
/// it names, one by one (the same check as theirs, only sooner: a caller
/// decrypting on several threads checks them there). Whether that key is
/// the roster's is still for their `verify`.
pub fn check_reports(
    mut messages: Vec<Result<Unchecked, OpenError>>,
) -> Vec<Result<(Opened, BodyDigest), OpenError>> {
    for m in messages.iter_mut().flatten() {
        match &mut m.opened {
            Opened::Reply(r) => {
                r.signature_holds = Some(r.body.key.verify(&r.signed, &r.signature).is_ok());
            }
            Opened::CaseEvent(e) => {
                e.signature_holds = Some(e.body.key.verify(&e.signed, &e.signature).is_ok());
            }
            Opened::Report(_) | Opened::FollowUp(_) => {}
        }
    }
    let (mut keys, mut signed, mut signatures) = (Vec::new(), Vec::new(), Vec::new());
    for (key, bytes, signature) in messages
        .iter()
        .filter_map(|m| m.as_ref().ok()?.report_parts())
    {
        keys.push(*key);
        signed.push(bytes);
        signatures.push(*signature);
    }
    let all_good =
        keys.len() > 1 && ed25519_dalek::verify_batch(&signed, &signatures, &keys).is_ok();
    drop(signed);
    messages
        .into_iter()
        .map(|m| match m {
            Ok(m) if all_good => Ok((m.opened, m.digest)),
            Ok(m) => m.check(),
            Err(e) => Err(e),
        })
        .collect()
}

/// `plaintext` without its trailing spaces, compared 32 bytes at a time.
pub(crate) fn without_padding(plaintext: &[u8]) -> &[u8] {
    const BLOCK: usize = 32;
    let mut end = plaintext.len();
    while end >= BLOCK && plaintext[end - BLOCK..end] == [b' '; BLOCK] {
        end -= BLOCK;
    }
    while end > 0 && plaintext[end - 1] == b' ' {
        end -= 1;
    }
    &plaintext[..end]
}

/// Parses a decrypted message plaintext (JSON envelope plus spaces).
pub fn parse_plaintext(plaintext: &[u8]) -> Result<Opened, OpenError> {
    parse_plaintext_with_digest(plaintext).map(|(opened, _)| opened)
}

/// [`parse_plaintext`], also returning the digest of the message's body.
pub fn parse_plaintext_with_digest(plaintext: &[u8]) -> Result<(Opened, BodyDigest), OpenError> {
    parse_unchecked(plaintext)?.check()
}

/// Parses a decrypted message plaintext, leaving a report's signature
/// unchecked.
pub(crate) fn parse_unchecked(plaintext: &[u8]) -> Result<Unchecked, OpenError> {
    // The padding is skipped before the JSON parser sees it: it would
    // check the (up to 16 KiB of) spaces one byte at a time, which cost as
    // much as a tenth of opening a report. JSON allows trailing spaces, so
    // what parses is the same.
    let envelope: Envelope =
        serde_json::from_slice(without_padding(plaintext)).map_err(|_| OpenError::Malformed)?;
    if envelope.format != MESSAGE_FORMAT {
        return Err(OpenError::Malformed);
    }
    let signature = decode_signature(&envelope.signature).ok_or(OpenError::Malformed)?;
    let body_text = envelope.body.get();
    let digest = body_digest(body_text);
    let signed = signed_bytes(envelope.kind, body_text);
    let parse_err = |_| OpenError::Malformed;
    let too_many = |list: &[AttachmentRef]| list.len() > MAX_MESSAGE_ATTACHMENTS;
    match envelope.kind {
        MessageKind::Report => {
            let body: ReportBody = serde_json::from_str(body_text).map_err(parse_err)?;
            if too_many(&body.attachments) {
                return Err(OpenError::Malformed);
            }
            Ok(Unchecked {
                opened: Opened::Report(body),
                digest,
                report_proof: Some((Zeroizing::new(signed), signature)),
            })
        }
        MessageKind::FollowUp => {
            let body: FollowUpBody = serde_json::from_str(body_text).map_err(parse_err)?;
            if too_many(&body.attachments) || !position_ok(body.seq, body.seen, body.day) {
                return Err(OpenError::Malformed);
            }
            let pending = PendingFollowUp {
                body,
                signed,
                signature,
                digest,
            };
            Ok(Unchecked {
                opened: Opened::FollowUp(pending),
                digest,
                report_proof: None,
            })
        }
        MessageKind::Reply => {
            let body: ReplyBody = serde_json::from_str(body_text).map_err(parse_err)?;
            if too_many(&body.attachments) || !position_ok(body.seq, body.seen, body.day) {
                return Err(OpenError::Malformed);
            }
            let pending = PendingReply {
                body,
                signed,
                signature,
                digest,
                signature_holds: None,
            };
            Ok(Unchecked {
                opened: Opened::Reply(pending),
                digest,
                report_proof: None,
            })
        }
        MessageKind::CaseEvent => {
            let body: CaseEventBody = serde_json::from_str(body_text).map_err(parse_err)?;
            if !body.is_valid() {
                return Err(OpenError::Malformed);
            }
            let pending = PendingCaseEvent {
                body,
                signed,
                signature,
                digest,
                signature_holds: None,
            };
            Ok(Unchecked {
                opened: Opened::CaseEvent(pending),
                digest,
                report_proof: None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receipt::Receipt;
    use crate::thread::MAX_SEQ;

    fn keys() -> ReceiptKeys {
        Receipt::from_entropy([7; 16]).derive()
    }

    #[test]
    fn padding_is_skipped_exactly() {
        for text in ["", "{}", "{\"a\": 1}", " x", "\n", "x \t"] {
            for spaces in [0, 1, 31, 32, 33, 64, 100, 16_000] {
                let mut padded = text.as_bytes().to_vec();
                padded.extend(std::iter::repeat_n(b' ', spaces));
                let expected = text.trim_end_matches(' ').as_bytes();
                assert_eq!(without_padding(&padded), expected, "{text:?} + {spaces}");
            }
        }
    }

    fn day() -> Day {
        "2026-12-01".parse().unwrap()
    }

    /// A follow-up envelope around `body`, signed like a real one.
    fn follow_up_with(keys: &ReceiptKeys, body: &str) -> Zeroizing<String> {
        envelope(MessageKind::FollowUp, Zeroizing::new(body.into()), |m| {
            keys.thread_key().sign(m)
        })
        .unwrap()
    }

    fn reply_with(cw: &CaseworkerKey, body: &str) -> Zeroizing<String> {
        envelope(MessageKind::Reply, Zeroizing::new(body.into()), |m| {
            cw.sign(m)
        })
        .unwrap()
    }

    fn follow_up_body(keys: &ReceiptKeys, position: &str) -> String {
        format!(
            r#"{{"thread":"{}",{position}"text":"hello","attachments":[]}}"#,
            keys.thread_id()
        )
    }

    #[test]
    fn positions_are_written_after_the_thread_and_read_back() {
        let keys = keys();
        let position = Position {
            seq: 2,
            seen: 1,
            day: day(),
        };
        let env = follow_up_envelope("hello", &[], position, &keys).unwrap();
        let prefix = format!(
            r#""body":{{"thread":"{}","seq":2,"seen":1,"day":"2026-12-01","text":"hello""#,
            keys.thread_id()
        );
        assert!(env.contains(&prefix), "{}", *env);
        let (Opened::FollowUp(pending), digest) =
            parse_plaintext_with_digest(env.as_bytes()).unwrap()
        else {
            panic!("not a follow-up");
        };
        assert_eq!(pending.body().position(), Some(position));
        assert_eq!(pending.digest(), digest);
        let body_start = env.find(r#"{"thread""#).unwrap();
        let body_end = env.find(r#","signature""#).unwrap();
        assert_eq!(digest, body_digest(&env[body_start..body_end]));

        let cw = CaseworkerKey::generate("PC-Jones".parse().unwrap());
        let env = reply_envelope("noted", &[], position, keys.thread_id(), &cw, 3).unwrap();
        let prefix = format!(
            r#""body":{{"thread":"{}","seq":2,"seen":1,"day":"2026-12-01","from":"PC-Jones""#,
            keys.thread_id()
        );
        assert!(env.contains(&prefix), "{}", *env);
        let Opened::Reply(reply) = parse_plaintext(env.as_bytes()).unwrap() else {
            panic!("not a reply");
        };
        assert_eq!(reply.body().position(), Some(position));
    }

    #[test]
    fn writers_refuse_numbers_out_of_range() {
        let keys = keys();
        for (seq, seen) in [(0, 0), (MAX_SEQ + 1, 0), (1, MAX_SEQ + 1)] {
            let position = Position {
                seq,
                seen,
                day: day(),
            };
            assert!(matches!(
                follow_up_envelope("x", &[], position, &keys),
                Err(SealError::BadPosition)
            ));
        }
    }

    #[test]
    fn legacy_messages_without_a_position_are_accepted() {
        let keys = keys();
        let env = follow_up_with(&keys, &follow_up_body(&keys, ""));
        let Opened::FollowUp(pending) = parse_plaintext(env.as_bytes()).unwrap() else {
            panic!("not a follow-up");
        };
        assert_eq!(pending.body().position(), None);
        assert_eq!(pending.body().text, "hello");

        let cw = CaseworkerKey::generate("PC-Jones".parse().unwrap());
        let body = format!(
            r#"{{"thread":"{}","from":"PC-Jones","key":"{}","text":"old","attachments":[]}}"#,
            keys.thread_id(),
            crate::encode_verifying_key(&cw.verifying_key())
        );
        let Opened::Reply(reply) = parse_plaintext(reply_with(&cw, &body).as_bytes()).unwrap()
        else {
            panic!("not a reply");
        };
        assert_eq!(reply.body().position(), None);
    }

    #[test]
    fn invalid_positions_are_refused() {
        let keys = keys();
        for position in [
            r#""seq":0,"seen":0,"day":"2026-12-01","#,
            r#""seq":1,"seen":0,"day":"2026-02-30","#,
            r#""seq":1,"seen":0,"day":"2026-12-01T10:00","#,
            r#""seq":1,"seen":0,"#,
            r#""seq":1,"day":"2026-12-01","#,
            r#""seen":0,"day":"2026-12-01","#,
            r#""seq":null,"seen":null,"day":null,"#,
            r#""seq":-1,"seen":0,"day":"2026-12-01","#,
            r#""seq":1.5,"seen":0,"day":"2026-12-01","#,
            r#""seq":4294967296,"seen":0,"day":"2026-12-01","#,
            r#""seq":1,"seen":4294967296,"day":"2026-12-01","#,
        ] {
            let env = follow_up_with(&keys, &follow_up_body(&keys, position));
            assert!(
                matches!(parse_plaintext(env.as_bytes()), Err(OpenError::Malformed)),
                "{position}"
            );
        }
        // The largest numbers are accepted.
        let env = follow_up_with(
            &keys,
            &follow_up_body(
                &keys,
                r#""seq":4294967295,"seen":4294967295,"day":"2026-12-01","#,
            ),
        );
        assert!(parse_plaintext(env.as_bytes()).is_ok());
    }

    #[test]
    fn copies_share_a_digest_and_different_bodies_do_not() {
        let keys = keys();
        let position = Position {
            seq: 1,
            seen: 0,
            day: day(),
        };
        let a = follow_up_envelope("same", &[], position, &keys).unwrap();
        let b = follow_up_envelope("same", &[], position, &keys).unwrap();
        let c = follow_up_envelope("other", &[], position, &keys).unwrap();
        let digest = |e: &str| parse_plaintext_with_digest(e.as_bytes()).unwrap().1;
        assert_eq!(digest(&a), digest(&b));
        assert_ne!(digest(&a), digest(&c));
    }

    /// A report envelope for the receipt made of `seed`, saying `text`.
    fn report_with(seed: u8, text: &str) -> Zeroizing<String> {
        let content = ReportContent {
            text: text.into(),
            ..Default::default()
        };
        report_envelope(
            &content,
            &Receipt::from_entropy([seed; 16]).derive(),
            1,
            false,
        )
        .unwrap()
    }

    #[test]
    fn reports_checked_together_give_what_each_check_alone_gives() {
        let good: Vec<Zeroizing<String>> =
            (1..=5).map(|i| report_with(i, "what happened")).collect();
        // A report carrying another report's signature.
        let mut forged: serde_json::Value = serde_json::from_str(&good[1]).unwrap();
        let other: serde_json::Value = serde_json::from_str(&good[2]).unwrap();
        forged["signature"] = other["signature"].clone();
        let forged = forged.to_string();
        let position = Position {
            seq: 1,
            seen: 0,
            day: day(),
        };
        let follow_up = follow_up_envelope("more", &[], position, &keys()).unwrap();
        let batch = |texts: &[&str]| {
            let unchecked = texts
                .iter()
                .map(|t| parse_unchecked(t.as_bytes()))
                .collect::<Vec<_>>();
            check_reports(unchecked)
                .into_iter()
                .map(|r| r.map(|(_, digest)| digest).map_err(|e| e.to_string()))
                .collect::<Vec<_>>()
        };
        let alone = |texts: &[&str]| {
            texts
                .iter()
                .map(|t| {
                    parse_plaintext_with_digest(t.as_bytes())
                        .map(|(_, digest)| digest)
                        .map_err(|e| e.to_string())
                })
                .collect::<Vec<_>>()
        };
        let all_good: Vec<&str> = good.iter().map(|g| g.as_str()).collect();
        let mixed = [
            &*good[0],
            &forged,
            "not json",
            &*follow_up,
            &*good[3],
            &*good[4],
        ];
        for texts in [&all_good[..], &mixed[..], &mixed[1..2], &[][..]] {
            assert_eq!(batch(texts), alone(texts));
        }
        let mixed = batch(&mixed);
        assert!(mixed[0].is_ok() && mixed[3].is_ok() && mixed[5].is_ok());
        assert_eq!(
            mixed[1],
            Err(OpenError::BadReportSignature.to_string()),
            "the forged report is found"
        );
    }
}
