//! Outputs: the records written to `brief.json`, their Markdown and HTML renderings, atomic file
//! writes, and the per-article cache that makes batches resumable.

pub mod cache;
pub mod html;
pub mod records;
pub mod render;
pub mod write;
