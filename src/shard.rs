//! A batch past one machine: `brief run --shard I/N` maps one shard of the articles to
//! records under `DIR/articles/`, and `brief merge DIR` reduces every shard's records to
//! the brief one `brief run` over the same inputs writes.
//!
//! An article's shard is decided by the sha256 of its cleaned text, so the split does
//! not depend on file order or on which machine lists the folder; its place in the
//! brief is its position among the inputs, which every shard sees alike, so the merged
//! brief cites the articles by the numbers a single run gives them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Instant;

use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::app::{
    article_record, error_chain, outcome_of, progress_bar, skip, summarize_one,
    write_article_outputs, write_brief, BriefRun, RunConfig, RunError, RunOutcome,
};
use crate::inputs::discover::Input;
use crate::inputs::{load_article, InputError};
use crate::lexicon::{self, install_user_glossary, parse_user_glossary, LexiconError};
use crate::model::generate::ModelGenerator;
use crate::outputs::cache;
use crate::outputs::records::{ArticleRecord, ModelRecord, SkippedRecord};
use crate::outputs::shards::{
    articles_dir, manifest_name, shards_dir, MadeWith, PlannedArticle, ShardManifest, ShardRecord,
    ShardSkip, ShardSpec, SkipStage,
};
use crate::outputs::write::{write_atomic, WriteError};
use crate::pipeline::{prompts, ModelUsage};

/// Variables a Slurm array task runs with.
const SLURM_TASK_ID: &str = "SLURM_ARRAY_TASK_ID";
const SLURM_TASK_COUNT: &str = "SLURM_ARRAY_TASK_COUNT";
const SLURM_TASK_MIN: &str = "SLURM_ARRAY_TASK_MIN";
/// The index a Kubernetes Indexed Job gives each pod; the count is not in a pod's
/// environment, so the manifest sets it.
const K8S_INDEX: &str = "JOB_COMPLETION_INDEX";
const SHARD_COUNT: &str = "BRIEF_SHARD_COUNT";

/// What `--shard` was given: a fixed shard, or `auto` for the scheduler's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardChoice {
    /// `I/N`.
    Fixed(ShardSpec),
    /// Read from a Slurm array task's or a Kubernetes Indexed Job's environment.
    Auto,
}

/// A `--shard` that names no shard.
#[derive(Debug, thiserror::Error)]
pub enum ShardError {
    /// The value is neither `I/N` nor `auto`.
    #[error("--shard {value}: {reason} — write it as I/N with 0 <= I < N (e.g. 0/4), or auto")]
    Syntax {
        /// What was given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// `auto` outside a Slurm array task or an Indexed Job.
    #[error(
        "--shard auto: neither {SLURM_TASK_ID} nor {K8S_INDEX} is set — run it as a Slurm \
         array task or a Kubernetes Indexed Job (with {SHARD_COUNT}), or pass --shard I/N"
    )]
    NoScheduler,
    /// A scheduler variable is absent or unusable.
    #[error("--shard auto: {name} {problem} — {fix}")]
    Environment {
        /// The variable.
        name: &'static str,
        /// What is wrong with it.
        problem: String,
        /// What to do.
        fix: &'static str,
    },
}

impl FromStr for ShardChoice {
    type Err = ShardError;

    /// `auto` or `I/N`.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        if value == "auto" {
            return Ok(ShardChoice::Auto);
        }
        let syntax = |reason: &str| ShardError::Syntax {
            value: value.to_string(),
            reason: reason.to_string(),
        };
        let (index, count) = value
            .split_once('/')
            .ok_or_else(|| syntax("no '/' between the shard and the count"))?;
        let index: usize = index
            .trim()
            .parse()
            .map_err(|_| syntax("the shard is not a whole number"))?;
        let count: usize = count
            .trim()
            .parse()
            .map_err(|_| syntax("the count is not a whole number"))?;
        if count == 0 {
            return Err(syntax("the count must be at least 1"));
        }
        if index >= count {
            return Err(syntax("shards are numbered from 0 to N-1"));
        }
        Ok(ShardChoice::Fixed(ShardSpec { index, count }))
    }
}

impl ShardChoice {
    /// The shard this process takes; `auto` reads it through `env` (the process
    /// environment in the binary) from a Slurm array task (`SLURM_ARRAY_TASK_ID` less
    /// `SLURM_ARRAY_TASK_MIN` of `SLURM_ARRAY_TASK_COUNT`) or a Kubernetes Indexed Job
    /// (`JOB_COMPLETION_INDEX` of `BRIEF_SHARD_COUNT`).
    pub fn resolve(&self, env: impl Fn(&str) -> Option<String>) -> Result<ShardSpec, ShardError> {
        match self {
            ShardChoice::Fixed(spec) => Ok(*spec),
            ShardChoice::Auto => resolve_from_environment(env),
        }
    }
}

fn resolve_from_environment(env: impl Fn(&str) -> Option<String>) -> Result<ShardSpec, ShardError> {
    let number = |name: &'static str, fix: &'static str| -> Result<usize, ShardError> {
        let value = env(name).ok_or(ShardError::Environment {
            name,
            problem: "is not set".to_string(),
            fix,
        })?;
        value.trim().parse().map_err(|_| ShardError::Environment {
            name,
            problem: format!("is '{value}', not a whole number"),
            fix,
        })
    };
    let (index, count, fix) = if env(SLURM_TASK_ID).is_some() {
        let fix = "submit the array as --array=0-(N-1), optionally with %K";
        let id = number(SLURM_TASK_ID, fix)?;
        let min = if env(SLURM_TASK_MIN).is_some() {
            number(SLURM_TASK_MIN, fix)?
        } else {
            0
        };
        let count = number(SLURM_TASK_COUNT, fix)?;
        (id.checked_sub(min), count, fix)
    } else if env(K8S_INDEX).is_some() {
        let fix = "set BRIEF_SHARD_COUNT to the Job's completions";
        (
            Some(number(K8S_INDEX, fix)?),
            number(SHARD_COUNT, fix)?,
            fix,
        )
    } else {
        return Err(ShardError::NoScheduler);
    };
    match index {
        Some(index) if index < count => Ok(ShardSpec { index, count }),
        _ => Err(ShardError::Environment {
            name: if env(SLURM_TASK_ID).is_some() {
                SLURM_TASK_ID
            } else {
                K8S_INDEX
            },
            problem: format!("gives no shard below the count {count}"),
            fix,
        }),
    }
}

/// An article's stable key: the sha256 of its cleaned text, in hex.
pub fn text_key(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

/// The shard a key falls in: its first 64 bits modulo the count.
pub fn shard_of(key: &str, count: usize) -> usize {
    let high = key
        .get(..16)
        .and_then(|hex| u64::from_str_radix(hex, 16).ok())
        .unwrap_or_default();
    // The count fits in u64 and the remainder is below it, so both casts are exact.
    (high % count.max(1) as u64) as usize
}

/// What decides this run's results besides the texts, for its records.
fn made_with(model: &ModelRecord, config: &RunConfig) -> Result<MadeWith, LexiconError> {
    let glossary = match &config.glossary {
        Some(path) => Some(lexicon::read_user_glossary(path)?.text),
        None => None,
    };
    Ok(MadeWith {
        brief_version: env!("CARGO_PKG_VERSION").to_string(),
        model: model.clone(),
        sampling: config.sampling.clone(),
        pipeline: config.pipeline.clone(),
        translations: config.translations,
        rules: cache::cache_key(&[
            "rules",
            &prompts::translation_fingerprint(),
            lexicon::fingerprint(),
            lexicon::summary_fingerprint(),
            &crate::pipeline::RULES_REVISION.to_string(),
            &crate::pipeline::TRANSLATION_RULES_REVISION.to_string(),
        ]),
        glossary,
    })
}

/// Serialize `value` as pretty JSON to `path`, atomically.
fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), WriteError> {
    let json = serde_json::to_vec_pretty(value).map_err(|err| WriteError {
        path: path.to_path_buf(),
        source: std::io::Error::other(err),
    })?;
    write_atomic(path, &json)
}

/// Whether an input that has no cleaned text (a missing path, an unreadable file) is
/// this shard's to report: decided by its label, so exactly one shard reports it.
fn reports(label: &str, shard: ShardSpec) -> bool {
    shard_of(&text_key(label), shard.count) == shard.index
}

/// Run one shard of `brief run`: read every input (so every shard sees the same batch),
/// summarize the articles that fall in `shard`, write each one's record to
/// `articles/<stem>.json` as soon as it exists, and finish with the shard's manifest.
pub(crate) fn run_shard(
    generator: &mut ModelGenerator,
    model: &ModelRecord,
    config: &RunConfig,
    shard: ShardSpec,
    inputs: &[Input],
    missing: Vec<(PathBuf, InputError)>,
) -> Result<RunOutcome, RunError> {
    let made_with = made_with(model, config)?;
    let mut skipped = Vec::new();
    for (position, (path, err)) in missing.into_iter().enumerate() {
        let label = path.display().to_string();
        if reports(&label, shard) {
            skipped.push(ShardSkip {
                stage: SkipStage::Discover,
                position,
                skipped: skip(&label, error_chain(&err)),
            });
        }
    }
    let mut batch = Vec::new();
    let mut mine = Vec::new();
    for (position, input) in inputs.iter().enumerate() {
        match load_article(input) {
            Ok(article) => {
                let key = text_key(&article.full_text());
                let planned = PlannedArticle {
                    position,
                    stem: article.stem.clone(),
                    source: article.source.clone(),
                    shard: shard_of(&key, shard.count),
                    key,
                };
                if planned.shard == shard.index {
                    mine.push((planned.clone(), article));
                }
                batch.push(planned);
            }
            Err(err) => {
                let label = input.source.label();
                if reports(&label, shard) {
                    skipped.push(ShardSkip {
                        stage: SkipStage::Load,
                        position,
                        skipped: skip(&label, error_chain(&err)),
                    });
                }
            }
        }
    }

    let progress = progress_bar(mine.len(), config.quiet);
    for (planned, article) in &mine {
        progress.set_message(article.stem.clone());
        match summarize_one(generator, article, model, config, &progress) {
            Ok((result, from_cache)) => {
                let record = ShardRecord {
                    key: planned.key.clone(),
                    position: planned.position,
                    shard,
                    made_with: made_with.clone(),
                    article: article_record(planned.position + 1, article, result, from_cache),
                };
                write_json(
                    &articles_dir(&config.out_dir).join(format!("{}.json", planned.stem)),
                    &record,
                )?;
                tracing::info!(stem = %planned.stem, from_cache, "article recorded");
            }
            Err(err) => skipped.push(ShardSkip {
                stage: SkipStage::Summarize,
                position: planned.position,
                skipped: skip(
                    &article.source,
                    format!("{}: {}", article.source, error_chain(&err)),
                ),
            }),
        }
        progress.inc(1);
    }
    progress.finish_and_clear();

    let outcome = if skipped.is_empty() {
        RunOutcome::AllSucceeded
    } else {
        RunOutcome::SomeFailed
    };
    let manifest = ShardManifest {
        shard,
        made_with,
        batch,
        skipped,
    };
    write_json(
        &shards_dir(&config.out_dir).join(manifest_name(shard)),
        &manifest,
    )?;
    Ok(outcome)
}

/// Everything `brief merge` needs.
#[derive(Debug, Clone)]
pub struct MergeConfig {
    /// The output folder the shards wrote to.
    pub out_dir: PathBuf,
    /// Write the brief even when shards or records are missing, saying so in it.
    pub allow_missing: bool,
}

/// Why `brief merge` wrote no brief (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// No shard has finished.
    #[error(
        "{dir}: no shard has finished (no manifest in {dir}/shards/) — run `brief run \
         INPUTS --out {dir} --shard I/N` for every shard first"
    )]
    NoShards {
        /// The output folder.
        dir: String,
    },
    /// A record or manifest cannot be read.
    #[error("{path}: cannot read it as a brief record ({reason}) — remove it and rerun its shard")]
    Unreadable {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// The files disagree on what made them, or on the batch.
    #[error("refusing to merge: {0}")]
    Inconsistent(String),
    /// Shards or records are missing.
    #[error("{0} — rerun those shards, or pass --allow-missing to write the brief without them")]
    Missing(String),
    /// The records name a glossary the brief cannot read.
    #[error(transparent)]
    Glossary(#[from] LexiconError),
    /// An output could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Every `*.json` file in `folder` with what it holds, in name order; an absent folder
/// holds none. Hidden files (an unfinished atomic write) are skipped.
fn read_folder<T: DeserializeOwned>(folder: &Path) -> Result<Vec<(String, T)>, MergeError> {
    let unreadable = |path: &Path, reason: String| MergeError::Unreadable {
        path: path.display().to_string(),
        reason,
    };
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(unreadable(folder, err.to_string())),
    };
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|err| unreadable(folder, err.to_string()))?
            .path();
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        if name.is_some_and(|name| !name.starts_with('.') && name.ends_with(".json")) {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(&path).map_err(|err| unreadable(&path, err.to_string()))?;
            let value =
                serde_json::from_str(&text).map_err(|err| unreadable(&path, err.to_string()))?;
            Ok((path.display().to_string(), value))
        })
        .collect()
}

/// What differs between what made two files, in words; empty when they may be merged
/// (the model's path and device may differ between machines).
fn differences(made: &MadeWith, reference: &MadeWith) -> Vec<String> {
    let mut found = Vec::new();
    let short = |sha: &str| sha.get(..12).unwrap_or(sha).to_string();
    if made.model.sha256 != reference.model.sha256 {
        found.push(format!(
            "model sha256 {} ({}) where the others have {} ({})",
            short(&made.model.sha256),
            made.model.path,
            short(&reference.model.sha256),
            reference.model.path
        ));
    }
    if made.model.context_tokens != reference.model.context_tokens {
        found.push(format!(
            "--context {} where the others have {}",
            made.model.context_tokens, reference.model.context_tokens
        ));
    }
    if made.sampling != reference.sampling {
        found.push("other sampling settings (seed, temperature, top-p, penalty)".to_string());
    }
    if made.pipeline != reference.pipeline {
        found.push("other pipeline settings (budgets, batch, thresholds)".to_string());
    }
    if made.translations != reference.translations {
        found.push("--translations given differently".to_string());
    }
    if made.rules != reference.rules {
        found.push("other rules (prompts, word lists or rule revisions)".to_string());
    }
    if made.glossary != reference.glossary {
        found.push("another --glossary".to_string());
    }
    if made.brief_version != reference.brief_version {
        found.push(format!(
            "brief {} where the others have {}",
            made.brief_version, reference.brief_version
        ));
    }
    found
}

/// What most files were made with: the batch the odd ones are named against. Files
/// that may be merged are counted together; ties go to the earliest (manifests first,
/// in name order).
fn majority<'a>(made: &[&'a MadeWith]) -> Option<&'a MadeWith> {
    let mut groups: Vec<(&MadeWith, usize)> = Vec::new();
    for candidate in made {
        match groups
            .iter_mut()
            .find(|(kept, _)| differences(candidate, kept).is_empty())
        {
            Some((_, size)) => *size += 1,
            None => groups.push((candidate, 1)),
        }
    }
    groups
        .into_iter()
        .rev()
        .max_by_key(|(_, size)| *size)
        .map(|(made, _)| made)
}

/// Run `brief merge`: check every shard's records against each other, then write the
/// summaries, `brief.md` and `brief.json` as one `brief run` over the inputs would.
pub fn merge(config: &MergeConfig) -> Result<RunOutcome, MergeError> {
    let started = Instant::now();
    let dir = &config.out_dir;
    let manifests: Vec<(String, ShardManifest)> = read_folder(&shards_dir(dir))?;
    let records: Vec<(String, ShardRecord)> = read_folder(&articles_dir(dir))?;
    let Some((first_manifest, first)) = manifests.first() else {
        return Err(MergeError::NoShards {
            dir: dir.display().to_string(),
        });
    };

    let made: Vec<(&str, &MadeWith)> = manifests
        .iter()
        .map(|(path, manifest)| (path.as_str(), &manifest.made_with))
        .chain(
            records
                .iter()
                .map(|(path, record)| (path.as_str(), &record.made_with)),
        )
        .collect();
    let reference = majority(&made.iter().map(|(_, made)| *made).collect::<Vec<_>>())
        .unwrap_or(&first.made_with);
    let odd: Vec<String> = made
        .iter()
        .filter_map(|(path, made)| {
            let found = differences(made, reference);
            (!found.is_empty()).then(|| format!("{path}: {}", found.join("; ")))
        })
        .collect();
    if !odd.is_empty() {
        return Err(MergeError::Inconsistent(format!(
            "{} file{} made otherwise than the rest:\n  {}\n(rerun their shards with the same model and settings, or remove them)",
            odd.len(),
            if odd.len() == 1 { " was" } else { "s were" },
            odd.join("\n  ")
        )));
    }

    let count = first.shard.count;
    let unlike: Vec<&str> = manifests
        .iter()
        .filter(|(_, manifest)| manifest.shard.count != count || manifest.batch != first.batch)
        .map(|(path, _)| path.as_str())
        .collect();
    if !unlike.is_empty() {
        return Err(MergeError::Inconsistent(format!(
            "{} saw another batch or shard count than {first_manifest} (give every shard the \
             same INPUTS and N, or use a fresh --out)",
            unlike.join(", ")
        )));
    }
    let planned: HashMap<&str, &PlannedArticle> = first
        .batch
        .iter()
        .map(|planned| (planned.stem.as_str(), planned))
        .collect();
    let strays: Vec<&str> = records
        .iter()
        .filter(|(_, record)| {
            planned
                .get(record.article.stem.as_str())
                .is_none_or(|planned| planned.key != record.key)
        })
        .map(|(path, _)| path.as_str())
        .collect();
    if !strays.is_empty() {
        return Err(MergeError::Inconsistent(format!(
            "{} {} no article of the batch the shards saw (left from another batch? remove \
             them or use a fresh --out)",
            strays.join(", "),
            if strays.len() == 1 { "is" } else { "are" }
        )));
    }

    let finished = |index: usize| {
        manifests
            .iter()
            .find(|(_, manifest)| manifest.shard.index == index)
            .map(|(_, manifest)| manifest)
    };
    let mut skipped: Vec<ShardSkip> = manifests
        .iter()
        .flat_map(|(_, manifest)| manifest.skipped.iter().cloned())
        .collect();
    let mut missing_articles: Vec<&PlannedArticle> = Vec::new();
    let mut merged: Vec<&ShardRecord> = Vec::new();
    let by_stem: HashMap<&str, &ShardRecord> = records
        .iter()
        .map(|(_, record)| (record.article.stem.as_str(), record))
        .collect();
    for planned in &first.batch {
        if let Some(record) = by_stem.get(planned.stem.as_str()) {
            merged.push(record);
            continue;
        }
        let reported = finished(planned.shard).is_some_and(|manifest| {
            manifest
                .skipped
                .iter()
                .any(|skip| skip.stage == SkipStage::Summarize && skip.position == planned.position)
        });
        if !reported {
            missing_articles.push(planned);
        }
    }
    let missing_shards: Vec<usize> = (0..count).filter(|&i| finished(i).is_none()).collect();
    if !missing_shards.is_empty() || !missing_articles.is_empty() {
        let message = missing_message(&missing_shards, &missing_articles, count, dir);
        if !config.allow_missing {
            return Err(MergeError::Missing(message));
        }
        eprintln!("warning: {message}; merging without them (--allow-missing)");
        for planned in &missing_articles {
            skipped.push(ShardSkip {
                stage: SkipStage::Summarize,
                position: planned.position,
                skipped: SkippedRecord {
                    source: planned.source.clone(),
                    error: format!(
                        "{}: not in this brief — shard {}/{count} left no record of it (merged with --allow-missing)",
                        planned.source, planned.shard
                    ),
                },
            });
        }
    }
    skipped.sort_by_key(|skip| (skip.stage, skip.position));
    let mut skipped: Vec<SkippedRecord> = skipped.into_iter().map(|skip| skip.skipped).collect();
    if config.allow_missing {
        skipped.extend(missing_shards.iter().map(|index| SkippedRecord {
            source: format!("shard {index}/{count}"),
            error: format!(
                "shard {index}/{count}: did not finish — inputs it could not read are not listed (merged with --allow-missing)"
            ),
        }));
    }

    if let Some(text) = &reference.glossary {
        install_user_glossary(lexicon::UserGlossary {
            path: PathBuf::from("the records' --glossary"),
            entries: parse_user_glossary(text, "the records' --glossary")?,
            text: text.clone(),
        });
    }
    let mut usage = ModelUsage::default();
    let mut articles_seconds = 0.0;
    let mut articles: Vec<ArticleRecord> = Vec::with_capacity(merged.len());
    for (index, record) in merged.into_iter().enumerate() {
        let mut article = record.article.clone();
        article.number = index + 1;
        usage.add(&article.result.usage);
        articles_seconds += article.result.seconds;
        write_article_outputs(&article, dir, reference.translations)?;
        articles.push(article);
    }
    let document = write_brief(
        dir,
        BriefRun {
            model: reference.model.clone(),
            sampling: reference.sampling.clone(),
            pipeline: reference.pipeline.clone(),
            started,
            load_seconds: 0.0,
            articles_seconds,
            usage,
        },
        articles,
        skipped,
    )?;
    Ok(outcome_of(&document))
}

/// "shard 1/3 has not finished (no DIR/shards/1-of-3.json); no record of b (shard 1/3)".
fn missing_message(
    shards: &[usize],
    articles: &[&PlannedArticle],
    count: usize,
    dir: &Path,
) -> String {
    let mut parts = Vec::new();
    if !shards.is_empty() {
        let names: Vec<String> = shards
            .iter()
            .map(|index| {
                let manifest = shards_dir(dir).join(manifest_name(ShardSpec {
                    index: *index,
                    count,
                }));
                format!("{index}/{count} (no {})", manifest.display())
            })
            .collect();
        parts.push(format!(
            "{} not finished: {}",
            if shards.len() == 1 {
                "shard has"
            } else {
                "shards have"
            },
            names.join(", ")
        ));
    }
    if !articles.is_empty() {
        let names: Vec<String> = articles
            .iter()
            .map(|planned| format!("{} (shard {}/{count})", planned.stem, planned.shard))
            .collect();
        parts.push(format!("no record of {}", names.join(", ")));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    #[test]
    fn shards_parse_as_index_slash_count_or_auto() {
        assert_eq!(
            "2/8".parse::<ShardChoice>().unwrap(),
            ShardChoice::Fixed(ShardSpec { index: 2, count: 8 })
        );
        assert_eq!("auto".parse::<ShardChoice>().unwrap(), ShardChoice::Auto);
        for bad in ["8/8", "1/0", "2", "a/4", "1/b", "-1/4"] {
            let err = bad.parse::<ShardChoice>().unwrap_err().to_string();
            assert!(err.contains("I/N"), "{bad}: {err}");
        }
    }

    #[test]
    fn auto_reads_a_slurm_array_task_or_an_indexed_job() {
        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "5"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "6"),
        ]);
        assert_eq!(
            ShardChoice::Auto.resolve(slurm).unwrap(),
            ShardSpec { index: 4, count: 6 }
        );
        let k8s = env(&[("JOB_COMPLETION_INDEX", "3"), ("BRIEF_SHARD_COUNT", "4")]);
        assert_eq!(
            ShardChoice::Auto.resolve(k8s).unwrap(),
            ShardSpec { index: 3, count: 4 }
        );
        let fixed = ShardChoice::Fixed(ShardSpec { index: 1, count: 2 });
        assert_eq!(
            fixed.resolve(env(&[("SLURM_ARRAY_TASK_ID", "0")])).unwrap(),
            ShardSpec { index: 1, count: 2 }
        );
    }

    #[test]
    fn auto_without_a_usable_scheduler_says_what_is_missing() {
        let none = ShardChoice::Auto.resolve(env(&[])).unwrap_err().to_string();
        assert!(none.contains("SLURM_ARRAY_TASK_ID"), "{none}");
        let no_count = ShardChoice::Auto
            .resolve(env(&[("JOB_COMPLETION_INDEX", "0")]))
            .unwrap_err()
            .to_string();
        assert!(
            no_count.contains("BRIEF_SHARD_COUNT is not set"),
            "{no_count}"
        );
        let sparse = ShardChoice::Auto
            .resolve(env(&[
                ("SLURM_ARRAY_TASK_ID", "9"),
                ("SLURM_ARRAY_TASK_COUNT", "3"),
            ]))
            .unwrap_err()
            .to_string();
        assert!(sparse.contains("--array=0-(N-1)"), "{sparse}");
    }

    #[test]
    fn keys_split_evenly_and_do_not_depend_on_anything_but_the_text() {
        assert_eq!(text_key("기사"), text_key("기사"));
        assert_ne!(text_key("기사 1"), text_key("기사 2"));
        let mut sizes = [0usize; 4];
        for n in 0..4000 {
            let shard = shard_of(&text_key(&format!("article {n}")), 4);
            sizes[shard] += 1;
        }
        assert!(
            sizes.iter().all(|&size| (900..1100).contains(&size)),
            "{sizes:?}"
        );
        assert_eq!(shard_of(&text_key("x"), 1), 0);
    }
}
