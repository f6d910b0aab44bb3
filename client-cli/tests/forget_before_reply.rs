//! Regression (issue #12): `report forget` before the unit's first reply
//! did nothing, yet told the reporter no reply could arrive. Now the
//! server keeps a tombstone: the caseworker's reply is refused, `report
//! check` says the mailbox is deleted, and a follow-up still reaches the
//! unit.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use common::{Server, World};

#[test]
fn forgetting_before_the_first_reply_closes_the_conversation() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let s = server.url.as_str();
    let unit = w.enroll(&server);
    for (receipt, text) in [
        ("forgets.txt", "A report whose reporter forgets at once."),
        ("keeps.txt", "A report whose reporter keeps the mailbox."),
    ] {
        w.ok(&[
            "report",
            "submit",
            "--server",
            s,
            "--unit",
            &unit,
            "--message",
            text,
            "--save-receipt",
            receipt,
        ]);
    }
    let reporter = |args: &[&str], receipt: &str| {
        let mut all = vec!["report"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--server", s, "--receipt-file", receipt]);
        if args[0] != "forget" {
            all.extend_from_slice(&["--unit", &unit]);
        }
        w.run(&all, None)
    };

    let forgot = reporter(&["forget", "--yes"], "forgets.txt");
    assert!(forgot.status.success());
    assert!(String::from_utf8_lossy(&forgot.stdout).contains("no new replies can arrive"));

    // `report check` says so, in words and in JSON, and succeeds.
    let checked = reporter(&["check"], "forgets.txt");
    assert!(checked.status.success());
    let text = String::from_utf8(checked.stdout).unwrap();
    assert!(
        text.contains("This mailbox was deleted") && text.contains("cannot reply"),
        "{text}"
    );
    let checked = reporter(&["check", "--json"], "forgets.txt");
    let json: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(json, serde_json::json!({"replies": [], "forgotten": true}));
    // A mailbox not forgotten has no `forgotten` key.
    let checked = reporter(&["check", "--json"], "keeps.txt");
    let json: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(json, serde_json::json!({"replies": []}));

    // A follow-up still goes to the unit. It does not look at the mailbox
    // first: a fetch just before a message, on one circuit, would tell a
    // watching operator that the message is a follow-up and to which
    // mailbox. `report forget` said so when it was run.
    for (text, receipt) in [
        ("One more thing, after all.", "forgets.txt"),
        ("And another.", "keeps.txt"),
    ] {
        let sent = reporter(&["follow-up", "--message", text], receipt);
        let stderr = String::from_utf8_lossy(&sent.stderr);
        assert!(sent.status.success(), "{stderr}");
        assert!(
            String::from_utf8_lossy(&sent.stdout).contains("Your follow-up was sent"),
            "{stderr}"
        );
    }

    // The caseworker has both threads with their follow-ups, and can reply
    // to one of them only.
    let store = ["--key", "cw.key", "--store", "cw-store"];
    let mut sync = vec!["case", "sync", "--server", s, "--unit", &unit];
    sync.extend_from_slice(&store);
    w.ok(&sync);
    let mut list = vec!["case", "list", "--json"];
    list.extend_from_slice(&store);
    let threads = w.json(&list);
    let threads = threads.as_array().unwrap();
    assert_eq!(threads.len(), 2);
    let thread = |marker: &str| {
        let t = threads
            .iter()
            .find(|t| t["preview"].as_str().unwrap().contains(marker))
            .unwrap();
        assert_eq!(t["messages"], 2, "{t}");
        t["short_id"].as_str().unwrap().to_owned()
    };
    let reply = |thread: &str| {
        let mut args = vec![
            "case",
            "reply",
            thread,
            "--server",
            s,
            "--message",
            "Are you safe?",
        ];
        args.extend_from_slice(&store);
        w.run(&args, None)
    };
    let refused = reply(&thread("forgets at once"));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(
        stderr.contains("deleted their mailbox") && stderr.contains("Nothing was sent"),
        "{stderr}"
    );
    let answered = reply(&thread("keeps the mailbox"));
    assert!(
        answered.status.success(),
        "{}",
        String::from_utf8_lossy(&answered.stderr)
    );
}
