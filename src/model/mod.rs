//! Model: locate and load a GGUF file, build its tokenizer, run the forward pass and
//! generate text. The rest of the crate talks to it through plain data
//! ([`generate::TextGenerator`]: a chat prompt in, text and counts out) and never
//! touches tensors.

pub mod attention;
pub mod chat;
pub mod device;
pub mod generate;
pub mod load;
pub mod qwen2;
pub mod rows_matmul;
pub mod simd;
pub mod source;
pub mod tokenizer;
pub mod vnni_tiles;

use std::path::PathBuf;

/// Everything that can go wrong between a model name on the command line and generated
/// text. Each message names the file involved and what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The model file does not exist.
    #[error("{path}: model file not found — pass --model PATH to a GGUF file, or run scripts/fetch-model.sh")]
    NotFound { path: PathBuf },
    /// A folder was given where a GGUF file was expected.
    #[error("{path}: is a folder, not a model file — pass the .gguf file inside it with --model")]
    IsDirectory { path: PathBuf },
    /// The file could not be read.
    #[error("{path}: cannot read the model file — check its permissions")]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not a readable GGUF (truncated, corrupt, or another format).
    #[error("{path}: not a valid GGUF model ({reason}) — the file may be truncated or corrupt; fetch it again (scripts/fetch-model.sh)")]
    InvalidGguf { path: PathBuf, reason: String },
    /// A GGUF of an architecture this tool does not run.
    #[error("{path}: model architecture is '{found}', but brief runs 'qwen2' models — pass a Qwen2/Qwen2.5 GGUF with --model")]
    WrongArchitecture { path: PathBuf, found: String },
    /// The tokenizer metadata inside the GGUF is unusable.
    #[error("{path}: cannot build the tokenizer from the GGUF metadata — use a GGUF converted by llama.cpp with its tokenizer")]
    Tokenizer {
        path: PathBuf,
        #[source]
        source: tokenizer::TokenizerError,
    },
    /// The model could not be fetched (default model script or hub).
    #[error("cannot fetch the model: {0}")]
    Fetch(String),
    /// The requested device cannot be used.
    #[error("{0}")]
    Device(String),
    /// Tokenizing or detokenizing text failed.
    #[error("tokenizer failed: {0}")]
    Tokenize(String),
    /// A prompt does not fit into the context the model was loaded with.
    #[error(
        "prompt of {prompt} tokens plus {max_new} new tokens exceeds the context of {limit} tokens"
    )]
    ContextOverflow {
        prompt: usize,
        max_new: usize,
        limit: usize,
    },
    /// A tensor operation failed during loading or generation.
    #[error("model computation failed")]
    Candle(#[from] candle_core::Error),
}

/// The first line of an error's message: candle appends a backtrace to its errors
/// (CUDA driver errors always), which does not belong in a one-line report.
pub(crate) fn first_line(err: &dyn std::fmt::Display) -> String {
    err.to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}
