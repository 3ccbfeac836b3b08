//! A real browser on `stagecraft serve`: headless Chromium driven through ChromeDriver (the
//! W3C WebDriver protocol, plain HTTP and JSON). The test edits files and watches the page
//! change by itself. Without Chromium the test says so and passes, except in CI (`CI` set),
//! where it must run.

mod common;

use common::TestSite;
use common::browser::{Browser, tools};
use serde_json::Value;
use stagecraft::serve::{ServeOptions, Server};
use std::time::Duration;

#[test]
fn open_page_follows_edits_without_the_test_reloading_it() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let site = TestSite::fixture("basic");
    site.write("themes/default/static/assets/extra.css", "");
    let server = Server::start(&ServeOptions {
        root: site.root().to_path_buf(),
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        verbose: false,
        git_dates: false,
    })
    .unwrap();
    let browser = Browser::start(&driver, &chrome);
    browser.goto(&format!("{}roadmaps/acme/demo/", server.url()));
    browser.wait_until(
        "return document.body.innerText.includes('Demo script')",
        "the page to load",
    );
    // Wait until the live-reload connection is open before editing.
    browser.wait_until(
        "return document.documentElement.dataset.stagecraftLive === 'open'",
        "the event stream",
    );
    std::thread::sleep(Duration::from_millis(300));

    // 1. A Markdown edit shows up by itself.
    site.edit(
        "content/roadmaps/acme/stages/demo.md",
        "## Demo script",
        "## Demo script\n\nEdited while the page was open.",
    );
    browser.wait_until(
        "return document.body.innerText.includes('Edited while the page was open.')",
        "the edit to appear",
    );

    // 2. A stylesheet edit is applied without reloading the page.
    browser.wait_until("return document.readyState === 'complete' && document.documentElement.dataset.stagecraftLive === 'open'", "the reloaded page");
    browser.eval("window.__stagecraftMarker = 42; return true");
    let css = std::fs::read_to_string(site.root().join("themes/default/static/assets/style.css"))
        .unwrap_or_else(|_| {
            String::from_utf8_lossy(
                stagecraft::render::theme::DEFAULT_THEME
                    .iter()
                    .find(|(p, _)| *p == "static/assets/style.css")
                    .unwrap()
                    .1,
            )
            .into_owned()
        });
    site.write(
        "themes/default/static/assets/style.css",
        &format!("{css}\nbody {{ outline: 3px solid rgb(1, 2, 3); }}\n"),
    );
    browser.wait_until(
        "return getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'",
        "the new style",
    );
    assert_eq!(
        browser.eval("return window.__stagecraftMarker === 42"),
        Value::Bool(true),
        "the CSS change must not reload the page"
    );

    // 3. A broken file shows the overlay over the last good page; fixing it clears it.
    site.edit(
        "content/roadmaps/acme/roadmap.yaml",
        "    owner: ae\n    duration_days: 14",
        "    owner: nobody\n    duration_days: 14",
    );
    browser.wait_until("const o = document.getElementById('stagecraft-overlay'); return !!o && o.innerText.includes('roadmap.yaml:60:12')", "the error overlay");
    assert_eq!(
        browser.eval("return document.body.innerText.includes('Edited while the page was open.')"),
        Value::Bool(true)
    );
    site.edit(
        "content/roadmaps/acme/roadmap.yaml",
        "    owner: nobody\n",
        "    owner: ae\n",
    );
    browser.wait_until(
        "return !document.getElementById('stagecraft-overlay')",
        "the overlay to go away",
    );
}
