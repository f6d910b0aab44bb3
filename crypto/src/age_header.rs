//! A strict, bounded reader of the age v1 header, for checking a blob's shape
//! without any key: how long the header is and how many recipient stanzas
//! of each kind it has. The server uses it to refuse anything that is not a
//! well-formed age file for the current roster before storing a byte of it.
//!
//! Stanzas are read with age's own parser (`age_core::format::read`), which
//! requires canonical base64 bodies wrapped at 64 columns. What is ours is
//! on top: the bounds, the MAC line, and the exact form of the two stanza
//! kinds Sanctuary writes (one argument of a fixed length and a 32-byte
//! body), so that a header's length follows from its stanza counts and its
//! grease stanza alone.
//!
//! This only parses; it decrypts and authenticates nothing. The header MAC
//! is checked by the `age` crate when a recipient opens the file.

use age_core::format::AgeStanza;
use age_core::format::read::age_stanza;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD;

use crate::recipients::StanzaKind;
use crate::sizes::{AGE_INTRO, GREASE_MAX, MAX_RECIPIENTS};

/// Longest header accepted: [`crate::sizes::MAX_RECIPIENTS`] post-quantum
/// stanzas (1557 bytes each), the longest grease stanza and the MAC line fit
/// with room to spare.
pub const MAX_HEADER_LEN: usize = 80 * 1024;

const _: () = assert!(
    AGE_INTRO.len() as u64
        + MAX_RECIPIENTS as u64 * StanzaKind::PostQuantum.stanza_len()
        + GREASE_MAX
        + MAC_LINE_LEN
        <= MAX_HEADER_LEN as u64
);

const MAC_LINE: &[u8] = b"--- ";
/// `--- `, the 43-character MAC, and the newline.
const MAC_LINE_LEN: u64 = 4 + 43 + 1;

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
    /// Number of `mlkem768x25519` (post-quantum) stanzas.
    pub post_quantum: usize,
    /// Number of other stanzas (grease, or other recipient types).
    pub other: usize,
}

impl HeaderShape {
    /// Recipient stanzas of `kind`.
    pub fn count(&self, kind: StanzaKind) -> usize {
        match kind {
            StanzaKind::X25519 => self.x25519,
            StanzaKind::PostQuantum => self.post_quantum,
        }
    }
}

/// The exact form Sanctuary's two stanza kinds have: one argument of this
/// many base64 characters and a 32-byte body.
fn well_formed(stanza: &AgeStanza<'_>, arg_len: usize) -> bool {
    matches!(stanza.args.as_slice(), [arg] if arg.len() == arg_len
        && STANDARD_NO_PAD.decode(arg).is_ok())
        && stanza.body().len() == 32
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
    let mut rest = &data[AGE_INTRO.len()..];
    let mut shape = HeaderShape {
        len: 0,
        x25519: 0,
        post_quantum: 0,
        other: 0,
    };
    loop {
        if let Some(mac) = rest.strip_prefix(MAC_LINE) {
            let end = mac
                .iter()
                .position(|&b| b == b'\n')
                .ok_or(HeaderError::Length)?;
            // 32 bytes in canonical unpadded base64 (the decoder refuses
            // stray trailing bits).
            if end != 43 || STANDARD_NO_PAD.decode(&mac[..end]).is_err() {
                return Err(HeaderError::Malformed);
            }
            shape.len = data.len() - mac.len() + end + 1;
            return Ok(shape);
        }
        if MAC_LINE.starts_with(rest) {
            return Err(HeaderError::Length);
        }
        let (after, stanza) = match age_stanza(rest) {
            Ok(parsed) => parsed,
            Err(nom::Err::Incomplete(_)) => return Err(HeaderError::Length),
            Err(_) => return Err(HeaderError::Malformed),
        };
        let stanza_len = (rest.len() - after.len()) as u64;
        if stanza.tag == StanzaKind::X25519.tag() {
            if !well_formed(&stanza, 43) {
                return Err(HeaderError::Malformed);
            }
            shape.x25519 += 1;
        } else if stanza.tag == StanzaKind::PostQuantum.tag() {
            if !well_formed(&stanza, crate::pq::ENC_BASE64_LEN) {
                return Err(HeaderError::Malformed);
            }
            shape.post_quantum += 1;
        } else {
            // Grease: no longer than the age crate ever writes.
            if stanza_len > GREASE_MAX {
                return Err(HeaderError::Malformed);
            }
            shape.other += 1;
        }
        rest = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipients::Mix;
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
            assert_eq!(shape.post_quantum, 0);
            assert!(shape.len as u64 <= crate::sizes::max_header_len(Mix::x25519(n)));
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
        let mut not_a_stanza = AGE_INTRO.to_vec();
        not_a_stanza.extend(std::iter::repeat_n(b'A', MAX_HEADER_LEN));
        assert_eq!(inspect(&not_a_stanza), Err(HeaderError::Malformed));
        let mut endless = AGE_INTRO.to_vec();
        endless.extend_from_slice(b"-> a-grease\n");
        while endless.len() < MAX_HEADER_LEN + 100 {
            endless.extend_from_slice(&[b'A'; 64]);
            endless.push(b'\n');
        }
        assert_eq!(inspect(&endless), Err(HeaderError::Length));
    }

    /// Replaces the first stanza line of a real header.
    fn with_first_stanza(file: &[u8], stanza: &[u8]) -> Vec<u8> {
        let start = AGE_INTRO.len();
        let line_end = start + file[start..].iter().position(|&b| b == b'\n').unwrap() + 1;
        let body_end = line_end + file[line_end..].iter().position(|&b| b == b'\n').unwrap() + 1;
        [&file[..start], stanza, &file[body_end..]].concat()
    }

    #[test]
    fn only_the_stanza_forms_sanctuary_writes_are_accepted() {
        let file = encrypt(1);
        let share = "A".repeat(43);
        let body = "A".repeat(43);
        let ok = format!("-> X25519 {share}\n{body}\n");
        assert_eq!(
            inspect(&with_first_stanza(&file, ok.as_bytes()))
                .unwrap()
                .x25519,
            1
        );
        for bad in [
            // Two arguments.
            format!("-> X25519 {share} x\n{body}\n"),
            // A share of the wrong length.
            format!("-> X25519 {}\n{body}\n", "A".repeat(42)),
            // A body of 31 bytes.
            format!("-> X25519 {share}\n{}\n", "A".repeat(42)),
            // Non-canonical base64: stray bits in the last character.
            format!("-> X25519 {share}\n{}B\n", "A".repeat(42)),
        ] {
            assert_eq!(
                inspect(&with_first_stanza(&file, bad.as_bytes())),
                Err(HeaderError::Malformed),
                "{bad}"
            );
        }
        // Grease longer than the age crate writes.
        let long_grease = format!("-> x-grease {}\n\n", "a ".repeat(100).trim_end());
        let mut header = AGE_INTRO.to_vec();
        header.extend_from_slice(long_grease.as_bytes());
        header.extend_from_slice(&file[AGE_INTRO.len()..]);
        assert_eq!(inspect(&header), Err(HeaderError::Malformed));
    }

    #[test]
    fn counts_post_quantum_stanzas() {
        let recipients: Vec<_> = (0..3)
            .map(|_| crate::pq::HybridIdentity::generate().to_public())
            .collect();
        let enc =
            age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
                .unwrap();
        let mut out = Vec::new();
        let mut w = enc.wrap_output(&mut out).unwrap();
        w.write_all(b"hello").unwrap();
        w.finish().unwrap();
        let shape = inspect(&out).unwrap();
        assert_eq!((shape.x25519, shape.post_quantum, shape.other), (0, 3, 1));
        assert!(shape.len as u64 <= crate::sizes::max_header_len(Mix::post_quantum(3)));
        assert_eq!(
            crate::sizes::plaintext_len((out.len() - shape.len) as u64),
            Some(5)
        );
    }
}
