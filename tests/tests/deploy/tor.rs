//! The torrc: `tor --verify-config`, and its onion service and DoS defences.

use super::*;

// --- Tor -----------------------------------------------------------------------

const HIDDEN_SERVICE_DIR: &str = "HiddenServiceDir /var/lib/tor/sanctuary/";

/// `tor --verify-config` on `torrc` with the onion service's directory moved
/// into `dir` (whose mode is 0700, as tor requires of its parent) and no
/// defaults file. Tor accepts abbreviated and deprecated options with only
/// a warning, so a warning is an error here (except the one about root).
fn tor_verify(dir: &TempDir, torrc: &str) -> Result<(), String> {
    let tor = tool("tor", "tor");
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(dir.join("hs"))
        .unwrap();
    let hs = dir.join("hs/sanctuary/");
    let torrc = rewrite(
        torrc,
        &[(
            HIDDEN_SERVICE_DIR,
            &format!("HiddenServiceDir {}/", hs.display()),
        )],
    );
    let torrc = dir.write("torrc", &torrc);
    let defaults = dir.write("torrc-defaults", "");
    let output = run(Command::new(tor)
        .arg("--verify-config")
        .arg("--defaults-torrc")
        .arg(defaults)
        .arg("-f")
        .arg(torrc)
        .arg("--DataDirectory")
        .arg(dir.join("data")));
    let said = text(&output);
    let complaints: Vec<&str> = said
        .lines()
        .filter(|l| l.contains("[warn]") || l.contains("[err]"))
        .filter(|l| !l.contains("You are running Tor as root"))
        .collect();
    if output.status.success() && said.contains("Configuration was valid") && complaints.is_empty()
    {
        Ok(())
    } else {
        Err(format!("{}: {said}", output.status))
    }
}

#[test]
fn torrc_passes_tor_verify_config() {
    let dir = TempDir::new("tor");
    tor_verify(&dir, &read_repo_file("deploy/torrc")).unwrap();
}

#[test]
fn tor_verify_catches_a_broken_torrc() {
    let original = read_repo_file("deploy/torrc");
    for (from, to) in [
        // Unknown option: tor fails.
        ("HiddenServiceVersion 3", "HiddenServiceVersoin 3"),
        // Abbreviation: tor only warns.
        (
            "HiddenServicePoWQueueRate 250",
            "HiddenServicePoWQueueRat 250",
        ),
        // Bad value.
        (
            &format!("HiddenServicePort 80 {UPSTREAM}"),
            "HiddenServicePort 80 127.0.0.1:99999",
        ),
    ] {
        let dir = TempDir::new("tor-broken");
        assert!(
            tor_verify(&dir, &rewrite(&original, &[(from, to)])).is_err(),
            "`{to}` went unnoticed by tor --verify-config"
        );
    }
}

#[test]
fn torrc_publishes_the_server_with_dos_defences() {
    let torrc = read_repo_file("deploy/torrc");
    let options: Vec<&str> = torrc
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    for expected in [
        "SocksPort 0",
        HIDDEN_SERVICE_DIR,
        "HiddenServiceVersion 3",
        &format!("HiddenServicePort 80 {UPSTREAM}"),
        "HiddenServicePoWDefensesEnabled 1",
        "HiddenServiceEnableIntroDoSDefense 1",
    ] {
        assert!(options.contains(&expected), "torrc lacks `{expected}`");
    }
    for option in [
        "HiddenServicePoWQueueRate ",
        "HiddenServicePoWQueueBurst ",
        "HiddenServiceEnableIntroDoSRatePerSec ",
        "HiddenServiceEnableIntroDoSBurstPerSec ",
    ] {
        assert!(options.iter().any(|l| l.starts_with(option)), "{option}");
    }
    // Each would tell the server something about clients or circuits.
    for forbidden in [
        "HiddenServiceExportCircuitID",
        "HiddenServiceSingleHopMode",
        "SafeLogging 0",
    ] {
        assert!(
            !options.iter().any(|l| l.starts_with(forbidden)),
            "torrc sets {forbidden}"
        );
    }
}
