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
        "roadmaps/acme/role-sdr.html",
        "roadmaps/acme/role-ae.html",
        "roadmaps/acme/role-vp.html",
        "roadmaps/acme/segment-smb.html",
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
    // Ten pages, plus the roadmap's summary, three role views, one segment view and the
    // what's-new page (written with or without changes, so that feed readers can follow it).
    assert_eq!(report.pages, 16);
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
    assert!(home.contains("<html lang=\"en\" "));
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
    assert!(page.contains("<div class=\"table-wrap\" tabindex=\"0\"><table>"));
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
        git_dates: false,
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
    assert!(roadmap.contains(
        "<html lang=\"zh-CN\" data-site=\"yunqi-south-china\" data-changed=\"2026-11-17\">"
    ));
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
    let options = stagecraft::init::InitOptions {
        language: stagecraft::model::Language::EN,
        today: stagecraft::model::Date::parse("2027-01-15").unwrap(),
    };
    stagecraft::init::init_site(dir.path(), &options).unwrap();
    let report = stagecraft::build::build(&stagecraft::build::BuildOptions {
        root: dir.path().to_path_buf(),
        output: dir.path().join("public"),
        base_url: None,
        as_of: Some(options.today),
        git_dates: false,
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
    assert!(
        report.warnings.is_empty(),
        "a fresh starter has nothing to warn about: {:?}",
        report.warnings
    );
    assert!(broken_links(&dir.path().join("public")).is_empty());
    assert!(
        stagecraft::init::init_site(dir.path(), &options).is_err(),
        "init refuses a folder that already has content/"
    );
}

/// Every value of `attr="…"` in `html`, in order.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let pat = format!("{attr}=\"");
    html.split(pat.as_str())
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

/// The JSON data block of a page that shows progress.
fn progress_data(html: &str) -> serde_json::Value {
    let open = "<script type=\"application/json\" id=\"progress-data\">";
    let start = html.find(open).expect("a progress data block") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

const MODULE: &str = "content/onboarding/welcome.md";

#[test]
fn checklist_ids_survive_reordering_and_rewording_other_items() {
    let site = TestSite::fixture("basic");
    site.edit(
        MODULE,
        "  - Read the <roadmap>\n",
        "  - Read the <roadmap>\n  - {id: shadow, text: Shadow a call}\n  - Book the kickoff\n",
    );
    site.build_ok();
    let before = attr_values(&site.page("onboarding/welcome/index.html"), "data-item");
    assert_eq!(before.len(), 4);
    assert_eq!(before[0], stagecraft::model::stable_id("Set up the CRM"));
    assert_eq!(before[2], "shadow");
    assert_eq!(
        before
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        4,
        "ids are distinct: {before:?}"
    );

    // Move the items around, reword the explicit one and the last one.
    site.write(
        MODULE,
        &std::fs::read_to_string(site.root().join(MODULE))
            .unwrap()
            .replace(
                "  - Set up the CRM\n  - Read the <roadmap>\n  - {id: shadow, text: Shadow a call}\n  - Book the kickoff\n",
                "  - {id: shadow, text: Shadow two calls}\n  - Book the kick-off meeting\n  - Read the <roadmap>\n  - Set up the CRM\n",
            ),
    );
    site.build_ok();
    let after = attr_values(&site.page("onboarding/welcome/index.html"), "data-item");
    assert_eq!(after[0], "shadow", "an explicit id survives rewording");
    assert_eq!(after[2], before[1], "moved, same id");
    assert_eq!(after[3], before[0], "moved, same id");
    assert!(
        !before.contains(&after[1]),
        "the reworded item gets a new id"
    );
}

#[test]
fn site_id_defaults_to_a_slug_of_the_title_and_reaches_the_html() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    assert!(
        site.page("index.html")
            .contains("<html lang=\"en\" data-site=\"acme-sales-co\">")
    );
    site.edit(
        "content/site.yaml",
        "language: en",
        "language: en\nid: south-sales",
    );
    site.build_ok();
    for page in ["index.html", "onboarding/welcome/index.html", "404.html"] {
        assert!(
            site.page(page).contains("data-site=\"south-sales\""),
            "{page}"
        );
    }
}

#[test]
fn progress_data_is_json_that_cannot_close_its_script_element() {
    let site = TestSite::fixture("basic");
    site.edit(
        MODULE,
        "  - Read the <roadmap>\n",
        "  - Read the <roadmap>\n  - \"</script><script>alert(1)</script> & more\"\n",
    );
    site.build_ok();
    let module = site.page("onboarding/welcome/index.html");
    assert!(!module.contains("<script>alert(1)"));
    let data = progress_data(&module);
    let items = data["modules"][0]["items"].as_array().unwrap();
    assert_eq!(data["modules"][0]["key"], "welcome");
    assert_eq!(items.len(), 3);
    assert_eq!(items[1][1], "Read the <roadmap>");
    assert_eq!(items[2][1], "</script><script>alert(1)</script> & more");
    assert_eq!(items[0][0], stagecraft::model::stable_id("Set up the CRM"));
    let quiz = &data["modules"][0]["quiz"][0];
    assert_eq!(
        quiz[0],
        stagecraft::model::stable_id("Who owns prospecting?")
    );
    assert_eq!(
        quiz[1],
        stagecraft::model::stable_id("SDR"),
        "the right option"
    );
    assert_eq!(data["t"]["quiz_right"], "Correct!");
    assert_eq!(data["title"], "Acme <Sales> & \"Co\"");

    // The path page carries every module, with or without a checklist.
    let path = progress_data(&site.page("onboarding/index.html"));
    let keys: Vec<&str> = path["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["welcome", "demo-skills"]);
}

#[test]
fn checklists_quizzes_and_the_theme_toggle_read_without_javascript() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let module = site.page("onboarding/welcome/index.html");
    // A checklist is a list of labelled checkboxes; the skip buttons wait for the script.
    assert!(module.contains(
        "<label><input type=\"checkbox\"> <span id=\"ci-1\">Set up the CRM</span></label>"
    ));
    assert!(tag_with(&module, "class=\"skip\"").contains(" hidden"));
    // A quiz question is a fieldset with a legend and radio buttons, the answer in a <details>.
    assert!(module.contains("<fieldset>\n      <legend class=\"q\"><span class=\"q-num\">1.</span> Who owns prospecting?</legend>"));
    assert_eq!(
        attr_values(&module, "type")
            .iter()
            .filter(|t| *t == "radio")
            .count(),
        2
    );
    assert!(module.contains(
        "<details><summary>Show the answer</summary><p class=\"answer\">Answer: SDR</p></details>"
    ));
    assert!(tag_with(&module, "class=\"feedback\"").contains("aria-live=\"polite\""));
    // The theme toggle is a real button, shown by the script; theme.js runs before the CSS.
    let toggle = tag_with(&module, "class=\"theme-toggle\"");
    assert!(
        toggle.starts_with("<button")
            && toggle.contains("aria-pressed=\"false\"")
            && toggle.contains(" hidden")
    );
    assert!(module.contains("<span class=\"visually-hidden\">Dark mode</span>"));
    let theme_js = module
        .find("<script src=\"../../assets/theme.js\"></script>")
        .expect("theme.js");
    assert!(theme_js < module.find("assets/style.css").unwrap());
    // No page has an inline script the CSP would block: src=, JSON data blocks, and scripts
    // whose hash the page's CSP names (the 404 page's).
    let mut hashed = 0;
    for file in file_list(&site.output())
        .iter()
        .filter(|f| f.ends_with(".html"))
    {
        let html = site.page(file);
        for tag in html.split("<script").skip(1) {
            let (attrs, rest) = tag.split_at(tag.find('>').unwrap());
            if attrs.contains(" src=") || attrs.contains("type=\"application/json\"") {
                continue;
            }
            use base64::Engine;
            use sha2::Digest;
            let code = &rest[1..rest.find("</script>").unwrap()];
            let hash = base64::engine::general_purpose::STANDARD
                .encode(sha2::Sha256::digest(code.as_bytes()));
            let csp = tag_with(&html, "http-equiv=\"Content-Security-Policy\"");
            assert!(
                csp.contains(&format!("script-src 'self' 'sha256-{hash}';")),
                "{file}: inline <script{attrs}> that the CSP does not allow: {csp}"
            );
            hashed += 1;
        }
    }
    assert_eq!(hashed, 1, "only the 404 page has an inline script");
    assert!(file_list(&site.output()).contains("assets/theme.js"));
}
