//! The server to talk to: `--server` and `--proxy`, checked before
//! anything is sent.

use anyhow::{Result, anyhow, bail};
use reqwest::Url;

use crate::cli;

/// Where the server is, and whether to reach it through a SOCKS proxy.
#[derive(Clone, Debug)]
pub(crate) struct ServerOptions {
    /// The server's base URL, always ending in `/`.
    pub(crate) url: Url,
    /// The SOCKS proxy every request goes through, if any.
    pub(crate) proxy: Option<Url>,
}

impl ServerOptions {
    /// Validates `--server` and `--proxy`.
    pub(crate) fn new(server: Option<&str>, proxy: Option<&str>) -> Result<Self> {
        let url = server_url(server)?;
        let proxy = match proxy.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(p) => Some(parse_proxy(p)?),
        };
        let options = Self { url, proxy };
        // `parse_proxy` accepts only socks5h://, with which Tor looks up
        // the name, so any proxy reaches an onion service.
        if options.is_onion() && options.proxy.is_none() {
            bail!(
                "{} is a Tor onion address, and it can only be reached through Tor. \
                 Nothing was sent.\n\
                 Start Tor Browser and add --proxy socks5h://127.0.0.1:9150, \
                 or run tor and add --proxy socks5h://127.0.0.1:9050.",
                options.url
            );
        }
        Ok(options)
    }

    /// From the raw flags.
    pub(crate) fn from_args(args: &cli::ServerArgs) -> Result<Self> {
        Self::new(args.server.as_deref(), args.proxy.as_deref())
    }

    /// The flags that reach this server again, for hints: `--server URL `
    /// and, if used, `--proxy URL `.
    pub(crate) fn flags(&self) -> String {
        match &self.proxy {
            Some(p) => format!("--server {} --proxy {} ", self.url, p),
            None => format!("--server {} ", self.url),
        }
    }

    /// Whether the server is a Tor onion service.
    pub(crate) fn is_onion(&self) -> bool {
        self.url
            .host_str()
            .is_some_and(|h| h.to_ascii_lowercase().ends_with(".onion"))
    }

    /// Whether traffic to this server travels without TLS over a network
    /// (neither an onion service nor this computer).
    pub(crate) fn is_plain_http_over_network(&self) -> bool {
        plain_http_over_network(&self.url)
    }
}

/// Whether `url` is plain `http://` to another computer (not an onion
/// service, not this computer): the network can read and change what it
/// carries.
pub(crate) fn plain_http_over_network(url: &Url) -> bool {
    let host = url.host_str().unwrap_or("");
    if url.scheme() != "http" || host.to_ascii_lowercase().ends_with(".onion") {
        return false;
    }
    let ip = host.trim_start_matches('[').trim_end_matches(']');
    match ip.parse::<std::net::IpAddr>() {
        Ok(ip) => !ip.is_loopback(),
        Err(_) => !host.eq_ignore_ascii_case("localhost"),
    }
}

/// Validates a server address (`--server` or `SANCTUARY_SERVER`): a scheme
/// is added when missing (`http://` for an onion host, else `https://`),
/// and the path always ends in `/`.
pub(crate) fn server_url(server: Option<&str>) -> Result<Url> {
    let server = server
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            anyhow!(
                "No server address given. Add --server URL (or set SANCTUARY_SERVER) \
                 with the address the unit published."
            )
        })?;
    let with_scheme = if server.contains("://") {
        server.to_owned()
    } else if host_part(server).ends_with(".onion") {
        format!("http://{server}")
    } else {
        format!("https://{server}")
    };
    let mut url = Url::parse(&with_scheme).map_err(|e| {
        anyhow!("The server address {server:?} is not a valid web address ({e}). Copy it again from the unit's notice.")
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        bail!(
            "The server address must start with https:// or http://, not {}://.",
            url.scheme()
        );
    }
    if url.host_str().is_none() {
        bail!("The server address {server:?} has no host name.");
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        bail!("The server address {server:?} must not contain ?, # or a user name.");
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// Validates the server address printed on a poster: the reporter page is
/// served at the server's root, so the address may have no path.
pub(crate) fn poster_server_url(server: Option<&str>) -> Result<Url> {
    let url = server_url(server)?;
    if url.path() != "/" {
        let mut root = url.clone();
        root.set_path("/");
        bail!(
            "The server address for a poster must be the server alone, like {root}, without \
             a path ({} here): reporters open the page at the server's root.",
            url.path()
        );
    }
    Ok(url)
}

fn host_part(s: &str) -> &str {
    let s = s.split('/').next().unwrap_or(s);
    s.rsplit_once(':').map_or(s, |(h, _)| h)
}

fn parse_proxy(p: &str) -> Result<Url> {
    let url = Url::parse(p).map_err(|_| {
        anyhow!(
            "The proxy {p:?} is not valid. Use socks5h://HOST:PORT, for example \
             socks5h://127.0.0.1:9150 for Tor Browser or socks5h://127.0.0.1:9050 for tor."
        )
    })?;
    if url.scheme() == "socks5" {
        bail!(
            "The proxy must start with socks5h://, not socks5://. With socks5:// this computer \
             would look up the server's name itself, which tells your network which server \
             you use, and .onion servers could not be reached at all. Use {}. Nothing was sent.",
            socks5h(&url)
        );
    }
    if url.scheme() != "socks5h" {
        bail!(
            "The proxy must be a SOCKS proxy (socks5h://HOST:PORT), not {}://. \
             For Tor Browser use socks5h://127.0.0.1:9150, for tor socks5h://127.0.0.1:9050.",
            url.scheme()
        );
    }
    if url.host_str().is_none() || url.port().is_none() {
        bail!("The proxy {p:?} needs a host and a port, e.g. socks5h://127.0.0.1:9150.");
    }
    Ok(url)
}

/// `url` with the scheme `socks5h`, for the hint that replaces a refused
/// `socks5://`.
fn socks5h(url: &Url) -> String {
    let mut fixed = url.clone();
    match fixed.set_scheme("socks5h") {
        Ok(()) => fixed.to_string(),
        Err(()) => "socks5h://HOST:PORT".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn server_urls_are_normalized() {
        let s = ServerOptions::new(Some("https://example.org"), None).unwrap();
        assert_eq!(s.url.as_str(), "https://example.org/");
        let s = ServerOptions::new(Some("example.org/sanctuary"), None).unwrap();
        assert_eq!(s.url.as_str(), "https://example.org/sanctuary/");
        assert!(!s.is_plain_http_over_network());
        let s = ServerOptions::new(Some("http://127.0.0.1:8080"), None).unwrap();
        assert!(!s.is_plain_http_over_network());
        let s = ServerOptions::new(Some("http://example.org"), None).unwrap();
        assert!(s.is_plain_http_over_network());
    }

    #[test]
    fn poster_servers_have_no_path() {
        let url = poster_server_url(Some("report.example.org")).unwrap();
        assert_eq!(url.as_str(), "https://report.example.org/");
        let onion = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion";
        // No proxy is needed to print a poster for an onion service.
        let url = poster_server_url(Some(onion)).unwrap();
        assert_eq!(url.as_str(), format!("http://{onion}/"));
        let err = poster_server_url(Some("https://a.org/sanctuary"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("like https://a.org/,") && err.contains("/sanctuary/"),
            "{err}"
        );
        assert!(poster_server_url(Some("https://a.org/?unit=x")).is_err());
        assert!(poster_server_url(Some("https://a.org/#unit=x")).is_err());
        assert!(poster_server_url(None).is_err());
    }

    #[test]
    fn bad_servers_are_refused() {
        for bad in [
            None,
            Some(""),
            Some("ftp://x.org"),
            Some("https://"),
            Some("https://a.org/?x=1"),
        ] {
            assert!(ServerOptions::new(bad, None).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn onion_needs_a_socks5h_proxy() {
        let onion = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion";
        let err = ServerOptions::new(Some(onion), None)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("9150") && err.contains("Nothing was sent"),
            "{err}"
        );
        let s = ServerOptions::new(Some(onion), Some("socks5h://127.0.0.1:9050")).unwrap();
        assert!(s.is_onion());
        assert_eq!(s.url.scheme(), "http");
        assert!(ServerOptions::new(Some(onion), Some("socks5://127.0.0.1:9050")).is_err());
    }

    #[test]
    fn proxies_must_be_socks_with_port() {
        assert!(ServerOptions::new(Some("https://a.org"), Some("http://127.0.0.1:8080")).is_err());
        assert!(ServerOptions::new(Some("https://a.org"), Some("socks5h://127.0.0.1")).is_err());
        assert!(ServerOptions::new(Some("https://a.org"), Some("nonsense")).is_err());
        let s =
            ServerOptions::new(Some("https://a.org"), Some("socks5h://127.0.0.1:9150")).unwrap();
        assert_eq!(s.proxy.unwrap().port(), Some(9150));
    }

    #[test]
    fn socks5_is_refused_with_the_socks5h_address_to_use() {
        let err = ServerOptions::new(Some("https://a.org"), Some("socks5://127.0.0.1:9050"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("look up the server's name itself")
                && err.contains("Use socks5h://127.0.0.1:9050. Nothing was sent."),
            "{err}"
        );
        let err = ServerOptions::new(Some("https://a.org"), Some("SOCKS5://u:p@[::1]:9150"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("Use socks5h://u:p@[::1]:9150."), "{err}");
        // A user name and password given with socks5h:// are kept.
        let s = ServerOptions::new(Some("https://a.org"), Some("socks5h://u:p@127.0.0.1:9150"))
            .unwrap()
            .proxy
            .unwrap();
        assert_eq!((s.username(), s.password()), ("u", Some("p")));
    }
}
