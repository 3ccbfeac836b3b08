//! Building valid sites: every page of the contract exists, shows its content, escapes what
//! authors wrote, and links only to files that exist.

mod common;

use common::{TestSite, broken_links, file_list};

/// The whole HTML tag that contains `attr`.
fn tag_with<'a>(html: &'a str, attr: &str) -> &'a str {
    let at = html
        .find(attr)
        .unwrap_or_else(|| panic!("no tag with {attr}"));
    let start = html[..at].rfind('<').unwrap();
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}

#[test]
fn every_contract_page_is_written() {
    let site = TestSite::fixture("basic");
    let report = site.build_ok();
    let files = file_list(&site.output());
    for expected in [
        "index.html",
        "roadmaps/acme/index.html",
        "roadmaps/acme/summary.html",
        "roadmaps/acme/prospect/index.html",
        "roadmaps/acme/demo/index.html",
        "roadmaps/acme/close/index.html",
        "onboarding/index.html",
        "onboarding/welcome/index.html",
        "onboarding/demo-skills/index.html",
        "glossary/index.html",
        "404.html",
        "sitemap.xml",
        "img/logo.svg",
        "assets/style.css",
    ] {
        assert!(
            files.contains(expected),
            "missing {expected}; have {files:?}"
        );
    }
    assert_eq!(report.pages, 11);
}

#[test]
fn every_internal_link_resolves() {
    for fixture in ["basic", "sample"] {
        let site = TestSite::fixture(fixture);
        site.build_ok();
        let broken = broken_links(&site.output());
        assert!(
            broken.is_empty(),
            "{fixture}: broken links:\n{}",
            broken.join("\n")
        );
    }
}

#[test]
fn home_lists_roadmaps_goals_and_onboarding() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let home = site.page("index.html");
    assert!(home.contains("href=\"roadmaps/acme/index.html\""));
    assert!(home.contains("Test site written to the content contract"));
    assert!(home.contains("New ARR"));
    assert!(home.contains("1,200,000"));
    assert!(home.contains("href=\"onboarding/index.html\""));
    assert!(home.contains("<html lang=\"en\">"));
}

#[test]
fn roadmap_page_has_diagram_goals_and_stage_table() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let page = site.page("roadmaps/acme/index.html");
    // Diagram nodes link to the playbooks, in stage order.
    let first = page.find("href=\"prospect/index.html\"").expect("node 1");
    let second = page[first..]
        .find("href=\"demo/index.html\"")
        .expect("node 2 after node 1")
        + first;
    assert!(
        page[second..].contains("href=\"close/index.html\""),
        "node 3 after node 2"
    );
    assert!(page.contains("<svg"));
    // Goals with progress, deadline, units.
    assert!(page.contains("2026-12-31"));
    assert!(page.contains("width: 25%"), "10 of 40 customers is 25%");
    // Stage facts in the table.
    assert!(page.contains("Account Executive &lt;AE&gt;"));
    assert!(page.contains("Meeting booked"));
    assert!(page.contains("Meetings per week"));
    assert!(
        page.contains("50%"),
        "conversion rate shown as a percentage"
    );
    // Market, segments, strategy, KPIs.
    for text in [
        "Globex",
        "Small business",
        "Per seat, annual.",
        "Win rate",
        "Second paragraph of the summary.",
    ] {
        assert!(page.contains(text), "missing {text}");
    }
}

#[test]
fn roadmap_summary_shows_goals_and_every_stage_in_order() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let roadmap = site.page("roadmaps/acme/index.html");
    assert!(
        roadmap.contains("href=\"../../roadmaps/acme/summary.html\""),
        "the roadmap page links its summary"
    );
    assert!(roadmap.contains("Print the one-page summary"));
    let page = site.page("roadmaps/acme/summary.html");
    assert!(
        page.contains(
            "<title>Mid-market &lt;Roadmap&gt; &amp; &quot;Plan&quot; · One-page summary"
        )
    );
    // Goals: target, progress and deadline, escaped.
    for text in [
        "New logos &lt;signed&gt; &amp; &quot;counted&quot;",
        "<strong>10</strong> / <span class=\"wall-goal-target\">40</span>",
        "width: 25%",
        "2026-12-31",
        "New ARR",
        "1,200,000",
    ] {
        assert!(page.contains(text), "summary goals miss {text}");
    }
    // Stages in order, each with owner, facts, exit criteria and KPIs; not the details
    // that only the playbooks carry.
    let stages: Vec<&str> = page.split("<li class=\"wall-stage\">").skip(1).collect();
    assert_eq!(stages.len(), 3);
    for (stage, texts) in stages.iter().zip([
        &[
            "Prospect &amp; &lt;qualify&gt;",
            "Sales Development Rep",
            "7 days",
            "50%",
            "Meeting booked",
            "Meetings per week",
            "12 meetings",
            "href=\"../../roadmaps/acme/prospect/index.html\"",
        ][..],
        &["Demo", "Account Executive &lt;AE&gt;", "Champion confirmed"][..],
        &["Close", "Account Executive &lt;AE&gt;", "25%"][..],
    ]) {
        for text in texts {
            assert!(stage.contains(text), "stage misses {text}: {stage}");
        }
    }
    assert!(
        !page.contains("Account matches the ICP"),
        "entry criteria stay in the playbook"
    );
    assert!(
        !page.contains("Wrong persona"),
        "risks stay in the playbook"
    );
    assert!(page.contains("Win rate"), "the roadmap's KPIs");
    assert!(page.contains("--cols: 3"), "three stages, three columns");
}

#[test]
fn playbook_page_shows_stage_facts_body_and_neighbours() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let page = site.page("roadmaps/acme/prospect/index.html");
    assert!(page.contains("<h1>Prospecting playbook</h1>"));
    assert!(page.contains("Sales Development Rep"));
    assert!(page.contains("Account matches the ICP"));
    assert!(page.contains("Wrong persona"));
    assert!(
        page.contains("href=\"../demo/index.html\""),
        "@/ link to a stage, made relative"
    );
    assert!(
        page.contains("href=\"../index.html\""),
        "@/ link to roadmap.yaml"
    );
    assert!(page.contains("href=\"../../../glossary/index.html#icp\""));
    assert!(page.contains("src=\"../../../img/logo.svg\""));
    assert!(
        page.contains("href=\"../../../onboarding/welcome/index.html\""),
        "module covering the stage is linked"
    );
    assert!(tag_with(&page, "rel=\"next\"").contains("roadmaps/acme/demo/index.html\""));
    assert!(
        !page.contains("rel=\"prev\""),
        "first stage has no previous"
    );
    assert!(
        page.contains("aria-current=\"step\""),
        "current stage highlighted in the small diagram"
    );
    assert!(
        page.contains("id=\"research-1\""),
        "repeated headings get unique anchors"
    );
    assert!(page.contains("<div class=\"table-wrap\"><table>"));
    // A stage without a playbook still gets its page from the YAML.
    let close = site.page("roadmaps/acme/close/index.html");
    assert!(close.contains("<h1>Close</h1>"));
    assert!(tag_with(&close, "rel=\"prev\"").contains("roadmaps/acme/demo/index.html\""));
}

#[test]
fn onboarding_pages_group_by_phase_and_show_checklist_and_quiz() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let path = site.page("onboarding/index.html");
    let week = path.find("Week 1").expect("week-1 label");
    let month = path.find("Month 2").expect("month-2 label");
    assert!(week < month);
    assert!(path.find("Welcome aboard").unwrap() < path.find("Demo skills").unwrap());
    let module = site.page("onboarding/welcome/index.html");
    assert!(module.contains("type=\"checkbox\""));
    assert!(module.contains("Read the &lt;roadmap&gt;"));
    assert!(module.contains("Who owns prospecting?"));
    assert!(module.contains("<details>"));
    assert!(module.contains("href=\"../../roadmaps/acme/prospect/index.html\""));
}

#[test]
fn yaml_and_markdown_text_is_escaped() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let home = site.page("index.html");
    assert!(home.contains("Acme &lt;Sales&gt; &amp; &quot;Co&quot;"));
    assert!(!home.contains("Acme <Sales>"));
    let roadmap = site.page("roadmaps/acme/index.html");
    assert!(roadmap.contains("Mid-market &lt;Roadmap&gt; &amp; &quot;Plan&quot;"));
    assert!(roadmap.contains("Prospect &amp; &lt;qualify&gt;"));
    assert!(
        !roadmap.contains("<qualify>"),
        "stage names are escaped in the diagram too"
    );
    let playbook = site.page("roadmaps/acme/prospect/index.html");
    assert!(playbook.contains("a &lt; sign &amp; an ampersand"));
    assert!(playbook.contains("Jo &lt;Reviewer&gt;"));
    assert!(playbook.contains("Call &quot;twice&quot;"));
}

#[test]
fn sitemap_uses_absolute_urls_and_base_url_override() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let sitemap = site.page("sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://intranet.example.com/sales/roadmap/roadmaps/acme/prospect/</loc>"
        )
    );
    assert!(sitemap.contains("<loc>https://intranet.example.com/sales/roadmap/</loc>"));
    let overridden = stagecraft::build::build(&stagecraft::build::BuildOptions {
        root: site.root().to_path_buf(),
        output: site.output(),
        base_url: Some("https://other.example/x/".into()),
        as_of: None,
    });
    assert!(overridden.is_ok());
    assert!(
        site.page("sitemap.xml")
            .contains("<loc>https://other.example/x/glossary/</loc>")
    );
    // The 404 page is served at any depth, so it links from the site's path.
    assert!(site.page("404.html").contains("href=\"/x/index.html\""));
}

#[test]
fn theme_files_override_the_default_file_by_file() {
    let site = TestSite::fixture("basic");
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}CUSTOM {{ title }}{% endblock content %}",
    );
    site.write("themes/default/i18n/en.yaml", "home: Start\n");
    site.build_ok();
    assert!(site.page("glossary/index.html").contains("CUSTOM Glossary"));
    assert!(
        site.page("roadmaps/acme/index.html").contains(">Start</a>"),
        "overridden string"
    );
    assert!(
        site.page("roadmaps/acme/index.html")
            .contains("Sales process"),
        "other strings keep their default"
    );
}

#[test]
fn chinese_sample_site_builds_with_every_stage_and_module() {
    let site = TestSite::fixture("sample");
    site.build_ok();
    let roadmap = site.page("roadmaps/enterprise/index.html");
    assert!(roadmap.contains("<html lang=\"zh-CN\">"));
    for stage in [
        "客户识别",
        "初步接触",
        "需求分析",
        "方案呈现",
        "谈判成交",
        "售后服务",
    ] {
        assert!(roadmap.contains(stage), "missing stage {stage}");
    }
    let modules = file_list(&site.output().join("onboarding"))
        .iter()
        .filter(|f| f.ends_with("/index.html"))
        .count();
    assert!(
        modules >= 6,
        "at least six onboarding modules, found {modules}"
    );
}

#[test]
fn starter_site_from_init_builds() {
    let dir = tempfile::tempdir().unwrap();
    stagecraft::init::init_site(dir.path()).unwrap();
    let report = stagecraft::build::build(&stagecraft::build::BuildOptions {
        root: dir.path().to_path_buf(),
        output: dir.path().join("public"),
        base_url: None,
        as_of: None,
    })
    .unwrap_or_else(|f| {
        panic!(
            "{:?}",
            f.diagnostics
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
        )
    });
    assert!(report.pages >= 6);
    assert!(broken_links(&dir.path().join("public")).is_empty());
    assert!(
        stagecraft::init::init_site(dir.path()).is_err(),
        "init refuses a folder that already has content/"
    );
}
