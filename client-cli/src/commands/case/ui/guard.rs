//! Who may talk to `case ui`, and the headers every answer carries.
//!
//! - `Host` must be exactly `127.0.0.1:PORT`: a page on another name that
//!   resolves to this computer (DNS rebinding) is refused.
//! - `Sec-Fetch-Site`, when the browser sends it, must be `same-origin` or
//!   `none` (typed or opened from another program): a request started by
//!   any other page, including one on another port of this computer, is
//!   refused.
//! - Every request but `GET` and `HEAD` must carry `Origin` equal to
//!   `http://127.0.0.1:PORT`; any request carrying another `Origin` is
//!   refused.
//! - Everything but `/open/TOKEN` needs the session cookie, compared in
//!   constant time. The token is good once; the cookie is `HttpOnly` and
//!   `SameSite=Strict`.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq as _;

use super::Session;
use crate::output;

/// The page's Content-Security-Policy: its own script, style and images,
/// requests to this server only, no forms, frames or plugins.
pub(super) const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; form-action 'none'; base-uri 'none'; \
     frame-ancestors 'none'";

/// The policy of a decrypted file: nothing in it may run.
pub(super) const FILE_CSP: &str = "default-src 'none'; img-src 'self'; sandbox";

/// A refusal, as plain text.
fn refused(status: StatusCode, why: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        why.to_owned(),
    )
        .into_response()
}

/// A header's value as text, if it is there once and is text; two
/// values (or one that is not text) are `Some("")`, which matches nothing.
fn header_text<'a>(headers: &'a HeaderMap, name: &header::HeaderName) -> Option<&'a str> {
    let mut values = headers.get_all(name).iter();
    let first = values.next()?;
    if values.next().is_some() {
        return Some("");
    }
    Some(first.to_str().unwrap_or(""))
}

/// Whether the request carries this session's cookie.
fn has_cookie(session: &Session, headers: &HeaderMap) -> bool {
    let wanted = session.cookie.as_bytes();
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, _)| *name == session.cookie_name)
        .any(|(_, value)| bool::from(value.as_bytes().ct_eq(wanted)))
}

/// Why a request is refused before it reaches a handler, if it is.
fn refusal(session: &Session, request: &Request) -> Option<Response> {
    let headers = request.headers();
    if header_text(headers, &header::HOST) != Some(session.host.as_str()) {
        return Some(refused(
            StatusCode::MISDIRECTED_REQUEST,
            "This inbox answers only at the address `sanctuary case ui` printed.",
        ));
    }
    let fetch_site = header_text(headers, &header::HeaderName::from_static("sec-fetch-site"));
    if fetch_site.is_some_and(|site| site != "same-origin" && site != "none") {
        return Some(refused(
            StatusCode::FORBIDDEN,
            "Requests from other pages are refused.",
        ));
    }
    let origin = header_text(headers, &header::ORIGIN);
    let reads = request.method() == Method::GET || request.method() == Method::HEAD;
    if origin.is_some_and(|o| o != session.origin) || (!reads && origin.is_none()) {
        return Some(refused(
            StatusCode::FORBIDDEN,
            "Changes are accepted only from the inbox page itself.",
        ));
    }
    if !request.uri().path().starts_with("/open/") && !has_cookie(session, headers) {
        return Some(refused(
            StatusCode::UNAUTHORIZED,
            "This browser is not signed in to the inbox. Open the address `sanctuary case ui` \
             printed; for a new one, stop it (Ctrl-C) and run it again.",
        ));
    }
    None
}

/// Refuses what [`refusal`] says, and adds the security headers to every
/// answer (a handler's own `Content-Security-Policy` is kept).
pub(super) async fn guard(
    State(session): State<Arc<Session>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = match refusal(&session, &request) {
        Some(refused) => refused,
        None => next.run(request).await,
    };
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PAGE_CSP),
        );
    }
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    for (name, value) in [
        ("cross-origin-opener-policy", "same-origin"),
        ("cross-origin-resource-policy", "same-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// `GET /open/TOKEN`: trades the one-time token for the session cookie and
/// goes to the inbox.
pub(super) async fn open(
    State(session): State<Arc<Session>>,
    Path(token): Path<String>,
) -> Response {
    let accepted = match session.token.lock() {
        Ok(mut slot) => {
            let good = slot
                .as_ref()
                .is_some_and(|t| bool::from(t.as_bytes().ct_eq(token.as_bytes())));
            if good {
                *slot = None;
            }
            good
        }
        Err(_) => false,
    };
    if !accepted {
        return refused(
            StatusCode::FORBIDDEN,
            "This address is wrong or was already used: it works once. To open the inbox in \
             another browser, stop `sanctuary case ui` (Ctrl-C) and run it again.",
        );
    }
    let cookie = format!(
        "{}={}; Path=/; HttpOnly; SameSite=Strict",
        session.cookie_name,
        session.cookie.as_str()
    );
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::SEE_OTHER;
    let headers = response.headers_mut();
    headers.insert(header::LOCATION, HeaderValue::from_static("/"));
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        headers.insert(header::SET_COOKIE, value);
    }
    output::note("A browser opened the inbox.");
    response
}
