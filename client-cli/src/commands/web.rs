//! `sanctuary web`: is a server serving the reporter page built from the
//! reviewed source?
//!
//! The page's build (`web/scripts/build.mjs`) writes the SHA-256 of each
//! file to `web/dist/manifest.json`; this program embeds that manifest when
//! it is compiled. `web verify` downloads the files from a server and
//! compares; `web hashes` prints what it compares with.

use std::collections::BTreeMap;
use std::io::Read;

use anyhow::{Context, Result, anyhow, bail};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::net::{ApiError, Net, SMALL_REQUEST_TIMEOUT};
use crate::options::VerifyOptions;
use crate::output;

/// The manifest of the page built from this version's source.
const MANIFEST: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../web/dist/manifest.json"
));

/// The version whose source the page was built from.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Largest file read from the server; the page's files are far smaller.
const MAX_FILE: u64 = 4 * 1024 * 1024;

/// The paths the server serves, and the file of the build each one is.
pub(crate) const SERVED: [(&str, &str); 4] = [
    ("/", "index.html"),
    ("/app.js", "app.js"),
    ("/app.css", "app.css"),
    ("/sanctuary-reporter.html", "sanctuary-reporter.html"),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    files: BTreeMap<String, String>,
}

/// The embedded manifest: file name → SHA-256, every served file included.
fn manifest() -> Result<BTreeMap<String, [u8; 32]>> {
    let broken = || {
        anyhow!(
            "This copy of sanctuary was built without a valid page manifest \
             (web/dist/manifest.json). Build the page (npm run build in web/), then build \
             sanctuary again."
        )
    };
    let parsed: ManifestFile = serde_json::from_str(MANIFEST).map_err(|_| broken())?;
    let mut files = BTreeMap::new();
    for (name, hash) in parsed.files {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(&hash, &mut bytes).map_err(|_| broken())?;
        files.insert(name, bytes);
    }
    if SERVED.iter().any(|(_, name)| !files.contains_key(*name)) {
        return Err(broken());
    }
    Ok(files)
}

/// What the server sent for one path.
#[derive(Serialize)]
struct Checked {
    path: &'static str,
    file: &'static str,
    expected: String,
    /// The SHA-256 of what was served, if anything was.
    served: Option<String>,
    matches: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
}

#[derive(Serialize)]
struct VerifyJson<'a> {
    version: &'static str,
    server: &'a str,
    all_match: bool,
    files: &'a [Checked],
}

/// Downloads `path` and hashes it, reading at most [`MAX_FILE`] bytes.
/// `Ok(Err(why))` when the server answered but not with a file that can be
/// compared.
fn fetch_hash(net: &Net, path: &str) -> Result<Result<[u8; 32], String>> {
    let request = net
        .request(Method::GET, path)?
        .timeout(SMALL_REQUEST_TIMEOUT);
    let response = match net.send(request) {
        Ok(response) => response,
        Err(e) => {
            return match e.downcast_ref::<ApiError>() {
                Some(api) => Ok(Err(format!("it answered HTTP {}", api.status))),
                None => Err(e),
            };
        }
    };
    let mut reader = response.take(MAX_FILE + 1);
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = reader
            .read(&mut buffer)
            .context("The connection to the server broke while reading the page. Try again.")?;
        if n == 0 {
            break;
        }
        total += n as u64;
        hasher.update(&buffer[..n]);
    }
    if total > MAX_FILE {
        return Ok(Err("it is larger than 4 MiB".to_owned()));
    }
    Ok(Ok(hasher.finalize().into()))
}

/// The line shown for one file.
fn line(checked: &Checked) -> String {
    if checked.matches {
        return format!("{}: matches the reviewed source", checked.path);
    }
    let mut text = format!(
        "{}: DIFFERS: this server is not serving the page built from Sanctuary {VERSION}'s \
         source; do not use it and tell the unit",
        checked.path
    );
    if let Some(problem) = &checked.problem {
        text.push_str(&format!(" ({problem})"));
    }
    text
}

/// `sanctuary web verify`.
pub(crate) fn verify(options: &VerifyOptions) -> Result<()> {
    let expected = manifest()?;
    let net = Net::new(&options.server)?;
    let mut results = Vec::with_capacity(SERVED.len());
    for (path, file) in SERVED {
        let want = expected.get(file).copied().unwrap_or_default();
        let got = fetch_hash(&net, path)?;
        results.push(Checked {
            path,
            file,
            expected: hex::encode(want),
            served: got.as_ref().ok().map(hex::encode),
            matches: got.as_ref().is_ok_and(|h| *h == want),
            problem: got.err(),
        });
    }
    let differ = results.iter().filter(|c| !c.matches).count();
    if options.json {
        output::json(&VerifyJson {
            version: VERSION,
            server: options.server.url.as_str(),
            all_match: differ == 0,
            files: &results,
        })?;
    } else {
        let lines: Vec<String> = results.iter().map(line).collect();
        output::line(&lines.join("\n"))?;
    }
    if differ > 0 {
        bail!(
            "{differ} of {} {} from the page built from Sanctuary {VERSION}'s reviewed \
             source. Do not use this server's page, and tell the unit.",
            output::plural(results.len(), "file", "files"),
            if differ == 1 { "differs" } else { "differ" }
        );
    }
    output::note(&format!(
        "Every file matches the page built from Sanctuary {VERSION}'s reviewed source. This \
         shows what {} sent to you just now, not what it sends to others or will send later: \
         check again from time to time, through Tor.",
        options.server.url
    ));
    Ok(())
}

#[derive(Serialize)]
struct HashesJson {
    version: &'static str,
    files: BTreeMap<String, String>,
}

/// `sanctuary web hashes`.
pub(crate) fn hashes(json: bool) -> Result<()> {
    let files: BTreeMap<String, String> = manifest()?
        .into_iter()
        .map(|(name, hash)| (name, hex::encode(hash)))
        .collect();
    if json {
        return output::json(&HashesJson {
            version: VERSION,
            files,
        });
    }
    // The format of `sha256sum`, so `sha256sum -c` can check downloaded files.
    let lines: Vec<String> = files
        .iter()
        .map(|(name, hash)| format!("{hash}  {name}"))
        .collect();
    output::line(&lines.join("\n"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_embedded_manifest_lists_every_served_file() {
        let files = manifest().unwrap();
        for (_, name) in SERVED {
            assert!(files.contains_key(name), "{name}");
        }
    }

    #[test]
    fn lines_say_what_to_do() {
        let mut checked = Checked {
            path: "/app.js",
            file: "app.js",
            expected: "00".repeat(32),
            served: Some("00".repeat(32)),
            matches: true,
            problem: None,
        };
        assert_eq!(line(&checked), "/app.js: matches the reviewed source");
        checked.matches = false;
        checked.problem = Some("it answered HTTP 404".into());
        let text = line(&checked);
        assert!(
            text.starts_with(
                "/app.js: DIFFERS: this server is not serving the page built from Sanctuary "
            ) && text.ends_with("do not use it and tell the unit (it answered HTTP 404)"),
            "{text}"
        );
    }
}
