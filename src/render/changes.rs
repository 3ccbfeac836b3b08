//! The files the change log adds beside the pages: `feed.xml` (Atom 1.0) and
//! `assets/changes/<xx>.js` (the notes of the pages whose path hashes to `xx`, loaded by the
//! "updated since you last read it" notice: a reader loads the notes of a few pages, not of
//! the whole site).

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

/// The most entries the feed holds (the newest): feed readers poll it, and need only what
/// is new since their last visit.
const FEED_ENTRIES: usize = 100;

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

/// `feed.xml` and the notes files under `assets/changes/`.
pub(crate) fn files(
    site: &Site,
    log: &ChangeLog,
    tera: &Tera,
    base_url: Option<&BaseUrl>,
    today: Date,
    t: &Strings,
    prefix: &str,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let feed = feed(site, log, tera, base_url, today, t, prefix)
        .map_err(|e| vec![template_error("feed.xml", routes::FEED, &e)])?;
    let mut files = vec![feed];
    files.extend(notes_scripts(log, t));
    Ok(files)
}

/// The way from the feed to the root of its language's pages (`prefix`, such as `en/`):
/// the absolute URL with an absolute base URL, its path with a path, and nothing (links
/// relative to `feed.xml`, which is in that folder) without.
fn feed_root(base_url: Option<&BaseUrl>, prefix: &str) -> String {
    match base_url {
        Some(BaseUrl::Absolute(u)) => format!("{}/{prefix}", u.trim_end_matches('/')),
        Some(b @ BaseUrl::Path(_)) => format!("{}{prefix}", b.path()),
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
    prefix: &str,
) -> Result<OutputFile, tera::Error> {
    let root = feed_root(base_url, prefix);
    // Each language's feed and entries are their own (`…/en/…`).
    let mut site_id = encode_path(&site.config.site_id());
    if let Some(lang) = prefix.strip_suffix('/') {
        site_id = format!("{site_id}/{lang}");
    }
    let recent = log.recent(today, site.config.whats_new_days());
    let entries: Vec<FeedEntry> = recent
        .iter()
        .take(FEED_ENTRIES)
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

/// Which notes file holds the notes of output page `page`: FNV-1a (32 bits) of its path,
/// modulo 256. `notice.js` works out the same.
pub(crate) fn notes_bucket(page: &str) -> u8 {
    let mut h: u32 = 0x811c_9dc5;
    for b in page.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    (h & 0xff) as u8
}

/// `assets/changes/<xx>.js`: the notes of the pages in bucket `xx`, newest first, as `[date,
/// html, major]`, with the notice's words.
fn notes_scripts(log: &ChangeLog, t: &Strings) -> Vec<OutputFile> {
    type Notes<'a> = BTreeMap<&'a str, Vec<(Date, &'a str, bool)>>;
    let mut buckets: BTreeMap<u8, Notes> = BTreeMap::new();
    for e in &log.entries {
        buckets
            .entry(notes_bucket(&e.page))
            .or_default()
            .entry(e.page.as_str())
            .or_default()
            .push((e.date, e.note_html.as_str(), e.major));
    }
    #[derive(Serialize)]
    struct Data<'a> {
        label: &'a str,
        dismiss: &'a str,
        pages: Notes<'a>,
    }
    buckets
        .into_iter()
        .map(|(bucket, pages)| {
            let data = Data {
                label: t_of(t, "updated_since_visit"),
                dismiss: t_of(t, "dismiss"),
                pages,
            };
            let json = serde_json::to_string(&data).unwrap_or_else(|_| "{}".into());
            OutputFile {
                path: format!("assets/changes/{bucket:02x}.js"),
                bytes: Arc::new(format!("stagecraftChanges({json});\n").into_bytes()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_fnv1a_of_the_path() {
        // FNV-1a 32 of "" is 0x811c9dc5, of "a" 0xe40c292c (published test vectors).
        assert_eq!(notes_bucket(""), 0xc5);
        assert_eq!(notes_bucket("a"), 0x2c);
    }
}
