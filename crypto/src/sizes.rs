//! Sizes: message buckets, Padmé padding for attachments, and the exact
//! length of an age ciphertext.
//!
//! Every message ciphertext for a given number and kind of recipients
//! ([`Mix`]) has one of four
//! exact lengths, one per bucket, so the server can refuse any other length
//! and nobody can tell messages of one bucket apart by size. See
//! `docs/protocol.md`, "Sizes".

use crate::recipients::Mix;

/// The message plaintext buckets: 16 KiB, 64 KiB, 256 KiB and 1 MiB.
pub const BUCKETS: [usize; 4] = [16 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024];

/// The largest bucket.
pub const MAX_BUCKET: usize = BUCKETS[3];

/// Most caseworkers a roster may list.
pub const MAX_CASEWORKERS: usize = 50;

/// Most recipients any message can have: every caseworker and the reporter.
pub const MAX_RECIPIENTS: usize = MAX_CASEWORKERS + 1;

/// age STREAM chunk size.
pub const CHUNK: u64 = 64 * 1024;
/// Poly1305 tag per STREAM chunk.
const TAG: u64 = 16;
/// STREAM nonce written after the header.
const NONCE: u64 = 16;

/// `age-encryption.org/v1\n`
pub const AGE_INTRO: &[u8] = b"age-encryption.org/v1\n";
/// The MAC line: `--- <43>\n`.
const MAC_LINE: u64 = 4 + 43 + 1;

/// Shortest grease stanza the `age` crate adds to every header: a
/// one-letter tag plus `-grease`, no arguments, an empty body
/// (`-> x-grease\n\n`).
pub const GREASE_MIN: u64 = 3 + 1 + 7 + 1 + 1;
/// Longest such grease stanza: an 8-letter tag plus `-grease`, four 8-letter
/// arguments, and a 99-byte body (132 base64 characters on three lines).
pub const GREASE_MAX: u64 = 3 + 15 + 4 * 9 + 1 + 65 + 65 + 5;

/// How much of a bucket a message's JSON may use: the random grease stanza
/// can take up to this many bytes more than the shortest one, and those
/// bytes come out of the plaintext padding.
pub const fn bucket_capacity(bucket: usize) -> usize {
    bucket - (GREASE_MAX - GREASE_MIN) as usize
}

/// Length of the age STREAM payload (nonce, chunks and tags) for a
/// plaintext of `plaintext` bytes.
pub const fn stream_len(plaintext: u64) -> u64 {
    let chunks = if plaintext == 0 {
        1
    } else {
        plaintext.div_ceil(CHUNK)
    };
    NONCE + plaintext + chunks * TAG
}

/// The plaintext length of an age STREAM payload of `payload` bytes (nonce
/// included), or `None` if no plaintext encrypts to that length.
pub fn plaintext_len(payload: u64) -> Option<u64> {
    let body = payload.checked_sub(NONCE)?;
    let chunks = body.div_ceil(CHUNK + TAG).max(1);
    let plaintext = body.checked_sub(chunks * TAG)?;
    (stream_len(plaintext) == payload).then_some(plaintext)
}

/// Header length for the recipient stanzas of `mix` with the shortest
/// grease stanza.
const fn base_header_len(mix: Mix) -> u64 {
    AGE_INTRO.len() as u64 + mix.stanzas_len() + GREASE_MIN + MAC_LINE
}

/// The longest header a file sealed to the recipients of `mix` can have:
/// its stanzas, the longest grease stanza the `age` crate writes, and the
/// MAC line. A reader waiting for a header never needs more bytes.
pub const fn max_header_len(mix: Mix) -> u64 {
    base_header_len(mix) - GREASE_MIN + GREASE_MAX
}

/// The exact ciphertext length of a message in `bucket` sealed to the
/// recipients of `mix`.
///
/// It is the length with the shortest grease stanza and exactly `bucket`
/// bytes of plaintext; a sealer whose grease is longer pads the plaintext
/// less, so every message in a bucket has this one length.
pub const fn bucket_ciphertext_len(bucket: usize, mix: Mix) -> u64 {
    base_header_len(mix) + stream_len(bucket as u64)
}

/// The four exact message ciphertext lengths for the recipients of `mix`.
pub fn message_ciphertext_lens(mix: Mix) -> [u64; 4] {
    BUCKETS.map(|b| bucket_ciphertext_len(b, mix))
}

/// The largest message ciphertext any roster allows: anything longer is
/// refused before a byte of it is buffered.
pub const MAX_MESSAGE_CIPHERTEXT: u64 =
    bucket_ciphertext_len(MAX_BUCKET, Mix::post_quantum(MAX_RECIPIENTS));

/// The smallest bucket whose capacity holds `json_len` bytes.
pub fn bucket_for(json_len: usize) -> Option<usize> {
    BUCKETS
        .into_iter()
        .find(|&b| json_len <= bucket_capacity(b))
}

/// Padmé (Nikitin et al., PoPETs 2019): the padded length of an `len`-byte
/// attachment. At most about 12 % overhead, and only O(log log L) bits of the
/// length stay visible.
pub const fn padme(len: u64) -> u64 {
    if len < 2 {
        return len;
    }
    let e = 63 - len.leading_zeros() as u64; // floor(log2 len)
    let s = 64 - e.leading_zeros() as u64; // floor(log2 e) + 1
    let last_bits = e - s;
    let mask = (1u64 << last_bits) - 1;
    (len + mask) & !mask
}

/// Whether `len` is a length Padmé can produce.
pub const fn is_padme(len: u64) -> bool {
    padme(len) == len
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn padme_known_values() {
        assert_eq!(padme(0), 0);
        assert_eq!(padme(1), 1);
        assert_eq!(padme(9), 10);
        assert_eq!(padme(1000), 1024);
        assert_eq!(padme(1_000_001), 1_015_808);
        assert_eq!(padme(1 << 30), 1 << 30);
    }

    #[test]
    fn stream_lengths() {
        assert_eq!(stream_len(0), 32);
        assert_eq!(stream_len(1), 33);
        assert_eq!(stream_len(CHUNK), 16 + CHUNK + 16);
        assert_eq!(stream_len(CHUNK + 1), 16 + CHUNK + 1 + 32);
        for p in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK, 5 * CHUNK + 7] {
            assert_eq!(plaintext_len(stream_len(p)), Some(p));
        }
        // Lengths no plaintext produces.
        assert_eq!(plaintext_len(31), None);
        assert_eq!(plaintext_len(16 + CHUNK + 16 + 1), None);
    }

    #[test]
    fn buckets_hold_their_capacity() {
        assert_eq!(bucket_for(0), Some(BUCKETS[0]));
        assert_eq!(bucket_for(bucket_capacity(BUCKETS[0])), Some(BUCKETS[0]));
        assert_eq!(
            bucket_for(bucket_capacity(BUCKETS[0]) + 1),
            Some(BUCKETS[1])
        );
        assert_eq!(bucket_for(bucket_capacity(MAX_BUCKET) + 1), None);
        let lens = message_ciphertext_lens(Mix::x25519(3));
        assert!(lens.windows(2).all(|w| w[0] < w[1]));
    }

    proptest! {
        #[test]
        fn padme_is_monotone_idempotent_and_within_12_percent(len in 0u64..(1u64 << 40)) {
            let p = padme(len);
            prop_assert!(p >= len);
            prop_assert!(padme(len + 1) >= p);
            prop_assert_eq!(padme(p), p);
            prop_assert!(is_padme(p));
            prop_assert!((p - len) as f64 <= 0.12 * len as f64 + 1.0);
        }

        #[test]
        fn plaintext_len_inverts_stream_len(p in 0u64..(1u64 << 36)) {
            prop_assert_eq!(plaintext_len(stream_len(p)), Some(p));
        }
    }
}
