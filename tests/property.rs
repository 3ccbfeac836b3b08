//! Property tests: random valid sites always build, with every internal link resolving and
//! every name escaped; arbitrary bytes in a source file never panic the loader.
//!
//! Generated sites use ids that are already slugs (ASCII and CJK), names mixing ASCII, CJK,
//! emoji and `<>&"'`, owners among the declared roles, conversion rates in (0, 1], onboarding
//! modules that cover existing stages, and Markdown bodies with `@/` links to existing
//! sources (with anchors only to headings that exist). Every name may carry the marker
//! `<zq>`, and the site title always does: the output must show it as `&lt;zq&gt;` and never
//! raw.

mod common;

use proptest::prelude::*;
use proptest::test_runner::Config;
use stagecraft::build::render;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

const MARK: &str = "<zq>";

/// Runs `f` on its own thread; fails if it takes longer than 20 s, re-raises its panic.
fn within<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(v) => {
            handle.join().unwrap();
            v
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("hang: the case took more than 20 s"),
        Err(mpsc::RecvTimeoutError::Disconnected) => match handle.join() {
            Err(p) => std::panic::resume_unwind(p),
            Ok(()) => unreachable!(),
        },
    }
}

/// `cases` by default; `PROPTEST_CASES=1000 cargo test --test property` for a longer run.
fn config(cases: u32) -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(cases),
        // Keep failures in the output only: no regression files beside the tests.
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------
// The generated site
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct GenSite {
    title: String,
    english: bool,
    base_url: bool,
    roadmaps: Vec<GenRoadmap>,
    modules: Vec<GenModule>,
    pages: Vec<GenPage>,
}

#[derive(Debug, Clone)]
struct GenRoadmap {
    slug: String,
    title: String,
    summary: Option<String>,
    roles: Vec<String>,
    segments: Vec<String>,
    goals: Vec<(u32, Option<u32>, String)>,
    kpis: Vec<(String, Option<u32>)>,
    stages: Vec<GenStage>,
}

#[derive(Debug, Clone)]
struct GenStage {
    id: String,
    name: String,
    owner: usize,
    /// Thousandths, 1..=1000.
    rate: Option<u32>,
    days: Option<u16>,
    activities: Vec<String>,
    playbook: Option<GenPlaybook>,
}

#[derive(Debug, Clone)]
struct GenPlaybook {
    title: Option<String>,
    verified_by: Option<String>,
    segments: Vec<usize>,
    body: Vec<Block>,
}

#[derive(Debug, Clone)]
struct GenModule {
    slug: String,
    title: String,
    phase: Option<usize>,
    order: Option<u8>,
    stages: Vec<(usize, usize)>,
    checklist: Vec<String>,
    quiz: Vec<(Vec<String>, usize)>,
    body: Vec<Block>,
}

#[derive(Debug, Clone)]
struct GenPage {
    slug: String,
    title: String,
    order: Option<u8>,
    body: Vec<Block>,
}

/// A link to some source, chosen by index among the site's sources when written.
#[derive(Debug, Clone, Copy)]
struct LinkRef {
    target: usize,
    anchor: u8,
}

#[derive(Debug, Clone)]
enum Block {
    Para(Vec<Inline>),
    Heading(u8, Vec<Inline>),
    List(bool, Vec<Vec<Inline>>),
    Nested(usize),
    Tasks(Vec<bool>),
    Table(usize, usize),
    Code(String),
    Quote(Vec<Inline>),
    Footnote(u8),
    Rule,
}

#[derive(Debug, Clone)]
enum Inline {
    Text(&'static str),
    Link(LinkRef, &'static str),
    SelfAnchor(u8),
    Image,
}

const NAME_PARTS: &[&str] = &[
    "Prospect",
    "Close",
    "需求分析",
    "签约",
    "🚀",
    "👩‍💼",
    MARK,
    "&",
    "\"q\"",
    "'s",
    "Ünïcödé",
    "a<b",
    "x>y",
    "&amp;",
    "—",
    "Win & <grow>",
    "商务谈判",
    "Ω",
    "%20",
    "{{ title }}",
    "{% raw %}",
];

const TEXT_PARTS: &[&str] = &[
    "Plain words about the deal.",
    "**bold move**",
    "*careful*",
    "`code <zq> & y`",
    "~~old rule~~",
    "a < b & c > d",
    "\"quotes\" and 'single'",
    "需求分析很重要。",
    "🚀🎉 emoji",
    "Ünïcödé Straße",
    "hard  \nbreak",
    "<https://example.com/external>",
    "[outside](https://example.com/a?b=1&c=2)",
    "{{ not_a_template }} {% if x %}",
    "&amp; &lt;entity&gt; &copy;",
    "\\*escaped\\*",
    "trailing backslash\\",
];

fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(NAME_PARTS), 1..4).prop_map(|p| p.join(" "))
}

fn names(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(name(), 0..=max)
}

/// Ids that are already slugs, so that distinct ids give distinct URLs.
fn id() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,3})?",
        1 => "[需求分析报价谈判签约]{1,3}(-[a-z0-9]{1,2})?",
    ]
}

fn ids(range: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Vec<String>> {
    prop::collection::btree_set(id(), range).prop_map(|s| s.into_iter().collect())
}

fn link_ref() -> impl Strategy<Value = LinkRef> {
    (any::<usize>(), any::<u8>()).prop_map(|(target, anchor)| LinkRef { target, anchor })
}

fn inline() -> impl Strategy<Value = Inline> {
    prop_oneof![
        4 => prop::sample::select(TEXT_PARTS).prop_map(Inline::Text),
        3 => (link_ref(), prop::sample::select(&["link", "链接 🚀", "a & b", "`code`"][..]))
            .prop_map(|(l, t)| Inline::Link(l, t)),
        1 => any::<u8>().prop_map(Inline::SelfAnchor),
        1 => Just(Inline::Image),
    ]
}

fn inlines() -> impl Strategy<Value = Vec<Inline>> {
    prop::collection::vec(inline(), 1..5)
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        4 => inlines().prop_map(Block::Para),
        2 => (2u8..=4, inlines()).prop_map(|(l, t)| Block::Heading(l, t)),
        2 => (any::<bool>(), prop::collection::vec(inlines(), 1..4)).prop_map(|(o, i)| Block::List(o, i)),
        1 => (1usize..12).prop_map(Block::Nested),
        1 => prop::collection::vec(any::<bool>(), 1..4).prop_map(Block::Tasks),
        1 => (1usize..5, 0usize..4).prop_map(|(c, r)| Block::Table(c, r)),
        1 => prop::sample::select(&["let x = a < b && c > d;", "<zq> & \"q\"", "需求\n分析", ""][..])
            .prop_map(|s| Block::Code(s.to_string())),
        1 => inlines().prop_map(Block::Quote),
        1 => any::<u8>().prop_map(Block::Footnote),
        1 => Just(Block::Rule),
    ]
}

fn body() -> impl Strategy<Value = Vec<Block>> {
    prop::collection::vec(block(), 0..8)
}

fn playbook() -> impl Strategy<Value = GenPlaybook> {
    (
        prop::option::of(name()),
        prop::option::of(name()),
        prop::collection::vec(any::<usize>(), 0..3),
        body(),
    )
        .prop_map(|(title, verified_by, segments, body)| GenPlaybook {
            title,
            verified_by,
            segments,
            body,
        })
}

fn stage(id: String) -> impl Strategy<Value = GenStage> {
    (
        name(),
        any::<usize>(),
        prop::option::of(1u32..=1000),
        prop::option::of(1u16..400),
        names(3),
        prop::option::weighted(0.6, playbook()),
    )
        .prop_map(
            move |(name, owner, rate, days, activities, playbook)| GenStage {
                id: id.clone(),
                name,
                owner,
                rate,
                days,
                activities,
                playbook,
            },
        )
}

fn roadmap(slug: String) -> impl Strategy<Value = GenRoadmap> {
    (
        name(),
        prop::option::of(name()),
        prop::collection::vec(name(), 1..4),
        names(3),
        prop::collection::vec(
            (1u32..1_000_000, prop::option::of(0u32..2_000_000), name()),
            0..3,
        ),
        prop::collection::vec((name(), prop::option::of(0u32..1000)), 0..3),
        ids(1..=15).prop_flat_map(|ids| ids.into_iter().map(stage).collect::<Vec<_>>()),
    )
        .prop_map(
            move |(title, summary, roles, segments, goals, kpis, stages)| GenRoadmap {
                slug: slug.clone(),
                title,
                summary,
                roles,
                segments,
                goals,
                kpis,
                stages,
            },
        )
}

/// The items of `list` whose text (by `key`, whitespace runs counted as one) is new.
fn distinct<T>(list: Vec<T>, key: impl Fn(&T) -> &String) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    list.into_iter()
        .filter(|x| seen.insert(key(x).split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect()
}

fn module(slug: String) -> impl Strategy<Value = GenModule> {
    (
        name(),
        prop::option::of(0usize..4),
        prop::option::of(any::<u8>()),
        prop::collection::vec((any::<usize>(), any::<usize>()), 0..4),
        names(3),
        prop::collection::vec((prop::collection::vec(name(), 2..5), any::<usize>()), 0..3),
        body(),
    )
        .prop_map(
            move |(title, phase, order, stages, checklist, quiz, body)| GenModule {
                // Progress is saved by item and question, so a module never repeats one.
                checklist: distinct(checklist, |c| c),
                quiz: distinct(quiz, |(options, _)| &options[0]),
                slug: slug.clone(),
                title,
                phase,
                order,
                stages,
                body,
            },
        )
}

fn page(slug: String) -> impl Strategy<Value = GenPage> {
    (name(), prop::option::of(any::<u8>()), body()).prop_map(move |(title, order, body)| GenPage {
        slug: format!("pg-{slug}"),
        title,
        order,
        body,
    })
}

fn site() -> impl Strategy<Value = GenSite> {
    (
        name(),
        any::<bool>(),
        any::<bool>(),
        ids(1..=4).prop_flat_map(|ids| ids.into_iter().map(roadmap).collect::<Vec<_>>()),
        ids(0..=4).prop_flat_map(|ids| ids.into_iter().map(module).collect::<Vec<_>>()),
        ids(0..=3).prop_flat_map(|ids| ids.into_iter().map(page).collect::<Vec<_>>()),
    )
        .prop_map(
            |(title, english, base_url, roadmaps, modules, pages)| GenSite {
                title: format!("{title} {MARK}"),
                english,
                base_url,
                roadmaps,
                modules,
                pages,
            },
        )
}

// ---------------------------------------------------------------------------------------
// Writing it out
// ---------------------------------------------------------------------------------------

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// A `@/` source that links can name, and whether its page has the generated headings.
struct Target {
    source: String,
    has_headings: bool,
}

fn targets(site: &GenSite) -> Vec<Target> {
    let mut out = Vec::new();
    for rm in &site.roadmaps {
        out.push(Target {
            source: format!("roadmaps/{}/roadmap.yaml", rm.slug),
            has_headings: false,
        });
        for st in &rm.stages {
            out.push(Target {
                source: format!("roadmaps/{}/stages/{}.md", rm.slug, st.id),
                has_headings: st.playbook.is_some(),
            });
        }
    }
    for m in &site.modules {
        out.push(Target {
            source: format!("onboarding/{}.md", m.slug),
            has_headings: true,
        });
    }
    for p in &site.pages {
        out.push(Target {
            source: format!("pages/{}.md", p.slug),
            has_headings: true,
        });
    }
    out
}

/// Every generated body starts with these two headings, so anchors to them always resolve.
const HEADINGS: &str = "## Overview\n\n## 概述 🚀\n\n";
const ANCHORS: &[&str] = &["overview", "概述"];

fn write_inlines(out: &mut String, inl: &[Inline], targets: &[Target]) {
    for (i, x) in inl.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match x {
            Inline::Text(t) => out.push_str(t),
            Inline::Link(l, text) => {
                let t = &targets[l.target % targets.len()];
                let anchor = match l.anchor % 3 {
                    1 | 2 if t.has_headings => {
                        format!("#{}", ANCHORS[usize::from(l.anchor % 3 - 1)])
                    }
                    _ => String::new(),
                };
                write!(out, "[{text}](@/{}{anchor})", t.source).unwrap();
            }
            Inline::SelfAnchor(a) => {
                write!(out, "[here](#{})", ANCHORS[usize::from(*a) % 2]).unwrap();
            }
            Inline::Image => out.push_str("![logo <zq>](@/static/img/logo.svg)"),
        }
    }
}

fn write_body(blocks: &[Block], targets: &[Target]) -> String {
    let mut out = String::from(HEADINGS);
    for b in blocks {
        match b {
            Block::Para(i) => write_inlines(&mut out, i, targets),
            Block::Heading(level, i) => {
                out.push_str(&"#".repeat(usize::from(*level)));
                out.push(' ');
                // Headings hold one line: keep hard breaks out of them.
                let mut line = String::new();
                write_inlines(&mut line, i, targets);
                out.push_str(&line.replace("  \n", " ").replace('\\', ""));
            }
            Block::List(ordered, items) => {
                for (n, item) in items.iter().enumerate() {
                    if *ordered {
                        write!(out, "{}. ", n + 1).unwrap();
                    } else {
                        out.push_str("- ");
                    }
                    let mut line = String::new();
                    write_inlines(&mut line, item, targets);
                    out.push_str(&line.replace("  \n", " "));
                    out.push('\n');
                }
            }
            Block::Nested(depth) => {
                for d in 0..*depth {
                    writeln!(out, "{}- level {d}", "  ".repeat(d)).unwrap();
                }
            }
            Block::Tasks(done) => {
                for (n, d) in done.iter().enumerate() {
                    writeln!(out, "- [{}] task {n}", if *d { "x" } else { " " }).unwrap();
                }
            }
            Block::Table(cols, rows) => {
                let row = |cell: &str| format!("|{}\n", format!(" {cell} |").repeat(*cols));
                out.push_str(&row("Head & <b>"));
                out.push_str(&row("---"));
                for r in 0..*rows {
                    out.push_str(&row(&format!("cell {r} 需求")));
                }
            }
            Block::Code(code) => write!(out, "```text\n{code}\n```").unwrap(),
            Block::Quote(i) => {
                out.push_str("> ");
                let mut line = String::new();
                write_inlines(&mut line, i, targets);
                out.push_str(&line.replace('\n', "\n> "));
            }
            Block::Footnote(n) => write!(out, "Claim[^f{n}].\n\n[^f{n}]: Source {n}.").unwrap(),
            Block::Rule => out.push_str("---"),
        }
        out.push_str("\n\n");
    }
    out
}

fn stage_refs(site: &GenSite, picks: &[(usize, usize)]) -> Vec<String> {
    let mut out = Vec::new();
    for (r, s) in picks {
        let rm = &site.roadmaps[r % site.roadmaps.len()];
        out.push(format!("{}/{}", rm.slug, rm.stages[s % rm.stages.len()].id));
    }
    out.dedup();
    out
}

fn yaml_list(out: &mut String, key: &str, items: &[String]) {
    if !items.is_empty() {
        writeln!(
            out,
            "{key}: [{}]",
            items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
        )
        .unwrap();
    }
}

/// Writes the site's `content/` under `root`.
fn write_site(site: &GenSite, root: &Path) {
    let content = root.join("content");
    let put = |rel: &str, text: &str| {
        let p = content.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    let targets = targets(site);
    let mut y = format!(
        "title: {}\ndescription: {}\nlanguage: {}\n",
        q(&site.title),
        q(&format!("About {MARK} & more")),
        if site.english { "en" } else { "zh-CN" }
    );
    if site.base_url {
        y.push_str("base_url: https://intranet.example.com/销售/roadmap/\n");
    }
    put("site.yaml", &y);
    put(
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>",
    );

    for rm in &site.roadmaps {
        let mut y = format!("title: {}\n", q(&rm.title));
        if let Some(s) = &rm.summary {
            writeln!(y, "summary: {}", q(s)).unwrap();
        }
        y.push_str("owner: r0\nupdated: 2026-01-15\n");
        if !rm.goals.is_empty() {
            y.push_str("goals:\n");
            for (i, (target, current, label)) in rm.goals.iter().enumerate() {
                writeln!(y, "  - id: g{i}\n    label: {}\n    metric: revenue\n    target: {target}\n    deadline: 2027-06-30", q(label)).unwrap();
                if let Some(c) = current {
                    writeln!(y, "    current: {c}").unwrap();
                }
            }
        }
        if !rm.segments.is_empty() {
            y.push_str("segments:\n");
            for (i, s) in rm.segments.iter().enumerate() {
                writeln!(y, "  - {{id: s{i}, name: {}, criteria: {}}}", q(s), q(s)).unwrap();
            }
        }
        writeln!(
            y,
            "strategy:\n  pricing: {}\nmarket:\n  trends: [{}]\n  competitors:\n    - {{name: {}}}",
            q(&rm.title),
            q(&rm.title),
            q(&rm.title)
        )
        .unwrap();
        y.push_str("roles:\n");
        for (i, r) in rm.roles.iter().enumerate() {
            writeln!(y, "  - id: r{i}\n    name: {}", q(r)).unwrap();
        }
        y.push_str("stages:\n");
        for st in &rm.stages {
            writeln!(
                y,
                "  - id: {}\n    name: {}\n    owner: r{}",
                q(&st.id),
                q(&st.name),
                st.owner % rm.roles.len()
            )
            .unwrap();
            if let Some(r) = st.rate {
                writeln!(y, "    conversion_rate: {}", f64::from(r) / 1000.0).unwrap();
            }
            if let Some(d) = st.days {
                writeln!(y, "    duration_days: {d}").unwrap();
            }
            if !st.activities.is_empty() {
                y.push_str("    activities:\n");
                for a in &st.activities {
                    writeln!(y, "      - {}", q(a)).unwrap();
                }
            }
            writeln!(
                y,
                "    kpis: [{{name: {}, target: 3, unit: {}}}]",
                q(&st.name),
                q(&st.name)
            )
            .unwrap();
        }
        if !rm.kpis.is_empty() {
            y.push_str("kpis:\n");
            for (name, target) in &rm.kpis {
                writeln!(y, "  - name: {}", q(name)).unwrap();
                if let Some(t) = target {
                    writeln!(y, "    target: {t}").unwrap();
                }
            }
        }
        put(&format!("roadmaps/{}/roadmap.yaml", rm.slug), &y);

        for st in &rm.stages {
            let Some(pb) = &st.playbook else { continue };
            let mut f = String::from("---\n");
            if let Some(t) = &pb.title {
                writeln!(f, "title: {}", q(t)).unwrap();
            }
            if let Some(v) = &pb.verified_by {
                writeln!(f, "verified_by: {}", q(v)).unwrap();
            }
            if !rm.segments.is_empty() {
                let segs: BTreeSet<String> = pb
                    .segments
                    .iter()
                    .map(|s| format!("s{}", s % rm.segments.len()))
                    .collect();
                yaml_list(&mut f, "segments", &segs.into_iter().collect::<Vec<_>>());
            }
            f.push_str("updated: 2026-01-20\n---\n");
            f.push_str(&write_body(&pb.body, &targets));
            put(&format!("roadmaps/{}/stages/{}.md", rm.slug, st.id), &f);
        }
    }

    for m in &site.modules {
        let mut f = format!("---\ntitle: {}\n", q(&m.title));
        if let Some(p) = m.phase {
            writeln!(f, "phase: {}", ["week-1", "week-2", "month-2", "第一周"][p]).unwrap();
        }
        if let Some(o) = m.order {
            writeln!(f, "order: {o}").unwrap();
        }
        writeln!(f, "duration: {}", q(&format!("2 天 {MARK}"))).unwrap();
        yaml_list(&mut f, "stages", &stage_refs(site, &m.stages));
        yaml_list(&mut f, "checklist", &m.checklist);
        if !m.quiz.is_empty() {
            f.push_str("quiz:\n");
            for (options, answer) in &m.quiz {
                writeln!(f, "  - q: {}", q(&options[0])).unwrap();
                yaml_list(&mut f, "    options", options);
                writeln!(f, "    answer: {}", answer % options.len()).unwrap();
            }
        }
        f.push_str("---\n");
        f.push_str(&write_body(&m.body, &targets));
        put(&format!("onboarding/{}.md", m.slug), &f);
    }

    for p in &site.pages {
        let mut f = format!(
            "---\ntitle: {}\ndescription: {}\n",
            q(&p.title),
            q(&p.title)
        );
        if let Some(o) = p.order {
            writeln!(f, "order: {o}").unwrap();
        }
        f.push_str("---\n");
        f.push_str(&write_body(&p.body, &targets));
        put(&format!("pages/{}.md", p.slug), &f);
    }
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

fn check_site(site: GenSite) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    write_site(&site, dir.path());
    let root = dir.path().to_path_buf();
    let written = common::TestSite { dir };
    let stages: usize = site.roadmaps.iter().map(|r| r.stages.len()).sum();

    let rendered = within({
        let root = root.clone();
        move || render(&root, None)
    });
    let rendered = match rendered {
        Ok(r) => r,
        Err(f) => {
            return Err(TestCaseError::fail(format!(
                "a valid site failed to build:\n{}",
                f.diagnostics
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )));
        }
    };
    let mut marked = 0;
    for f in &rendered.files {
        let Ok(text) = std::str::from_utf8(&f.bytes) else {
            continue;
        };
        prop_assert!(!text.contains(MARK), "{} shows {MARK} unescaped", f.path);
        prop_assert!(
            !text.contains("&amp;lt;zq"),
            "{} escapes {MARK} twice",
            f.path
        );
        if f.path.ends_with(".html") {
            marked += usize::from(text.contains("&lt;zq&gt;"));
        }
    }
    let pages = rendered
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .count();
    prop_assert!(marked > 0, "no page shows the site title's marker");
    let views: usize = site
        .roadmaps
        .iter()
        .map(|r| r.roles.len() + r.segments.len())
        .sum();
    prop_assert_eq!(
        pages,
        4 + 2 * site.roadmaps.len() + stages + views + site.modules.len() + site.pages.len(),
        "two pages per roadmap (and its summary), one per stage, role, segment, module and page, plus home, onboarding, 404, what's new"
    );

    // Written to disk by `build` (through the shared helper, which follows its options).
    let output = written.output();
    let (written, report) = within(move || {
        let r = written
            .build()
            .map(|r| r.pages)
            .map_err(|f| f.diagnostics.len());
        (written, r)
    });
    prop_assert_eq!(report, Ok(pages));
    let broken = common::broken_links(&output);
    drop(written);
    prop_assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    Ok(())
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn random_valid_sites_build_with_working_links_and_escaped_names(site in site()) {
        check_site(site)?;
    }
}

/// One site, written once per test process; each case overwrites one of its files.
fn fixture_with(rel: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let site = common::TestSite::fixture("basic");
    site.write_bytes(rel, bytes);
    let root = site.root().to_path_buf();
    let outcome = within(move || match render(&root, None) {
        Ok(_) => Ok(()),
        Err(f) => {
            // Showing the problems must not panic either.
            for d in &f.diagnostics {
                let _ = d.render(false);
                let _ = d.to_string();
            }
            Err(f.diagnostics.len())
        }
    });
    if let Err(n) = outcome {
        prop_assert!(n > 0, "a failed build reports at least one problem");
    }
    Ok(())
}

/// Bytes that look like a source file: front matter, YAML-ish and Markdown-ish lines, and
/// some bytes that are not UTF-8.
fn source_like_bytes() -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        Just("---".to_string()),
        Just("...".to_string()),
        "[a-z_]{1,12}: [^\\n]{0,20}",
        "  - [^\\n]{0,20}",
        "#{1,7} [^\\n]{0,20}",
        "\\[[^\\]\\n]{0,8}\\]\\(@/[a-z/._#-]{0,30}\\)",
        "[|*_`>~\\-\\[\\]()!#{}:\"'\\\\ a-z]{0,30}",
        "\\PC{0,20}",
    ];
    (
        prop::collection::vec(line, 0..20),
        prop::collection::vec(any::<u8>(), 0..4),
        any::<bool>(),
    )
        .prop_map(|(lines, junk, crlf)| {
            let mut s = lines.join(if crlf { "\r\n" } else { "\n" }).into_bytes();
            if !junk.is_empty() {
                let at = junk[0] as usize % (s.len() + 1);
                s.splice(at..at, junk);
            }
            s
        })
}

const FILES: &[&str] = &[
    "content/roadmaps/acme/stages/prospect.md",
    "content/roadmaps/acme/stages/prospect.md",
    "content/roadmaps/acme/roadmap.yaml",
    "content/site.yaml",
    "content/onboarding/welcome.md",
    "content/pages/glossary.md",
];

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn arbitrary_bytes_in_a_playbook_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        fixture_with("content/roadmaps/acme/stages/prospect.md", &bytes)?;
    }

    #[test]
    fn source_like_bytes_in_any_source_never_panic(
        file in prop::sample::select(FILES),
        bytes in source_like_bytes(),
    ) {
        fixture_with(file, &bytes)?;
    }
}
