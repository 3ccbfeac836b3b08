//! A headless Chromium driven through ChromeDriver: the W3C WebDriver protocol, plain HTTP
//! and JSON, no client crate. Without Chromium, [`tools`] says so and the test passes,
//! except in CI (`CI` set), where it must run.

use serde_json::{Value, json};
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
pub fn tools() -> Option<(String, String)> {
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
pub fn read_response(s: &mut TcpStream) -> Vec<u8> {
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
pub struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
}

impl Browser {
    pub fn start(driver: &str, chrome: &str) -> Browser {
        Browser::start_with_env(driver, chrome, &[])
    }

    /// Starts a browser whose processes see `env` besides this process's environment (such
    /// as `FONTCONFIG_FILE`, to choose the fonts it may use).
    pub fn start_with_env(driver: &str, chrome: &str, env: &[(&str, &std::path::Path)]) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(driver)
            .envs(env.iter().map(|(k, v)| (k, v.as_os_str())))
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
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
        }}}});
        let reply = browser.call("POST", "/session", Some(caps));
        browser.session = reply["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {reply}"))
            .to_string();
        browser
    }

    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        write!(s, "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", self.addr, body.len()).unwrap();
        serde_json::from_slice(&read_response(&mut s)).unwrap_or(Value::Null)
    }

    pub fn goto(&self, url: &str) {
        self.call(
            "POST",
            &format!("/session/{}/url", self.session),
            Some(json!({ "url": url })),
        );
    }

    pub fn eval(&self, script: &str) -> Value {
        let v = self.call(
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(json!({ "script": script, "args": [] })),
        );
        v["value"].clone()
    }

    /// Polls `script` until it returns true.
    pub fn wait_until(&self, script: &str, what: &str) {
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

impl Browser {
    /// Runs `script` with `args` (available as `arguments[i]`) and returns its value.
    pub fn eval_with(&self, script: &str, args: Vec<Value>) -> Value {
        let v = self.call(
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(json!({ "script": script, "args": args })),
        );
        v["value"].clone()
    }

    /// Runs an async `script`: it must call `arguments[arguments.length - 1]` with its result.
    pub fn eval_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.call(
            "POST",
            &format!("/session/{}/timeouts", self.session),
            Some(json!({ "script": 60000 })),
        );
        let v = self.call(
            "POST",
            &format!("/session/{}/execute/async", self.session),
            Some(json!({ "script": script, "args": args })),
        );
        v["value"].clone()
    }

    /// Sets the window's outer size (the viewport is a little smaller in headful mode,
    /// the same in headless).
    pub fn set_size(&self, width: u32, height: u32) {
        self.call(
            "POST",
            &format!("/session/{}/window/rect", self.session),
            Some(json!({ "width": width, "height": height })),
        );
    }

    /// The WebDriver id of the first element matching `css`, or `None`.
    pub fn element(&self, css: &str) -> Option<String> {
        let v = self.call(
            "POST",
            &format!("/session/{}/element", self.session),
            Some(json!({ "using": "css selector", "value": css })),
        );
        v["value"]
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(|id| id.as_str())
            .map(str::to_string)
    }

    fn element_or_panic(&self, css: &str) -> String {
        self.element(css)
            .unwrap_or_else(|| panic!("no element matches `{css}` on {}", self.url()))
    }

    /// Clicks the first element matching `css`, as a user would (WebDriver element click).
    pub fn click(&self, css: &str) {
        let id = self.element_or_panic(css);
        let v = self.call(
            "POST",
            &format!("/session/{}/element/{id}/click", self.session),
            Some(json!({})),
        );
        assert!(
            v["value"].is_null(),
            "clicking `{css}` failed: {}",
            v["value"]
        );
    }

    /// Types `text` into the first element matching `css` (it gets focus first). Keys such as
    /// Enter are `\u{E007}`, Tab `\u{E004}`, arrow down `\u{E015}`.
    pub fn type_into(&self, css: &str, text: &str) {
        let id = self.element_or_panic(css);
        let v = self.call(
            "POST",
            &format!("/session/{}/element/{id}/value", self.session),
            Some(json!({ "text": text })),
        );
        assert!(
            v["value"].is_null(),
            "typing into `{css}` failed: {}",
            v["value"]
        );
    }

    /// Sends keys to whatever has focus (W3C actions), such as Tab to move focus.
    pub fn press(&self, text: &str) {
        let mut actions = Vec::new();
        for c in text.chars() {
            actions.push(json!({"type": "keyDown", "value": c.to_string()}));
            actions.push(json!({"type": "keyUp", "value": c.to_string()}));
        }
        self.call(
            "POST",
            &format!("/session/{}/actions", self.session),
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        );
        self.call(
            "DELETE",
            &format!("/session/{}/actions", self.session),
            None,
        );
    }

    /// The current URL.
    pub fn url(&self) -> String {
        self.call("GET", &format!("/session/{}/url", self.session), None)["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Saves a PNG screenshot of the viewport.
    pub fn screenshot(&self, path: &std::path::Path) {
        let v = self.call(
            "GET",
            &format!("/session/{}/screenshot", self.session),
            None,
        );
        let png = base64_decode(v["value"].as_str().unwrap_or_default());
        std::fs::write(path, png).unwrap();
    }

    /// Runs a Chrome DevTools Protocol command (ChromeDriver's `goog/cdp/execute`), such as
    /// `Emulation.setEmulatedMedia` to emulate the dark colour scheme.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.call(
            "POST",
            &format!("/session/{}/goog/cdp/execute", self.session),
            Some(json!({ "cmd": cmd, "params": params })),
        )["value"]
            .clone()
    }

    /// Emulates `prefers-color-scheme: dark` (or light) for the pages that follow.
    pub fn color_scheme(&self, dark: bool) {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": if dark { "dark" } else { "light" }}]}),
        );
    }

    /// Reloads the page.
    pub fn reload(&self) {
        self.call(
            "POST",
            &format!("/session/{}/refresh", self.session),
            Some(json!({})),
        );
    }
}

/// Decodes standard base64 (screenshots), ignoring anything outside the alphabet.
fn base64_decode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

impl Browser {
    /// Prints the current page to PDF as Chromium's print dialog would with "no headers and
    /// footers" (`@page` sizes respected) and returns the PDF's bytes.
    pub fn print_pdf(&self) -> Vec<u8> {
        let v = self.cdp(
            "Page.printToPDF",
            json!({ "preferCSSPageSize": true, "printBackground": false }),
        );
        base64_decode(v["data"].as_str().unwrap_or_default())
    }
}
