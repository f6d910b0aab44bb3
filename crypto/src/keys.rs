//! Small shared pieces of key handling: building an age X25519 identity from
//! bytes, and the text encoding of Ed25519 keys and signatures.

use age::secrecy::ExposeSecret;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, VerifyingKey};
use zeroize::{Zeroize, Zeroizing};

/// The bech32 prefix of an age X25519 secret key.
const AGE_SECRET_KEY_HRP: bech32::Hrp = bech32::Hrp::parse_unchecked("AGE-SECRET-KEY-");

/// Builds an age X25519 identity from 32 secret bytes.
///
/// The `age` crate has no constructor from bytes, so this goes through the
/// identity's bech32 text form (`AGE-SECRET-KEY-1…`), which is zeroized
/// afterwards.
pub(crate) fn x25519_identity_from_bytes(secret: &Zeroizing<[u8; 32]>) -> age::x25519::Identity {
    #[allow(clippy::expect_used)]
    let mut lower = bech32::encode::<bech32::Bech32>(AGE_SECRET_KEY_HRP, secret.as_ref())
        .expect("32 bytes under a fixed, valid prefix always encode");
    let mut encoded = lower.to_uppercase();
    lower.zeroize();
    let parsed = encoded.parse::<age::x25519::Identity>();
    encoded.zeroize();
    #[allow(clippy::expect_used)]
    parsed.expect("age parses the identity string produced just above")
}

/// A new Ed25519 signing key from the operating system's random generator.
pub(crate) fn random_signing_key() -> ed25519_dalek::SigningKey {
    let mut seed = Zeroizing::new([0u8; 32]);
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, seed.as_mut());
    ed25519_dalek::SigningKey::from_bytes(&seed)
}

/// Parses an `AGE-SECRET-KEY-1…` string, zeroizing intermediate copies.
pub(crate) fn parse_x25519_identity(s: &str) -> Option<age::x25519::Identity> {
    let trimmed = Zeroizing::new(s.trim().to_owned());
    trimmed.parse().ok()
}

/// The `AGE-SECRET-KEY-1…` form of an identity, in a zeroizing string.
pub(crate) fn x25519_identity_string(identity: &age::x25519::Identity) -> Zeroizing<String> {
    Zeroizing::new(identity.to_string().expose_secret().to_owned())
}

/// Unpadded URL-safe base64, the encoding of every Ed25519 key and signature.
pub(crate) fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes unpadded URL-safe base64 into exactly `N` bytes.
pub(crate) fn unb64<const N: usize>(s: &str) -> Option<[u8; N]> {
    // Bound the input before decoding: N bytes never need more than this.
    if s.len() > N.div_ceil(3) * 4 {
        return None;
    }
    let mut v = Zeroizing::new(URL_SAFE_NO_PAD.decode(s).ok()?);
    let out = <[u8; N]>::try_from(v.as_slice()).ok();
    v.zeroize();
    out
}

/// Encodes an Ed25519 public key.
pub fn encode_verifying_key(key: &VerifyingKey) -> String {
    b64(key.as_bytes())
}

/// Decodes an Ed25519 public key, rejecting invalid curve points.
pub fn decode_verifying_key(s: &str) -> Option<VerifyingKey> {
    VerifyingKey::from_bytes(&unb64::<32>(s)?).ok()
}

/// Encodes an Ed25519 signature.
pub(crate) fn encode_signature(sig: &Signature) -> String {
    b64(&sig.to_bytes())
}

/// Decodes an Ed25519 signature.
pub(crate) fn decode_signature(s: &str) -> Option<Signature> {
    Some(Signature::from_bytes(&unb64::<64>(s)?))
}

/// Serde support for an Ed25519 public key as unpadded URL-safe base64.
pub(crate) mod serde_verifying_key {
    use ed25519_dalek::VerifyingKey;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(key: &VerifyingKey, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::encode_verifying_key(key))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<VerifyingKey, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::decode_verifying_key(&s)
            .ok_or_else(|| serde::de::Error::custom("not an Ed25519 public key"))
    }
}

/// Serde support for an age X25519 recipient as `age1…`.
pub(crate) mod serde_recipient {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        r: &age::x25519::Recipient,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_str(r)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<age::x25519::Recipient, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        if s.len() > 100 {
            return Err(serde::de::Error::custom("not an age X25519 recipient"));
        }
        s.parse()
            .map_err(|_| serde::de::Error::custom("not an age X25519 recipient"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_from_bytes_matches_its_text_form() {
        let secret = Zeroizing::new([42u8; 32]);
        let id = x25519_identity_from_bytes(&secret);
        let text = x25519_identity_string(&id);
        assert!(text.starts_with("AGE-SECRET-KEY-1"));
        let again = parse_x25519_identity(&text).unwrap();
        assert_eq!(again.to_public().to_string(), id.to_public().to_string());
        // Deterministic: same bytes, same identity.
        let id2 = x25519_identity_from_bytes(&secret);
        assert_eq!(id2.to_public().to_string(), id.to_public().to_string());
    }

    #[test]
    fn base64_is_bounded_and_exact() {
        assert_eq!(unb64::<2>(&b64(&[1, 2])), Some([1, 2]));
        assert_eq!(unb64::<2>(&b64(&[1, 2, 3])), None);
        assert_eq!(unb64::<32>(&"A".repeat(10_000)), None);
        assert_eq!(unb64::<2>("!!!"), None);
    }
}
