//! Slow and greedy clients against the real binary: hundreds of
//! connections that trickle their headers, stall in the middle of a report
//! or an attachment, never read a download, or send bodies far over every
//! limit, while an ordinary reporter keeps submitting. Every ordinary
//! submission must be stored, the greedy ones refused, and the server's
//! memory (VmHWM) must stay bounded. Counts and durations are fixed, so the
//! test ends by itself.
//!
//! A download whose answer is never read holds about 0.7 MiB (a chunk in
//! flight) until the client goes; downloads need a caseworker signature or
//! a reporter's mailbox and attachment IDs, so their number is not bounded
//! here beyond the 50 this test opens.

#![allow(
    clippy::unwrap_used,
    clippy::print_stdout,
    reason = "a test fails loudly and reports its figures"
)]

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::live::{LiveUnit, inbox_ids, integrity_check};
use common::process::{Running, try_http};
use common::{Reporter, now};
use sanctuary_crypto::api::{ROSTER_VERSION_HEADER, Stored};
use sanctuary_crypto::attachment::seal_attachment;
use sanctuary_crypto::request_auth::{SignedRequest, body_sha256};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// How long the flood lasts.
const FLOOD: Duration = Duration::from_secs(10);
/// Connections of each slow kind.
const SLOW_HEADERS: usize = 150;
const STALLED_REPORTS: usize = 150;
const STALLED_UPLOADS: usize = 150;
/// Caseworker downloads of a 3 MB attachment whose answer is never read.
const STALLED_DOWNLOADS: usize = 50;
/// Tasks sending bodies far over the limits, over and over.
const GREEDY: usize = 4;
/// Ordinary reports sent during the flood.
const ORDINARY: usize = 20;
/// A generous bound on the server's peak resident memory.
const MAX_HWM_KIB: u64 = 200 * 1024;

#[derive(Default)]
struct Counts {
    connected: AtomicUsize,
    closed_by_server: AtomicUsize,
    greedy_sent: AtomicUsize,
    greedy_refused: AtomicUsize,
}

fn status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// Writes `head`, then `first`, then one byte of `rest` every `every`,
/// until the deadline or until the server closes the connection.
async fn trickle(
    addr: SocketAddr,
    head: String,
    first: Vec<u8>,
    every: Duration,
    until: Instant,
    counts: Arc<Counts>,
) {
    let Ok(mut s) = TcpStream::connect(addr).await else {
        return;
    };
    counts.connected.fetch_add(1, Ordering::Relaxed);
    let closed = async {
        s.write_all(head.as_bytes()).await?;
        s.write_all(&first).await?;
        let mut buf = [0u8; 4096];
        loop {
            tokio::select! {
                () = tokio::time::sleep(every) => s.write_all(b"x").await?,
                n = s.read(&mut buf) => {
                    if n? == 0 {
                        return Ok::<bool, std::io::Error>(true);
                    }
                }
            }
            if Instant::now() >= until {
                return Ok(false);
            }
        }
    }
    .await
    .unwrap_or(true);
    if closed {
        counts.closed_by_server.fetch_add(1, Ordering::Relaxed);
    }
}

/// Sends a request and never reads the answer, until the deadline.
async fn stall_download(addr: SocketAddr, head: String, until: Instant, counts: Arc<Counts>) {
    let Ok(mut s) = TcpStream::connect(addr).await else {
        return;
    };
    counts.connected.fetch_add(1, Ordering::Relaxed);
    if s.write_all(head.as_bytes()).await.is_ok() {
        tokio::time::sleep_until(until.into()).await;
    }
}

/// Sends `head` then `body_byte`s as fast as the server takes them (at
/// most `max` bytes) and returns the status the server answered, if any.
async fn greedy(addr: SocketAddr, head: String, max: usize) -> Option<u16> {
    let mut s = TcpStream::connect(addr).await.ok()?;
    let (mut rd, mut wr) = s.split();
    let send = async {
        wr.write_all(head.as_bytes()).await?;
        let block = vec![b'a'; 64 * 1024];
        let mut sent = 0;
        while sent < max {
            wr.write_all(&block).await?;
            sent += block.len();
        }
        Ok::<(), std::io::Error>(())
    };
    let mut answer = Vec::new();
    let read = async {
        let mut buf = [0u8; 4096];
        while !answer.windows(2).any(|w| w == b"\r\n") {
            match rd.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(10), async {
        tokio::select! {
            _ = send => {}
            () = read => {}
        }
    })
    .await;
    // The answer may come after the whole (bounded) body was sent.
    if answer.is_empty() {
        let mut buf = [0u8; 4096];
        if let Ok(Ok(n)) = tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf)).await {
            answer.extend_from_slice(&buf[..n]);
        }
    }
    let line = String::from_utf8_lossy(&answer);
    line.split(' ').nth(1).and_then(|s| s.parse().ok())
}

#[test]
fn slow_and_greedy_clients_do_not_stop_ordinary_reports() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Running::start(&data, &[]);
    let unit = LiveUnit::enroll(&server, &data);
    let addr = server.addr;
    let version = unit.roster.version();

    // What the slow clients start with: real blobs, so their first bytes
    // pass every shape check and the server commits to reading the rest.
    let report = Reporter::new().report(&unit.roster, "stalled");
    let size = 3_000_000u64;
    let data_bytes = vec![7u8; size as usize];
    let (attachment, _) = seal_attachment(
        &data_bytes[..],
        Vec::new(),
        &unit.roster.document().recipients(),
        size,
    )
    .unwrap();
    let r = try_http(
        addr,
        "POST",
        "/v1/attachments",
        &unit.blob_headers(),
        &attachment,
        Duration::from_secs(30),
    )
    .unwrap();
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let download = format!("/v1/attachments/{}", r.json::<Stored>().id);
    let post_head = |path: &str, len: usize| {
        format!(
            "POST {path} HTTP/1.1\r\nHost: t\r\nContent-Type: application/octet-stream\r\n\
             {ROSTER_VERSION_HEADER}: {version}\r\nContent-Length: {len}\r\n\r\n"
        )
    };

    let counts = Arc::new(Counts::default());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let started = Instant::now();
    let until = started + FLOOD;
    let mut tasks = Vec::new();
    for i in 0..SLOW_HEADERS {
        let head = format!("POST /v1/messages HTTP/1.1\r\nHost: t\r\nX-Slow-{i}: ");
        tasks.push(rt.spawn(trickle(
            addr,
            head,
            Vec::new(),
            Duration::from_millis(500),
            until,
            Arc::clone(&counts),
        )));
    }
    for _ in 0..STALLED_REPORTS {
        tasks.push(rt.spawn(trickle(
            addr,
            post_head("/v1/messages", report.len()),
            report[..2000].to_vec(),
            Duration::from_secs(2),
            until,
            Arc::clone(&counts),
        )));
    }
    for _ in 0..STALLED_UPLOADS {
        tasks.push(rt.spawn(trickle(
            addr,
            post_head("/v1/attachments", attachment.len()),
            attachment[..300_000].to_vec(),
            Duration::from_secs(2),
            until,
            Arc::clone(&counts),
        )));
    }
    for _ in 0..STALLED_DOWNLOADS {
        let auth = SignedRequest::sign(
            &unit.alice,
            &unit.unit.unit_id(),
            "GET",
            &download,
            now(),
            body_sha256(b""),
        );
        let head = format!(
            "GET {download} HTTP/1.1\r\nHost: t\r\nAuthorization: {}\r\n\r\n",
            auth.to_header_value()
        );
        tasks.push(rt.spawn(stall_download(addr, head, until, Arc::clone(&counts))));
    }
    // Greedy: far over every limit, again and again.
    let greedy_heads: Vec<(String, usize)> = vec![
        (post_head("/v1/messages", 10_000_000_000), 4 << 20),
        (
            format!(
                "POST /v1/messages HTTP/1.1\r\nHost: t\r\n{ROSTER_VERSION_HEADER}: {version}\r\n\
                 Transfer-Encoding: chunked\r\n\r\n100000\r\n"
            ),
            4 << 20,
        ),
        (
            "POST /v1/mailbox/fetch HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n\
             Content-Length: 50000000\r\n\r\n"
                .to_owned(),
            4 << 20,
        ),
        (post_head("/v1/attachments", 100_000_000_000), 1 << 20),
        (
            format!(
                "GET /v1/health HTTP/1.1\r\nHost: t\r\nX-Huge: {}\r\n\r\n",
                "h".repeat(1 << 20)
            ),
            0,
        ),
    ];
    for g in 0..GREEDY {
        let heads = greedy_heads.clone();
        let counts = Arc::clone(&counts);
        tasks.push(rt.spawn(async move {
            let mut i = g;
            while Instant::now() < until {
                let (head, max) = &heads[i % heads.len()];
                i += 1;
                counts.greedy_sent.fetch_add(1, Ordering::Relaxed);
                match greedy(addr, head.clone(), *max).await {
                    Some(s) if (400..500).contains(&s) => {
                        counts.greedy_refused.fetch_add(1, Ordering::Relaxed);
                    }
                    other => panic!("a greedy request was answered {other:?}: {head:.80}"),
                }
            }
        }));
    }

    // The ordinary reporter, meanwhile.
    std::thread::sleep(Duration::from_secs(1));
    let reporter = Reporter::new();
    let mut stored = Vec::new();
    let mut slowest = Duration::ZERO;
    for i in 0..ORDINARY {
        let blob = reporter.report(&unit.roster, &format!("ordinary {i}"));
        let t = Instant::now();
        let r = try_http(
            addr,
            "POST",
            "/v1/messages",
            &unit.blob_headers(),
            &blob,
            Duration::from_secs(15),
        )
        .unwrap();
        slowest = slowest.max(t.elapsed());
        assert_eq!(
            r.status,
            201,
            "ordinary report {i} during the flood: {}",
            String::from_utf8_lossy(&r.body)
        );
        stored.push(r.json::<Stored>().id);
        std::thread::sleep(Duration::from_millis(200));
    }
    // An ordinary attachment too.
    let small = vec![1u8; 50_000];
    let (blob, _) = seal_attachment(
        &small[..],
        Vec::new(),
        &unit.roster.document().recipients(),
        small.len() as u64,
    )
    .unwrap();
    let r = try_http(
        addr,
        "POST",
        "/v1/attachments",
        &unit.blob_headers(),
        &blob,
        Duration::from_secs(15),
    )
    .unwrap();
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let hwm_during = status_kib(server.child.id(), "VmHWM:");

    rt.block_on(async {
        for t in tasks {
            t.await.unwrap();
        }
    });
    rt.shutdown_timeout(Duration::from_secs(5));
    let flood_took = started.elapsed();

    let listed = inbox_ids(addr, &unit);
    assert!(stored.iter().all(|id| listed.contains(id)));
    let rss = status_kib(server.child.id(), "VmRSS:");
    let hwm = status_kib(server.child.id(), "VmHWM:").max(hwm_during);
    let t = Instant::now();
    let (status, log) = server.stop();
    assert!(status.success(), "{log:?}");
    let stop_took = t.elapsed();
    assert_eq!(integrity_check(&data), "ok");
    println!(
        "flood of {:.1?}: {} slow connections opened ({} closed by the server), \
         {} greedy requests ({} refused with 4xx); {ORDINARY} ordinary reports and an \
         attachment stored, slowest report {slowest:.1?}; server VmHWM {} MiB, \
         VmRSS {} MiB after; stopped in {stop_took:.1?}",
        flood_took,
        counts.connected.load(Ordering::Relaxed),
        counts.closed_by_server.load(Ordering::Relaxed),
        counts.greedy_sent.load(Ordering::Relaxed),
        counts.greedy_refused.load(Ordering::Relaxed),
        hwm / 1024,
        rss / 1024,
    );
    assert!(hwm < MAX_HWM_KIB, "the server's peak memory was {hwm} KiB");
    let errors: Vec<_> = log.iter().filter(|l| l.starts_with("error:")).collect();
    assert!(errors.is_empty(), "the server logged errors: {errors:?}");
}
