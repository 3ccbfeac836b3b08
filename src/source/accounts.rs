//! Loading key accounts: `content/accounts/<account>.yaml` and the optional narrative
//! `content/accounts/<account>.md` beside it, put together into [`Account`]s.

use super::{ParseResult, Parsed, parse_document, parse_yaml_file};
use crate::diagnostics::Diagnostic;
use crate::model::{Account, AccountNarrativeFront, AccountSpec, Document};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Parses an account's YAML file.
pub(super) fn parse_account(text: Arc<str>, shown: &Path, slug: &str) -> ParseResult {
    parse_yaml_file::<AccountSpec>(text, shown, |spec, set_aside, hash| {
        Parsed::Account(Box::new(Account {
            slug: slug.to_string(),
            file: shown.to_path_buf(),
            spec,
            hash,
            set_aside,
            narrative: None,
        }))
    })
}

/// Parses an account's narrative (front matter optional).
pub(super) fn parse_narrative(text: Arc<str>, shown: &Path, slug: &str) -> ParseResult {
    parse_document::<AccountNarrativeFront>(text, shown, slug, true, Parsed::AccountNarrative)
}

/// Puts each narrative beside its account, sorted by file name. A narrative without an
/// account file is an error, unless the account file failed to load (its own error says
/// enough).
pub(super) fn assemble(
    accounts: Vec<Account>,
    narratives: Vec<Document<AccountNarrativeFront>>,
    unloaded: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Account> {
    let mut by_slug: BTreeMap<String, Account> =
        accounts.into_iter().map(|a| (a.slug.clone(), a)).collect();
    for doc in narratives {
        match by_slug.get_mut(&doc.slug) {
            Some(account) => account.narrative = Some(doc),
            None if unloaded.contains(&format!("accounts/{}.yaml", doc.slug)) => {}
            None => diagnostics.push(
                Diagnostic::file_error(
                    &doc.file,
                    format!(
                        "this narrative has no account: there is no accounts/{}.yaml beside it",
                        doc.slug
                    ),
                )
                .with_hint(format!(
                    "write content/accounts/{}.yaml with the account's `name`, `roadmap` and `stage`, or rename the file to match its account",
                    doc.slug
                )),
            ),
        }
    }
    by_slug.into_values().collect()
}
