//! `stagecraft new`: add a stage, an onboarding module, a page or a roadmap to a site, as a
//! commented skeleton in the site's language that checks clean as it is written.

use super::roadmap_edit::{StageListError, append_stage};
use super::template::{fill, name_from_id, with_schema_line, yaml_text};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::model::{Date, Language, RoadmapSpec, SiteConfig};
use crate::slug::slugify;
use serde::de::DeserializeOwned;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use thiserror::Error;

/// The skeleton files of one language.
struct Skeletons {
    stage_playbook: &'static str,
    stage_item: &'static str,
    module: &'static str,
    page: &'static str,
    roadmap: &'static str,
    /// The ids and names of the stages in `roadmap`, which get a playbook each.
    roadmap_stages: [(&'static str, &'static str); 2],
}

const SKELETONS_EN: Skeletons = Skeletons {
    stage_playbook: include_str!("skeleton/en/stage.md"),
    stage_item: include_str!("skeleton/en/stage-item.yaml"),
    module: include_str!("skeleton/en/module.md"),
    page: include_str!("skeleton/en/page.md"),
    roadmap: include_str!("skeleton/en/roadmap.yaml"),
    roadmap_stages: [("discover", "Discover"), ("close", "Close")],
};

const SKELETONS_ZH_CN: Skeletons = Skeletons {
    stage_playbook: include_str!("skeleton/zh-CN/stage.md"),
    stage_item: include_str!("skeleton/zh-CN/stage-item.yaml"),
    module: include_str!("skeleton/zh-CN/module.md"),
    page: include_str!("skeleton/zh-CN/page.md"),
    roadmap: include_str!("skeleton/zh-CN/roadmap.yaml"),
    roadmap_stages: [("discover", "需求分析"), ("close", "谈判成交")],
};

fn skeletons(language: Language) -> &'static Skeletons {
    // A site in another language gets the English skeletons to translate.
    if language.primary() == "zh" {
        &SKELETONS_ZH_CN
    } else {
        &SKELETONS_EN
    }
}

/// Where and when `new` runs, and the optional display name of what it creates.
#[derive(Debug, Clone)]
pub struct NewOptions {
    /// The site root: the folder that holds `content/`.
    pub root: PathBuf,
    /// The day the skeleton is written: its `updated` and review dates are counted from it.
    pub today: Date,
    /// The name or title to write (default: made from the id).
    pub name: Option<String>,
}

/// What `new` wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Created {
    /// New files, relative to the site root.
    pub written: Vec<PathBuf>,
    /// Existing files that were edited (the roadmap a stage was added to).
    pub edited: Vec<PathBuf>,
    /// Choices made for the author that they may want to change, one sentence each.
    pub notes: Vec<String>,
}

/// Why `new` wrote nothing.
#[derive(Debug, Error)]
pub enum NewError {
    /// The root holds no `content/` folder.
    #[error(
        "no `content/` folder in {}: pass the site's root with --root DIR, or create a site with `stagecraft init DIR`",
        .0.display()
    )]
    NoSite(PathBuf),
    /// The id is not a slug (or a stage is not given as `ROADMAP/ID`).
    #[error("`{id}` is not a valid id: {reason}")]
    BadId {
        /// What was given.
        id: String,
        /// What is expected instead.
        reason: String,
    },
    /// The file or folder to write is already there.
    #[error("{} already exists; `stagecraft new` never overwrites anything", .0.display())]
    Exists(PathBuf),
    /// No roadmap folder has this name.
    #[error("there is no roadmap `{name}` in content/roadmaps/; {hint}")]
    UnknownRoadmap {
        /// The roadmap asked for.
        name: String,
        /// The nearest name, or the names there are.
        hint: String,
    },
    /// A YAML file that `new` must read does not load.
    #[error("{} does not load, so {consequence}; fix it first (`stagecraft check` lists every problem)", file.display())]
    Broken {
        /// The file, relative to the site root.
        file: PathBuf,
        /// What cannot be done because of it.
        consequence: String,
        /// Its problems, with line and column.
        diagnostics: Vec<Diagnostic>,
    },
    /// The roadmap already lists a stage with this id.
    #[error("{}", .0.message)]
    StageExists(Box<Diagnostic>),
    /// A stage needs an owner, and the roadmap has no roles.
    #[error(
        "roadmap `{0}` has no roles, and every stage needs an owner that is one; add a role under `roles:` (`- id: ...` and `name: ...`) first"
    )]
    NoRoles(String),
    /// The `stages:` list is written in a way that cannot be appended to by editing text.
    #[error("cannot add the stage to {}: {source}.\nAdd it by hand at the end of the list:\n\n{item}", file.display())]
    StageList {
        /// The roadmap file.
        file: PathBuf,
        /// What is in the way.
        source: StageListError,
        /// The lines to add.
        item: String,
    },
    /// The edited roadmap would not read back with the new stage last: nothing was written.
    #[error("adding the stage to {} would change more than the list of stages, so the file was left as it was.\nAdd the stage by hand at the end of the list:\n\n{item}", file.display())]
    EditRejected {
        /// The roadmap file.
        file: PathBuf,
        /// The lines to add.
        item: String,
    },
    /// A module needs a stage to cover, and no roadmap lists one.
    #[error(
        "an onboarding module names the stages it prepares for, and no roadmap of this site lists a stage yet; create one first with `stagecraft new roadmap ID`"
    )]
    NoStage,
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: io::Error,
    },
}

impl NewError {
    /// The problems behind the error, with file, line and column, when there are any.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            NewError::Broken { diagnostics, .. } => diagnostics,
            NewError::StageExists(d) => std::slice::from_ref(d.as_ref()),
            _ => &[],
        }
    }
}

/// Adds stage `ID` to roadmap `ROADMAP` (given as `ROADMAP/ID`): a commented item at the end
/// of its `stages:` list, owned by the last stage's owner (or the first role), and a playbook
/// at `stages/ID.md`.
pub fn new_stage(reference: &str, options: &NewOptions) -> Result<Created, NewError> {
    let Some((roadmap, id)) = reference.split_once('/') else {
        return Err(NewError::BadId {
            id: reference.to_string(),
            reason: "give the stage as ROADMAP/ID, such as `main/qualify`".to_string(),
        });
    };
    check_id(id)?;
    let root = &options.root;
    let language = site_language(root)?;
    let roadmap = known_roadmap(root, roadmap)?;
    let yaml_rel = roadmap_yaml(&roadmap);
    let text = read(root, &yaml_rel)?;
    let spec: RoadmapSpec =
        parse_yaml(&text, &yaml_rel).map_err(|diagnostics| NewError::Broken {
            file: yaml_rel.clone(),
            consequence: "a stage cannot be added to it safely".to_string(),
            diagnostics,
        })?;
    if let Some(i) = spec.stages.iter().position(|s| slugify(&s.id) == id) {
        return Err(stage_exists(
            &text,
            &yaml_rel,
            i,
            &spec.stages[i].id,
            &roadmap,
        ));
    }
    let playbook_rel = Path::new("content/roadmaps")
        .join(&roadmap)
        .join("stages")
        .join(format!("{id}.md"));
    refuse_taken(root, &playbook_rel)?;
    let role_ids: Vec<&str> = spec.roles.iter().map(|r| r.id.as_str()).collect();
    let last_owner = spec
        .stages
        .last()
        .map(|s| s.owner.as_str())
        .filter(|o| role_ids.contains(o));
    let owner = last_owner
        .or_else(|| role_ids.first().copied())
        .ok_or_else(|| NewError::NoRoles(roadmap.clone()))?;

    let name = options.name.clone().unwrap_or_else(|| name_from_id(id));
    let skeletons = skeletons(language);
    let item = fill(
        skeletons.stage_item,
        options.today,
        &[
            ("id_yaml", &yaml_text(id)),
            ("name_yaml", &yaml_text(&name)),
            ("owner_yaml", &yaml_text(owner)),
        ],
    );
    let edited = append_stage(&text, &item).map_err(|source| NewError::StageList {
        file: yaml_rel.clone(),
        source,
        item: item.clone(),
    })?;
    let reread: Option<RoadmapSpec> = parse_yaml(&edited, &yaml_rel).ok();
    let added_last = reread.is_some_and(|after| {
        after.stages.len() == spec.stages.len() + 1
            && after.stages.last().is_some_and(|s| s.id == id)
    });
    if !added_last {
        return Err(NewError::EditRejected {
            file: yaml_rel,
            item,
        });
    }
    let playbook = playbook_text(skeletons, &name, options.today);
    write_new(root, &playbook_rel, &playbook)?;
    let target = root.join(&yaml_rel);
    fs::write(&target, edited).map_err(|source| NewError::Io {
        path: target,
        source,
    })?;
    let why = if last_owner.is_some() {
        "the owner of the stage before it"
    } else {
        "the roadmap's first role"
    };
    Ok(Created {
        written: vec![playbook_rel],
        edited: vec![yaml_rel.clone()],
        notes: vec![format!(
            "stage `{id}` is owned by `{owner}`, {why}; change `owner` in {} if someone else runs it",
            yaml_rel.display()
        )],
    })
}

/// Writes onboarding module `ID` (`content/onboarding/ID.md`), covering the first stage of
/// the first roadmap.
pub fn new_module(id: &str, options: &NewOptions) -> Result<Created, NewError> {
    check_id(id)?;
    let root = &options.root;
    let language = site_language(root)?;
    let rel = Path::new("content/onboarding").join(format!("{id}.md"));
    refuse_taken(root, &rel)?;
    let (roadmap, stage) = roadmap_ids(root)
        .into_iter()
        .find_map(|roadmap| {
            let text = read(root, &roadmap_yaml(&roadmap)).ok()?;
            let spec: RoadmapSpec = parse_yaml(&text, &roadmap_yaml(&roadmap)).ok()?;
            let first = spec.stages.first()?.id.clone();
            Some((roadmap, first))
        })
        .ok_or(NewError::NoStage)?;
    let title = options.name.clone().unwrap_or_else(|| name_from_id(id));
    let text = fill(
        skeletons(language).module,
        options.today,
        &[
            ("title_yaml", &yaml_text(&title)),
            ("order", &next_order(root, "content/onboarding").to_string()),
            ("stage_yaml", &yaml_text(&format!("{roadmap}/{stage}"))),
            ("roadmap", &roadmap),
        ],
    );
    write_new(root, &rel, &text)?;
    Ok(Created {
        written: vec![rel.clone()],
        notes: vec![format!(
            "the module prepares for stage `{roadmap}/{stage}`; list the stages it really covers under `stages:` in {}",
            rel.display()
        )],
        ..Created::default()
    })
}

/// Writes free page `ID` (`content/pages/ID.md`).
pub fn new_page(id: &str, options: &NewOptions) -> Result<Created, NewError> {
    check_id(id)?;
    let root = &options.root;
    let language = site_language(root)?;
    let rel = Path::new("content/pages").join(format!("{id}.md"));
    refuse_taken(root, &rel)?;
    let title = options.name.clone().unwrap_or_else(|| name_from_id(id));
    let text = fill(
        skeletons(language).page,
        options.today,
        &[
            ("title_yaml", &yaml_text(&title)),
            ("order", &next_order(root, "content/pages").to_string()),
        ],
    );
    write_new(root, &rel, &text)?;
    Ok(Created {
        written: vec![rel],
        ..Created::default()
    })
}

/// Writes roadmap `ID` (`content/roadmaps/ID/roadmap.yaml`) with two roles and two stages,
/// and a playbook for each stage.
pub fn new_roadmap(id: &str, options: &NewOptions) -> Result<Created, NewError> {
    check_id(id)?;
    let root = &options.root;
    let language = site_language(root)?;
    let folder = Path::new("content/roadmaps").join(id);
    if let Some(taken) = roadmap_ids(root).into_iter().find(|r| slugify(r) == id) {
        return Err(NewError::Exists(Path::new("content/roadmaps").join(taken)));
    }
    if root.join(&folder).exists() {
        return Err(NewError::Exists(folder));
    }
    let skeletons = skeletons(language);
    let title = options.name.clone().unwrap_or_else(|| name_from_id(id));
    let yaml_rel = roadmap_yaml(id);
    let yaml = fill(
        skeletons.roadmap,
        options.today,
        &[("id", id), ("title_yaml", &yaml_text(&title))],
    );
    let mut files = vec![(yaml_rel.clone(), with_schema_line(&yaml_rel, &yaml))];
    for (stage, name) in skeletons.roadmap_stages {
        files.push((
            folder.join("stages").join(format!("{stage}.md")),
            playbook_text(skeletons, name, options.today),
        ));
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        write_new(root, &rel, &text)?;
        written.push(rel);
    }
    Ok(Created {
        written,
        ..Created::default()
    })
}

fn playbook_text(skeletons: &Skeletons, name: &str, today: Date) -> String {
    fill(skeletons.stage_playbook, today, &[("name", name)])
}

/// Accepts ids that are already URL slugs: lower-case letters and digits of any script,
/// with single `-` or `_` between them.
fn check_id(id: &str) -> Result<(), NewError> {
    let slug = slugify(id);
    if !id.is_empty() && slug == id {
        return Ok(());
    }
    let reason = if slug.is_empty() {
        "an id needs letters or digits, such as `needs-analysis`".to_string()
    } else {
        format!(
            "ids are lower-case letters and digits with single `-` between words (it becomes part of URLs and file names); did you mean `{slug}`?"
        )
    };
    Err(NewError::BadId {
        id: id.to_string(),
        reason,
    })
}

fn roadmap_yaml(roadmap: &str) -> PathBuf {
    Path::new("content/roadmaps")
        .join(roadmap)
        .join("roadmap.yaml")
}

/// The language of the site at `root`, from its `site.yaml`.
fn site_language(root: &Path) -> Result<Language, NewError> {
    if !root.join("content").is_dir() {
        return Err(NewError::NoSite(root.to_path_buf()));
    }
    let rel = Path::new("content/site.yaml");
    let consequence = "the site's language is not known".to_string();
    if !root.join(rel).is_file() {
        return Err(NewError::Broken {
            file: rel.to_path_buf(),
            consequence,
            diagnostics: vec![
                Diagnostic::file_error(rel, "missing `content/site.yaml`").with_hint(
                    "create it with at least `title:` and `language: en` or `language: zh-CN`",
                ),
            ],
        });
    }
    let text = read(root, rel)?;
    parse_yaml::<SiteConfig>(&text, rel)
        .map(|config| config.language)
        .map_err(|diagnostics| NewError::Broken {
            file: rel.to_path_buf(),
            consequence,
            diagnostics,
        })
}

/// Writes the theme's UI strings for language `TAG` (`themes/<theme>/i18n/TAG.yaml`): the
/// English table with a note on top, for a translator to fill in. With it, `TAG` can be the
/// site's `language` or one of its `translations`.
pub fn new_language(tag: &str, options: &NewOptions) -> Result<Created, NewError> {
    let Some(language) = Language::from_tag(tag) else {
        return Err(NewError::BadId {
            id: tag.to_string(),
            reason: "a language tag is two or three lower-case letters, then optionally `-` and \
                     a region, such as `ja`, `de` or `pt-BR`"
                .into(),
        });
    };
    if language.is_built_in() {
        return Err(NewError::BadId {
            id: tag.to_string(),
            reason: format!(
                "the built-in theme already has UI strings in `{tag}`; to change some of them, \
                 write just those keys in themes/default/i18n/{tag}.yaml"
            ),
        });
    }
    let root = &options.root;
    let rel = Path::new("content/site.yaml");
    site_language(root)?;
    let theme = parse_yaml::<SiteConfig>(&read(root, rel)?, rel)
        .ok()
        .and_then(|c| c.theme)
        .unwrap_or_else(|| "default".into());
    let file = Path::new("themes")
        .join(&theme)
        .join("i18n")
        .join(format!("{tag}.yaml"));
    refuse_taken(root, &file)?;
    let english = crate::render::theme::DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == "i18n/en.yaml")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let text = format!(
        "# The theme's words in `{tag}` ({}): menus, labels, notes and messages of the site.\n\
         # Translate each value and keep the keys and the {{placeholders}}. A key you delete\n\
         # shows the English text, so the site can be published before every key is done.\n\n{english}",
        language.autonym()
    );
    write_new(root, &file, &text)?;
    Ok(Created {
        written: vec![file],
        notes: vec![format!(
            "to publish the site in `{tag}`, add `{tag}: {{title: …}}` under `translations:` in content/site.yaml (or set `language: {tag}`), then write translations beside the originals, such as `qualify.{tag}.md`"
        )],
        ..Created::default()
    })
}

/// The roadmap folders of the site that hold a `roadmap.yaml`, sorted.
fn roadmap_ids(root: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(root.join("content/roadmaps")) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().join("roadmap.yaml").is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    ids.sort();
    ids
}

/// `name` if the site has that roadmap; otherwise an error with the nearest name.
fn known_roadmap(root: &Path, name: &str) -> Result<String, NewError> {
    let ids = roadmap_ids(root);
    if ids.iter().any(|r| r == name) {
        return Ok(name.to_string());
    }
    let hint = match did_you_mean(name, ids.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{best}`?"),
        None if ids.is_empty() => {
            "this site has no roadmap yet; create one with `stagecraft new roadmap ID`".to_string()
        }
        None => format!("the roadmaps are: {}", ids.join(", ")),
    };
    Err(NewError::UnknownRoadmap {
        name: name.to_string(),
        hint,
    })
}

/// The error for a stage id the roadmap already lists, pointing at that id.
fn stage_exists(text: &str, file: &Path, index: usize, existing: &str, roadmap: &str) -> NewError {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let locations = crate::source::yaml::Locations::index(body, 1);
    let (line, col) = locations.find(&format!("stages[{index}].id"));
    let source: Arc<str> = Arc::from(body);
    NewError::StageExists(Box::new(
        Diagnostic::error(
            file,
            line,
            col,
            format!("roadmap `{roadmap}` already has a stage `{existing}`"),
        )
        .with_source(&source)
        .with_hint("choose another id, or edit the stage that is there"),
    ))
}

/// Refuses `rel` when it exists, or when a file beside it has a name that becomes the same
/// URL (`Welcome.md` for `welcome.md`).
fn refuse_taken(root: &Path, rel: &Path) -> Result<(), NewError> {
    if root.join(rel).exists() {
        return Err(NewError::Exists(rel.to_path_buf()));
    }
    let (Some(dir), Some(stem)) = (rel.parent(), rel.file_stem().and_then(|s| s.to_str())) else {
        return Ok(());
    };
    let Ok(entries) = fs::read_dir(root.join(dir)) else {
        return Ok(());
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let same = path.extension().is_some_and(|e| e == "md")
            && path
                .file_stem()
                .and_then(|s| s.to_str())
                .is_some_and(|s| slugify(s) == stem);
        if same {
            return Err(NewError::Exists(dir.join(entry.file_name())));
        }
    }
    Ok(())
}

/// One more than the number of Markdown files in `dir`, as the `order` of a new one.
fn next_order(root: &Path, dir: &str) -> usize {
    let count = fs::read_dir(root.join(dir)).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .count()
    });
    count + 1
}

fn read(root: &Path, rel: &Path) -> Result<String, NewError> {
    let path = root.join(rel);
    fs::read_to_string(&path).map_err(|source| NewError::Io { path, source })
}

/// Parses a whole YAML file as the loader does (a byte-order mark is skipped).
fn parse_yaml<T: DeserializeOwned>(text: &str, rel: &Path) -> Result<T, Vec<Diagnostic>> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    crate::source::yaml::parse(body, rel, 1, &Arc::from(body)).complete()
}

/// Creates `rel` under `root` with `text`, never replacing a file that is there.
fn write_new(root: &Path, rel: &Path, text: &str) -> Result<(), NewError> {
    let path = root.join(rel);
    let io_error = |source: io::Error| match source.kind() {
        io::ErrorKind::AlreadyExists => NewError::Exists(rel.to_path_buf()),
        _ => NewError::Io {
            path: path.clone(),
            source,
        },
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io_error)?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(io_error)?;
    file.write_all(text.as_bytes()).map_err(io_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeletons_have_no_unfilled_placeholders() {
        let today = Date::parse("2027-05-01").unwrap();
        for language in Language::BUILT_IN {
            let s = skeletons(language);
            let values: &[(&str, &str)] = &[
                ("id", "x"),
                ("id_yaml", "x"),
                ("name", "X"),
                ("name_yaml", "X"),
                ("owner_yaml", "ae"),
                ("title_yaml", "X"),
                ("order", "1"),
                ("stage_yaml", "main/x"),
                ("roadmap", "main"),
            ];
            for template in [s.stage_playbook, s.stage_item, s.module, s.page, s.roadmap] {
                let text = fill(template, today, values);
                assert!(!text.contains("{{"), "{text}");
            }
        }
    }

    #[test]
    fn ids_must_be_slugs() {
        assert!(check_id("needs-analysis").is_ok());
        assert!(check_id("需求分析").is_ok());
        assert!(check_id("q2_push").is_ok());
        for bad in ["Needs Analysis", "a--b", "-a", "a/b", "", "..", "a.md"] {
            assert!(check_id(bad).is_err(), "{bad}");
        }
        let message = check_id("Needs Analysis").unwrap_err().to_string();
        assert!(
            message.contains("did you mean `needs-analysis`?"),
            "{message}"
        );
    }
}
