//! The key-account portfolio board (`accounts/index.html`): one column per stage of each
//! roadmap with a card per account, the count, sum and weighted value per stage, the
//! weighted pipeline, and the accounts that are stalled or have overdue steps. Also the
//! account cards that role views list, and the live pipeline the review page counts.

use crate::i18n::{Strings, amount, format_percent, t_of, tr, with_unit};
use crate::model::{Account, Date, Metric, Pipeline, Roadmap, Site};
use crate::plan::accounts as numbers;
use crate::render::templates::page_context;
use crate::render::views::LinkView;
use crate::routes;
use crate::slug::encode_path;
use serde::Serialize;
use tera::Context;

/// Something that needs attention on an account.
#[derive(Debug, Serialize)]
pub struct FlagView {
    /// `stalled`, `overdue`, `no-buyer`, `contact` or `review`: for filters and styling.
    pub key: &'static str,
    /// In words.
    pub label: String,
}

/// An account as a card of the board or a role view shows it.
#[derive(Debug, Serialize)]
pub struct AccountCard {
    /// The account page.
    pub link: LinkView,
    /// Its value with the roadmap's revenue unit, if given.
    pub value: Option<String>,
    /// "21 days in stage", when the history says.
    pub days: Option<String>,
    /// The owning role's name.
    pub owner: Option<String>,
    /// The owning role's id (for the owner filter), or empty.
    pub owner_id: String,
    /// The segment's name.
    pub segment: Option<String>,
    /// The segment's id (for the segment filter), or empty.
    pub segment_id: String,
    /// The current stage's name.
    pub stage: String,
    /// What needs attention.
    pub flags: Vec<FlagView>,
    /// The flags' keys, space-separated (for the flag filter).
    pub flag_keys: String,
}

/// The unit of the roadmap's revenue goals (`万元`), which account values are in.
pub(crate) fn revenue_unit(rm: &Roadmap) -> Option<&str> {
    rm.spec
        .goals
        .iter()
        .find(|g| g.metric == Metric::Revenue)
        .and_then(|g| g.unit.as_deref())
}

/// A number of days in words ("21 days").
pub(crate) fn days_text(t: &Strings, n: i64) -> String {
    tr(t, "acct_days", &[("n", &n.to_string())])
}

/// What needs attention on account `a` (in stage `current` of `rm`) on `today`.
pub(crate) fn flags(
    site: &Site,
    a: &Account,
    rm: &Roadmap,
    current: usize,
    today: Date,
    t: &Strings,
) -> Vec<FlagView> {
    let mut out = Vec::new();
    let mut flag = |key, label: String| out.push(FlagView { key, label });
    if numbers::is_stalled(a, &rm.spec.stages[current], today) {
        flag("stalled", t_of(t, "acct_flag_stalled").to_string());
    }
    let overdue = numbers::overdue_steps(a, today).len();
    if overdue > 0 {
        flag(
            "overdue",
            tr(t, "acct_flag_overdue", &[("n", &overdue.to_string())]),
        );
    }
    if numbers::missing_economic_buyer(a, &rm.spec.stages, current).is_some() {
        flag("no-buyer", t_of(t, "acct_flag_no_buyer").to_string());
    }
    let stale = numbers::stale_contacts(a, site.config.contact_stale_days(), today).len();
    if stale > 0 {
        flag(
            "contact",
            tr(t, "acct_flag_contact", &[("n", &stale.to_string())]),
        );
    }
    if a.spec.review_by.is_some_and(|d| d < today) {
        flag("review", t_of(t, "acct_flag_review").to_string());
    }
    out
}

/// The card of account `a`, in stage `current` of `rm`.
pub(crate) fn card(
    site: &Site,
    a: &Account,
    rm: &Roadmap,
    current: usize,
    today: Date,
    t: &Strings,
) -> AccountCard {
    let spec = &a.spec;
    let flags = flags(site, a, rm, current, today, t);
    AccountCard {
        link: LinkView::new(&routes::account(&a.slug), &spec.name),
        value: spec.value.map(|v| with_unit(&amount(v), revenue_unit(rm))),
        days: numbers::days_in_stage(a, today)
            .map(|n| tr(t, "acct_days_in_stage", &[("n", &n.to_string())])),
        owner: spec.owner.as_deref().map(|o| rm.role_name(o).to_string()),
        owner_id: spec.owner.clone().unwrap_or_default(),
        segment: spec
            .segment
            .as_deref()
            .and_then(|s| rm.spec.segments.iter().find(|x| x.id == s))
            .map(|s| s.name.clone()),
        segment_id: spec.segment.clone().unwrap_or_default(),
        stage: rm.spec.stages[current].name.clone(),
        flag_keys: flags.iter().map(|f| f.key).collect::<Vec<_>>().join(" "),
        flags,
    }
}

/// The accounts of roadmap `rm` with their stage index, in file-name order.
pub(crate) fn accounts_of<'a>(site: &'a Site, rm: &Roadmap) -> Vec<(&'a Account, usize)> {
    site.accounts
        .iter()
        .filter(|a| a.spec.roadmap == rm.slug)
        .filter_map(|a| Some((a, rm.spec.stages.iter().position(|s| s.id == a.spec.stage)?)))
        .collect()
}

/// One column of the board: a stage with its sums and its cards.
#[derive(Debug, Serialize)]
struct ColumnView {
    stage: LinkView,
    count: usize,
    value: String,
    /// The chance to win from this stage, as a percentage; `None` post-sale or unknown.
    chance: Option<String>,
    weighted: Option<String>,
    post_sale: bool,
    cards: Vec<AccountCard>,
}

/// One roadmap's part of the board.
#[derive(Debug, Serialize)]
struct RoadmapBoard {
    roadmap: LinkView,
    id: String,
    columns: Vec<ColumnView>,
    count: usize,
    value: String,
    weighted: String,
    /// "Weighted pipeline: 1,234 万元", with how it is worked out.
    weighted_text: String,
    attention: Vec<AttentionView>,
}

/// An account that is stalled or has overdue steps, with why.
#[derive(Debug, Serialize)]
struct AttentionView {
    link: LinkView,
    reasons: String,
}

/// A filter's choice.
#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct OptionView {
    value: String,
    label: String,
}

fn board(site: &Site, rm: &Roadmap, today: Date, t: &Strings) -> Option<RoadmapBoard> {
    let accounts = accounts_of(site, rm);
    if accounts.is_empty() {
        return None;
    }
    let unit = revenue_unit(rm);
    let money = |v: f64| with_unit(&amount(v), unit);
    let at: Vec<(usize, Option<f64>)> = accounts.iter().map(|(a, i)| (*i, a.spec.value)).collect();
    let totals = numbers::stage_totals(&rm.spec.stages, &at);
    let weighted = numbers::weighted_pipeline(&totals);
    let columns = rm
        .spec
        .stages
        .iter()
        .enumerate()
        .zip(&totals)
        .map(|((i, s), total)| ColumnView {
            stage: LinkView::new(&routes::stage(&rm.slug, &s.id), &s.name),
            count: total.count,
            value: money(total.value),
            chance: numbers::win_chance(&rm.spec.stages, i).map(format_percent),
            weighted: total.weighted.map(money),
            post_sale: numbers::is_post_sale(&rm.spec.stages, i),
            cards: accounts
                .iter()
                .filter(|(_, at)| *at == i)
                .map(|(a, _)| card(site, a, rm, i, today, t))
                .collect(),
        })
        .collect();
    let attention = accounts
        .iter()
        .filter_map(|(a, i)| {
            let reasons: Vec<String> = flags(site, a, rm, *i, today, t)
                .into_iter()
                .filter(|f| f.key == "stalled" || f.key == "overdue")
                .map(|f| f.label)
                .collect();
            (!reasons.is_empty()).then(|| AttentionView {
                link: LinkView::new(&routes::account(&a.slug), &a.spec.name),
                reasons: crate::i18n::list(t, &reasons),
            })
        })
        .collect();
    Some(RoadmapBoard {
        roadmap: LinkView::new(&routes::roadmap(&rm.slug), &rm.spec.title),
        id: routes::segment(&rm.slug),
        columns,
        count: accounts.len(),
        value: money(totals.iter().map(|x| x.value).sum()),
        weighted: money(weighted),
        weighted_text: tr(t, "acct_weighted_text", &[("v", &money(weighted))]),
        attention,
    })
}

/// The context of the portfolio board as of `today`.
pub(crate) fn context(site: &Site, today: Date, t: &Strings) -> Context {
    let mut c = page_context(routes::ACCOUNTS, t_of(t, "accounts_board"));
    let boards: Vec<RoadmapBoard> = site
        .roadmaps
        .iter()
        .filter_map(|rm| board(site, rm, today, t))
        .collect();
    let mut owners = Vec::new();
    let mut segments = Vec::new();
    for a in &site.accounts {
        let Some((rm, _)) = numbers::place(&site.roadmaps, a) else {
            continue;
        };
        if let Some(o) = &a.spec.owner {
            owners.push(OptionView {
                value: o.clone(),
                label: rm.role_name(o).to_string(),
            });
        }
        if let Some(s) = a
            .spec
            .segment
            .as_deref()
            .and_then(|s| rm.spec.segments.iter().find(|x| x.id == s))
        {
            segments.push(OptionView {
                value: s.id.clone(),
                label: s.name.clone(),
            });
        }
    }
    for list in [&mut owners, &mut segments] {
        list.sort();
        list.dedup();
    }
    let flags: Vec<OptionView> = ["stalled", "overdue", "no-buyer", "contact", "review"]
        .iter()
        .map(|k| OptionView {
            value: k.to_string(),
            label: t_of(t, &format!("acct_filter_{}", k.replace('-', "_"))).to_string(),
        })
        .collect();
    c.insert(
        "as_of",
        &tr(t, "plan_as_of", &[("date", &today.to_string())]),
    );
    c.insert("boards", &boards);
    c.insert("owners", &owners);
    c.insert("segments", &segments);
    c.insert("flags", &flags);
    c
}

/// The cards of the accounts that role `role` of `rm` owns.
pub(crate) fn owned_by(
    site: &Site,
    rm: &Roadmap,
    role: &str,
    today: Date,
    t: &Strings,
) -> Vec<AccountCard> {
    accounts_of(site, rm)
        .into_iter()
        .filter(|(a, _)| a.spec.owner.as_deref() == Some(role))
        .map(|(a, i)| card(site, a, rm, i, today, t))
        .collect()
}

/// When `rm` has no `pipeline:` but has key accounts before the close: a pipeline of those
/// accounts (one open deal each, by stage, as of `today`), and their names for the
/// forecast to say which it counts.
pub(crate) fn live_pipeline(
    site: &Site,
    rm: &Roadmap,
    today: Date,
) -> Option<(Pipeline, Vec<String>)> {
    if rm.spec.pipeline.is_some() {
        return None;
    }
    let mut stages = std::collections::BTreeMap::new();
    let mut names = Vec::new();
    for (a, i) in accounts_of(site, rm) {
        if numbers::is_post_sale(&rm.spec.stages, i) {
            continue;
        }
        *stages.entry(a.spec.stage.clone()).or_insert(0.0) += 1.0;
        names.push(format!("{} ({})", a.spec.name, rm.spec.stages[i].name));
    }
    (!names.is_empty()).then_some((
        Pipeline {
            as_of: today,
            stages,
        },
        names,
    ))
}

/// Output path of the board, encoded, when the site has accounts on `rm`.
pub(crate) fn board_path(site: &Site, rm: &Roadmap) -> Option<String> {
    site.accounts
        .iter()
        .any(|a| a.spec.roadmap == rm.slug)
        .then(|| {
            format!(
                "{}#board-{}",
                encode_path(routes::ACCOUNTS),
                routes::segment(&rm.slug)
            )
        })
}
