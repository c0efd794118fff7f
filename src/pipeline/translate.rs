//! Translate an article sentence by sentence: the model translates short units far
//! better than it summarizes a whole Korean article. Each unit keeps its Korean source,
//! so later stages can cite the original sentence behind an English claim.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::attribution::misattributed_people;
use super::budget::pieces_within;
use super::glossary::Glossary;
use super::numbers::with_english_numerals;
use super::prompts::{plain_translation_prompt, repeats_an_example, translation_prompt};
use super::verify::{
    keep_speculation, untraceable_in_translation, without_invented_months, without_invented_ranges,
    SourceContext,
};
use super::{hangul_ratio, ModelUsage};
use crate::inputs::clean::{split_clauses, split_sentences};
use crate::model::chat::{render_chatml, ChatPrompt};
use crate::model::generate::{Generation, TextGenerator};
use crate::model::ModelError;

/// One Korean unit and its English translation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranslatedUnit {
    /// Index of the paragraph the unit comes from (the title is not a paragraph).
    pub paragraph: usize,
    /// The Korean source text.
    pub korean: String,
    /// The English translation, names fixed by the glossary; empty when no attempt
    /// passed the checks.
    pub english: String,
    /// Why the translation was left empty, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected: Option<String>,
}

/// An article in English: its title and every unit of its body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Translation {
    /// The title in English, if the article has one.
    pub title: Option<String>,
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

/// Translate the title and every sentence of an article. `on_unit(done, total)` reports
/// progress.
pub fn translate_article(
    generator: &mut dyn TextGenerator,
    source: SourceText<'_>,
    glossary: &Glossary,
    usage: &mut ModelUsage,
    mut on_unit: impl FnMut(usize, usize),
) -> Result<Translation, ModelError> {
    let mut translator = UnitTranslator {
        glossary_lines: glossary.to_prompt_lines(),
        context: SourceContext {
            date: source.date,
            glossary,
        },
        prepared: HashMap::new(),
    };
    let paragraphs = source.paragraphs;
    let sentences: Vec<(usize, String)> = paragraphs
        .iter()
        .enumerate()
        .flat_map(|(index, paragraph)| {
            split_sentences(paragraph)
                .into_iter()
                .map(move |sentence| (index, sentence))
        })
        .collect();
    // Progress never goes back: first attempts count while they are decoded together,
    // the checks and retries after them finish each unit.
    let total = sentences.len();
    let mut reported = 0;
    let mut report = |done: usize| {
        reported = reported.max(done);
        on_unit(reported, total);
    };
    let first_attempts = source
        .title
        .into_iter()
        .chain(sentences.iter().map(|(_, korean)| korean.as_str()));
    translator.prepare(generator, first_attempts, |prepared| {
        report(prepared.min(total.saturating_sub(1)))
    })?;
    let title = match source.title {
        Some(title) => {
            let unit = translator.translate(generator, usize::MAX, title, usage)?;
            Some(unit.english).filter(|english| !english.is_empty())
        }
        None => None,
    };
    let mut units = Vec::with_capacity(total);
    for (done, (paragraph, korean)) in sentences.iter().enumerate() {
        units.push(translator.translate(generator, *paragraph, korean, usage)?);
        report(done + 1);
    }
    Ok(Translation { title, units })
}

/// What the checks made of one translation answer.
enum Verdict {
    /// Kept as the unit's English.
    Kept,
    /// Rejected for adding details the source lacks.
    Adds,
    /// Rejected as no translation at all (Korean, or a worked example).
    Unusable,
}

/// Translates units of one article with its glossary and checks each answer against
/// its source.
struct UnitTranslator<'a> {
    glossary_lines: String,
    context: SourceContext<'a>,
    /// First-attempt answers decoded ahead, together, by Korean source text.
    prepared: HashMap<String, Generation>,
}

impl UnitTranslator<'_> {
    /// Decode the first attempt of every unit that fits one prompt, `batch_size` at a
    /// time, so that `translate` finds them ready; `on_progress(units_prepared)`.
    fn prepare<'k>(
        &mut self,
        generator: &mut dyn TextGenerator,
        units: impl Iterator<Item = &'k str>,
        mut on_progress: impl FnMut(usize),
    ) -> Result<(), ModelError> {
        let batch = generator.batch_size();
        if batch <= 1 {
            return Ok(());
        }
        let mut requests = Vec::new();
        for korean in units {
            let single_piece = hangul_ratio(korean) > 0.0
                && !self.prepared.contains_key(korean)
                && !requests.iter().any(|(text, _): &(&str, _)| *text == korean)
                && self.pieces(generator, korean)?.len() == 1;
            if single_piece {
                requests.push((korean, self.request(generator, korean, translation_prompt)?));
            }
        }
        let mut done = 0;
        for group in requests.chunks(batch) {
            let prompts: Vec<_> = group.iter().map(|(_, request)| request.clone()).collect();
            let generations = generator.generate_many(&prompts)?;
            for ((korean, _), generation) in group.iter().zip(generations) {
                self.prepared.insert(korean.to_string(), generation);
            }
            done += group.len();
            on_progress(done);
        }
        Ok(())
    }

    /// Translate one unit: first as written, then, if the answer adds names or numbers
    /// the source lacks, once more with the glossary's English names already put into
    /// the Korean text. A unit that fails both is left untranslated, with the reason.
    fn translate(
        &mut self,
        generator: &mut dyn TextGenerator,
        paragraph: usize,
        korean: &str,
        usage: &mut ModelUsage,
    ) -> Result<TranslatedUnit, ModelError> {
        let mut unit = TranslatedUnit {
            paragraph,
            korean: korean.to_string(),
            english: String::new(),
            rejected: None,
        };
        if hangul_ratio(korean) == 0.0 {
            unit.english = korean.trim().to_string();
            return Ok(unit);
        }
        let pieces = self.pieces(generator, korean)?;
        if pieces.len() > 1 {
            // Longer than one prompt can hold: translate it piece by piece.
            let mut english = Vec::new();
            for piece in &pieces {
                let translated = self.translate(generator, paragraph, piece, usage)?;
                if translated.rejected.is_some() {
                    unit.rejected = translated.rejected;
                    return Ok(unit);
                }
                english.push(translated.english);
            }
            unit.english = english.join(" ");
            return Ok(unit);
        }
        let with_names = self.context.glossary.substitute_names(korean);
        let mut adds_details = false;
        for attempt in [korean, with_names.as_str()] {
            let english = self.ask(generator, attempt, usage)?;
            match self.accept(&mut unit, english) {
                Verdict::Kept => return Ok(unit),
                Verdict::Adds => adds_details = true,
                Verdict::Unusable => {}
            }
        }
        // The worked examples anchor the model's answer; without them it often finds
        // another wording, free of the detail it kept adding, and a sentence lost for one
        // invented word ("Facebook", "October") loses all its facts.
        if adds_details {
            let (prompt, max_new) =
                self.request(generator, &with_names, plain_translation_prompt)?;
            let english = self.english_of(generator.generate(&prompt, max_new)?, usage);
            self.accept(&mut unit, english);
        }
        if unit.rejected.is_some() {
            self.translate_by_clauses(generator, &mut unit, usage)?;
        }
        Ok(unit)
    }

    /// Last resort for a rejected unit: translate its clauses one by one (smaller units,
    /// each checked against its own Korean) and keep the joined English if every clause
    /// passes. A long sentence the model could not render without adding a word (the
    /// Bloomberg quote naming Llama came back "developed by Samsung") often goes through
    /// in pieces. A clause has no clause ending left to cut at, so this ends there.
    fn translate_by_clauses(
        &mut self,
        generator: &mut dyn TextGenerator,
        unit: &mut TranslatedUnit,
        usage: &mut ModelUsage,
    ) -> Result<(), ModelError> {
        let clauses = split_clauses(&unit.korean);
        if clauses.len() < 2 {
            return Ok(());
        }
        let mut english = Vec::with_capacity(clauses.len());
        for clause in &clauses {
            let translated = self.translate(generator, unit.paragraph, clause, usage)?;
            if translated.rejected.is_some() {
                return Ok(());
            }
            english.push(translated.english);
        }
        unit.english = english.join(" ");
        unit.rejected = None;
        Ok(())
    }

    /// Check one answer for `unit`: keep it (with the source's uncertainty), or record
    /// why not.
    fn accept(&self, unit: &mut TranslatedUnit, english: String) -> Verdict {
        if english.is_empty() {
            unit.rejected = Some("the answer was not English".to_string());
            return Verdict::Unusable;
        }
        if repeats_an_example(&unit.korean, &english) {
            unit.rejected = Some(format!(
                "\"{english}\" is a worked example of the prompt, not this sentence"
            ));
            return Verdict::Unusable;
        }
        // Names must come from this unit, not just from the article: a sentence
        // about SK's chairman must not come back naming Samsung's.
        let unit_glossary = self.context.glossary.relevant_to(&unit.korean);
        let context = SourceContext {
            glossary: &unit_glossary,
            ..self.context
        };
        let english = without_invented_months(&english, &unit.korean, context);
        let english = without_invented_ranges(&english, &unit.korean);
        let mut untraceable = untraceable_in_translation(&english, &unit.korean, context);
        untraceable.extend(misattributed_people(&english, &unit_glossary));
        if untraceable.is_empty() {
            unit.english = keep_speculation(&unit.korean, &english);
            unit.rejected = None;
            return Verdict::Kept;
        }
        unit.rejected = Some(format!(
            "\"{english}\" adds what the source does not say: {}",
            untraceable.join(", ")
        ));
        Verdict::Adds
    }

    /// The unit as pieces that each fit one translation prompt with room for the
    /// answer (one piece for any ordinary sentence).
    fn pieces(
        &self,
        generator: &dyn TextGenerator,
        korean: &str,
    ) -> Result<Vec<String>, ModelError> {
        let frame = render_chatml(&translation_prompt(&self.glossary_lines, ""));
        let frame_tokens = generator.count_tokens(&frame)?;
        // The answer may take ANSWER_TOKENS_PER_SOURCE_TOKEN tokens per source token.
        let budget = generator
            .context_limit()
            .saturating_sub(frame_tokens + ANSWER_TOKENS_FLOOR)
            / (1 + ANSWER_TOKENS_PER_SOURCE_TOKEN);
        pieces_within(generator, korean, budget.max(1))
    }

    /// The translation prompt of `korean`, made by `prompt` (with or without the worked
    /// examples), and its answer budget.
    fn request(
        &self,
        generator: &dyn TextGenerator,
        korean: &str,
        prompt: fn(&str, &str) -> ChatPrompt,
    ) -> Result<(ChatPrompt, usize), ModelError> {
        let source_tokens = generator.count_tokens(korean)?;
        Ok((
            prompt(&self.glossary_lines, &with_english_numerals(korean)),
            ANSWER_TOKENS_FLOOR + ANSWER_TOKENS_PER_SOURCE_TOKEN * source_tokens,
        ))
    }

    fn ask(
        &mut self,
        generator: &mut dyn TextGenerator,
        korean: &str,
        usage: &mut ModelUsage,
    ) -> Result<String, ModelError> {
        let generation = match self.prepared.remove(korean) {
            Some(generation) => generation,
            None => {
                let (prompt, max_new) = self.request(generator, korean, translation_prompt)?;
                generator.generate(&prompt, max_new)?
            }
        };
        Ok(self.english_of(generation, usage))
    }

    /// The English of one answer, counted in `usage`.
    fn english_of(&self, generation: Generation, usage: &mut ModelUsage) -> String {
        usage.record(&generation);
        tidy_translation(&generation.text, self.context.glossary)
    }
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
    fn an_answer_still_in_korean_is_dropped() {
        assert_eq!(
            tidy_translation("메타가 LG를 만났다.", &Glossary::default()),
            ""
        );
    }

    #[test]
    fn paragraphs_are_rebuilt_from_units() {
        let unit = |paragraph, english: &str| TranslatedUnit {
            paragraph,
            korean: String::new(),
            english: english.to_string(),
            rejected: None,
        };
        let translation = Translation {
            title: None,
            units: vec![unit(0, "A."), unit(0, "B."), unit(1, ""), unit(2, "C.")],
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

    /// Translate an article of one sentence, without title, date or glossary.
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
            &mut ModelUsage::default(),
            |_, _| {},
        )
        .unwrap()
    }

    /// A stand-in model that "translates" from a table (by the last user message) and
    /// notes which requests came in batches.
    struct TableGenerator {
        table: Vec<(&'static str, &'static str)>,
        batch: usize,
        batches: Vec<usize>,
        single_calls: usize,
    }

    impl TableGenerator {
        fn answer(&self, prompt: &ChatPrompt) -> Generation {
            let korean = prompt
                .messages
                .last()
                .map(|m| m.content.as_str())
                .unwrap_or("");
            let english = self
                .table
                .iter()
                .find(|(source, _)| *source == korean)
                .map_or("", |(_, english)| *english);
            finished(english)
        }
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

        fn generate_many(
            &mut self,
            requests: &[(ChatPrompt, usize)],
        ) -> Result<Vec<Generation>, ModelError> {
            self.batches.push(requests.len());
            Ok(requests
                .iter()
                .map(|(prompt, _)| self.answer(prompt))
                .collect())
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
                batches: Vec::new(),
                single_calls: 0,
            };
            let mut progress = Vec::new();
            let translation = translate_article(
                &mut generator,
                source,
                &Glossary::default(),
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
        // The four first attempts (title and three sentences) came in groups of at
        // most three; only retries of rejected answers went one at a time.
        assert_eq!(batches, vec![3, 1]);
        assert_eq!(calls_together, calls_alone - 4);
        assert!(progress.windows(2).all(|pair| pair[0].0 <= pair[1].0));
        assert_eq!(progress.last(), Some(&(3, 3)));
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
        assert_eq!(generator.calls, 3);
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
            let unit = prompt
                .messages
                .last()
                .map(|message| message.content.as_str())
                .unwrap_or_default();
            let text = match (unit.contains("만났고"), unit.contains("KT")) {
                (true, true) => "Samsung met LG, and SK met KT with Moon.",
                (true, false) => "Samsung met LG.",
                _ => "SK met KT.",
            };
            Ok(finished(text))
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
