//! The `stagecraft` binary as users run it: help, init, build, exit codes and messages.

mod common;

use common::TestSite;
use std::process::Command;

fn stagecraft() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_stagecraft"));
    c.env("NO_COLOR", "1");
    c
}

#[test]
fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["build", "--help"],
        vec!["init", "--help"],
    ] {
        let out = stagecraft().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Usage: stagecraft"), "{args:?}: {text}");
    }
    let build_help = String::from_utf8_lossy(
        &stagecraft()
            .args(["build", "--help"])
            .output()
            .unwrap()
            .stdout,
    )
    .into_owned();
    for flag in ["--root", "--output", "--base-url"] {
        assert!(build_help.contains(flag), "build --help lists {flag}");
    }
}

#[test]
fn build_prints_one_summary_line() {
    let site = TestSite::fixture("basic");
    let out = stagecraft()
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("Built 16 pages"), "{stdout}");
    assert!(stdout.contains(" ms"), "{stdout}");
    assert!(
        site.output().join("index.html").is_file(),
        "default output is <root>/public"
    );
}

#[test]
fn failed_build_exits_non_zero_and_shows_the_source_line() {
    let site = TestSite::fixture("basic");
    site.edit(
        "content/roadmaps/acme/roadmap.yaml",
        "    owner: sdr\n",
        "    ownr: sdr\n",
    );
    // The date is set: the rest of the roadmap still loads, so its review date is checked.
    let out = stagecraft()
        .args(["build", "--as-of", "2026-04-01", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown field `ownr`"), "{stderr}");
    assert!(
        stderr.contains("content/roadmaps/acme/roadmap.yaml:49:5"),
        "{stderr}"
    );
    assert!(
        stderr.contains("49 │     ownr: sdr"),
        "the offending line is quoted: {stderr}"
    );
    assert!(stderr.contains("did you mean `owner`?"), "{stderr}");
    assert!(
        stderr.contains("Build failed: 1 error, 1 warning; the output folder was not changed."),
        "{stderr}"
    );
    assert!(!stderr.contains("\x1b["), "NO_COLOR gives plain text");
}

#[test]
fn init_writes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("new-site");
    let out = stagecraft().arg("init").arg(&site).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = stagecraft()
        .args(["build", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site.join("public/roadmaps/main/index.html").is_file());
    let again = stagecraft().arg("init").arg(&site).output().unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has a content/ folder"));
}

#[test]
fn missing_content_folder_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let out = stagecraft()
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no `content/` folder here"), "{stderr}");
    assert!(stderr.contains("stagecraft init"), "{stderr}");
}

#[test]
fn check_reports_everything_and_writes_nothing() {
    let site = TestSite::fixture("basic");
    site.edit(
        "content/roadmaps/acme/roadmap.yaml",
        "    owner: sdr\n",
        "    ownr: sdr\n",
    );
    site.edit("content/onboarding/welcome.md", "answer: 0", "answer: 5");
    let out = stagecraft()
        .args(["check", "--as-of", "2026-03-01", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown field `ownr`"), "{stderr}");
    assert!(
        stderr.contains("`answer` is 5, but the question has 2 options"),
        "{stderr}"
    );
    assert!(stderr.contains("2 errors,"), "{stderr}");
    assert!(!site.output().exists(), "check writes nothing");
}

#[test]
fn check_json_for_editors_and_ci() {
    let site = TestSite::fixture("basic");
    site.edit("content/onboarding/welcome.md", "answer: 0", "answer: 5");
    let out = stagecraft()
        .args([
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-03-01",
            "--root",
        ])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(json["errors"], 1);
    let d = &json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["severity"] == "error")
        .unwrap()
        .clone();
    assert_eq!(d["file"], "content/onboarding/welcome.md");
    assert_eq!(d["line"], 13);
    assert_eq!(d["column"], 13);
    assert!(d["message"].as_str().unwrap().contains("`answer` is 5"));
    assert!(d["hint"].as_str().unwrap().contains("counts from 0"));
    // Warnings are there too: `close` has no playbook.
    let warnings: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "warning")
        .collect();
    assert!(
        warnings.iter().any(|w| w["message"]
            .as_str()
            .unwrap()
            .contains("stage `close` has no playbook yet")),
        "{json}"
    );
}

#[test]
fn warnings_pass_unless_strict_and_review_dates_follow_as_of() {
    let site = TestSite::fixture("basic");
    let run = |args: &[&str]| {
        stagecraft()
            .arg("check")
            .args(args)
            .arg("--root")
            .arg(site.root())
            .output()
            .unwrap()
    };
    let fresh = run(&["--as-of", "2026-03-01"]);
    assert_eq!(
        fresh.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&fresh.stderr)
    );
    let strict = run(&["--as-of", "2026-03-01", "--strict"]);
    assert_eq!(
        strict.status.code(),
        Some(1),
        "a stage without a playbook is a warning"
    );
    // In December the roadmap's review date (2026-09-01) has passed and the prospecting
    // playbook (updated 2026-02-01) is older than 90 days.
    let late = run(&["--as-of", "2026-12-01"]);
    assert_eq!(late.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&late.stderr);
    assert!(
        stderr.contains("this roadmap was due for review on 2026-09-01"),
        "{stderr}"
    );
    assert!(
        stderr.contains("last updated on 2026-02-01, 303 days ago (review every 90 days)"),
        "{stderr}"
    );
}

#[test]
fn stale_playbooks_carry_a_visible_notice() {
    let site = TestSite::fixture("basic");
    let build = |as_of: &str| {
        let out = stagecraft()
            .args(["build", "--as-of", as_of, "--root"])
            .arg(site.root())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        site.page("roadmaps/acme/prospect/index.html")
    };
    let fresh = build("2026-03-01");
    assert!(!fresh.contains("stale-notice"));
    assert!(
        fresh.contains("Jo &lt;Reviewer&gt;"),
        "who reviewed it is shown"
    );
    let stale = build("2026-12-01");
    assert!(stale.contains("Needs review"), "{stale}");
    assert!(stale.contains("Last updated 2026-02-01, 303 days ago."));
}

#[test]
fn check_warns_about_milestones_past_their_date_and_not_done() {
    let site = TestSite::fixture("basic");
    site.edit(
        "content/roadmaps/acme/roadmap.yaml",
        "kpis:\n  - name: Win rate",
        "milestones:\n  - {name: Pilot live, date: 2026-06-30, stage: demo}\n  - {name: Kick-off, date: 2026-01-10, done: true}\nkpis:\n  - name: Win rate",
    );
    let run = |as_of: &str| {
        let out = stagecraft()
            .args(["check", "--as-of", as_of, "--root"])
            .arg(site.root())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let before = run("2026-06-30");
    assert!(
        !before.contains("milestone"),
        "not late on its day: {before}"
    );
    let after = run("2026-07-01");
    assert!(
        after.contains("milestone `Pilot live` was due on 2026-06-30 and is not marked done"),
        "{after}"
    );
    assert!(after.contains("roadmap.yaml:69:"), "{after}");
    assert_eq!(
        after.matches("is not marked done").count(),
        1,
        "done milestones are not late: {after}"
    );
}
