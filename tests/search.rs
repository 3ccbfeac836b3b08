//! Site search: the index the build writes (`assets/search/`: manifest, term shards, blocks
//! of common terms' postings, document table in chunks), how edits patch it, and the search
//! box in a real browser (headless Chromium through ChromeDriver; skipped without it, except
//! in CI).

mod common;

use common::TestSite;
use common::browser::{Browser, tools};
use common::search_index::SearchIndex;
use common::static_server::StaticServer;
use serde_json::{Value, json};
use stagecraft::build::{RenderedSite, Session};
use stagecraft::search::Layout;
use stagecraft::search::tokenize::terms;
use std::collections::BTreeMap;
use std::sync::Arc;

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect()
}

/// Checks that every doc's anchor exists on its page in the output.
fn check_anchors(site: &TestSite, index: &SearchIndex) {
    for page in &index.pages {
        let html = site.page(page[0].as_str().unwrap());
        for d in page[3].as_array().unwrap() {
            let anchor = d[1].as_str().unwrap();
            assert!(
                anchor.is_empty() || html.contains(&format!("id=\"{anchor}\"")),
                "{}#{anchor}: no such anchor",
                page[0]
            );
        }
    }
}

/// Whether `key` has a posting for section `section` of page `page` whose weight has all of
/// the bits `weight`.
fn holds(index: &SearchIndex, key: &str, page: u32, section: u32, weight: u8) -> bool {
    index
        .postings(key)
        .iter()
        .any(|p| p.page == page && p.section == section && p.weight & weight == weight)
}

/// The section of `docs` whose heading is `heading`.
fn section(docs: &[Value], heading: &str) -> u32 {
    docs.iter()
        .position(|d| d[0] == heading)
        .unwrap_or_else(|| panic!("no section {heading}")) as u32
}

/// The index files of a site rendered in memory, by path.
fn search_files(site: &RenderedSite) -> BTreeMap<String, Arc<Vec<u8>>> {
    site.files
        .iter()
        .filter(|f| f.path.starts_with("assets/search/"))
        .map(|f| (f.path.clone(), Arc::clone(&f.bytes)))
        .collect()
}

#[test]
fn sample_index_covers_titles_stage_facts_and_playbook_sections() {
    let site = TestSite::fixture("sample");
    site.build_ok();
    let index = SearchIndex::of_dir(&site.output());
    check_anchors(&site, &index);

    // The playbook page of 需求分析: its title is a heading-weight term of its head doc.
    let path = "roadmaps/enterprise/needs-analysis/index.html";
    let (page, docs) = index.page(path);
    assert!(
        holds(&index, "需求", page, 0, 2),
        "需求 is in the title of {path}"
    );
    // A stage fact from roadmap.yaml (an exit criterion) is in the head doc.
    for term in terms("预算区间和预计立项时间明确") {
        assert!(
            holds(&index, &term, page, 0, 0),
            "exit criterion term {term} is not indexed with the stage"
        );
    }
    // A playbook section is its own doc, linked to its heading.
    let meddic = section(docs, "用 MEDDIC 梳理商机");
    let anchor = docs[meddic as usize][1].as_str().unwrap();
    assert!(!anchor.is_empty());
    assert!(site.page(path).contains(&format!("id=\"{anchor}\"")));
    assert!(holds(&index, "meddic", page, meddic, 2));
    // A CJK character's key holds every doc of the terms that contain it.
    for p in index.postings("需求") {
        assert!(holds(&index, "需", p.page, p.section, p.weight & 3));
    }
    // Modules and free pages are in, with their checklists.
    assert!(strs(&index.manifest["stop"]).contains(&"the"));
    assert!(index.pages.len() >= 20);
    // `build` makes the index a few pages at a time; `serve` keeps every page's part: the
    // same files either way.
    let in_memory = stagecraft::build::render(site.root(), None).unwrap();
    let kept = search_files(&in_memory);
    assert_eq!(
        kept.keys().collect::<Vec<_>>(),
        index.files.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &kept {
        assert!(**bytes == index.files[path].as_bytes(), "{path} differs");
    }
    let size: usize = index.files.values().map(String::len).sum();
    let largest = index.files.values().map(String::len).max().unwrap();
    eprintln!(
        "sample search index: {size} bytes in {} files, the largest {largest}",
        index.files.len()
    );
    assert!(size < 300_000, "the sample's index grew to {size} bytes");
}

#[test]
fn english_is_stemmed_and_sections_link_to_their_headings() {
    let site = TestSite::fixture("search-en");
    site.build_ok();
    let index = SearchIndex::of_dir(&site.output());
    check_anchors(&site, &index);
    let (close, docs) = index.page("roadmaps/enterprise/close/index.html");
    let negotiating = docs
        .iter()
        .position(|d| d[1] == "negotiating-the-discount")
        .expect("the negotiation section links to its heading") as u32;
    // "Negotiating" in the heading and "negotiation" in a query share the stem.
    assert_eq!(terms("negotiation"), ["negoti"]);
    assert!(
        index
            .postings("negoti")
            .iter()
            .any(|p| (p.page, p.section, p.weight) == (close, negotiating, 2))
    );
    // Stop words are not indexed; stems are.
    assert!(!index.keys.contains_key("the") && !index.keys.contains_key("and"));
    assert!(index.keys.contains_key("meet") && !index.keys.contains_key("meetings"));
    // The checklist of a module and a stage's risks are searchable.
    let (module, _) = index.page("onboarding/first-week/index.html");
    assert!(index.postings("shadow").iter().any(|p| p.page == module));
    assert!(
        index
            .postings("discount")
            .iter()
            .any(|p| (p.page, p.section, p.weight) == (close, 0, 0))
    );
}

/// Sizes that split a small site into many files (one doc-table chunk per two pages, shards
/// of a few keys, blocks for any key in more than three docs).
pub const SMALL_FILES: Layout = Layout {
    chunk_pages: 2,
    shard_bytes: 200,
    block_postings: 3,
    vocabulary_bytes: 256,
};

#[test]
fn a_rebuild_after_an_edit_gives_the_index_of_a_fresh_build() {
    for layout in [Layout::default(), SMALL_FILES] {
        let site = TestSite::fixture("search-en");
        let mut session = Session::new(site.root(), None);
        session.set_search_layout(layout);
        session.render().unwrap();
        // A word added to a section, then a section added: both patch the index.
        for (from, to) in [
            ("Send the order form", "Send the countersigned order form"),
            (
                "## Paperwork",
                "## Handover\n\nIntroduce the onboarding team.\n\n## Paperwork",
            ),
            (
                "## Handover\n\nIntroduce the onboarding team.\n\n## Paperwork",
                "## Paperwork",
            ),
        ] {
            site.edit("content/roadmaps/enterprise/stages/close.md", from, to);
            session.invalidate([site
                .root()
                .join("content/roadmaps/enterprise/stages/close.md")
                .as_path()]);
            let rebuilt = search_files(&session.render().unwrap());
            assert!(session.search_cache().patched, "{from:?} is patched");
            let mut fresh = Session::new(site.root(), None);
            fresh.set_search_layout(layout);
            let fresh = search_files(&fresh.render().unwrap());
            assert_eq!(rebuilt, fresh, "after replacing {from:?}");
        }
        let fresh = stagecraft::build::render(site.root(), None).unwrap();
        assert!(
            SearchIndex::of_rendered(&fresh)
                .keys
                .contains_key("countersign")
        );
    }
}

/// Edits `rel` through `session` as `serve` does and returns the index files that changed
/// (new, gone, or with other bytes), checking that the others kept their very bytes.
fn edit_and_diff(
    site: &TestSite,
    session: &mut Session,
    rel: &str,
    from: &str,
    to: &str,
) -> (Vec<String>, SearchIndex, SearchIndex) {
    let before = session.render().unwrap();
    site.edit(rel, from, to);
    session.invalidate([site.root().join(rel).as_path()]);
    let after = session.render().unwrap();
    let (old, new) = (search_files(&before), search_files(&after));
    let mut changed = Vec::new();
    for (path, bytes) in &new {
        match old.get(path) {
            Some(o) if Arc::ptr_eq(o, bytes) => {}
            Some(o) => {
                assert!(o != bytes, "{path} was written again with the same bytes");
                changed.push(path.clone());
            }
            None => changed.push(path.clone()),
        }
    }
    changed.extend(old.keys().filter(|p| !new.contains_key(*p)).cloned());
    changed.sort();
    let old_index = SearchIndex::of_rendered(&before);
    (changed, old_index, SearchIndex::of_rendered(&after))
}

#[test]
fn an_edit_patches_only_the_files_that_hold_its_page_and_words() {
    let site = TestSite::fixture("sample");
    let mut session = Session::new(site.root(), None);
    session.set_search_layout(SMALL_FILES);
    let rel = "content/roadmaps/enterprise/stages/needs-analysis.md";
    for (from, to) in [
        // A word in a section.
        ("## 用 MEDDIC", "预约复盘会议。\n\n## 用 MEDDIC"),
        // A new section in the middle of the page.
        (
            "## 用 MEDDIC",
            "## 新增的一节\n\n跟进报价 zebra。\n\n## 用 MEDDIC",
        ),
    ] {
        let (changed, old, new) = edit_and_diff(&site, &mut session, rel, from, to);
        assert!(session.search_cache().patched);
        let (page, _) = new.page("roadmaps/enterprise/needs-analysis/index.html");
        // The keys whose postings changed: only this page's.
        let keys: std::collections::BTreeSet<&String> = old
            .keys
            .keys()
            .chain(new.keys.keys())
            .filter(|k| old.keys.get(*k) != new.keys.get(*k))
            .collect();
        assert!(!keys.is_empty());
        let other_pages = |index: &SearchIndex, k: &str| -> Vec<_> {
            index
                .keys
                .get(k)
                .into_iter()
                .flatten()
                .filter(|p| p.page != page)
                .copied()
                .collect()
        };
        for k in &keys {
            assert_eq!(
                other_pages(&old, k),
                other_pages(&new, k),
                "{k}: other pages"
            );
        }
        // Changed files: this page's chunk of the doc table, and the shards and blocks that
        // hold those keys; the manifest only if shards begin at other keys or the number of
        // docs changed; the typo vocabulary's parts only if its words changed.
        let chunk = format!("assets/search/d/{}.js", page / 2);
        assert!(changed.contains(&chunk), "{changed:?}");
        for path in &changed {
            if path.contains("/d/") {
                assert_eq!(path, &chunk);
            } else if path.ends_with("manifest.js") {
                assert!(
                    old.shards != new.shards
                        || old.manifest["docs"] != new.manifest["docs"]
                        || old.vocabulary != new.vocabulary
                );
            } else if path.contains("/v/") || path.contains("/w/") {
                assert_ne!(old.vocabulary, new.vocabulary, "{path}");
            } else {
                let holds_key = [&old, &new].iter().any(|index| {
                    let Some(text) = index.files.get(path) else {
                        return false;
                    };
                    match common::search_index::data_of(path, text) {
                        Value::String(_) => keys.iter().any(|k| {
                            path.contains(&format!("/{}.", stagecraft::search::files::hex(k)))
                        }),
                        shard => strs(&shard["k"])
                            .iter()
                            .any(|k| keys.contains(&&k.to_string())),
                    }
                });
                assert!(holds_key, "{path} changed but holds none of {keys:?}");
            }
        }
        let total = new.files.len();
        eprintln!("{} of {total} index files changed", changed.len());
        assert!(
            changed.len() * 4 < total,
            "{} of {total} files changed",
            changed.len()
        );
    }
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
            .any(|(p, _)| p.contains("assets/search")),
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
                .filter(|(p, _)| p.ends_with("assets/search/manifest.js"))
                .count(),
            1
        );
        // The query loaded a shard and a chunk of the doc table, not the whole index.
        let loaded = log
            .iter()
            .filter(|(p, _)| p.contains("assets/search/"))
            .count();
        let all = SearchIndex::of_dir(&sample.output()).files.len();
        assert!(
            loaded >= 3 && loaded < all,
            "{loaded} of {all} index files: {log:?}"
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
