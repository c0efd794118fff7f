//! The records a sharded run leaves in its output folder for `brief merge`: one
//! [`ShardRecord`] per article under `articles/` and one [`ShardManifest`] per finished
//! shard under `shards/`. A record carries everything the brief needs from its article
//! and what made it, so records written on different machines can be checked against
//! each other and merged into the brief one run over the same inputs writes.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::records::{ArticleRecord, ModelRecord, SkippedRecord};
use crate::model::generate::SamplingSettings;
use crate::pipeline::PipelineSettings;

/// Folder of the article records inside an output folder.
pub fn articles_dir(out_dir: &Path) -> PathBuf {
    out_dir.join("articles")
}

/// Folder of the shard manifests inside an output folder.
pub fn shards_dir(out_dir: &Path) -> PathBuf {
    out_dir.join("shards")
}

/// Shard `index` of `count`, from 0: which part of the batch one worker takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardSpec {
    /// This shard, from 0.
    pub index: usize,
    /// How many shards the batch is split into.
    pub count: usize,
}

impl std::fmt::Display for ShardSpec {
    /// "2/8", as `--shard` takes it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// What decides an article's result besides its text: records that differ here must not
/// be merged into one brief, since one run would have made them all alike.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MadeWith {
    /// Version of brief that made the record.
    pub brief_version: String,
    /// The model (its path and device may differ between machines; its sha256 may not).
    pub model: ModelRecord,
    /// How tokens were sampled (including the seed).
    pub sampling: SamplingSettings,
    /// Pipeline budgets and thresholds.
    pub pipeline: PipelineSettings,
    /// Whether whole-article translations were asked for (`--translations`).
    pub translations: bool,
    /// Fingerprint of the prompts, word lists and rule revisions.
    pub rules: String,
    /// The text of the run's own glossary (`--glossary`), which the brief also reads.
    pub glossary: Option<String>,
}

/// One article's result as a shard writes it to `articles/<stem>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardRecord {
    /// sha256 of the cleaned text: what decides the article's shard.
    pub key: String,
    /// Index of the article among the batch's inputs, in discovery order: the merge
    /// numbers articles in this order, as one run does.
    pub position: usize,
    /// The shard that made it.
    pub shard: ShardSpec,
    /// What made it.
    pub made_with: MadeWith,
    /// The article as `brief.json` records it (its number is given again by the merge).
    pub article: ArticleRecord,
}

/// One article of the batch, as every shard sees the batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedArticle {
    /// Index among the batch's inputs, in discovery order.
    pub position: usize,
    /// Output name, unique within the batch.
    pub stem: String,
    /// The input path as given.
    pub source: String,
    /// sha256 of the cleaned text.
    pub key: String,
    /// The shard it falls in.
    pub shard: usize,
}

/// Where in a single run's list of skipped inputs a failure goes: a run reports missing
/// paths first, then unreadable inputs, then articles the model failed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipStage {
    /// A path given on the command line could not be listed.
    Discover,
    /// An input could not be read, decoded or cleaned.
    Load,
    /// The model failed on an article.
    Summarize,
}

/// An input a shard could not summarize, with its place in the run's report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardSkip {
    /// Which step failed.
    pub stage: SkipStage,
    /// Its index within that step's list (missing paths, or inputs in discovery order).
    pub position: usize,
    /// The failure as the brief reports it.
    pub skipped: SkippedRecord,
}

/// What a shard writes to `shards/<I>-of-<N>.json` once all its articles are done: the
/// proof it finished, the batch as it saw it (so the merge knows what is missing even
/// when whole shards are), and the inputs it had to skip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardManifest {
    /// Which shard this is.
    pub shard: ShardSpec,
    /// What made its records.
    pub made_with: MadeWith,
    /// Every article of the batch, in discovery order.
    pub batch: Vec<PlannedArticle>,
    /// The inputs of this shard that were skipped.
    pub skipped: Vec<ShardSkip>,
}

/// File name of a shard's manifest.
pub fn manifest_name(shard: ShardSpec) -> String {
    format!("{}-of-{}.json", shard.index, shard.count)
}
