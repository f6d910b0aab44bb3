//! Checks of a blob's outward shape, needing no key: is it an age file for
//! the expected number of recipients, with a length an honest client
//! produces? The server runs these before storing anything, so that a faulty
//! client cannot leak a length.

use crate::age_header::{self, HeaderError, MAX_HEADER_LEN};
use crate::api::ErrorCode;
use crate::recipients::Mix;
use crate::sizes::{
    BUCKETS, bucket_ciphertext_len, is_padme, max_header_len, padme, plaintext_len,
};

/// How many leading bytes of a blob the shape checks need at most.
pub const SHAPE_PREFIX_LEN: usize = MAX_HEADER_LEN;

/// Why a blob's shape is refused. Each variant has a short stable code for
/// the API ([`ShapeError::code`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ShapeError {
    /// Not an age file.
    #[error("the blob is not an age-encrypted file")]
    NotAge,
    /// An age file with a malformed or oversized header.
    #[error("the blob's age header is malformed")]
    Malformed,
    /// Encrypted to a different number or kind (X25519, post-quantum) of
    /// recipients than the current roster requires (usually: the roster
    /// changed).
    #[error(
        "the blob is encrypted to {found} recipients, the roster needs {expected} (of one kind)"
    )]
    Recipients {
        /// What the current roster requires.
        expected: usize,
        /// What the blob has.
        found: usize,
    },
    /// The length is not one an honest client produces.
    #[error("the blob's length is not an allowed size")]
    Size,
    /// An attachment larger than the unit's policy allows.
    #[error("the attachment is larger than the unit allows")]
    TooLarge,
}

impl ShapeError {
    /// The stable code for API error bodies.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::NotAge => ErrorCode::NotAge,
            Self::Malformed => ErrorCode::BadHeader,
            Self::Recipients { .. } => ErrorCode::RosterChanged,
            Self::Size => ErrorCode::BadSize,
            Self::TooLarge => ErrorCode::TooLarge,
        }
    }
}

/// Reads the header and finds which of the `allowed` mixes it has: all its
/// recipient stanzas of that mix's kind, as many as it says, and at most
/// one other (grease) stanza.
fn header(prefix: &[u8], allowed: &[Mix]) -> Result<(age_header::HeaderShape, Mix), ShapeError> {
    let expected = allowed.first().map_or(0, |m| m.count);
    let longest = allowed
        .iter()
        .map(|&m| max_header_len(m))
        .max()
        .unwrap_or(0);
    let shape = match age_header::inspect(prefix) {
        Ok(shape) => shape,
        Err(HeaderError::NotAge) => return Err(ShapeError::NotAge),
        // The header goes on past the longest one the roster allows: it
        // was sealed to other recipients (an upload's prefix is cut there).
        Err(HeaderError::Length) if prefix.len() as u64 >= longest => {
            return Err(ShapeError::Recipients {
                expected,
                found: prefix.windows(4).filter(|w| w == b"\n-> ").count(),
            });
        }
        Err(_) => return Err(ShapeError::Malformed),
    };
    if shape.other > 1 {
        return Err(ShapeError::Malformed);
    }
    let found = shape.x25519 + shape.post_quantum;
    allowed
        .iter()
        .find(|mix| shape.count(mix.kind) == mix.count && found == mix.count)
        .map(|&mix| (shape, mix))
        .ok_or(ShapeError::Recipients { expected, found })
}

/// Checks a message blob of `total_len` bytes starting with `prefix` (at
/// least [`SHAPE_PREFIX_LEN`] bytes, or the whole blob if shorter) for one
/// of the `allowed` recipient mixes. Returns the bucket.
pub fn check_message(prefix: &[u8], total_len: u64, allowed: &[Mix]) -> Result<usize, ShapeError> {
    // A wrong length for the right recipients is a size error; for other
    // recipients it is the roster that changed, so read the header first.
    let (_, mix) = header(prefix, allowed)?;
    BUCKETS
        .into_iter()
        .find(|&b| bucket_ciphertext_len(b, mix) == total_len)
        .ok_or(ShapeError::Size)
}

/// Checks an attachment blob sealed to one of the `allowed` mixes and a
/// policy limit of `max_size` real bytes. Returns the padded plaintext
/// length.
pub fn check_attachment(
    prefix: &[u8],
    total_len: u64,
    allowed: &[Mix],
    max_size: u64,
) -> Result<u64, ShapeError> {
    let (shape, _) = header(prefix, allowed)?;
    let payload = total_len
        .checked_sub(shape.len as u64)
        .ok_or(ShapeError::Size)?;
    let padded = plaintext_len(payload).ok_or(ShapeError::Size)?;
    if !is_padme(padded) {
        return Err(ShapeError::Size);
    }
    if padded > padme(max_size) {
        return Err(ShapeError::TooLarge);
    }
    Ok(padded)
}
