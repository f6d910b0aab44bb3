//! Caseworker keys and the public caseworker card.
//!
//! A caseworker holds an age X25519 identity and, since post-quantum
//! sealing (`docs/protocol.md` §12), usually a hybrid post-quantum identity
//! too (to decrypt reports), and an Ed25519 signing key (to sign server
//! requests and replies). The public halves, with a label, form a one-line
//! *card* the caseworker hands to the unit admin:
//!
//! ```text
//! sanctuary-card:1:<label>:<age1… recipient>:<Ed25519 key, base64url>:<check>
//! sanctuary-card:2:<label>:<age1… recipient>:<age1pq1… recipient>:<Ed25519 key, base64url>:<check>
//! ```
//!
//! Version 2 carries the post-quantum recipient. `<check>` is the first 4
//! bytes of SHA-256 over everything before the last colon, in hexadecimal:
//! it catches a card damaged in copying.

use std::fmt;
use std::str::FromStr;

use age::secrecy::SecretString;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::keys::{decode_verifying_key, encode_verifying_key, x25519_identity_string};
use crate::pq::{HybridIdentity, HybridRecipient};
use crate::recipients::IdentityPair;

/// Prefix of a caseworker card without a post-quantum recipient.
pub const CARD_PREFIX: &str = "sanctuary-card:1:";

/// Prefix of a caseworker card with a post-quantum recipient.
pub const CARD_PREFIX_PQ: &str = "sanctuary-card:2:";

/// Longest card accepted: a version-2 card is about 2,100 characters.
const MAX_CARD_LEN: usize = 256 + crate::pq::RECIPIENT_LEN;

/// Longest label, in bytes.
pub const MAX_LABEL_LEN: usize = 32;

/// A caseworker's label as shown to reporters and colleagues: 1 to 32 ASCII
/// letters, digits, `.`, `_` or `-` (nothing that could spoof or break a
/// terminal or a card).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label(String);

/// A label with characters outside `[A-Za-z0-9._-]`, or of the wrong length.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a label is 1 to 32 characters: letters A-Z, digits, '.', '_' or '-' (no spaces)")]
#[non_exhaustive]
pub struct LabelError;

impl Label {
    /// The label text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Label {
    type Err = LabelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = !s.is_empty()
            && s.len() <= MAX_LABEL_LEN
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(LabelError)
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Label({})", self.0)
    }
}

impl Serialize for Label {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A caseworker's secret keys. Zeroized on drop; never printed by `Debug`.
pub struct CaseworkerKey {
    label: Label,
    identity: IdentityPair,
    signing: SigningKey,
}

impl fmt::Debug for CaseworkerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CaseworkerKey({})", self.label)
    }
}

impl CaseworkerKey {
    /// New keys from the operating system's random number generator.
    pub fn generate(label: Label) -> Self {
        Self {
            label,
            identity: IdentityPair::new(
                age::x25519::Identity::generate(),
                Some(HybridIdentity::generate()),
            ),
            signing: crate::keys::random_signing_key(),
        }
    }

    /// Assembles keys from their parts (key files and test vectors).
    pub fn from_parts(
        label: Label,
        identity: age::x25519::Identity,
        post_quantum: Option<HybridIdentity>,
        seed: &Zeroizing<[u8; 32]>,
    ) -> Self {
        Self {
            label,
            identity: IdentityPair::new(identity, post_quantum),
            signing: SigningKey::from_bytes(seed),
        }
    }

    /// The caseworker's label.
    pub fn label(&self) -> &Label {
        &self.label
    }

    /// The age identity that decrypts reports, follow-ups and replies.
    pub fn identity(&self) -> &IdentityPair {
        &self.identity
    }

    /// Whether the keys include a post-quantum identity.
    pub fn has_post_quantum(&self) -> bool {
        self.identity.post_quantum().is_some()
    }

    /// The same keys with a new post-quantum identity added, for a
    /// caseworker whose keys predate post-quantum sealing. The X25519 and
    /// signing keys stay, so the stores and the roster entry keep working;
    /// the new card goes to the unit admin.
    pub fn with_new_post_quantum(self) -> Self {
        Self {
            identity: IdentityPair::new(
                self.identity.x25519().clone(),
                Some(HybridIdentity::generate()),
            ),
            ..self
        }
    }

    /// The post-quantum identity as age's standard `AGE-SECRET-KEY-PQ-1…`
    /// line, for age tools that support it (Go age 1.3, typage), if the
    /// keys have one.
    pub fn export_post_quantum_identity(&self) -> Option<SecretString> {
        self.identity.post_quantum().map(HybridIdentity::to_string)
    }

    /// The bare `AGE-SECRET-KEY-1…` identity for stock age tools.
    pub fn export_identity(&self) -> SecretString {
        self.identity.x25519().to_string()
    }

    /// The identity string in a zeroizing buffer (for the key file).
    pub(crate) fn identity_string(&self) -> Zeroizing<String> {
        x25519_identity_string(self.identity.x25519())
    }

    /// The Ed25519 seed, for writing the (encrypted) key file.
    pub fn signing_seed(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.signing.to_bytes())
    }

    /// The Ed25519 public key the server and reporters check signatures with.
    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    /// The public card to hand to the unit admin.
    pub fn card(&self) -> CaseworkerCard {
        CaseworkerCard {
            label: self.label.clone(),
            recipient: self.identity.x25519().to_public(),
            post_quantum: self.identity.post_quantum().map(HybridIdentity::to_public),
            verifying_key: self.verifying_key(),
        }
    }

    /// Signs `message` (already domain-separated by the caller).
    pub(crate) fn sign(&self, message: &[u8]) -> Signature {
        self.signing.sign(message)
    }
}

/// Why a string is not a caseworker card.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CardError {
    /// It does not start with `sanctuary-card:1:` or has the wrong number of parts.
    #[error(
        "not a caseworker card: it should look like sanctuary-card:1:LABEL:age1…:KEY:CHECK or sanctuary-card:2:LABEL:age1…:age1pq1…:KEY:CHECK"
    )]
    Format,
    /// The checksum does not match: the card was changed or damaged in copying.
    #[error("the caseworker card is damaged (its checksum does not match): copy it again")]
    Checksum,
    /// The label is invalid.
    #[error("the caseworker card's label is invalid")]
    Label,
    /// The age recipient is invalid.
    #[error("the caseworker card's age recipient is invalid")]
    Recipient,
    /// The post-quantum recipient does not parse.
    #[error("the caseworker card's post-quantum recipient is invalid")]
    PostQuantum,
    /// The Ed25519 key is invalid.
    #[error("the caseworker card's signing key is invalid")]
    Key,
}

/// A caseworker's public card: label, age recipients and Ed25519 public key.
#[derive(Clone)]
pub struct CaseworkerCard {
    /// Shown to reporters and colleagues.
    pub label: Label,
    /// Reports are encrypted to this unless the roster seals post-quantum.
    pub recipient: age::x25519::Recipient,
    /// The post-quantum recipient (version-2 cards).
    pub post_quantum: Option<HybridRecipient>,
    /// Server requests and replies are checked against this.
    pub verifying_key: VerifyingKey,
}

impl fmt::Debug for CaseworkerCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CaseworkerCard({self})")
    }
}

impl PartialEq for CaseworkerCard {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

fn card_check(body: &str) -> String {
    hex::encode(&Sha256::digest(body.as_bytes())[..4])
}

impl fmt::Display for CaseworkerCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = encode_verifying_key(&self.verifying_key);
        let body = match &self.post_quantum {
            None => format!("{CARD_PREFIX}{}:{}:{key}", self.label, self.recipient),
            Some(pq) => format!(
                "{CARD_PREFIX_PQ}{}:{}:{pq}:{key}",
                self.label, self.recipient
            ),
        };
        write!(f, "{body}:{}", card_check(&body))
    }
}

impl FromStr for CaseworkerCard {
    type Err = CardError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.len() > MAX_CARD_LEN {
            return Err(CardError::Format);
        }
        let (body, check) = s.rsplit_once(':').ok_or(CardError::Format)?;
        let (fields, with_pq) = match (
            body.strip_prefix(CARD_PREFIX),
            body.strip_prefix(CARD_PREFIX_PQ),
        ) {
            (Some(fields), _) if s.len() <= 256 => (fields, false),
            (_, Some(fields)) => (fields, true),
            _ => return Err(CardError::Format),
        };
        let parts: Vec<&str> = fields.split(':').collect();
        let (label, recipient, pq, key) = match (parts.as_slice(), with_pq) {
            ([label, recipient, key], false) => (label, recipient, None, key),
            ([label, recipient, pq, key], true) => (label, recipient, Some(pq), key),
            _ => return Err(CardError::Format),
        };
        if card_check(body) != check.to_ascii_lowercase() {
            return Err(CardError::Checksum);
        }
        Ok(Self {
            label: label.parse().map_err(|_| CardError::Label)?,
            recipient: recipient.parse().map_err(|_| CardError::Recipient)?,
            post_quantum: pq
                .map(|pq| pq.parse())
                .transpose()
                .map_err(|_| CardError::PostQuantum)?,
            verifying_key: decode_verifying_key(key).ok_or(CardError::Key)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::secrecy::ExposeSecret;

    #[test]
    fn labels() {
        for ok in ["a", "PC-Jones", "case_worker.2", &"x".repeat(32)] {
            assert!(ok.parse::<Label>().is_ok(), "{ok}");
        }
        for bad in [
            "",
            "PC Jones",
            "a:b",
            "é",
            &"x".repeat(33),
            "a\u{202e}b",
            "tab\t",
        ] {
            assert!(bad.parse::<Label>().is_err(), "{bad}");
        }
    }

    #[test]
    fn card_round_trip_and_damage() {
        let key = CaseworkerKey::generate("PC-Jones".parse().unwrap());
        let card = key.card();
        let text = card.to_string();
        assert!(text.starts_with(CARD_PREFIX_PQ));
        assert!(card.post_quantum.is_some());
        assert!(!text.contains(char::is_whitespace));
        assert_eq!(text.parse::<CaseworkerCard>().unwrap(), card);
        assert!(text.len() <= MAX_CARD_LEN);

        // A card from keys made before post-quantum is version 1.
        let mut classic = card.clone();
        classic.post_quantum = None;
        let classic_text = classic.to_string();
        assert!(classic_text.starts_with(CARD_PREFIX) && classic_text.len() < 256);
        assert_eq!(classic_text.parse::<CaseworkerCard>().unwrap(), classic);
        // A version-1 prefix with a post-quantum field, or the reverse, is not
        // a card.
        let swapped = text.replacen(CARD_PREFIX_PQ, CARD_PREFIX, 1);
        assert_eq!(swapped.parse::<CaseworkerCard>(), Err(CardError::Format));
        let swapped = classic_text.replacen(CARD_PREFIX, CARD_PREFIX_PQ, 1);
        assert_eq!(swapped.parse::<CaseworkerCard>(), Err(CardError::Format));
        // A damaged post-quantum recipient with a recomputed check.
        // (A different last character, so the checksum fails.)
        let pq = card.post_quantum.as_ref().unwrap().to_string();
        let other = if pq.ends_with('x') { 'y' } else { 'x' };
        let body = format!(
            "{CARD_PREFIX_PQ}PC-Jones:{}:{}{other}:{}",
            card.recipient,
            &pq[..pq.len() - 1],
            encode_verifying_key(&card.verifying_key)
        );
        assert_eq!(
            format!("{body}:{}", card_check(&body)).parse::<CaseworkerCard>(),
            Err(CardError::PostQuantum)
        );

        let damaged = text.replacen("PC-Jones", "PC-Jonas", 1);
        assert_eq!(damaged.parse::<CaseworkerCard>(), Err(CardError::Checksum));
        assert_eq!("hello".parse::<CaseworkerCard>(), Err(CardError::Format));
        assert_eq!(
            format!("{CARD_PREFIX}a:b:00000000").parse::<CaseworkerCard>(),
            Err(CardError::Format)
        );
    }

    /// Found by the `caseworker_card` fuzz target: a card that is only the
    /// prefix made the parser slice past the end of the string.
    #[test]
    fn regression_card_that_is_only_the_prefix_is_refused_not_a_panic() {
        for s in [
            "sanctuary-card:1:",
            "sanctuary-card:1:x",
            "sanctuary-card:1::",
        ] {
            assert_eq!(s.parse::<CaseworkerCard>(), Err(CardError::Format), "{s}");
        }
    }

    #[test]
    fn keys_from_before_post_quantum_can_gain_it() {
        let key = CaseworkerKey::generate("PC-Jones".parse().unwrap());
        let old = CaseworkerKey::from_parts(
            key.label().clone(),
            key.identity().x25519().clone(),
            None,
            &key.signing_seed(),
        );
        assert!(!old.has_post_quantum());
        assert!(old.export_post_quantum_identity().is_none());
        let upgraded = old.with_new_post_quantum();
        assert!(upgraded.has_post_quantum());
        assert_eq!(upgraded.card().recipient, key.card().recipient);
        assert_eq!(upgraded.verifying_key(), key.verifying_key());
        assert!(
            upgraded
                .export_post_quantum_identity()
                .unwrap()
                .expose_secret()
                .starts_with(crate::pq::IDENTITY_PREFIX)
        );
    }

    #[test]
    fn debug_hides_secrets() {
        let key = CaseworkerKey::generate("A".parse().unwrap());
        let dbg = format!("{key:?}");
        assert_eq!(dbg, "CaseworkerKey(A)");
    }
}
