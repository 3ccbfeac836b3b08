//! Translations: one source tree, several languages. The sample is built in Chinese and
//! English; the `basic` fixture (English) gets a Chinese translation to break one thing at
//! a time, each error checked at its file, line and column.

mod common;

use common::TestSite;
use common::search_index::SearchIndex;
use std::collections::BTreeSet;
use std::path::Path;

/// Every HTML page under `out`, relative to it, leaving out the folders in `skip`.
fn pages(out: &Path, skip: &[&str]) -> BTreeSet<String> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| !skip.iter().any(|s| p.starts_with(s)))
        .collect()
}

/// The value of attribute `attr` of every `<tag …>` of `html` that has `marker` in it.
fn attrs(html: &str, tag: &str, marker: &str, attr: &str) -> Vec<String> {
    html.split(&format!("<{tag} "))
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(a, _)| a))
        .filter(|a| a.contains(marker))
        .filter_map(|a| {
            let start = a.find(&format!("{attr}=\""))? + attr.len() + 2;
            Some(a[start..start + a[start..].find('"')?].to_string())
        })
        .collect()
}

#[test]
fn every_page_exists_in_both_languages_and_links_to_its_other_copy() {
    let site = TestSite::fixture("sample");
    site.build_ok();
    let out = site.output();
    let zh = pages(&out, &["en/"]);
    let en = pages(&out.join("en"), &[]);
    assert!(zh.len() > 40, "{} pages", zh.len());
    assert_eq!(zh, en, "the same pages in both languages");
    for page in &zh {
        let depth = page.matches('/').count();
        let up = "../".repeat(depth);
        let original = site.page(page);
        let translated = site.page(&format!("en/{page}"));
        assert!(
            original.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\""),
            "{page}"
        );
        assert!(
            translated.starts_with("<!DOCTYPE html>\n<html lang=\"en\""),
            "en/{page}"
        );
        if page.ends_with("404.html") {
            continue; // links from base_url's path, checked below
        }
        // Every head names both copies; the switcher leads to the other one.
        assert_eq!(
            attrs(&original, "link", "hreflang=", "href"),
            [format!("{up}{page}"), format!("{up}en/{page}")],
            "{page}"
        );
        assert_eq!(
            attrs(&translated, "link", "hreflang=", "hreflang"),
            ["zh-CN", "en"],
            "en/{page}"
        );
        assert_eq!(
            attrs(&original, "a", "data-lang-switch", "href"),
            [format!("{up}en/{page}")],
            "{page}"
        );
        assert_eq!(
            attrs(&translated, "a", "data-lang-switch", "href"),
            [format!("../{up}{page}")],
            "en/{page}"
        );
        assert_eq!(
            attrs(&translated, "a", "data-lang-switch", "hreflang"),
            ["zh-CN"]
        );
    }
    // The 404 page of each language links from base_url's path.
    assert!(
        site.page("en/404.html")
            .contains("href=\"/sales/roadmap/en/index.html\"")
    );
    let broken = common::broken_links(&out);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_switcher_and_alternates_resolve_over_http_and_in_the_sitemap() {
    let site = TestSite::fixture("sample");
    site.build_ok();
    let server = common::static_server::StaticServer::start(&site.output(), "/sales/roadmap/");
    // The crawl follows every href, the switcher and the alternates included, from the
    // root: it must reach every English page through them, and find nothing broken.
    let crawled = common::crawl::crawl_clean(&server.url());
    for page in pages(&site.output().join("en"), &[]) {
        if page.ends_with("404.html") {
            continue;
        }
        let pretty = page.trim_end_matches("index.html");
        let url = format!("{}en/{pretty}", server.url());
        let found = crawled
            .keys()
            .any(|u| *u == url || *u == format!("{}en/{page}", server.url()));
        assert!(found, "{url} not reached by the crawl");
    }
    let sitemap = site.page("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains(
        "<url><loc>https://intranet.example.com/sales/roadmap/en/glossary/</loc><xhtml:link rel=\"alternate\" hreflang=\"zh-CN\" href=\"https://intranet.example.com/sales/roadmap/glossary/\"/><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://intranet.example.com/sales/roadmap/en/glossary/\"/></url>"
    ), "{sitemap}");
}

#[test]
fn untranslated_text_keeps_its_language_and_the_page_says_so() {
    let site = TestSite::fixture("sample");
    site.build_ok();
    // The channel roadmap has no translation: its text is Chinese, marked as such.
    let channel = site.page("en/roadmaps/channel/index.html");
    assert!(channel.contains("<html lang=\"en\""));
    assert!(channel.contains("<p class=\"translation-note\">Parts of this page are not translated yet and are shown in Chinese.</p>"));
    assert!(channel.contains("<h1><span lang=\"zh-CN\">"), "{channel}");
    // Inside attributes and the title there is no element, only the text.
    assert!(!channel.contains('\u{E000}') && !channel.contains('\u{E001}'));
    // The enterprise roadmap and its playbooks are translated: no note, English text.
    let enterprise = site.page("en/roadmaps/enterprise/needs-analysis/index.html");
    assert!(!enterprise.contains("translation-note"), "{enterprise}");
    assert!(enterprise.contains("Work the opportunity with MEDDIC"));
    assert!(!enterprise.contains("用 MEDDIC 梳理商机"));
    // The original is unchanged by translations.
    let original = site.page("roadmaps/enterprise/needs-analysis/index.html");
    assert!(original.contains("用 MEDDIC 梳理商机") && !original.contains("translation-note"));
    // A checklist item keeps its id, and a quiz its question's and options' ids.
    let en = site.page("en/onboarding/welcome/index.html");
    let zh = site.page("onboarding/welcome/index.html");
    assert_eq!(
        attrs(&en, "li", "data-item", "data-item"),
        attrs(&zh, "li", "data-item", "data-item")
    );
    assert_eq!(
        attrs(&en, "div", "data-q", "data-answer"),
        attrs(&zh, "div", "data-q", "data-answer")
    );
    assert_eq!(attrs(&en, "li", "data-item", "data-item").len(), 5);
    // A diagram draws the Chinese milestone names whole, and the table after it is English.
    let review = site.page("en/roadmaps/channel/review.html");
    assert!(
        review.contains(">伙伴招募政策与返点方案发布</text>"),
        "{review}"
    );
    assert!(review.contains("<th scope=\"col\">Milestone</th>"));
    assert!(!review.contains("<span lang=\"zh-CN\">Milestone"));
}

/// Account plans are kept in one language: on a translated page their text is shown in
/// the original's, marked as such, with the page's note, and the page's own words are
/// translated.
#[test]
fn account_plans_show_their_text_in_the_original_language() {
    let site = TestSite::fixture("sample");
    site.build_ok();
    for page in [
        "en/accounts/huaxin-finance/index.html",
        "en/accounts/index.html",
        "en/roadmaps/enterprise/role-ae.html",
    ] {
        let html = site.page(page);
        assert!(
            html.contains("<p class=\"translation-note\">Parts of this page are not translated yet and are shown in Chinese.</p>"),
            "{page}"
        );
        assert!(
            html.contains("<span lang=\"zh-CN\">华信消费金融有限公司</span>"),
            "{page}"
        );
        assert!(
            !html.contains('\u{E000}') && !html.contains('\u{E001}'),
            "{page}"
        );
    }
    let account = site.page("en/accounts/huaxin-finance/index.html");
    // Committee names are whole in the diagram, and marked in the text.
    assert!(account.contains(">梁振宇</text>"));
    assert!(account.contains("<span lang=\"zh-CN\">梁振宇</span>"));
    // The original site has no marks and no note.
    let original = site.page("accounts/huaxin-finance/index.html");
    assert!(!original.contains("translation-note") && !original.contains("lang=\"zh-CN\">华信"));
}

#[test]
fn search_in_each_language_finds_that_languages_text() {
    let site = TestSite::fixture("sample");
    site.build_ok();
    let zh = SearchIndex::of_dir(&site.output());
    let en = SearchIndex::of_dir(&site.output().join("en"));
    // English stems ("opportunity" → "opportun") only in the English index; the Chinese
    // bigram 商机 in the English one only where the English site falls back to Chinese.
    assert!(
        !en.postings("opportun").is_empty(),
        "English text is indexed in en/"
    );
    assert!(
        !zh.keys.contains_key("opportun"),
        "the Chinese index has no English playbook"
    );
    let in_en = en.keys.get("商机").map_or(0, Vec::len);
    assert!(in_en < zh.postings("商机").len() / 2, "{in_en}");
    // Each page's search box loads its own language's index.
    let page = site.page("en/roadmaps/enterprise/index.html");
    assert!(page.contains("assets/search"), "the page names its index");
    assert!(site.output().join("en/assets/search/manifest.js").is_file());
}

/// The fixture site (English) with a Chinese translation in site.yaml.
fn bilingual_fixture() -> TestSite {
    let site = TestSite::fixture("basic");
    site.edit(
        "content/site.yaml",
        "language: en\n",
        "language: en\ntranslations:\n  zh-CN: {title: 测试站点}\n",
    );
    site
}

#[test]
fn an_overlay_cannot_change_a_number_and_names_ids_and_lists_as_the_original_does() {
    let site = bilingual_fixture();
    site.write(
        "content/roadmaps/acme/roadmap.zh-CN.yaml",
        "title: 中端市场路线图\nstages:\n  prospect:\n    name: 开发\n    conversion_rate: 0.9\n  prospekt:\n    name: 多余\ngoals:\n  logos:\n    label: 新客户\n    target: 50\nmarket:\n  trends: [整合, 多出来的一条]\nowner: ae\n",
    );
    let errors = site.build_err();
    let file = "content/roadmaps/acme/roadmap.zh-CN.yaml";
    common::assert_error(
        &errors,
        &format!("{file}:5:5"),
        &[
            "`conversion_rate` can only be set in the original",
            "roadmap.yaml",
            "text only",
        ],
    );
    common::assert_error(
        &errors,
        &format!("{file}:6:3"),
        &[
            "`prospekt` is not an id of `stages`",
            "did you mean `prospect`?",
        ],
    );
    common::assert_error(
        &errors,
        &format!("{file}:11:5"),
        &["`target` can only be set in the original"],
    );
    common::assert_error(
        &errors,
        &format!("{file}:13:11"),
        &[
            "this list has 2 items and the original's has 1",
            "same order",
        ],
    );
    common::assert_error(
        &errors,
        &format!("{file}:14:1"),
        &["`owner` can only be set in the original"],
    );
    assert_eq!(errors.len(), 5, "{errors:#?}");
}

#[test]
fn a_markdown_translation_holds_text_only_and_must_have_an_original() {
    let site = bilingual_fixture();
    site.write(
        "content/onboarding/welcome.zh-CN.md",
        "---\ntitle: 欢迎\nphase: week-2\nchecklist: [一]\n---\n正文。\n",
    );
    site.write("content/pages/glosary.zh-CN.md", "---\ntitle: 术语\n---\n");
    site.write(
        "content/pages/glossary.fr.md",
        "---\ntitle: Glossaire\n---\n",
    );
    let errors = site.build_err();
    common::assert_error(
        &errors,
        "content/onboarding/welcome.zh-CN.md:3:1",
        &["`phase` can only be set in the original"],
    );
    common::assert_error(
        &errors,
        "content/pages/glosary.zh-CN.md:1:1",
        &["no such page", "did you mean `glossary.zh-CN`?"],
    );
    common::assert_error(
        &errors,
        "content/pages/glossary.fr.md:1:1",
        &["translation into `fr`", "not a language of this site"],
    );
    let checklist = errors
        .iter()
        .filter(|e| e.contains("welcome.zh-CN.md:4:"))
        .count();
    assert_eq!(
        checklist, 1,
        "the checklist's length is checked too: {errors:#?}"
    );
}

#[test]
fn check_reports_coverage_and_stale_translations_and_can_require_them() {
    let site = bilingual_fixture();
    site.write(
        "content/roadmaps/acme/stages/prospect.zh-CN.md",
        "---\ntitle: 开发客户\nupdated: 2026-01-01\n---\n## 调研 {#research}\n\n先讲客户的问题。\n",
    );
    let day = Some(common::test_day());
    let report = stagecraft::build::check_report(
        site.root(),
        &stagecraft::build::CheckOptions {
            as_of: day,
            ..Default::default()
        },
    );
    let summary = &report.translations.summaries;
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0].language, "zh-CN");
    assert!(summary[0].fields_translated >= 2 && summary[0].fields_translated < summary[0].fields);
    assert!(
        summary[0].pages_untranslated > 0
            && summary[0].pages_translated + summary[0].pages_partly > 0
    );
    let line = summary[0].line();
    assert!(line.starts_with("translation `zh-CN`: "), "{line}");
    // The playbook's original was updated after its translation.
    let stale: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("stale"))
        .filter(|d| d.file.ends_with("prospect.zh-CN.md"))
        .collect();
    assert_eq!(stale.len(), 1, "{:#?}", report.diagnostics);
    assert_eq!((stale[0].line, stale[0].col), (3, 10));
    assert!(stale[0].message.contains("the original changed on"));
    // Untranslated sources are warnings at the original, not errors…
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.severity == stagecraft::diagnostics::Severity::Warning
                || !d.message.contains("not translated"))
    );
    let untranslated = report
        .diagnostics
        .iter()
        .find(|d| {
            d.file == Path::new("content/roadmaps/acme/roadmap.yaml")
                && d.message.contains("not translated into `zh-CN`")
        })
        .expect("the roadmap is reported untranslated");
    assert_eq!((untranslated.line, untranslated.col), (1, 1));
    // …and errors with --require-translations.
    let required = stagecraft::build::check_report(
        site.root(),
        &stagecraft::build::CheckOptions {
            as_of: day,
            require_translations: true,
            ..Default::default()
        },
    );
    assert!(
        required
            .diagnostics
            .iter()
            .any(|d| d.severity == stagecraft::diagnostics::Severity::Error
                && d.message.contains("not translated into `zh-CN`"))
    );
    // The JSON output carries the summary and the findings with their places.
    let json: serde_json::Value = serde_json::from_str(&stagecraft::translate::report::to_json(
        &report.diagnostics,
        &report.translations,
    ))
    .unwrap();
    assert_eq!(json["translations"]["languages"][0]["language"], "zh-CN");
    let findings = json["translations"]["findings"].as_array().unwrap();
    assert!(findings.iter().any(
        |f| f["file"] == "content/roadmaps/acme/stages/prospect.zh-CN.md"
            && f["line"] == 3
            && f["column"] == 10
    ));
    // The stale page says so, in the page's language.
    site.build_ok();
    let page = site.page("zh-CN/roadmaps/acme/prospect/index.html");
    assert!(page.contains("英文原文已于 2026-02-01 更新"), "{page}");
    assert!(page.contains("<h2 id=\"research\">调研</h2>"), "{page}");
}

/// Every file a render produced, by path.
fn files_of(site: &stagecraft::build::RenderedSite) -> std::collections::BTreeMap<String, Vec<u8>> {
    site.files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.to_vec()))
        .collect()
}

#[test]
fn editing_a_translation_re_renders_only_its_languages_pages_as_serve_does() {
    let site = bilingual_fixture();
    let translation = "content/roadmaps/acme/stages/prospect.zh-CN.md";
    site.write(
        translation,
        "---\ntitle: 开发客户\n---\n## 调研 {#research}\n\n旧的正文。\n",
    );
    let mut session = stagecraft::build::Session::new(site.root(), None);
    session.set_as_of(Some(common::test_day()));
    session.trust_invalidations(true);
    let before = files_of(
        &session
            .render()
            .unwrap_or_else(|f| panic!("{:?}", f.diagnostics)),
    );
    site.edit(translation, "旧的正文。", "新的正文。");
    session.invalidate([site.root().join(translation).as_path()]);
    let after = session
        .render()
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let rendered = after.rendered_pages;
    let after = files_of(&after);
    let changed: Vec<&String> = after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(b) && p.ends_with(".html"))
        .map(|(p, _)| p)
        .collect();
    // The playbook's page and the segment view that shows its body, in Chinese only.
    assert_eq!(
        changed,
        [
            "zh-CN/roadmaps/acme/prospect/index.html",
            "zh-CN/roadmaps/acme/segment-smb.html"
        ]
    );
    assert_eq!(rendered, changed.len(), "nothing else is re-rendered");
    assert!(
        String::from_utf8_lossy(&after["zh-CN/roadmaps/acme/prospect/index.html"])
            .contains("新的正文。")
    );
    // The same as a fresh build.
    let fresh = files_of(&stagecraft::build::render(site.root(), None).unwrap());
    let html = |m: &std::collections::BTreeMap<String, Vec<u8>>| {
        m.iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(html(&after).len(), html(&fresh).len());
}

#[test]
fn an_anchor_a_translation_drops_is_reported_where_it_is_linked() {
    // demo.md (untranslated) links to prospect.md#research; the translation of prospect.md
    // has no such heading, so the Chinese site's link would lead nowhere.
    let site = bilingual_fixture();
    site.write(
        "content/roadmaps/acme/stages/prospect.zh-CN.md",
        "---\ntitle: 开发客户\n---\n## 调研\n\n先讲客户的问题。\n",
    );
    let errors = site.build_err();
    common::assert_error(
        &errors,
        "content/roadmaps/acme/stages/demo.md:3:23",
        &["in the `zh-CN` translation", "research"],
    );
    assert_eq!(errors.len(), 1, "{errors:#?}");
}

/// A language the built-in theme does not ship: the site's theme gives its words (a table
/// that may leave keys out, which show English), and it works like the built-in ones.
#[test]
fn a_language_beyond_the_built_in_two_comes_from_the_themes_string_table() {
    let site = TestSite::fixture("basic");
    site.edit(
        "content/site.yaml",
        "language: en\n",
        "language: en\ntranslations:\n  de: {title: Acme Vertrieb}\n",
    );
    // Without a table, the build stops where site.yaml names the language.
    let errors = site.build_err();
    common::assert_error(
        &errors,
        "content/site.yaml:5:3",
        &[
            "published in `de`, but its theme has no UI strings in that language",
            "stagecraft new language de",
        ],
    );
    assert_eq!(errors.len(), 1, "{errors:#?}");

    site.write(
        "themes/default/i18n/de.yaml",
        "search_placeholder: Playbooks durchsuchen\nlanguage_en: Englisch\n",
    );
    site.write(
        "content/pages/glossary.de.md",
        "---\ntitle: Glossar\n---\n### ICP\n\nIdealprofil eines Kunden.\n",
    );
    site.build_ok();
    let original = site.page("glossary/index.html");
    let german = site.page("de/glossary/index.html");
    assert!(german.starts_with("<!DOCTYPE html>\n<html lang=\"de\""));
    assert!(german.contains("Idealprofil eines Kunden."));
    assert!(german.contains("placeholder=\"Playbooks durchsuchen\""));
    // A key the table leaves out shows the English word, not nothing.
    let english_only = site.page("de/index.html");
    assert!(english_only.contains("Acme Vertrieb"));
    assert_eq!(
        attrs(&original, "a", "data-lang-switch", "href"),
        ["../de/glossary/index.html"]
    );
    assert!(original.contains("hreflang=\"de\" lang=\"de\" data-lang-switch>Deutsch"));
    assert_eq!(
        attrs(&german, "link", "hreflang=", "hreflang"),
        ["en", "de"]
    );
    // Its search index is its own.
    let has = |index: &SearchIndex| index.keys.keys().any(|k| k.starts_with("idealprofil"));
    assert!(has(&SearchIndex::of_dir(&site.output().join("de"))));
    assert!(!has(&SearchIndex::of_dir(&site.output())));
    let broken = common::broken_links(&site.output());
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));

    // A site in that language alone works too.
    site.edit(
        "content/site.yaml",
        "language: en\ntranslations:\n  de: {title: Acme Vertrieb}\n",
        "language: de\n",
    );
    site.remove("content/pages/glossary.de.md");
    site.build_ok();
    let home = site.page("index.html");
    assert!(home.starts_with("<!DOCTYPE html>\n<html lang=\"de\""));
    assert!(home.contains("placeholder=\"Playbooks durchsuchen\""));
}

#[test]
fn a_language_tag_that_is_not_one_is_explained() {
    let site = TestSite::fixture("basic");
    site.edit("content/site.yaml", "language: en\n", "language: English\n");
    let errors = site.build_err();
    common::assert_error(
        &errors,
        "content/site.yaml:3:11",
        &[
            "`English` is not a language tag",
            "`zh-CN`, `en` or `pt-BR`",
        ],
    );
}

/// Change notes are written once, in the original's language: a translation shows them in an
/// element with that language, on its what's-new page, in its notices and in its feed.
#[test]
fn change_notes_on_translated_pages_keep_their_language() {
    let site = TestSite::fixture("sample");
    site.build_ok();
    let note = "<span lang=\"zh-CN\">新增<a href=\"../roadmaps/enterprise/negotiation/index.html\">预付折扣</a>";
    assert!(site.page("en/whats-new/index.html").contains(note));
    let notices: String = std::fs::read_dir(site.output().join("en/assets/changes"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        notices.contains("<span lang=\\\"zh-CN\\\">新增"),
        "the notices' data"
    );
    assert!(
        site.page("en/feed.xml")
            .contains("&lt;span lang=&quot;zh-CN&quot;&gt;新增")
    );
    // The original's own pages need no such element.
    assert!(
        !site
            .page("whats-new/index.html")
            .contains("<span lang=\"zh-CN\">新增")
    );
}
