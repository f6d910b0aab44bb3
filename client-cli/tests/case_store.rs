//! Every `case` command says which store it opened; only `case sync`
//! creates one, and says so. Regression: `case list --key …` without
//! `--store` silently created and used an empty store at the default
//! location and said "No threads yet".
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Server, World};

#[test]
fn reading_commands_never_create_a_store_and_every_command_names_its_store() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let unit = w.enroll(&server);
    let s = server.url.as_str();
    // The default store folder, in the world's private HOME.
    let default = w.home.join(".local/share/sanctuary/case-store");

    for args in [
        &["case", "list", "--key", "cw.key"][..],
        &["case", "show", "abcd", "--key", "cw.key"],
        &["case", "export", "abcd", "--key", "cw.key", "--out", "out"],
        &["case", "close", "abcd", "--key", "cw.key"],
    ] {
        let err = w.fails(args, None);
        assert_eq!(
            err,
            format!(
                "error: There is no case store at {}. Make one with your first sync, using \
                 the unit ID from your unit admin: sanctuary case sync --unit UNIT_ID \
                 --server URL --key FILE. If your store is in another folder, pass --store \
                 DIR.\n",
                default.display()
            ),
            "{args:?}"
        );
    }
    let err = w.fails(
        &["case", "list", "--key", "cw.key", "--store", "elsewhere"],
        None,
    );
    assert!(
        err.contains(&format!(
            "There is no case store at {}.",
            w.dir.join("elsewhere").display()
        )) && err.contains("--key FILE --store elsewhere.")
            && !err.contains("another folder"),
        "{err}"
    );
    assert!(!w.home.join(".local").exists(), "nothing was created");
    assert!(!w.dir.join("elsewhere").exists() && !w.dir.join("out").exists());

    // The first sync creates the default store, and says so plainly.
    let out = w.run(
        &[
            "case", "sync", "--server", s, "--unit", &unit, "--key", "cw.key",
        ],
        None,
    );
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.lines().next().unwrap(),
        format!(
            "Created a new, empty store at {}. If you meant another store, pass --store.",
            default.display()
        ),
        "{stderr}"
    );

    // From then on, each command names the store it uses, in one line.
    let using = format!("Using the case store at {}.", default.display());
    for args in [
        &["case", "sync", "--server", s, "--key", "cw.key"][..],
        &["case", "list", "--key", "cw.key"],
        &["case", "list", "--key", "cw.key", "--json"],
    ] {
        let out = w.run(args, None);
        assert!(out.status.success(), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            stderr.lines().collect::<Vec<_>>(),
            [using.as_str()],
            "{args:?}"
        );
    }

    // A store named with --store: created without the hint, then used.
    let other = w.dir.join("other");
    let out = w.run(
        &[
            "case", "sync", "--server", s, "--unit", &unit, "--key", "cw.key", "--store", "other",
        ],
        None,
    );
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.lines().next().unwrap(),
        format!("Created a new, empty store at {}.", other.display())
    );
    let out = w.run(
        &["case", "list", "--key", "cw.key", "--store", "other"],
        None,
    );
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!("Using the case store at {}.\n", other.display())
    );
}
