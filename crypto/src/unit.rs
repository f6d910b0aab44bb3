//! The unit key (Ed25519) and the unit ID that reporters pin.
//!
//! The unit ID is the unit key's public half in bech32m with the prefix
//! `sanctuary`, e.g. `sanctuary1…`: short enough for a poster, and its
//! checksum catches copying mistakes.

use std::fmt;
use std::str::FromStr;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

/// The bech32m prefix of a unit ID.
pub const UNIT_ID_HRP: &str = "sanctuary";

/// Why a string is not a unit ID.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UnitIdError {
    /// Not bech32m, or the checksum does not match (a character is wrong).
    #[error("not a unit ID: a character is wrong or missing (unit IDs start with `sanctuary1`)")]
    Encoding,
    /// A valid bech32m string with another prefix.
    #[error("not a unit ID: unit IDs start with `sanctuary1`")]
    Prefix,
    /// The right prefix but not a valid Ed25519 public key.
    #[error("not a unit ID: the key inside it is invalid")]
    Key,
}

/// A unit's public identity: what reporters are given and what every roster
/// must be signed by.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct UnitId(VerifyingKey);

impl UnitId {
    /// The Ed25519 public key.
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.0
    }

    /// Verifies an Ed25519 signature by this unit over `message`.
    pub(crate) fn verify(&self, message: &[u8], signature: &Signature) -> bool {
        self.0.verify(message, signature).is_ok()
    }
}

impl fmt::Display for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hrp = bech32::Hrp::parse_unchecked(UNIT_ID_HRP);
        bech32::encode_lower_to_fmt::<bech32::Bech32m, _>(f, hrp, self.0.as_bytes())
            .map_err(|_| fmt::Error)
    }
}

impl fmt::Debug for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnitId({self})")
    }
}

impl FromStr for UnitId {
    type Err = UnitIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.len() > 90 {
            return Err(UnitIdError::Encoding);
        }
        let parsed = bech32::primitives::decode::CheckedHrpstring::new::<bech32::Bech32m>(s)
            .map_err(|_| UnitIdError::Encoding)?;
        if parsed.hrp() != bech32::Hrp::parse_unchecked(UNIT_ID_HRP) {
            return Err(UnitIdError::Prefix);
        }
        let bytes: Vec<u8> = parsed.byte_iter().collect();
        let bytes = <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| UnitIdError::Key)?;
        VerifyingKey::from_bytes(&bytes)
            .map(Self)
            .map_err(|_| UnitIdError::Key)
    }
}

impl Serialize for UnitId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for UnitId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The unit key: an Ed25519 signing key held only by the unit admin.
/// Zeroized on drop; never printed by `Debug`.
pub struct UnitKey(SigningKey);

impl fmt::Debug for UnitKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnitKey({})", self.unit_id())
    }
}

impl UnitKey {
    /// A new unit key from the operating system's random number generator.
    pub fn generate() -> Self {
        Self(crate::keys::random_signing_key())
    }

    /// A unit key from its 32-byte seed (key files and test vectors).
    pub fn from_seed(seed: &Zeroizing<[u8; 32]>) -> Self {
        Self(SigningKey::from_bytes(seed))
    }

    /// The 32-byte seed, for writing the (encrypted) key file.
    pub fn seed(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.0.to_bytes())
    }

    /// The unit ID reporters pin.
    pub fn unit_id(&self) -> UnitId {
        UnitId(self.0.verifying_key())
    }

    /// Signs `message` (already domain-separated by the caller).
    pub(crate) fn sign(&self, message: &[u8]) -> Signature {
        self.0.sign(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_id_round_trips_and_catches_typos() {
        let key = UnitKey::from_seed(&Zeroizing::new([3u8; 32]));
        let id = key.unit_id();
        let text = id.to_string();
        assert!(text.starts_with("sanctuary1"));
        assert_eq!(text.parse::<UnitId>().unwrap(), id);
        assert_eq!(text.to_uppercase().parse::<UnitId>().unwrap(), id);
        // A single changed character is caught by the checksum.
        let mut chars: Vec<char> = text.chars().collect();
        let i = chars.len() - 10;
        chars[i] = if chars[i] == 'q' { 'p' } else { 'q' };
        let typo: String = chars.into_iter().collect();
        assert_eq!(typo.parse::<UnitId>(), Err(UnitIdError::Encoding));
        // Another prefix is refused.
        let other = bech32::encode::<bech32::Bech32m>(
            bech32::Hrp::parse_unchecked("other"),
            id.verifying_key().as_bytes(),
        )
        .unwrap();
        assert_eq!(other.parse::<UnitId>(), Err(UnitIdError::Prefix));
        assert!(format!("{key:?}").contains(&text));
    }
}
