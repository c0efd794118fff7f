//! Runs a whole `brief run`: load the model (failing fast), read the inputs, map each
//! article to a verified summary (or take it from the cache), consolidate the brief,
//! and write every output atomically as soon as it exists.

use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::inputs::discover::discover;
use crate::inputs::discover::{Input, InputSource};
use crate::inputs::{load_article, Article, InputError};
use crate::lexicon::{self, install_user_glossary, read_user_glossary, LexiconError};
use crate::model::chat::ChatPrompt;
use crate::model::device::{describe, DeviceChoice};
use crate::model::generate::{ModelGenerator, SamplingSettings};
use crate::model::load::load_model;
use crate::model::source::ModelSource;
use crate::model::ModelError;
use crate::outputs::cache;
use crate::outputs::html::render_brief_html;
use crate::outputs::records::{
    ArticleRecord, ArticleResult, BriefDocument, ModelRecord, SkippedRecord, Timings,
    TranslationResult,
};
use crate::outputs::render::{render_brief, render_summary};
use crate::outputs::write::{write_atomic, WriteError};
use crate::pipeline::consolidate::{consolidate, BriefArticle};
use crate::pipeline::glossary::Glossary;
use crate::pipeline::prompts::translation_prompt;
use crate::pipeline::salience::time_words;
use crate::pipeline::summarize::summarize_article;
use crate::pipeline::translate::{translate_article, Scope, SourceText};
use crate::pipeline::{prompts, ModelUsage, PipelineSettings};
use crate::shard::{run_shard, ShardChoice, ShardError};

/// Everything `brief run` needs, resolved from the command line.
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// Files, folders, or "-" for stdin.
    pub inputs: Vec<PathBuf>,
    /// Folder the outputs go to.
    pub out_dir: PathBuf,
    /// Which model file to use.
    pub model: ModelSource,
    /// Which device runs it.
    pub device: DeviceChoice,
    /// Tokens one generation may use (prompt plus answer).
    pub context_tokens: usize,
    /// Sampling settings, seed included.
    pub sampling: SamplingSettings,
    /// Pipeline budgets.
    pub pipeline: PipelineSettings,
    /// Also write `translations/<stem>.md`.
    pub translations: bool,
    /// The run's own names and terms (`--glossary`).
    pub glossary: Option<PathBuf>,
    /// Recompute articles even when the cache holds them.
    pub force: bool,
    /// No progress bar.
    pub quiet: bool,
    /// Take only this shard of the batch and leave the brief to `brief merge`.
    pub shard: Option<ShardChoice>,
}

/// Everything `brief bench` needs.
#[derive(Debug, Clone)]
pub struct BenchConfig {
    /// Which model file to use.
    pub model: ModelSource,
    /// Which device runs it.
    pub device: DeviceChoice,
    /// Tokens of context to allocate.
    pub context_tokens: usize,
    /// The article whose summary prompt is timed.
    pub input: PathBuf,
    /// Tokens to decode.
    pub tokens: usize,
    /// Copies of the prompt decoded together.
    pub batch: usize,
    /// Print JSON as the last line.
    pub json: bool,
    /// Where to write the rendered prompt, if anywhere.
    pub save_prompt: Option<PathBuf>,
}

/// What `brief bench --json` prints, field names fixed for scripts/bench.sh.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BenchReport {
    /// Tokens in the prompt.
    pub prompt_tokens: usize,
    /// Tokens decoded.
    pub generated_tokens: usize,
    /// Prompt tokens per second of prefill.
    pub prefill_tokens_per_s: f64,
    /// Generated tokens per second of decoding.
    pub decode_tokens_per_s: f64,
    /// Worker threads candle uses on the CPU.
    pub threads: usize,
    /// Answers decoded together (the decode rate is their aggregate).
    pub batch: usize,
}

/// Failures that stop a run before or after the per-article work (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The model could not be found, fetched or loaded.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The output folder cannot be used.
    #[error("{path}: cannot use as the output folder ({reason}) — pass another folder with --out")]
    OutputFolder { path: PathBuf, reason: String },
    /// An output file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The benchmark input could not be read.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The run's glossary cannot be read or has a malformed line.
    #[error(transparent)]
    Glossary(#[from] LexiconError),
    /// `--shard` names no usable shard.
    #[error(transparent)]
    Shard(#[from] ShardError),
}

/// How a run ended when it did not fail as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunOutcome {
    /// Every input was summarized.
    AllSucceeded,
    /// Some inputs failed; the brief covers the others (exit status 1).
    SomeFailed,
}

/// Run `brief run` to completion.
pub fn run(config: &RunConfig) -> Result<RunOutcome, RunError> {
    let started = Instant::now();
    // A malformed glossary is the user's to fix before any model work.
    if let Some(path) = &config.glossary {
        install_user_glossary(read_user_glossary(path)?);
    }
    let shard = match &config.shard {
        Some(choice) => Some(choice.resolve(|name| std::env::var(name).ok())?),
        None => None,
    };
    prepare_out_dir(&config.out_dir)?;
    let model_path = config.model.resolve()?;
    let device = config.device.open()?;
    let loaded = load_model(&model_path, &device, config.context_tokens)?;
    let model_record = ModelRecord {
        path: model_path.display().to_string(),
        sha256: loaded.sha256.clone(),
        device: describe(&device),
        context_tokens: loaded.model.max_positions(),
    };
    let mut generator = ModelGenerator::new(loaded, config.sampling.clone())
        .with_batch_size(config.pipeline.decode_batch);
    let load_seconds = started.elapsed().as_secs_f64();

    let (inputs, missing) = discover(&config.inputs);
    if let Some(shard) = shard {
        return run_shard(
            &mut generator,
            &model_record,
            config,
            shard,
            &inputs,
            missing,
        );
    }
    let mut skipped: Vec<SkippedRecord> = missing
        .into_iter()
        .map(|(path, err)| skip(&path.display().to_string(), error_chain(&err)))
        .collect();
    let mut articles = Vec::new();
    for input in &inputs {
        match load_article(input) {
            Ok(article) => articles.push(article),
            Err(err) => skipped.push(skip(&input.source.label(), error_chain(&err))),
        }
    }

    let articles_started = Instant::now();
    let progress = progress_bar(articles.len(), config.quiet);
    let mut records = Vec::new();
    let mut usage = ModelUsage::default();
    for article in &articles {
        progress.set_message(article.stem.clone());
        match summarize_one(&mut generator, article, &model_record, config, &progress) {
            Ok((result, from_cache)) => {
                if !from_cache {
                    usage.add(&result.usage);
                }
                let record = article_record(records.len() + 1, article, result, from_cache);
                write_article_outputs(&record, &config.out_dir, config.translations)?;
                tracing::info!(stem = %record.stem, from_cache, "article summarized");
                records.push(record);
            }
            Err(err) => skipped.push(skip(
                &article.source,
                format!("{}: {}", article.source, error_chain(&err)),
            )),
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    let articles_seconds = articles_started.elapsed().as_secs_f64();

    let document = write_brief(
        &config.out_dir,
        BriefRun {
            model: model_record,
            sampling: config.sampling.clone(),
            pipeline: config.pipeline.clone(),
            started,
            load_seconds,
            articles_seconds,
            usage,
        },
        records,
        skipped,
    )?;
    Ok(outcome_of(&document))
}

/// A written brief's outcome: some inputs failed when it lists skipped ones.
pub(crate) fn outcome_of(document: &BriefDocument) -> RunOutcome {
    if document.skipped.is_empty() {
        RunOutcome::AllSucceeded
    } else {
        RunOutcome::SomeFailed
    }
}

/// What a brief is made with besides its articles: the model, the settings and the
/// run's timings so far.
pub(crate) struct BriefRun {
    /// The model used.
    pub model: ModelRecord,
    /// How tokens were sampled.
    pub sampling: SamplingSettings,
    /// Pipeline budgets.
    pub pipeline: PipelineSettings,
    /// When the run started.
    pub started: Instant,
    /// Seconds spent loading the model.
    pub load_seconds: f64,
    /// Seconds spent on the articles.
    pub articles_seconds: f64,
    /// Model work spent on the articles.
    pub usage: ModelUsage,
}

/// Consolidate the articles (in citation order) into the brief and write `brief.md`
/// and `brief.json`. `brief run` and `brief merge` both end here, so a merged brief is
/// the one a single run over the same inputs writes.
pub(crate) fn write_brief(
    out_dir: &Path,
    run: BriefRun,
    records: Vec<ArticleRecord>,
    skipped: Vec<SkippedRecord>,
) -> Result<BriefDocument, WriteError> {
    let BriefRun {
        model: model_record,
        sampling,
        pipeline,
        started,
        load_seconds,
        articles_seconds,
        usage,
    } = run;
    let brief_started = Instant::now();
    let merged = Glossary::merge(
        &records
            .iter()
            .map(|record| record.result.glossary.clone())
            .collect::<Vec<_>>(),
    );
    // A summary's title is its first verified sentence: a claim of the article like its
    // bullets, and often its lead, so the brief draws on it too.
    let verified_claims: Vec<Vec<String>> = records
        .iter()
        .map(|record| {
            let summary = &record.result.summary;
            summary
                .title
                .iter()
                .chain(&summary.bullets)
                .cloned()
                .collect()
        })
        .collect();
    let brief_articles: Vec<BriefArticle<'_>> = records
        .iter()
        .zip(&verified_claims)
        .map(|(record, claims)| BriefArticle {
            number: record.number,
            title: record.result.summary.title.as_deref().unwrap_or(""),
            date: record.date.as_deref(),
            bullets: claims,
            units: &record.result.translation.units,
            headline: record.title.as_deref(),
        })
        .collect();
    let brief = consolidate(&brief_articles, &merged, &pipeline);
    let brief_seconds = brief_started.elapsed().as_secs_f64();

    let document = BriefDocument {
        brief_version: env!("CARGO_PKG_VERSION").to_string(),
        model: model_record,
        sampling,
        pipeline,
        articles: records,
        skipped,
        brief,
        timings: Timings {
            load_seconds,
            articles_seconds,
            brief_seconds,
            total_seconds: started.elapsed().as_secs_f64(),
            usage,
            prefill_tokens_per_second: usage.prefill_tokens_per_second(),
            decode_tokens_per_second: usage.decode_tokens_per_second(),
        },
    };
    write_atomic(
        &out_dir.join("brief.md"),
        render_brief(&document).as_bytes(),
    )?;
    write_atomic(
        &out_dir.join("brief.html"),
        render_brief_html(&document).as_bytes(),
    )?;
    let json = serde_json::to_vec_pretty(&document).map_err(|err| WriteError {
        path: out_dir.join("brief.json"),
        source: std::io::Error::other(err),
    })?;
    write_atomic(&out_dir.join("brief.json"), &json)?;
    Ok(document)
}

/// Create the output folder, or explain why it cannot be one.
fn prepare_out_dir(path: &Path) -> Result<(), RunError> {
    if path.exists() && !path.is_dir() {
        return Err(RunError::OutputFolder {
            path: path.to_path_buf(),
            reason: "it is a file".to_string(),
        });
    }
    std::fs::create_dir_all(cache::cache_dir(path)).map_err(|err| RunError::OutputFolder {
        path: path.to_path_buf(),
        reason: err.to_string(),
    })
}

/// An error and its causes on one line.
pub(crate) fn error_chain(err: &dyn std::error::Error) -> String {
    // candle appends a backtrace to its messages when RUST_BACKTRACE is set.
    let first_line = |err: &dyn std::error::Error| {
        err.to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let mut message = first_line(err);
    let mut cause = err.source();
    while let Some(inner) = cause {
        message.push_str(&format!(": {}", first_line(inner)));
        cause = inner.source();
    }
    message
}

/// Report a failed input on stderr (one line naming the file: what is wrong and what
/// to do) and record it for the brief.
pub(crate) fn skip(source: &str, message: String) -> SkippedRecord {
    eprintln!("error: {message}");
    SkippedRecord {
        source: source.to_string(),
        error: message,
    }
}

pub(crate) fn progress_bar(articles: usize, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(articles as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} articles  {msg}",
    ) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(250));
    bar
}

/// The cache key of an article's result: its translation's key (so a change that
/// alters translations misses this cache too) and what decides the summary.
fn article_key(article: &Article, model: &ModelRecord, config: &RunConfig) -> String {
    let settings = serde_json::to_string(&config.pipeline).unwrap_or_default();
    cache::cache_key(&[
        "article",
        &translation_key(article, model, config),
        &settings,
        lexicon::summary_fingerprint(),
        &crate::pipeline::RULES_REVISION.to_string(),
    ])
}

/// The cache key of an article's translation: only what decides it (the model, the
/// sampling, how many answers are decoded together, the translation prompt and rules).
fn translation_key(article: &Article, model: &ModelRecord, config: &RunConfig) -> String {
    let settings = serde_json::to_string(&(
        &config.sampling,
        config.pipeline.decode_batch,
        config.pipeline.key_sentences,
        config.pipeline.samples,
        config.translations,
    ))
    .unwrap_or_default();
    cache::cache_key(&[
        "translation",
        &model.sha256,
        &model.context_tokens.to_string(),
        &settings,
        &prompts::translation_fingerprint(),
        lexicon::fingerprint(),
        &crate::pipeline::TRANSLATION_RULES_REVISION.to_string(),
        &article.full_text(),
    ])
}

/// Translate and summarize one article, or take its result from the cache.
pub(crate) fn summarize_one(
    generator: &mut ModelGenerator,
    article: &Article,
    model: &ModelRecord,
    config: &RunConfig,
    progress: &ProgressBar,
) -> Result<(ArticleResult, bool), ModelError> {
    let key = article_key(article, model, config);
    if !config.force {
        if let Some(result) = cache::load(&config.out_dir, &key) {
            return Ok((result, true));
        }
    }
    let started = Instant::now();
    let TranslationResult {
        glossary,
        translation,
        usage,
    } = translate_one(generator, article, model, config, progress)?;
    let summary = summarize_article(&translation, &glossary, &config.pipeline);
    let result = ArticleResult {
        glossary,
        translation,
        summary,
        usage,
        seconds: started.elapsed().as_secs_f64(),
    };
    if let Err(err) = cache::store(&config.out_dir, &key, &result) {
        tracing::warn!("cannot cache the result of {}: {err}", article.stem);
    }
    Ok((result, false))
}

/// Find the names in one article and translate it, or take both from the cache.
fn translate_one(
    generator: &mut ModelGenerator,
    article: &Article,
    model: &ModelRecord,
    config: &RunConfig,
    progress: &ProgressBar,
) -> Result<TranslationResult, ModelError> {
    let key = translation_key(article, model, config);
    if !config.force {
        if let Some(result) = cache::load(&config.out_dir, &key) {
            return Ok(result);
        }
    }
    let glossary = Glossary::extract(&article.full_text()).without_reporters();
    let mut usage = ModelUsage::default();
    let translation = translate_article(
        generator,
        SourceText {
            title: article.title.as_deref(),
            paragraphs: &article.paragraphs,
            date: article.date.as_deref(),
        },
        &glossary,
        time_words(),
        Scope {
            key_sentences: config.pipeline.key_sentences,
            everything: config.translations,
            samples: config.pipeline.samples,
        },
        &mut usage,
        |done, total| {
            progress.set_message(format!("{}: translating {done}/{total}", article.stem));
        },
    )?;
    let result = TranslationResult {
        glossary,
        translation,
        usage,
    };
    if let Err(err) = cache::store(&config.out_dir, &key, &result) {
        tracing::warn!("cannot cache the translation of {}: {err}", article.stem);
    }
    Ok(result)
}

pub(crate) fn article_record(
    number: usize,
    article: &Article,
    result: ArticleResult,
    from_cache: bool,
) -> ArticleRecord {
    ArticleRecord {
        number,
        stem: article.stem.clone(),
        source: article.source.clone(),
        encoding: article.encoding.clone(),
        title: article.title.clone(),
        outlet: article.outlet.clone(),
        date: article.date.clone(),
        cleaned_chars: article.cleaned_chars,
        from_cache,
        result,
    }
}

/// Write an article's summary (and translation, if asked) as soon as it exists, so an
/// interrupted batch keeps every finished article.
pub(crate) fn write_article_outputs(
    record: &ArticleRecord,
    out_dir: &Path,
    translations: bool,
) -> Result<(), WriteError> {
    write_atomic(
        &out_dir
            .join("summaries")
            .join(format!("{}.md", record.stem)),
        render_summary(record).as_bytes(),
    )?;
    if translations {
        write_atomic(
            &out_dir
                .join("translations")
                .join(format!("{}.md", record.stem)),
            crate::outputs::render::render_translation(record).as_bytes(),
        )?;
    }
    Ok(())
}

/// Run `brief bench`: time prefill and exactly `tokens` greedy decode steps on a
/// summary request over one article, and print the rates.
pub fn bench(config: &BenchConfig) -> Result<(), RunError> {
    let article = load_article(&Input {
        source: InputSource::File(config.input.clone()),
        stem: "bench".to_string(),
    })?;
    let model_path = config.model.resolve()?;
    let device = config.device.open()?;
    let loaded = load_model(&model_path, &device, config.context_tokens)?;
    let mut generator = ModelGenerator::new(loaded, SamplingSettings::default());
    // The pipeline's translation request, over the whole article: a long prompt.
    let prompt = translation_prompt("", &article.paragraphs.join("\n"));
    if let Some(path) = &config.save_prompt {
        write_atomic(path, crate::model::chat::render_chatml(&prompt).as_bytes())?;
    }
    // A short untimed run first: a GPU loads and compiles its kernels on first use,
    // which is start-up cost, not prefill speed.
    let warm_up = ChatPrompt::new("Warm up.").user("Say hello.");
    generator.generate_exactly(&warm_up, 2)?;
    let generations = generator.generate_exactly_together(&prompt, config.tokens, config.batch)?;
    // The first copy prefills the whole prompt; the others reuse its cache. Decode
    // seconds of copies decoded together add up to their shared wall-clock time.
    let first = generations
        .first()
        .ok_or_else(|| ModelError::Tokenize("the benchmark produced no answer".to_string()))?;
    let generated: usize = generations.iter().map(|g| g.generated_tokens).sum();
    let decode_seconds: f64 = generations.iter().map(|g| g.decode_seconds).sum();
    let report = BenchReport {
        prompt_tokens: first.prompt_tokens,
        generated_tokens: generated,
        prefill_tokens_per_s: first.prompt_tokens as f64 / first.prefill_seconds,
        decode_tokens_per_s: generated as f64 / decode_seconds,
        threads: candle_core::utils::get_num_threads(),
        batch: generations.len(),
    };
    println!(
        "{}: prompt {} tokens at {:.1} tok/s, decode {} tokens at {:.1} tok/s (batch {}, {} threads, {})",
        model_path.display(),
        report.prompt_tokens,
        report.prefill_tokens_per_s,
        report.generated_tokens,
        report.decode_tokens_per_s,
        report.batch,
        report.threads,
        describe(&device)
    );
    if config.json {
        println!("{}", serde_json::to_string(&report).unwrap_or_default());
    }
    Ok(())
}
