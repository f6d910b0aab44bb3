//! # sanctuary-tests
//!
//! End-to-end tests (issue #5). Not written yet: this crate is empty.
