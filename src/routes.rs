//! Where every page goes in the output, and how sources name each other (`@/` links).
//!
//! Output paths are relative to the output root and always end in a file name
//! (`roadmaps/enterprise/needs/index.html`), so links work from disk as well as from a server.

use crate::model::Site;
use crate::slug::slugify;
use std::collections::HashMap;

/// Output path of the home page.
pub const HOME: &str = "index.html";
/// Output path of the onboarding path page.
pub const ONBOARDING: &str = "onboarding/index.html";
/// First path segments that generated pages use, which free pages must not take.
pub const RESERVED: &[&str] = &["roadmaps", "onboarding", "assets", "404.html", "sitemap.xml", "index.html"];

/// Output path of a roadmap page.
pub fn roadmap(roadmap: &str) -> String {
    format!("roadmaps/{}/index.html", segment(roadmap))
}

/// Output path of a stage's playbook page.
pub fn stage(roadmap: &str, stage: &str) -> String {
    format!("roadmaps/{}/{}/index.html", segment(roadmap), segment(stage))
}

/// Output path of an onboarding module.
pub fn module(slug: &str) -> String {
    format!("onboarding/{}/index.html", segment(slug))
}

/// Output path of a free page.
pub fn page(slug: &str) -> String {
    format!("{}/index.html", segment(slug))
}

/// The URL segment for an id: its slug, or the id itself when it has no slug (validation
/// reports that).
pub fn segment(id: &str) -> String {
    let s = slugify(id);
    if s.is_empty() { id.to_string() } else { s }
}

/// The prefix that leads from page `from` back to the output root (`../../`).
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// A relative link from page `from` to output path `to`.
pub fn relative(from: &str, to: &str) -> String {
    format!("{}{}", root_prefix(from), to)
}

/// A page that `@/` links can name.
#[derive(Debug, Clone)]
pub struct Route {
    /// Output path.
    pub path: String,
    /// Whether the target is a Markdown page whose headings can be linked with `#anchor`.
    pub has_headings: bool,
}

/// Every name an `@/` link may use (a path relative to `content/`), with its output path.
#[derive(Debug, Default)]
pub struct Routes {
    by_source: HashMap<String, Route>,
}

impl Routes {
    /// Collects the routes of every page and static file of `site`.
    pub fn of(site: &Site) -> Routes {
        let mut by_source = HashMap::new();
        let mut add = |source: String, path: String, has_headings: bool| {
            by_source.insert(source, Route { path, has_headings });
        };
        for rm in &site.roadmaps {
            add(format!("roadmaps/{}/roadmap.yaml", rm.slug), roadmap(&rm.slug), false);
            for st in &rm.spec.stages {
                let has = rm.playbooks.contains_key(&st.id);
                add(format!("roadmaps/{}/stages/{}.md", rm.slug, st.id), stage(&rm.slug, &st.id), has);
            }
        }
        for m in &site.onboarding {
            add(format!("onboarding/{}.md", m.slug), module(&m.slug), true);
        }
        for p in &site.pages {
            add(format!("pages/{}.md", p.slug), page(&p.slug), true);
        }
        for f in &site.static_files {
            add(format!("static/{f}"), f.clone(), false);
        }
        Routes { by_source }
    }

    /// The route for a source path relative to `content/` (`roadmaps/x/stages/y.md`).
    pub fn get(&self, source: &str) -> Option<&Route> {
        self.by_source.get(source)
    }

    /// Every source name, for suggestions.
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.by_source.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_climb_to_the_root() {
        assert_eq!(relative("index.html", "onboarding/index.html"), "onboarding/index.html");
        assert_eq!(
            relative("roadmaps/a/b/index.html", "roadmaps/a/index.html"),
            "../../../roadmaps/a/index.html"
        );
        assert_eq!(stage("Ent", "Needs Analysis"), "roadmaps/ent/needs-analysis/index.html");
    }
}
