//! The commands that switch a unit to post-quantum sealing: a caseworker
//! adds a post-quantum key to a key file made before there was one, exports
//! either identity, and the unit admin publishes `--post-quantum off`,
//! `preferred` or `required`, with cards as arguments or in files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{PASSPHRASE, Server, World, publish_args};
use sanctuary_crypto::age;
use sanctuary_crypto::age::secrecy::{ExposeSecret, SecretString};
use sanctuary_crypto::caseworker::{CaseworkerCard, CaseworkerKey};
use zeroize::Zeroizing;

/// Writes `name`: a caseworker key file as `caseworker init` wrote it before
/// post-quantum keys existed (no `age_pq_identity`).
fn write_old_key(world: &World, name: &str, label: &str, seed: u8) -> CaseworkerKey {
    let key = CaseworkerKey::from_parts(
        label.parse().unwrap(),
        age::x25519::Identity::generate(),
        None,
        &Zeroizing::new([seed; 32]),
    );
    let bytes = key
        .to_key_file(SecretString::from(PASSPHRASE.to_owned()), Some(10))
        .unwrap();
    world.write(name, &bytes);
    key
}

fn open_key(world: &World, name: &str) -> CaseworkerKey {
    let bytes = std::fs::read(world.dir.join(name)).unwrap();
    CaseworkerKey::from_key_file(&bytes, SecretString::from(PASSPHRASE.to_owned())).unwrap()
}

#[test]
fn add_post_quantum_keeps_the_old_keys_and_prints_a_new_card() {
    let world = World::new();
    let old = write_old_key(&world, "old.key", "PC-Old", 3);
    let old_card = world.ok(&["caseworker", "card", "--key", "old.key"]);
    assert!(
        old_card.starts_with("sanctuary-card:1:PC-Old:"),
        "{old_card}"
    );
    let x25519 = world.ok(&["caseworker", "export-identity", "--key", "old.key"]);
    assert!(x25519.starts_with("AGE-SECRET-KEY-1"), "{x25519}");

    // Without a post-quantum key there is nothing to export.
    let err = world.fails(
        &[
            "caseworker",
            "export-identity",
            "--key",
            "old.key",
            "--post-quantum",
        ],
        None,
    );
    assert!(
        err.contains("has no post-quantum key") && err.contains("add-post-quantum --key old.key"),
        "{err}"
    );

    // A wrong passphrase changes nothing.
    let before = std::fs::read(world.dir.join("old.key")).unwrap();
    let out = world
        .command(&["caseworker", "add-post-quantum", "--key", "old.key"])
        .env("SANCTUARY_PASSPHRASE", "not the passphrase")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Wrong passphrase"));
    assert_eq!(std::fs::read(world.dir.join("old.key")).unwrap(), before);

    let out = world.run(
        &["caseworker", "add-post-quantum", "--key", "old.key"],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(note.contains("unit admin"), "{note}");
    let card: CaseworkerCard = String::from_utf8(out.stdout).unwrap().parse().unwrap();
    let new = open_key(&world, "old.key");
    assert!(new.has_post_quantum());
    assert_eq!(card, new.card(), "the printed card is the key file's");
    // Label, X25519 and signing keys are the old ones; the card is version 2.
    assert_eq!(card.label, *old.label());
    assert_eq!(card.recipient, old.card().recipient);
    assert_eq!(card.verifying_key, old.verifying_key());
    assert!(card.post_quantum.is_some());
    assert!(card.to_string().starts_with("sanctuary-card:2:PC-Old:"));
    assert_eq!(
        world.ok(&["caseworker", "card", "--key", "old.key"]).trim(),
        card.to_string()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(world.dir.join("old.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the key file stays private");
    }
    // Nothing else was left in the folder (no temporary file).
    let names: Vec<_> = std::fs::read_dir(&world.dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["old.key"]);

    // The default export is unchanged; --post-quantum prints the new key.
    assert_eq!(
        world.ok(&["caseworker", "export-identity", "--key", "old.key"]),
        x25519
    );
    let pq = world.ok(&[
        "caseworker",
        "export-identity",
        "--key",
        "old.key",
        "--post-quantum",
    ]);
    assert!(pq.starts_with("AGE-SECRET-KEY-PQ-1"), "{pq}");
    assert_eq!(
        pq.trim(),
        new.export_post_quantum_identity().unwrap().expose_secret()
    );

    // Once is enough: a second run refuses and changes nothing.
    let after = std::fs::read(world.dir.join("old.key")).unwrap();
    let err = world.fails(
        &["caseworker", "add-post-quantum", "--key", "old.key"],
        None,
    );
    assert!(err.contains("already has a post-quantum key"), "{err}");
    assert_eq!(std::fs::read(world.dir.join("old.key")).unwrap(), after);

    // A new key has one from the start, and a version-2 card of one line.
    let card = world.ok(&[
        "caseworker",
        "init",
        "--out",
        "new.key",
        "--label",
        "PC-New",
    ]);
    assert_eq!(card.lines().count(), 1);
    assert!(card.starts_with("sanctuary-card:2:PC-New:") && card.len() > 2000);
    let err = world.fails(
        &["caseworker", "add-post-quantum", "--key", "new.key"],
        None,
    );
    assert!(err.contains("already has a post-quantum key"), "{err}");
}

/// The roster the server serves, as JSON (a plain loopback HTTP GET).
fn served_roster(server: &Server) -> serde_json::Value {
    use std::io::{Read, Write};
    let host = server.url.strip_prefix("http://").unwrap();
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET /v1/roster HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let body = &answer[answer.find("\r\n\r\n").unwrap() + 4..];
    let signed: serde_json::Value = serde_json::from_str(body).unwrap();
    // The signed roster carries the document as its exact JSON text.
    serde_json::from_str(signed["document"].as_str().unwrap()).unwrap()
}

#[test]
fn publish_chooses_and_explains_the_post_quantum_policy() {
    let world = World::new();
    let server = Server::start(&world.server_data());
    world.ok(&["unit", "init", "--out", "unit.key", "--name", "Test Unit"]);
    let new_card = world.ok(&[
        "caseworker",
        "init",
        "--out",
        "new.key",
        "--label",
        "PC-New",
    ]);
    world.write("new.card", new_card.as_bytes());
    write_old_key(&world, "old.key", "PC-Old", 5);
    let old_card = world.ok(&["caseworker", "card", "--key", "old.key"]);
    let publish = |extra: &[&str]| {
        let mut args = publish_args(
            &server,
            &[
                "--caseworker",
                old_card.trim(),
                "--caseworker-file",
                "new.card",
            ],
        );
        args.extend(extra);
        world.run(&args, None)
    };

    // Required, with a card that has no post-quantum key: refused, naming
    // it, before anything reaches the server.
    let out = publish(&["--enroll", &server.code, "--post-quantum", "required"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot be required") && err.contains("(PC-Old)") && !err.contains("PC-New"),
        "{err}"
    );
    assert!(err.contains("Nothing was published"), "{err}");
    assert!(err.contains("add-post-quantum"), "{err}");

    // A first roster is `preferred`: X25519 while PC-Old has no key.
    let out = publish(&["--enroll", &server.code]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.contains("Post-quantum: preferred, but reports are sealed with X25519 only"),
        "{said}"
    );
    assert!(
        said.contains("No post-quantum key on the card of: PC-Old"),
        "{said}"
    );
    let roster = served_roster(&server);
    assert_eq!(roster["policy"]["post_quantum"], "preferred", "{roster:#}");
    assert!(roster["caseworkers"][0].get("age_pq").is_none());
    assert!(roster["caseworkers"][1]["age_pq"].is_string());

    // PC-Old adds a key and sends the new card: the same publish (the
    // setting is kept) now seals post-quantum.
    let upgraded = world.ok(&["caseworker", "add-post-quantum", "--key", "old.key"]);
    let said = world.ok(&publish_args(
        &server,
        &[
            "--caseworker",
            upgraded.trim(),
            "--caseworker-file",
            "new.card",
        ],
    ));
    assert!(said.contains("New card for: PC-Old"), "{said}");
    assert!(
        said.contains("Post-quantum: preferred. Reports, follow-ups, replies and their files are sealed post-quantum"),
        "{said}"
    );
    assert!(!said.contains("No post-quantum key"), "{said}");

    // Off: the roster lists no post-quantum key at all, as before there were
    // any, and says how to switch it on.
    let said = world.ok(&publish_args(
        &server,
        &[
            "--caseworker",
            upgraded.trim(),
            "--caseworker-file",
            "new.card",
            "--post-quantum",
            "off",
        ],
    ));
    assert!(
        said.contains("Post-quantum: off. Reports are sealed with X25519 only."),
        "{said}"
    );
    assert!(said.contains("--post-quantum preferred"), "{said}");
    let roster = served_roster(&server);
    assert!(roster["policy"].get("post_quantum").is_none(), "{roster:#}");
    for cw in roster["caseworkers"].as_array().unwrap() {
        assert!(cw.get("age_pq").is_none(), "{roster:#}");
    }

    // Required, now that every card has a key; kept by the next publish.
    for extra in [&["--post-quantum", "required"][..], &[]] {
        let mut args = vec![
            "unit",
            "publish",
            "--key",
            "unit.key",
            "--server",
            &server.url,
            "--caseworker",
            upgraded.trim(),
            "--caseworker-file",
            "new.card",
        ];
        args.extend(extra);
        let said = world.ok(&args);
        assert!(said.contains("Post-quantum: required. Reports"), "{said}");
        assert_eq!(served_roster(&server)["policy"]["post_quantum"], "required");
    }
    // A version-1 card cannot join a roster that requires post-quantum.
    write_old_key(&world, "late.key", "PC-Late", 9);
    let late = world.ok(&["caseworker", "card", "--key", "late.key"]);
    let err = world.fails(
        &[
            "unit",
            "publish",
            "--key",
            "unit.key",
            "--server",
            &server.url,
            "--caseworker",
            upgraded.trim(),
            "--caseworker",
            late.trim(),
            "--caseworker-file",
            "new.card",
        ],
        None,
    );
    assert!(err.contains("(PC-Late)"), "{err}");
}
