//! Text generation: tokenize a chat prompt, prefill, sample token by token until a stop
//! token, the length budget, or a detected loop. The pipeline sees only this module's
//! plain-data interface ([`TextGenerator`]), so it can be driven by any model.

use std::time::Instant;

use candle_transformers::generation::{LogitsProcessor, Sampling};
use serde::{Deserialize, Serialize};

use super::chat::{render_chatml, ChatPrompt};
use super::load::LoadedModel;
use super::ModelError;

/// How tokens are chosen. Recorded in `brief.json` and in cache keys, since they decide
/// the output as much as the weights do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SamplingSettings {
    /// Softmax temperature; 0 means greedy (always the most likely token).
    pub temperature: f64,
    /// Nucleus sampling: keep the smallest set of tokens whose probability reaches this.
    pub top_p: f64,
    /// Divide the logits of recently generated tokens by this (1 = off).
    pub repeat_penalty: f32,
    /// How many recent tokens the repeat penalty looks at.
    pub repeat_last_n: usize,
    /// Seed of the sampler; with a fixed seed every run gives the same text.
    pub seed: u64,
}

impl Default for SamplingSettings {
    fn default() -> Self {
        Self {
            temperature: 0.0,
            top_p: 0.9,
            repeat_penalty: 1.1,
            repeat_last_n: 64,
            seed: 299_792_458,
        }
    }
}

/// Why generation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishReason {
    /// The model emitted an end-of-turn token.
    Stop,
    /// The length budget ran out.
    Length,
    /// The output started repeating itself and was cut.
    Loop,
}

/// One generated answer with its counts and timings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Generation {
    /// The answer, starting with the prompt's answer prefix.
    pub text: String,
    /// Tokens in the rendered prompt.
    pub prompt_tokens: usize,
    /// Tokens sampled.
    pub generated_tokens: usize,
    /// Seconds spent on the prompt.
    pub prefill_seconds: f64,
    /// Seconds spent sampling.
    pub decode_seconds: f64,
    /// Why it ended.
    pub finish: FinishReason,
}

/// Anything that answers chat prompts with text; the pipeline depends on this alone.
pub trait TextGenerator {
    /// Answer `prompt` with at most `max_new_tokens` tokens.
    fn generate(
        &mut self,
        prompt: &ChatPrompt,
        max_new_tokens: usize,
    ) -> Result<Generation, ModelError>;

    /// Number of tokens `text` takes, to budget prompts against the context.
    fn count_tokens(&self, text: &str) -> Result<usize, ModelError>;

    /// Most tokens (prompt plus answer) one generation may use.
    fn context_limit(&self) -> usize;
}

/// A [`TextGenerator`] backed by a loaded GGUF model.
pub struct ModelGenerator {
    model: LoadedModel,
    sampling: SamplingSettings,
    /// The token ids whose keys and values the model's cache holds, in order.
    cached_ids: Vec<u32>,
}

impl ModelGenerator {
    /// Wrap a loaded model with fixed sampling settings.
    pub fn new(model: LoadedModel, sampling: SamplingSettings) -> Self {
        Self {
            model,
            sampling,
            cached_ids: Vec::new(),
        }
    }

    /// The loaded model, for reports.
    pub fn model(&self) -> &LoadedModel {
        &self.model
    }

    /// The sampling settings every answer uses.
    pub fn sampling(&self) -> &SamplingSettings {
        &self.sampling
    }

    fn encode(&self, text: &str) -> Result<Vec<u32>, ModelError> {
        self.model
            .tokenizer
            .encode(text, false)
            .map(|encoding| encoding.get_ids().to_vec())
            .map_err(|err| ModelError::Tokenize(err.to_string()))
    }

    fn sampler(&self, prompt_ids: &[u32]) -> LogitsProcessor {
        let settings = &self.sampling;
        let sampling = if settings.temperature <= 0.0 {
            Sampling::ArgMax
        } else {
            Sampling::TopP {
                p: settings.top_p,
                temperature: settings.temperature,
            }
        };
        // Seeded per prompt, so an answer does not depend on which answers came before:
        // a resumed batch gives the same text as an uninterrupted one.
        LogitsProcessor::from_sampling(settings.seed ^ fnv1a(prompt_ids), sampling)
    }

    /// Benchmark: greedy-decode exactly `tokens` tokens after `prompt`, ignoring stop
    /// tokens and loops, with the whole prompt prefilled (no prefix reuse), so timings
    /// compare with other engines doing the same work.
    pub fn generate_exactly(
        &mut self,
        prompt: &ChatPrompt,
        tokens: usize,
    ) -> Result<Generation, ModelError> {
        self.model.model.truncate(0);
        self.cached_ids.clear();
        let greedy = SamplingSettings {
            temperature: 0.0,
            repeat_penalty: 1.0,
            ..self.sampling.clone()
        };
        let sampling = std::mem::replace(&mut self.sampling, greedy);
        let generation = self.generate_with(prompt, tokens, Until::Length);
        self.sampling = sampling;
        generation
    }

    fn run(
        &mut self,
        prompt_ids: &[u32],
        max_new_tokens: usize,
        until: Until,
    ) -> Result<(Vec<u32>, f64, f64, FinishReason), ModelError> {
        let mut sampler = self.sampler(prompt_ids);
        let settings = self.sampling.clone();
        let stop_ids = match until {
            Until::StopOrLength => self.model.special.stop_ids.clone(),
            Until::Length => Vec::new(),
        };
        let model = &mut self.model.model;
        // Reuse the cache for the part of this prompt that the previous one shared
        // (instructions, glossary, earlier turns); at least one token is always fed.
        let shared = common_prefix_len(&self.cached_ids, prompt_ids).min(prompt_ids.len() - 1);
        let kept = model.truncate(shared);
        self.cached_ids.truncate(kept);
        let started = Instant::now();
        let mut logits = model.forward(&prompt_ids[kept..])?;
        self.cached_ids.extend_from_slice(&prompt_ids[kept..]);
        let prefill_seconds = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let mut generated: Vec<u32> = Vec::with_capacity(max_new_tokens);
        let mut finish = FinishReason::Length;
        while generated.len() < max_new_tokens {
            if settings.repeat_penalty != 1.0 {
                let start = generated.len().saturating_sub(settings.repeat_last_n);
                logits = candle_transformers::utils::apply_repeat_penalty(
                    &logits,
                    settings.repeat_penalty,
                    &generated[start..],
                )?;
            }
            let next = sampler.sample(&logits)?;
            if stop_ids.contains(&next) {
                finish = FinishReason::Stop;
                break;
            }
            generated.push(next);
            // Benchmarks decode a fixed count whatever the text looks like.
            let looping = match until {
                Until::StopOrLength => repeating_tail(&generated),
                Until::Length => None,
            };
            if let Some(period) = looping {
                generated.truncate(generated.len() - 2 * period);
                finish = FinishReason::Loop;
                break;
            }
            if generated.len() < max_new_tokens {
                logits = model.forward(&[next])?;
                self.cached_ids.push(next);
            }
        }
        Ok((
            generated,
            prefill_seconds,
            started.elapsed().as_secs_f64(),
            finish,
        ))
    }
}

/// When generation ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Until {
    /// At a stop token, a detected loop, or the length budget.
    StopOrLength,
    /// Only at the length budget.
    Length,
}

impl ModelGenerator {
    fn generate_with(
        &mut self,
        prompt: &ChatPrompt,
        max_new_tokens: usize,
        until: Until,
    ) -> Result<Generation, ModelError> {
        let prompt_ids = self.encode(&render_chatml(prompt))?;
        if prompt_ids.is_empty() {
            return Err(ModelError::Tokenize("the prompt is empty".to_string()));
        }
        let limit = self.context_limit();
        if prompt_ids.len() + max_new_tokens > limit {
            return Err(ModelError::ContextOverflow {
                prompt: prompt_ids.len(),
                max_new: max_new_tokens,
                limit,
            });
        }
        let device = self.model.device.clone();
        let outcome = device.with_context(|| self.run(&prompt_ids, max_new_tokens, until));
        let (generated, prefill_seconds, decode_seconds, finish) = match outcome {
            Ok(outcome) => outcome,
            Err(err) => {
                // The cache may hold part of a sequence: start the next one from scratch.
                self.model.model.truncate(0);
                self.cached_ids.clear();
                return Err(err);
            }
        };
        let answer = self
            .model
            .tokenizer
            .decode(&generated, true)
            .map_err(|err| ModelError::Tokenize(err.to_string()))?;
        Ok(Generation {
            text: format!("{}{}", prompt.answer_prefix, answer),
            prompt_tokens: prompt_ids.len(),
            generated_tokens: generated.len(),
            prefill_seconds,
            decode_seconds,
            finish,
        })
    }
}

impl TextGenerator for ModelGenerator {
    fn generate(
        &mut self,
        prompt: &ChatPrompt,
        max_new_tokens: usize,
    ) -> Result<Generation, ModelError> {
        self.generate_with(prompt, max_new_tokens, Until::StopOrLength)
    }

    fn count_tokens(&self, text: &str) -> Result<usize, ModelError> {
        self.encode(text).map(|ids| ids.len())
    }

    fn context_limit(&self) -> usize {
        self.model.model.max_positions()
    }
}

/// If the tokens end with the same block repeated three times, the block's length.
/// A small model that starts looping never leaves the loop; cutting saves the budget.
fn repeating_tail(tokens: &[u32]) -> Option<usize> {
    const MIN_REPEATED_TOKENS: usize = 12;
    (1..=64).find(|&period| {
        let span = 3 * period;
        span >= MIN_REPEATED_TOKENS && tokens.len() >= span && {
            let tail = &tokens[tokens.len() - span..];
            tail[..period] == tail[period..2 * period]
                && tail[period..2 * period] == tail[2 * period..]
        }
    })
}

/// How many leading ids two sequences share.
fn common_prefix_len(a: &[u32], b: &[u32]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// A stable 64-bit hash (FNV-1a) of token ids, for per-prompt seeds.
fn fnv1a(ids: &[u32]) -> u64 {
    ids.iter()
        .flat_map(|id| id.to_le_bytes())
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_repeated_three_times_is_a_loop() {
        let block = [5, 6, 7, 8, 9];
        let mut tokens = vec![1, 2, 3];
        for _ in 0..3 {
            tokens.extend(block);
        }
        assert_eq!(repeating_tail(&tokens), Some(5));
    }

    #[test]
    fn ordinary_text_and_short_stutters_are_not_loops() {
        assert_eq!(
            repeating_tail(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
            None
        );
        // "- - -" style repeats of one short token stay below the minimum span.
        assert_eq!(repeating_tail(&[4, 4, 4]), None);
        let twice: Vec<u32> = [1, 2, 3, 4, 5, 6].repeat(2);
        assert_eq!(repeating_tail(&twice), None);
    }

    #[test]
    fn shared_prefixes_are_counted() {
        assert_eq!(common_prefix_len(&[1, 2, 3], &[1, 2, 4, 5]), 2);
        assert_eq!(common_prefix_len(&[], &[1]), 0);
        assert_eq!(common_prefix_len(&[1, 2], &[1, 2]), 2);
    }

    #[test]
    fn per_prompt_seeds_differ_and_are_stable() {
        assert_eq!(fnv1a(&[1, 2, 3]), fnv1a(&[1, 2, 3]));
        assert_ne!(fnv1a(&[1, 2, 3]), fnv1a(&[1, 2, 4]));
    }
}
