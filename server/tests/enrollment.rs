//! Enrollment: the first roster needs the one-time code and pins the unit;
//! later rosters must come from that unit with a higher version.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use std::os::unix::fs::PermissionsExt as _;

use axum::http::StatusCode;
use common::*;
use sanctuary_crypto::api::RosterAccepted;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::roster::SignedRoster;
use sanctuary_crypto::unit::UnitKey;
use sanctuary_server::{AppState, ENROLLMENT_CODE_FILE, Settings};

#[tokio::test]
async fn the_code_file_is_private_and_reused_until_enrollment() {
    let server = Server::start().await;
    let path = server.data_dir().join(ENROLLMENT_CODE_FILE);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let dir_mode = std::fs::metadata(server.data_dir())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(dir_mode & 0o777, 0o700);
    let db_mode = std::fs::metadata(server.data_dir().join("sanctuary.db"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(db_mode & 0o777, 0o600);
    let code = server.enrollment_code();
    // 120 bits in base32: 24 characters in groups of four.
    assert_eq!(code.replace('-', "").len(), 24);
    server.state.store.close().await;

    // A restart while unenrolled keeps the same code.
    let again = AppState::open(&Settings::with_data_dir(server.data_dir()))
        .await
        .unwrap();
    assert_eq!(server.enrollment_code(), code);
    again.store.close().await;
}

#[tokio::test]
async fn the_first_roster_needs_the_right_code() {
    let server = Server::start().await;
    let unit = UnitKey::generate();
    let alice = caseworker("alice");
    let roster = signed_roster(&unit, &[&alice], 1);

    server
        .publish(&roster, None)
        .await
        .assert(StatusCode::FORBIDDEN, "enrollment_code");
    server
        .publish(&roster, Some("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA".into()))
        .await
        .assert(StatusCode::FORBIDDEN, "enrollment_code");
    assert!(server.data_dir().join(ENROLLMENT_CODE_FILE).exists());

    // Typed in lower case with spaces, the code still works.
    let typed = server.enrollment_code().to_lowercase().replace('-', " ");
    let r = server.publish(&roster, Some(typed)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json::<RosterAccepted>(), RosterAccepted { version: 1 });
    assert!(!server.data_dir().join(ENROLLMENT_CODE_FILE).exists());
    server.close().await;
}

#[tokio::test]
async fn an_invalid_first_roster_is_refused_and_the_code_kept() {
    let server = Server::start().await;
    let code = server.enrollment_code();
    let unit = UnitKey::generate();
    let alice = caseworker("alice");
    let mut doc = roster_doc(&unit, &[&alice], 1);
    doc.issued = Day::today().minus(30);
    doc.expires = Day::today().minus(1);
    let expired = SignedRoster::sign(&doc, &unit).unwrap();
    server
        .publish(&expired, Some(code.clone()))
        .await
        .assert(StatusCode::BAD_REQUEST, "roster_invalid");
    let mut forged = signed_roster(&unit, &[&alice], 1);
    forged.document = forged.document.replace("Riverside", "Elsewhere");
    server
        .publish(&forged, Some(code.clone()))
        .await
        .assert(StatusCode::BAD_REQUEST, "roster_invalid");
    assert_eq!(server.enrollment_code(), code);
    server.close().await;
}

#[tokio::test]
async fn later_rosters_must_come_from_the_pinned_unit_with_a_higher_version() {
    let server = Server::start().await;
    let code = server.enrollment_code();
    let unit = UnitKey::generate();
    let alice = caseworker("alice");
    let bob = caseworker("bob");
    let r = server
        .publish(&signed_roster(&unit, &[&alice], 5), Some(code.clone()))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    // Second use of the code, for another unit: refused.
    let other = UnitKey::generate();
    server
        .publish(&signed_roster(&other, &[&alice], 6), Some(code.clone()))
        .await
        .assert(StatusCode::FORBIDDEN, "unit_mismatch");
    // Another unit's key signing a document that claims ours.
    let mut forged = signed_roster(&other, &[&alice], 6);
    forged.document = signed_roster(&unit, &[&alice], 6).document;
    server
        .publish(&forged, None)
        .await
        .assert(StatusCode::BAD_REQUEST, "roster_invalid");
    // Lower and equal versions: refused.
    for version in [4, 5] {
        server
            .publish(&signed_roster(&unit, &[&alice, &bob], version), None)
            .await
            .assert(StatusCode::CONFLICT, "roster_version");
    }
    // Higher: accepted, and served.
    let next = signed_roster(&unit, &[&alice, &bob], 6);
    let r = server.publish(&next, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json::<RosterAccepted>().version, 6);
    let served: SignedRoster = server.send(get("/v1/roster")).await.json();
    assert_eq!(served, next);
    server.state.store.close().await;

    // After a restart, the roster and the pinned unit are still there.
    let state = AppState::open(&Settings::with_data_dir(server.data_dir()))
        .await
        .unwrap();
    let roster = state.roster().unwrap();
    assert_eq!(roster.version(), 6);
    assert_eq!(roster.unit, unit.unit_id());
    assert!(!server.data_dir().join(ENROLLMENT_CODE_FILE).exists());
    state.store.close().await;
}
