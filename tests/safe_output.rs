//! Safe output: every string an author writes in YAML or front matter is HTML-escaped
//! wherever a template (or the diagram) prints it, and no built page makes a request outside
//! the site.
//!
//! The probe site (`tests/fixtures/probe`) holds, in every string field of the content
//! contract that the site renders, a unique probe `… <i data-f="FIELD">&"'`. The tests build
//! it and check, field by field, that the escaped probe is in some page and the raw one in
//! none (HTML, inline SVG, sitemap).

mod common;

use common::TestSite;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

// ---------------------------------------------------------------------------------------
// 1. Every string from YAML is HTML-escaped in every template
// ---------------------------------------------------------------------------------------

/// One row per probed field: the field (as written in `data-f`) and where its probe lives in
/// the fixture. The test names the field when it fails.
const FIELDS: &[(&str, &str)] = &[
    // site.yaml
    ("site.title", "site.yaml"),
    ("site.description", "site.yaml"),
    // roadmap.yaml
    ("roadmap.title", "roadmaps/probe/roadmap.yaml"),
    ("roadmap.summary", "roadmaps/probe/roadmap.yaml"),
    ("roadmap.owner", "roadmaps/probe/roadmap.yaml"),
    ("goals.label", "roadmaps/probe/roadmap.yaml"),
    ("goals.unit", "roadmaps/probe/roadmap.yaml"),
    ("market.trends", "roadmaps/probe/roadmap.yaml"),
    ("market.needs", "roadmaps/probe/roadmap.yaml"),
    ("market.competitors.name", "roadmaps/probe/roadmap.yaml"),
    (
        "market.competitors.strengths",
        "roadmaps/probe/roadmap.yaml",
    ),
    (
        "market.competitors.weaknesses",
        "roadmaps/probe/roadmap.yaml",
    ),
    ("segments.name", "roadmaps/probe/roadmap.yaml"),
    ("segments.description", "roadmaps/probe/roadmap.yaml"),
    ("segments.criteria", "roadmaps/probe/roadmap.yaml"),
    ("strategy.pricing", "roadmaps/probe/roadmap.yaml"),
    ("strategy.promotion", "roadmaps/probe/roadmap.yaml"),
    ("strategy.channel", "roadmaps/probe/roadmap.yaml"),
    ("roles.name", "roadmaps/probe/roadmap.yaml"),
    ("stages.name", "roadmaps/probe/roadmap.yaml"),
    ("stages.summary", "roadmaps/probe/roadmap.yaml"),
    ("stages.entry_criteria", "roadmaps/probe/roadmap.yaml"),
    ("stages.exit_criteria", "roadmaps/probe/roadmap.yaml"),
    ("stages.activities", "roadmaps/probe/roadmap.yaml"),
    ("stages.risks", "roadmaps/probe/roadmap.yaml"),
    ("stages.kpis.name", "roadmaps/probe/roadmap.yaml"),
    ("stages.kpis.unit", "roadmaps/probe/roadmap.yaml"),
    // A stage KPI with a unit and no target: the unit is printed on its own.
    ("stages.kpis.unit-only", "roadmaps/probe/roadmap.yaml"),
    ("kpis.name", "roadmaps/probe/roadmap.yaml"),
    ("kpis.unit", "roadmaps/probe/roadmap.yaml"),
    // playbook front matter
    ("playbook.title", "roadmaps/probe/stages/qualify.md"),
    ("playbook.verified_by", "roadmaps/probe/stages/qualify.md"),
    // onboarding front matter
    ("onboarding.title", "onboarding/start.md"),
    ("onboarding.phase", "onboarding/start.md"),
    ("onboarding.duration", "onboarding/start.md"),
    ("onboarding.checklist", "onboarding/start.md"),
    ("onboarding.quiz.q", "onboarding/start.md"),
    ("onboarding.quiz.options", "onboarding/start.md"),
    // free page front matter
    ("page.title", "pages/notes.md"),
    ("page.description", "pages/notes.md"),
];

/// The probe as the author wrote it, up to the closing `>`.
fn raw_probe(field: &str) -> String {
    format!("<i data-f=\"{field}\">")
}

/// The probe after HTML escaping, including the `&"'` that follows it. Tera writes `'` as
/// `&#39;`; `&#x27;` (what other escapers write) is accepted too.
fn escaped_probes(field: &str) -> [String; 2] {
    let head = format!("&lt;i data-f=&quot;{field}&quot;&gt;&amp;&quot;");
    [format!("{head}&#39;"), format!("{head}&#x27;")]
}

/// What must never be in the output for `field`: the raw probe, and the half-escaped forms
/// that would still break out of an attribute or a text node, or show `&lt;` on screen.
fn forbidden(field: &str) -> Vec<String> {
    vec![
        raw_probe(field),
        format!("data-f=\"{field}\""),
        format!("<i data-f=&quot;{field}&quot;"),
        format!("&amp;lt;i data-f=&amp;quot;{field}"),
    ]
}

/// Every output file as text (binary files lossily), by path relative to the output.
fn output_texts(site: &TestSite) -> Vec<(String, String)> {
    let out = site.output();
    common::file_list(&out)
        .into_iter()
        .map(|rel| {
            let bytes = fs::read(out.join(&rel)).unwrap();
            (rel, String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect()
}

fn probe_fixture_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/probe/content")
}

/// The `data-f` names of every probe in the fixture's sources.
fn probes_in_fixture() -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for rel in common::file_list(&probe_fixture_dir()) {
        if !(rel.ends_with(".yaml") || rel.ends_with(".md")) {
            continue;
        }
        let text = fs::read_to_string(probe_fixture_dir().join(&rel)).unwrap();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("<i data-f=\"") {
            rest = &rest[i + "<i data-f=\"".len()..];
            let end = rest.find('"').expect("closing quote of data-f");
            found.insert(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    found
}

#[test]
fn the_probe_table_and_the_probe_site_agree() {
    let in_table: BTreeSet<String> = FIELDS.iter().map(|(f, _)| f.to_string()).collect();
    assert_eq!(in_table.len(), FIELDS.len(), "a field is listed twice");
    let in_fixture = probes_in_fixture();
    let missing: Vec<_> = in_table.difference(&in_fixture).collect();
    let untested: Vec<_> = in_fixture.difference(&in_table).collect();
    assert!(
        missing.is_empty(),
        "fields in FIELDS without a probe in tests/fixtures/probe: {missing:?}"
    );
    assert!(
        untested.is_empty(),
        "probes in tests/fixtures/probe that FIELDS does not check: {untested:?}"
    );
    for (field, file) in FIELDS {
        let text = fs::read_to_string(probe_fixture_dir().join(file)).unwrap();
        assert!(
            text.contains(&raw_probe(field)),
            "field `{field}`: its probe is not in content/{file}"
        );
    }
}

#[test]
fn every_yaml_string_field_is_escaped_in_every_template() {
    let site = TestSite::fixture("probe");
    site.build_ok();
    let files = output_texts(&site);
    assert!(
        files.iter().any(|(p, _)| p == "sitemap.xml"),
        "the probe site sets base_url, so the sitemap is checked too"
    );

    let mut failures = Vec::new();
    for (field, source) in FIELDS {
        let escaped = escaped_probes(field);
        let shown_in: Vec<&str> = files
            .iter()
            .filter(|(_, text)| escaped.iter().any(|e| text.contains(e.as_str())))
            .map(|(p, _)| p.as_str())
            .collect();
        if shown_in.is_empty() {
            failures.push(format!(
                "field `{field}` (content/{source}): its escaped probe `{}` is in no output page \
                 (not rendered, or escaped differently)",
                escaped[0]
            ));
        }
        for bad in forbidden(field) {
            for (path, text) in &files {
                if let Some(at) = text.find(&bad) {
                    let from = text[..at]
                        .char_indices()
                        .rev()
                        .nth(60)
                        .map_or(0, |(i, _)| i);
                    let to = (at + bad.len() + 40).min(text.len());
                    let to = (to..=text.len())
                        .find(|&i| text.is_char_boundary(i))
                        .unwrap();
                    failures.push(format!(
                        "field `{field}` (content/{source}) is not escaped in {path}: found \
                         `{bad}` in …{}…",
                        &text[from..to]
                    ));
                }
            }
        }
    }
    // Whatever the field, no probe may reach the output as markup.
    for (path, text) in &files {
        if text.contains("<i data-f") || text.contains("data-f=\"") {
            failures.push(format!("{path} holds an unescaped probe"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn markdown_text_comparisons_are_escaped() {
    let site = TestSite::fixture("probe");
    site.build_ok();
    let escaped = "a &lt; b &amp;&amp; c &gt; d";
    for page in ["notes/index.html", "roadmaps/probe/qualify/index.html"] {
        let html = site.page(page);
        assert!(
            html.contains(escaped),
            "{page}: `a < b && c > d` from Markdown should be printed as `{escaped}`"
        );
    }
    // The heading `## Fourth: a < b && c > d` is escaped in the body and in the table of
    // contents (which the template prints from the heading's text).
    let notes = site.page("notes/index.html");
    let toc = notes
        .split_once("<nav class=\"toc\"")
        .and_then(|(_, rest)| rest.split_once("</nav>"))
        .map(|(toc, _)| toc)
        .expect("the notes page has four headings, so a table of contents");
    assert!(toc.contains(escaped), "table of contents: {toc}");
    for (path, text) in output_texts(&site) {
        assert!(
            !text.contains("a < b && c > d"),
            "{path}: `a < b && c > d` is not escaped"
        );
    }
}

/// Raw HTML in Markdown is sanitized (site.yaml has no `allow_html`): a `<script>` element
/// is removed with its content, and nothing of it reaches the page.
#[test]
fn markdown_script_tag_is_removed_by_the_sanitizer() {
    let site = TestSite::fixture("probe");
    site.build_ok();
    // First the safety property: no script element comes from Markdown...
    for (path, text) in output_texts(&site) {
        assert!(
            !text.contains("<script>alert(1)"),
            "{path}: `<script>alert(1)</script>` from Markdown is in the page as markup"
        );
    }
    // ...and nothing of it is left to run or to read.
    let notes = site.page("notes/index.html");
    assert!(
        !notes.contains("alert(1)"),
        "notes/index.html: the script's content is removed too"
    );
}

// ---------------------------------------------------------------------------------------
// 2. No request outside the site
// ---------------------------------------------------------------------------------------

/// A URL that points outside the site: absolute with a network scheme, or protocol-relative.
fn is_remote(url: &str) -> bool {
    let u = url
        .trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'')
        .to_ascii_lowercase();
    u.starts_with("http:")
        || u.starts_with("https:")
        || u.starts_with("//")
        || u.starts_with("\\\\")
        || u.starts_with("ftp:")
        || u.starts_with("ws:")
        || u.starts_with("wss:")
}

/// One start tag: its lower-case name and attributes (lower-case names, raw values).
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every start tag of an HTML text (including SVG elements), with quoted and unquoted
/// attribute values. Comments are skipped. Good enough for generated pages.
fn start_tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
            j += 1;
        }
        if j == i + 1 {
            i += 1;
            continue;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>') {
                j += 1;
            }
            let attr = html[start..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let end = html[j + 1..].find(q as char).map_or(b.len(), |e| j + 1 + e);
                    value = html[j + 1..end].to_string();
                    j = (end + 1).min(b.len());
                } else {
                    let s = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[s..j].to_string();
                }
            }
            attrs.push((attr, value));
        }
        tags.push(Tag { name, attrs });
        i = j;
    }
    tags
}

/// The text of every `<style>` element.
fn style_blocks(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<style") {
        rest = &rest[i..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let body = &rest[open_end + 1..];
        let end = body.find("</style>").unwrap_or(body.len());
        out.push(&body[..end]);
        rest = &body[end..];
    }
    out
}

/// Problems with CSS text: `@import` of a remote URL, or `url(…)` pointing outside the site.
/// `@import` of anything is reported when `strict` (theme stylesheets must not use it).
fn css_problems(css: &str, strict: bool) -> Vec<String> {
    let mut out = Vec::new();
    let lower = css.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("@import") {
        let after = rest[i + "@import".len()..].trim_start();
        let target = after
            .strip_prefix("url(")
            .unwrap_or(after)
            .split([')', ';', ' '])
            .next()
            .unwrap_or("");
        if strict || is_remote(target) {
            out.push(format!("@import {target}"));
        }
        rest = &rest[i + 1..];
    }
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("url(") {
        let arg = rest[i + 4..].split(')').next().unwrap_or("");
        if is_remote(arg) {
            out.push(format!("url({arg})"));
        }
        rest = &rest[i + 4..];
    }
    out
}

/// Elements that fetch what an attribute names as soon as the page loads (or the media
/// plays); `a` and `area` are navigation, not requests, and are not listed.
const FETCHING: &[(&str, &[&str])] = &[
    ("script", &["src"]),
    ("link", &["href", "imagesrcset"]),
    ("img", &["src", "srcset", "longdesc"]),
    ("iframe", &["src"]),
    ("frame", &["src"]),
    ("source", &["src", "srcset"]),
    ("video", &["src", "poster"]),
    ("audio", &["src"]),
    ("track", &["src"]),
    ("embed", &["src"]),
    ("object", &["data", "codebase"]),
    ("input", &["src"]),
    ("image", &["href", "xlink:href"]),
    ("use", &["href", "xlink:href"]),
    ("feimage", &["href", "xlink:href"]),
    ("body", &["background"]),
    ("table", &["background"]),
    ("td", &["background"]),
];

/// Every way `html` would make the browser load something from outside the site.
fn remote_requests(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in start_tags(html) {
        if let Some((_, attrs)) = FETCHING.iter().find(|(n, _)| *n == tag.name) {
            for attr in *attrs {
                if let Some(v) = tag.attr(attr) {
                    // srcset-like values are lists of `url descriptor`.
                    let remote = v
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .any(is_remote)
                        || is_remote(v);
                    if remote {
                        out.push(format!("<{} {attr}=\"{v}\">", tag.name));
                    }
                }
            }
        }
        if let Some(style) = tag.attr("style") {
            for p in css_problems(style, false) {
                out.push(format!("<{} style> {p}", tag.name));
            }
        }
        if tag.name == "meta"
            && tag
                .attr("http-equiv")
                .is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
            && let Some(content) = tag.attr("content")
            && let Some((_, url)) = content.to_ascii_lowercase().split_once("url=")
            && is_remote(url)
        {
            out.push(format!("<meta http-equiv=refresh content=\"{content}\">"));
        }
        if tag.name == "base" && tag.attr("href").is_some_and(is_remote) {
            out.push("<base href> outside the site".to_string());
        }
    }
    for block in style_blocks(html) {
        for p in css_problems(block, false) {
            out.push(format!("<style> {p}"));
        }
    }
    out
}

/// CSP source expressions that do not name a host: keywords, nonces, hashes, `data:` and
/// `blob:`. Anything else (`*`, `https:`, a host name) lets the page reach another server.
fn is_local_source(token: &str) -> bool {
    (token.starts_with('\'') && token.ends_with('\'') && token.len() > 2)
        || token.eq_ignore_ascii_case("data:")
        || token.eq_ignore_ascii_case("blob:")
}

/// Directives whose values are not source lists.
const NON_SOURCE_DIRECTIVES: &[&str] = &[
    "sandbox",
    "upgrade-insecure-requests",
    "block-all-mixed-content",
    "require-trusted-types-for",
    "trusted-types",
    "report-to",
];

/// Problems with the page's Content-Security-Policy meta element.
fn csp_problems(html: &str) -> Vec<String> {
    let tags = start_tags(html);
    let csp_at: Vec<usize> = tags
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            t.name == "meta"
                && t.attr("http-equiv")
                    .is_some_and(|h| h.eq_ignore_ascii_case("Content-Security-Policy"))
        })
        .map(|(i, _)| i)
        .collect();
    let [at] = csp_at[..] else {
        return vec![format!(
            "expected one <meta http-equiv=\"Content-Security-Policy\">, found {}",
            csp_at.len()
        )];
    };
    let mut out = Vec::new();
    // A policy in a meta element only covers what comes after it.
    if let Some(first) = tags[..at].iter().find(|t| {
        matches!(
            t.name.as_str(),
            "link" | "script" | "style" | "img" | "body"
        )
    }) {
        out.push(format!("the CSP meta comes after <{}>", first.name));
    }
    let policy = tags[at].attr("content").unwrap_or("");
    let mut default_src = None;
    for directive in policy.split(';') {
        let mut words = directive.split_whitespace();
        let Some(name) = words.next().map(str::to_ascii_lowercase) else {
            continue;
        };
        let values: Vec<&str> = words.collect();
        if name == "default-src" {
            default_src = Some(values.clone());
        }
        if name == "report-uri" {
            if values.iter().any(|v| is_remote(v)) {
                out.push(format!("report-uri sends reports away: {values:?}"));
            }
            continue;
        }
        if NON_SOURCE_DIRECTIVES.contains(&name.as_str()) {
            continue;
        }
        for v in &values {
            if !is_local_source(v) {
                out.push(format!("`{name}` allows `{v}` (another server)"));
            }
        }
    }
    match default_src {
        Some(v) if v == ["'self'"] => {}
        other => out.push(format!(
            "default-src should be exactly 'self', is {other:?}"
        )),
    }
    out
}

/// Builds `site` and checks every HTML page for remote requests and its CSP, and every
/// stylesheet and script of the output for remote URLs.
fn assert_no_request_outside(name: &str, site: &TestSite) {
    site.build_ok();
    let files = output_texts(site);
    let mut problems = Vec::new();
    let mut pages = 0;
    for (path, text) in &files {
        if path.ends_with(".html") {
            pages += 1;
            for p in remote_requests(text) {
                problems.push(format!("{path}: loads from outside the site: {p}"));
            }
            for p in csp_problems(text) {
                problems.push(format!("{path}: Content-Security-Policy: {p}"));
            }
        } else if path.ends_with(".css") {
            for p in css_problems(text, true) {
                problems.push(format!("{path}: {p}"));
            }
            let lower = text.to_ascii_lowercase();
            for bad in ["url(http", "url(//", "url(\"//", "url('//", "://"] {
                if lower.contains(bad) {
                    problems.push(format!("{path}: contains `{bad}`"));
                }
            }
        } else if path.ends_with(".js") {
            // Comments start with `//`, so look for absolute URLs only.
            let lower = text.to_ascii_lowercase();
            for bad in ["://", "\"//", "'//", "`//"] {
                if lower.contains(bad) {
                    problems.push(format!("{path}: contains a URL outside the site (`{bad}`)"));
                }
            }
        }
    }
    assert!(pages > 0, "{name}: no HTML pages were written");
    assert!(
        files.iter().any(|(p, _)| p == "assets/style.css"),
        "{name}: the theme stylesheet assets/style.css is missing"
    );
    assert!(
        problems.is_empty(),
        "{name}: {} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn sample_site_makes_no_request_outside_the_site() {
    assert_no_request_outside("sample", &TestSite::fixture("sample"));
}

#[test]
fn probe_site_makes_no_request_outside_the_site() {
    let site = TestSite::fixture("probe");
    assert_no_request_outside("probe", &site);
    // Plain links to other sites are navigation, not requests, and stay allowed.
    assert!(
        site.page("notes/index.html")
            .contains("href=\"https://vendor.example.com/\"")
    );
    assert!(
        site.page("roadmaps/probe/qualify/index.html")
            .contains("href=\"https://vendor.example.com/docs\"")
    );
    // The Markdown image from content/static/ is a relative link.
    assert!(
        site.page("notes/index.html")
            .contains("<img src=\"../logo.svg\"")
    );
}

#[test]
fn the_request_checks_catch_what_they_look_for() {
    // The checkers themselves, on pages that do load remote things.
    let bad = r#"<html><head>
<link rel="stylesheet" href="https://cdn.example.com/x.css">
<meta http-equiv="Content-Security-Policy" content="default-src 'self' https://cdn.example.com; img-src *">
<script src="//cdn.example.com/x.js"></script>
<style>@import url("https://fonts.example.com/f.css"); body { background: url(https://x.example/bg.png) }</style>
</head><body>
<img srcset="a.png 1x, https://x.example/b.png 2x" src="a.png">
<iframe src="HTTPS://x.example/"></iframe>
<video poster="http://x.example/p.png"><source src="https://x.example/v.mp4"></video>
<div style="background-image: url('//x.example/i.png')"></div>
<svg><image href="https://x.example/i.svg"/></svg>
<a href="https://example.com/">a plain link is fine</a>
</body></html>"#;
    let found = remote_requests(bad);
    for expected in [
        "<link href=",
        "<script src=",
        "<img srcset=",
        "<iframe src=",
        "<video poster=",
        "<source src=",
        "<div style>",
        "<image href=",
        "<style> @import",
        "<style> url(",
    ] {
        assert!(
            found.iter().any(|f| f.starts_with(expected)),
            "not caught: {expected}\nfound: {found:#?}"
        );
    }
    assert!(!found.iter().any(|f| f.starts_with("<a ")), "{found:#?}");
    let csp = csp_problems(bad);
    assert!(
        csp.iter().any(|p| p.contains("comes after <link>")),
        "{csp:?}"
    );
    assert!(
        csp.iter().any(|p| p.contains("default-src should be")),
        "{csp:?}"
    );
    assert!(
        csp.iter().any(|p| p.contains("`img-src` allows `*`")),
        "{csp:?}"
    );
    assert_eq!(
        csp_problems("<head><title>x</title></head>"),
        ["expected one <meta http-equiv=\"Content-Security-Policy\">, found 0"]
    );
    let good = r#"<head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'"><link rel="stylesheet" href="../assets/style.css"></head>"#;
    assert!(csp_problems(good).is_empty(), "{:?}", csp_problems(good));
    assert!(remote_requests(good).is_empty());
    assert_eq!(css_problems("a{b:url(x.png)}", true), Vec::<String>::new());
    assert_eq!(css_problems("@import 'local.css';", true).len(), 1);
    assert!(css_problems("@import 'local.css';", false).is_empty());
}

#[test]
fn markdown_cannot_make_a_page_load_a_remote_resource() {
    // Authors can write a remote image in Markdown. The README promises a site that "never
    // loads anything from outside the site", so the build must either refuse it (an error
    // naming the file) or leave no remote request in the page.
    let site = TestSite::fixture("probe");
    site.write(
        "content/pages/remote.md",
        "---\ntitle: Remote\n---\n![pixel](https://tracker.example.com/pixel.png)\n\n\
         <img src=\"https://tracker.example.com/raw.png\">\n",
    );
    match site.build() {
        Err(failure) => {
            let text: Vec<String> = failure.errors().map(|d| d.to_string()).collect();
            assert!(
                text.iter().any(|d| d.contains("content/pages/remote.md")),
                "the error should name the file: {text:?}"
            );
        }
        Ok(_) => {
            let html = site.page("remote/index.html");
            let found = remote_requests(&html);
            assert!(found.is_empty(), "remote/index.html: {found:?}");
        }
    }
}
