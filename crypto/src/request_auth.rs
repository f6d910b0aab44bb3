//! Signed caseworker requests.
//!
//! Every caseworker request carries one header:
//!
//! ```text
//! Authorization: Sanctuary-v2 key=<b64url>,ts=<unix seconds>,nonce=<b64url>,sha256=<hex>,sig=<b64url>
//! ```
//!
//! The signature is Ed25519 over [`REQUEST_CONTEXT`] followed by the unit ID,
//! the method, the path with its query, the timestamp, the nonce and the
//! body's SHA-256, each on its own line. Naming the unit means a request
//! made to one unit's server is worth nothing at another's, even when a
//! caseworker uses one key in both. The server checks the key is on the
//! current roster, the timestamp is within [`MAX_SKEW_SECS`], the nonce is
//! new, and the body hashes to `sha256`.

use std::fmt;

use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::caseworker::CaseworkerKey;
use crate::ids::decode_hex;
use crate::keys::{
    b64, decode_signature, decode_verifying_key, encode_signature, encode_verifying_key, unb64,
};
use crate::unit::UnitId;

/// The authorization scheme name.
pub const SCHEME: &str = "Sanctuary-v2";

/// Signature context.
pub const REQUEST_CONTEXT: &[u8] = b"sanctuary-request-v2\n";

/// How far a request's timestamp may be from the server's clock.
pub const MAX_SKEW_SECS: u64 = 300;

/// Longest header value accepted.
pub const MAX_HEADER_LEN: usize = 512;

/// Why an authorization header is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestAuthError {
    /// Missing, too long, wrong scheme or malformed.
    #[error("malformed authorization header")]
    Malformed,
    /// The signature does not verify for this request.
    #[error("the request signature is invalid")]
    BadSignature,
    /// The timestamp is too far from the server's clock.
    #[error("the request timestamp is too far from the server's clock")]
    Stale,
}

/// A parsed authorization header.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The caseworker's key.
    pub key: VerifyingKey,
    /// Unix seconds when the request was signed.
    pub timestamp: u64,
    /// 16 random bytes; never accepted twice.
    pub nonce: [u8; 16],
    /// SHA-256 of the request body.
    pub body_sha256: [u8; 32],
    signature: Signature,
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedRequest")
            .field("key", &encode_verifying_key(&self.key))
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

fn message(
    unit: &UnitId,
    method: &str,
    path_and_query: &str,
    timestamp: u64,
    nonce: &[u8; 16],
    body_sha256: &[u8; 32],
) -> Vec<u8> {
    let mut m = REQUEST_CONTEXT.to_vec();
    m.extend_from_slice(
        format!(
            "{}\n{}\n{}\n{}\n{}\n{}",
            unit,
            method.to_ascii_uppercase(),
            path_and_query,
            timestamp,
            b64(nonce),
            hex::encode(body_sha256)
        )
        .as_bytes(),
    );
    m
}

/// SHA-256 of a request body.
pub fn body_sha256(body: &[u8]) -> [u8; 32] {
    Sha256::digest(body).into()
}

impl SignedRequest {
    /// Signs a request to `unit`'s server with a fresh random nonce.
    pub fn sign(
        key: &CaseworkerKey,
        unit: &UnitId,
        method: &str,
        path_and_query: &str,
        timestamp: u64,
        body_sha256: [u8; 32],
    ) -> Self {
        let mut nonce = [0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut nonce);
        Self::sign_with_nonce(
            key,
            unit,
            method,
            path_and_query,
            timestamp,
            nonce,
            body_sha256,
        )
    }

    /// Signs a request with a given nonce: for test vectors only. A nonce
    /// must never be reused, so real requests use [`Self::sign`].
    pub fn sign_with_nonce(
        key: &CaseworkerKey,
        unit: &UnitId,
        method: &str,
        path_and_query: &str,
        timestamp: u64,
        nonce: [u8; 16],
        body_sha256: [u8; 32],
    ) -> Self {
        let signature = key.sign(&message(
            unit,
            method,
            path_and_query,
            timestamp,
            &nonce,
            &body_sha256,
        ));
        Self {
            key: key.verifying_key(),
            timestamp,
            nonce,
            body_sha256,
            signature,
        }
    }

    /// The header value.
    pub fn to_header_value(&self) -> String {
        format!(
            "{SCHEME} key={},ts={},nonce={},sha256={},sig={}",
            encode_verifying_key(&self.key),
            self.timestamp,
            b64(&self.nonce),
            hex::encode(self.body_sha256),
            encode_signature(&self.signature)
        )
    }

    /// Parses a header value. Every field is required, once, in any order.
    pub fn parse(value: &str) -> Result<Self, RequestAuthError> {
        let bad = RequestAuthError::Malformed;
        if value.len() > MAX_HEADER_LEN {
            return Err(bad);
        }
        let rest = value
            .strip_prefix(SCHEME)
            .and_then(|r| r.strip_prefix(' '))
            .ok_or(bad.clone())?;
        let (mut key, mut ts, mut nonce, mut sha, mut sig) = (None, None, None, None, None);
        for part in rest.split(',') {
            let (name, val) = part.trim().split_once('=').ok_or(bad.clone())?;
            let slot = match name {
                "key" => &mut key,
                "ts" => &mut ts,
                "nonce" => &mut nonce,
                "sha256" => &mut sha,
                "sig" => &mut sig,
                _ => return Err(bad),
            };
            if slot.replace(val).is_some() {
                return Err(bad);
            }
        }
        let (Some(key), Some(ts), Some(nonce), Some(sha), Some(sig)) = (key, ts, nonce, sha, sig)
        else {
            return Err(bad);
        };
        if ts.is_empty() || ts.len() > 20 || !ts.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad);
        }
        Ok(Self {
            key: decode_verifying_key(key).ok_or(bad.clone())?,
            timestamp: ts.parse().map_err(|_| bad.clone())?,
            nonce: unb64::<16>(nonce).ok_or(bad.clone())?,
            body_sha256: decode_hex::<32>(sha).map_err(|_| bad.clone())?,
            signature: decode_signature(sig).ok_or(bad)?,
        })
    }

    /// Checks the signature over this unit, method and path, and the
    /// timestamp against `now` (Unix seconds). The caller still checks the
    /// key against the roster, the nonce against replays and the body
    /// against `body_sha256`.
    pub fn verify(
        &self,
        unit: &UnitId,
        method: &str,
        path_and_query: &str,
        now: u64,
    ) -> Result<(), RequestAuthError> {
        if now.abs_diff(self.timestamp) > MAX_SKEW_SECS {
            return Err(RequestAuthError::Stale);
        }
        let m = message(
            unit,
            method,
            path_and_query,
            self.timestamp,
            &self.nonce,
            &self.body_sha256,
        );
        self.key
            .verify(&m, &self.signature)
            .map_err(|_| RequestAuthError::BadSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::UnitKey;

    fn unit() -> UnitId {
        UnitKey::from_seed(&zeroize::Zeroizing::new([1; 32])).unit_id()
    }

    #[test]
    fn sign_parse_verify() {
        let key = CaseworkerKey::generate("A".parse().unwrap());
        let unit = unit();
        let req = SignedRequest::sign(
            &key,
            &unit,
            "get",
            "/v1/inbox?limit=10",
            1_000_000,
            body_sha256(b""),
        );
        let header = req.to_header_value();
        assert!(header.len() <= MAX_HEADER_LEN);
        let parsed = SignedRequest::parse(&header).unwrap();
        assert_eq!(parsed, req);
        parsed
            .verify(&unit, "GET", "/v1/inbox?limit=10", 1_000_100)
            .unwrap();
        // The same request at another unit's server.
        let other = UnitKey::from_seed(&zeroize::Zeroizing::new([2; 32])).unit_id();
        assert_eq!(
            parsed.verify(&other, "GET", "/v1/inbox?limit=10", 1_000_100),
            Err(RequestAuthError::BadSignature)
        );
        assert_eq!(
            parsed.verify(&unit, "GET", "/v1/inbox?limit=11", 1_000_100),
            Err(RequestAuthError::BadSignature)
        );
        assert_eq!(
            parsed.verify(&unit, "DELETE", "/v1/inbox?limit=10", 1_000_100),
            Err(RequestAuthError::BadSignature)
        );
        assert_eq!(
            parsed.verify(&unit, "GET", "/v1/inbox?limit=10", 1_000_301),
            Err(RequestAuthError::Stale)
        );
        assert_eq!(
            parsed.verify(&unit, "GET", "/v1/inbox?limit=10", 999_699),
            Err(RequestAuthError::Stale)
        );
    }

    #[test]
    fn malformed_headers() {
        let key = CaseworkerKey::generate("A".parse().unwrap());
        let good =
            SignedRequest::sign(&key, &unit(), "GET", "/", 5, body_sha256(b"")).to_header_value();
        let cases = [
            String::new(),
            "Bearer x".into(),
            good.replace("Sanctuary-v2 ", "Sanctuary-v1 "),
            good.replace("Sanctuary-v2 ", "Sanctuary-v3 "),
            good.replace("ts=5", "ts=-5"),
            good.replace("ts=5", "ts=5,ts=5"),
            good.replace(",sig=", ",extra=1,sig="),
            good.split(",sig=").next().unwrap().to_owned(),
            format!("{good}{}", "A".repeat(600)),
        ];
        for c in cases {
            assert_eq!(
                SignedRequest::parse(&c),
                Err(RequestAuthError::Malformed),
                "{c}"
            );
        }
    }
}
