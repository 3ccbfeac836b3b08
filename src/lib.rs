//! Stagecraft: a static site generator for sales roadmaps.
pub mod diagram;
pub mod diagnostics;
pub mod model;
pub mod source;
pub mod slug;
pub mod routes;
pub mod markdown;
pub mod validate;
pub mod render;
pub mod output;
pub mod build;
pub mod init;
