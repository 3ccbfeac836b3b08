//! The planning sections of the roadmap page and of its review page, built from `tests/fixtures/plan` (goals with a
//! start, a pipeline, `history.csv`, RACI and milestones) as of a fixed day: the numbers a
//! sales leader reads in the tables and charts.

mod common;

use common::TestSite;
use stagecraft::build::{BuildOptions, Session, build, render};
use stagecraft::model::Date;

const PAGE: &str = "roadmaps/acme/index.html";
const REVIEW: &str = "roadmaps/acme/review.html";
const ROADMAP: &str = "content/roadmaps/acme/roadmap.yaml";
const HISTORY: &str = "content/roadmaps/acme/history.csv";

/// Builds the site as of `day` and returns the review page.
fn review_as_of(site: &TestSite, day: &str) -> String {
    page_as_of(site, day);
    site.page(REVIEW)
}

/// Builds the site as of `day` and returns the roadmap page.
fn page_as_of(site: &TestSite, day: &str) -> String {
    let report = build(&BuildOptions {
        root: site.root().to_path_buf(),
        output: site.output(),
        base_url: None,
        as_of: Date::parse(day),
        git_dates: false,
    });
    if let Err(f) = report {
        let all: Vec<String> = f.diagnostics.iter().map(|d| d.to_string()).collect();
        panic!("build failed:\n{}", all.join("\n"));
    }
    site.page(PAGE)
}

/// The part of `html` from the first `start` to the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let a = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the page"));
    let b = html[a..]
        .find(end)
        .map_or(html.len(), |i| a + i + end.len());
    &html[a..b]
}

/// The text of every cell of every body row of the first table whose class list starts
/// with `class`, tags removed.
fn rows(html: &str, class: &str) -> Vec<Vec<String>> {
    let table = between(html, &format!("<table class=\"{class}"), "</table>");
    let body = between(table, "<tbody>", "</tbody>");
    body.split("<tr")
        .skip(1)
        .map(|tr| {
            tr.split("<t")
                .skip(1)
                .filter(|c| c.starts_with("d") || c.starts_with("h"))
                .map(|c| text_of(&c[c.find('>').unwrap() + 1..]))
                .collect()
        })
        .collect()
}

/// Text with tags removed and whitespace collapsed.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out.replace("&amp;", "&").replace("&#39;", "'");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_funnel_works_back_from_100_customers_to_2084_prospects() {
    let site = TestSite::fixture("plan");
    let html = page_as_of(&site, "2026-11-27");
    let funnel = between(&html, "id=\"funnel-heading\"", "</section>");
    assert!(funnel.contains("100 customers by 2027-03-31 = 100 won deals."));
    let table = rows(funnel, "data-table plan-table funnel-table");
    let must_enter: Vec<&str> = table.iter().map(|r| r[3].as_str()).collect();
    assert_eq!(
        must_enter,
        ["2,084", "834", "417", "209", "125", "after the sale"]
    );
    let rates: Vec<&str> = table.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(rates, ["40%", "50%", "50%", "60%", "80%", "—"]);
    assert_eq!(table[0][4], "2026-12-21", "100 days before the deadline");
    assert_eq!(table[4][4], "2027-03-10");
    // The chart says the same, in both drawings, down to the deals won.
    assert_eq!(
        funnel.matches(">2,084 must enter</text>").count(),
        2,
        "{funnel}"
    );
    // Both goals need 100 won deals, so they share one funnel (drawn wide and narrow).
    assert_eq!(funnel.matches(">100 won = the goal</text>").count(), 2);
    assert_eq!(funnel.matches("<h3 class=\"sub-heading\">").count(), 1);
    assert!(funnel.contains(">by 2026-12-21</text>"));
    assert!(funnel.contains(">↓ 80% are won</text>"));
    // The revenue goal: 6,000 at 60 per deal is 100 deals too.
    assert!(funnel.contains("6,000 k USD by 2027-03-31, at 60 k USD per deal = 100 won deals."));
    assert!(funnel.contains("<div class=\"table-wrap\" tabindex=\"0\">"));
}

#[test]
fn goals_show_where_they_should_be_today_and_say_so_in_words() {
    let site = TestSite::fixture("plan");
    let html = page_as_of(&site, "2026-11-27");
    let goals = between(&html, "id=\"goals-heading\"", "</section>");
    let first = between(
        goals,
        "<article class=\"card goal-card pace-behind\"",
        "</article>",
    );
    assert!(first.contains("100 new customers in the first year"));
    assert!(first.contains("▼</span> Behind</span>"));
    assert!(first.contains("Expected by 2026-11-27: 66 customers"));
    assert!(first.contains("At this pace: 56 customers by 2027-03-31"));
    // 240 of 364 days: the tick at 65.9 %.
    assert!(first.contains("class=\"pace-tick\" style=\"left: 65.9%\""));
    assert!(first.contains("aria-label=\"Progress 37%, expected 65.9% — Behind\""));
    assert!(
        goals.contains("pace-unknown"),
        "no start date: pace unknown"
    );
    // Later, the first goal has missed its deadline.
    let later = page_as_of(&site, "2027-04-02");
    assert!(later.contains("Missed</span>"));
    assert!(!later.contains("class=\"pace-tick\""));
}

#[test]
fn planned_vs_actual_flags_the_stage_that_falls_short() {
    let site = TestSite::fixture("plan");
    let html = review_as_of(&site, "2026-11-27");
    let section = between(&html, "id=\"actuals-heading\"", "</section>");
    assert!(section.contains("Measured in history.csv over 6 months (2026-05 to 2026-10)."));
    assert!(section.contains("more than 15% below its planned rate"));
    assert!(section.contains("Below plan: Needs analysis."));
    let table = rows(section, "data-table plan-table actuals-table");
    let flagged: Vec<&Vec<String>> = table
        .iter()
        .filter(|r| r[7].contains("Below plan"))
        .collect();
    assert_eq!(flagged.len(), 1);
    // 137 of 360 entering Needs analysis went on: 38.1 % against a plan of 50 %.
    assert_eq!(
        flagged[0][..5],
        ["Needs analysis", "50%", "38.1%", "6", "23.9% below plan"]
    );
    assert_eq!(table[0][4], "5% above plan");
    assert_eq!(table[5][2], "not measured");
    assert_eq!(section.matches("class=\"is-flagged\"").count(), 1);
    // The chart marks it in words and with the pattern, in each drawing.
    assert_eq!(section.matches("<g class=\"rate-row flagged\">").count(), 2);
    assert_eq!(section.matches(">⚠ 23.9% below plan</text>").count(), 2);
    // A higher threshold flags nothing.
    site.edit(
        "content/site.yaml",
        "shortfall_threshold: 0.15",
        "shortfall_threshold: 0.3",
    );
    let html = review_as_of(&site, "2026-11-27");
    assert!(!html.contains("rate-row flagged"));
    assert!(!html.contains("Below plan: "));
    assert!(
        !html.contains("Won in those periods"),
        "no won_value column, no total"
    );
}

#[test]
fn the_won_value_column_is_summed_in_the_revenue_goals_unit() {
    let site = TestSite::fixture("plan");
    let csv = std::fs::read_to_string(site.root().join(HISTORY)).unwrap();
    let mut lines = csv.lines();
    let mut with_value = format!("{},won_value\n", lines.next().unwrap());
    for line in lines {
        let value = if line.contains(",close,") {
            "1250.5"
        } else {
            ""
        };
        with_value.push_str(&format!("{line},{value}\n"));
    }
    site.write(HISTORY, &with_value);
    let closes = csv.lines().filter(|l| l.contains(",close,")).count();
    assert!(closes > 1);
    let html = review_as_of(&site, "2026-11-27");
    let total = 1250.5 * closes as f64;
    let expected = format!(
        "Won in those periods (won_value): {} k USD.",
        stagecraft::i18n::format_number(total.round())
    );
    assert!(html.contains(&expected), "missing {expected:?}");
}

#[test]
fn the_forecast_states_its_assumptions_next_to_the_number() {
    let site = TestSite::fixture("plan");
    let html = review_as_of(&site, "2026-11-27");
    let section = between(&html, "id=\"forecast-heading\"", "</section>");
    let first = between(section, "<article", "</article>");
    assert!(first.contains("<span class=\"fc-value\">94 customers</span>"));
    assert!(first.contains("94% of the target"));
    assert!(first.contains("6 customers short of the target"));
    assert!(first.contains(
        "Assuming stages keep converting at the rates measured over the last 6 months, the 420 \
         open deals move on, 300 new deals a month keep entering, and a deal needs 113 days from \
         the first stage to the close."
    ));
    assert!(first.contains("won so far: <strong>37 customers</strong>"));
    assert!(!first.contains("cannot close"));
    // A later pipeline snapshot leaves too little time for the early stages.
    site.edit(ROADMAP, "as_of: 2026-11-20", "as_of: 2027-01-15");
    let html = review_as_of(&site, "2027-01-15");
    let section = between(&html, "id=\"forecast-heading\"", "</section>");
    assert!(section.contains(
        "330 open deals in Identify and First contact cannot close by the deadline and are not counted."
    ));
}

#[test]
fn who_does_what_is_a_matrix_of_roles_by_stages() {
    let site = TestSite::fixture("plan");
    let html = page_as_of(&site, "2026-11-27");
    let section = between(&html, "id=\"raci-heading\"", "</section>");
    let head = between(section, "<thead>", "</thead>");
    assert_eq!(
        text_of(head),
        "Role Identify First contact Needs analysis Solution & demo Negotiation & close Onboarding & success"
    );
    let letters = |cells: &[String]| -> Vec<String> {
        cells[1..]
            .iter()
            .map(|c| c.split(' ').next().unwrap_or("").to_string())
            .collect()
    };
    let table = rows(section, "data-table raci-table");
    let roles: Vec<&str> = table.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        roles,
        [
            "Sales Development Rep",
            "Account Executive",
            "Solutions Engineer",
            "Sales Director",
            "Customer Success Manager"
        ]
    );
    assert_eq!(letters(&table[1]), ["I", "C", "A", "A", "A", "I"]);
    assert_eq!(letters(&table[2]), ["", "", "C", "R", "", ""]);
    assert!(
        table[0][3].contains("R (Responsible)"),
        "the letter in words"
    );
    assert!(section.contains("Accountable: answers for the outcome (one per stage)"));
    // The swimlane, on the review page: a box per stage, in its accountable lane.
    let review = site.page(REVIEW);
    let section = between(&review, "id=\"swimlane-heading\"", "</section>");
    assert_eq!(section.matches("<g class=\"swim-node\">").count(), 6);
    assert_eq!(
        section.matches("class=\"lane-band").count(),
        5,
        "a lane per role"
    );
}

#[test]
fn a_milestone_past_its_date_is_flagged_as_of_the_build_date() {
    let site = TestSite::fixture("plan");
    let html = review_as_of(&site, "2026-11-27");
    let section = between(&html, "id=\"milestones-heading\"", "</section>");
    assert!(section.contains("As of 2026-11-27"));
    assert!(section.contains("1 milestone is overdue."));
    let table = rows(section, "data-table plan-table milestone-table");
    let status: Vec<(&str, &str)> = table
        .iter()
        .map(|r| (r[0].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(
        status,
        [
            ("Pilot customer signed", "✓ Done"),
            ("Partner summit", "! Overdue"),
            ("Q4 pipeline review", "○ Upcoming"),
            ("Year-end close", "○ Upcoming"),
        ]
    );
    assert!(
        section
            .contains("<tr class=\"ms-row-overdue is-flagged\"><th scope=\"row\">Partner summit")
    );
    assert_eq!(section.matches("<g class=\"ms overdue\">").count(), 1);
    assert!(section.contains(">! overdue · due 2026-09-30</text>"));
    // Before its date, the same milestone is simply upcoming.
    let html = review_as_of(&site, "2026-09-01");
    let section = between(&html, "id=\"milestones-heading\"", "</section>");
    assert!(!section.contains("class=\"ms overdue\"") && !section.contains("is overdue"));
    assert!(section.contains("As of 2026-09-01"));
}

#[test]
fn the_sections_speak_chinese_on_a_chinese_site() {
    let site = TestSite::fixture("plan");
    site.edit("content/site.yaml", "language: en", "language: zh-CN");
    let html = page_as_of(&site, "2026-11-27") + &site.page(REVIEW);
    for words in [
        ">漏斗倒推</h2>",
        ">需进入 2,084 个</text>",
        ">最晚进入日期</th>",
        ">计划 vs 实际</h2>",
        "低于计划的阶段：Needs analysis。",
        ">预测</h2>",
        "假设：各阶段继续按最近 6 个月实测的转化率转化，现有 420 个在途商机继续推进，",
        ">责任分工（RACI）</h2>",
        "有 1 个里程碑已逾期。",
        "▼</span> 落后</span>",
    ] {
        assert!(html.contains(words), "missing {words:?}");
    }
}

#[test]
fn sections_without_their_sources_are_left_out() {
    let site = TestSite::fixture("plan");
    site.remove(HISTORY);
    let html = review_as_of(&site, "2026-11-27");
    assert!(!html.contains("id=\"actuals-heading\""));
    // Without history, the forecast uses the plan and counts no new deals, and says so.
    assert!(html.contains("Assuming stages convert at the planned rates, the 420 open deals move on, no new deals are counted"));
    let basic = TestSite::fixture("basic");
    basic.build_ok();
    let html = basic.page("roadmaps/acme/index.html");
    assert!(
        !basic.output().join("roadmaps/acme/review.html").exists(),
        "no history, pipeline, milestones or RACI: no review page"
    );
    for id in [
        "actuals-heading",
        "forecast-heading",
        "raci-heading",
        "milestones-heading",
    ] {
        assert!(!html.contains(id), "{id} without its source");
    }
    assert!(
        html.contains("id=\"funnel-heading\""),
        "basic has rates and a customers goal"
    );
}

#[test]
fn editing_history_csv_re_renders_the_review_page_only() {
    let site = TestSite::fixture("plan");
    let mut session = Session::new(site.root(), None);
    let first = session.render().unwrap();
    let page = |s: &stagecraft::build::RenderedSite| {
        let f = s.files.iter().find(|f| f.path == REVIEW).unwrap();
        String::from_utf8_lossy(&f.bytes).into_owned()
    };
    assert!(page(&first).contains("Below plan: Needs analysis."));
    // Fewer deals reach the close: Solution & demo now falls short of plan too.
    let text = std::fs::read_to_string(site.root().join(HISTORY)).unwrap();
    let fixed: String = text
        .lines()
        .map(|l| match l.split(',').collect::<Vec<_>>().as_slice() {
            [p, "close", _, d] => format!("{p},close,10,{d}\n"),
            _ => format!("{l}\n"),
        })
        .collect();
    site.write(HISTORY, &fixed);
    session.invalidate([site.root().join(HISTORY).as_path()]);
    let after = session.render().unwrap();
    assert_eq!(
        after.rendered_pages, 1,
        "only the review page shows history.csv"
    );
    assert!(page(&after).contains("Below plan: Needs analysis and Solution &amp; demo."));
    let fresh = render(site.root(), None).unwrap();
    assert_eq!(page(&after), page(&fresh), "same as a fresh build");
    // A new as-of day re-renders the page too (pace and overdue milestones depend on it).
    session.set_as_of(Date::parse("2026-09-01"));
    let earlier = session.render().unwrap();
    assert!(earlier.rendered_pages >= 1);
    assert!(page(&earlier).contains("As of 2026-09-01"));
}
