//! Criterion benchmarks of the cryptographic core: sealing and opening
//! reports for 1, 3 and 10 recipients, X25519 and post-quantum, attachment
//! throughput on 64 MiB, the cost of one 1 MiB attachment for 3 recipients
//! of each kind, receipt derivation, and one proof-of-work evaluation
//! (Argon2id, 4 MiB: a client's try, and the server's whole check).
//! `scripts/bench.sh` runs them and records the figures in
//! `docs/benchmarks.md`.
#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::io::Write;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sanctuary_crypto::attachment::{AttachmentSealer, open_attachment};
use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::message::{self, ReportContent};
use sanctuary_crypto::pow::{self, Challenge, ChallengeKey, Kind};
use sanctuary_crypto::receipt::Receipt;
use sanctuary_crypto::recipients::Recipients;
use sanctuary_crypto::roster::{
    Policy, PostQuantum, ROSTER_TYPE, RosterDocument, SignedRoster, VerifiedRoster,
};
use sanctuary_crypto::unit::UnitKey;

const ATTACHMENT: usize = 64 << 20;

fn roster_with(n: usize, post_quantum: PostQuantum) -> (Vec<CaseworkerKey>, VerifiedRoster) {
    let unit = UnitKey::generate();
    let cws: Vec<_> = (0..n)
        .map(|i| CaseworkerKey::generate(format!("cw-{i}").parse().unwrap()))
        .collect();
    let today = Day::today();
    let signed = SignedRoster::sign(
        &RosterDocument {
            kind: ROSTER_TYPE.into(),
            version: 1,
            unit: unit.unit_id(),
            name: "Bench".into(),
            issued: today,
            expires: today.plus(30),
            caseworkers: cws.iter().map(|c| c.card().into()).collect(),
            policy: Policy {
                post_quantum,
                ..Policy::default()
            },
            form: None,
        },
        &unit,
    )
    .unwrap();
    (cws, signed.verify(&unit.unit_id(), today).unwrap())
}

fn content() -> ReportContent {
    ReportContent {
        category: Some("theft".into()),
        text: "A typical report of a few paragraphs. ".repeat(40),
        ..Default::default()
    }
}

fn reports(c: &mut Criterion) {
    report_group(c, "report", PostQuantum::Off);
    report_group(c, "report-pq", PostQuantum::Required);
}

fn report_group(c: &mut Criterion, name: &str, post_quantum: PostQuantum) {
    let mut group = c.benchmark_group(name);
    for n in [1usize, 3, 10] {
        let (cws, roster) = roster_with(n, post_quantum);
        let keys = Receipt::generate().derive();
        group.bench_with_input(BenchmarkId::new("seal", n), &n, |b, _| {
            b.iter(|| message::seal_report(black_box(&content()), &keys, &roster).unwrap())
        });
        let blob = message::seal_report(&content(), &keys, &roster).unwrap();
        // The last caseworker's stanza is the last one tried.
        let identity = cws[n - 1].identity();
        group.bench_with_input(BenchmarkId::new("open", n), &n, |b, _| {
            b.iter(|| message::open(black_box(&blob), identity).unwrap())
        });
    }
    group.finish();
}

fn attachments(c: &mut Criterion) {
    let id = age::x25519::Identity::generate();
    let recipients = Recipients::X25519(vec![id.to_public()]);
    let data = vec![7u8; ATTACHMENT];
    let mut group = c.benchmark_group("attachment-64MiB");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(ATTACHMENT as u64));
    group.bench_function("seal", |b| {
        b.iter(|| {
            let mut sealer =
                AttachmentSealer::new(std::io::sink(), &recipients, ATTACHMENT as u64).unwrap();
            sealer.write_all(&data).unwrap();
            sealer.finish().unwrap()
        })
    });
    let mut blob = Vec::new();
    let mut sealer = AttachmentSealer::new(&mut blob, &recipients, ATTACHMENT as u64).unwrap();
    sealer.write_all(&data).unwrap();
    let (_, digest) = sealer.finish().unwrap();
    let entry = digest.to_ref(BlobId::random(), "application/octet-stream", "a.bin");
    group.bench_function("open", |b| {
        b.iter(|| open_attachment(&blob[..], std::io::sink(), &id, &entry).unwrap())
    });
    group.finish();
}

/// One 1 MiB attachment for 3 caseworkers: what a post-quantum header adds
/// to each attachment (the payload costs the same).
fn attachment_per_kind(c: &mut Criterion) {
    const SIZE: usize = 1 << 20;
    let data = vec![7u8; SIZE];
    let mut group = c.benchmark_group("attachment-1MiB");
    group.throughput(Throughput::Bytes(SIZE as u64));
    for (kind, post_quantum) in [("x25519", PostQuantum::Off), ("pq", PostQuantum::Required)] {
        let (cws, roster) = roster_with(3, post_quantum);
        let recipients = roster.document().recipients();
        group.bench_function(BenchmarkId::new("seal", kind), |b| {
            b.iter(|| {
                let mut sealer =
                    AttachmentSealer::new(std::io::sink(), &recipients, SIZE as u64).unwrap();
                sealer.write_all(&data).unwrap();
                sealer.finish().unwrap()
            })
        });
        let mut blob = Vec::new();
        let mut sealer = AttachmentSealer::new(&mut blob, &recipients, SIZE as u64).unwrap();
        sealer.write_all(&data).unwrap();
        let (_, digest) = sealer.finish().unwrap();
        let entry = digest.to_ref(BlobId::random(), "application/octet-stream", "a.bin");
        let identity = cws[2].identity();
        group.bench_function(BenchmarkId::new("open", kind), |b| {
            b.iter(|| open_attachment(&blob[..], std::io::sink(), identity, &entry).unwrap())
        });
    }
    group.finish();
}

fn receipt(c: &mut Criterion) {
    let r = Receipt::generate();
    c.bench_function("receipt/derive", |b| b.iter(|| black_box(&r).derive()));
}

fn proof_of_work(c: &mut Criterion) {
    let key = ChallengeKey::generate();
    let token = key
        .issue(&Challenge::new(Kind::Message, 0, 16_384, 0))
        .unwrap();
    let binding = pow::binding(&[0u8; 16_384]);
    let mut counter = 0u64;
    c.bench_function("pow/evaluate", |b| {
        b.iter(|| {
            counter += 1;
            pow::evaluate(black_box(&token), &binding, counter)
        })
    });
}

criterion_group!(
    benches,
    reports,
    attachments,
    attachment_per_kind,
    receipt,
    proof_of_work
);
criterion_main!(benches);
