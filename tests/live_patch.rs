//! Live preview's fast path: after edits to Markdown bodies, `Session::update` patches the
//! site it keeps, and the site it serves is always byte for byte what a fresh build gives,
//! whatever mix of edits (bodies, front matter, YAML, new and removed files, errors and
//! their fixes) comes in.

mod common;

use common::TestSite;
use stagecraft::build::{Session, Update, render};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The site as a server holds it: a session, and the files it gave, patched by updates.
struct Preview {
    session: Session,
    files: BTreeMap<String, Vec<u8>>,
}

/// How the last update went.
#[derive(Debug, PartialEq)]
enum Went {
    Patched,
    Whole,
    Failed(Vec<String>),
}

impl Preview {
    fn start(site: &TestSite) -> Preview {
        let mut session = Session::new(site.root(), None);
        let first = session.render().unwrap();
        session.trust_invalidations(true);
        let files = first
            .files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.to_vec()))
            .collect();
        Preview { session, files }
    }

    /// Tells the session that `rels` changed, as the watcher does, and applies the result.
    fn changed(&mut self, site: &TestSite, rels: &[&str]) -> Went {
        let paths: Vec<PathBuf> = rels.iter().map(|r| site.root().join(r)).collect();
        match self.session.update(&paths) {
            Ok(Update::Whole(s)) => {
                self.files = s
                    .files
                    .iter()
                    .map(|f| (f.path.clone(), f.bytes.to_vec()))
                    .collect();
                Went::Whole
            }
            Ok(Update::Patched { files, removed, .. }) => {
                for f in files {
                    self.files.insert(f.path, f.bytes.to_vec());
                }
                for r in removed {
                    self.files.remove(&r);
                }
                Went::Patched
            }
            Err(f) => Went::Failed(f.errors().map(|d| d.render(false)).collect()),
        }
    }

    /// Asserts that the files held are a fresh build's.
    fn matches_a_fresh_build(&self, site: &TestSite, after: &str) {
        let fresh: BTreeMap<String, Vec<u8>> = render(site.root(), None)
            .unwrap_or_else(|f| panic!("{:?}", f.diagnostics))
            .files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.to_vec()))
            .collect();
        let differ: Vec<&String> = fresh
            .keys()
            .chain(self.files.keys())
            .filter(|p| fresh.get(*p) != self.files.get(*p))
            .collect();
        assert!(
            differ.is_empty(),
            "after {after}, these files differ from a fresh build: {differ:?}"
        );
    }
}

const PLAYBOOK: &str = "content/roadmaps/enterprise/stages/needs-analysis.md";
const MODULE: &str = "content/onboarding/discovery.md";
const PAGE: &str = "content/pages/faq.md";

/// A change to the site's files.
type Edit = Box<dyn Fn(&TestSite)>;

fn append(site: &TestSite, rel: &str, text: &str) {
    let old = std::fs::read_to_string(site.root().join(rel)).unwrap();
    site.write(rel, &format!("{old}{text}"));
}

#[test]
fn body_edits_are_patched_and_match_a_fresh_build() {
    let site = TestSite::fixture("sample");
    let mut preview = Preview::start(&site);
    for (rel, text) in [
        (PLAYBOOK, "\n补充一句：先问预算，再谈方案。\n"),
        (PLAYBOOK, "\n## 新的小节\n\n小节里的话。\n"),
        (MODULE, "\n练习：写下三个发现问题。\n"),
        (PAGE, "\n## 新问题\n\n新答案。\n"),
    ] {
        append(&site, rel, text);
        assert_eq!(preview.changed(&site, &[rel]), Went::Patched, "{rel}");
        preview.matches_a_fresh_build(&site, rel);
    }
    // Two bodies at once.
    append(&site, PLAYBOOK, "\n再补一句。\n");
    append(&site, PAGE, "\n再答一次。\n");
    assert_eq!(preview.changed(&site, &[PLAYBOOK, PAGE]), Went::Patched);
    preview.matches_a_fresh_build(&site, "two bodies");
}

#[test]
fn every_kind_of_edit_in_a_row_matches_a_fresh_build() {
    let site = TestSite::fixture("sample");
    let mut preview = Preview::start(&site);
    let roadmap = "content/roadmaps/enterprise/roadmap.yaml";
    let new_page = "content/pages/new-page.md";
    let steps: Vec<(&str, Edit)> = vec![
        (
            PLAYBOOK,
            Box::new(|s| append(s, PLAYBOOK, "\n正文改动。\n")),
        ),
        (
            roadmap,
            Box::new(|s| {
                s.edit(roadmap, "  - id: identify", "  - id: identify");
                append(s, roadmap, "\n");
            }),
        ),
        (
            PLAYBOOK,
            Box::new(|s| append(s, PLAYBOOK, "\n又一处改动。\n")),
        ),
        (
            "content/site.yaml",
            Box::new(|s| {
                s.edit("content/site.yaml", "title:", "title: 新 ");
            }),
        ),
        (
            PLAYBOOK,
            Box::new(|s| append(s, PLAYBOOK, "\n标题改后的改动。\n")),
        ),
        (
            new_page,
            Box::new(|s| {
                s.write(new_page, "---\ntitle: 新页面\n---\n\n新页面的正文。\n");
            }),
        ),
        (
            new_page,
            Box::new(|s| append(s, new_page, "\n新页面又多一段。\n")),
        ),
        (
            new_page,
            Box::new(|s| {
                s.remove(new_page);
            }),
        ),
        (
            MODULE,
            Box::new(|s| {
                s.edit(MODULE, "title:", "title: 改过的");
            }),
        ),
        (
            MODULE,
            Box::new(|s| append(s, MODULE, "\n模块正文改动。\n")),
        ),
    ];
    for (rel, edit) in steps {
        edit(&site);
        assert!(
            !matches!(preview.changed(&site, &[rel]), Went::Failed(_)),
            "{rel}"
        );
        preview.matches_a_fresh_build(&site, rel);
    }
}

#[test]
fn a_body_edit_that_breaks_a_link_fails_and_its_fix_recovers() {
    let site = TestSite::fixture("sample");
    let mut preview = Preview::start(&site);
    append(
        &site,
        PLAYBOOK,
        "\n见 [不存在的页](@/pages/no-such-page.md)。\n",
    );
    let Went::Failed(errors) = preview.changed(&site, &[PLAYBOOK]) else {
        panic!("a broken link fails the build");
    };
    assert!(
        errors
            .iter()
            .any(|e| e.contains("needs-analysis.md:") && e.contains("no-such-page")),
        "{errors:?}"
    );
    let fresh = render(site.root(), None).unwrap_err();
    let fresh: Vec<String> = fresh.errors().map(|d| d.render(false)).collect();
    assert_eq!(errors, fresh);
    // The last good site is still what is held.
    site.edit(PLAYBOOK, "@/pages/no-such-page.md", "@/pages/faq.md");
    assert_ne!(
        preview.changed(&site, &[PLAYBOOK]),
        Went::Failed(Vec::new())
    );
    preview.matches_a_fresh_build(&site, "the fix");
    append(&site, PLAYBOOK, "\n修好以后的改动。\n");
    assert_eq!(preview.changed(&site, &[PLAYBOOK]), Went::Patched);
    preview.matches_a_fresh_build(&site, "an edit after the fix");
}

#[test]
fn front_matter_and_emptied_bodies_go_the_whole_way() {
    let site = TestSite::fixture("sample");
    let mut preview = Preview::start(&site);
    site.edit(PAGE, "title:", "title: 常见问题（新）");
    assert_eq!(preview.changed(&site, &[PAGE]), Went::Whole);
    preview.matches_a_fresh_build(&site, "a title edit");
    let text = std::fs::read_to_string(site.root().join(PAGE)).unwrap();
    let head_end = text[3..].find("\n---").unwrap() + 3 + "\n---\n".len();
    site.write(PAGE, &text[..head_end]);
    assert_eq!(preview.changed(&site, &[PAGE]), Went::Whole);
    preview.matches_a_fresh_build(&site, "emptying a page");
}

#[test]
fn heading_edits_on_a_site_with_anchor_links_check_the_anchors() {
    let site = TestSite::fixture("sample");
    append(
        &site,
        MODULE,
        "\n另见 [价格问题](@/pages/faq.md#方案与价格)。\n",
    );
    let mut preview = Preview::start(&site);
    site.edit(PAGE, "## 方案与价格", "## 方案和价格");
    let Went::Failed(errors) = preview.changed(&site, &[PAGE]) else {
        panic!("the anchor is gone");
    };
    assert!(
        errors.iter().any(|e| e.contains("discovery.md:")),
        "{errors:?}"
    );
    site.edit(PAGE, "## 方案和价格", "## 方案与价格");
    assert!(!matches!(preview.changed(&site, &[PAGE]), Went::Failed(_)));
    preview.matches_a_fresh_build(&site, "restoring the heading");
}
