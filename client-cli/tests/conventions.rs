//! Small conventions of the real `sanctuary` binary, from issue 13: help
//! never shows environment values, "the line above" only when the line is
//! above on a terminal, and sizes in the same binary units as the progress
//! bars.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Server, World};

/// Values no help text could contain by chance.
const ENV: [(&str, &str); 5] = [
    ("SANCTUARY_SERVER", "http://env-server-value-7f3a.example"),
    ("SANCTUARY_UNIT", "sanctuary1envunitvalue7f3a"),
    ("SANCTUARY_KEY", "env-key-value-7f3a.key"),
    ("SANCTUARY_STORE", "env-store-value-7f3a"),
    ("SANCTUARY_PROXY", "socks5h://env-proxy-value-7f3a:9050"),
];

/// The subcommands listed under "Commands:" in a help text, but `help`.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn help_never_shows_environment_values() {
    let w = World::new();
    let mut pending = vec![Vec::<String>::new()];
    let mut seen = 0;
    while let Some(path) = pending.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let mut cmd = w.command(&args);
        for (name, value) in ENV {
            cmd.env(name, value);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "sanctuary {args:?}");
        let help = String::from_utf8(out.stdout).unwrap();
        for (name, value) in ENV {
            assert!(
                !help.contains(value) && !help.contains("7f3a"),
                "sanctuary {args:?} shows the value of {name}:\n{help}"
            );
        }
        seen += 1;
        for sub in subcommands(&help) {
            let mut next = path.clone();
            next.push(sub);
            pending.push(next);
        }
    }
    // The top level, its groups and their commands were all looked at.
    assert!(seen > 15, "only {seen} help pages");
}

#[test]
fn the_line_above_only_when_it_is_above() {
    let w = World::new();

    // Redirected: the card goes to the pipe, and the words say so.
    let out = w.run(
        &[
            "caseworker",
            "init",
            "--out",
            "piped.key",
            "--label",
            "PC-Jones",
        ],
        None,
    );
    assert!(out.status.success());
    let card = String::from_utf8(out.stdout).unwrap();
    assert!(card.starts_with("sanctuary-card:"), "{card}");
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(!said.contains("line above"), "{said}");
    assert!(
        said.contains("The line written to standard output is your card."),
        "{said}"
    );

    // The unit ID the same way.
    let out = w.run(
        &["unit", "init", "--out", "unit.key", "--name", "Test Unit"],
        None,
    );
    assert!(out.status.success());
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(!said.contains("line above"), "{said}");
    assert!(
        said.contains("The line written to standard output is your unit ID."),
        "{said}"
    );

    // On a terminal the card is on the screen just above.
    let shown = w.in_terminal(&[
        "caseworker",
        "init",
        "--out",
        "tty.key",
        "--label",
        "DS-Smith",
    ]);
    let card_line = shown
        .lines()
        .position(|l| l.starts_with("sanctuary-card:"))
        .expect("the card is shown");
    let note_line = shown
        .lines()
        .position(|l| l.starts_with("The line above is your card."))
        .expect("the note points at the card");
    assert!(card_line < note_line, "{shown}");
}

#[test]
fn sizes_are_in_binary_units_like_the_progress_bars() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let unit = w.enroll(&server);
    // 300,000,000 bytes, sparse: only its length is read before refusing.
    let big = std::fs::File::create(w.dir.join("video.mp4")).unwrap();
    big.set_len(300_000_000).unwrap();
    drop(big);
    let said = w.fails(
        &[
            "report",
            "submit",
            "--server",
            &server.url,
            "--unit",
            &unit,
            "--message",
            "see the video",
            "--attach",
            "video.mp4",
        ],
        None,
    );
    assert!(said.contains("and it is 286.1 MiB"), "{said}");
    assert!(!said.contains(" MB"), "{said}");
}
