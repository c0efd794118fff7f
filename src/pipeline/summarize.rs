//! The per-article map: summarize an article from its English translation into a few
//! verified bullets. Articles too long for one prompt are summarized in parts and the
//! parts' bullets summarized again (map-reduce), never truncated.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::budget::split_to_budget;
use super::glossary::Glossary;
use super::prompts::summary_prompt;
use super::translate::{TranslatedUnit, Translation};
use super::verify::{content_words, keep_speculation, overlap, untraceable_details, words};
use super::{hangul_ratio, ModelUsage, PipelineSettings};
use crate::model::chat::render_chatml;
use crate::model::generate::{FinishReason, Generation, TextGenerator};
use crate::model::ModelError;

/// A generated sentence that was not kept, and why; recorded so a reader can see what
/// the verifier removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DroppedClaim {
    /// The sentence as generated.
    pub text: String,
    /// Why it was dropped.
    pub reason: String,
}

/// The bullets kept for an article and those the checks removed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    /// Verified bullets, most important first.
    pub bullets: Vec<String>,
    /// Bullets removed by the checks.
    pub dropped: Vec<DroppedClaim>,
}

/// Rounds of map-reduce before giving up on shrinking (each round divides the text by
/// the ratio of a part to its bullets, so real articles need one or two).
const MAX_REDUCE_ROUNDS: usize = 8;

/// Tokens of article text one summary prompt can carry: the context minus the prompt
/// around the text (counted with this model's tokenizer) and the answer.
fn text_budget(
    generator: &dyn TextGenerator,
    title: &str,
    people: &str,
    settings: &PipelineSettings,
) -> Result<usize, ModelError> {
    let frame = render_chatml(&summary_prompt(title, "", people, settings.summary_bullets));
    let overhead = generator.count_tokens(&frame)? + PROMPT_MARGIN_TOKENS;
    Ok(generator
        .context_limit()
        .saturating_sub(overhead + settings.answer_max_tokens)
        .max(1))
}

/// Slack for tokens that merge differently at the seams between frame and text.
const PROMPT_MARGIN_TOKENS: usize = 16;

/// Summarize one translated article. `evidence_extra` is text (title, date) that bullets
/// may cite besides the body.
pub fn summarize_article(
    generator: &mut dyn TextGenerator,
    translation: &Translation,
    evidence_extra: &str,
    glossary: &Glossary,
    settings: &PipelineSettings,
    usage: &mut ModelUsage,
) -> Result<ArticleSummary, ModelError> {
    let title = translation.title.clone().unwrap_or_default();
    let people = glossary.english_lines();
    let paragraphs = translation.english_paragraphs();
    let evidence = format!("{evidence_extra}\n{title}\n{}", paragraphs.join("\n"));
    let budget = text_budget(generator, &title, &people, settings)?;
    // Map-reduce: while the text does not fit one prompt, summarize it in parts and
    // continue with the parts' bullets. Each round shrinks the text several times over.
    let mut lines = paragraphs;
    for _ in 0..MAX_REDUCE_ROUNDS {
        let parts = split_to_budget(generator, &lines, budget)?;
        if parts.len() <= 1 {
            break;
        }
        let mut part_bullets = Vec::new();
        for part in &parts {
            let answer = ask(generator, &title, &people, part, settings, usage)?;
            part_bullets.extend(parse_bullets(&answer).into_iter().map(|b| format!("- {b}")));
        }
        lines = part_bullets;
    }
    let parts = split_to_budget(generator, &lines, budget)?;
    if parts.len() > 1 {
        tracing::warn!("the article's summary still needs {} prompts after {MAX_REDUCE_ROUNDS} rounds; using the first", parts.len());
    }
    let text = parts.into_iter().next().unwrap_or_default();
    let answer = if text.trim().is_empty() {
        String::new()
    } else {
        ask(generator, &title, &people, &text, settings, usage)?
    };
    let mut summary = select_bullets(&answer, &evidence, &translation.units, glossary, settings);
    if summary.bullets.is_empty() {
        summary.bullets = lead_sentences(translation, settings.summary_max_words);
    }
    Ok(summary)
}

fn ask(
    generator: &mut dyn TextGenerator,
    title: &str,
    people: &str,
    text: &str,
    settings: &PipelineSettings,
    usage: &mut ModelUsage,
) -> Result<String, ModelError> {
    let prompt = summary_prompt(title, text, people, settings.summary_bullets);
    let generation = generator.generate(&prompt, settings.answer_max_tokens)?;
    usage.record(&generation);
    Ok(complete_lines(&generation))
}

/// The answer without a last line that the length budget cut off mid-sentence.
pub fn complete_lines(generation: &Generation) -> String {
    match (generation.finish, generation.text.rsplit_once('\n')) {
        (FinishReason::Length, Some((complete, _))) => complete.to_string(),
        (FinishReason::Length, None) => String::new(),
        _ => generation.text.clone(),
    }
}

/// The bullet texts of a model answer, without markers, numbering or blank lines.
pub fn parse_bullets(answer: &str) -> Vec<String> {
    answer
        .lines()
        .map(str::trim)
        .filter_map(|line| {
            let unmarked = line
                .strip_prefix("- ")
                .or_else(|| line.strip_prefix("* "))
                .or_else(|| line.strip_prefix("• "))
                .or_else(|| strip_numbering(line))?;
            let text = unmarked.trim();
            let text = strip_numbering(text).unwrap_or(text).trim();
            (!text.is_empty()).then(|| text.to_string())
        })
        .collect()
}

fn strip_numbering(line: &str) -> Option<&str> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    line[digits..]
        .strip_prefix(". ")
        .or_else(|| line[digits..].strip_prefix(") "))
}

/// Keep the answer's bullets that are English, new, and traceable to `evidence`, within
/// the bullet and word budgets.
fn select_bullets(
    answer: &str,
    evidence: &str,
    units: &[TranslatedUnit],
    glossary: &Glossary,
    settings: &PipelineSettings,
) -> ArticleSummary {
    let mut summary = ArticleSummary::default();
    let mut words = 0;
    for bullet in parse_bullets(answer) {
        let bullet = glossary.apply(&bullet);
        let bullet = without_invented_label(&bullet, evidence, glossary);
        let bullet = match source_unit(&bullet, units) {
            Some(unit) => keep_speculation(&unit.korean, &bullet),
            None => bullet,
        };
        let reason = if hangul_ratio(&bullet) > 0.05 {
            Some("not in English".to_string())
        } else if summary.bullets.iter().any(|kept| same_claim(kept, &bullet)) {
            Some("repeats an earlier bullet".to_string())
        } else if summary.bullets.len() >= settings.summary_bullets
            || words + word_count(&bullet) > settings.summary_max_words
        {
            Some("over the length budget".to_string())
        } else {
            let missing = untraceable_details(&bullet, evidence, glossary);
            (!missing.is_empty()).then(|| format!("not in the source: {}", missing.join(", ")))
        };
        match reason {
            Some(reason) => summary.dropped.push(DroppedClaim {
                text: bullet,
                reason,
            }),
            None => {
                words += word_count(&bullet);
                summary.bullets.push(bullet);
            }
        }
    }
    summary
}

/// The small model likes to open bullets with a label ("29th: Meta …", "Update: …").
/// A label that names something the source lacks (an invented day, say) is cut, and
/// the claim after it is checked on its own, instead of losing the whole bullet.
fn without_invented_label(bullet: &str, evidence: &str, glossary: &Glossary) -> String {
    const MAX_LABEL_WORDS: usize = 3;
    const MIN_CLAIM_WORDS: usize = 4;
    let Some((label, claim)) = bullet.split_once(": ") else {
        return bullet.to_string();
    };
    let claim = claim.trim();
    let is_label = word_count(label) <= MAX_LABEL_WORDS && word_count(claim) >= MIN_CLAIM_WORDS;
    if !is_label || untraceable_details(label, evidence, glossary).is_empty() {
        return bullet.to_string();
    }
    let mut chars = claim.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => bullet.to_string(),
    }
}

/// The translated unit a bullet most likely restates: the one sharing most of its
/// content words, if it shares at least half.
fn source_unit<'a>(bullet: &str, units: &'a [TranslatedUnit]) -> Option<&'a TranslatedUnit> {
    const MIN_OVERLAP: f64 = 0.5;
    let words = content_words(bullet);
    units
        .iter()
        .map(|unit| (unit, overlap(&words, &unit.english)))
        .filter(|(_, score)| *score >= MIN_OVERLAP)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(unit, _)| unit)
}

/// Whether two bullets say mostly the same thing: most words of the shorter one are in
/// the longer one (ignoring case and punctuation).
pub fn same_claim(a: &str, b: &str) -> bool {
    const SHARED_SHARE: f64 = 0.7;
    let (a, b): (HashSet<String>, HashSet<String>) = (words(a).collect(), words(b).collect());
    let shorter = a.len().min(b.len());
    shorter > 0 && a.intersection(&b).count() as f64 >= SHARED_SHARE * shorter as f64
}

/// Words in a text, as the length budgets count them.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The article's opening sentences within the word budget: a faithful summary of last
/// resort when no generated bullet survives the checks.
fn lead_sentences(translation: &Translation, max_words: usize) -> Vec<String> {
    let mut words = 0;
    translation
        .units
        .iter()
        .filter(|unit| !unit.english.is_empty())
        .take_while(|unit| {
            words += word_count(&unit.english);
            words <= max_words
        })
        .take(3)
        .map(|unit| unit.english.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_are_parsed_from_every_marker_style() {
        let answer = "- one\n* two\n• three\n4. four\n5) five\n- 6. six\n\nnot a bullet\n- ";
        assert_eq!(
            parse_bullets(answer),
            vec!["one", "two", "three", "four", "five", "six"]
        );
    }

    #[test]
    fn invented_repeated_and_korean_bullets_are_dropped() {
        let evidence = "Meta CEO Mark Zuckerberg met LG Electronics CEO Cho Joo-wan on the 28th.";
        let answer = "- Zuckerberg met Cho Joo-wan on the 28th.\n\
                      - Zuckerberg met Cho Joo-wan on the 28th!\n\
                      - Zuckerberg met President Moon Jae-in.\n\
                      - 저커버그가 조주완을 만났다.";
        let summary = select_bullets(
            answer,
            evidence,
            &[],
            &Glossary::default(),
            &PipelineSettings::default(),
        );
        assert_eq!(
            summary.bullets,
            vec!["Zuckerberg met Cho Joo-wan on the 28th."]
        );
        assert_eq!(summary.dropped.len(), 3);
    }

    #[test]
    fn a_line_cut_by_the_length_budget_is_dropped() {
        let generation = |text: &str, finish| Generation {
            text: text.to_string(),
            prompt_tokens: 1,
            generated_tokens: 1,
            prefill_seconds: 0.0,
            decode_seconds: 0.0,
            finish,
        };
        assert_eq!(
            complete_lines(&generation("- a\n- b is cut", FinishReason::Length)),
            "- a"
        );
        assert_eq!(
            complete_lines(&generation("- cut", FinishReason::Length)),
            ""
        );
        assert_eq!(
            complete_lines(&generation("- a\n- b", FinishReason::Stop)),
            "- a\n- b"
        );
    }

    #[test]
    fn restated_bullets_count_as_the_same_claim() {
        assert!(same_claim(
            "Meta CEO visited South Korea.",
            "The CEO of Meta visited South Korea and met LG."
        ));
        assert!(!same_claim(
            "Meta met LG.",
            "Samsung may make chips for Meta."
        ));
    }

    #[test]
    fn a_bullet_that_drops_the_source_s_uncertainty_is_marked_again() {
        let units = [TranslatedUnit {
            paragraph: 0,
            korean: "업계는 메타가 삼성전자를 AI 칩 생산 파트너로 선택할 것으로 전망했다."
                .to_string(),
            english:
                "The industry expects Meta to choose Samsung Electronics as its AI chip partner."
                    .to_string(),
            rejected: None,
        }];
        let evidence = &units[0].english;
        let answer = "- Meta chose Samsung Electronics as its AI chip partner.";
        let summary = select_bullets(
            answer,
            evidence,
            &units,
            &Glossary::default(),
            &PipelineSettings::default(),
        );
        assert_eq!(
            summary.bullets,
            vec![
                "Meta chose Samsung Electronics as its AI chip partner (expected, not confirmed)."
            ]
        );
    }

    #[test]
    fn an_invented_label_is_cut_and_the_claim_kept() {
        let evidence = "On the 27th Zuckerberg met Cho Joo-wan at LG Electronics.";
        let glossary = Glossary::default();
        assert_eq!(
            without_invented_label(
                "29th: the meeting was about XR headsets.",
                evidence,
                &glossary
            ),
            "The meeting was about XR headsets."
        );
        // A label the source supports stays, and so does a colon inside a claim.
        let supported = "27th: the meeting was about XR headsets.";
        assert_eq!(
            without_invented_label(supported, evidence, &glossary),
            supported
        );
        let quote = "Cho Joo-wan said: we will work on XR headsets together.";
        assert_eq!(without_invented_label(quote, evidence, &glossary), quote);
    }

    #[test]
    fn the_word_budget_is_kept() {
        let settings = PipelineSettings {
            summary_max_words: 6,
            ..PipelineSettings::default()
        };
        let summary = select_bullets(
            "- a b c d\n- e f g h",
            "a b c d e f g h",
            &[],
            &Glossary::default(),
            &settings,
        );
        assert_eq!(summary.bullets, vec!["a b c d"]);
    }

    /// A stand-in model for checking how the pipeline budgets long articles: one token
    /// per word, a small context, and an answer that the article supports.
    struct CountingGenerator {
        calls: Vec<usize>,
    }

    impl TextGenerator for CountingGenerator {
        fn generate(
            &mut self,
            prompt: &crate::model::chat::ChatPrompt,
            _max_new_tokens: usize,
        ) -> Result<Generation, ModelError> {
            let words = prompt
                .messages
                .iter()
                .map(|message| word_count(&message.content))
                .sum();
            self.calls.push(words);
            Ok(Generation {
                text: "- The article says something.".to_string(),
                prompt_tokens: words,
                generated_tokens: 5,
                prefill_seconds: 0.0,
                decode_seconds: 0.0,
                finish: FinishReason::Stop,
            })
        }

        fn count_tokens(&self, text: &str) -> Result<usize, ModelError> {
            Ok(word_count(text))
        }

        fn context_limit(&self) -> usize {
            1_000
        }
    }

    #[test]
    fn an_article_longer_than_the_context_is_summarized_in_parts_then_merged() {
        let paragraph = "Part of the article says something. ".repeat(20);
        let units = (0..30)
            .map(|index| crate::pipeline::translate::TranslatedUnit {
                paragraph: index,
                korean: String::new(),
                english: paragraph.trim().to_string(),
                rejected: None,
            })
            .collect();
        let translation = Translation { title: None, units };
        let mut generator = CountingGenerator { calls: Vec::new() };
        let settings = PipelineSettings::default();
        let summary = summarize_article(
            &mut generator,
            &translation,
            "",
            &Glossary::default(),
            &settings,
            &mut ModelUsage::default(),
        )
        .unwrap();
        // 30 paragraphs of 120 words = 3,600 words, in parts of at most ~560 words.
        assert!(generator.calls.len() >= 8, "{:?}", generator.calls);
        let budget = text_budget(&generator, "", "", &settings).unwrap();
        assert!(generator.calls.iter().all(|&words| words <= budget + 200));
        assert_eq!(summary.bullets, vec!["The article says something."]);
    }
}
