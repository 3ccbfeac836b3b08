//! Large and odd input: every case either builds or fails with a clear message naming the
//! file, and none panics or hangs. Each case runs in its own thread with a time limit, so a
//! hang fails the test instead of stalling the run.
//!
//! Cases marked `#[ignore = "bug: ..."]` reproduce bugs found in `src/` that are not fixed yet;
//! run them with `cargo test --test robustness -- --ignored`.

mod common;

use common::{TestSite, broken_links, file_list};
use stagecraft::build::{BuildFailure, RenderedSite, render};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Generous: every case takes well under a second or two in a debug build.
const LIMIT: Duration = Duration::from_secs(20);

const ROADMAP: &str = "content/roadmaps/acme/roadmap.yaml";
const PLAYBOOK: &str = "content/roadmaps/acme/stages/prospect.md";
const MODULE: &str = "content/onboarding/welcome.md";
const SITE: &str = "content/site.yaml";

/// Runs `f` on its own thread, with its own rayon pool (so that a case that hangs cannot
/// starve the other tests of the global pool), and returns its result; fails the test if it
/// takes longer than `limit`, and re-raises its panic if it panics.
#[track_caller]
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::Builder::new()
        .name("robustness-case".into())
        .spawn(move || {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(2)
                .build()
                .unwrap();
            let _ = tx.send(pool.install(f));
        })
        .unwrap();
    match rx.recv_timeout(limit) {
        Ok(v) => {
            handle.join().unwrap();
            v
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("hang: the case did not finish within {limit:?}")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => match handle.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("sent nothing but did not panic"),
        },
    }
}

/// What rendering a site gave, with every diagnostic rendered for a terminal too (so that
/// showing an error cannot panic either).
enum Outcome {
    Ok(RenderedSite),
    Err(Vec<String>),
}

fn render_root(root: PathBuf) -> Outcome {
    within(LIMIT, move || outcome(render(&root, None)))
}

fn outcome(res: Result<RenderedSite, BuildFailure>) -> Outcome {
    match res {
        Ok(site) => Outcome::Ok(site),
        Err(f) => {
            for d in &f.diagnostics {
                let shown = d.render(false);
                assert!(
                    shown.contains(&d.message),
                    "rendered diagnostic lost its message"
                );
            }
            Outcome::Err(f.errors().map(|d| d.to_string()).collect())
        }
    }
}

impl Outcome {
    #[track_caller]
    fn ok(self) -> RenderedSite {
        match self {
            Outcome::Ok(s) => s,
            Outcome::Err(e) => panic!("expected a build, got errors:\n{}", e.join("\n")),
        }
    }

    #[track_caller]
    fn err(self) -> Vec<String> {
        match self {
            Outcome::Ok(_) => panic!("expected the build to fail"),
            Outcome::Err(e) => {
                assert!(
                    !e.is_empty(),
                    "a failed build must report at least one error"
                );
                e
            }
        }
    }
}

/// Asserts that some error is in `file` and contains every one of `words`.
#[track_caller]
fn assert_error_in(errors: &[String], file: &str, words: &[&str]) {
    let prefix = if file.ends_with(':') {
        file.to_string()
    } else {
        format!("{file}:")
    };
    let hit = errors
        .iter()
        .find(|e| e.starts_with(&prefix) && words.iter().all(|w| e.contains(w)));
    assert!(
        hit.is_some(),
        "expected an error in {file} saying {words:?}, got:\n{}",
        errors.join("\n")
    );
}

/// Text of an output file of a rendered site.
#[track_caller]
fn page(site: &RenderedSite, path: &str) -> String {
    let f = site
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no output file {path}"));
    String::from_utf8(f.bytes.to_vec()).unwrap()
}

/// Writes a rendered site to disk and returns its broken internal links.
fn broken_links_of(site: &RenderedSite) -> Vec<String> {
    let out = tempfile::tempdir().unwrap();
    for f in &site.files {
        let p = out.path().join(&f.path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, &*f.bytes).unwrap();
    }
    broken_links(out.path())
}

fn basic() -> TestSite {
    TestSite::fixture("basic")
}

/// The basic fixture, with the one link into the prospect playbook's `#research` heading
/// made plain, so that a test can replace that playbook's body freely.
fn basic_free_playbook() -> TestSite {
    let site = basic();
    site.edit("content/roadmaps/acme/stages/demo.md", "#research", "");
    site
}

/// An empty site folder to write every file of by hand.
fn blank() -> TestSite {
    TestSite {
        dir: tempfile::tempdir().unwrap(),
    }
}

fn root(site: &TestSite) -> PathBuf {
    site.root().to_path_buf()
}

/// About 1.3 KB of playbook Markdown as authors write it; `n` keeps headings distinct.
fn markdown_chunk(n: usize) -> String {
    format!(
        "## Discovery call {n}\n\n\
         Before the call, read the account's **annual report** and the notes in the CRM.\n\
         Ask *open* questions; write down the `pain`, the budget and the timeline.\n\n\
         - Who signs the contract?\n\
         - What happens if they do nothing?\n  - and in a year?\n    - and the competitor?\n\
         1. Confirm the agenda\n2. Listen\n3. Agree the next step\n\n\
         | Question | Why | Owner |\n|---|:---:|--:|\n\
         | Budget? | qualifies | AE |\n| Timeline? | urgency | SDR |\n| Authority? | MEDDIC | AE |\n\n\
         > A call without a next step is a lost call.\n\n\
         ```text\nsubject: follow-up {n}\nbody: thanks for your time\n```\n\n\
         See the [demo playbook](@/roadmaps/acme/stages/demo.md) and [the roadmap](@/roadmaps/acme/roadmap.yaml).\n\
         ~~Old rule~~ and a task list:\n\n- [x] research\n- [ ] call\n\n\
         Footnote reference[^n{n}].\n\n[^n{n}]: The footnote {n}.\n\n---\n\n"
    )
}

fn markdown_of_size(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 2048);
    let mut n = 0;
    while s.len() < bytes {
        s.push_str(&markdown_chunk(n));
        n += 1;
    }
    s
}

// ---------------------------------------------------------------------------------------
// Large input
// ---------------------------------------------------------------------------------------

#[test]
fn five_megabyte_playbook_builds() {
    let site = basic_free_playbook();
    let body = markdown_of_size(5 << 20);
    let chunks = body.matches("## Discovery call").count();
    site.write(PLAYBOOK, &format!("---\ntitle: Big\n---\n{body}"));
    let start = Instant::now();
    let out = render_root(root(&site)).ok();
    eprintln!("5 MB playbook: {:?}", start.elapsed());
    let html = page(&out, "roadmaps/acme/prospect/index.html");
    assert!(html.len() > 5 << 20, "the whole body is on the page");
    assert_eq!(html.matches("<table>").count(), chunks);
    assert!(html.contains(&format!("id=\"discovery-call-{}\"", chunks - 1)));
    assert!(html.contains("href=\"../demo/index.html\""));
}

#[test]
fn many_identical_headings_do_not_take_quadratic_time() {
    // 20,000 headings with the same text (a playbook template pasted many times); each new
    // one gets `notes-N`, but finding N tries 1, 2, 3, ... every time: 2e8 attempts.
    let site = basic_free_playbook();
    let body = "## Notes\n\ntext\n\n".repeat(20_000);
    site.write(PLAYBOOK, &body);
    let out = render_root(root(&site)).ok();
    let html = page(&out, "roadmaps/acme/prospect/index.html");
    assert!(html.contains("id=\"notes-19999\""));
}

#[test]
fn many_broken_links_in_a_big_playbook_are_reported_quickly() {
    // A 4 MB playbook after a stage was renamed: 20,000 links to the old name. Each problem
    // calls SourceMap::error_at_offset, which builds a LineIndex of the whole 4 MB file.
    let site = basic();
    let mut body = String::new();
    for _ in 0..20_000 {
        writeln!(
            body,
            "{}\n\nSee [old](@/roadmaps/acme/stages/old.md).\n",
            "x".repeat(190)
        )
        .unwrap();
    }
    site.write(PLAYBOOK, &body);
    let errors = render_root(root(&site)).err();
    // (demo.md's link to `prospect.md#research` breaks too: that heading is gone.)
    assert_eq!(
        errors.iter().filter(|e| e.starts_with(PLAYBOOK)).count(),
        20_000
    );
    assert_error_in(&errors, PLAYBOOK, &["old.md", "no such file"]);
}

#[test]
fn ten_thousand_line_roadmap_builds() {
    let site = basic();
    let mut yaml = std::fs::read_to_string(site.root().join(ROADMAP)).unwrap();
    // A stage with thousands of activities and a roadmap with thousands of KPIs.
    let mut extra =
        String::from("  - id: nurture\n    name: Nurture\n    owner: sdr\n    activities:\n");
    for i in 0..6_000 {
        writeln!(extra, "      - Send touch {i} of the sequence").unwrap();
    }
    yaml = yaml.replace(
        "kpis:\n  - name: Win rate",
        &format!("{extra}kpis:\n  - name: Win rate"),
    );
    for i in 0..1_500 {
        write!(
            yaml,
            "  - name: KPI {i}\n    target: {i}.5\n    unit: calls\n"
        )
        .unwrap();
    }
    assert!(yaml.lines().count() > 10_000, "{}", yaml.lines().count());
    site.write(ROADMAP, &yaml);
    let out = render_root(root(&site)).ok();
    let stage = page(&out, "roadmaps/acme/nurture/index.html");
    assert!(stage.contains("Send touch 5999 of the sequence"));
    let roadmap = page(&out, "roadmaps/acme/index.html");
    assert!(roadmap.contains("KPI 1499"));
    assert!(roadmap.contains("1,499.5"));
}

#[test]
fn ten_thousand_line_roadmap_error_points_at_the_right_line() {
    let site = basic();
    let mut yaml = std::fs::read_to_string(site.root().join(ROADMAP)).unwrap();
    for i in 0..10_000 {
        writeln!(yaml, "  - name: KPI {i}").unwrap();
    }
    let lines = yaml.lines().count();
    yaml.push_str("  - name: Last\n    tragte: 3\n");
    site.write(ROADMAP, &yaml);
    let errors = render_root(root(&site)).err();
    assert_error_in(
        &errors,
        &format!("{ROADMAP}:{}:5", lines + 2),
        &["unknown field `tragte`", "did you mean `target`?"],
    );
}

/// A roadmap with `n` stages, ids `stage-000`..; owners alternate between two roles.
fn roadmap_with_stages(n: usize) -> String {
    let mut y = String::from(
        "title: Long process\nroles:\n  - {id: sdr, name: SDR}\n  - {id: ae, name: Account Executive}\nstages:\n",
    );
    for i in 0..n {
        writeln!(
            y,
            "  - id: stage-{i:03}\n    name: Stage number {i} with a longer name\n    owner: {}\n    duration_days: {}\n    conversion_rate: 0.{:02}",
            if i % 2 == 0 { "sdr" } else { "ae" },
            i % 30 + 1,
            i % 99 + 1
        )
        .unwrap();
    }
    y
}

#[test]
fn two_hundred_stages() {
    let site = basic();
    site.write(
        "content/roadmaps/long/roadmap.yaml",
        &roadmap_with_stages(200),
    );
    for i in (0..200).step_by(10) {
        let next = (i + 10) % 200;
        site.write(
            &format!("content/roadmaps/long/stages/stage-{i:03}.md"),
            &format!(
                "## Steps\n\nNext: [stage {next}](@/roadmaps/long/stages/stage-{next:03}.md), \
                 back to [the roadmap](@/roadmaps/long/roadmap.yaml).\n"
            ),
        );
    }
    let out = render_root(root(&site)).ok();
    let count_nodes = |html: &str| {
        html.matches("<g class=\"node").count() - html.matches("<g class=\"node-num").count()
    };
    let roadmap = page(&out, "roadmaps/long/index.html");
    // Two drawings (horizontal and vertical), each with every stage.
    assert_eq!(count_nodes(&roadmap), 400, "every stage drawn twice");
    for i in 0..200 {
        assert!(
            roadmap.contains(&format!("href=\"stage-{i:03}/index.html\"")),
            "stage {i} is linked from the roadmap"
        );
    }
    // A playbook page draws a window around its stage, not all 200.
    for (i, first) in [(0, 0), (100, 97), (199, 193)] {
        let stage = page(&out, &format!("roadmaps/long/stage-{i:03}/index.html"));
        // One drawing or two (horizontal and vertical), each with exactly one current stage
        // and the 7 stages around it.
        let drawings = stage.matches("<g class=\"node current\"").count();
        assert!(
            (1..=2).contains(&drawings),
            "stage {i}: {drawings} current nodes"
        );
        assert_eq!(count_nodes(&stage), 7 * drawings, "stage {i}");
        for j in first..first + 7 {
            let href = if j == i {
                "index.html".to_string()
            } else {
                format!("../stage-{j:03}/index.html")
            };
            assert!(
                stage.contains(&format!("href=\"{href}\"")),
                "stage {i} draws stage {j}"
            );
        }
        let far = (i + 100) % 200;
        assert!(
            !stage.contains(&format!("stage-{far:03}/index.html")),
            "stage {i} draws stage {far}"
        );
    }
    let broken = broken_links_of(&out);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

// ---------------------------------------------------------------------------------------
// Deep nesting
// ---------------------------------------------------------------------------------------

#[test]
fn deeply_nested_markdown_lists_build() {
    let site = basic_free_playbook();
    let mut body = String::new();
    for depth in 0..500 {
        writeln!(body, "{}- level {depth}", "  ".repeat(depth)).unwrap();
    }
    // The same, written compactly: 500 list markers on one line.
    body.push_str("\n\n");
    body.push_str(&"- ".repeat(500));
    body.push_str("deep\n\n");
    // And 500 nested block quotes, emphasis and brackets.
    body.push_str(&">".repeat(500));
    body.push_str(" quoted\n\n");
    body.push_str(&"*".repeat(500));
    body.push('x');
    body.push_str(&"*".repeat(500));
    body.push_str("\n\n");
    body.push_str(&"[".repeat(5000));
    body.push_str(&"]".repeat(5000));
    body.push('\n');
    site.write(PLAYBOOK, &body);
    let out = render_root(root(&site)).ok();
    let html = page(&out, "roadmaps/acme/prospect/index.html");
    assert!(html.contains("level 499"));
    assert!(html.contains("quoted"));
}

fn nested_flow(depth: usize) -> String {
    format!("{}x{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn deeply_nested_yaml_in_roadmap_is_an_error() {
    let site = basic();
    site.edit(
        ROADMAP,
        "summary: |",
        &format!("summary: {}\nx_summary: |", nested_flow(1000)),
    );
    let errors = render_root(root(&site)).err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_error_in(
        &errors,
        &format!("{ROADMAP}:2:74"),
        &["nested more than 64 levels deep", "brackets"],
    );
}

#[test]
fn deeply_nested_yaml_everywhere_is_an_error() {
    for depth in [129, 1_000, 2_000] {
        let site = basic();
        let deep_map = format!("{}x{}", "{a: ".repeat(depth), "}".repeat(depth));
        site.edit(
            PLAYBOOK,
            "---\n",
            &format!("---\nverified_by: {}\n", nested_flow(depth)),
        );
        site.edit(MODULE, "---\n", &format!("---\nduration: {deep_map}\n"));
        site.write(SITE, &format!("title: {}\n", nested_flow(depth)));
        site.edit(
            ROADMAP,
            "    risks: [Wrong persona]",
            &format!("    risks: {}", nested_flow(depth)),
        );
        let errors = render_root(root(&site)).err();
        for file in [PLAYBOOK, MODULE, SITE, ROADMAP] {
            assert_error_in(&errors, file, &["nested more than 64 levels deep"]);
        }
    }
}

#[test]
fn very_deep_yaml_nesting_is_rejected_quickly() {
    // unsafe_libyaml::scanner::yaml_parser_fetch_more_tokens walks the whole simple-key
    // stack (one entry per open flow level) for every token. 10,000 levels take 1.4 s in a
    // debug build, 30,000 take 11 s, 100,000 take ~20 s even in release.
    let site = basic();
    site.write(SITE, &format!("title: {}\n", nested_flow(100_000)));
    let errors = render_root(root(&site)).err();
    assert_error_in(&errors, SITE, &["nested more than 64 levels deep"]);
}

#[test]
fn yaml_alias_bomb_is_an_error() {
    // "Billion laughs": nine levels of nine aliases each.
    let mut y = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        writeln!(
            y,
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]"
        )
        .unwrap();
    }
    let site = basic();
    site.write(SITE, &format!("{y}title: bomb\n"));
    let errors = render_root(root(&site)).err();
    assert_error_in(&errors, SITE, &[]);
    assert!(errors.len() < 10, "{errors:?}");
}

// ---------------------------------------------------------------------------------------
// Unicode ids and names
// ---------------------------------------------------------------------------------------

#[test]
fn emoji_and_cjk_ids() {
    let site = blank();
    site.write(SITE, "title: 销售 🚀\nlanguage: zh-CN\n");
    site.write(
        "content/roadmaps/销售/roadmap.yaml",
        "title: 企业销售 🚀\n\
         roles:\n  - {id: 销售代表, name: 销售代表 👩‍💼}\n  - {id: ae, name: AE}\n\
         segments:\n  - {id: 大客户, name: 大客户 🏢}\n\
         stages:\n\
           - {id: 需求分析, name: 需求分析 🔍, owner: 销售代表, conversion_rate: 0.5}\n\
           - {id: 🚀launch, name: 🚀 Launch, owner: ae}\n\
           - {id: Ünïcödé-Straße, name: Ünïcödé, owner: ae}\n",
    );
    site.write(
        "content/roadmaps/销售/stages/需求分析.md",
        "---\nsegments: [大客户]\n---\n## 需求 分析\n\n下一步：[发布](@/roadmaps/销售/stages/🚀launch.md#准备-工作)，\
         [本页](#需求-分析)，[术语](@/pages/术语表.md#客户-画像)，[入门](@/onboarding/第一天.md)。\n",
    );
    site.write(
        "content/roadmaps/销售/stages/🚀launch.md",
        "## 准备 工作\n\n[回到需求分析](@/roadmaps/销售/stages/需求分析.md#需求-分析) · \
         [Ü](@/roadmaps/销售/stages/Ünïcödé-Straße.md)\n",
    );
    site.write(
        "content/roadmaps/销售/stages/Ünïcödé-Straße.md",
        "## Größe 🚀 {#größe}\n\n[launch](@/roadmaps/销售/stages/🚀launch.md)\n",
    );
    site.write(
        "content/onboarding/第一天.md",
        "---\ntitle: 第一天 🎉\nphase: week-1\nstages: [销售/需求分析, 销售/🚀launch]\n---\n\
         读[路线图](@/roadmaps/销售/roadmap.yaml)和[Ü](@/roadmaps/销售/stages/Ünïcödé-Straße.md#größe)。\n",
    );
    site.write(
        "content/pages/术语表.md",
        "---\ntitle: 术语表 📖\n---\n## 客户 画像\n\nICP.\n",
    );
    let out = render_root(root(&site)).ok();
    let paths: Vec<&str> = out.files.iter().map(|f| f.path.as_str()).collect();
    for p in [
        "roadmaps/销售/index.html",
        "roadmaps/销售/需求分析/index.html",
        "roadmaps/销售/launch/index.html",
        "roadmaps/销售/ünïcödé-straße/index.html",
        "onboarding/第一天/index.html",
        "术语表/index.html",
    ] {
        assert!(paths.contains(&p), "{p} missing from {paths:?}");
    }
    let rm = page(&out, "roadmaps/销售/index.html");
    assert!(
        rm.contains("href=\"%E9%9C%80%E6%B1%82%E5%88%86%E6%9E%90/index.html\""),
        "percent-encoded stage link"
    );
    assert!(rm.contains("launch/index.html"));
    let broken = broken_links_of(&out);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn ids_that_differ_only_by_emoji_collide_clearly() {
    let site = basic();
    site.edit(ROADMAP, "  - id: demo\n", "  - id: 🚀demo\n");
    site.edit(ROADMAP, "  - id: close\n", "  - id: demo\n");
    site.remove("content/roadmaps/acme/stages/demo.md");
    let errors = render_root(root(&site)).err();
    assert_error_in(&errors, ROADMAP, &["`demo`", "same URL", "`🚀demo`"]);
}

#[test]
fn emoji_only_id_is_an_error() {
    let site = basic();
    site.edit(ROADMAP, "  - id: close\n", "  - id: 🚀🎉\n");
    let errors = render_root(root(&site)).err();
    assert_error_in(&errors, ROADMAP, &["`🚀🎉`", "no letters or digits"]);
}

// ---------------------------------------------------------------------------------------
// Line endings, BOM, encodings
// ---------------------------------------------------------------------------------------

/// Every text file of the site rewritten with CRLF line endings (and optionally a BOM).
fn rewrite_all(site: &TestSite, crlf: bool, bom: bool) {
    for rel in file_list(&site.root().join("content")) {
        if !(rel.ends_with(".md") || rel.ends_with(".yaml")) {
            continue;
        }
        let p = site.root().join("content").join(&rel);
        let mut text = std::fs::read_to_string(&p).unwrap();
        if crlf {
            text = text.replace("\r\n", "\n").replace('\n', "\r\n");
        }
        if bom {
            text.insert(0, '\u{feff}');
        }
        std::fs::write(&p, text).unwrap();
    }
}

fn visible_text_of(site: &RenderedSite) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = site
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| (f.path.clone(), String::from_utf8(f.bytes.to_vec()).unwrap()))
        .collect();
    pages.sort();
    pages
}

#[test]
fn crlf_everywhere_gives_the_same_site() {
    let plain = basic();
    let reference = render_root(root(&plain)).ok();
    let site = basic();
    rewrite_all(&site, true, false);
    let out = render_root(root(&site)).ok();
    let a = visible_text_of(&reference);
    let b = visible_text_of(&out);
    assert_eq!(a.len(), b.len());
    for ((pa, ta), (pb, tb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(
            !tb.contains('\r') || ta.contains('\r'),
            "{pb} has a stray CR"
        );
        // Front matter and YAML values are the same; Markdown bodies may keep CRs in text.
        for needle in [
            "Welcome aboard",
            "Account Executive &lt;AE&gt;",
            "Set up the CRM",
        ] {
            assert_eq!(ta.contains(needle), tb.contains(needle), "{pb}: {needle}");
        }
    }
}

#[test]
fn crlf_errors_point_at_the_same_line_and_column() {
    let site = basic();
    site.edit(ROADMAP, "    owner: sdr\n", "    ownr: sdr\n");
    site.edit(PLAYBOOK, "---\n", "---\nverfied_by: x\n");
    let lf = render_root(root(&site)).err();
    rewrite_all(&site, true, false);
    let crlf = render_root(root(&site)).err();
    assert_eq!(lf, crlf);
    assert_error_in(&crlf, &format!("{ROADMAP}:49:5"), &["unknown field `ownr`"]);
}

#[test]
fn byte_order_marks_everywhere() {
    let site = basic();
    rewrite_all(&site, false, true);
    let out = render_root(root(&site)).ok();
    for f in &out.files {
        assert!(
            !f.bytes.windows(3).any(|w| w == b"\xEF\xBB\xBF"),
            "{} contains a BOM",
            f.path
        );
    }
    // And with CRLF too.
    let site = basic();
    rewrite_all(&site, true, true);
    render_root(root(&site)).ok();
}

#[test]
fn bom_error_columns_are_not_shifted() {
    let site = basic();
    site.edit(ROADMAP, "    owner: sdr\n", "    ownr: sdr\n");
    rewrite_all(&site, false, true);
    let errors = render_root(root(&site)).err();
    assert_error_in(
        &errors,
        &format!("{ROADMAP}:49:5"),
        &["unknown field `ownr`"],
    );
}

#[test]
fn utf16_and_latin1_files_are_clear_errors() {
    let site = basic();
    let utf16: Vec<u8> = "\u{feff}title: x\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    site.write_bytes(SITE, &utf16);
    site.write_bytes(PLAYBOOK, b"## Caf\xe9\n\nna\xefve\n");
    let errors = render_root(root(&site)).err();
    assert_error_in(&errors, SITE, &["not valid UTF-8"]);
    assert_error_in(&errors, &format!("{PLAYBOOK}:1:7"), &["not valid UTF-8"]);
}

// ---------------------------------------------------------------------------------------
// Empty and odd files
// ---------------------------------------------------------------------------------------

#[test]
fn empty_roadmap_names_the_missing_fields() {
    let site = basic();
    site.write(ROADMAP, "");
    let errors = render_root(root(&site)).err();
    assert_error_in(&errors, ROADMAP, &["missing required field `title`"]);
}

#[test]
fn empty_roadmap_names_every_missing_field() {
    let site = basic();
    site.write(ROADMAP, "");
    let errors = render_root(root(&site)).err();
    assert_error_in(&errors, ROADMAP, &["`title`"]);
    assert!(
        errors.iter().any(|e| e.contains("`stages`")),
        "the author should learn that `stages` is required too:\n{}",
        errors.join("\n")
    );
}

#[test]
fn whitespace_and_comment_only_files() {
    for text in [
        "",
        "\n\n\n",
        "   \n\t\n",
        "# just a comment\n",
        "---\n",
        "--- {}\n",
        "~\n",
        "null\n",
    ] {
        let site = basic();
        site.write(SITE, text);
        site.write(ROADMAP, text);
        let errors = render_root(root(&site)).err();
        assert_error_in(&errors, SITE, &["`title`"]);
        assert_error_in(&errors, ROADMAP, &["`title`"]);
    }
    // A lone document-end marker: libyaml's wording, but in the right file.
    let site = basic();
    site.write(SITE, "...\n");
    let errors = render_root(root(&site)).err();
    assert_error_in(&errors, &format!("{SITE}:1:1"), &[]);
}

#[test]
fn empty_playbook_builds() {
    let site = basic_free_playbook();
    site.write(PLAYBOOK, "");
    site.write("content/roadmaps/acme/stages/demo.md", "");
    let out = render_root(root(&site)).ok();
    page(&out, "roadmaps/acme/prospect/index.html");
    page(&out, "roadmaps/acme/demo/index.html");
    // With the link to #research left in demo.md, the empty playbook has no such heading:
    // an error at the link, not a panic.
    let site = basic();
    site.write(PLAYBOOK, "");
    let errors = render_root(root(&site)).err();
    assert_error_in(
        &errors,
        "content/roadmaps/acme/stages/demo.md:3:",
        &["#research", "no heading"],
    );
}

#[test]
fn empty_site_yaml_names_title() {
    let site = basic();
    site.write(SITE, "");
    let errors = render_root(root(&site)).err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_error_in(&errors, SITE, &["missing required field `title`"]);
}

#[test]
fn empty_onboarding_module_and_page_ask_for_a_title() {
    let site = basic();
    site.write(MODULE, "");
    site.write("content/pages/glossary.md", "");
    let errors = render_root(root(&site)).err();
    assert_error_in(
        &errors,
        &format!("{MODULE}:1:1"),
        &["front matter", "`title`"],
    );
    assert_error_in(
        &errors,
        "content/pages/glossary.md:1:1",
        &["front matter", "`title`"],
    );
}

#[test]
fn file_of_only_front_matter() {
    for (playbook, module) in [
        ("---\ntitle: Only\n---\n", "---\ntitle: Only\n---\n"),
        ("---\ntitle: Only\n---", "---\ntitle: Only\n---"),
        ("---\n---\n", "---\ntitle: Only\n..."),
        ("---\r\ntitle: Only\r\n---", "---\r\ntitle: Only\r\n---\r\n"),
    ] {
        let site = basic_free_playbook();
        site.write(PLAYBOOK, playbook);
        site.write(MODULE, module);
        let out = render_root(root(&site)).ok();
        assert!(page(&out, "onboarding/welcome/index.html").contains("Only"));
    }
}

#[test]
fn empty_front_matter_on_a_module_names_title() {
    let site = basic();
    site.write(MODULE, "---\n---\nbody\n");
    let errors = render_root(root(&site)).err();
    assert_error_in(&errors, MODULE, &["missing required field `title`"]);
}

#[test]
fn unclosed_front_matter_is_an_error() {
    let site = basic();
    site.write(MODULE, "---\ntitle: x\n");
    site.write(PLAYBOOK, "---");
    let errors = render_root(root(&site)).err();
    assert_error_in(&errors, &format!("{MODULE}:1:1"), &["never closed"]);
    assert_error_in(&errors, &format!("{PLAYBOOK}:1:1"), &["never closed"]);
}

#[test]
fn front_matter_that_is_a_list() {
    let site = basic();
    site.write(MODULE, "---\n- title: x\n- phase: week-1\n---\nbody\n");
    site.write(PLAYBOOK, "---\n- a\n---\nbody\n");
    site.write(
        "content/pages/glossary.md",
        "---\njust a string\n---\nbody\n",
    );
    let errors = render_root(root(&site)).err();
    assert_error_in(
        &errors,
        &format!("{MODULE}:2:1"),
        &["wrong type", "expected a mapping", "found sequence"],
    );
    assert_error_in(
        &errors,
        &format!("{PLAYBOOK}:2:1"),
        &["wrong type", "expected a mapping", "found sequence"],
    );
    assert_error_in(
        &errors,
        "content/pages/glossary.md",
        &["expected a mapping", "found string"],
    );
}

#[test]
fn top_level_yaml_that_is_not_a_mapping() {
    let site = basic();
    site.write(SITE, "- title: x\n");
    site.write(ROADMAP, "42\n");
    let errors = render_root(root(&site)).err();
    assert_error_in(
        &errors,
        &format!("{SITE}:1:1"),
        &["expected a mapping", "found sequence"],
    );
    assert_error_in(
        &errors,
        &format!("{ROADMAP}:1:1"),
        &["expected a mapping", "found integer"],
    );
}

#[test]
fn tabs_in_yaml_indentation() {
    let site = basic();
    site.edit(ROADMAP, "    owner: sdr\n", "\towner: sdr\n");
    site.write(
        MODULE,
        "---\ntitle: Welcome\nchecklist:\n\t- one\n---\nbody\n",
    );
    let errors = render_root(root(&site)).err();
    assert_error_in(&errors, &format!("{ROADMAP}:49:1"), &["tab"]);
    assert_error_in(
        &errors,
        &format!("{MODULE}:4:1"),
        &["cannot start any token"],
    );
}

#[test]
fn tabs_in_yaml_indentation_are_named() {
    // In a mapping, libyaml says "found a tab character that violates indentation"; before a
    // list item it says only "found character that cannot start any token", and no hint
    // mentions tabs.
    let site = basic();
    site.write(
        MODULE,
        "---\ntitle: Welcome\nchecklist:\n\t- one\n---\nbody\n",
    );
    let errors = render_root(root(&site)).err();
    assert_error_in(&errors, &format!("{MODULE}:4:1"), &["tab"]);
}

const NUL_PLAYBOOK: &str =
    "## Re\0search\n\nnul \0 in text, `co\0de`, [li\0nk](@/roadmaps/acme/stages/demo.md)\n";

#[test]
fn nul_bytes() {
    let site = basic();
    site.write(PLAYBOOK, NUL_PLAYBOOK);
    // The anchor drops the NUL like any symbol.
    site.edit(
        "content/roadmaps/acme/stages/demo.md",
        "#research",
        "#re-search",
    );
    let out = render_root(root(&site)).ok();
    let html = page(&out, "roadmaps/acme/prospect/index.html");
    assert!(html.contains("<h2 id=\"re-search\">"), "{html}");
    // In YAML, a NUL is not allowed: a clear error.
    let site = basic();
    site.edit(ROADMAP, "name: Demo", "name: De\0mo");
    let errors = render_root(root(&site)).err();
    assert_error_in(&errors, ROADMAP, &["control characters are not allowed"]);
}

#[test]
fn control_character_in_yaml_points_at_its_line() {
    let site = basic();
    site.edit(ROADMAP, "name: Demo", "name: De\0mo");
    let errors = render_root(root(&site)).err();
    assert_error_in(&errors, &format!("{ROADMAP}:59:"), &["control characters"]);
}

#[test]
fn nul_bytes_do_not_reach_the_html() {
    // pulldown-cmark 0.13 passes U+0000 through in text, code spans and headings.
    let site = basic();
    site.write(PLAYBOOK, NUL_PLAYBOOK);
    site.edit(
        "content/roadmaps/acme/stages/demo.md",
        "#research",
        "#re-search",
    );
    let out = render_root(root(&site)).ok();
    for f in &out.files {
        assert!(!f.bytes.contains(&0), "{} contains a NUL byte", f.path);
    }
}

#[test]
fn control_characters_in_names_do_not_reach_the_svg() {
    let site = basic();
    site.edit(ROADMAP, "name: Demo", "name: \"De\\u0001m\\u001fo\\u007f\"");
    let out = render_root(root(&site)).ok();
    let html = page(&out, "roadmaps/acme/index.html");
    // The SVG drops them (XML forbids them); the HTML text keeps them, which browsers
    // tolerate (a parse error in the HTML sense, not a failure).
    let mut rest = html.as_str();
    let mut svgs = 0;
    while let Some(i) = rest.find("<svg") {
        let end = i + rest[i..].find("</svg>").unwrap();
        let svg = &rest[i..end];
        assert!(
            !svg.contains(['\u{1}', '\u{1f}']),
            "control character inside the SVG"
        );
        svgs += 1;
        rest = &rest[end..];
    }
    // The stage diagram's two drawings and the funnel's two (the renamed stage is in both).
    assert_eq!(svgs, 4);
}

#[test]
fn megabyte_long_lines() {
    let site = basic_free_playbook();
    let long = "word ".repeat(200_000); // 1 MB, no newline
    site.write(
        PLAYBOOK,
        &format!("---\ntitle: Long\n---\n{long}[demo](@/roadmaps/acme/stages/demo.md)"),
    );
    site.edit(
        ROADMAP,
        "name: Demo",
        &format!("name: Demo\n    summary: {}", "x".repeat(1 << 20)),
    );
    site.write(
        "content/pages/wide.md",
        &format!(
            "---\ntitle: Wide\n---\n|{}\n|{}\n",
            "a|".repeat(50_000),
            "-|".repeat(50_000)
        ),
    );
    let out = render_root(root(&site)).ok();
    assert!(page(&out, "roadmaps/acme/prospect/index.html").len() > 1_000_000);
    assert!(page(&out, "roadmaps/acme/demo/index.html").len() > 1 << 20);
    assert!(page(&out, "wide/index.html").contains("<table>"));
}

#[test]
fn error_at_the_end_of_a_megabyte_line() {
    let site = basic();
    let long = "需求 ".repeat(100_000); // 100,000 × 3 chars = 300,000 chars, 700 KB
    site.write(PLAYBOOK, &format!("{long}[x](@/pages/nope.md)\n"));
    let root = root(&site);
    // Only the plain form here: the terminal form is the ignored test below.
    let errors: Vec<String> = within(LIMIT, move || match render(&root, None) {
        Ok(_) => panic!("expected an error"),
        Err(f) => f.errors().map(|d| d.to_string()).collect(),
    });
    assert_error_in(
        &errors,
        &format!("{PLAYBOOK}:1:{}", 300_000 + 5),
        &["@/pages/nope.md", "no such file"],
    );
}

#[test]
fn showing_an_error_far_along_a_long_line_does_not_panic() {
    // `stagecraft build` (main.rs) and `serve` print every diagnostic with
    // Diagnostic::render; miette pads the marker line with `{:width$}`, and Rust panics for
    // widths above u16::MAX. 33,000 CJK characters (display width 2 each) are enough.
    let site = basic();
    site.write(
        PLAYBOOK,
        &format!("{}[x](@/pages/nope.md)\n", "需".repeat(33_000)),
    );
    let errors = render_root(root(&site)).err(); // renders each diagnostic
    // The column is the link target's, after `[x](`.
    assert_error_in(&errors, &format!("{PLAYBOOK}:1:33005"), &["no such file"]);
}

#[test]
fn very_long_titles_and_names() {
    let site = basic();
    let long = "Enterprise ".repeat(910); // 10,010 characters
    let cjk = "企业销售".repeat(2500);
    site.write(SITE, &format!("title: \"{long}<x>\"\nlanguage: en\n"));
    site.edit(
        ROADMAP,
        "title: Mid-market <Roadmap> & \"Plan\"",
        &format!("title: {cjk}"),
    );
    site.edit(ROADMAP, "name: Demo", &format!("name: \"{long}\""));
    site.edit(
        ROADMAP,
        "name: Close",
        &format!("name: {}", "W".repeat(10_000)),
    );
    site.edit(ROADMAP, "    name: VP Sales", &format!("    name: {cjk}"));
    site.write(
        MODULE,
        &format!(
            "---\ntitle: {cjk}\nphase: week-{}\n---\nbody\n",
            "9".repeat(10_000)
        ),
    );
    let out = render_root(root(&site)).ok();
    let rm = page(&out, "roadmaps/acme/index.html");
    assert!(rm.contains(&cjk));
    assert!(rm.contains("&lt;x&gt;"));
    // The diagram wraps and shortens long names instead of drawing them whole.
    let svg_start = rm.find("<svg").unwrap();
    let svg = &rm[svg_start..svg_start + rm[svg_start..].find("</svg>").unwrap()];
    assert!(
        svg.contains('…'),
        "a 10,000-character name is shortened in the diagram"
    );
    assert!(svg.len() < 200_000, "diagram is {} bytes", svg.len());
    let broken = broken_links_of(&out);
    assert!(broken.is_empty(), "{broken:?}");
}

// ---------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------

#[test]
fn non_finite_and_out_of_range_rates_and_targets_are_errors() {
    for value in [
        "1e400",
        "-1e400",
        ".nan",
        ".NaN",
        ".inf",
        "-.inf",
        "-0",
        "-0.0",
        "0",
        "1.0000001",
        "1e-400",
    ] {
        let site = basic();
        site.edit(
            ROADMAP,
            "conversion_rate: 0.4",
            &format!("conversion_rate: {value}"),
        );
        let bad_target = value != "1.0000001";
        if bad_target {
            site.edit(ROADMAP, "target: 40\n", &format!("target: {value}\n"));
        }
        let errors = render_root(root(&site)).err();
        assert_error_in(&errors, &format!("{ROADMAP}:62:"), &["conversion_rate"]);
        if bad_target {
            assert_error_in(&errors, &format!("{ROADMAP}:13:"), &["target"]);
        }
        for e in &errors {
            assert!(
                !e.contains("NaN") || e.contains("must be") || e.contains("positive"),
                "{e}"
            );
        }
    }
}

#[test]
fn non_finite_goal_progress_is_an_error() {
    for value in ["1e400", ".nan", "-.inf", "-1"] {
        let site = basic();
        site.edit(ROADMAP, "current: 10", &format!("current: {value}"));
        let errors = render_root(root(&site)).err();
        assert_error_in(&errors, &format!("{ROADMAP}:16:"), &["current"]);
    }
}

#[test]
fn non_finite_kpi_targets_never_print_nan_or_inf() {
    for value in ["1e400", ".nan", "-.inf", "-0"] {
        let site = basic();
        site.edit(ROADMAP, "target: 12,", &format!("target: {value},"));
        site.edit(ROADMAP, "target: 25\n", &format!("target: {value}\n"));
        match render_root(root(&site)) {
            Outcome::Err(errors) => assert_error_in(&errors, ROADMAP, &["target"]),
            Outcome::Ok(out) => {
                for (path, html) in visible_text_of(&out) {
                    for bad in ["NaN", "inf<", ">inf", "-0<", "-0 ", "infinity"] {
                        assert!(
                            !html.contains(bad),
                            "{path} prints {bad:?} for target {value}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn non_finite_kpi_targets_are_errors() {
    // validate::check_roadmap checks goals[].target and stages[].conversion_rate for finite
    // values, but not stages[].kpis[].target or kpis[].target.
    for value in [".nan", ".inf", "-.inf"] {
        let site = basic();
        site.edit(ROADMAP, "target: 12,", &format!("target: {value},"));
        site.edit(ROADMAP, "target: 25\n", &format!("target: {value}\n"));
        let errors = render_root(root(&site)).err();
        assert_error_in(&errors, &format!("{ROADMAP}:57:"), &["target"]);
        assert_error_in(&errors, &format!("{ROADMAP}:70:"), &["target"]);
    }
}

#[test]
fn numbers_that_are_not_numbers_are_type_errors() {
    let site = basic();
    site.edit(ROADMAP, "duration_days: 7", "duration_days: 1e400");
    site.edit(ROADMAP, "duration_days: 14", "duration_days: -3");
    site.edit(ROADMAP, "conversion_rate: 0.25", "conversion_rate: 40%");
    site.edit(MODULE, "answer: 0", "answer: -1");
    let errors = render_root(root(&site)).err();
    assert_error_in(
        &errors,
        &format!("{ROADMAP}:50:20"),
        &["`stages[0].duration_days`", "wrong type", "whole number"],
    );
    assert_error_in(
        &errors,
        &format!("{ROADMAP}:61:20"),
        &["`stages[1].duration_days`", "invalid value", "`-3`"],
    );
    assert_error_in(
        &errors,
        &format!("{ROADMAP}:67:22"),
        &["`stages[2].conversion_rate`", "wrong type", "\"40%\""],
    );
    assert_error_in(
        &errors,
        &format!("{MODULE}:13:13"),
        &["`quiz[0].answer`", "invalid value", "`-1`"],
    );
}

#[test]
fn huge_targets_print_their_value() {
    let site = basic();
    site.edit(ROADMAP, "target: 1200000", "target: 1e20");
    site.edit(ROADMAP, "target: 12,", "target: 3e19,");
    let out = render_root(root(&site)).ok();
    for path in [
        "index.html",
        "roadmaps/acme/index.html",
        "roadmaps/acme/prospect/index.html",
    ] {
        let html = page(&out, path);
        assert!(
            !html.contains("18,446,744,073,709,551,615"),
            "{path} prints u64::MAX"
        );
    }
    assert!(page(&out, "roadmaps/acme/index.html").contains("100,000,000,000,000,000,000"));
}

#[test]
fn impossible_and_odd_dates() {
    let site = basic();
    site.edit(ROADMAP, "updated: 2026-03-01", "updated: 2026-02-30");
    site.edit(
        ROADMAP,
        "review_by: 2026-09-01",
        "review_by: ２０２６-09-01",
    );
    site.edit(
        ROADMAP,
        "deadline: 2026-12-31\n    current",
        "deadline: 99999-12-31\n    current",
    );
    let errors = render_root(root(&site)).err();
    assert_error_in(
        &errors,
        &format!("{ROADMAP}:7:10"),
        &["invalid date `2026-02-30`", "`updated`"],
    );
    assert_error_in(
        &errors,
        &format!("{ROADMAP}:8:12"),
        &["invalid date", "`review_by`"],
    );
    assert_error_in(
        &errors,
        &format!("{ROADMAP}:15:15"),
        &["invalid date `99999-12-31`", "`goals[0].deadline`"],
    );
    // Edge dates that exist build.
    let site = basic();
    site.edit(ROADMAP, "updated: 2026-03-01", "updated: 0000-01-01");
    site.edit(ROADMAP, "review_by: 2026-09-01", "review_by: 2400-02-29");
    render_root(root(&site)).ok();
}

// ---------------------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------------------

#[test]
fn anchors_into_pages_without_markdown_are_checked() {
    // markdown::resolve records anchor links only when the route `has_headings`; for
    // roadmap pages and playbook-less stage pages the anchor is copied as is, so the build
    // succeeds with links that `broken_links` finds dangling.
    let site = basic();
    site.edit(
        "content/pages/glossary.md",
        "Ideal customer profile.",
        "Ideal customer profile. [x](@/roadmaps/acme/roadmap.yaml#no-such-section) \
         [y](@/roadmaps/acme/stages/close.md#nope)",
    );
    match render_root(root(&site)) {
        Outcome::Err(errors) => {
            assert_error_in(&errors, "content/pages/glossary.md", &["#no-such-section"]);
            assert_error_in(&errors, "content/pages/glossary.md", &["#nope"]);
        }
        Outcome::Ok(out) => {
            let broken = broken_links_of(&out);
            panic!("built with dangling anchors:\n{}", broken.join("\n"));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Odd file names and layouts
// ---------------------------------------------------------------------------------------

#[test]
fn odd_file_names_under_content() {
    let site = basic();
    site.write("content/pages/.md", "---\ntitle: dot\n---\n");
    site.write("content/pages/md", "not markdown\n");
    site.write("content/onboarding/.hidden.md", "garbage: [\n");
    site.write("content/roadmaps/acme/stages/nested/deeper.md", "x\n");
    site.write("content/roadmaps/acme/notes.txt", "x\n");
    site.write("content/static/a b/c&d <e>.txt", "static\n");
    site.write("content/unknown.yaml", "x: 1\n");
    // Unclassified files are warnings at most, never a failure or a panic.
    let out = render_root(root(&site)).ok();
    assert!(out.files.iter().any(|f| f.path == "a b/c&d <e>.txt"));
    let broken = broken_links_of(&out);
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn roadmap_folders_with_the_same_url_are_an_error() {
    // validate::check_roadmap only checks that a folder name has a slug; modules and pages
    // are checked for URL collisions, roadmaps are not. The build succeeds, the file list
    // holds every roadmap page twice, and the home page links both roadmaps to one page.
    let site = basic();
    let yaml = std::fs::read_to_string(site.root().join(ROADMAP)).unwrap();
    site.write(
        "content/roadmaps/Acme/roadmap.yaml",
        &yaml.replace("title: Mid-market <Roadmap> & \"Plan\"", "title: Second"),
    );
    match render_root(root(&site)) {
        Outcome::Err(errors) => {
            assert_error_in(&errors, "content/roadmaps/acme/roadmap.yaml", &["same URL"]);
        }
        Outcome::Ok(out) => {
            let mut paths: Vec<&str> = out.files.iter().map(|f| f.path.as_str()).collect();
            paths.sort_unstable();
            let dups: Vec<&&str> = paths
                .windows(2)
                .filter(|w| w[0] == w[1])
                .map(|w| &w[0])
                .collect();
            panic!("built, with these output files written twice: {dups:?}");
        }
    }
}

#[test]
fn page_named_like_a_reserved_path_is_an_error() {
    let site = basic();
    site.write("content/pages/Roadmaps.md", "---\ntitle: R\n---\n");
    site.write("content/pages/index.html.md", "---\ntitle: I\n---\n");
    match render_root(root(&site)) {
        Outcome::Err(errors) => assert_error_in(&errors, "content/pages/Roadmaps.md", &["address"]),
        Outcome::Ok(_) => panic!("a page called Roadmaps takes the roadmaps/ address"),
    }
}

#[test]
fn symlink_loop_in_content_is_reported_not_followed() {
    let site = basic();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            site.root().join("content"),
            site.root().join("content/static/loop"),
        )
        .unwrap();
        std::os::unix::fs::symlink(
            "/nonexistent/target",
            site.root().join("content/pages/dangling.md"),
        )
        .unwrap();
    }
    match render_root(root(&site)) {
        Outcome::Ok(_) => {}
        Outcome::Err(errors) => {
            assert!(
                errors.iter().all(|e| e.starts_with("content/")),
                "{errors:?}"
            );
        }
    }
}

#[test]
fn no_content_folder() {
    let site = blank();
    let errors = render_root(root(&site)).err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("no `content/` folder"), "{errors:?}");
}

#[test]
fn site_with_only_site_yaml() {
    let site = blank();
    site.write(SITE, "title: Alone\n");
    let out = render_root(root(&site)).ok();
    assert!(out.files.iter().any(|f| f.path == "index.html"));
    assert!(broken_links_of(&out).is_empty());
}

const HISTORY: &str = "content/roadmaps/acme/history.csv";

#[test]
fn history_csv_in_crlf_with_a_bom_reads_like_plain_text() {
    let site = basic();
    site.write_bytes(
        HISTORY,
        b"\xEF\xBB\xBFperiod,stage,entered,won_value,days\r\n2026-04,prospect,40,,7\r\n2026-04,demo,18,,\r\n\r\n2026-04,close,5,120.5,30\r\n",
    );
    let built = render_root(root(&site)).ok();
    let review = page(&built, "roadmaps/acme/review.html");
    assert!(review.contains("45%"), "demo ← prospect: 18 / 40");
}

#[test]
fn hostile_history_csv_fails_with_placed_errors_and_never_panics() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "not UTF-8",
            b"period,stage,entered\n2026-04,\xff\xfe,1\n".to_vec(),
            "not valid UTF-8",
        ),
        (
            "an unclosed quote",
            b"period,stage,entered\n\"2026-04,prospect,1\n".to_vec(),
            "is not a period",
        ),
        (
            "infinity",
            b"period,stage,entered\n2026-04,prospect,inf\n".to_vec(),
            "must be a number",
        ),
        (
            "NaN",
            b"period,stage,entered\n2026-04,prospect,NaN\n".to_vec(),
            "must be a number",
        ),
        (
            "a header only of commas",
            b",,,\n".to_vec(),
            "history.csv is empty",
        ),
        (
            "a 100,000-character cell",
            format!("period,stage,entered\n2026-04,{},1\n", "x".repeat(100_000)).into_bytes(),
            "is not a stage of roadmap `acme`",
        ),
        (
            "only comments",
            b"# nothing yet\n".to_vec(),
            "history.csv is empty",
        ),
    ];
    for (what, bytes, words) in cases {
        let site = basic();
        site.write_bytes(HISTORY, &bytes);
        let errors = render_root(root(&site)).err();
        assert_error_in(&errors, HISTORY, &[words]);
        assert!(
            errors.iter().all(|e| !e.contains("panicked")),
            "{what}: {errors:?}"
        );
    }
}

#[test]
fn ten_thousand_history_rows_build_quickly() {
    let site = basic();
    let mut csv = String::from("period,stage,entered,days\n");
    for y in 0..834 {
        for m in 1..=12 {
            for (stage, n) in [("prospect", 100), ("demo", 40), ("close", 10)] {
                let _ = writeln!(csv, "{:04}-{m:02},{stage},{n},5", 1200 + y);
            }
        }
    }
    site.write(HISTORY, &csv);
    let started = Instant::now();
    let built = render_root(root(&site)).ok();
    assert!(page(&built, "roadmaps/acme/review.html").contains("40%"));
    assert!(started.elapsed() < LIMIT);
}
