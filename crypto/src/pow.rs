//! Proof of work for anonymous submissions (`docs/protocol.md` §10.1).
//!
//! The server hands out a [`Token`]: 71 bytes saying what the work is for
//! (the route's [`Kind`] and the exact body length), how hard it is
//! (`bits`), how much memory each try needs, when it expires and a random
//! nonce, authenticated with HMAC-SHA-256 under a [`ChallengeKey`] that
//! lives only in the server's memory. The client hashes the first 64 KiB of
//! the exact body it will post ([`binding`]) and tries counters until one
//! Argon2id evaluation over token, binding and counter starts with `bits`
//! zero bits ([`solve`]); it sends token and counter in the
//! [`HEADER`] header ([`Solution`]). The server checks the MAC, the kind,
//! the length and the expiry ([`ChallengeKey::verify`]), that the nonce is
//! new (its own state), then runs one evaluation ([`check`]).
//!
//! No identity, and nothing per client: the operator learns only how many
//! challenges were asked for and solved.
//!
//! ```
//! use sanctuary_crypto::pow::{self, Challenge, ChallengeKey, Kind, Solution};
//!
//! let key = ChallengeKey::generate();
//! let body = b"an age file";
//! let token = key.issue(&Challenge::new(Kind::Message, 2, body.len() as u64, 1_795_000_000)).unwrap();
//!
//! // The client.
//! let binding = pow::binding(body);
//! let counter = pow::solve(&token, &binding, |_tries| {});
//! let header = Solution { token, counter }.to_header_value();
//!
//! // The server.
//! let solution = Solution::parse_header(&header).unwrap();
//! key.verify(&solution.token, Kind::Message, body.len() as u64, 1_795_000_100).unwrap();
//! assert!(pow::check(&solution.token, &pow::binding(body), solution.counter));
//! ```

use std::fmt;
use std::str::FromStr;

use argon2::{Algorithm, Argon2, Block, Params, Version};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::api::ErrorCode;

/// The request header carrying a solution, `Sanctuary-Pow` (lower case
/// here, as HTTP libraries want header names).
pub const HEADER: &str = "sanctuary-pow";

/// The token format's version byte.
pub const VERSION: u8 = 1;

/// Length of a token in bytes.
pub const TOKEN_LEN: usize = 71;

/// Length of the part of a token the MAC covers.
const SIGNED_LEN: usize = 39;

/// Argon2id memory per evaluation, in KiB, at every level.
pub const MEMORY_KIB: u32 = 4096;

/// Least memory a token may ask for (Argon2's minimum for one lane).
pub const MIN_MEMORY_KIB: u32 = Params::MIN_M_COST;

/// Most memory a token may ask for (64 MiB), so that a token, even from a
/// faulty server, never makes a client allocate without bound.
pub const MAX_MEMORY_KIB: u32 = 64 * 1024;

/// Seconds from issue to expiry.
pub const EXPIRY_SECS: u64 = 600;

/// How many leading bytes of a body the binding covers.
pub const BINDING_PREFIX: usize = 65_536;

/// Most leading zero bits a token may require.
pub const MAX_BITS: u8 = 24;

/// Highest difficulty level a server may be configured to reach.
pub const MAX_LEVEL: u8 = 8;

/// Longest header value accepted.
pub const MAX_HEADER_LEN: usize = 200;

/// Attachment sizes are counted in steps of this many bytes (16 MiB): each
/// doubling of the steps above one adds a bit.
pub const ATTACHMENT_STEP: u64 = 16 * 1024 * 1024;

/// Most bits an attachment's size adds (16 times the work).
pub const MAX_SIZE_BITS: u8 = 4;

/// The Argon2id salt.
const SALT: &[u8; 16] = b"sanctuary-pow-v1";

/// What the MAC covers before the token's first 39 bytes.
const MAC_CONTEXT: &[u8] = b"sanctuary-pow-v1\n";

/// Why a token or solution is refused. Each variant has a short stable
/// code for the API ([`PowError::code`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PowError {
    /// The request carries no solution.
    #[error("the request carries no proof of work")]
    Missing,
    /// The header or token is malformed: wrong length, encoding, version,
    /// kind, or a difficulty or memory out of bounds.
    #[error("the proof of work is malformed")]
    Malformed,
    /// The token's MAC does not verify: not issued by this server (or by
    /// this server before it restarted).
    #[error("the proof of work's challenge was not issued by this server")]
    BadMac,
    /// The token was issued for another route.
    #[error("the proof of work's challenge is for another kind of submission")]
    WrongKind,
    /// The token was issued for a body of another length.
    #[error("the proof of work's challenge is for a body of another length")]
    WrongLength,
    /// The token has expired.
    #[error("the proof of work's challenge has expired")]
    Expired,
    /// The token's nonce was used before.
    #[error("the proof of work's challenge was already used")]
    Reused,
    /// The counter does not solve the challenge for this body.
    #[error("the proof of work does not solve its challenge for this body")]
    Unsolved,
}

impl PowError {
    /// The stable code for API error bodies: `pow_required`, `bad_pow`,
    /// `pow_expired` or `pow_reused`.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Missing => ErrorCode::PowRequired,
            Self::Expired => ErrorCode::PowExpired,
            Self::Reused => ErrorCode::PowReused,
            Self::Malformed
            | Self::BadMac
            | Self::WrongKind
            | Self::WrongLength
            | Self::Unsolved => ErrorCode::BadPow,
        }
    }
}

/// Which anonymous route a challenge is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `POST /v1/messages`: reports and follow-ups.
    Message,
    /// `POST /v1/attachments`: reporters' attachments.
    Attachment,
}

impl Kind {
    /// The byte in a token.
    pub fn to_byte(self) -> u8 {
        match self {
            Self::Message => 0,
            Self::Attachment => 1,
        }
    }

    /// The kind a token's byte names, if any.
    pub fn from_byte(byte: u8) -> Option<Self> {
        match byte {
            0 => Some(Self::Message),
            1 => Some(Self::Attachment),
            _ => None,
        }
    }

    /// The name used in `GET /v1/pow?kind=…`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Message => "message",
            Self::Attachment => "attachment",
        }
    }
}

/// What a token says, before it is authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// The route.
    pub kind: Kind,
    /// Leading zero bits required, at most [`MAX_BITS`].
    pub bits: u8,
    /// Argon2id memory in KiB, [`MIN_MEMORY_KIB`] to [`MAX_MEMORY_KIB`].
    pub memory_kib: u32,
    /// The exact length of the body it is for.
    pub body_len: u64,
    /// Unix seconds after which it is refused.
    pub expires: u64,
    /// Random, so that each challenge is single use.
    pub nonce: [u8; 16],
}

impl Challenge {
    /// A challenge with [`MEMORY_KIB`], expiring [`EXPIRY_SECS`] after
    /// `now`, with a random nonce.
    pub fn new(kind: Kind, bits: u8, body_len: u64, now: u64) -> Self {
        let mut nonce = [0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut nonce);
        Self {
            kind,
            bits,
            memory_kib: MEMORY_KIB,
            body_len,
            expires: now.saturating_add(EXPIRY_SECS),
            nonce,
        }
    }

    fn is_valid(&self) -> bool {
        self.bits <= MAX_BITS && (MIN_MEMORY_KIB..=MAX_MEMORY_KIB).contains(&self.memory_kib)
    }

    /// The first 39 bytes of the token: everything but the MAC.
    fn signed_bytes(&self) -> [u8; SIGNED_LEN] {
        let mut out = [0u8; SIGNED_LEN];
        out[0] = VERSION;
        out[1] = self.kind.to_byte();
        out[2] = self.bits;
        out[3..7].copy_from_slice(&self.memory_kib.to_be_bytes());
        out[7..15].copy_from_slice(&self.body_len.to_be_bytes());
        out[15..23].copy_from_slice(&self.expires.to_be_bytes());
        out[23..39].copy_from_slice(&self.nonce);
        out
    }
}

/// A challenge token as issued: its fields and its MAC. Parsing checks the
/// format and bounds only; [`ChallengeKey::verify`] checks the MAC.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Token {
    challenge: Challenge,
    bytes: [u8; TOKEN_LEN],
}

impl Token {
    /// Parses the 71 bytes of a token.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, PowError> {
        let bytes: [u8; TOKEN_LEN] = bytes.try_into().map_err(|_| PowError::Malformed)?;
        let u32_at =
            |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        let u64_at = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[i..i + 8]);
            u64::from_be_bytes(b)
        };
        if bytes[0] != VERSION {
            return Err(PowError::Malformed);
        }
        let mut nonce = [0u8; 16];
        nonce.copy_from_slice(&bytes[23..39]);
        let challenge = Challenge {
            kind: Kind::from_byte(bytes[1]).ok_or(PowError::Malformed)?,
            bits: bytes[2],
            memory_kib: u32_at(3),
            body_len: u64_at(7),
            expires: u64_at(15),
            nonce,
        };
        if !challenge.is_valid() {
            return Err(PowError::Malformed);
        }
        Ok(Self { challenge, bytes })
    }

    /// The token's 71 bytes.
    pub fn as_bytes(&self) -> &[u8; TOKEN_LEN] {
        &self.bytes
    }

    /// What the token says.
    pub fn challenge(&self) -> &Challenge {
        &self.challenge
    }

    fn mac(&self) -> &[u8] {
        &self.bytes[SIGNED_LEN..]
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Token").field(&self.challenge).finish()
    }
}

/// The token in base64url without padding.
impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&URL_SAFE_NO_PAD.encode(self.bytes))
    }
}

impl FromStr for Token {
    type Err = PowError;

    /// Parses a token from base64url without padding.
    fn from_str(s: &str) -> Result<Self, PowError> {
        // 71 bytes are 95 characters.
        if s.len() != 95 {
            return Err(PowError::Malformed);
        }
        let bytes = URL_SAFE_NO_PAD
            .decode(s.as_bytes())
            .map_err(|_| PowError::Malformed)?;
        Self::from_bytes(&bytes)
    }
}

impl Serialize for Token {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Token {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse()
            .map_err(|_| serde::de::Error::custom("invalid proof-of-work challenge"))
    }
}

/// The server's key for challenge MACs: 32 random bytes drawn when the
/// process starts and kept only in memory, so a restart voids every
/// challenge. Zeroized on drop; `Debug` shows nothing of it.
pub struct ChallengeKey(Zeroizing<[u8; 32]>);

impl fmt::Debug for ChallengeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ChallengeKey(..)")
    }
}

impl ChallengeKey {
    /// A fresh random key.
    pub fn generate() -> Self {
        let mut key = Zeroizing::new([0u8; 32]);
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, key.as_mut());
        Self(key)
    }

    /// A key from its bytes (for tests and the known-answer vectors).
    pub fn from_bytes(bytes: &[u8; 32]) -> Self {
        Self(Zeroizing::new(*bytes))
    }

    fn mac(&self, signed: &[u8]) -> [u8; 32] {
        // HMAC takes keys of any length; 32 bytes cannot fail.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.0.as_ref())
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(MAC_CONTEXT);
        mac.update(signed);
        mac.finalize().into_bytes().into()
    }

    /// Issues a token for `challenge`. Fails ([`PowError::Malformed`]) if
    /// its bits or memory are out of bounds.
    pub fn issue(&self, challenge: &Challenge) -> Result<Token, PowError> {
        if !challenge.is_valid() {
            return Err(PowError::Malformed);
        }
        let signed = challenge.signed_bytes();
        let mut bytes = [0u8; TOKEN_LEN];
        bytes[..SIGNED_LEN].copy_from_slice(&signed);
        bytes[SIGNED_LEN..].copy_from_slice(&self.mac(&signed));
        Ok(Token {
            challenge: *challenge,
            bytes,
        })
    }

    /// Checks, in this order, that this key issued `token` (in constant
    /// time), for the route `kind`, for a body of `body_len` bytes, and
    /// that it has not expired at `now` (Unix seconds). The nonce's
    /// freshness and the work itself ([`check`]) are left to the caller.
    pub fn verify(
        &self,
        token: &Token,
        kind: Kind,
        body_len: u64,
        now: u64,
    ) -> Result<(), PowError> {
        let expected = self.mac(&token.bytes[..SIGNED_LEN]);
        if !bool::from(expected.ct_eq(token.mac())) {
            return Err(PowError::BadMac);
        }
        let c = token.challenge();
        if c.kind != kind {
            return Err(PowError::WrongKind);
        }
        if c.body_len != body_len {
            return Err(PowError::WrongLength);
        }
        if now > c.expires {
            return Err(PowError::Expired);
        }
        Ok(())
    }
}

/// A solved challenge as sent in the [`HEADER`] header:
/// `<base64url token>.<counter in decimal>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Solution {
    /// The challenge.
    pub token: Token,
    /// The counter that solves it.
    pub counter: u64,
}

impl Solution {
    /// The header value.
    pub fn to_header_value(&self) -> String {
        format!("{}.{}", self.token, self.counter)
    }

    /// Parses a header value: at most [`MAX_HEADER_LEN`] bytes, a token,
    /// a dot, and the counter in canonical decimal (no sign, no leading
    /// zero) that fits in a `u64`.
    pub fn parse_header(value: &str) -> Result<Self, PowError> {
        if value.len() > MAX_HEADER_LEN {
            return Err(PowError::Malformed);
        }
        let (token, counter) = value.split_once('.').ok_or(PowError::Malformed)?;
        let canonical = !counter.is_empty()
            && counter.bytes().all(|b| b.is_ascii_digit())
            && (counter == "0" || !counter.starts_with('0'));
        if !canonical {
            return Err(PowError::Malformed);
        }
        Ok(Self {
            token: token.parse()?,
            counter: counter.parse().map_err(|_| PowError::Malformed)?,
        })
    }
}

/// SHA-256 of the first [`BINDING_PREFIX`] bytes of `body` (all of it if
/// shorter): what ties a solution to the exact body posted.
pub fn binding(body: &[u8]) -> [u8; 32] {
    let prefix = body.get(..BINDING_PREFIX).unwrap_or(body);
    Sha256::digest(prefix).into()
}

/// One Argon2id evaluation with a token's parameters, reusing its memory
/// across counters.
struct Evaluator<'a> {
    token: &'a Token,
    binding: &'a [u8; 32],
    argon2: Argon2<'static>,
    memory: Vec<Block>,
}

impl<'a> Evaluator<'a> {
    fn new(token: &'a Token, binding: &'a [u8; 32]) -> Self {
        // A token's memory is within Argon2's bounds (checked when it was
        // parsed or issued), and t = 1, p = 1 and 32 bytes always are.
        let params = Params::new(token.challenge.memory_kib, 1, 1, Some(32))
            .unwrap_or_else(|_| unreachable!("token parameters are checked"));
        let memory = vec![Block::default(); params.block_count()];
        Self {
            token,
            binding,
            argon2: Argon2::new(Algorithm::Argon2id, Version::V0x13, params),
            memory,
        }
    }

    fn evaluate(&mut self, counter: u64) -> [u8; 32] {
        let mut password = [0u8; TOKEN_LEN + 32 + 8];
        password[..TOKEN_LEN].copy_from_slice(&self.token.bytes);
        password[TOKEN_LEN..TOKEN_LEN + 32].copy_from_slice(self.binding);
        password[TOKEN_LEN + 32..].copy_from_slice(&counter.to_be_bytes());
        let mut out = [0u8; 32];
        self.argon2
            .hash_password_into_with_memory(&password, SALT, &mut out, &mut self.memory)
            .unwrap_or_else(|_| unreachable!("inputs and memory are within Argon2's bounds"));
        out
    }
}

/// The Argon2id output for `counter`: version 0x13, the token's memory,
/// t = 1, p = 1, 32 bytes, over token ‖ binding ‖ counter (big-endian)
/// with the salt `sanctuary-pow-v1`.
pub fn evaluate(token: &Token, binding: &[u8; 32], counter: u64) -> [u8; 32] {
    Evaluator::new(token, binding).evaluate(counter)
}

/// How many zero bits `out` starts with (bit 7 of the first byte first).
pub fn leading_zero_bits(out: &[u8]) -> u32 {
    let mut bits = 0;
    for &byte in out {
        bits += byte.leading_zeros();
        if byte != 0 {
            break;
        }
    }
    bits
}

/// Whether `counter` solves `token` for a body with `binding`: one
/// evaluation.
pub fn check(token: &Token, binding: &[u8; 32], counter: u64) -> bool {
    leading_zero_bits(&evaluate(token, binding, counter)) >= u32::from(token.challenge.bits)
}

/// Finds the first counter that solves `token` for a body with `binding`,
/// calling `progress` with the number of tries after each unsuccessful
/// one. Expected tries: 2^bits.
pub fn solve(token: &Token, binding: &[u8; 32], mut progress: impl FnMut(u64)) -> u64 {
    let bits = u32::from(token.challenge.bits);
    let mut evaluator = Evaluator::new(token, binding);
    let mut counter = 0u64;
    // With at most 24 bits, a solution is all but certain within 2^30
    // tries; the counter cannot wrap in any real run.
    while leading_zero_bits(&evaluator.evaluate(counter)) < bits {
        counter = counter.wrapping_add(1);
        progress(counter);
    }
    counter
}

/// The difficulty level for `count` submissions accepted over the last 10
/// minutes: 0 while `count` is at most `baseline`, then one more for each
/// doubling, at most `max_level` (itself at most [`MAX_LEVEL`]).
pub fn level(count: u64, baseline: u64, max_level: u8) -> u8 {
    let baseline = baseline.max(1);
    if count <= baseline {
        return 0;
    }
    // floor(log2(count / baseline)) equals floor(log2 of the integer
    // quotient), which is at least 1 here.
    let doublings = (count / baseline).ilog2();
    let level = u8::try_from(1 + doublings).unwrap_or(u8::MAX);
    level.min(max_level).min(MAX_LEVEL)
}

/// Leading zero bits for a message challenge at `level`.
pub fn message_bits(level: u8) -> u8 {
    level.min(MAX_LEVEL)
}

/// Leading zero bits for an attachment challenge of `size` bytes at
/// `level`: the level plus ceil(log2(steps)) for its number of 16 MiB
/// steps, at most 4 (so each doubling above 16 MiB doubles the work, up
/// to 16 times).
pub fn attachment_bits(level: u8, size: u64) -> u8 {
    let steps = size.div_ceil(ATTACHMENT_STEP).max(1);
    // ceil(log2(steps)): 0 for one step.
    let size_bits = if steps == 1 {
        0
    } else {
        u8::try_from((steps - 1).ilog2() + 1).unwrap_or(u8::MAX)
    };
    message_bits(level) + size_bits.min(MAX_SIZE_BITS)
}

#[cfg(test)]
mod tests;
