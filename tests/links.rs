//! Links the way authors already write them: `tests/fixtures/foreign` is a site moved over
//! from Hugo, Zola or mdBook, with relative `.md` links, `/img/…` images, `/section/` links
//! and `base_url: /`. It must build, and its output must work from disk and under any
//! subpath; links that name nothing are errors at their file, line and column.

mod common;

use common::browser::{Browser, tools};
use common::crawl::{crawl_clean, file_of};
use common::static_server::{StaticServer, get};
use common::{TestSite, assert_error, broken_links, file_list, links};
use stagecraft::build::{BuildOptions, build};
use stagecraft::diagnostics::Severity;
use std::collections::BTreeSet;

const DISCOVER: &str = "content/roadmaps/field-sales/stages/discover.md";
const ABOUT: &str = "content/pages/about.md";
const SITE: &str = "content/site.yaml";

/// The value of attribute `attr` of every element of `html` that has it.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    html.split(&format!(" {attr}=\""))
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect()
}

#[test]
fn a_site_written_for_another_generator_builds_and_its_links_work_from_disk() {
    let site = TestSite::fixture("foreign");
    let report = site.build_ok();
    let warnings: Vec<String> = report.warnings.iter().map(|d| d.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    // Every internal href and src of every page names an existing file, read as from disk.
    let broken = broken_links(&site.output());
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));

    let discover = site.page("roadmaps/field-sales/discover/index.html");
    let body_links = links(&discover);
    for expected in [
        "../index.html",                               // ../roadmap.yaml
        "../../../about/index.html",                   // ../../../pages/about.md
        "../../../onboarding/welcome/index.html#quiz", // ../../../onboarding/welcome.md#quiz
        "../../../onboarding/welcome/index.html",      // /onboarding/welcome/
        "../../../img/proof-timeline.svg",             // /img/proof-timeline.svg
        "../qualify/index.html",                       // qualify.md
    ] {
        assert!(
            body_links.iter().any(|l| l == expected),
            "{expected} missing from {body_links:?}"
        );
    }
    let qualify = links(&site.page("roadmaps/field-sales/qualify/index.html"));
    assert!(qualify.contains(&"../discover/index.html#questions".to_string()));
    assert!(qualify.contains(&"../propose/index.html".to_string()));
    let about = links(&site.page("about/index.html"));
    for expected in [
        "../roadmaps/field-sales/index.html",
        "../onboarding/welcome/index.html#quiz",
        "../img/proof-timeline.svg",
    ] {
        assert!(about.iter().any(|l| l == expected), "{expected}: {about:?}");
    }
    assert!(
        site.page("img/proof-timeline.svg").contains("<svg"),
        "the static image is copied to the output root"
    );
}

#[test]
fn the_output_works_under_a_subpath_without_a_base_url() {
    let site = TestSite::fixture("foreign");
    site.build_ok();
    let server = StaticServer::start(&site.output(), "/handbook/");
    let root = server.url();
    let pages = crawl_clean(&root);
    let reached: BTreeSet<String> = pages.keys().filter_map(|u| file_of(&root, u)).collect();
    let html: BTreeSet<String> = file_list(&site.output())
        .into_iter()
        .filter(|f| f.ends_with(".html") && f != "404.html")
        .collect();
    let unreached: Vec<&String> = html.difference(&reached).collect();
    assert!(
        unreached.is_empty(),
        "pages no link leads to: {unreached:?}"
    );
    let log = server.log.lock().unwrap();
    assert!(
        log.iter()
            .any(|(p, s)| p == "/handbook/img/proof-timeline.svg" && *s == 200),
        "the image was fetched under the prefix: {log:?}"
    );
    let outside: Vec<_> = log
        .iter()
        .filter(|(p, _)| !p.starts_with("/handbook/"))
        .collect();
    assert!(
        outside.is_empty(),
        "requests outside the prefix: {outside:?}"
    );
}

#[test]
fn the_sitemap_needs_an_absolute_base_url_and_its_absence_is_said_once() {
    let site = TestSite::fixture("foreign");
    let report = site.build_ok();
    let sitemap: Vec<_> = report
        .warnings
        .iter()
        .filter(|d| d.message.contains("sitemap"))
        .collect();
    assert_eq!(sitemap.len(), 1, "{:?}", report.warnings);
    let warning = sitemap[0].to_string();
    assert_eq!(sitemap[0].severity, Severity::Warning);
    assert!(
        warning.starts_with(&format!("{SITE}:4:11: warning: no sitemap.xml")),
        "{warning}"
    );
    for words in [
        "must be absolute",
        "`/` is only a path",
        "--base-url https://",
    ] {
        assert!(warning.contains(words), "{words}: {warning}");
    }
    assert!(!site.output().join("sitemap.xml").exists());

    // Without any base_url: the same single warning, about the whole file.
    site.edit(SITE, "base_url: /\n", "");
    let report = site.build_ok();
    let warnings: Vec<String> = report.warnings.iter().map(|d| d.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with(&format!("{SITE}: warning: no sitemap.xml"))
            && warnings[0].contains("has no `base_url`"),
        "{}",
        warnings[0]
    );

    // `check` is about the sources: it does not repeat what `build` says about its output.
    let check = stagecraft::build::check(site.root(), None);
    assert!(check.is_empty(), "{check:?}");

    // An absolute base URL (here from --base-url) gives the sitemap, and no warning.
    let report = build(&BuildOptions {
        root: site.root().to_path_buf(),
        output: site.output(),
        base_url: Some("https://intranet.example.com/handbook/".into()),
        as_of: None,
        git_dates: false,
    })
    .unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let xml = site.page("sitemap.xml");
    assert!(
        xml.contains(
            "<loc>https://intranet.example.com/handbook/roadmaps/field-sales/discover/</loc>"
        ),
        "{xml}"
    );
}

#[test]
fn base_url_is_an_absolute_url_or_a_path() {
    let site = TestSite::fixture("foreign");
    site.edit(
        SITE,
        "base_url: /",
        "base_url: intranet.example.com/handbook/",
    );
    let errors = site.build_err();
    assert_error(
        &errors,
        &format!("{SITE}:4:11"),
        &[
            "`base_url` cannot be read",
            "neither an absolute URL (https://…) nor a path that starts with `/`",
            "https://intranet.example.com/sales/",
        ],
    );
    site.edit(
        SITE,
        "base_url: intranet.example.com/handbook/",
        "base_url: /handbook/",
    );
    site.build_ok();
    // With a path, the 404 page links from it, wherever the server shows it.
    let page = site.page("404.html");
    assert!(
        attr_values(&page, "href").contains(&"/handbook/index.html"),
        "{page}"
    );

    let failure = build(&BuildOptions {
        root: site.root().to_path_buf(),
        output: site.output(),
        base_url: Some("handbook".into()),
        as_of: None,
        git_dates: false,
    })
    .expect_err("a --base-url that is neither a URL nor a path is refused");
    let errors: Vec<String> = failure.errors().map(|d| d.to_string()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("--base-url: error: `--base-url` cannot be read: `handbook`"),
        "{}",
        errors[0]
    );
}

#[test]
fn links_that_name_nothing_are_errors_at_their_place_with_the_nearest_name() {
    let site = TestSite::fixture("foreign");
    site.edit(
        DISCOVER,
        "/img/proof-timeline.svg",
        "/img/proof-timline.svg",
    )
    .edit(DISCOVER, "[qualify](qualify.md)", "[qualify](qualfy.md)")
    .edit(DISCOVER, "welcome.md#quiz", "welcome.md#quizz")
    .edit(
        DISCOVER,
        "(../../../pages/about.md)",
        "(../../../../pages/about.md)",
    )
    .edit(
        ABOUT,
        "../static/img/proof-timeline.svg",
        "../static/img/proof.svg",
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 5, "{}", errors.join("\n"));
    assert_error(
        &errors,
        &format!("{DISCOVER}:12:19"),
        &[
            "link to `/img/proof-timline.svg`, but the site has no such file or page",
            "did you mean `/img/proof-timeline.svg`?",
        ],
    );
    assert_error(
        &errors,
        &format!("{DISCOVER}:14:61"),
        &[
            "link to `qualfy.md`, but there is no such file",
            "read from `content/roadmaps/field-sales/stages/`",
            "did you mean `qualify.md`?",
        ],
    );
    assert_error(
        &errors,
        &format!("{DISCOVER}:9:16"),
        &[
            "link to `#quizz`, but that page has no heading with this anchor",
            "did you mean `#quiz`?",
        ],
    );
    assert_error(
        &errors,
        &format!("{DISCOVER}:4:71"),
        &[
            "`../../../../pages/about.md` points outside `content/`",
            "`content/roadmaps/field-sales/stages/`",
        ],
    );
    assert_error(
        &errors,
        &format!("{ABOUT}:13:19"),
        &[
            "link to `../static/img/proof.svg`, but there is no such file",
            "did you mean `../static/img/proof-timeline.svg`?",
        ],
    );
}

#[test]
fn links_into_a_roadmap_that_failed_to_load_are_not_reported_again() {
    let site = TestSite::fixture("foreign");
    site.edit(
        "content/roadmaps/field-sales/roadmap.yaml",
        "title: Field sales",
        "title: [Field sales",
    );
    let errors = site.build_err();
    // The YAML error, and nothing about the links into that roadmap from the page and the
    // module (`../roadmaps/field-sales/…`, `/roadmaps/field-sales/`).
    assert!(
        errors.iter().all(
            |e| e.starts_with("content/roadmaps/field-sales/roadmap.yaml") || !e.contains("link")
        ),
        "{}",
        errors.join("\n")
    );
}

#[test]
fn the_404_page_finds_the_site_root_from_disk_and_under_a_subpath() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let site = TestSite::fixture("foreign");
    site.build_ok();
    let page = site.page("404.html");
    assert!(
        attr_values(&page, "href").contains(&"/index.html"),
        "with `base_url: /`, the 404 page links from `/`: {page}"
    );
    let server = StaticServer::start(&site.output(), "/handbook/");
    let root = server.url();
    let missing = format!("{root}no/such/page/");
    assert_eq!(get(&missing).0, 404);
    let browser = Browser::start(&driver, &chrome);
    // Over HTTP, three folders deep under a prefix the page cannot know.
    browser.goto(&missing);
    browser.wait_until(
        &format!(
            "var a = document.querySelector('main a'); return !!a && a.href === '{root}index.html'"
        ),
        "the 404 page's links to start from the site's root",
    );
    // The stylesheet's address is set by the same script, and it loads after that.
    browser.wait_until(STYLED, "the 404 page's stylesheet from the site's root");
    let report = browser.eval(
        "return {
            links: [...document.querySelectorAll('a[href]')].map(a => a.href),
            styled: getComputedStyle(document.body).display === 'flex',  // see STYLED
            searchCode: document.querySelector('[data-search]').dataset.code,
        }",
    );
    let hrefs: Vec<&str> = report["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    for href in &hrefs {
        if href.ends_with("#main") {
            continue;
        }
        assert!(href.starts_with(&root), "{href} is outside {root}");
        let file = file_of(&root, href).unwrap();
        assert!(site.output().join(&file).is_file(), "{href}: no {file}");
    }
    assert!(hrefs.len() >= 5, "{hrefs:?}");
    assert_eq!(report["styled"], serde_json::Value::Bool(true), "{report}");
    assert_eq!(
        report["searchCode"].as_str(),
        Some("/handbook/assets/search.js")
    );

    // From disk: the root is the folder of 404.html.
    let output = site.output().canonicalize().unwrap();
    let disk_root = format!("file://{}/", output.display());
    browser.goto(&format!("{disk_root}404.html"));
    browser.wait_until(
        &format!(
            "var a = document.querySelector('main a'); return !!a && a.href === '{disk_root}index.html'"
        ),
        "the 404 page's links to start from its own folder",
    );
    browser.wait_until(STYLED, "the 404 page's stylesheet from its own folder");
}

/// Whether the page has the theme's stylesheet: its body is a flex column.
const STYLED: &str = "return getComputedStyle(document.body).display === 'flex'";
