//! The theme: templates, assets and UI strings. The default theme is compiled into the
//! binary; a site's `themes/<name>/` replaces any of its files, file by file.

use crate::diagnostics::Diagnostic;
use crate::i18n::Strings;
use crate::model::Language;
use std::collections::BTreeMap;
use std::path::Path;
use walkdir::WalkDir;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)))),*]
    };
}

/// Every file of the built-in default theme, by path inside the theme folder.
pub const DEFAULT_THEME: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/home.html",
    "templates/roadmap.html",
    "templates/stage.html",
    "templates/summary.html",
    "templates/review.html",
    "templates/onboarding.html",
    "templates/module.html",
    "templates/page.html",
    "templates/role.html",
    "templates/segment.html",
    "templates/404.html",
    "templates/find-root.js",
    "templates/sitemap.xml",
    "templates/search.html",
    "templates/account.html",
    "templates/accounts.html",
    "templates/whats-new.html",
    "templates/feed.xml",
    "static/assets/style.css",
    "static/assets/roadmap.css",
    "static/assets/plan.css",
    "static/assets/summary.css",
    "static/assets/onboarding.css",
    "static/assets/accounts.css",
    "static/assets/site.js",
    "static/assets/accounts.js",
    "static/assets/progress.js",
    "static/assets/theme.js",
    "static/assets/segments.js",
    "static/assets/icon.svg",
    "static/assets/search.js",
    "static/assets/whats-new.css",
    "static/assets/whats-new.js",
    "static/assets/notice.js",
    "i18n/en.yaml",
    "i18n/zh-CN.yaml",
];

/// A theme, ready to use.
#[derive(Debug, Default)]
pub struct Theme {
    /// Template name (path under `templates/`) → source.
    pub templates: BTreeMap<String, String>,
    /// Output path → bytes, copied into the site.
    pub assets: BTreeMap<String, std::sync::Arc<Vec<u8>>>,
    /// UI strings in the site's language.
    pub strings: Strings,
    /// Fingerprint of the templates and strings: pages re-render when it changes.
    pub hash: u64,
}

/// Loads the default theme and applies the overrides in `root/themes/<name>/`.
pub fn load(root: &Path, name: Option<&str>, language: Language) -> Result<Theme, Vec<Diagnostic>> {
    let mut files: BTreeMap<String, Vec<u8>> = DEFAULT_THEME
        .iter()
        .map(|(p, b)| (p.to_string(), b.to_vec()))
        .collect();
    let mut errors = Vec::new();
    let dir = root.join("themes").join(name.unwrap_or("default"));
    if let Some(name) = name.filter(|n| *n != "default")
        && !dir.is_dir()
    {
        errors.push(
            Diagnostic::file_error(
                "content/site.yaml",
                format!("theme `{name}` not found: there is no folder themes/{name}/"),
            )
            .with_hint("create it, or remove `theme:` to use the built-in default theme"),
        );
        return Err(errors);
    }
    if dir.is_dir() {
        for entry in WalkDir::new(&dir).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let rel = e.path().strip_prefix(&dir).unwrap_or(e.path());
                    if crate::source::is_editor_litter(rel) {
                        continue;
                    }
                    let key = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/");
                    match std::fs::read(e.path()) {
                        Ok(bytes) => {
                            files.insert(key, bytes);
                        }
                        Err(err) => errors.push(Diagnostic::file_error(
                            crate::diagnostics::relative_to(e.path(), root),
                            format!("cannot read: {err}"),
                        )),
                    }
                }
                Ok(_) => {}
                Err(err) => errors.push(Diagnostic::file_error(
                    crate::diagnostics::relative_to(&dir, root),
                    format!("cannot read the theme: {err}"),
                )),
            }
        }
    }
    let mut theme = Theme::default();
    let own_table = format!("i18n/{}.yaml", language.tag());
    if !language.is_built_in() && !files.contains_key(&own_table) {
        // `languages_without_strings` reports it where the site names the language.
        errors.push(no_strings(
            Diagnostic::file_error("content/site.yaml", String::new()),
            language,
            name,
        ));
        return Err(errors);
    }
    // Start from the built-in strings so that a theme's table only needs the keys it changes;
    // a language the theme does not ship starts from English, so a missing key shows English
    // rather than nothing.
    let builtin = if language.is_built_in() {
        own_table.clone()
    } else {
        "i18n/en.yaml".to_string()
    };
    if let Some((_, bytes)) = DEFAULT_THEME.iter().find(|(p, _)| *p == builtin)
        && let Ok(table) = crate::source::yaml::parse_string_table(&String::from_utf8_lossy(bytes))
    {
        theme.strings = table;
    }
    let shown = |key: &str| {
        if dir.join(key).is_file() {
            crate::diagnostics::relative_to(&dir.join(key), root)
        } else {
            Path::new("themes/default").join(key)
        }
    };
    for (key, bytes) in files {
        if let Some(name) = key.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(text) => {
                    theme.templates.insert(name.to_string(), text);
                }
                Err(_) => errors.push(Diagnostic::file_error(
                    shown(&key),
                    "this template is not valid UTF-8 text",
                )),
            }
        } else if let Some(asset) = key.strip_prefix("static/") {
            let bytes = match std::str::from_utf8(&bytes) {
                Ok(css) if asset.ends_with(".css") => compact_css(css).into_bytes(),
                Ok(js) if asset.ends_with(".js") => compact_js(js).into_bytes(),
                _ => bytes,
            };
            theme
                .assets
                .insert(asset.to_string(), std::sync::Arc::new(bytes));
        } else if key == own_table {
            let text = String::from_utf8_lossy(&bytes);
            match crate::source::yaml::parse_string_table(&text) {
                Ok(table) => theme.strings.extend(table),
                Err(e) => errors.push(Diagnostic::file_error(
                    shown(&key),
                    format!("cannot read the UI strings: {e}"),
                )),
            }
        }
    }
    theme.hash = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        theme.templates.hash(&mut h);
        let mut strings: Vec<_> = theme.strings.iter().collect();
        strings.sort();
        strings.hash(&mut h);
        h.finish()
    };
    if errors.is_empty() {
        Ok(theme)
    } else {
        Err(errors)
    }
}

/// The languages of `site` (its own and its translations) that neither the built-in theme
/// nor the site's theme has UI strings for, each reported where `site.yaml` names it.
pub fn languages_without_strings(
    root: &Path,
    site: &crate::model::Site,
    sources: &crate::source::SourceMap,
) -> Vec<Diagnostic> {
    let config = &site.config;
    let theme = config.theme.as_deref();
    let dir = root.join("themes").join(theme.unwrap_or("default"));
    let has = |l: Language| {
        l.is_built_in() || dir.join("i18n").join(format!("{}.yaml", l.tag())).is_file()
    };
    let file = Path::new("content/site.yaml");
    let mut out = Vec::new();
    if !has(config.language) {
        out.push(no_strings(
            sources.error_at(file, "language", ""),
            config.language,
            theme,
        ));
    }
    for &l in config.translations.keys().filter(|l| !has(**l)) {
        let at = sources.error_at_key(file, &format!("translations.{}", l.tag()), "");
        out.push(no_strings(at, l, theme));
    }
    out
}

/// `at`, saying that the theme has no UI strings in `language`.
fn no_strings(at: Diagnostic, language: Language, theme: Option<&str>) -> Diagnostic {
    let tag = language.tag();
    Diagnostic {
        message: format!(
            "the site is published in `{tag}`, but its theme has no UI strings in that language"
        ),
        ..at
    }
    .with_hint(format!(
        "the built-in theme has {}; `stagecraft new language {tag}` writes \
         themes/{}/i18n/{tag}.yaml (the English words) for you to translate",
        Language::BUILT_IN.map(Language::tag).join(" and "),
        theme.unwrap_or("default"),
    ))
}

/// A stylesheet without its comments, indentation and line breaks: the same rules in fewer
/// bytes (the theme's CSS is written to be read; pages need not carry the commentary).
/// Quoted strings are kept as they are, so `content: "/* x */"` survives.
pub fn compact_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.char_indices().peekable();
    let mut quote: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some(q), _) => {
                out.push(c);
                if c == '\\' {
                    if let Some((_, n)) = chars.next() {
                        out.push(n);
                    }
                } else if c == q {
                    quote = None;
                }
            }
            (None, '"' | '\'') => {
                quote = Some(c);
                out.push(c);
            }
            (None, '/') if css[i..].starts_with("/*") => {
                let end = css[i + 2..].find("*/").map_or(css.len(), |e| i + 2 + e + 2);
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
            }
            (None, _) => out.push(c),
        }
    }
    // Lines are joined: with nothing next to punctuation, else with one space (a value may
    // go on over several lines). Strings never span lines in CSS, so this is safe outside
    // them, and a string's own text is never at a line's end or start.
    let mut compact = String::with_capacity(out.len());
    for line in out.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let joins_tightly = |c: Option<char>| matches!(c, None | Some('{' | '}' | ';' | ','));
        if !joins_tightly(compact.chars().next_back()) && !joins_tightly(line.chars().next()) {
            compact.push(' ');
        }
        compact.push_str(line);
    }
    compact.push('\n');
    compact
}

/// A script without its comment lines, indentation and blank lines. Only whole lines are
/// dropped or trimmed, which changes no statement; a script with template literals or
/// continued strings (where a line's indentation may be part of a string) is kept as it is.
pub fn compact_js(js: &str) -> String {
    if js.contains('`') || js.lines().any(|l| l.ends_with('\\')) {
        return js.to_string();
    }
    let mut out = String::with_capacity(js.len());
    let mut in_comment = false;
    for line in js.lines().map(str::trim) {
        let mut code = line;
        if in_comment {
            match code.find("*/") {
                Some(end) => {
                    in_comment = false;
                    code = code[end + 2..].trim_start();
                }
                None => continue,
            }
        }
        if code.starts_with("/*") {
            match code.find("*/") {
                Some(end) => code = code[end + 2..].trim_start(),
                None => {
                    in_comment = true;
                    continue;
                }
            }
        }
        if code.is_empty() || code.starts_with("//") {
            continue;
        }
        out.push_str(code);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{DEFAULT_THEME, compact_css, compact_js};

    #[test]
    fn compacting_js_drops_comment_lines_and_indentation_only() {
        let js = "/* a\n   b */\n(function () {\n  // note\n  var s = \"/* kept */\"; // kept too\n\n  /* one */ go(s);\n})();\n";
        assert_eq!(
            compact_js(js),
            "(function () {\nvar s = \"/* kept */\"; // kept too\ngo(s);\n})();\n"
        );
        let literal = "var t = `\n  x`;\n";
        assert_eq!(compact_js(literal), literal);
    }

    #[test]
    fn compacting_css_drops_comments_and_indentation_but_not_strings() {
        let css = "/* head */\n.a {\n  color: red; /* why */\n}\n\n.b::before { content: \"/* kept */\"; }\n.c { content: '\\'/*'; }\n";
        assert_eq!(
            compact_css(css),
            ".a {color: red;}.b::before { content: \"/* kept */\"; }.c { content: '\\'/*'; }\n"
        );
        assert_eq!(compact_css("/* never closed"), "\n");
        // A value over two lines keeps its words apart.
        assert_eq!(
            compact_css(".a {\n  transition: color .2s\n    ease;\n}\n"),
            ".a {transition: color .2s ease;}\n"
        );
    }

    #[test]
    fn plan_css_carries_every_chart_default_style() {
        let css = DEFAULT_THEME
            .iter()
            .find(|(p, _)| *p == "static/assets/plan.css")
            .map(|(_, b)| std::str::from_utf8(b).unwrap())
            .unwrap();
        for rule in crate::diagram::chart_styles() {
            assert!(css.contains(rule), "plan.css lacks the chart rule {rule}");
        }
    }

    /// Several blocks of the stylesheet are written side by side; a lost `}` would silently
    /// swallow every rule after it into a media query.
    #[test]
    fn default_stylesheet_braces_and_comments_balance() {
        for (path, bytes) in DEFAULT_THEME.iter().filter(|(p, _)| p.ends_with(".css")) {
            let css = std::str::from_utf8(bytes).unwrap();
            let (mut depth, mut i, mut line) = (0i32, 0, 1);
            let b = css.as_bytes();
            while i < b.len() {
                match b[i] {
                    b'/' if b.get(i + 1) == Some(&b'*') => {
                        let end = css[i + 2..]
                            .find("*/")
                            .unwrap_or_else(|| panic!("{path}:{line}: comment never closed"));
                        line += css[i..i + 2 + end].matches('\n').count();
                        i += end + 4;
                        continue;
                    }
                    b'{' => depth += 1,
                    b'}' => depth -= 1,
                    b'\n' => line += 1,
                    _ => {}
                }
                assert!(depth >= 0, "{path}:{line}: `}}` without its `{{`");
                // Every block comment that starts a line at the top level names a section:
                // nothing may still be open there.
                if b[i] == b'\n' && css[i + 1..].starts_with("/* ==") {
                    assert_eq!(depth, 0, "{path}:{}: a block is still open here", line);
                }
                i += 1;
            }
            assert_eq!(depth, 0, "{path}: {depth} block(s) never closed");
        }
    }
}
