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
    assert!(stdout.starts_with("Built 10 pages"), "{stdout}");
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
    let out = stagecraft()
        .args(["build", "--root"])
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
        stderr.contains("Build failed: 1 error; the output folder was not changed."),
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
