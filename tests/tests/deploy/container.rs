//! The Containerfile, checked statically (no container engine runs here).

use super::*;

// --- Containerfile -------------------------------------------------------------

/// Containerfile instructions: (keyword, arguments), continuation lines
/// joined, comments dropped.
fn instructions(containerfile: &str) -> Vec<(String, String)> {
    let mut joined = Vec::new();
    let mut current = String::new();
    for line in containerfile.lines() {
        let trimmed = line.trim();
        if current.is_empty() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        if let Some(start) = trimmed.strip_suffix('\\') {
            current.push_str(start);
            current.push(' ');
        } else {
            current.push_str(trimmed);
            joined.push(std::mem::take(&mut current));
        }
    }
    assert!(current.is_empty(), "dangling continuation line");
    joined
        .into_iter()
        .map(|line| {
            let (keyword, args) = line.split_once(char::is_whitespace).unwrap_or((&line, ""));
            (keyword.to_ascii_uppercase(), args.trim().to_owned())
        })
        .collect()
}

fn toolchain_channel() -> String {
    read_repo_file("rust-toolchain.toml")
        .lines()
        .find_map(|l| l.trim().strip_prefix("channel = "))
        .expect("rust-toolchain.toml has a channel")
        .trim_matches('"')
        .to_owned()
}

/// No container engine runs here, so the Containerfile is checked
/// statically: two stages, the locked release build of the server on the
/// pinned toolchain, a non-root user, the data directory as a volume, a
/// health check, and nothing secret copied or set.
#[test]
fn containerfile_builds_the_server_and_runs_it_unprivileged() {
    let all = instructions(&read_repo_file("deploy/Containerfile"));
    let stages: Vec<usize> = all
        .iter()
        .enumerate()
        .filter(|(_, (k, _))| k == "FROM")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(stages.len(), 2, "a build stage and a runtime stage");
    let (build, runtime) = (&all[stages[0]..stages[1]], &all[stages[1]..]);

    let channel = toolchain_channel();
    let from_build = &build[0].1;
    assert!(
        from_build.starts_with(&format!("docker.io/library/rust:{channel}-"))
            && from_build.ends_with(" AS build"),
        "build stage: {from_build} (rust-toolchain.toml pins {channel})"
    );
    assert!(
        build.contains(&("ENV".to_owned(), format!("RUSTUP_TOOLCHAIN={channel}"))),
        "the build uses the image's toolchain"
    );
    let cargo = build
        .iter()
        .find(|(k, a)| k == "RUN" && a.contains("cargo build"))
        .expect("a cargo build");
    for flag in ["--release", "-p sanctuary-server", "--locked"] {
        assert!(cargo.1.contains(flag), "cargo build lacks {flag}");
    }
    // Same Debian release in both stages (glibc).
    let release = from_build
        .split(['-', ' '])
        .find(|w| ["bookworm", "trixie", "forky"].contains(w))
        .expect("a Debian release in the build image tag");
    let from_runtime = &runtime[0].1;
    assert!(
        from_runtime.starts_with(&format!("docker.io/library/debian:{release}-slim")),
        "runtime stage: {from_runtime}"
    );

    // Only COPY (ADD can fetch URLs and unpack archives), nothing secret.
    for (keyword, args) in &all {
        assert_ne!(keyword, "ADD", "use COPY, not ADD {args}");
        let lower = args.to_ascii_lowercase();
        if keyword == "COPY" {
            for secret in [".pem", ".key", "enrollment-code", ".env", "id_", ".age"] {
                assert!(!lower.contains(secret), "COPY {args}");
            }
        }
        if keyword == "ENV" || keyword == "ARG" {
            for secret in ["secret", "password", "token=", "key="] {
                assert!(!lower.contains(secret), "{keyword} {args}");
            }
        }
    }
    let runtime_copies: Vec<&String> = runtime
        .iter()
        .filter(|(k, _)| k == "COPY")
        .map(|(_, a)| a)
        .collect();
    assert!(
        runtime_copies
            .iter()
            .all(|a| a.starts_with("--from=build ")),
        "the runtime stage copies only the built binary: {runtime_copies:?}"
    );

    let last = |keyword: &str| {
        runtime
            .iter()
            .rposition(|(k, _)| k == keyword)
            .unwrap_or_else(|| panic!("no {keyword} in the runtime stage"))
    };
    let user = &runtime[last("USER")].1;
    let name = user.split(':').next().unwrap();
    assert!(!["root", "0", ""].contains(&name), "USER {user}");
    assert!(
        last("USER") > last("RUN"),
        "nothing runs as root after USER"
    );
    assert!(last("USER") < last("ENTRYPOINT"));

    let env = runtime
        .iter()
        .filter(|(k, _)| k == "ENV")
        .map(|(_, a)| a.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let data_dir = env
        .split_whitespace()
        .find_map(|w| w.strip_prefix("SANCTUARY_DATA_DIR="))
        .expect("ENV SANCTUARY_DATA_DIR");
    assert!(env.contains("SANCTUARY_LISTEN=0.0.0.0:8080"), "{env}");
    assert_eq!(runtime[last("VOLUME")].1, format!("[\"{data_dir}\"]"));
    assert_eq!(runtime[last("EXPOSE")].1, "8080");
    assert!(runtime[last("HEALTHCHECK")].1.contains("/v1/health"));
    assert_eq!(
        runtime[last("ENTRYPOINT")].1,
        "[\"/usr/local/bin/sanctuary-server\"]"
    );
    assert_eq!(runtime[last("CMD")].1, "[\"serve\"]");

    let ignored: Vec<String> = read_repo_file(".dockerignore")
        .lines()
        .map(|l| l.trim().trim_end_matches('/').to_owned())
        .collect();
    for path in ["target", ".git", "sanctuary-data"] {
        assert!(
            ignored.iter().any(|l| l == path),
            ".dockerignore lacks {path}"
        );
    }
}
