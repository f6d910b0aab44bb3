//! # sanctuary-server
//!
//! The Sanctuary server (issue #3). Not built yet: this crate is empty.
