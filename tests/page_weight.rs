//! Page weight: every HTML page of the sample, with the stylesheets and scripts it loads,
//! stays under the budget (100 KB, before the search index). Prints a table:
//! `cargo test --test page_weight -- --nocapture`.

mod common;

use common::{TestSite, file_list};
use std::path::{Component, Path, PathBuf};

/// The budget for one page: its HTML plus the CSS and JS it references, in bytes.
const BUDGET: u64 = 100_000;

/// Loaded on demand by search, and not counted in the budget.
const EXCLUDED: &[&str] = &["assets/search/manifest.js"];

/// The value of attribute `name` in one tag's text.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[at..].split('"').next()
}

/// The stylesheets and scripts an HTML page loads, as written.
fn assets(html: &str) -> (Vec<String>, Vec<String>) {
    let tags = |open: &str| -> Vec<&str> {
        html.match_indices(open)
            .filter_map(|(i, _)| html[i..].split_once('>').map(|(t, _)| t))
            .collect()
    };
    let css = tags("<link ")
        .into_iter()
        .filter(|t| attr(t, "rel").is_some_and(|r| r.split_whitespace().any(|r| r == "stylesheet")))
        .filter_map(|t| attr(t, "href").map(str::to_string))
        .collect();
    let js = tags("<script ")
        .into_iter()
        .filter_map(|t| attr(t, "src").map(str::to_string))
        .collect();
    (css, js)
}

/// The output file a reference on page `page` names, relative to `root`; root-absolute
/// references (the 404 page's) start with the site's base path `base` (`/sales/roadmap/`).
fn target(root: &Path, base: &str, page: &str, href: &str) -> PathBuf {
    let href = href.split(['?', '#']).next().unwrap_or(href);
    let base = if href.starts_with('/') {
        let rel = href.strip_prefix(base);
        PathBuf::from(rel.unwrap_or_else(|| panic!("{page} loads {href}, outside {base}")))
    } else {
        Path::new(page).parent().unwrap_or(Path::new("")).join(href)
    };
    let mut out = PathBuf::new();
    for c in base.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    root.join(out)
}

#[test]
fn heaviest_page_is_under_budget() {
    let site = TestSite::fixture("sample");
    site.build_ok();
    let out = site.output();
    // The path of `base_url` in site.yaml, where the 404 page's links start.
    let yaml = std::fs::read_to_string(site.root().join("content/site.yaml")).unwrap();
    let base = yaml
        .lines()
        .find_map(|l| l.strip_prefix("base_url:"))
        .and_then(|u| u.trim().split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap_or_else(|| "/".to_string());
    let mut rows: Vec<(String, u64, u64, u64)> = Vec::new();
    for page in file_list(&out).into_iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(out.join(&page)).unwrap();
        let (css, js) = assets(&html);
        assert!(!css.is_empty(), "{page} loads no stylesheet");
        let size = |refs: &[String]| -> u64 {
            refs.iter()
                .map(|r| target(&out, &base, &page, r))
                .filter(|p| !EXCLUDED.iter().any(|e| p.ends_with(e)))
                .map(|p| {
                    std::fs::metadata(&p)
                        .unwrap_or_else(|e| panic!("{page} loads {}: {e}", p.display()))
                        .len()
                })
                .sum()
        };
        let (css, js) = (size(&css), size(&js));
        rows.push((page, html.len() as u64, css, js));
    }
    rows.sort_by_key(|(_, h, c, j)| std::cmp::Reverse(h + c + j));
    println!(
        "{:<52} {:>8} {:>8} {:>8} {:>8}",
        "page", "html", "css", "js", "total"
    );
    for (page, h, c, j) in &rows {
        println!("{page:<52} {h:>8} {c:>8} {j:>8} {:>8}", h + c + j);
    }
    let (page, h, c, j) = &rows[0];
    let total = h + c + j;
    println!(
        "heaviest: {page}, {total} bytes ({:.1} KB) of HTML+CSS+JS over {} pages",
        total as f64 / 1000.0,
        rows.len()
    );
    assert!(rows.len() >= 30, "the sample has {} pages", rows.len());
    for kind in ["accounts/index.html", "accounts/minnan-rcb/index.html"] {
        assert!(
            rows.iter().any(|(p, ..)| p == kind),
            "{kind} (a key-account page kind) is measured"
        );
    }
    assert!(
        total < BUDGET,
        "{page} weighs {total} bytes with its CSS and JS, over the {BUDGET}-byte budget"
    );
}

#[test]
fn references_are_found() {
    let (css, js) = assets(
        "<link rel=\"icon\" href=\"a.svg\"><link rel=\"stylesheet\" href=\"../../assets/style.css\">\
         <script src=\"../../assets/site.js\" defer></script><script>inline()</script>",
    );
    assert_eq!(css, ["../../assets/style.css"]);
    assert_eq!(js, ["../../assets/site.js"]);
    let root = Path::new("/o");
    assert_eq!(
        target(
            root,
            "/s/",
            "roadmaps/a/index.html",
            "../../assets/style.css"
        ),
        Path::new("/o/assets/style.css")
    );
    assert_eq!(
        target(root, "/s/", "404.html", "/s/assets/site.js"),
        Path::new("/o/assets/site.js")
    );
}
