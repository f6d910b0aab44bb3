//! The systemd unit: `systemd-analyze verify` and `security`, and its directives.

use super::*;

// --- systemd -------------------------------------------------------------------

const UNIT: &str = "sanctuary-server.service";
const UNIT_BINARY: &str = "ExecStart=/usr/local/bin/sanctuary-server ";

/// The unit with ExecStart pointing at an executable that exists here
/// (`systemd-analyze verify` refuses a missing one), in a fresh directory.
fn unit_copy(dir: &TempDir, unit: &str) -> PathBuf {
    let unit = rewrite(unit, &[(UNIT_BINARY, "ExecStart=/bin/true ")]);
    dir.write(UNIT, &unit)
}

/// `systemd-analyze verify`, which exits 0 on unknown or malformed
/// directives (it only warns and ignores them), so any output is an error.
fn systemd_verify(unit: &Path) -> Result<(), String> {
    let analyze = tool("systemd-analyze", "systemd");
    let output = run(Command::new(analyze).arg("verify").arg(unit));
    let said = text(&output);
    if output.status.success() && said.trim().is_empty() {
        Ok(())
    } else {
        Err(format!("{}: {said}", output.status))
    }
}

/// The `[Service]` section's directives, in order.
fn service_directives(unit: &str) -> Vec<(String, String)> {
    let mut in_service = false;
    let mut directives = Vec::new();
    for line in unit.lines().map(str::trim) {
        if line.starts_with('[') {
            in_service = line == "[Service]";
        } else if in_service && !line.is_empty() && !line.starts_with('#') {
            let (key, value) = line.split_once('=').expect("key=value");
            directives.push((key.to_owned(), value.to_owned()));
        }
    }
    directives
}

#[test]
fn systemd_unit_passes_systemd_analyze_verify() {
    let dir = TempDir::new("unit");
    let unit = unit_copy(&dir, &read_repo_file("deploy/sanctuary-server.service"));
    systemd_verify(&unit).unwrap();
}

#[test]
fn systemd_verify_catches_a_broken_unit() {
    let original = read_repo_file("deploy/sanctuary-server.service");
    for (from, to) in [
        ("ProtectSystem=strict", "ProtectSystem=strcit"),
        ("PrivateTmp=yes", "PrivateTmpp=yes"),
        (
            "RestrictAddressFamilies=AF_INET",
            "RestrictAddressFamilies=AF_INTE",
        ),
    ] {
        let dir = TempDir::new("unit-broken");
        let unit = unit_copy(&dir, &rewrite(&original, &[(from, to)]));
        assert!(
            systemd_verify(&unit).is_err(),
            "`{to}` went unnoticed by systemd-analyze verify"
        );
    }
    // A missing executable is caught too.
    let dir = TempDir::new("unit-missing-binary");
    let unit = dir.write(
        UNIT,
        &rewrite(
            &original,
            &[(UNIT_BINARY, "ExecStart=/nonexistent/sanctuary-server ")],
        ),
    );
    assert!(systemd_verify(&unit).is_err());
}

/// `systemd-analyze security` scores exposure from 0 (locked down) to 10; the
/// unit is at 1.3. Fail if a change pushes it past 2.0.
fn systemd_exposure_at_most(unit: &Path, tenths: u32) -> Result<(), String> {
    let analyze = tool("systemd-analyze", "systemd");
    let output = run(Command::new(analyze)
        .args(["security", "--offline=yes", "--no-pager"])
        .arg(format!("--threshold={tenths}"))
        .arg(unit));
    if output.status.success() {
        Ok(())
    } else {
        Err(text(&output))
    }
}

#[test]
fn systemd_unit_is_sandboxed() {
    let dir = TempDir::new("unit-security");
    let unit = unit_copy(&dir, &read_repo_file("deploy/sanctuary-server.service"));
    systemd_exposure_at_most(&unit, 20).unwrap();

    // The threshold means something: a bare unit is far above it.
    let bare = TempDir::new("unit-bare");
    let unit = bare.write(UNIT, "[Service]\nExecStart=/bin/true\n");
    assert!(systemd_exposure_at_most(&unit, 20).is_err());
}

#[test]
fn systemd_unit_has_the_promised_directives() {
    let unit = read_repo_file("deploy/sanctuary-server.service");
    let directives = service_directives(&unit);
    let mut by_key: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (key, value) in &directives {
        by_key.entry(key).or_default().push(value);
    }
    for (key, value) in [
        ("DynamicUser", "yes"),
        ("StateDirectory", "sanctuary"),
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("PrivateTmp", "yes"),
        ("PrivateDevices", "yes"),
        ("NoNewPrivileges", "yes"),
        ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"),
        ("CapabilityBoundingSet", ""),
        ("SystemCallFilter", "@system-service"),
        ("MemoryDenyWriteExecute", "yes"),
        ("LockPersonality", "yes"),
        ("RestrictNamespaces", "yes"),
        ("RestrictRealtime", "yes"),
        ("ProtectKernelTunables", "yes"),
        ("ProtectKernelModules", "yes"),
        ("ProtectKernelLogs", "yes"),
        ("ProtectControlGroups", "yes"),
        ("ProtectClock", "yes"),
        ("ProtectHostname", "yes"),
        ("UMask", "0077"),
        ("IPAddressDeny", "any"),
        ("IPAddressAllow", "localhost"),
        ("Restart", "on-failure"),
        ("StandardError", "journal"),
    ] {
        assert!(
            by_key.get(key).is_some_and(|v| v.contains(&value)),
            "the unit lacks {key}={value}"
        );
    }
    // The state directory is the only writable path, and it is the data dir.
    for key in ["ReadWritePaths", "User", "LogsDirectory", "CacheDirectory"] {
        assert!(!by_key.contains_key(key), "unexpected {key}=");
    }
    let exec = by_key["ExecStart"].join(" ");
    assert!(exec.contains(&format!("--listen {UPSTREAM}")), "{exec}");
    assert!(exec.contains("--data-dir /var/lib/sanctuary"), "{exec}");

    // Every directive carries a reason: walking up from it, a comment comes
    // before the previous blank line.
    let lines: Vec<&str> = unit.lines().map(str::trim).collect();
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() || line.starts_with('#') || line.starts_with('[') {
            continue;
        }
        let explained = lines[..i]
            .iter()
            .rev()
            .take_while(|l| !l.is_empty() && !l.starts_with('['))
            .any(|l| l.starts_with('#'));
        assert!(explained, "no comment explains `{line}`");
    }
}
