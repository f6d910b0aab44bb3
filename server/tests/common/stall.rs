//! Connections that send the head and part of a large message body, then
//! stall until a deadline: what a flood of slow senders looks like to the
//! server's body budget.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sanctuary_crypto::api::ROSTER_VERSION_HEADER;
use sanctuary_crypto::roster::VerifiedRoster;
use sanctuary_crypto::sizes::message_ciphertext_lens;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use tokio::runtime::Runtime;
use tokio::task::JoinHandle;

/// `n` connections, on their own runtime, each sending the head and `sent`
/// bytes of the largest report `roster` allows, then stalling until a
/// deadline.
pub struct StallFlood {
    rt: Runtime,
    tasks: Vec<JoinHandle<()>>,
    /// What they saw so far.
    pub counts: Arc<StallCounts>,
    /// The length each announces.
    pub largest: u64,
}

impl StallFlood {
    /// Starts them against `addr`; they stall until `until`.
    pub fn start(
        addr: SocketAddr,
        roster: &VerifiedRoster,
        n: usize,
        sent: usize,
        until: Instant,
    ) -> Self {
        let largest = message_ciphertext_lens(roster.document().report_mix())
            .into_iter()
            .max()
            .unwrap();
        assert!(
            largest as usize > sent,
            "a stalled body must stop short of its end"
        );
        let head = message_head(roster.version(), largest);
        let counts = Arc::new(StallCounts::default());
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let tasks = (0..n)
            .map(|_| rt.spawn(stall(addr, head.clone(), sent, until, Arc::clone(&counts))))
            .collect();
        Self {
            rt,
            tasks,
            counts,
            largest,
        }
    }

    /// Waits for every connection to end (at the deadline, or answered),
    /// and returns what they saw.
    pub fn finish(self) -> Arc<StallCounts> {
        self.rt.block_on(async {
            for t in self.tasks {
                t.await.unwrap();
            }
        });
        self.rt.shutdown_timeout(Duration::from_secs(5));
        self.counts
    }
}

/// What the stalled connections saw.
#[derive(Default)]
pub struct StallCounts {
    pub connected: AtomicUsize,
    pub refused_503: AtomicUsize,
    pub other_answer: AtomicUsize,
}

impl StallCounts {
    pub fn connected(&self) -> usize {
        self.connected.load(Ordering::Relaxed)
    }

    pub fn refused_503(&self) -> usize {
        self.refused_503.load(Ordering::Relaxed)
    }

    pub fn other_answer(&self) -> usize {
        self.other_answer.load(Ordering::Relaxed)
    }
}

/// The head of a `POST /v1/messages` announcing `length` body bytes.
pub fn message_head(roster_version: u64, length: u64) -> String {
    format!(
        "POST /v1/messages HTTP/1.1\r\nHost: t\r\nContent-Type: application/octet-stream\r\n\
         {ROSTER_VERSION_HEADER}: {roster_version}\r\nContent-Length: {length}\r\n\r\n"
    )
}

/// Sends `head` and `sent` bytes of its body, then waits for an answer (or
/// `until`) without sending the rest.
pub async fn stall(
    addr: SocketAddr,
    head: String,
    sent: usize,
    until: Instant,
    counts: Arc<StallCounts>,
) {
    let Ok(mut s) = TcpStream::connect(addr).await else {
        return;
    };
    counts.connected.fetch_add(1, Ordering::Relaxed);
    let (mut rd, mut wr) = s.split();
    let send = async {
        wr.write_all(head.as_bytes()).await?;
        wr.write_all(&vec![b'a'; sent]).await?;
        std::future::pending::<()>().await;
        Ok::<(), std::io::Error>(())
    };
    let mut answer = Vec::new();
    let read = async {
        let mut buf = [0u8; 1024];
        while !answer.windows(2).any(|w| w == b"\r\n") {
            match rd.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    };
    let _ = tokio::time::timeout_at(until.into(), async {
        tokio::select! {
            _ = send => {}
            () = read => {}
        }
    })
    .await;
    if answer.starts_with(b"HTTP/1.1 503") {
        counts.refused_503.fetch_add(1, Ordering::Relaxed);
    } else if !answer.is_empty() {
        counts.other_answer.fetch_add(1, Ordering::Relaxed);
    }
}
