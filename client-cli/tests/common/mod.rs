//! What the end-to-end tests of `flow.rs`, `receipt_digits.rs`,
//! `receipt_typing.rs` and `poster_and_web.rs` share: the real server run in-process on a loopback port, and the real
//! `sanctuary` binary run in a private folder.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code, unreachable_pub)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The passphrase of every key file the tests create.
pub const PASSPHRASE: &str = "correct horse battery staple";

/// The server, running on a thread until dropped.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The one-time enrollment code.
    pub code: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Starts a server with its data in `data` and waits until it answers
    /// (and, for a new data folder, has written its enrollment code; an
    /// enrolled server has none, and `code` is empty).
    pub fn start(data: &Path) -> Self {
        let enrolled = data.join("sanctuary.db").exists();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let settings = sanctuary_server::Settings::with_data_dir(data);
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                sanctuary_server::serve(listener, settings, async {
                    let _ = rx.await;
                })
                .await
                .unwrap();
            });
        });
        let code_file = data.join(sanctuary_server::ENROLLMENT_CODE_FILE);
        for _ in 0..200 {
            if (enrolled || code_file.exists()) && std::net::TcpStream::connect(addr).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let code = if enrolled {
            String::new()
        } else {
            std::fs::read_to_string(&code_file)
                .unwrap()
                .trim()
                .to_owned()
        };
        Self {
            url: format!("http://{addr}"),
            code,
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A folder to run `sanctuary` in, with a private HOME.
pub struct World {
    /// The working folder.
    pub dir: PathBuf,
    /// The private HOME, empty at first.
    pub home: PathBuf,
    tmp: tempfile::TempDir,
}

impl World {
    /// A new, empty world.
    pub fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let (dir, home) = (tmp.path().join("work"), tmp.path().join("home"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::create_dir_all(&home).unwrap();
        Self { dir, home, tmp }
    }

    /// The private `XDG_RUNTIME_DIR` (where large uploads are kept until
    /// they are finished), created on first use.
    pub fn runtime_dir(&self) -> PathBuf {
        let dir = self.tmp.path().join("runtime");
        if !dir.exists() {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new().mode(0o700).create(&dir).unwrap();
        }
        dir
    }

    /// A folder for server data inside this world.
    pub fn server_data(&self) -> PathBuf {
        self.tmp.path().join("server-data")
    }

    /// Gives `cmd` this world's folder, HOME and environment: no
    /// SANCTUARY_* variable but the passphrase.
    fn environment(&self, cmd: &mut Command) {
        cmd.current_dir(&self.dir)
            .env("HOME", &self.home)
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env("XDG_RUNTIME_DIR", self.runtime_dir())
            .env("SANCTUARY_PASSPHRASE", PASSPHRASE);
        for var in [
            "SANCTUARY_SERVER",
            "SANCTUARY_UNIT",
            "SANCTUARY_KEY",
            "SANCTUARY_STORE",
            "SANCTUARY_PROXY",
        ] {
            cmd.env_remove(var);
        }
    }

    /// `sanctuary ARGS` in this world.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sanctuary"));
        self.environment(&mut cmd);
        cmd.args(args);
        cmd
    }

    /// Runs `sanctuary ARGS` under a pseudo-terminal (`script`), as a
    /// person at a terminal would, with nothing typed. Returns what the
    /// terminal showed, with `\n` line ends.
    pub fn in_terminal(&self, args: &[&str]) -> String {
        let quote = |a: &str| format!("'{}'", a.replace('\'', "'\\''"));
        let line = std::iter::once(env!("CARGO_BIN_EXE_sanctuary"))
            .chain(args.iter().copied())
            .map(quote)
            .collect::<Vec<_>>()
            .join(" ");
        let mut cmd = Command::new("script");
        self.environment(&mut cmd);
        let out = cmd
            .args(["-qec", &line, "/dev/null"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
        assert!(
            out.status.success(),
            "sanctuary {args:?} in a terminal failed:\n{shown}"
        );
        shown
    }

    /// Runs `sanctuary ARGS` under a pseudo-terminal (`script`) and types
    /// into it: for each `(wait_for, line)`, waits until the program has
    /// written `wait_for` (after what the previous step waited for), then
    /// types `line` and Enter. Returns whether the program succeeded and
    /// everything the terminal showed. Gives up after 60 seconds.
    pub fn in_terminal_typing(&self, args: &[&str], steps: &[(&str, &str)]) -> (bool, String) {
        let mut terminal = self.terminal(args);
        for (wait_for, typed) in steps {
            terminal.wait_for(wait_for);
            terminal.type_line(typed);
        }
        let (code, shown) = terminal.finish();
        (code == Some(0), shown)
    }

    /// Starts `sanctuary ARGS` under a pseudo-terminal (`script`), to be
    /// driven step by step.
    pub fn terminal(&self, args: &[&str]) -> Terminal {
        use std::io::Read;
        use std::sync::{Arc, Mutex};

        let quote = |a: &str| format!("'{}'", a.replace('\'', "'\\''"));
        let line = std::iter::once(env!("CARGO_BIN_EXE_sanctuary"))
            .chain(args.iter().copied())
            .map(quote)
            .collect::<Vec<_>>()
            .join(" ");
        let mut cmd = Command::new("script");
        self.environment(&mut cmd);
        let mut child = cmd
            .args(["-qec", &line, "/dev/null"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let shown = Arc::new(Mutex::new(Vec::<u8>::new()));
        let mut stdout = child.stdout.take().unwrap();
        let reader = {
            let shown = Arc::clone(&shown);
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = stdout.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    shown.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            })
        };
        let stdin = child.stdin.take();
        Terminal {
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            child,
            stdin,
            shown,
            reader: Some(reader),
            seen: 0,
            deadline: std::time::Instant::now() + std::time::Duration::from_secs(90),
        }
    }

    /// Runs `sanctuary ARGS` with `stdin` on standard input.
    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = self
            .command(args)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(input) = stdin {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
        }
        child.wait_with_output().unwrap()
    }

    /// Runs `sanctuary ARGS`, which must succeed, and returns its standard
    /// output.
    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_with(args, None)
    }

    /// Runs `sanctuary ARGS` with `stdin` on standard input, which must
    /// succeed, and returns its standard output.
    pub fn ok_with(&self, args: &[&str], stdin: Option<&str>) -> String {
        let out = self.run(args, stdin);
        assert!(
            out.status.success(),
            "sanctuary {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `sanctuary ARGS`, which must succeed and print JSON, and returns
    /// the JSON.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// Runs `sanctuary ARGS`, which must fail (any status but success) with
    /// nothing on standard output, and returns its standard error.
    pub fn fail(&self, args: &[&str]) -> String {
        let out = self.run(args, None);
        assert!(
            !out.status.success(),
            "sanctuary {args:?} should have failed"
        );
        assert!(out.stdout.is_empty(), "nothing on stdout when failing");
        String::from_utf8(out.stderr).unwrap()
    }

    /// Runs `sanctuary ARGS` with `stdin` on standard input, which must fail
    /// with status 1 and nothing on standard output, and returns its
    /// standard error.
    pub fn fails(&self, args: &[&str], stdin: Option<&str>) -> String {
        let out = self.run(args, stdin);
        assert_eq!(out.status.code(), Some(1), "sanctuary {args:?}");
        assert!(out.stdout.is_empty(), "nothing on stdout when failing");
        String::from_utf8(out.stderr).unwrap()
    }

    /// Writes `data` to the file `name` in the working folder.
    pub fn write(&self, name: &str, data: &[u8]) {
        std::fs::write(self.dir.join(name), data).unwrap();
    }

    /// A unit key `unit.key` and a caseworker key `cw.key`, with a roster
    /// published to `server`. Returns the unit ID.
    pub fn enroll(&self, server: &Server) -> String {
        let unit = self.ok(&["unit", "init", "--out", "unit.key", "--name", "Test Unit"]);
        let card = self.ok(&[
            "caseworker",
            "init",
            "--out",
            "cw.key",
            "--label",
            "PC-Jones",
        ]);
        self.ok(&publish_args(
            server,
            &["--enroll", &server.code, "--caseworker", card.trim()],
        ));
        unit.trim().to_owned()
    }
}

/// `sanctuary unit publish --key unit.key --server URL` followed by `rest`.
pub fn publish_args<'a>(server: &'a Server, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "unit",
        "publish",
        "--key",
        "unit.key",
        "--server",
        &server.url,
    ];
    args.extend_from_slice(rest);
    args
}

/// `sanctuary` running under a pseudo-terminal, driven by a test.
pub struct Terminal {
    args: Vec<String>,
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    shown: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    reader: Option<std::thread::JoinHandle<()>>,
    seen: usize,
    deadline: std::time::Instant,
}

impl Terminal {
    /// Everything the terminal showed so far, with `\n` line ends.
    pub fn shown(&self) -> String {
        String::from_utf8_lossy(&self.shown.lock().unwrap()).replace("\r\n", "\n")
    }

    /// Waits until the program has written `text` (after what the previous
    /// wait found). Fails the test if it ends or times out first.
    pub fn wait_for(&mut self, text: &str) {
        loop {
            let now = self.shown();
            if let Some(at) = now.get(self.seen..).and_then(|rest| rest.find(text)) {
                self.seen += at + text.len();
                return;
            }
            if std::time::Instant::now() > self.deadline || self.child.try_wait().unwrap().is_some()
            {
                self.child.kill().ok();
                panic!("sanctuary {:?} never showed {text:?}:\n{now}", self.args);
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Types `bytes` as they are (escape sequences, Ctrl-C as `\x03`).
    pub fn type_raw(&mut self, bytes: &[u8]) {
        // The prompt is written just before the terminal is read.
        std::thread::sleep(std::time::Duration::from_millis(100));
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    /// Types `line` and Enter.
    pub fn type_line(&mut self, line: &str) {
        self.type_raw(format!("{line}\n").as_bytes());
    }

    /// Waits for the program to end; returns its exit code and everything
    /// the terminal showed.
    pub fn finish(mut self) -> (Option<i32>, String) {
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if std::time::Instant::now() > self.deadline {
                self.child.kill().ok();
                panic!(
                    "sanctuary {:?} did not finish:\n{}",
                    self.args,
                    self.shown()
                );
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        drop(self.stdin.take());
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        (status.code(), self.shown())
    }
}
