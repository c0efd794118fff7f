//! Text generation: tokenize a chat prompt, prefill, sample token by token until a stop
//! token, the length budget, or a detected loop. The pipeline sees only this module's
//! plain-data interface ([`TextGenerator`]), so it can be driven by any model.

use std::time::Instant;

use candle_core::Tensor;
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

/// How likely the model finds a given answer after a prompt, read by teacher forcing
/// (one prefill, no decoding): far cheaper than generating, and a signal of how well
/// the answer fits the prompt (the faithfulness checks compare candidates by it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerScore {
    /// Sum of the natural-log probabilities of the answer's tokens and of the end of
    /// the turn after them.
    pub log_probability: f64,
    /// Tokens scored: the answer's, and the end of the turn.
    pub tokens: usize,
    /// The log-probability of each scored token, in order: where in the answer the
    /// prompt explains it well or badly (a mean hides one unexplained word).
    #[serde(default, skip)]
    pub per_token: Vec<f64>,
    /// Seconds the scoring took.
    pub seconds: f64,
}

impl AnswerScore {
    /// Mean log-probability per scored token: comparable across answers of different
    /// lengths.
    pub fn mean(&self) -> f64 {
        if self.tokens == 0 {
            0.0
        } else {
            self.log_probability / self.tokens as f64
        }
    }
}

/// One request of a batch: a prompt, its answer budget, and how its answer is chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// What to answer.
    pub prompt: ChatPrompt,
    /// Most tokens the answer may take.
    pub max_new_tokens: usize,
    /// A sampled draw instead of the generator's own sampling settings, if any.
    pub draw: Option<Draw>,
}

impl Request {
    /// A request answered with the generator's own sampling settings.
    pub fn new(prompt: ChatPrompt, max_new_tokens: usize) -> Self {
        Self {
            prompt,
            max_new_tokens,
            draw: None,
        }
    }
}

/// One draw of several sampled from the same prompt: several readings of one source,
/// whose agreement tells how sure the model is. Its index seeds its sampler, so the
/// draws differ from each other and a rerun gives the same ones.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Draw {
    /// Which draw of the prompt this is.
    pub index: u64,
    /// Its softmax temperature.
    pub temperature: f64,
}

/// Anything that answers chat prompts with text; the pipeline depends on this alone.
pub trait TextGenerator {
    /// Answer `prompt` with at most `max_new_tokens` tokens.
    fn generate(
        &mut self,
        prompt: &ChatPrompt,
        max_new_tokens: usize,
    ) -> Result<Generation, ModelError>;

    /// Answer several independent requests, in order. Generators that can decode
    /// answers together override this; the answers are the same in kind as from
    /// [`TextGenerator::generate`]. A generator that cannot sample answers a request
    /// for a draw as it answers any other.
    fn generate_many(&mut self, requests: &[Request]) -> Result<Vec<Generation>, ModelError> {
        requests
            .iter()
            .map(|request| self.generate(&request.prompt, request.max_new_tokens))
            .collect()
    }

    /// How many requests [`TextGenerator::generate_many`] answers together; callers
    /// group work by it (1 when answers come one at a time).
    fn batch_size(&self) -> usize {
        1
    }

    /// How likely `answer` is as the whole answer to `prompt` (teacher forcing: the
    /// answer is fed, not sampled, and ends the turn).
    fn score(&mut self, prompt: &ChatPrompt, answer: &str) -> Result<AnswerScore, ModelError>;

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
    /// How many answers [`TextGenerator::generate_many`] decodes together.
    batch_size: usize,
}

impl ModelGenerator {
    /// Wrap a loaded model with fixed sampling settings; answers one at a time until
    /// [`ModelGenerator::with_batch_size`] says otherwise.
    pub fn new(model: LoadedModel, sampling: SamplingSettings) -> Self {
        Self {
            model,
            sampling,
            cached_ids: Vec::new(),
            batch_size: 1,
        }
    }

    /// Decode up to `batch_size` answers together in `generate_many` (CPU only; other
    /// devices answer one at a time). Each step then reads the weights once for all.
    pub fn with_batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size.max(1);
        self
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

    fn decoder(
        &self,
        prompt_ids: &[u32],
        max_new_tokens: usize,
        until: Until,
        draw: Option<Draw>,
    ) -> Decoder {
        Decoder {
            sampler: self.sampler(prompt_ids, draw),
            settings: self.sampling.clone(),
            stop_ids: match until {
                Until::StopOrLength => self.model.special.stop_ids.clone(),
                Until::Length => Vec::new(),
            },
            until,
            max_new_tokens,
            generated: Vec::with_capacity(max_new_tokens),
            finish: FinishReason::Length,
        }
    }

    fn sampler(&self, prompt_ids: &[u32], draw: Option<Draw>) -> LogitsProcessor {
        let settings = &self.sampling;
        let temperature = draw.map_or(settings.temperature, |draw| draw.temperature);
        let sampling = if temperature <= 0.0 {
            Sampling::ArgMax
        } else {
            Sampling::TopP {
                p: settings.top_p,
                temperature,
            }
        };
        // Seeded per prompt (and per draw), so an answer does not depend on which answers
        // came before: a resumed batch gives the same text as an uninterrupted one.
        let draw_seed = draw.map_or(0, |draw| splitmix64(draw.index + 1));
        LogitsProcessor::from_sampling(settings.seed ^ fnv1a(prompt_ids) ^ draw_seed, sampling)
    }

    /// Benchmark: greedy-decode exactly `tokens` tokens after `prompt`, ignoring stop
    /// tokens and loops, with the whole prompt prefilled (no prefix reuse), so timings
    /// compare with other engines doing the same work.
    pub fn generate_exactly(
        &mut self,
        prompt: &ChatPrompt,
        tokens: usize,
    ) -> Result<Generation, ModelError> {
        self.greedy_on_empty_cache(|generator| {
            generator.generate_with(prompt, tokens, Until::Length, None)
        })
    }

    /// Run `work` from an empty cache with greedy sampling and no repeat penalty, as
    /// benchmarks of other engines do, then restore the sampling settings.
    fn greedy_on_empty_cache<T>(&mut self, work: impl FnOnce(&mut Self) -> T) -> T {
        self.model.model.truncate(0);
        self.cached_ids.clear();
        let greedy = SamplingSettings {
            temperature: 0.0,
            repeat_penalty: 1.0,
            ..self.sampling.clone()
        };
        let sampling = std::mem::replace(&mut self.sampling, greedy);
        let outcome = work(self);
        self.sampling = sampling;
        outcome
    }

    /// Feed `prompt_ids` to the main sequence, reusing the cache for the part that the
    /// previous prompt shared (instructions, glossary, earlier turns); at least one
    /// token is always fed. Returns the logits after the prompt.
    fn prefill(&mut self, prompt_ids: &[u32]) -> Result<Tensor, ModelError> {
        let model = &mut self.model.model;
        let shared = common_prefix_len(&self.cached_ids, prompt_ids).min(prompt_ids.len() - 1);
        let kept = model.truncate(shared);
        self.cached_ids.truncate(kept);
        let logits = model.forward(&prompt_ids[kept..])?;
        self.cached_ids.extend_from_slice(&prompt_ids[kept..]);
        Ok(logits)
    }

    /// Benchmark of batched decoding: `batch` copies of `prompt`, each greedy-decoding
    /// exactly `tokens` tokens, all together (CPU; elsewhere one after another). The
    /// answers' decode seconds add up to the wall-clock time of the shared decode.
    pub fn generate_exactly_together(
        &mut self,
        prompt: &ChatPrompt,
        tokens: usize,
        batch: usize,
    ) -> Result<Vec<Generation>, ModelError> {
        if batch <= 1 || !self.model.model.can_decode_rows() {
            return (0..batch.max(1))
                .map(|_| self.generate_exactly(prompt, tokens))
                .collect();
        }
        let batch_size = std::mem::replace(&mut self.batch_size, batch);
        let requests = vec![Request::new(prompt.clone(), tokens); batch];
        let generations = self
            .greedy_on_empty_cache(|generator| generator.generate_rows(&requests, Until::Length));
        self.batch_size = batch_size;
        generations
    }

    fn run(
        &mut self,
        prompt_ids: &[u32],
        max_new_tokens: usize,
        until: Until,
        draw: Option<Draw>,
    ) -> Result<Decoded, ModelError> {
        let mut decoder = self.decoder(prompt_ids, max_new_tokens, until, draw);
        let started = Instant::now();
        let mut logits = self.prefill(prompt_ids)?;
        let prefill_seconds = started.elapsed().as_secs_f64();
        let started = Instant::now();
        while let Some(next) = decoder.step(&logits)? {
            logits = self.model.model.forward(&[next])?;
            self.cached_ids.push(next);
        }
        Ok(Decoded {
            generated: decoder.generated,
            prefill_seconds,
            decode_seconds: started.elapsed().as_secs_f64(),
            finish: decoder.finish,
        })
    }

    /// Prefill each prompt on the main sequence (sharing prefixes as usual), copy its
    /// cache into batch slot i + 1, then decode all answers together, one row each.
    fn run_rows(
        &mut self,
        requests: &[(Vec<u32>, usize, Option<Draw>)],
        until: Until,
    ) -> Result<Vec<Decoded>, ModelError> {
        let mut decoders = Vec::with_capacity(requests.len());
        let mut prefill_seconds = Vec::with_capacity(requests.len());
        let mut next_tokens = Vec::with_capacity(requests.len());
        for (index, (prompt_ids, max_new_tokens, draw)) in requests.iter().enumerate() {
            let mut decoder = self.decoder(prompt_ids, *max_new_tokens, until, *draw);
            let started = Instant::now();
            let logits = self.prefill(prompt_ids)?;
            self.model
                .model
                .fork(index + 1, prompt_ids.len(), *max_new_tokens)?;
            prefill_seconds.push(started.elapsed().as_secs_f64());
            next_tokens.push(decoder.step(&logits)?);
            decoders.push(decoder);
        }
        let started = Instant::now();
        loop {
            let (slots, tokens): (Vec<usize>, Vec<u32>) = next_tokens
                .iter()
                .enumerate()
                .filter_map(|(index, next)| next.map(|token| (index + 1, token)))
                .unzip();
            if slots.is_empty() {
                break;
            }
            let logits = self.model.model.forward_rows(&slots, &tokens)?;
            for (row, slot) in slots.into_iter().enumerate() {
                next_tokens[slot - 1] = decoders[slot - 1].step(&logits.get(row)?)?;
            }
        }
        // One wall-clock decode for all: each answer is charged its share of tokens.
        let decode_seconds = started.elapsed().as_secs_f64();
        let total: usize = decoders.iter().map(|d| d.generated.len()).sum();
        Ok(decoders
            .into_iter()
            .zip(prefill_seconds)
            .map(|(decoder, prefill)| {
                let share = if total == 0 {
                    0.0
                } else {
                    decode_seconds * decoder.generated.len() as f64 / total as f64
                };
                Decoded {
                    generated: decoder.generated,
                    prefill_seconds: prefill,
                    decode_seconds: share,
                    finish: decoder.finish,
                }
            })
            .collect())
    }
}

/// What one answer's decoding produced, before it is turned into text.
struct Decoded {
    generated: Vec<u32>,
    prefill_seconds: f64,
    decode_seconds: f64,
    finish: FinishReason,
}

/// The sampling loop of one answer, shared by single and batched generation.
struct Decoder {
    sampler: LogitsProcessor,
    settings: SamplingSettings,
    stop_ids: Vec<u32>,
    until: Until,
    max_new_tokens: usize,
    generated: Vec<u32>,
    finish: FinishReason,
}

impl Decoder {
    /// Choose the next token from `logits`. Returns it when the answer goes on (it must
    /// be fed to the model), `None` when the answer is complete (see `finish`).
    fn step(&mut self, logits: &Tensor) -> Result<Option<u32>, ModelError> {
        if self.generated.len() >= self.max_new_tokens {
            self.finish = FinishReason::Length;
            return Ok(None);
        }
        let next = if self.settings.repeat_penalty != 1.0 {
            let start = self
                .generated
                .len()
                .saturating_sub(self.settings.repeat_last_n);
            let penalized = candle_transformers::utils::apply_repeat_penalty(
                logits,
                self.settings.repeat_penalty,
                &self.generated[start..],
            )?;
            self.sampler.sample(&penalized)?
        } else {
            self.sampler.sample(logits)?
        };
        if self.stop_ids.contains(&next) {
            self.finish = FinishReason::Stop;
            return Ok(None);
        }
        self.generated.push(next);
        // Benchmarks decode a fixed count whatever the text looks like.
        if self.until == Until::StopOrLength {
            if let Some(period) = repeating_tail(&self.generated) {
                self.generated.truncate(self.generated.len() - 2 * period);
                self.finish = FinishReason::Loop;
                return Ok(None);
            }
        }
        if self.generated.len() >= self.max_new_tokens {
            self.finish = FinishReason::Length;
            return Ok(None);
        }
        Ok(Some(next))
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
    /// The log-probability of each of `answer_ids` after `prompt_ids`: the prompt is
    /// fed as a prefill is (reusing the cached prefix), then the answer but its last
    /// token, and the logits at each answer position are read.
    fn teacher_forced(
        &mut self,
        prompt_ids: &[u32],
        answer_ids: &[u32],
    ) -> Result<Vec<f64>, ModelError> {
        let ids: Vec<u32> = prompt_ids.iter().chain(answer_ids).copied().collect();
        let model = &mut self.model.model;
        // The logits that predict the answer's first token come after the prompt's last.
        let shared = common_prefix_len(&self.cached_ids, &ids).min(prompt_ids.len() - 1);
        let kept = model.truncate(shared);
        self.cached_ids.truncate(kept);
        let fed = &ids[kept..ids.len() - 1];
        let logits = model.forward_last(fed, answer_ids.len())?;
        self.cached_ids.extend_from_slice(fed);
        let rows = logits.to_vec2::<f32>()?;
        Ok(rows
            .iter()
            .zip(answer_ids)
            .map(|(row, &target)| log_softmax_at(row, target as usize))
            .collect())
    }

    fn generate_with(
        &mut self,
        prompt: &ChatPrompt,
        max_new_tokens: usize,
        until: Until,
        draw: Option<Draw>,
    ) -> Result<Generation, ModelError> {
        let prompt_ids = self.prompt_ids(prompt, max_new_tokens)?;
        let device = self.model.device.clone();
        let outcome = device.with_context(|| self.run(&prompt_ids, max_new_tokens, until, draw));
        let outcome = self.reset_on_error(outcome)?;
        self.generation(prompt, prompt_ids.len(), outcome)
    }

    /// Answer `requests` in groups of `batch_size` decoded together.
    fn generate_rows(
        &mut self,
        requests: &[Request],
        until: Until,
    ) -> Result<Vec<Generation>, ModelError> {
        let mut generations = Vec::with_capacity(requests.len());
        for group in requests.chunks(self.batch_size) {
            let encoded = group
                .iter()
                .map(|request| {
                    let ids = self.prompt_ids(&request.prompt, request.max_new_tokens)?;
                    Ok((ids, request.max_new_tokens, request.draw))
                })
                .collect::<Result<Vec<_>, ModelError>>()?;
            let device = self.model.device.clone();
            let outcome = device.with_context(|| self.run_rows(&encoded, until));
            let outcomes = self.reset_on_error(outcome)?;
            for ((request, (ids, _, _)), outcome) in group.iter().zip(&encoded).zip(outcomes) {
                generations.push(self.generation(&request.prompt, ids.len(), outcome)?);
            }
        }
        Ok(generations)
    }

    /// Token ids of the rendered prompt, checked against the context.
    fn prompt_ids(
        &self,
        prompt: &ChatPrompt,
        max_new_tokens: usize,
    ) -> Result<Vec<u32>, ModelError> {
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
        Ok(prompt_ids)
    }

    /// After a failed run the cache may hold part of a sequence: start the next one
    /// from scratch.
    fn reset_on_error<T>(&mut self, outcome: Result<T, ModelError>) -> Result<T, ModelError> {
        if outcome.is_err() {
            self.model.model.truncate(0);
            self.cached_ids.clear();
        }
        outcome
    }

    fn generation(
        &self,
        prompt: &ChatPrompt,
        prompt_tokens: usize,
        decoded: Decoded,
    ) -> Result<Generation, ModelError> {
        let answer = self
            .model
            .tokenizer
            .decode(&decoded.generated, true)
            .map_err(|err| ModelError::Tokenize(err.to_string()))?;
        Ok(Generation {
            text: format!("{}{}", prompt.answer_prefix, answer),
            prompt_tokens,
            generated_tokens: decoded.generated.len(),
            prefill_seconds: decoded.prefill_seconds,
            decode_seconds: decoded.decode_seconds,
            finish: decoded.finish,
        })
    }
}

impl TextGenerator for ModelGenerator {
    fn generate(
        &mut self,
        prompt: &ChatPrompt,
        max_new_tokens: usize,
    ) -> Result<Generation, ModelError> {
        self.generate_with(prompt, max_new_tokens, Until::StopOrLength, None)
    }

    fn generate_many(&mut self, requests: &[Request]) -> Result<Vec<Generation>, ModelError> {
        if self.batch_size <= 1 || requests.len() <= 1 || !self.model.model.can_decode_rows() {
            return requests
                .iter()
                .map(|request| {
                    let Request {
                        prompt,
                        max_new_tokens,
                        draw,
                    } = request;
                    self.generate_with(prompt, *max_new_tokens, Until::StopOrLength, *draw)
                })
                .collect();
        }
        // Rows that share a prompt (the draws of one) prefill it once: each fork reuses
        // the main sequence's cache.
        self.generate_rows(requests, Until::StopOrLength)
    }

    fn batch_size(&self) -> usize {
        if self.model.model.can_decode_rows() {
            self.batch_size
        } else {
            1
        }
    }

    fn score(&mut self, prompt: &ChatPrompt, answer: &str) -> Result<AnswerScore, ModelError> {
        let started = Instant::now();
        let prompt_ids = self.prompt_ids(prompt, 0)?;
        let mut answer_ids = self.encode(answer)?;
        answer_ids.extend(self.model.special.im_end);
        if answer_ids.is_empty() {
            return Err(ModelError::Tokenize("nothing to score".to_string()));
        }
        let limit = self.context_limit();
        if prompt_ids.len() + answer_ids.len() > limit {
            return Err(ModelError::ContextOverflow {
                prompt: prompt_ids.len(),
                max_new: answer_ids.len(),
                limit,
            });
        }
        let device = self.model.device.clone();
        let outcome = device.with_context(|| self.teacher_forced(&prompt_ids, &answer_ids));
        let per_token = self.reset_on_error(outcome)?;
        Ok(AnswerScore {
            log_probability: per_token.iter().sum(),
            tokens: answer_ids.len(),
            per_token,
            seconds: started.elapsed().as_secs_f64(),
        })
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

/// The log-softmax of `logits` at `index` (negative infinity for an index outside).
fn log_softmax_at(logits: &[f32], index: usize) -> f64 {
    let Some(&value) = logits.get(index) else {
        return f64::NEG_INFINITY;
    };
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max) as f64;
    let sum: f64 = logits.iter().map(|&x| (x as f64 - max).exp()).sum();
    value as f64 - max - sum.ln()
}

/// How many leading ids two sequences share.
fn common_prefix_len(a: &[u32], b: &[u32]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// A well-mixed 64-bit value of `x` (SplitMix64's finalizer), so that draws 1, 2, 3 get
/// unrelated seeds.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
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
