//! No trust on first use: a caseworker's first `case sync` needs the unit
//! ID from their unit admin; the server never gets to name the unit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Server, World};

#[test]
fn the_first_sync_of_a_store_needs_the_unit_and_later_ones_use_the_pinned_one() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let unit = w.enroll(&server);
    let s = server.url.as_str();
    let sync = ["case", "sync", "--server", s, "--key", "cw.key"];
    let with_store = |extra: &[&'static str]| {
        let mut args = sync.to_vec();
        args.extend(["--store", "store"]);
        args.extend(extra);
        args
    };

    // Without --unit, the first sync refuses, however often it is tried.
    for _ in 0..2 {
        let err = w.fail(&with_store(&[]));
        assert!(
            err.contains("This store has no unit yet")
                && err.contains("--unit sanctuary1")
                && err.contains("Nothing was sent"),
            "{err}"
        );
    }

    // Another unit's ID does not match the server's roster, and pins nothing.
    let other = w.ok(&["unit", "init", "--out", "other.key", "--name", "Other"]);
    let other = other.trim();
    let mut args = with_store(&[]);
    args.extend(["--unit", other]);
    let err = w.fail(&args);
    assert!(err.contains("different unit"), "{err}");
    let err = w.fail(&with_store(&[]));
    assert!(err.contains("This store has no unit yet"), "{err}");

    // With the right one, the store is pinned to it ...
    let mut args = with_store(&[]);
    args.extend(["--unit", &unit]);
    let synced = w.ok(&args);
    assert!(synced.contains("0 new reports"), "{synced}");
    // ... later syncs need no --unit ...
    let synced = w.ok(&with_store(&[]));
    assert!(synced.contains("0 new reports"), "{synced}");
    // ... and a different one is refused.
    let mut args = with_store(&[]);
    args.extend(["--unit", other]);
    let err = w.fail(&args);
    assert!(err.contains(&format!("pinned to unit {unit}")), "{err}");

    // The unit may come from SANCTUARY_UNIT too, for a new store.
    let out = w
        .command(&sync)
        .args(["--store", "store-2"])
        .env("SANCTUARY_UNIT", &unit)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
