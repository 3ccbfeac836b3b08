//! Site search: the index the build writes (`assets/search-index.js`), and the search box in
//! a real browser (headless Chromium through ChromeDriver; skipped without it, except in CI).

mod common;

use common::TestSite;
use common::browser::{Browser, tools};
use common::static_server::StaticServer;
use serde_json::{Value, json};
use stagecraft::search::encode::decode_postings;
use stagecraft::search::tokenize::terms;

/// The index of a built site, parsed.
fn index_of(site: &TestSite) -> Value {
    let text = site.page("assets/search-index.js");
    let json = text
        .strip_prefix("window.stagecraftSearch=")
        .and_then(|t| t.trim_end().strip_suffix(';'))
        .expect("the index assigns window.stagecraftSearch");
    serde_json::from_str(json).expect("the index is JSON")
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect()
}

/// Every doc of the index as `[page, heading, anchor, text]`, numbered as postings number
/// them.
fn all_docs(index: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for (i, page) in index["pages"].as_array().unwrap().iter().enumerate() {
        for d in page[3].as_array().unwrap() {
            out.push(json!([i, d[0], d[1], d[2]]));
        }
    }
    out
}

/// Docs holding `term`, with their weight bits.
fn postings(index: &Value, term: &str) -> Vec<(u32, u8)> {
    let terms = strs(&index["terms"]);
    let at = terms
        .iter()
        .position(|t| *t == term)
        .unwrap_or_else(|| panic!("no term {term:?} in the index"));
    decode_postings(index["post"][at].as_str().unwrap()).expect("postings decode")
}

/// The doc ids of page `path`, head first.
fn docs_of(index: &Value, path: &str) -> Vec<u32> {
    let page = index["pages"]
        .as_array()
        .unwrap()
        .iter()
        .position(|p| p[0] == path)
        .unwrap_or_else(|| panic!("no page {path} in the index"));
    all_docs(index)
        .iter()
        .enumerate()
        .filter(|(_, d)| d[0] == page)
        .map(|(i, _)| i as u32)
        .collect()
}

/// Checks what holds for every index: sorted terms, postings that decode to existing docs in
/// order, and pages and anchors that exist in the output.
fn check_consistency(site: &TestSite, index: &Value) {
    let terms = strs(&index["terms"]);
    assert!(
        terms.windows(2).all(|w| w[0] < w[1]),
        "terms are sorted (by code point) for binary search"
    );
    let docs = all_docs(index);
    for (i, post) in strs(&index["post"]).iter().enumerate() {
        let list = decode_postings(post).unwrap_or_else(|| panic!("{}: bad postings", terms[i]));
        assert!(!list.is_empty());
        assert!(list.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(list.iter().all(|(d, _)| (*d as usize) < docs.len()));
    }
    let pages = index["pages"].as_array().unwrap();
    for d in &docs {
        let page = &pages[d[0].as_u64().unwrap() as usize];
        let html = site.page(page[0].as_str().unwrap());
        let anchor = d[2].as_str().unwrap();
        assert!(
            anchor.is_empty() || html.contains(&format!("id=\"{anchor}\"")),
            "{}#{anchor}: no such anchor",
            page[0]
        );
    }
}

#[test]
fn sample_index_covers_titles_stage_facts_and_playbook_sections() {
    let site = TestSite::fixture("sample");
    site.build_ok();
    let index = index_of(&site);
    check_consistency(&site, &index);

    // The playbook page of 需求分析: its title is a heading-weight term of its head doc.
    let page = "roadmaps/enterprise/needs-analysis/index.html";
    let docs = docs_of(&index, page);
    let head = docs[0];
    assert!(
        postings(&index, "需求")
            .iter()
            .any(|&(d, w)| d == head && w & 2 != 0),
        "需求 is in the title of {page}"
    );
    // A stage fact from roadmap.yaml (an exit criterion) is in the head doc.
    for term in terms("预算区间和预计立项时间明确") {
        assert!(
            postings(&index, &term).iter().any(|&(d, _)| d == head),
            "exit criterion term {term} is not indexed with the stage"
        );
    }
    // A playbook section is its own doc, linked to its heading.
    let all = all_docs(&index);
    let section = docs
        .iter()
        .map(|&d| &all[d as usize])
        .find(|d| d[1] == "用 MEDDIC 梳理商机")
        .expect("the MEDDIC section is a doc");
    let anchor = section[2].as_str().unwrap();
    assert!(!anchor.is_empty());
    assert!(site.page(page).contains(&format!("id=\"{anchor}\"")));
    let meddic = docs
        .iter()
        .position(|d| all[*d as usize][1] == "用 MEDDIC 梳理商机")
        .map(|i| docs[i])
        .unwrap();
    assert!(
        postings(&index, "meddic")
            .iter()
            .any(|&(d, w)| d == meddic && w & 2 != 0)
    );
    // Modules and free pages are in, with their checklists.
    let stop = strs(&index["stop"]);
    assert!(stop.contains(&"the"));
    assert!(index["pages"].as_array().unwrap().len() >= 20);
    // `build` makes the index a few pages at a time; `serve` keeps every page's part: the
    // same file either way.
    let in_memory = stagecraft::build::render(site.root(), None).unwrap();
    let kept = in_memory
        .files
        .iter()
        .find(|f| f.path == "assets/search-index.js")
        .unwrap();
    assert!(*kept.bytes == site.page("assets/search-index.js").into_bytes());
    let size = site.page("assets/search-index.js").len();
    eprintln!("sample search index: {size} bytes");
    assert!(size < 300_000, "the sample's index grew to {size} bytes");
}

#[test]
fn english_is_stemmed_and_sections_link_to_their_headings() {
    let site = TestSite::fixture("search-en");
    site.build_ok();
    let index = index_of(&site);
    check_consistency(&site, &index);
    let close = docs_of(&index, "roadmaps/enterprise/close/index.html");
    let section = close
        .iter()
        .copied()
        .find(|&d| all_docs(&index)[d as usize][2] == "negotiating-the-discount")
        .expect("the negotiation section links to its heading");
    // "Negotiating" in the heading and "negotiation" in a query share the stem.
    assert_eq!(terms("negotiation"), ["negoti"]);
    assert!(postings(&index, "negoti").contains(&(section, 2)));
    // Stop words are not indexed; stems are.
    let all = strs(&index["terms"]);
    assert!(!all.contains(&"the") && !all.contains(&"and"));
    assert!(all.contains(&"meet") && !all.contains(&"meetings"));
    // The checklist of a module and a stage's risks are searchable.
    let module = docs_of(&index, "onboarding/first-week/index.html");
    assert!(
        postings(&index, "shadow")
            .iter()
            .any(|(d, _)| module.contains(d))
    );
    assert!(postings(&index, "discount").contains(&(close[0], 0)));
}

#[test]
fn a_rebuild_after_an_edit_gives_the_index_of_a_fresh_build() {
    let site = TestSite::fixture("search-en");
    let mut session = stagecraft::build::Session::new(site.root(), None);
    session.render().unwrap();
    let index = |s: &stagecraft::build::RenderedSite| {
        s.files
            .iter()
            .find(|f| f.path == "assets/search-index.js")
            .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
            .unwrap()
    };
    // A word added to a section (the page keeps its sections: the index is patched), then
    // a section added (the index is built anew).
    for (from, to) in [
        ("Send the order form", "Send the countersigned order form"),
        (
            "## Paperwork",
            "## Handover\n\nIntroduce the onboarding team.\n\n## Paperwork",
        ),
    ] {
        site.edit("content/roadmaps/enterprise/stages/close.md", from, to);
        session.invalidate([site
            .root()
            .join("content/roadmaps/enterprise/stages/close.md")
            .as_path()]);
        let rebuilt = index(&session.render().unwrap());
        let fresh = index(&stagecraft::build::render(site.root(), None).unwrap());
        assert_eq!(rebuilt, fresh, "after replacing {from:?}");
    }
    let fresh = stagecraft::build::render(site.root(), None).unwrap();
    assert!(index(&fresh).contains("\"countersign\""));
}

// ---------------------------------------------------------------------------------------
// In a browser
// ---------------------------------------------------------------------------------------

/// The results shown: title, crumb, snippet, link and highlighted words of each.
const RESULTS: &str =
    "return Array.from(document.querySelectorAll('#search-results [role=option]')).map(li => ({
    title: li.querySelector('.search-hit-title').textContent,
    text: (li.querySelector('.search-hit-text') || {}).textContent || '',
    href: li.getAttribute('data-href'),
    marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent),
}))";

fn results(browser: &Browser) -> Vec<Value> {
    browser
        .eval(RESULTS)
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn wait_for_results(browser: &Browser, what: &str) -> Vec<Value> {
    browser.wait_until(
        "return document.querySelectorAll('#search-results [role=option]').length > 0",
        what,
    );
    results(browser)
}

fn expanded(browser: &Browser) -> Value {
    browser.eval("return document.getElementById('search-input').getAttribute('aria-expanded')")
}

/// Saves a screenshot when `STAGECRAFT_SCREENSHOTS` names a folder (to look at the UI).
fn shot(browser: &Browser, name: &str) {
    if let Some(dir) = std::env::var_os("STAGECRAFT_SCREENSHOTS") {
        browser.screenshot(&std::path::Path::new(&dir).join(format!("{name}.png")));
    }
}

const ARROW_DOWN: &str = "\u{E015}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

#[test]
fn search_box_finds_and_opens_results_in_a_browser() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let sample = TestSite::fixture("sample");
    sample.build_ok();
    let english = TestSite::fixture("search-en");
    english.build_ok();
    let zh = StaticServer::start(&sample.output(), "/sales/roadmap/");
    let en = StaticServer::start(&english.output(), "/sales/roadmap/");
    let browser = Browser::start(&driver, &chrome);

    // 1. Chinese, served under a subpath: the index loads only once the box is used.
    browser.goto(&format!(
        "{}roadmaps/enterprise/solution/index.html",
        zh.url()
    ));
    browser.wait_until(
        "return !document.querySelector('[data-search]').hidden",
        "the search box to appear",
    );
    assert_eq!(
        browser.eval("return window.stagecraftSearch === undefined"),
        json!(true)
    );
    assert!(
        !zh.log
            .lock()
            .unwrap()
            .iter()
            .any(|(p, _)| p.ends_with("search-index.js") || p.ends_with("search.js")),
        "the search code and index are loaded on first use, not with the page"
    );
    browser.type_into("#search-input", "需求");
    let found = wait_for_results(&browser, "results for 需求");
    shot(&browser, "zh-1280-light");
    assert_eq!(expanded(&browser), json!("true"));
    assert!(
        found[0]["title"].as_str().unwrap().contains("需求分析"),
        "a title hit comes first: {found:?}"
    );
    for r in &found {
        let marks = strs(&r["marks"]);
        assert!(!marks.is_empty(), "every result shows its hit: {r}");
        assert!(marks.iter().all(|m| m.contains("需求")), "{r}");
    }
    let target = found
        .iter()
        .position(|r| r["title"] == "需求分析作战手册")
        .expect("the 需求分析 playbook is a result");
    browser.click(&format!("#search-opt-{target}"));
    browser.wait_until(
        "return location.pathname.endsWith('/sales/roadmap/roadmaps/enterprise/needs-analysis/index.html') && document.querySelector('h1').textContent === '需求分析作战手册'",
        "the playbook to open",
    );
    {
        let log = zh.log.lock().unwrap();
        assert_eq!(
            log.iter()
                .filter(|(p, _)| p.ends_with("assets/search-index.js"))
                .count(),
            1
        );
        // (Browsers ask for /favicon.ico by themselves.)
        assert!(
            log.iter()
                .filter(|(p, _)| p != "/favicon.ico")
                .all(|(p, s)| p.starts_with("/sales/roadmap/") && *s == 200),
            "{log:?}"
        );
    }

    // 2. The theme's stemmer and tokenizer agree with the Rust ones that built the index.
    browser.eval("document.getElementById('search-input').focus(); return true");
    browser.wait_until(
        "return window.stagecraftSearchApi.ready()",
        "the index to load",
    );
    let vectors: Vec<(String, String)> = include_str!("fixtures/stem-vectors.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (w, s) = l.split_once(' ').unwrap();
            (w.to_string(), s.trim().to_string())
        })
        .collect();
    assert!(vectors.len() >= 60);
    let words: Vec<&str> = vectors.iter().map(|(w, _)| w.as_str()).collect();
    let js = browser.eval_with(
        "return arguments[0].map(w => window.stagecraftSearchApi.stem(w))",
        vec![json!(words)],
    );
    let wrong: Vec<String> = vectors
        .iter()
        .zip(strs(&js))
        .filter(|((_, s), j)| s != j)
        .map(|((w, s), j)| format!("{w}: expected {s}, JavaScript says {j}"))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let texts = [
        "用 MEDDIC 梳理商机：需求分析",
        "Negotiating the Qualification, of meetings!",
        "ＣＲＭ２０２６ Q3 a I x 5",
        "Über café ÉTÉ すし 한국어 “客户”",
        "customer's 3.5 stage-2 e-mail",
    ];
    for text in texts {
        let js = browser.eval_with(
            "return window.stagecraftSearchApi.terms(arguments[0])",
            vec![json!(text)],
        );
        assert_eq!(strs(&js), terms(text), "terms of {text:?}");
    }

    // 3. English with stemming, keyboard only: "/" focuses the box, arrows choose, Enter opens.
    browser.goto(&format!("{}glossary/index.html", en.url()));
    browser.wait_until(
        "return !document.querySelector('[data-search]').hidden",
        "the search box",
    );
    browser.press("/");
    assert_eq!(
        browser.eval("return document.activeElement.id"),
        json!("search-input")
    );
    browser.press("negotiations");
    let found = wait_for_results(&browser, "results for negotiations");
    shot(&browser, "en-1280-light");
    assert_eq!(
        found[0]["title"], "Closing playbook › Negotiating the discount",
        "{found:?}"
    );
    assert_eq!(strs(&found[0]["marks"]), ["Negotiating"]);
    browser.press(ARROW_DOWN);
    assert_eq!(
        browser.eval(
            "return document.getElementById('search-input').getAttribute('aria-activedescendant')"
        ),
        json!("search-opt-0")
    );
    assert_eq!(
        browser
            .eval("return document.getElementById('search-opt-0').getAttribute('aria-selected')"),
        json!("true")
    );
    browser.press(ENTER);
    browser.wait_until(
        "return location.href.endsWith('/sales/roadmap/roadmaps/enterprise/close/index.html#negotiating-the-discount')",
        "the section to open",
    );
    // Escape closes the list; a word typed halfway already finds its forms.
    browser.type_into("#search-input", "meetin");
    let found = wait_for_results(&browser, "results for a word typed halfway");
    assert!(
        found
            .iter()
            .any(|r| strs(&r["marks"]).contains(&"meetings")),
        "{found:?}"
    );
    browser.press(ESCAPE);
    assert_eq!(expanded(&browser), json!("false"));
    assert_eq!(
        browser.eval("return document.querySelector('.search-panel').hidden"),
        json!(true)
    );

    // 4. From disk (file://): the index loads with a script tag, no fetch; one CJK character
    // is enough.
    let url = format!(
        "file://{}/roadmaps/enterprise/index.html",
        sample.output().display()
    );
    browser.goto(&url);
    browser.type_into("#search-input", "访");
    let found = wait_for_results(&browser, "results from a file:// page");
    assert!(
        found
            .iter()
            .all(|r| strs(&r["marks"]).iter().all(|m| m.contains('访'))),
        "{found:?}"
    );
    let interview = found
        .iter()
        .position(|r| r["title"].as_str().unwrap().contains("访谈安排"))
        .expect("the 访谈安排 section is found by 访 alone");
    for _ in 0..=interview {
        browser.press(ARROW_DOWN);
    }
    browser.press(ENTER);
    browser.wait_until(
        "return location.protocol === 'file:' && location.pathname.endsWith('/roadmaps/enterprise/needs-analysis/index.html') && location.hash.length > 1 && !!document.getElementById(decodeURIComponent(location.hash.slice(1)))",
        "the section to open from disk",
    );

    // 5. A phone: the header does not scroll sideways and the results fit the screen.
    browser.set_size(360, 780);
    browser.goto(&format!(
        "{}roadmaps/enterprise/needs-analysis/index.html",
        zh.url()
    ));
    browser.type_into("#search-input", "预算");
    wait_for_results(&browser, "results on a phone");
    shot(&browser, "zh-360-light");
    assert_eq!(
        browser.eval(
            "const p = document.querySelector('.search-panel').getBoundingClientRect(); \
             return document.documentElement.scrollWidth <= innerWidth && p.left >= 0 && p.right <= innerWidth"
        ),
        json!(true),
        "at 360 px the page and the results fit the width"
    );
}
