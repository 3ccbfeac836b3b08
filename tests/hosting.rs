//! Hosting under a subpath: the sample site served at `/sales/roadmap/` by a plain static
//! server (as nginx would with `alias`), crawled over HTTP from its root URL, and opened in
//! headless Chromium. Every link and resource must stay inside the prefix and resolve.

mod common;

use common::browser::{Browser, tools};
use common::crawl::{Target, crawl, crawl_clean, file_of, resolve};
use common::static_server::{StaticServer, get};
use common::{TestSite, file_list, links};
use serde_json::Value;
use std::collections::BTreeSet;

const PREFIX: &str = "/sales/roadmap/";

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

#[test]
fn every_page_is_reached_over_http_under_a_subpath() {
    let (site, server) = serve_sample();
    let root = server.url();
    let mut pages = crawl_clean(&root);
    let mut problems = Vec::new();
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
