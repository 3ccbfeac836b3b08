//! What changed: `changes` lists, their errors at file:line:col, the what's-new page, the
//! Atom feed (validated against RFC 4287's RELAX NG schema with `xmllint`), the home page's
//! latest changes, `--git-dates` on a repository with back-dated commits, and the
//! unlogged-change warning with and without Git.

mod common;

use common::{TestSite, assert_error, test_day};
use stagecraft::build::check_with_git_dates;
use stagecraft::diagnostics::Severity;
use std::path::Path;
use std::process::Command;

/// The fixture's demo playbook with a `changes` list (front matter lines 2 onwards).
const DEMO: &str = "---
title: Demo playbook
changes:
  - date: 2026-11-20
    note: New [pricing step](#pricing)
    major: true
  - date: 2026-10-02
    note: First version
---
## Demo script

Back to [prospecting](@/roadmaps/acme/stages/prospect.md#research).

## Pricing

Quote from the price list.
";

#[test]
fn malformed_changes_are_errors_at_their_place() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/roadmaps/acme/stages/demo.md",
        "---
changes:
  - date: 2026-12-24
    note: From the future
  - date: 2026-10-01
    note: \"  \"
  - date: 2026-11-02
    note: Out of order, and [a missing section](#nowhere)
---
## Demo script
",
    );
    let errors = site.build_err();
    let file = "content/roadmaps/acme/stages/demo.md";
    assert_error(
        &errors,
        &format!("{file}:3:11"),
        &["dated 2026-12-24", "after today (2026-12-01)"],
    );
    assert_error(&errors, &format!("{file}:6:11"), &["empty `note`"]);
    let at_7 = format!("{file}:7:11");
    assert_error(
        &errors,
        &at_7,
        &["newest first", "2026-11-02 comes after 2026-10-01"],
    );
    assert_error(&errors, &format!("{file}:8:11"), &["nowhere"]);
}

#[test]
fn a_note_link_is_checked_like_any_link() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/onboarding/demo-skills.md",
        "---
title: Demo skills
stages: [acme/demo]
changes:
  - {date: 2026-11-01, note: \"See [the playbook](@/roadmaps/acme/stages/dmeo.md)\"}
---
Body.
",
    );
    let errors = site.build_err();
    assert_error(
        &errors,
        "content/onboarding/demo-skills.md:5:30",
        &[
            "no such file",
            "did you mean `@/roadmaps/acme/stages/demo.md`?",
        ],
    );
}

#[test]
fn a_changes_date_sets_updated_unless_updated_is_later() {
    let site = TestSite::fixture("basic");
    site.write("content/roadmaps/acme/stages/demo.md", DEMO);
    // prospect.md says `updated: 2026-02-01`: a later change counts instead.
    site.edit(
        "content/roadmaps/acme/stages/prospect.md",
        "updated: 2026-02-01\n",
        "updated: 2026-02-01\nchanges:\n  - {date: 2026-01-15, note: Older than updated}\n",
    );
    site.build_ok();
    assert!(
        site.page("roadmaps/acme/demo/index.html")
            .contains("2026-11-20")
    );
    let prospect = site.page("roadmaps/acme/prospect/index.html");
    assert!(
        prospect.contains("2026-02-01"),
        "updated is later and stays"
    );
}

/// The `(date, title)` of each change on a what's-new page, in order.
fn listed(html: &str) -> Vec<(String, String)> {
    html.split("<li class=\"change")
        .skip(1)
        .map(|item| {
            let date = item.split("datetime=\"").nth(1).unwrap()[..10].to_string();
            let link = item.split("<a href=").nth(1).unwrap();
            let title = link[link.find('>').unwrap() + 1..link.find("</a>").unwrap()].to_string();
            (date, title)
        })
        .collect()
}

#[test]
fn whats_new_lists_the_samples_changes_newest_first_by_week() {
    let site = TestSite::fixture("sample");
    site.build_ok();
    let page = site.page("whats-new/index.html");
    let expected = [
        ("2026-11-24", "谈判成交作战手册"),
        ("2026-11-24", "商务谈判与合同"),
        ("2026-11-17", "华南大客户市场进入路线图（FY2026）"),
        ("2026-11-17", "初步接触作战手册"),
        ("2026-11-17", "术语表"),
        ("2026-10-12", "谈判成交作战手册"),
    ];
    let got = listed(&page);
    let got: Vec<(&str, &str)> = got.iter().map(|(d, t)| (d.as_str(), t.as_str())).collect();
    assert_eq!(got, expected);
    // Grouped by the Monday of each week, in order.
    let weeks: Vec<&str> = page
        .split("<h2 id=\"week-")
        .skip(1)
        .map(|w| &w[w.find('>').unwrap() + 1..w.find("</h2>").unwrap()])
        .collect();
    assert_eq!(
        weeks,
        ["2026-11-23 当周", "2026-11-16 当周", "2026-10-12 当周"]
    );
    // The discount rule links to its section, and is marked for re-reading.
    assert!(page.contains(
        "<a href=\"../roadmaps/enterprise/negotiation/index.html#%E9%A2%84%E4%BB%98%E6%8A%98%E6%89%A3\">谈判成交作战手册</a>"
    ));
    assert_eq!(page.matches("class=\"badge major\"").count(), 3);
    // The role filter: the SDR sees the qualification checklist but not the discount rule.
    let first_contact = page
        .split("<li class=\"change")
        .find(|i| i.contains("初步接触作战手册"))
        .unwrap();
    assert!(first_contact.contains("data-roles=\"enterprise/sdr "));
    let discount = page
        .split("<li class=\"change")
        .find(|i| i.contains("预付折扣"))
        .unwrap();
    assert!(!discount.contains("enterprise/sdr"));
    // A shorter window leaves out the October change.
    site.edit(
        "content/site.yaml",
        "whats_new_days: 90",
        "whats_new_days: 30",
    );
    site.build_ok();
    assert_eq!(listed(&site.page("whats-new/index.html")).len(), 5);
}

#[test]
fn the_home_page_shows_the_three_latest_changes() {
    let site = TestSite::fixture("sample");
    site.build_ok();
    let home = site.page("index.html");
    let titles: Vec<String> = listed(&home).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        titles,
        [
            "谈判成交作战手册",
            "商务谈判与合同",
            "华南大客户市场进入路线图（FY2026）"
        ]
    );
    assert!(home.contains("href=\"whats-new/index.html\""));
}

/// Runs `xmllint --relaxng` on `feed`; `None` when xmllint is missing (outside CI).
fn validate_atom(feed: &Path) -> Option<Result<(), String>> {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/atom/atom.rng");
    let out = match Command::new("xmllint")
        .args(["--noout", "--relaxng"])
        .arg(&schema)
        .arg(feed)
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "xmllint is needed in CI (libxml2-utils): {e}"
            );
            eprintln!("SKIPPED Atom validation: no xmllint ({e})");
            return None;
        }
    };
    Some(if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    })
}

#[test]
fn the_feed_is_valid_atom_with_absolute_links() {
    let site = TestSite::fixture("sample");
    site.build_ok();
    let feed_path = site.output().join("feed.xml");
    let feed = site.page("feed.xml");
    assert_eq!(feed.matches("<entry>").count(), 6);
    assert!(feed.contains(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://intranet.example.com/sales/roadmap/feed.xml\"/>"
    ));
    assert!(feed.contains("href=\"https://intranet.example.com/sales/roadmap/roadmaps/enterprise/first-contact/index.html#%E7%BA%BF%E7%B4%A2%E5%90%88%E6%A0%BC%E6%B8%85%E5%8D%95\""));
    // Every link of the feed, in its entries' content too, is absolute.
    for href in feed.split("href=").skip(1) {
        let href = href
            .trim_start_matches(['"', '\\'])
            .trim_start_matches("&quot;");
        assert!(
            href.starts_with("https://intranet.example.com/sales/roadmap/"),
            "{href}"
        );
    }
    let Some(result) = validate_atom(&feed_path) else {
        return;
    };
    result.unwrap_or_else(|e| panic!("feed.xml is not valid Atom:\n{e}\n{feed}"));
    // The schema has teeth: an entry without its id, or with a date that is not a
    // timestamp, fails.
    let broken = site.root().join("broken.xml");
    let first_id = &feed[feed.find("<entry>").unwrap()..];
    let first_id = &first_id[first_id.find("<id>").unwrap()..first_id.find("</id>").unwrap() + 5];
    std::fs::write(&broken, feed.replacen(first_id, "", 1)).unwrap();
    assert!(validate_atom(&broken).unwrap().is_err());
    std::fs::write(&broken, feed.replace("T00:00:00Z", "")).unwrap();
    assert!(validate_atom(&broken).unwrap().is_err());
}

#[test]
fn without_an_absolute_base_url_the_feed_links_from_the_site_root() {
    let site = TestSite::fixture("sample");
    site.edit(
        "content/site.yaml",
        "base_url: https://intranet.example.com/sales/roadmap/\n",
        "",
    );
    site.build_ok();
    let feed = site.page("feed.xml");
    assert!(!feed.contains("rel=\"self\""));
    assert!(feed.contains("href=\"roadmaps/enterprise/negotiation/index.html#"));
    if let Some(result) = validate_atom(&site.output().join("feed.xml")) {
        result.unwrap();
    }
    site.write(
        "content/site.yaml",
        &std::fs::read_to_string(site.root().join("content/site.yaml"))
            .unwrap()
            .replace(
                "language: zh-CN",
                "language: zh-CN\nbase_url: /sales/roadmap/",
            ),
    );
    site.build_ok();
    assert!(
        site.page("feed.xml")
            .contains("href=\"/sales/roadmap/roadmaps/enterprise/negotiation/index.html#")
    );
}

/// Runs git in `dir` with fixed author and committer dates.
fn git(dir: &Path, args: &[&str], date: &str) {
    let stamp = format!("{date}T12:00:00+00:00");
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Whether git is here; in CI it must be.
fn have_git() -> bool {
    let ok = Command::new("git").arg("--version").output().is_ok();
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "git is needed in CI"
    );
    if !ok {
        eprintln!("SKIPPED: no git");
    }
    ok
}

#[test]
fn git_dates_come_from_the_last_commit_of_each_file() {
    if !have_git() {
        return;
    }
    let site = TestSite::fixture("basic");
    let root = site.root();
    // demo.md has no `updated`; prospect.md says 2026-02-01.
    git(root, &["init", "-q"], "2026-01-01");
    git(root, &["add", "."], "2026-01-01");
    git(root, &["commit", "-qm", "first"], "2026-03-10");
    site.edit(
        "content/roadmaps/acme/stages/demo.md",
        "## Demo script",
        "## Demo script\n\nA new sentence.",
    );
    git(root, &["commit", "-qam", "demo edit"], "2026-06-15");
    // Without the flag, nothing comes from Git.
    site.build_ok();
    let demo = site.page("roadmaps/acme/demo/index.html");
    assert!(!demo.contains("2026-06-15"));
    let report = stagecraft::build::build(&stagecraft::build::BuildOptions {
        root: root.to_path_buf(),
        output: site.output(),
        base_url: None,
        as_of: Some(test_day()),
        git_dates: true,
    })
    .unwrap();
    assert!(
        site.page("roadmaps/acme/demo/index.html")
            .contains("2026-06-15")
    );
    let prospect = site.page("roadmaps/acme/prospect/index.html");
    assert!(prospect.contains("2026-02-01") && !prospect.contains("2026-03-10"));
    // The dates count for staleness: 169 days before the test day, past 90.
    assert!(report.warnings.iter().any(|d| {
        d.file.ends_with("demo.md")
            && d.message
                .contains("last updated on 2026-06-15, 169 days ago")
    }));
    // `serve --git-dates` shows the same date; without the flag it does not.
    for (git_dates, shown) in [(true, true), (false, false)] {
        let server = stagecraft::serve::Server::start(&stagecraft::serve::ServeOptions {
            root: root.to_path_buf(),
            bind: "127.0.0.1".parse().unwrap(),
            port: 0,
            verbose: false,
            git_dates,
        })
        .unwrap();
        let page = http_get(server.addr(), "/roadmaps/acme/demo/index.html");
        assert!(page.starts_with("HTTP/1.1 200"), "{page}");
        assert_eq!(page.contains("2026-06-15"), shown, "git_dates {git_dates}");
    }
}

/// The whole response to a GET of `path`.
fn http_get(addr: std::net::SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    String::from_utf8_lossy(&raw).into_owned()
}

#[test]
fn git_dates_outside_a_repository_change_nothing_but_say_so() {
    let site = TestSite::fixture("basic");
    let diagnostics = check_with_git_dates(site.root(), Some(test_day()), true);
    assert!(diagnostics.iter().all(|d| d.severity == Severity::Warning));
    assert!(
        diagnostics
            .iter()
            .any(|d| d.file == Path::new("--git-dates") && d.message.contains("no dates from Git"))
    );
}

#[test]
fn unlogged_playbook_edits_are_a_warning_when_asked_for() {
    if !have_git() {
        return;
    }
    let site = TestSite::fixture("basic");
    let root = site.root();
    site.write("content/roadmaps/acme/stages/demo.md", DEMO);
    let warned = |git_dates: bool| -> Vec<String> {
        check_with_git_dates(root, Some(test_day()), git_dates)
            .iter()
            .filter(|d| d.message.contains("change"))
            .map(|d| format!("{}:{}:{}: {}", d.file.display(), d.line, d.col, d.message))
            .collect()
    };
    git(root, &["init", "-q"], "2026-11-20");
    git(root, &["add", "."], "2026-11-20");
    git(root, &["commit", "-qm", "first"], "2026-11-20");
    site.edit(
        "content/roadmaps/acme/stages/demo.md",
        "Quote from the price list.",
        "Quote from the new price list.",
    );
    // Off by default.
    assert_eq!(warned(true), Vec::<String>::new());
    site.edit(
        "content/site.yaml",
        "language: en\n",
        "language: en\nwarn_unlogged_changes: true\n",
    );
    let w = warned(true);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with(
            "content/roadmaps/acme/stages/demo.md:3:1: this playbook's text changed since commit"
        ),
        "{w:?}"
    );
    // Committed as it is, the commit itself is judged against the one before.
    git(root, &["commit", "-qam", "price list"], "2026-11-25");
    assert_eq!(warned(true).len(), 1);
    // Logging the change clears it.
    site.edit(
        "content/roadmaps/acme/stages/demo.md",
        "changes:\n",
        "changes:\n  - {date: 2026-11-25, note: New price list}\n",
    );
    assert_eq!(warned(true), Vec::<String>::new());
    git(root, &["commit", "-qam", "log it"], "2026-11-26");
    assert_eq!(warned(true), Vec::<String>::new());
    // Without Git: an `updated` later than the newest change is the sign.
    site.edit(
        "content/roadmaps/acme/stages/demo.md",
        "title: Demo playbook\n",
        "title: Demo playbook\nupdated: 2026-11-28\n",
    );
    let w = warned(false);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("updated on 2026-11-28, after its newest logged change (2026-11-25)"));
}

#[test]
fn a_busy_period_lists_the_newest_hundred() {
    let site = TestSite::fixture("basic");
    let mut front = String::from("---\ntitle: Demo playbook\nchanges:\n");
    for i in 0..120 {
        let day = 30 - i / 4;
        front.push_str(&format!(
            "  - {{date: 2026-11-{day:02}, note: Change {i}}}\n"
        ));
    }
    site.write(
        "content/roadmaps/acme/stages/demo.md",
        &format!("{front}---\n## Demo script\n"),
    );
    site.build_ok();
    let page = site.page("whats-new/index.html");
    let listed = listed(&page);
    assert_eq!(listed.len(), 100);
    assert_eq!(listed[0].0, "2026-11-30");
    assert!(page.contains("The newest 100 of the 120 changes of this period are listed"));
    assert_eq!(site.page("feed.xml").matches("<entry>").count(), 100);
}

#[test]
fn notes_are_sanitized_and_escaped_everywhere_they_show() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/roadmaps/acme/stages/demo.md",
        "---
changes:
  - date: 2026-11-20
    note: \"Price a < b & \\\"c\\\" <script>alert(1)</script> [x](javascript:alert(2))\"
---
## Demo script
",
    );
    let errors = site.build_err();
    assert_error(
        &errors,
        "content/roadmaps/acme/stages/demo.md:4:11",
        &["javascript:"],
    );
    site.edit(
        "content/roadmaps/acme/stages/demo.md",
        " [x](javascript:alert(2))",
        "",
    );
    site.build_ok();
    let notes: Vec<String> = std::fs::read_dir(site.output().join("assets/changes"))
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .collect();
    for (name, text) in [
        ("what's new", site.page("whats-new/index.html")),
        ("home", site.page("index.html")),
        ("feed", site.page("feed.xml")),
        ("notes", notes.concat()),
    ] {
        assert!(!text.contains("<script>alert"), "{name}: {text}");
        assert!(
            !text.contains("&lt;script"),
            "{name} keeps no trace of the script"
        );
    }
    assert!(
        site.page("whats-new/index.html")
            .contains("Price a &lt; b &amp; \"c\" </p>")
    );
    let feed = site.page("feed.xml");
    assert!(
        feed.contains("<title type=\"text\">Demo: Price a &lt; b &amp; &quot;c&quot;"),
        "{feed}"
    );
}
