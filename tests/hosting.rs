//! Hosting under a subpath: the sample site served at `/sales/roadmap/` by a plain static
//! server (as nginx would with `alias`), crawled over HTTP from its root URL, and opened in
//! headless Chromium. Every link and resource must stay inside the prefix and resolve.

mod common;

use common::browser::{Browser, tools};
use common::static_server::{StaticServer, get, percent_decode};
use common::{TestSite, file_list, links};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

const PREFIX: &str = "/sales/roadmap/";

/// Where a link goes, seen from the page it is on.
#[derive(Debug, PartialEq)]
enum Target {
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
fn resolve(page: &str, href: &str) -> Target {
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
fn file_of(root: &str, url: &str) -> Option<String> {
    let rest = url.strip_prefix(root)?;
    let rest = percent_decode(rest.split('?').next().unwrap_or(rest));
    Some(if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest
    })
}

/// Every `url(...)` in a stylesheet.
fn css_urls(css: &str) -> Vec<String> {
    css.split("url(")
        .skip(1)
        .filter_map(|s| s.split_once(')'))
        .map(|(u, _)| u.trim().trim_matches(['"', '\'']).to_string())
        .filter(|u| !u.starts_with("data:"))
        .collect()
}

#[test]
fn links_resolve_like_a_browser() {
    let page = "http://h:1/sales/roadmap/roadmaps/a/b/index.html";
    let url = |u: &str, f: Option<&str>| Target::Url(u.to_string(), f.map(str::to_string));
    assert_eq!(
        resolve(page, "../../../glossary/index.html#icp"),
        url("http://h:1/sales/roadmap/glossary/index.html", Some("icp"))
    );
    assert_eq!(
        resolve(page, "#main"),
        url(
            "http://h:1/sales/roadmap/roadmaps/a/b/index.html",
            Some("main")
        )
    );
    assert_eq!(
        resolve(page, "./c/%E9%9C%80.html"),
        url(
            "http://h:1/sales/roadmap/roadmaps/a/b/c/%E9%9C%80.html",
            None
        )
    );
    assert_eq!(
        resolve(page, "../../../../../../x"),
        url("http://h:1/x", None),
        "`..` stops at the root"
    );
    assert_eq!(
        resolve(page, "/sales/roadmap/index.html"),
        url("http://h:1/sales/roadmap/index.html", None)
    );
    assert_eq!(
        resolve(page, ".."),
        url("http://h:1/sales/roadmap/roadmaps/a/", None)
    );
    assert_eq!(
        resolve(page, "a?x=1&amp;y=2"),
        url("http://h:1/sales/roadmap/roadmaps/a/b/a?x=1&y=2", None)
    );
    assert!(matches!(
        resolve(page, "https://example.com/"),
        Target::Elsewhere(_)
    ));
    assert!(matches!(
        resolve(page, "//example.com/x"),
        Target::Elsewhere(_)
    ));
    assert!(matches!(
        resolve(page, "mailto:a@b.c"),
        Target::Elsewhere(_)
    ));
    assert_eq!(
        file_of(
            "http://h:1/sales/roadmap/",
            "http://h:1/sales/roadmap/a%20b/"
        ),
        Some("a b/index.html".to_string())
    );
    assert_eq!(
        file_of("http://h:1/sales/roadmap/", "http://h:1/other/"),
        None
    );
}

/// The sample site, built and served under [`PREFIX`].
fn serve_sample() -> (TestSite, StaticServer) {
    let site = TestSite::fixture("sample");
    site.build_ok();
    let server = StaticServer::start(&site.output(), PREFIX);
    (site, server)
}

/// Crawls from `start`, following every `href`, `src` and CSS `url()`. Returns the bodies
/// of the HTML pages fetched, by URL, and every problem found.
fn crawl(
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
                        problems.push(format!("{url} links outside {PREFIX}: {href} -> {target}"));
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

#[test]
fn every_page_is_reached_over_http_under_a_subpath() {
    let (site, server) = serve_sample();
    let root = server.url();
    let mut pages = BTreeMap::new();
    let mut problems = Vec::new();
    crawl(
        &root,
        std::slice::from_ref(&root),
        &mut pages,
        &mut problems,
    );
    assert!(
        problems.is_empty(),
        "crawl problems:\n{}",
        problems.join("\n")
    );
    let log = server.log.lock().unwrap().clone();
    assert!(log.len() > 30, "the crawl made only {} requests", log.len());
    for (path, status) in &log {
        assert!(path.starts_with(PREFIX), "request outside {PREFIX}: {path}");
        assert_eq!(*status, 200, "{path}");
    }

    // An unknown URL deep under the prefix gets the 404 page, whose links work from there.
    let missing = format!("{root}no/such/page/");
    let (status, body) = get(&missing);
    assert_eq!(status, 404);
    let body = String::from_utf8_lossy(&body).into_owned();
    assert!(
        body.contains("class=\"not-found\""),
        "not the site's 404 page: {body}"
    );
    pages.insert(missing.clone(), body.clone());
    let targets: Vec<String> = links(&body)
        .iter()
        .filter_map(|h| match resolve(&missing, h) {
            Target::Url(u, _) => Some(u),
            Target::Elsewhere(h) => {
                problems.push(format!("404 page links outside the site: {h}"));
                None
            }
        })
        .collect();
    assert!(targets.iter().all(|t| t.starts_with(&root)), "{targets:?}");
    let targets: Vec<String> = targets.into_iter().filter(|t| *t != missing).collect();
    assert!(targets.len() >= 5, "the 404 page links back: {targets:?}");
    crawl(&root, &targets, &mut pages, &mut problems);
    assert!(
        problems.is_empty(),
        "404 page problems:\n{}",
        problems.join("\n")
    );

    // Every HTML file of the output was reached (the 404 page through the unknown URL).
    let mut reached: BTreeSet<String> = pages
        .keys()
        .filter(|u| **u != missing)
        .filter_map(|u| file_of(&root, u))
        .collect();
    reached.insert("404.html".to_string());
    let html: BTreeSet<String> = file_list(&site.output())
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    let unreached: Vec<&String> = html.difference(&reached).collect();
    assert!(
        unreached.is_empty(),
        "pages no link leads to: {unreached:?}"
    );
    assert!(html.contains("roadmaps/enterprise/summary.html"));
    assert!(html.len() >= 30, "the sample has {} pages", html.len());
}

#[test]
fn browser_loads_nothing_from_outside_the_site_on_any_page_type() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let (_site, server) = serve_sample();
    let root = server.url();
    let browser = Browser::start(&driver, &chrome);
    let pages = [
        ("home", ""),
        ("roadmap", "roadmaps/enterprise/"),
        ("stage", "roadmaps/enterprise/needs-analysis/"),
        ("onboarding path", "onboarding/"),
        ("module", "onboarding/discovery/"),
        ("free page", "glossary/"),
        ("summary", "roadmaps/enterprise/summary.html"),
        ("404", "no/such/page/"),
    ];
    for (kind, path) in pages {
        let url = format!("{root}{path}");
        browser.goto(&url);
        browser.wait_until(
            "return document.readyState === 'complete'",
            &format!("the {kind} page to load"),
        );
        let report = browser.eval(
            "return {
                resources: performance.getEntriesByType('resource').map(e => e.name),
                styled: getComputedStyle(document.body).display === 'flex',
                links: [...document.querySelectorAll('main a[href]:not([href^=\"#\"])')]
                    .filter(a => a instanceof HTMLAnchorElement).length,
                printLinks: [...document.querySelectorAll('main a[data-print-href]')].map(a => a.dataset.printHref),
                title: document.title,
            }",
        );
        let resources: Vec<&str> = report["resources"]
            .as_array()
            .unwrap_or_else(|| panic!("{kind}: no report: {report}"))
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(
            resources.iter().any(|r| r.ends_with("assets/style.css"))
                && resources.iter().any(|r| r.ends_with("assets/site.js")),
            "{kind} ({url}): the stylesheet and script were not loaded: {resources:?}"
        );
        for r in &resources {
            assert!(
                r.starts_with(&root),
                "{kind} ({url}) loaded {r}, outside {root}"
            );
        }
        assert_eq!(
            report["styled"],
            Value::Bool(true),
            "{kind}: the stylesheet does not apply"
        );
        // site.js ran, and the addresses it gives links for print stay inside the site.
        let print_links = report["printLinks"].as_array().cloned().unwrap_or_default();
        assert_eq!(
            print_links.len() as u64,
            report["links"].as_u64().unwrap_or(0),
            "{kind}: every link to another page has its print address"
        );
        for l in print_links {
            let l = l.as_str().unwrap_or_default();
            assert!(
                l.starts_with(&root),
                "{kind}: print address {l} is outside the site"
            );
        }
    }
    drop(browser);
    let log = server.log.lock().unwrap().clone();
    let outside: Vec<&(String, u16)> = log.iter().filter(|(p, _)| !p.starts_with(PREFIX)).collect();
    assert!(outside.is_empty(), "requests outside {PREFIX}: {outside:?}");
    let failed: Vec<&(String, u16)> = log
        .iter()
        .filter(|(p, s)| *s != 200 && !p.contains("no/such/page"))
        .collect();
    assert!(failed.is_empty(), "failed requests: {failed:?}");
}
