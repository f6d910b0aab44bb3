//! End to end: the real `sanctuary` binary against the real server (run
//! in-process on a loopback port), the way a unit admin, two caseworkers
//! and a reporter use it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{Server, World};
use sanctuary_cli::metadata::{self, fixtures};
use serde_json::Value;

const MARKER: &str = "PLAINTEXT-MARKER-d41c";

fn every_file(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(every_file(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn report_reply_follow_up_and_forget_through_the_real_server() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let s = server.url.as_str();

    // The unit admin and two caseworkers.
    let unit = w.ok(&[
        "unit",
        "init",
        "--out",
        "unit.key",
        "--name",
        "Riverside Unit",
    ]);
    let unit = unit.trim().to_owned();
    assert!(unit.starts_with("sanctuary1"), "{unit}");
    assert_eq!(w.ok(&["unit", "id", "--key", "unit.key"]).trim(), unit);
    let jones = w.ok(&[
        "caseworker",
        "init",
        "--out",
        "jones.key",
        "--label",
        "PC-Jones",
    ]);
    let smith = w.ok(&[
        "caseworker",
        "init",
        "--out",
        "smith.key",
        "--label",
        "DS-Smith",
    ]);
    let (jones, smith) = (jones.trim().to_owned(), smith.trim().to_owned());
    assert_eq!(
        w.ok(&["caseworker", "card", "--key", "jones.key"]).trim(),
        jones
    );
    let published = w.ok(&[
        "unit",
        "publish",
        "--key",
        "unit.key",
        "--server",
        s,
        "--enroll",
        &server.code,
        "--caseworker",
        &jones,
        "--caseworker",
        &smith,
    ]);
    assert!(
        published.contains("Published roster version 1"),
        "{published}"
    );
    assert!(published.contains("PC-Jones, DS-Smith"), "{published}");

    // The reporter sends a photo with a GPS position, a PDF with an
    // author, and a 3 MiB file of another kind.
    w.write("photo.jpg", &fixtures::jpeg_with_metadata());
    w.write("statement.pdf", &fixtures::pdf_with_metadata());
    let big: Vec<u8> = (0..3 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    w.write("recording.bin", &big);
    let before: Vec<_> = every_file(&w.dir);
    let out = w.run(
        &[
            "report",
            "submit",
            "--server",
            s,
            "--unit",
            &unit,
            "--category",
            "assault",
            "--message",
            &format!("{MARKER}: two men attacked my neighbour"),
            "--attach",
            "photo.jpg",
            "--attach",
            "statement.pdf",
            "--attach",
            "recording.bin",
            "--json",
        ],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("GPS position"), "{stderr}");
    assert!(
        stderr.contains("It will be removed before sending"),
        "{stderr}"
    );
    assert!(stderr.contains("cannot be checked"), "{stderr}");
    let receipt: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        receipt.as_object().unwrap().len(),
        1,
        "only the receipt on stdout"
    );
    let receipt = receipt["receipt"].as_str().unwrap().to_owned();
    assert_eq!(receipt.split(' ').count(), 12);
    // The reporter's client wrote nothing: not in the working folder, not at home.
    assert_eq!(every_file(&w.dir), before);
    assert!(every_file(&w.home).is_empty());

    // Jones syncs and reads it.
    let synced = w.ok(&[
        "case",
        "sync",
        "--server",
        s,
        "--key",
        "jones.key",
        "--store",
        "jones-store",
        "--unit",
        &unit,
    ]);
    assert!(synced.contains("1 new report"), "{synced}");
    assert!(synced.contains("3 files downloaded"), "{synced}");
    let list = w.json(&[
        "case",
        "list",
        "--key",
        "jones.key",
        "--store",
        "jones-store",
        "--json",
    ]);
    let threads = list.as_array().unwrap();
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0]["category"], "assault");
    assert_eq!(threads[0]["status"], "open");
    assert_eq!(threads[0]["messages"], 1);
    assert!(threads[0]["preview"].as_str().unwrap().starts_with(MARKER));
    let id = threads[0]["short_id"].as_str().unwrap().to_owned();

    let shown = w.json(&[
        "case",
        "show",
        &id,
        "--key",
        "jones.key",
        "--store",
        "jones-store",
        "--json",
        "--save-attachments",
        "evidence",
    ]);
    let report = &shown["messages"][0];
    assert_eq!(report["kind"], "report");
    assert_eq!(report["from"], "reporter");
    assert_eq!(report["verified"], true);
    let names: Vec<&str> = report["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["attachment-1.jpg", "attachment-2.pdf", "attachment-3.bin"]
    );
    let photo = std::fs::read(w.dir.join("evidence/attachment-1.jpg")).unwrap();
    assert!(
        metadata::inspect_bytes(&photo).unwrap().findings.is_empty(),
        "the GPS position was removed"
    );
    assert!(
        !metadata::inspect_bytes(&fixtures::jpeg_with_metadata())
            .unwrap()
            .findings
            .is_empty()
    );
    let pdf = std::fs::read(w.dir.join("evidence/attachment-2.pdf")).unwrap();
    assert!(
        metadata::inspect_bytes(&pdf).unwrap().findings.is_empty(),
        "the PDF author was removed"
    );
    assert_eq!(
        std::fs::read(w.dir.join("evidence/attachment-3.bin")).unwrap(),
        big
    );

    // Jones replies with a file; Smith sees the reply after a sync.
    w.write("leaflet.txt", b"Where to get help.\n");
    let sent = w.ok(&[
        "case",
        "reply",
        &id,
        "--server",
        s,
        "--key",
        "jones.key",
        "--store",
        "jones-store",
        "--message",
        "Thank you. When did it happen?",
        "--attach",
        "leaflet.txt",
    ]);
    assert!(sent.contains("Reply sent"), "{sent}");
    let synced = w.ok(&[
        "case",
        "sync",
        "--server",
        s,
        "--key",
        "smith.key",
        "--store",
        "smith-store",
        "--unit",
        &unit,
    ]);
    assert!(
        synced.contains("1 new report") && synced.contains("1 new reply"),
        "{synced}"
    );
    let shown = w.json(&[
        "case",
        "show",
        &id,
        "--key",
        "smith.key",
        "--store",
        "smith-store",
        "--json",
    ]);
    assert_eq!(shown["messages"][1]["kind"], "reply");
    assert_eq!(shown["messages"][1]["from"], "PC-Jones");
    assert_eq!(shown["messages"][1]["verified"], true);

    // The reporter reads the reply, verified, and saves its file.
    w.write("receipt.txt", receipt.as_bytes());
    let checked = w.json(&[
        "report",
        "check",
        "--server",
        s,
        "--unit",
        &unit,
        "--receipt-file",
        "receipt.txt",
        "--json",
        "--save-attachments",
        "from-unit",
    ]);
    let replies = checked["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0]["from"], "PC-Jones");
    assert_eq!(replies[0]["verified"], true);
    assert_eq!(replies[0]["text"], "Thank you. When did it happen?");
    let saved = replies[0]["attachments"][0]["saved_to"].as_str().unwrap();
    assert_eq!(
        std::fs::read(w.dir.join(saved)).unwrap(),
        b"Where to get help.\n"
    );

    // A follow-up, with the receipt on standard input.
    let followed = w.ok_with(
        &[
            "report",
            "follow-up",
            "--server",
            s,
            "--unit",
            &unit,
            "--message",
            "It was Friday night.",
        ],
        Some(&receipt),
    );
    assert!(followed.contains("follow-up was sent"), "{followed}");
    let synced = w.ok(&[
        "case",
        "sync",
        "--server",
        s,
        "--key",
        "jones.key",
        "--store",
        "jones-store",
    ]);
    assert!(synced.contains("1 new follow-up"), "{synced}");
    let shown = w.json(&[
        "case",
        "show",
        &id,
        "--key",
        "jones.key",
        "--store",
        "jones-store",
        "--json",
    ]);
    let kinds: Vec<&str> = shown["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    // `report follow-up` reads no mailbox before sending (threat model), so
    // its follow-up says it had read no reply (number 1, seen 0) and the
    // thread's order (protocol §6.3) puts it before the reply.
    assert_eq!(kinds, ["report", "follow-up", "reply"]);
    assert_eq!(shown["messages"][1]["verified"], true);
    assert_eq!(
        shown["messages"][1]["position"],
        serde_json::json!({"seq": 1, "seen": 0, "day": sanctuary_crypto::day::Day::today()})
    );

    // The stores hold no plaintext.
    for store in ["jones-store", "smith-store"] {
        for file in every_file(&w.dir.join(store)) {
            let bytes = std::fs::read(&file).unwrap();
            assert!(
                !contains(&bytes, MARKER.as_bytes()),
                "plaintext in {}",
                file.display()
            );
            assert!(
                !contains(&bytes, b"Friday night"),
                "plaintext in {}",
                file.display()
            );
        }
    }

    // Export for a case-management system.
    let exported = w.ok(&[
        "case",
        "export",
        &id,
        "--key",
        "jones.key",
        "--store",
        "jones-store",
        "--out",
        "case-export",
    ]);
    assert!(exported.contains("NOT encrypted"), "{exported}");
    let thread: Value =
        serde_json::from_slice(&std::fs::read(w.dir.join("case-export/thread.json")).unwrap())
            .unwrap();
    assert_eq!(thread["messages"].as_array().unwrap().len(), 3);
    let summary = std::fs::read_to_string(w.dir.join("case-export/summary.md")).unwrap();
    assert!(
        summary.contains(MARKER) && summary.contains("It was Friday night."),
        "{summary}"
    );
    assert_eq!(
        std::fs::read_dir(w.dir.join("case-export/attachments"))
            .unwrap()
            .count(),
        4
    );

    // Jones leaves the unit: his old reply no longer verifies for the
    // reporter, and is shown as NOT VERIFIED, never as genuine.
    let published = w.ok(&[
        "unit",
        "publish",
        "--key",
        "unit.key",
        "--server",
        s,
        "--caseworker",
        &smith,
    ]);
    assert!(
        published.contains("version 2") && published.contains("Removed: PC-Jones"),
        "{published}"
    );
    let checked = w.ok_with(
        &["report", "check", "--server", s, "--unit", &unit],
        Some(&receipt),
    );
    assert!(checked.contains("NOT VERIFIED"), "{checked}");
    assert!(checked.contains("current list of caseworkers"), "{checked}");
    let err = w.fail(&[
        "case",
        "sync",
        "--server",
        s,
        "--key",
        "jones.key",
        "--store",
        "jones-store",
    ]);
    assert!(err.contains("not on the unit's current roster"), "{err}");

    // Smith closes the thread and deletes it from the server: the
    // deletions leave with the next sync.
    let close = || {
        w.ok(&[
            "case",
            "close",
            &id,
            "--key",
            "smith.key",
            "--store",
            "smith-store",
            "--delete-from-server",
        ])
    };
    let closed = close();
    assert!(
        closed.contains("Its 1 message and 3 files will be deleted from the server at your next"),
        "{closed}"
    );
    let smith_syncs = || {
        w.ok(&[
            "case",
            "sync",
            "--server",
            s,
            "--key",
            "smith.key",
            "--store",
            "smith-store",
        ])
    };
    let synced = smith_syncs();
    assert!(
        synced
            .contains("Deleted from the server (closed threads and spam): 1 message and 3 files."),
        "{synced}"
    );
    // Sent once: the next sync has nothing left to delete.
    let synced = smith_syncs();
    assert!(!synced.contains("Deleted from the server"), "{synced}");
    // The sync that deleted the report brought the reporter's follow-up,
    // which is still on the server. Closing again queues that alone, and
    // a third time nothing: what a sync deleted is never asked for again.
    let closed = close();
    assert!(
        closed.contains("Its 1 message and 0 files will be deleted"),
        "{closed}"
    );
    let synced = smith_syncs();
    assert!(
        synced
            .contains("Deleted from the server (closed threads and spam): 1 message and 0 files."),
        "{synced}"
    );
    let closed = close();
    assert!(
        closed.contains("It was already deleted from the server by an earlier sync."),
        "{closed}"
    );
    let synced = smith_syncs();
    assert!(!synced.contains("Deleted from the server"), "{synced}");
    let list = w.ok(&[
        "case",
        "list",
        "--key",
        "smith.key",
        "--store",
        "smith-store",
    ]);
    assert!(list.contains("No open threads"), "{list}");

    // The reporter forgets the mailbox; no reply can be posted any more.
    let forgot = w.ok(&[
        "report",
        "forget",
        "--server",
        s,
        "--receipt-file",
        "receipt.txt",
        "--yes",
    ]);
    assert!(forgot.contains("deleted"), "{forgot}");
    let err = w.fail(&[
        "case",
        "reply",
        &id,
        "--server",
        s,
        "--key",
        "smith.key",
        "--store",
        "smith-store",
        "--message",
        "hello?",
    ]);
    assert!(err.contains("deleted their mailbox"), "{err}");
}

#[test]
fn a_server_of_another_unit_gets_nothing() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let s = server.url.as_str();

    // Before enrollment the server has no roster: nothing is sent.
    let err = w.fail(&[
        "report",
        "submit",
        "--server",
        s,
        "--unit",
        "sanctuary1mtv6e8qxz9ylmd84c8allygemcjy8u4ekf6cd043380n24v9hafq64pl7w",
        "--message",
        "hi",
    ]);
    assert!(
        err.contains("has no unit set up yet") && err.contains("Nothing was sent"),
        "{err}"
    );

    w.ok(&["unit", "init", "--out", "unit.key"]);
    let other = w.ok(&["unit", "init", "--out", "other.key"]);
    let card = w.ok(&["caseworker", "init", "--out", "cw.key", "--label", "A"]);
    let err = w.fail(&[
        "unit",
        "publish",
        "--key",
        "unit.key",
        "--server",
        s,
        "--caseworker",
        card.trim(),
    ]);
    assert!(err.contains("--enroll"), "{err}");
    w.ok(&[
        "unit",
        "publish",
        "--key",
        "unit.key",
        "--server",
        s,
        "--caseworker",
        card.trim(),
        "--enroll",
        &server.code,
    ]);

    let err = w.fail(&[
        "report",
        "submit",
        "--server",
        s,
        "--unit",
        other.trim(),
        "--message",
        "hi",
    ]);
    assert!(err.contains("could not prove it belongs to unit"), "{err}");
    assert!(err.contains("Nothing was sent"), "{err}");
    let err = w.fail(&[
        "unit",
        "publish",
        "--key",
        "other.key",
        "--server",
        s,
        "--caseworker",
        card.trim(),
    ]);
    assert!(err.contains("belongs to another unit"), "{err}");

    // A reporter with no replies is told so, and when to come back.
    let receipt = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    let unit = w.ok(&["unit", "id", "--key", "unit.key"]);
    let out = w.ok_with(
        &["report", "check", "--server", s, "--unit", unit.trim()],
        Some(receipt),
    );
    assert!(
        out.contains("No replies yet") && out.contains("Check again"),
        "{out}"
    );
}
