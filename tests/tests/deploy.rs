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

// --- systemd -------------------------------------------------------------------

const UNIT: &str = "sanctuary-server.service";
const UNIT_BINARY: &str = "ExecStart=/usr/local/bin/sanctuary-server ";

/// The unit with ExecStart pointing at an executable that exists here
/// (`systemd-analyze verify` refuses a missing one), in a fresh directory.
fn unit_copy(dir: &TempDir, unit: &str) -> PathBuf {
    let unit = rewrite(unit, &[(UNIT_BINARY, "ExecStart=/bin/true ")]);
    dir.write(UNIT, &unit)
}

/// `systemd-analyze verify`, which exits 0 on unknown or malformed
/// directives (it only warns and ignores them), so any output is an error.
fn systemd_verify(unit: &Path) -> Result<(), String> {
    let analyze = tool("systemd-analyze", "systemd");
    let output = run(Command::new(analyze).arg("verify").arg(unit));
    let said = text(&output);
    if output.status.success() && said.trim().is_empty() {
        Ok(())
    } else {
        Err(format!("{}: {said}", output.status))
    }
}

/// The `[Service]` section's directives, in order.
fn service_directives(unit: &str) -> Vec<(String, String)> {
    let mut in_service = false;
    let mut directives = Vec::new();
    for line in unit.lines().map(str::trim) {
        if line.starts_with('[') {
            in_service = line == "[Service]";
        } else if in_service && !line.is_empty() && !line.starts_with('#') {
            let (key, value) = line.split_once('=').expect("key=value");
            directives.push((key.to_owned(), value.to_owned()));
        }
    }
    directives
}

#[test]
fn systemd_unit_passes_systemd_analyze_verify() {
    let dir = TempDir::new("unit");
    let unit = unit_copy(&dir, &read_repo_file("deploy/sanctuary-server.service"));
    systemd_verify(&unit).unwrap();
}

#[test]
fn systemd_verify_catches_a_broken_unit() {
    let original = read_repo_file("deploy/sanctuary-server.service");
    for (from, to) in [
        ("ProtectSystem=strict", "ProtectSystem=strcit"),
        ("PrivateTmp=yes", "PrivateTmpp=yes"),
        (
            "RestrictAddressFamilies=AF_INET",
            "RestrictAddressFamilies=AF_INTE",
        ),
    ] {
        let dir = TempDir::new("unit-broken");
        let unit = unit_copy(&dir, &rewrite(&original, &[(from, to)]));
        assert!(
            systemd_verify(&unit).is_err(),
            "`{to}` went unnoticed by systemd-analyze verify"
        );
    }
    // A missing executable is caught too.
    let dir = TempDir::new("unit-missing-binary");
    let unit = dir.write(
        UNIT,
        &rewrite(
            &original,
            &[(UNIT_BINARY, "ExecStart=/nonexistent/sanctuary-server ")],
        ),
    );
    assert!(systemd_verify(&unit).is_err());
}

/// `systemd-analyze security` scores exposure from 0 (locked down) to 10; the
/// unit is at 1.3. Fail if a change pushes it past 2.0.
fn systemd_exposure_at_most(unit: &Path, tenths: u32) -> Result<(), String> {
    let analyze = tool("systemd-analyze", "systemd");
    let output = run(Command::new(analyze)
        .args(["security", "--offline=yes", "--no-pager"])
        .arg(format!("--threshold={tenths}"))
        .arg(unit));
    if output.status.success() {
        Ok(())
    } else {
        Err(text(&output))
    }
}

#[test]
fn systemd_unit_is_sandboxed() {
    let dir = TempDir::new("unit-security");
    let unit = unit_copy(&dir, &read_repo_file("deploy/sanctuary-server.service"));
    systemd_exposure_at_most(&unit, 20).unwrap();

    // The threshold means something: a bare unit is far above it.
    let bare = TempDir::new("unit-bare");
    let unit = bare.write(UNIT, "[Service]\nExecStart=/bin/true\n");
    assert!(systemd_exposure_at_most(&unit, 20).is_err());
}

#[test]
fn systemd_unit_has_the_promised_directives() {
    let unit = read_repo_file("deploy/sanctuary-server.service");
    let directives = service_directives(&unit);
    let mut by_key: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (key, value) in &directives {
        by_key.entry(key).or_default().push(value);
    }
    for (key, value) in [
        ("DynamicUser", "yes"),
        ("StateDirectory", "sanctuary"),
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("PrivateTmp", "yes"),
        ("PrivateDevices", "yes"),
        ("NoNewPrivileges", "yes"),
        ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"),
        ("CapabilityBoundingSet", ""),
        ("SystemCallFilter", "@system-service"),
        ("MemoryDenyWriteExecute", "yes"),
        ("LockPersonality", "yes"),
        ("RestrictNamespaces", "yes"),
        ("RestrictRealtime", "yes"),
        ("ProtectKernelTunables", "yes"),
        ("ProtectKernelModules", "yes"),
        ("ProtectKernelLogs", "yes"),
        ("ProtectControlGroups", "yes"),
        ("ProtectClock", "yes"),
        ("ProtectHostname", "yes"),
        ("UMask", "0077"),
        ("IPAddressDeny", "any"),
        ("IPAddressAllow", "localhost"),
        ("Restart", "on-failure"),
        ("StandardError", "journal"),
    ] {
        assert!(
            by_key.get(key).is_some_and(|v| v.contains(&value)),
            "the unit lacks {key}={value}"
        );
    }
    // The state directory is the only writable path, and it is the data dir.
    for key in ["ReadWritePaths", "User", "LogsDirectory", "CacheDirectory"] {
        assert!(!by_key.contains_key(key), "unexpected {key}=");
    }
    let exec = by_key["ExecStart"].join(" ");
    assert!(exec.contains(&format!("--listen {UPSTREAM}")), "{exec}");
    assert!(exec.contains("--data-dir /var/lib/sanctuary"), "{exec}");

    // Every directive carries a reason: walking up from it, a comment comes
    // before the previous blank line.
    let lines: Vec<&str> = unit.lines().map(str::trim).collect();
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() || line.starts_with('#') || line.starts_with('[') {
            continue;
        }
        let explained = lines[..i]
            .iter()
            .rev()
            .take_while(|l| !l.is_empty() && !l.starts_with('['))
            .any(|l| l.starts_with('#'));
        assert!(explained, "no comment explains `{line}`");
    }
}

// --- Tor -----------------------------------------------------------------------

const HIDDEN_SERVICE_DIR: &str = "HiddenServiceDir /var/lib/tor/sanctuary/";

/// `tor --verify-config` on `torrc` with the onion service's directory moved
/// into `dir` (whose mode is 0700, as tor requires of its parent) and no
/// defaults file. Tor accepts abbreviated and deprecated options with only
/// a warning, so a warning is an error here (except the one about root).
fn tor_verify(dir: &TempDir, torrc: &str) -> Result<(), String> {
    let tor = tool("tor", "tor");
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(dir.join("hs"))
        .unwrap();
    let hs = dir.join("hs/sanctuary/");
    let torrc = rewrite(
        torrc,
        &[(
            HIDDEN_SERVICE_DIR,
            &format!("HiddenServiceDir {}/", hs.display()),
        )],
    );
    let torrc = dir.write("torrc", &torrc);
    let defaults = dir.write("torrc-defaults", "");
    let output = run(Command::new(tor)
        .arg("--verify-config")
        .arg("--defaults-torrc")
        .arg(defaults)
        .arg("-f")
        .arg(torrc)
        .arg("--DataDirectory")
        .arg(dir.join("data")));
    let said = text(&output);
    let complaints: Vec<&str> = said
        .lines()
        .filter(|l| l.contains("[warn]") || l.contains("[err]"))
        .filter(|l| !l.contains("You are running Tor as root"))
        .collect();
    if output.status.success() && said.contains("Configuration was valid") && complaints.is_empty()
    {
        Ok(())
    } else {
        Err(format!("{}: {said}", output.status))
    }
}

#[test]
fn torrc_passes_tor_verify_config() {
    let dir = TempDir::new("tor");
    tor_verify(&dir, &read_repo_file("deploy/torrc")).unwrap();
}

#[test]
fn tor_verify_catches_a_broken_torrc() {
    let original = read_repo_file("deploy/torrc");
    for (from, to) in [
        // Unknown option: tor fails.
        ("HiddenServiceVersion 3", "HiddenServiceVersoin 3"),
        // Abbreviation: tor only warns.
        (
            "HiddenServicePoWQueueRate 250",
            "HiddenServicePoWQueueRat 250",
        ),
        // Bad value.
        (
            &format!("HiddenServicePort 80 {UPSTREAM}"),
            "HiddenServicePort 80 127.0.0.1:99999",
        ),
    ] {
        let dir = TempDir::new("tor-broken");
        assert!(
            tor_verify(&dir, &rewrite(&original, &[(from, to)])).is_err(),
            "`{to}` went unnoticed by tor --verify-config"
        );
    }
}

#[test]
fn torrc_publishes_the_server_with_dos_defences() {
    let torrc = read_repo_file("deploy/torrc");
    let options: Vec<&str> = torrc
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    for expected in [
        "SocksPort 0",
        HIDDEN_SERVICE_DIR,
        "HiddenServiceVersion 3",
        &format!("HiddenServicePort 80 {UPSTREAM}"),
        "HiddenServicePoWDefensesEnabled 1",
        "HiddenServiceEnableIntroDoSDefense 1",
    ] {
        assert!(options.contains(&expected), "torrc lacks `{expected}`");
    }
    for option in [
        "HiddenServicePoWQueueRate ",
        "HiddenServicePoWQueueBurst ",
        "HiddenServiceEnableIntroDoSRatePerSec ",
        "HiddenServiceEnableIntroDoSBurstPerSec ",
    ] {
        assert!(options.iter().any(|l| l.starts_with(option)), "{option}");
    }
    // Each would tell the server something about clients or circuits.
    for forbidden in [
        "HiddenServiceExportCircuitID",
        "HiddenServiceSingleHopMode",
        "SafeLogging 0",
    ] {
        assert!(
            !options.iter().any(|l| l.starts_with(forbidden)),
            "torrc sets {forbidden}"
        );
    }
}

// --- nginx ---------------------------------------------------------------------

const CERT: &str = "/etc/ssl/sanctuary/fullchain.pem";
const KEY: &str = "/etc/ssl/sanctuary/privkey.pem";
const SERVER_NAME: &str = "sanctuary.example.org";

/// A throw-away self-signed certificate and key in `dir`.
fn self_signed(dir: &TempDir) -> (PathBuf, PathBuf) {
    let openssl = tool("openssl", "openssl");
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let output = run(Command::new(openssl)
        .args(["req", "-x509", "-newkey", "ec"])
        .args(["-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"])
        .args(["-days", "1", "-subj"])
        .arg(format!("/CN={SERVER_NAME}"))
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert));
    assert!(output.status.success(), "openssl req: {}", text(&output));
    (cert, key)
}

/// The nginx configuration with the certificate, key and pid file moved into
/// `dir`, plus `extra` rewrites. As non-root, the `user` directive only
/// draws a warning, so it is dropped then.
fn nginx_copy(dir: &TempDir, config: &str, extra: &[(&str, &str)]) -> PathBuf {
    let (cert, key) = self_signed(dir);
    let (cert, key) = (cert.display().to_string(), key.display().to_string());
    let pid = format!("pid {};", dir.join("nginx.pid").display());
    let mut replacements = vec![
        (CERT, cert.as_str()),
        (KEY, key.as_str()),
        ("pid /run/nginx.pid;", pid.as_str()),
    ];
    if !is_root() {
        replacements.push(("user www-data;", ""));
    }
    replacements.extend_from_slice(extra);
    dir.write("nginx.conf", &rewrite(config, &replacements))
}

fn nginx_command(dir: &TempDir, config: &Path) -> Command {
    let mut command = Command::new(tool("nginx", "nginx"));
    command
        .arg("-c")
        .arg(config)
        .arg("-p")
        .arg(format!("{}/", dir.path().display()))
        .arg("-e")
        .arg(dir.join("startup-error.log"));
    command
}

/// `nginx -t`; a warning counts as a failure.
fn nginx_test(dir: &TempDir, config: &Path) -> Result<(), String> {
    let output = run(nginx_command(dir, config).arg("-t"));
    let said = text(&output);
    if output.status.success() && !said.contains("[warn]") && !said.contains("[emerg]") {
        Ok(())
    } else {
        Err(format!("{}: {said}", output.status))
    }
}

#[test]
fn nginx_config_passes_nginx_t() {
    let dir = TempDir::new("nginx");
    let config = nginx_copy(&dir, &read_repo_file("deploy/nginx.conf"), &[]);
    nginx_test(&dir, &config).unwrap();
}

#[test]
fn nginx_t_catches_a_broken_config() {
    let original = read_repo_file("deploy/nginx.conf");
    for (from, to) in [
        (
            "proxy_request_buffering off;",
            "proxy_request_bufering off;",
        ),
        ("ssl_protocols TLSv1.3;", "ssl_protocols TLSv1.4;"),
    ] {
        let dir = TempDir::new("nginx-broken");
        let config = nginx_copy(&dir, &original, &[(from, to)]);
        assert!(
            nginx_test(&dir, &config).is_err(),
            "`{to}` went unnoticed by nginx -t"
        );
    }
}

#[test]
fn nginx_config_logs_and_forwards_nothing_about_clients() {
    let config = read_repo_file("deploy/nginx.conf");
    let directives: Vec<&str> = config
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    for expected in [
        "access_log off;",
        "error_log /dev/null crit;",
        "server_tokens off;",
        "ssl_protocols TLSv1.3;",
        "ssl_session_tickets off;",
        "proxy_set_header X-Forwarded-For \"\";",
        "proxy_set_header X-Real-IP \"\";",
        "proxy_set_header Forwarded \"\";",
        "proxy_set_header User-Agent \"\";",
        "proxy_request_buffering off;",
        "client_max_body_size 257m;",
        "add_header Strict-Transport-Security \"max-age=63072000\" always;",
        &format!("server {UPSTREAM};"),
    ] {
        assert!(
            directives.contains(&expected),
            "nginx.conf lacks `{expected}`"
        );
    }
    // Nothing that could write or pass on a client's address or identity.
    for forbidden in [
        "$remote_addr",
        "$binary_remote_addr",
        "$http_user_agent",
        "$proxy_add_x_forwarded_for",
        "log_format",
        "include ",
    ] {
        assert!(
            !directives.iter().any(|l| l.contains(forbidden)),
            "nginx.conf uses {forbidden}"
        );
    }
    assert_eq!(
        directives
            .iter()
            .filter(|l| l.starts_with("access_log"))
            .count(),
        1,
        "exactly one access_log directive, `off`"
    );
}

/// A one-shot HTTP upstream: sends back the request it received (head and
/// body) and answers with a Set-Cookie header nginx must strip.
fn fake_upstream() -> (u16, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        let complete = |r: &[u8]| {
            let text = String::from_utf8_lossy(r);
            let Some((head, body)) = text.split_once("\r\n\r\n") else {
                return false;
            };
            let length = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            body.len() >= length
        };
        while !complete(&request) {
            let n = stream.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            request.extend_from_slice(&buf[..n]);
        }
        stream
            .write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                  Set-Cookie: tracker=1\r\nContent-Length: 15\r\n\
                  Connection: close\r\n\r\n{\"status\":\"ok\"}",
            )
            .unwrap();
        tx.send(String::from_utf8_lossy(&request).into_owned())
            .unwrap();
    });
    (port, rx)
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nginx did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs the configuration for real, in front of a fake upstream, sends it a
/// request full of identifying headers over TLS (`openssl s_client`), and
/// checks what reached the upstream, what came back and what nginx wrote.
#[test]
fn nginx_proxy_strips_client_identity_and_writes_no_logs() {
    let dir = TempDir::new("nginx-live");
    let (upstream_port, received) = fake_upstream();
    let (https, http) = (free_port(), free_port());
    let upstream = format!("127.0.0.1:{upstream_port}");
    let listen_https = format!("listen 127.0.0.1:{https} ssl;");
    let listen_http = format!("listen 127.0.0.1:{http};");
    let config = nginx_copy(
        &dir,
        &read_repo_file("deploy/nginx.conf"),
        &[
            (UPSTREAM, &upstream),
            ("listen 443 ssl;", &listen_https),
            ("listen [::]:443 ssl;", ""),
            ("listen 80;", &listen_http),
            ("listen [::]:80;", ""),
        ],
    );
    let nginx = nginx_command(&dir, &config)
        .args(["-g", "daemon off; master_process off;"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let nginx = KillOnDrop(nginx);
    wait_for_port(https);

    let marker = "probe-7f3a9c";
    let address = "203.0.113.77";
    let body = format!("{{\"probe\":\"{marker}\"}}");
    let request = format!(
        "POST /v1/mailbox/fetch HTTP/1.1\r\nHost: {SERVER_NAME}\r\n\
         User-Agent: {marker}-agent\r\nX-Forwarded-For: {address}\r\n\
         X-Real-IP: {address}\r\nForwarded: for={address}\r\n\
         Referer: https://{marker}.example/\r\nCookie: id={marker}\r\n\
         Accept-Language: xx-{marker}\r\nVia: 1.1 {marker}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    let mut client = Command::new(tool("openssl", "openssl"))
        .arg("s_client")
        .arg("-connect")
        .arg(format!("127.0.0.1:{https}"))
        .args(["-servername", SERVER_NAME, "-quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    client
        .stdin
        .take()
        .unwrap()
        .write_all(request.as_bytes())
        .unwrap();
    let response = wait_with_deadline(client, Duration::from_secs(20));
    let response = String::from_utf8_lossy(&response.stdout).into_owned();

    let upstream_saw = received
        .recv_timeout(Duration::from_secs(10))
        .expect("the request reached the upstream");
    let (head, forwarded_body) = upstream_saw.split_once("\r\n\r\n").unwrap();
    assert_eq!(forwarded_body, body, "the body is passed through");
    let head = head.to_ascii_lowercase();
    for leak in [
        marker,
        address,
        "127.0.0.1",
        "x-forwarded-for",
        "x-real-ip",
        "forwarded:",
        "user-agent",
        "referer",
        "cookie",
        "accept-language",
        "via:",
    ] {
        assert!(!head.contains(leak), "upstream saw `{leak}`:\n{head}");
    }

    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    let response_head = response.to_ascii_lowercase();
    assert!(
        response_head.contains("strict-transport-security: max-age=63072000"),
        "{response}"
    );
    assert!(!response_head.contains("set-cookie"), "{response}");
    assert!(response_head.contains("server: nginx\r\n"), "{response}");

    // Plain HTTP only redirects, to the configured name.
    let mut plain = TcpStream::connect(("127.0.0.1", http)).unwrap();
    plain
        .write_all(b"GET /v1/health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut redirect = String::new();
    plain.read_to_string(&mut redirect).unwrap();
    assert!(redirect.starts_with("HTTP/1.1 301"), "{redirect}");
    assert!(
        redirect.contains(&format!("Location: https://{SERVER_NAME}/v1/health\r\n")),
        "{redirect}"
    );

    // Stop nginx, then look at every file it could have written.
    drop(nginx);
    let ours = ["nginx.conf", "cert.pem", "key.pem"];
    for entry in walk(dir.path()) {
        let name = entry.file_name().unwrap().to_string_lossy().into_owned();
        if ours.contains(&name.as_str()) {
            continue;
        }
        let contents = String::from_utf8_lossy(&std::fs::read(&entry).unwrap()).into_owned();
        for leak in [marker, address, "127.0.0.1", "client"] {
            assert!(
                !contents.contains(leak),
                "{} holds `{leak}`:\n{contents}",
                entry.display()
            );
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

// --- Containerfile -------------------------------------------------------------

/// Containerfile instructions: (keyword, arguments), continuation lines
/// joined, comments dropped.
fn instructions(containerfile: &str) -> Vec<(String, String)> {
    let mut joined = Vec::new();
    let mut current = String::new();
    for line in containerfile.lines() {
        let trimmed = line.trim();
        if current.is_empty() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        if let Some(start) = trimmed.strip_suffix('\\') {
            current.push_str(start);
            current.push(' ');
        } else {
            current.push_str(trimmed);
            joined.push(std::mem::take(&mut current));
        }
    }
    assert!(current.is_empty(), "dangling continuation line");
    joined
        .into_iter()
        .map(|line| {
            let (keyword, args) = line.split_once(char::is_whitespace).unwrap_or((&line, ""));
            (keyword.to_ascii_uppercase(), args.trim().to_owned())
        })
        .collect()
}

fn toolchain_channel() -> String {
    read_repo_file("rust-toolchain.toml")
        .lines()
        .find_map(|l| l.trim().strip_prefix("channel = "))
        .expect("rust-toolchain.toml has a channel")
        .trim_matches('"')
        .to_owned()
}

/// No container engine runs here, so the Containerfile is checked
/// statically: two stages, the locked release build of the server on the
/// pinned toolchain, a non-root user, the data directory as a volume, a
/// health check, and nothing secret copied or set.
#[test]
fn containerfile_builds_the_server_and_runs_it_unprivileged() {
    let all = instructions(&read_repo_file("deploy/Containerfile"));
    let stages: Vec<usize> = all
        .iter()
        .enumerate()
        .filter(|(_, (k, _))| k == "FROM")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(stages.len(), 2, "a build stage and a runtime stage");
    let (build, runtime) = (&all[stages[0]..stages[1]], &all[stages[1]..]);

    let channel = toolchain_channel();
    let from_build = &build[0].1;
    assert!(
        from_build.starts_with(&format!("docker.io/library/rust:{channel}-"))
            && from_build.ends_with(" AS build"),
        "build stage: {from_build} (rust-toolchain.toml pins {channel})"
    );
    assert!(
        build.contains(&("ENV".to_owned(), format!("RUSTUP_TOOLCHAIN={channel}"))),
        "the build uses the image's toolchain"
    );
    let cargo = build
        .iter()
        .find(|(k, a)| k == "RUN" && a.contains("cargo build"))
        .expect("a cargo build");
    for flag in ["--release", "-p sanctuary-server", "--locked"] {
        assert!(cargo.1.contains(flag), "cargo build lacks {flag}");
    }
    // Same Debian release in both stages (glibc).
    let release = from_build
        .split(['-', ' '])
        .find(|w| ["bookworm", "trixie", "forky"].contains(w))
        .expect("a Debian release in the build image tag");
    let from_runtime = &runtime[0].1;
    assert!(
        from_runtime.starts_with(&format!("docker.io/library/debian:{release}-slim")),
        "runtime stage: {from_runtime}"
    );

    // Only COPY (ADD can fetch URLs and unpack archives), nothing secret.
    for (keyword, args) in &all {
        assert_ne!(keyword, "ADD", "use COPY, not ADD {args}");
        let lower = args.to_ascii_lowercase();
        if keyword == "COPY" {
            for secret in [".pem", ".key", "enrollment-code", ".env", "id_", ".age"] {
                assert!(!lower.contains(secret), "COPY {args}");
            }
        }
        if keyword == "ENV" || keyword == "ARG" {
            for secret in ["secret", "password", "token=", "key="] {
                assert!(!lower.contains(secret), "{keyword} {args}");
            }
        }
    }
    let runtime_copies: Vec<&String> = runtime
        .iter()
        .filter(|(k, _)| k == "COPY")
        .map(|(_, a)| a)
        .collect();
    assert!(
        runtime_copies
            .iter()
            .all(|a| a.starts_with("--from=build ")),
        "the runtime stage copies only the built binary: {runtime_copies:?}"
    );

    let last = |keyword: &str| {
        runtime
            .iter()
            .rposition(|(k, _)| k == keyword)
            .unwrap_or_else(|| panic!("no {keyword} in the runtime stage"))
    };
    let user = &runtime[last("USER")].1;
    let name = user.split(':').next().unwrap();
    assert!(!["root", "0", ""].contains(&name), "USER {user}");
    assert!(
        last("USER") > last("RUN"),
        "nothing runs as root after USER"
    );
    assert!(last("USER") < last("ENTRYPOINT"));

    let env = runtime
        .iter()
        .filter(|(k, _)| k == "ENV")
        .map(|(_, a)| a.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let data_dir = env
        .split_whitespace()
        .find_map(|w| w.strip_prefix("SANCTUARY_DATA_DIR="))
        .expect("ENV SANCTUARY_DATA_DIR");
    assert!(env.contains("SANCTUARY_LISTEN=0.0.0.0:8080"), "{env}");
    assert_eq!(runtime[last("VOLUME")].1, format!("[\"{data_dir}\"]"));
    assert_eq!(runtime[last("EXPOSE")].1, "8080");
    assert!(runtime[last("HEALTHCHECK")].1.contains("/v1/health"));
    assert_eq!(
        runtime[last("ENTRYPOINT")].1,
        "[\"/usr/local/bin/sanctuary-server\"]"
    );
    assert_eq!(runtime[last("CMD")].1, "[\"serve\"]");

    let ignored: Vec<String> = read_repo_file(".dockerignore")
        .lines()
        .map(|l| l.trim().trim_end_matches('/').to_owned())
        .collect();
    for path in ["target", ".git", "sanctuary-data"] {
        assert!(
            ignored.iter().any(|l| l == path),
            ".dockerignore lacks {path}"
        );
    }
}

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
