//! Case events: the state a unit's caseworkers share about a thread
//! (status, assignee, labels, internal notes), written as signed messages
//! sealed to every caseworker on the roster and never to the reporter
//! (`docs/protocol.md` §6.4).
//!
//! An event is a message of kind `case-event` in the usual envelope
//! ([`crate::message`]), always in the smallest bucket, so on the server it
//! has exactly the length of a short report and travels the same anonymous
//! route. Every caseworker's client merges the events it holds with one
//! rule ([`CaseState::merge`]): for each field the event with the highest
//! (`seq`, body digest) that sets it wins, and notes are kept, all of them,
//! in that order. Two clients holding the same events show the same state.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

use crate::caseworker::{CaseworkerKey, Label};
use crate::day::Day;
use crate::ids::{BlobId, BodyDigest, ThreadId};
use crate::keys::serde_verifying_key;
use crate::message::{
    MessageKind, OpenError, Opened, SealError, check_caseworker_signature, encrypt_padded,
    envelope, reseal, to_json,
};
use crate::roster::{RosterDocument, VerifiedRoster};
use crate::sizes::{BUCKETS, bucket_for};
use crate::thread::MAX_SEQ;

/// Longest internal note, in bytes of UTF-8. With the event's other
/// fields and JSON escaping of ordinary text it fits the smallest bucket;
/// [`seal_case_event`] checks the envelope itself.
pub const MAX_NOTE_BYTES: usize = 12_000;

/// Most labels one event may set or clear.
pub const MAX_EVENT_LABELS: usize = 20;

/// The most copies of files one case event names (each entry is about 70
/// bytes of the 16 KiB bucket).
pub const MAX_EVENT_FILES: usize = 100;

/// Longest case label.
pub const MAX_CASE_LABEL_LEN: usize = 32;

/// Where a thread stands in the unit's work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseStatus {
    /// Nobody has taken it up yet.
    New,
    /// Being worked on.
    Open,
    /// Waiting for the reporter to answer.
    Waiting,
    /// Done.
    Closed,
}

impl CaseStatus {
    /// Every status, in the order a person reads them.
    pub const ALL: [Self; 4] = [Self::New, Self::Open, Self::Waiting, Self::Closed];

    /// As written in an event and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Open => "open",
            Self::Waiting => "waiting",
            Self::Closed => "closed",
        }
    }
}

impl FromStr for CaseStatus {
    type Err = CaseFieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or(CaseFieldError::Status)
    }
}

impl fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A field of a case event that is not well formed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CaseFieldError {
    /// Not one of the statuses.
    #[error("a status is one of: new, open, waiting, closed")]
    Status,
    /// A label with other characters, or of the wrong length.
    #[error(
        "a case label is 1 to 32 characters: lower-case letters a-z, digits or '-', \
         not starting with '-'"
    )]
    Label,
}

/// A label a caseworker puts on a thread (`spam`, `urgent`, …): 1 to 32
/// lower-case ASCII letters, digits or `-`, not starting with `-`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CaseLabel(String);

impl CaseLabel {
    /// The label text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for CaseLabel {
    type Err = CaseFieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = !s.is_empty()
            && s.len() <= MAX_CASE_LABEL_LEN
            && !s.starts_with('-')
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(CaseFieldError::Label)
        }
    }
}

impl fmt::Display for CaseLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for CaseLabel {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CaseLabel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Who a thread is assigned to: a caseworker's roster label, or nobody
/// (written `""`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Assignee {
    /// Unassigned.
    Nobody,
    /// The caseworker with this label.
    Caseworker(Label),
}

impl Serialize for Assignee {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Nobody => serializer.serialize_str(""),
            Self::Caseworker(label) => label.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Assignee {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        if s.is_empty() {
            return Ok(Self::Nobody);
        }
        s.parse()
            .map(Self::Caseworker)
            .map_err(serde::de::Error::custom)
    }
}

/// What one event changes; at least one field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseChange {
    /// The new status.
    pub status: Option<CaseStatus>,
    /// The new assignee.
    pub assignee: Option<Assignee>,
    /// Labels put on (`true`) or taken off (`false`).
    pub labels: BTreeMap<CaseLabel, bool>,
    /// An internal note, added to the thread's notes (never sent to the
    /// reporter).
    pub note: Option<String>,
    /// Copies of the thread's attachments sealed to a newer roster: the
    /// ID a message names → the ID of the copy (`case share`).
    pub files: BTreeMap<BlobId, BlobId>,
}

impl CaseChange {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.assignee.is_none()
            && self.labels.is_empty()
            && self.note.is_none()
            && self.files.is_empty()
    }

    /// Whether an event may carry it: it changes something, its note is
    /// not empty nor longer than [`MAX_NOTE_BYTES`], it sets at most
    /// [`MAX_EVENT_LABELS`] labels and names at most [`MAX_EVENT_FILES`]
    /// copies of files.
    fn is_valid(&self) -> bool {
        !self.is_empty()
            && self.labels.len() <= MAX_EVENT_LABELS
            && self.files.len() <= MAX_EVENT_FILES
            && self
                .note
                .as_ref()
                .is_none_or(|n| !n.trim().is_empty() && n.len() <= MAX_NOTE_BYTES)
    }
}

/// The body of a case event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseEventBody {
    /// The thread (its report's thread ID).
    pub thread: ThreadId,
    /// The event's number among the thread's events: 1 + the highest its
    /// writer held ([`CaseState::next_seq`]).
    pub seq: u64,
    /// The writer's UTC day.
    pub day: Day,
    /// The caseworker's label on the roster.
    pub from: Label,
    /// The caseworker's Ed25519 key; must be on the roster under `from`.
    #[serde(with = "serde_verifying_key")]
    pub key: VerifyingKey,
    /// The roster version the caseworker wrote under.
    pub roster_version: u64,
    /// The new status.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<CaseStatus>,
    /// The new assignee (`""`: nobody).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub assignee: Option<Assignee>,
    /// Labels put on (`true`) or taken off (`false`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<CaseLabel, bool>,
    /// An internal note.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub note: Option<String>,
    /// Copies of attachments: the ID a message of the thread names → the ID
    /// of a copy sealed to a newer roster.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub files: BTreeMap<BlobId, BlobId>,
}

/// A field that may be absent but, when present, is not `null`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

impl CaseEventBody {
    /// What the event changes.
    pub fn change(&self) -> CaseChange {
        CaseChange {
            status: self.status,
            assignee: self.assignee.clone(),
            labels: self.labels.clone(),
            note: self.note.clone(),
            files: self.files.clone(),
        }
    }

    /// Whether a reader accepts its fields: `seq` from 1 to
    /// [`MAX_SEQ`], and a valid change.
    pub(crate) fn is_valid(&self) -> bool {
        (1..=MAX_SEQ).contains(&self.seq) && self.change().is_valid()
    }
}

/// A case event whose signature is not yet checked against the roster.
#[derive(Clone, Debug)]
pub struct PendingCaseEvent {
    pub(crate) body: CaseEventBody,
    pub(crate) signed: Vec<u8>,
    pub(crate) signature: Signature,
    pub(crate) digest: BodyDigest,
    /// Whether the signature holds under `body.key`, once
    /// [`crate::message::check_reports`] has checked it.
    pub(crate) signature_holds: Option<bool>,
}

impl PendingCaseEvent {
    /// The content, whether or not it verifies. An event that does not
    /// verify changes nothing.
    pub fn body(&self) -> &CaseEventBody {
        &self.body
    }

    /// The digest of its body ([`crate::thread::body_digest`]).
    pub fn digest(&self) -> BodyDigest {
        self.digest
    }

    /// Checks that the event was written under `roster` or an older
    /// version of it and signed by the caseworker the roster lists under
    /// its label (the rule of [`crate::message::PendingReply::verify`]).
    pub fn verify(&self, roster: &RosterDocument) -> Result<(), OpenError> {
        check_caseworker_signature(
            roster,
            self.body.roster_version,
            &self.body.from,
            &self.body.key,
            (&self.signed, &self.signature, self.signature_holds),
        )
    }

    /// The content.
    pub fn into_body(self) -> CaseEventBody {
        self.body
    }
}

/// The signed, unpadded envelope of a case event (what
/// [`seal_case_event`] encrypts; public for test vectors).
pub fn case_event_envelope(
    change: &CaseChange,
    thread: ThreadId,
    seq: u64,
    day: Day,
    key: &CaseworkerKey,
    roster_version: u64,
) -> Result<Zeroizing<String>, SealError> {
    if !(1..=MAX_SEQ).contains(&seq) {
        return Err(SealError::BadPosition);
    }
    if change
        .note
        .as_ref()
        .is_some_and(|n| n.len() > MAX_NOTE_BYTES)
    {
        return Err(SealError::TooLarge);
    }
    if !change.is_valid() {
        return Err(SealError::NoChange);
    }
    let body = CaseEventBody {
        thread,
        seq,
        day,
        from: key.label().clone(),
        key: key.verifying_key(),
        roster_version,
        status: change.status,
        assignee: change.assignee.clone(),
        labels: change.labels.clone(),
        note: change.note.clone(),
        files: change.files.clone(),
    };
    envelope(MessageKind::CaseEvent, to_json(&body)?, |m| key.sign(m))
}

/// Seals a case event to every caseworker on the roster (not the
/// reporter), in the smallest bucket: a longer one is refused with
/// [`SealError::TooLarge`], so that every event has one length.
pub fn seal_case_event(
    change: &CaseChange,
    thread: ThreadId,
    seq: u64,
    day: Day,
    key: &CaseworkerKey,
    roster: &VerifiedRoster,
) -> Result<Vec<u8>, SealError> {
    let plaintext = case_event_envelope(change, thread, seq, day, key, roster.version())?;
    if bucket_for(plaintext.len()) != Some(BUCKETS[0]) {
        return Err(SealError::TooLarge);
    }
    encrypt_padded(&plaintext, &roster.document().recipients())
}

/// Seals again, to `roster`, a case event that `key` wrote and sealed
/// earlier (its writer's store keeps it until a sync sends it), so that it
/// reaches exactly the caseworkers on the roster of the moment it is sent.
/// Anything but a case event written with `key` is refused.
pub fn reseal_case_event(
    blob: &[u8],
    key: &CaseworkerKey,
    roster: &VerifiedRoster,
) -> Result<Vec<u8>, SealError> {
    reseal(
        blob,
        key.identity(),
        roster,
        |opened| matches!(opened, Opened::CaseEvent(event) if event.body.key == key.verifying_key()),
    )
}

/// One internal note of a thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseNote {
    /// Who wrote it.
    pub from: Label,
    /// Their day when writing.
    pub day: Day,
    /// The note.
    pub text: String,
}

/// The shared state of one thread: what its verified events add up to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseState {
    /// The status, if any event set one.
    pub status: Option<CaseStatus>,
    /// The assignee, if any event set one (possibly [`Assignee::Nobody`]).
    pub assignee: Option<Assignee>,
    /// The labels on the thread.
    pub labels: BTreeSet<CaseLabel>,
    /// Every note, oldest (lowest key) first.
    pub notes: Vec<CaseNote>,
    /// Copies of the thread's attachments: the ID a message names → the
    /// copy's, the last event naming it winning. A copy is accepted only if
    /// it matches the size and SHA-256 the message gives.
    pub files: BTreeMap<BlobId, BlobId>,
    /// The highest event number merged, 0 for none.
    pub highest_seq: u64,
}

impl CaseState {
    /// Merges the verified events of one thread. Events are applied in
    /// ascending (`seq`, digest) order (the digest compared as unsigned
    /// bytes): each field takes the value of the last event that sets it,
    /// each label is on or off as the last event naming it says, and every
    /// note is kept in that order. Events with the same digest are one
    /// event. The result does not depend on the order of `events`.
    pub fn merge<'a>(events: impl IntoIterator<Item = (&'a CaseEventBody, BodyDigest)>) -> Self {
        let mut sorted: Vec<_> = events.into_iter().collect();
        sorted.sort_by_key(|(body, digest)| (body.seq, *digest));
        sorted.dedup_by_key(|(_, digest)| *digest);
        let mut state = Self::default();
        for (body, _) in sorted {
            if body.status.is_some() {
                state.status = body.status;
            }
            if body.assignee.is_some() {
                state.assignee.clone_from(&body.assignee);
            }
            for (label, on) in &body.labels {
                if *on {
                    state.labels.insert(label.clone());
                } else {
                    state.labels.remove(label);
                }
            }
            if let Some(text) = &body.note {
                state.notes.push(CaseNote {
                    from: body.from.clone(),
                    day: body.day,
                    text: text.clone(),
                });
            }
            state.files.extend(body.files.iter().map(|(a, b)| (*a, *b)));
            state.highest_seq = state.highest_seq.max(body.seq);
        }
        state
    }

    /// The `seq` of the next event a writer holding these events writes.
    pub fn next_seq(&self) -> u64 {
        self.highest_seq.saturating_add(1).clamp(1, MAX_SEQ)
    }

    /// The assigned caseworker, if any.
    pub fn assigned_to(&self) -> Option<&Label> {
        match &self.assignee {
            Some(Assignee::Caseworker(label)) => Some(label),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{self, Opened, parse_plaintext};
    use crate::roster::{Policy, ROSTER_TYPE, SignedRoster};
    use crate::unit::UnitKey;

    fn day() -> Day {
        "2026-12-01".parse().unwrap()
    }

    fn thread() -> ThreadId {
        ThreadId::from_bytes([9; 16])
    }

    fn roster(cws: &[&CaseworkerKey], version: u64) -> (SignedRoster, UnitKey) {
        let unit = UnitKey::from_seed(&Zeroizing::new([1; 32]));
        let doc = RosterDocument {
            kind: ROSTER_TYPE.into(),
            version,
            unit: unit.unit_id(),
            name: "Unit".into(),
            issued: day(),
            expires: day().plus(30),
            caseworkers: cws.iter().map(|c| c.card().into()).collect(),
            policy: Policy::default(),
            form: None,
        };
        (SignedRoster::sign(&doc, &unit).unwrap(), unit)
    }

    fn open_event(blob: &[u8], cw: &CaseworkerKey) -> (PendingCaseEvent, BodyDigest) {
        match message::open_with_digest(blob, cw.identity()).unwrap() {
            (Opened::CaseEvent(e), digest) => (e, digest),
            _ => panic!("not a case event"),
        }
    }

    fn status(s: CaseStatus) -> CaseChange {
        CaseChange {
            status: Some(s),
            ..Default::default()
        }
    }

    #[test]
    fn an_event_is_sealed_to_every_caseworker_in_the_smallest_bucket() {
        let a = CaseworkerKey::generate("A".parse().unwrap());
        let b = CaseworkerKey::generate("B".parse().unwrap());
        let (signed, unit) = roster(&[&a, &b], 3);
        let verified = signed.verify(&unit.unit_id(), day()).unwrap();
        let change = CaseChange {
            status: Some(CaseStatus::Waiting),
            assignee: Some(Assignee::Caseworker("B".parse().unwrap())),
            labels: BTreeMap::from([("urgent".parse().unwrap(), true)]),
            note: Some("Called the reporter back.".into()),
            files: BTreeMap::from([(BlobId::from_bytes([1; 16]), BlobId::from_bytes([2; 16]))]),
        };
        let blob = seal_case_event(&change, thread(), 1, day(), &a, &verified).unwrap();
        let report_len =
            crate::sizes::bucket_ciphertext_len(BUCKETS[0], verified.document().recipients().mix());
        assert_eq!(blob.len() as u64, report_len);
        for reader in [&a, &b] {
            let (event, _) = open_event(&blob, reader);
            event.verify(verified.document()).unwrap();
            assert_eq!(event.body().change(), change);
            assert_eq!(event.body().from.as_str(), "A");
            assert_eq!(event.body().roster_version, 3);
        }
        // Sealed again to a roster with a third caseworker, it reaches them.
        let c = CaseworkerKey::generate("C".parse().unwrap());
        let (bigger, _) = roster(&[&a, &b, &c], 4);
        let bigger = bigger.verify(&unit.unit_id(), day()).unwrap();
        let again = reseal_case_event(&blob, &a, &bigger).unwrap();
        let (event, _) = open_event(&again, &c);
        assert_eq!(event.body().change(), change);
        // Only its writer can seal it again.
        assert!(reseal_case_event(&blob, &b, &bigger).is_err());
        // The longest note still fits; a longer one is refused before sealing.
        let long = CaseChange {
            note: Some("x".repeat(MAX_NOTE_BYTES)),
            ..Default::default()
        };
        seal_case_event(&long, thread(), 1, day(), &a, &verified).unwrap();
        let too_long = CaseChange {
            note: Some("x".repeat(MAX_NOTE_BYTES + 1)),
            ..Default::default()
        };
        assert!(matches!(
            seal_case_event(&too_long, thread(), 1, day(), &a, &verified),
            Err(SealError::TooLarge)
        ));
        assert!(matches!(
            seal_case_event(&CaseChange::default(), thread(), 1, day(), &a, &verified),
            Err(SealError::NoChange)
        ));
        assert!(matches!(
            seal_case_event(&status(CaseStatus::Open), thread(), 0, day(), &a, &verified),
            Err(SealError::BadPosition)
        ));
    }

    #[test]
    fn events_from_outside_the_roster_or_a_newer_roster_do_not_verify() {
        let a = CaseworkerKey::generate("A".parse().unwrap());
        let outsider = CaseworkerKey::generate("A".parse().unwrap());
        let (v2, unit) = roster(&[&a], 2);
        let v2 = v2.verify(&unit.unit_id(), day()).unwrap();
        let (v1, _) = roster(&[&a], 1);
        let v1 = v1.verify(&unit.unit_id(), day()).unwrap();
        let change = status(CaseStatus::Closed);

        let env = case_event_envelope(&change, thread(), 1, day(), &outsider, 2).unwrap();
        let Opened::CaseEvent(e) = parse_plaintext(env.as_bytes()).unwrap() else {
            panic!("not a case event");
        };
        assert!(matches!(
            e.verify(v2.document()),
            Err(OpenError::UnknownSigner)
        ));

        let blob = seal_case_event(&change, thread(), 1, day(), &a, &v2).unwrap();
        let (e, _) = open_event(&blob, &a);
        assert!(matches!(
            e.verify(v1.document()),
            Err(OpenError::NewerRoster)
        ));
        e.verify(v2.document()).unwrap();

        // A changed body no longer matches its signature.
        let forged = env.replace("\"closed\"", "\"open\"");
        let Opened::CaseEvent(e) = parse_plaintext(forged.as_bytes()).unwrap() else {
            panic!("not a case event");
        };
        let env_a = case_event_envelope(&change, thread(), 1, day(), &a, 2).unwrap();
        let forged_a = env_a.replace("\"closed\"", "\"open\"");
        let Opened::CaseEvent(fa) = parse_plaintext(forged_a.as_bytes()).unwrap() else {
            panic!("not a case event");
        };
        assert!(e.verify(v2.document()).is_err());
        assert!(matches!(
            fa.verify(v2.document()),
            Err(OpenError::ForgedSignature)
        ));

        // Checked early with the reports of a batch, the answers are the
        // same: the forged one still fails, the good one passes.
        let early = message::check_reports(vec![
            message::parse_unchecked(forged_a.as_bytes()),
            message::parse_unchecked(env_a.as_bytes()),
        ]);
        let verdicts: Vec<_> = early
            .into_iter()
            .map(|o| match o.unwrap().0 {
                Opened::CaseEvent(e) => {
                    assert!(e.signature_holds.is_some());
                    e.verify(v2.document())
                }
                _ => panic!("not a case event"),
            })
            .collect();
        assert!(matches!(verdicts[0], Err(OpenError::ForgedSignature)));
        assert!(verdicts[1].is_ok());
    }

    #[test]
    fn malformed_events_are_refused() {
        let a = CaseworkerKey::generate("A".parse().unwrap());
        let ok = r#"{"thread":"09090909090909090909090909090909","seq":1,"day":"2026-12-01","from":"A","key":"KEY","roster_version":1"#;
        let key = crate::encode_verifying_key(&a.verifying_key());
        let ok = ok.replace("KEY", &key);
        for (tail, accepted) in [
            (r#","status":"open"}"#, true),
            (r#","assignee":""}"#, true),
            (r#","labels":{"spam":true}}"#, true),
            (r#","note":"n"}"#, true),
            ("}", false),
            (r#","status":null}"#, false),
            (r#","status":"done"}"#, false),
            (r#","assignee":"has space"}"#, false),
            (r#","labels":{"Spam":true}}"#, false),
            (r#","labels":{"-x":true}}"#, false),
            (r#","labels":{}}"#, false),
            (r#","note":"  "}"#, false),
            (r#","status":"open","extra":1}"#, false),
        ] {
            let body = format!("{ok}{tail}");
            let env = envelope(MessageKind::CaseEvent, Zeroizing::new(body.clone()), |m| {
                a.sign(m)
            })
            .unwrap();
            let parsed = parse_plaintext(env.as_bytes());
            assert_eq!(parsed.is_ok(), accepted, "{body}: {parsed:?}");
        }
        let seq0 = ok.replace("\"seq\":1", "\"seq\":0") + r#","status":"open"}"#;
        let env = envelope(MessageKind::CaseEvent, Zeroizing::new(seq0), |m| a.sign(m)).unwrap();
        assert!(parse_plaintext(env.as_bytes()).is_err());
    }

    fn body(seq: u64, change: CaseChange) -> (CaseEventBody, BodyDigest) {
        let a = CaseworkerKey::from_parts(
            "A".parse().unwrap(),
            age::x25519::Identity::generate(),
            None,
            &Zeroizing::new([5; 32]),
        );
        let env = case_event_envelope(&change, thread(), seq, day(), &a, 1).unwrap();
        match message::parse_plaintext_with_digest(env.as_bytes()).unwrap() {
            (Opened::CaseEvent(e), d) => (e.into_body(), d),
            _ => panic!("not a case event"),
        }
    }

    #[test]
    fn the_merge_is_last_writer_wins_per_field_and_ignores_arrival_order() {
        let label = |s: &str| -> CaseLabel { s.parse().unwrap() };
        let events = [
            body(
                1,
                CaseChange {
                    status: Some(CaseStatus::Open),
                    labels: BTreeMap::from([(label("spam"), true), (label("urgent"), true)]),
                    note: Some("first".into()),
                    ..Default::default()
                },
            ),
            // Two writers who both held event 1 write event 2 at once.
            body(2, status(CaseStatus::Waiting)),
            body(2, status(CaseStatus::Closed)),
            body(
                3,
                CaseChange {
                    labels: BTreeMap::from([(label("spam"), false)]),
                    assignee: Some(Assignee::Caseworker("B".parse().unwrap())),
                    note: Some("second".into()),
                    ..Default::default()
                },
            ),
        ];
        let concurrent_winner = if events[1].1 > events[2].1 {
            CaseStatus::Waiting
        } else {
            CaseStatus::Closed
        };
        let forward = CaseState::merge(events.iter().map(|(b, d)| (b, *d)));
        let backward = CaseState::merge(events.iter().rev().map(|(b, d)| (b, *d)));
        let twice = CaseState::merge(events.iter().chain(&events).map(|(b, d)| (b, *d)));
        assert_eq!(forward, backward);
        assert_eq!(forward, twice);
        assert_eq!(forward.status, Some(concurrent_winner));
        assert_eq!(forward.assigned_to().map(Label::as_str), Some("B"));
        assert_eq!(forward.labels, BTreeSet::from([label("urgent")]));
        let notes: Vec<&str> = forward.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(notes, ["first", "second"]);
        assert_eq!(forward.next_seq(), 4);
        assert_eq!(CaseState::default().next_seq(), 1);
    }
}
