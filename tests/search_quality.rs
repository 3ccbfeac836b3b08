//! Search that forgives: a query-quality table over a fixture site written for it
//! (`tests/fixtures/search-quality`, English and Chinese pages), run in the search box's own
//! code in headless Chromium (skipped without it, except in CI), from `file://`. Each row is
//! a question as a new rep would type it and the page that must be among the first three
//! results; the rows cover each kind of miss that issue 16 lists. Also checks the notes above
//! the results ("showing results for", "no page has every word") in the box itself, and the
//! shared vectors of terms and synonyms in the box's JavaScript.

mod common;

use common::TestSite;
use common::browser::{Browser, tools};
use serde_json::{Value, json};

/// (query, the page expected in the first three results).
const TABLE: &[(&str, &str)] = &[
    // A typo in one of two words, or in the only word.
    ("securty questionnaire", "security-review"),
    ("negotation discount", "negotiation"),
    ("renewl forecast", "renewal"),
    ("economic buyer budjet", "economic-buyer"),
    ("compettive battlecards", "competitors"),
    ("questionaire", "security-review"),
    ("penetraton tset report", "security-review"),
    // One word (or more) that the text does not use.
    ("discount approval", "negotiation"),
    ("payment terms zebra", "negotiation"),
    ("security questionnaire deadline", "security-review"),
    ("handover checklist kickoff", "handover"),
    // An acronym or a synonym, in any case.
    ("PoC", "proof-of-value"),
    ("proof of concept", "proof-of-value"),
    ("pov exit criteria", "proof-of-value"),
    ("decision maker", "economic-buyer"),
    ("EB", "economic-buyer"),
    ("QBR agenda", "account-reviews"),
    ("谁是拍板人", "decision-maker-zh"),
    // A question in plain words.
    ("who signs off the data inventory", "proof-of-value"),
    ("how do I get a discount approved", "negotiation"),
    ("when should we start the renewal", "renewal"),
    ("what does commit mean in the forecast", "forecasting"),
    // Other forms of the text's words.
    ("qualification", "qualifying"),
    ("renewals", "renewal"),
    ("negotiating", "negotiation"),
    ("forecasting categories", "forecasting"),
    // The word being typed.
    ("secur", "security-review"),
    ("battlec", "competitors"),
    ("handover check", "handover"),
    ("qualif", "qualifying"),
    // A Chinese query longer than any phrase of the text.
    ("数据出境合规要求", "data-compliance"),
    ("合同金额超过多少需要法务会签", "contract-zh"),
    ("首次拜访客户前要准备什么问题", "customer-visit-zh"),
    ("招标文件的技术评分", "tender-zh"),
    ("决策人是谁", "decision-maker-zh"),
    // Mixed English and Chinese.
    ("MEDDIC 评分", "meddic-zh"),
    ("POC 周期", "poc-zh"),
];

/// Opens the fixture's home page from disk with the search index loaded.
fn open(browser: &Browser, site: &TestSite) {
    browser.goto(&format!("file://{}/index.html", site.output().display()));
    browser.eval("document.getElementById('search-input').focus(); return true");
    browser.wait_until(
        "return !!window.stagecraftSearchApi && window.stagecraftSearchApi.ready()",
        "the search box to load",
    );
}

/// The search box's first `want` results for `q` (paths, notes).
fn rank(browser: &Browser, q: &str, want: usize) -> Value {
    browser.eval_async(
        "const done = arguments[arguments.length - 1];
         window.stagecraftSearchApi.rank(arguments[0], arguments[1]).then(done, e => done({ error: String(e) }));",
        vec![json!(q), json!(want)],
    )
}

#[test]
fn the_query_quality_table_finds_each_page_in_the_first_three() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    assert!(TABLE.len() >= 30);
    let site = TestSite::fixture("search-quality");
    site.build_ok();
    let browser = Browser::start(&driver, &chrome);
    open(&browser, &site);
    let mut misses = Vec::new();
    for (q, expected) in TABLE {
        let r = rank(&browser, q, 3);
        let paths: Vec<&str> = r["paths"]
            .as_array()
            .unwrap_or_else(|| panic!("{q}: {r}"))
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        let want = format!("{expected}/index.html");
        if !paths.contains(&want.as_str()) {
            misses.push(format!("{q:?}: expected {expected} in {paths:?} ({r})"));
        }
    }
    assert!(
        misses.is_empty(),
        "{} of {} queries missed:\n{}",
        misses.len(),
        TABLE.len(),
        misses.join("\n")
    );

    // The notes: a corrected word, words no page has all of, and neither.
    let r = rank(&browser, "securty questionnaire", 10);
    assert_eq!(r["fixed"], "security questionnaire", "{r}");
    assert_eq!(r["partial"], "", "{r}");
    let r = rank(&browser, "payment terms zebra", 10);
    assert_eq!(r["partial"], "payment, terms", "{r}");
    assert_eq!(r["fixed"], "", "{r}");
    let r = rank(&browser, "who signs off the data inventory", 10);
    assert_eq!(
        (&r["partial"], &r["fixed"]),
        (&json!(""), &json!("")),
        "stop words do not count against a page: {r}"
    );
    let r = rank(&browser, "数据出境合规要求", 10);
    assert_eq!(r["partial"], "", "the page holds every pair: {r}");
    let r = rank(&browser, "数据出境审批", 10);
    assert_eq!(r["paths"][0], "data-compliance/index.html", "{r}");
    assert_eq!(r["partial"], "数据出境", "{r}");
    // Exact words rank above corrected ones: "questionnaire" is in one page only, and the
    // corrected "questionaire" finds no more than it.
    let exact = rank(&browser, "questionnaire", 10);
    assert_eq!(exact["paths"], rank(&browser, "questionaire", 10)["paths"]);
    // A page with only some of the words comes after those with all of them.
    let r = rank(&browser, "security report", 10);
    assert_eq!(r["paths"][0], "security-review/index.html", "{r}");
    assert!(r["total"].as_u64().unwrap() >= 2, "{r}");

    // In the box: the lines above the results.
    let note = || {
        browser
            .eval("return document.querySelector('.search-note').hidden ? '' : document.querySelector('.search-note').textContent")
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let wait_note = |what: &str| {
        browser.wait_until(
            "return document.querySelectorAll('#search-results [role=option]').length > 0 && !document.querySelector('.search-note').hidden",
            what,
        );
    };
    browser.type_into("#search-input", "securty questionnaire");
    wait_note("the corrected query's note");
    assert_eq!(note(), "Showing results for “security questionnaire”.");
    browser.eval("const i = document.getElementById('search-input'); i.value = ''; i.dispatchEvent(new Event('input')); return true");
    browser.type_into("#search-input", "payment terms zebra");
    wait_note("the note of a query that no page matches whole");
    assert_eq!(note(), "No page has every word; these have payment, terms.");
    let first = browser.eval(
        "return document.querySelector('#search-results [role=option]').getAttribute('data-href')",
    );
    assert!(
        first
            .as_str()
            .unwrap()
            .ends_with("negotiation/index.html#payment-terms"),
        "{first}"
    );
}

#[test]
fn the_shared_vectors_hold_in_javascript() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let site = TestSite::fixture("search-quality");
    site.build_ok();
    let browser = Browser::start(&driver, &chrome);
    open(&browser, &site);
    // The shared vectors of terms and synonyms, also checked in Rust by
    // src/search/synonyms.rs (the stems' vectors are checked by tests/search.rs).
    let vectors = include_str!("fixtures/search-vectors.txt");
    let cases = |kind: &str| -> Vec<(String, String)> {
        vectors
            .lines()
            .filter_map(|l| l.strip_prefix(kind)?.strip_prefix(':'))
            .map(|l| l.split_once("=>").unwrap())
            .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
            .collect()
    };
    let groups: Vec<Vec<&str>> = vectors
        .lines()
        .filter_map(|l| l.strip_prefix("group:"))
        .map(|l| l.split(',').map(str::trim).collect())
        .collect();
    let (term_cases, expand_cases) = (cases("terms"), cases("expand"));
    assert!(term_cases.len() >= 15 && expand_cases.len() >= 8 && groups.len() >= 3);
    for (text, expected) in term_cases {
        let js = browser.eval_with(
            "return window.stagecraftSearchApi.terms(arguments[0]).join(' ')",
            vec![json!(text)],
        );
        assert_eq!(js, json!(expected), "terms of {text:?} in JavaScript");
    }
    for (query, expected) in expand_cases {
        let js = browser.eval_with(
            "return window.stagecraftSearchApi.expand(arguments[0], arguments[1])",
            vec![json!(groups), json!(query)],
        );
        assert_eq!(js, json!(expected), "synonyms of {query:?} in JavaScript");
    }
}

#[test]
fn without_synonyms_a_word_finds_only_itself() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let site = TestSite::fixture("search-quality");
    std::fs::write(
        site.root().join("content/site.yaml"),
        "title: Harbor Analytics Field Guide\nlanguage: en\n",
    )
    .unwrap();
    site.build_ok();
    let browser = Browser::start(&driver, &chrome);
    open(&browser, &site);
    // Without the group, "PoC" finds the pages that write it, and only those.
    let r = rank(&browser, "PoC ", 10);
    assert_eq!(
        r["paths"],
        json!(["poc-zh/index.html", "poc-zh/index.html"]),
        "{r}"
    );
    assert_eq!(
        rank(&browser, "proof of value", 3)["paths"][0],
        "proof-of-value/index.html"
    );
}
