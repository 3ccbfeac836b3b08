//! The numbers of key accounts: where each stands on its roadmap, how long it has been
//! there, its chance to win, and the portfolio board's sums and weighted pipeline.

use super::won_stage;
use crate::model::{Account, CommitteePart, Date, Roadmap, Stage, StageRequirement};

/// The account's roadmap and the index of its current stage there, when both exist.
pub fn place<'a>(roadmaps: &'a [Roadmap], account: &Account) -> Option<(&'a Roadmap, usize)> {
    let rm = roadmaps.iter().find(|r| r.slug == account.spec.roadmap)?;
    let i = rm
        .spec
        .stages
        .iter()
        .position(|s| s.id == account.spec.stage)?;
    Some((rm, i))
}

/// Which of a stage's exit `criteria` an account's `criterion` names: by position (`2` is
/// the second), by its text (spaces aside), or by its id (the slug of its text).
pub fn criterion_index(criteria: &[String], written: &str) -> Option<usize> {
    let written = written.trim();
    if let Ok(n) = written.parse::<usize>() {
        return (1..=criteria.len()).contains(&n).then(|| n - 1);
    }
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let wanted = squash(written);
    criteria
        .iter()
        .position(|c| squash(c) == wanted)
        .or_else(|| {
            let slug = crate::slug::slugify(written);
            (!slug.is_empty())
                .then(|| {
                    criteria
                        .iter()
                        .position(|c| crate::slug::slugify(c) == slug)
                })
                .flatten()
        })
}

/// The chance that a deal in stage `current` is won: the product of the conversion rates of
/// `current` and of every later stage up to the won stage (the same won stage as the
/// reverse funnel). `None` after the won stage (post-sale: already won), or when a stage on
/// the way has no rate.
pub fn win_chance(stages: &[Stage], current: usize) -> Option<f64> {
    let won = won_stage(stages)?;
    if current > won {
        return None;
    }
    stages[current..=won]
        .iter()
        .map(|s| s.conversion_rate)
        .product::<Option<f64>>()
}

/// Whether stage `current` comes after the won stage: the account is a customer.
pub fn is_post_sale(stages: &[Stage], current: usize) -> bool {
    won_stage(stages).is_some_and(|won| current > won)
}

/// Days spent in each entry of the account's stage history: until the next entry, and for
/// the last one until `today`. Negative spans (dates out of order) count as 0.
pub fn days_per_entry(account: &Account, today: Date) -> Vec<i64> {
    let history = &account.spec.stage_history;
    history
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let end = history.get(i + 1).map_or(today, |next| next.entered);
            (end.days_since_epoch() - e.entered.days_since_epoch()).max(0)
        })
        .collect()
}

/// Days the account has been in its current stage on `today`, when its history says when
/// it entered it (the last entry is the current stage).
pub fn days_in_stage(account: &Account, today: Date) -> Option<i64> {
    let last = account.spec.stage_history.last()?;
    (last.stage == account.spec.stage)
        .then(|| (today.days_since_epoch() - last.entered.days_since_epoch()).max(0))
}

/// Whether the account has been in its stage longer than the stage's `duration_days`.
pub fn is_stalled(account: &Account, stage: &Stage, today: Date) -> bool {
    match (days_in_stage(account, today), stage.duration_days) {
        (Some(days), Some(planned)) => days > i64::from(planned),
        _ => false,
    }
}

/// Indexes of the plan steps past their due day and not done.
pub fn overdue_steps(account: &Account, today: Date) -> Vec<usize> {
    account
        .spec
        .plan
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.done && s.due < today)
        .map(|(i, _)| i)
        .collect()
}

/// The first stage that requires an economic buyer, when the account is at or after it
/// and its committee names none.
pub fn missing_economic_buyer(
    account: &Account,
    stages: &[Stage],
    current: usize,
) -> Option<usize> {
    let first = stages
        .iter()
        .position(|s| s.requires.contains(&StageRequirement::EconomicBuyer))?;
    let has = account
        .spec
        .committee
        .iter()
        .any(|m| m.part == CommitteePart::EconomicBuyer);
    (current >= first && !has).then_some(first)
}

/// Indexes of the committee members not contacted for more than `stale_days` days on
/// `today` (or never), with the days since the last contact (`None`: never).
pub fn stale_contacts(
    account: &Account,
    stale_days: u32,
    today: Date,
) -> Vec<(usize, Option<i64>)> {
    account
        .spec
        .committee
        .iter()
        .enumerate()
        .filter_map(|(i, m)| match m.last_contact {
            None => Some((i, None)),
            Some(d) => {
                let days = today.days_since_epoch() - d.days_since_epoch();
                (days > i64::from(stale_days)).then_some((i, Some(days)))
            }
        })
        .collect()
}

/// The sums of one column of the board.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StageTotal {
    /// Accounts in the stage.
    pub count: usize,
    /// The sum of their values.
    pub value: f64,
    /// The sum of their values times their chance to win (`None` when the stage's chance
    /// is unknown: a rate missing on the way to the close, or post-sale).
    pub weighted: Option<f64>,
}

/// The sums per stage of the accounts at `at` (each the index of its stage, with its value),
/// through the stages of one roadmap.
pub fn stage_totals(stages: &[Stage], at: &[(usize, Option<f64>)]) -> Vec<StageTotal> {
    let mut totals: Vec<StageTotal> = (0..stages.len())
        .map(|i| StageTotal {
            weighted: win_chance(stages, i).map(|_| 0.0),
            ..StageTotal::default()
        })
        .collect();
    for &(i, value) in at {
        let Some(t) = totals.get_mut(i) else { continue };
        let v = value.unwrap_or(0.0);
        t.count += 1;
        t.value += v;
        if let (Some(w), Some(p)) = (t.weighted.as_mut(), win_chance(stages, i)) {
            *w += v * p;
        }
    }
    totals
}

/// The weighted pipeline: the sum of the stages' weighted values, open stages only.
pub fn weighted_pipeline(totals: &[StageTotal]) -> f64 {
    totals.iter().filter_map(|t| t.weighted).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::funnel::tests::stage;

    fn stages() -> Vec<Stage> {
        vec![
            stage("a", Some(0.5), Some(10)),
            stage("b", Some(0.4), Some(20)),
            stage("c", Some(0.8), Some(30)),
            stage("care", None, Some(90)),
        ]
    }

    fn account(yaml: &str) -> Account {
        Account {
            slug: "x".into(),
            file: "content/accounts/x.yaml".into(),
            spec: serde_yaml::from_str(yaml).unwrap(),
            hash: 0,
            set_aside: Default::default(),
            narrative: None,
        }
    }

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn the_chance_to_win_multiplies_the_rates_up_to_the_won_stage() {
        let s = stages();
        // a: 0.5 × 0.4 × 0.8 = 0.16; b: 0.4 × 0.8 = 0.32; c: 0.8; care is post-sale.
        assert!((win_chance(&s, 0).unwrap() - 0.16).abs() < 1e-12);
        assert!((win_chance(&s, 1).unwrap() - 0.32).abs() < 1e-12);
        assert!((win_chance(&s, 2).unwrap() - 0.8).abs() < 1e-12);
        assert_eq!(win_chance(&s, 3), None);
        assert!(is_post_sale(&s, 3) && !is_post_sale(&s, 2));
        let mut gap = stages();
        gap[1].conversion_rate = None;
        assert_eq!(
            win_chance(&gap, 0),
            None,
            "a stage without a rate on the way"
        );
        assert!((win_chance(&gap, 2).unwrap() - 0.8).abs() < 1e-12);
    }

    #[test]
    fn sums_per_stage_and_the_weighted_pipeline() {
        let s = stages();
        // Two accounts in a (100 and 300), one in b (250), one in care (999, not weighed).
        let totals = stage_totals(
            &s,
            &[
                (0, Some(100.0)),
                (0, Some(300.0)),
                (1, Some(250.0)),
                (3, Some(999.0)),
            ],
        );
        assert_eq!(totals[0].count, 2);
        assert_eq!(totals[0].value, 400.0);
        assert!((totals[0].weighted.unwrap() - 64.0).abs() < 1e-9); // 400 × 0.16
        assert!((totals[1].weighted.unwrap() - 80.0).abs() < 1e-9); // 250 × 0.32
        assert_eq!(
            totals[2],
            StageTotal {
                count: 0,
                value: 0.0,
                weighted: Some(0.0)
            }
        );
        assert_eq!(totals[3].weighted, None);
        assert!((weighted_pipeline(&totals) - 144.0).abs() < 1e-9);
    }

    #[test]
    fn days_in_stage_stalls_and_overdue_steps() {
        let a = account(
            "{name: X, roadmap: r, stage: b, stage_history: [{stage: a, entered: 2026-01-01}, {stage: b, entered: 2026-01-11}],
              plan: [{step: s1, due: 2026-01-20, done: true}, {step: s2, due: 2026-01-25}, {step: s3, due: 2026-02-05}]}",
        );
        let today = day("2026-02-01");
        assert_eq!(days_per_entry(&a, today), vec![10, 21]);
        assert_eq!(days_in_stage(&a, today), Some(21));
        assert!(
            is_stalled(&a, &stages()[1], today),
            "21 days in a 20-day stage"
        );
        assert!(
            !is_stalled(&a, &stages()[1], day("2026-01-31")),
            "20 days is on time"
        );
        assert_eq!(overdue_steps(&a, today), vec![1]);
    }

    #[test]
    fn criteria_by_position_text_or_id() {
        let c = vec![
            "Budget confirmed".to_string(),
            "POC  signed off".to_string(),
        ];
        assert_eq!(criterion_index(&c, "1"), Some(0));
        assert_eq!(criterion_index(&c, "2"), Some(1));
        assert_eq!(criterion_index(&c, "3"), None);
        assert_eq!(criterion_index(&c, "0"), None);
        assert_eq!(criterion_index(&c, "POC signed off"), Some(1));
        assert_eq!(criterion_index(&c, "budget-confirmed"), Some(0));
        assert_eq!(criterion_index(&c, "Budget agreed"), None);
    }

    #[test]
    fn economic_buyer_and_stale_contacts() {
        let mut s = stages();
        s[1].requires = vec![StageRequirement::EconomicBuyer];
        let without = account(
            "{name: X, roadmap: r, stage: c, committee: [{name: A, part: champion, last_contact: 2026-01-01}, {name: B, part: user}]}",
        );
        assert_eq!(missing_economic_buyer(&without, &s, 2), Some(1));
        assert_eq!(
            missing_economic_buyer(&without, &s, 0),
            None,
            "before the stage"
        );
        let with = account(
            "{name: X, roadmap: r, stage: c, committee: [{name: A, part: economic_buyer}]}",
        );
        assert_eq!(missing_economic_buyer(&with, &s, 2), None);
        assert_eq!(
            stale_contacts(&without, 60, day("2026-03-02")),
            vec![(0, Some(60)), (1, None)]
                .into_iter()
                .filter(|(_, d)| *d != Some(60))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            stale_contacts(&without, 60, day("2026-03-03")),
            vec![(0, Some(61)), (1, None)]
        );
    }
}
