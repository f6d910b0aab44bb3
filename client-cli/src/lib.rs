//! # sanctuary-cli
//!
//! The `sanctuary` command (issue #4): reporters, caseworkers and unit
//! admins. Being built.

pub mod metadata;
