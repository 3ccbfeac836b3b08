//! Where every page goes in the output, and how sources name each other (`@/` links).
//!
//! Output paths are relative to the output root and always end in a file name
//! (`roadmaps/enterprise/needs/index.html`), so links work from disk as well as from a server.

use crate::model::Site;
use crate::slug::slugify;

/// Output path of the home page.
pub const HOME: &str = "index.html";
/// Output path of the onboarding path page.
pub const ONBOARDING: &str = "onboarding/index.html";
/// Output path of the what's-new page.
pub const WHATS_NEW: &str = "whats-new/index.html";
/// Output path of the Atom feed of changes.
pub const FEED: &str = "feed.xml";
/// First path segments that generated pages use, which free pages must not take.
pub const RESERVED: &[&str] = &[
    "roadmaps",
    "onboarding",
    "accounts",
    "assets",
    "404.html",
    "sitemap.xml",
    "index.html",
    "whats-new",
    "feed.xml",
];

/// Output path of a roadmap page.
pub fn roadmap(roadmap: &str) -> String {
    format!("roadmaps/{}/index.html", segment(roadmap))
}

/// Output path of a roadmap's one-page printable summary. It is a file beside the roadmap's
/// `index.html`, so it never collides with a stage's folder (`roadmaps/<r>/<stage>/`).
pub fn summary(roadmap: &str) -> String {
    format!("roadmaps/{}/summary.html", segment(roadmap))
}

/// Output path of a roadmap's review page: planned against actual, forecast, milestones
/// and the RACI swimlane.
pub fn review(roadmap: &str) -> String {
    format!("roadmaps/{}/review.html", segment(roadmap))
}

/// Output path of a stage's playbook page.
pub fn stage(roadmap: &str, stage: &str) -> String {
    format!(
        "roadmaps/{}/{}/index.html",
        segment(roadmap),
        segment(stage)
    )
}

/// Output path of a role's view of a roadmap: a file beside the stage folders, so that no
/// stage id can take its place.
pub fn role_view(roadmap: &str, role: &str) -> String {
    format!("roadmaps/{}/role-{}.html", segment(roadmap), segment(role))
}

/// Output path of a customer segment's view of a roadmap.
pub fn segment_view(roadmap: &str, segment_id: &str) -> String {
    format!(
        "roadmaps/{}/segment-{}.html",
        segment(roadmap),
        segment(segment_id)
    )
}

/// Output path of an onboarding module.
pub fn module(slug: &str) -> String {
    format!("onboarding/{}/index.html", segment(slug))
}

/// Output path of the key-account portfolio board.
pub const ACCOUNTS: &str = "accounts/index.html";

/// Output path of a key account's page.
pub fn account(slug: &str) -> String {
    format!("accounts/{}/index.html", segment(slug))
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

/// The shortest relative link from page `from` to output path `to`.
pub fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts[..to_parts.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dirs.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// A page that `@/` links can name.
#[derive(Debug, Clone)]
pub struct Route {
    /// Output path.
    pub path: String,
    /// Whether the target is a Markdown page whose headings can be linked with `#anchor`.
    pub has_headings: bool,
}

/// Every name an `@/` or relative link may use (a path relative to `content/`), with its
/// output path, and every output path a link from the site's root (`/img/x.svg`) may name.
/// Besides files, a roadmap's views have names: `roadmaps/<roadmap>/roles/<role id>` and
/// `roadmaps/<roadmap>/segments/<segment id>`.
#[derive(Debug, Default)]
pub struct Routes {
    by_source: rustc_hash::FxHashMap<String, Route>,
    /// Output path → whether its page has Markdown headings to link to.
    outputs: rustc_hash::FxHashMap<String, bool>,
    unloaded: Vec<String>,
}

impl Routes {
    /// Collects the routes of every page and static file of `site`.
    pub fn of(site: &Site) -> Routes {
        let mut by_source = rustc_hash::FxHashMap::default();
        let mut add = |source: String, path: String, has_headings: bool| {
            by_source.insert(source, Route { path, has_headings });
        };
        for rm in &site.roadmaps {
            add(
                format!("roadmaps/{}/roadmap.yaml", rm.slug),
                roadmap(&rm.slug),
                false,
            );
            for st in &rm.spec.stages {
                let has = rm.playbooks.contains_key(&st.id);
                add(
                    format!("roadmaps/{}/stages/{}.md", rm.slug, st.id),
                    stage(&rm.slug, &st.id),
                    has,
                );
            }
            for role in &rm.spec.roles {
                add(
                    format!("roadmaps/{}/roles/{}", rm.slug, role.id),
                    role_view(&rm.slug, &role.id),
                    false,
                );
            }
            for seg in &rm.spec.segments {
                add(
                    format!("roadmaps/{}/segments/{}", rm.slug, seg.id),
                    segment_view(&rm.slug, &seg.id),
                    false,
                );
            }
        }
        for m in &site.onboarding {
            add(format!("onboarding/{}.md", m.slug), module(&m.slug), true);
        }
        for p in &site.pages {
            add(format!("pages/{}.md", p.slug), page(&p.slug), true);
        }
        for a in &site.accounts {
            let has = a.narrative.is_some();
            add(format!("accounts/{}.yaml", a.slug), account(&a.slug), has);
            if has {
                add(format!("accounts/{}.md", a.slug), account(&a.slug), true);
            }
        }
        for f in &site.static_files {
            add(format!("static/{f}"), f.clone(), false);
        }
        let outputs = by_source
            .values()
            .map(|r| (r.path.clone(), r.has_headings))
            .chain(site.roadmaps.iter().map(|rm| (summary(&rm.slug), false)))
            .chain([HOME, ONBOARDING].map(|p| (p.to_string(), false)))
            .chain((!site.accounts.is_empty()).then(|| (ACCOUNTS.to_string(), false)))
            .collect();
        Routes {
            by_source,
            outputs,
            unloaded: site.unloaded_sources(),
        }
    }

    /// A hash of everything [`Routes::of`] reads from `site` (names, which stages have a
    /// playbook, static files, what failed to load), made without building anything: equal
    /// shapes give equal routes, so a rebuild after a change of text keeps its routes.
    pub fn shape(site: &Site) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for rm in &site.roadmaps {
            rm.slug.hash(&mut h);
            for st in &rm.spec.stages {
                (&st.id, rm.playbooks.contains_key(&st.id)).hash(&mut h);
            }
            0xfe_u8.hash(&mut h);
            rm.spec.roles.iter().for_each(|r| r.id.hash(&mut h));
            0xfe_u8.hash(&mut h);
            rm.spec.segments.iter().for_each(|s| s.id.hash(&mut h));
            0xff_u8.hash(&mut h);
        }
        0xff_u8.hash(&mut h);
        site.onboarding.iter().for_each(|m| m.slug.hash(&mut h));
        0xff_u8.hash(&mut h);
        site.pages.iter().for_each(|p| p.slug.hash(&mut h));
        site.static_files.hash(&mut h);
        site.unloaded_sources().hash(&mut h);
        h.finish()
    }

    /// Whether `source` names something that failed to load (its own error is reported): a
    /// file, a file in a roadmap whose roadmap.yaml failed, or a stage, role or segment in a
    /// part of roadmap.yaml that failed to parse. See [`Site::unloaded_sources`].
    pub fn is_unloaded(&self, source: &str) -> bool {
        self.unloaded
            .iter()
            .any(|u| source == u || (u.ends_with('/') && source.starts_with(u.as_str())))
    }

    /// Whether output path `path` (`x/`, `x` and `x/index.html` alike) would be a page of
    /// something that failed to load (see [`Site::unloaded_sources`]): a module or page file,
    /// a stage, role or segment set aside from its roadmap.yaml, or any page in the folder of
    /// a roadmap whose roadmap.yaml (or whole list of stages, roles or segments) failed.
    pub fn is_unloaded_output(&self, path: &str) -> bool {
        let page = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else if path.ends_with(".html") {
            path.to_string()
        } else {
            format!("{path}/index.html")
        };
        self.unloaded.iter().any(|u| {
            if let Some(rest) = u.strip_prefix("roadmaps/") {
                let Some((rm, part)) = rest.split_once('/') else {
                    return false;
                };
                let folder = format!("roadmaps/{}/", segment(rm));
                match part.split_once('/') {
                    // The whole roadmap, or a whole list of it (any page in its folder).
                    None if part.is_empty() || part == "roadmap.yaml" => page.starts_with(&folder),
                    Some((_, "")) => page.starts_with(&folder),
                    Some(("stages", file)) => file
                        .strip_suffix(".md")
                        .is_some_and(|id| page == stage(rm, id)),
                    Some(("roles", id)) => page == role_view(rm, id),
                    Some(("segments", id)) => page == segment_view(rm, id),
                    _ => false,
                }
            } else if let Some(m) = u
                .strip_prefix("onboarding/")
                .and_then(|m| m.strip_suffix(".md"))
            {
                page == module(m)
            } else if let Some(p) = u.strip_prefix("pages/").and_then(|p| p.strip_suffix(".md")) {
                page == self::page(p)
            } else {
                false
            }
        })
    }

    /// The route for a source path relative to `content/` (`roadmaps/x/stages/y.md`).
    pub fn get(&self, source: &str) -> Option<&Route> {
        self.by_source.get(source)
    }

    /// A hash of every name and where it goes: Markdown must be re-rendered when it changes.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut entries: Vec<_> = self
            .by_source
            .iter()
            .map(|(k, r)| (k, &r.path, r.has_headings))
            .collect();
        entries.sort();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        entries.hash(&mut h);
        self.unloaded.hash(&mut h);
        h.finish()
    }

    /// Whether the output has a page or static file at `path`.
    pub fn has_output(&self, path: &str) -> bool {
        self.outputs.contains_key(path)
    }

    /// The page or static file at output path `path`, if the site has one.
    pub fn output(&self, path: &str) -> Option<Route> {
        self.outputs
            .get_key_value(path)
            .map(|(p, &has_headings)| Route {
                path: p.clone(),
                has_headings,
            })
    }

    /// Every output path that links can name, for suggestions.
    pub fn outputs(&self) -> impl Iterator<Item = &str> {
        self.outputs.keys().map(String::as_str)
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
        assert_eq!(
            relative("index.html", "onboarding/index.html"),
            "onboarding/index.html"
        );
        assert_eq!(
            relative("roadmaps/a/b/index.html", "roadmaps/a/index.html"),
            "../index.html"
        );
        assert_eq!(
            relative("roadmaps/a/b/index.html", "roadmaps/a/c/index.html"),
            "../c/index.html"
        );
        assert_eq!(
            relative("roadmaps/a/b/index.html", "roadmaps/a/b/index.html"),
            "index.html"
        );
        assert_eq!(relative("a/index.html", "logo.svg"), "../logo.svg");
        assert_eq!(
            relative("roadmaps/a/index.html", &summary("A")),
            "summary.html"
        );
        assert_eq!(
            stage("Ent", "Needs Analysis"),
            "roadmaps/ent/needs-analysis/index.html"
        );
        assert_eq!(
            relative("roadmaps/a/b/index.html", &role_view("a", "SDR")),
            "../role-sdr.html"
        );
        assert_eq!(
            relative(&segment_view("a", "smb"), &stage("a", "b")),
            "b/index.html"
        );
    }
}
