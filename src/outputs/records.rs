//! The data behind every output, as serde records: `brief.json` is [`BriefDocument`],
//! and each article's cached result is an [`ArticleResult`].

use serde::{Deserialize, Serialize};

use crate::model::generate::SamplingSettings;
use crate::pipeline::consolidate::Brief;
use crate::pipeline::glossary::Glossary;
use crate::pipeline::summarize::ArticleSummary;
use crate::pipeline::translate::Translation;
use crate::pipeline::{ModelUsage, PipelineSettings};

/// What the model produced for one article: everything needed to render its summary
/// and to cite it in the brief, so a resumed batch can skip the article entirely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleResult {
    /// Names found in the article and their English forms.
    pub glossary: Glossary,
    /// The article in English, unit by unit with the Korean source.
    pub translation: Translation,
    /// Verified bullets and what was dropped.
    pub summary: ArticleSummary,
    /// Model work spent on it.
    pub usage: ModelUsage,
    /// Wall seconds spent on it.
    pub seconds: f64,
}

/// An article's glossary and translation, cached apart from its summary: they depend on
/// fewer settings, and take most of the article's model time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranslationResult {
    /// Names found in the article and their English forms.
    pub glossary: Glossary,
    /// The article in English, unit by unit with the Korean source.
    pub translation: Translation,
    /// Model work spent on the translation.
    pub usage: ModelUsage,
}

/// One article in `brief.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// Citation number in the brief, from 1.
    pub number: usize,
    /// Output name (file name without extension).
    pub stem: String,
    /// The input path as given, or "-" for stdin.
    pub source: String,
    /// Detected text encoding of the input.
    pub encoding: String,
    /// Title as stated in the source.
    pub title: Option<String>,
    /// Outlet as stated in the source.
    pub outlet: Option<String>,
    /// Date as stated in the source.
    pub date: Option<String>,
    /// Characters of cleaned text the model saw.
    pub cleaned_chars: usize,
    /// Whether the result came from the cache of an earlier run.
    pub from_cache: bool,
    /// The model's result.
    #[serde(flatten)]
    pub result: ArticleResult,
}

/// An input that could not be processed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedRecord {
    /// The input path as given.
    pub source: String,
    /// What went wrong and what to do.
    pub error: String,
}

/// Which weights made the outputs, on what device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelRecord {
    /// Path of the GGUF file.
    pub path: String,
    /// sha256 of the GGUF file.
    pub sha256: String,
    /// Device the model ran on (`cpu`, `cuda:0`).
    pub device: String,
    /// Tokens one generation may use.
    pub context_tokens: usize,
}

/// Wall-clock and model timings of the whole run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    /// Seconds to load the model.
    pub load_seconds: f64,
    /// Seconds on the articles (translation and summaries).
    pub articles_seconds: f64,
    /// Seconds on the consolidated brief.
    pub brief_seconds: f64,
    /// Seconds from start to the last file written.
    pub total_seconds: f64,
    /// Model work done in this run (cached articles excluded).
    pub usage: ModelUsage,
    /// Prompt tokens per second over the run.
    pub prefill_tokens_per_second: f64,
    /// Generated tokens per second over the run.
    pub decode_tokens_per_second: f64,
}

/// Everything `brief run` produced, as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefDocument {
    /// Version of brief that wrote this.
    pub brief_version: String,
    /// The model used.
    pub model: ModelRecord,
    /// How tokens were sampled (including the seed).
    pub sampling: SamplingSettings,
    /// Pipeline budgets.
    pub pipeline: PipelineSettings,
    /// Articles processed, in citation order.
    pub articles: Vec<ArticleRecord>,
    /// Inputs that failed, and why.
    pub skipped: Vec<SkippedRecord>,
    /// The consolidated brief.
    pub brief: Brief,
    /// Timings of the run.
    pub timings: Timings,
}
