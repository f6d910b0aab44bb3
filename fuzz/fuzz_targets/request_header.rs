//! The `Authorization` header of caseworker requests, as the server parses
//! it: parse, re-encode what parses, verify against a fixed request.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctuary_crypto::request_auth::SignedRequest;
use sanctuary_crypto::unit::UnitId;

/// The unit of the protocol's test vectors.
const UNIT: &str = "sanctuary132yw8ht5p8cetl2jmvknewjawt9xwzdlrk2pyxlnwjyqrdq0dawq0nu735";

fuzz_target!(|data: &str| {
    if let Ok(req) = SignedRequest::parse(data) {
        let again = SignedRequest::parse(&req.to_header_value()).expect("round trip");
        assert_eq!(again, req);
        let unit: UnitId = UNIT.parse().expect("the vectors' unit ID");
        let _ = req.verify(&unit, "GET", "/v1/inbox", req.timestamp);
    }
});
