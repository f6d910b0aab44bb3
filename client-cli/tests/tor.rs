//! Tor hygiene, against a small SOCKS5 proxy written here: the proxy, not
//! this computer, looks up the server's name (`socks5://` is refused), and
//! each run of `sanctuary` has its own SOCKS credentials, so that Tor puts
//! each command on its own circuit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

use common::World;

/// A name that no resolver knows: only the proxy may see it.
const HOST: &str = "sanctuary-server.invalid";

/// What one connection asked the proxy for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    /// The user name and password it logged in with (RFC 1929), if it
    /// offered that method.
    credentials: Option<(String, String)>,
    /// The address type of its `CONNECT` (3: a host name; 1 and 4: IPs).
    address_type: u8,
    /// The host name, or the IP address as text.
    host: String,
}

/// A SOCKS5 proxy on a loopback port that takes only user name and
/// password logins. It records each connection, then answers every HTTP
/// request itself with "404, closing", so a command opens a new connection
/// for each of its requests.
struct Proxy {
    port: u16,
    seen: mpsc::Receiver<Seen>,
}

impl Proxy {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let (tx, seen) = mpsc::channel();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &tx);
                });
            }
        });
        Self { port, seen }
    }

    /// Every connection recorded so far (the commands that made them have
    /// ended, and each is recorded before its `CONNECT` is answered).
    fn take(&self) -> Vec<Seen> {
        self.seen.try_iter().collect()
    }
}

fn read_vec(stream: &mut TcpStream, len: usize) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; len];
    stream.read_exact(&mut buf)?;
    Ok(buf)
}

fn read_byte(stream: &mut TcpStream) -> io::Result<u8> {
    Ok(read_vec(stream, 1)?[0])
}

fn serve(mut stream: TcpStream, tx: &mpsc::Sender<Seen>) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    // Greeting (RFC 1928): version 5, then the methods offered.
    let head = read_vec(&mut stream, 2)?;
    let methods = read_vec(&mut stream, usize::from(head[1]))?;
    let credentials = if methods.contains(&2) {
        stream.write_all(&[5, 2])?;
        // User name and password (RFC 1929).
        let _version = read_byte(&mut stream)?;
        let len = usize::from(read_byte(&mut stream)?);
        let user = String::from_utf8_lossy(&read_vec(&mut stream, len)?).into_owned();
        let len = usize::from(read_byte(&mut stream)?);
        let password = String::from_utf8_lossy(&read_vec(&mut stream, len)?).into_owned();
        stream.write_all(&[1, 0])?;
        Some((user, password))
    } else if methods.contains(&0) {
        stream.write_all(&[5, 0])?;
        None
    } else {
        stream.write_all(&[5, 0xff])?;
        return Ok(());
    };
    // CONNECT: version, command, reserved, address type, address, port.
    let request = read_vec(&mut stream, 4)?;
    let address_type = request[3];
    let host = match address_type {
        3 => {
            let len = usize::from(read_byte(&mut stream)?);
            String::from_utf8_lossy(&read_vec(&mut stream, len)?).into_owned()
        }
        1 => format!("{:?}", read_vec(&mut stream, 4)?),
        _ => format!("{:?}", read_vec(&mut stream, 16)?),
    };
    let _port = read_vec(&mut stream, 2)?;
    let _ = tx.send(Seen {
        credentials,
        address_type,
        host,
    });
    stream.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 80])?;
    // The HTTP request, up to its blank line, then the answer.
    let mut request = Vec::new();
    while !request.ends_with(b"\r\n\r\n") && request.len() < 64 * 1024 {
        request.push(read_byte(&mut stream)?);
    }
    stream
        .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")?;
    stream.shutdown(Shutdown::Both)
}

/// Runs `sanctuary web verify` (four requests) through `proxy`; returns
/// the connections the proxy saw.
fn verify_through(w: &World, proxy: &Proxy, proxy_url: &str) -> Vec<Seen> {
    let server = format!("http://{HOST}");
    // The pages are not there (404), so the command fails; it has made its
    // requests by then.
    let _ = w.run(
        &["web", "verify", "--server", &server, "--proxy", proxy_url],
        None,
    );
    proxy.take()
}

/// The one set of credentials all of `seen` used, after checking that
/// every connection sent the host name, not an address.
fn one_login(seen: &[Seen]) -> (String, String) {
    assert!(seen.len() >= 2, "one connection per request: {seen:?}");
    for s in seen {
        assert_eq!((s.address_type, s.host.as_str()), (3, HOST), "{seen:?}");
    }
    let first = seen[0].credentials.clone().expect("a SOCKS login");
    assert!(
        seen.iter().all(|s| s.credentials.as_ref() == Some(&first)),
        "one run, one login: {seen:?}"
    );
    first
}

#[test]
fn each_run_has_its_own_tor_circuit_and_the_proxy_resolves_names() {
    let w = World::new();
    let proxy = Proxy::start();
    let url = format!("socks5h://127.0.0.1:{}", proxy.port);

    let first = one_login(&verify_through(&w, &proxy, &url));
    let hex = |s: &str| s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit());
    assert!(hex(&first.0) && hex(&first.1), "{first:?}");
    let second = one_login(&verify_through(&w, &proxy, &url));
    assert!(hex(&second.0) && hex(&second.1), "{second:?}");
    assert_ne!(first.0, second.0, "another run, another circuit");
    assert_ne!(first.1, second.1, "another run, another circuit");

    // A user name and password in the proxy address are the user's choice.
    let own = format!("socks5h://alice:wonderland@127.0.0.1:{}", proxy.port);
    let login = one_login(&verify_through(&w, &proxy, &own));
    assert_eq!(login, ("alice".to_owned(), "wonderland".to_owned()));
}

#[test]
fn socks5_is_refused_before_anything_is_sent() {
    let w = World::new();
    let proxy = Proxy::start();
    let server = format!("http://{HOST}");
    let url = format!("socks5://127.0.0.1:{}", proxy.port);
    let err = w.fail(&["web", "verify", "--server", &server, "--proxy", &url]);
    assert!(
        err.contains("must start with socks5h://, not socks5://")
            && err.contains("look up the server's name itself")
            && err.contains(&format!("Use socks5h://127.0.0.1:{}.", proxy.port)),
        "{err}"
    );
    // The same from the environment.
    let out = w
        .command(&["web", "verify", "--server", &server])
        .env("SANCTUARY_PROXY", &url)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("not socks5://"), "{err}");
    assert_eq!(proxy.take(), Vec::new(), "nothing reached the proxy");
}
