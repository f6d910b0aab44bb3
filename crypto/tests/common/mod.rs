//! Fixtures shared by the crypto integration tests.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::roster::{
    Policy, PostQuantum, ROSTER_TYPE, RosterDocument, SignedRoster, VerifiedRoster,
};
use sanctuary_crypto::unit::UnitKey;

/// A unit with `n` caseworkers and a verified roster valid today.
pub struct Unit {
    pub key: UnitKey,
    pub caseworkers: Vec<CaseworkerKey>,
    pub roster: VerifiedRoster,
}

pub fn unit(n: usize) -> Unit {
    unit_with(n, PostQuantum::Off)
}

/// A unit with `n` caseworkers (all with post-quantum keys) and a roster
/// with the given post-quantum policy.
pub fn unit_with(n: usize, post_quantum: PostQuantum) -> Unit {
    let key = UnitKey::generate();
    let caseworkers: Vec<_> = (0..n)
        .map(|i| CaseworkerKey::generate(format!("cw-{i}").parse().unwrap()))
        .collect();
    let roster = sign_with(&key, &caseworkers, 1, post_quantum)
        .verify(&key.unit_id(), Day::today())
        .unwrap();
    Unit {
        key,
        caseworkers,
        roster,
    }
}

/// The same keys without their post-quantum identity, as made before it
/// existed.
pub fn without_post_quantum(key: &CaseworkerKey) -> CaseworkerKey {
    CaseworkerKey::from_parts(
        key.label().clone(),
        key.identity().x25519().clone(),
        None,
        &key.signing_seed(),
    )
}

pub fn sign(key: &UnitKey, caseworkers: &[CaseworkerKey], version: u64) -> SignedRoster {
    sign_with(key, caseworkers, version, PostQuantum::Off)
}

pub fn sign_with(
    key: &UnitKey,
    caseworkers: &[CaseworkerKey],
    version: u64,
    post_quantum: PostQuantum,
) -> SignedRoster {
    let today = Day::today();
    SignedRoster::sign(
        &RosterDocument {
            kind: ROSTER_TYPE.into(),
            version,
            unit: key.unit_id(),
            name: "Test Unit".into(),
            issued: today,
            expires: today.plus(30),
            caseworkers: caseworkers.iter().map(|c| c.card().into()).collect(),
            policy: Policy {
                post_quantum,
                ..Policy::default()
            },
            form: None,
        },
        key,
    )
    .unwrap()
}

/// Runs the Go `age` tool. Panics (fails the test) when it is missing:
/// `.ci/run` installs it with `apt-get install -y age`.
pub fn go_age(args: &[&str], stdin: &[u8]) -> Vec<u8> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("age")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the Go `age` tool is required for interop tests: apt-get install -y age");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        input.write_all(&data).unwrap();
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(
        out.status.success(),
        "age {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A position in a thread written today.
pub fn pos(seq: u64, seen: u64) -> sanctuary_crypto::thread::Position {
    sanctuary_crypto::thread::Position {
        seq,
        seen,
        day: Day::today(),
    }
}
