//! `sanctuary case ui` (issue #14): the inbox served on 127.0.0.1, talked
//! to over HTTP as the page does, and as an attacker's page would: the
//! one-time address, the session cookie, the exact Host and Origin. The
//! page itself is tested in a browser by web/test/e2e/inbox.e2e.ts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use common::{Server, World, publish_args};
use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE, COOKIE, HOST, LOCATION, ORIGIN};
use sanctuary_cli::metadata::fixtures;
use serde_json::{Value, json};

/// A running `case ui`, killed when dropped.
struct Ui {
    child: Child,
    /// `http://127.0.0.1:PORT`
    base: String,
    /// The one-time path, `/open/TOKEN`.
    open: String,
}

impl Drop for Ui {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Ui {
    fn start(w: &World, server: &str) -> Self {
        let mut child = w
            .command(&[
                "case",
                "ui",
                "--key",
                "jones.key",
                "--store",
                "jones-store",
                "--server",
                server,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim();
        let rest = url
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("not the inbox address: {url:?}"));
        let (port, token) = rest.split_once("/open/").unwrap();
        assert!(port.parse::<u16>().is_ok(), "{url}");
        assert_eq!(token.len(), 64, "{url}");
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{url}");
        Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            open: format!("/open/{token}"),
        }
    }
}

/// An HTTP client that neither follows redirects nor keeps cookies.
fn client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap()
}

/// The page's requests: the session cookie, and the page's Origin on
/// changes.
struct Page<'a> {
    http: Client,
    ui: &'a Ui,
    cookie: String,
}

impl Page<'_> {
    fn get(&self, path: &str) -> RequestBuilder {
        self.http
            .get(format!("{}{path}", self.ui.base))
            .header(COOKIE, &self.cookie)
    }

    fn post(&self, path: &str, body: &Value) -> RequestBuilder {
        self.http
            .post(format!("{}{path}", self.ui.base))
            .header(COOKIE, &self.cookie)
            .header(ORIGIN, &self.ui.base)
            .json(body)
    }

    /// The JSON of a request that must succeed.
    fn ok(&self, request: RequestBuilder) -> Value {
        let response = request.send().unwrap();
        let status = response.status();
        let body: Value = response.json().unwrap();
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    /// The error sentence of a request that must fail with `status`.
    fn fails(&self, request: RequestBuilder, status: StatusCode) -> String {
        let response = request.send().unwrap();
        assert_eq!(response.status(), status);
        let body: Value = response.json().unwrap();
        body["error"].as_str().unwrap().to_owned()
    }
}

fn text(response: Response) -> (StatusCode, String) {
    (response.status(), response.text().unwrap())
}

#[test]
fn the_inbox_answers_only_its_own_page_and_does_what_the_commands_do() {
    let w = World::new();
    let server = Server::start(&w.server_data());
    let s = server.url.as_str();
    let unit = w.ok(&["unit", "init", "--out", "unit.key", "--name", "Riverside"]);
    let unit = unit.trim();
    let jones = w.ok(&[
        "caseworker",
        "init",
        "--out",
        "jones.key",
        "--label",
        "PC-Jones",
    ]);
    w.ok(&publish_args(
        &server,
        &["--enroll", &server.code, "--caseworker", jones.trim()],
    ));
    // Before any sync there is nothing to show, and it says what to do.
    let err = w.fail(&[
        "case",
        "ui",
        "--key",
        "jones.key",
        "--store",
        "jones-store",
        "--server",
        s,
    ]);
    assert!(err.contains("no case store"), "{err}");

    let photo = fixtures::png_plain();
    w.write("bike.png", &photo);
    w.ok(&[
        "report",
        "submit",
        "--server",
        s,
        "--unit",
        unit,
        "--message",
        "ALPHA: my bike was stolen outside the library",
        "--attach",
        "bike.png",
    ]);
    w.ok(&[
        "case",
        "sync",
        "--key",
        "jones.key",
        "--store",
        "jones-store",
        "--server",
        s,
        "--unit",
        unit,
    ]);

    let ui = Ui::start(&w, s);
    let http = client();

    // Nothing works without the session cookie.
    let (status, body) = text(http.get(format!("{}/", ui.base)).send().unwrap());
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body.contains("Open the address"), "{body}");
    let (status, _) = text(http.get(format!("{}/api/inbox", ui.base)).send().unwrap());
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // A wrong token is refused, and does not use up the right one.
    let wrong = format!("{}/open/{}", ui.base, "0".repeat(64));
    assert_eq!(
        http.get(&wrong).send().unwrap().status(),
        StatusCode::FORBIDDEN
    );

    // The one-time address signs this browser in…
    let response = http.get(format!("{}{}", ui.base, ui.open)).send().unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[LOCATION], "/");
    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"),
        "{set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    // …once.
    let (status, body) = text(http.get(format!("{}{}", ui.base, ui.open)).send().unwrap());
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("already used"), "{body}");

    let page = Page {
        http: client(),
        ui: &ui,
        cookie,
    };
    let response = page.get("/").send().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let csp = response.headers()[CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    assert!(response.text().unwrap().contains("inbox.js"));

    // Another name for this computer (DNS rebinding) is refused, cookie or
    // not; so is a request another page started.
    let port = ui.base.rsplit(':').next().unwrap();
    let rebound = page
        .get("/api/inbox")
        .header(HOST, format!("evil.example:{port}"));
    assert_eq!(
        rebound.send().unwrap().status(),
        StatusCode::MISDIRECTED_REQUEST
    );
    let cross = page.get("/api/inbox").header("sec-fetch-site", "same-site");
    assert_eq!(cross.send().unwrap().status(), StatusCode::FORBIDDEN);
    let other_origin = page
        .get("/api/inbox")
        .header(ORIGIN, format!("http://127.0.0.1:{}", 1));
    assert_eq!(other_origin.send().unwrap().status(), StatusCode::FORBIDDEN);

    // The inbox: one unread thread.
    let inbox = page.ok(page.get("/api/inbox"));
    assert_eq!(inbox["me"], "PC-Jones");
    assert_eq!(inbox["unit"], "Riverside");
    assert_eq!(inbox["caseworkers"], json!(["PC-Jones"]));
    let threads = inbox["threads"].as_array().unwrap();
    assert_eq!(threads.len(), 1);
    assert!(threads[0]["unread"].as_u64().unwrap() > 0);
    let id = threads[0]["id"].as_str().unwrap().to_owned();

    // The program filters and pages.
    let closed = page.ok(page.get("/api/inbox?status=closed"));
    assert_eq!(
        (closed["total"].as_u64(), closed["matching"].as_u64()),
        (Some(1), Some(0))
    );
    let all = page.ok(page.get("/api/inbox?status=all&limit=0"));
    assert_eq!(all["matching"], 1);
    assert_eq!(all["threads"].as_array().unwrap().len(), 0);
    let err = page.fails(page.get("/api/inbox?status=done"), StatusCode::BAD_REQUEST);
    assert!(err.contains("not a status filter"), "{err}");

    // Search over the decrypted text, in memory.
    let found = page.ok(page.get("/api/inbox?search=LIBRARY%20bike"));
    assert_eq!(found["threads"].as_array().unwrap().len(), 1);
    let none = page.ok(page.get("/api/inbox?search=zebra"));
    assert_eq!(none["threads"].as_array().unwrap().len(), 0);

    // Fetching the thread changes nothing (the page fetches a row's thread
    // when the pointer rests on it); the page then marks it read.
    let thread = page.ok(page.get(&format!("/api/threads/{id}")));
    assert_eq!(thread["messages"][0]["unread"], true);
    assert_eq!(page.ok(page.get("/api/inbox"))["threads"][0]["unread"], 1);
    let read = format!("/api/threads/{id}/read");
    assert_eq!(page.ok(page.post(&read, &json!({})))["marked"], 1);
    assert_eq!(page.ok(page.post(&read, &json!({})))["marked"], 0);
    let err = page.fails(
        page.post(&read, &json!({"all": true})),
        StatusCode::BAD_REQUEST,
    );
    assert!(err.contains("all"), "{err}");
    assert!(
        thread["messages"][0]["text"]
            .as_str()
            .unwrap()
            .contains("ALPHA")
    );
    let file = &thread["messages"][0]["attachments"][0];
    assert_eq!(file["downloaded"], true);
    let inbox = page.ok(page.get("/api/inbox"));
    assert_eq!(inbox["threads"][0]["unread"], 0);
    let response = page
        .get(&format!("/api/files/{}", file["id"].as_str().unwrap()))
        .send()
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "image/png");
    assert!(
        response.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(response.bytes().unwrap().as_ref(), photo.as_slice());
    let missing = page.fails(
        page.get(&format!("/api/files/{}", "ab".repeat(16))),
        StatusCode::NOT_FOUND,
    );
    assert!(missing.contains("no such file"), "{missing}");

    // Changes need the page's own Origin.
    let note = json!({"text": "Called back; meeting on Monday."});
    let path = format!("/api/threads/{id}/note");
    let no_origin = page
        .http
        .post(format!("{}{path}", ui.base))
        .header(COOKIE, &page.cookie)
        .json(&note);
    assert_eq!(no_origin.send().unwrap().status(), StatusCode::FORBIDDEN);
    let evil = |origins: &[&str]| {
        let mut request = page
            .http
            .post(format!("{}{path}", ui.base))
            .header(COOKIE, &page.cookie)
            .json(&note);
        for origin in origins {
            request = request.header(ORIGIN, *origin);
        }
        request.send().unwrap().status()
    };
    assert_eq!(evil(&["http://evil.example"]), StatusCode::FORBIDDEN);
    // Two Origins, the page's first, are no better.
    assert_eq!(
        evil(&[&ui.base, "http://evil.example"]),
        StatusCode::FORBIDDEN
    );
    let said = page.ok(page.post(&path, &note));
    assert!(
        said["said"]
            .as_str()
            .unwrap()
            .contains("never sent to the reporter"),
        "{said}"
    );

    // Status, assignment, labels: what the commands say, and their
    // refusals, with nothing changed.
    let said = page.ok(page.post(
        &format!("/api/threads/{id}/status"),
        &json!({"status": "waiting"}),
    ));
    assert!(
        said["said"].as_str().unwrap().contains("now waiting"),
        "{said}"
    );
    let err = page.fails(
        page.post(
            &format!("/api/threads/{id}/status"),
            &json!({"status": "done"}),
        ),
        StatusCode::BAD_REQUEST,
    );
    assert!(err.contains("not a status"), "{err}");
    page.ok(page.post(
        &format!("/api/threads/{id}/assign"),
        &json!({"to": "PC-Jones"}),
    ));
    let err = page.fails(
        page.post(
            &format!("/api/threads/{id}/assign"),
            &json!({"to": "PC-Nobody"}),
        ),
        StatusCode::BAD_REQUEST,
    );
    assert!(err.contains("no caseworker PC-Nobody"), "{err}");
    page.ok(page.post(
        &format!("/api/threads/{id}/labels"),
        &json!({"label": "Urgent"}),
    ));
    let err = page.fails(
        page.post(&path, &json!({"text": "   "})),
        StatusCode::BAD_REQUEST,
    );
    assert!(err.contains("empty"), "{err}");

    // A reply with a file attached in the page.
    let uploaded = page.ok(page
        .http
        .post(format!(
            "{}/api/uploads?name=statement%20draft.txt",
            ui.base
        ))
        .header(COOKIE, &page.cookie)
        .header(ORIGIN, &ui.base)
        .header(CONTENT_TYPE, "application/octet-stream")
        .body("What we know so far."));
    assert_eq!(uploaded["size"], 20);
    let said = page.ok(page.post(
        &format!("/api/threads/{id}/reply"),
        &json!({"text": "Thank you. Can you come in on Monday?", "uploads": [uploaded["id"]]}),
    ));
    assert!(
        said["said"].as_str().unwrap().contains("Reply sent"),
        "{said}"
    );
    // The file was sent and no longer waits in the store.
    let waiting = std::fs::read_dir(w.dir.join("jones-store/ui-uploads")).unwrap();
    assert_eq!(waiting.count(), 0);
    let err = page.fails(
        page.post(
            &format!("/api/threads/{id}/reply"),
            &json!({"text": "again", "uploads": [uploaded["id"]]}),
        ),
        StatusCode::BAD_REQUEST,
    );
    assert!(err.contains("no longer here"), "{err}");

    // What the page did is in the store, for the commands too; the page
    // holds no lock between requests.
    let thread = page.ok(page.get(&format!("/api/threads/{id}")));
    assert_eq!(thread["status"], "waiting");
    assert_eq!(thread["assignee"], "PC-Jones");
    assert_eq!(thread["labels"], json!(["urgent"]));
    assert_eq!(
        thread["notes"][0]["text"],
        "Called back; meeting on Monday."
    );
    let reply = &thread["messages"][1];
    assert_eq!(
        (reply["kind"].as_str(), reply["verified"].as_bool()),
        (Some("reply"), Some(true))
    );
    assert_eq!(reply["attachments"][0]["name"], "attachment-1.txt");
    let listed = w.json(&[
        "case",
        "list",
        "--all",
        "--json",
        "--key",
        "jones.key",
        "--store",
        "jones-store",
    ]);
    assert_eq!(listed[0]["status"], "waiting");
    // A change made in a terminal meanwhile shows in the page.
    w.ok(&[
        "case",
        "label",
        &id[..8],
        "from-terminal",
        "--key",
        "jones.key",
        "--store",
        "jones-store",
    ]);
    let inbox = page.ok(page.get("/api/inbox"));
    assert_eq!(
        inbox["threads"][0]["labels"],
        json!(["from-terminal", "urgent"])
    );
    assert_eq!(inbox["labels"], json!(["from-terminal", "urgent"]));
    for (query, matching) in [
        ("assignee=me&label=urgent&status=waiting", 1),
        ("assignee=nobody", 0),
        ("assignee=PC-Jones&label=from-terminal", 1),
        ("label=absent", 0),
    ] {
        let found = page.ok(page.get(&format!("/api/inbox?{query}")));
        assert_eq!(found["matching"], matching, "{query}");
    }
    assert_eq!(inbox["pending_changes"], 5);

    // Sync sends the changes.
    let said = page.ok(page.post("/api/sync", &json!({})));
    let said = said["said"].as_str().unwrap();
    assert!(
        said.contains("Synced") && said.contains("5 of yours sent"),
        "{said}"
    );
    let inbox = page.ok(page.get("/api/inbox"));
    assert_eq!(inbox["pending_changes"], 0);
}
