#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::iter;

use age::secrecy::ExposeSecret;
use age::{Identity as _, Recipient as _};
use sha2::{Digest, Sha256};

use super::test_vectors::{SPEC_IDENTITY, SPEC_RECIPIENT};
use super::*;

fn seal(recipients: &[&dyn age::Recipient], plain: &[u8]) -> Result<Vec<u8>, EncryptError> {
    let encryptor = age::Encryptor::with_recipients(recipients.iter().copied())?;
    let mut out = vec![];
    let mut w = encryptor.wrap_output(&mut out).unwrap();
    w.write_all(plain).unwrap();
    w.finish().unwrap();
    Ok(out)
}

fn open(sealed: &[u8], identity: &dyn age::Identity) -> Result<Vec<u8>, DecryptError> {
    let decryptor = age::Decryptor::new(sealed)?;
    let mut out = vec![];
    decryptor
        .decrypt(iter::once(identity))?
        .read_to_end(&mut out)
        .unwrap();
    Ok(out)
}

/// A stanza for `recipient`, to alter field by field.
fn stanza_for(recipient: &HybridRecipient) -> (FileKey, Stanza) {
    let file_key = FileKey::new(Box::new([0x5a; 16]));
    let (mut stanzas, labels) = recipient.wrap_file_key(&file_key).unwrap();
    assert_eq!(labels, HashSet::from([POSTQUANTUM_LABEL.to_owned()]));
    assert_eq!(stanzas.len(), 1);
    (file_key, stanzas.remove(0))
}

#[test]
fn the_specification_example_identity_gives_its_recipient() {
    let identity: HybridIdentity = SPEC_IDENTITY.parse().unwrap();
    assert_eq!(identity.to_public().to_string(), SPEC_RECIPIENT);
    assert_eq!(identity.to_string().expose_secret(), SPEC_IDENTITY);
    let recipient: HybridRecipient = SPEC_RECIPIENT.parse().unwrap();
    assert_eq!(recipient, identity.to_public());
    assert_eq!(recipient.to_bytes().len(), 1216);
}

/// The vector quoted in `docs/protocol.md` §12 (typage derives the same),
/// and the document quotes it and the lengths as computed here.
#[test]
fn fixed_seed_vector_and_the_protocol_document() {
    let identity = HybridIdentity::from_seed(&[0x42; 32]);
    let text = identity.to_string();
    assert_eq!(
        text.expose_secret(),
        "AGE-SECRET-KEY-PQ-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ0HGUHW"
    );
    let recipient = identity.to_public().to_string();
    let hash = hex::encode(Sha256::digest(recipient.as_bytes()));
    assert_eq!(&recipient[..24], "age1pq1vzavuh6y346esvswz");
    assert_eq!(
        hash,
        "b2da659c4e0591b57136911de6e7d8c814619610249fe43e6a7b69f7fba83857"
    );

    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/protocol.md"))
        .unwrap();
    let (_, section) = doc.split_once("## 12. Post-quantum recipients").unwrap();
    let quoted = [
        text.expose_secret().to_owned(),
        format!("`{}`", &recipient[..24]),
        hash,
        format!("{IDENTITY_LEN} characters"),
        format!("{RECIPIENT_LEN} characters"),
        format!("{ENC_BASE64_LEN} characters"),
        format!("{STANZA_LEN} bytes"),
        format!("`{}`", std::str::from_utf8(HPKE_INFO).unwrap()),
        format!("`{POSTQUANTUM_LABEL}`"),
        "`0x647a`".to_owned(),
        "5c 2e 2f 2f 5e 5c".to_owned(),
    ];
    for q in quoted {
        assert!(
            section.contains(&q),
            "docs/protocol.md §12 does not say {q}"
        );
    }
}

#[test]
fn lengths() {
    assert_eq!(RECIPIENT_LEN, 1959);
    assert_eq!(IDENTITY_LEN, 77);
    assert_eq!(ENC_BASE64_LEN, 1494);
    assert_eq!(STANZA_LEN, 1557);
    let identity = HybridIdentity::generate();
    assert_eq!(identity.to_public().to_string().len(), RECIPIENT_LEN);
    assert_eq!(identity.to_string().expose_secret().len(), IDENTITY_LEN);

    // Each stanza in a real header has exactly STANZA_LEN bytes.
    let other = HybridIdentity::generate().to_public();
    let sealed = seal(&[&identity.to_public(), &other], b"").unwrap();
    let mac = sealed.windows(4).position(|w| w == b"\n---").unwrap();
    let header = std::str::from_utf8(&sealed[..=mac]).unwrap();
    let lines: Vec<&str> = header.split_inclusive('\n').collect();
    let stanzas: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("-> mlkem768x25519 "))
        .map(|(i, l)| l.len() + lines[i + 1].len())
        .collect();
    assert_eq!(stanzas, [STANZA_LEN, STANZA_LEN]);
}

#[test]
fn round_trip_and_no_match() {
    let identity = HybridIdentity::generate();
    let sealed = seal(&[&identity.to_public()], b"a report for decades").unwrap();
    assert_eq!(open(&sealed, &identity).unwrap(), b"a report for decades");
    let stranger = HybridIdentity::generate();
    assert!(matches!(
        open(&sealed, &stranger),
        Err(DecryptError::NoMatchingKeys)
    ));
    // An X25519 identity ignores the stanza.
    assert!(matches!(
        open(&sealed, &age::x25519::Identity::generate()),
        Err(DecryptError::NoMatchingKeys)
    ));
}

#[test]
fn several_pq_recipients_each_open() {
    let a = HybridIdentity::generate();
    let b = HybridIdentity::generate();
    let sealed = seal(&[&a.to_public(), &b.to_public()], b"both").unwrap();
    assert_eq!(open(&sealed, &a).unwrap(), b"both");
    assert_eq!(open(&sealed, &b).unwrap(), b"both");
}

#[test]
fn age_refuses_to_mix_pq_and_x25519_recipients() {
    let pq = HybridIdentity::generate().to_public();
    let x = age::x25519::Identity::generate().to_public();
    for recipients in [[&pq as &dyn age::Recipient, &x], [&x, &pq]] {
        assert!(matches!(
            seal(&recipients, b"x"),
            Err(EncryptError::IncompatibleRecipients { .. })
        ));
    }
}

#[test]
fn strings_round_trip() {
    let identity = HybridIdentity::generate();
    let text = identity.to_string();
    assert!(text.expose_secret().starts_with(IDENTITY_PREFIX));
    let again: HybridIdentity = text.expose_secret().parse().unwrap();
    assert_eq!(again.to_public(), identity.to_public());
    let recipient = identity.to_public().to_string();
    assert!(recipient.starts_with(RECIPIENT_PREFIX));
    assert_eq!(
        recipient.parse::<HybridRecipient>().unwrap(),
        identity.to_public()
    );
}

#[test]
fn recipient_strings_are_refused() {
    let good = HybridIdentity::generate().to_public().to_string();
    let refuse = |s: &str| s.parse::<HybridRecipient>().unwrap_err();

    assert_eq!(refuse(""), PqKeyError::NotARecipient);
    assert!(
        PqKeyError::NotARecipient
            .to_string()
            .contains("has 1959 characters")
    );
    assert!(
        PqKeyError::NotAnIdentity
            .to_string()
            .contains("has 77 characters")
    );
    assert_eq!(refuse(&good.to_uppercase()), PqKeyError::NotARecipient);
    assert_eq!(refuse(&good[..good.len() - 1]), PqKeyError::NotARecipient);
    assert_eq!(refuse(&format!("{good}q")), PqKeyError::NotARecipient);
    assert_eq!(
        refuse(&format!(" {}", &good[1..])),
        PqKeyError::NotARecipient
    );
    // An X25519 recipient, and an identity.
    let x25519 = age::x25519::Identity::generate().to_public().to_string();
    assert_eq!(refuse(&x25519), PqKeyError::NotARecipient);
    let identity = HybridIdentity::generate().to_string();
    assert_eq!(refuse(identity.expose_secret()), PqKeyError::NotARecipient);
    // One character changed: the checksum catches it.
    let mut typo = good.clone().into_bytes();
    typo[100] = if typo[100] == b'q' { b'p' } else { b'q' };
    assert_eq!(
        refuse(std::str::from_utf8(&typo).unwrap()),
        PqKeyError::RecipientChecksum
    );
    // Not bech32 characters ('b', 'i', 'o' and '1' are not in the alphabet).
    let mut bad = good.clone().into_bytes();
    bad[100] = b'b';
    assert_eq!(
        refuse(std::str::from_utf8(&bad).unwrap()),
        PqKeyError::NotARecipient
    );
}

#[test]
fn recipients_with_invalid_keys_are_refused() {
    let mut bytes = HybridIdentity::generate().to_public().to_bytes();
    // A low-order X25519 point (here u = 0).
    bytes[1184..].fill(0);
    let s = bech32_encode(RECIPIENT_HRP, &bytes);
    assert_eq!(
        s.parse::<HybridRecipient>().unwrap_err(),
        PqKeyError::InvalidRecipient
    );
    // An ML-KEM coefficient of 4095 ≥ q.
    let mut bytes = HybridIdentity::generate().to_public().to_bytes();
    bytes[0] = 0xff;
    bytes[1] |= 0x0f;
    let s = bech32_encode(RECIPIENT_HRP, &bytes);
    assert_eq!(
        s.parse::<HybridRecipient>().unwrap_err(),
        PqKeyError::InvalidRecipient
    );
}

/// Bech32 without the 90-character limit, to build test strings.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum LongBech32 {}

impl bech32::Checksum for LongBech32 {
    type MidstateRepr = u32;
    const CODE_LENGTH: usize = usize::MAX;
    const CHECKSUM_LENGTH: usize = bech32::Bech32::CHECKSUM_LENGTH;
    const GENERATOR_SH: [u32; 5] = bech32::Bech32::GENERATOR_SH;
    const TARGET_RESIDUE: u32 = bech32::Bech32::TARGET_RESIDUE;
}

/// The same data characters as `s` with the unused low bits of the last
/// one set, and a valid checksum: the same bytes, written another way.
fn with_padding_bits(s: &str, hrp: bech32::Hrp) -> String {
    use bech32::Fe32;
    use bech32::primitives::iter::Fe32IterExt;
    let lower = s.to_lowercase();
    let (_, data) = lower.rsplit_once('1').unwrap();
    let data = &data[..data.len() - 6];
    let mut fes: Vec<Fe32> = data.chars().map(|c| Fe32::from_char(c).unwrap()).collect();
    let last = fes.pop().unwrap();
    fes.push(Fe32::try_from(last.to_u8() | 1).unwrap());
    let mut out: String = fes
        .into_iter()
        .with_checksum::<LongBech32>(&hrp)
        .chars()
        .collect();
    if s.starts_with(IDENTITY_PREFIX) {
        out = out.to_uppercase();
    }
    out
}

#[test]
fn non_canonical_padding_bits_are_refused() {
    let identity = HybridIdentity::generate();
    let recipient = identity.to_public().to_string();
    let odd = with_padding_bits(&recipient, RECIPIENT_HRP);
    assert_ne!(odd, recipient);
    assert_eq!(
        decode(&odd, RECIPIENT_HRP).ok(),
        decode(&recipient, RECIPIENT_HRP).ok()
    );
    assert_eq!(
        odd.parse::<HybridRecipient>().unwrap_err(),
        PqKeyError::NotARecipient
    );

    let text = identity.to_string();
    let odd = with_padding_bits(text.expose_secret(), IDENTITY_HRP);
    assert_ne!(&odd, text.expose_secret());
    assert_eq!(
        odd.parse::<HybridIdentity>().unwrap_err(),
        PqKeyError::NotAnIdentity
    );
}

#[test]
fn identity_strings_are_refused() {
    let good = HybridIdentity::generate().to_string();
    let good = good.expose_secret();
    let refuse = |s: &str| s.parse::<HybridIdentity>().unwrap_err();

    assert_eq!(refuse(""), PqKeyError::NotAnIdentity);
    assert_eq!(refuse(&good.to_lowercase()), PqKeyError::NotAnIdentity);
    assert_eq!(refuse(&good[..good.len() - 1]), PqKeyError::NotAnIdentity);
    assert_eq!(refuse(&format!("{good}\n")), PqKeyError::NotAnIdentity);
    let x25519 = age::x25519::Identity::generate().to_string();
    assert_eq!(refuse(x25519.expose_secret()), PqKeyError::NotAnIdentity);
    let mut typo = good.as_bytes().to_vec();
    typo[30] = if typo[30] == b'Q' { b'P' } else { b'Q' };
    assert_eq!(
        refuse(std::str::from_utf8(&typo).unwrap()),
        PqKeyError::IdentityChecksum
    );
}

#[test]
fn debug_shows_no_secret() {
    let identity = HybridIdentity::from_seed(&[0x42; 32]);
    let shown = format!("{identity:?} {:#?}", identity);
    assert_eq!(shown, "HybridIdentity(<secret>) HybridIdentity(<secret>)");
    let text = identity.to_string();
    assert!(!format!("{text:?}").contains(&text.expose_secret()[20..]));
    let recipient = format!("{:?}", identity.to_public());
    assert!(recipient.starts_with("HybridRecipient(age1pq1"));
    assert_eq!(recipient.chars().count(), "HybridRecipient(".len() + 24 + 2);
}

#[test]
fn malformed_stanzas_are_header_errors() {
    let identity = HybridIdentity::generate();
    let (file_key, good) = stanza_for(&identity.to_public());
    let opened = identity.unwrap_stanza(&good).unwrap().unwrap();
    assert_eq!(opened.expose_secret(), file_key.expose_secret());

    let header_error = |s: &Stanza| {
        matches!(
            identity.unwrap_stanza(s),
            Some(Err(DecryptError::InvalidHeader))
        )
    };
    let edit = |f: &dyn Fn(&mut Stanza)| {
        let mut s = Stanza {
            tag: good.tag.clone(),
            args: good.args.clone(),
            body: good.body.clone(),
        };
        f(&mut s);
        s
    };
    assert!(header_error(&edit(&|s| s.args.push("x".into()))));
    assert!(header_error(&edit(&|s| s.args.clear())));
    assert!(header_error(&edit(&|s| s.body.push(0))));
    assert!(header_error(&edit(&|s| {
        s.body.pop();
    })));
    assert!(header_error(&edit(&|s| s.args[0].push('A'))));
    assert!(header_error(&edit(&|s| {
        s.args[0].pop();
    })));
    // Padding characters, and non-zero trailing bits in the last character:
    // 1120 bytes end in a 2-character group whose last 4 bits are unused.
    assert!(header_error(&edit(&|s| s.args[0].push_str("=="))));
    assert!(header_error(&edit(&|s| {
        let last = s.args[0].pop().unwrap();
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let i = alphabet.iter().position(|&c| c == last as u8).unwrap();
        s.args[0].push(alphabet[i ^ 1] as char);
    })));
    // The X25519 share replaced by the identity point.
    assert!(header_error(&edit(&|s| {
        let mut enc = STANDARD_NO_PAD.decode(&s.args[0]).unwrap();
        enc[1088..].fill(0);
        s.args[0] = STANDARD_NO_PAD.encode(enc);
    })));

    // Other types, including the same name in upper case, are not ours.
    assert!(
        identity
            .unwrap_stanza(&edit(&|s| s.tag = "X25519".into()))
            .is_none()
    );
    assert!(
        identity
            .unwrap_stanza(&edit(&|s| s.tag = STANZA_TAG.to_uppercase()))
            .is_none()
    );
    // A wrong tag on the body: someone else's stanza.
    assert!(
        identity
            .unwrap_stanza(&edit(&|s| s.body[31] ^= 1))
            .is_none()
    );
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(16))]

    #[test]
    fn any_seed_round_trips(seed in proptest::array::uniform32(proptest::num::u8::ANY)) {
        let identity = HybridIdentity::from_seed(&seed);
        let text = identity.to_string();
        let again: HybridIdentity = text.expose_secret().parse().unwrap();
        proptest::prop_assert_eq!(again.to_public(), identity.to_public());
        let recipient = identity.to_public().to_string();
        proptest::prop_assert_eq!(recipient.parse::<HybridRecipient>().unwrap(), identity.to_public());
    }
}

proptest::proptest! {
    #[test]
    fn parsers_refuse_arbitrary_text(s in "\\PC{0,100}|age1pq1[a-z0-9]{0,2000}|AGE-SECRET-KEY-PQ-1[A-Z0-9]{0,80}") {
        proptest::prop_assert!(s.parse::<HybridRecipient>().is_err());
        proptest::prop_assert!(s.parse::<HybridIdentity>().is_err());
    }
}
