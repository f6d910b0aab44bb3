//! A full disk: the real binary's data directory on a small tmpfs (where
//! the machine lets the test mount one: as root, as in CI), filled with
//! real reports until the kernel answers ENOSPC. Submissions then get 507
//! `storage_full` with a clear message; everything acknowledged before
//! still fetches and decrypts; the server restarts on the full disk; and
//! once space is freed, submissions succeed again without a restart.
//!
//! Where no filesystem can be mounted, the same test runs against SQLite's
//! `max_page_count` (`--max-database-mb`) and says so.

#![allow(
    clippy::unwrap_used,
    clippy::print_stdout,
    reason = "a test fails loudly and reports which path it took"
)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Reporter;
use common::live::{CLIENT_TIMEOUT, LiveUnit, integrity_check, sha256, signed};
use common::process::{HttpResponse, Running, try_http};
use sanctuary_crypto::api::{ErrorBody, Stored};
use sanctuary_crypto::attachment::seal_attachment;
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::message::{Opened, open};

/// Size of the small filesystem.
const FS_MB: u64 = 8;
/// A file the "operator" deletes to free space. It is larger than what the
/// database can hold beside it: freed space must take a checkpoint of the
/// whole write-ahead log into the database file, which briefly needs room
/// for both.
const BALLAST_BYTES: usize = 5 * 1024 * 1024;
/// Database size limit when no filesystem can be mounted.
const FALLBACK_DB_MB: &str = "2";

/// A tmpfs mounted for the test, unmounted on drop (even after a failure).
struct Tmpfs {
    path: PathBuf,
}

impl Tmpfs {
    /// Mounts one, unless the machine does not allow it (or
    /// `SANCTUARY_FAULTS_NO_MOUNT` is set, to run the fallback here).
    fn mount(path: &Path, megabytes: u64) -> Option<Self> {
        std::fs::create_dir_all(path).unwrap();
        if std::env::var_os("SANCTUARY_FAULTS_NO_MOUNT").is_some() {
            return None;
        }
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o"])
            .arg(format!("size={megabytes}m,mode=0700"))
            .arg("sanctuary-test")
            .arg(path)
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| Self {
            path: path.to_owned(),
        })
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let ok = Command::new("umount")
            .arg(&self.path)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            // Something still holds a file: detach it now, freed when closed.
            let _ = Command::new("umount").arg("-l").arg(&self.path).status();
        }
    }
}

/// What the server acknowledged: report ID -> (blob hash, text).
type Acked = BTreeMap<BlobId, ([u8; 32], String)>;

fn post_report(server: &Running, unit: &LiveUnit, text: &str) -> (HttpResponse, Vec<u8>) {
    let blob = Reporter::new().report(&unit.roster, text);
    let r = try_http(
        server.addr,
        "POST",
        "/v1/messages",
        &unit.blob_headers(),
        &blob,
        CLIENT_TIMEOUT,
    )
    .unwrap();
    (r, blob)
}

fn post_attachment(server: &Running, unit: &LiveUnit, size: usize) -> HttpResponse {
    let data = vec![0x42u8; size];
    let (blob, _) = seal_attachment(
        &data[..],
        Vec::new(),
        &unit.roster.document().recipients(),
        size as u64,
    )
    .unwrap();
    try_http(
        server.addr,
        "POST",
        "/v1/attachments",
        &unit.blob_headers(),
        &blob,
        CLIENT_TIMEOUT,
    )
    .unwrap()
}

#[track_caller]
fn assert_storage_full(r: &HttpResponse) {
    assert_eq!(r.status, 507, "{}", String::from_utf8_lossy(&r.body));
    let body: ErrorBody = r.json();
    assert_eq!(body.error, "storage_full");
    assert_eq!(
        body.message,
        "the server's storage is full; nothing was stored"
    );
}

/// Sends reports until one is refused; returns the refusal.
fn fill(server: &Running, unit: &LiveUnit, acked: &mut Acked) -> HttpResponse {
    for i in 0..5000 {
        let text = format!("filling the disk, report {i}");
        let (r, blob) = post_report(server, unit, &text);
        if r.status != 201 {
            return r;
        }
        acked.insert(r.json::<Stored>().id, (sha256(&blob), text));
    }
    panic!("the storage never filled up");
}

fn assert_all_present(server: &Running, unit: &LiveUnit, acked: &Acked) {
    for (id, (hash, text)) in acked {
        let r = signed(
            server.addr,
            &unit.alice,
            &unit.unit.unit_id(),
            "GET",
            &format!("/v1/inbox/{id}"),
            b"",
        )
        .unwrap();
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        assert_eq!(&sha256(&r.body), hash, "a stored report changed");
        match open(&r.body, unit.alice.identity()).unwrap() {
            Opened::Report(body) => assert_eq!(&body.text, text),
            _ => panic!("not a report"),
        }
    }
}

#[test]
fn a_full_disk_refuses_with_507_damages_nothing_and_recovers_when_space_is_freed() {
    let dir = tempfile::tempdir().unwrap();
    let mount = Tmpfs::mount(&dir.path().join("fs"), FS_MB);
    let (data, mut extra): (PathBuf, Vec<&str>) = match &mount {
        Some(m) => {
            println!("full-disk path: tmpfs of {FS_MB} MiB, real ENOSPC");
            // No database cap: the disk itself must run out.
            (m.path.join("data"), vec!["--max-database-mb", "0"])
        }
        None => {
            println!(
                "full-disk path: no filesystem could be mounted here; \
                 SQLite max_page_count (--max-database-mb {FALLBACK_DB_MB})"
            );
            (
                dir.path().join("data"),
                vec!["--max-database-mb", FALLBACK_DB_MB],
            )
        }
    };
    // Filling the disk takes far more reports than the proof of work's
    // baseline, sent without proofs: this test is about the disk.
    extra.extend(["--pow-max-level", "0"]);
    let ballast = mount.as_ref().map(|m| m.path.join("ballast"));
    if let Some(b) = &ballast {
        std::fs::write(b, vec![0xffu8; BALLAST_BYTES]).unwrap();
    }

    let server = Running::start(&data, &extra);
    let unit = LiveUnit::enroll(&server, &data);
    let mut acked = Acked::new();

    // Fill it: the first refusal is a clean 507.
    let refused = fill(&server, &unit, &mut acked);
    assert_storage_full(&refused);
    println!("{} reports stored before the storage was full", acked.len());
    // More reports are refused the same way, or stored if the few pages
    // left happen to fit one (an insert that needs no B-tree split needs
    // less room): never anything else.
    for i in 0..5 {
        let text = format!("still full {i}");
        let (r, blob) = post_report(&server, &unit, &text);
        if r.status == 201 {
            acked.insert(r.json::<Stored>().id, (sha256(&blob), text));
        } else {
            assert_storage_full(&r);
        }
    }
    // A streamed attachment is refused: by the full disk, or (under the
    // database cap) already at the attachments' share of it.
    let r = post_attachment(&server, &unit, 900_000);
    if mount.is_some() {
        assert_storage_full(&r);
    } else {
        assert_eq!(r.status, 503, "{}", String::from_utf8_lossy(&r.body));
        assert!(String::from_utf8_lossy(&r.body).contains("attachment_quota"));
    }
    // Reads still work, nothing is damaged, the server is still up.
    assert_all_present(&server, &unit, &acked);
    assert_eq!(integrity_check(&data), "ok");
    let r = server.request("GET", "/v1/health", &[], b"");
    assert_eq!(r.status, 200);

    // It restarts on the full disk and still serves what it has.
    let (status, log) = server.stop();
    assert!(status.success(), "{log:?}");
    // (Stopping checkpoints the write-ahead log, which may free a little.)
    let server = Running::start(&data, &extra);
    assert_all_present(&server, &unit, &acked);
    assert_storage_full(&fill(&server, &unit, &mut acked));

    // Free space: the operator removes a file, or (without a mount) a
    // caseworker deletes reports. Submissions succeed again, no restart.
    match &ballast {
        Some(b) => std::fs::remove_file(b).unwrap(),
        None => {
            let gone: Vec<BlobId> = acked.keys().take(60).copied().collect();
            for id in gone {
                let path = format!("/v1/inbox/{id}");
                let r = signed(
                    server.addr,
                    &unit.bob,
                    &unit.unit.unit_id(),
                    "DELETE",
                    &path,
                    b"",
                )
                .unwrap();
                assert_eq!(r.status, 204);
                acked.remove(&id);
            }
        }
    }
    for i in 0..10 {
        let text = format!("room again {i}");
        let (r, blob) = post_report(&server, &unit, &text);
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
        acked.insert(r.json::<Stored>().id, (sha256(&blob), text));
    }
    let r = post_attachment(&server, &unit, 200_000);
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    // A caseworker can delete on a filled disk too.
    let id = *acked.keys().next().unwrap();
    let r = signed(
        server.addr,
        &unit.bob,
        &unit.unit.unit_id(),
        "DELETE",
        &format!("/v1/inbox/{id}"),
        b"",
    )
    .unwrap();
    assert_eq!(r.status, 204);
    acked.remove(&id);

    assert_all_present(&server, &unit, &acked);
    let (status, log) = server.stop();
    assert!(status.success(), "{log:?}");
    assert_eq!(integrity_check(&data), "ok");
    // The retention job that runs at start-up cannot checkpoint on a full
    // disk and says so; nothing else may fail.
    let errors: Vec<_> = log
        .iter()
        .filter(|l| l.starts_with("error:") && !l.ends_with("the storage is full"))
        .collect();
    assert!(errors.is_empty(), "the server logged errors: {errors:?}");
    assert!(
        log.iter()
            .any(|l| l == "warning: a write was refused: the storage is full"),
        "the operator is not told the storage is full: {log:?}"
    );
    println!("{} reports fetched and decrypted at the end", acked.len());
}

/// Fills the filesystem at `dir` with a file, leaving `free` bytes.
fn fill_leaving(dir: &Path, free: u64) {
    use std::io::Write as _;
    let path = dir.join("ballast");
    let mut file = std::fs::File::create(&path).unwrap();
    let block = vec![0xffu8; 64 * 1024];
    let mut written = 0u64;
    while let Ok(n) = file.write(&block) {
        if n == 0 {
            break;
        }
        written += n as u64;
    }
    file.set_len(written.saturating_sub(free)).unwrap();
}

/// Regression: the server refused to start when the disk was full and an
/// earlier run had left an unfinished upload, because removing it at
/// start-up needs room in the write-ahead log.
#[test]
fn the_server_starts_on_a_full_disk_with_unfinished_uploads_left() {
    let dir = tempfile::tempdir().unwrap();
    let Some(mount) = Tmpfs::mount(&dir.path().join("fs"), FS_MB) else {
        println!("skipped: no filesystem can be mounted here");
        return;
    };
    let data = mount.path.join("data");
    let server = Running::start(&data, &[]);
    let unit = LiveUnit::enroll(&server, &data);
    let (r, blob) = post_report(&server, &unit, "kept");
    assert_eq!(r.status, 201);
    let id = r.json::<Stored>().id;
    let (status, _) = server.stop();
    assert!(status.success());
    // An upload cut off by a crash: a partial blob with 1 MiB of chunks.
    {
        let conn = rusqlite::Connection::open(data.join("sanctuary.db")).unwrap();
        conn.execute(
            "INSERT INTO blobs (id, kind, state, day) VALUES (?1, 'attachment', 'partial', 0)",
            [[7u8; 16]],
        )
        .unwrap();
        for seq in 0..4i64 {
            // Ciphertexts are keyed by a random integer the server names.
            let key = 0x5eed_0000_0000 + seq;
            conn.execute(
                "INSERT INTO ciphertexts (id, data) VALUES (?1, ?2)",
                rusqlite::params![key, vec![1u8; 256 * 1024]],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO chunks (blob, seq, ciphertext) VALUES (?1, ?2, ?3)",
                rusqlite::params![[7u8; 16], seq, key],
            )
            .unwrap();
        }
    }
    // Room for SQLite's shared-memory index, not for the delete.
    fill_leaving(&mount.path, 96 * 1024);

    let server = Running::start(&data, &[]);
    let r = signed(
        server.addr,
        &unit.alice,
        &unit.unit.unit_id(),
        "GET",
        &format!("/v1/inbox/{id}"),
        b"",
    )
    .unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.body, blob);
    assert!(
        server
            .log()
            .iter()
            .any(|l| l.starts_with("warning: unfinished uploads could not be removed")),
        "{:?}",
        server.log()
    );
    // Once there is room again, the next start removes the leftovers.
    let (status, _) = server.stop();
    assert!(status.success());
    std::fs::remove_file(mount.path.join("ballast")).unwrap();
    let server = Running::start(&data, &[]);
    let (status, _) = server.stop();
    assert!(status.success());
    let conn = rusqlite::Connection::open(data.join("sanctuary.db")).unwrap();
    let partial: i64 = conn
        .query_row(
            "SELECT count(*) FROM blobs WHERE state = 'partial'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(partial, 0);
    let ciphertexts: i64 = conn
        .query_row("SELECT count(*) FROM ciphertexts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ciphertexts, 1, "only the report's");
    drop(conn);
    assert_eq!(integrity_check(&data), "ok");
}
