//! A minimal SOCKS5 proxy (RFC 1928, `CONNECT` only; any RFC 1929 user name
//! and password is accepted, as Tor does) so
//! that the documented Tor commands, `--proxy socks5h://127.0.0.1:9150`, run
//! for real in tests, and a test can check that traffic went through it.
//! It can also record what clients send, as an operator's proxy in front of
//! the server would see it.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

/// A running proxy on `127.0.0.1:port`. Its thread lives as long as the test
/// process; it only ever connects to loopback.
#[derive(Debug)]
pub struct Proxy {
    /// The port it listens on.
    pub port: u16,
    connections: Arc<AtomicUsize>,
    /// Connections accepted, and those whose relaying has ended.
    accepted: Arc<AtomicUsize>,
    ended: Arc<AtomicUsize>,
    recorded: Option<Arc<Mutex<Vec<Vec<u8>>>>>,
}

impl Proxy {
    /// Starts a proxy on a free loopback port.
    pub fn start() -> Self {
        Self::start_with(None)
    }

    /// Starts a proxy that also keeps every byte each client sent
    /// upstream, one buffer per connection ([`Self::recorded`]).
    pub fn start_recording() -> Self {
        Self::start_with(Some(Arc::new(Mutex::new(Vec::new()))))
    }

    fn start_with(recorded: Option<Arc<Mutex<Vec<Vec<u8>>>>>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let connections = Arc::new(AtomicUsize::new(0));
        let accepted = Arc::new(AtomicUsize::new(0));
        let ended = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        let (accepting, ending) = (Arc::clone(&accepted), Arc::clone(&ended));
        let record = recorded.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                accepting.fetch_add(1, Ordering::SeqCst);
                let counter = Arc::clone(&counter);
                let ending = Arc::clone(&ending);
                let record = record.clone();
                thread::spawn(move || {
                    if handle(stream, record.as_ref()).is_ok() {
                        counter.fetch_add(1, Ordering::SeqCst);
                    }
                    ending.fetch_add(1, Ordering::SeqCst);
                });
            }
        });
        Self {
            port,
            connections,
            accepted,
            ended,
            recorded,
        }
    }

    /// Waits (at most `timeout`) until every connection accepted so far has
    /// ended; returns whether they all did.
    pub fn wait_until_idle(&self, timeout: std::time::Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        while self.ended.load(Ordering::SeqCst) < self.accepted.load(Ordering::SeqCst) {
            if std::time::Instant::now() >= deadline {
                return false;
            }
            thread::sleep(std::time::Duration::from_millis(20));
        }
        true
    }

    /// What clients sent through a recording proxy, one buffer per
    /// finished connection (empty for a proxy that does not record).
    pub fn recorded(&self) -> Vec<Vec<u8>> {
        self.recorded
            .as_ref()
            .map(|r| r.lock().map(|r| r.clone()).unwrap_or_default())
            .unwrap_or_default()
    }

    /// How many connections it has relayed.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

fn handle(mut client: TcpStream, record: Option<&Arc<Mutex<Vec<Vec<u8>>>>>) -> io::Result<()> {
    // Greeting: version 5, methods. `sanctuary` logs in with a random user
    // name and password per run (so that Tor isolates runs): take any.
    let mut head = [0u8; 2];
    client.read_exact(&mut head)?;
    let mut methods = vec![0u8; usize::from(head[1])];
    client.read_exact(&mut methods)?;
    if head[0] != 5 {
        return Err(io::Error::other("not a SOCKS5 client"));
    }
    if methods.contains(&2) {
        client.write_all(&[5, 2])?;
        // RFC 1929: version 1, user name, password (each length-prefixed).
        let mut version_and_len = [0u8; 2];
        client.read_exact(&mut version_and_len)?;
        let mut user = vec![0u8; usize::from(version_and_len[1])];
        client.read_exact(&mut user)?;
        let mut len = [0u8; 1];
        client.read_exact(&mut len)?;
        let mut password = vec![0u8; usize::from(len[0])];
        client.read_exact(&mut password)?;
        client.write_all(&[1, 0])?;
    } else if methods.contains(&0) {
        client.write_all(&[5, 0])?;
    } else {
        client.write_all(&[5, 0xff])?;
        return Err(io::Error::other("no SOCKS5 method this proxy knows"));
    }

    // Request: version, CONNECT, reserved, address type.
    let mut req = [0u8; 4];
    client.read_exact(&mut req)?;
    if req[0] != 5 || req[1] != 1 {
        client.write_all(&[5, 7, 0, 1, 0, 0, 0, 0, 0, 0])?;
        return Err(io::Error::other("only CONNECT is supported"));
    }
    let host = match req[3] {
        1 => {
            let mut ip = [0u8; 4];
            client.read_exact(&mut ip)?;
            std::net::Ipv4Addr::from(ip).to_string()
        }
        3 => {
            let mut len = [0u8; 1];
            client.read_exact(&mut len)?;
            let mut name = vec![0u8; usize::from(len[0])];
            client.read_exact(&mut name)?;
            String::from_utf8(name).map_err(io::Error::other)?
        }
        _ => return Err(io::Error::other("unsupported address type")),
    };
    let mut port = [0u8; 2];
    client.read_exact(&mut port)?;
    let port = u16::from_be_bytes(port);
    // Only loopback: this proxy exists for tests.
    let host = if host == "localhost" {
        "127.0.0.1".to_owned()
    } else {
        host
    };
    if host != "127.0.0.1" {
        client.write_all(&[5, 2, 0, 1, 0, 0, 0, 0, 0, 0])?;
        return Err(io::Error::other("only loopback"));
    }
    let upstream = TcpStream::connect((host.as_str(), port))?;
    client.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0])?;

    let (mut c_read, mut u_write) = (client.try_clone()?, upstream.try_clone()?);
    let recording = record.is_some();
    let up = thread::spawn(move || {
        let mut sent = Vec::new();
        if recording {
            let mut tee = Tee {
                inner: &mut u_write,
                copy: &mut sent,
            };
            let _ = io::copy(&mut c_read, &mut tee);
        } else {
            let _ = io::copy(&mut c_read, &mut u_write);
        }
        let _ = u_write.shutdown(Shutdown::Write);
        sent
    });
    let (mut u_read, mut c_write) = (upstream, client);
    let _ = io::copy(&mut u_read, &mut c_write);
    let _ = c_write.shutdown(Shutdown::Write);
    let sent = up.join().unwrap_or_default();
    if let Some(record) = record
        && let Ok(mut all) = record.lock()
    {
        all.push(sent);
    }
    Ok(())
}

/// A writer that keeps a copy of what passes through it.
struct Tee<'a> {
    inner: &'a mut TcpStream,
    copy: &'a mut Vec<u8>,
}

impl Write for Tee<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.copy.extend_from_slice(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
