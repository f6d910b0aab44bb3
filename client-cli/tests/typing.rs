//! Issue 13: what a reporter or caseworker types is never lost. Each test
//! drives the real `sanctuary` binary through a pseudo-terminal, as a
//! person would: line editing, yes and no in the reporter's language, a
//! connection that drops at the moment of sending, Ctrl-C, and the
//! interactive follow-up and reply.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Server, World};
use sanctuary_cli::metadata::fixtures;

/// The text of every message of every thread in the caseworker's store,
/// after a sync.
fn caseworker_sees(w: &World, server: &Server, unit: &str) -> String {
    w.ok(&[
        "case",
        "sync",
        "--server",
        &server.url,
        "--unit",
        unit,
        "--key",
        "cw.key",
    ]);
    let list = w.json(&["case", "list", "--key", "cw.key", "--json"]);
    let mut seen = String::new();
    for thread in list.as_array().unwrap() {
        let id = thread["id"].as_str().unwrap();
        seen.push_str(&w.ok(&["case", "show", id, "--key", "cw.key", "--json"]));
    }
    seen
}

/// Sends a report with `--message TEXT`; returns its receipt.
fn new_report(w: &World, server: &Server, unit: &str, text: &str) -> String {
    let args = [
        "report",
        "submit",
        "--server",
        &server.url,
        "--unit",
        unit,
        "--message",
        text,
        "--json",
    ];
    w.json(&args)["receipt"].as_str().unwrap().to_owned()
}

#[test]
fn a_report_typed_in_spanish_with_the_arrow_keys_arrives_as_typed() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let unit = w.enroll(&server);
    let mut t = w.terminal(&[
        "report",
        "submit",
        "--server",
        &server.url,
        "--unit",
        &unit,
        "--lang",
        "es",
    ]);
    t.wait_for(&message("es", "form-describe"));
    // "Frday", three steps left, "i": a typo fixed in place; then a second
    // line typed ahead, and the empty line that ends the text.
    t.type_raw(b"Frday\x1b[D\x1b[D\x1b[Di\x1b[C\x1b[C\x1b[C at the market\nsecond line\n\n");
    t.wait_for("(s = s\u{ed}, n = no)");
    t.type_line("quiz\u{e1}s");
    t.wait_for(&message("es", "answer-yes-or-no"));
    t.type_line("S\u{ed}");
    t.wait_for(&message("es", "report-sent"));
    let (code, shown) = t.finish();
    assert_eq!(code, Some(0), "{shown}");

    let seen = caseworker_sees(&w, &server, &unit);
    assert!(
        seen.contains("Friday at the market\\nsecond line"),
        "the caseworker got exactly what was typed: {seen}"
    );
    assert!(!seen.contains('\u{1b}'), "no escape sequences: {seen}");
}

#[test]
fn a_report_that_cannot_be_sent_is_kept_sealed_and_sent_later() {
    let w = World::new();
    let data = w.server_data();
    let server = Server::start(&data);
    let unit = w.enroll(&server);
    let mut t = w.terminal(&["report", "submit", "--server", &server.url, "--unit", &unit]);
    t.wait_for("press Enter on an empty line.");
    t.type_raw(b"They took my passport at the market.\n\n");
    t.wait_for("Send this report now?");
    // The connection drops just as the reporter says yes.
    drop(server);
    t.type_line("y");
    t.wait_for("Trying again in 2 seconds");
    t.wait_for("Try again now?");
    t.type_line("n");
    t.wait_for("Keep it in a file?");
    t.type_line("yes");
    t.wait_for("Type a file name");
    t.type_line("kept.sanctuary");
    let (code, shown) = t.finish();
    assert_eq!(code, Some(0), "{shown}");
    assert!(shown.contains("Your report is NOT sent yet."), "{shown}");
    assert!(shown.contains("YOUR RECEIPT"), "{shown}");
    assert!(
        shown.contains("sanctuary report send --server"),
        "says how to send it: {shown}"
    );

    let kept = w.dir.join("kept.sanctuary");
    let bytes = std::fs::read(&kept).unwrap();
    assert!(
        !String::from_utf8_lossy(&bytes).contains("passport"),
        "only ciphertext is kept"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    std::fs::copy(&kept, w.dir.join("copy.sanctuary")).unwrap();

    // Back online (on another port): sent, and the file is gone.
    let server = Server::start(&data);
    let out = w.ok(&["report", "send", "--server", &server.url, "kept.sanctuary"]);
    assert!(out.contains("Your report was sent."), "{out}");
    assert!(!kept.exists(), "the file is deleted once the server has it");
    let seen = caseworker_sees(&w, &server, &unit);
    assert!(seen.contains("They took my passport"), "{seen}");

    // Files that cannot be sent are refused with the reason.
    let other = w.ok(&["unit", "init", "--out", "other.key", "--name", "Other"]);
    let err = w.fail(&[
        "report",
        "send",
        "--server",
        &server.url,
        "--unit",
        other.trim(),
        "copy.sanctuary",
    ]);
    assert!(err.contains("was written for another unit"), "{err}");
    w.write("not-a-report.txt", b"hello");
    let err = w.fail(&[
        "report",
        "send",
        "--server",
        &server.url,
        "not-a-report.txt",
    ]);
    assert!(err.contains("is not a report kept by"), "{err}");
    w.ok(&common::publish_args(&server, &["--keep-caseworkers"]));
    let err = w.fail(&["report", "send", "--server", &server.url, "copy.sanctuary"]);
    assert!(
        err.contains("changed its list of caseworkers since this report was encrypted"),
        "{err}"
    );
    assert!(w.dir.join("copy.sanctuary").exists(), "nothing is lost");
}

/// Presses Ctrl-C, and checks that the program stops with code 130
/// saying `said`.
fn ctrl_c(mut t: common::Terminal, said: &str) {
    t.type_raw(b"\x03");
    let (code, shown) = t.finish();
    assert_eq!(code, Some(130), "{shown}");
    assert!(shown.contains(said), "{shown}");
}

#[test]
fn ctrl_c_says_what_happened() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let unit = w.enroll(&server);

    // At the line editor, while writing.
    let mut t = w.terminal(&["report", "submit", "--server", &server.url, "--unit", &unit]);
    t.wait_for("press Enter on an empty line.");
    t.type_raw(b"half a sentence");
    ctrl_c(t, "Cancelled. Nothing was sent.");

    // At the hidden receipt prompt, where Ctrl-C is a signal.
    let mut t = w.terminal(&[
        "report",
        "follow-up",
        "--server",
        &server.url,
        "--unit",
        &unit,
    ]);
    t.wait_for("Receipt: ");
    ctrl_c(t, "Cancelled. Nothing was sent.");

    // At the forget question.
    let receipt = new_report(&w, &server, &unit, "hello");
    w.write("receipt.txt", receipt.as_bytes());
    let mut t = w.terminal(&[
        "report",
        "forget",
        "--server",
        &server.url,
        "--receipt-file",
        "receipt.txt",
    ]);
    t.wait_for("Delete now?");
    ctrl_c(t, "Cancelled. Nothing was deleted.");
}

#[test]
fn follow_up_and_reply_are_written_at_the_terminal() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let unit = w.enroll(&server);
    let receipt = new_report(&w, &server, &unit, "first");

    let mut t = w.terminal(&[
        "report",
        "follow-up",
        "--server",
        &server.url,
        "--unit",
        &unit,
    ]);
    t.wait_for("Receipt: ");
    t.type_line(&receipt);
    t.wait_for("press Enter on an empty line.");
    t.type_raw(b"I remembered: it was a red car!\n\n");
    t.wait_for("Send this now?");
    t.type_line("y");
    let (code, shown) = t.finish();
    assert_eq!(code, Some(0), "{shown}");
    assert!(shown.contains("Your follow-up was sent."), "{shown}");

    let seen = caseworker_sees(&w, &server, &unit);
    assert!(seen.contains("it was a red car!"), "{seen}");
    let list = w.json(&["case", "list", "--key", "cw.key", "--json"]);
    let id = list[0]["id"].as_str().unwrap().to_owned();

    let mut t = w.terminal(&[
        "case",
        "reply",
        &id,
        "--server",
        &server.url,
        "--key",
        "cw.key",
    ]);
    t.wait_for("press Enter on an empty line.");
    t.type_raw(b"Thank you. Which street?\n\n");
    t.wait_for("Send this reply now?");
    t.type_line("yes");
    let (code, shown) = t.finish();
    assert_eq!(code, Some(0), "{shown}");
    assert!(shown.contains("Reply sent on thread"), "{shown}");

    let replies = w.ok_with(
        &[
            "report",
            "check",
            "--server",
            &server.url,
            "--unit",
            &unit,
            "--json",
        ],
        Some(&receipt),
    );
    assert!(replies.contains("Which street?"), "{replies}");
}

#[test]
fn a_long_message_can_be_written_in_the_text_editor() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let unit = w.enroll(&server);
    let editor = w.dir.join("editor.sh");
    // An "editor" that writes the text, as a person would, and saves.
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Written in my editor.\\nSecond paragraph.\\n' > \"$1\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let tmp = w.dir.join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let out = w
        .command(&[
            "report",
            "submit",
            "--server",
            &server.url,
            "--unit",
            &unit,
            "--editor",
            "--json",
        ])
        .env("EDITOR", &editor)
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        0,
        "the temporary text is deleted"
    );
    let seen = caseworker_sees(&w, &server, &unit);
    assert!(
        seen.contains("Written in my editor.\\nSecond paragraph."),
        "{seen}"
    );

    // An editor that fails: nothing is sent, and it says why.
    let out = w
        .command(&[
            "report",
            "submit",
            "--server",
            &server.url,
            "--unit",
            &unit,
            "--editor",
        ])
        .env("EDITOR", "false")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("did not finish properly. Nothing was sent."),
        "{err}"
    );
}

/// The first line of message `id` in `client-cli/i18n/LANG.ftl`, up to
/// its first variable.
fn message(lang: &str, id: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("i18n/{lang}.ftl"));
    let source = std::fs::read_to_string(path).unwrap();
    let prefix = format!("{id} = ");
    source
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("{lang}.ftl has no one-line start for {id}"))
        .split('{')
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Each language asks for the report, says what hidden information its
/// photo held (down to the names of the details), and understands its own
/// "yes".
#[test]
fn every_language_asks_and_understands_yes() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let unit = w.enroll(&server);
    w.write("photo.jpg", &fixtures::jpeg_with_metadata());
    for (lang, yes) in [
        ("en", "yes"),
        ("es", "s\u{ed}"),
        ("fr", "oui"),
        ("pl", "tak"),
        ("ro", "da"),
        ("ar", "\u{646}\u{639}\u{645}"),
        ("fa", "\u{628}\u{644}\u{647}"),
        ("ur", "\u{6c1}\u{627}\u{6ba}"),
    ] {
        let mut t = w.terminal(&[
            "report",
            "submit",
            "--server",
            &server.url,
            "--unit",
            &unit,
            "--lang",
            lang,
            "--attach",
            "photo.jpg",
        ]);
        t.wait_for(&message(lang, "form-describe"));
        t.type_raw(format!("A report written in {lang}.\n\n").as_bytes());
        t.wait_for(&message(lang, "found-label-camera-make"));
        t.wait_for(&message(lang, "attach-will-remove"));
        t.wait_for(&message(lang, "report-confirm"));
        t.type_line(yes);
        t.wait_for(&message(lang, "report-sent"));
        let (code, shown) = t.finish();
        assert_eq!(code, Some(0), "{lang}: {shown}");
    }
    let seen = caseworker_sees(&w, &server, &unit);
    for lang in ["en", "es", "fr", "pl", "ro", "ar", "fa", "ur"] {
        assert!(
            seen.contains(&format!("A report written in {lang}.")),
            "{lang}"
        );
    }
}
