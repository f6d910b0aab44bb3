//! The `sanctuary` command. Everything is in the library; see its docs.

fn main() -> std::process::ExitCode {
    sanctuary_cli::main()
}
