//! The one-time enrollment code that lets the first roster pin the unit.
//!
//! On a start without a roster the server creates a random code (120 bits,
//! Crockford base32 in groups of four), prints it once and keeps it in
//! `DATA_DIR/enrollment-code` (mode 0600). The first roster must carry it;
//! once a roster is accepted the file is removed.

use std::fs;
use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use rand::RngCore as _;
use subtle::ConstantTimeEq as _;
use zeroize::Zeroizing;

/// The file holding the code, inside the data directory.
pub const ENROLLMENT_CODE_FILE: &str = "enrollment-code";

/// Random bytes in a code: 120 bits.
const CODE_BYTES: usize = 15;

/// Crockford's base32: no I, L, O or U, so nothing is mistaken when typed.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A pending enrollment code, normalised (upper case, no separators).
pub(crate) struct EnrollmentCode(Zeroizing<String>);

impl EnrollmentCode {
    /// Whether `submitted` is this code, ignoring case, spaces and dashes
    /// and reading O as 0 and I or L as 1, compared in constant time.
    pub(crate) fn matches(&self, submitted: &str) -> bool {
        let submitted = normalize(submitted);
        self.0.as_bytes().ct_eq(submitted.as_bytes()).into()
    }
}

fn normalize(code: &str) -> Zeroizing<String> {
    Zeroizing::new(
        code.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            })
            .collect(),
    )
}

/// A fresh code as shown to people: base32, groups of four joined by `-`.
fn generate() -> Zeroizing<String> {
    let mut bytes = Zeroizing::new([0u8; CODE_BYTES]);
    rand::rngs::OsRng.fill_bytes(bytes.as_mut());
    let mut out = Zeroizing::new(String::new());
    let (mut acc, mut bits, mut n) = (0u32, 0u32, 0usize);
    for &b in bytes.iter() {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            if n > 0 && n % 4 == 0 {
                out.push('-');
            }
            out.push(char::from(ALPHABET[((acc >> bits) & 31) as usize]));
            n += 1;
        }
    }
    out
}

/// The path of the code file.
pub(crate) fn code_path(data_dir: &Path) -> PathBuf {
    data_dir.join(ENROLLMENT_CODE_FILE)
}

/// At start-up: returns the pending code if not enrolled, creating and
/// announcing it on the first start; when enrolled, removes a stale file.
pub(crate) fn prepare(data_dir: &Path, enrolled: bool) -> anyhow::Result<Option<EnrollmentCode>> {
    let path = code_path(data_dir);
    if enrolled {
        remove(data_dir);
        return Ok(None);
    }
    match fs::read_to_string(&path) {
        Ok(text) => {
            tracing::info!("enrollment code: see {}", path.display());
            return Ok(Some(EnrollmentCode(normalize(text.trim()))));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read {}", path.display()));
        }
    }
    let code = generate();
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(format!("{}\n", code.as_str()).as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tracing::info!("enrollment code: {}", code.as_str());
    Ok(Some(EnrollmentCode(normalize(&code))))
}

/// Removes the code file after enrollment.
pub(crate) fn remove(data_dir: &Path) {
    let path = code_path(data_dir);
    match fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => tracing::error!("cannot remove {}: {e}", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_long_random_and_typable() {
        let a = generate();
        let b = generate();
        assert_ne!(*a, *b);
        // 120 bits = 24 base32 characters in 6 groups.
        assert_eq!(a.len(), 24 + 5);
        assert!(a.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        let code = EnrollmentCode(normalize(&a));
        assert!(code.matches(&a));
        assert!(code.matches(&a.to_lowercase().replace('-', " ")));
        assert!(!code.matches(&b));
        assert!(!code.matches(""));
        let typo = a.replace('0', "o").replace('1', "l");
        assert!(code.matches(&typo));
    }
}
