//! Validated options: what the commands take once the raw command line has
//! been checked. Every error here says what is wrong and how to fix it.

use std::ffi::OsStr;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use reqwest::Url;
use sanctuary_crypto::caseworker::{CaseworkerCard, Label};
use sanctuary_crypto::roster::PostQuantum;
use sanctuary_crypto::unit::UnitId;

use crate::cli;
use crate::i18n::t;

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

/// Validates a unit ID from `--unit` or `SANCTUARY_UNIT`.
pub(crate) fn unit_id(arg: Option<&str>) -> Result<UnitId> {
    let text = arg
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            anyhow!(
                "No unit ID given. Add --unit UNIT_ID (or set SANCTUARY_UNIT) with the ID the \
             unit published; it starts with sanctuary1."
            )
        })?;
    text.parse::<UnitId>().map_err(|e| {
        anyhow!(
            "{text:?} is {e}. Copy the unit ID again, exactly as the unit published it. \
             Nothing was sent."
        )
    })
}

/// Largest card file read by `--caseworker-file`: a card is about 2,100
/// characters; this leaves room for a trailing newline or a note.
const MAX_CARD_FILE: u64 = 16 * 1024;

/// Reads one card from a file: its only non-empty line.
fn card_from_file(path: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CARD_FILE + 1).read_to_end(&mut bytes))
        .with_context(|| format!("Cannot read the card file {}.", path.display()))?;
    if bytes.len() as u64 > MAX_CARD_FILE {
        bail!(
            "{} is too large to be a caseworker card. Check the file name.",
            path.display()
        );
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow!("{} is not a caseworker card (not text).", path.display()))?;
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    match lines.as_slice() {
        [card] => Ok((*card).to_owned()),
        [] => bail!("{} is empty: it holds no caseworker card.", path.display()),
        _ => bail!(
            "{} holds {} lines; a card file holds one card on one line. Give each card with \
             its own --caseworker-file.",
            path.display(),
            lines.len()
        ),
    }
}

/// Validates caseworker cards, given on the command line then in files,
/// saying which one is wrong. Version 1 (X25519 only) and version 2 (with
/// a post-quantum key) cards are both accepted.
pub(crate) fn cards(raw: &[String], files: &[PathBuf]) -> Result<Vec<CaseworkerCard>> {
    let mut all: Vec<(String, String)> = raw
        .iter()
        .enumerate()
        .map(|(i, c)| (format!("Caseworker card {}", i + 1), c.clone()))
        .collect();
    for path in files {
        all.push((
            format!("The caseworker card in {}", path.display()),
            card_from_file(path)?,
        ));
    }
    all.iter()
        .map(|(what, c)| {
            c.parse::<CaseworkerCard>().map_err(|e| {
                let mut shown: String = c.chars().take(40).collect();
                if c.chars().count() > 40 {
                    shown.push('…');
                }
                anyhow!(
                    "{what} ({shown}) is not valid: {e}. Ask the caseworker to \
                     run `sanctuary caseworker card --key FILE` and send it again."
                )
            })
        })
        .collect()
}

/// The roster policy a `--post-quantum` value stands for.
pub(crate) fn post_quantum(arg: cli::PostQuantumArg) -> PostQuantum {
    match arg {
        cli::PostQuantumArg::Off => PostQuantum::Off,
        cli::PostQuantumArg::Preferred => PostQuantum::Preferred,
        cli::PostQuantumArg::Required => PostQuantum::Required,
    }
}

/// Validates a thread ID (or its first characters) before any key is
/// opened.
pub(crate) fn thread_id(raw: &str) -> Result<String> {
    let id = raw.trim().to_ascii_lowercase();
    if id.len() < 4 || id.len() > 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!(
            "{raw:?} is not a thread ID. Use the ID shown by `sanctuary case list` (at least \
             its first 4 characters)."
        );
    }
    Ok(id)
}

/// Validates a caseworker label.
pub(crate) fn label(raw: &str) -> Result<Label> {
    raw.parse::<Label>()
        .map_err(|e| anyhow!("The label {raw:?} is not valid: {e}."))
}

/// Where the message text comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum MessageSource {
    /// `--message TEXT`.
    Text(String),
    /// `--message-file FILE`.
    File(PathBuf),
    /// `--message-file -`.
    Stdin,
    /// `--editor`: written in the person's text editor.
    Editor,
    /// Neither flag.
    None,
}

impl MessageSource {
    /// From the raw flags.
    pub(crate) fn from_args(args: &cli::MessageArgs) -> Self {
        match (&args.message, &args.message_file) {
            _ if args.editor => Self::Editor,
            (Some(text), _) => Self::Text(text.clone()),
            (None, Some(p)) if p == Path::new("-") => Self::Stdin,
            (None, Some(p)) => Self::File(p.clone()),
            (None, None) => Self::None,
        }
    }
}

/// Files to attach and how.
#[derive(Clone, Debug, Default)]
pub(crate) struct AttachOptions {
    /// The files, in order.
    pub(crate) files: Vec<PathBuf>,
    /// Keep metadata as it is.
    pub(crate) keep_metadata: bool,
    /// Send the real file names.
    pub(crate) keep_names: bool,
}

impl AttachOptions {
    /// Checks that every file exists and is a regular file.
    pub(crate) fn from_args(args: &cli::AttachArgs) -> Result<Self> {
        for f in &args.attach {
            let meta = std::fs::metadata(f)
                .with_context(|| t!("attach-not-found", path = f.display().to_string()))?;
            if !meta.is_file() {
                bail!(t!("attach-not-a-file", path = f.display().to_string()));
            }
        }
        Ok(Self {
            files: args.attach.clone(),
            keep_metadata: args.keep_metadata,
            keep_names: args.keep_names,
        })
    }
}

/// The caseworker key file from `--key` or `SANCTUARY_KEY` (an empty
/// value counts as not given).
pub(crate) fn key_path(arg: Option<&OsStr>) -> Result<PathBuf> {
    arg.filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .ok_or_else(|| {
            anyhow!(
                "No key file given. Add --key FILE (or set SANCTUARY_KEY). To create one: \
             sanctuary caseworker init --out cw.key --label YOUR-NAME"
            )
        })
}

/// The language for form labels: `--lang`, else the locale, else English.
pub(crate) fn language(arg: Option<&str>) -> String {
    let from_env = || {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
    };
    let raw = arg.map(str::to_owned).or_else(from_env).unwrap_or_default();
    normalize_language(&raw)
}

/// `es_ES.UTF-8` → `es`; `C`, `POSIX` and nonsense → `en`.
pub(crate) fn normalize_language(raw: &str) -> String {
    let tag: String = raw
        .split(['_', '.', '@', '-'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if (2..=3).contains(&tag.len()) && tag.bytes().all(|b| b.is_ascii_lowercase()) {
        tag
    } else {
        "en".to_owned()
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

    #[test]
    fn unit_ids_are_checked() {
        assert!(unit_id(None).is_err());
        let err = unit_id(Some("sanctuary1qqqq")).unwrap_err().to_string();
        assert!(err.contains("not a unit ID"), "{err}");
        let key = sanctuary_crypto::unit::UnitKey::generate();
        let id = key.unit_id().to_string();
        assert_eq!(unit_id(Some(&format!(" {id} "))).unwrap(), key.unit_id());
    }

    #[test]
    fn cards_say_which_one_is_wrong() {
        let good = sanctuary_crypto::caseworker::CaseworkerKey::generate("A".parse().unwrap())
            .card()
            .to_string();
        assert_eq!(cards(std::slice::from_ref(&good), &[]).unwrap().len(), 1);
        let err = cards(&[good.clone(), good.replacen(":A:", ":B:", 1)], &[])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("Caseworker card 2"), "{err}");
        assert!(err.contains("damaged"), "{err}");
    }

    /// A version-2 card (with a post-quantum key, about 2,100 characters)
    /// and a version-1 card from a key made before post-quantum are both
    /// accepted, as arguments and from files, in that order.
    #[test]
    fn cards_of_both_versions_from_arguments_and_files() {
        use sanctuary_crypto::age;
        use sanctuary_crypto::caseworker::CaseworkerKey;
        let new = CaseworkerKey::generate("New".parse().unwrap());
        let seed = zeroize::Zeroizing::new([7u8; 32]);
        let old = CaseworkerKey::from_parts(
            "Old".parse().unwrap(),
            age::x25519::Identity::generate(),
            None,
            &seed,
        );
        let (v2, v1) = (new.card().to_string(), old.card().to_string());
        assert!(
            v2.starts_with("sanctuary-card:2:New:") && v2.len() > 2000,
            "{v2}"
        );
        assert!(
            v1.starts_with("sanctuary-card:1:Old:") && v1.len() < 200,
            "{v1}"
        );

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("new.card");
        std::fs::write(&file, format!("\n{v2}\n\n")).unwrap();
        let got = cards(std::slice::from_ref(&v1), std::slice::from_ref(&file)).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].label.as_str(), "Old");
        assert!(got[0].post_quantum.is_none());
        assert_eq!(got[1], new.card());
        assert!(got[1].post_quantum.is_some());

        // A damaged file card names its file.
        std::fs::write(&file, v2.replacen(":New:", ":Wen:", 1)).unwrap();
        let err = cards(&[], std::slice::from_ref(&file))
            .unwrap_err()
            .to_string();
        assert!(err.contains("new.card") && err.contains("damaged"), "{err}");
        // Two cards in one file, an empty file, a missing file: refused.
        std::fs::write(&file, format!("{v1}\n{v2}\n")).unwrap();
        let err = cards(&[], std::slice::from_ref(&file))
            .unwrap_err()
            .to_string();
        assert!(err.contains("2 lines"), "{err}");
        std::fs::write(&file, "\n").unwrap();
        assert!(cards(&[], std::slice::from_ref(&file)).is_err());
        let missing = dir.path().join("missing.card");
        let err = format!("{:#}", cards(&[], &[missing]).unwrap_err());
        assert!(err.contains("missing.card"), "{err}");
        // Far larger than any card: refused without reading it all.
        std::fs::write(&file, "x".repeat(100_000)).unwrap();
        let err = cards(&[], std::slice::from_ref(&file))
            .unwrap_err()
            .to_string();
        assert!(err.contains("too large"), "{err}");
    }

    #[test]
    fn empty_key_paths_count_as_missing() {
        assert!(key_path(None).is_err());
        assert!(key_path(Some(OsStr::new(""))).is_err());
        assert_eq!(
            key_path(Some(OsStr::new("cw.key"))).unwrap(),
            PathBuf::from("cw.key")
        );
    }

    #[test]
    fn thread_ids() {
        assert_eq!(thread_id(" 0F1C57EA ").unwrap(), "0f1c57ea");
        assert!(thread_id("zz").is_err());
        assert!(thread_id("abc").is_err());
        assert!(thread_id(&"a".repeat(33)).is_err());
    }

    #[test]
    fn message_sources() {
        let args = |m: Option<&str>, f: Option<&str>| cli::MessageArgs {
            message: m.map(str::to_owned),
            message_file: f.map(PathBuf::from),
            editor: false,
        };
        assert_eq!(
            MessageSource::from_args(&args(None, None)),
            MessageSource::None
        );
        assert_eq!(
            MessageSource::from_args(&args(None, Some("-"))),
            MessageSource::Stdin
        );
        assert_eq!(
            MessageSource::from_args(&args(Some("hi"), None)),
            MessageSource::Text("hi".into())
        );
        let editor = cli::MessageArgs {
            editor: true,
            ..args(None, None)
        };
        assert_eq!(MessageSource::from_args(&editor), MessageSource::Editor);
    }

    #[test]
    fn attachments_must_be_files() {
        let dir = tempfile::tempdir().unwrap();
        let args = cli::AttachArgs {
            attach: vec![dir.path().to_path_buf()],
            keep_metadata: false,
            keep_names: false,
        };
        assert!(AttachOptions::from_args(&args).is_err());
        let args = cli::AttachArgs {
            attach: vec![dir.path().join("missing.jpg")],
            keep_metadata: false,
            keep_names: false,
        };
        let err = format!("{:#}", AttachOptions::from_args(&args).unwrap_err());
        assert!(err.contains("missing.jpg"), "{err}");
    }

    #[test]
    fn languages() {
        assert_eq!(normalize_language("es_ES.UTF-8"), "es");
        assert_eq!(normalize_language("C"), "en");
        assert_eq!(normalize_language(""), "en");
        assert_eq!(normalize_language("FR"), "fr");
        assert_eq!(normalize_language("pt-BR"), "pt");
        assert_eq!(language(Some("de")), "de");
    }
}
