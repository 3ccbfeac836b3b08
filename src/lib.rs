//! Stagecraft: a static site generator for sales roadmaps.
pub mod base_url;
pub mod build;
pub mod diagnostics;
pub mod diagram;
pub mod freshness;
pub mod init;
pub mod markdown;
pub mod model;
pub mod output;
pub mod plan;
pub mod render;
pub mod routes;
pub mod search;
pub mod serve;
pub mod slug;
pub mod source;
pub mod validate;
