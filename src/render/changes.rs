//! The files the change log adds beside the pages: `feed.xml` (Atom 1.0) and
//! `assets/changes.js` (the notes of every page, loaded by the "updated since you last read
//! it" notice).

use super::OutputFile;
use super::templates::template_error;
use crate::base_url::BaseUrl;
use crate::changes::{ChangeLog, rebase_note};
use crate::diagnostics::Diagnostic;
use crate::i18n::{Strings, t_of};
use crate::model::{Date, Site};
use crate::routes;
use crate::slug::encode_path;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use tera::{Context, Tera};

/// One entry of the feed.
#[derive(Serialize)]
struct FeedEntry {
    id: String,
    title: String,
    updated: String,
    link: String,
    content: String,
    category: Option<String>,
}

/// `feed.xml` and `assets/changes.js`.
pub(crate) fn files(
    site: &Site,
    log: &ChangeLog,
    tera: &Tera,
    base_url: Option<&BaseUrl>,
    today: Date,
    t: &Strings,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let feed = feed(site, log, tera, base_url, today, t)
        .map_err(|e| vec![template_error("feed.xml", routes::FEED, &e)])?;
    Ok(vec![feed, notes_script(log, t)])
}

/// The way from the feed to the site's root: the absolute URL with an absolute base URL,
/// its path with a path, and nothing (links relative to `feed.xml`, at the root) without.
fn feed_root(base_url: Option<&BaseUrl>) -> String {
    match base_url {
        Some(BaseUrl::Absolute(u)) => format!("{}/", u.trim_end_matches('/')),
        Some(b @ BaseUrl::Path(_)) => b.path(),
        None => String::new(),
    }
}

/// A date as an Atom timestamp (midnight UTC).
fn stamp(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

fn feed(
    site: &Site,
    log: &ChangeLog,
    tera: &Tera,
    base_url: Option<&BaseUrl>,
    today: Date,
    t: &Strings,
) -> Result<OutputFile, tera::Error> {
    let root = feed_root(base_url);
    let site_id = encode_path(&site.config.site_id());
    let recent = log.recent(today, site.config.whats_new_days());
    let entries: Vec<FeedEntry> = recent
        .iter()
        .map(|e| {
            let mut link = format!("{root}{}", encode_path(&e.page));
            if let Some(a) = &e.anchor {
                link.push('#');
                link.push_str(&encode_path(a));
            }
            let mark = if e.major {
                format!("{} · ", t_of(t, "change_major"))
            } else {
                String::new()
            };
            FeedEntry {
                id: format!(
                    "tag:stagecraft,2026:{site_id}/{}/{}/{}",
                    encode_path(&e.page),
                    e.date,
                    e.serial
                ),
                title: format!("{mark}{}: {}", e.title, e.note_text),
                updated: stamp(e.date),
                link,
                content: rebase_note(&e.note_html, &root),
                category: e.roadmap_title.clone(),
            }
        })
        .collect();
    let mut c = Context::new();
    c.insert("feed_id", &format!("tag:stagecraft,2026:{site_id}/feed"));
    c.insert("feed_title", &site.config.title);
    c.insert("subtitle", t_of(t, "feed_title"));
    c.insert(
        "updated",
        &stamp(
            recent
                .first()
                .or(log.entries.first())
                .map_or(today, |e| e.date),
        ),
    );
    c.insert("home", &format!("{root}{}", routes::HOME));
    c.insert("whats_new", &format!("{root}{}", routes::WHATS_NEW));
    c.insert(
        "self_link",
        &matches!(base_url, Some(BaseUrl::Absolute(_))).then(|| format!("{root}{}", routes::FEED)),
    );
    c.insert("entries", &entries);
    let xml = tera.render("feed.xml", &c)?;
    Ok(OutputFile {
        path: routes::FEED.into(),
        bytes: Arc::new(xml.into_bytes()),
    })
}

/// `assets/changes.js`: every page's notes, newest first, as `[date, html, major]`, with
/// the notice's words.
fn notes_script(log: &ChangeLog, t: &Strings) -> OutputFile {
    let mut pages: BTreeMap<&str, Vec<(String, &str, bool)>> = BTreeMap::new();
    for e in &log.entries {
        pages.entry(e.page.as_str()).or_default().push((
            e.date.to_string(),
            e.note_html.as_str(),
            e.major,
        ));
    }
    #[derive(Serialize)]
    struct Notes<'a> {
        label: &'a str,
        dismiss: &'a str,
        pages: BTreeMap<&'a str, Vec<(String, &'a str, bool)>>,
    }
    let data = Notes {
        label: t_of(t, "updated_since_visit"),
        dismiss: t_of(t, "dismiss"),
        pages,
    };
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "{}".into());
    OutputFile {
        path: "assets/changes.js".into(),
        bytes: Arc::new(format!("stagecraftChanges({json});\n").into_bytes()),
    }
}
