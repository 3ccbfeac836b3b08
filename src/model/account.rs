//! Key-account plans: `content/accounts/<account>.yaml`, one strategic customer placed on a
//! roadmap, with its buying committee, the mutual action plan and the current stage's exit
//! criteria; and the optional narrative beside it, `content/accounts/<account>.md`.

use super::{Date, Document, SetAside};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// `content/accounts/<account>.yaml`: one key account's plan. The file name is the account's
/// id, used in its URL. `name`, `roadmap` and `stage` are required.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountSpec {
    /// The customer's name, as the board and the account page show it.
    pub name: String,
    /// The id of the roadmap the account is sold through (its folder under `roadmaps/`).
    pub roadmap: String,
    /// The id of the stage of that roadmap the account is in now. When `stage_history` is
    /// given, its last entry must be this stage.
    pub stage: String,
    /// The id of one of the roadmap's `segments` the customer belongs to.
    #[serde(default)]
    pub segment: Option<String>,
    /// The role (a role id of the roadmap) that owns the account; the role's view lists it.
    #[serde(default)]
    pub owner: Option<String>,
    /// The people on our side who work the account.
    #[serde(default)]
    pub team: Vec<TeamMember>,
    /// The deal's expected value, in the unit of the roadmap's revenue goals (such as 万元).
    /// The board sums it per stage and weighs it by the chance to win.
    #[serde(default)]
    pub value: Option<f64>,
    /// When the deal is expected to close (YYYY-MM-DD).
    #[serde(default)]
    pub target_close: Option<Date>,
    /// When the plan was last updated (YYYY-MM-DD).
    #[serde(default)]
    pub updated: Option<Date>,
    /// When the plan must be reviewed again (YYYY-MM-DD). After that day `stagecraft check`
    /// warns.
    #[serde(default)]
    pub review_by: Option<Date>,
    /// The stages the account has been in, oldest first, each with the day it entered.
    /// Gives the days spent in each stage; an account longer in its stage than the stage's
    /// `duration_days` is stalled.
    #[serde(default)]
    pub stage_history: Vec<StageEntry>,
    /// The customer's buying committee: who takes part in the decision, how much they weigh
    /// and where they stand.
    #[serde(default)]
    pub committee: Vec<CommitteeMember>,
    /// The mutual action plan agreed with the customer, step by step. A step past its
    /// `due` day and not `done` is overdue.
    #[serde(default)]
    pub plan: Vec<PlanStep>,
    /// Which of the current stage's exit criteria (in roadmap.yaml) are met.
    #[serde(default)]
    pub exit_criteria: Vec<CriterionStatus>,
    /// What could lose the deal, one item of text each.
    #[serde(default)]
    pub risks: Vec<String>,
    /// What happens next on our side, one item of text each.
    #[serde(default)]
    pub next_steps: Vec<String>,
}

/// A person on our side who works the account. Both fields are required.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamMember {
    /// The person's name.
    pub name: String,
    /// Their part: a role id of the roadmap (shown by its name), or any text.
    pub role: String,
}

/// One stage the account entered. Both fields are required.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageEntry {
    /// The id of the stage of the account's roadmap.
    pub stage: String,
    /// The day the account entered it (YYYY-MM-DD).
    pub entered: Date,
}

/// A member of the customer's buying committee. `name` and `part` are required.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitteeMember {
    /// The person's name.
    pub name: String,
    /// Their job title at the customer, such as `CFO`.
    #[serde(default)]
    pub title: Option<String>,
    /// Their part in the decision.
    pub part: CommitteePart,
    /// How much their word weighs: `high`, `medium` (the default) or `low`.
    #[serde(default)]
    pub influence: Influence,
    /// Where they stand on our offer: `supporter`, `neutral` (the default), `sceptic` or
    /// `opponent`.
    #[serde(default)]
    pub stance: Stance,
    /// The last day someone of our team spoke with them (YYYY-MM-DD). `stagecraft check`
    /// warns when it is older than `contact_stale_days` (site.yaml, default 60), or missing.
    #[serde(default)]
    pub last_contact: Option<Date>,
    /// What we know of them, in a sentence or two.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A committee member's part in the customer's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CommitteePart {
    /// Owns the budget and signs off the purchase.
    EconomicBuyer,
    /// Has a vote in the decision.
    DecisionMaker,
    /// Sells for us inside the customer.
    Champion,
    /// Judges the technical fit.
    TechnicalEvaluator,
    /// Will use what is bought.
    User,
    /// Runs the purchase: terms, price, contract.
    Procurement,
    /// Works against the deal.
    Blocker,
}

impl CommitteePart {
    /// Every part, in the order the committee table and the map's legend list them.
    pub const ALL: [CommitteePart; 7] = [
        CommitteePart::EconomicBuyer,
        CommitteePart::DecisionMaker,
        CommitteePart::Champion,
        CommitteePart::TechnicalEvaluator,
        CommitteePart::User,
        CommitteePart::Procurement,
        CommitteePart::Blocker,
    ];

    /// The id as written in YAML (`economic_buyer`).
    pub fn key(self) -> &'static str {
        match self {
            CommitteePart::EconomicBuyer => "economic_buyer",
            CommitteePart::DecisionMaker => "decision_maker",
            CommitteePart::Champion => "champion",
            CommitteePart::TechnicalEvaluator => "technical_evaluator",
            CommitteePart::User => "user",
            CommitteePart::Procurement => "procurement",
            CommitteePart::Blocker => "blocker",
        }
    }
}

/// How much a committee member's word weighs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Influence {
    /// Decides or can stop the deal.
    High,
    /// Is heard.
    #[default]
    Medium,
    /// Is informed.
    Low,
}

impl Influence {
    /// The id as written in YAML.
    pub fn key(self) -> &'static str {
        match self {
            Influence::High => "high",
            Influence::Medium => "medium",
            Influence::Low => "low",
        }
    }
}

/// Where a committee member stands on our offer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// For us.
    Supporter,
    /// Undecided.
    #[default]
    Neutral,
    /// Doubts us.
    Sceptic,
    /// Against us.
    Opponent,
}

impl Stance {
    /// The id as written in YAML.
    pub fn key(self) -> &'static str {
        match self {
            Stance::Supporter => "supporter",
            Stance::Neutral => "neutral",
            Stance::Sceptic => "sceptic",
            Stance::Opponent => "opponent",
        }
    }
}

/// One step of the mutual action plan. `step` and `due` are required.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanStep {
    /// What is done, such as `Site visit at the Foshan plant`.
    pub step: String,
    /// Who does it: a person's name, on either side.
    #[serde(default)]
    pub owner: Option<String>,
    /// When it is due (YYYY-MM-DD).
    pub due: Date,
    /// Whether it is done. Default: false.
    #[serde(default)]
    pub done: bool,
    /// Whether the customer does it (rather than our team). Default: false.
    #[serde(default)]
    pub customer_side: bool,
}

/// Whether one exit criterion of the current stage is met. `criterion` is required.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CriterionStatus {
    /// Which exit criterion of the current stage: its position in the stage's
    /// `exit_criteria` (1 is the first), its text as written there, or its id (the slug of
    /// its text).
    pub criterion: String,
    /// Whether it is met. Default: false.
    #[serde(default)]
    pub met: bool,
    /// What shows it is met (or how far it is), such as a document or a meeting.
    #[serde(default)]
    pub evidence: Option<String>,
}

/// Front matter of an account's narrative, `content/accounts/<account>.md`: YAML between
/// two `---` lines at the top of the file. Every field is optional, and so is the front
/// matter.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountNarrativeFront {
    /// The heading of the narrative on the account page. Default: "Account story".
    #[serde(default)]
    pub title: Option<String>,
    /// When the narrative was last updated (YYYY-MM-DD).
    #[serde(default)]
    pub updated: Option<Date>,
}

/// A key account, loaded.
#[derive(Debug, Clone)]
pub struct Account {
    /// The file name without `.yaml`: the account's id and URL segment.
    pub slug: String,
    /// Path of the YAML file, relative to the site root.
    pub file: PathBuf,
    /// What the YAML says.
    pub spec: AccountSpec,
    /// Hash of the YAML file's text.
    pub hash: u64,
    /// What of the YAML failed to parse and was left out of `spec`.
    pub set_aside: SetAside,
    /// The narrative beside it, when there is one.
    pub narrative: Option<Document<AccountNarrativeFront>>,
}

/// What a stage asks of an account before it can be in it (`requires` on a stage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StageRequirement {
    /// An `economic_buyer` in the account's committee: accounts at or after this stage
    /// without one get a warning.
    EconomicBuyer,
}
