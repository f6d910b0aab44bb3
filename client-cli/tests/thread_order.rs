//! Issue 12, item 7 (protocol §6.3): an operator who posts a stored reply
//! again, withholds a reply or a follow-up, or hands blobs out in any
//! order. The real `sanctuary` binary against the real server, whose
//! database the test changes as an operator with the disk would.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use std::path::Path;

use common::{Server, World};
use sanctuary_crypto::ids::BlobId;
use serde_json::Value;

/// A unit with two caseworkers, `jones.key` and `smith.key`, each with a
/// store of their own. Returns the unit ID.
fn enroll_two(w: &World, server: &Server) -> String {
    let unit = w.ok(&["unit", "init", "--out", "unit.key", "--name", "Test Unit"]);
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
    w.ok(&common::publish_args(
        server,
        &[
            "--enroll",
            &server.code,
            "--caseworker",
            jones.trim(),
            "--caseworker",
            smith.trim(),
        ],
    ));
    unit.trim().to_owned()
}

/// Runs `sanctuary case ARGS` as caseworker `who` (`jones` or `smith`).
fn case(w: &World, who: &str, args: &[&str]) -> String {
    let (key, store) = (format!("{who}.key"), format!("{who}-store"));
    let mut all = vec!["case"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--key", &key, "--store", &store]);
    w.ok(&all)
}

/// Runs `sanctuary report ARGS` with the receipt in `receipt`.
fn report(w: &World, server: &str, unit: &str, receipt: &str, args: &[&str]) -> String {
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.extend_from_slice(&[
        "--server",
        server,
        "--unit",
        unit,
        "--receipt-file",
        receipt,
    ]);
    w.ok(&all)
}

fn submit(w: &World, server: &str, unit: &str, receipt: &str, text: &str) {
    w.ok(&[
        "report",
        "submit",
        "--server",
        server,
        "--unit",
        unit,
        "--message",
        text,
        "--save-receipt",
        receipt,
    ]);
}

/// `case show --json` of the thread whose report contains `marker`.
fn thread(w: &World, who: &str, marker: &str) -> Value {
    let list: Value = serde_json::from_str(&case(w, who, &["list", "--all", "--json"])).unwrap();
    let id = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["preview"].as_str().unwrap().contains(marker))
        .unwrap_or_else(|| panic!("no thread {marker} in {list}"))["short_id"]
        .as_str()
        .unwrap()
        .to_owned();
    serde_json::from_str(&case(w, who, &["show", &id, "--json"])).unwrap()
}

/// The texts of a thread's messages, in its order.
fn texts(thread: &Value) -> Vec<String> {
    thread["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap().to_owned())
        .collect()
}

/// The server's database, opened as an operator with the disk would.
fn database(data: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(data.join("sanctuary.db")).unwrap()
}

/// The IDs of the replies the server holds.
fn reply_ids(data: &Path) -> Vec<Vec<u8>> {
    let conn = database(data);
    let mut stmt = conn
        .prepare("SELECT id FROM blobs WHERE kind = 'reply'")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Posts the stored blob `id` again under a new random ID, in the same
/// mailbox: the same ciphertext, byte for byte.
fn post_again(data: &Path, id: &[u8]) {
    let conn = database(data);
    let (kind, day, mailbox, bytes): (String, i64, Option<Vec<u8>>, Vec<u8>) = conn
        .query_row(
            "SELECT b.kind, b.day, b.mailbox, c.data
             FROM blobs b JOIN ciphertexts c ON c.id = b.ciphertext WHERE b.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let random = BlobId::random();
    let key = i64::from_be_bytes(random.as_bytes()[..8].try_into().unwrap()) & i64::MAX;
    conn.execute(
        "INSERT INTO ciphertexts (id, data) VALUES (?1, ?2)",
        rusqlite::params![key.max(1), bytes],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO blobs (id, kind, state, day, mailbox, ciphertext)
         VALUES (?1, ?2, 'complete', ?3, ?4, ?5)",
        rusqlite::params![
            BlobId::random().as_bytes().as_slice(),
            kind,
            day,
            mailbox,
            key.max(1)
        ],
    )
    .unwrap();
}

/// Deletes the blob `id` from the server, as an operator withholding it.
fn withhold(data: &Path, id: &[u8]) {
    let deleted = database(data)
        .execute("DELETE FROM blobs WHERE id = ?1", [id])
        .unwrap();
    assert_eq!(deleted, 1);
}

#[test]
fn a_reply_posted_twice_shows_once_and_a_withheld_one_leaves_a_gap() {
    let w = World::new();
    let data = w.server_data();
    let server = Server::start(&data);
    let unit = enroll_two(&w, &server);
    let s = server.url.clone();
    submit(
        &w,
        &s,
        &unit,
        "receipt.txt",
        "My neighbour's car was set on fire.",
    );
    case(&w, "jones", &["sync", "--server", &s, "--unit", &unit]);
    let id = thread(&w, "jones", "set on fire")["short_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = |text: &str| {
        case(
            &w,
            "jones",
            &["reply", &id, "--server", &s, "--message", text],
        );
    };
    reply("First answer: we have read it.");
    let first = reply_ids(&data);
    reply("Second answer: can you call us?");
    let second: Vec<Vec<u8>> = reply_ids(&data)
        .into_iter()
        .filter(|r| !first.contains(r))
        .collect();
    assert_eq!((first.len(), second.len()), (1, 1));

    // The operator posts the second reply again under another ID.
    drop(server);
    post_again(&data, &second[0]);
    let server = Server::start(&data);
    let s = server.url.clone();
    assert_eq!(reply_ids(&data).len(), 3);

    let checked: Value =
        serde_json::from_str(&report(&w, &s, &unit, "receipt.txt", &["check", "--json"])).unwrap();
    let replies = checked["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 2, "{checked}");
    assert!(checked.get("gaps").is_none(), "{checked}");
    let today = sanctuary_crypto::day::Day::today().to_string();
    for (i, r) in replies.iter().enumerate() {
        assert_eq!(r["verified"], true);
        assert_eq!(r["position"]["seq"], i as u64 + 1, "{r}");
        assert_eq!(r["position"]["seen"], 0, "{r}");
        assert_eq!(r["position"]["day"], today.as_str());
    }
    let text = report(&w, &s, &unit, "receipt.txt", &["check"]);
    assert_eq!(text.matches("Second answer").count(), 1, "{text}");
    assert!(
        text.contains(&format!("Reply 2 of 2, written {today}")),
        "{text}"
    );
    assert!(!text.contains("may be missing"), "{text}");

    // Jones's sync counts the copy and shows the reply once.
    let synced = case(&w, "jones", &["sync", "--server", &s]);
    assert!(synced.contains("1 copy ignored"), "{synced}");
    let shown = thread(&w, "jones", "set on fire");
    assert_eq!(
        texts(&shown)
            .iter()
            .filter(|t| t.contains("Second answer"))
            .count(),
        1
    );

    // The operator withholds the first reply: the reporter is told.
    drop(server);
    withhold(&data, &first[0]);
    let server = Server::start(&data);
    let s = server.url.clone();
    let text = report(&w, &s, &unit, "receipt.txt", &["check"]);
    let gap = text
        .find("A reply may be missing here.")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        text.contains("The server may have withheld it; check again later."),
        "{text}"
    );
    assert!(gap < text.find("Second answer").unwrap(), "{text}");
    let checked: Value =
        serde_json::from_str(&report(&w, &s, &unit, "receipt.txt", &["check", "--json"])).unwrap();
    assert_eq!(
        checked["gaps"],
        serde_json::json!([{"first": 1, "last": 1, "before": 0}]),
        "{checked}"
    );
}

#[test]
fn two_caseworkers_see_one_order_and_a_withheld_follow_up_leaves_a_gap() {
    let w = World::new();
    let data = w.server_data();
    let server = Server::start(&data);
    let unit = enroll_two(&w, &server);
    let s = server.url.clone();

    // Thread A: a follow-up that Jones reads and answers, then withheld
    // from Smith by the operator.
    submit(&w, &s, &unit, "a.txt", "Thread A: graffiti on the mosque.");
    report(
        &w,
        &s,
        &unit,
        "a.txt",
        &["follow-up", "--message", "A1: it happened again."],
    );
    case(&w, "jones", &["sync", "--server", &s, "--unit", &unit]);
    let a = thread(&w, "jones", "Thread A");
    let withheld = a["messages"][1]["id"].as_str().unwrap().to_owned();
    assert_eq!(texts(&a)[1], "A1: it happened again.");
    assert!(a["gaps"].as_array().unwrap().is_empty(), "{a}");
    case(
        &w,
        "jones",
        &[
            "reply",
            a["short_id"].as_str().unwrap(),
            "--server",
            &s,
            "--message",
            "A: we are looking into it.",
        ],
    );

    // Thread B: two follow-ups and two replies, all on one day, reaching
    // the two stores in different orders.
    submit(&w, &s, &unit, "b.txt", "Thread B: threats at the bus stop.");
    report(
        &w,
        &s,
        &unit,
        "b.txt",
        &["follow-up", "--message", "B1: the first follow-up."],
    );
    case(&w, "jones", &["sync", "--server", &s]);
    let b_id = thread(&w, "jones", "Thread B")["short_id"]
        .as_str()
        .unwrap()
        .to_owned();
    case(
        &w,
        "jones",
        &[
            "reply",
            &b_id,
            "--server",
            &s,
            "--message",
            "B: Jones read B1.",
        ],
    );
    report(
        &w,
        &s,
        &unit,
        "b.txt",
        &["follow-up", "--message", "B2: written without reading."],
    );

    drop(server);
    let id: BlobId = withheld.parse().unwrap();
    withhold(&data, id.as_bytes());
    let server = Server::start(&data);
    let s = server.url.clone();

    case(&w, "smith", &["sync", "--server", &s, "--unit", &unit]);
    case(
        &w,
        "smith",
        &[
            "reply",
            &b_id,
            "--server",
            &s,
            "--message",
            "B: Smith answers too.",
        ],
    );
    case(&w, "jones", &["sync", "--server", &s]);

    // Smith never got A1, but Jones's reply says Jones had read reporter
    // message 1: Smith is told one may be missing, before that reply.
    let a = thread(&w, "smith", "Thread A");
    assert_eq!(
        texts(&a),
        [
            "Thread A: graffiti on the mosque.",
            "A: we are looking into it."
        ]
    );
    let reply_id = a["messages"][1]["id"].clone();
    assert_eq!(
        a["gaps"],
        serde_json::json!([{
            "side": "reporter",
            "first": 1,
            "last": 1,
            "before": reply_id,
            "text": "A message from the reporter may be missing here.",
        }]),
        "{a}"
    );
    let short = a["short_id"].as_str().unwrap();
    let shown = case(&w, "smith", &["show", short]);
    let gap = shown
        .find("!! A message from the reporter may be missing here.")
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(
        gap < shown.find("we are looking into it").unwrap(),
        "{shown}"
    );
    assert!(shown.contains("── written "), "{shown}");
    // Jones holds everything: no gap.
    assert!(
        thread(&w, "jones", "Thread A")["gaps"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Both stores show thread B in one order, from signed data: B2 was
    // written without having read any reply, so it comes before Jones's
    // reply, which Jones's store received before it.
    let jones = thread(&w, "jones", "Thread B");
    let smith = thread(&w, "smith", "Thread B");
    let order = |t: &Value| -> Vec<Value> {
        t["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].clone())
            .collect()
    };
    assert_eq!(order(&jones), order(&smith));
    let texts = texts(&jones);
    assert_eq!(texts.len(), 5, "{texts:?}");
    assert_eq!(texts[0], "Thread B: threats at the bus stop.");
    let mut follow_ups = texts[1..3].to_vec();
    follow_ups.sort();
    assert_eq!(
        follow_ups,
        ["B1: the first follow-up.", "B2: written without reading."]
    );
    assert_eq!(texts[3..], ["B: Jones read B1.", "B: Smith answers too."]);
    let positions: Vec<Value> = jones["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["position"].clone())
        .collect();
    assert_eq!(positions[0], Value::Null);
    for p in &positions[1..3] {
        assert_eq!((&p["seq"], &p["seen"]), (&1.into(), &0.into()), "{p}");
    }
    // Smith's reply is the unit's second, having read reporter message 1.
    assert_eq!(
        (&positions[3]["seq"], &positions[3]["seen"]),
        (&1.into(), &1.into())
    );
    assert_eq!(
        (&positions[4]["seq"], &positions[4]["seen"]),
        (&2.into(), &1.into())
    );
    assert!(jones["gaps"].as_array().unwrap().is_empty(), "{jones}");
}
