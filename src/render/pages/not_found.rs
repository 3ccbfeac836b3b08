//! The 404 page. A server shows it at any depth, so its links start from the path of
//! `base_url` (`/` without one), and an inline script, `find-root.js` from the theme, finds
//! the site's root where the page is read and rewrites them (see the README, Hosting).

use crate::i18n::Strings;
use crate::render::templates::page_context;
use crate::render::theme::Theme;
use serde::Serialize;
use tera::Context;

/// The theme template that the 404 page inlines.
pub(crate) const FIND_ROOT: &str = "find-root.js";

/// A script written into a page, with the Content-Security-Policy source that allows
/// exactly it (`'sha256-…'`).
#[derive(Serialize)]
pub(crate) struct InlineScript {
    code: String,
    csp: String,
}

impl InlineScript {
    /// The theme's template `name` as an inline script, unless it could close its element.
    pub(crate) fn of(theme: &Theme, name: &str) -> Option<InlineScript> {
        use base64::Engine;
        use sha2::Digest;
        let code = theme.templates.get(name)?;
        if code.to_ascii_lowercase().contains("</script") {
            return None;
        }
        let digest = sha2::Sha256::digest(code.as_bytes());
        Some(InlineScript {
            code: code.clone(),
            csp: format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ),
        })
    }
}

/// The 404 page's values: its links start from `root`, and `find_root` corrects them.
pub(crate) fn context(
    path: &str,
    t: &Strings,
    root: &str,
    find_root: Option<&InlineScript>,
) -> Context {
    let mut c = page_context(path, t.get("not_found_title").map_or("404", String::as_str));
    c.insert("root", root);
    c.insert("find_root", &find_root);
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inline_script_carries_the_hash_of_exactly_its_text() {
        let mut theme = Theme::default();
        theme.templates.insert("x.js".into(), "alert(1);".into());
        let script = InlineScript::of(&theme, "x.js").unwrap();
        // printf 'alert(1);' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            script.csp,
            "'sha256-5jFwrAK0UV47oFbVg/iCCBbxD8X1w+QvoOUepu4C2YA='"
        );
        theme
            .templates
            .insert("y.js".into(), "a('</SCRIPT><script>x')".into());
        assert!(InlineScript::of(&theme, "y.js").is_none());
        assert!(InlineScript::of(&theme, "z.js").is_none());
    }
}
