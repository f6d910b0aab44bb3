//! The routes, and the layers every response goes through: security
//! headers, a concurrency limit that sheds load with 503, and deadlines.
//! There is deliberately no request-logging layer (docs/dev/logging.md).

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{self, HeaderName};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::Semaphore;

use crate::error::ApiError;
use crate::handlers::{attachments, health, inbox, mailbox, messages, replies, roster};
use crate::state::AppState;

/// Every route the router serves, as (method, path). A test checks that
/// each one is documented in `docs/api/openapi.yaml`.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/v1/health"),
    ("GET", "/v1/roster"),
    ("PUT", "/v1/roster"),
    ("POST", "/v1/messages"),
    ("POST", "/v1/attachments"),
    ("POST", "/v1/mailbox/fetch"),
    ("POST", "/v1/mailbox/attachment"),
    ("POST", "/v1/mailbox/forget"),
    ("GET", "/v1/inbox"),
    ("GET", "/v1/inbox/{id}"),
    ("DELETE", "/v1/inbox/{id}"),
    ("GET", "/v1/attachments/{id}"),
    ("DELETE", "/v1/attachments/{id}"),
    ("POST", "/v1/case/attachments"),
    ("POST", "/v1/replies"),
];

/// Headers on every response.
const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("cache-control", "no-store"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    (
        "content-security-policy",
        "default-src 'none'; frame-ancestors 'none'",
    ),
];

/// The whole API as a function of its state.
pub fn router(state: AppState) -> Router {
    let limits = *state.limits();
    let uploads = Router::new()
        .route("/v1/attachments", post(attachments::post))
        .route("/v1/case/attachments", post(attachments::post_case))
        .route_layer(middleware::from_fn_with_state(
            limits.upload_timeout,
            deadline,
        ));
    let requests = Router::new()
        .route("/v1/health", get(health::get))
        .route("/v1/roster", get(roster::get).put(roster::put))
        .route("/v1/messages", post(messages::post))
        .route("/v1/mailbox/fetch", post(mailbox::fetch))
        .route("/v1/mailbox/attachment", post(mailbox::attachment))
        .route("/v1/mailbox/forget", post(mailbox::forget))
        .route("/v1/inbox", get(inbox::list))
        .route("/v1/inbox/{id}", get(inbox::get).delete(inbox::delete))
        .route(
            "/v1/attachments/{id}",
            get(attachments::get).delete(attachments::delete),
        )
        .route("/v1/replies", post(replies::post))
        .route_layer(middleware::from_fn_with_state(
            limits.request_timeout,
            deadline,
        ));
    let permits = Arc::new(Semaphore::new(limits.max_concurrent_requests));
    Router::new()
        .merge(uploads)
        .merge(requests)
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .with_state(state)
        .layer(middleware::from_fn_with_state(permits, shed_load))
        .layer(middleware::map_response(security_headers))
}

/// Refuses a request with 503 when `max_concurrent_requests` are running.
async fn shed_load(State(permits): State<Arc<Semaphore>>, req: Request, next: Next) -> Response {
    match permits.try_acquire() {
        Ok(_permit) => next.run(req).await,
        Err(_) => ApiError::Overloaded.into_response(),
    }
}

/// Ends a request that takes longer than its deadline with 408. An upload
/// cut off this way leaves nothing behind: its partial rows are removed.
async fn deadline(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout.into_response(),
    }
}

async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    headers.remove(header::SERVER);
    headers.remove(header::SET_COOKIE);
    response
}
