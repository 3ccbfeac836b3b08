//! A crawler that reads the site as a browser does: it fetches pages over HTTP from a root
//! URL, resolves every `href`, `src` and CSS `url()` against the page it is on, and reports
//! every link that fails, leaves the root or names a missing anchor.

use super::links;
use super::static_server::{get, percent_decode};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Where a link goes, seen from the page it is on.
#[derive(Debug, PartialEq)]
pub enum Target {
    /// An absolute `http://` URL without its fragment, and the fragment.
    Url(String, Option<String>),
    /// Another scheme (`mailto:`, `data:`) or another host: not part of the site.
    Elsewhere(String),
}

/// The few character references templates write in attribute values.
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Removes `.` and `..` segments from an absolute path (RFC 3986, 5.2.4).
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

/// Resolves `href` (as written in an attribute) against the URL of the page it is on, as a
/// browser does.
pub fn resolve(page: &str, href: &str) -> Target {
    let href = unescape(href.trim());
    let (rest, fragment) = match href.split_once('#') {
        Some((r, f)) => (r.to_string(), Some(f.to_string())),
        None => (href.clone(), None),
    };
    let page = page.split('#').next().unwrap_or(page);
    let after_scheme = page.find("://").map_or(0, |i| i + 3);
    let origin_end = page[after_scheme..]
        .find('/')
        .map_or(page.len(), |i| i + after_scheme);
    let (origin, page_path) = page.split_at(origin_end);
    let scheme = rest.split_once(':').map(|(s, _)| s).filter(|s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    let path = if let Some(scheme) = scheme {
        match rest.strip_prefix(origin) {
            Some(p) if scheme == "http" && (p.is_empty() || p.starts_with('/')) => {
                if p.is_empty() {
                    "/".to_string()
                } else {
                    p.to_string()
                }
            }
            _ => return Target::Elsewhere(href),
        }
    } else if rest.starts_with("//") {
        return Target::Elsewhere(href);
    } else if rest.is_empty() {
        page_path.to_string()
    } else if rest.starts_with('/') {
        rest
    } else if rest.starts_with('?') {
        format!("{}{rest}", page_path.split('?').next().unwrap_or(""))
    } else {
        let dir = &page_path[..=page_path.rfind('/').unwrap_or(0)];
        format!("{dir}{rest}")
    };
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (path, None),
    };
    let mut url = format!("{origin}{}", remove_dot_segments(&path));
    if let Some(q) = query {
        url = format!("{url}?{q}");
    }
    Target::Url(url, fragment)
}

/// The output file a URL under the site's root URL names (`dir/` is `dir/index.html`).
pub fn file_of(root: &str, url: &str) -> Option<String> {
    let rest = url.strip_prefix(root)?;
    let rest = percent_decode(rest.split('?').next().unwrap_or(rest));
    Some(if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest
    })
}

/// Every `url(...)` in a stylesheet.
pub fn css_urls(css: &str) -> Vec<String> {
    css.split("url(")
        .skip(1)
        .filter_map(|s| s.split_once(')'))
        .map(|(u, _)| u.trim().trim_matches(['"', '\'']).to_string())
        .filter(|u| !u.starts_with("data:"))
        .collect()
}

/// Crawls the whole site from `root`, asserts that the crawl found no problem, and returns
/// the bodies of the HTML pages fetched, by URL.
#[track_caller]
pub fn crawl_clean(root: &str) -> BTreeMap<String, String> {
    let mut pages = BTreeMap::new();
    let mut problems = Vec::new();
    crawl(root, &[root.to_string()], &mut pages, &mut problems);
    assert!(
        problems.is_empty(),
        "crawl problems:\n{}",
        problems.join("\n")
    );
    pages
}

/// Crawls from `start`, following every `href`, `src` and CSS `url()`. Returns the bodies
/// of the HTML pages fetched, by URL, and every problem found.
pub fn crawl(
    root: &str,
    start: &[String],
    pages: &mut BTreeMap<String, String>,
    problems: &mut Vec<String>,
) {
    let mut queue: VecDeque<(String, String)> = start
        .iter()
        .map(|u| (u.clone(), "(start)".to_string()))
        .collect();
    let mut seen: BTreeSet<String> = start.iter().cloned().collect();
    seen.extend(pages.keys().cloned());
    let mut anchors = Vec::new();
    while let Some((url, from)) = queue.pop_front() {
        let (status, body) = get(&url);
        if status != 200 {
            problems.push(format!("{url} (linked from {from}): status {status}"));
            continue;
        }
        let Some(file) = file_of(root, &url) else {
            problems.push(format!("{url} (linked from {from}) is outside {root}"));
            continue;
        };
        let text = String::from_utf8_lossy(&body).into_owned();
        let found = if file.ends_with(".html") {
            links(&text)
        } else if file.ends_with(".css") {
            css_urls(&text)
        } else {
            Vec::new()
        };
        for href in found {
            match resolve(&url, &href) {
                Target::Elsewhere(h) => problems.push(format!("{url} links outside the site: {h}")),
                Target::Url(target, fragment) => {
                    if !target.starts_with(root) {
                        problems.push(format!("{url} links outside {root}: {href} -> {target}"));
                        continue;
                    }
                    if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                        anchors.push((url.clone(), href.clone(), target.clone(), f));
                    }
                    if seen.insert(target.clone()) {
                        queue.push_back((target, url.clone()));
                    }
                }
            }
        }
        if file.ends_with(".html") {
            pages.insert(url, text);
        }
    }
    for (from, href, target, fragment) in anchors {
        let id = format!("id=\"{}\"", percent_decode(&fragment));
        if !pages.get(&target).is_some_and(|t| t.contains(&id)) {
            problems.push(format!("{from}: {href} names a missing anchor"));
        }
    }
}
