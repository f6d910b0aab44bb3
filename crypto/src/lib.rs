//! # sanctuary-crypto
//!
//! The cryptographic core of Sanctuary, an anonymous crime-reporting service:
//! receipts, unit and caseworker keys, rosters, sealed messages and
//! attachments, and the shapes the server checks. It composes `age`,
//! RustCrypto (`hkdf`, `sha2`, `sha3`, `ml-kem`, `hpke`), `ed25519-dalek`,
//! `x25519-dalek` and `bip39`; it invents no primitive. [`pq`] is age's
//! hybrid post-quantum recipient type (`mlkem768x25519`); a roster's policy
//! says when messages are sealed to it ([`recipients`]). [`case_event`]
//! is the state a unit's caseworkers share about a thread. [`pow`] is the
//! proof of work anonymous submissions carry (Argon2id, HMAC-SHA-256). It does no I/O beyond `Read`/`Write` streams handed to it, and
//! knows nothing of HTTP, storage or terminals.
//!
//! Every format here is specified, with test vectors, in `docs/protocol.md`.
//!
//! ```
//! use sanctuary_crypto::{caseworker::CaseworkerKey, day::Day, message, receipt::Receipt,
//!     roster::{Policy, RosterDocument, SignedRoster, ROSTER_TYPE}, unit::UnitKey};
//!
//! // A unit admin signs a roster listing one caseworker.
//! let unit = UnitKey::generate();
//! let caseworker = CaseworkerKey::generate("PC-Jones".parse().unwrap());
//! let today = Day::today();
//! let roster = SignedRoster::sign(&RosterDocument {
//!     kind: ROSTER_TYPE.into(), version: 1, unit: unit.unit_id(), name: "Riverside".into(),
//!     issued: today, expires: today.plus(365), caseworkers: vec![caseworker.card().into()],
//!     policy: Policy::default(), form: None,
//! }, &unit).unwrap();
//!
//! // A reporter checks the roster against the unit ID they were given, then
//! // seals a report; the receipt is their only way back.
//! let roster = roster.verify(&unit.unit_id(), today).unwrap();
//! let receipt = Receipt::generate();
//! let content = message::ReportContent { text: "what happened".into(), ..Default::default() };
//! let blob = message::seal_report(&content, &receipt.derive(), &roster).unwrap();
//!
//! // The caseworker opens it.
//! match message::open(&blob, caseworker.identity()).unwrap() {
//!     message::Opened::Report(report) => assert_eq!(report.text, "what happened"),
//!     _ => unreachable!(),
//! }
//! ```

pub mod age_header;
pub mod api;
pub mod attachment;
pub mod case_event;
pub mod caseworker;
pub mod day;
pub mod ids;
pub mod keyfile;
pub(crate) mod keys;
pub mod message;
pub mod pow;
/// Post-quantum hybrid age recipients (ML-KEM-768 + X25519).
pub mod pq;
pub mod receipt;
pub mod recipients;
pub mod request_auth;
pub mod roster;
pub mod shape;
pub mod sizes;
pub mod thread;
pub mod unit;

pub use keys::{decode_verifying_key, encode_verifying_key};

/// Re-exported so dependants use the exact `age` this crate was built with.
pub use age;
