//! The HTTP side of `serve`: files from memory, the live-reload script and event stream,
//! and nothing outside the site.

use super::state::{ErrorView, LiveEvent, ServeState};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::convert::Infallible;
use std::sync::Arc;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

/// Where the reload script and the event stream live; no site path can start with `__`.
pub const LIVE_PREFIX: &str = "/__stagecraft/";
const LIVE_JS: &str = include_str!("live.js");

/// The router: the event stream, the script, and every other GET or HEAD as a site file.
pub fn router(state: Arc<ServeState>) -> Router {
    Router::new()
        .route("/__stagecraft/events", get(events))
        .route("/__stagecraft/live.js", get(live_js))
        .fallback(get(site_file))
        .with_state(state)
}

async fn live_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_JS,
    )
        .into_response()
}

async fn events(State(state): State<Arc<ServeState>>) -> impl IntoResponse {
    let rx = state.events.subscribe();
    // A tab that connects while the build is broken learns it at once.
    let pending = {
        let snap = state.snapshot.read().unwrap_or_else(|e| e.into_inner());
        (!snap.errors.is_empty()).then(|| LiveEvent::Error(snap.errors.clone()))
    };
    let initial = tokio_stream::iter(pending.map(Ok::<_, Infallible>).map(|e| e.map(to_sse)));
    let live =
        BroadcastStream::new(rx).filter_map(|msg| msg.ok().map(|e| Ok::<_, Infallible>(to_sse(e))));
    Sse::new(initial.chain(live)).keep_alive(KeepAlive::default())
}

fn to_sse(event: LiveEvent) -> Event {
    match event {
        LiveEvent::Reload(paths) => Event::default()
            .event("reload")
            .data(serde_json::to_string(&paths).unwrap_or_default()),
        LiveEvent::Css => Event::default().event("css").data("{}"),
        LiveEvent::Error(errors) => Event::default()
            .event("build-error")
            .data(serde_json::to_string(&errors).unwrap_or_default()),
        LiveEvent::Ok => Event::default().event("ok").data("{}"),
    }
}

/// Maps a request path to an output path, or `None` for anything that could leave the
/// site: `..`, `.`, backslashes, NUL, bad percent-encoding.
pub fn resolve_path(raw: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\0', '\\']) {
        return None;
    }
    let trimmed = decoded.trim_start_matches('/');
    let mut parts = Vec::new();
    for seg in trimmed.split('/') {
        match seg {
            "" => {}
            "." | ".." => return None,
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if path.is_empty() || decoded.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

/// The Content-Type for an output path.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

async fn site_file(State(state): State<Arc<ServeState>>, uri: Uri) -> Response {
    let snap = state.snapshot.read().unwrap_or_else(|e| e.into_inner());
    let Some(path) = resolve_path(uri.path()) else {
        return not_found(&snap.files, &snap.errors);
    };
    if let Some(bytes) = snap.files.get(&path) {
        return file_response(StatusCode::OK, &path, bytes, &snap.errors);
    }
    // `/roadmaps/x` → `/roadmaps/x/`, so that relative links work.
    if snap.files.contains_key(&format!("{path}/index.html")) {
        let location = format!("{}/", uri.path());
        return (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response();
    }
    not_found(&snap.files, &snap.errors)
}

fn not_found(
    files: &std::collections::HashMap<String, Arc<Vec<u8>>>,
    errors: &[ErrorView],
) -> Response {
    match files.get("404.html") {
        Some(bytes) => file_response(StatusCode::NOT_FOUND, "404.html", bytes, errors),
        // No good build yet: a bare page that carries the overlay and the reload script.
        None => {
            let page = Arc::new(b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Stagecraft</title></head><body><p>The site has not built yet.</p></body></html>".to_vec());
            file_response(StatusCode::NOT_FOUND, "404.html", &page, errors)
        }
    }
}

fn file_response(
    status: StatusCode,
    path: &str,
    bytes: &Arc<Vec<u8>>,
    errors: &[ErrorView],
) -> Response {
    let ctype = content_type(path);
    let bytes = crate::render::packed::unpack(bytes);
    let body = if ctype.starts_with("text/html") {
        Body::from(inject(&bytes, errors))
    } else {
        Body::from(bytes.into_owned())
    };
    let mut res = Response::new(body);
    *res.status_mut() = status;
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    res
}

/// Adds the reload script, and the error overlay while the build is broken, before
/// `</body>`.
pub fn inject(html: &[u8], errors: &[ErrorView]) -> Vec<u8> {
    let mut extra = String::new();
    if !errors.is_empty() {
        extra.push_str(&overlay_html(errors));
    }
    extra.push_str(OVERLAY_STYLE);
    extra.push_str("<script src=\"/__stagecraft/live.js\"></script>");
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The overlay as HTML, for pages served while the build is broken.
pub fn overlay_html(errors: &[ErrorView]) -> String {
    let esc = crate::diagram::escape_xml;
    let mut s = String::from(
        "<div id=\"stagecraft-overlay\" role=\"alertdialog\" aria-label=\"Build error\"><div class=\"sc-panel\"><p class=\"sc-title\">Build failed: the last good version of the site is shown. Fix the file and save.</p><ol>",
    );
    for e in errors {
        s.push_str(&format!(
            "<li><code>{}</code><p>{}</p>",
            esc(&e.location),
            esc(&e.message)
        ));
        if let Some(h) = &e.hint {
            s.push_str(&format!("<p class=\"sc-hint\">{}</p>", esc(h)));
        }
        s.push_str("</li>");
    }
    s.push_str("</ol></div></div>");
    s
}

const OVERLAY_STYLE: &str = "<style>#stagecraft-overlay{position:fixed;inset:0;z-index:2147483647;background:rgba(20,24,31,.72);display:flex;align-items:flex-start;justify-content:center;padding:5vh 1rem;overflow:auto;font:15px/1.5 system-ui,sans-serif}#stagecraft-overlay .sc-panel{background:#fff;color:#1b1f24;max-width:52rem;width:100%;border-radius:10px;border-top:6px solid #c62828;padding:1.25rem 1.5rem;box-shadow:0 10px 40px rgba(0,0,0,.35)}#stagecraft-overlay .sc-title{font-weight:700;margin:0 0 .75rem}#stagecraft-overlay ol{margin:0;padding-left:1.25rem}#stagecraft-overlay li{margin:.6rem 0}#stagecraft-overlay code{font:13px ui-monospace,monospace;background:#fdecea;color:#8e1b1b;padding:.1rem .35rem;border-radius:4px}#stagecraft-overlay p{margin:.2rem 0}#stagecraft-overlay .sc-hint{color:#4b5563}</style>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_files_and_traversal_is_refused() {
        assert_eq!(resolve_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            resolve_path("/roadmaps/a/").as_deref(),
            Some("roadmaps/a/index.html")
        );
        assert_eq!(
            resolve_path("/assets/style.css").as_deref(),
            Some("assets/style.css")
        );
        assert_eq!(
            resolve_path("/%E9%9C%80/").as_deref(),
            Some("需/index.html")
        );
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/x",
            "/a/%2E%2E/%2E%2E/b",
            "/a\\b",
            "/%00",
            "/./x",
            "/%ff",
        ] {
            assert_eq!(resolve_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn injection_goes_before_body_end_and_escapes_errors() {
        let out = inject(
            b"<html><body><p>x</p></body></html>",
            &[ErrorView {
                location: "a.yaml:1:2".into(),
                message: "<bad>".into(),
                hint: None,
            }],
        );
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("live.js\"></script></body>"));
        assert!(s.contains("&lt;bad&gt;"));
        assert!(s.find("stagecraft-overlay").unwrap() < s.find("</body>").unwrap());
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.SVG"), "image/svg+xml");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
    }
}
