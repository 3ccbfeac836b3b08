//! The typed model of a sales-roadmap site: what authors write, after loading.
//!
//! The `*Spec` types mirror the YAML and front matter field by field (unknown fields are
//! rejected); [`Site`] ties them together with the file each came from.

mod checklist;
mod date;
mod history;
mod roles;
mod set_aside;

pub use checklist::{ChecklistItem, same_text, stable_id};
pub use date::Date;
pub use history::{History, HistoryRow, Period};
pub use roles::Part;
pub use set_aside::SetAside;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// `content/site.yaml`: settings for the whole site.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's name, shown in every page header.
    pub title: String,
    /// A short name that readers' saved progress is stored under in their browsers
    /// (default: a slug of the title). Set it so that renaming the site keeps progress.
    #[serde(default)]
    pub id: Option<String>,
    /// One or two sentences shown on the home page.
    #[serde(default)]
    pub description: Option<String>,
    /// The language of the UI strings and of the `lang` attribute.
    #[serde(default)]
    pub language: Language,
    /// Absolute URL the site is published at (used for the sitemap).
    #[serde(default)]
    pub base_url: Option<String>,
    /// Name of a theme folder under `themes/`; `default` is built in.
    #[serde(default)]
    pub theme: Option<String>,
    /// Days after its `updated` date when a playbook counts as stale (default 90).
    #[serde(default)]
    pub review_every: Option<u32>,
    /// Keep raw HTML in Markdown as written instead of sanitizing it.
    #[serde(default)]
    pub allow_html: bool,
    /// Hosts that `<iframe>`s in Markdown may load from (such as an intranet video server).
    #[serde(default)]
    pub iframe_hosts: Vec<String>,
    /// How far below plan (as a share of the planned rate, 0.1 = 10 %) a stage's actual
    /// conversion may fall before it is flagged (default 0.1).
    #[serde(default)]
    pub shortfall_threshold: Option<f64>,
}

impl SiteConfig {
    /// Days after `updated` when content counts as stale.
    pub fn review_every(&self) -> u32 {
        self.review_every.unwrap_or(90)
    }

    /// The share below plan at which a stage's actual conversion is flagged.
    pub fn shortfall_threshold(&self) -> f64 {
        self.shortfall_threshold.unwrap_or(0.1)
    }

    /// The site's key for progress stored in readers' browsers: `id`, or a slug of the
    /// title, or `site` when the title has no letters or digits.
    pub fn site_id(&self) -> String {
        if let Some(id) = self.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            return id.to_string();
        }
        let slug = crate::slug::slugify(&self.title);
        if slug.is_empty() {
            "site".to_string()
        } else {
            slug
        }
    }
}

/// The languages the theme's UI strings exist in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum Language {
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    #[default]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Language {
    /// The BCP 47 tag, as used in `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        }
    }
}

/// `content/roadmaps/<roadmap>/roadmap.yaml`: one sales roadmap.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoadmapSpec {
    /// The roadmap's name.
    pub title: String,
    /// A short paragraph on what this roadmap is for.
    #[serde(default)]
    pub summary: Option<String>,
    /// Who is accountable for the roadmap: a role id (shown by its name) or a name.
    #[serde(default)]
    pub owner: Option<String>,
    /// When the roadmap was last updated.
    #[serde(default)]
    pub updated: Option<Date>,
    /// When the roadmap must be reviewed again.
    #[serde(default)]
    pub review_by: Option<Date>,
    /// Measurable, time-bound goals.
    #[serde(default)]
    pub goals: Vec<Goal>,
    /// Market analysis.
    #[serde(default)]
    pub market: Option<Market>,
    /// Customer segments.
    #[serde(default)]
    pub segments: Vec<Segment>,
    /// Pricing, promotion and channel strategy.
    #[serde(default)]
    pub strategy: Option<Strategy>,
    /// The roles that own or take part in stages.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// The sales process, in order.
    pub stages: Vec<Stage>,
    /// How performance is evaluated across the roadmap.
    #[serde(default)]
    pub kpis: Vec<Kpi>,
    /// Average value of a won deal, in the unit of the revenue goals: turns a revenue goal
    /// into a number of deals for the reverse funnel.
    #[serde(default)]
    pub average_deal_size: Option<f64>,
    /// Open deals in each stage now, for the forecast.
    #[serde(default)]
    pub pipeline: Option<Pipeline>,
    /// Dated milestones of the plan.
    #[serde(default)]
    pub milestones: Vec<Milestone>,
}

/// Open deals per stage on a given day.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pipeline {
    /// The day the counts were taken.
    pub as_of: Date,
    /// Open deals by stage id.
    pub stages: BTreeMap<String, f64>,
}

/// A dated milestone of the plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// What is reached.
    pub name: String,
    /// When it is due.
    pub date: Date,
    /// The stage it belongs to, if any.
    #[serde(default)]
    pub stage: Option<String>,
    /// Whether it has been reached.
    #[serde(default)]
    pub done: bool,
}

/// A role's part in a stage: Responsible, Accountable, Consulted or Informed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub enum Raci {
    /// Does the work.
    R,
    /// Answers for the outcome; exactly one per stage.
    A,
    /// Gives input before decisions.
    C,
    /// Is kept informed.
    I,
}

/// A measurable, time-bound goal.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Unique within the roadmap.
    pub id: String,
    /// What the goal is, in words.
    pub label: String,
    /// What is counted.
    #[serde(default)]
    pub metric: Metric,
    /// The number to reach.
    pub target: f64,
    /// Unit of `target` and `current` (万元, customers, %).
    #[serde(default)]
    pub unit: Option<String>,
    /// The date by which the target must be reached.
    pub deadline: Date,
    /// When work towards the goal started, for the pace (on track or behind).
    #[serde(default)]
    pub start: Option<Date>,
    /// Whether the reverse funnel and the forecast apply (default true for `customers` and
    /// `revenue`); `false` for a count the stages do not produce, such as partners recruited
    /// by a partner process whose goal counts their customers.
    #[serde(default)]
    pub funnel: Option<bool>,
    /// Progress so far.
    #[serde(default)]
    pub current: Option<f64>,
}

/// What a goal counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Money.
    Revenue,
    /// Number of customers won.
    Customers,
    /// Share of the market.
    MarketShare,
    /// Anything else.
    #[default]
    Custom,
}

/// Market analysis of a roadmap.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Market {
    /// Market trends.
    #[serde(default)]
    pub trends: Vec<String>,
    /// Customer needs.
    #[serde(default)]
    pub needs: Vec<String>,
    /// Competitors and how they compare.
    #[serde(default)]
    pub competitors: Vec<Competitor>,
}

/// A competitor in the market analysis.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Competitor {
    /// The competitor's name.
    pub name: String,
    /// What they do well.
    #[serde(default)]
    pub strengths: Option<String>,
    /// Where they are weak.
    #[serde(default)]
    pub weaknesses: Option<String>,
}

/// A customer segment.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// Unique within the roadmap.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Who they are.
    #[serde(default)]
    pub description: Option<String>,
    /// How to tell that an account belongs here.
    #[serde(default)]
    pub criteria: Option<String>,
}

/// Pricing, promotion and channel strategy.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    /// Pricing strategy.
    #[serde(default)]
    pub pricing: Option<String>,
    /// Promotion strategy.
    #[serde(default)]
    pub promotion: Option<String>,
    /// Channel strategy.
    #[serde(default)]
    pub channel: Option<String>,
}

/// A role that owns or takes part in stages.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Unique within the roadmap; stages name it as `owner`.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// One stage of the sales process.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Unique within the roadmap; the playbook is `stages/<id>.md`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// One or two sentences on the stage.
    #[serde(default)]
    pub summary: Option<String>,
    /// Role id of the stage's owner.
    pub owner: String,
    /// Typical time spent in the stage.
    #[serde(default)]
    pub duration_days: Option<u32>,
    /// Share of deals that reach the next stage, 0 < r <= 1.
    #[serde(default)]
    pub conversion_rate: Option<f64>,
    /// What must be true to enter the stage.
    #[serde(default)]
    pub entry_criteria: Vec<String>,
    /// What must be true to leave the stage.
    #[serde(default)]
    pub exit_criteria: Vec<String>,
    /// What the owner does in the stage.
    #[serde(default)]
    pub activities: Vec<String>,
    /// What can go wrong.
    #[serde(default)]
    pub risks: Vec<String>,
    /// How the stage is measured.
    #[serde(default)]
    pub kpis: Vec<Kpi>,
    /// Each role's part in the stage (`{role id: R | A | C | I}`).
    #[serde(default)]
    pub raci: BTreeMap<String, Raci>,
}

/// A key performance indicator.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// What is measured.
    pub name: String,
    /// The value aimed for.
    #[serde(default)]
    pub target: Option<f64>,
    /// Unit of `target`.
    #[serde(default)]
    pub unit: Option<String>,
}

/// Front matter of a stage playbook (all optional).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlaybookFront {
    /// Overrides the stage name as the page heading.
    #[serde(default)]
    pub title: Option<String>,
    /// When the playbook was last updated.
    #[serde(default)]
    pub updated: Option<Date>,
    /// When it must be reviewed again.
    #[serde(default)]
    pub review_by: Option<Date>,
    /// Who last reviewed it.
    #[serde(default)]
    pub verified_by: Option<String>,
    /// Segment ids this playbook is written for.
    #[serde(default)]
    pub segments: Vec<String>,
}

/// Front matter of an onboarding module.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OnboardingFront {
    /// The module's name.
    pub title: String,
    /// A label such as `week-1` or `month-2`; modules are grouped by it.
    #[serde(default)]
    pub phase: Option<String>,
    /// Sort key within the path.
    #[serde(default)]
    pub order: Option<f64>,
    /// How long the module takes, in words ("2 天").
    #[serde(default)]
    pub duration: Option<String>,
    /// Stages the module covers, as `<roadmap>/<stage>`.
    #[serde(default)]
    pub stages: Vec<String>,
    /// Things the new rep does: text, or `{id, text}`.
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
    /// Self-check questions.
    #[serde(default)]
    pub quiz: Vec<QuizQuestion>,
}

/// A multiple-choice self-check question.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuizQuestion {
    /// The question.
    pub q: String,
    /// The choices.
    pub options: Vec<String>,
    /// 0-based index of the right choice.
    pub answer: usize,
}

impl QuizQuestion {
    /// The id a reader's answer is stored under: [`stable_id`] of the question.
    pub fn key(&self) -> String {
        stable_id(&self.q)
    }
}

/// Front matter of a free page.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    /// The page's title.
    pub title: String,
    /// A one-line description.
    #[serde(default)]
    pub description: Option<String>,
    /// Sort key in the navigation.
    #[serde(default)]
    pub order: Option<f64>,
}

/// A Markdown source with its front matter, as loaded.
#[derive(Debug, Clone)]
pub struct Document<F> {
    /// Path relative to the site root (`content/onboarding/welcome.md`).
    pub file: PathBuf,
    /// The file's slug (its name without `.md`).
    pub slug: String,
    /// Parsed front matter.
    pub front: F,
    /// The Markdown after the front matter.
    pub body: std::sync::Arc<str>,
    /// 1-based line in the file where `body` starts.
    pub body_line: usize,
    /// Hash of the whole file's text, to tell when a page that shows it must be re-rendered.
    pub hash: u64,
    /// What of the front matter failed to parse and was left out of `front`.
    pub set_aside: SetAside,
}

/// A roadmap with the playbooks that belong to it.
#[derive(Debug, Clone)]
pub struct Roadmap {
    /// The folder name under `content/roadmaps/`.
    pub slug: String,
    /// Path of `roadmap.yaml`, relative to the site root.
    pub file: PathBuf,
    /// What the YAML says.
    pub spec: RoadmapSpec,
    /// Playbooks by stage id.
    pub playbooks: BTreeMap<String, Document<PlaybookFront>>,
    /// Hash of `roadmap.yaml`'s text.
    pub hash: u64,
    /// Actual counts per period from `history.csv`, when there is one.
    pub history: Option<History>,
    /// What of `roadmap.yaml` failed to parse and was left out of `spec`.
    pub set_aside: SetAside,
}

impl Roadmap {
    /// Display name of a role id, or the id itself when unknown.
    pub fn role_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.spec
            .roles
            .iter()
            .find(|r| r.id == id)
            .map_or(id, |r| r.name.as_str())
    }

    /// Whether a stage `id` that `spec` lacks may still be in roadmap.yaml, in a part that
    /// failed to parse (so its absence must not be reported).
    pub fn may_have_stage(&self, id: &str) -> bool {
        self.set_aside.may_hold("stages", id)
    }

    /// Whether a role `id` that `spec` lacks may be in a part that failed to parse.
    pub fn may_have_role(&self, id: &str) -> bool {
        self.set_aside.may_hold("roles", id)
    }

    /// Whether a segment `id` that `spec` lacks may be in a part that failed to parse.
    pub fn may_have_segment(&self, id: &str) -> bool {
        self.set_aside.may_hold("segments", id)
    }
}

/// A whole site, loaded.
#[derive(Debug, Clone)]
pub struct Site {
    /// Site settings.
    pub config: SiteConfig,
    /// Hash of `site.yaml`'s text.
    pub config_hash: u64,
    /// What of `site.yaml` failed to parse and was left out of `config`.
    pub config_set_aside: SetAside,
    /// Roadmaps, sorted by folder name.
    pub roadmaps: Vec<Roadmap>,
    /// Onboarding modules, sorted by `order`, then slug.
    pub onboarding: Vec<Document<OnboardingFront>>,
    /// Free pages, sorted by `order`, then slug.
    pub pages: Vec<Document<PageFront>>,
    /// Files under `content/static/`, relative to that folder, with `/` separators.
    pub static_files: Vec<String>,
    /// Sources that could not be loaded (paths relative to `content/`), so that checks do
    /// not report references into them as missing: their own error says enough.
    pub unloaded: Vec<String>,
}

impl Site {
    /// Whether `<roadmap>/<stage>` may name a stage that failed to load: its roadmap.yaml
    /// did not load at all, or the stage is in a part of it that failed to parse.
    pub fn may_have_stage(&self, roadmap: &str, stage: &str) -> bool {
        if self
            .unloaded
            .iter()
            .any(|u| *u == format!("roadmaps/{roadmap}/roadmap.yaml"))
        {
            return true;
        }
        self.roadmaps
            .iter()
            .find(|rm| rm.slug == roadmap)
            .is_some_and(|rm| rm.may_have_stage(stage))
    }

    /// Whether `site.yaml` gave its `review_every` setting, or it failed to load (and the
    /// default stands in for a value the author wrote).
    pub fn review_every_known(&self) -> bool {
        !self.unloaded.iter().any(|u| u == "site.yaml")
            && !self.config_set_aside.left_out("review_every")
    }

    /// The names (paths under `content/`, as `@/` links write them) of sources that failed
    /// to load, whole or in part; a name ending in `/` stands for everything under it.
    /// Links to them are not reported: the failure's own error says enough.
    pub fn unloaded_sources(&self) -> Vec<String> {
        let mut out = Vec::new();
        for u in &self.unloaded {
            match u.strip_suffix("roadmap.yaml") {
                Some(folder) => out.push(folder.to_string()),
                None => out.push(u.clone()),
            }
        }
        for rm in &self.roadmaps {
            for (list, folder, suffix) in [
                ("stages", "stages", ".md"),
                ("roles", "roles", ""),
                ("segments", "segments", ""),
            ] {
                let prefix = format!("roadmaps/{}/{folder}/", rm.slug);
                match rm.set_aside.ids_left_out(list) {
                    None => out.push(prefix),
                    Some(ids) => out.extend(ids.iter().map(|id| format!("{prefix}{id}{suffix}"))),
                }
            }
        }
        out
    }
}
