//! `sanctuary unit poster` and `sanctuary web verify`/`hashes` with the
//! real binary: the poster's link from a key file and from a unit ID, its
//! SVG file; and the page check against a small server answering fixed
//! files (the reviewed page, a tampered one, one with a file missing) and
//! against the real server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;

use common::{Server, World};
use serde_json::Value;
use sha2::{Digest, Sha256};

#[test]
fn the_poster_link_comes_from_the_key_file_or_the_unit_id() {
    let w = World::new();
    let unit = w.ok(&["unit", "init", "--out", "unit.key"]);
    let unit = unit.trim();
    let server = ["--server", "https://report.example.org"];
    let expected = format!("https://report.example.org/#unit={unit}");

    let from_key = w.ok(&[&["unit", "poster", "--key", "unit.key"][..], &server].concat());
    let from_id = w.ok(&[&["unit", "poster", "--unit", unit][..], &server].concat());
    assert_eq!(from_key, from_id);
    let mut lines = from_key.lines();
    assert_eq!(lines.next(), Some(expected.as_str()));
    assert_eq!(lines.next(), Some(""));
    // Then the code: square (two rows of modules a line), in half blocks.
    let drawn: Vec<&str> = lines.collect();
    let width = drawn[0].chars().count();
    assert_eq!(drawn.len(), width.div_ceil(2));
    assert!(drawn.iter().all(|l| l.chars().count() == width));
    assert!(
        drawn
            .iter()
            .flat_map(|l| l.chars())
            .all(|c| " █▀▄".contains(c))
    );

    // --json prints the link only; --svg writes the code, 0644, and never
    // replaces a file without --force.
    let json = w.json(
        &[
            &[
                "unit",
                "poster",
                "--unit",
                unit,
                "--json",
                "--svg",
                "poster.svg",
            ][..],
            &server,
        ]
        .concat(),
    );
    assert_eq!(json, serde_json::json!({ "link": expected }));
    let svg = std::fs::read_to_string(w.dir.join("poster.svg")).unwrap();
    assert!(svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains(&format!("<title>{expected}</title>")));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(w.dir.join("poster.svg"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o600, 0o600);
        assert_eq!(mode & 0o133, 0, "{mode:o}");
    }
    std::fs::write(w.dir.join("poster.svg"), "kept").unwrap();
    let again = [
        &["unit", "poster", "--unit", unit, "--svg", "poster.svg"][..],
        &server,
    ]
    .concat();
    let err = w.fails(&again, None);
    assert!(err.contains("poster.svg already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(w.dir.join("poster.svg")).unwrap(),
        "kept"
    );
    w.ok(&[&again[..], &["--force"]].concat());
    assert_eq!(
        std::fs::read_to_string(w.dir.join("poster.svg")).unwrap(),
        svg
    );

    // A server address with a path, query or fragment is refused.
    for bad in [
        "https://report.example.org/sanctuary",
        "https://report.example.org/?x=1",
        "https://report.example.org/#unit=x",
    ] {
        let err = w.fails(&["unit", "poster", "--unit", unit, "--server", bad], None);
        assert!(err.starts_with("error: The server address"), "{err}");
    }
}

/// The reviewed page: the files in `web/dist/`, which must be those whose
/// hashes this build of `sanctuary` embeds.
fn reviewed_page(w: &World) -> BTreeMap<String, Vec<u8>> {
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/dist");
    let hashes = w.json(&["web", "hashes", "--json"]);
    let mut files = BTreeMap::new();
    for (name, hash) in hashes["files"].as_object().unwrap() {
        let bytes = std::fs::read(dist.join(name)).unwrap();
        assert_eq!(
            hex::encode(Sha256::digest(&bytes)),
            hash.as_str().unwrap(),
            "web/dist/{name} changed since sanctuary was built: build again"
        );
        files.insert(name.clone(), bytes);
    }
    files
}

/// A small HTTP/1.1 server on a loopback port that answers `GET path` with
/// `files[path]`, or 404. Its thread ends with the test process.
fn serve(files: BTreeMap<&'static str, Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let files = Arc::new(files);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            // Skip the headers, up to the empty line.
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let path = request_line.split(' ').nth(1).unwrap_or("");
            let (status, body) = match files.get(path) {
                Some(body) => ("200 OK", body.as_slice()),
                None => ("404 Not Found", &b"not found"[..]),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream
                .write_all(head.as_bytes())
                .and_then(|()| stream.write_all(body));
        }
    });
    url
}

/// The page's files at the paths the server serves them.
fn at_paths(page: &BTreeMap<String, Vec<u8>>) -> BTreeMap<&'static str, Vec<u8>> {
    [
        ("/", "index.html"),
        ("/app.js", "app.js"),
        ("/app.css", "app.css"),
        ("/sanctuary-reporter.html", "sanctuary-reporter.html"),
    ]
    .into_iter()
    .map(|(path, name)| (path, page[name].clone()))
    .collect()
}

#[test]
fn web_verify_tells_the_reviewed_page_from_a_changed_one() {
    let w = World::new();
    let page = reviewed_page(&w);

    // `web hashes` prints them as sha256sum does.
    let listed = w.ok(&["web", "hashes"]);
    for (name, bytes) in &page {
        let line = format!("{}  {name}", hex::encode(Sha256::digest(bytes)));
        assert!(listed.lines().any(|l| l == line), "{listed}");
    }

    // The reviewed page: every file matches.
    let good = serve(at_paths(&page));
    let out = w.ok(&["web", "verify", "--server", &good]);
    assert_eq!(
        out,
        "/: matches the reviewed source\n\
         /app.js: matches the reviewed source\n\
         /app.css: matches the reviewed source\n\
         /sanctuary-reporter.html: matches the reviewed source\n"
    );

    // A script with one byte added, and no stylesheet at all.
    let mut tampered = at_paths(&page);
    tampered.get_mut("/app.js").unwrap().push(b';');
    tampered.remove("/app.css");
    let bad = serve(tampered);
    let out = w.run(&["web", "verify", "--server", &bad], None);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert_eq!(lines[0], "/: matches the reviewed source");
    let differs = format!(
        "DIFFERS: this server is not serving the page built from Sanctuary {}'s source; do not \
         use it and tell the unit",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(lines[1], format!("/app.js: {differs}"));
    assert_eq!(
        lines[2],
        format!("/app.css: {differs} (it answered HTTP 404)")
    );
    assert_eq!(
        lines[3],
        "/sanctuary-reporter.html: matches the reviewed source"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("2 of 4 files differ"), "{stderr}");

    // The same as JSON.
    let out = w.run(&["web", "verify", "--server", &bad, "--json"], None);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["all_match"], false);
    assert_eq!(json["version"], env!("CARGO_PKG_VERSION"));
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 4);
    assert_eq!(files[1]["path"], "/app.js");
    assert_eq!(files[1]["matches"], false);
    assert_eq!(
        files[1]["expected"],
        hex::encode(Sha256::digest(&page["app.js"]))
    );
    let mut changed = page["app.js"].clone();
    changed.push(b';');
    assert_eq!(files[1]["served"], hex::encode(Sha256::digest(&changed)));
    assert_eq!(files[2]["served"], Value::Null);
    assert_eq!(files[2]["problem"], "it answered HTTP 404");
    assert!(files[0].get("problem").is_none());
}

#[test]
fn web_verify_accepts_the_page_the_real_server_serves() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let out = w.run(&["web", "verify", "--server", &server.url, "--json"], None);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["all_match"], true, "{json:#}");
    assert!(out.status.success());
    assert_eq!(json["files"].as_array().unwrap().len(), 4);
}
