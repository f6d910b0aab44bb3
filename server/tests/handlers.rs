//! Handler tests through `tower::ServiceExt::oneshot`: public routes,
//! security headers, errors, messages and the inbox.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::*;
use sanctuary_crypto::api::{Health, InboxPage, Stored};
use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::message;
use sanctuary_crypto::roster::SignedRoster;
use sanctuary_crypto::sizes::MAX_MESSAGE_CIPHERTEXT;

#[track_caller]
fn assert_security_headers(r: &Reply) {
    let h = &r.headers;
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(
        h["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
    assert!(h.get(header::SET_COOKIE).is_none());
    assert!(h.get(header::SERVER).is_none());
}

#[tokio::test]
async fn health_and_roster_before_enrollment() {
    let server = Server::start().await;
    let r = server.send(get("/v1/health")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.json::<Health>(),
        Health {
            status: "ok".into(),
            enrolled: false
        }
    );
    assert_security_headers(&r);

    let r = server.send(get("/v1/roster")).await;
    r.assert(StatusCode::NOT_FOUND, "no_roster");
    assert_security_headers(&r);

    let r = server
        .send(blob_request("/v1/messages", vec![0; 100], Some(1)))
        .await;
    r.assert(StatusCode::SERVICE_UNAVAILABLE, "not_enrolled");
    server.close().await;
}

#[tokio::test]
async fn roster_is_served_exactly_as_accepted() {
    let unit = Unit::start().await;
    let r = unit.send(get("/v1/health")).await;
    assert!(r.json::<Health>().enrolled);
    let r = unit.send(get("/v1/roster")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/json");
    let served: SignedRoster = r.json();
    assert_eq!(&served, unit.roster.signed());
    assert_eq!(r.body, serde_json::to_vec(unit.roster.signed()).unwrap());
    unit.server.close().await;
}

#[tokio::test]
async fn unknown_routes_wrong_methods_and_bad_bodies_get_json_errors() {
    let unit = Unit::start().await;
    let r = unit.send(get("/nope")).await;
    r.assert(StatusCode::NOT_FOUND, "not_found");
    assert_security_headers(&r);
    let r = unit.send(get("/v1/messages")).await;
    r.assert(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert_security_headers(&r);
    let r = unit
        .send(Request::delete("/v1/health").body(Body::empty()).unwrap())
        .await;
    r.assert(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");

    let r = unit
        .send(json_request(
            Method::POST,
            "/v1/mailbox/fetch",
            b"{not json".to_vec(),
        ))
        .await;
    r.assert(StatusCode::BAD_REQUEST, "bad_request");
    let body = format!(r#"{{"mailbox":"{}","extra":1}}"#, "ab".repeat(32));
    let r = unit
        .send(json_request(Method::POST, "/v1/mailbox/fetch", body.into()))
        .await;
    r.assert(StatusCode::BAD_REQUEST, "bad_request");
    let r = unit
        .send(
            Request::post("/v1/mailbox/fetch")
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from(format!(
                    r#"{{"mailbox":"{}"}}"#,
                    "ab".repeat(32)
                )))
                .unwrap(),
        )
        .await;
    r.assert(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    let r = unit
        .send(
            Request::post("/v1/messages")
                .header(header::CONTENT_TYPE, "application/json")
                .header(sanctuary_crypto::api::ROSTER_VERSION_HEADER, "1")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
    r.assert(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    unit.server.close().await;
}

#[tokio::test]
async fn report_is_stored_listed_fetched_and_deleted() {
    let unit = Unit::start().await;
    let reporter = Reporter::new();
    let blob = reporter.report(&unit.roster, "my bike was stolen");
    let r = unit.post_message(blob.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_security_headers(&r);
    let id = r.json::<Stored>().id;

    let r = unit
        .signed(&unit.alice, Method::GET, "/v1/inbox", Vec::new())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let page: InboxPage = r.json();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].id, id);
    assert_eq!(page.items[0].size, blob.len() as u64);
    assert_eq!(page.items[0].bucket, 16384);
    assert_eq!(page.items[0].day, sanctuary_crypto::day::Day::today());
    assert!(page.next.is_none());

    let path = format!("/v1/inbox/{id}");
    let r = unit.signed(&unit.bob, Method::GET, &path, Vec::new()).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/octet-stream");
    assert_eq!(r.body, blob);
    match message::open(&r.body, unit.bob.identity()).unwrap() {
        message::Opened::Report(report) => assert_eq!(report.text, "my bike was stolen"),
        other => panic!("{other:?}"),
    }

    let r = unit
        .signed(&unit.bob, Method::DELETE, &path, Vec::new())
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = unit.signed(&unit.bob, Method::GET, &path, Vec::new()).await;
    r.assert(StatusCode::NOT_FOUND, "not_found");
    let r = unit
        .signed(&unit.bob, Method::DELETE, &path, Vec::new())
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    unit.server.close().await;
}

#[tokio::test]
async fn inbox_pages_by_random_id() {
    let unit = Unit::start().await;
    let reporter = Reporter::new();
    let mut ids = Vec::new();
    for i in 0..5 {
        let r = unit
            .post_message(reporter.report(&unit.roster, &format!("report {i}")))
            .await;
        ids.push(r.json::<Stored>().id);
    }
    ids.sort();
    let mut seen = Vec::new();
    let mut path = "/v1/inbox?limit=2".to_owned();
    loop {
        let r = unit
            .signed(&unit.alice, Method::GET, &path, Vec::new())
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let page: InboxPage = r.json();
        assert!(page.items.len() <= 2);
        seen.extend(page.items.iter().map(|i| i.id));
        match page.next {
            Some(next) => path = format!("/v1/inbox?after={next}&limit=2"),
            None => break,
        }
    }
    assert_eq!(seen, ids);
    for bad in [
        "/v1/inbox?limit=0",
        "/v1/inbox?limit=1001",
        "/v1/inbox?after=zz",
    ] {
        let r = unit.signed(&unit.alice, Method::GET, bad, Vec::new()).await;
        r.assert(StatusCode::BAD_REQUEST, "bad_request");
    }
    // Attachments are not listed.
    let recipients = unit.roster.document().recipients();
    let r = unit
        .post_attachment(attachment_blob(&recipients, 1000))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = unit
        .signed(&unit.alice, Method::GET, "/v1/inbox?limit=1000", Vec::new())
        .await;
    assert_eq!(r.json::<InboxPage>().items.len(), 5);
    unit.server.close().await;
}

#[tokio::test]
async fn messages_need_the_current_roster_version() {
    let mut unit = Unit::start().await;
    let reporter = Reporter::new();
    let blob = reporter.report(&unit.roster, "hello");

    let r = unit
        .send(blob_request("/v1/messages", blob.clone(), None))
        .await;
    r.assert(StatusCode::BAD_REQUEST, "bad_request");
    let r = unit
        .send(blob_request("/v1/messages", blob.clone(), Some(7)))
        .await;
    r.assert(StatusCode::CONFLICT, "roster_changed");

    // A new roster with a third caseworker: the old blob (two recipients)
    // is refused as sealed for another roster, even with the new version.
    let carol = CaseworkerKey::generate("carol".parse().unwrap());
    let next = signed_roster(&unit.unit, &[&unit.alice, &unit.bob, &carol], 2);
    unit.republish(next).await;
    let r = unit
        .send(blob_request("/v1/messages", blob.clone(), Some(1)))
        .await;
    r.assert(StatusCode::CONFLICT, "roster_changed");
    let r = unit.post_message(blob).await;
    r.assert(StatusCode::CONFLICT, "roster_changed");
    let r = unit
        .post_message(reporter.report(&unit.roster, "hello again"))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    unit.server.close().await;
}

#[tokio::test]
async fn oversized_messages_are_refused_before_reading() {
    let unit = Unit::start().await;
    let r = unit
        .post_message(vec![0; MAX_MESSAGE_CIPHERTEXT as usize + 1])
        .await;
    r.assert(StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    // Without a Content-Length, the limit still holds while reading.
    let body = Body::from_stream(futures_util::stream::iter(
        (0..20).map(|_| Ok::<_, std::io::Error>(vec![0u8; 64 * 1024])),
    ));
    let r = unit
        .send(
            Request::post("/v1/messages")
                .header(sanctuary_crypto::api::ROSTER_VERSION_HEADER, "1")
                .body(body)
                .unwrap(),
        )
        .await;
    r.assert(StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    let r = unit.post_message(b"not age at all".to_vec()).await;
    r.assert(StatusCode::BAD_REQUEST, "not_age");
    unit.server.close().await;
}
