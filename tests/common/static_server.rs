//! A plain static file server for tests, like an intranet web server: it serves an output
//! folder under a path prefix (`/sales/roadmap/`), maps `dir/` to `dir/index.html`, and
//! answers 404 for anything else, with the site's `404.html` for paths under the prefix (as
//! nginx does with `error_page 404 /sales/roadmap/404.html`). It logs every request, so tests can assert that nothing
//! outside the prefix was asked for.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A running server; it stops when the test process ends.
pub struct StaticServer {
    /// `http://127.0.0.1:<port>` without a trailing slash.
    pub origin: String,
    /// The prefix, with leading and trailing slashes (`/sales/roadmap/`).
    pub prefix: String,
    /// Every request path, in order, with its status.
    pub log: Arc<Mutex<Vec<(String, u16)>>>,
}

impl StaticServer {
    /// Serves `dir` at `prefix` on a free loopback port.
    pub fn start(dir: &Path, prefix: &str) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let prefix = format!("/{}/", prefix.trim_matches('/')).replace("//", "/");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (dir, p, l) = (dir.to_path_buf(), prefix.clone(), log.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (dir, p, l) = (dir.clone(), p.clone(), l.clone());
                std::thread::spawn(move || serve(stream, &dir, &p, &l));
            }
        });
        StaticServer {
            origin,
            prefix,
            log,
        }
    }

    /// The site's root URL (`http://127.0.0.1:1234/sales/roadmap/`).
    pub fn url(&self) -> String {
        format!("{}{}", self.origin, self.prefix)
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "json" => "application/json",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes (invalid ones stay as they are), then reads the bytes as UTF-8.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = std::str::from_utf8(b.get(i + 1..i + 3).unwrap_or_default()).ok();
        if b[i] == b'%'
            && let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn resolve(dir: &Path, prefix: &str, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let rest = path
        .strip_prefix(prefix)
        .or_else(|| (path == prefix.trim_end_matches('/')).then_some(""))?;
    let rest = percent_decode(rest);
    if rest.split('/').any(|s| s == "..") {
        return None;
    }
    let mut file = dir.join(&rest);
    if rest.is_empty() || rest.ends_with('/') {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn serve(stream: TcpStream, dir: &Path, prefix: &str, log: &Mutex<Vec<(String, u16)>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
        let mut close = false;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            if h.to_ascii_lowercase().starts_with("connection: close") {
                close = true;
            }
            if h == "\r\n" || h == "\n" {
                break;
            }
        }
        let page_404 = dir.join("404.html");
        let (status, body, ctype) = match resolve(dir, prefix, &target) {
            Some(f) => (200, std::fs::read(&f).unwrap_or_default(), content_type(&f)),
            None if target.starts_with(prefix) && page_404.is_file() => (
                404,
                std::fs::read(&page_404).unwrap_or_default(),
                content_type(&page_404),
            ),
            None => (404, b"not found".to_vec(), "text/plain"),
        };
        log.lock().unwrap().push((target, status));
        let mut s = &stream;
        let head = format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
            if status == 200 { "OK" } else { "Not Found" },
            body.len()
        );
        if s.write_all(head.as_bytes()).is_err() || s.write_all(&body).is_err() || close {
            return;
        }
    }
}

/// GETs `url` (`http://127.0.0.1:port/...`) and returns the status and body.
pub fn get(url: &str) -> (u16, Vec<u8>) {
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut s = TcpStream::connect(host).unwrap();
    write!(
        s,
        "GET {} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n",
        if path.is_empty() { "/" } else { path }
    )
    .unwrap();
    let mut buf = Vec::new();
    std::io::Read::read_to_end(&mut s, &mut buf).unwrap();
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    let status = String::from_utf8_lossy(&buf[..head_end])
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, buf[head_end..].to_vec())
}
