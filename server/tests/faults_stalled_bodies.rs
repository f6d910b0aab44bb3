//! The review's claim (issue #15): a few hundred connections that send
//! most of a large message and then stall could take the whole body budget
//! and make `report submit` fail with 503. Against the real binary: 300
//! such connections stall at once, more than the budget holds, while an
//! ordinary reporter submits. The stalled bodies must be refused once the
//! shared budget is taken (so the flood did fill it), and every ordinary
//! report must still be stored, from the part of the budget kept for small
//! bodies. And connections beyond `max_connections` wait for one to
//! close instead of being served.

#![allow(
    clippy::unwrap_used,
    clippy::print_stdout,
    reason = "a test fails loudly and reports its figures"
)]

mod common;

use std::time::{Duration, Instant};

use common::Reporter;
use common::live::{LiveUnit, inbox_ids};
use common::process::{Running, try_http};
use common::stall::StallFlood;
use sanctuary_crypto::api::Stored;

/// Connections that stall in the middle of a large message.
const STALLED: usize = 300;
/// What each sends before it stalls: 300 of them hold about three times
/// the whole body budget.
const SENT: usize = 640 * 1024;
/// Ordinary reports sent while they stall.
const ORDINARY: usize = 10;

#[test]
fn stalled_large_bodies_do_not_make_ordinary_reports_fail() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Running::start(&data, &[]);
    let unit = LiveUnit::enroll(&server, &data);
    let addr = server.addr;
    // Within one rate window: the stalled bodies are not cut off before
    // the ordinary reports are sent.
    let until = Instant::now() + Duration::from_secs(8);
    let flood = StallFlood::start(addr, &unit.roster, STALLED, SENT, until);
    let largest = flood.largest;
    // Let the stalled bodies arrive and take the budget.
    std::thread::sleep(Duration::from_secs(3));
    let refused_before = flood.counts.refused_503();

    let reporter = Reporter::new();
    let mut stored = Vec::new();
    for i in 0..ORDINARY {
        let blob = reporter.report(&unit.roster, &format!("ordinary {i}"));
        let r = try_http(
            addr,
            "POST",
            "/v1/messages",
            &unit.blob_headers(),
            &blob,
            Duration::from_secs(10),
        )
        .unwrap();
        assert_eq!(
            r.status,
            201,
            "ordinary report {i} while {STALLED} large bodies stall: {}",
            String::from_utf8_lossy(&r.body)
        );
        stored.push(r.json::<Stored>().id);
    }
    assert!(
        Instant::now() < until,
        "the reports came after the stall ended"
    );

    let counts = flood.finish();
    let listed = inbox_ids(addr, &unit);
    assert!(stored.iter().all(|id| listed.contains(id)));
    let (status, log) = server.stop();
    assert!(status.success(), "{log:?}");
    let connected = counts.connected();
    let refused = counts.refused_503();
    println!(
        "{connected} stalled large bodies ({} KiB sent of {largest} bytes each): {refused} \
         refused with 503 once the shared budget was taken ({refused_before} before the \
         reports began), {} answered otherwise; {ORDINARY} ordinary reports stored",
        SENT / 1024,
        counts.other_answer(),
    );
    assert_eq!(connected, STALLED);
    // The flood did fill the budget: without a part kept for small bodies,
    // the reports above would have been refused like these.
    assert!(
        refused_before >= STALLED / 2,
        "only {refused_before} stalled bodies were refused: the budget was never full"
    );
}

#[test]
fn connections_beyond_the_cap_wait_until_one_closes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Running::start(&data, &["--max-connections", "2"]);
    let addr = server.addr;
    // Two idle connections take the cap (the server closes them after the
    // header timeout, 10 s).
    let idle: Vec<std::net::TcpStream> = (0..2)
        .map(|_| std::net::TcpStream::connect(addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let waiting = std::thread::spawn(move || {
        let t = Instant::now();
        let r = try_http(addr, "GET", "/v1/health", &[], b"", Duration::from_secs(8)).unwrap();
        (r.status, t.elapsed())
    });
    std::thread::sleep(Duration::from_secs(1));
    assert!(!waiting.is_finished(), "a third connection was served");
    drop(idle);
    let (status, took) = waiting.join().unwrap();
    assert_eq!(status, 200);
    // Served once one closed (at about 1 s), not at the header timeout.
    assert!(took < Duration::from_secs(5), "{took:?}");
    let (status, log) = server.stop();
    assert!(status.success(), "{log:?}");
}
