//! Unread markers: a thread is unread from the sync that stored a new
//! message in it until `case show` shows it. Regression: a sync stopped
//! during its attachment downloads (Ctrl-C, a dropped connection) left its
//! new reports in the store, and the next sync said "Synced: 0 new
//! reports" with nothing to find them by.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};

use common::{Server, World};
use serde_json::Value;

/// A forwarder to `upstream` that cuts every connection the moment the
/// client asks for an attachment, as Ctrl-C would stop the download.
/// Returns `http://127.0.0.1:PORT`.
fn cut_at_attachments(upstream: &str) -> String {
    let upstream = upstream.trim_start_matches("http://").to_owned();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(mut client) = client else { continue };
            let Ok(mut server) = TcpStream::connect(&upstream) else {
                continue;
            };
            let (mut from_server, mut to_client) =
                (server.try_clone().unwrap(), client.try_clone().unwrap());
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut from_server, &mut to_client);
                let _ = to_client.shutdown(Shutdown::Both);
            });
            std::thread::spawn(move || {
                let marker = b"GET /v1/attachments/";
                let mut seen: Vec<u8> = Vec::new();
                let mut buf = [0u8; 16 * 1024];
                loop {
                    let n = match client.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    // The marker may straddle two reads.
                    let keep = seen.len().saturating_sub(marker.len());
                    seen.drain(..keep);
                    seen.extend_from_slice(&buf[..n]);
                    if seen.windows(marker.len()).any(|w| w == marker)
                        || server.write_all(&buf[..n]).is_err()
                    {
                        break;
                    }
                }
                let _ = server.shutdown(Shutdown::Both);
                let _ = client.shutdown(Shutdown::Both);
            });
        }
    });
    url
}

fn list(w: &World) -> Vec<Value> {
    let listed = w.json(&[
        "case", "list", "--key", "cw.key", "--store", "store", "--json",
    ]);
    listed.as_array().unwrap().clone()
}

fn unread_of(rows: &[Value], id: &str) -> u64 {
    rows.iter()
        .find(|r| r["short_id"] == id)
        .map(|r| r["unread"].as_u64().unwrap())
        .unwrap_or_else(|| panic!("thread {id} is not listed: {rows:?}"))
}

#[test]
fn new_messages_stay_unread_until_shown_even_after_an_interrupted_sync() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let unit = w.enroll(&server);
    let s = server.url.as_str();
    w.write("note.bin", &[7u8; 2000]);
    let mut receipts = Vec::new();
    for text in ["First report", "Second report"] {
        let out = w.ok(&[
            "report",
            "submit",
            "--server",
            s,
            "--unit",
            &unit,
            "--message",
            text,
            "--attach",
            "note.bin",
            "--json",
        ]);
        let out: Value = serde_json::from_str(&out).unwrap();
        receipts.push(out["receipt"].as_str().unwrap().to_owned());
    }

    // The first sync stores both reports, then is cut off at the first
    // attachment download.
    let cut = cut_at_attachments(s);
    let err = w.fails(
        &[
            "case", "sync", "--server", &cut, "--unit", &unit, "--key", "cw.key", "--store",
            "store",
        ],
        None,
    );
    assert!(err.contains("Could not reach the server"), "{err}");

    // The next sync has nothing new to download but the files, and says
    // where the reports are.
    let sync = [
        "case", "sync", "--server", s, "--key", "cw.key", "--store", "store",
    ];
    let synced = w.ok(&sync);
    assert!(
        synced.contains("Synced: 0 new reports, 0 new follow-ups, 0 new replies, 2 files")
            && synced.contains(
                "2 threads are open; 2 threads have unread messages. See them with: sanctuary \
                 case list"
            ),
        "{synced}"
    );

    // Both are marked in the list.
    let rows = list(&w);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r["unread"] == 1), "{rows:?}");
    let text = w.ok(&["case", "list", "--key", "cw.key", "--store", "store"]);
    let marked: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("NEW") && l.split_whitespace().nth(1) == Some("*"))
        .collect();
    assert_eq!(marked.len(), 2, "{text}");
    assert!(
        text.contains("NEW * = has messages you have not seen yet"),
        "{text}"
    );
    // The thread of each report, by its first line (the order of one
    // batch is the server's, not the order of sending).
    let id_of = |preview: &str| {
        rows.iter()
            .find(|r| r["preview"] == preview)
            .map(|r| r["short_id"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let (first, second) = (id_of("First report"), id_of("Second report"));

    // Exporting does not count as reading; showing does, once.
    w.ok(&[
        "case", "export", &first, "--key", "cw.key", "--store", "store", "--out", "exported",
    ]);
    assert_eq!(unread_of(&list(&w), &first), 1);
    let shown = w.ok(&[
        "case", "show", &first, "--key", "cw.key", "--store", "store",
    ]);
    assert!(shown.contains("report from the reporter · NEW"), "{shown}");
    let rows = list(&w);
    assert_eq!(
        (unread_of(&rows, &first), unread_of(&rows, &second)),
        (0, 1)
    );
    let shown = w.json(&[
        "case", "show", &first, "--key", "cw.key", "--store", "store", "--json",
    ]);
    assert_eq!(shown["messages"][0]["unread"], false);
    let synced = w.ok(&sync);
    assert!(synced.contains("1 thread has unread messages"), "{synced}");

    // A follow-up on a thread that was read and closed makes it unread;
    // the list of open threads says so.
    w.ok(&[
        "case", "close", &first, "--key", "cw.key", "--store", "store",
    ]);
    w.ok(&[
        "case", "show", &second, "--key", "cw.key", "--store", "store",
    ]);
    let open = ["case", "list", "--key", "cw.key", "--store", "store"];
    let text = w.ok(&open);
    assert!(!text.contains("unread"), "{text}");
    w.ok_with(
        &[
            "report",
            "follow-up",
            "--server",
            s,
            "--unit",
            &unit,
            "--message",
            "One more thing",
        ],
        Some(&receipts[0]),
    );
    let synced = w.ok(&sync);
    assert!(
        synced.contains("1 new follow-up")
            && synced.contains("1 thread is open; 1 thread has unread messages"),
        "{synced}"
    );
    let text = w.ok(&open);
    assert!(
        text.contains("1 closed thread has unread messages: see it with --all."),
        "{text}"
    );
    let all = w.json(&[
        "case", "list", "--all", "--key", "cw.key", "--store", "store", "--json",
    ]);
    let closed = all
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["short_id"] == first.as_str())
        .unwrap();
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["unread"], 1);
    let shown = w.json(&[
        "case", "show", &first, "--key", "cw.key", "--store", "store", "--json",
    ]);
    let unread: Vec<bool> = shown["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["unread"].as_bool().unwrap())
        .collect();
    assert_eq!(unread, [false, true]);
    let text = w.ok(&open);
    assert!(!text.contains("unread") && !text.contains(" * "), "{text}");
}
