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
        if let Ok(dir) = std::env::var("LIVE_PATCH_DUMP") {
            for p in &differ {
                let name = p.replace('/', "_");
                std::fs::write(
                    format!("{dir}/fresh-{name}"),
                    fresh.get(*p).cloned().unwrap_or_default(),
                )
                .unwrap();
                std::fs::write(
                    format!("{dir}/held-{name}"),
                    self.files.get(*p).cloned().unwrap_or_default(),
                )
                .unwrap();
            }
        }
        assert!(
            differ.is_empty(),
            "after {after}, these files differ from a fresh build: {differ:?}"
        );
    }
}

/// The sample without its translations and without body links to sections: live preview
/// patches only sites in one language (a bilingual site goes the whole way, see the last
/// test), and a heading edit on a site with such links goes the whole way too.
fn one_language_sample() -> TestSite {
    let site = TestSite::fixture("sample");
    let yaml = std::fs::read_to_string(site.root().join("content/site.yaml")).unwrap();
    let start = yaml
        .find("\ntranslations:")
        .expect("the sample is bilingual")
        + 1;
    let end = yaml[start..]
        .split_inclusive('\n')
        .skip(1)
        .take_while(|l| l.starts_with(' ') || l.trim().is_empty())
        .map(str::len)
        .sum::<usize>()
        + yaml[start..].find('\n').unwrap()
        + 1;
    site.write(
        "content/site.yaml",
        &format!("{}{}", &yaml[..start], &yaml[start + end..]),
    );
    // Nor does a body link to another page's section (a heading edit would go the whole way).
    site.edit(
        "content/pages/glossary.md",
        "first-contact.md#线索合格清单",
        "first-contact.md",
    );
    let content = site.root().join("content");
    for entry in walkdir::WalkDir::new(&content) {
        let path = entry.unwrap().into_path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".en.md") || name.ends_with(".en.yaml") {
            std::fs::remove_file(&path).unwrap();
        }
    }
    site
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
    let site = one_language_sample();
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
    let site = one_language_sample();
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
    let site = one_language_sample();
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
    let site = one_language_sample();
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
    let site = one_language_sample();
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

#[test]
fn a_heading_that_a_change_note_names_is_checked_when_it_moves() {
    // The sample's negotiation playbook has a change note linking `#预付折扣`, a heading of
    // its own body; the site has no other links to anchors, so the edit is patched.
    const NEGOTIATION: &str = "content/roadmaps/enterprise/stages/negotiation.md";
    let site = one_language_sample();
    let mut preview = Preview::start(&site);
    site.edit(NEGOTIATION, "### 预付折扣", "### 预付优惠");
    let Went::Failed(errors) = preview.changed(&site, &[NEGOTIATION]) else {
        panic!("the note's section is gone");
    };
    assert!(
        errors
            .iter()
            .any(|e| e.contains("negotiation.md:") && e.contains("预付折扣")),
        "{errors:?}"
    );
    site.edit(NEGOTIATION, "### 预付优惠", "### 预付折扣");
    assert!(!matches!(
        preview.changed(&site, &[NEGOTIATION]),
        Went::Failed(_)
    ));
    preview.matches_a_fresh_build(&site, "restoring the heading");
    // A new heading elsewhere moves no named section: patched, as before.
    append(&site, NEGOTIATION, "\n## 附录\n\n备查。\n");
    assert_eq!(preview.changed(&site, &[NEGOTIATION]), Went::Patched);
    preview.matches_a_fresh_build(&site, "a new heading");
}

#[test]
fn a_bilingual_site_goes_the_whole_way_and_matches_a_fresh_build() {
    let site = TestSite::fixture("sample");
    let mut preview = Preview::start(&site);
    for rel in [
        PLAYBOOK,
        "content/roadmaps/enterprise/stages/needs-analysis.en.md",
    ] {
        append(&site, rel, "\nOne more line.\n");
        assert_eq!(preview.changed(&site, &[rel]), Went::Whole, "{rel}");
        preview.matches_a_fresh_build(&site, rel);
    }
}
