//! Issue 13: shell completions and manual pages come from the same clap
//! definitions as `--help`, cover every command, and never carry the
//! values of the person's environment variables.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

/// A value that must never appear in generated files.
const MARKER: &str = "http://private-marker.example";

fn sanctuary(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sanctuary"))
        .args(args)
        .env("SANCTUARY_SERVER", MARKER)
        .env("SANCTUARY_UNIT", MARKER)
        .output()
        .unwrap()
}

#[test]
fn completions_cover_every_command_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = sanctuary(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        for word in [
            "report",
            "submit",
            "follow-up",
            "send",
            "case",
            "sync",
            "receipt-file",
        ] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
        assert!(
            !script.contains(MARKER),
            "{shell} completions leak the environment"
        );
    }
    let out = sanctuary(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_manual_page_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = sanctuary(&["man", "--out", dir.path().to_str().unwrap()]);
    assert!(out.status.success());
    let note = String::from_utf8(out.stderr).unwrap();
    assert!(note.contains("manual pages into"), "{note}");
    for name in [
        "sanctuary",
        "sanctuary-report",
        "sanctuary-report-submit",
        "sanctuary-report-send",
        "sanctuary-case-sync",
        "sanctuary-unit-publish",
        "sanctuary-web-verify",
    ] {
        let page = std::fs::read_to_string(dir.path().join(format!("{name}.1"))).unwrap();
        assert!(page.starts_with(".ie") || page.contains(".TH"), "{name}");
        assert!(
            page.contains(&name.to_uppercase()) || page.contains(name),
            "{name}"
        );
        assert!(!page.contains(MARKER), "{name} leaks the environment");
    }
    let submit = std::fs::read_to_string(dir.path().join("sanctuary-report-submit.1")).unwrap();
    assert!(submit.contains("receipt"), "the page carries the long help");
}
