//! The sharded index ranks every query as the single-file index did. For a set of queries
//! (Chinese, English, words being typed, several words), on the sample and on the test
//! fixtures, the search box's results over `assets/search/` equal, in order, those of the
//! search box of before the split (`tests/fixtures/search-reference.js`) over the whole
//! index in one file (`stagecraft::search::reference`). Both run in headless Chromium
//! (skipped without it, except in CI), from `file://`.

mod common;

use common::browser::{Browser, tools};
use common::{TestSite, test_day};
use serde_json::{Value, json};
use stagecraft::build::Session;
use stagecraft::search::Layout;

/// Queries with a mix of what the search box must handle.
const QUERIES: &[&str] = &[
    // Chinese: one character, one bigram, longer runs, runs with spaces, mixed with English.
    "需",
    "访",
    "需求",
    "预算",
    "需求分析",
    "预算审批流程",
    "客户 需求",
    "决策 标准 流程",
    "MEDDIC 梳理",
    "CRM 中的",
    "渠道伙伴",
    "不存在的词语",
    // English: stems, stop words, words being typed (no trailing space), several words.
    "negotiation",
    "negotiations ",
    "negotiat",
    "neg",
    "me",
    "meetin",
    "the",
    "the ",
    "order form",
    "send the order form",
    "discount",
    "discou",
    "demo script",
    "demo scr",
    "prospecting research",
    "pricing",
    "shadow",
    "a",
    "zzz",
    "Q3 2026",
    "ＣＲＭ",
    "crm",
    "cfo 预算",
    "poc",
    "icp",
    "qbr 复盘",
];

/// Sizes that split a small site into many files, so that queries load blocks and chunks
/// piecemeal and the search box must prove its first results before it has everything.
const SMALL_FILES: Layout = Layout {
    chunk_pages: 2,
    shard_bytes: 200,
    block_postings: 3,
};

#[test]
fn sharded_and_single_file_rankings_agree() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let browser = Browser::start(&driver, &chrome);
    let mut compared = 0;
    // Index files loaded with the small layout: for the first ten results, and for all.
    let (mut loaded_first, mut loaded_all) = (0, 0);
    for fixture in ["sample", "search-en", "basic"] {
        for layout in [Layout::default(), SMALL_FILES] {
            let site = TestSite::fixture(fixture);
            let mut session = Session::new(site.root(), None);
            session.set_as_of(Some(test_day()));
            session.set_search_layout(layout);
            let rendered = session.render().unwrap();
            let out = site.output();
            for f in &rendered.files {
                let path = out.join(&f.path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, &*f.bytes).unwrap();
            }
            let units = session.search_cache().units();
            std::fs::write(
                out.join("reference-index.js"),
                stagecraft::search::reference::index_file(units),
            )
            .unwrap();
            std::fs::write(
                out.join("reference-search.js"),
                include_str!("fixtures/search-reference.js"),
            )
            .unwrap();

            let page = format!("file://{}/{}", out.display(), units[0].path);
            let reference = [
                json!(format!("file://{}/reference-index.js", out.display())),
                json!(format!("file://{}/reference-search.js", out.display())),
            ];
            for (i, q) in QUERIES.iter().enumerate() {
                let what = format!("{fixture}, {layout:?}, query {q:?}");
                // With small files, a fresh page for each query, so that the first ten load
                // only what they need.
                let fresh = layout == SMALL_FILES || i == 0;
                if fresh {
                    browser.goto(&page);
                    browser.eval("document.getElementById('search-input').focus(); return true");
                    browser.wait_until(
                        "return !!window.stagecraftSearchApi && window.stagecraftSearchApi.ready()",
                        "the search box to load",
                    );
                }
                let rank = |want: Value| {
                    browser.eval_async(
                        "const done = arguments[arguments.length - 1];
                         window.stagecraftSearchApi.rank(arguments[0], arguments[1])
                           .then(r => done(Object.assign(r, { loaded: window.stagecraftSearchApi.loaded().length })),
                                 e => done({ error: String(e) }));",
                        vec![json!(q), want],
                    )
                };
                let top = rank(json!(10));
                let all = rank(Value::Null);
                if layout == SMALL_FILES {
                    loaded_first += top["loaded"].as_u64().unwrap();
                    loaded_all += all["loaded"].as_u64().unwrap();
                }
                if fresh {
                    let ok = browser.eval_async(
                        "const done = arguments[arguments.length - 1];
                         const add = (src, next) => { const s = document.createElement('script');
                           s.onload = next; s.onerror = () => done(false); s.src = src; document.head.appendChild(s); };
                         add(arguments[0], () => add(arguments[1], () => done(true)));",
                        reference.to_vec(),
                    );
                    assert_eq!(ok, json!(true), "the reference loads");
                }
                let expected = browser.eval_with(
                    "return window.stagecraftReferenceRank(arguments[0]).ids",
                    vec![json!(q)],
                );
                let expected = expected.as_array().expect("reference ids");
                // Every result, in order.
                assert_eq!(all["ids"].as_array(), Some(expected), "{what}: {all}");
                assert_eq!(all["total"], expected.len(), "{what}");
                assert_eq!(all["more"], false, "{what}");
                // The first ten, as the search box shows them: the same, with the total known
                // or a lower bound of it.
                let first: Vec<Value> = expected.iter().take(10).cloned().collect();
                assert_eq!(
                    top["ids"].as_array(),
                    Some(&first),
                    "{what}: first ten {top}"
                );
                let total = top["total"].as_u64().unwrap() as usize;
                if top["more"] == true {
                    assert!(total <= expected.len(), "{what}: {top}");
                } else {
                    assert_eq!(total, expected.len(), "{what}: {top}");
                }
                if !expected.is_empty() {
                    compared += 1;
                }
            }
        }
    }
    eprintln!("small files: {loaded_first} loaded for the first ten results, {loaded_all} for all");
    assert!(
        loaded_first < loaded_all,
        "the first ten results load less than all of them"
    );
    assert!(
        compared >= 70,
        "only {compared} queries had results to compare"
    );
}
