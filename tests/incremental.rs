//! Rebuilding in memory: a change re-renders only what depends on it, and the result is
//! always byte for byte what a fresh build gives.

mod common;

use common::TestSite;
use stagecraft::build::{RenderedSite, Session, render};
use std::collections::BTreeMap;
use std::path::Path;

fn as_map(site: &RenderedSite) -> BTreeMap<String, Vec<u8>> {
    site.files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.to_vec()))
        .collect()
}

/// A session over `site` that has rendered it once.
fn rendered_session(site: &TestSite) -> Session {
    let mut session = Session::new(site.root(), None);
    session.render().unwrap();
    session
}

/// The text of one output page.
fn page_text(site: &RenderedSite, path: &str) -> String {
    let file = site
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    String::from_utf8_lossy(&file.bytes).into_owned()
}

/// Edits a file through the session as `serve` does (the watcher names the path), renders,
/// and checks the result against a fresh build.
fn edit_and_render(
    site: &TestSite,
    session: &mut Session,
    rel: &str,
    from: &str,
    to: &str,
) -> RenderedSite {
    site.edit(rel, from, to);
    session.invalidate([site.root().join(rel).as_path()]);
    let incremental = session
        .render()
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let fresh = render(site.root(), None).unwrap();
    assert_eq!(
        as_map(&incremental),
        as_map(&fresh),
        "incremental output differs from a fresh build after editing {rel}"
    );
    incremental
}

#[test]
fn nothing_changed_renders_nothing() {
    let site = TestSite::fixture("basic");
    let mut session = Session::new(site.root(), None);
    let first = session.render().unwrap();
    // Ten pages, plus the roadmap's summary, the views of its three roles and one segment,
    // and the what's-new page.
    assert_eq!(first.rendered_pages, 16);
    let second = session.render().unwrap();
    assert_eq!(second.rendered_pages, 0);
    assert_eq!(as_map(&first), as_map(&second));
}

#[test]
fn playbook_edit_renders_only_its_page() {
    let site = TestSite::fixture("basic");
    let mut session = rendered_session(&site);
    let after = edit_and_render(
        &site,
        &mut session,
        "content/roadmaps/acme/stages/demo.md",
        "## Demo script",
        "## Demo script, revised",
    );
    // The stage page, and the segment view that shows the playbook.
    assert_eq!(after.rendered_pages, 2);
    assert!(page_text(&after, "roadmaps/acme/demo/index.html").contains("Demo script, revised"));
}

#[test]
fn roadmap_edit_renders_the_pages_that_show_it() {
    let site = TestSite::fixture("basic");
    let mut session = rendered_session(&site);
    let after = edit_and_render(
        &site,
        &mut session,
        "content/roadmaps/acme/roadmap.yaml",
        "name: Demo",
        "name: Live demo",
    );
    // Roadmap page, its summary, its three stage pages, three role views and one segment
    // view, home, onboarding path, both modules and the what's-new page (its filters name
    // the roadmaps and their roles); not the glossary or the 404 page.
    assert_eq!(after.rendered_pages, 14);
    assert!(page_text(&after, "roadmaps/acme/summary.html").contains("Live demo"));
}

#[test]
fn goal_progress_edit_updates_the_roadmap_summary() {
    let site = TestSite::fixture("basic");
    let mut session = rendered_session(&site);
    let before = session.render().unwrap();
    assert!(page_text(&before, "roadmaps/acme/summary.html").contains("width: 25%"));
    let after = edit_and_render(
        &site,
        &mut session,
        "content/roadmaps/acme/roadmap.yaml",
        "current: 10",
        "current: 30",
    );
    let summary = page_text(&after, "roadmaps/acme/summary.html");
    assert!(summary.contains("<strong>30</strong>"), "{summary}");
    assert!(summary.contains("width: 75%"));
}

#[test]
fn module_title_edit_updates_the_stage_pages_that_list_it() {
    let site = TestSite::fixture("basic");
    let mut session = rendered_session(&site);
    let after = edit_and_render(
        &site,
        &mut session,
        "content/onboarding/welcome.md",
        "title: Welcome aboard",
        "title: Welcome, new rep",
    );
    assert!(page_text(&after, "roadmaps/acme/prospect/index.html").contains("Welcome, new rep"));
}

#[test]
fn page_title_edit_changes_the_navigation_everywhere() {
    let site = TestSite::fixture("basic");
    let mut session = rendered_session(&site);
    let after = edit_and_render(
        &site,
        &mut session,
        "content/pages/glossary.md",
        "title: Glossary",
        "title: Terms",
    );
    assert_eq!(after.rendered_pages, 16);
}

#[test]
fn creating_and_deleting_files_is_picked_up() {
    let site = TestSite::fixture("basic");
    let mut session = rendered_session(&site);
    site.write(
        "content/roadmaps/acme/stages/close.md",
        "## Closing\n\nSee [demo](@/roadmaps/acme/stages/demo.md).\n",
    );
    let created = session.render().unwrap();
    assert_eq!(
        as_map(&created),
        as_map(&render(site.root(), None).unwrap())
    );
    site.remove("content/roadmaps/acme/stages/close.md");
    let deleted = session.render().unwrap();
    assert_eq!(
        as_map(&deleted),
        as_map(&render(site.root(), None).unwrap())
    );
}

#[test]
fn template_change_re_renders_and_errors_then_recover() {
    let site = TestSite::fixture("basic");
    let mut session = rendered_session(&site);
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}NEW {{ title }}{% endblock content %}",
    );
    let after = session.render().unwrap();
    assert_eq!(after.rendered_pages, 16);
    // A broken source is an error, and fixing it brings the same site back.
    site.edit(
        "content/roadmaps/acme/roadmap.yaml",
        "    owner: sdr\n",
        "    owner: nobody\n",
    );
    session.invalidate([Path::new("content/roadmaps/acme/roadmap.yaml")]);
    assert!(session.render().is_err());
    site.edit(
        "content/roadmaps/acme/roadmap.yaml",
        "    owner: nobody\n",
        "    owner: sdr\n",
    );
    session.invalidate([Path::new("content/roadmaps/acme/roadmap.yaml")]);
    let fixed = session.render().unwrap();
    assert_eq!(as_map(&fixed), as_map(&render(site.root(), None).unwrap()));
}

#[test]
fn a_sequence_of_edits_always_matches_a_fresh_build() {
    let site = TestSite::fixture("sample");
    let mut session = Session::new(site.root(), None);
    session.render().unwrap();
    let edits: &[(&str, &str, &str)] = &[
        (
            "content/roadmaps/enterprise/stages/needs-analysis.md",
            "\n## ",
            "\n## 新增小节\n\n新的内容。\n\n## ",
        ),
        (
            "content/roadmaps/enterprise/roadmap.yaml",
            "  - id: identify",
            "  - id: identify",
        ),
        ("content/onboarding/welcome.md", "title:", "title: 新版"),
        ("content/site.yaml", "title:", "title: 测试 "),
        ("content/pages/faq.md", "\n## ", "\n## 补充问题\n\n## "),
    ];
    for (rel, from, to) in edits {
        edit_and_render(&site, &mut session, rel, from, to);
    }
}

#[test]
fn trusting_the_watcher_still_sees_created_and_removed_files() {
    let site = TestSite::fixture("basic");
    let mut session = rendered_session(&site);
    session.trust_invalidations(true);
    let close = "content/roadmaps/acme/stages/close.md";
    site.write(close, "## Closing\n\nSign it.\n");
    session.invalidate([site.root().join(close).as_path()]);
    let created = session.render().unwrap();
    assert!(page_text(&created, "roadmaps/acme/close/index.html").contains("Sign it."));
    assert_eq!(
        as_map(&created),
        as_map(&render(site.root(), None).unwrap())
    );
    site.remove(close);
    session.invalidate([site.root().join(close).as_path()]);
    let removed = session.render().unwrap();
    assert!(!page_text(&removed, "roadmaps/acme/close/index.html").contains("Sign it."));
    assert_eq!(
        as_map(&removed),
        as_map(&render(site.root(), None).unwrap())
    );
}

/// Renders after the watcher named `rel`, and checks the result against a fresh build.
fn render_after(site: &TestSite, session: &mut Session, rel: &str) -> RenderedSite {
    session.invalidate([site.root().join(rel).as_path()]);
    let incremental = session
        .render()
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert_eq!(
        as_map(&incremental),
        as_map(&render(site.root(), None).unwrap()),
        "incremental output differs from a fresh build after changing {rel}"
    );
    incremental
}

#[test]
fn edits_that_change_the_set_of_pages_match_a_fresh_build() {
    // The session keeps its routes while the site keeps its pages: each of these edits
    // changes them (a stage, a role's id, a segment, a playbook's headings, a page).
    let site = TestSite::fixture("basic");
    let mut session = rendered_session(&site);
    session.trust_invalidations(true);
    let roadmap = "content/roadmaps/acme/roadmap.yaml";
    let qualify = "  - id: qualify\n    name: Qualify\n    owner: sdr\n";
    let added = edit_and_render(
        &site,
        &mut session,
        roadmap,
        "  - id: close\n",
        &format!("{qualify}  - id: close\n"),
    );
    assert!(page_text(&added, "roadmaps/acme/qualify/index.html").contains("Qualify"));

    let text = std::fs::read_to_string(site.root().join(roadmap)).unwrap();
    site.write(roadmap, &text.replace("sdr", "bdr"));
    let renamed = render_after(&site, &mut session, roadmap);
    assert!(
        renamed
            .files
            .iter()
            .any(|f| f.path == "roadmaps/acme/role-bdr.html")
    );
    assert!(
        !renamed
            .files
            .iter()
            .any(|f| f.path == "roadmaps/acme/role-sdr.html")
    );

    let removed = edit_and_render(
        &site,
        &mut session,
        roadmap,
        &qualify.replace("sdr", "bdr"),
        "",
    );
    assert!(!removed.files.iter().any(|f| f.path.contains("/qualify/")));

    edit_and_render(
        &site,
        &mut session,
        roadmap,
        "segments:\n",
        "segments:\n  - id: ent\n    name: Enterprise\n    description: Over 1,000 staff\n    criteria: More than 1,000 employees\n",
    );

    // A playbook for `close`, with a heading that another playbook links to: the link
    // resolves only if the routes know that `close` now has a page with headings.
    let close = "content/roadmaps/acme/stages/close.md";
    site.write(close, "## Closing\n\nSign it.\n");
    render_after(&site, &mut session, close);
    let demo = "content/roadmaps/acme/stages/demo.md";
    let linked = edit_and_render(
        &site,
        &mut session,
        demo,
        "## Demo script\n",
        "## Demo script\n\nThen [close](@/roadmaps/acme/stages/close.md#closing).\n",
    );
    assert!(
        page_text(&linked, "roadmaps/acme/demo/index.html").contains("close/index.html#closing")
    );

    edit_and_render(
        &site,
        &mut session,
        "content/site.yaml",
        "title:",
        "title: Renamed ",
    );
    site.write(
        "content/pages/new.md",
        "---\ntitle: New page\n---\n## New\n",
    );
    let page = render_after(&site, &mut session, "content/pages/new.md");
    assert!(page_text(&page, "new/index.html").contains("New page"));
}
