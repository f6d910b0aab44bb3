//! A strict, bounded reader of the age v1 header, for checking a blob's shape
//! without any key: how long the header is and how many X25519 stanzas it
//! has. The server uses it to refuse anything that is not a well-formed age
//! file for the current roster before storing a byte of it.
//!
//! This only parses; it decrypts and authenticates nothing. The header MAC
//! is checked by the `age` crate when a recipient opens the file.

use crate::sizes::AGE_INTRO;

/// Longest header accepted: enough for [`crate::sizes::MAX_RECIPIENTS`]
/// X25519 stanzas plus grease, with room to spare.
pub const MAX_HEADER_LEN: usize = 8 * 1024;

/// Why bytes are not an acceptable age header.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderError {
    /// Not an age v1 file.
    #[error("not an age-encrypted file")]
    NotAge,
    /// The header is malformed.
    #[error("malformed age header")]
    Malformed,
    /// The header is longer than [`MAX_HEADER_LEN`] or the input ended early.
    #[error("age header too long or truncated")]
    Length,
}

/// What the header of an age file looks like from outside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeaderShape {
    /// Header length in bytes, up to and including the MAC line's newline.
    pub len: usize,
    /// Number of `X25519` stanzas.
    pub x25519: usize,
    /// Number of other stanzas (grease, or other recipient types).
    pub other: usize,
}

fn is_arg_char(b: u8) -> bool {
    (33..=126).contains(&b)
}

fn is_b64_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

/// Reads the header at the start of `data` (which may hold more than the
/// header). `data` need only contain the first [`MAX_HEADER_LEN`] bytes.
pub fn inspect(data: &[u8]) -> Result<HeaderShape, HeaderError> {
    if !data.starts_with(AGE_INTRO) {
        if data.len() < AGE_INTRO.len() && AGE_INTRO.starts_with(data) {
            return Err(HeaderError::Length);
        }
        return Err(HeaderError::NotAge);
    }
    let data = &data[..data.len().min(MAX_HEADER_LEN)];
    let mut pos = AGE_INTRO.len();
    let mut shape = HeaderShape {
        len: 0,
        x25519: 0,
        other: 0,
    };
    let next_line = |pos: usize| -> Result<(&[u8], usize), HeaderError> {
        let rest = data.get(pos..).ok_or(HeaderError::Length)?;
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or(HeaderError::Length)?;
        Ok((&rest[..end], pos + end + 1))
    };
    loop {
        let (line, after) = next_line(pos)?;
        if let Some(mac) = line.strip_prefix(b"--- ") {
            if mac.len() != 43 || !mac.iter().copied().all(is_b64_char) {
                return Err(HeaderError::Malformed);
            }
            shape.len = after;
            return Ok(shape);
        }
        let Some(args) = line.strip_prefix(b"-> ") else {
            return Err(HeaderError::Malformed);
        };
        let args: Vec<&[u8]> = args.split(|&b| b == b' ').collect();
        if args
            .iter()
            .any(|a| a.is_empty() || !a.iter().copied().all(is_arg_char))
        {
            return Err(HeaderError::Malformed);
        }
        if args.first() == Some(&&b"X25519"[..]) {
            shape.x25519 += 1;
        } else {
            shape.other += 1;
        }
        // Body: full 64-character lines, ended by a shorter (maybe empty) one.
        pos = after;
        loop {
            let (body, after) = next_line(pos)?;
            if body.len() > 64 || !body.iter().copied().all(is_b64_char) {
                return Err(HeaderError::Malformed);
            }
            pos = after;
            if body.len() < 64 {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn encrypt(n: usize) -> Vec<u8> {
        let ids: Vec<_> = (0..n).map(|_| age::x25519::Identity::generate()).collect();
        let rs: Vec<_> = ids.iter().map(|i| i.to_public()).collect();
        let enc =
            age::Encryptor::with_recipients(rs.iter().map(|r| r as &dyn age::Recipient)).unwrap();
        let mut out = Vec::new();
        let mut w = enc.wrap_output(&mut out).unwrap();
        w.write_all(b"hello").unwrap();
        w.finish().unwrap();
        out
    }

    #[test]
    fn reads_real_headers() {
        for n in [1, 3, 10] {
            let file = encrypt(n);
            let shape = inspect(&file).unwrap();
            assert_eq!(shape.x25519, n);
            assert_eq!(shape.other, 1, "the age crate adds one grease stanza");
            assert_eq!(
                crate::sizes::plaintext_len((file.len() - shape.len) as u64),
                Some(5)
            );
        }
    }

    #[test]
    fn refuses_bad_headers() {
        assert_eq!(inspect(b"hello"), Err(HeaderError::NotAge));
        assert_eq!(inspect(b"age-enc"), Err(HeaderError::Length));
        assert_eq!(inspect(AGE_INTRO), Err(HeaderError::Length));
        let mut bad = AGE_INTRO.to_vec();
        bad.extend_from_slice(b"-> X25519 abc\n\n--- short\n");
        assert_eq!(inspect(&bad), Err(HeaderError::Malformed));
        let mut bad = AGE_INTRO.to_vec();
        bad.extend_from_slice(b"garbage\n");
        assert_eq!(inspect(&bad), Err(HeaderError::Malformed));
        let mut endless = AGE_INTRO.to_vec();
        endless.extend(std::iter::repeat_n(b'A', MAX_HEADER_LEN));
        assert_eq!(inspect(&endless), Err(HeaderError::Length));
    }
}
