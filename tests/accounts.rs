//! Key accounts: the contract's errors and warnings at file:line:col, the board's sums and
//! weighted pipeline against hand-worked numbers, the account page, the review forecast
//! from accounts, role views and search (`tests/fixtures/accounts`).
//!
//! The fixture's roadmap `deals` converts lead 0.5 → demo 0.4 → close 0.5 (the won stage),
//! then `care` (post-sale). The chance to win from each stage is the product of its rate and
//! the later rates up to close: lead 0.5 × 0.4 × 0.5 = 0.1, demo 0.4 × 0.5 = 0.2, close 0.5.
//! Accounts: alpha 100 in lead, beta 200 and gamma 300 in demo, delta 400 in close, omega
//! 999 in care. Per stage: lead 1 / 100 / weighted 10; demo 2 / 500 / 100; close 1 / 400 /
//! 200; care 1 / 999 / not weighed (won). Weighted pipeline 10 + 100 + 200 = 310; total
//! value 1,999. On 2026-12-01: beta entered demo (20 days planned) on 2026-11-01, 30 days:
//! stalled; gamma's step due 2026-11-20 is not done: overdue; delta is in close, after demo
//! (which requires an economic buyer), with only a champion.

mod common;

use common::{TEST_DAY, TestSite, test_day};

fn check(site: &TestSite) -> Vec<String> {
    stagecraft::build::check(site.root(), Some(test_day()))
        .iter()
        .map(|d| d.to_string())
        .collect()
}

fn has(all: &[String], want: &[&str]) {
    assert!(
        all.iter().any(|d| want.iter().all(|w| d.contains(w))),
        "no diagnostic with {want:?} in:\n{}",
        all.join("\n")
    );
}

fn squash(html: &str) -> String {
    html.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_fixture_warns_of_the_stalled_the_overdue_and_the_buyerless_account_only() {
    let site = TestSite::fixture("accounts");
    let all = check(&site);
    assert_eq!(all.len(), 3, "{}", all.join("\n"));
    has(
        &all,
        &[
            "content/accounts/beta.yaml:10:28: warning: stalled",
            "stage `demo` for 30 days",
            "plans 20",
        ],
    );
    has(
        &all,
        &[
            "content/accounts/gamma.yaml:13:53: warning: plan step `Send the pilot report` was due on 2026-11-20",
        ],
    );
    has(
        &all,
        &[
            "content/accounts/delta.yaml:10:3: warning: no economic buyer identified",
            "stage `demo`",
            "in `close`",
        ],
    );
}

#[test]
fn stale_contacts_unmet_members_and_past_reviews_are_warned() {
    let site = TestSite::fixture("accounts");
    site.edit(
        "content/accounts/beta.yaml",
        "last_contact: 2026-11-20, notes",
        "last_contact: 2026-09-01, notes",
    )
    .edit(
        "content/accounts/beta.yaml",
        "review_by: 2027-01-01",
        "review_by: 2026-11-30",
    )
    .edit(
        "content/accounts/alpha.yaml",
        ", last_contact: 2026-11-25",
        "",
    );
    let all = check(&site);
    has(
        &all,
        &[
            "content/accounts/beta.yaml:13:89: warning: no one has contacted `Bea Block` for 91 days",
            "contact_stale_days",
        ],
    );
    has(
        &all,
        &[
            "content/accounts/beta.yaml:7:12: warning: this account plan was due for review on 2026-11-30",
        ],
    );
    has(
        &all,
        &["content/accounts/alpha.yaml:10:12: warning: no one has met `Ann Alpha` yet"],
    );
    site.write(
        "content/site.yaml",
        "title: Accounts Fixture\nlanguage: en\ncontact_stale_days: 100\n",
    );
    let all = check(&site);
    assert!(
        !all.iter().any(|d| d.contains("Bea Block")),
        "{}",
        all.join("\n")
    );
}

#[test]
fn unknown_roadmap_stage_segment_and_owner_are_errors_with_did_you_mean() {
    let site = TestSite::fixture("accounts");
    site.edit(
        "content/accounts/alpha.yaml",
        "roadmap: deals",
        "roadmap: deal",
    );
    site.edit(
        "content/accounts/beta.yaml",
        "stage: demo\n",
        "stage: dmeo\n",
    )
    .edit(
        "content/accounts/beta.yaml",
        "segment: bank",
        "segment: banks",
    )
    .edit("content/accounts/beta.yaml", "owner: se", "owner: sx");
    let errors = site.build_err();
    has(
        &errors,
        &[
            "content/accounts/alpha.yaml:2:10: error: roadmap `deal` does not exist",
            "did you mean `deals`?",
        ],
    );
    has(
        &errors,
        &[
            "content/accounts/beta.yaml:3:8: error: stage `dmeo` is not a stage of roadmap `deals`",
            "did you mean `demo`?",
        ],
    );
    has(
        &errors,
        &[
            "content/accounts/beta.yaml:4:10: error: segment `banks` is not a segment",
            "did you mean `bank`?",
        ],
    );
    has(
        &errors,
        &[
            "content/accounts/beta.yaml:5:8: error: owner `sx` is not a role",
            "did you mean `se`?",
        ],
    );
}

#[test]
fn a_history_out_of_order_or_against_the_stage_is_an_error() {
    let site = TestSite::fixture("accounts");
    site.edit(
        "content/accounts/beta.yaml",
        "entered: 2026-11-01",
        "entered: 2026-10-01",
    );
    site.edit(
        "content/accounts/gamma.yaml",
        "{stage: demo, entered: 2026-11-21}",
        "{stage: lead, entered: 2026-11-21}",
    );
    let errors = site.build_err();
    has(
        &errors,
        &[
            "content/accounts/beta.yaml:10:28: error: the history is out of order",
            "`demo` was entered on 2026-10-01, before `lead`",
        ],
    );
    has(
        &errors,
        &[
            "content/accounts/gamma.yaml:9:13: error: the history contradicts `stage`",
            "last entry is `lead`",
            "in `demo`",
        ],
    );
}

#[test]
fn part_influence_and_stance_outside_their_lists_are_errors() {
    let site = TestSite::fixture("accounts");
    site.edit(
        "content/accounts/beta.yaml",
        "part: economic_buyer",
        "part: economic_buyr",
    )
    .edit(
        "content/accounts/beta.yaml",
        "influence: medium",
        "influence: huge",
    )
    .edit(
        "content/accounts/beta.yaml",
        "stance: opponent",
        "stance: oponent",
    );
    let errors = site.build_err();
    has(
        &errors,
        &[
            "content/accounts/beta.yaml:12:40: error: unknown value `economic_buyr`",
            "did you mean `economic_buyer`?",
        ],
    );
    has(
        &errors,
        &[
            "content/accounts/beta.yaml:13:49: error: unknown value `huge`",
            "allowed values are `high`, `medium`, `low`",
        ],
    );
    has(
        &errors,
        &[
            "content/accounts/beta.yaml:13:63: error: unknown value `oponent`",
            "did you mean `opponent`?",
        ],
    );
}

#[test]
fn an_exit_criterion_not_in_the_stage_is_an_error() {
    let site = TestSite::fixture("accounts");
    site.edit(
        "content/accounts/beta.yaml",
        "{criterion: 1, met",
        "{criterion: 3, met",
    )
    .edit(
        "content/accounts/gamma.yaml",
        "criterion: Demo signed off",
        "criterion: Demo signed",
    );
    let errors = site.build_err();
    has(
        &errors,
        &[
            "content/accounts/beta.yaml:15:17: error: exit criterion `3` is not one of stage `demo`",
            "1. Demo signed off; 2. Pricing shared",
        ],
    );
    has(
        &errors,
        &[
            "content/accounts/gamma.yaml:17:17: error: exit criterion `Demo signed` is not one of stage `demo`",
            "did you mean `Demo signed off`?",
        ],
    );
}

#[test]
fn due_and_entered_dates_that_are_not_dates_are_errors() {
    let site = TestSite::fixture("accounts");
    site.edit(
        "content/accounts/gamma.yaml",
        "due: 2026-11-20",
        "due: 2026-11-31",
    )
    .edit(
        "content/accounts/gamma.yaml",
        "entered: 2026-11-01",
        "entered: next week",
    );
    let errors = site.build_err();
    has(
        &errors,
        &[
            "content/accounts/gamma.yaml:13:53: error: invalid date `2026-11-31`",
            "YYYY-MM-DD",
        ],
    );
    has(
        &errors,
        &["content/accounts/gamma.yaml:8:28: error: invalid date `next week`"],
    );
}

#[test]
fn a_narrative_without_its_account_is_an_error() {
    let site = TestSite::fixture("accounts");
    site.write("content/accounts/zeta.md", "Zeta has no plan yet.\n");
    let errors = site.build_err();
    has(
        &errors,
        &[
            "content/accounts/zeta.md",
            "no account: there is no accounts/zeta.yaml",
        ],
    );
}

#[test]
fn the_board_sums_each_stage_and_weighs_the_pipeline_by_the_chance_to_win() {
    let site = TestSite::fixture("accounts");
    site.build_ok();
    let board = squash(&site.page("accounts/index.html"));
    for row in [
        r#"<th scope="row">Lead</th><td class="n">1</td><td class="n">100 k€</td><td class="n">10%</td><td class="n">10 k€</td>"#,
        r#"<th scope="row">Demo</th><td class="n">2</td><td class="n">500 k€</td><td class="n">20%</td><td class="n">100 k€</td>"#,
        r#"<th scope="row">Close</th><td class="n">1</td><td class="n">400 k€</td><td class="n">50%</td><td class="n">200 k€</td>"#,
        r#"<th scope="row">Care</th><td class="n">1</td><td class="n">999 k€</td><td class="n">won</td><td class="n">–</td>"#,
        r#"<th scope="row">Total</th><td class="n">5</td><td class="n">1,999 k€</td><td></td><td class="n"><strong>310 k€</strong></td>"#,
    ] {
        assert!(board.contains(row), "missing {row}");
    }
    assert!(board.contains("Weighted pipeline: 310 k€"));
    // Needs attention: the stalled and the overdue account, with why.
    assert!(board.contains(r#"<a href="../accounts/beta/index.html">Beta Bank</a>: Stalled"#));
    assert!(
        board.contains(
            r#"<a href="../accounts/gamma/index.html">Gamma Mills</a>: 1 overdue step(s)"#
        )
    );
    // Cards carry what the filters read, and the filter script is a file, not inline.
    assert!(board.contains(r#"data-owner="se" data-segment="bank" data-flags="stalled""#));
    assert!(board.contains(r#"data-flags="no-buyer""#));
    assert!(board.contains(r#"<script src="../assets/accounts.js" defer></script>"#));
    assert!(!board.contains("<script>"));
}

#[test]
fn the_account_page_highlights_its_stage_and_flags_the_overdue_step() {
    let site = TestSite::fixture("accounts");
    site.build_ok();
    let page = squash(&site.page("accounts/gamma/index.html"));
    assert!(page.contains(r#"<g class="node current" role="listitem""#));
    assert!(page.contains(r#"href="../../roadmaps/deals/demo/index.html" aria-current="step""#));
    assert!(page.contains(
        r#"<tr class="step-overdue is-flagged"><th scope="row">Send the pilot report</th>"#
    ));
    assert_eq!(
        page.matches("step-overdue").count(),
        1,
        "only one step is overdue"
    );
    assert!(page.contains("1 overdue step(s)"));
    // The open exit criterion links to the stage's playbook; the narrative is there.
    assert!(page.contains(r#"href="../../roadmaps/deals/demo/index.html#playbook-heading">How to get there (playbook)"#));
    assert!(page.contains("Gamma&#39;s story") || page.contains("Gamma's story"));
    assert!(page.contains("The night shift loses track of silo levels."));
    // The committee map and its table; days per stage against plan.
    let beta = squash(&site.page("accounts/beta/index.html"));
    assert!(beta.contains("committee-chart") && beta.contains("Bea Block"));
    assert!(beta.contains("<strong>30 days</strong> <span class=\"flag\">over plan</span>"));
}

#[test]
fn the_review_forecast_counts_the_open_accounts_and_says_which() {
    let site = TestSite::fixture("accounts");
    site.build_ok();
    let review = squash(&site.page("roadmaps/deals/review.html"));
    assert!(review.contains("counts the 4 open key accounts as the pipeline: Alpha Bakery (Lead), Beta Bank (Demo), Delta Logistics (Close) and Gamma Mills (Demo)."));
    assert!(
        !review.contains("Omega Foods"),
        "a won account is not pipeline"
    );
    assert!(review.contains(&format!("As of {TEST_DAY}")) || review.contains(TEST_DAY));
    // A roadmap with its own `pipeline:` keeps it.
    site.edit(
        "content/roadmaps/deals/roadmap.yaml",
        "average_deal_size: 200",
        "average_deal_size: 200\npipeline: {as_of: 2026-11-30, stages: {lead: 40}}",
    );
    site.build_ok();
    assert!(
        !site
            .page("roadmaps/deals/review.html")
            .contains("open key accounts")
    );
}

#[test]
fn role_views_list_the_accounts_each_role_owns() {
    let site = TestSite::fixture("accounts");
    site.build_ok();
    let se = site.page("roadmaps/deals/role-se.html");
    let ae = site.page("roadmaps/deals/role-ae.html");
    assert!(se.contains("Beta Bank") && !se.contains("Gamma Mills"));
    for name in [
        "Alpha Bakery",
        "Gamma Mills",
        "Delta Logistics",
        "Omega Foods",
    ] {
        assert!(ae.contains(name), "{name}");
    }
    assert!(!ae.contains("Beta Bank"));
}

/// Every file of the search index (`assets/search/`) and the search code.
fn search_assets(site: &TestSite) -> String {
    walkdir::WalkDir::new(site.output().join("assets"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().to_string_lossy().contains("search"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect()
}

#[test]
fn search_finds_account_names_and_notes_unless_switched_off() {
    let site = TestSite::fixture("accounts");
    site.build_ok();
    let index = search_assets(&site);
    assert!(index.contains("Delta Logistics") && index.contains("accounts/delta/index.html"));
    assert!(index.contains("incumbent"), "committee notes are indexed");
    site.write(
        "content/site.yaml",
        "title: Accounts Fixture\nlanguage: en\naccounts_in_search: false\n",
    );
    site.build_ok();
    let index = search_assets(&site);
    assert!(!index.contains("Delta Logistics") && !index.contains("accounts/delta/"));
    assert!(
        site.page("accounts/delta/index.html")
            .contains("Delta Logistics"),
        "the page is still built"
    );
}

#[test]
fn the_sample_warns_only_of_its_three_intended_accounts() {
    let site = TestSite::fixture("sample");
    let all: Vec<String> = check(&site)
        .into_iter()
        .filter(|d| d.contains("content/accounts/"))
        .collect();
    assert_eq!(all.len(), 3, "{}", all.join("\n"));
    has(&all, &["pengcheng-mart.yaml", "stalled"]);
    has(&all, &["minnan-rcb.yaml", "was due on 2026-11-20"]);
    has(&all, &["huaxin-finance.yaml", "no economic buyer"]);
}
