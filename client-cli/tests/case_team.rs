//! Caseworkers as a team (issue #14, shared case state): one caseworker
//! assigns a thread, labels it, adds a note and changes its status; a
//! colleague sees all of it after both sync. Conflicting changes settle
//! the same way on both computers, on the server every case event is a
//! message of exactly a short report's length, and a caseworker removed
//! from the roster can read nothing written after.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Server, World, publish_args};
use serde_json::Value;

/// `--key KEY --store STORE` of one caseworker.
struct Worker {
    key: &'static str,
    store: &'static str,
}

const JONES: Worker = Worker {
    key: "jones.key",
    store: "jones-store",
};
const SMITH: Worker = Worker {
    key: "smith.key",
    store: "smith-store",
};

impl Worker {
    /// `sanctuary case ARGS… --key … --store …`, which must succeed.
    fn ok(&self, w: &World, args: &[&str]) -> String {
        w.ok(&self.args(args))
    }

    /// The same, which must fail: its standard error.
    fn fail(&self, w: &World, args: &[&str]) -> String {
        w.fail(&self.args(args))
    }

    fn args<'a>(&'a self, args: &[&'a str]) -> Vec<&'a str> {
        let mut all = vec!["case"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--key", self.key, "--store", self.store]);
        all
    }

    fn sync(&self, w: &World, server: &str) -> String {
        self.ok(w, &["sync", "--server", server])
    }

    /// `case list --all --json` plus `filters`.
    fn list(&self, w: &World, filters: &[&str]) -> Vec<Value> {
        let mut args = vec!["list", "--all", "--json"];
        args.extend_from_slice(filters);
        let out = self.ok(w, &args);
        serde_json::from_str::<Value>(&out)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    /// The row of the thread whose first line contains `marker`.
    fn row(&self, w: &World, marker: &str) -> Value {
        self.list(w, &[])
            .into_iter()
            .find(|r| r["preview"].as_str().unwrap().contains(marker))
            .unwrap_or_else(|| panic!("no thread {marker}"))
    }
}

/// The team state of a `case list --json` row: status, assignee, labels.
fn state(row: &Value) -> (String, Value, Value) {
    (
        row["status"].as_str().unwrap().to_owned(),
        row["assignee"].clone(),
        row["labels"].clone(),
    )
}

#[test]
fn two_caseworkers_share_status_assignment_labels_and_notes() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let s = server.url.as_str();
    let unit = w.ok(&["unit", "init", "--out", "unit.key", "--name", "Team"]);
    let unit = unit.trim();
    let jones = w.ok(&[
        "caseworker",
        "init",
        "--out",
        "jones.key",
        "--label",
        "PC-Jones",
    ]);
    let smith = w.ok(&[
        "caseworker",
        "init",
        "--out",
        "smith.key",
        "--label",
        "DS-Smith",
    ]);
    w.ok(&publish_args(
        &server,
        &[
            "--enroll",
            &server.code,
            "--caseworker",
            jones.trim(),
            "--caseworker",
            smith.trim(),
        ],
    ));
    for text in ["ALPHA: my bike was stolen", "BRAVO: someone threatened me"] {
        w.ok(&[
            "report",
            "submit",
            "--server",
            s,
            "--unit",
            unit,
            "--message",
            text,
        ]);
    }
    for cw in [&JONES, &SMITH] {
        cw.ok(&w, &["sync", "--server", s, "--unit", unit]);
    }
    let alpha = JONES.row(&w, "ALPHA")["short_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let bravo = JONES.row(&w, "BRAVO")["short_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Jones takes ALPHA, labels it, writes a note and waits for the
    // reporter; each change shows in Jones's store at once.
    let out = JONES.ok(&w, &["assign", &alpha]);
    assert!(
        out.contains("assigned to you (PC-Jones)") && out.contains("next `sanctuary case sync`"),
        "{out}"
    );
    let out = JONES.ok(&w, &["label", &alpha, "urgent", "Needs-Interpreter"]);
    assert!(
        out.contains("labels are now: needs-interpreter, urgent"),
        "{out}"
    );
    let out = JONES.ok(
        &w,
        &[
            "note",
            &alpha,
            "--message",
            "Called back; meeting on Monday.",
        ],
    );
    assert!(out.contains("never sent to the reporter"), "{out}");
    JONES.ok(&w, &["status", &alpha, "waiting"]);
    let expected = (
        "waiting".to_owned(),
        Value::from("PC-Jones"),
        serde_json::json!(["needs-interpreter", "urgent"]),
    );
    assert_eq!(state(&JONES.row(&w, "ALPHA")), expected);
    // Asking for what already is changes nothing.
    let out = JONES.ok(&w, &["status", &alpha, "waiting"]);
    assert!(
        out.contains("already waiting") && out.contains("Nothing was changed"),
        "{out}"
    );

    // Smith sees nothing until Jones has synced.
    SMITH.sync(&w, s);
    assert_eq!(state(&SMITH.row(&w, "ALPHA")).0, "open");
    let out = JONES.sync(&w, s);
    assert!(out.contains("0 from colleagues, 4 of yours sent"), "{out}");
    let out = SMITH.sync(&w, s);
    assert!(out.contains("4 from colleagues, 0 of yours sent"), "{out}");
    assert_eq!(state(&SMITH.row(&w, "ALPHA")), expected);
    // Jones's next sync downloads nothing it sent.
    let out = JONES.sync(&w, s);
    assert!(!out.contains("Case updates"), "{out}");

    // Smith reads the note, with the thread.
    let shown: Value = serde_json::from_str(&SMITH.ok(&w, &["show", &alpha, "--json"])).unwrap();
    assert_eq!(shown["notes"][0]["from"], "PC-Jones");
    assert_eq!(shown["notes"][0]["text"], "Called back; meeting on Monday.");
    let text = SMITH.ok(&w, &["show", &alpha]);
    assert!(
        text.contains("Assigned to: PC-Jones")
            && text.contains("Labels: needs-interpreter, urgent")
            && text.contains("Internal notes")
            && text.contains("Called back; meeting on Monday."),
        "{text}"
    );
    let table = SMITH.ok(&w, &["list"]);
    assert!(
        table.contains("ASSIGNED TO") && table.contains("[needs-interpreter, urgent] ALPHA"),
        "{table}"
    );

    // Filters.
    let ids = |rows: Vec<Value>| -> Vec<String> {
        rows.iter()
            .map(|r| r["short_id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        ids(SMITH.list(&w, &["--assignee", "PC-Jones"])),
        [alpha.as_str()]
    );
    assert_eq!(
        ids(SMITH.list(&w, &["--assignee", "nobody"])),
        [bravo.as_str()]
    );
    assert_eq!(ids(JONES.list(&w, &["--assignee", "me"])), [alpha.as_str()]);
    assert_eq!(
        ids(SMITH.list(&w, &["--label", "urgent"])),
        [alpha.as_str()]
    );
    assert_eq!(ids(SMITH.list(&w, &["--status", "open"])), [bravo.as_str()]);

    // Search (words in any order, any case; notes included), days and
    // pages.
    assert_eq!(
        ids(SMITH.list(&w, &["--search", "MONDAY meeting"])),
        [alpha.as_str()]
    );
    assert_eq!(
        ids(SMITH.list(&w, &["--search", "threatened"])),
        [bravo.as_str()]
    );
    assert!(SMITH.list(&w, &["--search", "bike threatened"]).is_empty());
    assert!(SMITH.list(&w, &["--since", "2099-01-01"]).is_empty());
    assert!(SMITH.list(&w, &["--until", "2000-01-01"]).is_empty());
    assert_eq!(SMITH.list(&w, &["--since", "2000-01-01"]).len(), 2);
    let mut paged = ids(SMITH.list(&w, &["--per-page", "1", "--page", "1"]));
    paged.extend(ids(SMITH.list(&w, &["--per-page", "1", "--page", "2"])));
    paged.sort();
    let mut both = vec![alpha.clone(), bravo.clone()];
    both.sort();
    assert_eq!(paged, both);
    let page = SMITH.ok(&w, &["list", "--per-page", "1"]);
    assert!(
        page.contains("Threads 1 to 1 of 2") && page.contains("Next: --page 2."),
        "{page}"
    );
    let err = SMITH.fail(&w, &["list", "--per-page", "1", "--page", "3"]);
    assert!(err.contains("no such page"), "{err}");
    let err = SMITH.fail(&w, &["list", "--since", "yesterday"]);
    assert!(err.contains("YYYY-MM-DD"), "{err}");

    // Both change BRAVO's status before either syncs: after both have
    // synced twice, both computers show the same one.
    JONES.ok(&w, &["status", &bravo, "closed"]);
    SMITH.ok(&w, &["status", &bravo, "waiting"]);
    for cw in [&JONES, &SMITH, &JONES] {
        cw.sync(&w, s);
    }
    let (jones_sees, smith_sees) = (
        state(&JONES.row(&w, "BRAVO")),
        state(&SMITH.row(&w, "BRAVO")),
    );
    assert_eq!(jones_sees, smith_sees);
    assert!(["closed", "waiting"].contains(&jones_sees.0.as_str()));

    // Labels can come off, and a thread can be unassigned.
    SMITH.ok(&w, &["label", &alpha, "urgent", "--remove"]);
    SMITH.ok(&w, &["assign", &alpha, "--nobody"]);
    let (_, assignee, labels) = state(&SMITH.row(&w, "ALPHA"));
    assert_eq!(assignee, Value::Null);
    assert_eq!(labels, serde_json::json!(["needs-interpreter"]));

    // Every case event is a message of a short report's length on the
    // server, which cannot tell them from the reports.
    let db =
        rusqlite::Connection::open(w.server_data().join(sanctuary_server::store::DATABASE_FILE))
            .unwrap();
    let lengths: Vec<i64> = db
        .prepare(
            "SELECT DISTINCT length(c.data) FROM blobs b JOIN ciphertexts c ON c.id = b.ciphertext
             WHERE b.kind = 'message'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let messages: i64 = db
        .query_row(
            "SELECT count(*) FROM blobs WHERE kind = 'message'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(lengths.len(), 1, "{lengths:?}");
    assert_eq!(messages, 2 + 4 + 2, "two reports and six events");

    // Smith leaves the unit: the next roster lists Jones alone. Jones's
    // next event is sealed to Jones alone, Smith's sync is refused, and
    // Smith's earlier event stops counting for Jones.
    w.ok(&publish_args(&server, &["--caseworker", jones.trim()]));
    JONES.ok(
        &w,
        &["note", &alpha, "--message", "Smith has left the unit."],
    );
    let out = JONES.sync(&w, s);
    assert!(out.contains("0 from colleagues, 1 of yours sent"), "{out}");
    assert!(
        out.contains("1 case update could not be verified against the roster and is ignored"),
        "{out}"
    );
    let err = SMITH.fail(&w, &["sync", "--server", s]);
    assert!(err.contains("not on the unit's current roster"), "{err}");
    // The unit seals post-quantum when every card has a post-quantum
    // recipient, as these do.
    let smith_identity: sanctuary_crypto::pq::HybridIdentity = w
        .ok(&[
            "caseworker",
            "export-identity",
            "--key",
            "smith.key",
            "--post-quantum",
        ])
        .trim()
        .parse()
        .unwrap();
    let blobs: Vec<Vec<u8>> = db
        .prepare(
            "SELECT c.data FROM blobs b JOIN ciphertexts c ON c.id = b.ciphertext
             WHERE b.kind = 'message'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let readable = blobs
        .iter()
        .filter(|b| sanctuary_crypto::message::open(b, &smith_identity).is_ok())
        .count();
    assert_eq!((blobs.len(), readable), (9, 8), "Smith reads nothing new");
}

#[test]
fn bad_changes_are_refused_with_what_to_do_and_nothing_written() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let s = server.url.as_str();
    let unit = w.enroll(&server);
    w.ok(&[
        "report",
        "submit",
        "--server",
        s,
        "--unit",
        &unit,
        "--message",
        "CHARLIE",
    ]);
    let cw = Worker {
        key: "cw.key",
        store: "store",
    };
    cw.ok(&w, &["sync", "--server", s, "--unit", &unit]);
    let id = cw.row(&w, "CHARLIE")["short_id"]
        .as_str()
        .unwrap()
        .to_owned();

    let err = cw.fail(&w, &["status", &id, "done"]);
    assert!(err.contains("new, open, waiting, closed"), "{err}");
    let err = cw.fail(&w, &["assign", &id, "PC-Nobody"]);
    assert!(
        err.contains("no caseworker PC-Nobody") && err.contains("PC-Jones"),
        "{err}"
    );
    let err = cw.fail(&w, &["assign", &id, "PC-Jones", "--nobody"]);
    assert!(err.contains("not both"), "{err}");
    let err = cw.fail(&w, &["label", &id, "not a label"]);
    assert!(err.contains("cannot be a label"), "{err}");
    let err = cw.fail(&w, &["note", &id, "--message", "   "]);
    assert!(err.contains("empty"), "{err}");
    let long = "x".repeat(12_001);
    let err = cw.fail(&w, &["note", &id, "--message", &long]);
    assert!(err.contains("Split it"), "{err}");
    let err = cw.fail(&w, &["note", &id]);
    assert!(err.contains("--message"), "{err}");
    let err = cw.fail(&w, &["status", "zzzz", "open"]);
    assert!(err.contains("not a thread ID"), "{err}");
    // None of these wrote anything: the next sync sends nothing.
    let out = cw.sync(&w, s);
    assert!(!out.contains("Case updates"), "{out}");
    assert_eq!(state(&cw.row(&w, "CHARLIE")).0, "open");

    // `case close` is shared too.
    let out = cw.ok(&w, &["close", &id]);
    assert!(out.contains("Your colleagues see it closed"), "{out}");
    let out = cw.sync(&w, s);
    assert!(out.contains("1 of yours sent"), "{out}");
}

#[test]
fn a_colleague_who_joins_later_reads_shared_threads() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let s = server.url.as_str();
    let unit = w.enroll(&server);
    let jones = Worker {
        key: "cw.key",
        store: "store",
    };
    let photo = sanctuary_cli::metadata::fixtures::png_plain();
    w.write("fight.png", &photo);
    w.ok(&[
        "report",
        "submit",
        "--server",
        s,
        "--unit",
        &unit,
        "--message",
        "DELTA: a fight",
        "--attach",
        "fight.png",
    ]);
    jones.ok(&w, &["sync", "--server", s, "--unit", &unit]);
    let id = jones.row(&w, "DELTA")["short_id"]
        .as_str()
        .unwrap()
        .to_owned();
    jones.ok(&w, &["note", &id, "--message", "Witness lives next door."]);
    jones.sync(&w, s);

    // Patel joins: the old report and note are sealed to Jones alone.
    let jones_card = w.ok(&["caseworker", "card", "--key", "cw.key"]);
    let patel_card = w.ok(&[
        "caseworker",
        "init",
        "--out",
        "patel.key",
        "--label",
        "PC-Patel",
    ]);
    w.ok(&publish_args(
        &server,
        &[
            "--caseworker",
            jones_card.trim(),
            "--caseworker",
            patel_card.trim(),
        ],
    ));
    let patel = Worker {
        key: "patel.key",
        store: "patel-store",
    };
    let out = patel.ok(&w, &["sync", "--server", s, "--unit", &unit]);
    assert!(out.contains("2 messages cannot be decrypted"), "{out}");
    assert!(patel.list(&w, &[]).is_empty());

    let err = jones.fail(&w, &["share", &id, "--to", "PC-Nobody", "--server", s]);
    assert!(
        err.contains("no caseworker PC-Nobody") && err.contains("PC-Patel"),
        "{err}"
    );
    let err = jones.fail(&w, &["share", &id, "--to", "PC-Jones", "--server", s]);
    assert!(err.contains("is you"), "{err}");
    let out = jones.ok(&w, &["share", "--all", "--to", "PC-Patel", "--server", s]);
    assert!(
        out.contains(
            "Shared 1 thread (1 message, 1 case update and 1 attached file) with PC-Patel"
        ),
        "{out}"
    );
    let out = patel.sync(&w, s);
    assert!(out.contains("1 new report"), "{out}");
    // Patel's sync fetched the file the report names (sealed to Jones
    // alone) and the copy Jones shared, which opens and matches.
    // The copy has an ID of its own on the server, so Patel's thread ID
    // differs from Jones's.
    let patel_id = patel.row(&w, "DELTA")["short_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let shown: Value = serde_json::from_str(&patel.ok(&w, &["show", &patel_id, "--json"])).unwrap();
    assert_eq!(shown["messages"][0]["verified"], true, "{shown}");
    assert_eq!(shown["notes"][0]["text"], "Witness lives next door.");
    assert!(out.contains("2 files downloaded"), "{out}");
    let saved: Value = serde_json::from_str(&patel.ok(
        &w,
        &[
            "show",
            &patel_id,
            "--json",
            "--save-attachments",
            "patel-files",
        ],
    ))
    .unwrap();
    let file = &saved["messages"][0]["attachments"][0];
    assert_eq!(file["downloaded"], true, "{file}");
    let path = file["saved_to"]
        .as_str()
        .unwrap_or_else(|| panic!("{file}"));
    assert_eq!(std::fs::read(w.dir.join(path)).unwrap(), photo);
    // Jones keeps the copies and opens the original: its next sync
    // downloads nothing new.
    let out = jones.sync(&w, s);
    assert!(out.starts_with("Synced: 0 new reports"), "{out}");
    assert!(out.contains(", 0 files downloaded"), "{out}");
    assert!(!out.contains("copies"), "{out}");
}
