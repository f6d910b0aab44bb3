//! The reporter page: the files `web/dist/` held when the server was
//! compiled, embedded in the binary, so the server needs nothing beside it
//! to serve them. `GET /`, `/app.js`, `/app.css` and
//! `/sanctuary-reporter.html` (HEAD too); the router gives these responses
//! the page's headers (`crate::router::PAGE_HEADERS`).
//!
//! The standalone `sanctuary-reporter.html` is served as a download: it is
//! meant to be hosted elsewhere or opened from a file, never run under this
//! server's origin (its inline script would be blocked here anyway).

use axum::body::{Body, Bytes, HttpBody as _};
use axum::http::header::{self, HeaderValue};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// One embedded file of the page.
pub(crate) struct PageFile {
    bytes: &'static [u8],
    content_type: &'static str,
    /// `Content-Disposition` for a file served as a download.
    disposition: Option<&'static str>,
}

macro_rules! dist {
    ($name:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../web/dist/", $name))
    };
}

const HTML: &str = "text/html; charset=utf-8";

/// `GET /`: the page, which loads the two files below with Subresource
/// Integrity.
pub(crate) static INDEX: PageFile = PageFile {
    bytes: dist!("index.html"),
    content_type: HTML,
    disposition: None,
};

/// `GET /app.js`.
pub(crate) static APP_JS: PageFile = PageFile {
    bytes: dist!("app.js"),
    content_type: "text/javascript; charset=utf-8",
    disposition: None,
};

/// `GET /app.css`.
pub(crate) static APP_CSS: PageFile = PageFile {
    bytes: dist!("app.css"),
    content_type: "text/css; charset=utf-8",
    disposition: None,
};

/// `GET /sanctuary-reporter.html`: the self-contained copy, as a download.
pub(crate) static STANDALONE: PageFile = PageFile {
    bytes: dist!("sanctuary-reporter.html"),
    content_type: HTML,
    disposition: Some("attachment; filename=\"sanctuary-reporter.html\""),
};

/// Marks a response as the page's, so that the router gives it the page's
/// headers instead of the API's.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PageResponse;

/// Serves `file`. A request with a body is refused unread: these routes
/// take none, so they never hold body bytes (or a work slot) for anyone.
fn serve(file: &'static PageFile, body: &Body) -> Response {
    if body.size_hint().exact() != Some(0) {
        return ApiError::BadRequest("this route takes no request body".into()).into_response();
    }
    let mut response = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(file.content_type),
        )],
        Bytes::from_static(file.bytes),
    )
        .into_response();
    if let Some(disposition) = file.disposition {
        response.headers_mut().insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static(disposition),
        );
    }
    response.extensions_mut().insert(PageResponse);
    response
}

/// `GET /`.
pub(crate) async fn index(body: Body) -> Response {
    serve(&INDEX, &body)
}

/// `GET /app.js`.
pub(crate) async fn app_js(body: Body) -> Response {
    serve(&APP_JS, &body)
}

/// `GET /app.css`.
pub(crate) async fn app_css(body: Body) -> Response {
    serve(&APP_CSS, &body)
}

/// `GET /sanctuary-reporter.html`.
pub(crate) async fn standalone(body: Body) -> Response {
    serve(&STANDALONE, &body)
}
