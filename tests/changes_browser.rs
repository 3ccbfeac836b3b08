//! What changed, in a real browser (headless Chromium through ChromeDriver): the "updated
//! since you last read it" notice (served and from `file://`), the what's-new filters, and
//! an onboarding module that a major change sends back for review. Without Chromium the
//! tests say so and pass, except in CI (`CI` set), where they must run.
//!
//! `STAGECRAFT_SCREENSHOTS=<dir>` also saves the sample's what's-new page and a notice at
//! 1280 and 360 px, for a person to look at.

mod common;

use common::TestSite;
use common::browser::{Browser, tools};
use common::static_server::StaticServer;
use serde_json::{Value, json};

const DEMO: &str = "---
title: Demo playbook
changes:
  - date: 2026-11-20
    note: New [pricing step](#pricing)
---
## Demo script

Text.

## Pricing

Quote from the price list.
";

/// The welcome module with a checklist of two items; `changes` is put before the end of
/// its front matter.
fn module(changes: &str) -> String {
    format!(
        "---
title: Welcome aboard
phase: week-1
stages: [acme/prospect]
checklist:
  - {{id: crm, text: Set up the CRM}}
  - {{id: shadow, text: Shadow a discovery call}}
{changes}---
Start here.
"
    )
}

fn wait_ready(b: &Browser) {
    b.wait_until(
        "return document.readyState === 'complete' && !document.querySelector('.theme-toggle').hidden",
        "site.js to run",
    );
}

fn text(b: &Browser, css: &str) -> Option<String> {
    b.eval_with(
        "const e = document.querySelector(arguments[0]); return e && !e.closest('[hidden]') ? e.textContent.trim() : null",
        vec![json!(css)],
    )
    .as_str()
    .map(str::to_string)
}

/// Waits for notice.js to have had its chance (site.js found nothing new, or notice.js read
/// the notes), and returns the notice's text.
fn notice_text(b: &Browser) -> Option<String> {
    b.wait_until(
        "return !window.stagecraftSeen || document.documentElement.hasAttribute('data-notice')",
        "the notice to settle",
    );
    text(b, ".change-notice")
}

#[test]
fn the_notice_shows_changes_since_the_last_visit() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let site = TestSite::fixture("basic");
    site.write("content/roadmaps/acme/stages/demo.md", DEMO);
    site.build_ok();
    let server = StaticServer::start(&site.output(), "/sales/roadmap/");
    let b = Browser::start(&driver, &chrome);
    let page = format!("{}roadmaps/acme/demo/", server.url());
    b.goto(&page);
    wait_ready(&b);
    // A first visit shows nothing, and remembers the newest change it saw.
    assert_eq!(notice_text(&b), None);
    assert_eq!(
        b.eval("return localStorage.getItem('stagecraft:seen:' + document.documentElement.dataset.site + ':/sales/roadmap/roadmaps/acme/demo/')"),
        json!("2026-11-20")
    );
    b.reload();
    wait_ready(&b);
    assert_eq!(notice_text(&b), None, "nothing new on the second visit");

    // The page changes after the visit: the next visit says what changed, with its link.
    site.edit(
        "content/roadmaps/acme/stages/demo.md",
        "changes:\n",
        "changes:\n  - {date: 2026-11-28, note: Discounts need a second approval, major: true}\n",
    );
    site.build_ok();
    b.reload();
    wait_ready(&b);
    let notice = notice_text(&b).expect("a notice after the change");
    assert!(
        notice.contains("Updated since you last read it:"),
        "{notice}"
    );
    assert!(
        notice.contains("2026-11-28 Discounts need a second approval"),
        "{notice}"
    );
    assert!(
        !notice.contains("pricing step"),
        "the change seen before is not repeated"
    );
    // Dismissed, it goes; it is not shown again on the next visit.
    b.click(".change-notice button");
    assert_eq!(text(&b, ".change-notice"), None);
    b.reload();
    wait_ready(&b);
    assert_eq!(notice_text(&b), None);

    // From disk: the same, with the links made relative to the page.
    let file = format!(
        "file://{}",
        site.output()
            .join("roadmaps/acme/demo/index.html")
            .display()
    );
    b.goto(&file);
    wait_ready(&b);
    assert_eq!(notice_text(&b), None, "a first visit from disk");
    let key = b.eval("return Object.keys(localStorage).find(k => k.startsWith('stagecraft:seen:') && k.includes('/public/'))");
    b.eval_with(
        "localStorage.setItem(arguments[0], '2026-11-01'); return true",
        vec![key],
    );
    b.reload();
    wait_ready(&b);
    let notice = notice_text(&b).expect("a notice from disk");
    assert!(
        notice.contains("New pricing step") && notice.contains("second approval"),
        "{notice}"
    );
    let href = b.eval("return document.querySelector('.change-notice a').getAttribute('href')");
    assert_eq!(
        href,
        json!("../../../roadmaps/acme/demo/index.html#pricing")
    );
}

/// Saves a screenshot when `STAGECRAFT_SCREENSHOTS` names a folder.
fn shot(b: &Browser, name: &str) {
    if let Some(dir) = std::env::var_os("STAGECRAFT_SCREENSHOTS") {
        b.screenshot(&std::path::Path::new(&dir).join(format!("{name}.png")));
    }
}

/// The stored progress of the welcome module.
fn stored(b: &Browser) -> Value {
    let raw = b.eval("return localStorage.getItem('stagecraft:progress:acme-test:welcome')");
    raw.as_str()
        .map_or(Value::Null, |s| serde_json::from_str(s).unwrap())
}

#[test]
fn a_completed_module_with_a_later_major_change_is_no_longer_complete() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let site = TestSite::fixture("basic");
    site.edit(
        "content/site.yaml",
        "language: en\n",
        "language: en\nid: acme-test\n",
    );
    site.write("content/onboarding/welcome.md", &module(""));
    site.build_ok();
    let server = StaticServer::start(&site.output(), "/");
    let b = Browser::start(&driver, &chrome);
    // The rep completes the module.
    b.goto(&format!("{}onboarding/welcome/", server.url()));
    wait_ready(&b);
    b.click("li[data-item=crm] input");
    b.click("li[data-item=shadow] input");
    assert_eq!(
        stored(&b)["v"],
        json!("0"),
        "completing is reading this version"
    );
    b.goto(&format!("{}onboarding/", server.url()));
    wait_ready(&b);
    let complete = "return document.querySelector('.module-card[data-module=welcome]').classList.contains('is-complete')";
    assert_eq!(b.eval(complete), json!(true));

    // A minor change leaves it complete; a major one sends it back for review.
    site.write(
        "content/onboarding/welcome.md",
        &module("changes:\n  - {date: 2026-11-10, note: Typo fixed}\n"),
    );
    site.build_ok();
    b.reload();
    wait_ready(&b);
    assert_eq!(b.eval(complete), json!(true));
    site.write(
        "content/onboarding/welcome.md",
        &module("changes:\n  - {date: 2026-11-20, note: New CRM fields, major: true}\n  - {date: 2026-11-10, note: Typo fixed}\n"),
    );
    site.build_ok();
    b.reload();
    wait_ready(&b);
    assert_eq!(b.eval(complete), json!(false));
    assert_eq!(
        text(&b, ".module-card[data-module=welcome] .progress-text").as_deref(),
        Some("2 / 2 done · Changed, review again")
    );
    // Its ticks stay, but the path does not count them until the rep confirms.
    assert_eq!(
        text(&b, ".progress-head .progress-text").as_deref(),
        Some("0 / 2 done")
    );
    let file = export(&b);
    let welcome = file["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["module"] == "welcome")
        .unwrap()
        .clone();
    assert_eq!(welcome["done"].as_array().unwrap().len(), 2);
    assert_eq!(
        (
            &welcome["complete"],
            &welcome["review"],
            &welcome["changed"],
            &welcome["confirmed"]
        ),
        (
            &json!(false),
            &json!(true),
            &json!("2026-11-20"),
            &json!("0")
        )
    );

    shot(&b, "review-path");
    // The module page says so; confirming the new version completes it again.
    b.goto(&format!("{}onboarding/welcome/", server.url()));
    wait_ready(&b);
    shot(&b, "review-module");
    let notice = text(&b, "[data-review]").expect("the review notice");
    assert!(
        notice.contains("changed on 2026-11-20 after you completed it"),
        "{notice}"
    );
    b.click("[data-confirm]");
    assert_eq!(text(&b, "[data-review]"), None);
    assert_eq!(stored(&b)["v"], json!("2026-11-20"));
    b.goto(&format!("{}onboarding/", server.url()));
    wait_ready(&b);
    assert_eq!(b.eval(complete), json!(true));
}

/// The export file the path page makes.
fn export(b: &Browser) -> Value {
    b.eval("window.__blobs = []; const make = URL.createObjectURL; URL.createObjectURL = x => { window.__blobs.push(x); return make.call(URL, x); }; HTMLAnchorElement.prototype.click = function () {}; return true");
    b.click("[data-export]");
    let text = b.eval_async(
        "const done = arguments[arguments.length - 1]; window.__blobs[0].text().then(done)",
        vec![],
    );
    serde_json::from_str(text.as_str().expect("the export's text")).unwrap()
}

#[test]
fn whats_new_filters_by_roadmap_and_role_in_the_page() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let site = TestSite::fixture("sample");
    site.build_ok();
    let b = Browser::start(&driver, &chrome);
    b.goto(&format!(
        "file://{}",
        site.output().join("whats-new/index.html").display()
    ));
    wait_ready(&b);
    let shown = "return [...document.querySelectorAll('.change')].filter(li => !li.hidden).length";
    assert_eq!(b.eval(shown), json!(6));
    let choose = |name: &str, value: &str| {
        b.eval_with(
            "const s = document.querySelector(`select[name=${arguments[0]}]`); s.value = arguments[1]; s.dispatchEvent(new Event('change', {bubbles: true})); return true",
            vec![json!(name), json!(value)],
        );
    };
    // The channel roadmap has no changes of its own; the free page's change shows to all.
    choose("roadmap", "channel");
    assert_eq!(b.eval(shown), json!(1));
    choose("roadmap", "");
    // An SDR: the roadmap's KPI rename, the qualification checklist and the glossary.
    choose("role", "enterprise/sdr");
    assert_eq!(b.eval(shown), json!(3));
    assert_eq!(text(&b, ".change-count").as_deref(), Some("显示 3 条更新"));
    // Legal has a RACI letter in negotiation: the discount rules, the module and the rest.
    choose("role", "enterprise/legal");
    assert_eq!(b.eval(shown), json!(5));
}

/// Screenshots for a person to look at: `STAGECRAFT_SCREENSHOTS=<dir> cargo test --test
/// changes_browser screenshots`.
#[test]
fn screenshots() {
    let Some(dir) = std::env::var_os("STAGECRAFT_SCREENSHOTS") else {
        return;
    };
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let site = TestSite::fixture("sample");
    site.build_ok();
    let b = Browser::start(&driver, &chrome);
    let url = |p: &str| format!("file://{}", site.output().join(p).display());
    for (width, height) in [(1280, 900), (360, 780)] {
        b.set_size(width, height);
        b.goto(&url("whats-new/index.html"));
        wait_ready(&b);
        b.screenshot(&dir.join(format!("whats-new-{width}.png")));
        b.goto(&url("roadmaps/enterprise/negotiation/index.html"));
        wait_ready(&b);
        b.eval("localStorage.setItem(Object.keys(localStorage).find(k => k.startsWith('stagecraft:seen:') && k.endsWith('negotiation/index.html') || k.startsWith('stagecraft:seen:') && k.endsWith('negotiation/')), '2026-10-01'); return true");
        b.reload();
        wait_ready(&b);
        notice_text(&b).expect("a notice");
        b.screenshot(&dir.join(format!("notice-{width}.png")));
        b.goto(&url("index.html"));
        wait_ready(&b);
        b.screenshot(&dir.join(format!("home-{width}.png")));
    }
}

#[test]
fn search_results_from_changed_pages_show_when_they_changed() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let site = TestSite::fixture("sample");
    site.build_ok();
    let b = Browser::start(&driver, &chrome);
    b.goto(&format!(
        "file://{}",
        site.output().join("index.html").display()
    ));
    wait_ready(&b);
    let hits = |query: &str| -> Value {
        b.eval_with(
            "const i = document.getElementById('search-input'); i.focus(); i.value = arguments[0]; i.dispatchEvent(new Event('input', {bubbles: true})); return true",
            vec![json!(query)],
        );
        b.wait_until(
            "return document.querySelectorAll('#search-results [role=option]').length > 0",
            "search results",
        );
        b.eval(
            "return [...document.querySelectorAll('#search-results [role=option]')].map(li => [li.querySelector('.search-hit-title').textContent, (li.querySelector('.search-hit-changed') || {}).textContent || null])",
        )
    };
    let found = hits("预付折扣");
    let negotiation = found
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[0].as_str().unwrap().starts_with("谈判成交作战手册"))
        .expect("the negotiation playbook is found");
    assert_eq!(negotiation[1], json!("2026-11-24 更新"));
    // A page without a change log shows no date.
    let found = hits("现场调研");
    let needs = found
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[0].as_str().unwrap().starts_with("需求分析作战手册"))
        .expect("the needs-analysis playbook is found");
    assert_eq!(needs[1], Value::Null);
}
