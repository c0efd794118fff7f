//! Outputs: the records written to `brief.json`, their Markdown and HTML renderings,
//! atomic file writes, the per-article cache that makes batches resumable, and the
//! records a sharded run leaves for `brief merge`.

pub mod cache;
pub mod html;
pub mod records;
pub mod render;
pub mod shards;
pub mod write;
