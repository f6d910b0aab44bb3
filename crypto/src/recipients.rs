//! Who a message or attachment is sealed to, and which kind of stanza that
//! puts in its age header: X25519 only, or post-quantum
//! (`mlkem768x25519`, [`crate::pq`]) only. The two kinds are never mixed in
//! one file (a quantum attacker would take the file key from the X25519
//! stanza), so a set of recipients is one kind or the other, and the
//! server's shape check (§8 of `docs/protocol.md`) knows exactly which
//! lengths and stanzas to expect from a [`Mix`].

use std::fmt;

use age::{DecryptError, Identity};
use age_core::format::{FileKey, Stanza};

use crate::pq::{HybridIdentity, HybridRecipient};

/// The kind of recipient stanza a file carries for each of its recipients.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StanzaKind {
    /// `-> X25519 …`: 98 bytes each.
    X25519,
    /// `-> mlkem768x25519 …`: 1557 bytes each.
    PostQuantum,
}

impl StanzaKind {
    /// The stanza's type, the first word after `-> `.
    pub const fn tag(self) -> &'static str {
        match self {
            Self::X25519 => "X25519",
            Self::PostQuantum => crate::pq::STANZA_TAG,
        }
    }

    /// Bytes one stanza of this kind takes in an age header.
    pub const fn stanza_len(self) -> u64 {
        match self {
            // "-> X25519 " + 43-character share + "\n" + 43-character body + "\n"
            Self::X25519 => 3 + 6 + 1 + 43 + 1 + 43 + 1,
            Self::PostQuantum => crate::pq::STANZA_LEN as u64,
        }
    }
}

impl fmt::Display for StanzaKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::X25519 => "X25519",
            Self::PostQuantum => "post-quantum",
        })
    }
}

/// How many recipient stanzas of which kind a file has: all a server needs
/// to know the exact lengths it may accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Mix {
    /// Every recipient stanza is of this kind.
    pub kind: StanzaKind,
    /// How many there are.
    pub count: usize,
}

impl Mix {
    /// `count` X25519 recipients.
    pub const fn x25519(count: usize) -> Self {
        Self {
            kind: StanzaKind::X25519,
            count,
        }
    }

    /// `count` post-quantum recipients.
    pub const fn post_quantum(count: usize) -> Self {
        Self {
            kind: StanzaKind::PostQuantum,
            count,
        }
    }

    /// Header bytes taken by the recipient stanzas.
    pub const fn stanzas_len(self) -> u64 {
        self.kind.stanza_len() * self.count as u64
    }
}

/// The recipients of one sealed file: all X25519 or all post-quantum.
#[derive(Clone, Debug)]
pub enum Recipients {
    /// Classic age X25519 recipients (`age1…`).
    X25519(Vec<age::x25519::Recipient>),
    /// Hybrid ML-KEM-768 + X25519 recipients (`age1pq1…`).
    PostQuantum(Vec<HybridRecipient>),
}

impl Recipients {
    /// The kind and number of stanzas a file sealed to these gets.
    pub fn mix(&self) -> Mix {
        match self {
            Self::X25519(r) => Mix::x25519(r.len()),
            Self::PostQuantum(r) => Mix::post_quantum(r.len()),
        }
    }

    /// How many recipients.
    pub fn len(&self) -> usize {
        self.mix().count
    }

    /// Whether there are none (sealing then fails).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The recipients as `age` takes them.
    pub fn as_dyn(&self) -> Vec<&dyn age::Recipient> {
        match self {
            Self::X25519(r) => r.iter().map(|r| r as &dyn age::Recipient).collect(),
            Self::PostQuantum(r) => r.iter().map(|r| r as &dyn age::Recipient).collect(),
        }
    }
}

/// An age identity that is either of two: the classic X25519 one every
/// caseworker and reporter has, and the post-quantum one they may have. A
/// file opens if either matches, so stores and receipts from before
/// post-quantum keep working.
#[derive(Clone)]
pub struct IdentityPair {
    x25519: age::x25519::Identity,
    post_quantum: Option<HybridIdentity>,
}

impl fmt::Debug for IdentityPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IdentityPair(…)")
    }
}

impl IdentityPair {
    /// Pairs the two.
    pub fn new(x25519: age::x25519::Identity, post_quantum: Option<HybridIdentity>) -> Self {
        Self {
            x25519,
            post_quantum,
        }
    }

    /// The X25519 identity.
    pub fn x25519(&self) -> &age::x25519::Identity {
        &self.x25519
    }

    /// The post-quantum identity, if there is one.
    pub fn post_quantum(&self) -> Option<&HybridIdentity> {
        self.post_quantum.as_ref()
    }
}

impl Identity for IdentityPair {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, DecryptError>> {
        if stanza.tag == crate::pq::STANZA_TAG {
            self.post_quantum.as_ref()?.unwrap_stanza(stanza)
        } else {
            self.x25519.unwrap_stanza(stanza)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stanza_lengths_match_real_headers() {
        assert_eq!(StanzaKind::X25519.stanza_len(), 98);
        assert_eq!(StanzaKind::PostQuantum.stanza_len(), 1557);
        assert_eq!(Mix::post_quantum(3).stanzas_len(), 3 * 1557);
    }

    #[test]
    fn a_pair_opens_either_kind() {
        use std::io::{Read, Write};
        let pair = IdentityPair::new(
            age::x25519::Identity::generate(),
            Some(HybridIdentity::generate()),
        );
        let sets = [
            Recipients::X25519(vec![pair.x25519().to_public()]),
            Recipients::PostQuantum(vec![pair.post_quantum().unwrap().to_public()]),
        ];
        for set in sets {
            let enc = age::Encryptor::with_recipients(set.as_dyn().into_iter()).unwrap();
            let mut sealed = vec![];
            let mut w = enc.wrap_output(&mut sealed).unwrap();
            w.write_all(b"hello").unwrap();
            w.finish().unwrap();
            let mut out = vec![];
            age::Decryptor::new(&sealed[..])
                .unwrap()
                .decrypt(std::iter::once(&pair as &dyn Identity))
                .unwrap()
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(out, b"hello");
        }
        let classic_only = IdentityPair::new(age::x25519::Identity::generate(), None);
        let set = Recipients::PostQuantum(vec![HybridIdentity::generate().to_public()]);
        let enc = age::Encryptor::with_recipients(set.as_dyn().into_iter()).unwrap();
        let mut sealed = vec![];
        let mut w = enc.wrap_output(&mut sealed).unwrap();
        w.write_all(b"x").unwrap();
        w.finish().unwrap();
        assert!(
            age::Decryptor::new(&sealed[..])
                .unwrap()
                .decrypt(std::iter::once(&classic_only as &dyn Identity))
                .is_err()
        );
    }
}
