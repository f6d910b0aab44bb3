//! Receipts as 8 groups of numbers, end to end: the real `sanctuary`
//! binary against the real server. A reporter gets the receipt as numbers
//! and reads the unit's reply with it typed the ways people type it: with
//! or without spaces, in Arabic or Persian digits, numbered, or as the 12
//! words. A wrong group is named.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Server, World};
use sanctuary_crypto::age::secrecy::ExposeSecret;
use sanctuary_crypto::receipt::Receipt;
use serde_json::Value;

const REPLY: &str = "Thank you. Are you safe now?";

/// `text` with its ASCII digits written in the script whose zero is `zero`.
fn in_script(text: &str, zero: char) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(u32::from(zero) + d).unwrap(),
            None => c,
        })
        .collect()
}

/// The groups of `receipt` numbered one per line, as in a notebook.
fn numbered(receipt: &str) -> String {
    receipt
        .split(' ')
        .enumerate()
        .map(|(i, g)| format!("{}. {g}\n", i + 1))
        .collect()
}

/// Whether `text` is 8 groups of 6 ASCII digits separated by spaces.
fn is_digit_receipt(text: &str) -> bool {
    let groups: Vec<&str> = text.split(' ').collect();
    groups.len() == 8
        && groups
            .iter()
            .all(|g| g.len() == 6 && g.bytes().all(|b| b.is_ascii_digit()))
}

#[test]
fn a_receipt_as_numbers_reads_the_reply_however_it_is_typed() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let unit = w.enroll(&server);
    let s = server.url.as_str();

    // The reporter asks for the receipt as numbers, and saves it.
    let submit = [
        "report",
        "submit",
        "--server",
        s,
        "--unit",
        &unit,
        "--receipt-as",
        "digits",
    ];
    let json = w.json(
        &[
            &submit[..],
            &[
                "--message",
                "Someone broke my window.",
                "--save-receipt",
                "receipt.txt",
                "--json",
            ],
        ]
        .concat(),
    );
    let receipt = json["receipt"].as_str().unwrap().to_owned();
    assert!(is_digit_receipt(&receipt), "{receipt}");
    assert_eq!(
        std::fs::read_to_string(w.dir.join("receipt.txt")).unwrap(),
        format!("{receipt}\n")
    );

    // The caseworker replies.
    w.ok(&[
        "case", "sync", "--server", s, "--key", "cw.key", "--store", "store", "--unit", &unit,
    ]);
    let list = w.json(&[
        "case", "list", "--key", "cw.key", "--store", "store", "--json",
    ]);
    let thread = list[0]["short_id"].as_str().unwrap().to_owned();
    w.ok(&[
        "case",
        "reply",
        &thread,
        "--server",
        s,
        "--key",
        "cw.key",
        "--store",
        "store",
        "--message",
        REPLY,
    ]);

    // Every way of typing the receipt reaches the same mailbox.
    let words = Receipt::parse(&receipt)
        .unwrap()
        .to_words()
        .expose_secret()
        .to_owned();
    let typed = [
        ("with spaces", receipt.clone()),
        ("without spaces", receipt.replace(' ', "")),
        ("in Eastern Arabic digits", in_script(&receipt, '\u{0660}')),
        (
            "in Persian digits, without spaces",
            in_script(&receipt.replace(' ', ""), '\u{06F0}'),
        ),
        ("numbered", numbered(&receipt)),
        ("as its 12 words", words),
    ];
    let check = ["report", "check", "--server", s, "--unit", &unit];
    let check_json = [&check[..], &["--json"]].concat();
    for (how, text) in &typed {
        let out = w.run(&check_json, Some(text));
        assert!(
            out.status.success(),
            "typed {how}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let checked: Value = serde_json::from_slice(&out.stdout).unwrap();
        let replies = checked["replies"].as_array().unwrap();
        assert_eq!(replies.len(), 1, "typed {how}");
        assert_eq!(replies[0]["text"], REPLY, "typed {how}");
        assert_eq!(replies[0]["verified"], true, "typed {how}");
    }
    // The saved file works too.
    let from_file = w.ok(&[&check[..], &["--receipt-file", "receipt.txt"]].concat());
    assert!(from_file.contains(REPLY), "{from_file}");

    // One wrong digit in group 3: the message names the group, and nothing
    // is fetched.
    let mut groups: Vec<String> = receipt.split(' ').map(str::to_owned).collect();
    let first = if groups[2].starts_with('9') { "0" } else { "9" };
    groups[2].replace_range(0..1, first);
    for text in [groups.join(" "), in_script(&groups.join(" "), '\u{06F0}')] {
        let err = w.fails(&check_json, Some(&text));
        assert!(
            err.starts_with(
                "error: Group 3 of the numbers has a mistake: check it against your paper."
            ),
            "{err}"
        );
    }
    // A group missing: the count is given.
    let err = w.fails(&check_json, Some(&groups[..7].join(" ")));
    assert!(
        err.contains("48 digits (8 groups of 6), but 42 were found"),
        "{err}"
    );
    // Words and numbers mixed.
    let err = w.fails(&check_json, Some(&format!("abandon {receipt}")));
    assert!(err.contains("mixes words and numbers"), "{err}");

    // On a terminal the receipt is shown numbered, in a box; copied from
    // there as it is, numbering and all, it still works.
    let shown = w.in_terminal(&[&submit[..], &["--message", "A second report."]].concat());
    assert!(
        shown.contains("YOUR RECEIPT: 8 groups of numbers"),
        "{shown}"
    );
    assert!(shown.contains("Write these numbers down now"), "{shown}");
    let rows: Vec<&str> = shown
        .lines()
        .filter(|l| l.trim_start().starts_with("1. ") || l.trim_start().starts_with("5. "))
        .collect();
    assert_eq!(rows.len(), 2, "{shown}");
    let copied = rows.join("\n");
    let groups: Vec<&str> = copied.split_whitespace().filter(|t| t.len() == 6).collect();
    assert!(is_digit_receipt(&groups.join(" ")), "{copied}");
    let checked = w.ok_with(&check, Some(&copied));
    assert!(checked.contains("No replies yet"), "{checked}");
}
