//! Caseworker keys and the public caseworker card.
//!
//! A caseworker holds an age X25519 identity (to decrypt reports) and an
//! Ed25519 signing key (to sign server requests and replies). The public
//! halves, with a label, form a one-line *card* the caseworker hands to the
//! unit admin:
//!
//! ```text
//! sanctuary-card:1:<label>:<age1… recipient>:<Ed25519 key, base64url>:<check>
//! ```
//!
//! `<check>` is the first 4 bytes of SHA-256 over everything before the last
//! colon, in hexadecimal: it catches a card damaged in copying.

use std::fmt;
use std::str::FromStr;

use age::secrecy::SecretString;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::keys::{decode_verifying_key, encode_verifying_key, x25519_identity_string};

/// Prefix of a caseworker card.
pub const CARD_PREFIX: &str = "sanctuary-card:1:";

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
    identity: age::x25519::Identity,
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
            identity: age::x25519::Identity::generate(),
            signing: crate::keys::random_signing_key(),
        }
    }

    /// Assembles keys from their parts (key files and test vectors).
    pub fn from_parts(
        label: Label,
        identity: age::x25519::Identity,
        seed: &Zeroizing<[u8; 32]>,
    ) -> Self {
        Self {
            label,
            identity,
            signing: SigningKey::from_bytes(seed),
        }
    }

    /// The caseworker's label.
    pub fn label(&self) -> &Label {
        &self.label
    }

    /// The age identity that decrypts reports, follow-ups and replies.
    pub fn identity(&self) -> &age::x25519::Identity {
        &self.identity
    }

    /// The bare `AGE-SECRET-KEY-1…` identity for stock age tools.
    pub fn export_identity(&self) -> SecretString {
        self.identity.to_string()
    }

    /// The identity string in a zeroizing buffer (for the key file).
    pub(crate) fn identity_string(&self) -> Zeroizing<String> {
        x25519_identity_string(&self.identity)
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
            recipient: self.identity.to_public(),
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
    #[error("not a caseworker card: it should look like sanctuary-card:1:LABEL:age1…:KEY:CHECK")]
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
    /// The Ed25519 key is invalid.
    #[error("the caseworker card's signing key is invalid")]
    Key,
}

/// A caseworker's public card: label, age recipient and Ed25519 public key.
#[derive(Clone)]
pub struct CaseworkerCard {
    /// Shown to reporters and colleagues.
    pub label: Label,
    /// Reports are encrypted to this.
    pub recipient: age::x25519::Recipient,
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
        let body = format!(
            "{CARD_PREFIX}{}:{}:{}",
            self.label,
            self.recipient,
            encode_verifying_key(&self.verifying_key)
        );
        write!(f, "{body}:{}", card_check(&body))
    }
}

impl FromStr for CaseworkerCard {
    type Err = CardError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.len() > 256 || !s.starts_with(CARD_PREFIX) {
            return Err(CardError::Format);
        }
        let (body, check) = s.rsplit_once(':').ok_or(CardError::Format)?;
        let fields = body.strip_prefix(CARD_PREFIX).ok_or(CardError::Format)?;
        let parts: Vec<&str> = fields.split(':').collect();
        let [label, recipient, key] = parts.as_slice() else {
            return Err(CardError::Format);
        };
        if card_check(body) != check.to_ascii_lowercase() {
            return Err(CardError::Checksum);
        }
        Ok(Self {
            label: label.parse().map_err(|_| CardError::Label)?,
            recipient: recipient.parse().map_err(|_| CardError::Recipient)?,
            verifying_key: decode_verifying_key(key).ok_or(CardError::Key)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(text.starts_with(CARD_PREFIX));
        assert!(!text.contains(char::is_whitespace));
        assert_eq!(text.parse::<CaseworkerCard>().unwrap(), card);

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
    fn debug_hides_secrets() {
        let key = CaseworkerKey::generate("A".parse().unwrap());
        let dbg = format!("{key:?}");
        assert_eq!(dbg, "CaseworkerKey(A)");
    }
}
