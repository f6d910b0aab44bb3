//! Rollback-proof rosters for caseworkers: a store never goes back to an
//! older roster than the one it has verified, rosters are short-lived by
//! default, and both the unit admin and the caseworkers are told before one
//! expires, with a renewal that needs no cards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Server, World, publish_args};

#[test]
fn a_store_refuses_an_older_roster_and_short_lived_rosters_are_renewed_in_time() {
    let w = World::new();
    // The operator keeps a copy of the server from when the roster was
    // version 1 (`old`), while the unit moves on at `current`.
    let old = Server::start(&w.server_data());
    let unit = w.enroll(&old);
    let current = Server::start(&w.dir.join("current-data"));
    let card = w.ok(&["caseworker", "card", "--key", "cw.key"]);
    let published = w.ok(&publish_args(
        &current,
        &["--enroll", &current.code, "--caseworker", card.trim()],
    ));
    assert!(published.contains("roster version 1"), "{published}");
    assert!(
        published.contains("--keep-caseworkers"),
        "publishing says how to renew: {published}"
    );

    // A renewal keeps the caseworkers without their cards, and a roster
    // valid for a few days draws a warning.
    let renewed = w.ok(&publish_args(
        &current,
        &["--keep-caseworkers", "--expires-in-days", "3"],
    ));
    assert!(
        renewed.contains("roster version 2") && renewed.contains("Caseworkers (1): PC-Jones"),
        "{renewed}"
    );
    assert!(
        renewed.contains("Warning: this roster expires in 3 days"),
        "{renewed}"
    );
    // Keeping caseworkers needs a roster to keep them from.
    let fresh = Server::start(&w.dir.join("fresh-data"));
    let err = w.fail(&publish_args(
        &fresh,
        &["--enroll", &fresh.code, "--keep-caseworkers"],
    ));
    assert!(
        err.contains("no caseworkers to keep") && err.contains("Nothing was published"),
        "{err}"
    );

    // The caseworker syncs with the current server: reminded of the expiry.
    let mut first = sync_args(&current.url);
    first.extend(["--unit", &unit]);
    let synced = w.ok(&first);
    assert!(
        synced.contains("roster expires in 3 days") && synced.contains("--keep-caseworkers"),
        "{synced}"
    );

    // The old server's roster is genuine (signed by the unit, not expired)
    // but older: the store refuses it.
    let err = w.fail(&sync_args(&old.url));
    assert!(
        err.contains("older list of caseworkers (version 1)")
            && err.contains("(version 2)")
            && err.contains("Nothing was sent or saved"),
        "{err}"
    );
    // The current server still works, and nothing was overwritten.
    let synced = w.ok(&sync_args(&current.url));
    assert!(synced.contains("0 new reports"), "{synced}");
}

/// `case sync` of the caseworker's store against `server`.
fn sync_args(server: &str) -> Vec<&str> {
    vec![
        "case", "sync", "--server", server, "--key", "cw.key", "--store", "store",
    ]
}

/// The roster stored in the server's data folder `data`, replaced by
/// `json` if given (with the server stopped): what an operator with the
/// disk can do. Returns the one it had.
fn swap_stored_roster(data: &std::path::Path, json: Option<&str>) -> String {
    let conn = rusqlite::Connection::open(data.join("sanctuary.db")).unwrap();
    let old: String = conn
        .query_row("SELECT value FROM meta WHERE name = 'roster'", [], |r| {
            r.get(0)
        })
        .unwrap();
    if let Some(json) = json {
        conn.execute("UPDATE meta SET value = ?1 WHERE name = 'roster'", [json])
            .unwrap();
    }
    old
}

#[test]
fn a_reply_written_under_a_newer_roster_gives_away_a_server_showing_an_old_one() {
    let w = World::new();
    let data = w.server_data();
    let server = Server::start(&data);
    let s = server.url.clone();
    let unit = w.enroll(&server);
    w.ok(&[
        "report",
        "submit",
        "--server",
        &s,
        "--unit",
        &unit,
        "--message",
        "Someone follows me home from work.",
        "--save-receipt",
        "receipt.txt",
    ]);
    // The operator keeps roster version 1; the unit publishes version 2
    // (here a renewal; it could remove someone) and a caseworker replies
    // under it.
    let version_1 = swap_stored_roster(&data, None);
    w.ok(&publish_args(&server, &["--keep-caseworkers"]));
    let case = |args: &[&str]| {
        let mut all = vec!["case"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--key", "cw.key", "--store", "store"]);
        w.ok(&all)
    };
    case(&["sync", "--server", &s, "--unit", &unit]);
    let list: serde_json::Value = serde_json::from_str(&case(&["list", "--json"])).unwrap();
    let thread = list[0]["id"].as_str().unwrap().to_owned();
    case(&[
        "reply",
        &thread,
        "--server",
        &s,
        "--message",
        "We will call you tomorrow.",
    ]);
    let check = |url: &str| {
        let out = w.run(
            &[
                "report",
                "check",
                "--server",
                url,
                "--unit",
                &unit,
                "--receipt-file",
                "receipt.txt",
            ],
            None,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let honest = check(&s);
    assert!(
        honest.contains("We will call you tomorrow.") && !honest.contains("NOT VERIFIED"),
        "{honest}"
    );

    // The operator puts version 1 back (genuine, signed, not expired) and
    // restarts. The reply names version 2: the reporter is told.
    drop(server);
    swap_stored_roster(&data, Some(&version_1));
    let server = Server::start(&data);
    let rolled_back = check(&server.url);
    assert!(
        rolled_back.contains("NOT VERIFIED")
            && rolled_back.contains("newer list of caseworkers than the server showed you"),
        "{rolled_back}"
    );
}
