//! Signed requests against the real server binary: a request is worth
//! something only at the unit it names, and only to the run of the server
//! that saw it signed. An operator who recorded caseworker traffic can
//! neither take it to another unit's server nor restart the server to
//! empty its (in-memory) nonce cache and replay it.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use common::live::{CLIENT_TIMEOUT, LiveUnit};
use common::now;
use common::process::{HttpResponse, Running, try_http};
use sanctuary_crypto::api::ErrorBody;
use sanctuary_crypto::request_auth::{SignedRequest, body_sha256};
use sanctuary_crypto::unit::{UnitId, UnitKey};

fn list_inbox(addr: SocketAddr, auth: &SignedRequest) -> HttpResponse {
    try_http(
        addr,
        "GET",
        "/v1/inbox",
        &[("Authorization", auth.to_header_value())],
        b"",
        CLIENT_TIMEOUT,
    )
    .unwrap()
}

fn assert_refused(what: &str, r: &HttpResponse, code: &str) {
    let text = String::from_utf8_lossy(&r.body);
    assert_eq!(r.status, 401, "{what}: {text}");
    let body: ErrorBody = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(body.error, code, "{what}: {text}");
}

#[test]
fn a_signed_request_counts_only_at_its_unit_and_only_until_the_server_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Running::start(&data, &[]);
    let unit = LiveUnit::enroll(&server, &data);
    let sign = |for_unit: UnitId| {
        SignedRequest::sign(
            &unit.alice,
            &for_unit,
            "GET",
            "/v1/inbox",
            now(),
            body_sha256(b""),
        )
    };

    // Alice's key is on this roster, but the request was made for another
    // unit's server (where she may use the same key).
    let elsewhere = sign(UnitKey::generate().unit_id());
    assert_refused(
        "a request signed for another unit",
        &list_inbox(server.addr, &elsewhere),
        "unauthorized",
    );

    let recorded = sign(unit.unit.unit_id());
    assert_eq!(list_inbox(server.addr, &recorded).status, 200);
    assert_refused(
        "the same request again",
        &list_inbox(server.addr, &recorded),
        "replayed",
    );

    // The operator restarts the server, which forgets the nonces it saw,
    // and replays the recorded request (still well inside the 5-minute
    // window). Timestamps are whole seconds, so the restart is made to
    // fall in a later second than the signature.
    let (status, _) = server.stop();
    assert!(status.success(), "{status}");
    std::thread::sleep(Duration::from_millis(1100));
    let server = Running::start(&data, &[]);
    assert_refused(
        "a request signed before the restart",
        &list_inbox(server.addr, &recorded),
        "stale_request",
    );
    // A request signed now works.
    assert_eq!(
        list_inbox(server.addr, &sign(unit.unit.unit_id())).status,
        200
    );
    let (status, log) = server.stop();
    assert!(status.success(), "{status}");
    assert!(
        !log.iter().any(|l| l.contains("/v1/inbox")),
        "request paths are never logged: {log:?}"
    );
}
