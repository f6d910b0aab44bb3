//! The nginx configuration: `nginx -t`, and a live nginx in front of a fake upstream.

use super::*;

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
