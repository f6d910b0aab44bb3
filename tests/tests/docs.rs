//! The documentation cannot drift: every command shown in `README.md` and in
//! the guides (`docs/*-guide.md`, `docs/operator-guide.md`) is extracted
//! from its ```` ```sh ```` blocks and run, in order, against a real server.
//!
//! Example values in the docs (`https://report.example.org`, `SERVER`,
//! `UNIT`, `sanctuary1…`, a thread ID, an enrollment code, the Tor proxy
//! port) are replaced with the real ones of the running test; nothing else
//! is changed. Commands a reporter types into a terminal run under a
//! pseudo-terminal (`script`), answering the prompts as a person would.
//! The documented Tor proxy is a real SOCKS5 proxy (`sanctuary_tests::socks`).
//!
//! Two kinds of lines are not run here: `cargo build`/`cargo test`/`cargo
//! run` (CI runs the build and the tests), and lines that are output, not
//! commands (in `text` blocks, or comments).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use sanctuary_cli::metadata::fixtures;
use sanctuary_tests::{Cli, PASSPHRASE, Server, binaries, socks, workspace_root};

// --- Extracting the docs -----------------------------------------------------

/// The fenced blocks of a Markdown document with their info string.
fn blocks(markdown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => current = Some((info.trim().to_owned(), String::new())),
            (Some(_), Some(_)) => out.push(current.take().unwrap()),
            (Some((_, text)), None) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

/// The commands of a shell block: continuation lines joined, comments and
/// blank lines dropped.
fn commands(block: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for line in block.lines() {
        let line = line.trim();
        if pending.is_empty() && (line.is_empty() || line.starts_with('#')) {
            continue;
        }
        if let Some(head) = line.strip_suffix('\\') {
            pending.push_str(head.trim_end());
            pending.push(' ');
        } else {
            pending.push_str(line);
            out.push(std::mem::take(&mut pending));
        }
    }
    out
}

fn doc(relative: &str) -> String {
    std::fs::read_to_string(workspace_root().join(relative)).unwrap()
}

/// Every shell command of a document, in order.
fn shell_commands(markdown: &str) -> Vec<String> {
    blocks(markdown)
        .into_iter()
        .filter(|(info, _)| info == "sh")
        .flat_map(|(_, text)| commands(&text))
        .collect()
}

fn is_cargo(cmd: &str) -> bool {
    cmd.starts_with("cargo ")
}

// --- Running them ---------------------------------------------------------------

/// A person's shell: a working directory, a home, `export`s carried from
/// one command to the next, and the replacements for example values.
struct Shell {
    cwd: PathBuf,
    home: PathBuf,
    exports: Vec<String>,
    replace: Vec<(String, String)>,
    ran: usize,
}

impl Shell {
    fn new(cwd: &Path, home: &Path) -> Self {
        std::fs::create_dir_all(cwd).unwrap();
        std::fs::create_dir_all(home).unwrap();
        Self {
            cwd: cwd.to_path_buf(),
            home: home.to_path_buf(),
            exports: Vec::new(),
            replace: Vec::new(),
            ran: 0,
        }
    }

    fn replace(&mut self, from: &str, to: &str) {
        self.replace.push((from.to_owned(), to.to_owned()));
    }

    /// The command with example values replaced. A placeholder that stands
    /// several times for different values (caseworker cards) is given as
    /// `from` several times and replaced in turn.
    fn concrete(&self, cmd: &str) -> String {
        let is_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        let mut out = cmd.to_owned();
        for (from, to) in &self.replace {
            let repeated = self.replace.iter().filter(|(f, _)| f == from).count() > 1;
            let mut start = 0;
            while let Some(i) = out[start..].find(from.as_str()).map(|i| i + start) {
                let before = out[..i].chars().next_back();
                let after = out[i + from.len()..].chars().next();
                if is_word(before) || is_word(after) {
                    start = i + from.len();
                    continue;
                }
                out.replace_range(i..i + from.len(), to);
                if repeated {
                    break;
                }
                start = i + to.len();
            }
        }
        out
    }

    fn bash(&self, script: &str) -> Command {
        let bin_dir = binaries().cli.parent().unwrap().to_path_buf();
        let path = format!(
            "{}:{}",
            bin_dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut cmd = Command::new("bash");
        cmd.arg("-c")
            .arg(script)
            .current_dir(&self.cwd)
            .env_clear()
            .env("PATH", path)
            .env("HOME", &self.home)
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env("LANG", "C.UTF-8")
            .env("SHELL", "/bin/bash")
            .env("SANCTUARY_PASSPHRASE", PASSPHRASE);
        cmd
    }

    fn script(&self, cmd: &str) -> String {
        let mut script = String::from("set -euo pipefail\n");
        for e in &self.exports {
            script.push_str(e);
            script.push('\n');
        }
        script.push_str(cmd);
        script
    }

    /// Runs one documented command; it must succeed. `export` lines are
    /// kept for the commands that follow.
    fn run(&mut self, cmd: &str) -> String {
        let concrete = self.concrete(cmd);
        let out = self.bash(&self.script(&concrete)).output().unwrap();
        self.ran += 1;
        check(&concrete, &out);
        if concrete.starts_with("export ") {
            self.exports.push(concrete);
        }
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
    }

    /// Runs a helper command (not from the docs) and returns its stdout.
    fn capture(&self, cmd: &str) -> String {
        let out = self.bash(&self.script(cmd)).output().unwrap();
        check(cmd, &out);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs one documented command on a terminal, typing `input`.
    fn run_tty(&mut self, cmd: &str, input: &str) -> String {
        let concrete = self.concrete(cmd);
        let inner = self.script(&concrete);
        let mut child = self
            .bash("exec script -q -e -c \"$SANCTUARY_DOC_COMMAND\" /dev/null")
            .env(
                "SANCTUARY_DOC_COMMAND",
                format!("bash -c {}", shell_quote(&inner)),
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let input = input.to_owned();
        let writer = std::thread::spawn(move || {
            use std::io::Write;
            // Answer like a person: one line at a time, after a pause.
            for line in input.split_inclusive('\n') {
                std::thread::sleep(std::time::Duration::from_millis(300));
                if stdin.write_all(line.as_bytes()).is_err() {
                    break;
                }
            }
            std::thread::sleep(std::time::Duration::from_secs(2));
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        self.ran += 1;
        check(&concrete, &out);
        String::from_utf8_lossy(&out.stdout).replace('\r', "")
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn check(cmd: &str, out: &Output) {
    assert!(
        out.status.success(),
        "documented command failed ({}):\n$ {cmd}\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A unit set up behind the scenes (for the guides that start later in the
/// story): an enrolled server, a unit key and the unit's admin client.
struct Unit {
    server: Server,
    admin: Cli,
    unit: String,
}

impl Unit {
    fn new(dir: &Path, cards: &[String], form: Option<&Path>) -> Self {
        let server = Server::start(&dir.join("data"), &[]);
        let admin_dir = dir.join("admin");
        std::fs::create_dir_all(&admin_dir).unwrap();
        let admin = Cli::new(&admin_dir);
        let unit = admin.unit_init("Riverside Unit");
        let unit = Self {
            server,
            admin,
            unit,
        };
        let code = unit.server.enrollment_code();
        unit.publish(cards, &["--enroll", &code], form);
        unit
    }

    fn publish(&self, cards: &[String], extra: &[&str], form: Option<&Path>) {
        let cards: Vec<&str> = cards.iter().map(String::as_str).collect();
        let mut args = extra.to_vec();
        let form = form.map(|f| f.to_str().unwrap().to_owned());
        if let Some(f) = &form {
            args.extend(["--form", f]);
        }
        self.admin.unit_publish(&self.server.url, &cards, &args);
    }
}

fn caseworker_card(dir: &Path, label: &str) -> String {
    std::fs::create_dir_all(dir).unwrap();
    Cli::new(dir)
        .ok(
            &["caseworker", "init", "--out", "cw.key", "--label", label],
            None,
        )
        .trim()
        .to_owned()
}

/// The receipt words printed in the numbered box.
fn receipt_from(output: &str) -> String {
    let mut words: Vec<(usize, String)> = Vec::new();
    for line in output.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        for pair in tokens.windows(2) {
            if let Some(n) = pair[0]
                .strip_suffix('.')
                .and_then(|n| n.parse::<usize>().ok())
                && (1..=12).contains(&n)
                && pair[1].chars().all(|c| c.is_ascii_lowercase())
            {
                words.push((n, pair[1].to_owned()));
            }
        }
    }
    words.sort();
    words.dedup_by_key(|(n, _)| *n);
    assert_eq!(words.len(), 12, "no receipt in:\n{output}");
    words
        .into_iter()
        .map(|(_, w)| w)
        .collect::<Vec<_>>()
        .join(" ")
}

// --- The tests -----------------------------------------------------------------------

#[test]
fn readme_walkthrough_runs_as_written() {
    let readme = doc("README.md");
    let start = readme
        .find("\n## Walk-through")
        .expect("README has a walk-through");
    let end = readme[start + 1..]
        .find("\n## ")
        .map_or(readme.len(), |e| start + 1 + e);
    let walkthrough = &readme[start..end];
    let cmds = shell_commands(walkthrough);
    assert!(cmds.len() > 15, "{cmds:?}");

    let dir = tempfile::tempdir().unwrap();
    // Quick start, command 1: the server with its defaults, from the
    // directory the walk-through runs in (data in ./sanctuary-data).
    let mut cmd = Command::new(&binaries().server);
    cmd.current_dir(dir.path())
        .args(["--listen", "127.0.0.1:0"]);
    let server = Server::spawn(cmd, &dir.path().join("sanctuary-data"));

    let mut shell = Shell::new(dir.path(), &dir.path().join("home"));
    shell.replace("127.0.0.1:8080", &server.addr);
    // The walk-through uses shell variables across blocks: run it as one
    // script, as a person types it into one terminal.
    let script: Vec<String> = cmds.iter().filter(|c| !is_cargo(c)).cloned().collect();
    let out = shell.run(&script.join("\n"));
    assert!(out.contains("Smith was refused, as expected."), "{out}");
    assert!(out.contains("Two men attacked my neighbour"), "{out}");
    assert!(out.contains("verified"), "{out}");
    // Smith sees the thread's assignee and Jones's note (a case event).
    assert!(out.contains("Assigned to: "), "{out}");
    assert!(
        out.contains("Reporter prefers written messages; no calls."),
        "{out}"
    );

    // Retention 0 and the purge left no report in the database.
    let db = sanctuary_tests::Database::in_dir(&server.data_dir);
    assert!(db.messages().is_empty());
    assert!(server.stop());
}

#[test]
fn unit_admin_guide_runs_as_written() {
    let guide = doc("docs/unit-admin-guide.md");
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("data"), &[]);
    let mut shell = Shell::new(&dir.path().join("admin"), &dir.path().join("admin/home"));
    for who in ["jones", "smith", "patel"] {
        let card = caseworker_card(&dir.path().join(who), &format!("PC-{who}"));
        std::fs::write(shell.cwd.join(format!("{who}.card")), card).unwrap();
    }
    // The form the guide shows is the form it publishes.
    let form = blocks(&guide)
        .into_iter()
        .find(|(info, _)| info == "json")
        .expect("the guide shows a form")
        .1;
    std::fs::write(shell.cwd.join("form.json"), form).unwrap();
    shell.replace("https://report.example.org", &server.url);
    shell.replace("IVLE-EGBG-2NVO-M57L-IF2J-M4DO", &server.enrollment_code());

    let cmds = shell_commands(&guide);
    let mut unit_id = String::new();
    for cmd in &cmds {
        let out = shell.run(cmd);
        if cmd.starts_with("sanctuary unit init") {
            unit_id = out.lines().next().unwrap().trim().to_owned();
        }
        if cmd.starts_with("sanctuary unit id") {
            assert_eq!(out.trim(), unit_id);
        }
    }
    assert_eq!(shell.ran, cmds.len());
    // Four publishes and a renewal. The last publish carried the form, and
    // kept the post-quantum setting the one before it chose.
    let served = http_get(&format!("{}/v1/roster", server.url));
    assert!(served.contains(r#"\"version\":5"#), "{served}");
    assert!(served.contains("Someone hurt me"), "{served}");
    assert!(
        served.contains(r#"\"post_quantum\":\"required\""#),
        "{served}"
    );
}

#[test]
fn caseworker_guide_runs_as_written() {
    let guide = doc("docs/caseworker-guide.md");
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("jones");
    let mut shell = Shell::new(&home, &home);
    let cmds = shell_commands(&guide);
    let mut unit: Option<Unit> = None;
    let mut short = String::new();
    let mut spam_queued = false;
    for cmd in &cmds {
        if cmd.contains("0f1c57ea") && short.is_empty() {
            let list: serde_json::Value =
                serde_json::from_str(&shell.capture("sanctuary case list --key cw.key --json"))
                    .unwrap();
            short = list[0]["short_id"].as_str().unwrap().to_owned();
            shell.replace("0f1c57ea", &short);
        }
        if cmd.contains("attachments/54460d17") {
            let dir = home.join(".local/share/sanctuary/case-store/attachments");
            let files = sanctuary_tests::files_under(&dir);
            assert_eq!(files.len(), 1, "{files:?} in {}", dir.display());
            shell.replace(
                "54460d17efb9021d4381c99b0b8c96d7",
                files[0].to_str().unwrap(),
            );
        }
        if cmd.contains("3e0b9d12") {
            // Behind the scenes: a flood of three copies of one junk
            // report arrives, and the caseworker syncs.
            let u = unit.as_ref().unwrap();
            let reporter_dir = dir.path().join("reporter");
            for i in 0..3 {
                Cli::new(&reporter_dir).json(
                    &[
                        "report",
                        "submit",
                        "--server",
                        &u.server.url,
                        "--unit",
                        &u.unit,
                        "--message",
                        &format!("Buy cheap watches! Offer {i}."),
                    ],
                    None,
                );
            }
            shell.capture("sanctuary case sync --key cw.key");
            let list: serde_json::Value =
                serde_json::from_str(&shell.capture("sanctuary case list --key cw.key --json"))
                    .unwrap();
            let junk = list
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["similar"] == 2)
                .unwrap_or_else(|| panic!("no copies listed: {list}"));
            shell.replace("3e0b9d12", junk["short_id"].as_str().unwrap());
        }
        let out = if cmd.starts_with("sanctuary case delete-spam") {
            let out = shell.run_tty(cmd, "yes\n");
            assert!(out.contains("3 threads marked as spam"), "{out}");
            out
        } else {
            shell.run(cmd)
        };
        if cmd.starts_with("sanctuary case sync") && spam_queued {
            assert!(
                out.contains("Deleted from the server (closed threads and spam): 3 messages"),
                "{out}"
            );
        }
        spam_queued |= cmd.starts_with("sanctuary case delete-spam");
        if cmd.starts_with("sanctuary caseworker add-post-quantum") {
            let card = out.lines().next().unwrap();
            assert!(card.starts_with("sanctuary-card:2:PC-Jones:"), "{out}");
        }
        if cmd.starts_with("sanctuary caseworker init") {
            // Behind the scenes: Jones's key is made as before post-quantum
            // keys existed (so the guide's stock-age step, with Debian's age
            // 1.1.1, and its add-post-quantum step both apply), the admin
            // publishes Jones's card, and a reporter sends a report with a
            // photo.
            assert!(out.starts_with("sanctuary-card:2:PC-Jones:"), "{out}");
            remove_post_quantum_key(&home.join("cw.key"));
            let card = shell
                .capture("sanctuary caseworker card --key cw.key")
                .trim()
                .to_owned();
            assert!(card.starts_with("sanctuary-card:1:PC-Jones:"), "{card}");
            let u = Unit::new(&dir.path().join("unit"), &[card], None);
            let reporter_dir = dir.path().join("reporter");
            std::fs::create_dir_all(&reporter_dir).unwrap();
            let photo = reporter_dir.join("photo.jpg");
            std::fs::write(&photo, fixtures::jpeg_with_metadata()).unwrap();
            Cli::new(&reporter_dir).json(
                &[
                    "report",
                    "submit",
                    "--server",
                    &u.server.url,
                    "--unit",
                    &u.unit,
                    "--message",
                    "Two men attacked my neighbour at the station.",
                    "--attach",
                    photo.to_str().unwrap(),
                ],
                None,
            );
            shell.replace("https://report.example.org", &u.server.url);
            shell.replace("sanctuary1…", &u.unit);
            unit = Some(u);
        }
    }
    assert_eq!(shell.ran, cmds.len());
    // The stock-age command recovered the photo (followed by zeros), and
    // the export folder is there.
    let file = std::fs::read(home.join("file")).unwrap();
    assert!(
        file.starts_with(&[0xFF, 0xD8]),
        "the decrypted attachment is the JPEG"
    );
    assert!(
        home.join(format!("case-{short}"))
            .join("thread.json")
            .exists()
    );
    drop(unit);
}

#[test]
fn reporter_guide_runs_as_written_through_a_socks_proxy() {
    let guide = doc("docs/reporter-guide.md");
    let dir = tempfile::tempdir().unwrap();
    let card = caseworker_card(&dir.path().join("jones"), "PC-Jones");
    let unit = Unit::new(&dir.path().join("unit"), &[card], None);
    let proxy = socks::Proxy::start();

    let reporter = dir.path().join("reporter");
    let mut shell = Shell::new(&reporter, &reporter.join("home"));
    shell.replace("SERVER", &unit.server.url);
    shell.replace("UNIT", &unit.unit);
    shell.replace(
        "socks5h://127.0.0.1:9150",
        &format!("socks5h://127.0.0.1:{}", proxy.port),
    );
    std::fs::write(reporter.join("photo.jpg"), fixtures::jpeg_with_metadata()).unwrap();
    std::fs::write(reporter.join("letter.pdf"), fixtures::pdf_with_metadata()).unwrap();

    let description = "A man follows me home from the bus stop.\n\ny\n";
    let cmds = shell_commands(&guide);
    let mut receipt = String::new();
    for cmd in &cmds {
        if cmd.contains("report send") {
            // Sends a report kept after a failed connection: the guide's
            // example needs that failure first, which
            // client-cli/tests/typing.rs stages (and then runs this
            // command).
            shell.ran += 1;
            continue;
        }
        let out = if cmd.contains("report submit") {
            let out = shell.run_tty(cmd, description);
            receipt = receipt_from(&out);
            out
        } else if cmd.contains("report forget") {
            shell.run_tty(cmd, &format!("{receipt}\ny\n"))
        } else if cmd.contains("report follow-up") {
            shell.run_tty(cmd, &format!("{receipt}\nIt was on Friday.\n\ny\n"))
        } else {
            shell.run_tty(cmd, &format!("{receipt}\n"))
        };
        assert!(!out.contains("Error"), "{out}");
    }
    assert_eq!(shell.ran, cmds.len());
    let sent_later = cmds.iter().filter(|c| c.contains("report send")).count();
    assert!(
        proxy.connections() >= cmds.len() - sent_later,
        "every command went through the proxy"
    );
}

#[test]
fn operator_guide_runs_as_written() {
    let guide = doc("docs/operator-guide.md");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("var-lib-sanctuary");
    let mut shell = Shell::new(&dir.path().join("op"), &dir.path().join("op/home"));
    shell.replace(
        "./target/release/sanctuary-server",
        binaries().server.to_str().unwrap(),
    );
    shell.replace("/var/lib/sanctuary", data.to_str().unwrap());
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    shell.replace("/var/backups", backups.to_str().unwrap());
    let cards = [
        caseworker_card(&dir.path().join("jones"), "PC-Jones"),
        caseworker_card(&dir.path().join("smith"), "PC-Smith"),
    ];
    for card in &cards {
        shell.replace("sanctuary-card:1:…", card);
    }
    // The unit admin's key, for the enrollment step.
    Cli::new(&shell.cwd).ok(&["unit", "init", "--out", "unit.key"], None);

    let mut server: Option<Server> = None;
    let cmds = shell_commands(&guide);
    for cmd in &cmds {
        if is_cargo(cmd) {
            continue;
        }
        if cmd.contains("sanctuary-server --data-dir") {
            // The documented start command, on a free port.
            let concrete = shell.concrete(cmd);
            let mut command = shell.bash(&format!("exec {concrete}"));
            command.env("SANCTUARY_LISTEN", "127.0.0.1:0");
            let s = Server::spawn(command, &data);
            shell.replace("https://report.example.org", &s.url);
            shell.replace("4Z7K-Q0MA-9D3X-TT1B-8RWE-52HN", &s.enrollment_code());
            server = Some(s);
            shell.ran += 1;
            continue;
        }
        shell.run(cmd);
    }
    let skipped = cmds.iter().filter(|c| is_cargo(c)).count();
    assert_eq!(shell.ran + skipped, cmds.len());
    assert!(server.expect("the guide starts the server").stop());
    // The backup is a whole database holding the roster.
    let copy = rusqlite_count(&backups.join("sanctuary.db"), "SELECT count(*) FROM meta");
    assert!(copy > 0, "the backup holds the roster");
}

/// Rewrites a caseworker key file as `caseworker init` wrote it before
/// post-quantum keys existed: the same keys without `age_pq_identity`.
fn remove_post_quantum_key(path: &Path) {
    use sanctuary_crypto::age::secrecy::SecretString;
    use sanctuary_crypto::keyfile::{decrypt_with_passphrase, encrypt_with_passphrase};
    let passphrase = || SecretString::from(PASSPHRASE.to_owned());
    let plain = decrypt_with_passphrase(&std::fs::read(path).unwrap(), passphrase()).unwrap();
    let mut doc: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert!(doc["age_pq_identity"].is_string(), "new keys have one");
    doc.as_object_mut().unwrap().remove("age_pq_identity");
    let json = serde_json::to_vec(&doc).unwrap();
    std::fs::write(
        path,
        encrypt_with_passphrase(&json, passphrase(), Some(10)).unwrap(),
    )
    .unwrap();
}

/// One number from a query on an SQLite file.
fn rusqlite_count(path: &Path, sql: &str) -> i64 {
    let out = Command::new("sqlite3")
        .arg(path)
        .arg(sql)
        .output()
        .expect("sqlite3 (apt-get install sqlite3)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// A plain HTTP GET on loopback, without any client library.
fn http_get(url: &str) -> String {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_owned()), |(h, p)| (h, format!("/{p}")));
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    out
}
