//! A large attachment whose upload stops is not sent again from zero
//! (issue #13, `docs/protocol.md` §7.1): after a dropped connection the
//! retry sends only the rest, and after Ctrl-C the same command, run
//! again, continues where the upload stopped. A proxy between the real
//! `sanctuary` binary and the real server cuts or stalls the upload and
//! counts what passes.

#![allow(clippy::unwrap_used, reason = "a test fails loudly")]

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Server, World};

const MIB: u64 = 1024 * 1024;

/// How an attachment upload's request begins.
const UPLOAD: &[u8] = b"POST /v1/attachments HTTP/";

/// What the proxy does to the next attachment upload it carries.
#[derive(Clone, Copy)]
enum Plan {
    /// Passes this many bytes of the request, then drops the connection.
    Cut(u64),
    /// Passes this many bytes, then swallows the rest (the upload seems to
    /// go on, nothing more arrives) until the client goes away.
    Stall(u64),
}

/// A TCP proxy in front of the server.
struct Proxy {
    url: String,
    /// Bytes carried from clients to the server, in all connections.
    forwarded: Arc<AtomicU64>,
    /// The plan for the next upload (taken by it).
    plan: Arc<Mutex<Option<Plan>>>,
    /// Whether an upload has been stalled.
    stalled: Arc<AtomicBool>,
}

impl Proxy {
    fn start(server: &str) -> Self {
        let target: SocketAddr = server.trim_start_matches("http://").parse().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let proxy = Self {
            url,
            forwarded: Arc::new(AtomicU64::new(0)),
            plan: Arc::new(Mutex::new(None)),
            stalled: Arc::new(AtomicBool::new(false)),
        };
        let (forwarded, plan, stalled) = (
            Arc::clone(&proxy.forwarded),
            Arc::clone(&proxy.plan),
            Arc::clone(&proxy.stalled),
        );
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (forwarded, plan, stalled) = (
                    Arc::clone(&forwarded),
                    Arc::clone(&plan),
                    Arc::clone(&stalled),
                );
                std::thread::spawn(move || carry(client, target, &forwarded, &plan, &stalled));
            }
        });
        proxy
    }

    fn arm(&self, plan: Plan) {
        *self.plan.lock().unwrap() = Some(plan);
    }

    fn forwarded(&self) -> u64 {
        self.forwarded.load(Ordering::SeqCst)
    }
}

/// Carries one connection, applying the plan if it is the first upload.
fn carry(
    mut client: TcpStream,
    target: SocketAddr,
    forwarded: &AtomicU64,
    plan: &Mutex<Option<Plan>>,
    stalled: &AtomicBool,
) {
    let Ok(mut server) = TcpStream::connect(target) else {
        return;
    };
    let (mut from_server, mut to_client) =
        (server.try_clone().unwrap(), client.try_clone().unwrap());
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut from_server, &mut to_client);
        let _ = to_client.shutdown(Shutdown::Write);
    });
    let mut buf = vec![0u8; 16 * 1024];
    // The plan, once the upload's request begins on this connection (which
    // may carry other requests before it), and the bytes it has passed.
    let mut active: Option<(Plan, u64)> = None;
    loop {
        let n = match client.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let mut chunk = &buf[..n];
        if active.is_none()
            && let Some(at) = chunk.windows(UPLOAD.len()).position(|w| w == UPLOAD)
            && let Some(planned) = plan.lock().unwrap().take()
        {
            // What comes before the upload's request passes as it is.
            if server.write_all(&chunk[..at]).is_err() {
                break;
            }
            forwarded.fetch_add(at as u64, Ordering::SeqCst);
            chunk = &chunk[at..];
            active = Some((planned, 0));
        }
        let pass = match &active {
            Some((Plan::Cut(limit) | Plan::Stall(limit), sent)) => {
                (chunk.len() as u64).min(limit - sent) as usize
            }
            None => chunk.len(),
        };
        if server.write_all(&chunk[..pass]).is_err() {
            break;
        }
        forwarded.fetch_add(pass as u64, Ordering::SeqCst);
        if let Some((planned, sent)) = active.as_mut() {
            *sent += pass as u64;
            let (Plan::Cut(limit) | Plan::Stall(limit)) = *planned;
            if *sent >= limit {
                match planned {
                    Plan::Cut(_) => break,
                    // Swallow the rest until the client goes away.
                    Plan::Stall(_) => stalled.store(true, Ordering::SeqCst),
                }
            }
        }
    }
    let _ = server.shutdown(Shutdown::Both);
    let _ = client.shutdown(Shutdown::Both);
}

/// A 3 MiB file that is not an image or a PDF (sent as it is).
fn recording(w: &World) -> Vec<u8> {
    let big: Vec<u8> = (0..3 * MIB).map(|i| (i * 7 % 253) as u8).collect();
    w.write("recording.bin", &big);
    big
}

fn submit_args<'a>(proxy: &'a Proxy, unit: &'a str) -> Vec<&'a str> {
    vec![
        "report",
        "submit",
        "--server",
        &proxy.url,
        "--unit",
        unit,
        "--message",
        "The recording of what they shouted",
        "--attach",
        "recording.bin",
    ]
}

/// The kept uploads' folders.
fn kept(w: &World) -> Vec<PathBuf> {
    match std::fs::read_dir(w.runtime_dir().join("sanctuary-uploads")) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

/// Syncs the caseworker's store and returns the one report's attachment.
fn caseworker_receives(w: &World, server: &Server, unit: &str) -> Vec<u8> {
    w.ok(&[
        "case",
        "sync",
        "--server",
        &server.url,
        "--unit",
        unit,
        "--key",
        "cw.key",
        "--store",
        "store",
    ]);
    let list = w.json(&[
        "case", "list", "--key", "cw.key", "--store", "store", "--json",
    ]);
    let threads = list.as_array().unwrap();
    assert_eq!(threads.len(), 1, "one report, delivered once: {list}");
    let id = threads[0]["short_id"].as_str().unwrap().to_owned();
    w.ok(&[
        "case",
        "show",
        &id,
        "--key",
        "cw.key",
        "--store",
        "store",
        "--save-attachments",
        "evidence",
    ]);
    std::fs::read(w.dir.join("evidence/attachment-1.bin")).unwrap()
}

#[test]
fn a_dropped_upload_is_retried_from_where_it_stopped() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let unit = w.enroll(&server);
    let proxy = Proxy::start(&server.url);
    let big = recording(&w);

    // The connection drops after 1.5 MiB of the upload.
    proxy.arm(Plan::Cut(3 * MIB / 2));
    let out = w.run(&submit_args(&proxy, &unit), None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Trying again"), "{stderr}");
    assert!(
        stderr.contains("Continuing to send attachment-1.bin"),
        "{stderr}"
    );
    // Sent once and a half would be 4.5 MiB; the rest only is about 3.
    let forwarded = proxy.forwarded();
    assert!(forwarded < 3 * MIB + MIB / 4, "{forwarded} bytes were sent");
    assert!(kept(&w).is_empty(), "the kept upload is deleted once sent");

    assert_eq!(caseworker_receives(&w, &server, &unit), big);
}

#[test]
fn after_ctrl_c_the_same_command_continues_the_upload() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let unit = w.enroll(&server);
    let proxy = Proxy::start(&server.url);
    let big = recording(&w);

    // The upload stalls after 1 MiB, and the reporter presses Ctrl-C.
    proxy.arm(Plan::Stall(MIB));
    let child = w
        .command(&submit_args(&proxy, &unit))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !proxy.stalled.load(Ordering::SeqCst) {
        assert!(start.elapsed() < Duration::from_secs(60), "never stalled");
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("The upload stopped."), "{stderr}");
    assert!(stderr.contains("run the same command again"), "{stderr}");

    // What is kept: ciphertext and the secret, privately.
    let folders = kept(&w);
    assert_eq!(folders.len(), 1);
    let mode = |p: PathBuf| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(folders[0].clone()), 0o700);
    for file in ["ciphertext", "upload.json"] {
        assert_eq!(mode(folders[0].join(file)), 0o600, "{file}");
    }
    let ciphertext = std::fs::read(folders[0].join("ciphertext")).unwrap();
    assert!(ciphertext.starts_with(b"age-encryption.org/v1\n"));
    assert!(
        !ciphertext
            .windows(64)
            .any(|w| big.windows(64).next() == Some(w)),
        "no plaintext is kept"
    );

    // The same command again sends only the rest.
    let before = proxy.forwarded();
    let out = w.run(&submit_args(&proxy, &unit), None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("Continuing to send attachment-1.bin"),
        "{stderr}"
    );
    let second = proxy.forwarded() - before;
    assert!(second < 2 * MIB + MIB / 4, "{second} bytes were sent again");
    assert!(kept(&w).is_empty(), "the kept upload is deleted once sent");

    assert_eq!(caseworker_receives(&w, &server, &unit), big);
}
