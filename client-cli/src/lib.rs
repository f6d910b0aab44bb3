//! # sanctuary-cli
//!
//! The `sanctuary` command (issue #4). Not built yet: this crate is empty.
