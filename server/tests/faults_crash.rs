//! Crash safety: clients submit real sealed reports and attachments to the
//! real binary while it is killed with SIGKILL at random moments and
//! restarted on the same data directory. Every submission that was answered
//! 201 must still be there, byte for byte, and decrypt with a caseworker's
//! identity; the database must pass `PRAGMA integrity_check` after every
//! kill.
//!
//! The seed is printed; `SANCTUARY_CRASH_SEED=N` replays a run's timings.

#![allow(
    clippy::unwrap_used,
    clippy::print_stdout,
    reason = "a test fails loudly and reports its figures"
)]

mod common;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::Reporter;
use common::live::{CLIENT_TIMEOUT, LiveUnit, inbox_ids, integrity_check, sha256, signed};
use common::process::{Running, try_http};
use rand::{Rng as _, SeedableRng as _};
use sanctuary_crypto::api::Stored;
use sanctuary_crypto::attachment::{AttachmentDigest, open_attachment, seal_attachment};
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::message::{Opened, open};

/// Kills (and restarts) of the server.
const KILLS: usize = 24;
/// The attachment loop uploads far more than a day's default quota on a
/// small disk, and the clients send far more submissions than the proof
/// of work's baseline, without proofs: this test is about crashes, not
/// quotas or floods.
const NO_QUOTA: &[&str] = &["--attachment-quota-mb-per-day", "0", "--pow-max-level", "0"];

/// Client threads sending reports; one more sends attachments.
const REPORTERS: usize = 5;
/// Longest time the server runs before it is killed.
const MAX_LIFE_MS: u64 = 600;

/// What the server acknowledged.
#[derive(Default)]
struct Acked {
    /// Report ID -> (SHA-256 of the blob, its text).
    messages: Mutex<BTreeMap<BlobId, ([u8; 32], String)>>,
    /// Attachment ID -> index into the attachment samples.
    attachments: Mutex<BTreeMap<BlobId, usize>>,
    /// Answers other than 201 from a server that was alive.
    unexpected: Mutex<Vec<String>>,
    /// Requests sent, and those cut by a kill.
    sent: AtomicUsize,
    cut: AtomicUsize,
}

/// A sealed attachment and what its manifest entry would say.
struct Sample {
    blob: Vec<u8>,
    sha256: [u8; 32],
    digest: AttachmentDigest,
}

fn samples(unit: &LiveUnit, rng: &mut impl rand::Rng) -> Vec<Sample> {
    [150_000usize, 700_000, 1_300_000]
        .into_iter()
        .map(|size| {
            let mut data = vec![0u8; size];
            rng.fill(&mut data[..]);
            let (blob, digest) = seal_attachment(
                &data[..],
                Vec::new(),
                &unit.roster.document().recipients(),
                size as u64,
            )
            .unwrap();
            Sample {
                sha256: sha256(&blob),
                blob,
                digest,
            }
        })
        .collect()
}

fn record(acked: &Acked, r: std::io::Result<common::process::HttpResponse>) -> Option<BlobId> {
    acked.sent.fetch_add(1, Ordering::Relaxed);
    match r {
        Ok(r) if r.status == 201 => Some(r.json::<Stored>().id),
        Ok(r) => {
            acked.unexpected.lock().unwrap().push(format!(
                "{} {}",
                r.status,
                String::from_utf8_lossy(&r.body)
            ));
            None
        }
        Err(_) => {
            acked.cut.fetch_add(1, Ordering::Relaxed);
            None
        }
    }
}

/// Sends reports until `stop`.
fn reporter_loop(
    addr: SocketAddr,
    unit: &LiveUnit,
    acked: &Acked,
    stop: &AtomicBool,
    name: String,
) {
    let reporter = Reporter::new();
    let headers = unit.blob_headers();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        let text = format!("{name} report {n}");
        n += 1;
        let blob = reporter.report(&unit.roster, &text);
        let r = try_http(
            addr,
            "POST",
            "/v1/messages",
            &headers,
            &blob,
            CLIENT_TIMEOUT,
        );
        match record(acked, r) {
            Some(id) => {
                let old = acked
                    .messages
                    .lock()
                    .unwrap()
                    .insert(id, (sha256(&blob), text));
                assert!(old.is_none(), "an ID was given twice");
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    }
}

/// Uploads attachments until `stop`.
fn attachment_loop(addr: SocketAddr, unit: &LiveUnit, acked: &Acked, stop: &AtomicBool) {
    let samples = SAMPLES.get().unwrap();
    let headers = unit.blob_headers();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        let i = n % samples.len();
        n += 1;
        let r = try_http(
            addr,
            "POST",
            "/v1/attachments",
            &headers,
            &samples[i].blob,
            CLIENT_TIMEOUT,
        );
        match record(acked, r) {
            Some(id) => {
                acked.attachments.lock().unwrap().insert(id, i);
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    }
}

static SAMPLES: std::sync::OnceLock<Vec<Sample>> = std::sync::OnceLock::new();

fn verify_everything(server: &Running, unit: &LiveUnit, acked: &Acked) {
    let messages = acked.messages.lock().unwrap();
    let listed = inbox_ids(server.addr, unit);
    // One signed request per report, from both caseworkers in turn: a key
    // may sign 10,000 requests per replay window (server/src/replay.rs),
    // and a fast run acknowledges about that many reports.
    for (n, (id, (hash, text))) in messages.iter().enumerate() {
        assert!(listed.contains(id), "an acknowledged report is missing");
        let cw = if n % 2 == 0 { &unit.bob } else { &unit.alice };
        let r = signed(
            server.addr,
            cw,
            &unit.unit.unit_id(),
            "GET",
            &format!("/v1/inbox/{id}"),
            b"",
        )
        .unwrap();
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        assert_eq!(&sha256(&r.body), hash, "a report changed");
        match open(&r.body, cw.identity()).unwrap() {
            Opened::Report(body) => assert_eq!(&body.text, text),
            _ => panic!("not a report"),
        }
    }
    let samples = SAMPLES.get().unwrap();
    for (id, i) in acked.attachments.lock().unwrap().iter() {
        let sample = &samples[*i];
        let path = format!("/v1/attachments/{id}");
        let r = signed(
            server.addr,
            &unit.alice,
            &unit.unit.unit_id(),
            "GET",
            &path,
            b"",
        )
        .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(
            r.body.len(),
            sample.blob.len(),
            "an attachment is truncated"
        );
        assert_eq!(sha256(&r.body), sample.sha256, "an attachment changed");
        let entry = sample
            .digest
            .to_ref(*id, "application/octet-stream", "a.bin");
        open_attachment(&r.body[..], std::io::sink(), unit.alice.identity(), &entry).unwrap();
    }
}

#[test]
fn acknowledged_submissions_survive_sigkill_at_random_moments() {
    let started = Instant::now();
    let seed = std::env::var("SANCTUARY_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random::<u64>);
    println!("seed {seed} (SANCTUARY_CRASH_SEED={seed} replays these timings)");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");

    let first = Running::start(&data, NO_QUOTA);
    let unit = LiveUnit::enroll(&first, &data);
    drop(first);
    SAMPLES.set(samples(&unit, &mut rng)).ok().unwrap();
    let acked = Acked::default();

    for kill in 0..KILLS {
        let mut server = Running::start(&data, NO_QUOTA);
        // Everything acknowledged before the last kill is listed.
        let listed = inbox_ids(server.addr, &unit);
        let missing = acked
            .messages
            .lock()
            .unwrap()
            .keys()
            .filter(|id| !listed.contains(id))
            .count();
        assert_eq!(
            missing, 0,
            "after kill {kill}, acknowledged reports are missing"
        );

        let stop = AtomicBool::new(false);
        let life = Duration::from_millis(rng.gen_range(0..MAX_LIFE_MS));
        std::thread::scope(|s| {
            let addr = server.addr;
            for c in 0..REPORTERS {
                let (unit, acked, stop) = (&unit, &acked, &stop);
                s.spawn(move || reporter_loop(addr, unit, acked, stop, format!("k{kill}c{c}")));
            }
            let (unit, acked, stop) = (&unit, &acked, &stop);
            s.spawn(move || attachment_loop(addr, unit, acked, stop));
            std::thread::sleep(life);
            // SIGKILL: no handler runs, nothing is flushed.
            server.child.kill().unwrap();
            server.child.wait().unwrap();
            stop.store(true, Ordering::Relaxed);
        });
        assert_eq!(
            integrity_check(&data),
            "ok",
            "the database is damaged after kill {kill}"
        );
    }

    let server = Running::start(&data, NO_QUOTA);
    verify_everything(&server, &unit, &acked);
    let (status, log) = server.stop();
    assert!(status.success(), "{log:?}");
    assert_eq!(integrity_check(&data), "ok");
    let unexpected = acked.unexpected.lock().unwrap();
    assert!(unexpected.is_empty(), "unexpected answers: {unexpected:?}");
    let errors: Vec<_> = log.iter().filter(|l| l.starts_with("error:")).collect();
    assert!(errors.is_empty(), "the server logged errors: {errors:?}");
    println!(
        "{KILLS} SIGKILLs survived in {:.1?}: {} requests sent, {} cut by a kill; \
         {} reports and {} attachments acknowledged, all present, whole and decrypting; \
         integrity_check ok after every kill",
        started.elapsed(),
        acked.sent.load(Ordering::Relaxed),
        acked.cut.load(Ordering::Relaxed),
        acked.messages.lock().unwrap().len(),
        acked.attachments.lock().unwrap().len(),
    );
}
