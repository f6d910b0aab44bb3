//! # sanctuary-tests
//!
//! End-to-end tests of Sanctuary: the real `sanctuary-server` and `sanctuary`
//! binaries, a server on `127.0.0.1:0` with a temporary data directory, and
//! the client run as a subprocess the way people run it. This library is the
//! harness the tests in `tests/tests/` share:
//!
//! * [`binaries`] builds both binaries once per test process and finds them;
//! * [`Server`] runs the server, captures its log, and kills it on drop so
//!   no process outlives a test;
//! * [`Cli`] runs `sanctuary` with a private `HOME`, working directory and
//!   environment, so nothing is written outside the test's temporary
//!   directory;
//! * [`Database`] reads the server's database as an operator would;
//! * [`socks`] is a minimal SOCKS5 proxy, to run the documented Tor commands
//!   (`--proxy socks5h://…`) for real, and to record what clients send as
//!   an operator's proxy would; [`recording`] reads that back as requests.
//!
//! ```no_run
//! let dir = tempfile::tempdir().unwrap();
//! let server = sanctuary_tests::Server::start(&dir.path().join("data"), &[]);
//! let cli = sanctuary_tests::Cli::new(dir.path());
//! let health = cli.run(&["unit", "init", "--out", "unit.key"], None);
//! assert!(health.status.success());
//! drop(server); // killed
//! ```

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

pub mod database;
pub mod recording;
pub mod socks;

pub use database::Database;

/// The passphrase every key file in the tests is protected with (given to
/// the CLI through `SANCTUARY_PASSPHRASE`).
pub const PASSPHRASE: &str = "correct horse battery staple";

/// Paths of the two binaries under test.
#[derive(Debug)]
pub struct Binaries {
    /// `sanctuary-server`.
    pub server: PathBuf,
    /// `sanctuary`.
    pub cli: PathBuf,
}

/// Builds the workspace's binaries (once per test process; a no-op when they
/// are fresh) and returns their paths. `cargo test -p sanctuary-tests` alone
/// would not build another package's binaries, so the harness asks cargo.
pub fn binaries() -> &'static Binaries {
    static BINARIES: OnceLock<Binaries> = OnceLock::new();
    BINARIES.get_or_init(|| {
        // The test executable lives in target/<profile>/deps/.
        let exe = std::env::current_exe().expect("test executable path");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("target/<profile>/deps")
            .to_path_buf();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut build = Command::new(cargo);
        build
            .current_dir(workspace_root())
            .args(["build", "--bins", "--locked", "--quiet"])
            .args(["-p", "sanctuary-server", "-p", "sanctuary-cli"]);
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            build.arg("--release");
        }
        let status = build.status().expect("run cargo build");
        assert!(status.success(), "cargo build of the binaries failed");
        let binaries = Binaries {
            server: profile_dir.join("sanctuary-server"),
            cli: profile_dir.join("sanctuary"),
        };
        assert!(
            binaries.server.exists() && binaries.cli.exists(),
            "{binaries:?}"
        );
        binaries
    })
}

/// The repository's root directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// A running `sanctuary-server` child process. Killed on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub url: String,
    /// `127.0.0.1:PORT`
    pub addr: String,
    /// The data directory.
    pub data_dir: PathBuf,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts the server on `127.0.0.1:0` with `data_dir` and extra flags,
    /// and waits for its `listening on` line.
    pub fn start(data_dir: &Path, extra: &[&str]) -> Self {
        Self::start_on(data_dir, "127.0.0.1:0", extra)
    }

    /// Starts the server on a given address.
    pub fn start_on(data_dir: &Path, listen: &str, extra: &[&str]) -> Self {
        let mut cmd = Command::new(&binaries().server);
        cmd.args(["--listen", listen, "--data-dir"])
            .arg(data_dir)
            .args(extra);
        Self::spawn(cmd, data_dir)
    }

    /// Starts the server from a prepared command (any arguments, working
    /// directory or environment) whose data directory is `data_dir`, and
    /// waits for its `listening on` line.
    pub fn spawn(mut cmd: Command, data_dir: &Path) -> Self {
        let mut child = cmd
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start sanctuary-server");
        let stderr = child.stderr.take().expect("piped stderr");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(addr) = line.strip_prefix("listening on ") {
                    let _ = tx.send(addr.trim().to_owned());
                }
                let mut log = sink.lock().expect("log lock");
                log.push_str(&line);
                log.push('\n');
            }
        });
        let Ok(addr) = rx.recv_timeout(Duration::from_secs(30)) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "sanctuary-server did not start: {}",
                log.lock().expect("log lock")
            );
        };
        Self {
            child,
            url: format!("http://{addr}"),
            addr,
            data_dir: data_dir.to_path_buf(),
            log,
        }
    }

    /// The one-time enrollment code from the data directory.
    pub fn enrollment_code(&self) -> String {
        std::fs::read_to_string(self.data_dir.join("enrollment-code"))
            .expect("enrollment-code file")
            .trim()
            .to_owned()
    }

    /// Everything the server has written to standard error so far.
    pub fn log(&self) -> String {
        self.log.lock().expect("log lock").clone()
    }

    /// The server's process ID.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Stops the server with SIGTERM and waits for it to exit; returns
    /// whether it exited successfully.
    pub fn stop(mut self) -> bool {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..200 {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// Runs `sanctuary-server purge` on a data directory and returns its output.
pub fn purge(data_dir: &Path) -> Output {
    Command::new(&binaries().server)
        .arg("purge")
        .arg("--data-dir")
        .arg(data_dir)
        .output()
        .expect("run sanctuary-server purge")
}

/// The `sanctuary` client with a private home and working directory.
#[derive(Clone, Debug)]
pub struct Cli {
    /// Used as `HOME` (and the XDG directories below it).
    pub home: PathBuf,
    /// The working directory commands run in.
    pub cwd: PathBuf,
    env: Vec<(String, String)>,
}

impl Cli {
    /// A client whose home and working directory are `dir/home` and `dir`.
    pub fn new(dir: &Path) -> Self {
        let home = dir.join("home");
        std::fs::create_dir_all(&home).expect("create home");
        Self {
            home,
            cwd: dir.to_path_buf(),
            env: vec![("SANCTUARY_PASSPHRASE".into(), PASSPHRASE.into())],
        }
    }

    /// The same client, running in another working directory.
    pub fn in_dir(&self, cwd: &Path) -> Self {
        Self {
            cwd: cwd.to_path_buf(),
            ..self.clone()
        }
    }

    /// The same client with one more environment variable.
    pub fn with_env(&self, name: &str, value: &str) -> Self {
        let mut env = self.env.clone();
        env.retain(|(n, _)| n != name);
        env.push((name.into(), value.into()));
        Self {
            env,
            ..self.clone()
        }
    }

    /// The command, ready to run, with only this client's environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&binaries().cli);
        cmd.args(args)
            .current_dir(&self.cwd)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("XDG_CACHE_HOME", self.home.join(".cache"))
            .env("LANG", "C.UTF-8");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }

    /// `sanctuary unit init --out unit.key --name NAME` in this client's
    /// folder; returns the new unit ID.
    pub fn unit_init(&self, name: &str) -> String {
        self.ok(&["unit", "init", "--out", "unit.key", "--name", name], None)
            .trim()
            .to_owned()
    }

    /// `sanctuary caseworker init --out cw.key --label LABEL` in this
    /// client's folder; returns the new caseworker's card.
    pub fn caseworker_init(&self, label: &str) -> String {
        self.ok(
            &["caseworker", "init", "--out", "cw.key", "--label", label],
            None,
        )
        .trim()
        .to_owned()
    }

    /// `sanctuary report follow-up --message TEXT` to the thread of
    /// `receipt` (given on standard input); returns the standard output.
    pub fn follow_up(&self, server: &str, unit: &str, text: &str, receipt: &str) -> String {
        self.ok(
            &[
                "report",
                "follow-up",
                "--server",
                server,
                "--unit",
                unit,
                "--message",
                text,
            ],
            Some(receipt.as_bytes()),
        )
    }

    /// `sanctuary unit publish --key unit.key --server SERVER`, one
    /// `--caseworker` per card, then `extra`; returns the standard output.
    pub fn unit_publish(&self, server: &str, cards: &[&str], extra: &[&str]) -> String {
        let mut args = vec!["unit", "publish", "--key", "unit.key", "--server", server];
        for card in cards {
            args.extend(["--caseworker", card]);
        }
        args.extend(extra);
        self.ok(&args, None)
    }

    /// Runs `sanctuary ARGS`, feeding `stdin` (or nothing), and returns the
    /// output whatever the exit status.
    pub fn run(&self, args: &[&str], stdin: Option<&[u8]>) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run sanctuary");
        let mut pipe = child.stdin.take().expect("piped stdin");
        let input = stdin.map(<[u8]>::to_vec).unwrap_or_default();
        let writer = std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
        let out = child.wait_with_output().expect("wait for sanctuary");
        let _ = writer.join();
        out
    }

    /// Runs `sanctuary ARGS` and returns its standard output, failing the
    /// test with both streams if it does not succeed.
    pub fn ok(&self, args: &[&str], stdin: Option<&[u8]>) -> String {
        let out = self.run(args, stdin);
        assert!(
            out.status.success(),
            "sanctuary {args:?} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// Runs `sanctuary ARGS`, expects it to fail, and returns its standard
    /// error.
    pub fn fails(&self, args: &[&str], stdin: Option<&[u8]>) -> String {
        let out = self.run(args, stdin);
        assert!(
            !out.status.success(),
            "sanctuary {args:?} should have failed:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// Runs `sanctuary ARGS ... --json` and parses standard output.
    pub fn json(&self, args: &[&str], stdin: Option<&[u8]>) -> serde_json::Value {
        let mut with = args.to_vec();
        with.push("--json");
        let out = self.ok(&with, stdin);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
    }
}

/// Every file under `dir`, recursively, relative to it (sorted).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Whether `needle` occurs anywhere in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
