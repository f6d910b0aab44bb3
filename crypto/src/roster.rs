//! The roster: who may read a unit's reports, signed by the unit key.
//!
//! The unit admin serializes a [`RosterDocument`] to JSON once and signs
//! those exact bytes; the document travels as a string beside its signature
//! in a [`SignedRoster`], so no canonicalisation can ever differ between
//! signer and verifier.

use std::collections::{BTreeMap, BTreeSet};

use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};

use crate::caseworker::{CaseworkerCard, Label};
use crate::day::Day;
use crate::keys::{decode_signature, encode_signature, serde_recipient, serde_verifying_key};
use crate::pq::HybridRecipient;
use crate::recipients::{Mix, Recipients};
use crate::sizes::MAX_CASEWORKERS;
use crate::unit::{UnitId, UnitKey};

/// Signature context: the signed message is this followed by the document.
pub const ROSTER_CONTEXT: &[u8] = b"sanctuary-roster-v1\n";

/// The document's `type` field.
pub const ROSTER_TYPE: &str = "sanctuary-roster";

/// Largest signed roster accepted, in bytes of JSON.
pub const MAX_ROSTER_LEN: usize = 256 * 1024;

/// Largest attachment any policy may allow (4 GiB).
pub const MAX_ATTACHMENT_LIMIT: u64 = 4 << 30;

/// Why a roster is refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RosterError {
    /// Not a signed roster at all, or larger than [`MAX_ROSTER_LEN`].
    #[error("not a signed roster")]
    Malformed,
    /// Signed by a different unit than the one expected.
    #[error("the roster belongs to a different unit")]
    WrongUnit,
    /// The signature does not verify.
    #[error("the roster's signature is not valid")]
    BadSignature,
    /// The roster has expired.
    #[error("the roster expired on {expires}")]
    Expired {
        /// Its last valid day.
        expires: Day,
    },
    /// The roster is not valid yet.
    #[error("the roster is not valid until {issued}")]
    NotYetValid {
        /// Its first valid day.
        issued: Day,
    },
    /// The signed document breaks a rule (too many caseworkers, duplicate
    /// keys, bad policy…).
    #[error("the roster is invalid: {0}")]
    Invalid(&'static str),
}

/// One caseworker on a roster.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterCaseworker {
    /// Shown to reporters with each reply.
    pub label: Label,
    /// Reports are encrypted to this unless the roster seals post-quantum.
    #[serde(with = "serde_recipient")]
    pub age: age::x25519::Recipient,
    /// The caseworker's post-quantum recipient (`age1pq1…`), if their card
    /// has one; reports are encrypted to it when the roster seals
    /// post-quantum ([`RosterDocument::seals_post_quantum`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_pq: Option<HybridRecipient>,
    /// Server requests and replies are verified with this.
    #[serde(with = "serde_verifying_key")]
    pub ed25519: VerifyingKey,
}

impl From<CaseworkerCard> for RosterCaseworker {
    fn from(card: CaseworkerCard) -> Self {
        Self {
            label: card.label,
            age: card.recipient,
            age_pq: card.post_quantum,
            ed25519: card.verifying_key,
        }
    }
}

impl From<RosterCaseworker> for CaseworkerCard {
    /// The card a roster entry was made from (without its post-quantum key
    /// if the roster left it out).
    fn from(entry: RosterCaseworker) -> Self {
        Self {
            label: entry.label,
            recipient: entry.age,
            post_quantum: entry.age_pq,
            verifying_key: entry.ed25519,
        }
    }
}

/// The unit's rules for the server and clients.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Days an inbox item (report, follow-up, attachment) is kept.
    pub retention_days: u32,
    /// Days a mailbox is kept after its last reply.
    pub mailbox_retention_days: u32,
    /// Largest attachment, in bytes before padding.
    pub max_attachment_bytes: u64,
    /// Most attachments on one message.
    pub max_attachments: u32,
    /// When messages are sealed to caseworkers' post-quantum recipients.
    /// Absent means [`PostQuantum::Off`], so rosters signed before it
    /// existed keep their exact bytes.
    #[serde(default, skip_serializing_if = "PostQuantum::is_off")]
    pub post_quantum: PostQuantum,
}

/// A roster's post-quantum policy: whether reports, follow-ups, replies and
/// their attachments are sealed to the caseworkers' hybrid ML-KEM-768 +
/// X25519 recipients (`docs/protocol.md` §12) instead of X25519 alone. A
/// file is never sealed to both kinds.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum PostQuantum {
    /// X25519 only, even for caseworkers who have a post-quantum recipient.
    #[default]
    Off,
    /// Post-quantum when every caseworker on the roster has a post-quantum
    /// recipient; X25519 for everyone while one of them has none.
    Preferred,
    /// Post-quantum always: a roster where a caseworker has no
    /// post-quantum recipient is invalid.
    Required,
}

impl PostQuantum {
    /// Whether this is [`PostQuantum::Off`].
    pub fn is_off(&self) -> bool {
        *self == Self::Off
    }
}

impl std::fmt::Display for PostQuantum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Off => "off",
            Self::Preferred => "preferred",
            Self::Required => "required",
        })
    }
}

impl std::str::FromStr for PostQuantum {
    type Err = RosterError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "off" => Ok(Self::Off),
            "preferred" => Ok(Self::Preferred),
            "required" => Ok(Self::Required),
            _ => Err(RosterError::Invalid(
                "the post-quantum policy is off, preferred or required",
            )),
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            retention_days: 90,
            mailbox_retention_days: 180,
            max_attachment_bytes: 256 * 1024 * 1024,
            max_attachments: 10,
            post_quantum: PostQuantum::Off,
        }
    }
}

/// Text in several languages, keyed by BCP 47 language tag (`en`, `es`…).
pub type Translations = BTreeMap<String, String>;

/// What kind of answer a form field takes.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    /// One of the field's options.
    Choice,
    /// One line of free text.
    Text,
}

/// One option of a choice field.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FormOption {
    /// Stable identifier sent in the report.
    pub id: String,
    /// What the reporter sees.
    pub label: Translations,
}

/// One question on the report form.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FormField {
    /// Stable identifier; `category` is the report's category.
    pub id: String,
    /// Choice or text.
    pub kind: FieldKind,
    /// The question.
    pub label: Translations,
    /// Options of a choice field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<FormOption>,
    /// Whether the reporter must answer.
    #[serde(default)]
    pub required: bool,
}

/// The unit's report form.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// The questions, in order.
    pub fields: Vec<FormField>,
}

/// What the unit admin signs.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterDocument {
    /// Always [`ROSTER_TYPE`].
    #[serde(rename = "type")]
    pub kind: String,
    /// Strictly increasing with every new roster.
    pub version: u64,
    /// The unit that signs it.
    pub unit: UnitId,
    /// The unit's display name.
    pub name: String,
    /// First valid day.
    pub issued: Day,
    /// Last valid day.
    pub expires: Day,
    /// Who may read reports.
    pub caseworkers: Vec<RosterCaseworker>,
    /// Retention and size limits.
    pub policy: Policy,
    /// The report form, if the unit has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<Form>,
}

impl RosterDocument {
    /// Checks the rules every roster must follow.
    pub fn validate(&self) -> Result<(), RosterError> {
        let fail = |why| Err(RosterError::Invalid(why));
        if self.kind != ROSTER_TYPE {
            return fail("wrong document type");
        }
        if self.version == 0 {
            return fail("version must be at least 1");
        }
        if self.name.trim().is_empty()
            || self.name.len() > 200
            || self.name.chars().any(char::is_control)
        {
            return fail("the unit name must be 1 to 200 printable characters");
        }
        if self.expires < self.issued {
            return fail("expires before it is issued");
        }
        if self.caseworkers.is_empty() || self.caseworkers.len() > MAX_CASEWORKERS {
            return fail("a roster lists 1 to 50 caseworkers");
        }
        let labels: BTreeSet<_> = self.caseworkers.iter().map(|c| &c.label).collect();
        let keys: BTreeSet<_> = self
            .caseworkers
            .iter()
            .map(|c| c.ed25519.to_bytes())
            .collect();
        let ages: BTreeSet<_> = self.caseworkers.iter().map(|c| c.age.to_string()).collect();
        let pqs: BTreeSet<_> = self
            .caseworkers
            .iter()
            .filter_map(|c| c.age_pq.as_ref().map(|r| r.to_bytes()))
            .collect();
        let with_pq = self
            .caseworkers
            .iter()
            .filter(|c| c.age_pq.is_some())
            .count();
        let n = self.caseworkers.len();
        if labels.len() != n || keys.len() != n || ages.len() != n || pqs.len() != with_pq {
            return fail("two caseworkers share a label or a key");
        }
        if self.policy.post_quantum == PostQuantum::Required && with_pq != n {
            return fail(
                "post-quantum is required, but a caseworker's card has no post-quantum key",
            );
        }
        let p = &self.policy;
        if p.retention_days > 3650 || p.mailbox_retention_days > 3650 {
            return fail("retention is at most 3650 days");
        }
        if p.max_attachment_bytes > MAX_ATTACHMENT_LIMIT || p.max_attachments > 100 {
            return fail("attachments are limited to 4 GiB and 100 per message");
        }
        if let Some(form) = &self.form {
            if form.fields.len() > 50 {
                return fail("a form has at most 50 fields");
            }
            let ids: BTreeSet<_> = form.fields.iter().map(|f| &f.id).collect();
            if ids.len() != form.fields.len() {
                return fail("two form fields share an ID");
            }
            for f in &form.fields {
                if f.id.is_empty() || f.id.len() > 64 || f.label.is_empty() {
                    return fail("form fields need an ID and a label");
                }
                if (f.kind == FieldKind::Choice) == f.options.is_empty() {
                    return fail("choice fields, and only they, have options");
                }
            }
        }
        Ok(())
    }

    /// The caseworker with this Ed25519 key, if on the roster.
    pub fn caseworker_by_key(&self, key: &VerifyingKey) -> Option<&RosterCaseworker> {
        self.caseworkers.iter().find(|c| c.ed25519 == *key)
    }

    /// Whether messages to this roster's caseworkers are sealed
    /// post-quantum: the policy is not off and every caseworker has a
    /// post-quantum recipient.
    pub fn seals_post_quantum(&self) -> bool {
        !self.policy.post_quantum.is_off() && self.caseworkers.iter().all(|c| c.age_pq.is_some())
    }

    /// Every caseworker's age recipient, in roster order: the post-quantum
    /// ones if the roster [seals post-quantum](Self::seals_post_quantum),
    /// the X25519 ones otherwise.
    pub fn recipients(&self) -> Recipients {
        let pq: Option<Vec<HybridRecipient>> = self
            .seals_post_quantum()
            .then(|| self.caseworkers.iter().map(|c| c.age_pq.clone()).collect())
            .flatten();
        match pq {
            Some(pq) => Recipients::PostQuantum(pq),
            None => Recipients::X25519(self.x25519_recipients()),
        }
    }

    /// Every caseworker's X25519 recipient, in roster order, whatever the
    /// policy (replies in threads begun before post-quantum use them).
    pub fn x25519_recipients(&self) -> Vec<age::x25519::Recipient> {
        self.caseworkers.iter().map(|c| c.age.clone()).collect()
    }

    /// The one recipient mix of every report, follow-up and reporter's
    /// attachment sealed to this roster.
    pub fn report_mix(&self) -> Mix {
        let n = self.caseworkers.len();
        if self.seals_post_quantum() {
            Mix::post_quantum(n)
        } else {
            Mix::x25519(n)
        }
    }

    /// The recipient mixes a reply (and its attachments) to this roster may
    /// have: every caseworker and the reporter. Post-quantum if the roster
    /// seals post-quantum and the report gave a post-quantum reply
    /// recipient; X25519 otherwise, which a post-quantum roster still
    /// allows for threads begun before the unit switched it on.
    pub fn reply_mixes(&self) -> Vec<Mix> {
        let n = self.caseworkers.len() + 1;
        if self.seals_post_quantum() {
            vec![Mix::post_quantum(n), Mix::x25519(n)]
        } else {
            vec![Mix::x25519(n)]
        }
    }
}

/// A roster document and the unit's signature over its exact bytes.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SignedRoster {
    /// The JSON document, exactly as signed.
    pub document: String,
    /// Ed25519 signature (base64url) over [`ROSTER_CONTEXT`] and `document`.
    pub signature: String,
}

impl SignedRoster {
    /// Validates and signs a document with the unit key.
    pub fn sign(doc: &RosterDocument, key: &UnitKey) -> Result<Self, RosterError> {
        if doc.unit != key.unit_id() {
            return Err(RosterError::WrongUnit);
        }
        doc.validate()?;
        let document = serde_json::to_string(doc).map_err(|_| RosterError::Malformed)?;
        if document.len() > MAX_ROSTER_LEN - 200 {
            return Err(RosterError::Invalid("the roster is too large"));
        }
        let signature = encode_signature(&key.sign(&signed_message(&document)));
        Ok(Self {
            document,
            signature,
        })
    }

    /// Parses a signed roster from JSON, bounded by [`MAX_ROSTER_LEN`].
    pub fn from_json(json: &[u8]) -> Result<Self, RosterError> {
        if json.len() > MAX_ROSTER_LEN {
            return Err(RosterError::Malformed);
        }
        serde_json::from_slice(json).map_err(|_| RosterError::Malformed)
    }

    /// The unit this roster claims to come from, read without verifying
    /// anything (the server uses it at enrollment, then verifies).
    pub fn claimed_unit(&self) -> Result<UnitId, RosterError> {
        #[derive(Deserialize)]
        struct Claim {
            unit: UnitId,
        }
        if self.document.len() > MAX_ROSTER_LEN {
            return Err(RosterError::Malformed);
        }
        serde_json::from_str::<Claim>(&self.document)
            .map(|c| c.unit)
            .map_err(|_| RosterError::Malformed)
    }

    /// Verifies the signature against `unit`, then parses and validates the
    /// document, then checks that `today` is within its validity.
    pub fn verify(&self, unit: &UnitId, today: Day) -> Result<VerifiedRoster, RosterError> {
        if self.document.len() > MAX_ROSTER_LEN {
            return Err(RosterError::Malformed);
        }
        let signature = decode_signature(&self.signature).ok_or(RosterError::BadSignature)?;
        if !unit.verify(&signed_message(&self.document), &signature) {
            // Say "wrong unit" when the document names another unit, so a
            // reporter given the wrong server hears the right story.
            return match self.claimed_unit() {
                Ok(claimed) if claimed != *unit => Err(RosterError::WrongUnit),
                _ => Err(RosterError::BadSignature),
            };
        }
        let doc: RosterDocument =
            serde_json::from_str(&self.document).map_err(|_| RosterError::Malformed)?;
        if doc.unit != *unit {
            return Err(RosterError::WrongUnit);
        }
        doc.validate()?;
        if today > doc.expires {
            return Err(RosterError::Expired {
                expires: doc.expires,
            });
        }
        // One day of grace for clocks and time zones that run ahead.
        if doc.issued > today.plus(1) {
            return Err(RosterError::NotYetValid { issued: doc.issued });
        }
        Ok(VerifiedRoster {
            doc,
            signed: self.clone(),
        })
    }
}

fn signed_message(document: &str) -> Vec<u8> {
    [ROSTER_CONTEXT, document.as_bytes()].concat()
}

/// A roster whose signature, unit and dates have been checked.
#[derive(Clone, Debug)]
pub struct VerifiedRoster {
    doc: RosterDocument,
    signed: SignedRoster,
}

impl VerifiedRoster {
    /// The verified document.
    pub fn document(&self) -> &RosterDocument {
        &self.doc
    }

    /// The signed form, to store or serve as received.
    pub fn signed(&self) -> &SignedRoster {
        &self.signed
    }

    /// The version, for monotonic checks: a new roster is accepted only if
    /// its version is higher.
    pub fn version(&self) -> u64 {
        self.doc.version
    }

    /// The unit it belongs to.
    pub fn unit(&self) -> UnitId {
        self.doc.unit
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::caseworker::CaseworkerKey;
    use zeroize::Zeroizing;

    pub(crate) fn roster_with(
        unit: &UnitKey,
        cws: &[&CaseworkerKey],
        version: u64,
        issued: Day,
        expires: Day,
    ) -> SignedRoster {
        let doc = RosterDocument {
            kind: ROSTER_TYPE.into(),
            version,
            unit: unit.unit_id(),
            name: "Test Unit".into(),
            issued,
            expires,
            caseworkers: cws.iter().map(|c| c.card().into()).collect(),
            policy: Policy::default(),
            form: None,
        };
        SignedRoster::sign(&doc, unit).unwrap()
    }

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn verifies_and_refuses() {
        let unit = UnitKey::from_seed(&Zeroizing::new([1; 32]));
        let other = UnitKey::from_seed(&Zeroizing::new([2; 32]));
        let cw = CaseworkerKey::generate("A".parse().unwrap());
        let signed = roster_with(&unit, &[&cw], 1, day("2026-01-01"), day("2026-12-31"));

        let ok = signed.verify(&unit.unit_id(), day("2026-06-01")).unwrap();
        assert_eq!(ok.version(), 1);
        assert!(
            ok.document()
                .caseworker_by_key(&cw.verifying_key())
                .is_some()
        );

        assert!(matches!(
            signed.verify(&other.unit_id(), day("2026-06-01")),
            Err(RosterError::WrongUnit)
        ));
        assert!(matches!(
            signed.verify(&unit.unit_id(), day("2027-01-01")),
            Err(RosterError::Expired { .. })
        ));
        assert!(matches!(
            signed.verify(&unit.unit_id(), day("2025-12-01")),
            Err(RosterError::NotYetValid { .. })
        ));

        // Signed by another unit but claiming ours.
        let mut forged = roster_with(&other, &[&cw], 1, day("2026-01-01"), day("2026-12-31"));
        forged.document = signed.document.clone();
        assert!(matches!(
            forged.verify(&unit.unit_id(), day("2026-06-01")),
            Err(RosterError::BadSignature)
        ));

        // Any change to the document breaks the signature.
        let mut tampered = signed.clone();
        tampered.document = tampered.document.replace("Test Unit", "Evil Unit");
        assert!(matches!(
            tampered.verify(&unit.unit_id(), day("2026-06-01")),
            Err(RosterError::BadSignature)
        ));
    }

    #[test]
    fn validation_rules() {
        let unit = UnitKey::generate();
        let cw = CaseworkerKey::generate("A".parse().unwrap());
        let mut doc = RosterDocument {
            kind: ROSTER_TYPE.into(),
            version: 1,
            unit: unit.unit_id(),
            name: "U".into(),
            issued: day("2026-01-01"),
            expires: day("2026-12-31"),
            caseworkers: vec![cw.card().into(), cw.card().into()],
            policy: Policy::default(),
            form: None,
        };
        assert!(matches!(
            SignedRoster::sign(&doc, &unit),
            Err(RosterError::Invalid(_))
        ));
        doc.caseworkers.pop();
        doc.version = 0;
        assert!(matches!(
            SignedRoster::sign(&doc, &unit),
            Err(RosterError::Invalid(_))
        ));
        doc.version = 1;
        assert!(SignedRoster::sign(&doc, &unit).is_ok());
        assert!(matches!(
            SignedRoster::sign(&doc, &UnitKey::generate()),
            Err(RosterError::WrongUnit)
        ));
    }
}
