//! The `stagecraft` command: parses arguments and calls the library.

use clap::{Parser, Subcommand};
use stagecraft::build::{BuildOptions, build};
use stagecraft::diagnostics::{Diagnostic, Severity};
use stagecraft::model::{Date, Language};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Stagecraft turns a sales roadmap kept as YAML and Markdown into a static intranet site.
#[derive(Parser)]
#[command(name = "stagecraft", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// The site root: the folder that holds content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (replaced as a whole, atomically).
        #[arg(long, short, default_value = "public")]
        output: PathBuf,
        /// The absolute URL the site is published at; overrides base_url in site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Check review dates as of this day (YYYY-MM-DD) instead of today.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
        /// Take each source's `updated` date from its last Git commit where the front matter
        /// gives none (one `git log` for the whole tree).
        #[arg(long)]
        git_dates: bool,
    },
    /// Check the sources and report every problem, writing nothing.
    Check {
        /// The site root: the folder that holds content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `human` for people, `json` for editors and CI.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings (stale content, missing playbooks) as errors; untranslated text
        /// stays a warning.
        #[arg(long)]
        strict: bool,
        /// Treat untranslated and stale translations as errors.
        #[arg(long)]
        require_translations: bool,
        /// Check review dates as of this day (YYYY-MM-DD) instead of today.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
        /// Take each source's `updated` date from its last Git commit where the front matter
        /// gives none (one `git log` for the whole tree).
        #[arg(long)]
        git_dates: bool,
    },
    /// Serve the site with live reload while you edit it (nothing is written to disk).
    Serve {
        /// The site root: the folder that holds content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on. Keep 127.0.0.1 unless others must reach the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The port; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Take each source's `updated` date from its last Git commit where the front matter
        /// gives none, as `build --git-dates` does.
        #[arg(long)]
        git_dates: bool,
    },
    /// Create a starter site in DIR that checks clean as it is.
    Init {
        /// The folder to create the site in.
        dir: PathBuf,
        /// The language of the starter's text and of the site's interface.
        #[arg(long, default_value = "en", value_parser = language_parser())]
        language: Language,
    },
    /// Write JSON Schemas of site.yaml, roadmap.yaml and front matter, for editors.
    Schema {
        /// The folder to write the schema files into.
        #[arg(long, short, default_value = "schemas")]
        output: PathBuf,
    },
    /// Add a commented stage, onboarding module, page or roadmap to a site.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Print a shell completion script to standard output.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// What `stagecraft new` adds.
#[derive(Subcommand)]
enum NewCommand {
    /// A stage at the end of a roadmap's `stages:` list, and its playbook.
    Stage {
        /// The roadmap and the new stage's id.
        #[arg(value_name = "ROADMAP/ID")]
        reference: String,
        #[command(flatten)]
        args: NewArgs,
    },
    /// An onboarding module: content/onboarding/ID.md.
    Module {
        /// The module's id (its file name without `.md`).
        id: String,
        #[command(flatten)]
        args: NewArgs,
    },
    /// A free page: content/pages/ID.md.
    Page {
        /// The page's id (its file name without `.md`).
        id: String,
        #[command(flatten)]
        args: NewArgs,
    },
    /// A roadmap with two roles and two stages: content/roadmaps/ID/.
    Roadmap {
        /// The roadmap's id (its folder name).
        id: String,
        #[command(flatten)]
        args: NewArgs,
    },
    /// The theme's UI strings in another language, to translate:
    /// themes/<theme>/i18n/TAG.yaml (a copy of the English table).
    Language {
        /// The language tag, such as `ja`, `de` or `pt-BR`.
        tag: String,
        #[command(flatten)]
        args: NewArgs,
    },
}

/// The options every `stagecraft new` command takes.
#[derive(clap::Args)]
struct NewArgs {
    /// The site root: the folder that holds content/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The name or title to write (default: made from the id).
    #[arg(long)]
    name: Option<String>,
}

/// How `check` prints its findings.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date written YYYY-MM-DD"))
}

fn language_parser() -> impl clap::builder::TypedValueParser<Value = Language> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Language::BUILT_IN.map(Language::tag))
        .map(|tag| Language::from_tag(&tag).unwrap_or_default())
}

fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let color = use_color();
    for d in diags {
        eprintln!("{}", d.render(color));
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            as_of,
            git_dates,
        } => {
            let output = if output.is_relative() {
                root.join(output)
            } else {
                output
            };
            match build(&BuildOptions {
                root,
                output: output.clone(),
                base_url,
                as_of,
                git_dates,
            }) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    println!(
                        "Built {} pages ({} files, {} rewritten) into {} in {} ms",
                        report.pages,
                        report.files,
                        report.rewritten,
                        output.display(),
                        report.elapsed.as_millis()
                    );
                    ExitCode::SUCCESS
                }
                Err(failure) => {
                    print_diagnostics(&failure.diagnostics);
                    let errors = failure.errors().count();
                    let warnings = failure
                        .diagnostics
                        .iter()
                        .filter(|d| d.severity == Severity::Warning)
                        .count();
                    eprintln!(
                        "Build failed: {errors} error{}{}; the output folder was not changed.",
                        if errors == 1 { "" } else { "s" },
                        if warnings > 0 {
                            format!(
                                ", {warnings} warning{}",
                                if warnings == 1 { "" } else { "s" }
                            )
                        } else {
                            String::new()
                        }
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check {
            root,
            format,
            strict,
            require_translations,
            as_of,
            git_dates,
        } => {
            let report = stagecraft::build::check_report(
                &root,
                &stagecraft::build::CheckOptions {
                    as_of,
                    git_dates,
                    require_translations,
                },
            );
            let diags = &report.diagnostics;
            let errors = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let warnings = diags.len() - errors;
            // `--strict` leaves untranslated text a warning.
            let strict_warnings = warnings
                - report
                    .translations
                    .findings
                    .iter()
                    .filter(|d| d.severity == Severity::Warning)
                    .count()
                    .min(warnings);
            match format {
                Format::Json => println!(
                    "{}",
                    stagecraft::translate::report::to_json(diags, &report.translations)
                ),
                Format::Human => {
                    print_diagnostics(diags);
                    for summary in &report.translations.summaries {
                        eprintln!("{}", summary.line());
                    }
                    let plural = |n: usize, word: &str| {
                        format!("{n} {word}{}", if n == 1 { "" } else { "s" })
                    };
                    eprintln!(
                        "{}, {}.",
                        plural(errors, "error"),
                        plural(warnings, "warning")
                    );
                }
            }
            if errors > 0 || (strict && strict_warnings > 0) {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Serve {
            root,
            bind,
            port,
            open,
            git_dates,
        } => {
            let opts = stagecraft::serve::ServeOptions {
                root,
                bind,
                port,
                verbose: true,
                git_dates,
            };
            match stagecraft::serve::Server::start(&opts) {
                Ok(server) => {
                    println!(
                        "Serving at {} (Ctrl-C to stop). Edits to content/ and themes/ reload open pages.",
                        server.url()
                    );
                    if open {
                        let _ = std::process::Command::new(if cfg!(target_os = "macos") {
                            "open"
                        } else {
                            "xdg-open"
                        })
                        .arg(server.url())
                        .spawn();
                    }
                    server.wait_for_ctrl_c();
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Init { dir, language } => run_init(&dir, language),
        Command::Schema { output } => match stagecraft::schema::write_to(&output) {
            Ok(paths) => {
                let names: Vec<_> = paths.iter().filter_map(|p| p.file_name()).collect();
                println!(
                    "Wrote {} JSON Schemas into {}: {}",
                    paths.len(),
                    output.display(),
                    names
                        .iter()
                        .map(|n| n.to_string_lossy())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!(
                    "error: cannot write the schemas into {}: {e}",
                    output.display()
                );
                ExitCode::FAILURE
            }
        },
        Command::New { what } => run_new(what),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "stagecraft",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
    }
}

fn run_init(dir: &std::path::Path, language: Language) -> ExitCode {
    let options = stagecraft::init::InitOptions {
        language,
        today: Date::today(),
    };
    match stagecraft::init::init_site(dir, &options) {
        Ok(written) => {
            println!(
                "Created a starter site with {} files in {}.",
                written.len(),
                dir.display()
            );
            println!("Build it with: stagecraft build --root {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

impl NewArgs {
    /// The library's options: the site root, today's date and the name.
    fn options(&self) -> stagecraft::init::NewOptions {
        stagecraft::init::NewOptions {
            root: self.root.clone(),
            today: Date::today(),
            name: self.name.clone(),
        }
    }
}

fn run_new(what: NewCommand) -> ExitCode {
    use stagecraft::init::{new_language, new_module, new_page, new_roadmap, new_stage};
    let (result, root) = match what {
        NewCommand::Stage { reference, args } => {
            (new_stage(&reference, &args.options()), args.root)
        }
        NewCommand::Module { id, args } => (new_module(&id, &args.options()), args.root),
        NewCommand::Page { id, args } => (new_page(&id, &args.options()), args.root),
        NewCommand::Roadmap { id, args } => (new_roadmap(&id, &args.options()), args.root),
        NewCommand::Language { tag, args } => (new_language(&tag, &args.options()), args.root),
    };
    match result {
        Ok(created) => {
            for path in &created.written {
                println!("Created {}", root.join(path).display());
            }
            for path in &created.edited {
                println!("Updated {}", root.join(path).display());
            }
            for note in &created.notes {
                println!("Note: {note}.");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            print_diagnostics(e.diagnostics());
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
