//! `stagecraft serve` through a real HTTP client: live reload, errors while the old site is
//! still served, editors' ways of saving, and requests that try to leave the site.

mod common;

use common::TestSite;
use stagecraft::serve::{ServeError, ServeOptions, Server};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

const PLAYBOOK: &str = "content/roadmaps/acme/stages/demo.md";
const ROADMAP: &str = "content/roadmaps/acme/roadmap.yaml";

fn start(site: &TestSite) -> Server {
    let opts = ServeOptions {
        root: site.root().to_path_buf(),
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        verbose: false,
        git_dates: false,
    };
    Server::start(&opts).expect("server starts")
}

/// A response: status code, headers (lower-case names) and body.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends a raw GET for `path` exactly as written (no client-side normalisation).
fn get(addr: SocketAddr, path: &str) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap_or("")
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_string(),
    }
}

/// An open event stream, as a tab has it.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(addr: SocketAddr) -> Events {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(
            s,
            "GET /__stagecraft/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut reader = BufReader::new(s);
        // Skip the response head.
        let mut line = String::new();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            line.clear();
            if reader.read_line(&mut line).is_ok() && line == "\r\n" {
                break;
            }
        }
        // Give the server a moment to register the subscriber before the test edits.
        std::thread::sleep(Duration::from_millis(50));
        Events { reader }
    }

    /// Waits for an event named `name` whose data satisfies `check`; returns the data.
    fn wait_for(&mut self, name: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut event = String::new();
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) => panic!("event stream closed"),
                Ok(_) => {}
                Err(_) => continue,
            }
            let line = line.trim_end();
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(data) = line.strip_prefix("data: ") {
                seen.push(format!("{event}: {data}"));
                if event == name && check(data) {
                    return data.to_string();
                }
            }
        }
        panic!("no `{name}` event within 10 s; saw {seen:?}");
    }
}

/// Polls `path` until its body satisfies `check`.
fn eventually(addr: SocketAddr, path: &str, check: impl Fn(&Reply) -> bool) -> Reply {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let reply = get(addr, path);
        if check(&reply) {
            return reply;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never reached the expected state; last body:\n{}",
            reply.body
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn edit_sends_reload_for_the_page_and_serves_the_new_text() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    let mut events = Events::open(server.addr());
    let before = get(server.addr(), "/roadmaps/acme/demo/");
    assert_eq!(before.status, 200);
    assert!(
        before.body.contains("/__stagecraft/live.js"),
        "serve injects the reload script"
    );
    site.edit(PLAYBOOK, "## Demo script", "## Demo script, take two");
    events.wait_for("reload", |d| d.contains("roadmaps/acme/demo/index.html"));
    let after = get(server.addr(), "/roadmaps/acme/demo/");
    assert!(after.body.contains("Demo script, take two"));
    assert!(
        !site.output().exists(),
        "serve never writes the output folder"
    );
}

#[test]
fn broken_yaml_shows_the_error_while_the_old_site_is_served_then_clears() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    let mut events = Events::open(server.addr());
    site.edit(ROADMAP, "    owner: sdr\n", "    owner: nobody\n");
    let data = events.wait_for("build-error", |d| d.contains("roadmap.yaml:49:12"));
    assert!(
        data.contains("owner `nobody` is not a role of this roadmap"),
        "{data}"
    );
    // A page opened now is the last good one, with the overlay in its HTML.
    let page = get(server.addr(), "/roadmaps/acme/prospect/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Prospecting playbook"));
    assert!(page.body.contains("id=\"stagecraft-overlay\""));
    assert!(
        page.body
            .contains("content/roadmaps/acme/roadmap.yaml:49:12")
    );
    // A tab that connects during the error is told at once.
    let mut late = Events::open(server.addr());
    late.wait_for("build-error", |d| d.contains("nobody"));
    site.edit(ROADMAP, "    owner: nobody\n", "    owner: sdr\n");
    events.wait_for("ok", |_| true);
    let fixed = eventually(server.addr(), "/roadmaps/acme/prospect/", |r| {
        !r.body.contains("id=\"stagecraft-overlay\"")
    });
    assert!(fixed.body.contains("Prospecting playbook"));
}

#[test]
fn deleting_and_recreating_a_playbook() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    site.remove(PLAYBOOK);
    let gone = eventually(server.addr(), "/roadmaps/acme/demo/", |r| {
        !r.body.contains("Demo script")
    });
    assert_eq!(
        gone.status, 200,
        "the stage page stays, built from the YAML"
    );
    site.write(PLAYBOOK, "## Demo script\n\nBack again.\n");
    eventually(server.addr(), "/roadmaps/acme/demo/", |r| {
        r.body.contains("Back again.")
    });
}

#[test]
fn renaming_a_folder_moves_its_pages() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/roadmaps/extra/roadmap.yaml",
        "title: Extra\nroles: [{id: r, name: R}]\nstages: [{id: one, name: One, owner: r}]\n",
    );
    let server = start(&site);
    assert_eq!(get(server.addr(), "/roadmaps/extra/one/").status, 200);
    std::fs::rename(
        site.root().join("content/roadmaps/extra"),
        site.root().join("content/roadmaps/renamed"),
    )
    .unwrap();
    eventually(server.addr(), "/roadmaps/renamed/one/", |r| r.status == 200);
    assert_eq!(get(server.addr(), "/roadmaps/extra/one/").status, 404);
}

#[test]
fn atomic_saves_and_editor_litter() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    let mut events = Events::open(server.addr());
    // vim and VS Code write a temporary file and rename it over the original.
    let tmp = site
        .root()
        .join("content/roadmaps/acme/stages/.demo.md.tmp");
    std::fs::write(&tmp, "## Demo script\n\nSaved atomically.\n").unwrap();
    std::fs::write(
        site.root().join("content/roadmaps/acme/stages/demo.md~"),
        "backup",
    )
    .unwrap();
    std::fs::write(
        site.root()
            .join("content/roadmaps/acme/stages/.demo.md.swp"),
        "swap",
    )
    .unwrap();
    std::fs::rename(&tmp, site.root().join(PLAYBOOK)).unwrap();
    events.wait_for("reload", |d| d.contains("roadmaps/acme/demo/index.html"));
    assert!(
        get(server.addr(), "/roadmaps/acme/demo/")
            .body
            .contains("Saved atomically.")
    );
    // The backup and swap files are ignored: no error, no stray page.
    assert!(server.state().snapshot.read().unwrap().errors.is_empty());
}

#[test]
fn fifty_saves_in_a_second_end_in_the_last_state() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    for i in 0..50 {
        site.write(
            PLAYBOOK,
            &format!("## Demo script\n\nVersion {i} of the text.\n"),
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let last = eventually(server.addr(), "/roadmaps/acme/demo/", |r| {
        r.body.contains("Version 49 of the text.")
    });
    assert_eq!(last.status, 200);
    std::thread::sleep(Duration::from_millis(300));
    let settled = get(server.addr(), "/roadmaps/acme/demo/");
    assert!(
        settled.body.contains("Version 49 of the text."),
        "the final state sticks"
    );
    assert_eq!(get(server.addr(), "/").status, 200, "the server is alive");
}

#[test]
fn a_burst_of_changes_is_coalesced() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    let before = server.state().snapshot.read().unwrap().generation;
    // Like `git checkout` of another branch: many files rewritten at once.
    for (i, rel) in [
        PLAYBOOK,
        "content/roadmaps/acme/stages/prospect.md",
        "content/onboarding/welcome.md",
        "content/onboarding/demo-skills.md",
        "content/pages/glossary.md",
    ]
    .iter()
    .enumerate()
    {
        let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
        site.write(rel, &format!("{text}\nBurst edit {i}.\n"));
    }
    eventually(server.addr(), "/glossary/", |r| {
        r.body.contains("Burst edit 4.")
    });
    eventually(server.addr(), "/roadmaps/acme/demo/", |r| {
        r.body.contains("Burst edit 0.")
    });
    std::thread::sleep(Duration::from_millis(200));
    let rebuilds = server.state().snapshot.read().unwrap().generation - before;
    assert!(
        rebuilds <= 2,
        "five files changed at once took {rebuilds} rebuilds"
    );
}

#[test]
fn requests_outside_the_site_get_404() {
    let site = TestSite::fixture("basic");
    std::fs::write(site.root().join("secret.txt"), "root:x:0:0").unwrap();
    let server = start(&site);
    for path in [
        "/../secret.txt",
        "/../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsecret.txt",
        "/assets/..%5c..%5csecret.txt",
        "/content/site.yaml",
        "/%00",
        "/./index.html",
    ] {
        let r = get(server.addr(), path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.body.contains("root:x"), "{path}");
    }
}

#[test]
fn unknown_paths_get_the_site_404_page_and_types_are_right() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    let missing = get(server.addr(), "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "{}", missing.body);
    for (path, ctype) in [
        ("/", "text/html; charset=utf-8"),
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/img/logo.svg", "image/svg+xml"),
        ("/sitemap.xml", "application/xml"),
        ("/__stagecraft/live.js", "text/javascript; charset=utf-8"),
    ] {
        let r = get(server.addr(), path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ctype), "{path}");
    }
    let redirect = get(server.addr(), "/roadmaps/acme");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/roadmaps/acme/"));
}

#[test]
fn busy_port_is_reported_clearly() {
    let site = TestSite::fixture("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let opts = ServeOptions {
        root: site.root().to_path_buf(),
        bind: "127.0.0.1".parse().unwrap(),
        port,
        verbose: false,
        git_dates: false,
    };
    match Server::start(&opts) {
        Err(e @ ServeError::PortInUse { .. }) => {
            let text = e.to_string();
            assert!(text.contains(&format!("port {port}")), "{text}");
            assert!(text.contains("--port 0"), "{text}");
        }
        Err(e) => panic!("unexpected error: {e}"),
        Ok(_) => panic!("the port is taken"),
    }
}

#[test]
fn build_output_never_contains_the_reload_script() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    for f in common::file_list(&site.output()) {
        let text = std::fs::read_to_string(site.output().join(&f)).unwrap_or_default();
        assert!(!text.contains("__stagecraft"), "{f} has the reload script");
    }
}
