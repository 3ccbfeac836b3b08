//! Who does what, and for whom: role views, segment sections in playbooks with their
//! switcher, and segment views of a whole roadmap, built from `tests/fixtures/segments`.
//!
//! In the fixture, roadmap `acme` has stages prospect (owner sdr; sdr A, ae I), demo (owner
//! ae; ae A, sdr C, vp I) and close (owner ae; ae R, vp A); role csm takes part in nothing.
//! demo.md has a section for `smb` and one for `enterprise`; prospect.md is written for
//! `smb` only; close has no playbook.

mod common;

use common::browser::{Browser, tools};
use common::static_server::StaticServer;
use common::{TestSite, broken_links};
use serde_json::Value;
use stagecraft::build::{RenderedSite, Session, render};
use std::collections::BTreeMap;

fn built() -> TestSite {
    let site = TestSite::fixture("segments");
    site.build_ok();
    site
}

/// The stage cards of a role page: (stage id, text of the card).
fn role_cards(html: &str) -> Vec<(String, String)> {
    html.split("<li class=\"card role-stage\" id=\"stage-")
        .skip(1)
        .map(|card| {
            let (id, rest) = card.split_once('"').expect("an id");
            // Up to the next card, or for the last one up to the end of the main content.
            let text = rest.split("</main>").next().unwrap_or(rest);
            (id.to_string(), text.to_string())
        })
        .collect()
}

/// The part labels on a role page's stage card.
fn parts(card: &str) -> Vec<String> {
    card.split("<span class=\"part part-")
        .skip(1)
        .map(|p| {
            let inner = p.split_once('>').map_or("", |(_, r)| r);
            let inner = inner.split("</span>").collect::<Vec<_>>();
            // `<span class="part-letter">R</span> Responsible</span>`: the words come last.
            let words = if inner.len() > 1 && p.contains("part-letter") {
                inner[1]
            } else {
                inner[0]
            };
            words.trim().to_string()
        })
        .collect()
}

/// The stages a role page lists, with the role's parts in each.
type Expected = &'static [(&'static str, &'static [&'static str])];

#[test]
fn role_page_lists_exactly_the_stages_of_that_role_with_their_part() {
    let site = built();
    let expected: &[(&str, Expected)] = &[
        (
            "sdr",
            &[
                ("prospect", &["Owner", "Accountable"]),
                ("demo", &["Consulted"]),
            ],
        ),
        (
            "ae",
            &[
                ("prospect", &["Informed"]),
                ("demo", &["Owner", "Accountable"]),
                ("close", &["Owner", "Responsible"]),
            ],
        ),
        (
            "vp",
            &[("demo", &["Informed"]), ("close", &["Accountable"])],
        ),
        ("csm", &[]),
    ];
    for (role, stages) in expected {
        let html = site.page(&format!("roadmaps/acme/role-{role}.html"));
        let cards = role_cards(&html);
        let got: Vec<(&str, Vec<String>)> = cards
            .iter()
            .map(|(id, card)| (id.as_str(), parts(card)))
            .collect();
        let want: Vec<(&str, Vec<String>)> = stages
            .iter()
            .map(|(id, p)| (*id, p.iter().map(|s| s.to_string()).collect()))
            .collect();
        assert_eq!(got, want, "role {role}");
        if stages.is_empty() {
            assert!(
                html.contains("does not own or take part in any stage"),
                "{html}"
            );
        }
    }
    let sdr = site.page("roadmaps/acme/role-sdr.html");
    let cards = role_cards(&sdr);
    assert!(cards[0].1.contains("Meeting booked") && cards[0].1.contains("Meetings per week"));
    assert!(cards[1].1.contains("Champion confirmed") && cards[1].1.contains("Demos per week"));
    assert!(
        cards[1]
            .1
            .contains("href=\"../../roadmaps/acme/demo/index.html\"")
    );
    assert!(sdr.contains("<h1>Sales Development Rep</h1>"), "{sdr}");
    assert!(sdr.contains("Takes part in 2 of 3 stages"));

    // The roadmap page links every role's view, and so do the owners it names.
    let roadmap = site.page("roadmaps/acme/index.html");
    for role in ["sdr", "ae", "vp", "csm"] {
        assert!(
            roadmap.contains(&format!("href=\"../../roadmaps/acme/role-{role}.html\"")),
            "no link to {role}'s view"
        );
    }
    assert!(roadmap.contains("<h2 id=\"roles-heading\">By role</h2>"));
    assert!(roadmap.contains("<td class=\"owner\"><a href=\"../../roadmaps/acme/role-sdr.html\">"));
    let stage = site.page("roadmaps/acme/prospect/index.html");
    assert!(
        stage
            .contains("<a href=\"../../../roadmaps/acme/role-sdr.html\">Sales Development Rep</a>")
    );
}

#[test]
fn segment_page_has_its_sections_and_leaves_out_the_others() {
    let site = built();
    let smb = site.page("roadmaps/acme/segment-smb.html");
    for kept in [
        "<h1>Small business</h1>",
        "Fewer than 200 employees",
        "SMB-ONLY-TEXT",
        "Pricing questions",
        "GENERAL-TEXT",
        "Intro with a &lt; sign", // prospect.md is written for smb
        "Contract signed",        // close has no playbook, but its facts show
        "Only for:</span> Small business",
    ] {
        assert!(smb.contains(kept), "smb view lacks {kept}");
    }
    assert!(!smb.contains("ENTERPRISE-ONLY-TEXT"));

    let ent = site.page("roadmaps/acme/segment-enterprise.html");
    for kept in [
        "They buy through a committee.",
        "ENTERPRISE-ONLY-TEXT",
        "GENERAL-TEXT",
        "Demo script",
        "written for other segments: Small business",
        "Only for:</span> Enterprise",
    ] {
        assert!(ent.contains(kept), "enterprise view lacks {kept}");
    }
    for left_out in ["SMB-ONLY-TEXT", "Pricing questions", "Intro with a"] {
        assert!(!ent.contains(left_out), "enterprise view shows {left_out}");
    }
    // Every stage, in process order; playbook headings one level under the stage's.
    let at = |id: &str| ent.find(&format!("id=\"stage-{id}\"")).expect(id);
    assert!(at("prospect") < at("demo") && at("demo") < at("close"));
    assert!(
        ent.contains("<h3 id=\"demo--demo-script\">Demo script</h3>"),
        "{ent}"
    );
    // Links within the playbook: to the kept heading on this page, to the left-out one on
    // the stage page.
    assert!(ent.contains("href=\"#demo--demo-script\""));
    assert!(ent.contains("href=\"demo/index.html#pricing-questions\""));
    // No id twice on a page that shows several playbooks.
    for page in [&smb, &ent] {
        let mut ids: Vec<&str> = page
            .split(" id=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "an id repeats");
    }

    let roadmap = site.page("roadmaps/acme/index.html");
    assert!(roadmap.contains("href=\"../../roadmaps/acme/segment-smb.html\""));
    assert!(roadmap.contains("href=\"../../roadmaps/acme/segment-enterprise.html\""));
}

#[test]
fn stage_page_has_the_switcher_and_a_badge_on_each_segment_section() {
    let site = built();
    let demo = site.page("roadmaps/acme/demo/index.html");
    assert!(demo.contains("<script src=\"../../../assets/segments.js\" defer></script>"));
    assert!(demo.contains("class=\"segment-switcher\" role=\"group\""));
    assert!(
        demo.contains("data-roadmap=\"acme\" hidden>"),
        "shown only with JavaScript"
    );
    for button in [
        "<button type=\"button\" data-segment=\"\" aria-pressed=\"true\">All segments</button>",
        "<button type=\"button\" data-segment=\"smb\" aria-pressed=\"false\">Small business</button>",
        "<button type=\"button\" data-segment=\"enterprise\" aria-pressed=\"false\">Enterprise</button>",
    ] {
        assert!(demo.contains(button), "no {button}");
    }
    for (segment, name) in [("smb", "Small business"), ("enterprise", "Enterprise")] {
        assert!(demo.contains(&format!(
            "<section class=\"segment-only\" data-segment=\"{segment}\"><p class=\"segment-badge\"><span class=\"segment-badge-label\">Only for:</span> {name}</p>"
        )), "no badged section for {segment}");
    }
    // An explicit id next to the segment attribute is kept.
    assert!(demo.contains("<h2 id=\"enterprise-demo\">Enterprise demo</h2>"));
    // Without JavaScript every section shows: nothing is hidden in the HTML.
    assert!(!demo.contains("<section class=\"segment-only\" data-segment=\"smb\" hidden"));
    assert!(site.output().join("assets/segments.js").is_file());
    let js = std::fs::read(site.output().join("assets/segments.js")).unwrap();
    assert!(js.len() < 3 * 1024, "segments.js is {} bytes", js.len());

    // A playbook without segment sections gets neither.
    let prospect = site.page("roadmaps/acme/prospect/index.html");
    assert!(!prospect.contains("segments.js") && !prospect.contains("segment-switcher"));
}

#[test]
fn unknown_segment_in_a_heading_is_an_error_at_its_position() {
    let site = TestSite::fixture("segments");
    site.edit(
        "content/roadmaps/acme/stages/demo.md",
        "{segment=smb}",
        "{segment=smbb}",
    );
    let errors = site.build_err();
    let hits: Vec<&String> = errors
        .iter()
        .filter(|e| e.starts_with("content/roadmaps/acme/stages/demo.md:7:33: error: "))
        .collect();
    assert_eq!(hits.len(), 1, "{errors:#?}");
    assert!(hits[0].contains("segment `smbb` is not a segment of roadmap `acme`"));
    assert!(hits[0].contains("did you mean `smb`?"));
}

#[test]
fn every_internal_link_resolves() {
    let site = built();
    assert_eq!(broken_links(&site.output()), Vec::<String>::new());
}

fn as_map(site: &RenderedSite) -> BTreeMap<String, Vec<u8>> {
    site.files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.to_vec()))
        .collect()
}

fn text(site: &RenderedSite, path: &str) -> String {
    let f = site.files.iter().find(|f| f.path == path).expect(path);
    String::from_utf8_lossy(&f.bytes).into_owned()
}

#[test]
fn rebuilds_re_render_the_views_when_their_sources_change() {
    let site = TestSite::fixture("segments");
    let mut session = Session::new(site.root(), None);
    let first = session.render().unwrap();
    let mut edit = |rel: &str, from: &str, to: &str| {
        site.edit(rel, from, to);
        session.invalidate([site.root().join(rel).as_path()]);
        let after = session.render().unwrap();
        let fresh = render(site.root(), None).unwrap();
        assert_eq!(as_map(&after), as_map(&fresh), "after editing {rel}");
        after
    };
    // roadmap.yaml: the SDR now does the demo work.
    let after = edit(
        "content/roadmaps/acme/roadmap.yaml",
        "raci: {ae: A, sdr: C, vp: I}",
        "raci: {ae: A, sdr: R, vp: I}",
    );
    let sdr = text(&after, "roadmaps/acme/role-sdr.html");
    assert!(sdr.contains("Responsible") && !sdr.contains("Consulted"));
    assert_ne!(
        text(&first, "roadmaps/acme/role-sdr.html"),
        sdr,
        "the role view must follow roadmap.yaml"
    );
    // A playbook: the segment views show it, the role views do not.
    let after = edit(
        "content/roadmaps/acme/stages/demo.md",
        "SMB-ONLY-TEXT",
        "SMB-ONLY-TEXT, revised",
    );
    assert!(text(&after, "roadmaps/acme/segment-smb.html").contains("SMB-ONLY-TEXT, revised"));
    // The stage page and both segment views; no role view.
    assert_eq!(after.rendered_pages, 3);
}

#[test]
fn switcher_hides_other_segments_and_remembers_the_choice() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let site = built();
    let server = StaticServer::start(&site.output(), "/sales/");
    let browser = Browser::start(&driver, &chrome);
    browser.goto(&format!("{}roadmaps/acme/demo/", server.url()));
    browser.wait_until(
        "return !document.querySelector('.segment-switcher').hidden",
        "segments.js to show the switcher",
    );
    let visible = |segment: &str| {
        browser.eval(&format!(
            "var s = document.querySelector('.segment-only[data-segment=\"{segment}\"]'); return !s.hidden && s.offsetHeight > 0"
        ))
    };
    let pressed = |segment: &str| {
        browser.eval(&format!(
            "return document.querySelector('.segment-switcher button[data-segment=\"{segment}\"]').getAttribute('aria-pressed')"
        ))
    };
    let toc_shows = |anchor: &str| {
        browser.eval(&format!(
            "var a = document.querySelector('.toc a[href=\"#{anchor}\"]'); return a.offsetHeight > 0"
        ))
    };
    assert_eq!(visible("smb"), Value::Bool(true));
    assert_eq!(visible("enterprise"), Value::Bool(true));
    assert_eq!(pressed(""), Value::from("true"));

    browser.click(".segment-switcher button[data-segment=\"enterprise\"]");
    assert_eq!(
        visible("smb"),
        Value::Bool(false),
        "smb's section must hide"
    );
    assert_eq!(visible("enterprise"), Value::Bool(true));
    assert_eq!(pressed("enterprise"), Value::from("true"));
    assert_eq!(pressed(""), Value::from("false"));
    assert_eq!(toc_shows("small-business-demo"), Value::Bool(false));
    assert_eq!(toc_shows("after-every-demo"), Value::Bool(true));
    assert_eq!(
        browser.eval("return document.body.innerText.includes('GENERAL-TEXT')"),
        Value::Bool(true)
    );

    // The choice survives a reload, and holds on the other pages of the roadmap.
    browser.reload();
    browser.wait_until(
        "return document.readyState === 'complete' && !document.querySelector('.segment-switcher').hidden",
        "the reloaded page",
    );
    assert_eq!(pressed("enterprise"), Value::from("true"));
    assert_eq!(visible("smb"), Value::Bool(false));

    // Keyboard: Tab to "All" and press Space.
    browser.eval("document.querySelector('.segment-switcher-label').setAttribute('tabindex', '-1'); document.querySelector('.segment-switcher-label').focus(); return true");
    browser.press("\u{E004}");
    assert_eq!(
        browser.eval("return document.activeElement.getAttribute('data-segment')"),
        Value::from("")
    );
    browser.press(" ");
    assert_eq!(visible("smb"), Value::Bool(true));
    assert_eq!(pressed(""), Value::from("true"));

    // The pages pass axe (when tests/a11y is installed) in both colour schemes, and none
    // scrolls sideways on a 360 px phone.
    let axe = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/a11y/node_modules/axe-core/axe.min.js"),
    )
    .ok();
    let pages = [
        "roadmaps/acme/demo/",
        "roadmaps/acme/role-ae.html",
        "roadmaps/acme/segment-enterprise.html",
    ];
    for (dark, width) in [(false, 1280), (true, 1280), (false, 360)] {
        browser.color_scheme(dark);
        browser.set_size(width, 800);
        for page in pages {
            browser.goto(&format!("{}{page}", server.url()));
            browser.wait_until("return document.readyState === 'complete'", page);
            assert_eq!(
                browser.eval("return document.documentElement.scrollWidth <= window.innerWidth"),
                Value::Bool(true),
                "{page} scrolls sideways at {width} px"
            );
            if let Some(axe) = &axe {
                browser.eval_with(
                    "(0, eval)(arguments[0]); return true",
                    vec![Value::from(axe.as_str())],
                );
                let violations = browser.eval_async(
                    "const done = arguments[arguments.length - 1];
                     axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})
                        .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                        .catch(e => done(['axe-error: ' + e]));",
                    vec![],
                );
                assert_eq!(
                    violations,
                    Value::Array(vec![]),
                    "{page}, dark {dark}, {width} px"
                );
            }
        }
    }
}
