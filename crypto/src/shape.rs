//! Checks of a blob's outward shape, needing no key: is it an age file for
//! the expected number of recipients, with a length an honest client
//! produces? The server runs these before storing anything, so that a faulty
//! client cannot leak a length.

use crate::age_header::{self, HeaderError, MAX_HEADER_LEN};
use crate::sizes::{BUCKETS, bucket_ciphertext_len, is_padme, padme, plaintext_len};

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
    /// Encrypted to a different number of X25519 recipients than the
    /// current roster requires (usually: the roster changed).
    #[error("the blob is encrypted to {found} recipients, the roster needs {expected}")]
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
    /// A short, stable code for API error bodies.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotAge => "not_age",
            Self::Malformed => "bad_header",
            Self::Recipients { .. } => "roster_changed",
            Self::Size => "bad_size",
            Self::TooLarge => "too_large",
        }
    }
}

fn header(prefix: &[u8], recipients: usize) -> Result<age_header::HeaderShape, ShapeError> {
    let shape = age_header::inspect(prefix).map_err(|e| match e {
        HeaderError::NotAge => ShapeError::NotAge,
        _ => ShapeError::Malformed,
    })?;
    // The age crate adds one grease stanza; the Go tool adds none.
    if shape.other > 1 {
        return Err(ShapeError::Malformed);
    }
    if shape.x25519 != recipients {
        return Err(ShapeError::Recipients {
            expected: recipients,
            found: shape.x25519,
        });
    }
    Ok(shape)
}

/// Checks a message blob of `total_len` bytes starting with `prefix` (at
/// least [`SHAPE_PREFIX_LEN`] bytes, or the whole blob if shorter) for
/// `recipients` recipients. Returns the bucket.
pub fn check_message(
    prefix: &[u8],
    total_len: u64,
    recipients: usize,
) -> Result<usize, ShapeError> {
    let bucket = BUCKETS
        .into_iter()
        .find(|&b| bucket_ciphertext_len(b, recipients) == total_len);
    // A wrong length for the right recipients is a size error; for another
    // recipient count it is the roster that changed, so read the header.
    let shape = header(prefix, recipients);
    match (bucket, shape) {
        (Some(bucket), Ok(_)) => Ok(bucket),
        (_, Err(e)) => Err(e),
        (None, Ok(_)) => Err(ShapeError::Size),
    }
}

/// Checks an attachment blob for `recipients` recipients and a policy limit
/// of `max_size` real bytes. Returns the padded plaintext length.
pub fn check_attachment(
    prefix: &[u8],
    total_len: u64,
    recipients: usize,
    max_size: u64,
) -> Result<u64, ShapeError> {
    let shape = header(prefix, recipients)?;
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
