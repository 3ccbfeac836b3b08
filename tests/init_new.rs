//! `stagecraft init`, `stagecraft new` and `stagecraft completions`: fresh sites and new
//! skeletons check clean on the day they are written, nothing is overwritten, mistakes are
//! explained, and an author's roadmap.yaml keeps every byte when a stage is added.

mod common;

use common::TestSite;
use stagecraft::diagnostics::{Diagnostic, Severity};
use stagecraft::init::{InitOptions, NewError, NewOptions, init_site};
use stagecraft::init::{new_module, new_page, new_roadmap, new_stage};
use stagecraft::model::{Date, Language};
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn stagecraft() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_stagecraft"));
    c.env("NO_COLOR", "1");
    c
}

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn options(root: &Path, today: Date) -> NewOptions {
    NewOptions {
        root: root.to_path_buf(),
        today,
        name: None,
    }
}

fn listed(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs `stagecraft check --as-of` and the library's check with the same date; both must
/// find nothing at all.
fn assert_checks_clean(root: &Path, today: Date) {
    let diags = stagecraft::build::check(root, Some(today));
    assert!(diags.is_empty(), "as of {today}:\n{}", listed(&diags));
    let out = stagecraft()
        .args(["check", "--as-of", &today.to_string(), "--root"])
        .arg(root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("0 errors, 0 warnings."), "{stderr}");
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn init_then_new_of_each_kind_checks_clean_in_both_languages() {
    for (language, today) in [
        (Language::EN, day("2027-02-27")),
        (Language::ZH_CN, day("2031-12-31")),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let written = init_site(root, &InitOptions { language, today }).unwrap();
        assert!(written.iter().any(|p| p == Path::new("content/site.yaml")));
        let site_yaml = fs::read_to_string(root.join("content/site.yaml")).unwrap();
        assert!(
            site_yaml.contains(&format!("\nlanguage: {}\n", language.tag())),
            "{site_yaml}"
        );
        assert_checks_clean(root, today);

        let opts = options(root, today);
        let stage = new_stage("main/follow-up", &opts).unwrap();
        assert_eq!(
            stage.written,
            [Path::new("content/roadmaps/main/stages/follow-up.md")]
        );
        assert_eq!(
            stage.edited,
            [Path::new("content/roadmaps/main/roadmap.yaml")]
        );
        new_module("first-calls", &opts).unwrap();
        new_page("faq", &opts).unwrap();
        let roadmap = new_roadmap("channel", &opts).unwrap();
        assert_eq!(roadmap.written.len(), 3, "{:?}", roadmap.written);
        new_stage("channel/onboard", &opts).unwrap();
        assert_checks_clean(root, today);

        // The skeletons are in the site's language.
        let playbook =
            fs::read_to_string(root.join("content/roadmaps/main/stages/follow-up.md")).unwrap();
        let page = fs::read_to_string(root.join("content/pages/faq.md")).unwrap();
        let chinese = |s: &str| s.contains("作战手册") || s.contains("页面");
        assert_eq!(
            chinese(&playbook),
            language == Language::ZH_CN,
            "{playbook}"
        );
        assert_eq!(chinese(&page), language == Language::ZH_CN, "{page}");
        assert!(
            playbook.contains(&format!("updated: {today}")),
            "{playbook}"
        );

        // A new roadmap starts with its `$schema` line, like the starter's.
        let channel =
            fs::read_to_string(root.join("content/roadmaps/channel/roadmap.yaml")).unwrap();
        assert!(
            channel.starts_with(
                "# yaml-language-server: $schema=../../../schemas/roadmap.schema.json\n"
            )
        );
    }
}

#[test]
fn every_schema_line_points_at_a_schema_that_init_wrote() {
    for language in [Language::EN, Language::ZH_CN] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let today = day("2026-12-01");
        let written = init_site(root, &InitOptions { language, today }).unwrap();
        new_roadmap("channel", &options(root, today)).unwrap();
        for name in stagecraft::schema::all().iter().map(|(name, _)| *name) {
            let rel = Path::new("schemas").join(name);
            assert!(written.contains(&rel), "{rel:?} is not in {written:?}");
        }
        let mut lines = 0;
        for entry in walkdir::WalkDir::new(root.join("content")) {
            let path = entry.unwrap().into_path();
            let Ok(text) = fs::read_to_string(&path) else {
                continue;
            };
            // The VS Code form and the JetBrains form.
            for target in text.lines().filter_map(|l| {
                l.strip_prefix("# yaml-language-server: $schema=")
                    .or_else(|| l.strip_prefix("# $schema: "))
            }) {
                lines += 1;
                let schema = path.parent().unwrap().join(target);
                let json = fs::read_to_string(&schema)
                    .unwrap_or_else(|e| panic!("{path:?} points at {schema:?}: {e}"));
                assert!(json.contains("https://json-schema.org/draft/2020-12/schema"));
            }
        }
        assert_eq!(lines, 6, "site.yaml and both roadmaps carry both lines");
    }
}

#[test]
fn the_starter_checks_clean_on_any_day() {
    for today in ["2026-01-01", "2028-02-29", "2040-07-15"] {
        for language in [Language::EN, Language::ZH_CN] {
            let dir = tempfile::tempdir().unwrap();
            let today = day(today);
            init_site(dir.path(), &InitOptions { language, today }).unwrap();
            let diags = stagecraft::build::check(dir.path(), Some(today));
            assert!(diags.is_empty(), "{language:?} {today}: {}", listed(&diags));
        }
    }
}

#[test]
fn the_cli_dates_the_site_today_and_the_skeletons_check_clean() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let out = stagecraft()
        .args(["init", "--language", "zh-CN"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // The day the binary used, read back from what it wrote (never this test's clock).
    let roadmap = fs::read_to_string(root.join("content/roadmaps/main/roadmap.yaml")).unwrap();
    let written_on = roadmap
        .lines()
        .find_map(|l| l.strip_prefix("updated: "))
        .and_then(Date::parse)
        .unwrap();
    assert!(roadmap.contains(&format!("\npipeline:\n  as_of: {written_on}\n")));
    for args in [
        vec!["new", "stage", "main/handover"],
        vec!["new", "module", "objections", "--name", "异议处理"],
        vec!["new", "page", "contacts"],
        vec!["new", "roadmap", "partners", "--name", "渠道合作"],
    ] {
        let out = stagecraft()
            .args(&args)
            .arg("--root")
            .arg(&root)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("Created "), "{args:?}: {stdout}");
    }
    let module = fs::read_to_string(root.join("content/onboarding/objections.md")).unwrap();
    assert!(module.contains("\ntitle: 异议处理\n"), "{module}");
    assert_checks_clean(&root, written_on);
}

#[test]
fn init_refuses_an_unknown_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = stagecraft()
        .args(["init", "--language", "fr"])
        .arg(dir.path().join("site"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains("invalid value 'fr'") && stderr.contains("zh-CN"),
        "{stderr}"
    );
    assert!(!dir.path().join("site").exists());
}

#[test]
fn new_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let today = day("2027-06-01");
    init_site(
        root,
        &InitOptions {
            language: Language::EN,
            today,
        },
    )
    .unwrap();
    let opts = options(root, today);
    let about = fs::read_to_string(root.join("content/pages/about.md")).unwrap();
    let err = new_page("about", &opts).unwrap_err();
    assert!(matches!(err, NewError::Exists(_)), "{err}");
    assert_eq!(
        err.to_string(),
        "content/pages/about.md already exists; `stagecraft new` never overwrites anything"
    );
    assert_eq!(
        fs::read_to_string(root.join("content/pages/about.md")).unwrap(),
        about
    );
    // A file whose name becomes the same URL counts as taken too.
    fs::write(root.join("content/onboarding/Week-One.md"), "x").unwrap();
    let err = new_module("week-one", &opts).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("content/onboarding/Week-One.md already exists"),
        "{err}"
    );
    assert!(matches!(
        new_roadmap("main", &opts),
        Err(NewError::Exists(_))
    ));

    // A stage the roadmap already lists: pointed at, with line and column.
    let yaml = root.join("content/roadmaps/main/roadmap.yaml");
    let before = fs::read_to_string(&yaml).unwrap();
    let err = new_stage("main/discover", &opts).unwrap_err();
    let d = &err.diagnostics()[0];
    let line = before
        .lines()
        .position(|l| l == "  - id: discover")
        .unwrap()
        + 1;
    assert_eq!(
        (d.file.as_path(), d.line, d.col),
        (Path::new("content/roadmaps/main/roadmap.yaml"), line, 9)
    );
    assert_eq!(d.message, "roadmap `main` already has a stage `discover`");
    // A playbook already there for a stage the roadmap does not list yet.
    fs::write(root.join("content/roadmaps/main/stages/renew.md"), "x").unwrap();
    assert!(matches!(
        new_stage("main/renew", &opts),
        Err(NewError::Exists(_))
    ));
    assert_eq!(
        fs::read_to_string(&yaml).unwrap(),
        before,
        "nothing changed"
    );

    // The same through the binary: exit status 1 and the message.
    let out = stagecraft()
        .args(["new", "page", "about", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("error: content/pages/about.md already exists"),
        "{}",
        stderr_of(&out)
    );
    let out = stagecraft()
        .args(["new", "stage", "main/discover", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains(&format!("content/roadmaps/main/roadmap.yaml:{line}:9")),
        "{stderr}"
    );
}

#[test]
fn bad_ids_and_unknown_roadmaps_are_explained() {
    let site = TestSite::fixture("basic");
    let run = |args: &[&str]| {
        let out = stagecraft()
            .args(args)
            .arg("--root")
            .arg(site.root())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        stderr_of(&out)
    };
    let stderr = run(&["new", "page", "Price List"]);
    assert!(
        stderr.contains("`Price List` is not a valid id")
            && stderr.contains("did you mean `price-list`?"),
        "{stderr}"
    );
    let stderr = run(&["new", "module", "../escape"]);
    assert!(stderr.contains("`../escape` is not a valid id"), "{stderr}");
    let stderr = run(&["new", "stage", "qualify"]);
    assert!(stderr.contains("give the stage as ROADMAP/ID"), "{stderr}");
    let stderr = run(&["new", "stage", "amce/qualify"]);
    assert!(
        stderr.contains("there is no roadmap `amce` in content/roadmaps/; did you mean `acme`?"),
        "{stderr}"
    );
    let stderr = run(&["new", "stage", "zzz/qualify"]);
    assert!(stderr.contains("the roadmaps are: acme"), "{stderr}");
    assert!(!site.root().join("content/pages/Price List.md").exists());
    assert!(!site.root().join("content/escape.md").exists());
}

#[test]
fn a_broken_site_yaml_or_roadmap_is_reported_and_nothing_is_written() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/site.yaml",
        "title: Acme\nlanguage: French\n", // not a language tag
    );
    let out = stagecraft()
        .args(["new", "page", "faq", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains("content/site.yaml does not load, so the site's language is not known"),
        "{stderr}"
    );
    assert!(stderr.contains("content/site.yaml:2:11"), "{stderr}");
    assert!(!site.root().join("content/pages/faq.md").exists());

    let site = TestSite::fixture("basic");
    site.edit(
        "content/roadmaps/acme/roadmap.yaml",
        "    duration_days: 14\n",
        "    duration_days: two weeks\n",
    );
    let before =
        fs::read_to_string(site.root().join("content/roadmaps/acme/roadmap.yaml")).unwrap();
    let err = new_stage("acme/qualify", &options(site.root(), day("2026-06-01"))).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "content/roadmaps/acme/roadmap.yaml does not load, so a stage cannot be added to it safely"
        ),
        "{err}"
    );
    let d = &err.diagnostics()[0];
    assert_eq!((d.line, d.col), (61, 20), "{d}");
    assert_eq!(
        fs::read_to_string(site.root().join("content/roadmaps/acme/roadmap.yaml")).unwrap(),
        before
    );
    assert!(
        !site
            .root()
            .join("content/roadmaps/acme/stages/qualify.md")
            .exists()
    );

    let empty = tempfile::tempdir().unwrap();
    let err = new_page("faq", &options(empty.path(), day("2026-06-01"))).unwrap_err();
    assert!(err.to_string().contains("stagecraft init DIR"), "{err}");
}

/// Splits `after` into the bytes of `before` and the lines inserted into them at one line
/// boundary; panics if any original byte was changed, moved or removed.
fn inserted_lines(before: &str, after: &str) -> String {
    let at = (0..=before.len())
        .filter(|&p| p == 0 || before.as_bytes()[p - 1] == b'\n')
        .find(|&p| after.starts_with(&before[..p]) && after.ends_with(&before[p..]))
        .unwrap_or_else(|| panic!("the author's lines changed:\n{after}"));
    after[at..after.len() - (before.len() - at)].to_string()
}

#[test]
fn new_stage_keeps_a_hand_written_roadmap_byte_for_byte() {
    let today = day("2026-06-01");
    for crlf in [false, true] {
        let site = TestSite::fixture("basic");
        let yaml = site.root().join("content/roadmaps/acme/roadmap.yaml");
        let mut before = fs::read_to_string(&yaml).unwrap();
        if crlf {
            before = before.replace('\n', "\r\n");
            fs::write(&yaml, &before).unwrap();
        }
        let warnings_before = stagecraft::build::check(site.root(), Some(today));
        assert!(
            warnings_before
                .iter()
                .all(|d| d.severity == Severity::Warning)
        );

        let created = new_stage("acme/qualify", &options(site.root(), today)).unwrap();
        assert!(
            created.notes[0].contains("owned by `ae`"),
            "{:?}",
            created.notes
        );
        let after = fs::read_to_string(&yaml).unwrap();
        let inserted = inserted_lines(&before, &after);
        let eol = if crlf { "\r\n" } else { "\n" };
        assert!(
            inserted.starts_with(&format!("  - id: qualify{eol}")),
            "{inserted}"
        );
        assert!(after.contains(&format!("    owner: ae{eol}")));
        let tail =
            format!("kpis:{eol}  - name: Win rate{eol}    target: 25{eol}    unit: \"%\"{eol}");
        assert!(
            after.ends_with(&format!("{inserted}{tail}")),
            "the stage goes at the end of `stages:`, before `kpis:`:\n{after}"
        );
        for line in inserted.split_inclusive('\n') {
            assert!(line.ends_with(eol), "{line:?}");
            assert!(
                line.starts_with("  - ") || line.starts_with("    "),
                "indented like the other stages: {line:?}"
            );
        }
        // Nothing new to warn about, and nothing wrong.
        let warnings_after = stagecraft::build::check(site.root(), Some(today));
        assert_eq!(
            listed(&warnings_after),
            listed(&warnings_before),
            "crlf: {crlf}"
        );
    }
}

#[test]
fn new_stage_refuses_an_inline_stage_list() {
    let site = TestSite::fixture("basic");
    let today = day("2026-06-01");
    let rel = "content/roadmaps/small/roadmap.yaml";
    let text = "title: Small\nroles: [{id: ae, name: AE}]\nstages: [{id: a, name: A, owner: ae}]\n";
    site.write(rel, text);
    let err = new_stage("small/b", &options(site.root(), today)).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("`stages:` on line 3 is written as an inline list"),
        "{message}"
    );
    assert!(
        message.contains("Add it by hand at the end of the list:\n\n- id: b\n"),
        "{message}"
    );
    assert_eq!(fs::read_to_string(site.root().join(rel)).unwrap(), text);
    assert!(
        !site
            .root()
            .join("content/roadmaps/small/stages/b.md")
            .exists()
    );
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = stagecraft().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", stderr_of(&out));
        let script = String::from_utf8_lossy(&out.stdout);
        for word in [
            "build",
            "check",
            "serve",
            "init",
            "new",
            "completions",
            "roadmap",
        ] {
            assert!(script.contains(word), "{shell} completes `{word}`");
        }
        if shell != "powershell" {
            // clap_complete's PowerShell script completes names, not option values.
            assert!(
                script.contains("zh-CN"),
                "{shell} completes --language values"
            );
        }
    }
    let out = stagecraft().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn new_and_completions_have_help() {
    for args in [
        vec!["new", "--help"],
        vec!["new", "stage", "--help"],
        vec!["completions", "--help"],
    ] {
        let out = stagecraft().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Usage: stagecraft"), "{args:?}: {text}");
    }
}

#[test]
fn new_language_writes_a_string_table_to_translate_and_the_site_builds_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let today = day("2027-02-27");
    init_site(
        root,
        &InitOptions {
            language: Language::EN,
            today,
        },
    )
    .unwrap();
    let opts = options(root, today);
    let created = stagecraft::init::new_language("ja", &opts).unwrap();
    assert_eq!(created.written, [Path::new("themes/default/i18n/ja.yaml")]);
    assert!(created.notes[0].contains("`ja: {title: …}` under `translations:`"));
    let table = fs::read_to_string(root.join("themes/default/i18n/ja.yaml")).unwrap();
    assert!(
        table.starts_with("# The theme's words in `ja` (日本語)"),
        "{table}"
    );
    assert!(
        table.contains("\nsearch_placeholder: "),
        "the English table follows"
    );
    // Refused: an existing table, a built-in language, a tag that is not one.
    assert!(matches!(
        stagecraft::init::new_language("ja", &opts),
        Err(NewError::Exists(p)) if p == Path::new("themes/default/i18n/ja.yaml")
    ));
    for (tag, why) in [
        ("en", "already has UI strings in `en`"),
        ("Japanese", "two or three lower-case letters"),
    ] {
        let e = stagecraft::init::new_language(tag, &opts).unwrap_err();
        assert!(e.to_string().contains(why), "{tag}: {e}");
    }
    // With the table, the site can be published in Japanese.
    let site_yaml = root.join("content/site.yaml");
    let text = fs::read_to_string(&site_yaml).unwrap();
    fs::write(
        &site_yaml,
        text.replace("\nlanguage: en\n", "\nlanguage: ja\n"),
    )
    .unwrap();
    assert_checks_clean(root, today);
}
