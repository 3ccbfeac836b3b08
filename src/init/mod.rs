//! `stagecraft init` and `stagecraft new`: write a small, working starter site that documents
//! the format, in English or Chinese, and add commented skeletons to an existing site.
//!
//! Dates in the starter and skeletons are relative to the day the command runs (a parameter,
//! so tests can set it): a fresh site checks with no errors and no warnings.

mod new;
pub mod roadmap_edit;
mod template;

pub use new::{
    Created, NewError, NewOptions, new_language, new_module, new_page, new_roadmap, new_stage,
};
pub use template::schema_line;

use crate::model::{Date, Language};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

macro_rules! files {
    ($dir:literal: $($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!($dir, "/", $path)))),*]
    };
}

/// The starter's files in the language folder `$dir`: paths relative to `content/`, with
/// `{{today…}}` placeholders. Both languages are file for file the same site.
macro_rules! starter {
    ($dir:literal) => {
        files![$dir:
            "site.yaml",
            "roadmaps/main/roadmap.yaml",
            "roadmaps/main/stages/prospect.md",
            "roadmaps/main/stages/discover.md",
            "roadmaps/main/stages/close.md",
            "onboarding/welcome.md",
            "pages/about.md",
        ]
    };
}

/// The English starter.
const STARTER_EN: &[(&str, &str)] = starter!("starter/en");

/// The Chinese starter.
const STARTER_ZH_CN: &[(&str, &str)] = starter!("starter/zh-CN");

/// What `init` needs to know besides the folder.
#[derive(Debug, Clone, Copy)]
pub struct InitOptions {
    /// The language of the starter's text and of the site's interface.
    pub language: Language,
    /// The day the site is created: the starter's dates are counted from it.
    pub today: Date,
}

/// One file of the starter site, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StarterFile {
    /// Path relative to the new site's root, such as `content/site.yaml`.
    pub path: PathBuf,
    /// The file's text, dates filled in and `$schema` line added.
    pub text: String,
}

/// The starter site's files in `language`, with dates counted from `today`.
pub fn starter_files(language: Language, today: Date) -> Vec<StarterFile> {
    let files = if language == Language::ZH_CN {
        STARTER_ZH_CN
    } else {
        STARTER_EN
    };
    files
        .iter()
        .map(|(rel, text)| {
            let path = Path::new("content").join(rel);
            let text = template::with_schema_line(&path, &template::fill(text, today, &[]));
            StarterFile { path, text }
        })
        .collect()
}

/// Writes the starter site into `dir`, which must not already hold a `content/` folder.
/// Returns the paths written, relative to `dir`.
pub fn init_site(dir: &Path, options: &InitOptions) -> io::Result<Vec<PathBuf>> {
    if dir.join("content").exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} already has a content/ folder; choose an empty folder",
                dir.display()
            ),
        ));
    }
    let mut written = Vec::new();
    for file in starter_files(options.language, options.today) {
        let target = dir.join(&file.path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(target, file.text)?;
        written.push(file.path);
    }
    // The JSON Schemas that the `$schema` lines above point at, for editors.
    let schemas = dir.join("schemas");
    for path in crate::schema::write_to(&schemas)? {
        written.push(
            path.strip_prefix(dir)
                .map_or(path.clone(), Path::to_path_buf),
        );
    }
    fs::write(dir.join(".gitignore"), "/public/\n/.public.stagecraft-*\n")?;
    written.push(PathBuf::from(".gitignore"));
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_starters_have_the_same_files() {
        let en: Vec<&str> = STARTER_EN.iter().map(|(p, _)| *p).collect();
        let zh: Vec<&str> = STARTER_ZH_CN.iter().map(|(p, _)| *p).collect();
        assert_eq!(en, zh);
    }

    #[test]
    fn starter_placeholders_are_all_filled() {
        let today = Date::parse("2027-02-10").unwrap();
        for language in Language::BUILT_IN {
            for file in starter_files(language, today) {
                assert!(
                    !file.text.contains("{{") && !file.text.contains("}}"),
                    "{}: {}",
                    file.path.display(),
                    file.text
                );
            }
        }
    }

    #[test]
    fn starter_yaml_files_start_with_their_schema_line() {
        let today = Date::parse("2027-02-10").unwrap();
        let files = starter_files(Language::ZH_CN, today);
        let text_of = |p: &str| {
            &files
                .iter()
                .find(|f| f.path == Path::new(p))
                .unwrap_or_else(|| panic!("{p}"))
                .text
        };
        assert!(
            text_of("content/site.yaml")
                .starts_with("# yaml-language-server: $schema=../schemas/site.schema.json\n")
        );
        assert!(
            text_of("content/roadmaps/main/roadmap.yaml").starts_with(
                "# yaml-language-server: $schema=../../../schemas/roadmap.schema.json\n"
            )
        );
        assert!(text_of("content/site.yaml").contains("\nlanguage: zh-CN\n"));
        assert!(text_of("content/roadmaps/main/roadmap.yaml").contains("\nupdated: 2027-02-10\n"));
    }
}
