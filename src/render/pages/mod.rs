//! One module per kind of page: each builds its page's context from the model (see
//! [`super::kinds`] for the list of kinds and [`super::views`] for the shared pieces).

pub(crate) mod account;
pub(crate) mod accounts;
pub(crate) mod home;
pub(crate) mod not_found;
pub(crate) mod onboarding;
pub(crate) mod page;
pub(crate) mod review;
pub(crate) mod roadmap;
pub(crate) mod role;
pub(crate) mod segment;
pub(crate) mod stage;
pub(crate) mod summary;
pub(crate) mod whats_new;
