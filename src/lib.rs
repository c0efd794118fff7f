//! brief: turn a batch of foreign-language news articles into English summaries and one
//! bilingual briefing document, with a local GGUF model run through candle.
//!
//! The crate is split by stage, in the order data flows through it:
//! [`inputs`] (discover, decode, clean) → [`model`] (load, tokenize, generate) →
//! [`pipeline`] (prompts, per-article map, consolidation) → [`outputs`] (render, write).
//! [`shard`] splits a batch over machines and merges their records into the brief.
//! [`cli`] turns command-line flags into the plain configuration the stages take, and
//! [`app`] runs a whole command so that `main.rs` only parses and dispatches.

pub mod app;
pub mod cli;
pub mod inputs;
pub mod lexicon;
pub mod model;
pub mod outputs;
pub mod pipeline;
pub mod shard;
