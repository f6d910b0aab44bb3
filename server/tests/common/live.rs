//! The fault tests' unit: the real `sanctuary-server` binary enrolled with
//! a roster of two caseworkers over HTTP, caseworker requests signed with
//! real keys, and checks that what the server acknowledged is stored whole
//! and decrypts.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use sanctuary_crypto::api::{InboxPage, PublishRoster, ROSTER_VERSION_HEADER};
use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::request_auth::{SignedRequest, body_sha256};
use sanctuary_crypto::roster::VerifiedRoster;
use sanctuary_crypto::unit::{UnitId, UnitKey};
use sanctuary_server::ENROLLMENT_CODE_FILE;
use sanctuary_server::store::DATABASE_FILE;
use sha2::{Digest as _, Sha256};

use super::process::{HttpResponse, Running, try_http};
use super::{caseworker, now, signed_roster};

/// How long a fault test's client waits for any one read or write.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(30);

/// The unit's keys and its roster as published.
pub struct LiveUnit {
    pub unit: UnitKey,
    pub alice: CaseworkerKey,
    pub bob: CaseworkerKey,
    pub roster: VerifiedRoster,
}

impl LiveUnit {
    /// Enrolls `server` (started on `data_dir` for the first time).
    pub fn enroll(server: &Running, data_dir: &Path) -> Self {
        let unit = UnitKey::generate();
        let alice = caseworker("alice");
        let bob = caseworker("bob");
        let signed = signed_roster(&unit, &[&alice, &bob], 1);
        let code = std::fs::read_to_string(data_dir.join(ENROLLMENT_CODE_FILE)).unwrap();
        let body = serde_json::to_vec(&PublishRoster {
            roster: signed.clone(),
            enrollment_code: Some(code.trim().to_owned()),
        })
        .unwrap();
        let r = server.request(
            "PUT",
            "/v1/roster",
            &[("Content-Type", "application/json".to_owned())],
            &body,
        );
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let roster = signed.verify(&unit.unit_id(), Day::today()).unwrap();
        Self {
            unit,
            alice,
            bob,
            roster,
        }
    }

    /// The headers of a reporter's blob upload.
    pub fn blob_headers(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Content-Type", "application/octet-stream".to_owned()),
            (ROSTER_VERSION_HEADER, self.roster.version().to_string()),
        ]
    }
}

/// A caseworker request signed by `cw` now.
pub fn signed(
    addr: SocketAddr,
    cw: &CaseworkerKey,
    unit: &UnitId,
    method: &str,
    path: &str,
    body: &[u8],
) -> std::io::Result<HttpResponse> {
    let auth = SignedRequest::sign(cw, unit, method, path, now(), body_sha256(body));
    let mut headers = vec![("Authorization", auth.to_header_value())];
    if !body.is_empty() {
        headers.push(("Content-Type", "application/json".to_owned()));
    }
    try_http(addr, method, path, &headers, body, CLIENT_TIMEOUT)
}

/// Every message ID in the inbox, page by page.
pub fn inbox_ids(addr: SocketAddr, unit: &LiveUnit) -> BTreeSet<BlobId> {
    let mut ids = BTreeSet::new();
    let mut after: Option<BlobId> = None;
    loop {
        let path = match after {
            Some(a) => format!("/v1/inbox?limit=1000&after={a}"),
            None => "/v1/inbox?limit=1000".to_owned(),
        };
        let r = signed(addr, &unit.alice, &unit.unit.unit_id(), "GET", &path, b"").unwrap();
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let page: InboxPage = r.json();
        ids.extend(page.items.iter().map(|i| i.id));
        match page.next {
            Some(next) => after = Some(next),
            None => return ids,
        }
    }
}

pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// `PRAGMA integrity_check` on the data directory's database, opened
/// beside (or after) the server as an operator would.
pub fn integrity_check(data_dir: &Path) -> String {
    let conn = rusqlite::Connection::open(data_dir.join(DATABASE_FILE)).unwrap();
    conn.busy_timeout(Duration::from_secs(30)).unwrap();
    let rows: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.join("\n")
}
