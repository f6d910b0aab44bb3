//! Interoperability of the post-quantum recipient (`sanctuary_crypto::pq`)
//! with an independent implementation: typage (npm `age-encryption`), run
//! under Node from the reporter page's locked dependencies through
//! `tests/typage/pq.mjs`. Files go both ways, and each side derives the
//! other's recipient from its identity.
//!
//! These tests fail, never skip, when Node or `web/node_modules` is missing:
//! run `cd web && npm ci` first (`.ci/run` does).

#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use age::secrecy::ExposeSecret;
use sanctuary_crypto::pq::{HybridIdentity, HybridRecipient, STANZA_TAG};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `node tests/typage/pq.mjs ARGS` and returns its standard output.
fn typage(args: &[&str]) -> String {
    let typage = repo().join("web/node_modules/age-encryption/dist/index.js");
    assert!(
        typage.is_file(),
        "typage is missing ({}): run `cd web && npm ci` before the Rust tests",
        typage.display()
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/typage/pq.mjs");
    let out = Command::new("node")
        .arg(&script)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `node` ({e}): install Node.js, then run `cd web && npm ci`")
        });
    assert!(
        out.status.success(),
        "typage {:?} failed: {}",
        args.first(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A new typage identity and its recipient, as typage writes them.
fn typage_identity() -> (String, String) {
    let out = typage(&["generate"]);
    let mut lines = out.lines();
    let identity = lines.next().unwrap().to_owned();
    let recipient = lines.next().unwrap().to_owned();
    (identity, recipient)
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

fn seal(recipients: &[&dyn age::Recipient], plain: &[u8]) -> Vec<u8> {
    let encryptor = age::Encryptor::with_recipients(recipients.iter().copied()).unwrap();
    let mut out = vec![];
    let mut w = encryptor.wrap_output(&mut out).unwrap();
    w.write_all(plain).unwrap();
    w.finish().unwrap();
    out
}

fn open(sealed: &[u8], identity: &HybridIdentity) -> Vec<u8> {
    let mut out = vec![];
    age::Decryptor::new(sealed)
        .unwrap()
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .unwrap()
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// More than one 64 KiB STREAM chunk, not text.
fn message() -> Vec<u8> {
    (0..100_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect()
}

#[test]
fn a_typage_identity_gives_the_same_recipient_here() {
    let (identity, recipient) = typage_identity();
    let parsed: HybridIdentity = identity.parse().unwrap();
    assert_eq!(parsed.to_public().to_string(), recipient);
    assert_eq!(parsed.to_string().expose_secret(), &identity);
    assert_eq!(
        recipient.parse::<HybridRecipient>().unwrap(),
        parsed.to_public()
    );
}

#[test]
fn our_identity_gives_the_same_recipient_in_typage() {
    let ours = HybridIdentity::generate();
    let dir = tempfile::tempdir().unwrap();
    let id = write(&dir, "id.txt", ours.to_string().expose_secret().as_bytes());
    assert_eq!(
        typage(&["recipient", &id]).trim_end(),
        ours.to_public().to_string()
    );
}

#[test]
fn a_file_sealed_here_opens_in_typage() {
    let (theirs, their_recipient) = typage_identity();
    let ours = HybridIdentity::generate();
    let plain = message();
    // To typage's recipient and to ours: both post-quantum, so age allows
    // the mix, and each side opens its own stanza.
    let their_recipient: HybridRecipient = their_recipient.parse().unwrap();
    let sealed = seal(&[&their_recipient, &ours.to_public()], &plain);

    let dir = tempfile::tempdir().unwrap();
    let id = write(&dir, "id.txt", theirs.as_bytes());
    let sealed_path = write(&dir, "sealed.age", &sealed);
    let out = dir.path().join("out");
    typage(&["decrypt", &id, &sealed_path, out.to_str().unwrap()]);
    assert_eq!(std::fs::read(out).unwrap(), plain);
    assert_eq!(open(&sealed, &ours), plain);
}

#[test]
fn a_file_sealed_in_typage_opens_here() {
    let ours = HybridIdentity::generate();
    let plain = message();
    let dir = tempfile::tempdir().unwrap();
    let plain_path = write(&dir, "plain", &plain);
    let out = dir.path().join("sealed.age");
    typage(&[
        "encrypt",
        &ours.to_public().to_string(),
        &plain_path,
        out.to_str().unwrap(),
    ]);
    let sealed = std::fs::read(out).unwrap();
    // typage wrote one stanza of this type (and nothing else to open).
    let header = &sealed[..sealed.windows(4).position(|w| w == b"\n---").unwrap()];
    let arg_line = format!("\n-> {STANZA_TAG} ");
    assert_eq!(
        String::from_utf8_lossy(header).matches(&arg_line).count(),
        1
    );
    assert_eq!(open(&sealed, &ours), plain);

    // Someone else's identity finds nothing to open.
    let stranger = HybridIdentity::generate();
    let refused = age::Decryptor::new(&sealed[..])
        .unwrap()
        .decrypt(std::iter::once(&stranger as &dyn age::Identity));
    assert!(matches!(refused, Err(age::DecryptError::NoMatchingKeys)));
}
