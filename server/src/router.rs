//! The routes, and the layers every response goes through: security
//! headers, CORS (off unless configured) and deadlines. Admission (each
//! route's body cap, the body budget, a concurrency limit that sheds load
//! with 503, counted only for requests the server is working on, never for
//! those still waiting for their client) is done by each handler's
//! extractors (`extract.rs`, `admission.rs`), so that caseworker routes
//! check their signature before reading a body. The reporter page's routes
//! are outside admission: they read no body and answer from memory. There
//! is deliberately no request-logging layer (docs/dev/logging.md).

use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{self, HeaderName};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::error::ApiError;
use crate::handlers::pages::{self, PageResponse};
use crate::handlers::{attachments, health, inbox, mailbox, messages, pow, replies, roster};
use crate::state::AppState;

/// Every route the router serves, as (method, path). A test checks that
/// each one is documented in `docs/api/openapi.yaml`.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/v1/health"),
    ("GET", "/v1/roster"),
    ("PUT", "/v1/roster"),
    ("GET", "/v1/pow"),
    ("POST", "/v1/messages"),
    ("POST", "/v1/attachments"),
    ("POST", "/v1/attachments/resume"),
    ("POST", "/v1/attachments/resume/status"),
    ("POST", "/v1/mailbox/fetch"),
    ("POST", "/v1/mailbox/attachment"),
    ("POST", "/v1/mailbox/forget"),
    ("GET", "/v1/inbox"),
    ("GET", "/v1/inbox/{id}"),
    ("DELETE", "/v1/inbox/{id}"),
    ("GET", "/v1/attachments/{id}"),
    ("DELETE", "/v1/attachments/{id}"),
    ("POST", "/v1/case/attachments"),
    ("POST", "/v1/case/inbox/fetch"),
    ("GET", "/v1/case/replies"),
    ("POST", "/v1/case/replies/fetch"),
    ("POST", "/v1/replies"),
];

/// The reporter page's routes, as (method, path); each answers HEAD too.
/// They are not API routes: they take no body and no work slot, and their
/// answers carry the page's headers (its CSP, COOP, CORP and
/// Permissions-Policy) instead of the API's CSP. A test checks that each
/// one is documented in `docs/api/openapi.yaml` as well.
pub const PAGE_ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("GET", "/app.js"),
    ("GET", "/app.css"),
    ("GET", "/sanctuary-reporter.html"),
];

/// Headers on every response, the API's and the page's. Nothing may be
/// cached, so no response carries `ETag` or `Last-Modified` either (the
/// layer removes them).
const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("cache-control", "no-store"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
];

/// Headers on every API response (and every error): nothing may load.
const API_HEADERS: &[(&str, &str)] = &[(
    "content-security-policy",
    "default-src 'none'; frame-ancestors 'none'",
)];

/// Headers on the reporter page's responses: scripts and styles only from
/// this origin (`index.html` pins them further with Subresource
/// Integrity), requests only to this origin, images only from here or
/// built in the page (the empty `data:` icon; the page shows no previews
/// today, `blob:` leaves room for them), no plugins, frames,
/// forms or `<base>`; a window of its own (no opener from another site can
/// reach it); its files not loadable by other sites; and no camera,
/// microphone, location and the like.
const PAGE_HEADERS: &[(&str, &str)] = &[
    (
        "content-security-policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; \
         connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), display-capture=(), payment=(), usb=()",
    ),
];

/// The whole API as a function of its state.
pub fn router(state: AppState) -> Router {
    let limits = *state.limits();
    // Uploads stream to storage as they arrive, holding at most about a
    // second of data (upload.rs), so waiting for a slow client costs no
    // slot; they are bounded by their deadline.
    let uploads = Router::new()
        .route("/v1/attachments", post(attachments::post))
        .route("/v1/attachments/resume", post(attachments::post_resume))
        .route("/v1/case/attachments", post(attachments::post_case))
        .route_layer(middleware::from_fn_with_state(
            limits.upload_timeout,
            deadline,
        ));
    let requests = Router::new()
        .route("/v1/health", get(health::get))
        .route("/v1/roster", get(roster::get).put(roster::put))
        .route("/v1/pow", get(pow::get))
        .route(
            "/v1/attachments/resume/status",
            post(attachments::resume_status),
        )
        .route("/v1/messages", post(messages::post))
        .route("/v1/mailbox/fetch", post(mailbox::fetch))
        .route("/v1/mailbox/attachment", post(mailbox::attachment))
        .route("/v1/mailbox/forget", post(mailbox::forget))
        .route("/v1/inbox", get(inbox::list::<inbox::Messages>))
        .route("/v1/inbox/{id}", get(inbox::get).delete(inbox::delete))
        .route(
            "/v1/attachments/{id}",
            get(attachments::get).delete(attachments::delete),
        )
        .route("/v1/replies", post(replies::post))
        .route(
            "/v1/case/inbox/fetch",
            post(inbox::fetch_many::<inbox::Messages>),
        )
        .route("/v1/case/replies", get(inbox::list::<inbox::Replies>))
        .route(
            "/v1/case/replies/fetch",
            post(inbox::fetch_many::<inbox::Replies>),
        )
        .route_layer(middleware::from_fn_with_state(
            limits.request_timeout,
            deadline,
        ));
    // The page: static bytes, no body read, no slot taken, so page loads
    // cannot starve submissions (nor the reverse).
    let page = Router::new()
        .route("/", get(pages::index))
        .route("/app.js", get(pages::app_js))
        .route("/app.css", get(pages::app_css))
        .route("/sanctuary-reporter.html", get(pages::standalone));
    Router::new()
        .merge(uploads)
        .merge(requests)
        .merge(page)
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .with_state(state.clone())
        .layer(middleware::from_fn_with_state(state, crate::cors::cors))
        .layer(middleware::map_response(security_headers))
}

/// Ends a request that takes longer than its deadline with 408. An upload
/// cut off this way leaves nothing behind: its partial rows are removed.
async fn deadline(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout.into_response(),
    }
}

/// Sets [`SECURITY_HEADERS`] on every response, then [`PAGE_HEADERS`] on
/// the page's and [`API_HEADERS`] on all others; removes anything that
/// could identify the server software, set a cookie or validate a cache.
async fn security_headers(mut response: Response) -> Response {
    let page = response.extensions_mut().remove::<PageResponse>().is_some();
    let specific = if page { PAGE_HEADERS } else { API_HEADERS };
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS.iter().chain(specific) {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    for name in [
        header::SERVER,
        header::SET_COOKIE,
        header::ETAG,
        header::LAST_MODIFIED,
    ] {
        headers.remove(name);
    }
    response
}
