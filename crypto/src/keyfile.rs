//! Passphrase-protected key files for unit admins and caseworkers.
//!
//! A key file is an ASCII-armored age file encrypted to a single scrypt
//! (passphrase) recipient. Its plaintext is a small JSON document:
//!
//! ```json
//! {"type":"sanctuary-caseworker-key","version":1,"label":"PC-Jones",
//!  "age_identity":"AGE-SECRET-KEY-1…","signing_seed":"<base64url>"}
//! {"type":"sanctuary-unit-key","version":1,"name":"…","signing_seed":"<base64url>"}
//! ```
//!
//! so `age -d` alone recovers the keys if Sanctuary is ever unavailable.

use std::io::{Read, Write};
use std::iter;

use age::secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::caseworker::{CaseworkerKey, Label};
use crate::keys::{b64, parse_x25519_identity, unb64};
use crate::pq::HybridIdentity;
use crate::unit::UnitKey;

/// Largest key file read, in bytes.
pub const MAX_KEY_FILE: usize = 64 * 1024;

/// Highest scrypt work factor (log2 N) accepted when opening a key file, so a
/// hostile file cannot make the client compute for hours.
pub const MAX_WORK_FACTOR: u8 = 22;

const CASEWORKER_TYPE: &str = "sanctuary-caseworker-key";
const UNIT_TYPE: &str = "sanctuary-unit-key";

/// Why a key file could not be written or opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyFileError {
    /// The passphrase does not open this file.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// The file is not a passphrase-protected age file.
    #[error("this is not a Sanctuary key file (it is not protected by a passphrase)")]
    NotAKeyFile,
    /// The file is larger than any key file.
    #[error("this file is too large to be a Sanctuary key file")]
    TooLarge,
    /// It decrypts, but the content is not a key of the expected kind.
    #[error("this key file holds {found}, not {expected}")]
    WrongKind {
        /// What was expected.
        expected: &'static str,
        /// What the file holds.
        found: String,
    },
    /// It decrypts, but the content is damaged.
    #[error("the key file is damaged")]
    Damaged,
    /// Encryption failed.
    #[error("could not encrypt the key file")]
    Encrypt(#[source] std::io::Error),
}

#[derive(Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
struct KeyFileDoc {
    #[serde(rename = "type")]
    kind: String,
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    age_identity: Option<String>,
    /// The post-quantum identity (`AGE-SECRET-KEY-PQ-1…`) of a caseworker
    /// key that has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    age_pq_identity: Option<String>,
    signing_seed: String,
}

fn describe(kind: &str) -> String {
    match kind {
        CASEWORKER_TYPE => "a caseworker key".to_owned(),
        UNIT_TYPE => "a unit key".to_owned(),
        _ => "something else".to_owned(),
    }
}

/// Encrypts `plaintext` to a passphrase, ASCII-armored. `work_factor`
/// overrides age's calibrated scrypt cost (about one second); tests use a low
/// one.
pub fn encrypt_with_passphrase(
    plaintext: &[u8],
    passphrase: SecretString,
    work_factor: Option<u8>,
) -> Result<Vec<u8>, KeyFileError> {
    let mut recipient = age::scrypt::Recipient::new(passphrase);
    if let Some(log_n) = work_factor {
        recipient.set_work_factor(log_n.clamp(1, MAX_WORK_FACTOR));
    }
    let encryptor = age::Encryptor::with_recipients(iter::once(&recipient as &dyn age::Recipient))
        .map_err(|e| KeyFileError::Encrypt(std::io::Error::other(e.to_string())))?;
    let mut out = Vec::new();
    let armor = age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
        .map_err(KeyFileError::Encrypt)?;
    let mut w = encryptor
        .wrap_output(armor)
        .map_err(KeyFileError::Encrypt)?;
    w.write_all(plaintext).map_err(KeyFileError::Encrypt)?;
    w.finish()
        .and_then(|armor| armor.finish())
        .map_err(KeyFileError::Encrypt)?;
    Ok(out)
}

/// Decrypts a passphrase-protected age file (armored or binary).
pub fn decrypt_with_passphrase(
    file: &[u8],
    passphrase: SecretString,
) -> Result<Zeroizing<Vec<u8>>, KeyFileError> {
    if file.len() > MAX_KEY_FILE {
        return Err(KeyFileError::TooLarge);
    }
    let reader = age::armor::ArmoredReader::new(file);
    let decryptor = age::Decryptor::new(reader).map_err(|_| KeyFileError::NotAKeyFile)?;
    if !decryptor.is_scrypt() {
        return Err(KeyFileError::NotAKeyFile);
    }
    let mut identity = age::scrypt::Identity::new(passphrase);
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let mut reader = decryptor
        .decrypt(iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                KeyFileError::WrongPassphrase
            }
            _ => KeyFileError::Damaged,
        })?;
    let mut plaintext = Zeroizing::new(Vec::new());
    reader
        .by_ref()
        .take(MAX_KEY_FILE as u64)
        .read_to_end(&mut plaintext)
        .map_err(|_| KeyFileError::Damaged)?;
    Ok(plaintext)
}

fn open_doc(
    file: &[u8],
    passphrase: SecretString,
    expected: &'static str,
) -> Result<KeyFileDoc, KeyFileError> {
    let plaintext = decrypt_with_passphrase(file, passphrase)?;
    let doc: KeyFileDoc = serde_json::from_slice(&plaintext).map_err(|_| KeyFileError::Damaged)?;
    if doc.kind != expected || doc.version != 1 {
        return Err(KeyFileError::WrongKind {
            expected: if expected == UNIT_TYPE {
                "a unit key"
            } else {
                "a caseworker key"
            },
            found: describe(&doc.kind),
        });
    }
    Ok(doc)
}

fn seal_doc(
    doc: &KeyFileDoc,
    passphrase: SecretString,
    work_factor: Option<u8>,
) -> Result<Vec<u8>, KeyFileError> {
    let json = Zeroizing::new(
        serde_json::to_vec(doc).map_err(|e| KeyFileError::Encrypt(std::io::Error::other(e)))?,
    );
    encrypt_with_passphrase(&json, passphrase, work_factor)
}

impl CaseworkerKey {
    /// Writes these keys as a passphrase-protected key file.
    pub fn to_key_file(
        &self,
        passphrase: SecretString,
        work_factor: Option<u8>,
    ) -> Result<Vec<u8>, KeyFileError> {
        let doc = KeyFileDoc {
            kind: CASEWORKER_TYPE.to_owned(),
            version: 1,
            label: Some(self.label().to_string()),
            name: None,
            age_identity: Some(self.identity_string().to_string()),
            age_pq_identity: self
                .export_post_quantum_identity()
                .map(|s| s.expose_secret().to_owned()),
            signing_seed: b64(self.signing_seed().as_ref()),
        };
        seal_doc(&doc, passphrase, work_factor)
    }

    /// Opens a caseworker key file.
    pub fn from_key_file(file: &[u8], passphrase: SecretString) -> Result<Self, KeyFileError> {
        let doc = open_doc(file, passphrase, CASEWORKER_TYPE)?;
        let label: Label = doc
            .label
            .as_deref()
            .and_then(|l| l.parse().ok())
            .ok_or(KeyFileError::Damaged)?;
        let identity = doc
            .age_identity
            .as_deref()
            .and_then(parse_x25519_identity)
            .ok_or(KeyFileError::Damaged)?;
        let post_quantum = doc
            .age_pq_identity
            .as_deref()
            .map(str::parse::<HybridIdentity>)
            .transpose()
            .map_err(|_| KeyFileError::Damaged)?;
        let seed = Zeroizing::new(unb64::<32>(&doc.signing_seed).ok_or(KeyFileError::Damaged)?);
        Ok(Self::from_parts(label, identity, post_quantum, &seed))
    }
}

/// A unit key with the unit's display name, as stored in a key file.
#[derive(Debug)]
pub struct UnitKeyFile {
    /// The unit key.
    pub key: UnitKey,
    /// The unit's display name (used for rosters).
    pub name: String,
}

impl UnitKeyFile {
    /// Writes the unit key as a passphrase-protected key file.
    pub fn to_key_file(
        &self,
        passphrase: SecretString,
        work_factor: Option<u8>,
    ) -> Result<Vec<u8>, KeyFileError> {
        let doc = KeyFileDoc {
            kind: UNIT_TYPE.to_owned(),
            version: 1,
            label: None,
            name: Some(self.name.clone()),
            age_identity: None,
            age_pq_identity: None,
            signing_seed: b64(self.key.seed().as_ref()),
        };
        seal_doc(&doc, passphrase, work_factor)
    }

    /// Opens a unit key file.
    pub fn from_key_file(file: &[u8], passphrase: SecretString) -> Result<Self, KeyFileError> {
        let doc = open_doc(file, passphrase, UNIT_TYPE)?;
        let seed = Zeroizing::new(unb64::<32>(&doc.signing_seed).ok_or(KeyFileError::Damaged)?);
        Ok(Self {
            key: UnitKey::from_seed(&seed),
            name: doc.name.clone().unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::secrecy::ExposeSecret;

    fn pass(s: &str) -> SecretString {
        SecretString::from(s.to_owned())
    }

    #[test]
    fn caseworker_key_file_round_trip() {
        let key = CaseworkerKey::generate("PC-Jones".parse().unwrap());
        let file = key.to_key_file(pass("correct horse"), Some(4)).unwrap();
        assert!(file.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----"));
        let text = String::from_utf8(file.clone()).unwrap();
        assert!(!text.contains("AGE-SECRET-KEY"));

        let opened = CaseworkerKey::from_key_file(&file, pass("correct horse")).unwrap();
        assert_eq!(opened.card(), key.card());
        assert_eq!(
            opened.export_identity().expose_secret(),
            key.export_identity().expose_secret()
        );
        assert_eq!(
            opened
                .export_post_quantum_identity()
                .unwrap()
                .expose_secret(),
            key.export_post_quantum_identity().unwrap().expose_secret()
        );
    }

    #[test]
    fn key_files_from_before_post_quantum_still_open() {
        let key = CaseworkerKey::generate("PC-Jones".parse().unwrap());
        let old = CaseworkerKey::from_parts(
            key.label().clone(),
            key.identity().x25519().clone(),
            None,
            &key.signing_seed(),
        );
        let file = old.to_key_file(pass("pw"), Some(4)).unwrap();
        let plain = decrypt_with_passphrase(&file, pass("pw")).unwrap();
        assert!(!String::from_utf8_lossy(&plain).contains("age_pq_identity"));
        let opened = CaseworkerKey::from_key_file(&file, pass("pw")).unwrap();
        assert!(!opened.has_post_quantum());
        assert_eq!(opened.card(), old.card());
        // A damaged post-quantum identity is a damaged file, not a silent
        // downgrade.
        let text = String::from_utf8(plain.to_vec()).unwrap().replacen(
            r#""signing_seed""#,
            r#""age_pq_identity":"AGE-SECRET-KEY-PQ-1XX","signing_seed""#,
            1,
        );
        let file = encrypt_with_passphrase(text.as_bytes(), pass("pw"), Some(4)).unwrap();
        assert!(matches!(
            CaseworkerKey::from_key_file(&file, pass("pw")),
            Err(KeyFileError::Damaged)
        ));
    }

    #[test]
    fn wrong_passphrase_and_wrong_kind_are_refused() {
        let key = CaseworkerKey::generate("A".parse().unwrap());
        let file = key.to_key_file(pass("one"), Some(4)).unwrap();
        assert!(matches!(
            CaseworkerKey::from_key_file(&file, pass("two")),
            Err(KeyFileError::WrongPassphrase)
        ));
        assert!(matches!(
            UnitKeyFile::from_key_file(&file, pass("one")),
            Err(KeyFileError::WrongKind { .. })
        ));
        assert!(matches!(
            CaseworkerKey::from_key_file(b"not age", pass("one")),
            Err(KeyFileError::NotAKeyFile)
        ));
        assert!(matches!(
            CaseworkerKey::from_key_file(&vec![b'a'; MAX_KEY_FILE + 1], pass("one")),
            Err(KeyFileError::TooLarge)
        ));
    }

    #[test]
    fn unit_key_file_round_trip() {
        let unit = UnitKeyFile {
            key: UnitKey::generate(),
            name: "Riverside Hate Crime Unit".into(),
        };
        let file = unit.to_key_file(pass("p"), Some(4)).unwrap();
        let opened = UnitKeyFile::from_key_file(&file, pass("p")).unwrap();
        assert_eq!(opened.key.unit_id(), unit.key.unit_id());
        assert_eq!(opened.name, unit.name);
    }
}
