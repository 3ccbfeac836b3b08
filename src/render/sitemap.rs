//! `sitemap.xml`, for sites published at an absolute URL.

use super::OutputFile;
use crate::slug::encode_path;
use crate::translate::LanguageLink;
use serde::Serialize;
use std::sync::Arc;
use tera::{Context, Tera};

/// One page of the sitemap, with its copies in the site's languages.
#[derive(Serialize)]
struct Entry {
    loc: String,
    alternates: Vec<Alternate>,
}

/// A page's copy in one language.
#[derive(Serialize, Clone)]
struct Alternate {
    tag: &'static str,
    href: String,
}

/// `sitemap.xml` with absolute URLs under `base_url`, pretty (without `index.html`): each
/// page of `files` in every language of `languages`, each naming all its copies.
pub(crate) fn sitemap(
    tera: &Tera,
    base_url: &str,
    files: &[OutputFile],
    languages: &[LanguageLink],
) -> Result<OutputFile, tera::Error> {
    let base = base_url.trim_end_matches('/');
    let url = |prefix: &str, path: &str| {
        format!(
            "{base}/{}",
            encode_path(&format!("{prefix}{}", path.trim_end_matches("index.html")))
        )
    };
    let mut urls: Vec<Entry> = Vec::new();
    let pages = files
        .iter()
        .filter(|f| f.path.ends_with(".html") && f.path != "404.html");
    for f in pages {
        let alternates: Vec<Alternate> = languages
            .iter()
            .map(|l| Alternate {
                tag: l.tag,
                href: url(&l.prefix, &f.path),
            })
            .collect();
        if alternates.is_empty() {
            urls.push(Entry {
                loc: url("", &f.path),
                alternates,
            });
        } else {
            for a in &alternates {
                urls.push(Entry {
                    loc: a.href.clone(),
                    alternates: alternates.clone(),
                });
            }
        }
    }
    let mut c = Context::new();
    c.insert("urls", &urls);
    c.insert("languages", &!languages.is_empty());
    let xml = tera.render("sitemap.xml", &c)?;
    Ok(OutputFile {
        path: "sitemap.xml".into(),
        bytes: Arc::new(xml.into_bytes()),
    })
}
