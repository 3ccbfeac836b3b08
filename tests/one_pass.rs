//! Every problem in one pass: a type error in one file does not hide the problems elsewhere,
//! references into a roadmap that only partly parsed are still checked, and no error is
//! reported only because another one was.

mod common;

use common::{TestSite, assert_error};
use stagecraft::diagnostics::Severity;
use stagecraft::model::Date;

const ROADMAP: &str = "content/roadmaps/acme/roadmap.yaml";
const PLAYBOOK: &str = "content/roadmaps/acme/stages/prospect.md";
const MODULE: &str = "content/onboarding/welcome.md";
const SITE: &str = "content/site.yaml";

/// Asserts that `errors` are exactly the `expected` ones: one error at each location, with
/// every one of its words, and no other.
#[track_caller]
fn assert_exactly(errors: &[String], expected: &[(&str, &[&str])]) {
    assert_eq!(
        errors.len(),
        expected.len(),
        "expected {} errors, got:\n{}",
        expected.len(),
        errors.join("\n")
    );
    for (location, words) in expected {
        assert_error(errors, location, words);
    }
}

fn basic() -> TestSite {
    TestSite::fixture("basic")
}

/// An unknown field in a goal; a misspelt module stage and `@/` link.
fn three_of_the_four_mistakes(site: &TestSite) {
    site.edit(ROADMAP, "    unit: customers\n", "    units: customers\n");
    site.edit(MODULE, "stages: [acme/prospect]", "stages: [acme/prospekt]");
    site.edit(
        PLAYBOOK,
        "@/pages/glossary.md#icp",
        "@/pages/glosary.md#icp",
    );
}

const THREE_OF_THE_FOUR: [(&str, &[&str]); 3] = [
    (
        "content/roadmaps/acme/roadmap.yaml:14:5",
        &[
            "unknown field `units` (in `goals[0]`)",
            "did you mean `unit`?",
        ],
    ),
    (
        "content/onboarding/welcome.md:6:10",
        &[
            "stage `acme/prospekt` does not exist",
            "did you mean `acme/prospect`?",
        ],
    ),
    (
        "content/roadmaps/acme/stages/prospect.md:12:22",
        &[
            "link to `@/pages/glosary.md#icp`",
            "did you mean `@/pages/glossary.md`?",
        ],
    ),
];

#[test]
fn four_independent_mistakes_give_four_errors() {
    let site = basic();
    three_of_the_four_mistakes(&site);
    site.edit(
        ROADMAP,
        "    owner: ae\n    duration_days: 14",
        "    owner: aee\n    duration_days: 14",
    );
    let mut expected = THREE_OF_THE_FOUR.to_vec();
    expected.push((
        "content/roadmaps/acme/roadmap.yaml:60:12",
        &[
            "owner `aee` is not a role of this roadmap",
            "did you mean `ae`?",
        ],
    ));
    assert_exactly(&site.build_err(), &expected);
}

#[test]
fn four_mistakes_with_the_owner_in_another_roadmap() {
    let site = basic();
    three_of_the_four_mistakes(&site);
    site.write(
        "content/roadmaps/beta/roadmap.yaml",
        "title: Beta\nroles:\n  - {id: ae, name: Account Executive}\nstages:\n  - id: pitch\n    name: Pitch\n    owner: aee\n",
    );
    let mut expected = THREE_OF_THE_FOUR.to_vec();
    expected.push((
        "content/roadmaps/beta/roadmap.yaml:7:12",
        &[
            "owner `aee` is not a role of this roadmap",
            "did you mean `ae`?",
        ],
    ));
    assert_exactly(&site.build_err(), &expected);
}

#[test]
fn references_to_a_stage_that_failed_to_parse_are_not_reported() {
    let site = basic();
    // Stage `demo` lacks its required `name`, so it is set aside. demo-skills.md names it,
    // its playbook stages/demo.md exists, and prospect.md links to it: none of that is an
    // error of its own.
    site.edit(ROADMAP, "    name: Demo\n", "");
    assert_exactly(
        &site.build_err(),
        &[(
            "content/roadmaps/acme/roadmap.yaml:58:5",
            &[
                "missing required field `name` (in `stages[1]`)",
                "add `name:`",
            ],
        )],
    );
}

#[test]
fn the_playbook_of_a_stage_that_failed_to_parse_is_still_checked() {
    let site = basic();
    site.edit(ROADMAP, "    name: Demo\n", "");
    site.edit(
        "content/roadmaps/acme/stages/demo.md",
        "prospect.md#research",
        "prospect.md#reserch",
    );
    assert_exactly(
        &site.build_err(),
        &[
            (
                "content/roadmaps/acme/roadmap.yaml:58:5",
                &["missing required field `name` (in `stages[1]`)"],
            ),
            (
                "content/roadmaps/acme/stages/demo.md:3:23",
                &["`#reserch`", "did you mean `#research`?"],
            ),
        ],
    );
}

#[test]
fn a_stage_without_a_readable_id_hides_no_other_problem() {
    let site = basic();
    // A stage that is not a mapping at all: nothing of it can be read, so no reference to
    // any stage of the roadmap can be said to be wrong. The owner of the stage after it is
    // still checked, and reported at its own line.
    site.edit(
        ROADMAP,
        "  - id: demo\n    name: Demo\n    owner: ae\n    duration_days: 14\n    conversion_rate: 0.4\n    exit_criteria: [Champion confirmed]\n",
        "  - Demo, run by the AE\n",
    );
    site.edit(
        ROADMAP,
        "    owner: ae\n    conversion_rate: 0.25",
        "    owner: aee\n    conversion_rate: 0.25",
    );
    assert_exactly(
        &site.build_err(),
        &[
            (
                "content/roadmaps/acme/roadmap.yaml:58:5",
                &["`stages[1]` has the wrong type", "expected a mapping"],
            ),
            (
                "content/roadmaps/acme/roadmap.yaml:61:12",
                &["owner `aee` is not a role of this roadmap"],
            ),
        ],
    );
}

#[test]
fn an_owner_whose_role_failed_to_parse_is_not_reported() {
    let site = basic();
    site.edit(
        ROADMAP,
        "    name: Account Executive <AE>\n",
        "    name: [Account, Executive]\n",
    );
    site.edit(
        ROADMAP,
        "    exit_criteria: [Champion confirmed]\n",
        "    exit_criteria: [Champion confirmed]\n    raci: {ae: A, sdr: C}\n",
    );
    assert_exactly(
        &site.build_err(),
        &[(
            "content/roadmaps/acme/roadmap.yaml:43:11",
            &["`roles[1].name` has the wrong type", "expected a string"],
        )],
    );
}

#[test]
fn a_misspelt_list_leaves_its_items_unknown() {
    let site = basic();
    // With `roles` misspelt, the stages' owners cannot be checked: they are not reported.
    site.edit(ROADMAP, "roles:\n", "rols:\n");
    assert_exactly(
        &site.build_err(),
        &[(
            "content/roadmaps/acme/roadmap.yaml:39:1",
            &["unknown field `rols`", "did you mean `roles`?"],
        )],
    );
    // A field that is no misspelling of another hides nothing.
    let site = basic();
    site.edit(ROADMAP, "roles:\n", "people:\n");
    let errors = site.build_err();
    assert!(
        errors.iter().any(|e| e.starts_with(&format!(
            "{ROADMAP}:49:12: error: owner `sdr` is not a role"
        ))),
        "{errors:#?}"
    );
}

#[test]
fn a_raci_entry_that_failed_to_parse_may_have_been_the_accountable_one() {
    let site = basic();
    site.edit(
        ROADMAP,
        "    exit_criteria: [Champion confirmed]\n",
        "    exit_criteria: [Champion confirmed]\n    raci: {ae: a, sdr: C}\n",
    );
    assert_exactly(
        &site.build_err(),
        &[(
            "content/roadmaps/acme/roadmap.yaml:64:16",
            &["unknown value `a`", "did you mean `A`?"],
        )],
    );
}

#[test]
fn a_roadmap_whose_stages_failed_to_parse_still_checks_its_goals() {
    let site = basic();
    site.edit(ROADMAP, "    target: 40\n", "    target: -40\n");
    site.edit(
        ROADMAP,
        "stages:\n  - id: prospect",
        "stages: prospect\nold_stages:\n  - id: prospect",
    );
    let errors = site.build_err();
    assert_exactly(
        &errors,
        &[
            (
                "content/roadmaps/acme/roadmap.yaml:13:13",
                &["goal `logos` needs a positive `target`, found -40"],
            ),
            (
                "content/roadmaps/acme/roadmap.yaml:46:9",
                &["`stages` has the wrong type", "expected a list"],
            ),
            (
                "content/roadmaps/acme/roadmap.yaml:47:1",
                &["unknown field `old_stages`"],
            ),
        ],
    );
}

#[test]
fn a_roadmap_without_a_title_still_checks_its_stages() {
    let site = basic();
    site.edit(ROADMAP, "title: Mid-market <Roadmap> & \"Plan\"\n", "");
    site.edit(ROADMAP, "    owner: sdr\n", "    owner: sdrr\n");
    assert_exactly(
        &site.build_err(),
        &[
            (
                "content/roadmaps/acme/roadmap.yaml:1:1",
                &["missing required field `title`", "add `title:`"],
            ),
            (
                "content/roadmaps/acme/roadmap.yaml:48:12",
                &["owner `sdrr` is not a role of this roadmap"],
            ),
        ],
    );
}

#[test]
fn a_missing_field_and_an_unknown_field_in_one_mapping_are_reported_together() {
    let site = basic();
    site.edit(
        ROADMAP,
        "    deadline: 2026-12-31\n    current: 10\n",
        "    current: 10\n    colour: green\n",
    );
    assert_exactly(
        &site.build_err(),
        &[
            (
                "content/roadmaps/acme/roadmap.yaml:10:5",
                &["missing required field `deadline` (in `goals[0]`)"],
            ),
            (
                "content/roadmaps/acme/roadmap.yaml:16:5",
                &["unknown field `colour` (in `goals[0]`)"],
            ),
        ],
    );
    // A misspelt field stands for its missing twin, but not for the other missing fields.
    let site = basic();
    site.edit(
        ROADMAP,
        "    name: Demo\n    owner: ae\n",
        "    nme: Demo\n",
    );
    assert_exactly(
        &site.build_err(),
        &[
            (
                "content/roadmaps/acme/roadmap.yaml:58:5",
                &["missing required field `owner` (in `stages[1]`)"],
            ),
            (
                "content/roadmaps/acme/roadmap.yaml:59:5",
                &[
                    "unknown field `nme` (in `stages[1]`)",
                    "did you mean `name`?",
                ],
            ),
        ],
    );
}

#[test]
fn every_missing_field_of_a_mapping_is_named() {
    let site = basic();
    site.edit(ROADMAP, "    name: Demo\n    owner: ae\n", "");
    let errors = site.build_err();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    for field in ["name", "owner"] {
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(&format!("{ROADMAP}:58:5: error: "))
                    && e.contains(&format!(
                        "missing required field `{field}` (in `stages[1]`)"
                    ))),
            "`{field}` should be named at the stage:\n{}",
            errors.join("\n")
        );
    }
}

#[test]
fn front_matter_keeps_what_parsed() {
    let site = basic();
    // A module with no title: its stage references are still checked.
    site.edit(MODULE, "title: Welcome aboard\n", "");
    site.edit(MODULE, "stages: [acme/prospect]", "stages: [acme/prospekt]");
    // An option that is not text: the count of the others proves nothing.
    site.edit(
        MODULE,
        "options: [SDR, AE]\n    answer: 0",
        "options: [SDR, [AE]]\n    answer: 1",
    );
    assert_exactly(
        &site.build_err(),
        &[
            (
                "content/onboarding/welcome.md:2:1",
                &["missing required field `title`"],
            ),
            (
                "content/onboarding/welcome.md:5:10",
                &["stage `acme/prospekt` does not exist"],
            ),
            (
                "content/onboarding/welcome.md:11:20",
                &["`quiz[0].options[1]` has the wrong type"],
            ),
        ],
    );
}

#[test]
fn a_review_period_that_failed_to_parse_gives_no_staleness_warnings() {
    let site = basic();
    site.edit(
        SITE,
        "language: en",
        "language: en\nreview_every: quarterly",
    );
    // Long after the playbook's `updated` date: with the default period it would be stale.
    let diagnostics = stagecraft::build::check(site.root(), Date::parse("2026-08-01"));
    let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
    let errors: Vec<&String> = diagnostics
        .iter()
        .zip(&shown)
        .filter(|(d, _)| d.severity == Severity::Error)
        .map(|(_, s)| s)
        .collect();
    assert_eq!(errors.len(), 1, "{shown:#?}");
    assert!(
        errors[0].starts_with("content/site.yaml:4:15: error: `review_every` has the wrong type"),
        "{shown:#?}"
    );
    assert!(
        !shown.iter().any(|d| d.contains("last updated")),
        "no warning may rest on the default period that stands in for the broken one:\n{shown:#?}"
    );
    // The same site with a readable period does warn: the warning above was really left out.
    site.edit(SITE, "review_every: quarterly", "review_every: 90");
    let diagnostics = stagecraft::build::check(site.root(), Date::parse("2026-08-01"));
    assert!(
        diagnostics
            .iter()
            .any(|d| d.message.contains("last updated")),
        "{diagnostics:#?}"
    );
}
