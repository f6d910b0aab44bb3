//! The `mlkem768x25519` recipient type of the C2SP age specification
//! (c2sp.org/age): `age1pq1…` recipients and `AGE-SECRET-KEY-PQ-1…`
//! identities, as an [`age::Recipient`] / [`age::Identity`] pair.
//!
//! The released `age` crate has no such recipient; this module composes it
//! from the pieces `age` 0.12 already builds: `ml-kem` (ML-KEM-768),
//! `x25519-dalek`, `sha3` (SHAKE256 key expansion, the SHA3-256 combiner),
//! `hpke` (HKDF-SHA256, ChaCha20-Poly1305) and `age-core` (stanzas, bech32
//! without a length limit). `docs/protocol.md` §12 gives the composition
//! byte by byte, with the vectors it passes: every `hybrid*` file of C2SP's
//! CCTV age suite (`crypto/testdata/cctv/`), the HPKE working group's
//! known-answer vector for the same KEM, and files exchanged both ways with
//! typage, the reference TypeScript implementation.
//!
//! A caseworker card may carry one, a roster's `post_quantum` policy says
//! when reporters seal to them, and receipts derive one for replies
//! ([`crate::recipients`]).
//!
//! **Mixing.** The specification says a file SHOULD NOT be encrypted to
//! this type and to non-post-quantum types at once: a quantum attacker would
//! take the file key from the other stanza. Each
//! [`HybridRecipient`](crate::pq::HybridRecipient) therefore declares the
//! `postquantum` label, and `age`'s encryptor refuses to mix it with any
//! recipient that does not (X25519, scrypt). Decryption accepts files with
//! both kinds of stanza, as the specification's vectors require.
//!
//! ```
//! use std::io::{Read, Write};
//! use sanctuary_crypto::pq::{HybridIdentity, HybridRecipient};
//!
//! let identity = HybridIdentity::generate();
//! let recipient: HybridRecipient = identity.to_public().to_string().parse().unwrap();
//!
//! let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as _)).unwrap();
//! let mut sealed = vec![];
//! let mut w = encryptor.wrap_output(&mut sealed).unwrap();
//! w.write_all(b"for decades").unwrap();
//! w.finish().unwrap();
//!
//! let decryptor = age::Decryptor::new(&sealed[..]).unwrap();
//! let mut opened = vec![];
//! decryptor.decrypt(std::iter::once(&identity as _)).unwrap().read_to_end(&mut opened).unwrap();
//! assert_eq!(opened, b"for decades");
//! ```

use std::collections::HashSet;
use std::fmt;
use std::io;
use std::str::FromStr;

use age::secrecy::{ExposeSecret, SecretString};
use age::{DecryptError, EncryptError};
use age_core::format::{FileKey, Stanza};
use age_core::primitives::{bech32_decode, bech32_encode, bech32_encode_to_fmt, hpke_open};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use bech32::primitives::decode::CheckedHrpstringError;
use hpke::{Deserializable, HpkeError, Serializable};
use rand::RngCore;
use rand::rngs::OsRng;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

mod kem;
#[cfg(test)]
mod test_vectors;
#[cfg(test)]
mod tests;

use kem::{ENC_LEN, EncappedKey, MlKem768X25519, PUBLIC_KEY_LEN, PrivateKey, PublicKey, SEED_LEN};

/// The first argument of the stanza, its type.
pub const STANZA_TAG: &str = "mlkem768x25519";

/// The HPKE `info` string: `age-encryption.org/mlkem768x25519`.
pub const HPKE_INFO: &[u8] = b"age-encryption.org/mlkem768x25519";

/// The label [`HybridRecipient`] declares to `age` (see the module docs).
pub const POSTQUANTUM_LABEL: &str = "postquantum";

/// Every recipient string starts with this (bech32 human-readable part
/// `age1pq`, then the separator `1`).
pub const RECIPIENT_PREFIX: &str = "age1pq1";

/// Every identity string starts with this (bech32 human-readable part
/// `AGE-SECRET-KEY-PQ-`, then the separator `1`).
pub const IDENTITY_PREFIX: &str = "AGE-SECRET-KEY-PQ-1";

/// Length of a recipient string: the prefix, 1216 bytes in 1946 bech32
/// characters, and the 6-character checksum.
pub const RECIPIENT_LEN: usize = RECIPIENT_PREFIX.len() + (PUBLIC_KEY_LEN * 8).div_ceil(5) + 6;

/// Length of an identity string: the prefix, 32 bytes in 52 bech32
/// characters, and the 6-character checksum.
pub const IDENTITY_LEN: usize = IDENTITY_PREFIX.len() + (SEED_LEN * 8).div_ceil(5) + 6;

/// Length of the stanza's second argument: the 1120-byte encapsulated key in
/// unpadded base64.
pub const ENC_BASE64_LEN: usize = (ENC_LEN * 4).div_ceil(3);

/// Length of the stanza's body: the 16-byte file key and a 16-byte tag.
pub const BODY_LEN: usize = 32;

/// Length of one stanza in an age header: `-> mlkem768x25519 <enc>\n`, then
/// the 32-byte body in one 43-character base64 line and its newline.
pub const STANZA_LEN: usize =
    "-> ".len() + STANZA_TAG.len() + 1 + ENC_BASE64_LEN + 1 + (BODY_LEN * 4).div_ceil(3) + 1;

const RECIPIENT_HRP: bech32::Hrp = bech32::Hrp::parse_unchecked("age1pq");
const IDENTITY_HRP: bech32::Hrp = bech32::Hrp::parse_unchecked("AGE-SECRET-KEY-PQ-");

/// Why a recipient or identity string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PqKeyError {
    /// Not a recipient string: wrong prefix, length, case or characters.
    #[error(
        "this is not a post-quantum age recipient (one starts with `age1pq1`, in lower case, and has {RECIPIENT_LEN} characters)"
    )]
    NotARecipient,
    /// A recipient string whose checksum fails: it was copied wrongly.
    #[error("this post-quantum age recipient has a mistake in it (its checksum does not match)")]
    RecipientChecksum,
    /// A well-formed recipient string that does not hold a valid key.
    #[error("this post-quantum age recipient does not hold a valid key")]
    InvalidRecipient,
    /// Not an identity string: wrong prefix, length, case or characters.
    #[error(
        "this is not a post-quantum age identity (one starts with `AGE-SECRET-KEY-PQ-1`, in upper case, and has {IDENTITY_LEN} characters)"
    )]
    NotAnIdentity,
    /// An identity string whose checksum fails: it was copied wrongly.
    #[error("this post-quantum age identity has a mistake in it (its checksum does not match)")]
    IdentityChecksum,
}

/// A hybrid ML-KEM-768 + X25519 recipient, `age1pq1…`.
#[derive(Clone, PartialEq, Eq)]
pub struct HybridRecipient(Box<PublicKey>);

impl HybridRecipient {
    /// The 1216 bytes of the key: the ML-KEM-768 encapsulation key, then the
    /// X25519 point.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes().to_vec()
    }
}

impl FromStr for HybridRecipient {
    type Err = PqKeyError;

    /// Parses `age1pq1…`: lower case only (as every age implementation
    /// writes it; typage refuses upper case too), exact length, valid
    /// checksum, canonical padding bits, and a key that passes the ML-KEM
    /// encapsulation key check and is not a low-order X25519 point.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != RECIPIENT_LEN || !s.starts_with(RECIPIENT_PREFIX) {
            return Err(PqKeyError::NotARecipient);
        }
        let bytes = decode(s, RECIPIENT_HRP).map_err(|fault| match fault {
            Bech32Fault::Checksum => PqKeyError::RecipientChecksum,
            Bech32Fault::Format => PqKeyError::NotARecipient,
        })?;
        // Lower case, and no other string for the same bytes.
        if bech32_encode(RECIPIENT_HRP, &bytes) != s {
            return Err(PqKeyError::NotARecipient);
        }
        PublicKey::from_bytes(&bytes)
            .map(|key| Self(Box::new(key)))
            .map_err(|_| PqKeyError::InvalidRecipient)
    }
}

impl fmt::Display for HybridRecipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        bech32_encode_to_fmt(f, RECIPIENT_HRP, &self.0.to_bytes())
    }
}

impl serde::Serialize for HybridRecipient {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for HybridRecipient {
    /// Parses the string form, refusing anything longer than a recipient
    /// before reading it.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl fmt::Debug for HybridRecipient {
    /// The first characters only: the whole string is 1959 long.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.to_string();
        write!(f, "HybridRecipient({}…)", s.get(..24).unwrap_or(&s))
    }
}

impl age::Recipient for HybridRecipient {
    fn wrap_file_key(
        &self,
        file_key: &FileKey,
    ) -> Result<(Vec<Stanza>, HashSet<String>), EncryptError> {
        // Base mode, no associated data. Encapsulation cannot fail for a
        // parsed key (low-order points are refused when parsing), but it is
        // an error rather than a panic all the same.
        let (enc, body) = hpke::single_shot_seal::<
            hpke::aead::ChaCha20Poly1305,
            hpke::kdf::HkdfSha256,
            MlKem768X25519,
            _,
        >(
            &hpke::OpModeS::Base,
            &self.0,
            HPKE_INFO,
            file_key.expose_secret(),
            &[],
            &mut OsRng,
        )
        .map_err(|_| {
            EncryptError::Io(io::Error::other(
                "could not encrypt to the post-quantum recipient",
            ))
        })?;
        let stanza = Stanza {
            tag: STANZA_TAG.to_owned(),
            args: vec![STANDARD_NO_PAD.encode(enc.to_bytes())],
            body,
        };
        Ok((vec![stanza], HashSet::from([POSTQUANTUM_LABEL.to_owned()])))
    }
}

/// A hybrid ML-KEM-768 + X25519 identity, `AGE-SECRET-KEY-PQ-1…`: a 32-byte
/// seed and the keys expanded from it, all zeroized on drop.
#[derive(Clone)]
pub struct HybridIdentity(PrivateKey);

impl HybridIdentity {
    /// A new identity from the operating system's random generator.
    pub fn generate() -> Self {
        let mut seed = Zeroizing::new([0u8; SEED_LEN]);
        OsRng.fill_bytes(seed.as_mut());
        Self::from_seed(&seed)
    }

    /// The identity of a 32-byte seed (the bytes the identity string
    /// encodes).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Self(PrivateKey::from_seed(seed))
    }

    /// Its recipient.
    pub fn to_public(&self) -> HybridRecipient {
        HybridRecipient(Box::new(<MlKem768X25519 as hpke::Kem>::sk_to_pk(&self.0)))
    }

    /// The `AGE-SECRET-KEY-PQ-1…` string, in upper case as age writes it.
    pub fn to_string(&self) -> SecretString {
        let mut lower = bech32_encode(IDENTITY_HRP, self.0.seed());
        let upper = lower.to_uppercase();
        lower.zeroize();
        SecretString::from(upper)
    }
}

impl FromStr for HybridIdentity {
    type Err = PqKeyError;

    /// Parses `AGE-SECRET-KEY-PQ-1…`: upper case only, exact length, valid
    /// checksum, canonical padding bits. `age::IdentityFile` does not know
    /// this type, so callers parse such lines with this.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != IDENTITY_LEN || !s.starts_with(IDENTITY_PREFIX) {
            return Err(PqKeyError::NotAnIdentity);
        }
        let bytes = Zeroizing::new(decode(s, IDENTITY_HRP).map_err(|fault| match fault {
            Bech32Fault::Checksum => PqKeyError::IdentityChecksum,
            Bech32Fault::Format => PqKeyError::NotAnIdentity,
        })?);
        let seed: &[u8; SEED_LEN] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| PqKeyError::NotAnIdentity)?;
        let identity = Self::from_seed(seed);
        // Upper case, and no other string for the same seed. Both strings
        // are secret: compare in constant time.
        let canonical = identity.to_string();
        if !bool::from(canonical.expose_secret().as_bytes().ct_eq(s.as_bytes())) {
            return Err(PqKeyError::NotAnIdentity);
        }
        Ok(identity)
    }
}

impl fmt::Debug for HybridIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HybridIdentity(<secret>)")
    }
}

impl age::Identity for HybridIdentity {
    /// Unwraps an `mlkem768x25519` stanza, ignoring every other type.
    ///
    /// A malformed stanza of this type is a header error (more or fewer than
    /// one argument after the type; an argument that is not the canonical
    /// base64 of 1120 bytes; a body other than 32 bytes, checked before any
    /// decryption; an X25519 share that gives the all-zero secret). A stanza
    /// that is well formed but does not open is someone else's: `None`.
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, DecryptError>> {
        if stanza.tag != STANZA_TAG {
            return None;
        }
        let enc = match stanza.args.as_slice() {
            [arg] if arg.len() == ENC_BASE64_LEN => STANDARD_NO_PAD
                .decode(arg)
                .ok()
                .and_then(|bytes| EncappedKey::from_bytes(&bytes).ok()),
            _ => None,
        };
        let Some(enc) = enc else {
            return Some(Err(DecryptError::InvalidHeader));
        };
        if stanza.body.len() != BODY_LEN {
            return Some(Err(DecryptError::InvalidHeader));
        }
        match hpke_open::<MlKem768X25519>(&enc, &self.0, HPKE_INFO, &stanza.body) {
            Ok(mut plain) => {
                let file_key = FileKey::try_init_with_mut(|key| {
                    if plain.len() == key.len() {
                        key.copy_from_slice(&plain);
                        Ok(())
                    } else {
                        Err(DecryptError::InvalidHeader)
                    }
                });
                plain.zeroize();
                Some(file_key)
            }
            // The contributory check: a low-order X25519 share.
            Err(HpkeError::DecapError) => Some(Err(DecryptError::InvalidHeader)),
            Err(_) => None,
        }
    }
}

/// How a bech32 string failed.
enum Bech32Fault {
    /// The checksum does not match.
    Checksum,
    /// Anything else: characters, case, separator, human-readable part.
    Format,
}

/// Decodes a bech32 (not bech32m) string of any length with the given
/// human-readable part.
fn decode(s: &str, hrp: bech32::Hrp) -> Result<Vec<u8>, Bech32Fault> {
    bech32_decode(
        s,
        |e| match e {
            CheckedHrpstringError::Checksum(_) => Bech32Fault::Checksum,
            _ => Bech32Fault::Format,
        },
        |parsed| {
            if parsed == hrp {
                Ok(())
            } else {
                Err(Bech32Fault::Format)
            }
        },
        |_, bytes| Ok(bytes.collect()),
    )
}
