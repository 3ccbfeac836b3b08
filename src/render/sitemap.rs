//! `sitemap.xml`, for sites published at an absolute URL.

use super::OutputFile;
use crate::slug::encode_path;
use std::sync::Arc;
use tera::{Context, Tera};

/// `sitemap.xml` with absolute URLs under `base_url`, pretty (without `index.html`).
pub(crate) fn sitemap(
    tera: &Tera,
    base_url: &str,
    files: &[OutputFile],
) -> Result<OutputFile, tera::Error> {
    let base = base_url.trim_end_matches('/');
    let urls: Vec<String> = files
        .iter()
        .filter(|f| f.path.ends_with(".html") && f.path != "404.html")
        .map(|f| {
            format!(
                "{base}/{}",
                encode_path(f.path.trim_end_matches("index.html"))
            )
        })
        .collect();
    let mut c = Context::new();
    c.insert("urls", &urls);
    let xml = tera.render("sitemap.xml", &c)?;
    Ok(OutputFile {
        path: "sitemap.xml".into(),
        bytes: Arc::new(xml.into_bytes()),
    })
}
