//! The whole story, end to end, with the real binaries: a unit admin, two
//! caseworkers and four reporters, then the server's database and log read
//! the way an operator (or whoever seizes the server) would read them, and
//! an interoperability check with the Go `age` tool.
//!
//! One test, because every step depends on the one before; each step is a
//! function named after what it shows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sanctuary_cli::metadata::{self, fixtures};
use sanctuary_crypto::receipt::Receipt;
use sanctuary_crypto::recipients::Mix;
use sanctuary_crypto::sizes::{BUCKETS, bucket_ciphertext_len};
use sanctuary_tests::{Cli, Database, Server, contains, files_under};
use serde_json::Value;

const R1_MARKER: &str = "R1-PLAINTEXT-7c1e: my neighbour was attacked on Elm Street";
const R2_MARKER: &str = "R2-PLAINTEXT-4b9d: my landlord threatens to call immigration";
const R3_MARKER: &str = "R3-PLAINTEXT-0a52: a man follows me home from work";
const R4_MARKER: &str = "R4-PLAINTEXT-e3f8: after the roster changed";
const REPLY_MARKER: &str = "REPLY-PLAINTEXT-91aa: thank you, are you safe now?";
const FOLLOW_UP_MARKER: &str = "FOLLOWUP-PLAINTEXT-55c0: it happened on Friday night";
const REPLY_FILE_MARKER: &str = "REPLY-FILE-PLAINTEXT-2d77";
const PDF_FILE_MARKER: &str = "Sanctuary Fixture Writer";
const R3_FILE_MARKER: &str = "R3-FILE-PLAINTEXT-6e04: notes of dates and times";

/// Everyone in the story.
struct World {
    _dir: tempfile::TempDir,
    root: PathBuf,
    server: Server,
    unit: String,
    admin: Cli,
    cw1: Cli,
    cw2: Cli,
    cards: [String; 2],
}

/// A reporter: their client (run in an empty working directory) and receipt.
struct Reporter {
    cli: Cli,
    receipt: String,
}

impl World {
    fn person(&self, name: &str) -> Cli {
        let dir = self.root.join(name);
        std::fs::create_dir_all(dir.join("cwd")).unwrap();
        Cli::new(&dir).in_dir(&dir.join("cwd"))
    }

    fn files(&self) -> PathBuf {
        self.root.join("files")
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

    fn sync(&self, cw: &Cli) -> String {
        self.case(
            cw,
            &[
                "case",
                "sync",
                "--server",
                &self.server.url,
                "--unit",
                &self.unit,
            ],
        )
    }

    fn publish(&self, cards: &[&str], extra: &[&str]) -> String {
        self.admin.unit_publish(&self.server.url, cards, extra)
    }

    fn submit(&self, cli: &Cli, text: &str, attach: Option<&Path>) -> Reporter {
        let mut args = vec![
            "report",
            "submit",
            "--server",
            &self.server.url,
            "--unit",
            &self.unit,
            "--message",
            text,
        ];
        let path;
        if let Some(p) = attach {
            path = p.to_str().unwrap().to_owned();
            args.extend(["--attach", &path]);
        }
        let out = cli.json(&args, None);
        let receipt = out["receipt"].as_str().unwrap().to_owned();
        assert_eq!(receipt.split(' ').count(), 12);
        Reporter {
            cli: cli.clone(),
            receipt,
        }
    }

    fn check(&self, r: &Reporter, extra: &[&str]) -> Value {
        let mut args = vec![
            "report",
            "check",
            "--server",
            &self.server.url,
            "--unit",
            &self.unit,
        ];
        args.extend(extra);
        r.cli.json(&args, Some(r.receipt.as_bytes()))
    }

    /// The thread (from `case list --json`) whose preview contains `marker`.
    fn thread(&self, cw: &Cli, marker: &str) -> String {
        let list = self.case_json(cw, &["case", "list", "--all"]);
        let prefix = &marker[..12];
        list.as_array()
            .unwrap()
            .iter()
            .find(|t| t["preview"].as_str().unwrap_or("").contains(prefix))
            .unwrap_or_else(|| panic!("no thread for {marker}: {list:#}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

#[test]
fn the_whole_story() {
    let mut world = step1_admin_creates_the_unit_and_enrolls_the_server();
    let reporters = step2_three_reporters_submit(&world);
    step3_caseworker_1_syncs_without_metadata(&world);
    step4_reply_reaches_only_its_reporter(&world, &reporters);
    step5_follow_up_joins_the_thread_for_both_caseworkers(&world, &reporters);
    let r4_blob = step6_removed_caseworker_is_locked_out(&mut world);
    step7_forget_and_wrong_receipt(&world, &reporters[0]);
    operator_sees_no_plaintext_addresses_times_or_links(&world, &reporters[0]);
    go_age_decrypts_a_report_from_the_database(&world);
    step8_retention_purges_expired_blobs(&world, &r4_blob);
    nothing_was_written_outside_what_each_person_asked_for(&world);
    let World { server, .. } = world;
    assert!(server.stop(), "the server did not stop cleanly on SIGTERM");
}

fn step1_admin_creates_the_unit_and_enrolls_the_server() -> World {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let server = Server::start(&root.join("data"), &[]);
    assert!(server.log().contains("enrollment code: "));
    let code = server.enrollment_code();

    let mk = |name: &str| {
        let d = root.join(name);
        std::fs::create_dir_all(&d).unwrap();
        Cli::new(&d)
    };
    let admin = mk("admin");
    let unit = admin.unit_init("Riverside Unit");
    assert!(unit.starts_with("sanctuary1"), "{unit}");
    assert_eq!(
        admin.ok(&["unit", "id", "--key", "unit.key"], None).trim(),
        unit
    );

    let (cw1, cw2) = (mk("cw1"), mk("cw2"));
    let cards = [
        cw1.caseworker_init("PC-Jones"),
        cw2.caseworker_init("PC-Smith"),
    ];
    assert!(cards[0].starts_with("sanctuary-card:2:PC-Jones:"));

    std::fs::create_dir_all(root.join("files")).unwrap();
    let world = World {
        _dir: dir,
        root,
        server,
        unit,
        admin,
        cw1,
        cw2,
        cards,
    };
    // X25519 sealing, kept by every later publish: this story also checks
    // that Debian's Go age 1.1.1, which has no post-quantum, opens what is
    // stored (tests/tests/post_quantum.rs tells the post-quantum story).
    let out = world.publish(
        &[&world.cards[0], &world.cards[1]],
        &["--enroll", &code, "--post-quantum", "off"],
    );
    assert!(out.contains("Post-quantum: off."), "{out}");
    assert!(out.is_empty() || !out.contains("error"), "{out}");
    assert!(
        !world.server.data_dir.join("enrollment-code").exists(),
        "the one-time code is removed once used"
    );
    world
}

fn step2_three_reporters_submit(world: &World) -> Vec<Reporter> {
    let photo = world.files().join("photo.jpg");
    std::fs::write(&photo, fixtures::jpeg_with_metadata()).unwrap();
    let letter = world.files().join("letter.pdf");
    std::fs::write(&letter, fixtures::pdf_with_metadata()).unwrap();

    let notes = world.files().join("notes.txt");
    std::fs::write(&notes, R3_FILE_MARKER).unwrap();

    vec![
        world.submit(&world.person("r1"), R1_MARKER, Some(&photo)),
        world.submit(&world.person("r2"), R2_MARKER, Some(&letter)),
        world.submit(&world.person("r3"), R3_MARKER, Some(&notes)),
    ]
}

fn step3_caseworker_1_syncs_without_metadata(world: &World) {
    let out = world.sync(&world.cw1);
    assert!(out.is_empty() || out.contains("3"), "{out}");
    let list = world.case_json(&world.cw1, &["case", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 3, "{list:#}");

    // The photo: GPS and camera details gone, the image itself unchanged.
    let t1 = world.thread(&world.cw1, R1_MARKER);
    let saved = world.cw1.cwd.join("saved1");
    world.case(
        &world.cw1,
        &["case", "show", &t1, "--save-attachments", "saved1"],
    );
    let files = files_under(&saved);
    assert_eq!(files.len(), 1, "{files:?}");
    let got = std::fs::read(saved.join(&files[0])).unwrap();
    let inspection = metadata::inspect_bytes(&got).unwrap();
    assert!(inspection.findings.is_empty(), "{:?}", inspection.findings);
    for secret in [
        fixtures::CAMERA_SERIAL,
        fixtures::CAMERA_MAKE,
        fixtures::DATE_TAKEN,
    ] {
        assert!(
            !contains(&got, secret.as_bytes()),
            "{secret} still in the photo"
        );
    }
    let original = fixtures::jpeg_with_metadata();
    assert!(!jpeg_segments(&original).iter().all(|s| !is_metadata(s)));
    assert_eq!(
        jpeg_segments(&got)
            .into_iter()
            .filter(|s| !is_metadata(s))
            .collect::<Vec<_>>(),
        jpeg_segments(&original)
            .into_iter()
            .filter(|s| !is_metadata(s))
            .collect::<Vec<_>>(),
        "every image segment and the scan data are byte-for-byte the original's"
    );
    assert!(jpeg_segments(&got).iter().all(|s| !is_metadata(s)));

    // The PDF: the author is gone.
    let t2 = world.thread(&world.cw1, R2_MARKER);
    world.case(
        &world.cw1,
        &["case", "show", &t2, "--save-attachments", "saved2"],
    );
    let files = files_under(&world.cw1.cwd.join("saved2"));
    let pdf = std::fs::read(world.cw1.cwd.join("saved2").join(&files[0])).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert!(
        !contains(&pdf, fixtures::AUTHOR.as_bytes()),
        "the PDF still names its author"
    );
    assert!(metadata::inspect_bytes(&pdf).unwrap().findings.is_empty());
}

fn step4_reply_reaches_only_its_reporter(world: &World, reporters: &[Reporter]) {
    let t1 = world.thread(&world.cw1, R1_MARKER);
    let reply_file = world.files().join("appointment.txt");
    std::fs::write(&reply_file, REPLY_FILE_MARKER).unwrap();
    world.case(
        &world.cw1,
        &[
            "case",
            "reply",
            &t1,
            "--server",
            &world.server.url,
            "--message",
            REPLY_MARKER,
            "--attach",
            reply_file.to_str().unwrap(),
        ],
    );

    let checked = world.check(&reporters[0], &["--save-attachments", "from-unit"]);
    let replies = checked["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 1, "{checked:#}");
    assert_eq!(replies[0]["from"], "PC-Jones");
    assert_eq!(replies[0]["verified"], true);
    assert_eq!(replies[0]["text"], REPLY_MARKER);
    let saved = reporters[0].cli.cwd.join("from-unit");
    let files = files_under(&saved);
    assert_eq!(files.len(), 1);
    assert_eq!(
        std::fs::read_to_string(saved.join(&files[0])).unwrap(),
        REPLY_FILE_MARKER
    );

    for other in &reporters[1..] {
        let checked = world.check(other, &[]);
        assert_eq!(
            checked["replies"].as_array().unwrap().len(),
            0,
            "{checked:#}"
        );
    }
}

fn step5_follow_up_joins_the_thread_for_both_caseworkers(world: &World, reporters: &[Reporter]) {
    let r1 = &reporters[0];
    r1.cli.follow_up(
        &world.server.url,
        &world.unit,
        FOLLOW_UP_MARKER,
        &r1.receipt,
    );
    world.sync(&world.cw1);
    world.sync(&world.cw2);
    // Both caseworkers see the thread in one order, from signed data only
    // (protocol 6.3), although caseworker 1 saw the reply before the
    // follow-up arrived and caseworker 2 synced everything at once. The
    // CLI's follow-up read no mailbox, so it is the reporter's number 1
    // having seen no reply, and sorts before the reply.
    let kinds_of = |cw| {
        let t1 = world.thread(cw, R1_MARKER);
        let thread = world.case_json(cw, &["case", "show", &t1]);
        let kinds: Vec<String> = thread["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["kind"].as_str().unwrap().to_owned())
            .collect();
        kinds
    };
    assert_eq!(kinds_of(&world.cw1), ["report", "follow-up", "reply"]);
    assert_eq!(kinds_of(&world.cw2), kinds_of(&world.cw1));
    for cw in [&world.cw1, &world.cw2] {
        let list = world.case_json(cw, &["case", "list"]);
        assert_eq!(
            list.as_array().unwrap().len(),
            3,
            "still three threads: {list:#}"
        );
        let t1 = world.thread(cw, R1_MARKER);
        let thread = world.case_json(cw, &["case", "show", &t1]);
        let messages = thread["messages"].as_array().unwrap();
        let find = |kind: &str| {
            messages
                .iter()
                .find(|m| m["kind"] == kind)
                .unwrap_or_else(|| panic!("no {kind}: {thread:#}"))
        };
        assert_eq!(messages.len(), 3, "{thread:#}");
        assert_eq!(messages[0]["kind"], "report", "the report comes first");
        assert!(messages.iter().all(|m| m["verified"] == true), "{thread:#}");
        assert_eq!(find("report")["text"], R1_MARKER);
        assert_eq!(find("reply")["text"], REPLY_MARKER);
        assert_eq!(find("reply")["from"], "PC-Jones");
        assert_eq!(find("follow-up")["text"], FOLLOW_UP_MARKER);
    }
}

/// Returns the ciphertext of the report sent after the change.
fn step6_removed_caseworker_is_locked_out(world: &mut World) -> Vec<u8> {
    let db = Database::in_dir(&world.server.data_dir);
    let before: Vec<String> = db.messages().into_iter().map(|(id, _)| id).collect();
    world.publish(&[&world.cards[0]], &[]);

    let err = world.cw2.fails(
        &[
            "case",
            "sync",
            "--server",
            &world.server.url,
            "--unit",
            &world.unit,
            "--key",
            "cw.key",
            "--store",
            "store",
        ],
        None,
    );
    assert!(err.to_lowercase().contains("roster"), "{err}");

    world.submit(&world.person("r4"), R4_MARKER, None);
    let new: Vec<(String, Vec<u8>)> = db
        .messages()
        .into_iter()
        .filter(|(id, _)| !before.contains(id))
        .collect();
    assert_eq!(new.len(), 1);
    let blob = new[0].1.clone();

    // Caseworker 2's own identity, exported for stock age tools, cannot
    // open it; caseworker 1's can.
    let attempt = |cw: &Cli| {
        let id = cw.cwd.join("identity.txt");
        std::fs::write(
            &id,
            cw.ok(&["caseworker", "export-identity", "--key", "cw.key"], None),
        )
        .unwrap();
        go_age(&["-d", "-i", id.to_str().unwrap()], &blob)
    };
    assert!(
        attempt(&world.cw2).is_none(),
        "caseworker 2 could decrypt a later report"
    );
    let plain = attempt(&world.cw1).expect("caseworker 1 decrypts it");
    let json: Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(json["body"]["text"], R4_MARKER);

    world.sync(&world.cw1);
    blob
}

fn step7_forget_and_wrong_receipt(world: &World, r1: &Reporter) {
    r1.cli.ok(
        &["report", "forget", "--server", &world.server.url, "--yes"],
        Some(r1.receipt.as_bytes()),
    );
    let checked = world.check(r1, &[]);
    assert_eq!(
        checked["replies"].as_array().unwrap().len(),
        0,
        "{checked:#}"
    );

    // One word mistyped: refused, naming the word and suggesting the fix.
    let mut words: Vec<String> = r1.receipt.split(' ').map(str::to_owned).collect();
    words[4] = format!("{}qq", words[4]);
    let wrong = words.join(" ");
    let err = r1.cli.fails(
        &[
            "report",
            "check",
            "--server",
            &world.server.url,
            "--unit",
            &world.unit,
        ],
        Some(wrong.as_bytes()),
    );
    assert!(err.contains("5"), "the error names word 5: {err}");
    assert!(
        err.contains(&words[4]),
        "the error shows what was typed: {err}"
    );
}

fn operator_sees_no_plaintext_addresses_times_or_links(world: &World, r1: &Reporter) {
    let db = Database::in_dir(&world.server.data_dir);
    let raw = db.raw_bytes();
    let log = world.server.log();
    let keys = Receipt::parse(&r1.receipt).unwrap().derive();

    // No plaintext from any report, reply, follow-up or attachment; no
    // derived secret or capability in the clear.
    let mut secrets: Vec<Vec<u8>> = [
        R1_MARKER,
        R2_MARKER,
        R3_MARKER,
        R4_MARKER,
        REPLY_MARKER,
        FOLLOW_UP_MARKER,
        REPLY_FILE_MARKER,
        PDF_FILE_MARKER,
        fixtures::CAMERA_SERIAL,
        fixtures::AUTHOR,
        R3_FILE_MARKER,
    ]
    .iter()
    .map(|s| s.as_bytes()[..20.min(s.len())].to_vec())
    .collect();
    secrets.push(keys.mailbox_id().to_hex().into_bytes());
    secrets.push(keys.mailbox_id().as_bytes().to_vec());
    secrets.push(keys.thread_id().to_hex().into_bytes());
    secrets.push(keys.thread_id().as_bytes().to_vec());
    secrets.push(keys.forget_secret().to_hex().as_bytes().to_vec());
    for s in &secrets {
        let shown = String::from_utf8_lossy(s);
        assert!(!contains(&raw, s), "the database holds {shown}");
        assert!(!contains(log.as_bytes(), s), "the log holds {shown}");
    }

    // No address: the log's only address is its own listening line.
    assert!(!contains(&raw, b"127.0.0.1"));
    let other_lines: String = log
        .lines()
        .filter(|l| !l.starts_with("listening on "))
        .collect();
    assert!(!other_lines.contains("127.0.0.1"), "{log}");
    assert!(log.lines().count() <= 4, "no line per request: {log}");

    // Nothing orders blobs by arrival. A table has no row IDs (WITHOUT
    // ROWID, keyed by random bytes), or its row IDs are random keys the
    // server picked: spread over 2^63, so neither a counter (1, 2, 3…) nor
    // SQLite's max + 1 after a random start. Nothing is AUTOINCREMENT.
    for sql in db.schema() {
        assert!(!sql.to_uppercase().contains("AUTOINCREMENT"), "{sql}");
    }
    let mut random_keys = std::collections::BTreeSet::new();
    for table in db.rowid_tables() {
        let mut keys = db.rowids(&table);
        assert!(
            !keys.is_empty(),
            "{table} is empty: the check checks nothing"
        );
        keys.sort_unstable();
        // A random key is below 2^32 with probability 2^-31, and two are
        // within 2^24 of each other with probability 2^-38.
        assert!(keys[0] >= 1 << 32, "{table}: small row IDs {keys:?}");
        assert!(
            keys.windows(2).all(|w| w[1] - w[0] >= 1 << 24),
            "{table}: row IDs in sequence {keys:?}"
        );
        random_keys.extend(keys);
    }

    // No time finer than a day: every stored integer is small (a day number,
    // a chunk index) or one of those random keys, and no text holds a clock
    // time.
    let today = i64::from(sanctuary_crypto::day::Day::today().number());
    for cell in db.cells() {
        match &cell.value {
            rusqlite::types::Value::Integer(i) if random_keys.contains(i) => {}
            rusqlite::types::Value::Integer(i) => {
                assert!(
                    *i <= today + 1,
                    "{}.{} = {i} looks like a time",
                    cell.table,
                    cell.column
                );
                if cell.column.contains("day") {
                    assert!(
                        (today - 1..=today).contains(i),
                        "{}.{} = {i}",
                        cell.table,
                        cell.column
                    );
                }
            }
            rusqlite::types::Value::Text(t) => {
                let b = t.as_bytes();
                let clock = b.windows(5).any(|w| {
                    w[0].is_ascii_digit()
                        && w[1].is_ascii_digit()
                        && w[2] == b':'
                        && w[3].is_ascii_digit()
                        && w[4].is_ascii_digit()
                });
                assert!(!clock, "{}.{} holds a time: {t}", cell.table, cell.column);
            }
            rusqlite::types::Value::Real(r) => panic!("{}.{} = {r}", cell.table, cell.column),
            _ => {}
        }
    }

    let messages = db.messages();
    assert_eq!(messages.len(), 5, "four reports and one follow-up");
    let ids: Vec<&String> = messages.iter().map(|(id, _)| id).collect();
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            assert_ne!(
                a[..8],
                b[..8],
                "IDs share a prefix: sequential or time-based?"
            );
        }
    }

    // Every report of one bucket has the same length: the four sent to two
    // caseworkers, and the one sent to one.
    let two = bucket_ciphertext_len(BUCKETS[0], Mix::x25519(2)) as usize;
    let one = bucket_ciphertext_len(BUCKETS[0], Mix::x25519(1)) as usize;
    let mut lens: Vec<usize> = messages.iter().map(|(_, b)| b.len()).collect();
    lens.sort_unstable();
    assert_eq!(lens, [one, two, two, two, two], "message lengths");

    // Nothing links a follow-up to its report or mailbox: every message row
    // looks the same apart from its random ID and ciphertext.
    let rows = db.blob_rows();
    let message_rows: Vec<_> = rows.iter().filter(|r| r.0 == "message").collect();
    assert_eq!(message_rows.len(), 5);
    assert!(
        message_rows
            .iter()
            .all(|r| (r.1.as_str(), r.2, r.3) == ("complete", today, false)),
        "{rows:?}"
    );
}

fn go_age_decrypts_a_report_from_the_database(world: &World) {
    let db = Database::in_dir(&world.server.data_dir);
    let id = world.cw1.cwd.join("identity.txt");
    let texts: Vec<String> = db
        .messages()
        .iter()
        .map(|(_, blob)| {
            let plain = go_age(&["-d", "-i", id.to_str().unwrap()], blob).expect("age -d");
            let json: Value = serde_json::from_slice(&plain).expect("the plaintext is JSON");
            json["body"]["text"].as_str().unwrap().to_owned()
        })
        .collect();
    assert!(texts.iter().any(|t| t == R1_MARKER), "{texts:?}");
}

fn step8_retention_purges_expired_blobs(world: &World, r4_blob: &[u8]) {
    let db = Database::in_dir(&world.server.data_dir);
    let snippet = &r4_blob[r4_blob.len() / 2..r4_blob.len() / 2 + 64];
    assert!(contains(&db.raw_bytes(), snippet));

    world.publish(&[&world.cards[0]], &["--retention-days", "0"]);
    let out = sanctuary_tests::purge(&world.server.data_dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(db.messages().is_empty(), "expired messages are gone");
    assert!(
        db.blob_rows().iter().all(|r| r.0 != "attachment"),
        "expired attachments are gone"
    );
    assert!(
        !contains(&db.raw_bytes(), snippet),
        "the ciphertext is gone from the file"
    );
}

fn nothing_was_written_outside_what_each_person_asked_for(world: &World) {
    for name in ["r1", "r2", "r3", "r4"] {
        let dir = world.root.join(name);
        let written: Vec<PathBuf> = files_under(&dir)
            .into_iter()
            .filter(|p| !p.starts_with("cwd/from-unit"))
            .collect();
        assert!(written.is_empty(), "reporter {name} wrote {written:?}");
    }
}

/// Runs the Go `age` tool; `None` if it fails. Fails the test if `age` is
/// missing (`.ci/run` installs it).
fn go_age(args: &[&str], input: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut child = Command::new("age")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the Go `age` tool is required: apt-get install -y age");
    let mut stdin = child.stdin.take().unwrap();
    let data = input.to_vec();
    let w = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    w.join().unwrap();
    out.status.success().then_some(out.stdout)
}

/// The segments of a JPEG (marker and payload), with everything from the
/// first SOS to the end as one final segment.
fn jpeg_segments(data: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 2;
    while i + 4 <= data.len() && data[i] == 0xFF {
        let marker = data[i + 1];
        if marker == 0xDA {
            out.push(data[i..].to_vec());
            return out;
        }
        let len = usize::from(u16::from_be_bytes([data[i + 2], data[i + 3]]));
        out.push(data[i..i + 2 + len].to_vec());
        i += 2 + len;
    }
    out
}

/// APP1 (EXIF, XMP), APP13 (IPTC) and comments.
fn is_metadata(segment: &[u8]) -> bool {
    matches!(segment[1], 0xE1 | 0xED | 0xFE)
}
