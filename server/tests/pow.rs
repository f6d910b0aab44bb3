//! The proof of work on anonymous submissions, against the real binary:
//! optional while the level is 0 (but checked when sent), required once
//! accepted submissions pass the baseline (and no longer once the window
//! of counted submissions has passed), and refused when forged,
//! reused, for another body, kind or length, or easier than the level
//! allows (`docs/protocol.md` §10.1).

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use common::live::LiveUnit;
use common::process::{HttpResponse, Running};
use common::{Reporter, attachment_blob};
use sanctuary_crypto::api::{ErrorBody, PowChallenge};
use sanctuary_crypto::pow::{self, Solution, Token};

/// A server on a fresh data directory, enrolled.
fn start(flags: &[&str]) -> (tempfile::TempDir, Running, LiveUnit) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Running::start(&data, flags);
    let unit = LiveUnit::enroll(&server, &data);
    (dir, server, unit)
}

fn challenge(server: &Running, kind: &str, size: usize) -> PowChallenge {
    let r = server.request("GET", &format!("/v1/pow?kind={kind}&size={size}"), &[], b"");
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json()
}

/// The header value solving `c` for `body`.
fn solve(c: &PowChallenge, body: &[u8]) -> String {
    let counter = pow::solve(&c.challenge, &pow::binding(body), |_| {});
    Solution {
        token: c.challenge,
        counter,
    }
    .to_header_value()
}

fn post(
    server: &Running,
    unit: &LiveUnit,
    path: &str,
    body: &[u8],
    proof: Option<&str>,
) -> HttpResponse {
    let mut headers = unit.blob_headers();
    if let Some(proof) = proof {
        headers.push(("Sanctuary-Pow", proof.to_owned()));
    }
    server.request("POST", path, &headers, body)
}

#[track_caller]
fn assert_refused(r: &HttpResponse, status: u16, code: &str) {
    let text = String::from_utf8_lossy(&r.body);
    assert_eq!(r.status, status, "{text}");
    assert_eq!(r.json::<ErrorBody>().error, code, "{text}");
}

fn report(unit: &LiveUnit, text: &str) -> Vec<u8> {
    Reporter::new().report(&unit.roster, text)
}

#[test]
fn at_level_0_a_proof_is_optional_but_checked_when_sent() {
    let (_dir, server, unit) = start(&[]);
    let blob = report(&unit, "no proof needed while it is quiet");
    let r = post(&server, &unit, "/v1/messages", &blob, None);
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));

    let c = challenge(&server, "message", blob.len());
    assert_eq!(
        (c.level, c.bits, c.memory_kib, c.expires_in),
        (0, 0, 4096, 600)
    );
    let blob = report(&unit, "with a proof of no difficulty");
    let c = challenge(&server, "message", blob.len());
    let proof = solve(&c, &blob);
    assert_eq!(proof.rsplit('.').next(), Some("0"), "one evaluation");
    let r = post(&server, &unit, "/v1/messages", &blob, Some(&proof));
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    // Sent, it is checked in full.
    let r = post(&server, &unit, "/v1/messages", &blob, Some(&proof));
    assert_refused(&r, 403, "pow_reused");
    let r = post(&server, &unit, "/v1/messages", &blob, Some("not a proof"));
    assert_refused(&r, 400, "bad_pow");

    // An attachment, with and without a proof.
    let blob = attachment_blob(&unit.roster.document().recipients(), 1000);
    let r = post(&server, &unit, "/v1/attachments", &blob, None);
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let blob = attachment_blob(&unit.roster.document().recipients(), 1000);
    let c = challenge(&server, "attachment", blob.len());
    let r = post(
        &server,
        &unit,
        "/v1/attachments",
        &blob,
        Some(&solve(&c, &blob)),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
}

#[test]
fn challenges_are_only_for_bodies_the_route_would_take() {
    let (_dir, server, _unit) = start(&[]);
    for query in [
        "kind=message&size=0",
        "kind=message&size=10000000",
        "kind=attachment&size=0",
        "kind=attachment&size=1000000000000",
        "kind=reply&size=100",
        "kind=message",
        "size=100",
        "kind=message&size=-1",
        "kind=message&size=100&extra=1",
    ] {
        let r = server.request("GET", &format!("/v1/pow?{query}"), &[], b"");
        assert_refused(&r, 400, "bad_request");
    }
    // The caps themselves are fine: 16 MiB and more for attachments.
    let c = challenge(&server, "attachment", 40 << 20);
    assert_eq!(c.bits, 2, "three 16 MiB steps add two bits");
}

#[test]
fn above_the_baseline_a_proof_is_required_and_refused_unless_right() {
    let (_dir, server, unit) = start(&["--pow-max-level", "4", "--pow-baseline", "1"]);
    // Solved while the server is quiet: 0 bits.
    let early = report(&unit, "solved early");
    let early_c = challenge(&server, "message", early.len());
    assert_eq!((early_c.level, early_c.bits), (0, 0));
    let early_proof = solve(&early_c, &early);

    for text in ["one", "two"] {
        let r = post(&server, &unit, "/v1/messages", &report(&unit, text), None);
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    }
    // Two over a baseline of one: level 1 + log2(2) = 2.
    let blob = report(&unit, "three");
    let r = post(&server, &unit, "/v1/messages", &blob, None);
    assert_refused(&r, 400, "pow_required");
    let r = post(&server, &unit, "/v1/attachments", &blob, None);
    assert_refused(&r, 400, "pow_required");
    // A challenge from level 0 is too easy two levels up.
    let r = post(&server, &unit, "/v1/messages", &early, Some(&early_proof));
    assert_refused(&r, 403, "pow_expired");

    let c = challenge(&server, "message", blob.len());
    assert_eq!((c.level, c.bits), (2, 2));
    let proof = solve(&c, &blob);
    let r = post(&server, &unit, "/v1/messages", &blob, Some(&proof));
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let r = post(&server, &unit, "/v1/messages", &blob, Some(&proof));
    assert_refused(&r, 403, "pow_reused");

    // Solved for another body of the same length (a challenge whose
    // solution happens to solve the other body too is skipped).
    let other = report(&unit, "four");
    assert_eq!(other.len(), blob.len());
    let proof = loop {
        let c = challenge(&server, "message", blob.len());
        let counter = pow::solve(&c.challenge, &pow::binding(&blob), |_| {});
        if !pow::check(&c.challenge, &pow::binding(&other), counter) {
            break Solution {
                token: c.challenge,
                counter,
            }
            .to_header_value();
        }
    };
    let r = post(&server, &unit, "/v1/messages", &other, Some(&proof));
    assert_refused(&r, 403, "bad_pow");

    // For the other route.
    let c = challenge(&server, "attachment", other.len());
    let r = post(
        &server,
        &unit,
        "/v1/messages",
        &other,
        Some(&solve(&c, &other)),
    );
    assert_refused(&r, 403, "bad_pow");
    // For another length.
    let c = challenge(&server, "message", other.len() + 1);
    let r = post(
        &server,
        &unit,
        "/v1/messages",
        &other,
        Some(&solve(&c, &other)),
    );
    assert_refused(&r, 403, "bad_pow");
    // With a forged MAC.
    let c = challenge(&server, "message", other.len());
    let mut bytes = *c.challenge.as_bytes();
    bytes[pow::TOKEN_LEN - 1] ^= 1;
    let forged = PowChallenge {
        challenge: Token::from_bytes(&bytes).unwrap(),
        ..c
    };
    let r = post(
        &server,
        &unit,
        "/v1/messages",
        &other,
        Some(&solve(&forged, &other)),
    );
    assert_refused(&r, 403, "bad_pow");
    // With its bits lowered (which the MAC covers).
    let mut bytes = *c.challenge.as_bytes();
    bytes[2] = 0;
    let easier = Token::from_bytes(&bytes).unwrap();
    let r = post(
        &server,
        &unit,
        "/v1/messages",
        &other,
        Some(&format!("{easier}.0")),
    );
    assert_refused(&r, 403, "bad_pow");
    // The genuine challenge, solved, still passes: refusals used no nonce
    // but their own.
    let r = post(
        &server,
        &unit,
        "/v1/messages",
        &other,
        Some(&solve(&c, &other)),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));

    // An attachment pays at least the level.
    let blob = attachment_blob(&unit.roster.document().recipients(), 1000);
    let c = challenge(&server, "attachment", blob.len());
    assert!(c.bits >= 2, "{}", c.bits);
    let r = post(
        &server,
        &unit,
        "/v1/attachments",
        &blob,
        Some(&solve(&c, &blob)),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));

    // Nothing about any of it reached the log.
    let token = c.challenge.to_string();
    let (status, log) = server.stop();
    assert!(status.success());
    assert!(
        !log.iter()
            .any(|l| l.contains(&token) || l.contains("proof") || l.contains("pow_")),
        "{log:?}"
    );
}

#[test]
fn the_settings_come_from_flags_environment_or_file_and_are_bounded() {
    use common::process::command;
    for (flag, value, error) in [
        (
            "--pow-max-level",
            "9",
            "pow_max_level must be between 0 and 8",
        ),
        ("--pow-baseline", "0", "pow_baseline must be at least 1"),
        (
            "--pow-window-secs",
            "9",
            "pow_window_secs must be between 10 and 86400",
        ),
    ] {
        let out = command().args([flag, value]).output().unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(error), "{err}");
    }

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("server.toml");
    std::fs::write(&config, "pow_baseline = 1\npow_max_level = 4\n").unwrap();
    // The file's baseline with the environment's highest level, 0: never
    // required however many arrive.
    let data = dir.path().join("off");
    let mut cmd = command();
    cmd.env("SANCTUARY_POW_MAX_LEVEL", "0")
        .arg("--config")
        .arg(&config)
        .arg("--listen")
        .arg("127.0.0.1:0")
        .arg("--data-dir")
        .arg(&data);
    let server = Running::spawn(cmd);
    let unit = LiveUnit::enroll(&server, &data);
    for text in ["one", "two", "three", "four"] {
        let r = post(&server, &unit, "/v1/messages", &report(&unit, text), None);
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    }
    assert_eq!(challenge(&server, "message", 100).level, 0);
    drop(server);

    // The file alone: required after two.
    let data = dir.path().join("on");
    let mut cmd = command();
    cmd.arg("--config")
        .arg(&config)
        .arg("--listen")
        .arg("127.0.0.1:0")
        .arg("--data-dir")
        .arg(&data);
    let server = Running::spawn(cmd);
    let unit = LiveUnit::enroll(&server, &data);
    for text in ["one", "two"] {
        let r = post(&server, &unit, "/v1/messages", &report(&unit, text), None);
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    }
    let r = post(
        &server,
        &unit,
        "/v1/messages",
        &report(&unit, "three"),
        None,
    );
    assert_refused(&r, 400, "pow_required");
}

#[test]
fn the_level_rises_with_the_rate_and_falls_back_once_the_window_has_passed() {
    let (_dir, server, unit) = start(&["--pow-baseline", "2", "--pow-window-secs", "10"]);
    for text in ["one", "two"] {
        let r = post(&server, &unit, "/v1/messages", &report(&unit, text), None);
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    }
    // Up: past the baseline a report must pay, and each doubling of the
    // count raises the level.
    let mut levels = Vec::new();
    for text in ["three", "four", "five"] {
        let blob = report(&unit, text);
        let c = challenge(&server, "message", blob.len());
        levels.push(c.level);
        let r = post(
            &server,
            &unit,
            "/v1/messages",
            &blob,
            Some(&solve(&c, &blob)),
        );
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    }
    // 2, 3 and 4 accepted over a baseline of 2: levels 0, 1 and 2.
    assert_eq!(levels, [0, 1, 2]);
    let r = post(&server, &unit, "/v1/messages", &report(&unit, "six"), None);
    assert_refused(&r, 400, "pow_required");

    // Down: once the window has passed with nothing accepted, the level
    // is 0 again and a report needs no proof.
    std::thread::sleep(std::time::Duration::from_secs(11));
    assert_eq!(challenge(&server, "message", 100).level, 0);
    let r = post(
        &server,
        &unit,
        "/v1/messages",
        &report(&unit, "seven"),
        None,
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
}

/// Sends a request head and only `body` of a declared `content_length`,
/// and reads the answer without sending the rest.
fn send_part(
    server: &Running,
    unit: &LiveUnit,
    path: &str,
    content_length: u64,
    proof: &str,
    body: &[u8],
) -> HttpResponse {
    use std::io::{Read as _, Write as _};
    let mut stream = std::net::TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {content_length}\r\nSanctuary-Pow: {proof}\r\n"
    );
    for (name, value) in unit.blob_headers() {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    // The answer comes although the body is unfinished; read up to the end
    // of its (short, JSON) body.
    loop {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "closed without an answer");
        raw.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&raw);
        if let Some((head, body)) = text.split_once("\r\n\r\n")
            && body.ends_with('}')
        {
            let status = head.split(' ').nth(1).unwrap().parse().unwrap();
            return HttpResponse {
                status,
                headers: Vec::new(),
                body: body.as_bytes().to_vec(),
            };
        }
    }
}

#[test]
fn a_proof_is_refused_before_more_than_64_kib_of_the_body_is_read() {
    let (_dir, server, unit) = start(&[]);
    // A forged challenge: refused before any of the body.
    let size = 200 << 20;
    let c = challenge(&server, "attachment", size);
    assert_eq!(c.bits, 4, "a 200 MiB attachment pays four bits more");
    let mut bytes = *c.challenge.as_bytes();
    bytes[40] ^= 0x80;
    let forged = Token::from_bytes(&bytes).unwrap();
    let r = send_part(
        &server,
        &unit,
        "/v1/attachments",
        size as u64,
        &format!("{forged}.0"),
        b"",
    );
    assert_refused(&r, 403, "bad_pow");

    // A genuine one with a counter that does not solve it: refused once
    // the first 64 KiB have arrived, without waiting for the rest.
    let head = vec![0x42u8; pow::BINDING_PREFIX];
    let binding = pow::binding(&head);
    let counter = (0..)
        .find(|&n| !pow::check(&c.challenge, &binding, n))
        .unwrap();
    let proof = Solution {
        token: c.challenge,
        counter,
    }
    .to_header_value();
    let r = send_part(
        &server,
        &unit,
        "/v1/attachments",
        size as u64,
        &proof,
        &head,
    );
    assert_refused(&r, 403, "bad_pow");
    // Its nonce is used, even so.
    let r = send_part(
        &server,
        &unit,
        "/v1/attachments",
        size as u64,
        &proof,
        &head,
    );
    assert_refused(&r, 403, "pow_reused");
}
