//! Search benchmark: on generated sites of N playbook pages, headless Chromium opens a page
//! from disk (`file://`), focuses the search box and enters a query; for each query it
//! reports the bytes of the search files loaded before the first result shows (their gzip
//! sizes, search code and manifest included), the time from entering the query to the first
//! result, and the page's JavaScript heap after it.
//!
//! Then, on each size, the queries of a forgiving search (typos, extra words, questions,
//! word forms, Chinese), each timed from its last keystroke to its results shown once the
//! files it needs are loaded.
//!
//! Run: `benches/search.sh 1000 10000 100000` (or `cargo bench --bench search -- 1000`).
//! Needs chromium and chromedriver, python3 and the corpus generator `gen_corpus.py`
//! (`$GEN_CORPUS`, else `../shared/bench/gen_corpus.py` beside this repository); corpora and
//! builds go to `$BENCH_TMP` (default `/dev/shm`) and are reused when present.

#[allow(dead_code)]
#[path = "../tests/common/browser.rs"]
mod browser;

use browser::{Browser, tools};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Queries on the generated corpus: common and rarer words, a word being typed, several
/// words, Chinese bigrams and a longer Chinese run.
const QUERIES: &[&str] = &[
    "step",
    "champion",
    "negot",
    "payback period",
    "renewal date incumbent",
    "客户",
    "决策",
    "销售经理",
    "客户 痛点",
    "securty reviews",
    "payback period zebra",
];

/// Runs of each query (each on a fresh page); the median is reported.
const RUNS: usize = 3;

/// Queries of a forgiving search (issue 16), timed from the last keystroke: typos, a word
/// the text lacks, a question, other word forms, a word being typed, a long Chinese query
/// and a mixed one.
const TYPED: &[&str] = &[
    "champoin",
    "securty reviews",
    "payback period zebra",
    "who signs off the paper process",
    "renewal forecasts",
    "procurem",
    "客户痛点分析方法",
    "CRM 客户",
];

/// Repeats of the last keystroke of each typed query; the median is reported.
const KEYSTROKES: usize = 5;

fn generator() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::var_os("GEN_CORPUS").map(PathBuf::from),
        Some(manifest.join("../shared/bench/gen_corpus.py")),
        Some(manifest.join("../../shared/bench/gen_corpus.py")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| p.is_file())
        .expect("the corpus generator gen_corpus.py is missing (set GEN_CORPUS)")
}

/// The built site of `pages` pages (generated and built once, then reused).
fn site(pages: usize) -> PathBuf {
    let tmp =
        std::env::var_os("BENCH_TMP").map_or_else(|| PathBuf::from("/dev/shm"), PathBuf::from);
    let work = tmp.join(format!("stagecraft-bench-{pages}"));
    let corpus = work.join("corpus");
    if !corpus.join("stagecraft/content").is_dir() {
        let status = Command::new("python3")
            .arg(generator())
            .arg(pages.to_string())
            .arg("--out")
            .arg(&corpus)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("python3 runs");
        assert!(status.success(), "gen_corpus.py failed");
    }
    let out = work.join("out-search");
    let start = Instant::now();
    stagecraft::build::build(&stagecraft::build::BuildOptions {
        root: corpus.join("stagecraft"),
        output: out.clone(),
        base_url: None,
        as_of: None,
        git_dates: false,
    })
    .unwrap_or_else(|f| panic!("the build failed: {:?}", f.diagnostics));
    eprintln!(
        "{pages} pages built in {:.1} s into {}",
        start.elapsed().as_secs_f64(),
        out.display()
    );
    out
}

/// The gzip size of a file (as a server would send it, `gzip -6`).
fn gzip_size(path: &Path) -> u64 {
    let out = Command::new("gzip")
        .args(["-6", "-c"])
        .arg(path)
        .output()
        .expect("gzip runs");
    out.stdout.len() as u64
}

/// One query on a fresh page: (gzip bytes, raw bytes, files, ms to the first result, heap).
fn measure(browser: &Browser, out: &Path, query: &str) -> (u64, u64, usize, f64, f64) {
    browser.goto(&format!(
        "file://{}/roadmaps/rm-000/index.html",
        out.display()
    ));
    browser.wait_until(
        "return !document.querySelector('[data-search]').hidden",
        "the search box",
    );
    // Focus loads the search code and the manifest, as a user's click does before typing.
    browser.eval("document.getElementById('search-input').focus(); return true");
    browser.wait_until(
        "return !!window.stagecraftSearchApi && window.stagecraftSearchApi.ready()",
        "the search code and manifest",
    );
    let ms = browser.eval_async(
        "const done = arguments[arguments.length - 1];
         const input = document.getElementById('search-input');
         const list = document.getElementById('search-results');
         const t0 = performance.now();
         const seen = () => list.querySelector('[role=option]');
         const obs = new MutationObserver(() => { if (seen()) { obs.disconnect(); done(performance.now() - t0); } });
         obs.observe(list, { childList: true });
         setTimeout(() => { obs.disconnect(); done(-1); }, 30000);
         input.value = arguments[0];
         input.dispatchEvent(new Event('input'));",
        vec![json!(query)],
    );
    let ms = ms.as_f64().unwrap_or(-1.0);
    assert!(ms >= 0.0, "no result for {query:?}");
    let ids = browser.eval("return window.stagecraftSearchApi.loaded()");
    let mut paths = vec![out.join("assets/search.js")];
    paths.extend(
        ids.as_array()
            .unwrap()
            .iter()
            .map(|id| out.join(format!("assets/search/{}.js", id.as_str().unwrap()))),
    );
    let raw: u64 = paths
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    let gz: u64 = paths.iter().map(|p| gzip_size(p)).sum();
    browser.cdp("HeapProfiler.collectGarbage", json!({}));
    let heap = browser.cdp("Runtime.getHeapUsage", json!({}));
    let heap = heap["usedSize"].as_f64().unwrap_or(f64::NAN);
    (gz, raw, paths.len(), ms, heap)
}

/// Milliseconds from the last keystroke of `query` to its results shown, once the files
/// the query needs are loaded: the query is typed once whole, then its last character is
/// taken away and typed again, `KEYSTROKES` times; the median.
fn last_keystroke(browser: &Browser, out: &Path, query: &str) -> f64 {
    browser.goto(&format!(
        "file://{}/roadmaps/rm-000/index.html",
        out.display()
    ));
    browser.eval("document.getElementById('search-input').focus(); return true");
    browser.wait_until(
        "return !!window.stagecraftSearchApi && window.stagecraftSearchApi.ready()",
        "the search code and manifest",
    );
    // Sets the box to `value` as a keystroke does and times until the results (and the
    // status line, written last) are shown.
    let typed = |value: &str| -> f64 {
        browser
            .eval_async(
                "const done = arguments[arguments.length - 1];
                 const input = document.getElementById('search-input');
                 const status = document.querySelector('[data-search] [role=status]');
                 const obs = new MutationObserver(() => { obs.disconnect(); done(performance.now() - t0); });
                 obs.observe(status, { childList: true, characterData: true, subtree: true });
                 setTimeout(() => { obs.disconnect(); done(-1); }, 30000);
                 input.value = arguments[0];
                 const t0 = performance.now();
                 input.dispatchEvent(new Event('input'));",
                vec![json!(value)],
            )
            .as_f64()
            .unwrap_or(-1.0)
    };
    let shorter: String = {
        let mut chars: Vec<char> = query.chars().collect();
        chars.pop();
        chars.into_iter().collect()
    };
    assert!(typed(query) >= 0.0, "no answer for {query:?}");
    let mut times: Vec<f64> = (0..KEYSTROKES)
        .map(|_| {
            typed(&shorter);
            typed(query)
        })
        .collect();
    assert!(
        browser
            .eval("return document.querySelectorAll('#search-results [role=option]').length")
            .as_u64()
            .unwrap_or(0)
            > 0,
        "no result for {query:?}"
    );
    times.sort_by(f64::total_cmp);
    times[KEYSTROKES / 2]
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.replace([',', '_'], "").parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1000, 10_000]
    } else {
        sizes
    };
    let Some((driver, chrome)) = tools() else {
        return;
    };
    println!(
        "| pages | query | before the first result (gzip) | raw | files | to the first result | JS heap |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|");
    let mut typed = Vec::new();
    for pages in sizes {
        let out = site(pages);
        let browser = Browser::start(&driver, &chrome);
        let mut worst = (0u64, 0f64, 0f64);
        for query in QUERIES {
            let mut runs: Vec<(u64, u64, usize, f64, f64)> =
                (0..RUNS).map(|_| measure(&browser, &out, query)).collect();
            runs.sort_by(|a, b| a.3.total_cmp(&b.3));
            let (gz, raw, files, ms, heap) = runs[RUNS / 2];
            worst = (worst.0.max(gz), worst.1.max(ms), worst.2.max(heap));
            println!(
                "| {pages} | {query} | {:.1} KB | {:.1} KB | {files} | {ms:.0} ms | {:.1} MB |",
                gz as f64 / 1024.0,
                raw as f64 / 1024.0,
                heap / 1_048_576.0
            );
        }
        println!(
            "| {pages} | **largest** | {:.1} KB | | | {:.0} ms | {:.1} MB |",
            worst.0 as f64 / 1024.0,
            worst.1,
            worst.2 / 1_048_576.0
        );
        typed.push((pages, out, browser));
    }
    println!();
    println!("| pages | query typed | last keystroke to results |");
    println!("|---:|---|---:|");
    for (pages, out, browser) in &typed {
        let mut slowest = 0f64;
        for query in TYPED {
            let ms = last_keystroke(browser, out, query);
            slowest = slowest.max(ms);
            println!("| {pages} | {query} | {ms:.1} ms |");
        }
        println!("| {pages} | **slowest** | {slowest:.1} ms |");
    }
}
