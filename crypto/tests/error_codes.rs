//! `ErrorCode` is the one list of the API's error codes; two other lists
//! mirror it by design, and these tests fail when either drifts: the
//! `ErrorBody` schema of `docs/api/openapi.yaml` (the normative API
//! description) and the reporter page's `API_CODES` in
//! `web/src/ui/codes.ts` (TypeScript cannot import the Rust enum).

#![allow(clippy::unwrap_used, missing_docs)]

use sanctuary_crypto::api::ErrorCode;

fn repo_file(path: &str) -> String {
    let full = format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn all() -> Vec<&'static str> {
    ErrorCode::ALL.iter().map(ErrorCode::as_str).collect()
}

/// The `enum:` list of `components.schemas.ErrorBody.properties.error`,
/// read line by line (`- code` items below the `enum:` key).
fn openapi_codes() -> Vec<String> {
    let yaml = repo_file("docs/api/openapi.yaml");
    let mut lines = yaml
        .lines()
        .skip_while(|l| *l != "    ErrorBody:")
        .skip_while(|l| l.trim() != "enum:")
        .skip(1);
    let first = lines.next().unwrap();
    let indent = first.len() - first.trim_start().len();
    std::iter::once(first)
        .chain(lines)
        .take_while(|l| l.len() - l.trim_start().len() == indent)
        .map(|l| l.trim().strip_prefix("- ").unwrap().to_owned())
        .collect()
}

/// The quoted strings of `export const API_CODES = [ … ] as const;`.
fn web_codes() -> Vec<String> {
    let ts = repo_file("web/src/ui/codes.ts");
    ts.lines()
        .skip_while(|l| !l.starts_with("export const API_CODES = ["))
        .skip(1)
        .take_while(|l| !l.starts_with(']'))
        .map(|l| {
            l.trim()
                .trim_end_matches(',')
                .strip_prefix('"')
                .and_then(|l| l.strip_suffix('"'))
                .unwrap_or_else(|| panic!("not a quoted code: {l}"))
                .to_owned()
        })
        .collect()
}

/// The page's own codes in `API_CODES`, never sent by a server: it could
/// not reach one (`network`), or did not understand the answer
/// (`bad_answer`).
const PAGE_OWN: &[&str] = &["network", "bad_answer"];

#[test]
fn openapi_lists_exactly_the_error_codes_in_order() {
    assert_eq!(openapi_codes(), all());
}

#[test]
fn the_reporter_page_knows_exactly_the_error_codes() {
    let web = web_codes();
    for own in PAGE_OWN {
        assert!(web.iter().any(|c| c == own), "{own} left the page's list");
    }
    let mut server: Vec<&str> = web
        .iter()
        .map(String::as_str)
        .filter(|c| !PAGE_OWN.contains(c))
        .collect();
    let mut known = all();
    server.sort_unstable();
    known.sort_unstable();
    assert_eq!(server, known);
}

#[test]
fn no_server_code_is_one_of_the_pages_own() {
    for own in PAGE_OWN {
        assert_eq!(ErrorCode::parse(own), None, "{own}");
    }
}
