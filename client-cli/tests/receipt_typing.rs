//! Typing a receipt at a terminal, as a person does: numbered and with
//! commas as it was written down, with a typo in one word, hidden or shown.
//! The real `sanctuary` binary under a pseudo-terminal (`script`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::World;

const WORDS: [&str; 12] = [
    "abandon", "amount", "liar", "amount", "expire", "adjust", "cage", "candy", "arch", "gather",
    "drum", "buyer",
];

/// Nothing listens here: once the receipt is read, `report forget` fails
/// to connect, which shows the receipt was accepted.
const NOWHERE: &str = "http://127.0.0.1:1";

/// What `report forget` says when it got a good receipt: the same as with
/// the receipt in a file.
fn accepted(w: &World) -> String {
    std::fs::write(w.dir.join("receipt.txt"), WORDS.join(" ")).unwrap();
    let out = w.run(
        &[
            "report",
            "forget",
            "--server",
            NOWHERE,
            "--yes",
            "--receipt-file",
            "receipt.txt",
        ],
        None,
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("Could not reach the server"), "{err}");
    err.lines().last().unwrap().trim().to_owned()
}

#[test]
fn one_mistyped_word_is_asked_again_alone() {
    let w = World::new();
    let reached = accepted(&w);

    // Copied as displayed, numbered and with commas, word 3 mistyped.
    let typed = WORDS
        .iter()
        .enumerate()
        .map(|(i, word)| format!("{}. {}", i + 1, if i == 2 { "lair" } else { word }))
        .collect::<Vec<_>>()
        .join(", ");
    let (ok, shown) = w.in_terminal_typing(
        &["report", "forget", "--server", NOWHERE, "--yes"],
        &[
            ("Receipt: ", &typed),
            ("Type word 3 again: ", "liarr"),
            ("Type word 3 again: ", "3. LIAR"),
        ],
    );
    assert!(!ok);
    assert!(
        shown.contains("Word 3, \"lair\", is not a receipt word. Did you mean"),
        "{shown}"
    );
    assert!(
        shown.contains("Word 3, \"liarr\", is not a receipt word."),
        "{shown}"
    );
    assert_eq!(shown.matches("Type word 3 again: ").count(), 2, "{shown}");
    assert_eq!(shown.matches("Receipt: ").count(), 1, "{shown}");
    assert!(shown.contains(&reached), "{shown}");
    // Hidden while typed: no correct word is shown.
    assert!(!shown.contains("gather"), "{shown}");
}

#[test]
fn a_word_wrong_every_time_gives_up_with_advice() {
    let w = World::new();
    let mut words = WORDS;
    words[9] = "gathex";
    let (ok, shown) = w.in_terminal_typing(
        &["report", "forget", "--server", NOWHERE, "--yes"],
        &[
            ("Receipt: ", &words.join(" ")),
            ("Type word 10 again: ", "gathe gather"),
            ("Type word 10 again: ", "ga"),
            ("Type word 10 again: ", "gathez"),
        ],
    );
    assert!(!ok);
    assert!(
        shown.contains("Type only word 10, then press Enter."),
        "{shown}"
    );
    assert!(
        shown.contains("Word 10 of your receipt is still not a receipt word."),
        "{shown}"
    );
    assert!(!shown.contains("Could not reach"), "{shown}");
}

#[test]
fn show_receipt_echoes_what_is_typed() {
    let w = World::new();
    let reached = accepted(&w);
    let prefixes = WORDS.map(|word| &word[..4]).join(" ");
    let (ok, shown) = w.in_terminal_typing(
        &[
            "report",
            "forget",
            "--server",
            NOWHERE,
            "--yes",
            "--show-receipt",
        ],
        &[("Receipt: ", &prefixes)],
    );
    assert!(!ok);
    assert!(shown.contains("They show while you type"), "{shown}");
    assert!(shown.contains(&prefixes), "{shown}");
    assert!(shown.contains(&reached), "{shown}");

    // Without the option, the same typing is hidden.
    let (_, hidden) = w.in_terminal_typing(
        &["report", "forget", "--server", NOWHERE, "--yes"],
        &[("Receipt: ", &prefixes)],
    );
    assert!(
        hidden.contains("They do not show while you type"),
        "{hidden}"
    );
    assert!(!hidden.contains(&prefixes), "{hidden}");
    assert!(hidden.contains(&reached), "{hidden}");
}
