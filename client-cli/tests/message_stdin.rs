//! Regression tests for issue 13: `--message-file -` used to lock standard
//! input twice and hang forever, for UTF-8 and Latin-1 input alike. Each
//! run here has a deadline, so a hang fails the test instead of stalling it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use common::{Server, World};

/// Longer than any honest run on a loaded machine, far shorter than forever.
const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `sanctuary ARGS` with `input` piped to standard input (then
/// closed), killing it and failing the test if it outlives [`DEADLINE`].
fn run_piped(w: &World, args: &[&str], input: &[u8]) -> Output {
    let mut child = w
        .command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        // The program may refuse before reading everything.
        let _ = stdin.write_all(&input);
    });
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        out.read_to_end(&mut v).unwrap();
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        err.read_to_end(&mut v).unwrap();
        v
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("sanctuary {args:?} hung with its message on standard input");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    writer.join().unwrap();
    Output {
        status,
        stdout: out_reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    }
}

/// "Mi historia: pasó en la calle" in Latin-1 (ISO 8859-1): `ó` is 0xF3.
const LATIN1: &[u8] = b"Mi historia: pas\xf3 en la calle\n";

#[test]
fn message_file_dash_reads_standard_input_once_and_refuses_latin1() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let s = server.url.as_str();
    let unit = w.enroll(&server);

    // A UTF-8 story through a pipe is sent, not hung on.
    let out = run_piped(
        &w,
        &[
            "report",
            "submit",
            "--server",
            s,
            "--unit",
            &unit,
            "--message-file",
            "-",
            "--save-receipt",
            "receipt.txt",
        ],
        "My story: it happened on the bridge, señora.\n".as_bytes(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Your report was sent."), "{stderr}");

    // A Latin-1 story is refused in words, before anything is sent.
    let out = run_piped(
        &w,
        &[
            "report",
            "submit",
            "--server",
            s,
            "--unit",
            &unit,
            "--message-file",
            "-",
        ],
        LATIN1,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.starts_with("error: The message is not UTF-8 text (standard input, byte 17)"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was sent"), "{stderr}");
    assert!(!stderr.contains("Connected to"), "{stderr}");

    // The same for a follow-up.
    let out = run_piped(
        &w,
        &[
            "report",
            "follow-up",
            "--server",
            s,
            "--unit",
            &unit,
            "--receipt-file",
            "receipt.txt",
            "--message-file",
            "-",
        ],
        "And one more thing: he had a red car.\n".as_bytes(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Your follow-up was sent."),
        "{stderr}"
    );
    let out = run_piped(
        &w,
        &[
            "report",
            "follow-up",
            "--server",
            s,
            "--unit",
            &unit,
            "--receipt-file",
            "receipt.txt",
            "--message-file",
            "-",
        ],
        LATIN1,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: The message is not UTF-8 text (standard input, byte 17)"),
        "{stderr}"
    );

    // The same Latin-1 bytes in a file are refused the same way.
    w.write("latin1.txt", LATIN1);
    let stderr = w.fails(
        &[
            "report",
            "submit",
            "--server",
            s,
            "--unit",
            &unit,
            "--message-file",
            "latin1.txt",
        ],
        None,
    );
    assert!(
        stderr.starts_with("error: The message is not UTF-8 text (latin1.txt, byte 17)"),
        "{stderr}"
    );

    // The caseworker received exactly the two UTF-8 texts.
    w.ok(&[
        "case", "sync", "--server", s, "--key", "cw.key", "--store", "store", "--unit", &unit,
    ]);
    let list = w.ok(&[
        "case", "list", "--key", "cw.key", "--store", "store", "--json",
    ]);
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    let threads = list.as_array().unwrap();
    assert_eq!(threads.len(), 1, "{list}");
    let id = threads[0]["id"].as_str().unwrap();
    let shown = w.ok(&[
        "case", "show", id, "--key", "cw.key", "--store", "store", "--json",
    ]);
    assert!(
        shown.contains("My story: it happened on the bridge, señora."),
        "{shown}"
    );
    assert!(shown.contains("he had a red car."), "{shown}");
    assert!(!shown.contains("Mi historia"), "{shown}");
}
