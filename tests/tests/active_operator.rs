//! An operator who watches requests as they happen (their own server, a
//! reverse proxy in front of it) and records every byte a caseworker's
//! client sends. Several reporters write, with follow-ups and files; the
//! caseworker syncs, replies and syncs again through a recording proxy.
//! Nothing the caseworker sent names a reporter's mailbox, thread or forget
//! hash, except the posts of replies to those mailboxes (protocol §9.1).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use sanctuary_crypto::receipt::Receipt;
use sanctuary_tests::recording::recorded;
use sanctuary_tests::socks::Proxy;
use sanctuary_tests::{Cli, Server};

#[test]
fn a_caseworkers_requests_name_no_mailbox_but_the_ones_replied_to() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let server = Server::start(&root.join("data"), &[]);
    let url = server.url.clone();
    let person = |name: &str| {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        Cli::new(&dir)
    };
    let admin = person("admin");
    let unit = admin.unit_init("Riverside Unit");
    let cw = person("caseworker");
    let card = cw.caseworker_init("PC-Jones");
    admin.unit_publish(&url, &[&card], &["--enroll", &server.enrollment_code()]);

    // Four reporters, two with a file, three with a follow-up.
    let mut receipts = Vec::new();
    for n in 0..4 {
        let r = person(&format!("reporter-{n}"));
        let text = format!("REPORT-{n}: what happened to me");
        let mut args = vec![
            "report",
            "submit",
            "--server",
            &url,
            "--unit",
            &unit,
            "--message",
            &text,
        ];
        let file = r.cwd.join("notes.txt");
        std::fs::write(&file, format!("notes of reporter {n}")).unwrap();
        if n % 2 == 0 {
            args.extend(["--attach", file.to_str().unwrap()]);
        }
        let receipt = r.json(&args, None)["receipt"].as_str().unwrap().to_owned();
        if n < 3 {
            let follow_up = format!("FOLLOW-UP-{n}: one more thing");
            r.follow_up(&url, &unit, &follow_up, &receipt);
        }
        receipts.push(receipt);
    }

    // The caseworker works through the operator's recording proxy.
    let proxy = Proxy::start_recording();
    let via = format!("socks5h://127.0.0.1:{}", proxy.port);
    let case = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--key", "cw.key", "--store", "store", "--proxy", &via]);
        cw.ok(&all, None)
    };
    let synced = case(&["case", "sync", "--server", &url, "--unit", &unit]);
    assert!(
        synced.contains("4 new reports, 3 new follow-ups"),
        "{synced}"
    );
    let list: serde_json::Value = serde_json::from_str(&cw.ok(
        &[
            "case", "list", "--json", "--key", "cw.key", "--store", "store",
        ],
        None,
    ))
    .unwrap();
    let threads: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(threads.len(), 4);
    // Replies to two of the four.
    for thread in &threads[..2] {
        case(&[
            "case",
            "reply",
            thread,
            "--server",
            &url,
            "--message",
            "Thank you. Are you safe?",
        ]);
    }
    let synced = case(&["case", "sync", "--server", &url]);
    assert!(synced.contains("0 new reports"), "{synced}");

    let seen = recorded(&proxy);
    assert!(seen.len() >= 8, "the proxy saw the caseworker: {seen:#?}");
    // What would name a reporter's conversation.
    let secrets: Vec<(usize, BTreeSet<String>)> = receipts
        .iter()
        .enumerate()
        .map(|(n, receipt)| {
            let keys = Receipt::parse(receipt).unwrap().derive();
            let mailbox = keys.mailbox_id();
            let set = [
                mailbox.to_hex(),
                hex::encode(mailbox.storage_key()),
                keys.forget_hash().to_hex(),
                keys.thread_id().to_hex(),
            ]
            .into_iter()
            .collect();
            (n, set)
        })
        .collect();
    let mut replies = 0;
    for request in &seen {
        let named: Vec<usize> = secrets
            .iter()
            .filter(|(_, set)| set.iter().any(|s| request.raw.contains(s.as_str())))
            .map(|(n, _)| *n)
            .collect();
        if request.method == "POST" && request.path == "/v1/replies" {
            replies += 1;
            assert_eq!(named.len(), 1, "a reply names its one mailbox");
        } else {
            assert!(
                named.is_empty(),
                "{} {} names reporter {named:?}",
                request.method,
                request.path
            );
        }
        // Only routes that name no thread.
        let route = request.route();
        let allowed = [
            ("GET", "/v1/roster"),
            ("GET", "/v1/inbox"),
            ("POST", "/v1/case/inbox/fetch"),
            ("GET", "/v1/case/replies"),
            ("POST", "/v1/case/replies/fetch"),
            ("POST", "/v1/replies"),
        ];
        assert!(
            allowed.contains(&(request.method.as_str(), route))
                || (request.method == "GET" && route.starts_with("/v1/attachments/")),
            "{} {}",
            request.method,
            request.path
        );
    }
    assert_eq!(replies, 2);
}
