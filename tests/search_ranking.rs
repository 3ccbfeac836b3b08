//! The sharded index ranks every query as the same index in one piece does. For a set of
//! queries (Chinese, English, words being typed, several words, typos, synonyms, questions),
//! on the sample and on the test fixtures, the search box's results over the default files
//! equal, in order, those over the same index split into hundreds of tiny files (where a
//! query must prove its first ten results from part of the blocks), and those over one shard
//! holding every key in one list. All run in headless Chromium (skipped without it, except
//! in CI), from `file://`.

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
    // Typos, synonyms, words no page has, questions, long Chinese queries.
    "securty questionnaire",
    "negotation",
    "discount approval zebra",
    "proof of concept",
    "POC 周期",
    "拍板人",
    "who signs off the order form",
    "数据出境合规要求",
    "qualification",
];

/// Sizes that split a small site into many files, so that queries load blocks and chunks
/// piecemeal and the search box must prove its first results before it has everything.
const SMALL_FILES: Layout = Layout {
    chunk_pages: 2,
    shard_bytes: 200,
    block_postings: 3,
    vocabulary_bytes: 256,
};

/// Sizes that keep the index in one piece: one shard, every key in one list, one chunk.
const ONE_PIECE: Layout = Layout {
    chunk_pages: 1 << 20,
    shard_bytes: 1 << 40,
    block_postings: u32::MAX,
    vocabulary_bytes: 1 << 40,
};

/// Builds `fixture` with `layout` into its own folder and returns the URL of its first page.
fn build(fixture: &str, layout: Layout) -> (TestSite, String) {
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
    let first = &session.search_cache().units()[0].path;
    let url = format!("file://{}/{first}", out.display());
    (site, url)
}

/// Opens `url` with the search box loaded.
fn open(browser: &Browser, url: &str) {
    browser.goto(url);
    browser.eval("document.getElementById('search-input').focus(); return true");
    browser.wait_until(
        "return !!window.stagecraftSearchApi && window.stagecraftSearchApi.ready()",
        "the search box to load",
    );
}

/// The first `want` results of `q` (all of them for `null`), with the files loaded so far.
fn rank(browser: &Browser, q: &str, want: Value) -> Value {
    browser.eval_async(
        "const done = arguments[arguments.length - 1];
         window.stagecraftSearchApi.rank(arguments[0], arguments[1])
           .then(r => done(Object.assign(r, { loaded: window.stagecraftSearchApi.loaded().length })),
                 e => done({ error: String(e) }));",
        vec![json!(q), want],
    )
}

#[test]
fn sharded_and_single_file_rankings_agree() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let browser = Browser::start(&driver, &chrome);
    let mut compared = 0;
    // Index files loaded with the small layout: for the first ten results, and for all.
    let (mut loaded_first, mut loaded_all) = (0, 0);
    for fixture in ["sample", "search-en", "basic", "search-quality"] {
        let (_whole, whole_url) = build(fixture, ONE_PIECE);
        let layouts = [Layout::default(), SMALL_FILES];
        let built: Vec<(TestSite, String)> = layouts.iter().map(|l| build(fixture, *l)).collect();
        // The English fixture's typo vocabulary is in many parts with small files (and its
        // typos load some of them).
        let parts = std::fs::read_dir(built[1].0.output().join("assets/search/v")).unwrap();
        let parts = parts.count();
        assert!(
            fixture != "search-quality" || parts > 3,
            "{parts} vocabulary parts"
        );
        // Every result of every query over the index in one piece.
        open(&browser, &whole_url);
        let expected: Vec<Value> = QUERIES
            .iter()
            .map(|q| {
                let r = rank(&browser, q, Value::Null);
                assert_eq!(r["more"], false, "{fixture}, one piece, {q:?}: {r}");
                r
            })
            .collect();
        for (layout, (_site, url)) in layouts.iter().zip(&built) {
            for (i, q) in QUERIES.iter().enumerate() {
                let what = format!("{fixture}, {layout:?}, query {q:?}");
                // With small files, a fresh page for each query, so that the first ten load
                // only what they need.
                if *layout == SMALL_FILES || i == 0 {
                    open(&browser, url);
                }
                let top = rank(&browser, q, json!(10));
                let all = rank(&browser, q, Value::Null);
                if *layout == SMALL_FILES {
                    loaded_first += top["loaded"].as_u64().unwrap();
                    loaded_all += all["loaded"].as_u64().unwrap();
                }
                let want = &expected[i];
                let ids = want["ids"].as_array().expect("ids");
                // Every result, in order, and the notes above them.
                assert_eq!(all["ids"], want["ids"], "{what}: {all}");
                assert_eq!(all["total"], want["total"], "{what}");
                assert_eq!(all["more"], false, "{what}");
                assert_eq!(all["fixed"], want["fixed"], "{what}");
                assert_eq!(all["partial"], want["partial"], "{what}");
                // The first ten, as the search box shows them: the same, with the total known
                // or a lower bound of it.
                let first: Vec<Value> = ids.iter().take(10).cloned().collect();
                assert_eq!(
                    top["ids"].as_array(),
                    Some(&first),
                    "{what}: first ten {top}"
                );
                assert_eq!(top["fixed"], want["fixed"], "{what}");
                let total = top["total"].as_u64().unwrap() as usize;
                if top["more"] == true {
                    assert!(total <= ids.len(), "{what}: {top}");
                } else {
                    assert_eq!(total, ids.len(), "{what}: {top}");
                }
                if !ids.is_empty() {
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
        compared >= 120,
        "only {compared} queries had results to compare"
    );
}
