//! An address that is not a Sanctuary server is named as such: a web page
//! where the API should be, a proxy's error page, or `https://` to a server
//! that speaks plain http. Reporters and caseworkers are told to check the
//! address, in plain words, and that nothing was sent.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;

use common::World;

/// A host that answers every connection with `answer` (a whole HTTP
/// response) after reading what the client sent first. Returns
/// `127.0.0.1:PORT`.
fn host(answer: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    addr
}

fn page(status: &str) -> &'static str {
    let body = "<!DOCTYPE HTML>\n<html><head><title>Not here</title></head><body><h1>Nothing \
                here</h1></body></html>\n";
    String::leak(format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    ))
}

/// What a reporter's submit and a caseworker's first sync say against
/// `server`; both must fail with status 1.
fn both(w: &World, unit: &str, server: &str) -> [String; 2] {
    let reporter = w.fails(
        &[
            "report",
            "submit",
            "--server",
            server,
            "--unit",
            unit,
            "--message",
            "hello",
        ],
        None,
    );
    let caseworker = w.fails(
        &[
            "case", "sync", "--server", server, "--unit", unit, "--key", "cw.key", "--store",
            "store",
        ],
        None,
    );
    [reporter, caseworker]
}

#[test]
fn a_web_page_or_plain_http_where_sanctuary_should_be_is_named_as_such() {
    let w = World::new();
    let unit = w.ok(&["unit", "init", "--out", "unit.key", "--name", "Unit"]);
    let unit = unit.trim();
    w.ok(&[
        "caseworker",
        "init",
        "--out",
        "cw.key",
        "--label",
        "PC-Jones",
    ]);

    // A wrong path on a web server: its HTML "not found" page.
    let addr = host(page("404 Not Found"));
    let server = format!("http://{addr}/");
    for err in both(&w, unit, &server) {
        assert!(
            err.contains(&format!(
                "This address does not answer like a Sanctuary server: check the address \
                 ({server}). Nothing was sent. (it answered HTTP 404 with text/html.)"
            )),
            "{err}"
        );
        assert!(
            !err.contains("DOCTYPE") && !err.contains("refused"),
            "{err}"
        );
    }

    // A host that answers every path with a page.
    let addr = host(page("200 OK"));
    let server = format!("http://{addr}/");
    for err in both(&w, unit, &server) {
        assert!(
            err.contains("This address does not answer like a Sanctuary server")
                && err.contains("(it answered HTTP 200 with text/html.)"),
            "{err}"
        );
        assert!(!err.contains("DOCTYPE"), "{err}");
    }

    // A proxy whose server is down: try later, not "wrong address".
    let addr = host(page("502 Bad Gateway"));
    for err in both(&w, unit, &format!("http://{addr}/")) {
        assert!(
            err.contains("is not answering properly right now (it answered HTTP 502")
                && err.contains("Try again later"),
            "{err}"
        );
        assert!(!err.contains("DOCTYPE"), "{err}");
    }

    // https:// to a server that speaks plain http.
    let addr = host(page("400 Bad Request"));
    let server = format!("https://{addr}/");
    for err in both(&w, unit, &server) {
        assert!(
            err.contains(&format!(
                "Could not make a secure (https) connection to {server}: what answered there \
                 does not speak https"
            )) && err.contains("starting with http://")
                && err.contains("Nothing was sent."),
            "{err}"
        );
        assert!(!err.starts_with("error: received corrupt"), "{err}");
    }

    // None of this made a store: the sync failed before creating one? It
    // did create it (a sync creates its store first), and said so.
    assert!(w.dir.join("store").join("store.sqlite").exists());
}
