//! The `sanctuary` command. Not built yet (issue #4).

fn main() -> std::process::ExitCode {
    std::process::ExitCode::FAILURE
}
