//! Rollback-proof rosters for caseworkers: a store never goes back to an
//! older roster than the one it has verified, rosters are short-lived by
//! default, and both the unit admin and the caseworkers are told before one
//! expires, with a renewal that needs no cards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Server, World};

#[test]
fn a_store_refuses_an_older_roster_and_short_lived_rosters_are_renewed_in_time() {
    let w = World::new();
    // The operator keeps a copy of the server from when the roster was
    // version 1 (`old`), while the unit moves on at `current`.
    let old = Server::start(&w.server_data());
    let unit = w.enroll(&old);
    let current = Server::start(&w.dir.join("current-data"));
    let card = w.ok(&["caseworker", "card", "--key", "cw.key"]);
    let published = w.ok(&[
        "unit",
        "publish",
        "--key",
        "unit.key",
        "--server",
        &current.url,
        "--enroll",
        &current.code,
        "--caseworker",
        card.trim(),
    ]);
    assert!(published.contains("roster version 1"), "{published}");
    assert!(
        published.contains("--keep-caseworkers"),
        "publishing says how to renew: {published}"
    );

    // A renewal keeps the caseworkers without their cards, and a roster
    // valid for a few days draws a warning.
    let renewed = w.ok(&[
        "unit",
        "publish",
        "--key",
        "unit.key",
        "--server",
        &current.url,
        "--keep-caseworkers",
        "--expires-in-days",
        "3",
    ]);
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
    let err = w.fail(&[
        "unit",
        "publish",
        "--key",
        "unit.key",
        "--server",
        &fresh.url,
        "--enroll",
        &fresh.code,
        "--keep-caseworkers",
    ]);
    assert!(
        err.contains("no caseworkers to keep") && err.contains("Nothing was published"),
        "{err}"
    );

    // The caseworker syncs with the current server: reminded of the expiry.
    let synced = w.ok(&[
        "case",
        "sync",
        "--server",
        &current.url,
        "--key",
        "cw.key",
        "--store",
        "store",
        "--unit",
        &unit,
    ]);
    assert!(
        synced.contains("roster expires in 3 days") && synced.contains("--keep-caseworkers"),
        "{synced}"
    );

    // The old server's roster is genuine (signed by the unit, not expired)
    // but older: the store refuses it, for syncing and for replying.
    let err = w.fail(&[
        "case", "sync", "--server", &old.url, "--key", "cw.key", "--store", "store",
    ]);
    assert!(
        err.contains("older list of caseworkers (version 1)")
            && err.contains("(version 2)")
            && err.contains("Nothing was sent or saved"),
        "{err}"
    );
    // The current server still works, and nothing was overwritten.
    let synced = w.ok(&[
        "case",
        "sync",
        "--server",
        &current.url,
        "--key",
        "cw.key",
        "--store",
        "store",
    ]);
    assert!(synced.contains("0 new reports"), "{synced}");
}
