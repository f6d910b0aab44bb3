//! Reading and hashing an attachment's plaintext on a second thread while
//! the sealing thread encrypts it.
//!
//! SHA-256 (about 1.2 GB/s with SHA-NI on the benchmark machine) on the
//! sealing thread added its time to age's encryption (about 0.7 GB/s).
//! Above [`THREAD_THRESHOLD`] a second thread reads the input into one of
//! [`PIECES`] buffers of [`PIECE`] bytes, hashes it and hands it over; the
//! sealing thread encrypts it and hands the buffer back. Buffers move
//! between the threads rather than being copied, and memory stays at
//! `PIECES × PIECE` whatever the size. They hold plaintext and are zeroed
//! when dropped.

use std::io::{self, Read};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::AttachmentError;

/// Inputs larger than this are read and hashed on a second thread
/// (smaller ones are done faster than a thread starts).
pub(super) const THREAD_THRESHOLD: u64 = 1024 * 1024;

/// Bytes per buffer: age's chunk size, the fastest of 16 KiB to 1 MiB in
/// `scripts/bench.sh` (larger buffers fall out of the CPU cache).
pub(super) const PIECE: usize = 64 * 1024;

/// Buffers in circulation.
const PIECES: usize = 8;

type Buffer = Zeroizing<Vec<u8>>;

fn buffer() -> Buffer {
    Zeroizing::new(Vec::with_capacity(PIECE))
}

fn stopped() -> AttachmentError {
    AttachmentError::Io(io::Error::other("the reading thread stopped"))
}

/// Reads exactly `size` bytes of `input`, passing them in order to
/// `consume`, and returns their SHA-256. Fails with
/// [`AttachmentError::LengthChanged`] if `input` is shorter or longer.
pub(super) fn read_hashed<R, F>(
    input: R,
    size: u64,
    mut consume: F,
) -> Result<[u8; 32], AttachmentError>
where
    R: Read + Send,
    F: FnMut(&[u8]) -> io::Result<()>,
{
    if size <= THREAD_THRESHOLD {
        return inline(input, size, &mut consume);
    }
    std::thread::scope(|scope| {
        let (full_tx, full_rx) = sync_channel::<Buffer>(PIECES);
        let (empty_tx, empty_rx) = sync_channel::<Buffer>(PIECES);
        for _ in 0..PIECES {
            empty_tx.send(buffer()).map_err(|_| stopped())?;
        }
        let spawned = std::thread::Builder::new()
            .name("sanctuary-read".into())
            .spawn_scoped(scope, move || reader(input, size, &full_tx, &empty_rx));
        let Ok(thread) = spawned else {
            return Err(AttachmentError::Io(io::Error::other(
                "could not start the reading thread",
            )));
        };
        let mut consumed = Ok(());
        for piece in &full_rx {
            consumed = consume(&piece);
            if consumed.is_err() {
                break;
            }
            // Fails once the thread has read everything and left: the
            // pieces still queued are consumed all the same.
            let _ = empty_tx.send(piece);
        }
        // The thread stops at its next hand-over once these are gone.
        drop(full_rx);
        drop(empty_tx);
        let read = match thread.join() {
            Ok(read) => read,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        consumed.map_err(AttachmentError::Io)?;
        read
    })
}

/// The reading thread: fills each empty buffer, hashes it, passes it on.
fn reader<R: Read>(
    mut input: R,
    size: u64,
    full: &SyncSender<Buffer>,
    empty: &Receiver<Buffer>,
) -> Result<[u8; 32], AttachmentError> {
    let mut hasher = Sha256::new();
    let mut remaining = size;
    while remaining > 0 {
        let mut piece = empty.recv().map_err(|_| stopped())?;
        fill(&mut input, &mut piece, remaining)?;
        hasher.update(&piece[..]);
        remaining -= piece.len() as u64;
        full.send(piece).map_err(|_| stopped())?;
    }
    at_end(&mut input)?;
    Ok(hasher.finalize().into())
}

/// The same on the caller's thread, with one buffer.
fn inline<R: Read>(
    mut input: R,
    size: u64,
    consume: &mut impl FnMut(&[u8]) -> io::Result<()>,
) -> Result<[u8; 32], AttachmentError> {
    let mut hasher = Sha256::new();
    let mut piece = buffer();
    let mut remaining = size;
    while remaining > 0 {
        fill(&mut input, &mut piece, remaining)?;
        hasher.update(&piece[..]);
        consume(&piece).map_err(AttachmentError::Io)?;
        remaining -= piece.len() as u64;
    }
    at_end(&mut input)?;
    Ok(hasher.finalize().into())
}

/// Fills `piece` with the next `min(PIECE, remaining)` bytes of `input`.
fn fill(input: &mut impl Read, piece: &mut Buffer, remaining: u64) -> Result<(), AttachmentError> {
    let want = usize::try_from(remaining).map_or(PIECE, |r| r.min(PIECE));
    piece.clear();
    piece.resize(want, 0);
    let mut filled = 0;
    while filled < want {
        match input.read(&mut piece[filled..]) {
            Ok(0) => return Err(AttachmentError::LengthChanged),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(AttachmentError::Io(e)),
        }
    }
    Ok(())
}

/// Fails if `input` has more bytes.
fn at_end(input: &mut impl Read) -> Result<(), AttachmentError> {
    let mut probe = [0u8; 1];
    loop {
        match input.read(&mut probe) {
            Ok(0) => return Ok(()),
            Ok(_) => return Err(AttachmentError::LengthChanged),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(AttachmentError::Io(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 7 % 253) as u8).collect()
    }

    /// A reader that returns at most `step` bytes per call.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn both_paths_pass_on_and_hash_every_byte_in_order() {
        for len in [
            0,
            1,
            PIECE - 1,
            PIECE,
            PIECE + 1,
            THREAD_THRESHOLD as usize,
            THREAD_THRESHOLD as usize + 1,
            PIECES * PIECE * 3 + 5,
        ] {
            let input = data(len);
            let expected: [u8; 32] = Sha256::digest(&input).into();
            for step in [1000, PIECE + 3, usize::MAX] {
                let mut out = Vec::new();
                let source = Trickle { data: &input, step };
                let digest = read_hashed(source, len as u64, |piece| {
                    out.extend_from_slice(piece);
                    Ok(())
                })
                .unwrap();
                assert_eq!(digest, expected, "{len} by {step}");
                assert!(out == input, "{len} by {step}");
            }
        }
    }

    #[test]
    fn a_shorter_or_longer_input_is_refused_on_both_paths() {
        for size in [1000, 3 * THREAD_THRESHOLD] {
            let len = usize::try_from(size).unwrap();
            let short = data(len - 1);
            let long = data(len + 1);
            for input in [&short, &long] {
                let err = read_hashed(&input[..], size, |_| Ok(())).unwrap_err();
                assert!(matches!(err, AttachmentError::LengthChanged), "{size}");
            }
        }
    }

    #[test]
    fn a_failing_consumer_stops_the_reading_thread() {
        let input = data(4 * THREAD_THRESHOLD as usize);
        let mut calls = 0;
        let err = read_hashed(&input[..], input.len() as u64, |_| {
            calls += 1;
            if calls == 3 {
                Err(io::Error::other("disk full"))
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert!(matches!(err, AttachmentError::Io(e) if e.to_string() == "disk full"));
        assert_eq!(calls, 3);
    }
}
