//! The typed model of a sales-roadmap site: what authors write, after loading.
//!
//! The `*Spec` types mirror the YAML and front matter field by field (unknown fields are
//! rejected); [`Site`] ties them together with the file each came from.

mod account;
mod body;
mod change;
mod checklist;
mod date;
mod history;
mod language;
mod roles;
mod set_aside;

pub use account::{
    Account, AccountNarrativeFront, AccountSpec, CommitteeMember, CommitteePart, CriterionStatus,
    Influence, PlanStep, StageEntry, StageRequirement, Stance, TeamMember,
};
pub use body::Body;
pub use change::{Change, latest_change};
pub use checklist::{ChecklistItem, same_text, stable_id};
pub use date::Date;
pub use history::{History, HistoryRow, Period};
pub use language::Language;
pub(crate) use language::is_tag as is_language_tag;
pub use roles::Part;
pub use set_aside::SetAside;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// `content/site.yaml`: settings for the whole site. Only `title` is required.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's name, shown in the header of every page and in the browser tab.
    pub title: String,
    /// A short, stable name that readers' checklist ticks and quiz answers are stored under
    /// in their browsers. Default: a slug of `title`. Set it before you publish, so that
    /// renaming the site later keeps readers' progress.
    #[serde(default)]
    pub id: Option<String>,
    /// One or two sentences shown on the home page and in `<meta name="description">`.
    #[serde(default)]
    pub description: Option<String>,
    /// The language of the site's interface (menus, labels, dates): `zh-CN` (the default),
    /// `en`, or another language tag whose UI strings the theme has
    /// (`themes/<name>/i18n/<tag>.yaml`).
    #[serde(default)]
    pub language: Language,
    /// The URL the site is published at, such as
    /// `https://intranet.example.com/sales/roadmap/` (keep the trailing slash). Used for
    /// the absolute URLs of `sitemap.xml` and by the 404 page; `stagecraft build
    /// --base-url` overrides it.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The theme to render with, by folder name under `themes/` beside `content/`.
    /// Default: `default`, the built-in theme; a file under `themes/default/` replaces the
    /// built-in file of the same path.
    #[serde(default)]
    pub theme: Option<String>,
    /// Days after a playbook's `updated` date when `stagecraft check` warns that it is
    /// stale and its page shows "Needs review". Default: 90.
    #[serde(default)]
    #[schemars(extend("default" = 90))]
    pub review_every: Option<u32>,
    /// Keep raw HTML in Markdown exactly as written, scripts included. Default: false,
    /// which removes scripts, event handlers, unsafe links and iframes from unlisted hosts.
    /// Set it only when every author is trusted.
    #[serde(default)]
    pub allow_html: bool,
    /// Host names that `<iframe>`s in Markdown may load from over http or https, such as
    /// `video.intranet.example.com`. Iframes from any other host are removed.
    #[serde(default)]
    pub iframe_hosts: Vec<String>,
    /// How far a stage's actual conversion (from `history.csv`) may fall below its planned
    /// `conversion_rate` before the review page flags it, as a share of the planned rate:
    /// 0.1 flags a stage planned at 50 % that converts below 45 %. From 0 to below 1;
    /// default 0.1.
    #[serde(default)]
    #[schemars(extend("default" = 0.1))]
    pub shortfall_threshold: Option<f64>,
    /// Days after a buying-committee member's `last_contact` when `stagecraft check` warns
    /// that no one has spoken with them (key accounts). Default: 60.
    #[serde(default)]
    #[schemars(extend("default" = 60))]
    pub contact_stale_days: Option<u32>,
    /// Whether search finds key accounts by their names and notes. Default: true; `false`
    /// keeps them out of the search index (their pages are still built).
    #[serde(default)]
    #[schemars(extend("default" = true))]
    pub accounts_in_search: Option<bool>,
    /// How many days back the what's-new page and the feed reach. Default: 90.
    #[serde(default)]
    #[schemars(extend("default" = 90))]
    pub whats_new_days: Option<u32>,
    /// Whether `stagecraft check` warns when a playbook's text changed but its `changes`
    /// list did not (against the last commit with `--git-dates`, else when `updated` is
    /// later than the newest change). Default: false.
    #[serde(default)]
    pub warn_unlogged_changes: bool,
    /// The other languages the site is published in, each with its own `title` and
    /// `description`, such as `en: {title: South China sales, description: …}`. Each is
    /// written under `<language>/`; its text comes from translations beside the originals
    /// (`roadmap.en.yaml`, `qualify.en.md`) and falls back to the original where there is
    /// none.
    #[serde(default)]
    pub translations: BTreeMap<Language, TranslationConfig>,
    /// How search reads queries: the site's own synonyms.
    #[serde(default)]
    pub search: Option<SearchConfig>,
}

/// `search:` in `content/site.yaml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Groups of words and phrases that mean the same on this site, such as
    /// `[PoC, proof of concept, proof of value, POV]`: a query holding one of a group also
    /// finds the others. Each group has at least two entries; an entry is in one group only.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
}

/// A language the site is translated into: the site's title and description in it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, Hash)]
#[serde(deny_unknown_fields)]
pub struct TranslationConfig {
    /// The site's name in this language.
    pub title: String,
    /// The site's description in this language.
    #[serde(default)]
    pub description: Option<String>,
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

    /// Days without contact after which a committee member is flagged.
    pub fn contact_stale_days(&self) -> u32 {
        self.contact_stale_days.unwrap_or(60)
    }

    /// Days of changes the what's-new page and the feed show.
    pub fn whats_new_days(&self) -> u32 {
        self.whats_new_days.unwrap_or(90)
    }

    /// Whether account names and notes go into the search index.
    pub fn accounts_in_search(&self) -> bool {
        self.accounts_in_search.unwrap_or(true)
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

/// `content/roadmaps/<roadmap>/roadmap.yaml`: one sales roadmap. The folder name is the
/// roadmap's id, used in its URL and in references such as `<roadmap>/<stage>`. `title` and
/// `stages` are required.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoadmapSpec {
    /// The roadmap's name: the heading of its page and its entry on the home page.
    pub title: String,
    /// A short paragraph at the top of the roadmap page: what this roadmap is for.
    #[serde(default)]
    pub summary: Option<String>,
    /// Who is accountable for the roadmap: a role id from `roles` (shown by its name), or a
    /// person's name.
    #[serde(default)]
    pub owner: Option<String>,
    /// When the roadmap was last updated (YYYY-MM-DD).
    #[serde(default)]
    pub updated: Option<Date>,
    /// When the roadmap must be reviewed again (YYYY-MM-DD). After that day `stagecraft
    /// check` warns that it is stale.
    #[serde(default)]
    pub review_by: Option<Date>,
    /// What changed and when, newest first: `[{date, note, major}]`. Shown on the
    /// what's-new page, in the feed and as "updated since you last read it" notices; the
    /// latest date also counts as `updated` when that is earlier.
    #[serde(default)]
    pub changes: Vec<Change>,
    /// Measurable, time-bound goals, each with a `target` and a `deadline`. `customers`
    /// goals (and `revenue` goals, given `average_deal_size`) also get a reverse funnel and
    /// a forecast.
    #[serde(default)]
    pub goals: Vec<Goal>,
    /// Market analysis: trends, customer needs and competitors.
    #[serde(default)]
    pub market: Option<Market>,
    /// Customer segments. A playbook can be written for some of them (`segments` in its
    /// front matter), and a section of it for one (a heading ending in `{segment=<id>}`);
    /// each segment gets its own view of the roadmap.
    #[serde(default)]
    pub segments: Vec<Segment>,
    /// Pricing, promotion and channel strategy, in words.
    #[serde(default)]
    pub strategy: Option<Strategy>,
    /// The roles (people or teams) that own or take part in stages. Stages name them by id
    /// in `owner` and `raci`.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// The stages of the sales process, in order; at least one. A stage's playbook is the
    /// Markdown file `stages/<id>.md` beside this file (optional: without one, the stage
    /// page shows what this file says).
    pub stages: Vec<Stage>,
    /// Roadmap-wide key performance indicators, such as new customers per quarter.
    #[serde(default)]
    pub kpis: Vec<Kpi>,
    /// Average value of a won deal, in the unit of the revenue goals: with goals in 万元 and
    /// deals worth 60 万元 each, 60. Turns a revenue goal into a number of deals for the
    /// reverse funnel and the forecast. Positive.
    #[serde(default)]
    pub average_deal_size: Option<f64>,
    /// The open deals in each stage on a given day, for the forecast of each count goal.
    #[serde(default)]
    pub pipeline: Option<Pipeline>,
    /// Dated milestones of the plan, drawn on a timeline. One past its date and not `done`
    /// is flagged.
    #[serde(default)]
    pub milestones: Vec<Milestone>,
}

/// Open deals per stage on a given day, for the forecast.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pipeline {
    /// The day the counts were taken (YYYY-MM-DD).
    pub as_of: Date,
    /// Open deals by stage id, such as `prospect: 40`. Each key must be a stage of this
    /// roadmap.
    pub stages: BTreeMap<String, f64>,
}

/// A dated milestone of the plan.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// What is reached, such as `First reference customer live`.
    pub name: String,
    /// When it is due (YYYY-MM-DD).
    pub date: Date,
    /// The id of the stage it belongs to, if any.
    #[serde(default)]
    pub stage: Option<String>,
    /// Whether it has been reached. A milestone past its date and not done is flagged on
    /// the page and in `stagecraft check`. Default: false.
    #[serde(default)]
    pub done: bool,
}

/// A role's part in a stage: `R` Responsible, `A` Accountable, `C` Consulted or `I`
/// Informed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
pub enum Raci {
    /// Responsible: does the work.
    R,
    /// Accountable: answers for the outcome. Exactly one role per stage.
    A,
    /// Consulted: gives input before decisions.
    C,
    /// Informed: is kept up to date.
    I,
}

/// A measurable, time-bound goal. `id`, `label`, `target` and `deadline` are required.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// A short id, unique within the roadmap.
    pub id: String,
    /// What the goal is, in words, such as `Sign 20 new customers`.
    pub label: String,
    /// What is counted: `revenue`, `customers`, `market_share` or `custom` (the default).
    /// `customers` goals, and `revenue` goals given `average_deal_size`, get a reverse
    /// funnel and a forecast.
    #[serde(default)]
    pub metric: Metric,
    /// The number to reach, in `unit`. Positive.
    pub target: f64,
    /// Unit of `target` and `current`, as shown on the page: `万元`, `customers`, `%`.
    #[serde(default)]
    pub unit: Option<String>,
    /// The date by which the target must be reached (YYYY-MM-DD).
    pub deadline: Date,
    /// When work towards the goal started (YYYY-MM-DD). With `current`, the page says
    /// whether the goal is on pace: where it should be today on the straight line from
    /// `start` to `deadline`.
    #[serde(default)]
    pub start: Option<Date>,
    /// Whether the reverse funnel and the forecast apply. Default: true for `customers` and
    /// `revenue` goals. Set it to false for a count the stages do not produce, such as
    /// partners recruited by a partner process whose goal counts their customers.
    #[serde(default)]
    pub funnel: Option<bool>,
    /// Progress so far, in `unit`: shown as a progress bar, and used for the pace and the
    /// forecast.
    #[serde(default)]
    pub current: Option<f64>,
}

/// What a goal counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Money won, in the goal's `unit`. Gets a reverse funnel when the roadmap has
    /// `average_deal_size`.
    Revenue,
    /// Number of customers won. Gets a reverse funnel and a forecast.
    Customers,
    /// Share of the market.
    MarketShare,
    /// Anything else.
    #[default]
    Custom,
}

/// Market analysis of a roadmap.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Market {
    /// Market trends, one item of text each.
    #[serde(default)]
    pub trends: Vec<String>,
    /// What customers need, one item of text each.
    #[serde(default)]
    pub needs: Vec<String>,
    /// Competitors and how they compare.
    #[serde(default)]
    pub competitors: Vec<Competitor>,
}

/// A competitor in the market analysis. Only `name` is required.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Competitor {
    /// The competitor's name.
    pub name: String,
    /// What they do well.
    #[serde(default)]
    pub strengths: Option<String>,
    /// Where they are weak: where we win against them.
    #[serde(default)]
    pub weaknesses: Option<String>,
}

/// A customer segment. `id` and `name` are required.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// A short id, unique within the roadmap. Playbooks name it in `segments`, and headings
    /// in `{segment=<id>}`.
    pub id: String,
    /// The name shown on pages and on segment badges.
    pub name: String,
    /// Who they are.
    #[serde(default)]
    pub description: Option<String>,
    /// How to tell that an account belongs to this segment.
    #[serde(default)]
    pub criteria: Option<String>,
}

/// Pricing, promotion and channel strategy, each as free text. Blank lines start new
/// paragraphs (write `|` after the colon for text over several lines).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    /// How we price: list prices, discounts, contract terms.
    #[serde(default)]
    pub pricing: Option<String>,
    /// How customers get to know us: events, campaigns, content.
    #[serde(default)]
    pub promotion: Option<String>,
    /// How we reach and sell to customers: direct sales, partners, online.
    #[serde(default)]
    pub channel: Option<String>,
}

/// A role (a person or a team) that owns or takes part in stages.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// A short id, unique within the roadmap. Stages name it in `owner` and `raci`.
    pub id: String,
    /// The name shown on pages, such as `Account Executive`.
    pub name: String,
}

/// One stage of the sales process. `id`, `name` and `owner` are required.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// A short id, unique within the roadmap: part of the stage's URL. Its playbook is
    /// `stages/<id>.md`, and onboarding modules name it as `<roadmap>/<id>`.
    pub id: String,
    /// The name shown in the stage diagram and as the heading of the stage's page.
    pub name: String,
    /// One or two sentences on what happens in the stage.
    #[serde(default)]
    pub summary: Option<String>,
    /// The id of the role that owns the stage (one of `roles`).
    pub owner: String,
    /// Typical number of days a deal spends in the stage (a whole number). With it on every
    /// stage up to the close, the funnel says by when deals must enter each stage.
    #[serde(default)]
    pub duration_days: Option<u32>,
    /// Share of the deals in this stage that reach the next one: 0.4 for 40 %. Above 0 and
    /// at most 1. The last stage with a rate is where deals are won; the stages after it
    /// are post-sale.
    #[serde(default)]
    pub conversion_rate: Option<f64>,
    /// What must be true for a deal to enter the stage.
    #[serde(default)]
    pub entry_criteria: Vec<String>,
    /// What must be true for a deal to leave the stage.
    #[serde(default)]
    pub exit_criteria: Vec<String>,
    /// What the owner does in the stage.
    #[serde(default)]
    pub activities: Vec<String>,
    /// What can go wrong in the stage.
    #[serde(default)]
    pub risks: Vec<String>,
    /// How the stage is measured.
    #[serde(default)]
    pub kpis: Vec<Kpi>,
    /// Each role's part in the stage, as `role id: R | A | C | I`, such as `{ae: A, sdr: R,
    /// vp: I}`. Exactly one `A`; the roadmap page shows a RACI matrix and a swimlane
    /// diagram.
    #[serde(default)]
    pub raci: BTreeMap<String, Raci>,
    /// What an account must have from this stage on, such as `[economic_buyer]`: key
    /// accounts at or after the stage without it get a warning.
    #[serde(default)]
    pub requires: Vec<StageRequirement>,
}

/// A key performance indicator. Only `name` is required.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// What is measured, such as `Meetings booked per week`.
    pub name: String,
    /// The value aimed for (a number).
    #[serde(default)]
    pub target: Option<f64>,
    /// Unit of `target`, such as `meetings` or `%` (quote values that start with a symbol:
    /// `"%"`).
    #[serde(default)]
    pub unit: Option<String>,
}

/// Front matter of a stage playbook, `content/roadmaps/<roadmap>/stages/<stage>.md`: YAML
/// between two `---` lines at the top of the file. Every field is optional, and so is the
/// front matter.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaybookFront {
    /// The heading of the stage's page, instead of the stage's name.
    #[serde(default)]
    pub title: Option<String>,
    /// When the playbook was last updated (YYYY-MM-DD). `stagecraft check` warns when it is
    /// older than `review_every` days (site.yaml, default 90).
    #[serde(default)]
    pub updated: Option<Date>,
    /// When the playbook must be reviewed again (YYYY-MM-DD). After that day `stagecraft
    /// check` warns that it is stale.
    #[serde(default)]
    pub review_by: Option<Date>,
    /// Who last checked that the playbook matches how the team sells, shown beside its
    /// dates.
    #[serde(default)]
    pub verified_by: Option<String>,
    /// Segment ids (from `segments` in roadmap.yaml) that this whole playbook is written
    /// for. Default: every segment.
    #[serde(default)]
    pub segments: Vec<String>,
    /// What changed and when, newest first: `[{date, note, major}]`. Shown on the
    /// what's-new page, in the feed and as "updated since you last read it" notices; the
    /// latest date also counts as `updated` when that is earlier.
    #[serde(default)]
    pub changes: Vec<Change>,
}

/// Front matter of an onboarding module, `content/onboarding/<module>.md`: YAML between two
/// `---` lines at the top of the file. Only `title` is required.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OnboardingFront {
    /// The module's name.
    pub title: String,
    /// The part of the onboarding path the module belongs to: `week-1`, `week-2`,
    /// `month-2` and so on, shown as "Week 1" or "第 1 周". Modules are grouped by it.
    #[serde(default)]
    pub phase: Option<String>,
    /// Where the module comes in the path: modules are sorted by `order`, then by file
    /// name.
    #[serde(default)]
    pub order: Option<f64>,
    /// How long the module takes, in words: `half a day`, `2 天`.
    #[serde(default)]
    pub duration: Option<String>,
    /// The stages this module prepares the new rep for, as `<roadmap>/<stage>`
    /// (`main/prospect`). Each of those stage pages links to the module.
    #[serde(default)]
    pub stages: Vec<String>,
    /// Things the new rep does, ticked off in the browser: each a line of text, or `{id,
    /// text}`.
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
    /// Self-check questions, answered in the browser.
    #[serde(default)]
    pub quiz: Vec<QuizQuestion>,
    /// What changed and when, newest first: `[{date, note, major}]`. Shown on the
    /// what's-new page, in the feed and as "updated since you last read it" notices; the
    /// latest `major` change marks the module "changed, review again" for reps who
    /// completed it before.
    #[serde(default)]
    pub changes: Vec<Change>,
}

/// A multiple-choice self-check question. `q`, `options` and `answer` are required.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuizQuestion {
    /// The question.
    pub q: String,
    /// The choices, in the order shown.
    pub options: Vec<String>,
    /// Which choice is right, counting from 0: 0 is the first of `options`.
    pub answer: usize,
    /// In a translation: the original's question and options, whose ids the reader's
    /// answers are stored under, so that answers carry over between languages.
    #[serde(skip)]
    #[schemars(skip)]
    pub original: Option<Box<(String, Vec<String>)>>,
}

impl QuizQuestion {
    /// The id a reader's answer is stored under: [`stable_id`] of the (original) question.
    pub fn key(&self) -> String {
        stable_id(self.original.as_ref().map_or(&self.q, |o| &o.0))
    }

    /// The id of option `i`: [`stable_id`] of the (original) option's text.
    pub fn option_key(&self, i: usize) -> String {
        let text = match &self.original {
            Some(o) => o.1.get(i),
            None => self.options.get(i),
        };
        stable_id(text.map_or("", String::as_str))
    }
}

/// Front matter of a free page, `content/pages/<page>.md` (a glossary, an FAQ): YAML
/// between two `---` lines at the top of the file. Only `title` is required.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    /// The page's title.
    pub title: String,
    /// One line under the title on what the page holds.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the page comes in the navigation: pages are sorted by `order`, then by file
    /// name.
    #[serde(default)]
    pub order: Option<f64>,
    /// What changed and when, newest first: `[{date, note, major}]`. Shown on the
    /// what's-new page, in the feed and as "updated since you last read it" notices.
    #[serde(default)]
    pub changes: Vec<Change>,
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
    pub body: Body,
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
    /// Key accounts, sorted by file name.
    pub accounts: Vec<Account>,
    /// Files under `content/static/`, relative to that folder, with `/` separators.
    pub static_files: Vec<String>,
    /// Sources that could not be loaded (paths relative to `content/`), so that checks do
    /// not report references into them as missing: their own error says enough.
    pub unloaded: Vec<String>,
    /// Translations found beside the originals (`roadmap.en.yaml`, `qualify.en.md`), as
    /// loaded; [`crate::translate`] checks them and applies them.
    pub translations: Vec<TranslationSource>,
}

/// What a translation file translates.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TranslationTarget {
    /// `roadmaps/<roadmap>/roadmap.<lang>.yaml`.
    Roadmap(String),
    /// `roadmaps/<roadmap>/stages/<stage>.<lang>.md`: roadmap, stage.
    Playbook(String, String),
    /// `onboarding/<module>.<lang>.md`.
    Module(String),
    /// `pages/<page>.<lang>.md`.
    Page(String),
}

/// A translation file, loaded but not yet checked against its original.
#[derive(Debug, Clone)]
pub struct TranslationSource {
    /// Path relative to the site root (`content/roadmaps/a/stages/qualify.en.md`).
    pub file: PathBuf,
    /// The language tag in its name (`en`).
    pub tag: String,
    /// What it translates.
    pub target: TranslationTarget,
    /// Its YAML (the whole file, or the front matter) as a tree of values.
    pub tree: serde_json::Value,
    /// The Markdown after the front matter (Markdown translations only).
    pub body: Option<Body>,
    /// 1-based line where `body` starts.
    pub body_line: usize,
    /// Hash of the file's text.
    pub hash: u64,
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
