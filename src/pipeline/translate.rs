//! Translate an article sentence by sentence: the model translates short units far
//! better than it summarizes a whole Korean article. Each unit keeps its Korean source,
//! so later stages can cite the original sentence behind an English claim.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::attribution::{misattributed_people, unsupported_titles};
use super::budget::pieces_within;
use super::channel::{weakest_gain, LOCAL_WINDOW_TOKENS};
use super::glossary::Glossary;
use super::numbers::with_english_numerals;
use super::prompts::{
    back_translation_prompt, korean_baseline_prompt, plain_translation_prompt, repeats_an_example,
    translation_in_context_prompt, translation_prompt,
};
use super::salience::{key_sentences, Sentence};
use super::verify::{
    content_words, drops_speculation, untraceable_in_translation, without_invented_months,
    without_invented_ranges, without_possessive, EnglishPatterns, SourceContext,
};
use super::{hangul_ratio, ModelUsage};
use crate::inputs::clean::{split_clauses, split_sentences};
use crate::model::chat::render_chatml;
use crate::model::generate::{AnswerScore, Draw, Generation, Request, TextGenerator};
use crate::model::ModelError;

/// One Korean unit and its English translation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranslatedUnit {
    /// Index of the paragraph the unit comes from (the title is not a paragraph).
    pub paragraph: usize,
    /// The Korean source text.
    pub korean: String,
    /// The English translation, names fixed by the glossary; empty when no attempt
    /// passed the checks (or the unit was not translated: see `key`).
    pub english: String,
    /// Why the translation was left empty, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected: Option<String>,
    /// Whether the unit is one of the key sentences the summary draws on: those are
    /// translated from several requests and scored; the others only when every
    /// translation is asked for.
    #[serde(default)]
    pub key: bool,
    /// How well the kept English explains the Korean: its back-translation score minus
    /// the Korean's own (mean log-probability per token, higher is more faithful).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fidelity: Option<f64>,
    /// How likely the Korean is with no English to explain it (mean log-probability per
    /// token): what each candidate's back-translation score is measured against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<f64>,
    /// How well the kept English explains the part of the Korean it explains worst
    /// (see [`Candidate::local_fidelity`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_fidelity: Option<f64>,
    /// Every English candidate of a key unit and what the checks made of it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Candidate>,
}

impl TranslatedUnit {
    /// A unit not translated (yet).
    pub fn untranslated(paragraph: usize, korean: &str) -> Self {
        Self {
            paragraph,
            korean: korean.to_string(),
            english: String::new(),
            rejected: None,
            key: false,
            fidelity: None,
            baseline: None,
            local_fidelity: None,
            candidates: Vec::new(),
        }
    }
}

/// One English candidate of a key unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The request that produced it.
    pub from: CandidateSource,
    /// The English, tidied and names fixed.
    pub english: String,
    /// Why the checks refused it, if they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected: Option<String>,
    /// Mean log-probability per token of the Korean source given this English (the
    /// back-translation score), for candidates that passed the checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<f64>,
    /// The least gain, per token over a stretch of about one Korean word, of the
    /// back-translation score over the Korean's own: a name or count this English gets
    /// wrong leaves its stretch of the Korean unexplained though the mean looks fine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_fidelity: Option<f64>,
    /// How much the unit's other answers agree with this one (mean share of content
    /// words in common), for candidates that passed the checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support: Option<f64>,
    /// The least share of the other answers that give any one of its names and
    /// numbers: a detail only this answer gives is one the model made up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail_support: Option<f64>,
}

/// Which request a candidate answers: the same sentence asked in different ways fails
/// in different ways, and the back-translation score picks the one that explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateSource {
    /// The sentence alone, with the worked examples.
    Plain,
    /// The sentence after its headline and the sentence before it.
    Context,
    /// The sentence with the glossary's English names put in.
    Names,
    /// The sentence with names put in, without the worked examples.
    NoExamples,
    /// The sentence translated clause by clause.
    Clauses,
    /// A sampled reading of the sentence in its context: several of them tell which
    /// reading the model keeps coming back to.
    Sample,
}

/// An article in English: its title and every unit of its body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Translation {
    /// The title in English, if the article has one and it passed the checks.
    pub title: Option<String>,
    /// How faithful the title's English is (see [`TranslatedUnit::fidelity`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_fidelity: Option<f64>,
    /// How faithful the title's English is where it is least (see
    /// [`TranslatedUnit::local_fidelity`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_local_fidelity: Option<f64>,
    /// How many of the title's other readings give its names and numbers (see
    /// [`Candidate::detail_support`]): a headline is held to the same checks as a line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_agreement: Option<f64>,
    /// Body units in reading order.
    pub units: Vec<TranslatedUnit>,
}

impl Translation {
    /// The English body with one paragraph per source paragraph.
    pub fn english_paragraphs(&self) -> Vec<String> {
        self.paragraph_units()
            .iter()
            .map(|units| joined_english(units))
            .collect()
    }

    /// The translated units of each source paragraph, in reading order, leaving out
    /// units without English: the grouping every per-paragraph view starts from.
    pub fn paragraph_units(&self) -> Vec<Vec<&TranslatedUnit>> {
        let mut paragraphs: Vec<Vec<&TranslatedUnit>> = Vec::new();
        let mut current = None;
        for unit in self.units.iter().filter(|unit| !unit.english.is_empty()) {
            match paragraphs.last_mut() {
                Some(units) if current == Some(unit.paragraph) => units.push(unit),
                _ => paragraphs.push(vec![unit]),
            }
            current = Some(unit.paragraph);
        }
        paragraphs
    }
}

/// The English of consecutive units as one text.
pub fn joined_english(units: &[&TranslatedUnit]) -> String {
    units
        .iter()
        .map(|unit| unit.english.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words with which the model talks about its request instead of translating.
static META_TALK: LazyLock<EnglishPatterns> =
    LazyLock::new(|| EnglishPatterns::built_in("verify/english_meta_talk.txt"));

/// How freely the extra readings of a key unit are sampled.
const SAMPLE_TEMPERATURE: f64 = 0.7;

/// The `samples` draws of a key unit (of the sentence in its context).
fn draws(samples: usize) -> impl Iterator<Item = Draw> {
    (0..samples as u64).map(|index| Draw {
        index,
        temperature: SAMPLE_TEMPERATURE,
    })
}

/// What identifies an answer among those decoded ahead: its prompt and its draw.
fn answer_key(request: &Request) -> String {
    let draw = request
        .draw
        .map_or(String::new(), |draw| format!("draw {}", draw.index));
    format!("{draw}\n{}", render_chatml(&request.prompt))
}

/// Tokens a translation may take per token of Korean source, plus a floor; English
/// takes fewer tokens than Korean, so a longer answer means the model is rambling.
const ANSWER_TOKENS_PER_SOURCE_TOKEN: usize = 2;
const ANSWER_TOKENS_FLOOR: usize = 32;

/// The Korean text of an article, as the translation needs it.
#[derive(Debug, Clone, Copy)]
pub struct SourceText<'a> {
    /// The headline, if any.
    pub title: Option<&'a str>,
    /// Cleaned body paragraphs.
    pub paragraphs: &'a [String],
    /// The article's date (YYYY-MM-DD), which translations may name.
    pub date: Option<&'a str>,
}

/// Which units of an article to translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// How many key sentences the summary may draw on (chosen by [`key_sentences`]).
    pub key_sentences: usize,
    /// Whether the other sentences are translated too (for `translations/`).
    pub everything: bool,
    /// Readings sampled for each key unit on top of its greedy answers: their agreement
    /// with each other is a faithfulness signal, at the cost of decoding them.
    pub samples: usize,
}

/// The sentences of an article's body, in reading order, with their paragraphs.
pub fn body_sentences(paragraphs: &[String]) -> Vec<Sentence> {
    paragraphs
        .iter()
        .enumerate()
        .flat_map(|(paragraph, text)| {
            split_sentences(text)
                .into_iter()
                .map(move |korean| Sentence { paragraph, korean })
        })
        .collect()
}

/// Translate the key sentences of an article (its title and every sentence too if
/// `scope` says so). `on_unit(done, total)` reports progress.
pub fn translate_article(
    generator: &mut dyn TextGenerator,
    source: SourceText<'_>,
    glossary: &Glossary,
    time_words: &[&str],
    scope: Scope,
    usage: &mut ModelUsage,
    mut on_unit: impl FnMut(usize, usize),
) -> Result<Translation, ModelError> {
    let mut translator = UnitTranslator {
        context: SourceContext {
            date: source.date,
            glossary,
        },
        prepared: HashMap::new(),
        samples: scope.samples,
    };
    let sentences = body_sentences(source.paragraphs);
    let key = key_sentences(
        source.title,
        &sentences,
        glossary,
        time_words,
        scope.key_sentences,
    );
    let headline = source.title.unwrap_or("");
    let mut requests: Vec<UnitRequest> = Vec::new();
    // The headline is translated only for the full translation: the summary's title is
    // its first verified sentence (see `summarize`), so the headline's English would be
    // time spent on the unit the small model misreads most.
    if let Some(title) = source.title.filter(|_| scope.everything) {
        requests.push(UnitRequest {
            index: None,
            korean: title.to_string(),
            headline: String::new(),
            previous: String::new(),
        });
    }
    let request_of = |index: usize| UnitRequest {
        index: Some(index),
        korean: sentences[index].korean.clone(),
        headline: headline.to_string(),
        previous: index
            .checked_sub(1)
            .map(|before| sentences[before].korean.clone())
            .unwrap_or_default(),
    };
    requests.extend(key.iter().map(|&index| request_of(index)));
    let key_requests = requests.len();
    if scope.everything {
        requests.extend(
            (0..sentences.len())
                .filter(|index| !key.contains(index))
                .map(request_of),
        );
    }
    // Progress never goes back: first attempts count while they are decoded together,
    // the checks, scores and retries after them finish each unit.
    let total = requests.len();
    let mut reported = 0;
    let mut report = |done: usize| {
        reported = reported.max(done);
        on_unit(reported, total);
    };
    // Key units first, in batches of their own, so that their answers do not depend on
    // whether the other sentences are translated too.
    translator.prepare(generator, &requests[..key_requests], true, |prepared| {
        report(prepared.min(total.saturating_sub(1)) / 2)
    })?;
    translator.prepare(generator, &requests[key_requests..], false, |_| {})?;
    let mut units: Vec<TranslatedUnit> = sentences
        .iter()
        .map(|sentence| TranslatedUnit::untranslated(sentence.paragraph, &sentence.korean))
        .collect();
    let mut translation = Translation::default();
    for (done, request) in requests.iter().enumerate() {
        let careful = done < key_requests;
        let paragraph = request
            .index
            .map_or(usize::MAX, |index| sentences[index].paragraph);
        let mut unit = translator.translate(generator, paragraph, request, careful, usage)?;
        unit.key = careful;
        match request.index {
            Some(index) => units[index] = unit,
            None => {
                translation.title_fidelity = unit.fidelity;
                translation.title_local_fidelity = unit.local_fidelity;
                translation.title_agreement = unit
                    .candidates
                    .iter()
                    .find(|candidate| {
                        candidate.rejected.is_none() && candidate.english == unit.english
                    })
                    .and_then(|candidate| candidate.detail_support);
                translation.title = Some(unit.english).filter(|english| !english.is_empty());
            }
        }
        report(done + 1);
    }
    translation.units = units;
    Ok(translation)
}

/// One unit to translate and where it stands in its article.
#[derive(Debug, Clone)]
struct UnitRequest {
    /// Its index among the body's sentences; `None` for the headline.
    index: Option<usize>,
    korean: String,
    /// The article's headline ("" for the headline itself).
    headline: String,
    /// The sentence before it in the body ("" for the first).
    previous: String,
}

/// What the checks made of one translation answer.
enum Verdict {
    /// Kept, with the source's uncertainty.
    Kept(String),
    /// Rejected for adding details the source lacks: the answer and those details.
    Adds(String, Vec<String>),
    /// Rejected as no translation at all (Korean, or a worked example).
    Unusable(String),
}

/// Translates units of one article with its glossary and checks each answer against
/// its source.
struct UnitTranslator<'a> {
    context: SourceContext<'a>,
    /// Answers decoded ahead, together, by rendered prompt.
    prepared: HashMap<String, Generation>,
    /// Readings sampled for each key unit.
    samples: usize,
}

impl UnitTranslator<'_> {
    /// Decode the first requests of every unit that fits one prompt (for a key unit:
    /// each candidate's, its draws included), `batch_size` at a time, so that
    /// `translate` finds them ready; `on_progress(answers_prepared)`.
    fn prepare(
        &mut self,
        generator: &mut dyn TextGenerator,
        units: &[UnitRequest],
        careful: bool,
        mut on_progress: impl FnMut(usize),
    ) -> Result<(), ModelError> {
        let batch = generator.batch_size();
        if batch <= 1 {
            return Ok(());
        }
        let mut requests: Vec<(String, Request)> = Vec::new();
        for unit in units {
            if hangul_ratio(&unit.korean) == 0.0 || self.pieces(generator, &unit.korean)?.len() != 1
            {
                continue;
            }
            for (source, draw) in self.first_requests(unit, careful) {
                let request = self.request_for(generator, unit, source, draw)?;
                let key = answer_key(&request);
                if !self.prepared.contains_key(&key)
                    && !requests.iter().any(|(kept, _)| *kept == key)
                {
                    requests.push((key, request));
                }
            }
        }
        let mut done = 0;
        for group in requests.chunks(batch) {
            let batch: Vec<Request> = group.iter().map(|(_, request)| request.clone()).collect();
            let generations = generator.generate_many(&batch)?;
            for ((key, _), generation) in group.iter().zip(generations) {
                self.prepared.insert(key.clone(), generation);
            }
            done += group.len();
            on_progress(done);
        }
        Ok(())
    }

    /// Every first request of a unit, with its draw for the sampled ones: the greedy
    /// requests of [`UnitTranslator::first_sources`], then (for a key unit) the draws,
    /// which share the last greedy request's prompt so that it is prefilled once.
    fn first_requests(
        &self,
        unit: &UnitRequest,
        careful: bool,
    ) -> Vec<(CandidateSource, Option<Draw>)> {
        let mut requests: Vec<(CandidateSource, Option<Draw>)> = self
            .first_sources(unit, careful)
            .into_iter()
            .map(|source| (source, None))
            .collect();
        if careful {
            requests.extend(draws(self.samples).map(|draw| (CandidateSource::Sample, Some(draw))));
        }
        requests
    }

    /// The requests every unit gets: a key unit is asked alone, in its context (when it
    /// has one) and with its names in English (when it has any); another unit alone.
    fn first_sources(&self, unit: &UnitRequest, careful: bool) -> Vec<CandidateSource> {
        let mut sources = vec![CandidateSource::Plain];
        if careful {
            if self.context.glossary.substitute_names(&unit.korean) != unit.korean {
                sources.push(CandidateSource::Names);
            }
            if !unit.headline.is_empty() || !unit.previous.is_empty() {
                sources.push(CandidateSource::Context);
            }
        }
        sources
    }

    /// The request that asks for `unit` as `source` does (a draw samples its answer).
    fn request_for(
        &self,
        generator: &dyn TextGenerator,
        unit: &UnitRequest,
        source: CandidateSource,
        draw: Option<Draw>,
    ) -> Result<Request, ModelError> {
        let korean = unit.korean.as_str();
        let budget = ANSWER_TOKENS_FLOOR
            + ANSWER_TOKENS_PER_SOURCE_TOKEN * generator.count_tokens(korean)?;
        let numerals = |text: &str| with_english_numerals(text);
        // Only the names of what the prompt shows: those of the unit, and for a request
        // in context those of its headline and the sentence before.
        let glossary = self.context.glossary;
        let lines = match source {
            CandidateSource::Context | CandidateSource::Sample => glossary
                .relevant_to(&format!("{korean}\n{}\n{}", unit.previous, unit.headline))
                .to_prompt_lines(),
            _ => glossary.relevant_to(korean).to_prompt_lines(),
        };
        let lines = lines.as_str();
        let prompt = match source {
            CandidateSource::Plain | CandidateSource::Clauses => {
                translation_prompt(lines, &numerals(korean))
            }
            CandidateSource::Context | CandidateSource::Sample => translation_in_context_prompt(
                lines,
                &unit.headline,
                &unit.previous,
                &numerals(korean),
            ),
            CandidateSource::Names => translation_prompt(
                lines,
                &numerals(&self.context.glossary.substitute_names(korean)),
            ),
            CandidateSource::NoExamples => plain_translation_prompt(
                lines,
                &numerals(&self.context.glossary.substitute_names(korean)),
            ),
        };
        Ok(Request {
            prompt,
            max_new_tokens: budget,
            draw,
        })
    }

    /// The answer to `unit` asked as `source` (and drawn as `draw`): decoded ahead, or
    /// now.
    fn answer(
        &mut self,
        generator: &mut dyn TextGenerator,
        unit: &UnitRequest,
        source: CandidateSource,
        draw: Option<Draw>,
        usage: &mut ModelUsage,
    ) -> Result<String, ModelError> {
        let request = self.request_for(generator, unit, source, draw)?;
        let generation = match self.prepared.remove(&answer_key(&request)) {
            Some(generation) => generation,
            None => generator
                .generate_many(std::slice::from_ref(&request))?
                .pop()
                .ok_or_else(|| ModelError::Tokenize("the model gave no answer".to_string()))?,
        };
        usage.record(&generation);
        Ok(tidy_translation(&generation.text, self.context.glossary))
    }

    /// Translate one unit. A key unit (`careful`) gets every first request, each answer
    /// checked and those that pass scored by back-translation, and keeps the one that
    /// best explains its source; another unit keeps its first answer that passes. When
    /// none passes, the names-in-English request without worked examples and then a
    /// clause-by-clause translation are tried. A unit that fails all is left
    /// untranslated, with the reason.
    fn translate(
        &mut self,
        generator: &mut dyn TextGenerator,
        paragraph: usize,
        request: &UnitRequest,
        careful: bool,
        usage: &mut ModelUsage,
    ) -> Result<TranslatedUnit, ModelError> {
        let mut unit = TranslatedUnit::untranslated(paragraph, &request.korean);
        if hangul_ratio(&request.korean) == 0.0 {
            unit.english = request.korean.trim().to_string();
            return Ok(unit);
        }
        let pieces = self.pieces(generator, &request.korean)?;
        if pieces.len() > 1 {
            // Longer than one prompt can hold: translate it piece by piece.
            let mut english = Vec::new();
            for piece in &pieces {
                let piece_request = UnitRequest {
                    korean: piece.clone(),
                    ..request.clone()
                };
                let translated =
                    self.translate(generator, paragraph, &piece_request, false, usage)?;
                if translated.rejected.is_some() {
                    unit.rejected = translated.rejected;
                    return Ok(unit);
                }
                english.push(translated.english);
            }
            unit.english = english.join(" ");
            return Ok(unit);
        }
        let mut candidates: Vec<Candidate> = Vec::new();
        for source in self.first_sources(request, careful) {
            let english = self.answer(generator, request, source, None, usage)?;
            candidates.push(self.checked(request, source, english));
            if !careful && candidates.iter().any(|c| c.rejected.is_none()) {
                break;
            }
        }
        if careful {
            for english in self.sampled(generator, request, usage)? {
                candidates.push(self.checked(request, CandidateSource::Sample, english));
            }
        }
        if candidates
            .iter()
            .all(|candidate| candidate.rejected.is_some())
        {
            // The worked examples anchor the model's answer; without them it often finds
            // another wording, free of the detail it kept adding.
            let english =
                self.answer(generator, request, CandidateSource::NoExamples, None, usage)?;
            candidates.push(self.checked(request, CandidateSource::NoExamples, english));
        }
        if candidates
            .iter()
            .all(|candidate| candidate.rejected.is_some())
        {
            if let Some(english) = self.by_clauses(generator, request, usage)? {
                candidates.push(self.checked(request, CandidateSource::Clauses, english));
            }
        }
        let mut baseline = None;
        if careful && candidates.iter().any(|c| c.rejected.is_none()) {
            let own = self.baseline(generator, &request.korean, usage)?;
            self.score(generator, &request.korean, &own, &mut candidates, usage)?;
            agreement(&mut candidates);
            baseline = Some(own);
        }
        let best = candidates
            .iter()
            .enumerate()
            .filter(|(_, candidate)| candidate.rejected.is_none())
            .max_by(|(a_index, a), (b_index, b)| {
                let a_score = a.channel.unwrap_or(f64::NEG_INFINITY);
                let b_score = b.channel.unwrap_or(f64::NEG_INFINITY);
                a_score.total_cmp(&b_score).then(b_index.cmp(a_index))
            })
            .map(|(index, _)| index);
        match best {
            Some(index) => {
                unit.english = candidates[index].english.clone();
                if let Some(baseline) = &baseline {
                    unit.fidelity = candidates[index]
                        .channel
                        .map(|channel| channel - baseline.mean());
                    unit.baseline = Some(baseline.mean());
                    unit.local_fidelity = candidates[index].local_fidelity;
                }
            }
            None => {
                unit.rejected = candidates
                    .iter()
                    .rev()
                    .find_map(|candidate| candidate.rejected.clone());
            }
        }
        if careful {
            unit.candidates = candidates;
        }
        Ok(unit)
    }

    /// The sampled readings of a key unit: drawn ahead, or now.
    fn sampled(
        &mut self,
        generator: &mut dyn TextGenerator,
        request: &UnitRequest,
        usage: &mut ModelUsage,
    ) -> Result<Vec<String>, ModelError> {
        draws(self.samples)
            .map(|draw| {
                self.answer(
                    generator,
                    request,
                    CandidateSource::Sample,
                    Some(draw),
                    usage,
                )
            })
            .collect()
    }

    /// Score each passing candidate by back-translation against the Korean's own score
    /// `baseline`, as a whole and stretch by stretch (candidates with the same English
    /// are scored once).
    fn score(
        &self,
        generator: &mut dyn TextGenerator,
        korean: &str,
        baseline: &AnswerScore,
        candidates: &mut [Candidate],
        usage: &mut ModelUsage,
    ) -> Result<(), ModelError> {
        let mut scored: Vec<(String, f64, Option<f64>)> = Vec::new();
        for candidate in candidates.iter_mut().filter(|c| c.rejected.is_none()) {
            let (channel, local) = match scored
                .iter()
                .find(|(english, _, _)| *english == candidate.english)
            {
                Some((_, channel, local)) => (*channel, *local),
                None => {
                    let score = generator
                        .score(&back_translation_prompt(&candidate.english), korean.trim())?;
                    usage.record_score(&score);
                    let local =
                        weakest_gain(&score.per_token, &baseline.per_token, LOCAL_WINDOW_TOKENS);
                    scored.push((candidate.english.clone(), score.mean(), local));
                    (score.mean(), local)
                }
            };
            candidate.channel = Some(channel);
            candidate.local_fidelity = local;
        }
        Ok(())
    }

    /// How likely the Korean is with no English to explain it, token by token.
    fn baseline(
        &self,
        generator: &mut dyn TextGenerator,
        korean: &str,
        usage: &mut ModelUsage,
    ) -> Result<AnswerScore, ModelError> {
        let score = generator.score(&korean_baseline_prompt(), korean.trim())?;
        usage.record_score(&score);
        Ok(score)
    }

    /// Last resort for a rejected unit: translate its clauses one by one (smaller units,
    /// each checked against its own Korean) and join their English if every clause
    /// passes. A long sentence the model could not render without adding a word often
    /// goes through in pieces. A clause has no clause ending left to cut at, so this
    /// ends there.
    fn by_clauses(
        &mut self,
        generator: &mut dyn TextGenerator,
        request: &UnitRequest,
        usage: &mut ModelUsage,
    ) -> Result<Option<String>, ModelError> {
        let clauses = split_clauses(&request.korean);
        if clauses.len() < 2 {
            return Ok(None);
        }
        let mut english = Vec::with_capacity(clauses.len());
        for clause in &clauses {
            let clause_request = UnitRequest {
                korean: clause.clone(),
                ..request.clone()
            };
            let translated = self.translate(generator, 0, &clause_request, false, usage)?;
            if translated.rejected.is_some() {
                return Ok(None);
            }
            english.push(translated.english);
        }
        Ok(Some(english.join(" ")))
    }

    /// One answer as a candidate, with the verdict of the checks.
    fn checked(&self, request: &UnitRequest, from: CandidateSource, english: String) -> Candidate {
        // A candidate asked in context may name who acts from the lines it was shown.
        let names_from = match from {
            CandidateSource::Context => format!(
                "{}\n{}\n{}",
                request.korean, request.previous, request.headline
            ),
            _ => request.korean.clone(),
        };
        let (english, rejected) = match self.verdict(&request.korean, &names_from, english) {
            Verdict::Kept(english) => (english, None),
            Verdict::Adds(english, untraceable) => {
                let reason = format!(
                    "\"{english}\" adds what the source does not say: {}",
                    untraceable.join(", ")
                );
                (english, Some(reason))
            }
            Verdict::Unusable(reason) => (String::new(), Some(reason)),
        };
        Candidate {
            from,
            english,
            rejected,
            channel: None,
            local_fidelity: None,
            support: None,
            detail_support: None,
        }
    }

    /// Check one answer for the unit `korean` (whose names may come from `names_from`):
    /// keep it (with the source's uncertainty), or say why not.
    fn verdict(&self, korean: &str, names_from: &str, english: String) -> Verdict {
        if english.is_empty() {
            return Verdict::Unusable("the answer was not English".to_string());
        }
        if META_TALK.found_in(&english) {
            return Verdict::Unusable(format!(
                "\"{english}\" talks about the request instead of translating it"
            ));
        }
        if repeats_an_example(korean, &english) {
            return Verdict::Unusable(format!(
                "\"{english}\" is a worked example of the prompt, not this sentence"
            ));
        }
        // Names must come from this unit, not just from the article: a sentence
        // about SK's chairman must not come back naming Samsung's.
        let unit_glossary = self.context.glossary.relevant_to(names_from);
        let context = SourceContext {
            glossary: &unit_glossary,
            ..self.context
        };
        let english = without_invented_months(&english, korean, context);
        let english = without_invented_ranges(&english, korean);
        let mut untraceable = untraceable_in_translation(&english, korean, context);
        untraceable.extend(misattributed_people(&english, &unit_glossary));
        untraceable.extend(unsupported_titles(korean, &english, &unit_glossary));
        if drops_speculation(korean, &english) {
            untraceable.push("a statement without the source's uncertainty".to_string());
        }
        untraceable.extend(half_translated_words(&english));
        if untraceable.is_empty() {
            Verdict::Kept(english)
        } else {
            Verdict::Adds(english, untraceable)
        }
    }

    /// The unit as pieces that each fit one translation prompt with room for the
    /// answer (one piece for any ordinary sentence).
    fn pieces(
        &self,
        generator: &dyn TextGenerator,
        korean: &str,
    ) -> Result<Vec<String>, ModelError> {
        let frame = render_chatml(&translation_in_context_prompt(
            &self.context.glossary.to_prompt_lines(),
            "",
            "",
            "",
        ));
        let frame_tokens = generator.count_tokens(&frame)?;
        // The answer may take ANSWER_TOKENS_PER_SOURCE_TOKEN tokens per source token.
        let budget = generator
            .context_limit()
            .saturating_sub(frame_tokens + ANSWER_TOKENS_FLOOR)
            / (1 + ANSWER_TOKENS_PER_SOURCE_TOKEN);
        pieces_within(generator, korean, budget.max(1))
    }
}

/// Fill in each passing candidate's agreement with the unit's other answers (passing
/// or not: each is a reading of the same source): the mean share of content words it
/// shares with them, and the least share of them that give each of its details.
fn agreement(candidates: &mut [Candidate]) {
    let readings: Vec<(HashSet<String>, HashSet<String>)> = candidates
        .iter()
        .map(|candidate| {
            (
                content_words(&candidate.english),
                answer_details(&candidate.english),
            )
        })
        .collect();
    for (index, candidate) in candidates.iter_mut().enumerate() {
        if candidate.rejected.is_some() {
            continue;
        }
        let (words, details) = &readings[index];
        let others: Vec<&(HashSet<String>, HashSet<String>)> = readings
            .iter()
            .enumerate()
            .filter(|(other, (words, _))| *other != index && !words.is_empty())
            .map(|(_, reading)| reading)
            .collect();
        if others.is_empty() {
            continue;
        }
        let shared = |a: &HashSet<String>, b: &HashSet<String>| {
            let union = a.union(b).count();
            if union == 0 {
                0.0
            } else {
                a.intersection(b).count() as f64 / union as f64
            }
        };
        candidate.support = Some(
            others
                .iter()
                .map(|(other, _)| shared(words, other))
                .sum::<f64>()
                / others.len() as f64,
        );
        candidate.detail_support = Some(
            details
                .iter()
                .map(|detail| {
                    others
                        .iter()
                        .filter(|(_, their)| their.contains(detail))
                        .count() as f64
                        / others.len() as f64
                })
                .fold(1.0, f64::min),
        );
    }
}

/// Words of an answer that mix Latin letters and Hangul ("new만금" for 새만금): the model
/// translated part of a word it could not read, and the English guess is no rendering.
fn half_translated_words(english: &str) -> Vec<String> {
    english
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|word| word.chars().any(|c| c.is_ascii_alphabetic()) && hangul_ratio(word) > 0.0)
        .map(|word| format!("{word} (half translated)"))
        .collect()
}

/// The names and numbers of an answer, lowercased, for comparing readings.
fn answer_details(english: &str) -> HashSet<String> {
    english
        .split_whitespace()
        .skip(1)
        .map(|word| without_possessive(word.trim_matches(|c: char| !c.is_alphanumeric())))
        .filter(|word| word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
        .map(str::to_lowercase)
        .collect()
}

/// Make one line of English out of the model's answer: drop labels and wrapping
/// quotes, fix names, and give up on an answer that is still mostly Korean.
pub fn tidy_translation(answer: &str, glossary: &Glossary) -> String {
    let joined = answer
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let unlabeled = ["Translation:", "English:", "English translation:"]
        .iter()
        .find_map(|label| joined.strip_prefix(label))
        .unwrap_or(&joined)
        .trim();
    let unquoted = unlabeled
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or(unlabeled);
    let english = glossary.apply(unquoted.trim());
    if hangul_ratio(&english) > 0.2 {
        String::new()
    } else {
        english
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::chat::ChatPrompt;
    use crate::model::generate::AnswerScore;

    #[test]
    fn labels_quotes_and_line_breaks_are_removed() {
        let glossary = Glossary::default();
        assert_eq!(
            tidy_translation("Translation: \"Meta met LG.\"", &glossary),
            "Meta met LG."
        );
        assert_eq!(tidy_translation("One.\n\nTwo.", &glossary), "One. Two.");
    }

    #[test]
    fn a_word_half_in_hangul_is_no_rendering() {
        assert_eq!(
            half_translated_words("It will stop the new만금 plant."),
            ["new만금 (half translated)"]
        );
        assert!(half_translated_words("The film '소금길' drew 3 million viewers.").is_empty());
    }

    #[test]
    fn an_answer_still_in_korean_is_dropped() {
        assert_eq!(
            tidy_translation("메타가 LG를 만났다.", &Glossary::default()),
            ""
        );
    }

    #[test]
    fn paragraphs_are_rebuilt_from_units() {
        let unit = |paragraph, english: &str| TranslatedUnit {
            english: english.to_string(),
            ..TranslatedUnit::untranslated(paragraph, "")
        };
        let translation = Translation {
            units: vec![unit(0, "A."), unit(0, "B."), unit(1, ""), unit(2, "C.")],
            ..Translation::default()
        };
        assert_eq!(translation.english_paragraphs(), vec!["A. B.", "C."]);
    }

    /// A stand-in model's finished answer.
    fn finished(text: &str) -> Generation {
        Generation {
            text: text.to_string(),
            prompt_tokens: 10,
            generated_tokens: 3,
            prefill_seconds: 0.0,
            decode_seconds: 0.0,
            finish: crate::model::generate::FinishReason::Stop,
        }
    }

    /// The unit a translation request asks for: the last line of its last message (a
    /// request in context puts the sentence last).
    /// Readings sampled per key unit in these tests.
    const SAMPLES: usize = 5;

    fn asked(prompt: &ChatPrompt) -> &str {
        prompt
            .messages
            .last()
            .and_then(|message| message.content.lines().last())
            .unwrap_or("")
    }

    fn everything(key_sentences: usize) -> Scope {
        Scope {
            key_sentences,
            everything: true,
            samples: SAMPLES,
        }
    }

    /// Translate an article of one sentence as a key unit, without title, date or
    /// glossary.
    fn translate_sentence(generator: &mut dyn TextGenerator, korean: &str) -> Translation {
        let paragraphs = vec![korean.to_string()];
        translate_article(
            generator,
            SourceText {
                title: None,
                paragraphs: &paragraphs,
                date: None,
            },
            &Glossary::default(),
            &[],
            everything(1),
            &mut ModelUsage::default(),
            |_, _| {},
        )
        .unwrap()
    }

    /// A stand-in model that "translates" from a table (by the unit asked for), draws
    /// its samples from a second table, scores an English by a third, and notes which
    /// requests came in batches.
    #[derive(Default)]
    struct TableGenerator {
        table: Vec<(&'static str, &'static str)>,
        samples: Vec<(&'static str, &'static str)>,
        scores: Vec<(&'static str, f64)>,
        batch: usize,
        batches: Vec<usize>,
        single_calls: usize,
    }

    impl TableGenerator {
        fn sample(&self, prompt: &ChatPrompt) -> Generation {
            looked_up(&self.samples, prompt)
        }

        fn answer(&self, prompt: &ChatPrompt) -> Generation {
            looked_up(&self.table, prompt)
        }
    }

    /// The English that `table` gives for the Korean the prompt asks about ("" if none).
    fn looked_up(table: &[(&'static str, &'static str)], prompt: &ChatPrompt) -> Generation {
        let korean = asked(prompt);
        let english = table
            .iter()
            .find(|(source, _)| *source == korean)
            .map_or("", |(_, english)| *english);
        finished(english)
    }

    impl TextGenerator for TableGenerator {
        fn generate(
            &mut self,
            prompt: &ChatPrompt,
            _max_new_tokens: usize,
        ) -> Result<Generation, ModelError> {
            self.single_calls += 1;
            Ok(self.answer(prompt))
        }

        fn generate_many(&mut self, requests: &[Request]) -> Result<Vec<Generation>, ModelError> {
            if requests.len() > 1 {
                self.batches.push(requests.len());
            } else {
                self.single_calls += 1;
            }
            Ok(requests
                .iter()
                .map(|request| match request.draw {
                    Some(_) => self.sample(&request.prompt),
                    None => self.answer(&request.prompt),
                })
                .collect())
        }

        fn score(&mut self, prompt: &ChatPrompt, _answer: &str) -> Result<AnswerScore, ModelError> {
            let english = asked(prompt);
            let mean = self
                .scores
                .iter()
                .find(|(scored, _)| *scored == english)
                .map_or(-5.0, |(_, mean)| *mean);
            Ok(AnswerScore {
                log_probability: mean * 10.0,
                tokens: 10,
                per_token: vec![mean; 10],
                seconds: 0.0,
            })
        }

        fn batch_size(&self) -> usize {
            self.batch
        }

        fn count_tokens(&self, text: &str) -> Result<usize, ModelError> {
            Ok(text.split_whitespace().count())
        }

        fn context_limit(&self) -> usize {
            4_096
        }
    }

    #[test]
    fn first_attempts_are_decoded_together_with_the_same_result() {
        let table = vec![
            ("메타가 LG를 만났다.", "Meta met LG."),
            ("삼성은 반도체를 만든다.", "Hyundai makes chips."),
            ("회의는 두 시간 걸렸다.", "The meeting took two hours."),
            ("저커버그가 서울에 왔다.", "Zuckerberg came to Seoul."),
        ];
        let paragraphs = vec![
            "메타가 LG를 만났다. 삼성은 반도체를 만든다.".to_string(),
            "회의는 두 시간 걸렸다.".to_string(),
        ];
        let source = SourceText {
            title: Some("저커버그가 서울에 왔다."),
            paragraphs: &paragraphs,
            date: None,
        };
        let translate = |batch: usize| {
            let mut generator = TableGenerator {
                table: table.clone(),
                batch,
                ..TableGenerator::default()
            };
            let mut progress = Vec::new();
            let translation = translate_article(
                &mut generator,
                source,
                &Glossary::default(),
                &[],
                Scope {
                    key_sentences: 0,
                    everything: true,
                    samples: SAMPLES,
                },
                &mut ModelUsage::default(),
                |done, total| progress.push((done, total)),
            )
            .unwrap();
            (
                translation,
                generator.batches,
                generator.single_calls,
                progress,
            )
        };
        let (one_by_one, batches, calls_alone, _) = translate(1);
        assert!(batches.is_empty());
        let (together, batches, calls_together, progress) = translate(3);
        assert_eq!(together, one_by_one);
        assert_eq!(together.units[2].english, "The meeting took two hours.");
        assert!(together.units[1].rejected.is_some());
        // The headline (always a key unit: asked alone and drawn five times) came in two
        // full batches, then the three sentences' first attempts; only retries of
        // rejected answers went one at a time.
        assert_eq!(batches, vec![3, 3, 3]);
        assert_eq!(calls_together, calls_alone - (1 + SAMPLES) - 3);
        assert!(progress.windows(2).all(|pair| pair[0].0 <= pair[1].0));
        assert_eq!(progress.last(), Some(&(4, 4)));
    }

    #[test]
    fn a_key_unit_keeps_the_candidate_that_best_explains_its_source() {
        let korean = "노조는 파업을 가결했다.";
        let mut generator = TableGenerator {
            table: vec![(korean, "The coalition won the impeachment vote.")],
            samples: vec![(korean, "The union voted to strike.")],
            scores: vec![
                ("The coalition won the impeachment vote.", -3.5),
                ("The union voted to strike.", -2.0),
            ],
            batch: 8,
            ..TableGenerator::default()
        };
        let translation = translate_sentence(&mut generator, korean);
        let unit = &translation.units[0];
        assert!(unit.key);
        assert_eq!(unit.english, "The union voted to strike.");
        // Its fidelity is its score against the Korean's own (-5 here).
        assert_eq!(unit.fidelity, Some(3.0));
        let sampled = unit
            .candidates
            .iter()
            .find(|candidate| candidate.from == CandidateSource::Sample)
            .unwrap();
        // The draws agree with each other, not with the greedy answer.
        assert!(sampled.support.unwrap() > 0.5);
        // Alone and the samples: no headline or sentence before to give context.
        assert_eq!(unit.candidates.len(), 1 + SAMPLES);
    }

    #[test]
    fn only_key_units_are_translated_unless_every_one_is_asked_for() {
        let mut generator = TableGenerator {
            table: vec![
                (
                    "회사가 새 공장을 지었다.",
                    "The company built a new factory.",
                ),
                ("회의는 두 시간 걸렸다.", "The meeting took two hours."),
            ],
            batch: 1,
            ..TableGenerator::default()
        };
        let paragraphs = vec!["회사가 새 공장을 지었다. 회의는 두 시간 걸렸다.".to_string()];
        let source = SourceText {
            title: None,
            paragraphs: &paragraphs,
            date: None,
        };
        let mut translate = |everything: bool| {
            translate_article(
                &mut generator,
                source,
                &Glossary::default(),
                &[],
                Scope {
                    key_sentences: 1,
                    everything,
                    samples: SAMPLES,
                },
                &mut ModelUsage::default(),
                |_, _| {},
            )
            .unwrap()
        };
        let key_only = translate(false);
        assert_eq!(key_only.units.len(), 2);
        assert_eq!(
            key_only
                .units
                .iter()
                .filter(|unit| !unit.english.is_empty())
                .count(),
            1
        );
        let all = translate(true);
        assert!(all.units.iter().all(|unit| !unit.english.is_empty()));
        assert_eq!(all.units.iter().filter(|unit| unit.key).count(), 1);
    }

    /// Adds a name that is not in the source while the prompt shows its worked
    /// examples, and translates cleanly without them.
    struct AnchoredGenerator {
        calls: usize,
    }

    impl TextGenerator for AnchoredGenerator {
        fn generate(
            &mut self,
            prompt: &ChatPrompt,
            _max_new_tokens: usize,
        ) -> Result<Generation, ModelError> {
            self.calls += 1;
            let with_examples = prompt.messages.len() > 2;
            Ok(finished(if with_examples {
                "Samsung met LG and Moon."
            } else {
                "Samsung met LG."
            }))
        }

        fn score(&mut self, _: &ChatPrompt, _: &str) -> Result<AnswerScore, ModelError> {
            Ok(AnswerScore {
                log_probability: -20.0,
                tokens: 10,
                per_token: vec![-2.0; 10],
                seconds: 0.0,
            })
        }

        fn count_tokens(&self, text: &str) -> Result<usize, ModelError> {
            Ok(text.split_whitespace().count())
        }

        fn context_limit(&self) -> usize {
            4_096
        }
    }

    #[test]
    fn a_unit_whose_answers_keep_adding_a_name_is_asked_once_more_without_examples() {
        let mut generator = AnchoredGenerator { calls: 0 };
        let translation = translate_sentence(&mut generator, "삼성이 LG를 만났다.");
        assert_eq!(translation.units[0].english, "Samsung met LG.");
        assert_eq!(translation.units[0].rejected, None);
        // Alone, the samples, then without examples.
        assert_eq!(generator.calls, 2 + SAMPLES);
    }

    /// Adds a name to any sentence with two clauses, and translates each clause alone
    /// faithfully.
    struct ClauseGenerator;

    impl TextGenerator for ClauseGenerator {
        fn generate(
            &mut self,
            prompt: &ChatPrompt,
            _max_new_tokens: usize,
        ) -> Result<Generation, ModelError> {
            let unit = asked(prompt);
            let text = match (unit.contains("만났고"), unit.contains("KT")) {
                (true, true) => "Samsung met LG, and SK met KT with Moon.",
                (true, false) => "Samsung met LG.",
                _ => "SK met KT.",
            };
            Ok(finished(text))
        }

        fn score(&mut self, _: &ChatPrompt, _: &str) -> Result<AnswerScore, ModelError> {
            Ok(AnswerScore {
                log_probability: -20.0,
                tokens: 10,
                per_token: vec![-2.0; 10],
                seconds: 0.0,
            })
        }

        fn count_tokens(&self, text: &str) -> Result<usize, ModelError> {
            Ok(text.split_whitespace().count())
        }

        fn context_limit(&self) -> usize {
            4_096
        }
    }

    #[test]
    fn a_sentence_rejected_whole_is_translated_clause_by_clause() {
        let sentence = "삼성이 LG를 만났고, SK는 KT를 만났다.";
        let translation = translate_sentence(&mut ClauseGenerator, sentence);
        assert_eq!(translation.units[0].english, "Samsung met LG. SK met KT.");
        assert_eq!(translation.units[0].rejected, None);
        assert_eq!(translation.units[0].korean, sentence);
    }
}
