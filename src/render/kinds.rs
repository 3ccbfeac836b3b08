//! The kinds of page a site has: where each page goes, what its fingerprint is made of (so
//! that a rebuild reuses the pages whose inputs did not change), and which module builds its
//! context. A new kind of page is a variant here and a module under [`super::pages`].

use super::fingerprint;
use super::pages::{
    account, accounts, home, not_found, onboarding, page, review, roadmap, role, segment, stage,
    summary, whats_new,
};
use crate::i18n::Strings;
use crate::markdown::RenderedDocs;
use crate::model::Site;
use crate::routes;
use std::hash::{DefaultHasher, Hash};
use std::path::Path;
use tera::Context;

/// Which page of the site a job renders.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PageKind {
    Home,
    Roadmap(usize),
    /// A roadmap's one-page printable summary.
    Summary(usize),
    Review(usize),
    Stage(usize, usize),
    /// A role's view of a roadmap: roadmap index, role index.
    Role(usize, usize),
    /// A customer segment's view of a roadmap: roadmap index, segment index.
    Segment(usize, usize),
    Onboarding,
    Module(usize),
    Page(usize),
    NotFound,
    /// The key-account portfolio board.
    Accounts,
    /// A key account's page.
    Account(usize),
    /// What changed lately, from every `changes` list.
    WhatsNew,
}

impl PageKind {
    /// Every page of `site`, in order.
    pub(crate) fn all(site: &Site) -> Vec<PageKind> {
        let mut kinds = vec![
            PageKind::Home,
            PageKind::Onboarding,
            PageKind::NotFound,
            PageKind::WhatsNew,
        ];
        for r in 0..site.roadmaps.len() {
            kinds.extend(PageKind::of_roadmap(site, r));
        }
        kinds.extend((0..site.onboarding.len()).map(PageKind::Module));
        kinds.extend((0..site.pages.len()).map(PageKind::Page));
        if !site.accounts.is_empty() {
            kinds.push(PageKind::Accounts);
            kinds.extend((0..site.accounts.len()).map(PageKind::Account));
        }
        kinds
    }
}

impl PageKind {
    /// The pages of roadmap `r` (its own, its stages' and its views), in order.
    pub(crate) fn of_roadmap(site: &Site, r: usize) -> Vec<PageKind> {
        let rm = &site.roadmaps[r];
        let mut kinds = vec![PageKind::Roadmap(r), PageKind::Summary(r)];
        if review::has_review(site, rm) {
            kinds.push(PageKind::Review(r));
        }
        kinds.extend((0..rm.spec.stages.len()).map(|i| PageKind::Stage(r, i)));
        kinds.extend((0..rm.spec.roles.len()).map(|i| PageKind::Role(r, i)));
        kinds.extend((0..rm.spec.segments.len()).map(|i| PageKind::Segment(r, i)));
        kinds
    }

    /// The onboarding pages: the home page and the onboarding index, which list every
    /// module, and the modules, which link each other.
    pub(crate) fn of_onboarding(site: &Site) -> Vec<PageKind> {
        let mut kinds = vec![PageKind::Home, PageKind::Onboarding];
        kinds.extend((0..site.onboarding.len()).map(PageKind::Module));
        kinds
    }
}

/// Everything a page's context is made from.
pub(crate) struct Inputs<'a> {
    /// The site.
    pub(crate) site: &'a Site,
    /// Its rendered Markdown.
    pub(crate) docs: &'a RenderedDocs,
    /// The theme's UI strings.
    pub(crate) t: &'a Strings,
    /// Where the 404 page's links start: the path of `base_url`, or `/` without one.
    pub(crate) base_path: String,
    /// The 404 page's script that finds the site's root at run time.
    pub(crate) find_root: Option<not_found::InlineScript>,
    /// The day pace, review dates and overdue milestones are judged on.
    pub(crate) today: crate::model::Date,
    /// Every logged change, newest first.
    pub(crate) changes: &'a crate::changes::ChangeLog,
    /// The language rendered: where its pages go and what a translated page adds.
    pub(crate) language: &'a crate::translate::LanguageContext,
}

impl Inputs<'_> {
    /// Where page `kind` goes in the output.
    pub(crate) fn path(&self, kind: PageKind) -> String {
        let site = self.site;
        match kind {
            PageKind::Home => routes::HOME.to_string(),
            PageKind::Roadmap(r) => routes::roadmap(&site.roadmaps[r].slug),
            PageKind::Summary(r) => routes::summary(&site.roadmaps[r].slug),
            PageKind::Review(r) => routes::review(&site.roadmaps[r].slug),
            PageKind::Stage(r, i) => {
                let rm = &site.roadmaps[r];
                routes::stage(&rm.slug, &rm.spec.stages[i].id)
            }
            PageKind::Role(r, i) => {
                let rm = &site.roadmaps[r];
                routes::role_view(&rm.slug, &rm.spec.roles[i].id)
            }
            PageKind::Segment(r, i) => {
                let rm = &site.roadmaps[r];
                routes::segment_view(&rm.slug, &rm.spec.segments[i].id)
            }
            PageKind::Onboarding => routes::ONBOARDING.to_string(),
            PageKind::Module(i) => routes::module(&site.onboarding[i].slug),
            PageKind::Page(i) => routes::page(&site.pages[i].slug),
            PageKind::NotFound => "404.html".to_string(),
            PageKind::Accounts => routes::ACCOUNTS.to_string(),
            PageKind::Account(i) => routes::account(&site.accounts[i].slug),
            PageKind::WhatsNew => routes::WHATS_NEW.to_string(),
        }
    }

    /// A hash of everything the page shows, from the sources' hashes: equal fingerprints
    /// mean the page would render the same.
    pub(crate) fn fingerprint(&self, kind: PageKind, common: u64) -> u64 {
        let site = self.site;
        let all_roadmaps =
            |h: &mut DefaultHasher| site.roadmaps.iter().for_each(|r| (&r.slug, r.hash).hash(h));
        let all_modules = |h: &mut DefaultHasher| {
            site.onboarding
                .iter()
                .for_each(|m| (&m.slug, m.hash).hash(h))
        };
        let body = |h: &mut DefaultHasher, file: &Path| self.docs.get(file).map(|r| r.hash).hash(h);
        // Account pages, the board, role views and review pages show accounts as of today.
        let all_accounts = |h: &mut DefaultHasher| {
            site.accounts.iter().for_each(|a| (&a.slug, a.hash).hash(h));
            self.today.hash(h);
        };
        fingerprint(|h| {
            common.hash(h);
            std::mem::discriminant(&kind).hash(h);
            // Every page carries its newest change; the home, what's-new and onboarding pages
            // show more of the log.
            self.changes.hash.hash(h);
            match kind {
                PageKind::Home | PageKind::Onboarding => {
                    all_roadmaps(h);
                    all_modules(h);
                }
                PageKind::Roadmap(r) => {
                    let rm = &site.roadmaps[r];
                    rm.hash.hash(h);
                    rm.playbooks.keys().for_each(|k| k.hash(h));
                    // Pace and late enter-by dates depend on the day.
                    self.today.hash(h);
                    // Its links to the review page and the board.
                    accounts::board_path(site, rm).hash(h);
                }
                PageKind::Review(r) => {
                    let rm = &site.roadmaps[r];
                    rm.hash.hash(h);
                    // Overdue milestones, actuals and the forecast: the day and history.csv.
                    (self.today, rm.history.as_ref().map(|x| x.hash)).hash(h);
                    all_accounts(h);
                }
                // Everything the summary shows comes from roadmap.yaml.
                PageKind::Summary(r) => (&site.roadmaps[r].slug, site.roadmaps[r].hash).hash(h),
                PageKind::Stage(r, i) => {
                    let rm = &site.roadmaps[r];
                    (i, rm.hash).hash(h);
                    if let Some(doc) = rm.playbooks.get(&rm.spec.stages[i].id) {
                        doc.hash.hash(h);
                        body(h, &doc.file);
                    }
                    stage::stale_notice(site, (r, i), self.today, self.t).hash(h);
                    let reference = format!("{}/{}", rm.slug, rm.spec.stages[i].id);
                    for m in site
                        .onboarding
                        .iter()
                        .filter(|m| m.front.stages.contains(&reference))
                    {
                        (&m.slug, &m.front.title).hash(h);
                    }
                }
                PageKind::Role(r, i) => {
                    let rm = &site.roadmaps[r];
                    (i, rm.hash).hash(h);
                    rm.playbooks.keys().for_each(|k| k.hash(h));
                    all_accounts(h);
                }
                PageKind::Segment(r, i) => {
                    let rm = &site.roadmaps[r];
                    (i, rm.hash).hash(h);
                    for (stage, doc) in &rm.playbooks {
                        (stage, doc.hash).hash(h);
                        body(h, &doc.file);
                    }
                }
                PageKind::Module(i) => {
                    i.hash(h);
                    all_roadmaps(h);
                    all_modules(h);
                    body(h, &site.onboarding[i].file);
                }
                PageKind::Page(i) => {
                    let p = &site.pages[i];
                    p.hash.hash(h);
                    body(h, &p.file);
                }
                PageKind::NotFound => self.base_path.hash(h),
                PageKind::WhatsNew => {
                    all_roadmaps(h);
                    self.today.hash(h);
                }
                PageKind::Accounts => {
                    all_roadmaps(h);
                    all_accounts(h);
                }
                PageKind::Account(i) => {
                    let a = &site.accounts[i];
                    (i, a.hash, self.today).hash(h);
                    if let Some(n) = &a.narrative {
                        n.hash.hash(h);
                        body(h, &n.file);
                    }
                    if let Some(rm) = site.roadmaps.iter().find(|r| r.slug == a.spec.roadmap) {
                        rm.hash.hash(h);
                        rm.playbooks.keys().for_each(|k| k.hash(h));
                    }
                }
            }
        })
    }

    /// The template and context of page `kind` at `path`.
    pub(crate) fn context(&self, kind: PageKind, path: &str) -> (&'static str, Context) {
        let (site, docs, t) = (self.site, self.docs, self.t);
        match kind {
            PageKind::Home => ("home.html", home::home_context(site, self.changes, t)),
            PageKind::Roadmap(r) => ("roadmap.html", roadmap::context(site, r, self.today, t)),
            PageKind::Review(r) => ("review.html", review::context(site, r, self.today, t)),
            PageKind::Summary(r) => (
                "summary.html",
                summary::summary_context(&site.roadmaps[r], t),
            ),
            PageKind::Stage(r, i) => (
                "stage.html",
                stage::context(site, (r, i), docs, self.today, t),
            ),
            PageKind::Role(r, i) => (
                "role.html",
                role::role_context(site, &site.roadmaps[r], i, self.today, t),
            ),
            PageKind::Segment(r, i) => (
                "segment.html",
                segment::segment_context(&site.roadmaps[r], i, docs, t),
            ),
            PageKind::Onboarding => ("onboarding.html", onboarding::onboarding_context(site, t)),
            PageKind::Module(i) => ("module.html", onboarding::module_context(site, i, docs, t)),
            PageKind::Page(i) => ("page.html", page::context(&site.pages[i], path, docs)),
            PageKind::NotFound => (
                "404.html",
                not_found::context(path, t, &self.base_path, self.find_root.as_ref()),
            ),
            PageKind::Accounts => ("accounts.html", accounts::context(site, self.today, t)),
            PageKind::Account(i) => (
                "account.html",
                account::context(site, i, docs, self.today, t),
            ),
            PageKind::WhatsNew => (
                "whats-new.html",
                whats_new::context(site, self.changes, self.today, t),
            ),
        }
    }
}
