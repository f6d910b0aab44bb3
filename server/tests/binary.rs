//! The `sanctuary-server` binary as an operator meets it: its help, its
//! start-up lines, enrollment, settings precedence, SIGTERM and `purge`.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use common::process::{Running, command};
use common::{Reporter, caseworker, signed_roster};
use sanctuary_crypto::api::{Health, PublishRoster, ROSTER_VERSION_HEADER, Stored};
use sanctuary_crypto::day::Day;
use sanctuary_crypto::unit::UnitKey;
use sanctuary_server::ENROLLMENT_CODE_FILE;

#[test]
fn help_documents_every_setting() {
    let out = command().arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--listen",
        "--data-dir",
        "--config",
        "--max-concurrent-requests",
        "--request-timeout-secs",
        "--upload-timeout-secs",
        "--max-retention-days",
        "--max-mailbox-retention-days",
        "--max-database-mb",
        "--retention-interval-secs",
        "--pow-baseline",
        "--pow-max-level",
        "--cors-allowed-origins",
        "purge",
    ] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
        if let Some(name) = flag.strip_prefix("--") {
            let env = format!("SANCTUARY_{}", name.replace('-', "_").to_uppercase());
            assert!(help.contains(&env), "{env} missing from:\n{help}");
        }
    }
    let out = command().args(["purge", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("--data-dir") && !help.contains("--listen"),
        "{help}"
    );
}

#[test]
fn first_start_prints_the_code_once_then_points_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Running::start(&data, &[]);
    let code = std::fs::read_to_string(data.join(ENROLLMENT_CODE_FILE))
        .unwrap()
        .trim()
        .to_owned();
    let health: Health = server.request("GET", "/v1/health", &[], b"").json();
    assert!(!health.enrolled);
    let addr = server.addr;
    let (status, log) = server.stop();
    assert!(status.success(), "{status:?} {log:?}");
    assert!(log.contains(&format!("enrollment code: {code}")), "{log:?}");
    let listening: Vec<_> = log
        .iter()
        .filter(|l| l.starts_with("listening on"))
        .collect();
    assert_eq!(listening, [&format!("listening on {addr}")]);
    assert!(addr.ip().is_loopback() && addr.port() != 0);

    // Restarted while still unenrolled: the code is not printed again.
    let server = Running::start(&data, &[]);
    let (status, log) = server.stop();
    assert!(status.success());
    let text = log.join("\n");
    assert!(!text.contains(&code), "{text}");
    assert!(
        text.contains(&format!(
            "enrollment code: see {}",
            data.join(ENROLLMENT_CODE_FILE).display()
        )),
        "{text}"
    );
}

#[test]
fn enrollment_and_a_report_over_real_http() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Running::start(&data, &[]);
    let code = std::fs::read_to_string(data.join(ENROLLMENT_CODE_FILE)).unwrap();
    let unit = UnitKey::generate();
    let alice = caseworker("alice");
    let roster = signed_roster(&unit, &[&alice], 1);
    let body = serde_json::to_vec(&PublishRoster {
        roster: roster.clone(),
        enrollment_code: Some(code.trim().to_owned()),
    })
    .unwrap();
    let json = [("Content-Type", "application/json".to_owned())];
    let r = server.request("PUT", "/v1/roster", &json, &body);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert!(!data.join(ENROLLMENT_CODE_FILE).exists());
    // The code cannot be used twice, even for the same unit's first version.
    let r = server.request("PUT", "/v1/roster", &json, &body);
    assert_eq!(r.status, 409);

    let verified = roster.verify(&unit.unit_id(), Day::today()).unwrap();
    let blob = Reporter::new().report(&verified, "over the wire");
    let r = server.request(
        "POST",
        "/v1/messages",
        &[
            ("Content-Type", "application/octet-stream".to_owned()),
            (ROSTER_VERSION_HEADER, "1".to_owned()),
        ],
        &blob,
    );
    assert_eq!(r.status, 201);
    r.json::<Stored>();
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert!(r.header("server").is_none() && r.header("set-cookie").is_none());
    let (status, log) = server.stop();
    assert!(status.success());
    // Start-up, enrollment, shutdown: no line per request.
    assert!(log.len() <= 8, "{log:?}");
}

#[test]
fn the_binary_alone_serves_the_page_and_logs_nothing_about_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // Run from an empty directory: the page is in the binary, not beside it.
    let mut cmd = command();
    cmd.current_dir(dir.path())
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(&data);
    let server = Running::spawn(cmd);
    let index = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../web/dist/index.html"
    ))
    .unwrap();
    let r = server.request("GET", "/", &[], b"");
    assert_eq!(r.status, 200);
    assert_eq!(r.body, index);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert!(
        r.header("content-security-policy")
            .is_some_and(|csp| csp.contains("script-src 'self'")),
        "{r:?}"
    );
    let script_len = std::fs::metadata(concat!(env!("CARGO_MANIFEST_DIR"), "/../web/dist/app.js"))
        .unwrap()
        .len();
    let r = server.request("HEAD", "/app.js", &[], b"");
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    assert_eq!(
        r.header("content-length"),
        Some(script_len.to_string().as_str())
    );
    let r = server.request("GET", "/sanctuary-reporter.html", &[], b"");
    assert_eq!(r.status, 200);
    assert!(
        r.header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment")),
        "{r:?}"
    );
    let r = server.request("GET", "/app.css", &[], b"a body");
    assert_eq!(r.status, 400);
    for (name, _) in &r.headers {
        assert!(
            !["server", "set-cookie", "etag", "last-modified"].contains(&name.as_str()),
            "{name}"
        );
    }
    let (status, log) = server.stop();
    assert!(status.success());
    // Nothing between the start-up lines and the shutdown lines.
    let started = log
        .iter()
        .position(|l| l.starts_with("listening on"))
        .unwrap();
    let after: Vec<&String> = log[started + 1..].iter().collect();
    assert!(
        after
            .iter()
            .all(|l| l.starts_with("shutting down") || *l == "stopped"),
        "{after:?}"
    );
    // The enrollment code is random letters and may spell "GET" itself.
    assert!(
        !log.iter()
            .filter(|l| !l.starts_with("enrollment code:"))
            .any(|l| l.contains("app.") || l.contains("GET"))
    );
}

#[test]
fn flags_beat_environment_which_beats_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("server.toml");
    let from_file = dir.path().join("from-file");
    let from_env = dir.path().join("from-env");
    let from_flag = dir.path().join("from-flag");
    std::fs::write(
        &config,
        format!(
            "listen = \"127.0.0.1:0\"\ndata_dir = \"{}\"\nmax_retention_days = 30\n",
            from_file.display()
        ),
    )
    .unwrap();

    let mut cmd = command();
    cmd.arg("--config").arg(&config);
    let (status, _) = Running::spawn(cmd).stop();
    assert!(status.success());
    assert!(from_file.join("sanctuary.db").exists());

    let mut cmd = command();
    cmd.env("SANCTUARY_CONFIG", &config)
        .env("SANCTUARY_DATA_DIR", &from_env);
    let (status, _) = Running::spawn(cmd).stop();
    assert!(status.success());
    assert!(from_env.join("sanctuary.db").exists());

    let mut cmd = command();
    cmd.env("SANCTUARY_CONFIG", &config)
        .env("SANCTUARY_DATA_DIR", &from_env)
        .arg("serve")
        .arg("--data-dir")
        .arg(&from_flag);
    let (status, _) = Running::spawn(cmd).stop();
    assert!(status.success());
    assert!(from_flag.join("sanctuary.db").exists());

    // A typo in the file is an error, not silently ignored.
    std::fs::write(&config, "max_retention_dayz = 3\n").unwrap();
    let out = command().arg("--config").arg(&config).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: the configuration file"), "{err}");
}

#[test]
fn purge_reports_what_it_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = command()
        .args(["purge", "--data-dir"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no database at"), "{err}");

    let server = Running::start(&data, &[]);
    let out = command()
        .args(["purge", "--data-dir"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "deleted 0 inbox items, 0 mailboxes, 0 unused reply attachments, 0 attachments nobody fetched, 0 unfinished uploads\n"
    );
    let (status, _) = server.stop();
    assert!(status.success());
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = command()
        .arg("--listen")
        .arg(addr.to_string())
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!("error: cannot listen on {addr}")),
        "{err}"
    );
}
