//! Printing, in headless Chromium: a playbook prints black on white without the site's
//! chrome (even for a reader in dark mode), with link addresses, the whole stage diagram and
//! unsplit cards; each roadmap's one-page summary prints on exactly one A4 landscape page and
//! reads on a phone and a desktop screen too.
//!
//! With `STAGECRAFT_SHOTS=DIR`, the PDFs and screenshots are also written to `DIR` for
//! people to look at.

mod common;

use common::TestSite;
use common::browser::{Browser, tools};
use common::static_server::StaticServer;
use serde_json::{Value, json};

/// Pages and page size of a PDF written by Chromium: the `/Count` of its page tree and the
/// first `/MediaBox` (width, height in points).
fn pdf_pages(pdf: &[u8]) -> (usize, (f64, f64)) {
    let text = String::from_utf8_lossy(pdf);
    assert!(text.starts_with("%PDF"), "not a PDF");
    let count = text
        .split("/Type /Pages")
        .nth(1)
        .and_then(|s| s.split("/Count ").nth(1))
        .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok())
        .expect("a page count");
    let media: Vec<f64> = text
        .split("/MediaBox [")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .expect("a media box")
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    (count, (media[2] - media[0], media[3] - media[1]))
}

fn save(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("STAGECRAFT_SHOTS") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

fn shot(browser: &Browser, name: &str) {
    if let Some(dir) = std::env::var_os("STAGECRAFT_SHOTS") {
        std::fs::create_dir_all(&dir).unwrap();
        browser.screenshot(&std::path::Path::new(&dir).join(name));
    }
}

/// Emulates printing (`@media print`) for a reader whose system is in dark mode.
fn emulate_print_in_dark_mode(browser: &Browser) {
    browser.cdp(
        "Emulation.setEmulatedMedia",
        json!({"media": "print", "features": [{"name": "prefers-color-scheme", "value": "dark"}]}),
    );
}

fn emulate_screen(browser: &Browser) {
    browser.cdp(
        "Emulation.setEmulatedMedia",
        json!({"media": "", "features": []}),
    );
}

fn open(browser: &Browser, url: &str) {
    browser.goto(url);
    browser.wait_until(
        "return document.readyState === 'complete'",
        &format!("{url} to load"),
    );
}

/// What the print stylesheet does to a page: the chrome it shows, the colours it uses, how
/// links, the diagram and cards print.
const PRINT_REPORT: &str = r##"
const css = (el, p, pseudo) => getComputedStyle(el, pseudo || null).getPropertyValue(p);
const shown = [...document.querySelectorAll('.skip-link, .site-nav, .breadcrumbs, .pager, .site-footer, .toc, .button')]
  .filter(el => css(el, 'display') !== 'none').map(el => el.className);
const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const light = [];
for (const el of document.querySelectorAll('main *')) {
  // The diagram and the summary's stage bands print their own colours.
  if (el.closest('svg, .wall-stage-name') || el.getClientRects().length === 0) continue;
  const hasText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  // Text must be dark enough on white (contrast 4.5:1 or more).
  if (hasText && css(el, 'display') !== 'none' && (1.05 / (lum(css(el, 'color')) + 0.05)) < 4.5) light.push(el.tagName + '.' + el.className + ': ' + css(el, 'color'));
  const bg = css(el, 'background-color');
  if (rgb(bg).length >= 3 && rgb(bg)[3] !== 0 && lum(bg) < 0.8 && !el.matches('.bar, .bar > span, .wall-stage-name, .wall-num')) light.push(el.tagName + '.' + el.className + ' background ' + bg);
}
const prose = [...document.querySelectorAll('.prose a[href]:not([href^="#"])')];
const anchors = [...document.querySelectorAll('main a[href^="#"]')];
const svg = document.querySelector('.stage-diagram .diagram-h');
const panel = document.querySelector('.diagram-panel');
const scroll = document.querySelector('.stage-diagram .diagram-scroll');
return {
  shown,
  light,
  body: [css(document.body, 'background-color'), css(document.body, 'color')],
  proseLinks: prose.map(a => [a.dataset.printHref || '', css(a, 'content', '::after')]),
  anchorContent: anchors.map(a => css(a, 'content', '::after')),
  diagram: svg ? {
    display: css(svg, 'display'),
    width: svg.getBoundingClientRect().width,
    height: svg.getBoundingClientRect().height,
    panel: panel.clientWidth,
    scrollOverflow: scroll.scrollWidth - scroll.clientWidth,
  } : null,
  cards: [...document.querySelectorAll('.fact, .card, .wall-stage, .wall-goal')].map(el => css(el, 'break-inside')),
  headerKept: document.querySelector('.brand') ? css(document.querySelector('.brand'), 'display') : 'none',
};
"##;

/// The sample, built and served under `/sales/roadmap/`.
fn serve_sample() -> (TestSite, StaticServer) {
    let site = TestSite::fixture("sample");
    site.build_ok();
    let server = StaticServer::start(&site.output(), "/sales/roadmap/");
    (site, server)
}

#[test]
fn playbooks_and_summaries_print_cleanly() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let (_site, server) = serve_sample();
    let root = server.url();
    let browser = Browser::start(&driver, &chrome);

    // 1. A playbook, printed by a reader in dark mode who also switched a theme toggle on.
    browser.set_size(760, 1000);
    open(
        &browser,
        &format!("{root}roadmaps/enterprise/needs-analysis/"),
    );
    browser.eval(
        "document.documentElement.dataset.theme = 'dark';
         document.documentElement.classList.add('dark');
         const s = document.createElement('style');
         s.textContent = ':root[data-theme=dark], .dark body { --bg: #000; --surface: #111; --text: #fff; --text-2: #eee; --muted: #ccc; --accent-text: #9cf; background: #000; color: #fff; }';
         document.head.appendChild(s); return true",
    );
    emulate_print_in_dark_mode(&browser);
    let r = browser.eval(PRINT_REPORT);
    assert_eq!(r["shown"], json!([]), "chrome shown in print: {r}");
    assert_ne!(r["headerKept"], "none", "the site name stays as a header");
    assert_eq!(
        r["body"],
        json!(["rgb(255, 255, 255)", "rgb(0, 0, 0)"]),
        "black on white"
    );
    assert_eq!(
        r["light"],
        json!([]),
        "light text or dark backgrounds in print"
    );
    let links = r["proseLinks"].as_array().expect("prose links");
    assert!(!links.is_empty(), "the playbook links other pages: {r}");
    for l in links {
        let (address, after) = (l[0].as_str().unwrap(), l[1].as_str().unwrap());
        assert!(address.starts_with(&root), "print address {address}");
        assert!(
            after.contains(address),
            "a link prints its address: {after} vs {address}"
        );
    }
    let anchors = r["anchorContent"].as_array().expect("anchors");
    assert!(!anchors.is_empty(), "the playbook has in-page links: {r}");
    assert!(
        anchors.iter().all(|c| c == "none" || c == "normal"),
        "in-page links print no address: {anchors:?}"
    );
    let d = &r["diagram"];
    assert_eq!(d["display"], "block", "the diagram prints: {d}");
    assert!(
        d["width"].as_f64().unwrap() <= d["panel"].as_f64().unwrap() + 1.0,
        "the diagram fits the page width: {d}"
    );
    assert!(
        d["height"].as_f64().unwrap() > 20.0,
        "the diagram is drawn: {d}"
    );
    assert!(
        d["scrollOverflow"].as_f64().unwrap() <= 1.0,
        "nothing of the diagram is scrolled out of view: {d}"
    );
    let cards = r["cards"].as_array().unwrap();
    assert!(
        !cards.is_empty() && cards.iter().all(|c| c == "avoid"),
        "{cards:?}"
    );
    let pdf = browser.print_pdf();
    let (pages, _) = pdf_pages(&pdf);
    assert!(
        (1..=8).contains(&pages),
        "the playbook prints on {pages} pages"
    );
    save("playbook.pdf", &pdf);
    emulate_screen(&browser);

    // 2. The same for a roadmap, a module and a free page; the roadmap prints landscape.
    for (name, path) in [
        ("roadmap", "roadmaps/enterprise/"),
        ("module", "onboarding/discovery/"),
        ("page", "glossary/"),
    ] {
        open(&browser, &format!("{root}{path}"));
        emulate_print_in_dark_mode(&browser);
        let r = browser.eval(PRINT_REPORT);
        assert_eq!(r["shown"], json!([]), "{name}: chrome shown in print");
        assert_eq!(r["light"], json!([]), "{name}: not black on white");
        if let Some(d) = r["diagram"].as_object() {
            assert!(
                d["width"].as_f64().unwrap() <= d["panel"].as_f64().unwrap() + 1.0,
                "{name}: the diagram fits: {d:?}"
            );
        }
        let pdf = browser.print_pdf();
        let (_, (w, h)) = pdf_pages(&pdf);
        assert_eq!(w > h, name == "roadmap", "{name}: page is {w} x {h}");
        save(&format!("{name}.pdf"), &pdf);
        emulate_screen(&browser);
    }

    // The roadmap page links its summary.
    open(&browser, &format!("{root}roadmaps/channel/"));
    browser.click("a[href$='summary.html']");
    browser.wait_until(
        "return location.pathname.endsWith('/roadmaps/channel/summary.html') && document.readyState === 'complete'",
        "the summary to open from the roadmap page",
    );
}

/// The fonts a summary is printed with: a short name for files, a name for messages, and
/// the font folders a fontconfig file limits Chromium to (`None`: the machine's own fonts,
/// whatever they are).
const FONT_SETS: &[(&str, &str, Option<&[&str]>)] = &[
    ("machine", "the machine's fonts", None),
    (
        "noto",
        "Noto Sans CJK and Liberation",
        Some(&[
            "/usr/share/fonts/opentype/noto",
            "/usr/share/fonts/truetype/liberation",
        ]),
    ),
    (
        "droid",
        "Droid Sans Fallback and DejaVu",
        Some(&[
            "/usr/share/fonts/truetype/droid",
            "/usr/share/fonts/truetype/dejavu",
        ]),
    ),
];

/// Page height an A4 landscape summary may fill, as a share of the printable height: the
/// rest is slack for fonts with other metrics than the ones tested.
const MOST_FILLED: f64 = 0.92;

/// A fontconfig file that lets Chromium see only the fonts in `dirs` (plus the system's
/// matching rules), written into `tmp`.
fn fontconfig_with_only(dirs: &[&str], tmp: &std::path::Path) -> std::path::PathBuf {
    for dir in dirs {
        let has_fonts = std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some());
        assert!(
            has_fonts,
            "{dir} holds no fonts: install the README's test prerequisites (fonts-noto-cjk, fonts-droid-fallback, fonts-liberation, fonts-dejavu-core)"
        );
    }
    let dirs: String = dirs.iter().map(|d| format!("<dir>{d}</dir>")).collect();
    let file = tmp.join("fonts.conf");
    std::fs::write(
        &file,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>{dirs}<cachedir>{}</cachedir><include ignore_missing=\"yes\">/etc/fonts/conf.d</include></fontconfig>\n",
            tmp.join("cache").display()
        ),
    )
    .unwrap();
    file
}

/// Each roadmap's one-page summary prints on one A4 landscape page with every CJK font a
/// Debian machine may fall back to, with room to spare, and reads on screens too.
#[test]
fn summaries_print_on_one_page_with_any_cjk_font() {
    let Some((driver, chrome)) = tools() else {
        return;
    };
    let (_site, server) = serve_sample();
    let root = server.url();
    for (short, fonts, dirs) in FONT_SETS {
        let tmp = tempfile::tempdir().unwrap();
        let env_file = dirs.map(|d| fontconfig_with_only(d, tmp.path()));
        let env: Vec<(&str, &std::path::Path)> = env_file
            .iter()
            .map(|f| ("FONTCONFIG_FILE", f.as_path()))
            .collect();
        let browser = Browser::start_with_env(&driver, &chrome, &env);
        // The English translation's summary too: English runs longer than Chinese.
        for roadmap in [
            "roadmaps/enterprise",
            "roadmaps/channel",
            "en/roadmaps/enterprise",
        ] {
            let url = format!("{root}{roadmap}/summary.html");
            // The printable area of A4 landscape with the summary's margins, in CSS pixels.
            browser.set_size(PRINT_WIDTH_PX, 400);
            open(&browser, &url);
            emulate_print_in_dark_mode(&browser);
            let r = browser.eval(PRINT_REPORT);
            assert_eq!(
                r["light"],
                json!([]),
                "{roadmap} summary: not dark on white"
            );
            // No scroll bar takes width from the layout, as none does on paper.
            browser.eval("document.documentElement.style.overflow = 'hidden'; return true");
            let used = browser
                .eval("const w = document.querySelector('.wall').getBoundingClientRect(); return w.bottom - Math.min(w.top, document.body.getBoundingClientRect().top)")
                .as_f64()
                .unwrap();
            let filled = used / PRINT_HEIGHT_PX;
            eprintln!(
                "{roadmap} summary with {fonts}: fills {:.0} % of the page",
                filled * 100.0
            );
            let pdf = browser.print_pdf();
            let (pages, (w, h)) = pdf_pages(&pdf);
            save(
                &format!("summary-{}-{short}.pdf", roadmap.replace('/', "-")),
                &pdf,
            );
            assert_eq!(
                pages, 1,
                "the {roadmap} summary prints on {pages} pages with {fonts}"
            );
            assert!(
                (w - 841.9).abs() < 1.0 && (h - 595.0).abs() < 1.0,
                "{roadmap} summary: page is {w} x {h}, not A4 landscape"
            );
            assert!(
                filled <= MOST_FILLED,
                "the {roadmap} summary fills {:.0} % of the page with {fonts}: keep it under {:.0} % so that other fonts cannot push it onto a second page",
                filled * 100.0,
                MOST_FILLED * 100.0
            );
            emulate_screen(&browser);
            for width in [1280, 390] {
                browser.set_size(width, 1000);
                open(&browser, &url);
                let overflow = browser.eval(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
                );
                assert_eq!(
                    overflow,
                    Value::from(0),
                    "{roadmap} summary scrolls sideways at {width} px with {fonts}"
                );
                let name = roadmap.replace('/', "-");
                shot(&browser, &format!("summary-{name}-{short}-{width}.png"));
            }
        }
    }
}

/// A4 landscape less the summary's `@page` margins (9 mm each side, 8 mm top and bottom),
/// in CSS pixels (96 per inch).
const PRINT_WIDTH_PX: u32 = 1054;
/// See [`PRINT_WIDTH_PX`].
const PRINT_HEIGHT_PX: f64 = 194.0 / 25.4 * 96.0;
