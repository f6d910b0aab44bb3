//! Post-quantum sealing end to end, with the real binaries: a unit that
//! requires it from the start, and a unit that switches to it, with
//! caseworkers whose key files predate post-quantum keys. What the server
//! stores is read from its database: which recipient stanzas each age
//! header holds, and the exact lengths.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use sanctuary_crypto::age::secrecy::SecretString;
use sanctuary_crypto::keyfile::{decrypt_with_passphrase, encrypt_with_passphrase};
use sanctuary_crypto::recipients::Mix;
use sanctuary_crypto::sizes::{BUCKETS, bucket_ciphertext_len};
use sanctuary_tests::{Cli, Database, PASSPHRASE, Server, files_under};
use serde_json::Value;

/// The recipient stanzas of an age file's header: (post-quantum, X25519).
fn stanzas(blob: &[u8]) -> (usize, usize) {
    let end = blob
        .windows(5)
        .position(|w| w == b"\n--- ")
        .expect("an age header ends with its MAC line");
    let header = String::from_utf8_lossy(&blob[..end]);
    let count = |tag: &str| {
        header
            .lines()
            .filter(|l| l.starts_with(&format!("-> {tag} ")))
            .count()
    };
    (count("mlkem768x25519"), count("X25519"))
}

/// A unit: its server, admin, and the people in the story.
struct Unit {
    _dir: tempfile::TempDir,
    root: PathBuf,
    server: Server,
    admin: Cli,
    id: String,
    db: Database,
}

impl Unit {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let server = Server::start(&root.join("data"), &[]);
        let db = Database::in_dir(&server.data_dir);
        let admin = Self::person_in(&root, "admin");
        let id = admin.unit_init("Riverside Unit");
        Self {
            _dir: dir,
            root,
            server,
            admin,
            id,
            db,
        }
    }

    fn person_in(root: &Path, name: &str) -> Cli {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        Cli::new(&dir)
    }

    fn person(&self, name: &str) -> Cli {
        Self::person_in(&self.root, name)
    }

    /// A caseworker with a new key file `cw.key`; returns them and their card.
    fn caseworker(&self, name: &str, label: &str) -> (Cli, String) {
        let cw = self.person(name);
        let card = cw.caseworker_init(label);
        (cw, card)
    }

    /// A caseworker whose key file is as `caseworker init` wrote it before
    /// post-quantum keys: no `age_pq_identity`. Returns their version-1 card.
    fn old_caseworker(&self, name: &str, label: &str) -> (Cli, String) {
        let (cw, _) = self.caseworker(name, label);
        let path = cw.cwd.join("cw.key");
        let passphrase = || SecretString::from(PASSPHRASE.to_owned());
        let plain = decrypt_with_passphrase(&std::fs::read(&path).unwrap(), passphrase()).unwrap();
        let mut doc: Value = serde_json::from_slice(&plain).unwrap();
        assert!(doc["age_pq_identity"].is_string(), "new keys have one");
        doc.as_object_mut().unwrap().remove("age_pq_identity");
        let json = serde_json::to_vec(&doc).unwrap();
        std::fs::write(
            &path,
            encrypt_with_passphrase(&json, passphrase(), Some(10)).unwrap(),
        )
        .unwrap();
        let card = cw
            .ok(&["caseworker", "card", "--key", "cw.key"], None)
            .trim()
            .to_owned();
        assert!(
            card.starts_with(&format!("sanctuary-card:1:{label}:")),
            "{card}"
        );
        (cw, card)
    }

    fn publish(&self, cards: &[&str], extra: &[&str]) -> String {
        self.admin.unit_publish(&self.server.url, cards, extra)
    }

    fn publish_fails(&self, cards: &[&str], extra: &[&str]) -> String {
        let mut args = vec![
            "unit",
            "publish",
            "--key",
            "unit.key",
            "--server",
            &self.server.url,
        ];
        for card in cards {
            args.extend(["--caseworker", card]);
        }
        args.extend(extra);
        self.admin.fails(&args, None)
    }

    fn case(&self, cw: &Cli, args: &[&str]) -> String {
        let mut all = args.to_vec();
        all.extend(["--key", "cw.key", "--store", "store"]);
        cw.ok(&all, None)
    }

    fn case_json(&self, cw: &Cli, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--key", "cw.key", "--store", "store"]);
        cw.json(&all, None)
    }

    fn sync(&self, cw: &Cli) {
        self.case(
            cw,
            &[
                "case",
                "sync",
                "--server",
                &self.server.url,
                "--unit",
                &self.id,
            ],
        );
    }

    /// Submits a report (with a file, if given); returns the reporter and
    /// their receipt.
    fn submit(&self, name: &str, text: &str, attach: Option<&str>) -> (Cli, String) {
        let r = self.person(name);
        let mut args = vec![
            "report",
            "submit",
            "--server",
            &self.server.url,
            "--unit",
            &self.id,
            "--message",
            text,
        ];
        let path;
        if let Some(contents) = attach {
            path = r.cwd.join("notes.txt");
            std::fs::write(&path, contents).unwrap();
            args.extend(["--attach", path.to_str().unwrap()]);
        }
        let receipt = r.json(&args, None)["receipt"].as_str().unwrap().to_owned();
        (r, receipt)
    }

    fn check(&self, r: &Cli, receipt: &str, extra: &[&str]) -> Value {
        let mut args = vec![
            "report",
            "check",
            "--server",
            &self.server.url,
            "--unit",
            &self.id,
        ];
        args.extend(extra);
        r.json(&args, Some(receipt.as_bytes()))
    }

    fn thread(&self, cw: &Cli, marker: &str) -> String {
        let list = self.case_json(cw, &["case", "list", "--all"]);
        list.as_array()
            .unwrap()
            .iter()
            .find(|t| t["preview"].as_str().unwrap_or("").contains(marker))
            .unwrap_or_else(|| panic!("no thread for {marker}: {list:#}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn reply(&self, cw: &Cli, thread: &str, text: &str, attach: Option<&str>) {
        let mut args = vec![
            "case",
            "reply",
            thread,
            "--server",
            &self.server.url,
            "--message",
            text,
        ];
        let path;
        if let Some(contents) = attach {
            path = cw.cwd.join("reply-file.txt");
            std::fs::write(&path, contents).unwrap();
            args.extend(["--attach", path.to_str().unwrap()]);
        }
        self.case(cw, &args);
    }

    /// The messages stored since `before` (a list of IDs).
    fn new_messages(&self, before: &[String]) -> Vec<Vec<u8>> {
        self.db
            .messages()
            .into_iter()
            .filter(|(id, _)| !before.contains(id))
            .map(|(_, blob)| blob)
            .collect()
    }

    fn message_ids(&self) -> Vec<String> {
        self.db.messages().into_iter().map(|(id, _)| id).collect()
    }

    fn reply_ids(&self) -> Vec<String> {
        self.db.replies().into_iter().map(|(id, _)| id).collect()
    }

    fn new_replies(&self, before: &[String]) -> Vec<Vec<u8>> {
        self.db
            .replies()
            .into_iter()
            .filter(|(id, _)| !before.contains(id))
            .map(|(_, blob)| blob)
            .collect()
    }
}

const REPORT: &str = "PQ-REPORT-3f1a: a man threatened my family at the market";
const REPORT_FILE: &str = "PQ-REPORT-FILE-8c2e: the licence plate was partly hidden";
const REPLY: &str = "PQ-REPLY-51d0: thank you, can you tell us the day?";
const REPLY_FILE: &str = "PQ-REPLY-FILE-a7b3: the form to fill in";

#[test]
fn a_unit_that_requires_post_quantum_stores_no_x25519_stanza() {
    let unit = Unit::new();
    let (jones, jones_card) = unit.caseworker("jones", "PC-Jones");
    let (smith, smith_card) = unit.caseworker("smith", "PC-Smith");
    assert!(jones_card.starts_with("sanctuary-card:2:PC-Jones:"));
    assert!(jones_card.len() > 2000 && !jones_card.contains('\n'));
    let code = unit.server.enrollment_code();
    let out = unit.publish(
        &[&jones_card, &smith_card],
        &["--enroll", &code, "--post-quantum", "required"],
    );
    assert!(out.contains("Post-quantum: required. Reports"), "{out}");

    // The report and its file: two post-quantum stanzas each, no X25519,
    // at the exact length of a post-quantum message to two caseworkers.
    let (reporter, receipt) = unit.submit("reporter", REPORT, Some(REPORT_FILE));
    let messages = unit.db.messages();
    assert_eq!(messages.len(), 1);
    let report = &messages[0].1;
    assert_eq!(stanzas(report), (2, 0));
    assert_eq!(
        report.len() as u64,
        bucket_ciphertext_len(BUCKETS[0], Mix::post_quantum(2))
    );
    let files = unit.db.attachments("attachment");
    assert_eq!(files.len(), 1);
    assert_eq!(stanzas(&files[0].1), (2, 0));

    // Both caseworkers open it and its file.
    for cw in [&jones, &smith] {
        unit.sync(cw);
        let thread = unit.thread(cw, &REPORT[..12]);
        unit.case(
            cw,
            &["case", "show", &thread, "--save-attachments", "saved"],
        );
        let saved = files_under(&cw.cwd.join("saved"));
        assert_eq!(saved.len(), 1, "{saved:?}");
        assert_eq!(
            std::fs::read_to_string(cw.cwd.join("saved").join(&saved[0])).unwrap(),
            REPORT_FILE
        );
    }

    // The reply and its file: three post-quantum stanzas (two caseworkers
    // and the reporter), no X25519.
    let thread = unit.thread(&jones, &REPORT[..12]);
    unit.reply(&jones, &thread, REPLY, Some(REPLY_FILE));
    let replies = unit.db.replies();
    assert_eq!(replies.len(), 1);
    assert_eq!(stanzas(&replies[0].1), (3, 0));
    let reply_files = unit.db.attachments("reply-attachment");
    assert_eq!(reply_files.len(), 1);
    assert_eq!(stanzas(&reply_files[0].1), (3, 0));

    // The reporter reads the reply, verified, and its file.
    let checked = unit.check(&reporter, &receipt, &["--save-attachments", "from-unit"]);
    let got = checked["replies"].as_array().unwrap();
    assert_eq!(got.len(), 1, "{checked:#}");
    assert_eq!(got[0]["text"], REPLY);
    assert_eq!(got[0]["from"], "PC-Jones");
    assert_eq!(got[0]["verified"], true);
    let saved = files_under(&reporter.cwd.join("from-unit"));
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_eq!(
        std::fs::read_to_string(reporter.cwd.join("from-unit").join(&saved[0])).unwrap(),
        REPLY_FILE
    );

    // The colleague sees the reply in the thread.
    unit.sync(&smith);
    let shown = unit.case_json(&smith, &["case", "show", &thread]);
    let kinds: Vec<&str> = shown["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["report", "reply"], "{shown:#}");
    assert!(
        shown["messages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["verified"] == true)
    );

    // The post-quantum identity a caseworker exports is the one the file
    // was sealed to (for age tools with post-quantum support); the X25519
    // one is still the default export.
    let pq = jones.ok(
        &[
            "caseworker",
            "export-identity",
            "--key",
            "cw.key",
            "--post-quantum",
        ],
        None,
    );
    assert!(pq.starts_with("AGE-SECRET-KEY-PQ-1"), "{pq}");
    let classic = jones.ok(&["caseworker", "export-identity", "--key", "cw.key"], None);
    assert!(classic.starts_with("AGE-SECRET-KEY-1"), "{classic}");
}

const OLD_REPORT: &str = "OLD-REPORT-0b7d: before the unit switched";
const MIXED_REPORT: &str = "MIXED-REPORT-6e21: while one card was old";
const NEW_REPORT: &str = "NEW-REPORT-c94f: after the unit switched";
const OLD_REPLY: &str = "OLD-REPLY-2a80: we are still on your case";
const NEW_REPLY: &str = "NEW-REPLY-77e5: thank you for writing";
const OLD_FOLLOW_UP: &str = "OLD-FOLLOW-UP-d3c6: one more thing";

#[test]
fn a_unit_switches_to_post_quantum_and_old_threads_keep_working() {
    let unit = Unit::new();
    let (jones, jones_old) = unit.old_caseworker("jones", "PC-Jones");
    let (smith, smith_old) = unit.old_caseworker("smith", "PC-Smith");
    let code = unit.server.enrollment_code();

    // Required with cards that have no post-quantum key: refused, both named.
    let err = unit.publish_fails(
        &[&jones_old, &smith_old],
        &["--enroll", &code, "--post-quantum", "required"],
    );
    assert!(err.contains("(PC-Jones, PC-Smith)"), "{err}");
    assert!(err.contains("Nothing was published"), "{err}");

    // A unit as it was before post-quantum: X25519 only.
    let out = unit.publish(
        &[&jones_old, &smith_old],
        &["--enroll", &code, "--post-quantum", "off"],
    );
    assert!(out.contains("Post-quantum: off."), "{out}");
    let (r_old, receipt_old) = unit.submit("r-old", OLD_REPORT, None);
    let stored = unit.db.messages();
    assert_eq!(stored.len(), 1);
    assert_eq!(stanzas(&stored[0].1), (0, 2));
    assert_eq!(
        stored[0].1.len() as u64,
        bucket_ciphertext_len(BUCKETS[0], Mix::x25519(2))
    );
    unit.sync(&jones);

    // Jones adds a post-quantum key; the same X25519 key stays, so the
    // store opens as before.
    let jones_new = jones
        .ok(&["caseworker", "add-post-quantum", "--key", "cw.key"], None)
        .trim()
        .to_owned();
    assert!(
        jones_new.starts_with("sanctuary-card:2:PC-Jones:"),
        "{jones_new}"
    );

    // Preferred while Smith's card is old: still X25519 for everyone.
    let out = unit.publish(&[&jones_new, &smith_old], &["--post-quantum", "preferred"]);
    assert!(out.contains("X25519 only until every"), "{out}");
    assert!(out.contains("card of: PC-Smith"), "{out}");
    let err = unit.publish_fails(&[&jones_new, &smith_old], &["--post-quantum", "required"]);
    assert!(
        err.contains("(PC-Smith)") && !err.contains("PC-Jones"),
        "{err}"
    );
    let before = unit.message_ids();
    unit.submit("r-mixed", MIXED_REPORT, None);
    let new = unit.new_messages(&before);
    assert_eq!(new.len(), 1);
    assert_eq!(stanzas(&new[0]), (0, 2), "a mixed roster seals X25519");

    // Smith adds a key too; the admin requires post-quantum.
    let smith_new = smith
        .ok(&["caseworker", "add-post-quantum", "--key", "cw.key"], None)
        .trim()
        .to_owned();
    let out = unit.publish(&[&jones_new, &smith_new], &["--post-quantum", "required"]);
    assert!(out.contains("Post-quantum: required. Reports"), "{out}");
    assert!(out.contains("New card for: PC-Smith"), "{out}");

    // The old thread: still readable, and its reply is X25519, because the
    // old report gave no post-quantum reply key.
    unit.sync(&jones);
    let old_thread = unit.thread(&jones, &OLD_REPORT[..12]);
    let shown = unit.case_json(&jones, &["case", "show", &old_thread]);
    assert_eq!(shown["messages"][0]["text"], OLD_REPORT, "{shown:#}");
    let before_replies = unit.reply_ids();
    unit.reply(&jones, &old_thread, OLD_REPLY, None);
    let replies = unit.new_replies(&before_replies);
    assert_eq!(replies.len(), 1);
    assert_eq!(stanzas(&replies[0]), (0, 3));
    let checked = unit.check(&r_old, &receipt_old, &[]);
    assert_eq!(checked["replies"][0]["text"], OLD_REPLY, "{checked:#}");
    assert_eq!(checked["replies"][0]["verified"], true);

    // A follow-up on the old thread follows the roster: post-quantum.
    let before = unit.message_ids();
    r_old.follow_up(&unit.server.url, &unit.id, OLD_FOLLOW_UP, &receipt_old);
    let new = unit.new_messages(&before);
    assert_eq!(new.len(), 1);
    assert_eq!(stanzas(&new[0]), (2, 0));

    // A new report: post-quantum, and so is its reply.
    let before = unit.message_ids();
    let (r_new, receipt_new) = unit.submit("r-new", NEW_REPORT, Some(REPORT_FILE));
    let new = unit.new_messages(&before);
    assert_eq!(new.len(), 1);
    assert_eq!(stanzas(&new[0]), (2, 0));
    assert_eq!(
        new[0].len() as u64,
        bucket_ciphertext_len(BUCKETS[0], Mix::post_quantum(2))
    );
    unit.sync(&smith);
    let new_thread = unit.thread(&smith, &NEW_REPORT[..12]);
    let before_replies = unit.reply_ids();
    unit.reply(&smith, &new_thread, NEW_REPLY, Some(REPLY_FILE));
    let replies = unit.new_replies(&before_replies);
    assert_eq!(replies.len(), 1);
    assert_eq!(stanzas(&replies[0]), (3, 0));
    let checked = unit.check(&r_new, &receipt_new, &["--save-attachments", "from-unit"]);
    assert_eq!(checked["replies"][0]["text"], NEW_REPLY, "{checked:#}");
    assert_eq!(checked["replies"][0]["verified"], true);
    let saved = files_under(&r_new.cwd.join("from-unit"));
    assert_eq!(saved.len(), 1, "{saved:?}");

    // Smith reads every thread: the old one with its X25519 report and
    // reply and its post-quantum follow-up, and the one from the mixed
    // roster.
    let old_thread = unit.thread(&smith, &OLD_REPORT[..12]);
    let shown = unit.case_json(&smith, &["case", "show", &old_thread]);
    let texts: Vec<&str> = shown["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    for text in [OLD_REPORT, OLD_REPLY, OLD_FOLLOW_UP] {
        assert!(texts.contains(&text), "{text} missing: {shown:#}");
    }
    unit.thread(&smith, &MIXED_REPORT[..12]);
}
