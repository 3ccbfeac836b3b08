//! A real browser on `stagecraft serve`: headless Chromium driven through ChromeDriver (the
//! W3C WebDriver protocol, plain HTTP and JSON). The test edits files and watches the page
//! change by itself. Without Chromium the test says so and passes, except in CI (`CI` set),
//! where it must run.

mod common;

use common::TestSite;
use serde_json::{Value, json};
use stagecraft::serve::{ServeOptions, Server};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn find(candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .find(|p| std::path::Path::new(p).exists())
        .map(|p| p.to_string())
}

/// ChromeDriver and Chromium, or `None` (with a plain message) when they are not installed.
fn tools() -> Option<(String, String)> {
    let driver = std::env::var("CHROMEDRIVER")
        .ok()
        .or_else(|| find(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]));
    let chrome = std::env::var("CHROMIUM")
        .ok()
        .or_else(|| find(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]));
    match (driver, chrome) {
        (Some(d), Some(c)) => Some((d, c)),
        _ if std::env::var_os("CI").is_some() => panic!(
            "CI must run the browser tests: install chromium and chromium-driver (.ci/run does)"
        ),
        _ => {
            eprintln!(
                "SKIPPED browser test: Chromium or ChromeDriver not found (apt-get install -y chromium chromium-driver)"
            );
            None
        }
    }
}

/// Reads one HTTP response body (Content-Length or chunked), without waiting for the
/// connection to close.
fn read_response(s: &mut TcpStream) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = s.read(&mut chunk).unwrap();
        assert!(n > 0, "connection closed before the response head");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let mut body = buf[head_end..].to_vec();
    if let Some(len) = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        while body.len() < len {
            let n = s.read(&mut chunk).unwrap();
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
        body.truncate(len);
        return body;
    }
    // Chunked: read until the terminating zero-size chunk, then decode.
    while !body.ends_with(b"0\r\n\r\n") {
        let n = s.read(&mut chunk).unwrap();
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let mut out = Vec::new();
    let mut rest = &body[..];
    while let Some(i) = rest.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&rest[..i]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&rest[i + 2..i + 2 + size]);
        rest = &rest[i + 2 + size + 2..];
    }
    out
}

/// A WebDriver session; quits the browser and the driver when dropped.
struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
}

impl Browser {
    fn start(driver: &str, chrome: &str) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(addr).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut browser = Browser {
            driver: child,
            addr,
            session: String::new(),
        };
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": chrome,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"]
        }}}});
        let reply = browser.call("POST", "/session", Some(caps));
        browser.session = reply["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {reply}"))
            .to_string();
        browser
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        write!(s, "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", self.addr, body.len()).unwrap();
        serde_json::from_slice(&read_response(&mut s)).unwrap_or(Value::Null)
    }

    fn goto(&self, url: &str) {
        self.call(
            "POST",
            &format!("/session/{}/url", self.session),
            Some(json!({ "url": url })),
        );
    }

    fn eval(&self, script: &str) -> Value {
        let v = self.call(
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(json!({ "script": script, "args": [] })),
        );
        v["value"].clone()
    }

    /// Polls `script` until it returns true.
    fn wait_until(&self, script: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if self.eval(script) == Value::Bool(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "timed out waiting for {what}; page text: {}",
            self.eval("return document.body.innerText")
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            self.call("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[test]
fn open_page_follows_edits_without_the_test_reloading_it() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let site = TestSite::fixture("basic");
    site.write("themes/default/static/assets/extra.css", "");
    let server = Server::start(&ServeOptions {
        root: site.root().to_path_buf(),
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        verbose: false,
    })
    .unwrap();
    let browser = Browser::start(&driver, &chrome);
    browser.goto(&format!("{}roadmaps/acme/demo/", server.url()));
    browser.wait_until(
        "return document.body.innerText.includes('Demo script')",
        "the page to load",
    );
    // Wait until the live-reload connection is open before editing.
    browser.wait_until(
        "return document.documentElement.dataset.stagecraftLive === 'open'",
        "the event stream",
    );
    std::thread::sleep(Duration::from_millis(300));

    // 1. A Markdown edit shows up by itself.
    site.edit(
        "content/roadmaps/acme/stages/demo.md",
        "## Demo script",
        "## Demo script\n\nEdited while the page was open.",
    );
    browser.wait_until(
        "return document.body.innerText.includes('Edited while the page was open.')",
        "the edit to appear",
    );

    // 2. A stylesheet edit is applied without reloading the page.
    browser.wait_until("return document.readyState === 'complete' && document.documentElement.dataset.stagecraftLive === 'open'", "the reloaded page");
    browser.eval("window.__stagecraftMarker = 42; return true");
    let css = std::fs::read_to_string(site.root().join("themes/default/static/assets/style.css"))
        .unwrap_or_else(|_| {
            String::from_utf8_lossy(
                stagecraft::render::theme::DEFAULT_THEME
                    .iter()
                    .find(|(p, _)| *p == "static/assets/style.css")
                    .unwrap()
                    .1,
            )
            .into_owned()
        });
    site.write(
        "themes/default/static/assets/style.css",
        &format!("{css}\nbody {{ outline: 3px solid rgb(1, 2, 3); }}\n"),
    );
    browser.wait_until(
        "return getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'",
        "the new style",
    );
    assert_eq!(
        browser.eval("return window.__stagecraftMarker === 42"),
        Value::Bool(true),
        "the CSS change must not reload the page"
    );

    // 3. A broken file shows the overlay over the last good page; fixing it clears it.
    site.edit(
        "content/roadmaps/acme/roadmap.yaml",
        "    owner: ae\n    duration_days: 14",
        "    owner: nobody\n    duration_days: 14",
    );
    browser.wait_until("const o = document.getElementById('stagecraft-overlay'); return !!o && o.innerText.includes('roadmap.yaml:60:12')", "the error overlay");
    assert_eq!(
        browser.eval("return document.body.innerText.includes('Edited while the page was open.')"),
        Value::Bool(true)
    );
    site.edit(
        "content/roadmaps/acme/roadmap.yaml",
        "    owner: nobody\n",
        "    owner: ae\n",
    );
    browser.wait_until(
        "return !document.getElementById('stagecraft-overlay')",
        "the overlay to go away",
    );
}
