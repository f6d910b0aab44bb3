//! Bad input everywhere, against the real binary: truncated, oversized,
//! non-age, wrong-bucket, wrong-recipient and replayed blobs; malformed,
//! unknown-field and deeply nested JSON; wrong content types, methods,
//! paths, queries and headers; replayed, stale and forged signatures;
//! malformed HTTP. Each is refused with a 4xx; where the request reaches
//! the API, with a short stable `ErrorBody` code. Afterwards the server's
//! log holds no request detail: no ID, body, path, header or address.

#![allow(
    clippy::unwrap_used,
    clippy::print_stdout,
    reason = "a test fails loudly and reports its figures"
)]

mod common;

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use common::live::{CLIENT_TIMEOUT, LiveUnit, integrity_check, signed};
use common::process::{HttpResponse, Running, try_http};
use common::{Reporter, now, signed_roster};
use sanctuary_crypto::api::{ErrorBody, PublishRoster, ROSTER_VERSION_HEADER};
use sanctuary_crypto::attachment::seal_attachment;
use sanctuary_crypto::request_auth::{SignedRequest, body_sha256};
use sanctuary_crypto::sizes::{MAX_MESSAGE_CIPHERTEXT, padme, stream_len};

/// Put in bodies, headers, paths and queries: it must never reach the log.
const MARKER: &str = "MARKER-c41f-hostile-input";

/// Every code the API documents.
const CODES: &[&str] = &[
    "bad_request",
    "unsupported_media_type",
    "not_found",
    "method_not_allowed",
    "length_required",
    "too_large",
    "timeout",
    "not_enrolled",
    "overloaded",
    "no_roster",
    "unauthorized",
    "stale_request",
    "replayed",
    "enrollment_code",
    "unit_mismatch",
    "roster_version",
    "roster_invalid",
    "roster_changed",
    "not_age",
    "bad_header",
    "bad_size",
    "mailbox_forgotten",
    "bad_attachment",
    "forbidden",
    "attachment_quota",
    "pow_required",
    "bad_pow",
    "pow_expired",
    "pow_reused",
    "storage_full",
    "internal",
];

/// What is sent, with which headers, and the expected status and code.
type JsonCase<'a> = (&'a str, String, &'a [(&'a str, String)], u16, &'a str);

/// The cases run, for the summary.
struct Checked {
    api: usize,
    http: usize,
}

impl Checked {
    /// `r` is a refusal with `status` and `code`, in a short `ErrorBody`.
    #[track_caller]
    fn refused(&mut self, what: &str, r: &HttpResponse, status: u16, code: &str) {
        let text = String::from_utf8_lossy(&r.body);
        assert_eq!(r.status, status, "{what}: {text}");
        let body: ErrorBody = serde_json::from_slice(&r.body)
            .unwrap_or_else(|e| panic!("{what}: not an ErrorBody ({e}): {text}"));
        assert_eq!(body.error, code, "{what}: {text}");
        assert!(CODES.contains(&body.error.as_str()), "{what}: {text}");
        assert!(r.body.len() <= 400, "{what}: a long answer: {text}");
        // Only a JSON parse error quotes the requester's own body back to
        // them (truncated); nothing else echoes input.
        assert!(
            code == "bad_request" || !text.contains(MARKER),
            "{what}: the answer echoes input"
        );
        assert_eq!(r.header("content-type"), Some("application/json"), "{what}");
        self.api += 1;
    }

    /// A refusal by the HTTP layer, before the API: a 4xx status.
    #[track_caller]
    fn refused_by_http(&mut self, what: &str, status: Option<u16>, expected: u16) {
        assert_eq!(status, Some(expected), "{what}");
        self.http += 1;
    }
}

/// Sends raw bytes; returns the status code, if an answer came, and the
/// answer's body.
fn raw_answer(addr: SocketAddr, bytes: &[u8]) -> (Option<u16>, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let _ = s.write_all(bytes);
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let status = String::from_utf8_lossy(&answer)
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok());
    let body = match answer.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(split) => answer[split + 4..].to_vec(),
        None => Vec::new(),
    };
    (status, body)
}

fn raw(addr: SocketAddr, bytes: &[u8]) -> Option<u16> {
    raw_answer(addr, bytes).0
}

/// A raw exchange's answer as an [`HttpResponse`] (JSON assumed).
fn raw_json(addr: SocketAddr, bytes: &[u8]) -> HttpResponse {
    let (status, body) = raw_answer(addr, bytes);
    HttpResponse {
        status: status.unwrap(),
        headers: vec![("content-type".into(), "application/json".into())],
        body,
    }
}

fn post(addr: SocketAddr, path: &str, headers: &[(&str, String)], body: &[u8]) -> HttpResponse {
    try_http(addr, "POST", path, headers, body, CLIENT_TIMEOUT).unwrap()
}

#[test]
fn hostile_input_is_refused_with_a_stable_code_and_never_logged() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Running::start(&data, &[]);
    let addr = server.addr;
    let unit = LiveUnit::enroll(&server, &data);
    let mut c = Checked { api: 0, http: 0 };
    let octets = unit.blob_headers();
    let json = [("Content-Type", "application/json".to_owned())];
    let report = Reporter::new().report(&unit.roster, MARKER);

    // Blobs.
    c.refused(
        "a truncated report",
        &post(addr, "/v1/messages", &octets, &report[..report.len() / 2]),
        400,
        "bad_size",
    );
    let mut longer = report.clone();
    longer.extend_from_slice(MARKER.as_bytes());
    c.refused(
        "a lengthened report",
        &post(addr, "/v1/messages", &octets, &longer),
        400,
        "bad_size",
    );
    c.refused(
        "an oversized report",
        &post(
            addr,
            "/v1/messages",
            &octets,
            &vec![b'a'; MAX_MESSAGE_CIPHERTEXT as usize + 1],
        ),
        413,
        "too_large",
    );
    let mut not_age = MARKER.as_bytes().repeat(report.len() / MARKER.len() + 1);
    not_age.truncate(report.len());
    c.refused(
        "a non-age blob",
        &post(addr, "/v1/messages", &octets, &not_age),
        400,
        "not_age",
    );
    let mut bad_header = report.clone();
    bad_header[30..40].copy_from_slice(b"\n\n\n\n\n\n\n\n\n\n");
    c.refused(
        "a report with a damaged header",
        &post(addr, "/v1/messages", &octets, &bad_header),
        400,
        "bad_header",
    );
    let filler = vec![0u8; 20_000];
    let (off_bucket, _) = seal_attachment(
        &filler[..],
        Vec::new(),
        &unit.roster.document().recipients(),
        filler.len() as u64,
    )
    .unwrap();
    c.refused(
        "an age file of no bucket's length",
        &post(addr, "/v1/messages", &octets, &off_bucket),
        400,
        "bad_size",
    );
    c.refused(
        "an empty body",
        &post(addr, "/v1/messages", &octets, b""),
        400,
        "bad_header",
    );
    // A report for another set of recipients (one caseworker too few).
    let lone = signed_roster(&unit.unit, &[&unit.alice], 1)
        .verify(&unit.unit.unit_id(), sanctuary_crypto::day::Day::today())
        .unwrap();
    let for_one = Reporter::new().report(&lone, MARKER);
    c.refused(
        "a report sealed to the wrong recipients",
        &post(addr, "/v1/messages", &octets, &for_one),
        409,
        "roster_changed",
    );
    c.refused(
        "a report without the roster version header",
        &post(addr, "/v1/messages", &octets[..1], &report),
        400,
        "bad_request",
    );
    c.refused(
        "a report with a garbled roster version header",
        &post(
            addr,
            "/v1/messages",
            &[
                octets[0].clone(),
                (ROSTER_VERSION_HEADER, MARKER.to_owned()),
            ],
            &report,
        ),
        400,
        "bad_request",
    );
    c.refused(
        "a report as text/plain",
        &post(
            addr,
            "/v1/messages",
            &[("Content-Type", "text/plain".to_owned()), octets[1].clone()],
            &report,
        ),
        415,
        "unsupported_media_type",
    );
    // Attachments.
    c.refused(
        "an attachment of a non-Padmé length",
        &post(
            addr,
            "/v1/attachments",
            &octets,
            &off_bucket[..off_bucket.len() - 1],
        ),
        400,
        "bad_size",
    );
    c.refused(
        "a non-age attachment",
        &post(addr, "/v1/attachments", &octets, &not_age),
        400,
        "not_age",
    );
    let head = |len: &str, extra: &str| {
        format!(
            "POST /v1/attachments HTTP/1.1\r\nHost: t\r\n{ROSTER_VERSION_HEADER}: 1\r\n\
             Content-Type: application/octet-stream\r\n{len}{extra}Connection: close\r\n\r\n"
        )
        .into_bytes()
    };
    // A well-formed length (its header, then 64 GiB of Padmé-padded data).
    let header_len = off_bucket.len() as u64 - stream_len(padme(filler.len() as u64));
    let declared = header_len + stream_len(1 << 36);
    let mut far_over = head(&format!("Content-Length: {declared}\r\n"), "");
    far_over.extend_from_slice(&off_bucket[..16_000]);
    c.refused(
        "an attachment declared far over the unit's limit",
        &raw_json(addr, &far_over),
        413,
        "too_large",
    );
    let mut chunked = head("Transfer-Encoding: chunked\r\n", "");
    chunked.extend_from_slice(b"5\r\nhello\r\n0\r\n\r\n");
    c.refused(
        "an attachment without Content-Length",
        &raw_json(addr, &chunked),
        411,
        "length_required",
    );

    // JSON bodies.
    let mailbox = Reporter::new().keys.mailbox_id().to_hex();
    let cases: Vec<JsonCase<'_>> = vec![
        (
            "malformed JSON",
            format!("{{\"mailbox\": \"{MARKER}"),
            &json,
            400,
            "bad_request",
        ),
        (
            "a bad mailbox ID",
            format!("{{\"mailbox\":\"{MARKER}\"}}"),
            &json,
            400,
            "bad_request",
        ),
        (
            "an unknown field",
            format!("{{\"mailbox\":\"{mailbox}\",\"{MARKER}\":1}}"),
            &json,
            400,
            "bad_request",
        ),
        ("a JSON array", "[]".into(), &json, 400, "bad_request"),
        (
            "deeply nested JSON",
            "[".repeat(3000),
            &json,
            400,
            "bad_request",
        ),
        (
            "JSON that is not UTF-8",
            "{\"mailbox\":\"\u{fffd}\"}".into(),
            &json,
            400,
            "bad_request",
        ),
        (
            "JSON as text/plain",
            format!("{{\"mailbox\":\"{mailbox}\"}}"),
            &[],
            415,
            "unsupported_media_type",
        ),
        (
            "a mailbox fetch far over its limit",
            format!(
                "{{\"mailbox\":\"{mailbox}\",\"pad\":\"{}\"}}",
                "x".repeat(10_000)
            ),
            &json,
            413,
            "too_large",
        ),
    ];
    for (what, body, headers, status, code) in cases {
        let mut body = body.into_bytes();
        if what.contains("UTF-8") {
            body = b"{\"mailbox\":\"\xff\xfe\"}".to_vec();
        }
        let r = post(addr, "/v1/mailbox/fetch", headers, &body);
        c.refused(what, &r, status, code);
    }
    c.refused(
        "a forget with the wrong types",
        &post(
            addr,
            "/v1/mailbox/forget",
            &json,
            format!("{{\"mailbox\":1,\"secret\":\"{MARKER}\"}}").as_bytes(),
        ),
        400,
        "bad_request",
    );
    c.refused(
        "a roster that is not one",
        &try_http(
            addr,
            "PUT",
            "/v1/roster",
            &json,
            format!("{{\"roster\":\"{MARKER}\"}}").as_bytes(),
            CLIENT_TIMEOUT,
        )
        .unwrap(),
        400,
        "bad_request",
    );
    let forged = {
        let mut r = signed_roster(&unit.unit, &[&unit.alice, &unit.bob], 2);
        r.signature = r.signature.chars().rev().collect();
        serde_json::to_vec(&PublishRoster {
            roster: r,
            enrollment_code: None,
        })
        .unwrap()
    };
    let r = try_http(addr, "PUT", "/v1/roster", &json, &forged, CLIENT_TIMEOUT).unwrap();
    c.refused(
        "a roster with a forged signature",
        &r,
        400,
        "roster_invalid",
    );
    let replayed = serde_json::to_vec(&PublishRoster {
        roster: signed_roster(&unit.unit, &[&unit.alice, &unit.bob], 1),
        enrollment_code: None,
    })
    .unwrap();
    let r = try_http(addr, "PUT", "/v1/roster", &json, &replayed, CLIENT_TIMEOUT).unwrap();
    c.refused("an old roster version replayed", &r, 409, "roster_version");
    let other = sanctuary_crypto::unit::UnitKey::generate();
    let foreign = serde_json::to_vec(&PublishRoster {
        roster: signed_roster(&other, &[&unit.alice], 9),
        enrollment_code: Some(MARKER.into()),
    })
    .unwrap();
    let r = try_http(addr, "PUT", "/v1/roster", &json, &foreign, CLIENT_TIMEOUT).unwrap();
    c.refused("another unit's roster", &r, 403, "unit_mismatch");

    // Methods, paths, queries.
    let unknown = format!("/v1/{MARKER}");
    for (method, path, status, code) in [
        ("GET", "/v1/messages", 405, "method_not_allowed"),
        ("DELETE", "/v1/roster", 405, "method_not_allowed"),
        ("PATCH", "/v1/inbox", 405, "method_not_allowed"),
        ("GET", unknown.as_str(), 404, "not_found"),
        ("GET", "/v1/inbox/%ff%fe", 401, "unauthorized"),
        ("GET", "/index.html", 404, "not_found"),
        ("POST", "/", 405, "method_not_allowed"),
    ] {
        let r = try_http(addr, method, path, &[], b"", CLIENT_TIMEOUT).unwrap();
        c.refused(&format!("{method} {path}"), &r, status, code);
    }
    // The reporter page's routes take no body.
    let r = try_http(addr, "GET", "/", &[], MARKER.as_bytes(), CLIENT_TIMEOUT).unwrap();
    c.refused("a page request with a body", &r, 400, "bad_request");

    // Signed requests.
    let auth = SignedRequest::sign(
        &unit.alice,
        &unit.unit.unit_id(),
        "GET",
        "/v1/inbox",
        now(),
        body_sha256(b""),
    );
    let header = [("Authorization", auth.to_header_value())];
    let r = try_http(addr, "GET", "/v1/inbox", &header, b"", CLIENT_TIMEOUT).unwrap();
    assert_eq!(r.status, 200);
    let r = try_http(addr, "GET", "/v1/inbox", &header, b"", CLIENT_TIMEOUT).unwrap();
    c.refused("a replayed signed request", &r, 401, "replayed");
    let old = SignedRequest::sign(
        &unit.alice,
        &unit.unit.unit_id(),
        "GET",
        "/v1/inbox",
        now() - 3600,
        body_sha256(b""),
    );
    let r = try_http(
        addr,
        "GET",
        "/v1/inbox",
        &[("Authorization", old.to_header_value())],
        b"",
        CLIENT_TIMEOUT,
    )
    .unwrap();
    c.refused("a stale signed request", &r, 401, "stale_request");
    let other_path = SignedRequest::sign(
        &unit.alice,
        &unit.unit.unit_id(),
        "GET",
        "/v1/inbox?limit=5",
        now(),
        body_sha256(b""),
    );
    let r = try_http(
        addr,
        "GET",
        "/v1/inbox?limit=6",
        &[("Authorization", other_path.to_header_value())],
        b"",
        CLIENT_TIMEOUT,
    )
    .unwrap();
    c.refused("a signature for another query", &r, 401, "unauthorized");
    let stranger = common::caseworker("mallory");
    let r = signed(
        addr,
        &stranger,
        &unit.unit.unit_id(),
        "GET",
        "/v1/inbox",
        b"",
    )
    .unwrap();
    c.refused("a key not on the roster", &r, 401, "unauthorized");
    let r = try_http(
        addr,
        "GET",
        "/v1/inbox",
        &[("Authorization", MARKER.to_owned())],
        b"",
        CLIENT_TIMEOUT,
    )
    .unwrap();
    c.refused("a garbage Authorization header", &r, 401, "unauthorized");
    let r = try_http(addr, "GET", "/v1/inbox", &[], b"", CLIENT_TIMEOUT).unwrap();
    c.refused("no Authorization header", &r, 401, "unauthorized");
    let body = br#"{"mailbox":"00"}"#;
    let auth = SignedRequest::sign(
        &unit.alice,
        &unit.unit.unit_id(),
        "POST",
        "/v1/replies",
        now(),
        body_sha256(b"{}"),
    );
    let r = post(
        addr,
        "/v1/replies",
        &[json[0].clone(), ("Authorization", auth.to_header_value())],
        body,
    );
    c.refused("a body other than the signed one", &r, 401, "unauthorized");
    let unknown_query = format!("/v1/inbox?{MARKER}=1");
    for (path, status, code) in [
        ("/v1/inbox?limit=0", 400, "bad_request"),
        ("/v1/inbox?limit=100000", 400, "bad_request"),
        ("/v1/inbox?after=zz", 400, "bad_request"),
        (unknown_query.as_str(), 400, "bad_request"),
        ("/v1/inbox/0123", 404, "not_found"),
        ("/v1/inbox/%ff%fe", 404, "not_found"),
        (
            "/v1/attachments/00000000000000000000000000000000",
            404,
            "not_found",
        ),
    ] {
        let r = signed(addr, &unit.bob, &unit.unit.unit_id(), "GET", path, b"").unwrap();
        c.refused(&format!("signed GET {path}"), &r, status, code);
    }
    let r = signed(
        addr,
        &unit.bob,
        &unit.unit.unit_id(),
        "POST",
        "/v1/replies",
        format!("{{\"{MARKER}\":1}}").as_bytes(),
    )
    .unwrap();
    c.refused("a reply with an unknown field", &r, 400, "bad_request");

    // Malformed HTTP: refused by the HTTP layer before the API, with a
    // 4xx status and no body.
    let huge = format!(
        "GET /v1/health HTTP/1.1\r\nHost: t\r\nX-{MARKER}: {}\r\n\r\n",
        "a".repeat(200_000)
    );
    c.refused_by_http("a 200 kB header", raw(addr, huge.as_bytes()), 431);
    let many: String = (0..200).map(|i| format!("X-{MARKER}-{i}: a\r\n")).collect();
    let many = format!("GET /v1/health HTTP/1.1\r\nHost: t\r\n{many}\r\n");
    c.refused_by_http("200 headers", raw(addr, many.as_bytes()), 431);
    c.refused_by_http(
        "an unparsable Content-Length",
        raw(
            addr,
            format!("POST /v1/messages HTTP/1.1\r\nHost: t\r\nContent-Length: {MARKER}\r\n\r\n")
                .as_bytes(),
        ),
        400,
    );
    c.refused_by_http(
        "both Content-Length and chunked",
        raw(
            addr,
            b"POST /v1/messages HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        ),
        400,
    );
    c.refused_by_http(
        "a request line of garbage",
        raw(addr, format!("{MARKER}\r\n\r\n").as_bytes()),
        400,
    );

    // Still healthy, nothing stored, nothing logged.
    let r = try_http(addr, "GET", "/v1/health", &[], b"", CLIENT_TIMEOUT).unwrap();
    assert_eq!(r.status, 200);
    assert!(
        common::live::inbox_ids(addr, &unit).is_empty(),
        "a refused blob was stored"
    );
    let (status, log) = server.stop();
    assert!(status.success());
    assert_eq!(integrity_check(&data), "ok");
    let text = log.join("\n");
    assert!(
        !text.contains(MARKER),
        "the log holds request input: {text}"
    );
    assert!(
        !text.contains(&mailbox),
        "the log holds a mailbox ID: {text}"
    );
    for word in [
        "GET",
        "POST",
        "PUT",
        "/v1/",
        "mallory",
        "alice",
        "bob",
        "Authorization",
    ] {
        assert!(!text.contains(word), "the log mentions {word}: {text}");
    }
    for line in &log {
        if line.contains("127.0.0.1") {
            assert!(line.starts_with("listening on 127.0.0.1:"), "{line}");
        }
        assert!(
            !line.starts_with("error:") && !line.starts_with("warning:"),
            "hostile input made the server log: {line}"
        );
    }
    println!(
        "{} hostile requests refused with a stable code, {} by the HTTP layer with a 4xx; \
         log: {} lines, none about a request",
        c.api,
        c.http,
        log.len()
    );
}
