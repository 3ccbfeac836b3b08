//! The 404 page. Web servers serve it at any depth, so its links start from the site's base
//! path instead of a relative way back to the root.

use crate::i18n::Strings;
use crate::render::templates::page_context;
use tera::Context;

/// The context of the 404 page at `path`, linking from `base_path`.
pub(crate) fn context(path: &str, base_path: &str, t: &Strings) -> Context {
    let mut c = page_context(path, t.get("not_found_title").map_or("404", String::as_str));
    c.insert("root", base_path);
    c
}
