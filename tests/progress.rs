//! Onboarding progress, quizzes and the colour theme in a real browser (headless Chromium
//! through ChromeDriver), on a built site served under a subpath like an intranet server.
//! One browser serves every scenario of the file (starting one takes about a second); each
//! scenario starts from empty storage. Without Chromium the tests say so and pass, except
//! in CI (`CI` set), where they must run.
//!
//! `STAGECRAFT_SCREENSHOTS=<dir>` also saves screenshots of the sample site's module and
//! path pages at phone and desktop width, light and dark, for a person to look at.

mod common;

use common::TestSite;
use common::browser::{Browser, tools};
use common::static_server::StaticServer;
use serde_json::{Value, json};

const MODULE: &str = "---
title: Welcome aboard
phase: week-1
order: 1
stages: [acme/prospect]
checklist:
  - Set up the CRM
  - {id: shadow, text: Shadow a discovery call}
  - Read the <roadmap>
quiz:
  - q: Who owns prospecting?
    options: [SDR, AE]
    answer: 0
  - q: How long is a first call?
    options: [15 minutes, 30 minutes, 2 hours]
    answer: 1
---
Start with the [roadmap](@/roadmaps/acme/roadmap.yaml).
";

/// The key the module's progress is stored under.
const KEY: &str = "stagecraft:progress:acme-test:welcome";

/// The fixture site with a richer welcome module and a site id, built and served.
fn serve_site() -> (TestSite, StaticServer) {
    let site = TestSite::fixture("basic");
    site.write("content/onboarding/welcome.md", MODULE);
    site.edit(
        "content/site.yaml",
        "language: en\n",
        "language: en\nid: acme-test\n",
    );
    site.build_ok();
    let server = StaticServer::start(&site.output(), "/sales/roadmap/");
    (site, server)
}

struct Page<'a> {
    b: &'a Browser,
    root: String,
}

impl Page<'_> {
    /// Opens `path` (relative to the site root) and waits until site.js has run.
    fn open(&self, path: &str) {
        self.b.goto(&format!("{}{path}", self.root));
        self.wait_ready();
    }

    fn wait_ready(&self) {
        self.b.wait_until(
            "return document.readyState === 'complete' && !document.querySelector('.theme-toggle').hidden",
            "site.js to run",
        );
    }

    fn reload(&self) {
        self.b.reload();
        self.wait_ready();
    }

    fn text(&self, css: &str) -> String {
        let v = self.b.eval_with(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null",
            vec![json!(css)],
        );
        v.as_str()
            .unwrap_or_else(|| panic!("no element `{css}`"))
            .to_string()
    }

    fn js(&self, script: &str) -> Value {
        self.b.eval(script)
    }

    fn stored(&self) -> Value {
        let raw = self.js(&format!("return localStorage.getItem('{KEY}')"));
        raw.as_str()
            .map_or(Value::Null, |s| serde_json::from_str(s).unwrap())
    }

    fn wait_text(&self, css: &str, expected: &str) {
        self.b.wait_until(
            &format!(
                "const e = document.querySelector({}); return !!e && e.textContent.trim() === {}",
                json!(css),
                json!(expected)
            ),
            &format!("`{css}` to read {expected:?}"),
        );
    }
}

/// One scenario: a page with empty storage, and the site (for writing files to import).
type Scenario = fn(&Page, &TestSite);

#[test]
fn progress_quizzes_and_theme_in_a_real_browser() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let (site, server) = serve_site();
    let browser = Browser::start(&driver, &chrome);
    let page = Page {
        b: &browser,
        root: server.url(),
    };
    let scenarios: [(&str, Scenario); 8] = [
        (
            "ticking_an_item_survives_a_reload",
            ticking_an_item_survives_a_reload,
        ),
        (
            "skipping_an_item_changes_the_totals",
            skipping_an_item_changes_the_totals,
        ),
        ("the_path_page_shows_progress", the_path_page_shows_progress),
        (
            "answering_the_quiz_right_and_wrong",
            answering_the_quiz_right_and_wrong,
        ),
        (
            "export_then_import_round_trips",
            export_then_import_round_trips,
        ),
        ("bad_import_files_are_refused", bad_import_files_are_refused),
        (
            "dark_mode_toggle_is_remembered",
            dark_mode_toggle_is_remembered,
        ),
        ("keyboard_only_use", keyboard_only_use),
    ];
    for (name, scenario) in scenarios {
        eprintln!("scenario {name}");
        page.open("onboarding/welcome/");
        page.js("localStorage.clear(); return true");
        scenario(&page, &site);
    }
    let bad: Vec<_> = server
        .log
        .lock()
        .unwrap()
        .iter()
        .filter(|(path, status)| *status != 200 && path != "/favicon.ico")
        .cloned()
        .collect();
    assert!(bad.is_empty(), "requests that failed: {bad:?}");
}

fn ticking_an_item_survives_a_reload(p: &Page, _: &TestSite) {
    p.open("onboarding/welcome/");
    assert_eq!(p.text(".checklist .progress-text"), "0 / 3 done");
    p.b.click("li[data-item=shadow] input");
    assert_eq!(p.stored()["c"]["shadow"], "done");
    assert_eq!(p.text(".checklist .progress-text"), "1 / 3 done");
    p.reload();
    assert_eq!(
        p.js("return document.querySelector('li[data-item=shadow] input').checked"),
        true
    );
    assert_eq!(
        p.js("return [...document.querySelectorAll('.checklist input')].filter(i => i.checked).length"),
        1,
        "only the ticked item is ticked"
    );
    assert_eq!(p.text(".checklist .progress-text"), "1 / 3 done");
}

fn skipping_an_item_changes_the_totals(p: &Page, _: &TestSite) {
    p.open("onboarding/welcome/");
    p.b.click("li[data-item=shadow] input");
    p.b.click(".checklist li:first-child .skip");
    assert_eq!(
        p.text(".checklist .progress-text"),
        "1 / 2 done · 1 skipped"
    );
    assert_eq!(
        p.js("return document.querySelector('.checklist li:first-child .skip').getAttribute('aria-pressed')"),
        "true"
    );
    p.reload();
    assert_eq!(
        p.text(".checklist .progress-text"),
        "1 / 2 done · 1 skipped"
    );
    // Ticking a skipped item makes it done; skipping again undoes nothing else.
    p.b.click(".checklist li:first-child input");
    assert_eq!(p.text(".checklist .progress-text"), "2 / 3 done");
    p.b.click("li[data-item=shadow] .skip");
    assert_eq!(
        p.text(".checklist .progress-text"),
        "1 / 2 done · 1 skipped"
    );
    assert_eq!(
        p.js("return document.querySelector('li[data-item=shadow] input').checked"),
        false,
        "a skipped item is not done"
    );
}

fn the_path_page_shows_progress(p: &Page, _: &TestSite) {
    p.open("onboarding/welcome/");
    p.b.click("li[data-item=shadow] input");
    p.b.click(".checklist li:first-child .skip");
    p.open("onboarding/");
    let card = ".module-card[data-module=welcome]";
    assert_eq!(
        p.text(&format!("{card} .progress-text")),
        "1 / 2 done · 1 skipped"
    );
    assert_eq!(
        p.js(&format!(
            "return document.querySelector('{card} .bar > span').style.width"
        )),
        "50%"
    );
    // The overall line adds up every module (the other one has no checklist).
    assert_eq!(
        p.text(".progress-head .progress-text"),
        "1 / 2 done · 1 skipped"
    );
    assert_eq!(p.text(".quiz-total span"), "0 / 2 correct");
    // Completing the module marks its card complete.
    p.open("onboarding/welcome/");
    p.b.click(".checklist li:last-child input");
    p.open("onboarding/");
    assert_eq!(
        p.js(&format!(
            "return document.querySelector('{card}').classList.contains('is-complete')"
        )),
        true
    );
}

fn answering_the_quiz_right_and_wrong(p: &Page, _: &TestSite) {
    p.open("onboarding/welcome/");
    let (q1, q2) = (".question:nth-of-type(1)", ".question:nth-of-type(2)");
    assert_eq!(
        p.js(&format!(
            "return document.querySelector('{q1} .feedback').getAttribute('aria-live')"
        )),
        "polite"
    );
    p.b.click(&format!("{q1} [data-check]"));
    assert_eq!(
        p.text(&format!("{q1} .feedback")),
        "Choose an answer first."
    );
    p.b.click(&format!("{q1} .option:nth-child(1) input"));
    p.b.click(&format!("{q1} [data-check]"));
    assert_eq!(p.text(&format!("{q1} .feedback")), "Correct!");
    p.b.click(&format!("{q2} .option:nth-child(3) input"));
    p.b.click(&format!("{q2} [data-check]"));
    assert_eq!(
        p.text(&format!("{q2} .feedback")),
        "Not quite. The right answer is: B. 30 minutes"
    );
    assert_eq!(p.text(".quiz-score"), "1 / 2 correct");
    p.reload();
    assert_eq!(
        p.text(".quiz-score"),
        "1 / 2 correct",
        "the score is remembered"
    );
    assert_eq!(
        p.js(&format!("const q = document.querySelector('{q2}'); return [q.classList.contains('is-wrong'), q.querySelector('fieldset').disabled, q.querySelector('.option:nth-child(3) input').checked, q.querySelector('.option:nth-child(2)').classList.contains('is-answer')]")),
        json!([true, true, true, true])
    );
    // Resetting the module clears the answers too.
    p.js("window.confirm = () => true; return true");
    p.b.click("[data-reset]");
    assert_eq!(p.stored(), Value::Null);
    assert_eq!(
        p.js(&format!("return document.querySelector('{q2} fieldset').disabled || document.querySelector('{q2} input:checked') !== null")),
        false
    );
}

/// Reads what the next export writes, by catching the Blob it hands to a download link.
fn export(p: &Page) -> Value {
    p.js("window.__blobs = []; const make = URL.createObjectURL; URL.createObjectURL = b => { window.__blobs.push(b); return make.call(URL, b); }; HTMLAnchorElement.prototype.click = function () {}; return true");
    p.b.click("[data-export]");
    let text = p.b.eval_async(
        "const done = arguments[arguments.length - 1]; window.__blobs[0].text().then(done)",
        vec![],
    );
    serde_json::from_str(text.as_str().expect("the export's text")).unwrap()
}

fn export_then_import_round_trips(p: &Page, site: &TestSite) {
    p.open("onboarding/welcome/");
    p.b.click("li[data-item=shadow] input");
    p.b.click(".checklist li:first-child .skip");
    p.b.click(".question:nth-of-type(1) .option:nth-child(1) input");
    p.b.click(".question:nth-of-type(1) [data-check]");
    let before = p.stored();
    p.open("onboarding/");
    let file = export(p);
    assert_eq!(file["format"], "stagecraft-progress");
    assert_eq!(file["version"], 1);
    assert_eq!(file["site"], "acme-test");
    assert_eq!(file["title"], "Acme <Sales> & \"Co\"");
    assert_eq!(file["exported"].as_str().unwrap().len(), 10, "YYYY-MM-DD");
    let welcome = file["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["module"] == "welcome")
        .expect("the welcome module");
    assert_eq!(welcome["title"], "Welcome aboard");
    assert_eq!(
        welcome["done"],
        json!([{"id": "shadow", "text": "Shadow a discovery call"}])
    );
    assert_eq!(welcome["skipped"][0]["text"], "Set up the CRM");
    assert_eq!(welcome["items"], 3);
    assert_eq!(welcome["quiz"]["correct"], 1);
    assert_eq!(welcome["quiz"]["total"], 2);

    // Reset everything, then import the file: the same progress comes back.
    p.js("window.confirm = () => true; return true");
    p.b.click(".progress-panel [data-reset]");
    assert_eq!(p.stored(), Value::Null);
    assert_eq!(p.text(".progress-head .progress-text"), "0 / 3 done");
    let path = site.root().join("progress.json");
    std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap()).unwrap();
    p.b.type_into(".progress-panel input[type=file]", path.to_str().unwrap());
    p.wait_text(".progress-msg", "Imported progress for 1 modules.");
    assert_eq!(
        p.text(".module-card[data-module=welcome] .progress-text"),
        "1 / 2 done · 1 skipped · 1 / 2 correct"
    );
    assert_eq!(p.stored(), before);
    p.open("onboarding/welcome/");
    assert_eq!(
        p.text(".checklist .progress-text"),
        "1 / 2 done · 1 skipped"
    );
    assert_eq!(p.text(".quiz-score"), "1 / 2 correct");
}

fn bad_import_files_are_refused(p: &Page, site: &TestSite) {
    p.open("onboarding/welcome/");
    p.b.click("li[data-item=shadow] input");
    let before = p.stored();
    p.open("onboarding/");
    let cases = [
        ("not-json.json", "this is not JSON".to_string(), "it is not a progress export of this site"),
        ("wrong-shape.json", json!({"format": "stagecraft-progress", "version": 1, "site": "acme-test", "modules": [{"module": "welcome", "done": ["shadow"]}]}).to_string(), "it is not a progress export of this site"),
        ("other-site.json", json!({"format": "stagecraft-progress", "version": 1, "site": "elsewhere", "modules": []}).to_string(), "exported from another site (elsewhere)"),
    ];
    for (name, text, expected) in cases {
        let path = site.root().join(name);
        std::fs::write(&path, text).unwrap();
        p.js("document.querySelector('.progress-msg').textContent = ''; return true");
        p.b.type_into(".progress-panel input[type=file]", path.to_str().unwrap());
        p.b.wait_until(
            "return document.querySelector('.progress-msg').textContent !== ''",
            "the import message",
        );
        let msg = p.text(".progress-msg");
        assert!(msg.contains(expected), "{name}: {msg}");
        assert_eq!(
            p.js("return document.querySelector('.progress-msg').classList.contains('is-error')"),
            true
        );
        assert_eq!(p.stored(), before, "{name} changed nothing");
    }
}

const LIGHT_BG: &str = "rgb(245, 247, 250)";
const DARK_BG: &str = "rgb(14, 19, 26)";

fn background(p: &Page) -> String {
    p.js("return getComputedStyle(document.body).backgroundColor")
        .as_str()
        .unwrap()
        .to_string()
}

fn emulate_dark_system(p: &Page, dark: bool) {
    p.b.cdp(
        "Emulation.setEmulatedMedia",
        json!({"features": [{"name": "prefers-color-scheme", "value": if dark { "dark" } else { "light" }}]}),
    );
}

fn dark_mode_toggle_is_remembered(p: &Page, _: &TestSite) {
    p.open("onboarding/welcome/");
    assert_eq!(background(p), LIGHT_BG);
    let toggle = ".theme-toggle";
    assert_eq!(
        p.js("const b = document.querySelector('.theme-toggle'); return [b.tagName, b.getAttribute('aria-pressed'), b.textContent.trim().length > 0]"),
        json!(["BUTTON", "false", true])
    );
    p.b.click(toggle);
    assert_eq!(background(p), DARK_BG);
    assert_eq!(
        p.js("return document.querySelector('.theme-toggle').getAttribute('aria-pressed')"),
        "true"
    );
    p.reload();
    assert_eq!(
        p.js("return document.documentElement.dataset.theme"),
        "dark"
    );
    assert_eq!(background(p), DARK_BG, "remembered after a reload");
    p.open("onboarding/");
    assert_eq!(background(p), DARK_BG, "and on other pages");

    // The reader's choice overrides the system's both ways.
    emulate_dark_system(p, true);
    p.b.click(toggle);
    assert_eq!(background(p), LIGHT_BG, "light chosen under a dark system");
    p.reload();
    assert_eq!(background(p), LIGHT_BG);
    p.js("localStorage.removeItem('stagecraft:theme'); return true");
    p.reload();
    assert_eq!(
        background(p),
        DARK_BG,
        "no choice: the system's dark scheme"
    );
    assert_eq!(
        p.js("return document.querySelector('.theme-toggle').getAttribute('aria-pressed')"),
        "true"
    );
    emulate_dark_system(p, false);
    p.reload();
    assert_eq!(background(p), LIGHT_BG);

    // The toggle fits a 360 px phone, and nothing scrolls sideways.
    p.b.set_size(360, 800);
    for path in ["onboarding/welcome/", "onboarding/"] {
        p.open(path);
        assert_eq!(
            p.js("const r = document.querySelector('.theme-toggle').getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth && r.width >= 24 && document.documentElement.scrollWidth <= innerWidth"),
            true,
            "{path} at 360 px"
        );
    }
    p.b.set_size(1280, 900);
}

fn keyboard_only_use(p: &Page, _: &TestSite) {
    p.open("onboarding/welcome/");
    let active = "return document.activeElement.matches(arguments[0])";
    let tab_to = |css: &str| {
        for _ in 0..80 {
            if p.b.eval_with(active, vec![json!(css)]) == Value::Bool(true) {
                return;
            }
            p.b.press("\u{E004}");
        }
        panic!("Tab never reached `{css}`");
    };
    p.js("document.activeElement.blur(); return true");
    tab_to(".checklist li:first-child input");
    assert_eq!(
        p.js("return getComputedStyle(document.activeElement).outlineStyle !== 'none'"),
        true,
        "focus is visible"
    );
    p.b.press(" ");
    assert_eq!(p.text(".checklist .progress-text"), "1 / 3 done");
    p.b.press("\u{E004}");
    assert_eq!(
        p.b.eval_with(active, vec![json!(".checklist li:first-child .skip")]),
        true
    );
    p.b.press("\u{E007}");
    assert_eq!(
        p.text(".checklist .progress-text"),
        "0 / 2 done · 1 skipped"
    );
    // A quiz answer: Tab into the options, arrow to the second one, Tab to the button.
    tab_to(".question:nth-of-type(1) input");
    p.b.press("\u{E015}");
    tab_to(".question:nth-of-type(1) [data-check]");
    p.b.press("\u{E007}");
    assert_eq!(
        p.text(".question:nth-of-type(1) .feedback"),
        "Not quite. The right answer is: A. SDR"
    );
    p.reload();
    assert_eq!(
        p.text(".checklist .progress-text"),
        "0 / 2 done · 1 skipped"
    );
}

/// Screenshots for a person to look at: `STAGECRAFT_SCREENSHOTS=<dir> cargo test --test progress screenshots`.
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
    let server = StaticServer::start(&site.output(), "/sales/roadmap/");
    let browser = Browser::start(&driver, &chrome);
    let p = Page {
        b: &browser,
        root: server.url(),
    };
    p.open("onboarding/welcome/");
    p.js("localStorage.clear(); return true");
    p.reload();
    p.b.click(".checklist li:nth-child(1) input");
    p.b.click(".checklist li:nth-child(2) input");
    p.b.click(".checklist li:nth-child(3) .skip");
    p.b.click(".question:nth-of-type(1) .option:nth-child(2) input");
    p.b.click(".question:nth-of-type(1) [data-check]");
    p.b.click(".question:nth-of-type(2) .option:nth-child(1) input");
    p.b.click(".question:nth-of-type(2) [data-check]");
    // An unanswered question with an option chosen and the button focused from the keyboard.
    p.b.set_size(390, 1600);
    p.open("onboarding/product-and-icp/");
    p.b.click(".question:nth-of-type(1) .option:nth-child(2) input");
    p.b.press("\u{E004}");
    p.js("document.activeElement.scrollIntoView({block: 'center'}); return true");
    p.b.screenshot(&dir.join("question-390-focus.png"));
    for theme in ["light", "dark"] {
        p.js(&format!(
            "localStorage.setItem('stagecraft:theme', '{theme}'); return true"
        ));
        for (w, h) in [(390, 2600), (1280, 2000)] {
            p.b.set_size(w, h);
            for (name, path) in [("module", "onboarding/welcome/"), ("path", "onboarding/")] {
                p.open(path);
                p.b.screenshot(&dir.join(format!("{name}-{w}-{theme}.png")));
            }
        }
    }
}
