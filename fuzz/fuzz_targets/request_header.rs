//! The `Authorization` header of caseworker requests, as the server parses
//! it: parse, re-encode what parses, verify against a fixed request.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctuary_crypto::request_auth::SignedRequest;

fuzz_target!(|data: &str| {
    if let Ok(req) = SignedRequest::parse(data) {
        let again = SignedRequest::parse(&req.to_header_value()).expect("round trip");
        assert_eq!(again, req);
        let _ = req.verify("GET", "/v1/inbox", req.timestamp);
    }
});
