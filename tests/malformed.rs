//! Malformed input: each test breaks one thing in a valid fixture and asserts that the build
//! fails with a message naming the file, line and column, and saying what was expected.

mod common;

use common::{TestSite, assert_error, file_list};
use std::fs;

const ROADMAP: &str = "content/roadmaps/acme/roadmap.yaml";
const PLAYBOOK: &str = "content/roadmaps/acme/stages/prospect.md";
const MODULE: &str = "content/onboarding/welcome.md";

fn broken(mutate: impl FnOnce(&TestSite)) -> Vec<String> {
    let site = TestSite::fixture("basic");
    mutate(&site);
    site.build_err()
}

#[test]
fn yaml_syntax_error() {
    let errors = broken(|s| {
        s.edit(
            ROADMAP,
            "  trends: [Consolidation of tools]",
            "  trends: [Consolidation of tools",
        );
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("{ROADMAP}:25:")),
        "{errors:?}"
    );
}

#[test]
fn unknown_field_suggests_the_nearest_name() {
    let errors = broken(|s| {
        s.edit(ROADMAP, "    owner: sdr\n", "    ownr: sdr\n");
    });
    assert_error(
        &errors,
        &format!("{ROADMAP}:49:5"),
        &["unknown field `ownr`", "did you mean `owner`?"],
    );
}

#[test]
fn wrong_type_says_what_was_expected() {
    let errors = broken(|s| {
        s.edit(ROADMAP, "duration_days: 7", "duration_days: a week");
    });
    assert_error(
        &errors,
        &format!("{ROADMAP}:50:20"),
        &[
            "`stages[0].duration_days` has the wrong type",
            "expected a whole number",
            "found string \"a week\"",
        ],
    );
}

#[test]
fn goal_without_deadline() {
    let errors = broken(|s| {
        s.edit(
            ROADMAP,
            "    deadline: 2026-12-31\n    current: 10\n",
            "    current: 10\n",
        );
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("{ROADMAP}:10:")),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("missing required field `deadline`"),
        "{errors:?}"
    );
}

#[test]
fn goal_without_target() {
    let errors = broken(|s| {
        s.edit(ROADMAP, "    target: 1200000\n", "");
    });
    assert!(
        errors[0].starts_with(&format!("{ROADMAP}:17:")),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("missing required field `target`"),
        "{errors:?}"
    );
}

#[test]
fn invalid_date() {
    let errors = broken(|s| {
        s.edit(ROADMAP, "review_by: 2026-09-01", "review_by: 2026-02-30");
    });
    assert_error(
        &errors,
        &format!("{ROADMAP}:8:12"),
        &["invalid date `2026-02-30`", "YYYY-MM-DD"],
    );
}

#[test]
fn unknown_metric_lists_the_allowed_values() {
    let errors = broken(|s| {
        s.edit(ROADMAP, "metric: customers", "metric: clients");
    });
    assert_error(
        &errors,
        &format!("{ROADMAP}:12:13"),
        &["unknown value `clients`", "`customers`", "`market_share`"],
    );
}

#[test]
fn duplicate_stage_id() {
    let errors = broken(|s| {
        s.edit(ROADMAP, "  - id: demo", "  - id: prospect");
    });
    assert_error(
        &errors,
        &format!("{ROADMAP}:58:9"),
        &["duplicate stage id `prospect`", "stages[0]"],
    );
}

#[test]
fn duplicate_role_id() {
    let errors = broken(|s| {
        s.edit(ROADMAP, "  - id: vp", "  - id: ae");
    });
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&format!("{ROADMAP}:44:9: error: duplicate role id `ae`"))),
        "{errors:?}"
    );
}

#[test]
fn ids_that_collide_after_slugging() {
    let errors = broken(|s| {
        s.edit(ROADMAP, "  - id: close", "  - id: Demo");
    });
    assert_error(
        &errors,
        &format!("{ROADMAP}:64:9"),
        &["stage id `Demo` gives the same URL as `demo`"],
    );
}

#[test]
fn stage_owner_that_is_not_a_role() {
    let errors = broken(|s| {
        s.edit(
            ROADMAP,
            "    owner: ae\n    duration_days: 14",
            "    owner: aee\n    duration_days: 14",
        );
    });
    assert_error(
        &errors,
        &format!("{ROADMAP}:60:12"),
        &[
            "owner `aee` is not a role of this roadmap",
            "did you mean `ae`?",
        ],
    );
}

#[test]
fn conversion_rate_out_of_range() {
    let errors = broken(|s| {
        s.edit(ROADMAP, "conversion_rate: 0.5", "conversion_rate: 1.5");
        s.edit(ROADMAP, "conversion_rate: 0.25", "conversion_rate: 0");
    });
    assert_error(
        &errors,
        &format!("{ROADMAP}:51:22"),
        &[
            "`conversion_rate` of stage `prospect` is 1.5",
            "at most 1",
            "40% is 0.4",
        ],
    );
    assert_error(
        &errors,
        &format!("{ROADMAP}:67:22"),
        &["`conversion_rate` of stage `close` is 0", "above 0"],
    );
}

#[test]
fn roadmap_without_stages() {
    let errors = broken(|s| {
        s.write(ROADMAP, "title: Empty\nstages: []\n");
        s.remove(PLAYBOOK);
        s.remove("content/roadmaps/acme/stages/demo.md");
        s.edit(MODULE, "stages: [acme/prospect]", "stages: []");
        s.edit(
            "content/onboarding/demo-skills.md",
            "stages: [acme/demo, acme/close]",
            "stages: []",
        );
        s.edit(
            MODULE,
            "Start with the [roadmap](@/roadmaps/acme/roadmap.yaml).",
            "Start.",
        );
    });
    assert_error(
        &errors,
        &format!("{ROADMAP}:2:9"),
        &["a roadmap needs at least one stage"],
    );
}

#[test]
fn empty_roadmap_file_names_the_missing_fields() {
    let errors = broken(|s| {
        s.write(ROADMAP, "");
    });
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(ROADMAP) && e.contains("missing required field `title`")),
        "{errors:?}"
    );
}

#[test]
fn playbook_for_a_stage_the_roadmap_does_not_list() {
    let errors = broken(|s| {
        s.write("content/roadmaps/acme/stages/demoo.md", "## Typo\n");
    });
    assert_error(
        &errors,
        "content/roadmaps/acme/stages/demoo.md",
        &["playbook for stage `demoo`", "did you mean `demo.md`?"],
    );
}

#[test]
fn unclosed_front_matter() {
    let errors = broken(|s| {
        s.edit(PLAYBOOK, "---\nIntro", "Intro");
    });
    assert_error(
        &errors,
        &format!("{PLAYBOOK}:1:1"),
        &["front matter that starts here is never closed", "`---`"],
    );
}

#[test]
fn unknown_front_matter_field_points_at_the_file_line() {
    let errors = broken(|s| {
        s.edit(PLAYBOOK, "verified_by:", "verifed_by:");
    });
    assert_error(
        &errors,
        &format!("{PLAYBOOK}:4:1"),
        &["unknown field `verifed_by`", "did you mean `verified_by`?"],
    );
}

#[test]
fn file_that_is_not_utf8() {
    let errors = broken(|s| {
        s.write_bytes("content/pages/bad.md", b"---\ntitle: Bad\n---\nab\xffc\n");
    });
    assert_error(&errors, "content/pages/bad.md:4:3", &["not valid UTF-8"]);
}

#[test]
fn link_to_a_missing_source() {
    let errors = broken(|s| {
        s.edit(
            PLAYBOOK,
            "@/roadmaps/acme/stages/demo.md",
            "@/roadmaps/acme/stages/demoo.md",
        );
    });
    assert_error(
        &errors,
        &format!("{PLAYBOOK}:11:22"),
        &[
            "link to `@/roadmaps/acme/stages/demoo.md`",
            "no such file",
            "did you mean `@/roadmaps/acme/stages/demo.md`?",
        ],
    );
}

#[test]
fn link_that_climbs_out_of_content() {
    let errors = broken(|s| {
        s.edit(PLAYBOOK, "@/pages/glossary.md#icp", "@/../../etc/passwd");
    });
    assert_error(
        &errors,
        &format!("{PLAYBOOK}:12:22"),
        &["link to `@/../../etc/passwd`", "inside `content/`"],
    );
}

#[test]
fn link_to_a_missing_anchor() {
    let errors = broken(|s| {
        s.edit(PLAYBOOK, "glossary.md#icp", "glossary.md#icpp");
    });
    assert_error(
        &errors,
        &format!("{PLAYBOOK}:12:22"),
        &[
            "`#icpp`",
            "no heading with this anchor",
            "did you mean `#icp`?",
        ],
    );
}

#[test]
fn playbook_segment_that_does_not_exist() {
    let errors = broken(|s| {
        s.edit(PLAYBOOK, "segments: [smb]", "segments: [smbb]");
    });
    assert_error(
        &errors,
        &format!("{PLAYBOOK}:5:12"),
        &[
            "segment `smbb` is not a segment of roadmap `acme`",
            "did you mean `smb`?",
        ],
    );
}

#[test]
fn playbook_section_for_a_segment_that_does_not_exist() {
    let errors = broken(|s| {
        s.edit(
            PLAYBOOK,
            "## Research\n\nSee",
            "## Research {segment=smbb}\n\nSee",
        );
    });
    assert_error(
        &errors,
        &format!("{PLAYBOOK}:9:22"),
        &[
            "segment `smbb` is not a segment of roadmap `acme`",
            "did you mean `smb`?",
        ],
    );
}

#[test]
fn segment_sections_outside_playbooks_or_inside_lists_are_refused() {
    let errors = broken(|s| {
        s.edit(
            MODULE,
            "(@/roadmaps/acme/roadmap.yaml).\n",
            "(@/roadmaps/acme/roadmap.yaml).\n\n## Small firms {segment=smb}\n",
        );
        s.edit(
            PLAYBOOK,
            "| Step | Who |",
            "- A list\n\n  ### In the list {segment=smb}\n\n| Step | Who |",
        );
    });
    assert_error(
        &errors,
        &format!("{MODULE}:17:25"),
        &["segment `smb` outside a stage playbook", "only playbooks"],
    );
    assert_error(
        &errors,
        &format!("{PLAYBOOK}:18:28"),
        &["inside a list, quote or table", "outside lists"],
    );
}

#[test]
fn onboarding_stage_reference_that_does_not_resolve() {
    let errors = broken(|s| {
        s.edit(MODULE, "stages: [acme/prospect]", "stages: [acme/prospekt]");
    });
    assert_error(
        &errors,
        &format!("{MODULE}:6:10"),
        &[
            "stage `acme/prospekt` does not exist",
            "did you mean `acme/prospect`?",
        ],
    );
}

#[test]
fn quiz_answer_out_of_range() {
    let errors = broken(|s| {
        s.edit(MODULE, "answer: 0", "answer: 2");
    });
    assert_error(
        &errors,
        &format!("{MODULE}:13:13"),
        &[
            "`answer` is 2, but the question has 2 options",
            "counts from 0",
        ],
    );
}

#[test]
fn onboarding_module_without_front_matter() {
    let errors = broken(|s| {
        s.write("content/onboarding/bare.md", "Just text.\n");
    });
    assert_error(
        &errors,
        "content/onboarding/bare.md:1:1",
        &["needs front matter with a `title`"],
    );
}

#[test]
fn unknown_site_language() {
    let errors = broken(|s| {
        s.edit("content/site.yaml", "language: en", "language: French");
    });
    assert_error(
        &errors,
        "content/site.yaml:3:11",
        &["`French` is not a language tag", "`zh-CN`, `en` or `pt-BR`"],
    );
    // A language tag with no UI strings in the theme.
    let errors = broken(|s| {
        s.edit("content/site.yaml", "language: en", "language: fr");
    });
    assert_error(
        &errors,
        "content/site.yaml:3:11",
        &[
            "published in `fr`, but its theme has no UI strings",
            "`stagecraft new language fr`",
        ],
    );
}

#[test]
fn missing_site_yaml() {
    let errors = broken(|s| {
        s.remove("content/site.yaml");
    });
    assert_error(
        &errors,
        "content/site.yaml",
        &["missing `content/site.yaml`", "title:"],
    );
}

#[test]
fn page_that_takes_a_reserved_address() {
    let errors = broken(|s| {
        s.write("content/pages/roadmaps.md", "---\ntitle: Clash\n---\n");
    });
    assert_error(
        &errors,
        "content/pages/roadmaps.md",
        &["cannot be called `roadmaps`"],
    );
}

#[test]
fn unknown_theme() {
    let errors = broken(|s| {
        s.edit(
            "content/site.yaml",
            "language: en",
            "language: en\ntheme: fancy",
        );
    });
    assert!(
        errors.iter().any(|e| e.contains("theme `fancy` not found")),
        "{errors:?}"
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let errors = broken(|s| {
        s.edit(ROADMAP, "conversion_rate: 0.5", "conversion_rate: 2");
        s.edit(MODULE, "answer: 0", "answer: 9");
        s.edit(PLAYBOOK, "@/pages/glossary.md#icp", "@/pages/nope.md");
        s.write("content/pages/bad.md", "---\ntitle: [\n---\n");
    });
    assert!(errors.len() >= 4, "{errors:?}");
    for file in [ROADMAP, MODULE, PLAYBOOK, "content/pages/bad.md"] {
        assert!(
            errors.iter().any(|e| e.starts_with(file)),
            "no error for {file}: {errors:?}"
        );
    }
}

#[test]
fn failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let before = file_list(&site.output());
    let home_before = site.page("index.html");
    site.edit(ROADMAP, "    owner: sdr\n", "    owner: nobody\n");
    assert!(site.build().is_err());
    assert_eq!(file_list(&site.output()), before);
    assert_eq!(site.page("index.html"), home_before);
    let mut siblings: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    siblings.sort();
    assert_eq!(
        siblings,
        vec![".public.stagecraft-prev", "content", "public"],
        "only the (unused) staging folder for the next build is left beside the output"
    );
}

#[test]
fn output_folder_that_would_replace_the_sources_is_refused() {
    let site = TestSite::fixture("basic");
    for bad in [
        site.root().to_path_buf(),
        site.root().join("content"),
        site.root().join("content/pages"),
    ] {
        let res = stagecraft::build::build(&stagecraft::build::BuildOptions {
            root: site.root().to_path_buf(),
            output: bad.clone(),
            base_url: None,
            as_of: None,
            git_dates: false,
        });
        let err = res.expect_err("must refuse");
        assert!(
            err.diagnostics[0]
                .message
                .contains("refusing to write the site"),
            "{}",
            err.diagnostics[0]
        );
    }
    assert!(site.root().join("content/site.yaml").exists());
}

#[test]
fn windows_line_endings_and_bom_still_build() {
    let site = TestSite::fixture("basic");
    let text = fs::read_to_string(site.root().join(MODULE)).unwrap();
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    site.write(MODULE, &crlf);
    site.build_ok();
    assert!(
        site.page("onboarding/welcome/index.html")
            .contains("Set up the CRM")
    );
}

#[test]
fn several_type_errors_in_one_file_are_all_reported() {
    let errors = broken(|s| {
        s.edit(ROADMAP, "    owner: sdr\n", "    ownr: sdr\n");
        s.edit(ROADMAP, "duration_days: 14", "duration_days: two weeks");
        s.edit(ROADMAP, "metric: customers", "metric: clients");
    });
    assert_error(
        &errors,
        &format!("{ROADMAP}:12:13"),
        &["unknown value `clients`"],
    );
    assert_error(
        &errors,
        &format!("{ROADMAP}:49:5"),
        &["unknown field `ownr`", "did you mean `owner`?"],
    );
    assert_error(
        &errors,
        &format!("{ROADMAP}:61:20"),
        &[
            "`stages[1].duration_days` has the wrong type",
            "found string \"two weeks\"",
        ],
    );
    assert_eq!(
        errors.len(),
        3,
        "the misspelt `ownr` is not also reported as a missing `owner`: {errors:?}"
    );
}

#[test]
fn symlink_out_of_content_is_an_error_and_inside_is_fine() {
    let site = TestSite::fixture("basic");
    std::fs::write(site.root().join("secret.txt"), "root:x:0:0").unwrap();
    std::os::unix::fs::symlink(
        site.root().join("secret.txt"),
        site.root().join("content/static/leak.txt"),
    )
    .unwrap();
    let errors = site.build_err();
    assert_error(
        &errors,
        "content/static/leak.txt",
        &["points outside `content/`"],
    );
    std::fs::remove_file(site.root().join("content/static/leak.txt")).unwrap();
    std::os::unix::fs::symlink(
        site.root().join("content/static/img/logo.svg"),
        site.root().join("content/static/alias.svg"),
    )
    .unwrap();
    site.build_ok();
    assert!(site.page("alias.svg").contains("<svg"));
}

#[test]
fn javascript_link_in_markdown() {
    let errors = broken(|s| {
        s.edit(
            PLAYBOOK,
            "Intro with",
            "[Click](javascript:alert(1)) Intro with",
        );
    });
    assert_error(
        &errors,
        &format!("{PLAYBOOK}:7:9"),
        &["`javascript:` links are not allowed"],
    );
}

#[test]
fn remote_image_in_markdown() {
    let errors = broken(|s| {
        s.edit(
            PLAYBOOK,
            "![Logo](@/static/img/logo.svg)",
            "![Logo](https://cdn.example.com/logo.png)",
        );
    });
    assert_error(
        &errors,
        &format!("{PLAYBOOK}:14:9"),
        &["image from another site", "content/static/"],
    );
}

#[test]
fn root_absolute_link_to_nothing_in_markdown() {
    // `/img/logo.svg` names content/static/img/logo.svg (see tests/links.rs); a typo in it
    // names nothing.
    let errors = broken(|s| {
        s.edit(
            PLAYBOOK,
            "![Logo](@/static/img/logo.svg)",
            "![Logo](/img/logo.sgv)",
        );
    });
    assert_error(
        &errors,
        &format!("{PLAYBOOK}:14:9"),
        &[
            "link to `/img/logo.sgv`, but the site has no such file or page",
            "did you mean `/img/logo.svg`?",
        ],
    );
}

#[test]
fn relative_link_to_a_file_that_does_not_exist() {
    let errors = broken(|s| {
        s.edit(
            PLAYBOOK,
            "![Logo](@/static/img/logo.svg)",
            "![Logo](../../../img/missing.png)",
        );
    });
    assert_error(
        &errors,
        &format!("{PLAYBOOK}:14:9"),
        &["link to `../../../img/missing.png`", "no such file"],
    );
}

#[test]
fn review_every_must_be_a_number_of_days() {
    let errors = broken(|s| {
        s.edit(
            "content/site.yaml",
            "language: en",
            "language: en\nreview_every: quarterly",
        );
    });
    assert_error(
        &errors,
        "content/site.yaml:4:15",
        &["`review_every` has the wrong type", "whole number"],
    );
}

const HISTORY: &str = "content/roadmaps/acme/history.csv";

#[test]
fn history_csv_with_a_wrong_header_names_the_column_and_the_expected_ones() {
    let errors = broken(|s| {
        s.write(HISTORY, "period,stag,entered\n2026-04,prospect,10\n");
    });
    assert_error(
        &errors,
        &format!("{HISTORY}:1:8"),
        &[
            "unknown column `stag`",
            "`period`, `stage`, `entered`",
            "did you mean `stage`?",
        ],
    );
    assert_error(
        &errors,
        &format!("{HISTORY}:1:1"),
        &["the header has no `stage` column"],
    );
}

#[test]
fn history_csv_reports_every_bad_cell_at_its_line_and_column() {
    let errors = broken(|s| {
        s.write(
            HISTORY,
            "period,stage,entered,won_value\n\
             2026-04,prospect,10,\n\
             2026-4,demo,5,\n\
             2026-05,demo,five,\n\
             2026-05,close,2,1.5e\n",
        );
    });
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert_error(
        &errors,
        &format!("{HISTORY}:3:1"),
        &["`2026-4` is not a period", "2026-Q2"],
    );
    assert_error(
        &errors,
        &format!("{HISTORY}:4:14"),
        &["`entered` must be a number", "`five`"],
    );
    assert_error(
        &errors,
        &format!("{HISTORY}:5:17"),
        &["`won_value` must be a number", "`1.5e`"],
    );
}

#[test]
fn history_csv_naming_an_unknown_stage_suggests_the_nearest() {
    let errors = broken(|s| {
        s.write(
            HISTORY,
            "period,stage,entered\n2026-04,prospect,10\n2026-04, dmeo ,4\n",
        );
    });
    assert_error(
        &errors,
        &format!("{HISTORY}:3:10"),
        &[
            "stage `dmeo` is not a stage of roadmap `acme`",
            "did you mean `demo`?",
        ],
    );
}

#[test]
fn raci_needs_known_roles_and_exactly_one_accountable() {
    let errors = broken(|s| {
        s.edit(
            ROADMAP,
            "    owner: sdr\n    duration_days: 7\n",
            "    owner: sdr\n    raci: {sdr: R, ea: C, vp: I}\n    duration_days: 7\n",
        );
        s.edit(
            ROADMAP,
            "    exit_criteria: [Champion confirmed]\n",
            "    exit_criteria: [Champion confirmed]\n    raci:\n      ae: A\n      vp: A\n",
        );
    });
    assert_error(
        &errors,
        &format!("{ROADMAP}:50:20"),
        &["names `ea`, which is not a role", "did you mean `ae`?"],
    );
    assert_error(
        &errors,
        &format!("{ROADMAP}:50:11"),
        &["stage `prospect` has no accountable role (`A`)", "`sdr: A`"],
    );
    assert_error(
        &errors,
        &format!("{ROADMAP}:67:11"),
        &[
            "stage `demo` has 2 accountable roles (ae, vp)",
            "exactly one",
        ],
    );
}

#[test]
fn raci_letters_other_than_r_a_c_i_are_refused() {
    let errors = broken(|s| {
        s.edit(
            ROADMAP,
            "    owner: sdr\n    duration_days: 7\n",
            "    owner: sdr\n    raci: {sdr: X}\n    duration_days: 7\n",
        );
    });
    assert_error(
        &errors,
        &format!("{ROADMAP}:50:17"),
        &["`X`", "`R`, `A`, `C`"],
    );
}

#[test]
fn milestones_and_pipeline_must_name_stages_of_the_roadmap() {
    let errors = broken(|s| {
        s.edit(
            ROADMAP,
            "kpis:\n  - name: Win rate",
            "milestones:\n  - {name: Pilot live, date: 2026-06-30, stage: dmeo}\n\
             pipeline:\n  as_of: 2026-06-01\n  stages:\n    prospect: 40\n    closing: 3\n\
             kpis:\n  - name: Win rate",
        );
    });
    assert_error(
        &errors,
        &format!("{ROADMAP}:69:49"),
        &[
            "milestone `Pilot live` names stage `dmeo`",
            "did you mean `demo`?",
        ],
    );
    assert_error(
        &errors,
        &format!("{ROADMAP}:74:5"),
        &["`pipeline` counts stage `closing`", "did you mean `close`?"],
    );
}

#[test]
fn average_deal_size_and_goal_start_are_checked() {
    let errors = broken(|s| {
        s.edit(ROADMAP, "roles:\n", "average_deal_size: 0\nroles:\n");
        s.edit(
            ROADMAP,
            "  - id: logos\n",
            "  - id: logos\n    start: 2099-01-01\n",
        );
    });
    assert_error(
        &errors,
        &format!("{ROADMAP}:40:20"),
        &["`average_deal_size` is 0", "positive"],
    );
    assert_error(
        &errors,
        &format!("{ROADMAP}:11:12"),
        &[
            "goal `logos` starts on 2099-01-01",
            "not before its deadline",
        ],
    );
}

#[test]
fn duplicate_explicit_checklist_ids() {
    let errors = broken(|s| {
        s.edit(
            MODULE,
            "  - Read the <roadmap>\n",
            "  - Read the <roadmap>\n  - {id: calls, text: Log your calls}\n  - id: calls\n    text: Log your meetings\n",
        );
    });
    assert_error(
        &errors,
        &format!("{MODULE}:11:9"),
        &[
            "duplicate checklist item id `calls`",
            "checklist[2] has the same id",
            "unique within a module",
        ],
    );
}

#[test]
fn the_same_checklist_text_twice() {
    let errors = broken(|s| {
        s.edit(
            MODULE,
            "  - Read the <roadmap>\n",
            "  - Read the <roadmap>\n  - Set up   the CRM\n",
        );
    });
    assert_error(
        &errors,
        &format!("{MODULE}:10:5"),
        &[
            "this checklist item is listed twice",
            "checklist[0] has the same text",
            "give each an `id`",
        ],
    );
}

#[test]
fn explicit_checklist_id_that_another_item_gets_from_its_text() {
    let made = stagecraft::model::stable_id("Set up the CRM");
    let errors = broken(|s| {
        s.edit(
            MODULE,
            "  - Read the <roadmap>\n",
            &format!("  - Read the <roadmap>\n  - {{id: '{made}', text: Something else}}\n"),
        );
    });
    assert_error(
        &errors,
        &format!("{MODULE}:10:10"),
        &[
            &format!("duplicate checklist item id `{made}`"),
            "checklist[0] has the same id (made from its text)",
        ],
    );
}

#[test]
fn checklist_item_mapping_with_a_typo_or_without_text() {
    let errors = broken(|s| {
        s.edit(
            MODULE,
            "  - Read the <roadmap>\n",
            "  - {id: a, txt: Log calls}\n  - {id: b}\n",
        );
    });
    assert_error(
        &errors,
        &format!("{MODULE}:9:13"),
        &["unknown field `txt`", "did you mean `text`?"],
    );
    assert_error(
        &errors,
        &format!("{MODULE}:10:5"),
        &["missing required field `text`", "checklist[2]"],
    );
}

#[test]
fn empty_checklist_id_and_empty_site_id() {
    let errors = broken(|s| {
        s.edit(
            MODULE,
            "  - Set up the CRM\n",
            "  - {id: ' ', text: Set up the CRM}\n",
        );
        s.edit("content/site.yaml", "language: en", "language: en\nid: ''");
    });
    assert_error(
        &errors,
        &format!("{MODULE}:8:10"),
        &["checklist item `id` is empty"],
    );
    assert_error(
        &errors,
        "content/site.yaml:4:5",
        &["the site `id` is empty", "slug of the title"],
    );
}

#[test]
fn the_same_quiz_question_twice() {
    let errors = broken(|s| {
        s.edit(
            MODULE,
            "    answer: 0\n",
            "    answer: 0\n  - q: Who owns prospecting?\n    options: [AE, SDR]\n    answer: 1\n",
        );
    });
    assert_error(
        &errors,
        &format!("{MODULE}:14:8"),
        &["this quiz question is asked twice", "quiz[0] asks the same"],
    );
}

#[test]
fn shortfall_threshold_out_of_range_is_reported_once_whatever_the_roadmaps() {
    let errors = broken(|s| {
        let site_yaml = std::fs::read_to_string(s.root().join("content/site.yaml")).unwrap();
        s.write(
            "content/site.yaml",
            &format!("{}shortfall_threshold: 1.5\n", site_yaml),
        );
        let roadmap = std::fs::read_to_string(s.root().join(ROADMAP)).unwrap();
        s.write("content/roadmaps/second/roadmap.yaml", &roadmap);
    });
    let line = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/basic/content/site.yaml"),
    )
    .unwrap()
    .lines()
    .count()
        + 1;
    assert_error(
        &errors,
        &format!("content/site.yaml:{line}:22"),
        &["`shortfall_threshold` is 1.5", "from 0 to below 1", "0.1"],
    );
}
