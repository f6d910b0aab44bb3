//! The reporter's receipt and everything derived from it.
//!
//! A receipt is 16 random bytes shown as 12 BIP39 English words, or as 8
//! groups of 6 digits for people who do not read Latin script ([`digits`]).
//! It is the reporter's only way back to their report: every value the
//! reporter needs later is derived from it with HKDF-SHA256 and one distinct
//! label each (see `docs/protocol.md` §2).

use std::fmt;

use age::secrecy::SecretString;
use bip39::{Language, Mnemonic};
use ed25519_dalek::{SigningKey, VerifyingKey};
use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

use crate::ids::{ForgetHash, ForgetSecret, MailboxId, ThreadId};

pub mod digits;

/// Number of words in a receipt.
pub const RECEIPT_WORDS: usize = 12;

/// HKDF salt shared by every receipt derivation.
pub const RECEIPT_SALT: &[u8] = b"sanctuary-receipt-v1";

/// HKDF `info` label of the thread ID (16 bytes).
pub const LABEL_THREAD_ID: &[u8] = b"sanctuary/v1/thread-id";
/// HKDF `info` label of the thread secret (32 bytes, an Ed25519 seed).
pub const LABEL_THREAD_SECRET: &[u8] = b"sanctuary/v1/thread-secret";
/// HKDF `info` label of the mailbox ID (32 bytes).
pub const LABEL_MAILBOX_ID: &[u8] = b"sanctuary/v1/mailbox-id";
/// HKDF `info` label of the mailbox-forget secret (32 bytes).
pub const LABEL_FORGET_SECRET: &[u8] = b"sanctuary/v1/mailbox-forget";
/// HKDF `info` label of the reply identity (32 bytes, an X25519 secret key).
pub const LABEL_REPLY_IDENTITY: &[u8] = b"sanctuary/v1/reply-identity";

/// Why some text is not a receipt. Says which word or group, never what it
/// was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReceiptError {
    /// The receipt does not have 12 words.
    #[error("a receipt has 12 words, but {found} were given")]
    WordCount {
        /// How many words were given.
        found: usize,
    },
    /// A word is not in the BIP39 English word list.
    #[error("word {position} is not in the receipt word list")]
    UnknownWord {
        /// 1-based position of the word.
        position: usize,
    },
    /// Every word is known but the checksum does not match: a word is wrong
    /// or out of order.
    #[error("the words are all valid but do not belong together: one is wrong or out of order")]
    Checksum,
    /// The text has both letters and groups of digits: it is neither the
    /// words nor the numbers of a receipt.
    #[error(
        "this mixes words and numbers: type either the 12 words of the receipt or its 8 groups of numbers"
    )]
    MixedWordsAndDigits,
    /// The receipt written as numbers does not have 48 digits.
    #[error("a receipt written as numbers has 48 digits (8 groups of 6), but {found} were found")]
    DigitCount {
        /// How many digits were found (not counting numbering such as `1.`).
        found: usize,
    },
    /// A group of digits fails its check digit, or its value is above
    /// 65535: a digit is wrong, two are swapped, or the group is out of
    /// place.
    #[error("group {group} of the numbers has a mistake: check it against your paper")]
    DigitGroup {
        /// 1-based number of the first wrong group.
        group: usize,
    },
}

/// A reporter's receipt: 16 secret bytes. Zeroized on drop; never printed by
/// `Debug`.
#[derive(Clone)]
pub struct Receipt {
    entropy: Zeroizing<[u8; 16]>,
}

impl fmt::Debug for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Receipt(<redacted>)")
    }
}

impl Receipt {
    /// A new receipt from the operating system's random number generator.
    pub fn generate() -> Self {
        let mut entropy = Zeroizing::new([0u8; 16]);
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, entropy.as_mut());
        Self { entropy }
    }

    /// A receipt from known bytes: for test vectors and other clients' tests.
    pub fn from_entropy(entropy: [u8; 16]) -> Self {
        Self {
            entropy: Zeroizing::new(entropy),
        }
    }

    /// Parses a receipt typed either as its 12 words or as its 8 groups of
    /// digits (ASCII, Arabic-Indic, Persian or full-width digits; see
    /// `docs/protocol.md` §2.1). For words, case and extra whitespace are
    /// ignored; for digits, anything between them is.
    pub fn parse(text: &str) -> Result<Self, ReceiptError> {
        match digits::parse(text)? {
            Some(entropy) => Ok(Self { entropy }),
            None => Self::parse_words(text),
        }
    }

    /// Parses 12 words. Case and extra whitespace are ignored.
    fn parse_words(words: &str) -> Result<Self, ReceiptError> {
        let normalized = Zeroizing::new(
            words
                .split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join(" "),
        );
        let count = normalized.split(' ').filter(|w| !w.is_empty()).count();
        if count != RECEIPT_WORDS {
            return Err(ReceiptError::WordCount { found: count });
        }
        for (i, word) in normalized.split(' ').enumerate() {
            if Language::English.find_word(word).is_none() {
                return Err(ReceiptError::UnknownWord { position: i + 1 });
            }
        }
        let mnemonic =
            Mnemonic::parse_in_normalized(Language::English, &normalized).map_err(|e| match e {
                bip39::Error::UnknownWord(i) => ReceiptError::UnknownWord { position: i + 1 },
                bip39::Error::BadWordCount(n) => ReceiptError::WordCount { found: n },
                _ => ReceiptError::Checksum,
            })?;
        let (mut array, len) = mnemonic.to_entropy_array();
        let result = <[u8; 16]>::try_from(&array[..len])
            .map(Self::from_entropy)
            .map_err(|_| ReceiptError::WordCount { found: count });
        array.zeroize();
        result
    }

    /// The 12 words, lowercase, separated by single spaces.
    pub fn to_words(&self) -> SecretString {
        // 16 bytes is always a valid BIP39 entropy length.
        let words = match Mnemonic::from_entropy_in(Language::English, self.entropy.as_ref()) {
            Ok(m) => m.words().collect::<Vec<_>>().join(" "),
            Err(_) => String::new(),
        };
        SecretString::from(words)
    }

    /// The 8 groups of 6 digits, separated by single spaces (see
    /// `docs/protocol.md` §2.1).
    pub fn to_digit_groups(&self) -> SecretString {
        digits::encode(&self.entropy)
    }

    /// Derives everything the reporter needs from this receipt.
    pub fn derive(&self) -> ReceiptKeys {
        let hk = Hkdf::<Sha256>::new(Some(RECEIPT_SALT), self.entropy.as_ref());
        let expand = |label: &[u8], out: &mut [u8]| {
            // Lengths here are at most 32 bytes, far below HKDF's limit.
            hk.expand(label, out).ok();
        };

        let mut thread_id = [0u8; 16];
        expand(LABEL_THREAD_ID, &mut thread_id);
        let mut mailbox_id = [0u8; 32];
        expand(LABEL_MAILBOX_ID, &mut mailbox_id);

        let mut thread_secret = Zeroizing::new([0u8; 32]);
        expand(LABEL_THREAD_SECRET, thread_secret.as_mut());
        let mut forget = Zeroizing::new([0u8; 32]);
        expand(LABEL_FORGET_SECRET, forget.as_mut());
        let mut reply = Zeroizing::new([0u8; 32]);
        expand(LABEL_REPLY_IDENTITY, reply.as_mut());

        ReceiptKeys {
            thread_id: ThreadId::from_bytes(thread_id),
            thread_key: SigningKey::from_bytes(&thread_secret),
            mailbox_id: MailboxId::from_bytes(mailbox_id),
            forget_secret: ForgetSecret::from_bytes(*forget),
            reply_identity: crate::keys::x25519_identity_from_bytes(&reply),
        }
    }
}

/// Everything derived from a receipt. Secret parts are zeroized on drop and
/// hidden from `Debug`.
pub struct ReceiptKeys {
    thread_id: ThreadId,
    thread_key: SigningKey,
    mailbox_id: MailboxId,
    forget_secret: ForgetSecret,
    reply_identity: age::x25519::Identity,
}

impl fmt::Debug for ReceiptKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceiptKeys")
            .field("thread_id", &self.thread_id)
            .finish_non_exhaustive()
    }
}

impl ReceiptKeys {
    /// The thread ID that ties a report to its follow-ups and replies.
    pub fn thread_id(&self) -> ThreadId {
        self.thread_id
    }

    /// The thread secret as an Ed25519 signing key: follow-ups are signed
    /// with it, which proves they come from whoever holds the receipt.
    pub(crate) fn thread_key(&self) -> &SigningKey {
        &self.thread_key
    }

    /// The public half of the thread key, carried in the first report.
    pub fn thread_public_key(&self) -> VerifyingKey {
        self.thread_key.verifying_key()
    }

    /// Where the unit posts replies.
    pub fn mailbox_id(&self) -> MailboxId {
        self.mailbox_id
    }

    /// The secret that lets the reporter delete their mailbox.
    pub fn forget_secret(&self) -> &ForgetSecret {
        &self.forget_secret
    }

    /// The hash of the forget secret, carried in the report so the unit can
    /// hand it to the server with its first reply.
    pub fn forget_hash(&self) -> ForgetHash {
        self.forget_secret.hash()
    }

    /// The age identity that decrypts replies.
    pub fn reply_identity(&self) -> &age::x25519::Identity {
        &self.reply_identity
    }

    /// The age recipient replies are encrypted to.
    pub fn reply_recipient(&self) -> age::x25519::Recipient {
        self.reply_identity.to_public()
    }

    /// The thread secret's 32 bytes, for test vectors only.
    pub fn thread_secret_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.thread_key.to_bytes())
    }

    /// The reply identity as `AGE-SECRET-KEY-1…`, for test vectors and for
    /// use with stock age tools.
    pub fn reply_identity_string(&self) -> SecretString {
        self.reply_identity.to_string()
    }
}

/// Whether `word` is in the receipt word list.
pub fn is_receipt_word(word: &str) -> bool {
    Language::English.find_word(&word.to_lowercase()).is_some()
}

/// Up to three receipt words that a mistyped `word` was probably meant to
/// be: words that share its first four letters, or that differ by one
/// letter or one swap of neighbouring letters.
pub fn suggest_words(word: &str) -> Vec<&'static str> {
    let word = word.to_lowercase();
    // Receipt words are 3 to 8 ASCII letters; anything much longer, or not
    // ASCII, is not a typo of one.
    if word.len() > 16 || !word.is_ascii() {
        return Vec::new();
    }
    let list = Language::English.word_list();
    let prefix: String = word.chars().take(4).collect();
    let mut out: Vec<&'static str> = Vec::new();
    if prefix.chars().count() == 4 {
        out.extend(
            list.iter()
                .copied()
                .filter(|w| w.starts_with(&prefix))
                .take(3),
        );
    }
    let typed = word.as_bytes();
    for candidate in list.iter().copied() {
        if out.len() >= 3 {
            break;
        }
        if candidate.len().abs_diff(typed.len()) <= 1
            && !out.contains(&candidate)
            && within_one_edit(typed, candidate.as_bytes())
        {
            out.push(candidate);
        }
    }
    out
}

/// Whether `a` and `b` differ by at most one insertion, deletion,
/// substitution or swap of neighbouring letters.
fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    if a.len() == b.len() {
        let mut diffs = (0..a.len()).filter(|&i| a[i] != b[i]);
        if let (Some(i), Some(j), None) = (diffs.next(), diffs.next(), diffs.next())
            && j == i + 1
            && a[i] == b[j]
            && a[j] == b[i]
        {
            return true;
        }
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let (mut i, mut j, mut edits) = (0, 0, 0);
    while i < short.len() && j < long.len() {
        if short[i] == long[j] {
            i += 1;
            j += 1;
            continue;
        }
        edits += 1;
        if edits > 1 {
            return false;
        }
        if short.len() == long.len() {
            i += 1;
        }
        j += 1;
    }
    edits + (long.len() - j) + (short.len() - i) <= 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::secrecy::ExposeSecret;
    use proptest::prelude::*;

    fn reveal_words(receipt: &Receipt) -> String {
        receipt.to_words().expose_secret().to_owned()
    }

    const VECTOR_WORDS: &str = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

    #[test]
    fn parse_tolerates_case_and_whitespace() {
        let r = Receipt::parse("  ABANDON abandon\tabandon abandon abandon abandon\nabandon abandon abandon abandon abandon About ").unwrap();
        assert_eq!(reveal_words(&r), VECTOR_WORDS);
    }

    #[test]
    fn parse_says_which_word_is_unknown() {
        let words = VECTOR_WORDS
            .replacen("abandon", "abandun", 1)
            .replace("about", "abuot");
        assert_eq!(
            Receipt::parse(&words).unwrap_err(),
            ReceiptError::UnknownWord { position: 1 }
        );
        let words = VECTOR_WORDS.replace("about", "abuot");
        assert_eq!(
            Receipt::parse(&words).unwrap_err(),
            ReceiptError::UnknownWord { position: 12 }
        );
    }

    #[test]
    fn parse_rejects_wrong_count_and_checksum() {
        assert_eq!(
            Receipt::parse("abandon about").unwrap_err(),
            ReceiptError::WordCount { found: 2 }
        );
        assert_eq!(
            Receipt::parse("").unwrap_err(),
            ReceiptError::WordCount { found: 0 }
        );
        let bad = VECTOR_WORDS.replace("about", "abandon");
        assert_eq!(Receipt::parse(&bad).unwrap_err(), ReceiptError::Checksum);
    }

    #[test]
    fn parse_takes_words_or_digit_groups() {
        let counting = Receipt::from_entropy(std::array::from_fn(|i| i as u8));
        let digits = counting.to_digit_groups();
        assert_eq!(
            digits.expose_secret(),
            "000015 005159 010294 015435 020577 025714 030858 035994"
        );
        let from_digits = Receipt::parse(digits.expose_secret()).unwrap();
        let from_words = Receipt::parse(counting.to_words().expose_secret()).unwrap();
        assert_eq!(*from_digits.entropy, *counting.entropy);
        assert_eq!(*from_words.entropy, *counting.entropy);
        assert_eq!(
            Receipt::parse("abandon 000015 005159").unwrap_err(),
            ReceiptError::MixedWordsAndDigits
        );
        assert_eq!(
            Receipt::parse("000015 005159").unwrap_err(),
            ReceiptError::DigitCount { found: 12 }
        );
        assert_eq!(
            ReceiptError::DigitGroup { group: 3 }.to_string(),
            "group 3 of the numbers has a mistake: check it against your paper"
        );
    }

    #[test]
    fn suggestions_find_the_intended_word() {
        assert!(suggest_words("abuot").contains(&"about"));
        assert!(suggest_words("wisdon").contains(&"wisdom"));
        assert!(suggest_words("elephantine").contains(&"elephant"));
        assert!(suggest_words("zzzzzzzz").is_empty());
    }

    #[test]
    fn debug_never_shows_secrets() {
        let r = Receipt::from_entropy([0; 16]);
        assert_eq!(format!("{r:?}"), "Receipt(<redacted>)");
        let keys = r.derive();
        let dbg = format!("{keys:?}");
        assert!(!dbg.contains("AGE-SECRET"));
        assert!(!dbg.contains(&keys.mailbox_id().to_hex()));
    }

    proptest! {
        #[test]
        fn round_trip(bytes in any::<[u8; 16]>()) {
            let r = Receipt::from_entropy(bytes);
            let parsed = Receipt::parse(&reveal_words(&r)).unwrap();
            prop_assert_eq!(*parsed.entropy, bytes);
        }

        #[test]
        fn both_forms_give_the_same_receipt(bytes in any::<[u8; 16]>()) {
            let r = Receipt::from_entropy(bytes);
            let from_digits = Receipt::parse(r.to_digit_groups().expose_secret()).unwrap();
            prop_assert_eq!(*from_digits.entropy, bytes);
        }

        #[test]
        fn derived_values_differ_per_label_and_receipt(a in any::<[u8; 16]>(), b in any::<[u8; 16]>()) {
            prop_assume!(a != b);
            let (ka, kb) = (Receipt::from_entropy(a).derive(), Receipt::from_entropy(b).derive());
            let values = |k: &ReceiptKeys| -> Vec<Vec<u8>> {
                vec![
                    k.thread_id().as_bytes().to_vec(),
                    k.thread_secret_bytes().to_vec(),
                    k.mailbox_id().as_bytes().to_vec(),
                    k.forget_secret().to_hex().as_bytes().to_vec(),
                    k.reply_identity_string().expose_secret().as_bytes().to_vec(),
                ]
            };
            let (va, vb) = (values(&ka), values(&kb));
            // Per receipt: each label gives a different value.
            let a32 = [va[1].clone(), va[2].clone(), hex::decode(&va[3]).unwrap()];
            prop_assert!(a32[0] != a32[1] && a32[1] != a32[2] && a32[0] != a32[2]);
            prop_assert!(!a32.iter().any(|v| v.starts_with(&va[0])));
            // Per label: different receipts give different values.
            for (x, y) in va.iter().zip(vb.iter()) {
                prop_assert_ne!(x, y);
            }
        }
    }
}
