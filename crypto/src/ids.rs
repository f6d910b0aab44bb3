//! Fixed-size identifiers and small secrets, with their text encodings.
//!
//! Identifiers travel as lowercase hexadecimal. Secrets ([`ForgetSecret`])
//! are zeroized on drop, compared in constant time and never shown by
//! `Debug`. Mailbox IDs are capabilities, so their `Debug` is redacted too.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A string that is not the hexadecimal encoding of the expected number of bytes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("expected {expected} hexadecimal characters")]
#[non_exhaustive]
pub struct HexError {
    /// How many hexadecimal characters were expected.
    pub expected: usize,
}

/// Decodes exactly `N` bytes of lowercase or uppercase hexadecimal.
pub(crate) fn decode_hex<const N: usize>(s: &str) -> Result<[u8; N], HexError> {
    let err = HexError { expected: N * 2 };
    if s.len() != N * 2 {
        return Err(err);
    }
    let mut out = [0u8; N];
    hex::decode_to_slice(s, &mut out).map_err(|_| err)?;
    Ok(out)
}

macro_rules! hex_id {
    ($(#[$doc:meta])* $name:ident, $len:expr, debug = $debug:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name([u8; $len]);

        impl $name {
            /// Length in bytes.
            pub const LEN: usize = $len;

            /// Wraps raw bytes.
            pub const fn from_bytes(bytes: [u8; $len]) -> Self {
                Self(bytes)
            }

            /// The raw bytes.
            pub const fn as_bytes(&self) -> &[u8; $len] {
                &self.0
            }

            /// Lowercase hexadecimal.
            pub fn to_hex(&self) -> String {
                hex::encode(self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_hex())
            }
        }

        impl FromStr for $name {
            type Err = HexError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                decode_hex::<$len>(s).map(Self)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.to_hex())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }

        hex_id!(@debug $name, $debug);
    };
    (@debug $name:ident, show) => {
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.to_hex())
            }
        }
    };
    (@debug $name:ident, redact) => {
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
}

hex_id!(
    /// The server's random name for a stored blob (16 bytes). It orders
    /// nothing and says nothing about who sent the blob.
    BlobId, 16, debug = show
);
hex_id!(
    /// The thread a report and its follow-ups and replies belong to
    /// (16 bytes, derived from the receipt). It only ever travels inside
    /// ciphertexts.
    ThreadId, 16, debug = show
);
hex_id!(
    /// Where the unit posts replies for a reporter (32 bytes, derived from the
    /// receipt). The server sees it; whoever knows it can fetch the
    /// (encrypted) replies, so it is kept out of logs and `Debug`.
    MailboxId, 32, debug = redact
);
hex_id!(
    /// SHA-256 of a message's `body` exactly as its envelope holds it (the
    /// bytes the signature covers after the kind): two copies of one
    /// message have the same digest, and the digest breaks ties in a
    /// thread's order ([`crate::thread`]).
    BodyDigest, 32, debug = show
);
hex_id!(
    /// SHA-256 of a mailbox's [`ForgetSecret`]: what the server stores so
    /// that only the receipt holder can delete the mailbox.
    ForgetHash, 32, debug = show
);

impl BlobId {
    /// A fresh random blob ID from the operating system's generator.
    pub fn random() -> Self {
        let mut bytes = [0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        Self(bytes)
    }
}

impl MailboxId {
    /// The key under which the server stores this mailbox: SHA-256 of the
    /// mailbox ID, so a copy of the database alone does not let anyone fetch
    /// a mailbox.
    pub fn storage_key(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(b"sanctuary/v1/mailbox-storage-key");
        h.update(self.0);
        h.finalize().into()
    }
}

/// The secret that proves the right to forget (delete) a mailbox. Derived
/// from the receipt; only its [`ForgetHash`] is ever stored by the server.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct ForgetSecret([u8; 32]);

impl ForgetSecret {
    /// Wraps raw bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The hash the server stores and later compares against.
    pub fn hash(&self) -> ForgetHash {
        ForgetHash(Sha256::digest(self.0).into())
    }

    /// Whether this secret hashes to `expected`, compared in constant time.
    pub fn matches(&self, expected: &ForgetHash) -> bool {
        self.hash().0.ct_eq(&expected.0).into()
    }

    /// Lowercase hexadecimal, for the wire.
    pub fn to_hex(&self) -> zeroize::Zeroizing<String> {
        zeroize::Zeroizing::new(hex::encode(self.0))
    }
}

impl fmt::Debug for ForgetSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ForgetSecret(<redacted>)")
    }
}

impl Serialize for ForgetSecret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for ForgetSecret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = zeroize::Zeroizing::new(String::deserialize(deserializer)?);
        let bytes = decode_hex::<32>(&s).map_err(serde::de::Error::custom)?;
        Ok(Self(bytes))
    }
}

/// The secret a reporter's client gives with an attachment upload so that
/// an interrupted upload can be resumed (`docs/protocol.md` §7.1). Only
/// its [`UploadSecret::handle`] is stored by the server, and only while
/// the upload is unfinished.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct UploadSecret([u8; 32]);

impl UploadSecret {
    /// A fresh random secret from the operating system's generator.
    pub fn random() -> Self {
        let mut bytes = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        Self(bytes)
    }

    /// Wraps raw bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The key under which the server keeps the unfinished upload:
    /// SHA-256 of a domain label and the secret, so that a copy of the
    /// database alone does not let anyone continue the upload.
    pub fn handle(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(b"sanctuary/v1/upload-resume");
        h.update(self.0);
        h.finalize().into()
    }

    /// Lowercase hexadecimal, for the `Sanctuary-Upload` header.
    pub fn to_hex(&self) -> zeroize::Zeroizing<String> {
        zeroize::Zeroizing::new(hex::encode(self.0))
    }

    /// Parses the header's 64 hexadecimal characters.
    pub fn from_hex(s: &str) -> Result<Self, HexError> {
        decode_hex::<32>(s).map(Self)
    }
}

impl fmt::Debug for UploadSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UploadSecret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip_and_errors() {
        let id = BlobId::from_bytes([0xab; 16]);
        assert_eq!(id.to_string().parse::<BlobId>().unwrap(), id);
        assert_eq!("AB".repeat(16).parse::<BlobId>().unwrap(), id);
        assert!("ab".repeat(15).parse::<BlobId>().is_err());
        assert!("zz".repeat(16).parse::<BlobId>().is_err());
        assert!("é".repeat(16).parse::<BlobId>().is_err());
    }

    #[test]
    fn secrets_and_capabilities_are_redacted_in_debug() {
        let m = MailboxId::from_bytes([7; 32]);
        assert!(!format!("{m:?}").contains("0707"));
        let s = ForgetSecret::from_bytes([9; 32]);
        assert!(!format!("{s:?}").contains("0909"));
    }

    /// The vector of `docs/protocol.md` §7.1.
    #[test]
    fn upload_handle_vector() {
        let s = UploadSecret::from_hex(&"42".repeat(32)).unwrap();
        assert_eq!(hex::encode(s.handle()), UPLOAD_HANDLE_VECTOR);
        assert!(!format!("{s:?}").contains("4242"));
        assert!(UploadSecret::from_hex("42").is_err());
    }

    const UPLOAD_HANDLE_VECTOR: &str =
        "eed841701b14e13b646b026c827780c42f328b89e62791bf811695bee444915b";

    #[test]
    fn forget_secret_matches_only_its_hash() {
        let s = ForgetSecret::from_bytes([1; 32]);
        assert!(s.matches(&s.hash()));
        assert!(!ForgetSecret::from_bytes([2; 32]).matches(&s.hash()));
    }
}
