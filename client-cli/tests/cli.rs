//! Snapshot tests of the `sanctuary` command: every `--help`, and the main
//! error messages people see. The cases are in `tests/cmd/`; update them
//! with `TRYCMD=overwrite cargo test -p sanctuary-cli --test cli` and read
//! the diff as a reporter or a caseworker would.

#[test]
fn cli_snapshots() {
    // Empty values stand for "not set", so a developer's own SANCTUARY_*
    // settings cannot change the snapshots.
    trycmd::TestCases::new()
        .env("LANG", "C")
        .env("SANCTUARY_SERVER", "")
        .env("SANCTUARY_UNIT", "")
        .env("SANCTUARY_KEY", "")
        .env("SANCTUARY_STORE", "")
        .env("SANCTUARY_PROXY", "")
        .case("tests/cmd/*.toml")
        .case("tests/cmd/*.trycmd");
}
