//! Snapshot tests of the `sanctuary` command: every `--help`, and the main
//! error messages people see. The cases are in `tests/cmd/`; update them
//! with `TRYCMD=overwrite cargo test -p sanctuary-cli --test cli` and read
//! the diff as a reporter or a caseworker would.

#[test]
fn cli_snapshots() {
    trycmd::TestCases::new()
        .env("LANG", "C")
        .case("tests/cmd/*.toml")
        .case("tests/cmd/*.trycmd");
}
