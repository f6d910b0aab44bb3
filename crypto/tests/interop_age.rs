//! Interoperability with an independent implementation: the Go `age` tool
//! (Debian package `age`). These tests fail when `age` is missing.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use age::secrecy::ExposeSecret;
use sanctuary_crypto::attachment::seal_attachment;
use sanctuary_crypto::message::{self, ReportContent};
use sanctuary_crypto::receipt::Receipt;
use sanctuary_crypto::recipients::Recipients;
use sanctuary_crypto::sizes::padme;

fn identity_file(dir: &tempfile::TempDir, name: &str, secret: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, format!("{secret}\n")).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn go_age_decrypts_a_report_to_json() {
    let unit = common::unit(2);
    let keys = Receipt::generate().derive();
    let content = ReportContent {
        text: "interop marker 7f3a".into(),
        ..Default::default()
    };
    let blob = message::seal_report(&content, &keys, &unit.roster).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let exported = unit.caseworkers[1].export_identity();
    let id = identity_file(&dir, "cw.txt", exported.expose_secret());
    let plain = common::go_age(&["-d", "-i", &id], &blob);
    let v: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(v["format"], "sanctuary-message-v1");
    assert_eq!(v["body"]["text"], "interop marker 7f3a");
}

#[test]
fn go_age_decrypts_an_attachment_to_bytes_then_zeros() {
    let id = age::x25519::Identity::generate();
    let input: Vec<u8> = (0..70_000u32).map(|i| (i % 253) as u8 + 1).collect();
    let (blob, _) = seal_attachment(
        &input[..],
        Vec::new(),
        &Recipients::X25519(vec![id.to_public()]),
        input.len() as u64,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = identity_file(&dir, "id.txt", id.to_string().expose_secret());
    let plain = common::go_age(&["-d", "-i", &path], &blob);
    assert_eq!(plain.len() as u64, padme(input.len() as u64));
    assert_eq!(&plain[..input.len()], &input[..]);
    assert!(plain[input.len()..].iter().all(|&b| b == 0));
}

#[test]
fn go_age_encrypts_to_the_reply_recipient_derived_from_a_receipt() {
    let keys = Receipt::generate().derive();
    let recipient = keys.reply_recipient().to_string();
    let blob = common::go_age(&["-r", &recipient], b"a reply from elsewhere");
    let mut plain = Vec::new();
    std::io::Read::read_to_end(
        &mut age::Decryptor::new(&blob[..])
            .unwrap()
            .decrypt(std::iter::once(keys.reply_identity() as &dyn age::Identity))
            .unwrap(),
        &mut plain,
    )
    .unwrap();
    assert_eq!(plain, b"a reply from elsewhere");
}
