//! One command at a time changes a caseworker's store. Two `case sync` at
//! once on one store used to fail half-way with "Cannot write
//! …/attachments/…: No such file or directory"; now the second one is
//! refused at once, in plain words, before it touches anything.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Server, World};

#[test]
fn a_second_command_on_a_busy_store_is_refused_at_once_and_reading_goes_on() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let unit = w.enroll(&server);
    let s = server.url.as_str();
    let sync = [
        "case", "sync", "--server", s, "--key", "cw.key", "--store", "store",
    ];
    let mut first = sync.to_vec();
    first.extend(["--unit", &unit]);
    w.ok(&first);

    // Another sanctuary command holds the store's lock (here: this test).
    let store = w.dir.join("store");
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(store.join("lock"))
        .unwrap();
    lock.try_lock().unwrap();

    let busy = format!(
        "error: Another sanctuary command is using this store ({}): wait for it to finish, \
         then try again.\n",
        store.display()
    );
    let before = std::fs::read(store.join("store.sqlite")).unwrap();
    for args in [
        &sync[..],
        &[
            "case", "close", "abcd", "--key", "cw.key", "--store", "store",
        ],
        &[
            "case",
            "reply",
            "abcd",
            "--server",
            s,
            "--key",
            "cw.key",
            "--store",
            "store",
            "--message",
            "hello",
        ],
    ] {
        let out = w.run(args, None);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty());
        // Refused at once: nothing else was said or done.
        assert_eq!(String::from_utf8(out.stderr).unwrap(), busy, "{args:?}");
    }
    assert_eq!(std::fs::read(store.join("store.sqlite")).unwrap(), before);

    // Reading needs no lock.
    let listed = w.run(
        &["case", "list", "--key", "cw.key", "--store", "store"],
        None,
    );
    assert!(listed.status.success());
    assert!(
        String::from_utf8(listed.stdout)
            .unwrap()
            .contains("No threads yet")
    );

    // Once the other command is done, the store is free again.
    drop(lock);
    let synced = w.ok(&sync);
    assert!(synced.contains("Synced: 0 new reports"), "{synced}");
}
