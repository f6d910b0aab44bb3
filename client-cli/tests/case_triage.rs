//! Junk triage (issue #15): a flood of copies is one line in `case list`,
//! `case spam ID --similar` marks them all, and `case delete-spam` deletes
//! them from the server at the next sync, after a yes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Server, World};
use serde_json::Value;

const STORE: [&str; 4] = ["--key", "cw.key", "--store", "store"];

fn case(w: &World, args: &[&str]) -> String {
    let all: Vec<&str> = ["case"]
        .iter()
        .chain(args)
        .chain(STORE.iter())
        .copied()
        .collect();
    w.ok(&all)
}

fn rows(w: &World, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["case", "list", "--json"];
    args.extend(extra);
    args.extend(STORE);
    w.json(&args).as_array().unwrap().clone()
}

#[test]
fn copies_are_one_line_and_spam_is_deleted_in_one_command() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let unit = w.enroll(&server);
    let s = server.url.as_str();
    w.write("junk.bin", &[1u8; 500]);
    let submit = |text: &str, attach: bool| {
        let mut args = vec![
            "report",
            "submit",
            "--server",
            s,
            "--unit",
            &unit,
            "--message",
            text,
        ];
        if attach {
            args.extend(["--attach", "junk.bin"]);
        }
        w.ok(&args);
    };
    for i in 0..6 {
        // The same words with another number, spacing and punctuation.
        submit(
            &format!("BUY cheap watches!!  Offer {i}, visit our shop."),
            i == 0,
        );
    }
    submit("My neighbour's car was broken into last night.", false);
    submit("Someone is threatening my sister at work.", false);
    let synced = w.ok(&[
        "case", "sync", "--server", s, "--unit", &unit, "--key", "cw.key", "--store", "store",
    ]);
    assert!(synced.contains("8 new reports"), "{synced}");

    // One line for the six copies, with a note saying what it means.
    let text = case(&w, &["list"]);
    let folded: Vec<&str> = text.lines().filter(|l| l.contains("[6 similar]")).collect();
    assert_eq!(folded.len(), 1, "{text}");
    // The folded line shows one of the copies (whichever sorts first),
    // and no other copy is listed.
    let lower = text.to_lowercase();
    let shown = (0..6)
        .filter(|i| lower.contains(&format!("offer {i}")))
        .count();
    assert_eq!(shown, 1, "{text}");
    assert!(
        text.contains("[N similar] = N reports with the same words"),
        "{text}"
    );
    assert_eq!(
        text.lines().filter(|l| l.contains(" open ")).count(),
        3,
        "{text}"
    );
    let expanded = case(&w, &["list", "--expand"]);
    assert_eq!(
        expanded.lines().filter(|l| l.contains("watches")).count(),
        6,
        "{expanded}"
    );

    let listed = rows(&w, &[]);
    assert_eq!(listed.len(), 8);
    let junk: Vec<&Value> = listed.iter().filter(|r| r["similar"] == 5).collect();
    assert_eq!(junk.len(), 6, "{listed:?}");
    assert!(junk.iter().all(|r| r["group"] == junk[0]["group"]));
    assert!(
        listed
            .iter()
            .filter(|r| r["similar"] == 0)
            .all(|r| r.get("group").is_none())
    );

    // Mark one copy, and with --similar all six.
    let first = junk[0]["short_id"].as_str().unwrap().to_owned();
    let marked = case(&w, &["spam", &first, "--similar"]);
    assert!(marked.contains("Marked 6 threads as spam"), "{marked}");
    assert_eq!(rows(&w, &[]).len(), 2);
    let all = rows(&w, &["--all"]);
    assert_eq!(all.iter().filter(|r| r["status"] == "spam").count(), 6);

    // Deleting asks first; without a terminal it needs --yes; "no" keeps
    // everything.
    let refused = w.fails(
        &["case", "delete-spam", "--key", "cw.key", "--store", "store"],
        None,
    );
    assert!(refused.contains("add --yes"), "{refused}");
    let (ok, shown) = w.in_terminal_typing(
        &["case", "delete-spam", "--key", "cw.key", "--store", "store"],
        &[("cannot be undone", "no")],
    );
    assert!(
        !ok && shown.contains("Cancelled. Nothing was deleted."),
        "{shown}"
    );
    let fresh = [
        "case", "sync", "--server", s, "--unit", &unit, "--key", "cw.key", "--store", "fresh",
    ];
    assert!(w.ok(&fresh).contains("8 new reports"));

    let deleted = case(&w, &["delete-spam", "--yes"]);
    assert!(
        deleted.contains("The 6 threads marked as spam (6 messages and 1 file) will be deleted"),
        "{deleted}"
    );
    let sync = [
        "case", "sync", "--server", s, "--key", "cw.key", "--store", "store",
    ];
    let synced = w.ok(&sync);
    assert!(
        synced.contains("Deleted from the server (closed threads and spam): 6 messages and 1 file"),
        "{synced}"
    );
    // Asking again sends nothing: a second burst of requests for the same
    // threads would tell the operator they belong together.
    let again = case(&w, &["delete-spam", "--yes"]);
    assert!(
        again.contains("Every thread marked as spam is already deleted from the server"),
        "{again}"
    );
    let synced = w.ok(&sync);
    assert!(!synced.contains("Deleted from the server"), "{synced}");
    // Gone from the server: a new store of the unit gets only the two
    // genuine reports.
    let again = [
        "case", "sync", "--server", s, "--unit", &unit, "--key", "cw.key", "--store", "again",
    ];
    let synced = w.ok(&again);
    assert!(synced.contains("2 new reports"), "{synced}");
    // The marked copies stay hidden in the first store, and one can be
    // brought back.
    assert_eq!(rows(&w, &[]).len(), 2);
    let undone = case(&w, &["spam", &first, "--undo"]);
    assert!(undone.contains("Marked 1 thread open again"), "{undone}");
    assert_eq!(rows(&w, &[]).len(), 3);
}
