#![allow(clippy::unwrap_used)]
//! Checks the deployment files in `deploy/` with the real tools: the systemd
//! unit with `systemd-analyze verify` and `systemd-analyze security`, the
//! torrc with `tor --verify-config`, the nginx configuration with `nginx -t`
//! and by running it in front of a fake upstream, and the Containerfile
//! statically (no container engine is assumed).
//!
//! Every check works on a copy in a temporary directory, with the paths that
//! only exist on a real server rewritten into it. A missing tool is a
//! failure that names the Debian package to install, never a skip: `.ci/run`
//! installs `systemd`, `tor`, `nginx` and `openssl`.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Where the Sanctuary server listens in every deployment file.
const UPSTREAM: &str = "127.0.0.1:8080";

// --- Helpers -------------------------------------------------------------------

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

fn read_repo_file(relative: &str) -> String {
    let path = repo_root().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// A private (0700) temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let path = std::env::temp_dir().join(format!(
            "sanctuary-deploy-{label}-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&path)
            .unwrap_or_else(|e| panic!("create {}: {e}", path.display()));
        Self(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The full path of `program`, or a failure naming the Debian package that
/// provides it. nginx lives in /usr/sbin, which a user's PATH may lack.
fn tool(program: &str, package: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin", "/usr/bin", "/bin"].map(PathBuf::from))
        .map(|dir| dir.join(program))
        .find(|candidate| {
            candidate
                .metadata()
                .is_ok_and(|m| m.is_file() && m.mode() & 0o111 != 0)
        })
        .unwrap_or_else(|| {
            panic!(
                "`{program}` is not installed; these tests need it: \
                 apt-get install {package} (Debian package `{package}`)"
            )
        })
}

fn run(command: &mut Command) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("run {command:?}: {e}"))
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `original` with each `(from, to)` replaced, failing if `from` is absent,
/// so that a change to the deployment file cannot silently skip a rewrite.
fn rewrite(original: &str, replacements: &[(&str, &str)]) -> String {
    let mut rewritten = original.to_owned();
    for (from, to) in replacements {
        assert!(
            rewritten.contains(from),
            "expected `{from}` in the deployment file"
        );
        rewritten = rewritten.replace(from, to);
    }
    rewritten
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits for `child` up to `limit`, killing it if it takes longer.
fn wait_with_deadline(mut child: Child, limit: Duration) -> Output {
    let deadline = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!("timed out after {limit:?}: {}", text(&output));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// Kills a child process (one we started) when dropped, even on panic.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

mod container;
mod nginx;
mod systemd;
mod tor;

// --- Together ------------------------------------------------------------------

#[test]
fn every_front_end_points_at_the_same_loopback_address() {
    let unit = read_repo_file("deploy/sanctuary-server.service");
    let torrc = read_repo_file("deploy/torrc");
    let nginx = read_repo_file("deploy/nginx.conf");
    assert!(unit.contains(&format!("--listen {UPSTREAM} ")));
    assert!(torrc.contains(&format!("\nHiddenServicePort 80 {UPSTREAM}\n")));
    assert!(nginx.contains(&format!("server {UPSTREAM};")));
}
