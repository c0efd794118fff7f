//! The command line: clap's derive types, documented once, and their conversion into
//! the plain [`RunConfig`] the rest of the program takes, so clap stays at the edge.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::app::{BenchConfig, RunConfig};
use crate::model::device::DeviceChoice;
use crate::model::generate::SamplingSettings;
use crate::model::source::ModelSource;
use crate::pipeline::PipelineSettings;
use crate::shard::{MergeConfig, ShardChoice};

/// Summarize a batch of Korean news articles into English summaries and one bilingual
/// (English + Korean) brief, with a local GGUF model.
///
/// Example: brief run seeds/ --out out/
///
/// Writes out/summaries/<stem>.md (one English summary per article), out/brief.md
/// (the consolidated brief, every claim citing its articles) and out/brief.json (all of
/// it as data). Finished articles are cached in out/.cache, so rerunning an interrupted
/// batch only does the rest.
///
/// Exit status: 0 when every input was summarized, 1 when some inputs failed (the
/// others are still summarized), 2 for usage, model or output-folder errors.
#[derive(Debug, Parser)]
#[command(name = "brief", version, about, long_about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Summarize articles and write the brief.
    Run(RunArgs),
    /// Time prefill and greedy decoding on one article's summary prompt.
    ///
    /// Builds the same chat prompt as a summary request over FILE, prefills it, and
    /// decodes exactly --max-tokens tokens greedily (no early stop). With --json the
    /// last stdout line is one JSON object. scripts/bench.sh runs this beside llama.cpp.
    Bench(BenchArgs),
    /// Merge the records of a sharded run into the summaries and the brief.
    ///
    /// Reads every record that `brief run --shard` wrote to DIR/articles/ and every
    /// shard's manifest in DIR/shards/, refuses records made with another model,
    /// settings or rules (naming them), and writes DIR/summaries/, DIR/brief.md and
    /// DIR/brief.json exactly as one `brief run` over the same inputs would. Missing
    /// shards are listed and stop the merge unless --allow-missing is given.
    Merge(MergeArgs),
}

/// Which model to load and where; shared by every subcommand that runs one.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// A Qwen2 GGUF model file. Default: the project's default model
    /// (Qwen2.5-Coder-1.5B-Instruct Q4_K_M) under models/, fetched when absent.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["hf_repo", "hf_file"])]
    pub model: Option<PathBuf>,

    /// Hugging Face hub repository to take the model from (with --hf-file). Honours
    /// HF_HOME and HF_HUB_OFFLINE=1 (cache only).
    #[arg(long, value_name = "REPO", requires = "hf_file")]
    pub hf_repo: Option<String>,

    /// File in --hf-repo to use, e.g. qwen2.5-1.5b-instruct-q4_k_m.gguf.
    #[arg(long, value_name = "FILE", requires = "hf_repo")]
    pub hf_file: Option<String>,

    /// Device: cpu, cuda, cuda:N, or auto (the GPU when one is usable).
    #[arg(long, default_value = "auto", value_name = "DEVICE")]
    pub device: DeviceChoice,

    /// Tokens of context per generation (prompt plus answer); longer articles are
    /// summarized in parts.
    #[arg(long, default_value_t = 4096)]
    pub context: usize,
}

impl ModelArgs {
    /// Where the model comes from.
    pub fn source(&self) -> ModelSource {
        match (&self.model, &self.hf_repo, &self.hf_file) {
            (Some(path), _, _) => ModelSource::Path(path.clone()),
            (None, Some(repo), Some(file)) => ModelSource::Hub {
                repo: repo.clone(),
                file: file.clone(),
            },
            _ => ModelSource::Default {
                models_dir: ModelSource::default_models_dir(),
            },
        }
    }
}

/// Flags of `brief bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The model and device.
    #[command(flatten)]
    pub model: ModelArgs,

    /// The article whose summary prompt is timed.
    #[arg(long, value_name = "FILE")]
    pub input: PathBuf,

    /// Tokens to decode (exactly; stop tokens are ignored).
    #[arg(long, default_value_t = 128)]
    pub max_tokens: usize,

    /// Decode this many copies of the prompt together and report the aggregate
    /// decode rate (CPU; 1 = the single-stream benchmark).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub batch: u16,

    /// Print the measurements as one JSON object on the last stdout line.
    #[arg(long)]
    pub json: bool,

    /// Also write the rendered prompt (ChatML text) to this file, so another engine
    /// can be timed on exactly the same prompt (scripts/bench.sh does).
    #[arg(long, value_name = "FILE")]
    pub save_prompt: Option<PathBuf>,
}

impl BenchArgs {
    /// The benchmark configuration these flags describe.
    pub fn into_config(self) -> BenchConfig {
        BenchConfig {
            model: self.model.source(),
            device: self.model.device,
            context_tokens: self.model.context,
            input: self.input,
            tokens: self.max_tokens,
            batch: usize::from(self.batch),
            json: self.json,
            save_prompt: self.save_prompt,
        }
    }
}

/// Flags of `brief run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Articles to read: files, folders (searched recursively for .txt, .md, .html) or
    /// "-" for standard input. UTF-8, UTF-16 and EUC-KR/CP949 are detected.
    #[arg(required = true, value_name = "INPUTS")]
    pub inputs: Vec<PathBuf>,

    /// Folder for the outputs; created if absent.
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,

    /// The model and device.
    #[command(flatten)]
    pub model: ModelArgs,

    /// Seed of the sampler: the same seed, inputs and model give the same outputs.
    #[arg(long, default_value_t = SamplingSettings::default().seed)]
    pub seed: u64,

    /// Sampling temperature; 0 is greedy decoding, the most faithful choice.
    #[arg(long, default_value_t = SamplingSettings::default().temperature)]
    pub temperature: f64,

    /// Nucleus sampling threshold (used when the temperature is above 0).
    #[arg(long, default_value_t = SamplingSettings::default().top_p)]
    pub top_p: f64,

    /// Penalty on recently generated tokens, against loops (1 = off).
    #[arg(long, default_value_t = SamplingSettings::default().repeat_penalty)]
    pub repeat_penalty: f32,

    /// Sentence translations (and paragraph digests) decoded together on the CPU, one
    /// pass over the weights per step for all of them (1 = one at a time; GPUs always
    /// go one at a time).
    #[arg(long, default_value_t = PipelineSettings::default().decode_batch as u16,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub batch: u16,

    /// Key sentences of each article translated with care (several readings, each
    /// checked and scored) for its summary: more can bring more facts and cost time.
    #[arg(long, default_value_t = PipelineSettings::default().key_sentences as u16,
          value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub key_sentences: u16,

    /// Readings sampled for each key sentence besides its greedy ones; how much they
    /// agree is a faithfulness signal (0 = greedy readings only, faster).
    #[arg(long, default_value_t = PipelineSettings::default().samples as u16,
          value_name = "N", value_parser = clap::value_parser!(u16).range(0..=16))]
    pub samples: u16,

    /// Also write translations/<stem>.md: the whole cleaned article in English.
    #[arg(long)]
    pub translations: bool,

    /// Your own names and news terms for this run, on top of the built-in tables under
    /// data/ (an entry for the same Korean replaces the built-in one: a newsroom's own
    /// spellings). A UTF-8 file, one entry per line, fields separated by tabs:
    /// KOREAN, ENGLISH, KIND (person, organization, place, product or term) and, for a
    /// person, an optional ROLE; "#" starts a comment. Example line:
    /// "광철노조<TAB>the Metropolitan Railway Workers' Union<TAB>organization". A
    /// term's English may list alternatives separated by ";" ("잠정합의<TAB>tentative
    /// deal; provisional agreement<TAB>term"): the translator is told the first, and a
    /// translation of a sentence with the term must render one of them. A malformed line
    /// stops the run before the model loads (exit 2), naming the line.
    #[arg(long, value_name = "FILE")]
    pub glossary: Option<PathBuf>,

    /// How well a translation must explain its Korean source to become a summary line
    /// or heading: its back-translation score minus the Korean's own, per token. Higher
    /// keeps fewer, surer claims; a claim below it is left out, never softened.
    #[arg(long, default_value_t = PipelineSettings::default().min_fidelity, value_name = "SCORE")]
    pub min_fidelity: f64,

    /// How well a sentence's best-explained translation must explain the part of its
    /// Korean it explains worst (a stretch of about one word: the same score, token by
    /// token): a wrong name, count or agent can leave its stretch unexplained while
    /// the sentence as a whole scores well. Below it the sentence is left out (no
    /// worse-explained reading stands in). Lower keeps more, less sure claims;
    /// `-inf` sets no floor. brief.json records the score of every candidate.
    #[arg(
        long,
        value_name = "SCORE",
        allow_negative_numbers = true,
        default_value_t = crate::pipeline::DEFAULT_MIN_LOCAL_FIDELITY
    )]
    pub min_local_fidelity: f64,

    /// Least share of a key sentence's other readings that must give each name and
    /// number of the translation kept (0 to 1): a detail that only one reading has is
    /// most often invented, and the sentence is left out.
    #[arg(long, default_value_t = PipelineSettings::default().min_agreement, value_name = "SHARE")]
    pub min_agreement: f64,

    /// Recompute every article, ignoring results cached by earlier runs.
    #[arg(long)]
    pub force: bool,

    /// No progress bar (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,

    /// Take only shard I of N (from 0) and leave the brief to `brief merge DIR`: the
    /// articles whose cleaned text's sha256 falls in the shard, each written to
    /// DIR/articles/<stem>.json. "auto" reads the shard from a Slurm array task
    /// (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT) or a Kubernetes Indexed Job
    /// (JOB_COMPLETION_INDEX, with the count in BRIEF_SHARD_COUNT). Give every shard
    /// the same INPUTS, model and settings.
    #[arg(long, value_name = "I/N|auto")]
    pub shard: Option<ShardChoice>,
}

/// Flags of `brief merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The output folder every shard wrote to (--out of `brief run --shard`).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Write the brief from the records there are when shards or records are missing;
    /// the brief lists what it lacks under "Skipped inputs".
    #[arg(long)]
    pub allow_missing: bool,
}

impl MergeArgs {
    /// The merge configuration these flags describe.
    pub fn into_config(self) -> MergeConfig {
        MergeConfig {
            out_dir: self.dir,
            allow_missing: self.allow_missing,
        }
    }
}

impl RunArgs {
    /// The run configuration these flags describe.
    pub fn into_config(self) -> RunConfig {
        RunConfig {
            inputs: self.inputs,
            out_dir: self.out,
            model: self.model.source(),
            device: self.model.device,
            context_tokens: self.model.context,
            sampling: SamplingSettings {
                temperature: self.temperature,
                top_p: self.top_p,
                repeat_penalty: self.repeat_penalty,
                seed: self.seed,
                ..SamplingSettings::default()
            },
            pipeline: PipelineSettings {
                decode_batch: usize::from(self.batch),
                key_sentences: usize::from(self.key_sentences),
                samples: usize::from(self.samples),
                min_fidelity: self.min_fidelity,
                min_local_fidelity: self
                    .min_local_fidelity
                    .is_finite()
                    .then_some(self.min_local_fidelity),
                min_agreement: self.min_agreement,
                ..PipelineSettings::default()
            },
            translations: self.translations,
            glossary: self.glossary,
            force: self.force,
            quiet: self.quiet,
            shard: self.shard,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_become_the_run_configuration() {
        let cli = Cli::try_parse_from([
            "brief",
            "run",
            "seeds",
            "-",
            "--out",
            "o",
            "--seed",
            "7",
            "--device",
            "cpu",
            "--hf-repo",
            "org/repo",
            "--hf-file",
            "m.gguf",
        ])
        .unwrap();
        let Command::Run(args) = cli.command else {
            panic!("expected the run subcommand");
        };
        let config = args.into_config();
        assert_eq!(
            config.inputs,
            vec![PathBuf::from("seeds"), PathBuf::from("-")]
        );
        assert_eq!(config.sampling.seed, 7);
        assert_eq!(config.device, DeviceChoice::Cpu);
        assert_eq!(
            config.model,
            ModelSource::Hub {
                repo: "org/repo".to_string(),
                file: "m.gguf".to_string()
            }
        );
    }

    #[test]
    fn a_model_path_and_a_hub_repo_conflict() {
        let parsed = Cli::try_parse_from([
            "brief",
            "run",
            "x",
            "--out",
            "o",
            "--model",
            "m.gguf",
            "--hf-repo",
            "r",
            "--hf-file",
            "f",
        ]);
        assert!(parsed.is_err());
    }
}
