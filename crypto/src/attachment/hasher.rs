//! The SHA-256 of an attachment's plaintext, computed on a second thread
//! for large attachments.
//!
//! Hashing (about 1.2 GB/s with SHA-NI on the benchmark machine) on the
//! sealing thread added its time to age's encryption (about 0.5-0.7 GB/s).
//! Above [`THREAD_THRESHOLD`] the bytes are copied into one of [`PIECES`]
//! recycled buffers of [`PIECE`] bytes and hashed beside the encryption;
//! the sealing thread waits only when every buffer is still being hashed,
//! so memory stays at `PIECES × PIECE` whatever the file size. The buffers
//! hold plaintext and are zeroed when dropped.

use std::io;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// Attachments larger than this are hashed on a second thread (smaller
/// ones are hashed faster than a thread starts).
pub(super) const THREAD_THRESHOLD: u64 = 1024 * 1024;

/// Bytes per buffer handed to the hashing thread.
const PIECE: usize = 256 * 1024;

/// Buffers in circulation (the one being filled included).
const PIECES: usize = 4;

type Buffer = Zeroizing<Vec<u8>>;

/// A running SHA-256.
pub(super) enum Hasher {
    /// On the caller's thread.
    Inline(Sha256),
    /// On a thread of its own.
    Threaded(Threaded),
}

impl Hasher {
    /// A hasher for `size` bytes: threaded above [`THREAD_THRESHOLD`] (or
    /// inline if no thread can be started).
    pub(super) fn for_size(size: u64) -> Self {
        if size > THREAD_THRESHOLD
            && let Some(threaded) = Threaded::start()
        {
            return Self::Threaded(threaded);
        }
        Self::Inline(Sha256::new())
    }

    /// Adds `bytes`.
    pub(super) fn update(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Self::Inline(hasher) => {
                hasher.update(bytes);
                Ok(())
            }
            Self::Threaded(threaded) => threaded.update(bytes),
        }
    }

    /// The digest of everything added.
    pub(super) fn finalize(self) -> io::Result<[u8; 32]> {
        match self {
            Self::Inline(hasher) => Ok(hasher.finalize().into()),
            Self::Threaded(threaded) => threaded.finalize(),
        }
    }
}

/// A hashing thread and the buffers going to and from it.
pub(super) struct Threaded {
    /// Filled buffers, to the thread (`None` once finished).
    to_thread: Option<SyncSender<Buffer>>,
    /// Hashed buffers, back for reuse.
    returned: Receiver<Buffer>,
    /// The buffer being filled.
    current: Buffer,
    /// The thread; it returns the digest.
    thread: Option<JoinHandle<[u8; 32]>>,
}

fn stopped() -> io::Error {
    io::Error::other("the hashing thread stopped")
}

fn buffer() -> Buffer {
    Zeroizing::new(Vec::with_capacity(PIECE))
}

impl Threaded {
    fn start() -> Option<Self> {
        let (to_thread, incoming) = sync_channel::<Buffer>(PIECES);
        let (back, returned) = sync_channel::<Buffer>(PIECES);
        for _ in 1..PIECES {
            back.send(buffer()).ok()?;
        }
        let thread = std::thread::Builder::new()
            .name("sanctuary-sha256".into())
            .spawn(move || {
                let mut hasher = Sha256::new();
                for mut piece in incoming {
                    hasher.update(&piece[..]);
                    piece.clear();
                    // Room for every buffer: this never waits. The sealer
                    // may be gone (finished or dropped): the buffer is
                    // then zeroed here.
                    let _ = back.send(piece);
                }
                hasher.finalize().into()
            })
            .ok()?;
        Some(Self {
            to_thread: Some(to_thread),
            returned,
            current: buffer(),
            thread: Some(thread),
        })
    }

    fn update(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        while !bytes.is_empty() {
            let n = (PIECE - self.current.len()).min(bytes.len());
            self.current.extend_from_slice(&bytes[..n]);
            bytes = &bytes[n..];
            if self.current.len() == PIECE {
                // Waits only while every other buffer is being hashed.
                let next = self.returned.recv().map_err(|_| stopped())?;
                let full = std::mem::replace(&mut self.current, next);
                self.send(full)?;
            }
        }
        Ok(())
    }

    fn send(&self, piece: Buffer) -> io::Result<()> {
        self.to_thread
            .as_ref()
            .ok_or_else(stopped)?
            .send(piece)
            .map_err(|_| stopped())
    }

    fn finalize(mut self) -> io::Result<[u8; 32]> {
        if !self.current.is_empty() {
            let last = std::mem::replace(&mut self.current, Zeroizing::new(Vec::new()));
            self.send(last)?;
        }
        // The thread ends once the channel is closed and drained.
        drop(self.to_thread.take());
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(digest)) => Ok(digest),
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => Err(stopped()),
        }
    }
}

impl Drop for Threaded {
    /// A sealer dropped unfinished stops its thread and waits for it (at
    /// most `PIECES` buffers to hash), so no thread outlives it.
    fn drop(&mut self) {
        drop(self.to_thread.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 7 % 253) as u8).collect()
    }

    #[test]
    fn the_thread_hashes_what_the_caller_would() {
        for len in [
            0,
            1,
            PIECE - 1,
            PIECE,
            PIECE + 1,
            PIECES * PIECE,
            PIECES * PIECE + 1,
            3 * 1024 * 1024 + 5,
        ] {
            let input = data(len);
            let expected: [u8; 32] = Sha256::digest(&input).into();
            // Writes of awkward sizes, crossing every buffer boundary.
            for step in [1000, 65_536, PIECE + 3, 4 * 1024 * 1024] {
                let mut threaded = Threaded::start().unwrap();
                for part in input.chunks(step) {
                    threaded.update(part).unwrap();
                }
                assert_eq!(threaded.finalize().unwrap(), expected, "{len} by {step}");
            }
        }
    }

    #[test]
    fn small_sizes_hash_inline_and_large_ones_on_a_thread() {
        assert!(matches!(
            Hasher::for_size(THREAD_THRESHOLD),
            Hasher::Inline(_)
        ));
        let mut hasher = Hasher::for_size(THREAD_THRESHOLD + 1);
        assert!(matches!(hasher, Hasher::Threaded(_)));
        hasher.update(b"abc").unwrap();
        let expected: [u8; 32] = Sha256::digest(b"abc").into();
        assert_eq!(hasher.finalize().unwrap(), expected);
    }

    #[test]
    fn a_hasher_dropped_unfinished_stops_its_thread() {
        let mut threaded = Threaded::start().unwrap();
        threaded.update(&data(3 * PIECE + 10)).unwrap();
        drop(threaded);
    }
}
